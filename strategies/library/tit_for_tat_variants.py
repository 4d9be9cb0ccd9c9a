"""Variants of Tit For Tat from the Axelrod library: three LessWrong tournament entries
that defect on the last turn of a match of known length (Alexei, EugineNier, Michaelos),
Hard Tit For Two Tats, the parameterised N Tits For M Tats and Random Tit For Tat.

Every rule here follows the Axelrod library's definition (version 4.13) move for move;
each class says which published strategy it is. The last-turn defection is the
library's ``FinalTransformer((D,))``: it applies only when the match length is told
(:meth:`~strategies.base.Strategy.end_game`).
"""

from __future__ import annotations

import numpy as np

from strategies.base import Strategy, check_int, check_probability

__all__ = [
    "Alexei",
    "EugineNier",
    "HardTitForTwoTats",
    "Michaelos",
    "NTitsForMTats",
    "RandomTitForTat",
]

_U8 = np.uint8


def _tit_for_tat(opp: np.ndarray, t: int) -> np.ndarray:
    """Cooperate first (``t``, the turns played, is 0), then copy the opponent's last
    move."""
    if t == 0:
        return np.zeros(opp.shape[0], dtype=_U8)
    return opp[:, -1].copy()


class Alexei(Strategy):
    """Alexei (an entry to the LessWrong tournament of 2011, as in the Axelrod library):
    Tit For Tat, except that it defects on the last turn of a match whose length it is
    told."""

    name = "Alexei"
    family = "end-game"
    memory_depth = None
    history_window = 1
    makes_use_of = frozenset({"length"})

    def step(self, own: np.ndarray, opp: np.ndarray) -> np.ndarray:
        return self.end_game(_tit_for_tat(opp, self.t), self.t, "D")

    def axelrod_name(self) -> str | None:
        return "Alexei: (D,)"


class EugineNier(Strategy):
    """EugineNier (Eugine Nier's entry to the LessWrong tournament of 2011, as in the
    Axelrod library): Tit For Tat until the opponent has defected five times, then
    defects for the rest of the match; and defects on the last turn of a match whose
    length it is told."""

    name = "EugineNier"
    family = "end-game"
    memory_depth = None
    history_window = 1
    aliases = ("Eugine Nier",)
    makes_use_of = frozenset({"length"})

    def reset(self, n: int, rng: np.random.Generator, payoff: np.ndarray) -> None:
        super().reset(n, rng, payoff)
        self._defections = np.zeros(n, dtype=np.int64)

    def step(self, own: np.ndarray, opp: np.ndarray) -> np.ndarray:
        k, t = opp.shape[0], self.t
        defections = self._defections[:k]
        if t == 0:
            moves = np.zeros(k, dtype=_U8)
        else:
            defections += opp[:, -1]
            moves = opp[:, -1] | (defections >= 5)
        return self.end_game(moves.astype(_U8), t, "D")

    def axelrod_name(self) -> str | None:
        return "EugineNier: (D,)"


class Michaelos(Strategy):
    """Michaelos (an entry to the LessWrong tournament of 2011, as in the Axelrod
    library): Tit For Tat, except that after its own defection answered by a
    cooperation it tosses a fair coin: heads, it cooperates; tails, it defects for the
    rest of the match. Defects on the last turn of a match whose length it is told."""

    name = "Michaelos"
    family = "end-game"
    memory_depth = None
    history_window = 1
    stochastic = True
    makes_use_of = frozenset({"length"})

    def reset(self, n: int, rng: np.random.Generator, payoff: np.ndarray) -> None:
        super().reset(n, rng, payoff)
        self._defector = np.zeros(n, dtype=bool)

    def step(self, own: np.ndarray, opp: np.ndarray) -> np.ndarray:
        k, t = opp.shape[0], self.t
        if t == 0:
            return self.end_game(np.zeros(k, dtype=_U8), t, "D")
        defector = self._defector[:k]
        toss = (own[:, -1] == 1) & (opp[:, -1] == 0) & ~defector
        heads = self.rng.random(k) < 0.5
        defector |= toss & ~heads
        moves = np.where(toss, 0, opp[:, -1]).astype(_U8)
        moves[defector] = 1
        return self.end_game(moves, t, "D")

    def axelrod_name(self) -> str | None:
        return "Michaelos: (D,)"


class HardTitForTwoTats(Strategy):
    """Hard Tit For Two Tats (Stewart & Plotkin 2012, as in the Axelrod library):
    cooperates unless two of the opponent's last three moves were consecutive
    defections."""

    name = "Hard Tit For 2 Tats"
    family = "forgiving"
    memory_depth = 3
    history_window = 3
    aliases = ("Hard Tit For Two Tats",)

    def step(self, own: np.ndarray, opp: np.ndarray) -> np.ndarray:
        k, t = opp.shape[0], self.t
        if t < 2:
            return np.zeros(k, dtype=_U8)
        double = opp[:, -1] & opp[:, -2]
        if t > 2:
            double = double | (opp[:, -2] & opp[:, -3])
        return double.astype(_U8)

    def axelrod_name(self) -> str | None:
        return "Hard Tit For 2 Tats"


class NTitsForMTats(Strategy):
    """N Tit(s) For M Tat(s) (Marc Harper's name in the Axelrod library): cooperates
    until the opponent's last ``M`` moves are all defections, then defects ``N`` times
    (the count starts over whenever the opponent's last ``M`` moves are defections
    again). ``N=1, M=1`` is Tit For Tat, ``(1, 2)`` Tit For Two Tats, ``(2, 1)`` Two
    Tits For Tat; ``N=0`` always cooperates and ``M=0`` always defects (unless
    ``N=0``)."""

    name = "N Tits For M Tats"
    family = "reciprocal"
    memory_depth = 3  # of the default (3, 2): max(N, M)
    history_window = 1
    aliases = ("NTitsForMTats",)

    def __init__(self, N: int = 3, M: int = 2) -> None:  # noqa: N803 - the library's names
        super().__init__()
        self.set_params(N=check_int("N", N, 0), M=check_int("M", M, 0))
        # this instance's depth, as the library classifies it (the class says the default's)
        self.memory_depth = max(self.params["N"], self.params["M"])  # type: ignore[misc]

    def reset(self, n: int, rng: np.random.Generator, payoff: np.ndarray) -> None:
        super().reset(n, rng, payoff)
        self._run = np.zeros(n, dtype=np.int64)  # the opponent's trailing defections
        self._left = np.zeros(n, dtype=np.int64)  # retaliations still to play

    def step(self, own: np.ndarray, opp: np.ndarray) -> np.ndarray:
        k, t = opp.shape[0], self.t
        run, left = self._run[:k], self._left[:k]
        if t > 0:
            run[:] = (run + 1) * opp[:, -1]
        left[run >= self.params["M"]] = self.params["N"]
        moves = (left > 0).astype(_U8)
        left -= moves
        return moves

    def axelrod_name(self) -> str | None:
        return f"N Tit(s) For M Tat(s): {self.params['N']}, {self.params['M']}"


class RandomTitForTat(Strategy):
    """Random Tit for Tat (Zachary M. Taylor's name in the Axelrod library): cooperates
    first, then alternates between copying the opponent's last move (turns 2, 4, ...)
    and cooperating with probability ``p`` (turns 3, 5, ...)."""

    name = "Random Tit for Tat"
    family = "reciprocal"
    memory_depth = 1
    history_window = 1
    stochastic = True

    def __init__(self, p: float = 0.5) -> None:
        super().__init__()
        self.set_params(p=check_probability("p", p))

    def is_stochastic(self) -> bool:
        return 0.0 < self.params["p"] < 1.0

    def step(self, own: np.ndarray, opp: np.ndarray) -> np.ndarray:
        k, t = opp.shape[0], self.t
        if t == 0:
            return np.zeros(k, dtype=_U8)
        if t % 2 == 1:
            return opp[:, -1].copy()
        p = self.params["p"]
        if p in (0.0, 1.0):
            return np.full(k, int(p == 0.0), dtype=_U8)
        return (self.rng.random(k) >= p).astype(_U8)

    def axelrod_name(self) -> str | None:
        return f"Random Tit for Tat: {self.params['p']}"
