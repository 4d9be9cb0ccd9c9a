"""Entries to Axelrod's first tournament (Axelrod 1980) that test whether their
opponent plays at random (a chi-squared test on its cooperations and defections), as
the Axelrod library (version 4.13) defines them. The other entries are in
:mod:`strategies.library.axelrod_first`, whose docstring says how the match length is
handled.
"""

from __future__ import annotations

from statistics import NormalDist

import numpy as np

from strategies.base import Strategy

__all__ = ["Graaskamp", "SteinAndRapoport"]

_U8 = np.uint8


def _check_alpha(alpha: object) -> float:
    if isinstance(alpha, bool) or not isinstance(alpha, int | float | np.floating):
        raise ValueError(f"alpha must be a significance level in (0, 1), got {alpha!r}")
    alpha = float(alpha)
    if not 0.0 < alpha < 1.0:
        raise ValueError(f"alpha must be a significance level in (0, 1), got {alpha!r}")
    return alpha


def _chi2_critical(alpha: float) -> float:
    """The critical value of a chi-squared test with one degree of freedom at level
    ``alpha``: ``z**2`` where ``z`` is the normal quantile at ``1 - alpha / 2``."""
    return NormalDist().inv_cdf(1.0 - alpha / 2.0) ** 2


def _looks_random(defections: np.ndarray, turns: int, critical: float) -> np.ndarray:
    """Whether the opponent's counts of C and D pass a chi-squared goodness-of-fit test
    against a fair coin (p-value >= alpha), as ``scipy.stats.chisquare`` computes it:
    the statistic is ``(cooperations - defections) ** 2 / turns``."""
    statistic = (turns - 2 * defections) ** 2 / turns
    return statistic <= critical


class SteinAndRapoport(Strategy):
    """Stein and Rapoport (William Stein and Amnon Rapoport; Axelrod 1980, 6th), as
    defined in the Axelrod library: cooperates on the first 4 moves, then plays Tit For
    Tat; on move 15 and every 15 moves after, it runs a chi-squared test of the
    opponent's numbers of C and D against a fair coin, and until the next test it
    defects throughout if the opponent looks random (p-value >= ``alpha``, 0.05).

    It defects on the last two moves of a match of known length.

    Family "reciprocal": Tit For Tat against any opponent that does not look random.
    """

    name = "Stein and Rapoport"
    family = "reciprocal"
    memory_depth = None
    aliases = ("First by Stein and Rapoport",)
    history_window = 1  # a running count of the opponent's defections
    makes_use_of = frozenset({"length"})

    _PERIOD = 15

    def __init__(self, alpha: float = 0.05) -> None:
        super().__init__()
        self.set_params(alpha=_check_alpha(alpha))
        self._critical = _chi2_critical(self.params["alpha"])

    def reset(self, n: int, rng: np.random.Generator, payoff: np.ndarray) -> None:
        super().reset(n, rng, payoff)
        self._defections = np.zeros(n, dtype=np.int64)  # the opponent's
        self._random = np.zeros(n, dtype=bool)

    def step(self, own: np.ndarray, opp: np.ndarray) -> np.ndarray:
        return self.end_game(self._play(own, opp), self.t, "DD")

    def _play(self, own: np.ndarray, opp: np.ndarray) -> np.ndarray:
        k, t = own.shape[0], self.t
        if t == 0:
            return np.zeros(k, dtype=_U8)
        defections = self._defections[:k]
        defections += opp[:, -1]
        if t < 4:
            return np.zeros(k, dtype=_U8)
        if t < self._PERIOD - 1:
            return opp[:, -1].copy()
        random = self._random[:k]
        if (t + 1) % self._PERIOD == 0:
            random[:] = _looks_random(defections, t, self._critical)
        return np.where(random, _U8(1), opp[:, -1]).astype(_U8)

    def axelrod_name(self) -> str | None:
        return f"First by Stein and Rapoport: {self.params['alpha']}: (D, D)"


class Graaskamp(Strategy):
    """Graaskamp (James Graaskamp; Axelrod 1980, 9th), as defined in the Axelrod library.

    Plays Tit For Tat for 50 moves, defects on move 51, plays Tit For Tat for 5 more
    moves. From move 57 on: if the opponent's numbers of C and D ever pass a
    chi-squared test against a fair coin (p-value >= ``alpha``, 0.05), it defects for
    the rest of the match; otherwise, if the opponent has so far played exactly Tit For
    Tat's answers to it, or exactly its own moves (a twin), it plays Tit For Tat;
    otherwise it cooperates but defects once every 5 to 14 moves, the gap drawn
    uniformly at random each time.
    """

    name = "Graaskamp"
    family = "probing"
    memory_depth = None
    stochastic = True
    aliases = ("First by Graaskamp",)
    history_window = 2  # running counts, and its move before last (did the opponent echo it?)

    _PROBE = 50  # the move (0-based) it defects on
    _TEST = 56  # the first move (0-based) after the tests start

    def __init__(self, alpha: float = 0.05) -> None:
        super().__init__()
        self.set_params(alpha=_check_alpha(alpha))
        self._critical = _chi2_critical(self.params["alpha"])

    def reset(self, n: int, rng: np.random.Generator, payoff: np.ndarray) -> None:
        super().reset(n, rng, payoff)
        self._defections = np.zeros(n, dtype=np.int64)  # the opponent's
        self._random = np.zeros(n, dtype=bool)
        self._echoes = np.ones(n, dtype=bool)  # opponent played Tit For Tat against it
        self._twin = np.ones(n, dtype=bool)  # opponent played its moves
        self._next = np.full(n, -1, dtype=np.int64)  # next random defection (-1: none)

    def step(self, own: np.ndarray, opp: np.ndarray) -> np.ndarray:
        k, t = own.shape[0], self.t
        if t == 0:
            return np.zeros(k, dtype=_U8)
        last = opp[:, -1]
        defections = self._defections[:k]
        defections += last
        self._twin[:k] &= own[:, -1] == last
        if t >= 2:
            self._echoes[:k] &= own[:, -2] == last
        if t < self._TEST:
            return (last | (t == self._PROBE)).astype(_U8)
        random = self._random[:k]
        random |= _looks_random(defections, t, self._critical)
        tit_for_tat = ~random & (self._echoes[:k] | self._twin[:k])
        scheduled = ~random & ~tit_for_tat
        following = self._next[:k]
        unset = scheduled & (following < 0)
        following[unset] = t + self.rng.integers(5, 15, size=int(unset.sum()))
        fire = scheduled & (following == t)
        following[fire] = t + self.rng.integers(5, 15, size=int(fire.sum()))
        moves = np.where(random, _U8(1), np.where(tit_for_tat, last, fire.astype(_U8)))
        return moves.astype(_U8)

    def axelrod_name(self) -> str | None:
        return f"First by Graaskamp: {self.params['alpha']}"
