"""Finite-state machines played together: one table of every machine's transitions and
one array of states, stepped with a few array operations a turn, however many machines.

A batch's finite-state players are a :class:`MachineGroup` (see
:meth:`Strategy.group_key <strategies.base.Strategy.group_key>`): a player has a few
hundred matches in a large field, so the calls, not the arithmetic, are what a turn
costs, and one call does for all the machines. Machines are deterministic: together or
one by one, they make the same moves. (In a meta player's team, whose members step over
thousands of matches each, the arithmetic dominates and stacking measured no gain.)
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from strategies.base import GroupEntry

__all__ = ["MachineGroup", "MachineStack"]

_U8 = np.uint8


class MachineStack:
    """Machines ``machines`` (finite-state players that
    :func:`~strategies.generic.plays_as_machine`), the ``i``-th moving in the rows of
    ``owner == i`` (an array of any shape, which the states take): every transition in
    one table (at ``2 * state + opponent's move``, states numbered across the machines),
    each row's state, and each row's first move."""

    def __init__(self, machines: Sequence[Any], owner: np.ndarray) -> None:
        sizes = np.array([len(m._next) for m in machines])
        offsets = np.concatenate([[0], np.cumsum(sizes)[:-1]])
        self.next = np.concatenate([m._next + o for m, o in zip(machines, offsets, strict=True)])
        self.next = (2 * self.next).astype(np.intp).ravel()  # next state, times 2
        self.move = np.concatenate([m._move for m in machines]).ravel()
        initial = np.array([m._initial_state for m in machines]) + offsets
        self.state = (2 * initial[owner]).astype(np.intp)  # 2 * state, per row
        self.first = np.array([m._initial_move for m in machines], dtype=_U8)[owner]

    def step(self, rows: Any, opp_last: np.ndarray | None, t: int) -> np.ndarray:
        """The moves of the states ``rows`` (an index; they advance) after the
        opponent's last moves ``opp_last`` (broadcast to them), on turn ``t``."""
        if t == 0:
            return self.first[rows]
        cell = self.state[rows] + opp_last
        self.state[rows] = self.next[cell]
        return self.move[cell]


class MachineGroup:
    """The finite-state players of a batch (a :class:`~strategies.base.PlayGroup`): their
    matches in one array of states, one step a turn for all of them."""

    def __init__(self, entries: Sequence[GroupEntry], length: int | float | None) -> None:
        sizes = [len(entry.lengths) for entry in entries]
        for entry, n in zip(entries, sizes, strict=True):
            entry.player.start(n, entry.rng, entry.payoff, length)
        owner = np.repeat(np.arange(len(entries)), sizes)
        self.stack = MachineStack([entry.player for entry in entries], owner)
        self.starts = np.concatenate([[0], np.cumsum(sizes)])
        self.sizes = sizes

    def play_turn(self, views: Sequence[tuple[np.ndarray, np.ndarray]], t: int) -> list[np.ndarray]:
        ks = [opp.shape[0] for _, opp in views]
        if ks == self.sizes:  # every match running: all the rows, in order
            rows: slice | np.ndarray = slice(None)
        else:
            rows = np.concatenate(
                [np.arange(a, a + k) for a, k in zip(self.starts[:-1], ks, strict=True)]
            )
        last = np.concatenate([opp[:, -1] for _, opp in views]) if t else None
        moves = self.stack.step(rows, last, t)
        return np.split(moves, np.cumsum(ks)[:-1])
