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

__all__ = ["MachineGroup"]

_U8 = np.uint8


class MachineGroup:
    """The finite-state players of a batch (a :class:`~strategies.base.PlayGroup`, each
    player one that :func:`~strategies.generic.plays_as_machine`): every transition in
    one table (at ``2 * state + opponent's move``, states numbered across the machines),
    the state and the first move of each of their matches, one step a turn for all."""

    def __init__(self, entries: Sequence[GroupEntry], length: int | float | None) -> None:
        sizes = [len(entry.lengths) for entry in entries]
        for entry, n in zip(entries, sizes, strict=True):
            entry.player.start(n, entry.rng, entry.payoff, length)
        machines: list[Any] = [entry.player for entry in entries]
        states = np.array([len(m._next) for m in machines])
        offsets = np.concatenate([[0], np.cumsum(states)[:-1]])
        table = np.concatenate([m._next + o for m, o in zip(machines, offsets, strict=True)])
        self.next = (2 * table).astype(np.intp).ravel()  # next state, times 2
        self.move = np.concatenate([m._move for m in machines]).ravel()
        owner = np.repeat(np.arange(len(machines)), sizes)  # each match's machine
        initial = np.array([m._initial_state for m in machines]) + offsets
        self.state = (2 * initial[owner]).astype(np.intp)  # 2 * state, per match
        self.first = np.array([m._initial_move for m in machines], dtype=_U8)[owner]
        self.starts = np.concatenate([[0], np.cumsum(sizes)])
        self.sizes = sizes

    def play_turn(self, views: Sequence[tuple[np.ndarray, np.ndarray]], t: int) -> list[np.ndarray]:
        ks = [opp.shape[0] for _, opp in views]
        if ks == self.sizes:  # every match running: all of them, in order
            rows: slice | np.ndarray = slice(None)
        else:
            rows = np.concatenate(
                [np.arange(a, a + k) for a, k in zip(self.starts[:-1], ks, strict=True)]
            )
        if t == 0:
            moves = self.first[rows]
        else:
            cell = self.state[rows] + np.concatenate([opp[:, -1] for _, opp in views])
            self.state[rows] = self.next[cell]
            moves = self.move[cell]
        return np.split(moves, np.cumsum(ks)[:-1])
