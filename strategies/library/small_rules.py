"""Small rules from the Axelrod library's catalogue, one library module each: Appeaser,
Doubler, Forgiver, Gradual Killer and Grumpy.

Every rule here follows the Axelrod library's definition (version 4.13) move for move,
including under noise; each class says which published strategy it is.
"""

from __future__ import annotations

import numbers

import numpy as np

from strategies.base import Strategy
from strategies.generic import MemoryOneStrategy

__all__ = ["Appeaser", "Doubler", "Forgiver", "GradualKiller", "Grumpy"]

_U8 = np.uint8


class Appeaser(MemoryOneStrategy):
    """Appeaser (Jochen Müller, as defined in the Axelrod library): tries to guess what
    the opponent wants. It cooperates first and keeps its last move, except that each
    defection of the opponent makes it switch (from C to D or from D to C).

    After CC it plays C, after CD it plays D, after DC it keeps D and after DD it goes
    back to C: move for move this is Win-Stay Lose-Shift, so it is played as the
    memory-one vector (1, 0, 0, 1). The library classifies its memory as unbounded (its
    rule is written over its own internal state), and so do we.
    """

    name = "Appeaser"
    family = "pavlovian"
    memory_depth = None

    def memory_one(self) -> tuple[tuple[float, float, float, float], float]:
        return (1.0, 0.0, 0.0, 1.0), 1.0

    def axelrod_name(self) -> str | None:
        return "Appeaser"


class Doubler(Strategy):
    """Doubler (from the 1998 "Prison" tournament collection, PRISON project; as defined
    in the Axelrod library): cooperates first; afterwards it defects only when the
    opponent's last move was a defection and the opponent has cooperated at most twice as
    often as it defected, and cooperates otherwise."""

    name = "Doubler"
    family = "forgiving"
    memory_depth = None
    history_window = 1

    def reset(self, n: int, rng: np.random.Generator, payoff: np.ndarray) -> None:
        super().reset(n, rng, payoff)
        self._defections = np.zeros(n, dtype=np.int64)  # the opponent's

    def step(self, own: np.ndarray, opp: np.ndarray) -> np.ndarray:
        k, t = opp.shape[0], self.t
        if t == 0:
            return np.zeros(k, dtype=_U8)
        defections = self._defections[:k]
        defections += opp[:, -1]
        cooperations = t - defections
        return ((opp[:, -1] == 1) & (cooperations <= 2 * defections)).astype(_U8)

    def axelrod_name(self) -> str | None:
        return "Doubler"


class Forgiver(Strategy):
    """Forgiver (Thomas Campbell, as defined in the Axelrod library): cooperates while
    the opponent has defected in at most 10% of the turns so far, and defects whenever
    it has defected more often than that. It forgives occasional defections (hence the
    family), but not a defection rate above 10%."""

    name = "Forgiver"
    family = "forgiving"
    memory_depth = None
    history_window = 1

    def reset(self, n: int, rng: np.random.Generator, payoff: np.ndarray) -> None:
        super().reset(n, rng, payoff)
        self._defections = np.zeros(n, dtype=np.int64)  # the opponent's

    def step(self, own: np.ndarray, opp: np.ndarray) -> np.ndarray:
        k, t = opp.shape[0], self.t
        defections = self._defections[:k]
        if t > 0:
            defections += opp[:, -1]
        # defections > t / 10, in integers (the same for every integer t)
        return (10 * defections > t).astype(_U8)

    def axelrod_name(self) -> str | None:
        return "Forgiver"


_KILLER_OPENING = np.array([1, 1, 1, 1, 1, 0, 0], dtype=_U8)


class GradualKiller(Strategy):
    """Gradual Killer (from the 1998 "Prison" tournament collection, PRISON project; as
    defined in the Axelrod library): designed to stop Gradual from beating Tit For Tat
    in a three-player tournament. It opens with five defections and two cooperations
    (D, D, D, D, D, C, C); then it defects for the rest of the match if the opponent
    defected on both moves 6 and 7, and cooperates for the rest of the match otherwise.
    """

    name = "Gradual Killer"
    family = "probing"
    memory_depth = None
    history_window = 1

    def reset(self, n: int, rng: np.random.Generator, payoff: np.ndarray) -> None:
        super().reset(n, rng, payoff)
        self._kill = np.ones(n, dtype=_U8)  # the opponent defected on moves 6 and 7

    def step(self, own: np.ndarray, opp: np.ndarray) -> np.ndarray:
        k, t = opp.shape[0], self.t
        kill = self._kill[:k]
        if t in (6, 7):
            kill &= opp[:, -1]
        if t < len(_KILLER_OPENING):
            return np.full(k, _KILLER_OPENING[t], dtype=_U8)
        return kill.copy()

    def axelrod_name(self) -> str | None:
        return "Gradual Killer: (D, D, D, D, D, C, C)"


_STATES = ("Nice", "Grumpy")


def _check_threshold(name: str, value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise ValueError(f"{name} must be an integer, got {value!r}")
    return int(value)


class Grumpy(Strategy):
    """Grumpy (Jason Young, as defined in the Axelrod library): its grumpiness is the
    opponent's number of defections minus its number of cooperations so far. It starts
    in ``starting_state`` ("Nice" or "Grumpy"). Nice, it cooperates until the grumpiness
    exceeds ``grumpy_threshold`` (10); then it turns Grumpy and defects until the
    grumpiness falls below ``nice_threshold`` (-10), when it turns Nice again.
    """

    name = "Grumpy"
    family = "punishing"
    memory_depth = None
    history_window = 1

    def __init__(
        self, starting_state: str = "Nice", grumpy_threshold: int = 10, nice_threshold: int = -10
    ) -> None:
        super().__init__()
        if starting_state not in _STATES:
            raise ValueError(f"starting_state must be 'Nice' or 'Grumpy', got {starting_state!r}")
        self.set_params(
            starting_state=starting_state,
            grumpy_threshold=_check_threshold("grumpy_threshold", grumpy_threshold),
            nice_threshold=_check_threshold("nice_threshold", nice_threshold),
        )

    def reset(self, n: int, rng: np.random.Generator, payoff: np.ndarray) -> None:
        super().reset(n, rng, payoff)
        grumpy = self.params["starting_state"] == "Grumpy"
        self._grumpy = np.full(n, grumpy, dtype=bool)
        self._grumpiness = np.zeros(n, dtype=np.int64)

    def step(self, own: np.ndarray, opp: np.ndarray) -> np.ndarray:
        k, t = opp.shape[0], self.t
        grumpy, grumpiness = self._grumpy[:k], self._grumpiness[:k]
        if t > 0:
            grumpiness += 2 * opp[:, -1].astype(np.int64) - 1
        becomes_grumpy = ~grumpy & (grumpiness > self.params["grumpy_threshold"])
        becomes_nice = grumpy & (grumpiness < self.params["nice_threshold"])
        grumpy ^= becomes_grumpy | becomes_nice
        return grumpy.astype(_U8)

    def axelrod_name(self) -> str | None:
        p = self.params
        return f"Grumpy: {p['starting_state']}, {p['grumpy_threshold']}, {p['nice_threshold']}"
