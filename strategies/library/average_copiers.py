"""Strategies that cooperate as often as their opponent has: Average Copier (Geraint
Palmer) and Nice Average Copier (Owen Campbell).

Every rule here follows the Axelrod library's definition (version 4.13); both are
stochastic, so they agree with the library in distribution.
"""

from __future__ import annotations

import numpy as np

from strategies.base import Strategy

__all__ = ["AverageCopier", "NiceAverageCopier"]

_U8 = np.uint8


class AverageCopier(Strategy):
    """Average Copier (Geraint Palmer, as defined in the Axelrod library): cooperates
    with probability equal to the fraction of the turns so far on which the opponent
    cooperated; its first move is C or D with probability 1/2 each.

    Family "reciprocal": it copies the opponent's average move rather than its last.
    """

    name = "Average Copier"
    family = "reciprocal"
    memory_depth = None
    stochastic = True
    history_window = 1  # a running count of the opponent's cooperations

    #: Probability of cooperating on the first turn.
    _FIRST = 0.5

    def reset(self, n: int, rng: np.random.Generator, payoff: np.ndarray) -> None:
        super().reset(n, rng, payoff)
        self._cooperations = np.zeros(n, dtype=np.int64)  # the opponent's

    def step(self, own: np.ndarray, opp: np.ndarray) -> np.ndarray:
        k, t = opp.shape[0], self.t
        if t == 0:
            p = np.full(k, self._FIRST)
        else:
            cooperations = self._cooperations[:k]
            cooperations += 1 - opp[:, -1]
            p = cooperations / t
        # u in [0, 1) never reaches p = 1 and always reaches p = 0: no draw decides those
        return (self.rng.random(k) >= p).astype(_U8)

    def axelrod_name(self) -> str | None:
        return "Average Copier"


class NiceAverageCopier(AverageCopier):
    """Nice Average Copier (Owen Campbell, as defined in the Axelrod library): Average
    Copier that cooperates on the first turn."""

    name = "Nice Average Copier"
    _FIRST = 1.0

    def axelrod_name(self) -> str | None:
        return "Nice Average Copier"
