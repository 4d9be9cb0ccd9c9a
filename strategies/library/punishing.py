"""Strategies that punish a defection harder or longer than Tit For Tat: grudges and
gradual punishment.

Every rule here follows the Axelrod library's definition (version 4.13) move for move;
each class says which published strategy it is.
"""

from __future__ import annotations

import numpy as np

from strategies.base import Strategy

__all__ = [
    "ForgetfulGrudger",
    "Gradual",
    "Grudger",
    "OriginalGradual",
    "Punisher",
    "SoftGrudger",
]

_U8 = np.uint8


class Grudger(Strategy):
    """Grudger (Friedman's entry to Axelrod's first tournament, 1980; also "Grim
    Trigger", "Spiteful"): cooperates until the opponent defects once, then defects for
    the rest of the match."""

    name = "Grudger"
    family = "punishing"
    memory_depth = None
    history_window = 1
    aliases = ("Grim Trigger", "Grim")

    def reset(self, n: int, rng: np.random.Generator, payoff: np.ndarray) -> None:
        super().reset(n, rng, payoff)
        self._grudge = np.zeros(n, dtype=_U8)

    def step(self, own: np.ndarray, opp: np.ndarray) -> np.ndarray:
        k, t = opp.shape[0], self.t
        grudge = self._grudge[:k]
        if t > 0:
            grudge |= opp[:, -1]
        return grudge.copy()

    def axelrod_name(self) -> str | None:
        return "Grudger"


# Soft Grudger's punishment after the triggering defection (which it answers with D).
_SOFT_TAIL = np.array([1, 1, 1, 0, 0], dtype=_U8)


class SoftGrudger(Strategy):
    """Soft Grudger (SGRIM; Li 2011, as defined in the Axelrod library): cooperates until
    the opponent defects, then plays D, D, D, D, C, C whatever the opponent does, and
    starts over (cooperating until the next defection, which it checks from the turn
    after that sequence)."""

    name = "Soft Grudger"
    family = "punishing"
    memory_depth = 6
    history_window = 1

    def reset(self, n: int, rng: np.random.Generator, payoff: np.ndarray) -> None:
        super().reset(n, rng, payoff)
        # 0: not punishing; p in 1..5: the next move is _SOFT_TAIL[p - 1].
        self._phase = np.zeros(n, dtype=np.int64)

    def step(self, own: np.ndarray, opp: np.ndarray) -> np.ndarray:
        k, t = opp.shape[0], self.t
        if t == 0:
            return np.zeros(k, dtype=_U8)
        phase = self._phase[:k]
        punishing = phase > 0
        triggered = ~punishing & (opp[:, -1] == 1)
        moves = np.where(punishing, _SOFT_TAIL[np.maximum(phase - 1, 0)], triggered)
        phase[:] = np.where(punishing, (phase + 1) % (len(_SOFT_TAIL) + 1), triggered)
        return moves.astype(_U8)

    def axelrod_name(self) -> str | None:
        return "Soft Grudger"


class ForgetfulGrudger(Strategy):
    """Forgetful Grudger (Geraint Palmer, as defined in the Axelrod library): cooperates
    until the opponent defects, then defects for 10 turns whatever the opponent does
    (counting the turn answering the defection), then forgets the grudge and looks at the
    opponent's last move again."""

    name = "Forgetful Grudger"
    family = "punishing"
    memory_depth = 10
    history_window = 1

    _LENGTH = 10

    def reset(self, n: int, rng: np.random.Generator, payoff: np.ndarray) -> None:
        super().reset(n, rng, payoff)
        self._grudged = np.zeros(n, dtype=bool)
        self._served = np.zeros(n, dtype=np.int64)

    def step(self, own: np.ndarray, opp: np.ndarray) -> np.ndarray:
        k, t = opp.shape[0], self.t
        if t == 0:
            return np.zeros(k, dtype=_U8)
        grudged, served = self._grudged[:k], self._served[:k]
        done = served == self._LENGTH
        served[done] = 0
        grudged &= ~done
        grudged |= opp[:, -1] == 1
        served += grudged
        return grudged.astype(_U8)

    def axelrod_name(self) -> str | None:
        return "Forgetful Grudger"


class Gradual(Strategy):
    """Gradual (after Beaufils, Delahaye & Mathieu 1996), in the version the Axelrod
    library calls "Gradual" (from the CRISTAL-SMAC implementation, 2018).

    Cooperates first. When, outside a punishment, the opponent's last move is a
    defection, it defects ``d`` times in a row, where ``d`` is the number of defections
    the opponent has made in the whole match so far, then cooperates twice whatever the
    opponent does, then reacts again to the opponent's last move.

    It differs from :class:`OriginalGradual` only in the length of a punishment: here
    ``d`` counts *all* the opponent's defections, including those made during a
    punishment or the two calming turns; Original Gradual counts only the defections
    that started a punishment.
    """

    name = "Gradual"
    family = "punishing"
    memory_depth = None
    history_window = 1

    def reset(self, n: int, rng: np.random.Generator, payoff: np.ndarray) -> None:
        super().reset(n, rng, payoff)
        self._defections = np.zeros(n, dtype=np.int64)
        self._punish = np.zeros(n, dtype=np.int64)  # defections still to play
        self._calm = np.zeros(n, dtype=np.int64)  # cooperations still to play

    def step(self, own: np.ndarray, opp: np.ndarray) -> np.ndarray:
        k, t = opp.shape[0], self.t
        if t == 0:
            return np.zeros(k, dtype=_U8)
        defections, punish, calm = self._defections[:k], self._punish[:k], self._calm[:k]
        last = opp[:, -1]
        defections += last
        punishing = punish > 0
        calming = ~punishing & (calm > 0)
        triggered = ~punishing & ~calming & (last == 1)
        punish -= punishing
        calm -= calming
        punish[triggered] = defections[triggered] - 1
        calm[triggered] = 2
        return (punishing | triggered).astype(_U8)

    def axelrod_name(self) -> str | None:
        return "Gradual"


class OriginalGradual(Strategy):
    """Gradual as first described by Beaufils, Delahaye & Mathieu (1996), in the Axelrod
    library's "Original Gradual" version.

    Cooperates first. When, outside a punishment, the opponent's last move is a
    defection, it starts its ``n``-th punishment: ``n`` defections in a row, then two
    cooperations whatever the opponent does, then it reacts again to the opponent's last
    move. Unlike :class:`Gradual`, defections the opponent makes during a punishment or
    the calming turns do not lengthen later punishments.
    """

    name = "Original Gradual"
    family = "punishing"
    memory_depth = None
    history_window = 1

    def reset(self, n: int, rng: np.random.Generator, payoff: np.ndarray) -> None:
        super().reset(n, rng, payoff)
        self._punishments = np.zeros(n, dtype=np.int64)  # punishments started so far
        self._played = np.zeros(n, dtype=np.int64)  # defections played in this one
        self._punishing = np.zeros(n, dtype=bool)
        self._calming = np.zeros(n, dtype=bool)  # one more calming cooperation due

    def step(self, own: np.ndarray, opp: np.ndarray) -> np.ndarray:
        k, t = opp.shape[0], self.t
        if t == 0:
            return np.zeros(k, dtype=_U8)
        limit, played = self._punishments[:k], self._played[:k]
        punishing, calming = self._punishing[:k], self._calming[:k]
        was_calming = calming.copy()
        active = punishing & ~was_calming
        more = active & (played < limit)
        finished = active & ~more  # first calming turn
        triggered = ~was_calming & ~punishing & (opp[:, -1] == 1)
        calming[:] = finished
        punishing &= ~finished
        punishing |= triggered
        played += more | triggered
        played[finished] = 0
        limit += triggered
        return (more | triggered).astype(_U8)

    def axelrod_name(self) -> str | None:
        return "Original Gradual"


class Punisher(Strategy):
    """Punisher (Geraint Palmer, as defined in the Axelrod library): cooperates until the
    opponent defects; then answers that defection with D and defects for ``L`` more
    turns whatever the opponent does, where ``L = floor(20 * d / t)``, ``d`` being the
    opponent's defections in the ``t`` turns played so far (so ``0 <= L <= 20``); then
    looks at the opponent's last move again."""

    name = "Punisher"
    family = "punishing"
    memory_depth = None
    history_window = 1

    def reset(self, n: int, rng: np.random.Generator, payoff: np.ndarray) -> None:
        super().reset(n, rng, payoff)
        self._defections = np.zeros(n, dtype=np.int64)
        self._length = np.zeros(n, dtype=np.int64)  # L of the current punishment
        self._served = np.zeros(n, dtype=np.int64)  # extra defections played so far
        self._grudged = np.zeros(n, dtype=bool)

    def step(self, own: np.ndarray, opp: np.ndarray) -> np.ndarray:
        k, t = opp.shape[0], self.t
        if t == 0:
            return np.zeros(k, dtype=_U8)
        defections, length = self._defections[:k], self._length[:k]
        served, grudged = self._served[:k], self._grudged[:k]
        last = opp[:, -1]
        defections += last
        grudged &= served < length
        served[~grudged] = 0
        triggered = ~grudged & (last == 1)
        served += grudged
        length[triggered] = self._punishment(defections[triggered], t)
        moves = grudged | triggered
        grudged |= triggered
        return moves.astype(_U8)

    @staticmethod
    def _punishment(defections: np.ndarray, t: int) -> np.ndarray:
        """``L``: the extra defections that answer a defection, from the opponent's
        defections in the ``t`` turns played so far."""
        return defections * 20 // t

    def axelrod_name(self) -> str | None:
        return "Punisher"
