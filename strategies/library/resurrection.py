"""Tit For Tat with a way out of long runs of its own moves: Resurrection and Double
Resurrection (Eckhart 2015).

Every rule here follows the Axelrod library's definition (version 4.13) move for move,
including under noise; each class says which published strategy it is.
"""

from __future__ import annotations

import numpy as np

from strategies.base import Strategy

__all__ = ["DoubleResurrection", "Resurrection"]

_U8 = np.uint8
_RUN = 5  # the length of its own run of moves that changes its answer


def _own_run(own: np.ndarray, t: int, move: int) -> np.ndarray:
    """Whether its own last five moves were all ``move`` (False before turn 6; ``t``
    is the number of turns played)."""
    if t < _RUN:
        return np.zeros(own.shape[0], dtype=bool)
    return (own[:, -_RUN:] == move).all(axis=1)


class Resurrection(Strategy):
    """Resurrection (Eckhart 2015, as defined in the Axelrod library): Tit For Tat
    (cooperate first, then copy the opponent's last move), except that after five
    defections of its own in a row it defects again."""

    name = "Resurrection"
    family = "reciprocal"
    memory_depth = _RUN
    history_window = _RUN

    def step(self, own: np.ndarray, opp: np.ndarray) -> np.ndarray:
        k, t = own.shape[0], self.t
        if t == 0:
            return np.zeros(k, dtype=_U8)
        return np.where(_own_run(own, t, 1), _U8(1), opp[:, -1]).astype(_U8)

    def axelrod_name(self) -> str | None:
        return "Resurrection"


class DoubleResurrection(Strategy):
    """Double Resurrection (Eckhart 2015, as defined in the Axelrod library): Tit For Tat
    (cooperate first, then copy the opponent's last move), except that after five
    cooperations of its own in a row it defects, and after five defections of its own in
    a row it cooperates."""

    name = "DoubleResurrection"
    family = "reciprocal"
    memory_depth = _RUN
    history_window = _RUN
    aliases = ("Double Resurrection",)

    def step(self, own: np.ndarray, opp: np.ndarray) -> np.ndarray:
        k, t = own.shape[0], self.t
        if t == 0:
            return np.zeros(k, dtype=_U8)
        moves = opp[:, -1].copy()
        moves[_own_run(own, t, 0)] = 1
        moves[_own_run(own, t, 1)] = 0
        return moves

    def axelrod_name(self) -> str | None:
        return "DoubleResurrection"
