"""Entries to Axelrod's second tournament (Axelrod 1980b): Richard Hufford, Yamachi,
Mikkelson and Rowsam, as the Axelrod library (version 4.13) defines them. The other
entries are in :mod:`strategies.library.axelrod_second_a`,
:mod:`~strategies.library.axelrod_second_b` and :mod:`~strategies.library.axelrod_second_c`.
"""

from __future__ import annotations

import numpy as np

from strategies.library.axelrod_second_b import _NEVER, _U8, _SecondEntry

__all__ = [
    "SecondByMikkelson",
    "SecondByRichardHufford",
    "SecondByRowsam",
    "SecondByYamachi",
]


class SecondByRichardHufford(_SecondEntry):
    """RichardHufford (Richard Hufford, 16th; Axelrod 1980b), Fortran entry K47R as the
    library defines it.

    The opponent "agrees" when its move repeats this player's move of the move before
    (the opponent's first move agrees if it is C). With ``a`` the agreements so far
    plus 2 and ``f`` the agreements among the last four moves (missing ones count as
    agreements), on move ``n`` it cooperates if ``a / n > 0.9`` and ``f = 4``, plays Tit
    For Tat if ``a / n >= 0.625`` and ``f >= 2``, and defects otherwise.

    When the opponent has cooperated ``streak`` times in a row (21 at first, counting two
    notional cooperations before the match), it defects once (an "aberration"). Two
    moves later it cooperates, starts counting the streak again, and sets
    ``streak = floor(20 D / C) + 1``, where ``D`` and ``C`` are 2 plus the number of
    defections and cooperations of the opponent on the move after an aberration.

    Family "probing": the aberrations test whether a cooperator can be exploited.
    """

    name = "Second by RichardHufford"
    family = "probing"
    aliases = ("Richard Hufford", "RichardHufford")
    history_window = 2

    def reset(self, n: int, rng: np.random.Generator, payoff: np.ndarray) -> None:
        super().reset(n, rng, payoff)
        self._agreements = np.full(n, 2, dtype=np.int64)
        self._last_four = np.ones((n, 4), dtype=np.int64)
        self._streak_needed = np.full(n, 21.0)
        self._streak = np.full(n, 2, dtype=np.int64)
        self._aberration = np.full(n, _NEVER, dtype=np.int64)  # its move number
        self._after = np.full((n, 2), 2, dtype=np.int64)  # answers to it: [C, D]

    def step(self, own: np.ndarray, opp: np.ndarray) -> np.ndarray:
        k, t = own.shape[0], self.t
        if t == 0:
            return np.zeros(k, dtype=_U8)
        turn, last, rows = t + 1, opp[:, -1], np.arange(k)
        mine_before = own[:, -2] if t >= 2 else np.zeros(k, dtype=_U8)
        agree = (mine_before == last).astype(np.int64)
        self._agreements[:k] += agree
        self._last_four[:k, t % 4] = agree

        streak, needed, aberration = self._streak[:k], self._streak_needed[:k], self._aberration[:k]
        counting = turn < aberration
        streak[counting] = np.where(last == 0, streak + 1, 0)[counting]
        reached = counting & (streak >= needed)
        aberration[reached] = turn
        deviate = reached & (streak == needed)

        resume = ~counting & (turn == aberration + 2)
        aberration[resume] = _NEVER
        self._after[:k][rows[resume], last[resume]] += 1
        after = self._after[:k]
        needed[resume] = (np.floor(20.0 * after[:, 1] / after[:, 0]) + 1)[resume]
        streak[resume] = 0

        proportion = self._agreements[:k] / turn
        recent = self._last_four[:k].sum(axis=1)
        moves = np.where((proportion >= 0.625) & (recent >= 2), last, 1)
        moves[(proportion > 0.9) & (recent >= 4)] = 0
        moves[deviate] = 1
        moves[resume] = 0
        return moves.astype(_U8)


class SecondByYamachi(_SecondEntry):
    """Yamachi (Brian Yamachi, 17th; Axelrod 1980b), Fortran entry K64R as the library
    defines it.

    It counts the triples (opponent's move, its own next move, the opponent's next
    move), its own moves being those it chose before any override below. It then
    predicts the opponent's answer from the opponent's move two moves ago and its own
    last chosen move: it cooperates unless D followed them more often than C. From move
    41 on it defects instead when the opponent's share of defections,
    ``(defections + 0.5) / n`` on move ``n``, lies strictly between 0.45 and 0.55.

    Family "adaptive": it learns the opponent's answers.
    """

    name = "Second by Yamachi"
    family = "adaptive"
    aliases = ("Yamachi",)
    history_window = 3

    def reset(self, n: int, rng: np.random.Generator, payoff: np.ndarray) -> None:
        super().reset(n, rng, payoff)
        # counts indexed 4 * (their move) + 2 * (own next) + (their next)
        self._counts = np.zeros((n, 8), dtype=np.int64)
        self._chosen = np.zeros((n, 2), dtype=_U8)  # own chosen moves: [last, before]

    def step(self, own: np.ndarray, opp: np.ndarray) -> np.ndarray:
        k, t = own.shape[0], self.t
        if t == 0:
            self._chosen[:k, 0] = 0
            return np.zeros(k, dtype=_U8)
        turn, rows = t + 1, np.arange(k)
        defections = self._tally(opp)
        chosen, counts = self._chosen[:k], self._counts[:k]
        zeros = np.zeros(k, dtype=np.int64)
        their_two_ago = opp[:, -2].astype(np.int64) if t >= 2 else zeros
        if t >= 2:
            their_three_ago = opp[:, -3].astype(np.int64) if t >= 3 else zeros
            counts[rows, 4 * their_three_ago + 2 * chosen[:, 1] + their_two_ago] += 1
        key = 4 * their_two_ago + 2 * chosen[:, 0]
        move = (counts[rows, key] < counts[rows, key + 1]).astype(_U8)
        chosen[:, 1] = chosen[:, 0]
        chosen[:, 0] = move
        if turn > 40:
            share = (defections + 0.5) / turn
            move = move | ((share > 0.45) & (share < 0.55))
        return move.astype(_U8)


class SecondByMikkelson(_SecondEntry):
    """Mikkelson (Ray Mikkelson, 20th; Axelrod 1980b), Fortran entry K66R as the library
    defines it. It keeps a ``credit``, 7 at first, raised by 1 after each cooperation of
    the opponent (at most 8) and lowered by 2 after each defection (at least -7). It
    cooperates on the first two moves and whenever the credit is positive. Otherwise, up
    to move 10 it defects and resets the credit to 4; later it defects only if the
    opponent defected on at least 15% of the moves (counting this one).

    Family "forgiving": a defection costs credit that cooperations earn back.
    """

    name = "Second by Mikkelson"
    family = "forgiving"
    aliases = ("Mikkelson",)
    history_window = 1

    def reset(self, n: int, rng: np.random.Generator, payoff: np.ndarray) -> None:
        super().reset(n, rng, payoff)
        self._credit = np.full(n, 7, dtype=np.int64)

    def step(self, own: np.ndarray, opp: np.ndarray) -> np.ndarray:
        k, t = own.shape[0], self.t
        if t == 0:
            return np.zeros(k, dtype=_U8)
        defections = self._tally(opp)
        credit = self._credit[:k]
        credit[:] = np.clip(np.where(opp[:, -1] == 0, credit + 1, credit - 2), -7, 8)
        turn = t + 1
        if turn == 2:
            return np.zeros(k, dtype=_U8)
        broke = credit <= 0
        if turn <= 10:
            credit[broke] = 4
            return broke.astype(_U8)
        return (broke & (defections / turn >= 0.15)).astype(_U8)


# Rowsam's modes
_NORMAL, _DEFECT, _CYCLE_C, _CYCLE_D = 0, 1, 2, 3


class SecondByRowsam(_SecondEntry):
    """Rowsam (Glen Rowsam, 21st; Axelrod 1980b), Fortran entry K58R as the library
    defines it. It cooperates, and every sixth move checks its score so far divided by
    the move number: below 2.5 it gains distrust points (5 below 1, 3 below 1.5, 2 below
    2, 1 below 2.5) and defects, then cooperates and defects on the next two moves; once
    it has 7 points or more, it defects for good. Every 18th move (when not in those
    three moves) a point wears off if it has at least 3. Scores use the match's payoffs.

    Family "adaptive": it plays from its own score.
    """

    name = "Second by Rowsam"
    family = "adaptive"
    aliases = ("Rowsam",)
    makes_use_of = frozenset({"game"})
    history_window = 1

    # distrust points for a score per move below each threshold (first match wins)
    _THRESHOLDS = np.array([1.0, 1.5, 2.0, 2.5])
    _POINTS = np.array([5, 3, 2, 1, 0])

    def reset(self, n: int, rng: np.random.Generator, payoff: np.ndarray) -> None:
        super().reset(n, rng, payoff)
        self._mode = np.full(n, _NORMAL, dtype=np.int64)
        self._distrust = np.zeros(n, dtype=np.int64)
        self._score = np.zeros(n)

    def step(self, own: np.ndarray, opp: np.ndarray) -> np.ndarray:
        k, t = own.shape[0], self.t
        turn = t + 1
        score, mode, distrust = self._score[:k], self._mode[:k], self._distrust[:k]
        if t > 0:
            score += self.payoff[np.arange(k), own[:, -1], opp[:, -1]]
        moves = ((mode == _DEFECT) | (mode == _CYCLE_D)).astype(_U8)
        normal = mode == _NORMAL
        mode[mode == _CYCLE_D] = _NORMAL
        mode[mode == _CYCLE_C] = _CYCLE_D
        if turn % 18 == 0:
            distrust[normal & (distrust >= 3)] -= 1
        if turn % 6 == 0:
            points = self._POINTS[np.searchsorted(self._THRESHOLDS, score / turn, side="right")]
            worse = normal & (points > 0)
            distrust += np.where(worse, points, 0)
            mode[worse] = np.where(distrust >= 7, _DEFECT, _CYCLE_C)[worse]
            moves[worse] = 1
        return moves
