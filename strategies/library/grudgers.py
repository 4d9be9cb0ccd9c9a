"""Relatives of Grudger from the Axelrod library: grudges with a late start (Aggravater,
SpitefulCC), an alternating grudge (GrudgerAlternator), reversed grudges (EasyGo,
Opposite Grudger), a parameterised soft grudge (General Soft Grudger), and CAPRI, a
memory-three strategy that punishes a defection once and restores cooperation.

Every rule here follows the Axelrod library's definition (version 4.13) move for move;
each class says which published strategy it is.
"""

from __future__ import annotations

import numpy as np

from strategies.base import Strategy, check_int

__all__ = [
    "Aggravater",
    "Capri",
    "EasyGo",
    "GeneralSoftGrudger",
    "GrudgerAlternator",
    "OppositeGrudger",
    "SpitefulCC",
]

_U8 = np.uint8


class _LastMoveFlag(Strategy, abstract=True):
    """Shared state: whether the opponent has ever played ``_watched`` (C = 0, D = 1),
    updated from the last column only."""

    memory_depth = None
    history_window = 1
    _watched: int = 1

    def reset(self, n: int, rng: np.random.Generator, payoff: np.ndarray) -> None:
        super().reset(n, rng, payoff)
        self._seen = np.zeros(n, dtype=bool)

    def _update(self, opp: np.ndarray) -> np.ndarray:
        seen = self._seen[: opp.shape[0]]
        if self.t > 0:
            seen |= opp[:, -1] == self._watched
        return seen


class Aggravater(_LastMoveFlag):
    """Aggravater (Thomas Campbell's name in the Axelrod library): Grudger that defects on
    the first three turns whatever happens, then cooperates only while the opponent has
    never defected (its answers to the opening defections count)."""

    name = "Aggravater"
    family = "punishing"

    def step(self, own: np.ndarray, opp: np.ndarray) -> np.ndarray:
        seen = self._update(opp)
        if self.t < 3:
            return np.ones(opp.shape[0], dtype=_U8)
        return seen.astype(_U8)

    def axelrod_name(self) -> str | None:
        return "Aggravater"


class SpitefulCC(_LastMoveFlag):
    """SpitefulCC (spiteful_cc in Mathieu & Delahaye 2015): cooperates on the first two
    turns whatever happens, then plays Grudger: defects for ever once the opponent has
    defected (a defection on the first two turns counts)."""

    name = "SpitefulCC"
    family = "punishing"
    aliases = ("Spiteful CC",)

    def step(self, own: np.ndarray, opp: np.ndarray) -> np.ndarray:
        seen = self._update(opp)
        if self.t < 2:
            return np.zeros(opp.shape[0], dtype=_U8)
        return seen.astype(_U8)

    def axelrod_name(self) -> str | None:
        return "SpitefulCC"


class EasyGo(_LastMoveFlag):
    """EasyGo (Easy Go in the PRISON project, 1998; Reverse Grudger, RGRIM, in Li 2011;
    Fool Me Forever in Harper et al. 2017): defects until the opponent defects once,
    then cooperates for the rest of the match. It exploits unconditional cooperators,
    hence the defecting family."""

    name = "EasyGo"
    family = "defecting"
    aliases = ("Easy Go", "Reverse Grudger", "Fool Me Forever")

    def step(self, own: np.ndarray, opp: np.ndarray) -> np.ndarray:
        return (~self._update(opp)).astype(_U8)

    def axelrod_name(self) -> str | None:
        return "EasyGo"


class OppositeGrudger(_LastMoveFlag):
    """Opposite Grudger (Geraint Palmer's name in the Axelrod library): defects until the
    opponent cooperates once, then cooperates for the rest of the match. (No family fits
    exactly: it is grouped with the defecting strategies for its defecting default.)"""

    name = "Opposite Grudger"
    family = "defecting"
    _watched = 0

    def step(self, own: np.ndarray, opp: np.ndarray) -> np.ndarray:
        return (~self._update(opp)).astype(_U8)

    def axelrod_name(self) -> str | None:
        return "Opposite Grudger"


class GrudgerAlternator(_LastMoveFlag):
    """GrudgerAlternator (c_then_per_dc in the PRISON project, 1998; Grudger Alternator,
    Geraint Palmer's name in the Axelrod library): cooperates until the opponent defects
    once, then alternates: defects after each of its own cooperations and cooperates
    after each of its own defections."""

    name = "GrudgerAlternator"
    family = "punishing"
    aliases = ("Grudger Alternator",)

    def step(self, own: np.ndarray, opp: np.ndarray) -> np.ndarray:
        seen = self._update(opp)
        if self.t == 0:
            return np.zeros(own.shape[0], dtype=_U8)
        return (seen & (own[:, -1] == 0)).astype(_U8)

    def axelrod_name(self) -> str | None:
        return "GrudgerAlternator"


class GeneralSoftGrudger(Strategy):
    """General Soft Grudger (J. Taylor Smith's generalisation of Soft Grudger, Li 2011,
    in the Axelrod library): cooperates until the opponent's last ``n`` moves are all
    defections; then answers with D, plays ``d - 1`` more defections and ``c``
    cooperations whatever the opponent does, and starts watching again. With
    ``n=1, d=4, c=2`` it is Soft Grudger."""

    name = "General Soft Grudger"
    family = "punishing"
    memory_depth = None
    history_window = 1

    def __init__(self, n: int = 1, d: int = 4, c: int = 2) -> None:
        super().__init__()
        n = check_int("n", n, 1)
        d = check_int("d", d, 1)
        c = check_int("c", c, 0)
        if d - 1 + c < 1:
            raise ValueError(
                f"the punishment after the answering defection needs at least one move "
                f"(d - 1 + c >= 1), got d={d}, c={c}"
            )
        self.set_params(n=n, d=d, c=c)
        # the sequence played after the triggering defection
        self._tail = np.array([1] * (d - 1) + [0] * c, dtype=_U8)

    def reset(self, n: int, rng: np.random.Generator, payoff: np.ndarray) -> None:
        super().reset(n, rng, payoff)
        self._run = np.zeros(n, dtype=np.int64)  # the opponent's trailing defections
        self._position = np.full(n, -1, dtype=np.int64)  # in the tail; -1: not punishing

    def step(self, own: np.ndarray, opp: np.ndarray) -> np.ndarray:
        k, t = opp.shape[0], self.t
        run, position = self._run[:k], self._position[:k]
        if t > 0:
            last = opp[:, -1].astype(np.int64)
            run[:] = (run + 1) * last
        punishing = position >= 0
        moves = np.zeros(k, dtype=_U8)
        moves[punishing] = self._tail[position[punishing]]
        position[punishing] += 1
        position[position >= len(self._tail)] = -1
        triggered = ~punishing & (run >= self.params["n"])
        moves[triggered] = 1
        position[triggered] = 0
        return moves

    def axelrod_name(self) -> str | None:
        p = self.params
        return f"General Soft Grudger: n={p['n']},d={p['d']},c={p['c']}"


def _capri_table() -> np.ndarray:
    """CAPRI's move after each history of three turns: index ``o1 o2 o3`` (oldest first),
    each outcome two bits ``own, opponent`` (C = 0, D = 1). Cooperates in the histories
    named by the rules C, A, P and R of Murase & Baek (2020) and defects otherwise."""
    cooperate = [
        "CC CC CC",  # C: mutual cooperation
        "CC CC DC",  # A: accept punishment after an own mistaken defection
        "CC DC CD",
        "DC CD CC",
        "CD CC CC",  # A and R2
        "CC CD DC",  # P: after punishing a defection once, return to cooperation
        "CD DC CC",
        "DC CC CC",  # P and R1
        "DD DD DC",  # R1: recover from mutual defection
        "DD DC CC",
        "DD DD CD",  # R2
        "DD CD CC",
        "DD DD CC",  # R3
        "DD CC CC",
    ]
    table = np.ones(64, dtype=_U8)
    for history in cooperate:
        index = 0
        for outcome in history.split():
            index = (index << 2) | ("CD".index(outcome[0]) << 1) | "CD".index(outcome[1])
        table[index] = 0
    return table


_CAPRI = _capri_table()


class Capri(Strategy):
    """CAPRI (Murase & Baek 2020, as in the Axelrod library): a memory-three strategy
    that cooperates at mutual cooperation, accepts the punishment after its own
    defection from it, punishes the opponent's defection from it with exactly one
    defection, and recovers cooperation from mutual defection when either player
    cooperates; in every other history of the last three turns it defects. Before
    three turns are played, the missing turns count as mutual cooperation.

    The last three outcomes are kept as a 6-bit index into a 64-entry table."""

    name = "CAPRI"
    family = "reciprocal"
    memory_depth = 3
    history_window = 1  # the last three outcomes are kept in a running index

    def reset(self, n: int, rng: np.random.Generator, payoff: np.ndarray) -> None:
        super().reset(n, rng, payoff)
        self._index = np.zeros(n, dtype=np.int64)  # three mutual cooperations

    def step(self, own: np.ndarray, opp: np.ndarray) -> np.ndarray:
        k, t = own.shape[0], self.t
        index = self._index[:k]
        if t > 0:
            outcome = (own[:, -1].astype(np.int64) << 1) | opp[:, -1]
            index[:] = ((index << 2) | outcome) & 63
        return _CAPRI[index]

    def axelrod_name(self) -> str | None:
        return "CAPRI"
