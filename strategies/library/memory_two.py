"""Memory-two strategies of the Axelrod library: the generic memory-two player (a
probability of cooperating for each of the 16 outcomes of the last two turns), the
all-or-none strategies AON2 and Delayed AON1 of Hilbe et al. (2017), and MEM2 of Li &
Kendall (2014), which switches between Tit For Tat, Tit For Two Tats and Defector."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from strategies.base import Strategy, as_actions, check_probability, moves_to_str

__all__ = ["AON2", "MEM2", "DelayedAON1", "MemoryTwo", "memory_two_index"]

_U8 = np.uint8


def memory_two_index(own: np.ndarray, opp: np.ndarray) -> np.ndarray:
    """The outcome of the last two turns as 0..15: own moves (older first), then the
    opponent's, as binary digits with C = 0, D = 1 (the library's order: CC,CC first)."""
    return (
        (own[:, -2].astype(np.int64) << 3)
        | (own[:, -1].astype(np.int64) << 2)
        | (opp[:, -2].astype(np.int64) << 1)
        | opp[:, -1]
    )


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


class MemoryTwo(Strategy):
    """Generic memory-two player (Hilbe et al. 2017; the Axelrod library's
    ``MemoryTwoPlayer``): cooperates with probability ``sixteen_vector[i]`` after the
    outcome ``i`` of the last two turns, where ``i`` reads this player's two moves and
    then the opponent's two, oldest first, as binary digits with C = 0 and D = 1
    (``P(C | CC, CC)`` first, ``P(C | DD, DD)`` last). The first two moves are
    ``initial``. The default always cooperates, as the library's."""

    name = "Memory Two"
    family = "generic"
    memory_depth = 2
    history_window = 2
    aliases = ("Generic Memory Two",)

    def __init__(self, sixteen_vector: Sequence[float] = (1.0,) * 16, initial: str = "CC") -> None:
        super().__init__()
        vector = tuple(float(p) for p in sixteen_vector)
        if len(vector) != 16:
            raise ValueError(
                f"sixteen_vector needs 16 probabilities (after CC,CC ... DD,DD), got {len(vector)}"
            )
        for i, p in enumerate(vector):
            check_probability(f"sixteen_vector[{i}]", p)
        moves = as_actions(initial, "initial")
        if len(moves) != 2:
            raise ValueError(f"initial needs the first 2 moves, got {initial!r}")
        self._configure(vector, moves)
        self.set_params(sixteen_vector=vector, initial=moves_to_str(moves))

    def _configure(self, vector: Sequence[float], initial: np.ndarray) -> None:
        self._p = np.asarray(vector, dtype=np.float64)
        self._initial = np.asarray(initial, dtype=_U8)
        self._random = bool(((self._p > 0.0) & (self._p < 1.0)).any())

    def is_stochastic(self) -> bool:
        return self._random

    def step(self, own: np.ndarray, opp: np.ndarray) -> np.ndarray:
        k, t = own.shape[0], self.t
        if t < 2:
            return np.full(k, self._initial[t], dtype=_U8)
        p = self._p[memory_two_index(own, opp)]
        if not self._random:
            return (p < 1.0).astype(_U8)
        return (self.rng.random(k) >= p).astype(_U8)

    def axelrod_name(self) -> str | None:
        if self.params == self.param_defaults():
            return "Generic Memory Two Player"
        vector = ", ".join(_number(p) for p in self.params["sixteen_vector"])
        first = ", ".join(self.params["initial"])
        return f"Generic Memory Two Player: ({vector}), ({first})"


class _PublishedMemoryTwo(MemoryTwo, abstract=True):
    """A named memory-two vector; cooperates on the first two turns."""

    family = "pavlovian"
    aliases = ()
    vector: tuple[int, ...] = ()

    def __init__(self) -> None:
        Strategy.__init__(self)
        self._configure(self.vector, np.zeros(2, dtype=_U8))
        self.set_params()

    def axelrod_name(self) -> str | None:
        return self.name


class AON2(_PublishedMemoryTwo):
    """AON2 (Hilbe, Martinez-Vaquero, Chatterjee & Nowak 2017, "Memory-n strategies of
    direct reciprocity"): the all-or-none strategy of memory two, which is mutually
    cooperative, corrects errors within three turns and retaliates for two. It
    cooperates on the first two turns and then only when, in each of the last two
    turns, both players made the same move: (own last two, opponent's last two) is
    (CC, CC), (CD, CD), (DC, DC) or (DD, DD). Of the paper's equivalent vectors the
    library takes the one with the highest self-cooperation rate."""

    name = "AON2"
    vector = (1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1)


class DelayedAON1(_PublishedMemoryTwo):
    """Delayed AON1 (Hilbe et al. 2017): a memory-two relative of AON1 (Win-Stay
    Lose-Shift) that reacts one turn late. Cooperates on the first two turns, then
    only when (own last two moves, opponent's last two), oldest first, is (CC, CC),
    (CD, CD), (CD, DD), (DD, CD), (DC, DC) or (DD, DD): the library's choice among the
    paper's vectors, the one with the highest self-cooperation rate."""

    name = "Delayed AON1"
    vector = (1, 0, 0, 0, 0, 1, 0, 1, 0, 0, 1, 0, 0, 1, 0, 1)


# MEM2's modes
_TFT, _TFTT, _ALLD = 0, 1, 2
_CC, _CD, _DC = 0, 1, 2  # outcomes own * 2 + opponent


class MEM2(Strategy):
    """MEM2 (Li, Hingston & Kendall 2014, [Li2014]): plays Tit For Tat, and every second
    turn from the third on reconsiders from the outcomes of the last two turns: two
    mutual cooperations -> Tit For Tat; one (C, D) and one (D, C) in either order ->
    Tit For Two Tats; anything else -> Defector. After choosing Defector twice it stays
    Defector for good (so, as the library notes, its memory is in fact unbounded).

    Vectorized with two per-match arrays: the current mode and the number of times
    Defector was chosen.
    """

    name = "MEM2"
    family = "reciprocal"  # plays Tit For Tat or Tit For Two Tats while cooperation holds
    memory_depth = None
    history_window = 2

    def __init__(self) -> None:
        super().__init__()
        self.set_params()

    def reset(self, n: int, rng: np.random.Generator, payoff: np.ndarray) -> None:
        super().reset(n, rng, payoff)
        self._mode = np.full(n, _TFT, dtype=np.int8)
        self._defector_choices = np.zeros(n, dtype=np.int8)

    def step(self, own: np.ndarray, opp: np.ndarray) -> np.ndarray:
        k, t = own.shape[0], self.t
        if t == 0:
            return np.zeros(k, dtype=_U8)
        mode = self._mode[:k]
        if t >= 2 and t % 2 == 0:
            chosen = self._defector_choices[:k]
            free = chosen < 2
            older = (own[:, -2] << 1) | opp[:, -2]
            last = (own[:, -1] << 1) | opp[:, -1]
            both_cc = (older == _CC) & (last == _CC)
            crossed = ((older == _CD) & (last == _DC)) | ((older == _DC) & (last == _CD))
            new = np.where(both_cc, _TFT, np.where(crossed, _TFTT, _ALLD)).astype(np.int8)
            mode[free] = new[free]
            chosen[free & (new == _ALLD)] += 1
        moves = opp[:, -1].copy()  # Tit For Tat
        if t >= 2:
            two_tats = opp[:, -2] & opp[:, -1]
            moves = np.where(mode == _TFTT, two_tats, moves)
        moves[mode == _ALLD] = 1
        return moves.astype(_U8)

    def axelrod_name(self) -> str | None:
        return self.name
