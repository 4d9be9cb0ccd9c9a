"""Assorted one-rule strategies collected by the Axelrod library: Inverse, Negation,
Revised Downing (Axelrod's second tournament), and four from Andre (2013): SelfSteem,
ShortMem, Stalker and VeryBad.

Every rule follows the Axelrod library's definition (version 4.13) move for move. The
stochastic ones draw at most one uniform number per match and turn (``rng.random(k)``)
and cooperate when it is below their probability of cooperating, as the library does.
"""

from __future__ import annotations

import math

import numpy as np

from strategies.base import Strategy
from strategies.generic import MemoryOneStrategy

__all__ = ["Inverse", "Negation", "RevisedDowning", "SelfSteem", "ShortMem", "Stalker", "VeryBad"]

_U8 = np.uint8


def _cooperate_with(p: np.ndarray | float, u: np.ndarray) -> np.ndarray:
    """Moves (C = 0) that cooperate where the uniform draw ``u`` is below ``p``: the
    library's ``random_choice(p)``, exact for ``p`` 0 and 1."""
    return (u >= p).astype(_U8)


class Inverse(Strategy):
    """Inverse (Karol Langner, as defined in the Axelrod library): cooperates while the
    opponent has never defected; otherwise, if the opponent's latest defection was ``j``
    turns ago (``j = 1``: its last move), it defects with probability ``1 / j``: always
    right after a defection, and less and less as that defection recedes."""

    name = "Inverse"
    family = "reciprocal"
    memory_depth = None
    history_window = 1  # the turn of the latest defection is kept
    stochastic = True

    def reset(self, n: int, rng: np.random.Generator, payoff: np.ndarray) -> None:
        super().reset(n, rng, payoff)
        self._last_defection = np.full(n, -1, dtype=np.int64)  # turn (0-based); -1: none

    def step(self, own: np.ndarray, opp: np.ndarray) -> np.ndarray:
        k, t = opp.shape[0], self.t
        u = self.rng.random(k)
        if t == 0:
            return np.zeros(k, dtype=_U8)
        last = self._last_defection[:k]
        last[opp[:, -1] == 1] = t - 1
        ago = np.maximum(t - last, 1)  # ago >= 1 where the opponent has defected
        return np.where(last < 0, _U8(0), _cooperate_with(1.0 - 1.0 / ago, u)).astype(_U8)

    def axelrod_name(self) -> str | None:
        return "Inverse"


class Negation(MemoryOneStrategy):
    """Negation ([PD2017] in the Axelrod library): opens with a fair coin toss, then plays
    the opposite of the opponent's last move. (Family "reciprocal", the closest: it
    answers the opponent's last move, inverted.)"""

    name = "Negation"
    family = "reciprocal"
    stochastic = True

    def memory_one(self) -> tuple[tuple[float, float, float, float], float]:
        return (0.0, 1.0, 0.0, 1.0), 0.5

    def axelrod_name(self) -> str | None:
        return "Negation"


class RevisedDowning(Strategy):
    """Revised Downing (Leslie Downing, K59R in Axelrod's second tournament, 1980; the
    Axelrod library's translation of the Fortran source).

    It models the opponent as answering its moves: ``good`` estimates the probability
    that the opponent cooperates after it cooperated, ``bad`` after it defected
    (counted with a one-turn lag: its move two turns ago against the opponent's last;
    the estimates start at 1 and 0). It cooperates first, then compares the expected
    gains ``c = 6 good - 8 bad - 2`` (always cooperate) and ``alt = 4 good - 5 bad - 1``
    (alternate): it cooperates if ``c >= 0`` and ``c >= alt``, otherwise it switches
    its own last move if ``alt >= 0`` (or ``0 <= c < alt``), and defects otherwise.
    """

    name = "Revised Downing"
    family = "adaptive"
    memory_depth = None
    history_window = 2  # the estimates are running counts

    def reset(self, n: int, rng: np.random.Generator, payoff: np.ndarray) -> None:
        super().reset(n, rng, payoff)
        self._good = np.ones(n)
        self._bad = np.zeros(n)
        self._nice = np.zeros((n, 2), dtype=np.int64)  # opponent's C after our C, our D
        self._total = np.zeros((n, 2), dtype=np.int64)  # our C, our D (lagged)

    def step(self, own: np.ndarray, opp: np.ndarray) -> np.ndarray:
        k, t = own.shape[0], self.t
        if t == 0:
            return np.zeros(k, dtype=_U8)
        good, bad = self._good[:k], self._bad[:k]
        if t >= 2:
            rows = np.arange(k)
            mine = own[:, -2].astype(np.intp)
            nice, total = self._nice[:k], self._total[:k]
            nice[rows, mine] += 1 - opp[:, -1].astype(np.int64)
            total[rows, mine] += 1
            after_c = mine == 0
            good[after_c] = nice[after_c, 0] / total[after_c, 0]
            bad[~after_c] = nice[~after_c, 1] / total[~after_c, 1]
        c = 6.0 * good - 8.0 * bad - 2
        alt = 4.0 * good - 5.0 * bad - 1
        cooperate = (c >= 0) & (c >= alt)
        switch = ~cooperate & (((c >= 0) & (c < alt)) | (alt >= 0))
        move = np.where(switch, 1 - own[:, -1], _U8(1))
        return np.where(cooperate, _U8(0), move).astype(_U8)

    def axelrod_name(self) -> str | None:
        return "Revised Downing"


def _self_steem_mode(t: int) -> str:
    """SelfSteem's mode on turn ``t`` (0-based), from ``f = sin(2 pi t / 10)`` as the
    library computes it: "D" (f > 0.95), "TFT" (0.3 < ``|f|`` < 0.95), "random"
    (``|f|`` < 0.3), "C" otherwise."""
    f = math.sin(2 * math.pi * t / 10)
    if f > 0.95:
        return "D"
    if 0.95 > abs(f) > 0.3:
        return "TFT"
    if 0.3 > f > -0.3:
        return "random"
    return "C"


class SelfSteem(Strategy):
    """SelfSteem (Andre 2013, as defined in the Axelrod library): its mood follows
    ``f = sin(2 pi t / 10)`` on turn ``t`` (counted from 0), a ten-turn cycle. Inflated
    ego (f > 0.95, turns 2 and 3 of each cycle): defects; rock bottom (f < -0.95, turns
    7 and 8): cooperates; rational (0.3 < ``|f|`` < 0.95, turns 1, 4, 6 and 9): Tit For Tat;
    otherwise (turns 0 and 5): a fair coin toss. (Family "periodic", the closest: its
    behaviour is a fixed cycle of modes.)"""

    name = "SelfSteem"
    family = "periodic"
    memory_depth = None
    history_window = 1
    stochastic = True

    def step(self, own: np.ndarray, opp: np.ndarray) -> np.ndarray:
        k, t = own.shape[0], self.t
        u = self.rng.random(k)
        mode = _self_steem_mode(t)
        if mode == "D":
            return np.ones(k, dtype=_U8)
        if mode == "TFT":
            return opp[:, -1].astype(_U8)
        if mode == "random":
            return _cooperate_with(0.5, u)
        return np.zeros(k, dtype=_U8)

    def axelrod_name(self) -> str | None:
        return "SelfSteem"


class ShortMem(Strategy):
    """ShortMem (Andre 2013, as defined in the Axelrod library): cooperates on the first
    11 turns; then, over the opponent's last 10 moves, cooperates if it cooperated at
    least 3 times more often than it defected, defects if it defected at least 3 times
    more often, and otherwise plays Tit For Tat."""

    name = "ShortMem"
    family = "adaptive"
    memory_depth = None  # the library classifies it as unbounded
    history_window = 11  # the last 10 moves, and the one leaving them

    _WINDOW = 10

    def reset(self, n: int, rng: np.random.Generator, payoff: np.ndarray) -> None:
        super().reset(n, rng, payoff)
        self._defections = np.zeros(n, dtype=np.int64)  # in the opponent's last 10 moves

    def step(self, own: np.ndarray, opp: np.ndarray) -> np.ndarray:
        k, t = opp.shape[0], self.t
        defections = self._defections[:k]
        if t > 0:
            defections += opp[:, -1]
        if t > self._WINDOW:
            defections -= opp[:, -1 - self._WINDOW]
        if t <= self._WINDOW:
            return np.zeros(k, dtype=_U8)
        # cooperations - defections = 10 - 2 * defections
        move = np.where(defections <= 3, _U8(0), opp[:, -1])
        return np.where(defections >= 7, _U8(1), move).astype(_U8)

    def axelrod_name(self) -> str | None:
        return "ShortMem"


class Stalker(Strategy):
    """Stalker (Andre 2013, as defined in the Axelrod library): guided only by its
    average payoff per turn so far, ``a``, against the game's reward ``R`` and
    punishment ``P``. It cooperates first; then it defects if ``a > R``, cooperates if
    ``(R + P) / 2 < a < R`` or ``a > 2``, defects if ``1 < a < 2``, and otherwise tosses
    a fair coin (the 2 and 1 are fixed, as in the library). It defects on the last turn
    of a match of known length (the library's FinalTransformer). Payoffs and ``R``,
    ``P`` are this player's own in the match's game."""

    name = "Stalker"
    family = "adaptive"
    memory_depth = None
    history_window = 1  # the score is a running total
    stochastic = True
    makes_use_of = frozenset({"game", "length"})

    def reset(self, n: int, rng: np.random.Generator, payoff: np.ndarray) -> None:
        super().reset(n, rng, payoff)
        self._score = np.zeros(n)

    def step(self, own: np.ndarray, opp: np.ndarray) -> np.ndarray:
        return self.end_game(self._play(own, opp), self.t, "D")

    def _play(self, own: np.ndarray, opp: np.ndarray) -> np.ndarray:
        k, t = own.shape[0], self.t
        u = self.rng.random(k)
        if t == 0:
            return np.zeros(k, dtype=_U8)
        payoff = self.payoff[:k]
        rows = np.arange(k)
        score = self._score[:k]
        score += payoff[rows, own[:, -1], opp[:, -1]]
        average = score / t
        very_good, very_bad = payoff[:, 0, 0], payoff[:, 1, 1]
        wish = (very_good + very_bad) / 2
        move = _cooperate_with(0.5, u)
        move[(average < 2) & (average > 1)] = 1
        move[average > 2] = 0
        move[(average > wish) & (average < very_good)] = 0
        move[average > very_good] = 1
        return move

    def axelrod_name(self) -> str | None:
        return "Stalker: (D,)"


class VeryBad(Strategy):
    """VeryBad (Andre 2013, as defined in the Axelrod library): cooperates on the first
    three turns; then cooperates if the opponent cooperated on more than half of the
    turns so far, defects if on fewer than half, and plays Tit For Tat on exactly half."""

    name = "VeryBad"
    family = "adaptive"
    memory_depth = None
    history_window = 1  # the opponent's cooperations are a running count

    def reset(self, n: int, rng: np.random.Generator, payoff: np.ndarray) -> None:
        super().reset(n, rng, payoff)
        self._cooperations = np.zeros(n, dtype=np.int64)

    def step(self, own: np.ndarray, opp: np.ndarray) -> np.ndarray:
        k, t = opp.shape[0], self.t
        cooperations = self._cooperations[:k]
        if t > 0:
            cooperations += 1 - opp[:, -1].astype(np.int64)
        if t < 3:
            return np.zeros(k, dtype=_U8)
        twice = 2 * cooperations  # exact comparisons of cooperations / t with 1/2
        move = np.where(twice > t, _U8(0), _U8(1))
        return np.where(twice == t, opp[:, -1], move).astype(_U8)

    def axelrod_name(self) -> str | None:
        return "VeryBad"
