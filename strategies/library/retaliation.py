"""Retaliation and punishment rules from the Axelrod library: Owen Campbell's Retaliate
and Limited Retaliate (each with its 2 and 3 variants), Geraint Palmer's Inverse
Punisher, and Eckhart's Level Punisher and Tricky Level Punisher.

Every rule here follows the Axelrod library's definition (version 4.13) move for move;
each class says which published strategy it is. All keep running counts updated from
the last turn.
"""

from __future__ import annotations

import numbers

import numpy as np

from strategies.base import Strategy, check_int
from strategies.library.punishing import Punisher

__all__ = [
    "InversePunisher",
    "LevelPunisher",
    "LimitedRetaliate",
    "LimitedRetaliate2",
    "LimitedRetaliate3",
    "Retaliate",
    "Retaliate2",
    "Retaliate3",
    "TrickyLevelPunisher",
]

_U8 = np.uint8


def _check_threshold(value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or value < 0:
        raise ValueError(
            f"retaliation_threshold must be a number >= 0 (a fraction such as 0.1), got {value!r}"
        )
    return float(value)


class _Exploitation(Strategy, abstract=True):
    """Shared state: how often each player was the sucker, counted from the last turn:
    ``_cd`` turns where this player cooperated and the opponent defected, ``_dc`` the
    reverse."""

    memory_depth = None
    history_window = 1
    family = "punishing"

    def reset(self, n: int, rng: np.random.Generator, payoff: np.ndarray) -> None:
        super().reset(n, rng, payoff)
        self._cd = np.zeros(n, dtype=np.int64)
        self._dc = np.zeros(n, dtype=np.int64)

    def _provoked(self, own: np.ndarray, opp: np.ndarray) -> np.ndarray:
        """Whether the opponent has exploited this player more than ``threshold`` times as
        often as the reverse (the library's float comparison)."""
        k = own.shape[0]
        cd, dc = self._cd[:k], self._dc[:k]
        if self.t > 0:
            mine, theirs = own[:, -1], opp[:, -1]
            cd += (mine == 0) & (theirs == 1)
            dc += (mine == 1) & (theirs == 0)
        return cd > dc * self.params["retaliation_threshold"]


class Retaliate(_Exploitation):
    """Retaliate (Owen Campbell's name in the Axelrod library): cooperates unless the
    opponent has defected against its cooperation more than ``retaliation_threshold``
    times as often as it has defected against the opponent's cooperation; then defects
    (until that is no longer so)."""

    name = "Retaliate"

    def __init__(self, retaliation_threshold: float = 0.1) -> None:
        super().__init__()
        self.set_params(retaliation_threshold=_check_threshold(retaliation_threshold))

    def step(self, own: np.ndarray, opp: np.ndarray) -> np.ndarray:
        return self._provoked(own, opp).astype(_U8)

    def axelrod_name(self) -> str | None:
        return f"{self.name}: {self.params['retaliation_threshold']}"


class Retaliate2(Retaliate):
    """Retaliate 2 (Owen Campbell's name in the Axelrod library): Retaliate with a
    threshold of 8 percent."""

    name = "Retaliate 2"

    def __init__(self, retaliation_threshold: float = 0.08) -> None:
        super().__init__(retaliation_threshold)


class Retaliate3(Retaliate):
    """Retaliate 3 (Owen Campbell's name in the Axelrod library): Retaliate with a
    threshold of 5 percent."""

    name = "Retaliate 3"

    def __init__(self, retaliation_threshold: float = 0.05) -> None:
        super().__init__(retaliation_threshold)


class LimitedRetaliate(_Exploitation):
    """Limited Retaliate (Owen Campbell's name in the Axelrod library): like Retaliate,
    defects while the opponent has defected against its cooperation more than
    ``retaliation_threshold`` times as often as the reverse, but at most
    ``retaliation_limit`` turns in a row: after that many retaliations it cooperates
    once, and counts again from zero. The count also starts over whenever the condition
    fails."""

    name = "Limited Retaliate"

    def __init__(self, retaliation_threshold: float = 0.1, retaliation_limit: int = 20) -> None:
        super().__init__()
        self.set_params(
            retaliation_threshold=_check_threshold(retaliation_threshold),
            retaliation_limit=check_int("retaliation_limit", retaliation_limit, 0),
        )

    def reset(self, n: int, rng: np.random.Generator, payoff: np.ndarray) -> None:
        super().reset(n, rng, payoff)
        self._count = np.zeros(n, dtype=np.int64)  # retaliations in a row

    def step(self, own: np.ndarray, opp: np.ndarray) -> np.ndarray:
        provoked = self._provoked(own, opp)
        count = self._count[: own.shape[0]]
        moves = provoked & (count < self.params["retaliation_limit"])
        count[:] = np.where(moves, count + 1, 0)
        return moves.astype(_U8)

    def axelrod_name(self) -> str | None:
        p = self.params
        return f"{self.name}: {p['retaliation_threshold']}, {p['retaliation_limit']}"


class LimitedRetaliate2(LimitedRetaliate):
    """Limited Retaliate 2 (Owen Campbell's name in the Axelrod library): Limited
    Retaliate with a threshold of 8 percent and at most 15 retaliations in a row."""

    name = "Limited Retaliate 2"

    def __init__(self, retaliation_threshold: float = 0.08, retaliation_limit: int = 15) -> None:
        super().__init__(retaliation_threshold, retaliation_limit)


class LimitedRetaliate3(LimitedRetaliate):
    """Limited Retaliate 3 (Owen Campbell's name in the Axelrod library): Limited
    Retaliate with a threshold of 5 percent and at most 20 retaliations in a row."""

    name = "Limited Retaliate 3"

    def __init__(self, retaliation_threshold: float = 0.05, retaliation_limit: int = 20) -> None:
        super().__init__(retaliation_threshold, retaliation_limit)


class InversePunisher(Punisher):
    """Inverse Punisher (Geraint Palmer's name in the Axelrod library): Punisher with the
    punishment measured by the opponent's cooperations instead of its defections.
    Cooperates until the opponent defects; answers that defection with D and defects
    ``L`` more turns whatever the opponent does, ``L = max(1, floor(20 * c / t))``,
    ``c`` being the opponent's cooperations in the ``t`` turns played so far; then looks
    at the opponent's last move again."""

    name = "Inverse Punisher"
    family = "punishing"
    memory_depth = None

    @staticmethod
    def _punishment(defections: np.ndarray, t: int) -> np.ndarray:
        return np.maximum((t - defections) * 20 // t, 1)

    def axelrod_name(self) -> str | None:
        return "Inverse Punisher"


class LevelPunisher(Strategy):
    """Level Punisher (Eckhart 2015, as in the Axelrod library): cooperates on the first
    ten turns; from then on defects whenever the opponent has defected in more than 20
    percent of the turns so far, and cooperates otherwise."""

    name = "Level Punisher"
    family = "punishing"
    memory_depth = None
    history_window = 1

    def reset(self, n: int, rng: np.random.Generator, payoff: np.ndarray) -> None:
        super().reset(n, rng, payoff)
        self._defections = np.zeros(n, dtype=np.int64)

    def step(self, own: np.ndarray, opp: np.ndarray) -> np.ndarray:
        k, t = opp.shape[0], self.t
        defections = self._defections[:k]
        if t > 0:
            defections += opp[:, -1]
        if t < 10:
            return np.zeros(k, dtype=_U8)
        return (defections / t > 0.2).astype(_U8)

    def axelrod_name(self) -> str | None:
        return "Level Punisher"


class TrickyLevelPunisher(Strategy):
    """Tricky Level Punisher (Eckhart 2015, as in the Axelrod library): cooperates first;
    defects while the opponent's share of defections so far exceeds 20 percent before
    turn 10, 10 percent before turn 50 or 5 percent before turn 100; from turn 100 on it
    always cooperates. As the library checks every level that applies, the 5 percent
    level rules all turns before the 100th: it defects whenever more than 5 percent of
    the opponent's moves so far were defections."""

    name = "Tricky Level Punisher"
    family = "punishing"
    memory_depth = None
    history_window = 1

    def reset(self, n: int, rng: np.random.Generator, payoff: np.ndarray) -> None:
        super().reset(n, rng, payoff)
        self._defections = np.zeros(n, dtype=np.int64)

    def step(self, own: np.ndarray, opp: np.ndarray) -> np.ndarray:
        k, t = opp.shape[0], self.t
        defections = self._defections[:k]
        if t > 0:
            defections += opp[:, -1]
        if t == 0 or t >= 100:
            return np.zeros(k, dtype=_U8)
        return (defections / t > 0.05).astype(_U8)

    def axelrod_name(self) -> str | None:
        return "Tricky Level Punisher"
