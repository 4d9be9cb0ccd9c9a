"""Adaptive Pavlov (Li 2007, Li 2011): strategies that classify their opponent every six
turns from its last six moves and answer each class with a fitting rule.

Every rule here follows the Axelrod library's definition (version 4.13) move for move,
including under noise; each class says which published strategy it is.
"""

from __future__ import annotations

import numpy as np

from strategies.base import Strategy

__all__ = ["APavlov2006", "APavlov2011"]

_U8 = np.uint8
_PERIOD = 6

# opponent classes (0: not classified yet)
_NONE, _COOPERATIVE, _ALLD, _STFT, _PAVLOV_D, _RANDOM = range(6)


def _pattern(moves: str) -> int:
    """The last six moves as a number, oldest move first (most significant bit)."""
    return int(moves.replace("C", "0").replace("D", "1"), 2)


_WEIGHTS = 1 << np.arange(_PERIOD - 1, -1, -1)


def _class_table(patterns: dict[str, int]) -> np.ndarray:
    """Class of each of the 64 patterns of six moves (``_NONE`` for the unlisted)."""
    table = np.full(2**_PERIOD, _NONE, dtype=np.int64)
    for moves, kind in patterns.items():
        table[_pattern(moves)] = kind
    return table


# Adaptive Pavlov 2006 recognises four exact patterns of the opponent's last six moves
_CLASS_2006 = _class_table(
    {"CCCCCC": _COOPERATIVE, "DDDDDD": _ALLD, "DCDCDC": _STFT, "DDCDDC": _PAVLOV_D}
)


class _AdaptivePavlov(Strategy, abstract=True):
    """Tit For Tat for six turns; then, on every sixth turn (turns 7, 13, ...), it
    classifies the opponent from its last six moves with :meth:`_classify` (keeping the
    previous class when none fits, "Random" the first time) and plays by the class until
    the next classification."""

    family = "adaptive"
    memory_depth = None
    history_window = _PERIOD  # the opponent's last six moves

    def reset(self, n: int, rng: np.random.Generator, payoff: np.ndarray) -> None:
        super().reset(n, rng, payoff)
        self._class = np.full(n, _NONE, dtype=np.int64)

    def step(self, own: np.ndarray, opp: np.ndarray) -> np.ndarray:
        k, t = opp.shape[0], self.t
        if t == 0:
            return np.zeros(k, dtype=_U8)
        if t < _PERIOD:
            return opp[:, -1].copy()
        kind = self._class[:k]
        if t % _PERIOD == 0:
            last_six = opp[:, -_PERIOD:]
            found = self._classify(last_six, last_six.astype(np.int64) @ _WEIGHTS)
            kind[:] = np.where(found != _NONE, found, np.where(kind == _NONE, _RANDOM, kind))
        return self._answer(kind, opp, t)

    def _classify(self, last_six: np.ndarray, pattern: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    def _answer(self, kind: np.ndarray, opp: np.ndarray, t: int) -> np.ndarray:
        raise NotImplementedError


class APavlov2006(_AdaptivePavlov):
    """Adaptive Pavlov 2006 (Li 2007, as defined in the Axelrod library). Plays Tit For
    Tat for six turns; then every six turns it classifies the opponent by its last six
    moves: CCCCCC is Cooperative, DDDDDD is Always Defect, DCDCDC is Suspicious Tit For
    Tat, DDCDDC is Pavlov-D; any other pattern keeps the previous class ("Random" when
    there is none). It answers Cooperative with Tit For Tat, Always Defect and Random
    with defection, Suspicious Tit For Tat by cooperating on the first two turns of
    each period of six and then playing Tit For Tat, and Pavlov-D by defecting on the
    first turn of each period and cooperating on the others."""

    name = "Adaptive Pavlov 2006"
    aliases = ("APavlov2006",)

    def _classify(self, last_six: np.ndarray, pattern: np.ndarray) -> np.ndarray:
        return _CLASS_2006[pattern]

    def _answer(self, kind: np.ndarray, opp: np.ndarray, t: int) -> np.ndarray:
        phase = t % _PERIOD
        tft = opp[:, -1]
        stft_answer = np.zeros_like(tft) if phase in (0, 1) else tft
        moves = np.zeros(len(kind), dtype=_U8)
        moves[(kind == _RANDOM) | (kind == _ALLD)] = 1
        moves[kind == _COOPERATIVE] = tft[kind == _COOPERATIVE]
        moves[kind == _STFT] = stft_answer[kind == _STFT]
        if phase == 0:
            moves[kind == _PAVLOV_D] = 1
        return moves

    def axelrod_name(self) -> str | None:
        return "Adaptive Pavlov 2006"


class APavlov2011(_AdaptivePavlov):
    """Adaptive Pavlov 2011 (Li 2011, as defined in the Axelrod library). Plays Tit For
    Tat for six turns; then every six turns it classifies the opponent by its number of
    defections in its last six moves: none is Cooperative, three is Suspicious Tit For
    Tat, four or more is Always Defect; one or two keeps the previous class ("Random"
    when there is none). It answers Cooperative with Tit For Tat, Suspicious Tit For Tat
    with Tit For Two Tats, and Always Defect and Random with defection."""

    name = "Adaptive Pavlov 2011"
    aliases = ("APavlov2011",)

    # class by number of defections among the last six moves
    _BY_DEFECTIONS = np.array([_COOPERATIVE, _NONE, _NONE, _STFT, _ALLD, _ALLD, _ALLD])

    def _classify(self, last_six: np.ndarray, pattern: np.ndarray) -> np.ndarray:
        return self._BY_DEFECTIONS[last_six.sum(axis=1, dtype=np.int64)]

    def _answer(self, kind: np.ndarray, opp: np.ndarray, t: int) -> np.ndarray:
        moves = np.zeros(len(kind), dtype=_U8)
        moves[(kind == _RANDOM) | (kind == _ALLD)] = 1
        cooperative = kind == _COOPERATIVE
        moves[cooperative] = opp[cooperative, -1]
        stft = kind == _STFT
        moves[stft] = opp[stft, -1] & opp[stft, -2]
        return moves

    def axelrod_name(self) -> str | None:
        return "Adaptive Pavlov 2011"
