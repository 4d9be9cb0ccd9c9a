"""Adaptors (Hauert & Schuster 2002): players with one internal number, moved after every
turn by an amount that depends on the outcome, which cooperate (with a small error)
while the number is in [-1, 1).

Every rule here follows the Axelrod library's definition (version 4.13); both are
stochastic, so they agree with the library in distribution.
"""

from __future__ import annotations

from typing import ClassVar

import numpy as np

from strategies.base import Strategy

__all__ = ["AdaptorBrief", "AdaptorLong"]

_U8 = np.uint8


class _Adaptor(Strategy, abstract=True):
    """An internal state ``s`` starts at 0; after each turn it is increased by
    ``delta[outcome]`` (outcomes CC, CD, DC, DD, own move first). Each turn it cooperates
    with probability ``1 - perr`` when ``-1 <= s < 1`` and with probability ``perr``
    otherwise (``perr`` = 0.01, an error rate)."""

    family = "learning"
    memory_depth = None
    stochastic = True
    history_window = 1

    #: Increments of the state after CC, CD, DC and DD (the library's R, S, T, P).
    delta: ClassVar[tuple[float, float, float, float]] = (0.0, 0.0, 0.0, 0.0)
    perr: ClassVar[float] = 0.01

    def reset(self, n: int, rng: np.random.Generator, payoff: np.ndarray) -> None:
        super().reset(n, rng, payoff)
        self._state = np.zeros(n)
        self._delta = np.array(self.delta)

    def step(self, own: np.ndarray, opp: np.ndarray) -> np.ndarray:
        k, t = own.shape[0], self.t
        state = self._state[:k]
        if t > 0:
            state += self._delta[(own[:, -1] << 1) | opp[:, -1]]
        inside = (state >= -1.0) & (state < 1.0)
        p = np.where(inside, 1.0 - self.perr, self.perr)
        return (self.rng.random(k) >= p).astype(_U8)


class AdaptorBrief(_Adaptor):
    """AdaptorBrief (Hauert & Schuster 2002, as defined in the Axelrod library): the
    Adaptor trained on short interactions, with state increments 0 after CC,
    -1.001505 after CD, 0.992107 after DC and -0.638734 after DD."""

    name = "AdaptorBrief"
    aliases = ("Adaptor Brief",)
    delta = (0.0, -1.001505, 0.992107, -0.638734)

    def axelrod_name(self) -> str | None:
        return "AdaptorBrief"


class AdaptorLong(_Adaptor):
    """AdaptorLong (Hauert & Schuster 2002, as defined in the Axelrod library): the
    Adaptor trained on long interactions, with state increments 0 after CC, 1.888159
    after CD, 1.858883 after DC and -0.995703 after DD."""

    name = "AdaptorLong"
    aliases = ("Adaptor Long",)
    delta = (0.0, 1.888159, 1.858883, -0.995703)

    def axelrod_name(self) -> str | None:
        return "AdaptorLong"
