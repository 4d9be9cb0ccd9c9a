"""Entries to Axelrod's second tournament (Axelrod 1980b, "More effective choice in the
prisoner's dilemma"), Appold to Harrington, as the Axelrod library (version 4.13)
reconstructs them from the entrants' original Fortran code.

Each strategy keeps the library's name ("Second by Champion"); the author's surname
(when not ambiguous) and the Fortran program's code name the library's docstring gives
(K35R for Getzler, ...) are aliases. None of these entries uses the match length;
Graaskamp and Katzen use their own payoffs. The stochastic ones draw at most one uniform
number per running match and turn (``rng.random(k)``), and cooperate when it is below
their probability of cooperating, as the library's ``random_choice`` does.
"""

from __future__ import annotations

import numpy as np

from strategies.base import Strategy
from strategies.generic import FiniteStateMachine

__all__ = [
    "SecondByBlack",
    "SecondByBorufsen",
    "SecondByCave",
    "SecondByChampion",
    "SecondByColbert",
    "SecondByEatherley",
    "SecondByGetzler",
    "SecondByGladstein",
    "SecondByGraaskampKatzen",
    "SecondByGrofman",
]

_U8 = np.uint8
_I8 = np.int64


def _cooperate_with(p: np.ndarray, u: np.ndarray) -> np.ndarray:
    """Moves that cooperate where the uniform draw ``u`` is below the probability ``p``
    (exact at ``p`` = 0 and 1, as the library's ``random_choice``)."""
    return (u >= p).astype(_U8)


class _SecondTournamentEntry(Strategy, abstract=True):
    """Shared naming: ``axelrod_name`` is the library's ``name``, which is ours."""

    memory_depth = None

    def axelrod_name(self) -> str | None:
        return self.name


class SecondByChampion(_SecondTournamentEntry):
    """Champion (Danny Champion; Axelrod 1980b), as defined in the Axelrod library.

    Cooperates on the first 10 moves, then plays Tit For Tat up to move 25. From then on
    it cooperates unless the opponent defected on the last move, has defected on at least
    40% of its moves so far, and that proportion is also at least a uniform random number
    drawn this move.
    """

    name = "Second by Champion"
    family = "forgiving"
    stochastic = True
    history_window = 1

    def reset(self, n: int, rng: np.random.Generator, payoff: np.ndarray) -> None:
        super().reset(n, rng, payoff)
        self._defections = np.zeros(n, dtype=_I8)  # the opponent's

    def step(self, own: np.ndarray, opp: np.ndarray) -> np.ndarray:
        k, t = own.shape[0], self.t
        if t == 0:
            return np.zeros(k, dtype=_U8)
        last = opp[:, -1]
        defections = self._defections[:k]
        defections += last
        if t < 10:
            return np.zeros(k, dtype=_U8)
        if t < 25:
            return last.copy()
        proportion = defections / t
        u = self.rng.random(k)
        return ((last == 1) & (proportion >= np.maximum(0.4, u))).astype(_U8)


class SecondByEatherley(_SecondTournamentEntry):
    """Eatherley (Graham Eatherley; Axelrod 1980b), as defined in the Axelrod library.

    Cooperates first and after every cooperation of the opponent; after a defection it
    defects with probability equal to the proportion of the opponent's moves so far that
    were defections.
    """

    name = "Second by Eatherley"
    family = "forgiving"
    aliases = ("Eatherley",)
    stochastic = True
    history_window = 1

    def reset(self, n: int, rng: np.random.Generator, payoff: np.ndarray) -> None:
        super().reset(n, rng, payoff)
        self._defections = np.zeros(n, dtype=_I8)  # the opponent's

    def step(self, own: np.ndarray, opp: np.ndarray) -> np.ndarray:
        k, t = own.shape[0], self.t
        if t == 0:
            return np.zeros(k, dtype=_U8)
        last = opp[:, -1]
        defections = self._defections[:k]
        defections += last
        cooperate = 1.0 - defections / t
        return _cooperate_with(np.where(last == 1, cooperate, 1.0), self.rng.random(k))


class SecondByGladstein(_SecondTournamentEntry):
    """Gladstein (David Gladstein, "Tester"; Axelrod 1980b), as defined in the Axelrod
    library.

    Defects on the first move to test the opponent. As long as the opponent never
    defects it exploits it: it defects whenever more than half of its own moves so far
    were cooperations, and cooperates otherwise. At the opponent's first defection it
    apologises with a cooperation, then plays Tit For Tat for the rest of the match.
    """

    name = "Second by Gladstein"
    family = "probing"
    aliases = ("Gladstein",)
    history_window = 1

    def reset(self, n: int, rng: np.random.Generator, payoff: np.ndarray) -> None:
        super().reset(n, rng, payoff)
        self._patsy = np.ones(n, dtype=bool)  # the opponent has never defected
        self._cooperations = np.zeros(n, dtype=_I8)  # its own

    def step(self, own: np.ndarray, opp: np.ndarray) -> np.ndarray:
        k, t = own.shape[0], self.t
        if t == 0:
            return np.ones(k, dtype=_U8)
        last = opp[:, -1]
        cooperations = self._cooperations[:k]
        cooperations += own[:, -1] == 0
        patsy = self._patsy[:k]
        apologise = patsy & (last == 1)
        exploit = (cooperations / t > 0.5).astype(_U8)
        moves = np.where(patsy, exploit, last)
        moves[apologise] = 0
        patsy &= ~apologise
        return moves.astype(_U8)


class SecondByGrofman(_SecondTournamentEntry):
    """Grofman (Bernard Grofman, K86R; Axelrod 1980b), as defined in the Axelrod library.

    Cooperates on the first two moves and plays Tit For Tat on moves 3 to 7. Then it
    counts the opponent's defections in the 7 moves before the last one (the Fortran
    code ignores the latest move): after its own cooperation it cooperates if there were
    at most 2, after its own defection if there was at most 1; otherwise it defects.
    """

    name = "Second by Grofman"
    family = "forgiving"
    memory_depth = 8
    aliases = ("K86R",)
    history_window = 8

    def step(self, own: np.ndarray, opp: np.ndarray) -> np.ndarray:
        k, t = own.shape[0], self.t
        if t < 2:
            return np.zeros(k, dtype=_U8)
        if t <= 6:
            return opp[:, -1].copy()
        defections = opp[:, -8:-1].sum(axis=1, dtype=_I8)  # 7 moves at most
        tolerated = np.where(own[:, -1] == 0, 2, 1)
        return (defections > tolerated).astype(_U8)


class SecondByBorufsen(_SecondTournamentEntry):
    """Borufsen (Otto Borufsen, K32R; third in Axelrod 1980b), as defined in the Axelrod
    library.

    Cooperates first, then plays Tit For Tat in "normal" mode with two corrections:
    after three mutual defections in a row it cooperates once, and after three turns in
    a row of echoing (both players alternating out of phase) its next defection becomes a
    cooperation. It counts the opponent's cooperations, split by whether they answered
    its cooperation or its defection. Every 25 moves (on moves 27, 52, ...) it decides
    its mode for the next 25: "defect" (always defect) if the opponent cooperated fewer
    than 3 times since the last decision, or 8 to 17 times with less than 70% of them
    answering its cooperations (a random-looking opponent); "normal" otherwise, opening
    with a defection when it comes back from defect mode.
    """

    name = "Second by Borufsen"
    family = "reciprocal"
    # not K32R: the library gives that code to Kluepfel too
    aliases = ("Borufsen",)
    history_window = 2

    def reset(self, n: int, rng: np.random.Generator, payoff: np.ndarray) -> None:
        super().reset(n, rng, payoff)
        self._cc = np.zeros(n, dtype=_I8)  # opponent's C answering its C
        self._cd = np.zeros(n, dtype=_I8)  # opponent's C answering its D
        self._mutual_defections = np.zeros(n, dtype=_I8)  # streak
        self._echoes = np.zeros(n, dtype=_I8)  # streak
        self._flip_next_defection = np.zeros(n, dtype=bool)
        self._defect_mode = np.zeros(n, dtype=bool)

    def step(self, own: np.ndarray, opp: np.ndarray) -> np.ndarray:
        k, t = own.shape[0], self.t
        if t == 0:
            return np.zeros(k, dtype=_U8)
        turn = t + 1
        mine, theirs = own[:, -1], opp[:, -1]
        cc, cd = self._cc[:k], self._cd[:k]
        streak, echoes = self._mutual_defections[:k], self._echoes[:k]
        flip, defect_mode = self._flip_next_defection[:k], self._defect_mode[:k]
        # the move before last (a notional C, C before the first)
        mine2 = own[:, -2] if t >= 2 else np.zeros(k, dtype=_U8)
        theirs2 = opp[:, -2] if t >= 2 else np.zeros(k, dtype=_U8)
        if t >= 2:
            cc += (theirs == 0) & (mine2 == 0)
            cd += (theirs == 0) & (mine2 == 1)

        back_to_normal = np.zeros(k, dtype=bool)
        if turn > 2 and turn % 25 == 2:
            cooperations = cc + cd
            with np.errstate(divide="ignore", invalid="ignore"):
                random_like = (cooperations >= 8) & (cooperations <= 17) & (cc / cooperations < 0.7)
            new_mode = (cooperations < 3) | random_like
            back_to_normal = defect_mode & ~new_mode
            defect_mode[:] = new_mode
            cc[:] = 0
            cd[:] = 0
            streak[new_mode] = 0
            echoes[new_mode] = 0
            flip[new_mode] = False

        normal = ~defect_mode & ~back_to_normal
        streak[normal] = np.where((mine == 1) & (theirs == 1), streak + 1, 0)[normal]
        restart = normal & (streak >= 3)  # three mutual defections: cooperate once
        streak[restart] = 0
        echoes[restart] = 0
        play = normal & ~restart
        echo = (mine != theirs) & (mine == theirs2) & (theirs == mine2)
        echoes[play] = np.where(echo, echoes + 1, 0)[play]
        flip_now = play & (echoes >= 3)
        streak[flip_now] = 0
        echoes[flip_now] = 0
        flip |= flip_now
        # Tit For Tat, the next defection turned into a cooperation when flagged
        forgiven = play & (theirs == 1) & flip
        flip &= ~forgiven
        moves = np.where(play & ~forgiven, theirs, 0)
        moves[defect_mode | back_to_normal] = 1
        return moves.astype(_U8)


class SecondByCave(_SecondTournamentEntry):
    """Cave (Rob Cave, K49R; fourth in Axelrod 1980b), as defined in the Axelrod library.

    Cooperates first. On move ``m`` it defects against an opponent whose defections so
    far number more than 39% of ``m`` (from move 40), 65% (from move 30) or 79% (from
    move 20): too defective or apparently random. Otherwise it answers a cooperation
    with a cooperation, and a defection with a defection once the opponent has defected
    more than 17 times, or else with a fair coin toss.
    """

    name = "Second by Cave"
    family = "forgiving"
    stochastic = True
    aliases = ("K49R",)
    history_window = 1

    def reset(self, n: int, rng: np.random.Generator, payoff: np.ndarray) -> None:
        super().reset(n, rng, payoff)
        self._defections = np.zeros(n, dtype=_I8)  # the opponent's

    def step(self, own: np.ndarray, opp: np.ndarray) -> np.ndarray:
        k, t = own.shape[0], self.t
        if t == 0:
            return np.zeros(k, dtype=_U8)
        turn = t + 1
        last = opp[:, -1]
        defections = self._defections[:k]
        defections += last
        share = defections / turn
        too_defective = (
            (turn > 39) & (share > 0.39)
            | (turn > 29) & (share > 0.65)
            | (turn > 19) & (share > 0.79)
        )
        coin = _cooperate_with(0.5, self.rng.random(k))
        answer = np.where(defections > 17, 1, coin)
        moves = np.where(last == 1, answer, 0)
        moves[too_defective] = 1
        return moves.astype(_U8)


class SecondByGraaskampKatzen(_SecondTournamentEntry):
    """Graaskamp and Katzen (Jim Graaskamp and Ken Katzen, K60R; sixth in Axelrod
    1980b), as defined in the Axelrod library.

    Plays Tit For Tat while keeping its own score, and defects for the rest of the match
    if its score falls short of a checkpoint: below 23 on move 11, 53 on move 21, 83 on
    move 31, 113 on move 41, 143 on move 51 or 293 on move 101 (with the classic payoffs,
    the score of mutual cooperation less 7). The score is counted with this player's own
    payoffs in the match's game.
    """

    name = "Second by GraaskampKatzen"
    family = "adaptive"
    makes_use_of = frozenset({"game"})
    aliases = ("Second by Graaskamp and Katzen", "Graaskamp and Katzen", "K60R")
    history_window = 1

    _CHECKPOINTS = {11: 23, 21: 53, 31: 83, 41: 113, 51: 143, 101: 293}

    def reset(self, n: int, rng: np.random.Generator, payoff: np.ndarray) -> None:
        super().reset(n, rng, payoff)
        self._score = np.zeros(n, dtype=np.float64)
        self._defect_mode = np.zeros(n, dtype=bool)

    def step(self, own: np.ndarray, opp: np.ndarray) -> np.ndarray:
        k, t = own.shape[0], self.t
        if t == 0:
            return np.zeros(k, dtype=_U8)
        score, defect_mode = self._score[:k], self._defect_mode[:k]
        score += self.payoff[np.arange(k), own[:, -1], opp[:, -1]]
        threshold = self._CHECKPOINTS.get(t + 1)
        if threshold is not None:
            defect_mode |= score < threshold
        return np.where(defect_mode, 1, opp[:, -1]).astype(_U8)


class SecondByGetzler(_SecondTournamentEntry):
    """Getzler (Abraham Getzler, K35R; eleventh in Axelrod 1980b), as defined in the
    Axelrod library.

    Cooperates first, then defects with probability equal to its "flack": the sum over
    the opponent's past defections of one half to the power of how many moves ago each
    happened (the last move counting 1/2), so that a defection's weight halves every
    move.
    """

    name = "Second by Getzler"
    family = "forgiving"
    stochastic = True
    aliases = ("Getzler", "K35R")
    history_window = 1

    def reset(self, n: int, rng: np.random.Generator, payoff: np.ndarray) -> None:
        super().reset(n, rng, payoff)
        self._flack = np.zeros(n, dtype=np.float64)

    def step(self, own: np.ndarray, opp: np.ndarray) -> np.ndarray:
        k, t = own.shape[0], self.t
        if t == 0:
            return np.zeros(k, dtype=_U8)
        flack = self._flack[:k]
        flack += opp[:, -1]
        flack *= 0.5
        return _cooperate_with(1.0 - flack, self.rng.random(k))


# Second by Black: probability of cooperating after 0..5 defections in the last five
_BLACK_COOPERATION = np.array([1.0, 1.0, 0.88, 0.68, 0.4, 0.04])


class SecondByBlack(_SecondTournamentEntry):
    """Black (Paul E. Black, K83R; fifteenth in Axelrod 1980b), as defined in the Axelrod
    library.

    Cooperates on the first five moves. Then, with ``d`` the opponent's defections in its
    last five moves, it cooperates with probability ``1 - (d ** 2 - 1) / 25`` (1 for
    ``d = 0``): 1, 1, 0.88, 0.68, 0.4 and 0.04.
    """

    name = "Second by Black"
    family = "adaptive"
    memory_depth = 5
    stochastic = True
    aliases = ("K83R",)
    history_window = 5

    def step(self, own: np.ndarray, opp: np.ndarray) -> np.ndarray:
        k, t = own.shape[0], self.t
        if t < 5:
            return np.zeros(k, dtype=_U8)
        defections = opp[:, -5:].sum(axis=1, dtype=_I8)
        return _cooperate_with(_BLACK_COOPERATION[defections], self.rng.random(k))


class SecondByColbert(FiniteStateMachine):
    """Colbert (William Colbert, K51R; eighteenth in Axelrod 1980b), as defined in the
    Axelrod library.

    Cooperates on the first eight moves except the sixth, a defection. Then it answers
    an opponent's cooperation with a cooperation and a defection with the fixed chain
    defect, defect, cooperate, cooperate, ignoring the opponent during the chain. A
    finite-state machine of 11 states (the library's).
    """

    name = "Second by Colbert"
    family = "punishing"
    memory_depth = 4
    aliases = ("Colbert", "K51R")

    _TRANSITIONS = (
        *((s, o, s + 1, "D" if s == 4 else "C") for s in range(7) for o in "CD"),
        (7, "C", 7, "C"),
        (7, "D", 8, "D"),
        (8, "C", 9, "D"),
        (8, "D", 9, "D"),
        (9, "C", 10, "C"),
        (9, "D", 10, "C"),
        (10, "C", 7, "C"),
        (10, "D", 7, "C"),
    )

    def __init__(self) -> None:
        super().__init__(transitions=self._TRANSITIONS, initial_state=0, initial_move="C")
        self.set_params()

    def axelrod_name(self) -> str | None:
        return self.name
