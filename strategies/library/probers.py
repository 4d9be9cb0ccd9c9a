"""Probers from the Axelrod library that test the opponent with a fixed opening and then
cooperate, defect or play Tit For Tat depending on the answer: Prober 2, 3 and 4 (from
the PRISON project, 1998) and Li's Collective Strategy, a handshake.

Every rule here follows the Axelrod library's definition (version 4.13) move for move;
each class says which published strategy it is.
"""

from __future__ import annotations

import numpy as np

from strategies.base import Strategy, as_actions

__all__ = ["CollectiveStrategy", "Prober2", "Prober3", "Prober4"]

_U8 = np.uint8


class CollectiveStrategy(Strategy):
    """Collective Strategy (Li & Kendall 2009, as in the Axelrod library): a handshake.
    Plays C then D; if the opponent opened with the same C, D, cooperates until the
    opponent defects a second time; otherwise (and from then on) defects."""

    name = "CollectiveStrategy"
    family = "probing"
    memory_depth = None
    history_window = 2
    aliases = ("Collective Strategy",)

    def reset(self, n: int, rng: np.random.Generator, payoff: np.ndarray) -> None:
        super().reset(n, rng, payoff)
        self._defections = np.zeros(n, dtype=np.int64)
        self._handshake = np.zeros(n, dtype=bool)

    def step(self, own: np.ndarray, opp: np.ndarray) -> np.ndarray:
        k, t = opp.shape[0], self.t
        defections = self._defections[:k]
        if t > 0:
            defections += opp[:, -1]
        if t < 2:
            return np.full(k, t, dtype=_U8)  # C, then D
        if t == 2:
            self._handshake[:k] = (opp[:, -2] == 0) & (opp[:, -1] == 1)  # its first two
        return ((defections > 1) | ~self._handshake[:k]).astype(_U8)

    def axelrod_name(self) -> str | None:
        return "CollectiveStrategy"


class Prober2(Strategy):
    """Prober 2 (the PRISON project, 1998, as in the Axelrod library): plays D, C, C;
    if the opponent answered the probe with D and then C (its 2nd and 3rd moves),
    cooperates for the rest of the match, and otherwise plays Tit For Tat."""

    name = "Prober 2"
    family = "probing"
    memory_depth = None
    history_window = 2

    def reset(self, n: int, rng: np.random.Generator, payoff: np.ndarray) -> None:
        super().reset(n, rng, payoff)
        self._cooperate = np.zeros(n, dtype=bool)

    def step(self, own: np.ndarray, opp: np.ndarray) -> np.ndarray:
        k, t = opp.shape[0], self.t
        if t < 3:
            return np.full(k, int(t == 0), dtype=_U8)  # D, C, C
        if t == 3:  # its 2nd and 3rd moves
            self._cooperate[:k] = (opp[:, -2] == 1) & (opp[:, -1] == 0)
        return (opp[:, -1] & ~self._cooperate[:k]).astype(_U8)

    def axelrod_name(self) -> str | None:
        return "Prober 2"


class Prober3(Strategy):
    """Prober 3 (the PRISON project, 1998, as in the Axelrod library): plays D, C; if the
    opponent cooperated on its 2nd move (after the probe), defects for the rest of the
    match, and otherwise plays Tit For Tat."""

    name = "Prober 3"
    family = "probing"
    memory_depth = None
    history_window = 1

    def reset(self, n: int, rng: np.random.Generator, payoff: np.ndarray) -> None:
        super().reset(n, rng, payoff)
        self._defector = np.zeros(n, dtype=bool)  # the opponent's 2nd move was C

    def step(self, own: np.ndarray, opp: np.ndarray) -> np.ndarray:
        k, t = opp.shape[0], self.t
        if t < 2:
            return np.full(k, int(t == 0), dtype=_U8)  # D, C
        defector = self._defector[:k]
        if t == 2:
            defector[:] = opp[:, -1] == 0
        return (opp[:, -1] | defector).astype(_U8)

    def axelrod_name(self) -> str | None:
        return "Prober 3"


_PROBER4_OPENING = as_actions("CCDCDDDCCDCDCCDCDDCD")


class Prober4(Strategy):
    """Prober 4 (the PRISON project, 1998, as in the Axelrod library): plays a fixed
    opening of 20 moves (C C D C D D D C C D C D C C D C D D C D) while counting the
    opponent's defections that answered its own defection ("just") and its own
    cooperation ("unjust"), over the opponent's first 19 moves. If the two counts
    differ by at most 2, the opponent is taken for unresponsive and it defects for the
    rest of the match; otherwise it cooperates for 5 turns and then plays Tit For
    Tat."""

    name = "Prober 4"
    family = "probing"
    memory_depth = None
    history_window = 1

    def reset(self, n: int, rng: np.random.Generator, payoff: np.ndarray) -> None:
        super().reset(n, rng, payoff)
        self._balance = np.zeros(n, dtype=np.int64)  # just minus unjust defections
        self._defector = np.zeros(n, dtype=bool)

    def step(self, own: np.ndarray, opp: np.ndarray) -> np.ndarray:
        k, t = opp.shape[0], self.t
        opening = len(_PROBER4_OPENING)
        if t < opening:
            if t > 0:
                defected = opp[:, -1].astype(np.int64)
                self._balance[:k] += defected * (2 * own[:, -1].astype(np.int64) - 1)
            return np.full(k, _PROBER4_OPENING[t], dtype=_U8)
        defector = self._defector[:k]
        if t == opening:
            defector[:] = np.abs(self._balance[:k]) <= 2
        if t < opening + 5:
            return defector.astype(_U8)
        return (defector | (opp[:, -1] == 1)).astype(_U8)

    def axelrod_name(self) -> str | None:
        return "Prober 4"
