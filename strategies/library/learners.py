"""Reinforcement learners driven only by their own payoffs: the Bush-Mosteller
stochastic learning rule (Macy & Flache 2002; Luis 2008), as defined in the Axelrod
library (version 4.13), move for move."""

from __future__ import annotations

import numpy as np

from strategies.base import Strategy, check_probability

__all__ = ["BushMosteller"]

_U8 = np.uint8

#: The temptation of the classic game (3, 0, 5, 1). The library fixes its aspiration
#: level from its default game when the player is built, before it is told the match's
#: game, so the aspiration is ``5 / aspiration_level_divider`` in every game.
_DEFAULT_GAME_MAX = 5.0


class BushMosteller(Strategy):
    """Bush Mosteller (Luis 2008, after Bush & Mosteller 1955; as defined in the Axelrod
    library): keeps a propensity for each move, ``c_prob`` and ``d_prob``, and plays C
    with probability ``c_prob / (c_prob + d_prob)``.

    After each turn, the payoff ``x`` it received makes a stimulus
    ``s = (x - A) / |M - A|`` (floored at -1), where ``M`` is the game's largest payoff
    and ``A = 5 / aspiration_level_divider`` its aspiration level (the library computes
    ``A`` from its default game, whatever game is played). The propensity of the move
    it just played moves towards 1 by ``learning_rate * s`` of the distance when ``s >=
    0``, and towards 0 by ``learning_rate * |s|`` of itself otherwise: satisfying moves
    become likelier, disappointing ones rarer. Payoffs are this player's own in the
    match's game.
    """

    name = "Bush Mosteller"
    family = "learning"
    memory_depth = None
    history_window = 1  # the propensities are updated from the last turn
    stochastic = True
    makes_use_of = frozenset({"game"})

    def __init__(
        self,
        c_prob: float = 0.5,
        d_prob: float = 0.5,
        aspiration_level_divider: float = 3.0,
        learning_rate: float = 0.5,
    ) -> None:
        super().__init__()
        c_prob = check_probability("c_prob", c_prob)
        d_prob = check_probability("d_prob", d_prob)
        if c_prob + d_prob == 0:
            raise ValueError("c_prob and d_prob cannot both be 0")
        divider = float(aspiration_level_divider)
        if not np.isfinite(divider) or divider == 0.0:
            raise ValueError(
                "aspiration_level_divider must be a finite non-zero number (the aspiration "
                f"level is |5 / aspiration_level_divider|), got {aspiration_level_divider!r}"
            )
        self.set_params(
            c_prob=c_prob,
            d_prob=d_prob,
            aspiration_level_divider=divider,
            learning_rate=check_probability("learning_rate", learning_rate),
        )

    def reset(self, n: int, rng: np.random.Generator, payoff: np.ndarray) -> None:
        super().reset(n, rng, payoff)
        p = self.params
        aspiration = abs(_DEFAULT_GAME_MAX / p["aspiration_level_divider"])
        scale = np.abs(payoff.reshape(n, 4).max(axis=1) - aspiration)
        if (scale == 0).any():
            raise ValueError(
                "Bush Mosteller's aspiration level equals the game's largest payoff: "
                "choose another aspiration_level_divider"
            )
        self._aspiration, self._scale = aspiration, scale
        self._prob = np.tile([p["c_prob"], p["d_prob"]], (n, 1))  # propensities of C, D

    def step(self, own: np.ndarray, opp: np.ndarray) -> np.ndarray:
        k, t = own.shape[0], self.t
        u = self.rng.random(k)
        prob = self._prob[:k]
        if t > 0:
            rows = np.arange(k)
            mine = own[:, -1].astype(np.intp)
            received = self.payoff[:k][rows, mine, opp[:, -1]]
            stimulus = np.maximum((received - self._aspiration) / self._scale[:k], -1.0)
            current = prob[rows, mine]
            rate = self.params["learning_rate"]
            prob[rows, mine] = np.where(
                stimulus >= 0,
                current + rate * stimulus * (1 - current),
                current + rate * stimulus * current,
            )
        return (u >= prob[:, 0] / (prob[:, 0] + prob[:, 1])).astype(_U8)

    def axelrod_name(self) -> str | None:
        p = self.params
        return (
            f"Bush Mosteller: {p['c_prob']!r}, {p['d_prob']!r}, "
            f"{p['aspiration_level_divider']!r}, {p['learning_rate']!r}"
        )
