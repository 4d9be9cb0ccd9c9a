"""Hunters (Karol Langner, Marc Harper): strategies that cooperate until they recognise
a kind of opponent that can be exploited (a defector, a cooperator, an alternator, a
cyclic, constant-rate or random player), and then defect.

Every rule here follows the Axelrod library's definition (version 4.13) move for move,
including under noise. All are in the family "adaptive" (they choose their moves from
statistics of the history); none has a family of its own among ours.
"""

from __future__ import annotations

import numpy as np

from strategies.base import Strategy

__all__ = [
    "AlternatorHunter",
    "CooperatorHunter",
    "CycleHunter",
    "DefectorHunter",
    "EventualCycleHunter",
    "MathConstantHunter",
    "RandomHunter",
]

_U8 = np.uint8


class _Hunter(Strategy, abstract=True):
    family = "adaptive"
    memory_depth = None


class _UniformHunter(_Hunter, abstract=True):
    """From its fifth move on, defects iff the opponent has played only ``prey``."""

    prey: int = 0
    history_window = 1

    def reset(self, n: int, rng: np.random.Generator, payoff: np.ndarray) -> None:
        super().reset(n, rng, payoff)
        self._uniform = np.ones(n, dtype=bool)  # the opponent played only ``prey``

    def step(self, own: np.ndarray, opp: np.ndarray) -> np.ndarray:
        k, t = opp.shape[0], self.t
        uniform = self._uniform[:k]
        if t > 0:
            uniform &= opp[:, -1] == self.prey
        if t < 4:
            return np.zeros(k, dtype=_U8)
        return uniform.astype(_U8)


class DefectorHunter(_UniformHunter):
    """Defector Hunter (Karol Langner, as defined in the Axelrod library): cooperates,
    but from its fifth move on defects when the opponent has defected on every move."""

    name = "Defector Hunter"
    prey = 1

    def axelrod_name(self) -> str | None:
        return "Defector Hunter"


class CooperatorHunter(_UniformHunter):
    """Cooperator Hunter (Karol Langner, as defined in the Axelrod library): cooperates,
    but from its fifth move on defects when the opponent has cooperated on every move."""

    name = "Cooperator Hunter"
    prey = 0

    def axelrod_name(self) -> str | None:
        return "Cooperator Hunter"


class AlternatorHunter(_Hunter):
    """Alternator Hunter (Karol Langner, as defined in the Axelrod library): cooperates on
    the first six moves; if the opponent alternated on those six (never the same move
    twice in a row), it defects for the rest of the match, and cooperates otherwise."""

    name = "Alternator Hunter"

    _LOOK = 6
    history_window = _LOOK

    def reset(self, n: int, rng: np.random.Generator, payoff: np.ndarray) -> None:
        super().reset(n, rng, payoff)
        self._alternator = np.zeros(n, dtype=bool)

    def step(self, own: np.ndarray, opp: np.ndarray) -> np.ndarray:
        k, t = opp.shape[0], self.t
        if t < self._LOOK:
            return np.zeros(k, dtype=_U8)
        alternator = self._alternator[:k]
        if t == self._LOOK:
            first = opp[:, -self._LOOK :]  # the opponent's first six moves
            alternator[:] = (first[:, 1:] != first[:, :-1]).all(axis=1)
        return alternator.astype(_U8)

    def axelrod_name(self) -> str | None:
        return "Alternator Hunter"


# Cycle detection, as the library's ``detect_cycle``: a sequence "has a cycle" of period
# p when each move equals the move p before it; periods 3 to 12 are tried, each only
# when the sequence holds at least two full periods.
_MIN_PERIOD, _MAX_PERIOD = 3, 12
_PERIODS = np.arange(_MIN_PERIOD, _MAX_PERIOD + 1)
_U16 = np.uint16
#: XOR with this, by the last move, leaves a 1 where a move differs from the last one.
_AGAINST = np.array([0, 0xFFFF], dtype=_U16)


class _Periodicity:
    """Per match and period p, whether the opponent's moves from ``offset`` on have kept
    period p so far; updated from the last move only.

    The opponent's last 16 moves are kept as the bits of one integer per match (bit p:
    the move p turns before the last), and the periods that still hold as the bits of
    another (bit j: period ``3 + j``): a turn costs a few integer operations per match.
    """

    def __init__(self, n: int, offset: int) -> None:
        self.offset = offset
        self.recent = np.zeros(n, dtype=_U16)
        self.holds = np.full(n, (1 << len(_PERIODS)) - 1, dtype=_U16)

    def update(self, opp: np.ndarray, t: int) -> None:
        """Take in the last move of ``opp`` (k, its last turns), the ``t``-th; called
        every turn from the one after move ``offset`` on."""
        k = opp.shape[0]
        last = opp[:, -1]
        recent = self.recent[:k]
        recent <<= 1
        recent |= last
        # the periods p with the move p before the last from move ``offset`` on
        count = int(np.searchsorted(_PERIODS, t - 1 - self.offset, side="right"))
        if count:
            differs = (recent ^ _AGAINST.take(last)) >> _MIN_PERIOD
            self.holds[:k] &= ~(differs & _U16((1 << count) - 1))

    def cycle(self, k: int, t: int) -> np.ndarray:
        """Whether the tail of the first ``t`` moves has a cycle of a period it holds
        twice: the library's ``detect_cycle(history, min_size=3, offset=offset)``."""
        longest = min((t - self.offset) // 2, _MAX_PERIOD)
        if longest < _MIN_PERIOD:
            return np.zeros(k, dtype=bool)
        return (self.holds[:k] & _U16((1 << (longest - _MIN_PERIOD + 1)) - 1)) != 0


class CycleHunter(_Hunter):
    """Cycle Hunter (Marc Harper, as defined in the Axelrod library): hunts players that
    repeat a cycle, like the Cyclers and Alternator. It cooperates until the opponent's
    whole history repeats a cycle of 3 to 12 moves containing both C and D (the history
    holding at least two full cycles), and then defects for the rest of the match."""

    name = "Cycle Hunter"
    history_window = 1

    def reset(self, n: int, rng: np.random.Generator, payoff: np.ndarray) -> None:
        super().reset(n, rng, payoff)
        self._periodic = _Periodicity(n, offset=0)
        self._defections = np.zeros(n, dtype=np.int64)  # the opponent's
        self._found = np.zeros(n, dtype=bool)

    def step(self, own: np.ndarray, opp: np.ndarray) -> np.ndarray:
        k, t = opp.shape[0], self.t
        found = self._found[:k]
        if t > 0:
            self._periodic.update(opp, t)
            defections = self._defections[:k]
            defections += opp[:, -1]
            if t >= 2 * _MIN_PERIOD:
                # a cycle in a history of both moves has both moves
                both = (defections > 0) & (defections < t)
                found |= self._periodic.cycle(k, t) & both
        return found.astype(_U8)

    def axelrod_name(self) -> str | None:
        return "Cycle Hunter"


class EventualCycleHunter(_Hunter):
    """Eventual Cycle Hunter (Marc Harper, as defined in the Axelrod library): hunts
    players that eventually repeat a cycle. It cooperates on the first ten moves and
    while the opponent has only cooperated. Otherwise, every ten moves it checks whether
    the opponent's moves after its first ten repeat a cycle of 3 to 12 moves (holding at
    least two full cycles; a cycle of a single move counts), and until the next check it
    defects if they do and cooperates if not."""

    name = "Eventual Cycle Hunter"

    _SKIP = 10
    history_window = 1

    def reset(self, n: int, rng: np.random.Generator, payoff: np.ndarray) -> None:
        super().reset(n, rng, payoff)
        self._periodic = _Periodicity(n, offset=self._SKIP)
        self._defected = np.zeros(n, dtype=bool)  # the opponent, ever
        self._cycle = np.zeros(n, dtype=bool)

    def step(self, own: np.ndarray, opp: np.ndarray) -> np.ndarray:
        k, t = opp.shape[0], self.t
        defected = self._defected[:k]
        if t > 0:
            defected |= opp[:, -1].astype(bool)
            if t > self._SKIP:
                self._periodic.update(opp, t)
        if t < self._SKIP:
            return np.zeros(k, dtype=_U8)
        cycle = self._cycle[:k]
        if t % self._SKIP == 0:
            cycle[defected] = self._periodic.cycle(k, t)[defected]
        return (cycle & defected).astype(_U8)

    def axelrod_name(self) -> str | None:
        return "Eventual Cycle Hunter"


class MathConstantHunter(_Hunter):
    """Math Constant Hunter (Karol Langner, as defined in the Axelrod library): hunts
    players whose cooperation rate is constant, like those playing the digits of a
    mathematical constant (and many random players). From its ninth move on, once the
    opponent has played both C and D, it compares the rate of cooperation of both players
    together over the first half, the middle half and the second half of the history;
    it defects if the rates of the middle and second halves are both within 0.2 of the
    first half's, and cooperates otherwise.

    The rates over moving windows come from running prefix counts of cooperations, kept
    in an array that doubles in size when full (its match length may be unknown).
    """

    name = "Math Constant Hunter"
    # None: it compares rates over the halves of the whole history, so it needs the
    # counts from turn t/4 on (a memory linear in the match length, whatever it keeps)
    history_window = None

    def reset(self, n: int, rng: np.random.Generator, payoff: np.ndarray) -> None:
        super().reset(n, rng, payoff)
        # _prefix[j]: cooperations of both players in the first j turns, per match
        self._prefix = np.zeros((256, n), dtype=np.int64)
        self._defections = np.zeros(n, dtype=np.int64)  # the opponent's

    def step(self, own: np.ndarray, opp: np.ndarray) -> np.ndarray:
        k, t = own.shape
        if t == 0:
            return np.zeros(k, dtype=_U8)
        if t >= len(self._prefix):
            grown = np.zeros((2 * len(self._prefix), self.n), dtype=np.int64)
            grown[: len(self._prefix)] = self._prefix
            self._prefix = grown
        prefix = self._prefix
        prefix[t, :k] = prefix[t - 1, :k] + 2 - own[:, -1] - opp[:, -1]
        defections = self._defections[:k]
        defections += opp[:, -1]
        if t < 8:
            return np.zeros(k, dtype=_U8)
        # the rates over the first half, the middle half and the second half, together
        starts, ends = np.array([0, t // 4, t // 2]), np.array([t // 2, 3 * t // 4, t])
        rates = 0.5 * (prefix[ends, :k] - prefix[starts, :k]) / (ends - starts)[:, None]
        constant = (np.abs(rates[0] - rates[1:]) < 0.2).all(axis=0)
        # and the opponent played both moves
        return (constant & (defections > 0) & (defections < t)).astype(_U8)

    def axelrod_name(self) -> str | None:
        return "Math Constant Hunter"


class RandomHunter(_Hunter):
    """Random Hunter (Karol Langner, as defined in the Axelrod library): hunts random
    players, whose answers do not depend on the moves they answer. It counts how often
    the opponent answered its C with C, and its D with D (answers on the next move).
    From its twelfth move on, it defects if each of these frequencies that it can
    estimate is within 0.25 of 1/2, and cooperates otherwise; a frequency is estimated
    (over all its own Cs, or all its own Ds) once it has played more than five of that
    move."""

    name = "Random Hunter"
    history_window = 2

    def reset(self, n: int, rng: np.random.Generator, payoff: np.ndarray) -> None:
        super().reset(n, rng, payoff)
        self._same = np.zeros((2, n), dtype=np.int64)  # answers CC, DD
        self._played = np.zeros((2, n), dtype=np.int64)  # its own C, D

    def step(self, own: np.ndarray, opp: np.ndarray) -> np.ndarray:
        k, t = own.shape[0], self.t
        played, same = self._played[:, :k], self._same[:, :k]
        if t > 0:
            played[1] += own[:, -1]
            played[0] = t - played[1]
        if t > 1:
            before, answer = own[:, -2], opp[:, -1]
            same[0] += (before | answer) == 0
            same[1] += before & answer
        if t <= 10:
            return np.zeros(k, dtype=_U8)
        estimated = played > 5
        frequency = same / np.maximum(played, 1)
        near_half = np.abs(frequency - 0.5) < 0.25
        hunt = estimated.any(axis=0) & (near_half | ~estimated).all(axis=0)
        return hunt.astype(_U8)

    def axelrod_name(self) -> str | None:
        return "Random Hunter"
