"""Strategies that forgive a first defection but not a second: Once Bitten and Forgetful
Fool Me Once (the Axelrod library's ``oncebitten`` module; its Fool Me Once is in
:mod:`strategies.library.punishing`).

Every rule here follows the Axelrod library's definition (version 4.13) move for move,
including under noise; each class says which published strategy it is.
"""

from __future__ import annotations

import numpy as np

from strategies.base import Strategy, check_probability

__all__ = ["ForgetfulFoolMeOnce", "OnceBitten"]

_U8 = np.uint8


class OnceBitten(Strategy):
    """Once Bitten (Holly Marissa, as defined in the Axelrod library): cooperates, and
    forgives a single defection; when the opponent defects twice in a row it bears a
    grudge and defects for 11 turns (the turn it notices, then ``mem_length`` = 10 more),
    whatever the opponent does, before looking at the opponent's last two moves again.
    It cooperates on the first two turns.
    """

    name = "Once Bitten"
    family = "punishing"
    memory_depth = 12
    history_window = 2

    _MEM_LENGTH = 10

    def reset(self, n: int, rng: np.random.Generator, payoff: np.ndarray) -> None:
        super().reset(n, rng, payoff)
        self._grudged = np.zeros(n, dtype=bool)
        self._memory = np.zeros(n, dtype=np.int64)  # turns of grudge after the first

    def step(self, own: np.ndarray, opp: np.ndarray) -> np.ndarray:
        k, t = opp.shape[0], self.t
        grudged, memory = self._grudged[:k], self._memory[:k]
        over = memory >= self._MEM_LENGTH
        memory[over] = 0
        grudged[over] = False
        if t < 2:
            return np.zeros(k, dtype=_U8)
        memory += grudged
        bitten_twice = (opp[:, -1] & opp[:, -2]).astype(bool)
        grudged |= bitten_twice
        return grudged.astype(_U8)

    def axelrod_name(self) -> str | None:
        return "Once Bitten"


class ForgetfulFoolMeOnce(Strategy):
    """Forgetful Fool Me Once (Marc Harper, as defined in the Axelrod library): Fool Me
    Once (forgive one defection, defect forever after a second) with a memory that fails:
    it counts the opponent's defections, but each turn after the first it forgets the
    count (resets it to 0) with probability ``forget_probability`` (0.05). It defects
    while the count is above 1."""

    name = "Forgetful Fool Me Once"
    family = "punishing"
    memory_depth = None
    history_window = 1
    stochastic = True

    def __init__(self, forget_probability: float = 0.05) -> None:
        super().__init__()
        self.set_params(
            forget_probability=check_probability("forget_probability", forget_probability)
        )

    def is_stochastic(self) -> bool:
        return 0.0 < self.params["forget_probability"] < 1.0

    def reset(self, n: int, rng: np.random.Generator, payoff: np.ndarray) -> None:
        super().reset(n, rng, payoff)
        self._count = np.zeros(n, dtype=np.int64)

    def step(self, own: np.ndarray, opp: np.ndarray) -> np.ndarray:
        k, t = opp.shape[0], self.t
        if t == 0:
            return np.zeros(k, dtype=_U8)
        count = self._count[:k]
        count += opp[:, -1]
        p = self.params["forget_probability"]
        if p > 0.0:
            count[self.rng.random(k) < p] = 0
        return (count > 1).astype(_U8)

    def axelrod_name(self) -> str | None:
        return f"Forgetful Fool Me Once: {self.params['forget_probability']}"
