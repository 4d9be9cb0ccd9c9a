"""Grudgers that tolerate three defections and stab their opponent in the back at the end
of a match: BackStabber and DoubleCrosser (Thomas Campbell).

Every rule here follows the Axelrod library's definition (version 4.13) move for move,
including under noise. Both strategies use the match length as the library's
``FinalTransformer`` does (:meth:`~strategies.base.Strategy.end_game`): they defect on
the last two turns of a match whose length they are told, and never do when the length
is hidden or the ending probabilistic.
"""

from __future__ import annotations

import numpy as np

from strategies.base import Strategy

__all__ = ["BackStabber", "DoubleCrosser"]

_U8 = np.uint8


class BackStabber(Strategy):
    """BackStabber (Thomas Campbell, as defined in the Axelrod library): cooperates until
    the opponent has defected four times in all, then defects for the rest of the match;
    and defects on the last two turns of a match of known length whatever happened.

    Family "end-game": a tolerant grudger whose point is the stab at the end.
    """

    name = "BackStabber"
    family = "end-game"
    memory_depth = None
    makes_use_of = frozenset({"length"})
    history_window = 1  # a running count of the opponent's defections

    #: Defections it forgives; one more and it defects for ever.
    _TOLERATED = 3

    def reset(self, n: int, rng: np.random.Generator, payoff: np.ndarray) -> None:
        super().reset(n, rng, payoff)
        self._defections = np.zeros(n, dtype=np.int64)  # the opponent's

    def _count(self, opp: np.ndarray) -> np.ndarray:
        defections = self._defections[: opp.shape[0]]
        if self.t > 0:
            defections += opp[:, -1]
        return defections

    def step(self, own: np.ndarray, opp: np.ndarray) -> np.ndarray:
        moves = (self._count(opp) > self._TOLERATED).astype(_U8)
        return self.end_game(moves, self.t, "DD")

    def axelrod_name(self) -> str | None:
        return "BackStabber: (D, D)"


class DoubleCrosser(BackStabber):
    """DoubleCrosser (Thomas Campbell, as defined in the Axelrod library): BackStabber,
    except that on moves 8 to 180 against an opponent that cooperated on its first 7
    moves, it only defects when the opponent defected on both of the last two moves.
    Like BackStabber it defects on the last two turns of a match of known length.
    """

    name = "DoubleCrosser"
    history_window = 2  # the opponent's last two moves

    #: The alternative rule is played on moves FIRST to LAST (counted from 1).
    _FIRST, _LAST = 8, 180

    def reset(self, n: int, rng: np.random.Generator, payoff: np.ndarray) -> None:
        super().reset(n, rng, payoff)
        self._clean_start = np.zeros(n, dtype=bool)

    def step(self, own: np.ndarray, opp: np.ndarray) -> np.ndarray:
        k, t = opp.shape[0], self.t
        defections = self._count(opp)
        moves = (defections > self._TOLERATED).astype(_U8)
        if t == self._FIRST - 1:  # the opponent's first 7 moves are known
            self._clean_start[:k] = defections == 0
        if self._FIRST - 1 <= t <= self._LAST - 1:
            alternative = self._clean_start[:k]
            moves[alternative] = (opp[alternative, -1] & opp[alternative, -2]).astype(_U8)
        return self.end_game(moves, t, "DD")

    def axelrod_name(self) -> str | None:
        return "DoubleCrosser: (D, D)"
