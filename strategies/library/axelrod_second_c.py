"""Entries to Axelrod's second tournament (Axelrod 1980b) that test their opponent over
long stretches: Appold and Harrington, as the Axelrod library (version 4.13) defines
them. The other entries are in :mod:`strategies.library.axelrod_second_a`,
:mod:`~strategies.library.axelrod_second_b` and :mod:`~strategies.library.axelrod_second_d`.
"""

from __future__ import annotations

import numpy as np

from strategies.library.axelrod_second_a import _I8, _U8, _cooperate_with, _SecondTournamentEntry

__all__ = [
    "SecondByAppold",
    "SecondByHarrington",
]


class SecondByAppold(_SecondTournamentEntry):
    """Appold (Scott Appold, K88R; 22nd in Axelrod 1980b), as defined in the Axelrod
    library.

    Cooperates on the first four moves. It learns how the opponent answers each of its
    moves: the share of its cooperations, and of its defections, that the opponent
    answered with a cooperation (the opponent's first move answers a notional
    cooperation; the defection count starts at 1 out of 1). From move 5 on it forgives the
    first defection it sees (the opponent's fourth move or later) with a cooperation;
    otherwise it cooperates with the probability that the opponent answered the move it
    made two moves ago with a cooperation.
    """

    name = "Second by Appold"
    family = "adaptive"
    stochastic = True
    aliases = ("Appold", "K88R")
    history_window = 2

    def reset(self, n: int, rng: np.random.Generator, payoff: np.ndarray) -> None:
        super().reset(n, rng, payoff)
        # column 0: after its cooperations, column 1: after its defections
        self._answered_c = np.zeros((n, 2), dtype=_I8)
        self._answered_c[:, 1] = 1
        self._count = np.zeros((n, 2), dtype=_I8)
        self._count[:, 1] = 1
        self._forgave = np.zeros(n, dtype=bool)  # it has forgiven the first defection

    def step(self, own: np.ndarray, opp: np.ndarray) -> np.ndarray:
        k, t = own.shape[0], self.t
        if t == 0:
            return np.zeros(k, dtype=_U8)
        rows = np.arange(k)
        before = own[:, -2] if t >= 2 else np.zeros(k, dtype=_U8)
        last = opp[:, -1]
        self._count[rows, before] += 1
        self._answered_c[rows, before] += last == 0
        if t < 4:
            return np.zeros(k, dtype=_U8)
        forgave = self._forgave[:k]
        forgive = (last == 1) & ~forgave
        forgave |= forgive
        p = self._answered_c[rows, before] / self._count[rows, before]
        moves = _cooperate_with(p, self.rng.random(k))
        moves[forgive] = 0
        return moves


_NORMAL, _FAIR_WEATHER, _DEFECT = 0, 1, 2


def _harrington_chi_squared(table: np.ndarray, denominator: int) -> np.ndarray:
    """Harrington's modified Pearson statistic of each row's ``(4, 2)`` table of counts:
    expected counts from the margins (over ``denominator`` moves), summing only the
    cells whose expected count exceeds 1, in the library's order (bit for bit)."""
    expected = table.sum(axis=2)[:, :, None] * table.sum(axis=1)[:, None, :] / denominator
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where(expected > 1.0, (expected - table) ** 2 / expected, 0.0)
    total = np.zeros(len(table))
    for i in range(4):
        for j in range(2):
            total = total + terms[:, i, j]
    return total


class SecondByHarrington(_SecondTournamentEntry):
    """Harrington (Paul Harrington, K75R; eighth in Axelrod 1980b), as defined in the
    Axelrod library, which names its three modes normal, fair-weather and defect.

    Mostly Tit For Tat, with probes. On move 37 it defects and schedules two
    cooperations; later, unless "burned" (the opponent defected right after one of its
    generous defections, two moves before), each move it defects with probability
    ``p`` (0.25, rising by 0.05 with every such defection) and schedules two more
    cooperations. Scheduled cooperations come first, except that it defects after 20
    opponent defections in a row, and cooperates when one of two alternately counted
    streaks of opponent defections (also fed by its own Tit For Tat defections) reaches
    5 (3 after eight such hits).

    Every 15 moves from move 30, unless it was once in defect mode, it tests for a random
    opponent: with the counts of the opponent's moves by the outcome two moves before,
    it enters defect mode if mutual cooperation stays below 80%, the opponent's
    defections (from its second move) are 25% to 75% of the moves and a modified chi
    squared statistic of independence is at most 3. In defect mode it defects, and
    leaves for good (cooperating three times) when a meter, +1 per opponent defection
    and -3 per cooperation, reaches 11. An opponent that cooperates 36 times and then
    defects on move 37 is answered with cooperation ("fair-weather" mode) until it
    defects again.
    """

    name = "Second by Harrington"
    family = "probing"
    stochastic = True
    aliases = ("Harrington", "K75R")
    history_window = 2

    def reset(self, n: int, rng: np.random.Generator, payoff: np.ndarray) -> None:
        super().reset(n, rng, payoff)
        self._mode = np.full(n, _NORMAL, dtype=_I8)
        self._recorded_defections = np.zeros(n, dtype=_I8)  # the opponent's, from move 2
        self._cooperations = np.zeros(n, dtype=_I8)  # the opponent's
        self._exit_meter = np.zeros(n, dtype=_I8)
        self._was_defective = np.zeros(n, dtype=bool)
        self._p = np.full(n, 0.25)
        self._table = np.zeros((n, 4, 2))  # opponent's move by the outcome before it
        self._more_coop = np.zeros(n, dtype=_I8)
        self._generous_ago = np.full(n, 3, dtype=_I8)
        self._burned = np.zeros(n, dtype=bool)
        self._defect_streak = np.zeros(n, dtype=_I8)
        self._parity = np.zeros((n, 2), dtype=_I8)
        self._parity_bit = np.zeros(n, dtype=_I8)
        self._parity_limit = np.full(n, 5, dtype=_I8)
        self._parity_hits = np.zeros(n, dtype=_I8)

    def step(self, own: np.ndarray, opp: np.ndarray) -> np.ndarray:
        k, t = own.shape[0], self.t
        u = self.rng.random(k)  # one draw per move, used only for the probes
        if t == 0:
            return np.zeros(k, dtype=_U8)
        turn = t + 1
        theirs = opp[:, -1]
        self._cooperations[:k] += theirs == 0
        moves = np.zeros(k, dtype=_U8)
        lower = np.zeros(k, dtype=bool)  # a cooperation that uses up a scheduled one
        parity = np.zeros(k, dtype=bool)  # a defection that feeds the parity streak
        done = self._defect_mode(theirs, moves)
        done |= self._random_test(own, opp, turn, done, moves)
        done |= self._fair_weather(theirs, turn, done, lower)
        done |= self._streaks(theirs, done, moves, lower, parity)
        self._tit_for_tat_and_probes(theirs, turn, u, done, moves, lower, parity)
        # the end-of-move bookkeeping of the library's try_return
        rows, bit = np.arange(k), self._parity_bit[:k]
        self._more_coop[:k][lower] -= 1
        self._generous_ago[:k][lower] += 1
        self._parity[rows[parity], bit[parity]] += 1
        return moves

    def _defect_mode(self, theirs: np.ndarray, moves: np.ndarray) -> np.ndarray:
        """Rows in defect mode: the exit meter decides whether they leave it."""
        k = len(theirs)
        mode = self._mode[:k]
        defect = mode == _DEFECT
        meter = self._exit_meter[:k]
        meter[defect] += np.where(theirs == 1, 1, -3)[defect]
        leave = defect & (meter >= 11)
        mode[leave] = _NORMAL
        self._was_defective[:k] |= leave
        self._more_coop[:k][leave] = 2
        moves[defect & ~leave] = 1
        return defect.copy()

    def _random_test(
        self, own: np.ndarray, opp: np.ndarray, turn: int, done: np.ndarray, moves: np.ndarray
    ) -> np.ndarray:
        """Record the table of answers; every 15 moves, enter defect mode against an
        opponent that looks random. Returns the rows that entered it."""
        k, t = own.shape[0], self.t
        rows, theirs = np.arange(k), opp[:, -1]
        recording = ~done & ~self._was_defective[:k]
        if t >= 2:
            self._recorded_defections[:k] += recording & (theirs == 1)
            cell = 2 * own[:, -2].astype(_I8) + opp[:, -2]
            self._table[rows[recording], cell[recording], theirs[recording]] += 1
        random_like = np.zeros(k, dtype=bool)
        if turn % 15 == 0 and turn > 15:
            denominator = turn - 2
            table = self._table[:k]
            share = self._recorded_defections[:k] / denominator
            random_like = (
                recording
                & (table[:, 0, 0] / denominator < 0.8)
                & (share >= 0.25)
                & (share <= 0.75)
                & (_harrington_chi_squared(table, denominator) <= 3)
            )
            self._mode[:k][random_like] = _DEFECT
            moves[random_like] = 1
        return random_like

    def _fair_weather(
        self, theirs: np.ndarray, turn: int, done: np.ndarray, lower: np.ndarray
    ) -> np.ndarray:
        """The "burned" flag, and the fair-weather mode entered on move 38 against an
        opponent that cooperated 36 times then defected. Returns the rows it settles."""
        k = len(theirs)
        mode = self._mode[:k]
        self._burned[:k] |= ~done & (self._generous_ago[:k] == 2) & (theirs == 1)
        fair = ~done & (turn == 38) & (theirs == 1) & (self._cooperations[:k] == 36)
        mode[fair] = _FAIR_WEATHER
        fair_weather = ~(done | fair) & (mode == _FAIR_WEATHER)
        mode[fair_weather & (theirs == 1)] = _NORMAL
        stay = fair_weather & (theirs == 0)
        lower |= stay
        return fair | stay

    def _streaks(
        self,
        theirs: np.ndarray,
        done: np.ndarray,
        moves: np.ndarray,
        lower: np.ndarray,
        parity: np.ndarray,
    ) -> np.ndarray:
        """Normal mode, first: a long defection streak, the parity streaks and scheduled
        cooperations. Returns the rows they settle."""
        k = len(theirs)
        rows = np.arange(k)
        streak = self._defect_streak[:k]
        streak[~done] = np.where(theirs == 1, streak + 1, 0)[~done]
        long_streak = ~done & (streak >= 20)
        moves[long_streak] = 1
        parity |= long_streak
        settled = long_streak.copy()

        check = ~(done | settled)
        bit = self._parity_bit[:k]
        bit[check] = 1 - bit[check]
        counts = np.where(theirs == 1, self._parity[rows, bit] + 1, 0)
        self._parity[rows[check], bit[check]] = counts[check]
        hit = check & (counts >= self._parity_limit[:k])
        self._parity[rows[hit], bit[hit]] = 0
        self._parity_hits[:k] += hit
        self._parity_limit[:k][hit & (self._parity_hits[:k] >= 8)] = 3
        lower |= hit
        settled |= hit

        scheduled = ~(done | settled) & (self._more_coop[:k] >= 1)
        lower |= scheduled
        return settled | scheduled

    def _tit_for_tat_and_probes(
        self,
        theirs: np.ndarray,
        turn: int,
        u: np.ndarray,
        done: np.ndarray,
        moves: np.ndarray,
        lower: np.ndarray,
        parity: np.ndarray,
    ) -> None:
        """The other rows play Tit For Tat, but for the probe on move 37 and the random
        probes after it."""
        k = len(theirs)
        rest = ~done
        if turn == 37:
            probe = rest
        elif turn > 37:
            probe = rest & ~self._burned[:k] & ~(u > self._p[:k])
        else:
            probe = np.zeros(k, dtype=bool)
        tit_for_tat = rest & ~probe
        moves[tit_for_tat] = theirs[tit_for_tat]
        lower |= tit_for_tat & (theirs == 0)
        parity |= tit_for_tat & (theirs == 1)
        moves[probe] = 1
        if turn > 37:
            self._p[:k][probe] += 0.05
        self._more_coop[:k][probe] = 2
        self._generous_ago[:k][probe] = 1
