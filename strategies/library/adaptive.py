"""Strategies that choose from the payoffs or statistics observed so far: Adaptive,
Soft and Hard Go By Majority, Calculator."""

from __future__ import annotations

import numpy as np

from strategies.base import Strategy, as_actions, moves_to_str

__all__ = ["Adaptive", "Calculator", "HardGoByMajority", "SoftGoByMajority"]

_U8 = np.uint8


class Adaptive(Strategy):
    """Adaptive (Li, Hingston & Kendall 2011; as defined in the Axelrod library): plays
    ``initial_plays`` (six C then five D by default), keeping the total payoff it has
    earned with each of its two moves; afterwards it plays C when the total earned with
    C is strictly greater than the total earned with D, and D otherwise.

    Totals are sums, not averages, as in the Axelrod library. Payoffs are this player's
    own payoffs in the match's game (so the role matters in an asymmetric game)."""

    name = "Adaptive"
    family = "adaptive"
    makes_use_of = frozenset({"game"})
    memory_depth = None
    history_window = 1  # running totals of the payoffs earned with C and with D

    _DEFAULT = "CCCCCCDDDDD"

    def __init__(self, initial_plays: str = _DEFAULT) -> None:
        super().__init__()
        if not isinstance(initial_plays, str):
            raise ValueError(f"initial_plays must be a string of C and D, got {initial_plays!r}")
        # As in the Axelrod library, an empty opening means the default one.
        self._opening = as_actions(initial_plays or self._DEFAULT, "initial_plays")
        self.set_params(initial_plays=moves_to_str(self._opening))

    def reset(self, n: int, rng: np.random.Generator, payoff: np.ndarray) -> None:
        super().reset(n, rng, payoff)
        self._scores = np.zeros((n, 2), dtype=np.float64)  # total earned with C, with D

    def step(self, own: np.ndarray, opp: np.ndarray) -> np.ndarray:
        k, t = own.shape[0], self.t
        scores = self._scores[:k]
        if t > 0:
            rows = np.arange(k)
            mine = own[:, -1]
            scores[rows, mine] += self.payoff[:k][rows, mine, opp[:, -1]]
        if t < len(self._opening):
            return np.full(k, self._opening[t], dtype=_U8)
        return (scores[:, 0] <= scores[:, 1]).astype(_U8)

    def axelrod_name(self) -> str | None:
        moves = self.params["initial_plays"]
        if moves == self._DEFAULT:
            return "Adaptive"
        return "Adaptive: [" + ", ".join(moves) + "]"


def _check_memory(memory: object) -> int | None:
    if memory is None:
        return None
    if isinstance(memory, bool) or not isinstance(memory, int | np.integer) or memory < 1:
        raise ValueError(
            f"memory must be a positive number of turns, or None for the whole match, "
            f"got {memory!r}"
        )
    return int(memory)


class _GoByMajority(Strategy, abstract=True):
    """Shared engine of the Go By Majority pair: a running count of the opponent's
    defections over the whole match or over its last ``memory`` turns."""

    memory_depth = None
    _soft: bool = True

    def __init__(self, memory: int | None = None) -> None:
        super().__init__()
        self.set_params(memory=_check_memory(memory))

    @property
    def history_window(self) -> int:  # type: ignore[override]
        # the last move, and the one leaving the last ``memory`` turns
        memory = self.params["memory"]
        return 1 if memory is None else memory + 1

    def reset(self, n: int, rng: np.random.Generator, payoff: np.ndarray) -> None:
        super().reset(n, rng, payoff)
        self._defections = np.zeros(n, dtype=np.int64)

    def step(self, own: np.ndarray, opp: np.ndarray) -> np.ndarray:
        k, t = own.shape[0], self.t
        memory = self.params["memory"]
        defections = self._defections[:k]
        if t > 0:
            defections += opp[:, -1]
            if memory is not None and t > memory:
                defections -= opp[:, -1 - memory]
        window = t if memory is None else min(t, memory)
        # defect when defections outnumber cooperations (soft) or at least equal them (hard)
        if self._soft:
            return (2 * defections > window).astype(_U8)
        return (2 * defections >= window).astype(_U8)

    def axelrod_name(self) -> str | None:
        memory = self.params["memory"]
        suffix = "" if memory is None else f": {memory}"
        return f"{'Soft' if self._soft else 'Hard'} Go By Majority{suffix}"


class SoftGoByMajority(_GoByMajority):
    """Soft Go By Majority (Gail Grisell, Axelrod's second tournament; Axelrod 1984;
    "Soft Majority" in Mittal & Deb 2009; as defined in the Axelrod library): cooperates
    unless the opponent has defected more often than it cooperated, over the whole match
    or over its last ``memory`` turns; a tie (and the first move) means cooperate."""

    name = "Soft Go By Majority"
    family = "adaptive"
    aliases = ("Go By Majority", "Soft Majority")
    _soft = True


class HardGoByMajority(_GoByMajority):
    """Hard Go By Majority ("Hard Majority" in Mittal & Deb 2009; as defined in the
    Axelrod library): defects unless the opponent has cooperated more often than it
    defected, over the whole match or over its last ``memory`` turns; a tie (and the
    first move) means defect."""

    name = "Hard Go By Majority"
    family = "adaptive"
    aliases = ("Hard Majority",)
    _soft = False


class Calculator(Strategy):
    """Calculator (Prison 1998 tournament; as defined in the Axelrod library): plays
    Joss for the first 20 turns (cooperates first; after an opponent's C cooperates with
    probability 0.9, after a D defects). On turn 21 it looks for a cycle in the
    opponent's first 20 moves (the moves repeat with some period from 1 to 10, as in
    the library's cycle detection); if there is one it defects for the rest of the match,
    otherwise it plays Tit For Tat."""

    name = "Calculator"
    family = "adaptive"
    memory_depth = None
    stochastic = True
    history_window = 20  # the opponent's first 20 moves, read on turn 21

    _JOSS_TURNS = 20
    _JOSS_P = 0.9
    _MAX_PERIOD = 10

    def reset(self, n: int, rng: np.random.Generator, payoff: np.ndarray) -> None:
        super().reset(n, rng, payoff)
        self._cycle = np.zeros(n, dtype=bool)

    def step(self, own: np.ndarray, opp: np.ndarray) -> np.ndarray:
        k, t = own.shape[0], self.t
        if t == 0:
            return np.zeros(k, dtype=_U8)
        last = opp[:, -1]
        if t < self._JOSS_TURNS:
            sneaky = self.rng.random(k) >= self._JOSS_P
            return (last.astype(bool) | sneaky).astype(_U8)
        cycle = self._cycle[:k]
        if t == self._JOSS_TURNS:
            start = opp[:, -self._JOSS_TURNS :]  # turn 21: the first 20 moves
            cycle[:] = False
            for period in range(1, self._MAX_PERIOD + 1):
                cycle |= (start[:, period:] == start[:, :-period]).all(axis=1)
        return np.where(cycle, _U8(1), last).astype(_U8)

    def axelrod_name(self) -> str | None:
        return "Calculator"
