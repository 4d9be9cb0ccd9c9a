"""Entries to Axelrod's second tournament (Axelrod 1980b, "More effective choice in the
prisoner's dilemma"), second half of the alphabet plus Tester, Tranquilizer and
Kluepfel, as the Axelrod library (version 4.13) reconstructs them from the original
Fortran (the K..R numbers are the entries' codes there).

Each strategy carries the library's name ("Second by Weiner") and is aliased by its
author's or its own name. None of them uses the match length. Two score the game with
the match's payoffs (Rowsam, Tideman and Chieruzzi); the opponent's score is counted
with this player's payoff matrix, which is exact in a symmetric game. Tranquilizer
scores with the classic payoffs (3, 0, 5, 1) whatever the game, as the library does.

Where the library keeps a move it meant to play apart from the move actually played
(Yamachi), the intended moves are kept as state: they differ under noise.
"""

from __future__ import annotations

import numpy as np

from strategies.base import Strategy

__all__ = [
    "SecondByKluepfel",
    "SecondByLeyvraz",
    "SecondByTester",
    "SecondByTidemanAndChieruzzi",
    "SecondByTranquilizer",
    "SecondByWeiner",
    "SecondByWhite",
    "SecondByWmAdams",
]

_U8 = np.uint8
_NEVER = np.iinfo(np.int64).max // 2  # "no such turn" in integer turn-number state


class _SecondEntry(Strategy, abstract=True):
    """An entry to the second tournament, named as the library names it. Keeps the
    opponent's number of defections so far, updated from the last column."""

    memory_depth = None

    def axelrod_name(self) -> str | None:
        return type(self).name

    def reset(self, n: int, rng: np.random.Generator, payoff: np.ndarray) -> None:
        super().reset(n, rng, payoff)
        self._opp_defections = np.zeros(n, dtype=np.int64)

    def _tally(self, opp: np.ndarray) -> np.ndarray:
        """Count the opponent's last move (once per turn, t > 0); return the counts."""
        counts = self._opp_defections[: opp.shape[0]]
        counts += opp[:, -1]
        return counts


class SecondByTester(_SecondEntry):
    """Tester (David Gladstein, 46th; Axelrod 1980b): defects on the first move and then
    cooperates twice; afterwards it alternates, playing the opposite of its own last
    move, to exploit a forgiving opponent. The first time the opponent defects it
    apologises with a cooperation and plays Tit For Tat for the rest of the match."""

    name = "Second by Tester"
    family = "probing"
    aliases = ("Tester",)
    history_window = 1

    def reset(self, n: int, rng: np.random.Generator, payoff: np.ndarray) -> None:
        super().reset(n, rng, payoff)
        self._tft = np.zeros(n, dtype=bool)

    def step(self, own: np.ndarray, opp: np.ndarray) -> np.ndarray:
        k, t = own.shape[0], self.t
        if t == 0:
            return np.ones(k, dtype=_U8)
        tft = self._tft[:k]
        last = opp[:, -1]
        moves = np.zeros(k, dtype=_U8) if t <= 2 else 1 - own[:, -1]
        moves[last == 1] = 0  # the apology (overridden below once it plays Tit For Tat)
        moves[tft] = last[tft]
        tft |= last == 1
        return moves.astype(_U8)


# Tranquilizer's own payoff in the classic game, indexed [own, opponent] (the library
# scores with the default game whatever the match's).
_CLASSIC = np.array([[3.0, 0.0], [5.0, 1.0]])


class SecondByTranquilizer(_SecondEntry):
    """Tranquilizer (Craig Feathers, 27th; Axelrod 1980b), the library's reverse
    engineering of Fortran entry K67R. It cooperates as a rule but, while doing well,
    throws in single defections, more often the longer the opponent keeps cooperating.

    After each of its "good" defections (those drawn below) it cooperates once, and it
    keeps running means of its payoffs on those defections (``AD``, starting from one
    notional 5) and on the cooperations that follow them (``NO``, from one notional 0).
    Otherwise, with ``t`` moves played and score ``s`` (classic payoffs):

    * if ``s / (t + 1) >= 2.25`` it cooperates with probability
      ``0.95 - (AD + NO - 5) / 15 + 1 / (t + 1)**2 - d / 4`` (``d`` = 1 if the opponent
      just defected), and otherwise makes a good defection;
    * else if ``s / (t + 1) >= 1.75`` it cooperates with probability
      ``0.25 + (c + 1) / (t + 1) - r / 4 + (s - s') / 100 + 4 / (t + 1)``, where ``c``
      counts the opponent's cooperations, ``r`` its current run of defections and
      ``s'`` its score;
    * else it plays Tit For Tat.

    Family "probing": it tests a cooperating opponent with occasional defections.
    """

    name = "Second by Tranquilizer"
    family = "probing"
    stochastic = True
    aliases = ("Tranquilizer",)
    history_window = 1

    def reset(self, n: int, rng: np.random.Generator, payoff: np.ndarray) -> None:
        super().reset(n, rng, payoff)
        self._after = np.zeros(n, dtype=np.int64)  # moves since a good defection (0-2)
        self._run = np.zeros(n, dtype=np.int64)  # the opponent's consecutive defections
        self._ad, self._no = np.full(n, 5.0), np.zeros(n)
        self._ak, self._nk = np.ones(n, dtype=np.int64), np.ones(n, dtype=np.int64)
        self._score, self._opp_score = np.zeros(n), np.zeros(n)

    def step(self, own: np.ndarray, opp: np.ndarray) -> np.ndarray:
        k, t = own.shape[0], self.t
        if t == 0:
            return np.zeros(k, dtype=_U8)
        mine, theirs = own[:, -1], opp[:, -1]
        defections = self._tally(opp)
        run, after = self._run[:k], self._after[:k]
        run[:] = np.where(theirs == 1, run + 1, 0)
        self._score[:k] += _CLASSIC[mine, theirs]
        self._opp_score[:k] += _CLASSIC[theirs, mine]
        # the payoff of the last move, added term by term in the library's order
        o, m = theirs.astype(np.int64), mine.astype(np.int64)
        second, first = after == 2, after == 1
        for mask, mean, count in ((second, self._no, self._nk), (first, self._ad, self._ak)):
            mean, count = mean[:k], count[:k]
            total = mean * count + (3 - 3 * o) + 2 * m - o * m
            mean[mask] = (total / (count + 1))[mask]
            count[mask] += 1
        after[second] = 0
        after[first] = 2

        score, turns = self._score[:k], t + 1
        average = score / turns
        u = self.rng.random(k)
        good = average >= 2.25
        p_good = (0.95 - ((self._ad[:k] + self._no[:k] - 5) / 15)) + 1 / turns**2 - o / 4
        fair = ~good & (average >= 1.75)
        p_fair = (
            (0.25 + (t - defections + 1) / turns)
            - run * 0.25
            + (score - self._opp_score[:k]) / 100
            + 4 / turns
        )
        moves = theirs.copy()
        moves[good] = u[good] > p_good[good]
        moves[fair] = u[fair] > p_fair[fair]
        waiting = first  # the move after a good defection
        moves[waiting] = 0
        after[good & ~waiting & (moves == 1)] = 1
        return moves.astype(_U8)


class SecondByKluepfel(_SecondEntry):
    """Kluepfel (Charles Kluepfel; Axelrod 1980b), Fortran entry K32R as the library
    defines it. It counts how the opponent answered its moves (the opponent's move
    after each of its own): ``cc``/``dc`` cooperations/defections after its
    cooperations, ``cd``/``dd`` after its defections. After 26 moves it defects whenever
    the opponent looks random: ``cd >= (cd + dd) / 2 - 0.75 sqrt(cd + dd)``
    and ``dc >= (dc + cc) / 2 - 0.75 sqrt(dc + cc)`` (the library's reading of the
    Fortran, which compares ``dc`` and not ``cc``).

    Otherwise it answers the opponent's last three moves (C before the first move): the
    same move three times is answered in kind; the same move twice, in kind with
    probability 0.9; otherwise a cooperation with a cooperation with probability 0.7,
    and a defection with a defection with probability 0.6.

    Family "adaptive": it plays from statistics of the opponent's answers.
    """

    name = "Second by Kluepfel"
    family = "adaptive"
    stochastic = True
    aliases = ("Kluepfel",)
    history_window = 3

    def reset(self, n: int, rng: np.random.Generator, payoff: np.ndarray) -> None:
        super().reset(n, rng, payoff)
        self._answers = np.zeros((n, 2, 2), dtype=np.int64)  # [own move, their answer]

    def step(self, own: np.ndarray, opp: np.ndarray) -> np.ndarray:
        k, t = own.shape[0], self.t
        answers = self._answers[:k]
        if t >= 2:
            answers[np.arange(k), own[:, -2], opp[:, -1]] += 1
        recent = np.zeros((k, 3), dtype=_U8)  # one, two, three moves ago
        for back in range(1, min(t, 3) + 1):
            recent[:, back - 1] = opp[:, -back]
        one, two, three = recent[:, 0], recent[:, 1], recent[:, 2]
        u = self.rng.random(k)
        keep = np.where(one == two, u < 0.9, np.where(one == 0, u < 0.7, u < 0.6))
        keep |= (one == two) & (two == three)
        moves = np.where(keep, one, 1 - one)
        if t > 26:
            cc, dc = answers[:, 0, 0], answers[:, 0, 1]
            cd, dd = answers[:, 1, 0], answers[:, 1, 1]
            after_d, after_c = cd + dd, dc + cc
            random_like = (cd >= after_d / 2 - 0.75 * np.sqrt(after_d)) & (
                dc >= after_c / 2 - 0.75 * np.sqrt(after_c)
            )
            moves[random_like] = 1
        return moves.astype(_U8)


class SecondByWmAdams(_SecondEntry):
    """WmAdams (William Adams, 5th; Axelrod 1980b), Fortran entry K44R as the library
    defines it. Let ``c`` count the opponent's defections, not counting its first move.
    It cooperates on the first two moves; afterwards it defects when ``c`` is 4, 7 or 9
    and, once ``c`` exceeds 9, answers each defection with a defection with probability
    ``1 - 0.5 ** (c - 9)``; it cooperates otherwise.

    Family "forgiving": it lets the opponent defect several times before answering.
    """

    name = "Second by WmAdams"
    family = "forgiving"
    stochastic = True
    aliases = ("WmAdams", "William Adams")
    history_window = 1

    def reset(self, n: int, rng: np.random.Generator, payoff: np.ndarray) -> None:
        super().reset(n, rng, payoff)
        self._opp_first = np.zeros(n, dtype=np.int64)  # the opponent's first move

    def step(self, own: np.ndarray, opp: np.ndarray) -> np.ndarray:
        k, t = own.shape[0], self.t
        if t == 0:
            return np.zeros(k, dtype=_U8)
        if t == 1:
            self._opp_first[:k] = opp[:, -1]
        counted = self._tally(opp) - self._opp_first[:k]
        if t == 1:
            return np.zeros(k, dtype=_U8)
        u = self.rng.random(k)
        p_cooperate = 0.5 ** np.maximum(counted - 9, 0).astype(np.float64)
        moves = (counted > 9) & (opp[:, -1] == 1) & (u >= p_cooperate)
        moves |= (counted == 4) | (counted == 7) | (counted == 9)
        return moves.astype(_U8)


class SecondByWeiner(_SecondEntry):
    """Weiner (Herb Weiner, 7th; Axelrod 1980b), Fortran entry K41R as the library
    defines it: Tit For Tat with occasional forgiveness and a defensive override.

    It counts the opponent's defections since its last cooperation; when the opponent
    cooperates after an odd number of them, it may forgive on the next move: if the
    opponent defects then and the move number exceeds ``grudge`` (0, raised by 20 at
    each forgiveness), it cooperates instead of retaliating. Whatever it chose, it
    defects when the opponent defected at least 5 times in the 12 moves before its last
    one.

    Family "reciprocal": Tit For Tat, forgiving rarely and less and less often.
    """

    name = "Second by Weiner"
    family = "reciprocal"
    aliases = ("Weiner",)
    history_window = 13

    def reset(self, n: int, rng: np.random.Generator, payoff: np.ndarray) -> None:
        super().reset(n, rng, payoff)
        self._forgive = np.zeros(n, dtype=bool)
        self._grudge = np.zeros(n, dtype=np.int64)
        self._padding = np.zeros(n, dtype=np.int64)

    def step(self, own: np.ndarray, opp: np.ndarray) -> np.ndarray:
        k, t = own.shape[0], self.t
        if t == 0:
            return np.zeros(k, dtype=_U8)
        last = opp[:, -1]
        forgive, grudge, padding = self._forgive[:k], self._grudge[:k], self._padding[:k]
        moves = last.copy()
        # a raised flag: lower it, and maybe forgive
        flagged = forgive.copy()
        forgiven = flagged & (grudge < t + 1) & (last == 1)
        grudge[forgiven] += 20
        moves[forgiven] = 0
        padding[flagged] = 0
        forgive[flagged] = False
        # no flag: count defections, raise the flag after an odd run of them
        counting = ~flagged
        raise_flag = counting & (last == 0) & (padding % 2 == 1)
        padding[counting & (last == 1)] += 1
        padding[counting & (last == 0)] = 0
        forgive[raise_flag] = True
        # the override: 5 or more defections among the 12 moves before the last
        window = opp[:, -13:-1]
        moves[window.sum(axis=1, dtype=np.int64) >= 5] = 1
        return moves


class SecondByTidemanAndChieruzzi(_SecondEntry):
    """Tideman and Chieruzzi (T. Nicolaus Tideman and Paula Chieruzzi, 9th; Axelrod
    1980b), Fortran entry K84R as the library defines it.

    It cooperates while its score exceeds the opponent's by at least ``margin``. The
    margin starts at 0; each time the opponent plays C then D, the margin grows by
    ``step`` (starting at 0), and ``step`` grows by 5. When it would defect, the
    opponent did not just play C then D, at least 10 moves have passed since the last
    fresh start (or the start), and the opponent's defections are at least 3 standard
    deviations of a fair coin from half of its moves, it gives a "fresh start": two
    cooperations, after which scores, margin and step start again from zero. Scores use
    the match's payoffs.

    Family "adaptive": it plays from the scores.
    """

    name = "Second by Tideman and Chieruzzi"
    family = "adaptive"
    makes_use_of = frozenset({"game"})
    history_window = 2

    def reset(self, n: int, rng: np.random.Generator, payoff: np.ndarray) -> None:
        super().reset(n, rng, payoff)
        self._score, self._opp_score = np.zeros(n), np.zeros(n)
        self._margin = np.zeros(n)
        self._increment = np.zeros(n)
        self._last_fresh = np.zeros(n, dtype=np.int64)
        self._fresh = np.zeros(n, dtype=bool)  # the second cooperation is due

    def step(self, own: np.ndarray, opp: np.ndarray) -> np.ndarray:
        k, t = own.shape[0], self.t
        if t == 0:
            return np.zeros(k, dtype=_U8)
        mine, theirs, rows = own[:, -1], opp[:, -1], np.arange(k)
        defections = self._tally(opp)
        payoff = self.payoff[:k]
        score, opp_score = self._score[:k], self._opp_score[:k]
        margin, increment = self._margin[:k], self._increment[:k]
        score += payoff[rows, mine, theirs]
        opp_score += payoff[rows, theirs, mine]
        move_number = t + 1

        second = self._fresh[:k].copy()
        for state in (score, opp_score, margin, increment):
            state[second] = 0.0
        self._last_fresh[:k][second] = move_number
        self._fresh[:k] = False

        before = opp[:, -2] if t >= 2 else np.zeros(k, dtype=_U8)
        c_then_d = ~second & (before == 0) & (theirs == 1)
        margin[c_then_d] += increment[c_then_d]
        increment[c_then_d] += 5

        defect = ~second & (score - opp_score < margin)
        spread = 3 * (np.sqrt(t) / 2)
        fresh = (
            defect
            & ~c_then_d
            & (move_number - self._last_fresh[:k] >= 10)
            & ((defections <= t / 2 - spread) | (defections >= t / 2 + spread))
        )
        self._fresh[:k] = fresh
        return (defect & ~fresh).astype(_U8)


class SecondByLeyvraz(_SecondEntry):
    """Leyvraz (Fransois Leyvraz, 12th; Axelrod 1980b), Fortran entry K68R as the library
    defines it. From the opponent's last three moves (C before the first move), in this
    order: after two defections in a row it defects with probability 0.75; after a
    defection three moves ago it cooperates; after one two moves ago it defects; after
    one on the last move it defects with probability 0.5; otherwise it cooperates.

    Family "reciprocal": it answers defections, with some delay and some chance.
    """

    name = "Second by Leyvraz"
    family = "reciprocal"
    memory_depth = 3
    stochastic = True
    aliases = ("Leyvraz",)
    history_window = 3

    # P(C) indexed 4 * (three moves ago) + 2 * (two ago) + (last), C = 0
    _P_COOPERATE = np.array([1.0, 0.5, 0.0, 0.25, 1.0, 1.0, 1.0, 0.25])

    def step(self, own: np.ndarray, opp: np.ndarray) -> np.ndarray:
        k, t = own.shape[0], self.t
        index = np.zeros(k, dtype=np.int64)
        for back in range(1, min(t, 3) + 1):
            index |= opp[:, -back].astype(np.int64) << (back - 1)
        return (self.rng.random(k) >= self._P_COOPERATE[index]).astype(_U8)


class SecondByWhite(_SecondEntry):
    """White (Edward C. White, 13th; Axelrod 1980b), Fortran entry K72R as the library
    defines it: cooperates on the first ten moves and after any cooperation of the
    opponent; after a defection, on move ``n`` it defects only if
    ``floor(ln n) * (the opponent's defections) >= n``.

    Family "forgiving": isolated defections go unanswered.
    """

    name = "Second by White"
    family = "forgiving"
    aliases = ("White",)
    history_window = 1

    def step(self, own: np.ndarray, opp: np.ndarray) -> np.ndarray:
        k, t = own.shape[0], self.t
        if t == 0:
            return np.zeros(k, dtype=_U8)
        defections = self._tally(opp)
        turn = t + 1
        if turn <= 10:
            return np.zeros(k, dtype=_U8)
        return ((opp[:, -1] == 1) & (np.floor(np.log(turn)) * defections >= turn)).astype(_U8)
