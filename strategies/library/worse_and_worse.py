"""Strategies whose cooperation drifts with the turn number: Worse and Worse and its
variants 2 and 3 (Prison 1998), Knowledgeable Worse and Worse (Adam Pohl), which scales
its drift to the match length, and Better and Better (Prison 1998).

Every rule follows the Axelrod library's definition (version 4.13) move for move: each
turn a strategy draws one uniform number per match (``rng.random(k)``) and cooperates
when it is below its probability of cooperating, as the library's ``random_choice``
does (a probability of 0 or 1 is played without chance).
"""

from __future__ import annotations

import math

import numpy as np

from strategies.base import Strategy

__all__ = [
    "BetterAndBetter",
    "KnowledgeableWorseAndWorse",
    "WorseAndWorse",
    "WorseAndWorse2",
    "WorseAndWorse3",
]

_U8 = np.uint8


def _cooperate_with(p: np.ndarray | float, u: np.ndarray) -> np.ndarray:
    """Moves (C = 0) that cooperate where the uniform draw ``u`` is below ``p``."""
    return (u >= p).astype(_U8)


class WorseAndWorse(Strategy):
    """Worse and Worse (Prison 1998, as defined in the Axelrod library): on turn ``n``
    (counted from 1) it defects with probability ``n / 1000``, whatever the opponent
    does, so it defects more and more as the match goes on (and always from turn 1000)."""

    name = "Worse and Worse"
    family = "random"
    memory_depth = None  # the library classifies it as unbounded (it counts turns)
    history_window = 0
    stochastic = True

    def step(self, own: np.ndarray, opp: np.ndarray) -> np.ndarray:
        k, t = own.shape[0], self.t
        return _cooperate_with(1 - (t + 1) / 1000, self.rng.random(k))

    def axelrod_name(self) -> str | None:
        return "Worse and Worse"


class BetterAndBetter(Strategy):
    """Better and Better (Prison 1998, as defined in the Axelrod library): on turn ``n``
    (counted from 1) it defects with probability ``(1000 - n) / 1000``, whatever the
    opponent does, so it cooperates more and more as the match goes on (and always from
    turn 1000)."""

    name = "Better and Better"
    family = "random"
    memory_depth = None
    history_window = 0
    stochastic = True

    def step(self, own: np.ndarray, opp: np.ndarray) -> np.ndarray:
        k, t = own.shape[0], self.t
        return _cooperate_with((t + 1) / 1000, self.rng.random(k))

    def axelrod_name(self) -> str | None:
        return "Better and Better"


class KnowledgeableWorseAndWorse(Strategy):
    """Knowledgeable Worse and Worse (Adam Pohl, as defined in the Axelrod library):
    Worse and Worse scaled to the match: on turn ``n`` (counted from 1) of a match of
    ``N`` turns it defects with probability ``n / N``, so it surely defects on the last
    turn. When the length is not told, as in the library, it cooperates: with a
    probabilistic ending (``N`` infinite) the probability is 0, and with a hidden length
    the library's ``N = -1`` makes it negative."""

    name = "Knowledgeable Worse and Worse"
    family = "random"
    memory_depth = None
    history_window = 0
    stochastic = True
    makes_use_of = frozenset({"length"})

    def step(self, own: np.ndarray, opp: np.ndarray) -> np.ndarray:
        k, t = own.shape[0], self.t
        u = self.rng.random(k)
        length = self.length
        if length is None or length == math.inf:
            return np.zeros(k, dtype=_U8)
        return _cooperate_with(1 - (t + 1) / length, u)

    def axelrod_name(self) -> str | None:
        return "Knowledgeable Worse and Worse"


class WorseAndWorse2(Strategy):
    """Worse and Worse 2 (Prison 1998, as defined in the Axelrod library): plays Tit For
    Tat on the first 20 turns; from turn ``n = 21`` on (counted from 1) it cooperates with
    probability ``20 / n``, whatever the opponent does."""

    name = "Worse and Worse 2"
    family = "random"
    memory_depth = None
    history_window = 1
    stochastic = True

    def step(self, own: np.ndarray, opp: np.ndarray) -> np.ndarray:
        k, t = own.shape[0], self.t
        u = self.rng.random(k)
        if t == 0:
            return np.zeros(k, dtype=_U8)
        if t < 20:
            return opp[:, -1].astype(_U8)
        return _cooperate_with(20 / (t + 1), u)

    def axelrod_name(self) -> str | None:
        return "Worse and Worse 2"


class WorseAndWorse3(Strategy):
    """Worse and Worse 3 (Prison 1998, as defined in the Axelrod library): cooperates
    first, then defects with probability equal to the fraction of the turns so far on
    which the opponent defected. (Family "reciprocal": it answers the opponent's
    defections in proportion.)"""

    name = "Worse and Worse 3"
    family = "reciprocal"
    memory_depth = None
    history_window = 1
    stochastic = True

    def reset(self, n: int, rng: np.random.Generator, payoff: np.ndarray) -> None:
        super().reset(n, rng, payoff)
        self._defections = np.zeros(n, dtype=np.int64)

    def step(self, own: np.ndarray, opp: np.ndarray) -> np.ndarray:
        k, t = opp.shape[0], self.t
        u = self.rng.random(k)
        if t == 0:
            return np.zeros(k, dtype=_U8)
        defections = self._defections[:k]
        defections += opp[:, -1]
        return _cooperate_with(1 - defections / t, u)

    def axelrod_name(self) -> str | None:
        return "Worse and Worse 3"
