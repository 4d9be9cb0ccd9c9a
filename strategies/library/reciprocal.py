"""Relatives of Tit For Tat: slower, harder, contrite, forgiving and self-correcting
reciprocators.

Every rule here follows the Axelrod library's definition (version 4.13) move for move,
including under noise; each class says which published strategy it is.
"""

from __future__ import annotations

import numpy as np

from strategies.base import Strategy, check_int, check_probability

__all__ = [
    "AdaptiveTitForTat",
    "ContriteTitForTat",
    "ForgivingTitForTat",
    "HardTitForTat",
    "OmegaTFT",
    "TitForTwoTats",
    "TwoTitsForTat",
]

_U8 = np.uint8


def _cooperate(k: int) -> np.ndarray:
    return np.zeros(k, dtype=_U8)


class _WindowStrategy(Strategy, abstract=True):
    """Cooperates first, then defects iff the opponent's last ``window`` moves contain
    at least ``needed`` defections (only as many moves as were played count)."""

    window: int = 1
    needed: int = 1

    def step(self, own: np.ndarray, opp: np.ndarray) -> np.ndarray:
        k, t = opp.shape[0], self.t
        if t < self.needed:
            return _cooperate(k)
        recent = opp[:, -self.window :]  # all of it before turn `window`
        return (recent.sum(axis=1, dtype=np.int64) >= self.needed).astype(_U8)


class TitForTwoTats(_WindowStrategy):
    """Tit For Two Tats: cooperates unless the opponent defected on both of the last two
    turns (Axelrod 1984; John Maynard Smith's entry to Axelrod's second tournament)."""

    name = "Tit For Two Tats"
    family = "forgiving"
    memory_depth = 2
    history_window = 2
    aliases = ("Tit For 2 Tats", "TF2T")
    window, needed = 2, 2

    def axelrod_name(self) -> str | None:
        return "Tit For 2 Tats"


class TwoTitsForTat(_WindowStrategy):
    """Two Tits For Tat: cooperates first and answers each defection with two
    defections, i.e. defects iff the opponent defected in either of the last two turns
    (Axelrod 1984)."""

    name = "Two Tits For Tat"
    family = "reciprocal"
    memory_depth = 2
    history_window = 2
    aliases = ("2TFT",)
    window, needed = 2, 1

    def axelrod_name(self) -> str | None:
        return "Two Tits For Tat"


class HardTitForTat(_WindowStrategy):
    """Hard Tit For Tat: cooperates first, then defects iff the opponent defected in any
    of the last three turns (as defined in the Axelrod library, after PD2017)."""

    name = "Hard Tit For Tat"
    family = "reciprocal"
    memory_depth = 3
    history_window = 3
    window, needed = 3, 1

    def axelrod_name(self) -> str | None:
        return "Hard Tit For Tat"


class ContriteTitForTat(Strategy):
    """Contrite Tit For Tat (Wu & Axelrod 1995), as defined in the Axelrod library.

    Plays Tit For Tat, but remembers the moves it *meant* to play. When noise turned its
    intended C into a D against an opponent's C, it becomes contrite; while contrite, as
    soon as its last actual move is a C it cooperates once whatever the opponent did (so
    it accepts the opponent's retaliation instead of echoing it) and is no longer
    contrite. Without noise it plays exactly Tit For Tat.
    """

    name = "Contrite Tit For Tat"
    family = "reciprocal"
    # The contrite flag depends on the intended moves, which the history does not show.
    memory_depth = None
    history_window = 1

    def reset(self, n: int, rng: np.random.Generator, payoff: np.ndarray) -> None:
        super().reset(n, rng, payoff)
        self._contrite = np.zeros(n, dtype=bool)
        self._intended = np.zeros(n, dtype=_U8)

    def step(self, own: np.ndarray, opp: np.ndarray) -> np.ndarray:
        k, t = own.shape[0], self.t
        if t == 0:
            moves = _cooperate(k)
        else:
            contrite = self._contrite[:k]
            mine, theirs = own[:, -1], opp[:, -1]
            apologise = contrite & (mine == 0)
            provoked = (self._intended[:k] != mine) & (mine == 1) & (theirs == 0)
            contrite[:] = np.where(apologise, False, contrite | provoked)
            moves = np.where(apologise, 0, theirs).astype(_U8)
        self._intended[:k] = moves
        return moves

    def axelrod_name(self) -> str | None:
        return "Contrite Tit For Tat"


class ForgivingTitForTat(Strategy):
    """Forgiving Tit For Tat (Thomas Campbell, as defined in the Axelrod library):
    cooperates while the opponent has defected in at most 10% of the turns so far;
    beyond that, copies the opponent's last move."""

    name = "Forgiving Tit For Tat"
    family = "forgiving"
    memory_depth = None
    history_window = 1

    def reset(self, n: int, rng: np.random.Generator, payoff: np.ndarray) -> None:
        super().reset(n, rng, payoff)
        self._defections = np.zeros(n, dtype=np.int64)

    def step(self, own: np.ndarray, opp: np.ndarray) -> np.ndarray:
        k, t = opp.shape[0], self.t
        if t == 0:
            return _cooperate(k)
        defections = self._defections[:k]
        defections += opp[:, -1]
        # "more than 10% of the turns", in exact integer arithmetic
        return np.where(10 * defections > t, opp[:, -1], 0).astype(_U8)

    def axelrod_name(self) -> str | None:
        return "Forgiving Tit For Tat"


class OmegaTFT(Strategy):
    """Omega Tit For Tat (Slany & Kienreich 2007), as defined in the Axelrod library.

    Cooperates first and copies the opponent on turn two. From then on it keeps two
    counters. *Deadlock*: each turn the opponent changes its move, the counter grows (it
    is reset when the opponent repeats a move); once it reaches ``deadlock_threshold``,
    the strategy cooperates for two turns to break a C/D-D/C echo, then starts counting
    again. *Randomness*: otherwise, each turn the counter loses 1 when the opponent
    cooperated twice in a row and gains 1 when the opponent changed its move and 1 when
    the opponent's last move differs from its own; once it reaches
    ``randomness_threshold`` the strategy defects (for good, unless the counter falls
    again). Below both thresholds it plays Tit For Tat.
    """

    name = "Omega TFT"
    family = "reciprocal"
    memory_depth = None
    history_window = 2

    def __init__(self, deadlock_threshold: int = 3, randomness_threshold: int = 8) -> None:
        super().__init__()
        self.set_params(
            deadlock_threshold=check_int("deadlock_threshold", deadlock_threshold),
            randomness_threshold=check_int("randomness_threshold", randomness_threshold),
        )

    def reset(self, n: int, rng: np.random.Generator, payoff: np.ndarray) -> None:
        super().reset(n, rng, payoff)
        self._deadlock = np.zeros(n, dtype=np.int64)
        self._randomness = np.zeros(n, dtype=np.int64)

    def step(self, own: np.ndarray, opp: np.ndarray) -> np.ndarray:
        k, t = own.shape[0], self.t
        if t == 0:
            return _cooperate(k)
        last = opp[:, -1]
        if t == 1:
            return last.copy()
        dl_limit = self.params["deadlock_threshold"]
        rnd_limit = self.params["randomness_threshold"]
        deadlock, randomness = self._deadlock[:k], self._randomness[:k]
        previous = opp[:, -2]
        breaking = deadlock >= dl_limit
        # Deadlock breaking: cooperate, on the first turn of two move past the threshold,
        # on the second restart the count.
        new_deadlock = np.where(deadlock == dl_limit, dl_limit + 1, 0)
        # Otherwise update the randomness counter, then TFT or defect.
        changed = previous != last
        delta = changed.astype(np.int64) + (own[:, -1] != last) - ((previous == 0) & (last == 0))
        randomness += np.where(breaking, 0, delta)
        random_opp = ~breaking & (randomness >= rnd_limit)
        tft = ~breaking & ~random_opp
        deadlock[:] = np.where(
            breaking, new_deadlock, np.where(tft, np.where(changed, deadlock + 1, 0), deadlock)
        )
        moves = np.where(breaking, 0, np.where(random_opp, 1, last))
        return moves.astype(_U8)

    def axelrod_name(self) -> str | None:
        p = self.params
        return f"Omega TFT: {p['deadlock_threshold']}, {p['randomness_threshold']}"


class AdaptiveTitForTat(Strategy):
    """Adaptive Tit For Tat (Tzafestas 2000), basic model as in the Axelrod library.

    Keeps an estimate ``world`` of the opponent's cooperativeness, starting at ``rate``;
    after each opponent move it moves ``world`` a fraction ``rate`` of the way towards 1
    (after C) or 0 (after D). Cooperates first, then iff ``world >= 0.5``.
    """

    name = "Adaptive Tit For Tat"
    family = "reciprocal"
    memory_depth = None
    history_window = 1

    def __init__(self, rate: float = 0.5) -> None:
        super().__init__()
        self.set_params(rate=check_probability("rate", rate))

    def reset(self, n: int, rng: np.random.Generator, payoff: np.ndarray) -> None:
        super().reset(n, rng, payoff)
        self._world = np.full(n, self.params["rate"], dtype=np.float64)

    def step(self, own: np.ndarray, opp: np.ndarray) -> np.ndarray:
        k, t = opp.shape[0], self.t
        if t == 0:
            return _cooperate(k)
        rate = self.params["rate"]
        world = self._world[:k]
        # Same floating-point operations as the reference, so thresholds match exactly.
        world[:] = np.where(opp[:, -1] == 0, world + rate * (1.0 - world), world - rate * world)
        return (world < 0.5).astype(_U8)

    def axelrod_name(self) -> str | None:
        return f"Adaptive Tit For Tat: {self.params['rate']}"
