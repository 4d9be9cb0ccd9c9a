"""Strategies that test the opponent, then exploit or reciprocate, and a few close
relatives: Prober, Detective, Handshake, Firm But Fair, Joss, Bully, Fool Me Once."""

from __future__ import annotations

from typing import ClassVar

import numpy as np

from strategies.base import Strategy, as_actions, check_probability, moves_to_str
from strategies.generic import MemoryOneStrategy

__all__ = [
    "Bully",
    "Detective",
    "FirmButFair",
    "FoolMeOnce",
    "Handshake",
    "Joss",
    "Prober",
]

_U8 = np.uint8


def _opening(name: str, moves: object) -> np.ndarray:
    """A non-empty opening sequence given as a string of C and D."""
    if not isinstance(moves, str) or not moves:
        raise ValueError(f"{name} must be a non-empty string of C and D, got {moves!r}")
    return as_actions(moves, name)


def _axelrod_list(moves: str) -> str:
    """``"CDC"`` -> ``"[C, D, C]"``, as the Axelrod library prints a list of actions."""
    return "[" + ", ".join(moves) + "]"


class Prober(Strategy):
    """Prober (Li & Kendall 2011, as defined in the Axelrod library): plays D, C, C;
    if the opponent cooperated on both the second and third turns it defects for the
    rest of the match, otherwise it plays Tit For Tat."""

    name = "Prober"
    family = "probing"
    memory_depth = None
    history_window = 1
    #: its first moves (D, C, C); subclasses change it (Hard Prober: D, D, C, C)
    opening: ClassVar[np.ndarray] = np.array([1, 0, 0], dtype=_U8)

    def reset(self, n: int, rng: np.random.Generator, payoff: np.ndarray) -> None:
        super().reset(n, rng, payoff)
        self._exploit = np.ones(n, dtype=bool)  # the opponent's moves 2 and 3 were C

    def step(self, own: np.ndarray, opp: np.ndarray) -> np.ndarray:
        k, t = own.shape[0], self.t
        exploit = self._exploit[:k]
        if t in (2, 3):
            exploit &= opp[:, -1] == 0
        if t < len(self.opening):
            return np.full(k, self.opening[t], dtype=_U8)
        return np.where(exploit, _U8(1), opp[:, -1]).astype(_U8)

    def axelrod_name(self) -> str | None:
        return "Prober"


class Detective(Strategy):
    """Detective (Nicky Case, *The Evolution of Trust*, 2017; as in the Axelrod
    library): opens with ``initial_actions`` (C, D, C, C by default); if the opponent
    never defected during the opening it defects for the rest of the match, otherwise
    it plays Tit For Tat."""

    name = "Detective"
    family = "probing"
    memory_depth = None
    history_window = 1

    def __init__(self, initial_actions: str = "CDCC") -> None:
        super().__init__()
        self._opening = _opening("initial_actions", initial_actions)
        self.set_params(initial_actions=moves_to_str(self._opening))

    def reset(self, n: int, rng: np.random.Generator, payoff: np.ndarray) -> None:
        super().reset(n, rng, payoff)
        self._exploit = np.ones(n, dtype=bool)  # no defection in the opening so far

    def step(self, own: np.ndarray, opp: np.ndarray) -> np.ndarray:
        k, t = own.shape[0], self.t
        size = len(self._opening)
        exploit = self._exploit[:k]
        if 0 < t <= size:
            exploit &= opp[:, -1] == 0
        if t < size:
            return np.full(k, self._opening[t], dtype=_U8)
        return np.where(exploit, _U8(1), opp[:, -1]).astype(_U8)

    def axelrod_name(self) -> str | None:
        moves = self.params["initial_actions"]
        return "Detective" if moves == "CDCC" else f"Detective: {_axelrod_list(moves)}"


class Handshake(Strategy):
    """Handshake (Robson 1990, as defined in the Axelrod library): opens with
    ``initial_plays`` (C, D by default); if the opponent opened with the same moves it
    cooperates for the rest of the match, otherwise it defects for the rest of the match."""

    name = "Handshake"
    family = "probing"
    memory_depth = None
    history_window = 1

    def __init__(self, initial_plays: str = "CD") -> None:
        super().__init__()
        self._opening = _opening("initial_plays", initial_plays)
        self.set_params(initial_plays=moves_to_str(self._opening))

    def reset(self, n: int, rng: np.random.Generator, payoff: np.ndarray) -> None:
        super().reset(n, rng, payoff)
        self._move = np.zeros(n, dtype=_U8)  # 1 once the opponent left the handshake

    def step(self, own: np.ndarray, opp: np.ndarray) -> np.ndarray:
        k, t = own.shape[0], self.t
        size = len(self._opening)
        move = self._move[:k]
        if 0 < t <= size:
            move |= opp[:, -1] != self._opening[t - 1]
        if t < size:
            return np.full(k, self._opening[t], dtype=_U8)
        return move.copy()

    def axelrod_name(self) -> str | None:
        moves = self.params["initial_plays"]
        return "Handshake" if moves == "CD" else f"Handshake: {_axelrod_list(moves)}"


class FirmButFair(MemoryOneStrategy):
    """Firm But Fair (Frean 1994, as defined in the Axelrod library): cooperates first
    and after CC or DC, defects after being suckered (CD), and after mutual defection
    cooperates with probability 2/3."""

    name = "Firm But Fair"
    family = "forgiving"
    stochastic = True

    def memory_one(self):
        return (1.0, 0.0, 1.0, 2 / 3), 1.0

    def axelrod_name(self) -> str | None:
        return "Firm But Fair"


class Joss(MemoryOneStrategy):
    """Joss (Johann Joss, Axelrod's first tournament, 1980): Tit For Tat that, after the
    opponent cooperated, cooperates only with probability ``p`` (0.9 in the tournament)
    and sneaks in a defection otherwise; it always defects after a defection. Also
    called Hard Joss (Stewart & Plotkin 2012).

    Family "reciprocal": its move is Tit For Tat's except for the occasional sneaky
    defection, so it cooperates about 90% of the time with cooperators and mirrors
    defectors; it does not mostly defect."""

    name = "Joss"
    family = "reciprocal"
    stochastic = True
    aliases = ("First by Joss", "Hard Joss")

    def __init__(self, p: float = 0.9) -> None:
        super().__init__()
        self.set_params(p=check_probability("p", p))

    def memory_one(self):
        p = self.params["p"]
        return (p, 0.0, p, 0.0), 1.0

    def axelrod_name(self) -> str | None:
        return f"First by Joss: {self.params['p']}"


class Bully(MemoryOneStrategy):
    """Bully, or Reverse Tit For Tat (Nachbar 1992; as defined in the Axelrod library):
    defects first, then plays the opposite of the opponent's previous move."""

    name = "Bully"
    family = "defecting"

    def memory_one(self):
        return (0.0, 1.0, 0.0, 1.0), 0.0

    def axelrod_name(self) -> str | None:
        return "Bully"


class FoolMeOnce(Strategy):
    """Fool Me Once (Marc Harper, as defined in the Axelrod library): cooperates until
    the opponent has defected twice, then defects for the rest of the match; the first
    defection is forgiven.

    Family "punishing": after the second defection it punishes forever, a grudge far
    longer than the hurt (a Grudger with one defection of tolerance)."""

    name = "Fool Me Once"
    family = "punishing"
    memory_depth = None
    history_window = 1

    def reset(self, n: int, rng: np.random.Generator, payoff: np.ndarray) -> None:
        super().reset(n, rng, payoff)
        self._defections = np.zeros(n, dtype=np.int64)

    def step(self, own: np.ndarray, opp: np.ndarray) -> np.ndarray:
        k, t = own.shape[0], self.t
        defections = self._defections[:k]
        if t > 0:
            defections += opp[:, -1]
        return (defections > 1).astype(_U8)

    def axelrod_name(self) -> str | None:
        return "Fool Me Once"
