"""Strategies that play a sequence fixed in advance, and the Axelrod library's
"mathematical constant" players.

* The named cyclers of the Axelrod library (Cycler CCD, Cycler DC, ...): the generic
  :class:`~strategies.generic.CyclerStrategy` with a fixed pattern.
* Anti Cycler, which plays a sequence without cycles, and the Thue-Morse sequence
  and its inverse: the move of turn ``t`` is computed in closed form, O(1) per turn.
* The ratio players ``$\\phi$``, ``$\\pi$`` and ``$e$``, which steer the ratio of
  cooperations to defections of the match (both players' moves together) towards a
  mathematical constant, from running counts.

Every rule follows the Axelrod library's definition (version 4.13) move for move.
"""

from __future__ import annotations

import math
from typing import ClassVar

import numpy as np

from strategies.base import Strategy
from strategies.generic import CyclerStrategy

__all__ = [
    "AntiCycler",
    "CotoDeRatio",
    "CyclerCCCCCD",
    "CyclerCCCD",
    "CyclerCCCDCD",
    "CyclerCCD",
    "CyclerDC",
    "CyclerDDC",
    "Golden",
    "Pi",
    "ThueMorse",
    "ThueMorseInverse",
    "anti_cycler_move",
    "thue_morse",
    "e",
]

_U8 = np.uint8
_C, _D = _U8(0), _U8(1)


# -- named cyclers -----------------------------------------------------------------------


class _NamedCycler(CyclerStrategy, abstract=True):
    """A cycler with the fixed pattern ``cycle`` (no parameters)."""

    cycle: ClassVar[str] = ""
    family = "periodic"

    def __init__(self) -> None:
        super().__init__(pattern=self.cycle)
        self.set_params()  # the pattern is fixed: no parameters

    def axelrod_name(self) -> str | None:
        return self.name


class CyclerDC(_NamedCycler):
    """Cycler DC (Marc Harper, Axelrod library): repeats D, C, D, C, ... whatever the
    opponent does (Alternator opening with a defection)."""

    name = "Cycler DC"
    memory_depth = 1
    cycle = "DC"


class CyclerCCD(_NamedCycler):
    """Cycler CCD (Marc Harper, Axelrod library; the periodic player CCD of Mittal &
    Deb 2009): repeats C, C, D whatever the opponent does."""

    name = "Cycler CCD"
    aliases = ("Periodic Player CCD",)
    memory_depth = 2
    cycle = "CCD"


class CyclerDDC(_NamedCycler):
    """Cycler DDC (Marc Harper, Axelrod library; the periodic player DDC of Mittal &
    Deb 2009): repeats D, D, C whatever the opponent does."""

    name = "Cycler DDC"
    aliases = ("Periodic Player DDC",)
    memory_depth = 2
    cycle = "DDC"


class CyclerCCCD(_NamedCycler):
    """Cycler CCCD (Marc Harper, Axelrod library): repeats C, C, C, D whatever the
    opponent does."""

    name = "Cycler CCCD"
    memory_depth = 3
    cycle = "CCCD"


class CyclerCCCCCD(_NamedCycler):
    """Cycler CCCCCD (Marc Harper, Axelrod library): repeats five cooperations and a
    defection whatever the opponent does."""

    name = "Cycler CCCCCD"
    memory_depth = 5
    cycle = "CCCCCD"


class CyclerCCCDCD(_NamedCycler):
    """Cycler CCCDCD (Marc Harper, Axelrod library): repeats C, C, C, D, C, D whatever
    the opponent does."""

    name = "Cycler CCCDCD"
    memory_depth = 5
    cycle = "CCCDCD"


# -- sequences without cycles ----------------------------------------------------------------


def anti_cycler_move(t: int) -> int:
    """Anti Cycler's move on turn ``t`` (from 0): C, D, D, then blocks of ``m``
    cooperations and a defection for m = 1, 2, 3, ...: ``CDD CD CCD CCCD ...``.

    After the opening, the defection ending block ``m`` falls on ``j = t - 3 =
    m (m + 3) / 2 - 1``, that is when ``9 + 8 (j + 1)`` is a perfect square.
    """
    if t < 3:
        return (0, 1, 1)[t]
    q = 9 + 8 * (t - 2)
    return int(math.isqrt(q) ** 2 == q)


def thue_morse(t: int) -> int:
    """Term ``t`` (from 0) of the Thue-Morse sequence 0 1 1 0 1 0 0 1 ...: the parity of
    the number of ones in the binary digits of ``t``."""
    return t.bit_count() & 1


class AntiCycler(Strategy):
    """AntiCycler (Marc Harper, Axelrod library): plays a sequence that never settles
    into a cycle, whatever the opponent does: C, D, D, then C D, C C D, C C C D, ...
    (blocks of one more cooperation each time, each closed by a defection). A test for
    strategies that detect cycles. The move of each turn comes from a closed form."""

    name = "AntiCycler"
    aliases = ("Anti Cycler",)
    family = "periodic"  # a fixed sequence, though not a periodic one
    memory_depth = None
    history_window = 0

    def __init__(self) -> None:
        super().__init__()
        self.set_params()

    def step(self, own: np.ndarray, opp: np.ndarray) -> np.ndarray:
        return np.full(own.shape[0], anti_cycler_move(self.t), dtype=_U8)

    def axelrod_name(self) -> str | None:
        return self.name


class ThueMorse(Strategy):
    """ThueMorse (Geraint Palmer, Axelrod library): plays the Thue-Morse sequence
    0 1 1 0 1 0 0 1 1 0 0 1 0 1 1 0 ... with 1 = cooperate and 0 = defect (so it opens
    D, C, C, D), whatever the opponent does. The sequence is cube-free: it never repeats
    a block three times in a row. Term ``t`` is the parity of the binary digits of
    ``t`` (Wolfram MathWorld, Thue-Morse Sequence), computed in O(1)."""

    name = "ThueMorse"
    aliases = ("Thue Morse",)
    family = "periodic"  # a fixed sequence, though not a periodic one
    memory_depth = None
    history_window = 0
    #: the move played on a term 1 of the sequence
    _on_one: ClassVar[int] = 0

    def __init__(self) -> None:
        super().__init__()
        self.set_params()

    def step(self, own: np.ndarray, opp: np.ndarray) -> np.ndarray:
        move = self._on_one ^ (1 - thue_morse(self.t))
        return np.full(own.shape[0], move, dtype=_U8)

    def axelrod_name(self) -> str | None:
        return self.name


class ThueMorseInverse(ThueMorse):
    """ThueMorseInverse (Geraint Palmer, Axelrod library): the Thue-Morse sequence with
    0 = cooperate and 1 = defect (it opens C, D, D, C), whatever the opponent does."""

    name = "ThueMorseInverse"
    aliases = ("Inverse Thue Morse", "Thue Morse Inverse")
    _on_one = 1


# -- ratio players ----------------------------------------------------------------------------


class CotoDeRatio(Strategy, abstract=True):
    """Steers the ratio of cooperations to defections in the match, counting both
    players' moves, towards ``ratio`` (Timothy Standen, Axelrod library's
    "Co to Do Ratio"): cooperates on the first turn and defects while the opponent has
    never defected; then defects when cooperations / defections is above ``ratio`` and
    cooperates otherwise. Running counts, O(1) per turn."""

    ratio: ClassVar[float] = 1.0
    family = "adaptive"
    memory_depth = None
    history_window = 1

    def __init__(self) -> None:
        super().__init__()
        self.set_params()

    def reset(self, n: int, rng: np.random.Generator, payoff: np.ndarray) -> None:
        super().reset(n, rng, payoff)
        self._defections = np.zeros(n, dtype=np.int64)  # both players' defections
        self._opp_defections = np.zeros(n, dtype=np.int64)

    def step(self, own: np.ndarray, opp: np.ndarray) -> np.ndarray:
        k, t = own.shape[0], self.t
        if t == 0:
            return np.full(k, _C, dtype=_U8)
        defections, opp_defections = self._defections[:k], self._opp_defections[:k]
        opp_defections += opp[:, -1]
        defections += own[:, -1].astype(np.int64) + opp[:, -1]
        cooperations = 2 * t - defections
        ratio = cooperations / np.maximum(defections, 1)  # float64 division, as Python's
        moves = np.where((opp_defections == 0) | (ratio > self.ratio), _D, _C)
        return moves.astype(_U8)

    def axelrod_name(self) -> str | None:
        return self.name


class Golden(CotoDeRatio):
    """$\\phi$ (Golden; Timothy Standen, Axelrod library): steers the ratio of
    cooperations to defections in the match towards the golden ratio (1 + sqrt 5) / 2:
    cooperates first and defects while the opponent has never defected, then defects
    when the ratio is above it and cooperates otherwise."""

    name = "$\\phi$"
    aliases = ("Golden", "Phi")
    ratio = (1 + math.sqrt(5)) / 2


class Pi(CotoDeRatio):
    """$\\pi$ (Timothy Standen, Axelrod library): steers the ratio of cooperations to
    defections in the match towards pi: cooperates first and defects while the opponent
    has never defected, then defects when the ratio is above pi and cooperates
    otherwise."""

    name = "$\\pi$"
    aliases = ("Pi",)
    ratio = math.pi


class e(CotoDeRatio):  # noqa: N801 - the library's class name
    """$e$ (Timothy Standen, Axelrod library): steers the ratio of cooperations to
    defections in the match towards e: cooperates first and defects while the opponent
    has never defected, then defects when the ratio is above e and cooperates
    otherwise."""

    name = "$e$"
    aliases = ("e",)
    ratio = math.e
