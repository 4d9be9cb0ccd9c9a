"""Strong hand-designed strategies from the research literature collected by the
Axelrod library, and a few classroom favourites: Spiteful, Slow, Dynamic and Sneaky
variants of Tit For Tat, the Hard, Naive and Remorseful Probers, and the Tricky
Cooperator and Defector (the Derived Belief Strategy has a module of its own:
:mod:`strategies.library.dbs`).

Every rule here follows the Axelrod library's definition (version 4.13) move for move;
each class says which published strategy it is and where ours differs.
"""

from __future__ import annotations

import numpy as np

from strategies.base import Strategy, check_probability
from strategies.generic import MemoryOneStrategy
from strategies.library.probing import Prober

__all__ = [
    "DynamicTwoTitsForTat",
    "HardProber",
    "NaiveProber",
    "RemorsefulProber",
    "SlowTitForTwoTats",
    "SneakyTitForTat",
    "SpitefulTitForTat",
    "TrickyCooperator",
    "TrickyDefector",
]

_U8 = np.uint8


# -- Tit For Tat variants --------------------------------------------------------------


class SpitefulTitForTat(Strategy):
    """Spiteful Tit For Tat (Prison 1998, as defined in the Axelrod library): plays Tit
    For Tat until the opponent defects twice in a row, then defects for the rest of the
    match."""

    name = "Spiteful Tit For Tat"
    family = "punishing"
    memory_depth = None
    history_window = 2

    def reset(self, n: int, rng: np.random.Generator, payoff: np.ndarray) -> None:
        super().reset(n, rng, payoff)
        self._spite = np.zeros(n, dtype=bool)

    def step(self, own: np.ndarray, opp: np.ndarray) -> np.ndarray:
        k, t = opp.shape[0], self.t
        if t == 0:
            return np.zeros(k, dtype=_U8)
        spite = self._spite[:k]
        if t >= 2:
            spite |= (opp[:, -1] == 1) & (opp[:, -2] == 1)
        return (spite | (opp[:, -1] == 1)).astype(_U8)

    def axelrod_name(self) -> str | None:
        return "Spiteful Tit For Tat"


class SlowTitForTwoTats(Strategy):
    """Slow Tit For Two Tats (Prison 1998's "Slow Tit For Tat"; the Axelrod library's
    SlowTitForTwoTats2): cooperates twice, then plays the opponent's move if it played
    the same move on the last two turns, and repeats its own last move otherwise."""

    name = "Slow Tit For Two Tats"
    family = "forgiving"
    memory_depth = 2
    history_window = 2
    aliases = ("Slow Tit For Tat",)

    def step(self, own: np.ndarray, opp: np.ndarray) -> np.ndarray:
        k, t = opp.shape[0], self.t
        if t < 2:
            return np.zeros(k, dtype=_U8)
        return np.where(opp[:, -1] == opp[:, -2], opp[:, -1], own[:, -1]).astype(_U8)

    def axelrod_name(self) -> str | None:
        return "Slow Tit For Two Tats 2"


class DynamicTwoTitsForTat(Strategy):
    """Dynamic Two Tits For Tat (Grant Garrett-Grossman, as defined in the Axelrod
    library): cooperates first and whenever the opponent cooperated on both of its last
    two turns; after a defection in those turns it cooperates with probability equal
    to the opponent's overall cooperation rate so far."""

    name = "Dynamic Two Tits For Tat"
    family = "forgiving"
    memory_depth = None
    history_window = 2
    stochastic = True

    def reset(self, n: int, rng: np.random.Generator, payoff: np.ndarray) -> None:
        super().reset(n, rng, payoff)
        self._cooperations = np.zeros(n, dtype=np.int64)

    def step(self, own: np.ndarray, opp: np.ndarray) -> np.ndarray:
        k, t = opp.shape[0], self.t
        if t == 0:
            return np.zeros(k, dtype=_U8)
        cooperations = self._cooperations[:k]
        cooperations += 1 - opp[:, -1].astype(np.int64)
        provoked = opp[:, -2:].any(axis=1)
        forgive = self.rng.random(k) < cooperations / t
        return (provoked & ~forgive).astype(_U8)

    def axelrod_name(self) -> str | None:
        return "Dynamic Two Tits For Tat"


class SneakyTitForTat(Strategy):
    """Sneaky Tit For Tat (Karol Langner, as defined in the Axelrod library):
    cooperates twice, then defects as long as the opponent has never defected; once it
    has, plays Tit For Tat, except that it cooperates (repents) when the opponent
    defected last turn and it defected the turn before."""

    name = "Sneaky Tit For Tat"
    family = "probing"
    memory_depth = None
    history_window = 2

    def reset(self, n: int, rng: np.random.Generator, payoff: np.ndarray) -> None:
        super().reset(n, rng, payoff)
        self._provoked = np.zeros(n, dtype=bool)

    def step(self, own: np.ndarray, opp: np.ndarray) -> np.ndarray:
        k, t = opp.shape[0], self.t
        if t == 0:
            return np.zeros(k, dtype=_U8)
        provoked = self._provoked[:k]
        provoked |= opp[:, -1] == 1
        if t < 2:
            return np.zeros(k, dtype=_U8)
        repent = (opp[:, -1] == 1) & (own[:, -2] == 1)
        move = np.where(repent, _U8(0), opp[:, -1])
        return np.where(provoked, move, _U8(1)).astype(_U8)

    def axelrod_name(self) -> str | None:
        return "Sneaky Tit For Tat"


# -- probers ---------------------------------------------------------------------------


class HardProber(Prober):
    """Hard Prober (Prison 1998, as defined in the Axelrod library): plays D, D, C, C;
    if the opponent cooperated on both the second and third turns it defects for the
    rest of the match, otherwise it plays Tit For Tat. :class:`Prober` with a longer
    opening."""

    name = "Hard Prober"
    family = "probing"
    memory_depth = None
    opening = np.array([1, 1, 0, 0], dtype=_U8)

    def axelrod_name(self) -> str | None:
        return "Hard Prober"


class NaiveProber(MemoryOneStrategy):
    """Naive Prober (Li & Kendall 2011, as defined in the Axelrod library): Tit For Tat
    that, after the opponent cooperated, defects with probability ``p`` (0.1)."""

    name = "Naive Prober"
    family = "probing"
    stochastic = True

    def __init__(self, p: float = 0.1) -> None:
        super().__init__()
        self.set_params(p=check_probability("p", p))

    def memory_one(self):
        cooperate = 1.0 - self.params["p"]
        return (cooperate, 0.0, cooperate, 0.0), 1.0

    def axelrod_name(self) -> str | None:
        return f"Naive Prober: {self.params['p']!r}"


class RemorsefulProber(Strategy):
    """Remorseful Prober (Li & Kendall 2011, as defined in the Axelrod library): Naive
    Prober (Tit For Tat that, after the opponent cooperated, defects with probability
    ``p``) that remembers whether its last move was such a probe: if the opponent
    answers a probe with a defection, it cooperates instead of retaliating ("one free
    hit", Dawkins, *The Selfish Gene*). What counts is the move it chose, even if noise
    changed it."""

    name = "Remorseful Prober"
    family = "probing"
    memory_depth = 2
    history_window = 1
    stochastic = True

    def __init__(self, p: float = 0.1) -> None:
        super().__init__()
        self.set_params(p=check_probability("p", p))

    def is_stochastic(self) -> bool:
        return 0.0 < self.params["p"] < 1.0

    def reset(self, n: int, rng: np.random.Generator, payoff: np.ndarray) -> None:
        super().reset(n, rng, payoff)
        self._probing = np.zeros(n, dtype=bool)

    def step(self, own: np.ndarray, opp: np.ndarray) -> np.ndarray:
        k, t = opp.shape[0], self.t
        if t == 0:
            return np.zeros(k, dtype=_U8)
        probing = self._probing[:k]
        provoked = opp[:, -1] == 1
        probe = ~provoked & (self.rng.random(k) >= 1.0 - self.params["p"])
        move = (provoked & ~probing) | probe
        probing[:] = probe
        return move.astype(_U8)

    def axelrod_name(self) -> str | None:
        return f"Remorseful Prober: {self.params['p']!r}"


# -- tricksters ------------------------------------------------------------------------


class TrickyCooperator(Strategy):
    """Tricky Cooperator (Karol Langner, as defined in the Axelrod library): cooperates
    on the first three turns; afterwards it defects whenever the opponent did not defect
    in its last 10 moves, and cooperates otherwise. Family "defecting": it exploits
    cooperators (it defects for ever against Cooperator)."""

    name = "Tricky Cooperator"
    family = "defecting"
    memory_depth = 10
    history_window = 10

    def step(self, own: np.ndarray, opp: np.ndarray) -> np.ndarray:
        k, t = opp.shape[0], self.t
        if t < 3:
            return np.zeros(k, dtype=_U8)
        return (~opp[:, -10:].any(axis=1)).astype(_U8)

    def axelrod_name(self) -> str | None:
        return "Tricky Cooperator"


class TrickyDefector(Strategy):
    """Tricky Defector (Karol Langner, as defined in the Axelrod library): defects,
    except that it cooperates when the opponent defected on each of the last three
    turns after having cooperated at least once, to lure it back into cooperating."""

    name = "Tricky Defector"
    family = "defecting"
    memory_depth = None
    history_window = 3

    def reset(self, n: int, rng: np.random.Generator, payoff: np.ndarray) -> None:
        super().reset(n, rng, payoff)
        self._cooperated = np.zeros(n, dtype=bool)

    def step(self, own: np.ndarray, opp: np.ndarray) -> np.ndarray:
        k, t = opp.shape[0], self.t
        if t == 0:
            return np.ones(k, dtype=_U8)
        cooperated = self._cooperated[:k]
        cooperated |= opp[:, -1] == 0
        if t < 3:
            return np.ones(k, dtype=_U8)
        lure = cooperated & opp[:, -3:].all(axis=1)
        return (~lure).astype(_U8)

    def axelrod_name(self) -> str | None:
        return "Tricky Defector"
