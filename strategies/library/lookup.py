"""Lookup-table strategies of the Axelrod library: LookerUp (a deterministic table) and
Gambler (a table of cooperation probabilities), both keyed on this player's last moves,
the opponent's last moves and the opponent's first moves; and their published
instances, evolved (Evolved LookerUps, PSO Gamblers), found by tournament search
(Winner12, Winner21) or derived from zero-determinant theory (ZD-Mem2).

The LookerUp tables are transcribed in ``strategies/data/lookup_tables.toml``; the PSO
Gambler tables are read from the installed Axelrod package's ``data/pso_gambler.csv``
(located without importing the package). Both are read at first use.
"""

from __future__ import annotations

import csv
import functools
import importlib.util
import tomllib
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from strategies.base import Strategy, as_actions, check_int, check_probability, moves_to_str
from strategies.generic import MemoryOneStrategy

__all__ = [
    "EvolvedLookerUp1_1_1",
    "EvolvedLookerUp2_2_2",
    "Gambler",
    "LookerUp",
    "PSOGambler1_1_1",
    "PSOGambler2_2_2",
    "PSOGambler2_2_2_Noise05",
    "PSOGamblerMem1",
    "Winner12",
    "Winner21",
    "ZDMem2",
    "lookup_index",
    "pso_gambler_tables",
    "published_lookup_tables",
]

_U8 = np.uint8
_DATA = Path(__file__).resolve().parent.parent / "data"


# -- data, read at first use ----------------------------------------------------------------


@functools.cache
def published_lookup_tables() -> dict[str, dict]:
    """The LookerUp tables of ``strategies/data/lookup_tables.toml``, by library name."""
    path = _DATA / "lookup_tables.toml"
    with path.open("rb") as handle:
        return tomllib.load(handle)


def axelrod_data_file(filename: str) -> Path:
    """A file of the installed Axelrod package's ``data`` directory, found without
    importing the package (importing it takes seconds)."""
    spec = importlib.util.find_spec("axelrod")
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError(
            f"the Axelrod library is not installed: its data file {filename!r} holds "
            "this strategy's published parameters"
        )
    return Path(next(iter(spec.submodule_search_locations))) / "data" / filename


def read_axelrod_rows(filename: str) -> list[list[str]]:
    """The rows of one of the library's comma-separated data files, comments skipped."""
    with axelrod_data_file(filename).open(newline="", encoding="utf-8") as handle:
        return [
            [cell.strip() for cell in row]
            for row in csv.reader(handle)
            if row and not row[0].startswith("#")
        ]


@functools.cache
def pso_gambler_tables() -> dict[str, tuple[tuple[int, int, int], tuple[float, ...]]]:
    """The library's PSO Gambler tables: name -> ((own, opponent, openings depths),
    cooperation probabilities in the table's key order)."""
    tables = {}
    for row in read_axelrod_rows("pso_gambler.csv"):
        depths = (int(row[1]), int(row[2]), int(row[3]))
        tables[row[0]] = (depths, tuple(float(x) for x in row[4:]))
    return tables


# -- the lookup ------------------------------------------------------------------------------


def lookup_index(
    own: np.ndarray,
    opp: np.ndarray,
    own_depth: int,
    op_depth: int,
    openings_depth: int,
    openings: np.ndarray | None = None,
) -> np.ndarray:
    """Row of the table for each of the ``k`` histories ``own``, ``opp`` (``(k, t)``, with
    ``t`` at least every depth): own last ``own_depth`` moves, the opponent's last
    ``op_depth`` and its first ``openings_depth``, each oldest first, as binary digits
    (C = 0, D = 1) in that order. The opponent's first moves are ``openings`` (``(k,
    openings_depth)``, recorded as they were played) when given, else the first columns
    of ``opp`` (which must then hold the whole history)."""
    index = np.zeros(own.shape[0], dtype=np.int64)
    for column in range(-own_depth, 0):
        index = (index << 1) | own[:, column]
    for column in range(-op_depth, 0):
        index = (index << 1) | opp[:, column]
    first = opp if openings is None else openings
    for column in range(openings_depth):
        index = (index << 1) | first[:, column]
    return index


def _check_depths(parameters: Sequence[int]) -> tuple[int, int, int]:
    values = tuple(parameters)
    if len(values) != 3:
        raise ValueError(
            "parameters must be (own_depth, op_depth, openings_depth), "
            f"got {len(values)} values: {parameters!r}"
        )
    depths = tuple(
        check_int(label, v, 0)
        for label, v in zip(("own_depth", "op_depth", "openings_depth"), values, strict=True)
    )
    if sum(depths) > 16:
        raise ValueError(f"the depths must add up to at most 16, got {depths}")
    return depths  # type: ignore[return-value]


def _check_size(pattern_length: int, depths: tuple[int, int, int]) -> None:
    size = 2 ** sum(depths)
    if pattern_length != size:
        raise ValueError(
            f"pattern needs 2**({'+'.join(map(str, depths))}) = {size} entries, "
            f"got {pattern_length}"
        )


def _initial_moves(initial_actions: str, depth: int) -> np.ndarray:
    """The library's rule: cut to the table depth, padded with C when too short."""
    moves = as_actions(initial_actions, "initial_actions")[:depth]
    return np.concatenate([moves, np.zeros(depth - len(moves), dtype=_U8)])


class _TableStrategy(Strategy, abstract=True):
    """Plays ``initial`` on the first turns, then looks up the history's entry of a
    table; subclasses turn the entries into moves."""

    _depths: tuple[int, int, int]
    _initial: np.ndarray

    @property
    def depth(self) -> int:
        """Turns played from ``initial`` before the table applies."""
        return max(self._depths)

    @property
    def history_window(self) -> int:  # type: ignore[override]
        """The last moves the table reads; the opponent's first moves are recorded from
        the last turn as they are played."""
        own_depth, op_depth, openings_depth = self._depths
        return max(own_depth, op_depth, min(openings_depth, 1))

    def reset(self, n: int, rng: np.random.Generator, payoff: np.ndarray) -> None:
        super().reset(n, rng, payoff)
        self._openings = np.zeros((n, self._depths[2]), dtype=_U8)  # opponent's first moves

    def _entries(self, index: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    def step(self, own: np.ndarray, opp: np.ndarray) -> np.ndarray:
        k, t = own.shape[0], self.t
        openings = self._openings[:k]
        if 0 < t <= openings.shape[1]:
            openings[:, t - 1] = opp[:, -1]
        if t < len(self._initial):
            return np.full(k, self._initial[t], dtype=_U8)
        return self._entries(lookup_index(own, opp, *self._depths, openings=openings))


class LookerUp(_TableStrategy):
    """LookerUp (Martin Jones; the Axelrod library's generic lookup table): plays the
    move of a fixed table keyed on its own last ``parameters[0]`` moves, the opponent's
    last ``parameters[1]`` moves and the opponent's first ``parameters[2]`` moves.

    ``pattern`` lists the moves for the keys in the library's order (own moves, then
    the opponent's last moves, then its openings, oldest first, read as a binary number
    with C = 0, D = 1). Until the table can be read (``max(parameters)`` turns) it plays
    ``initial_actions``, cut or padded with C to that length. The default is Tit For Tat.
    """

    name = "LookerUp"
    family = "generic"
    memory_depth = None  # the opponent's openings are remembered for ever

    def __init__(
        self,
        pattern: str = "CD",
        parameters: tuple[int, int, int] = (0, 1, 0),
        initial_actions: str = "C",
    ) -> None:
        super().__init__()
        depths = _check_depths(parameters)
        table = as_actions(pattern, "pattern")
        _check_size(len(table), depths)
        self._configure(table, depths, initial_actions)
        self.set_params(
            pattern=moves_to_str(table),
            parameters=depths,
            initial_actions=moves_to_str(self._initial),
        )

    def _configure(
        self, table: np.ndarray, depths: tuple[int, int, int], initial_actions: str
    ) -> None:
        self._table, self._depths = table, depths
        self._initial = _initial_moves(initial_actions, max(depths))

    def _entries(self, index: np.ndarray) -> np.ndarray:
        return self._table[index]

    def axelrod_name(self) -> str | None:
        return "LookerUp" if self.params == self.param_defaults() else None


class _PublishedLookerUp(LookerUp, abstract=True):
    """A LookerUp whose table is in ``strategies/data/lookup_tables.toml``."""

    family = "evolved"

    def __init__(self) -> None:
        Strategy.__init__(self)
        data = published_lookup_tables()[self.name]
        depths = (data["self_depth"], data["op_depth"], data["openings_depth"])
        self._configure(as_actions(data["pattern"], "pattern"), depths, data["initial_actions"])
        self.set_params()

    def axelrod_name(self) -> str | None:
        return self.name


class EvolvedLookerUp1_1_1(_PublishedLookerUp):
    """EvolvedLookerUp1_1_1 (Marc Harper, Axelrod library): a lookup table on its own
    last move, the opponent's last move and the opponent's first move, found by an
    evolutionary algorithm. Cooperates first; afterwards it cooperates only after mutual
    cooperation with an opponent that opened with C, or after its own defection met
    by a cooperation from an opponent that opened with D."""

    name = "EvolvedLookerUp1_1_1"


class EvolvedLookerUp2_2_2(_PublishedLookerUp):
    """EvolvedLookerUp2_2_2 (Marc Harper, Axelrod library): a lookup table on the last
    two moves of both players and the opponent's first two moves, found by an
    evolutionary algorithm; cooperates on the first two turns."""

    name = "EvolvedLookerUp2_2_2"


class Winner12(_PublishedLookerUp):
    """Winner12 (Mathieu & Delahaye 2015, "New Winning Strategies for the Iterated
    Prisoner's Dilemma"): a winner of their tournaments among all strategies that see
    their own last move and the opponent's last two. Cooperates twice; then, after its
    own cooperation, copies the opponent's last move; after its own defection it
    cooperates only if the opponent cooperated and then defected."""

    name = "Winner12"
    memory_depth = 2


class Winner21(_PublishedLookerUp):
    """Winner21 (Mathieu & Delahaye 2015): the other winner among strategies seeing their
    own last move and the opponent's last two. Opens D, C; then, after its own
    cooperation, copies the opponent's last move; after its own defection it cooperates
    only if the opponent cooperated in both of the last two turns."""

    name = "Winner21"
    memory_depth = 2


# -- Gambler: a table of probabilities ---------------------------------------------------------


class Gambler(_TableStrategy):
    """Gambler (Georgios Koutsovoulos; the Axelrod library's stochastic LookerUp): the
    table holds the probability of cooperating after each history, keyed as in
    :class:`LookerUp`; the first ``max(parameters)`` turns play ``initial_actions``.
    The default is Tit For Tat (probabilities 1 after C and 0 after D)."""

    name = "Gambler"
    family = "generic"
    memory_depth = None
    stochastic = True

    def __init__(
        self,
        pattern: tuple[float, ...] = (1.0, 0.0),
        parameters: tuple[int, int, int] = (0, 1, 0),
        initial_actions: str = "C",
    ) -> None:
        super().__init__()
        depths = _check_depths(parameters)
        probabilities = tuple(check_probability(f"pattern[{i}]", p) for i, p in enumerate(pattern))
        _check_size(len(probabilities), depths)
        self._configure(probabilities, depths, initial_actions)
        self.set_params(
            pattern=probabilities,
            parameters=depths,
            initial_actions=moves_to_str(self._initial),
        )

    def _configure(
        self, probabilities: Sequence[float], depths: tuple[int, int, int], initial: str
    ) -> None:
        self._p = np.asarray(probabilities, dtype=np.float64)
        self._depths = depths
        self._initial = _initial_moves(initial, max(depths))

    def is_stochastic(self) -> bool:
        return bool(((self._p > 0.0) & (self._p < 1.0)).any())

    def _entries(self, index: np.ndarray) -> np.ndarray:
        # C with probability p, as the library's random_choice: u in [0, 1) < p
        return (self.rng.random(len(index)) >= self._p[index]).astype(_U8)

    def axelrod_name(self) -> str | None:
        return "Gambler" if self.params == self.param_defaults() else None


class _PSOGambler(Gambler, abstract=True):
    """A Gambler whose table is a row of the library's ``data/pso_gambler.csv``."""

    family = "evolved"

    def __init__(self) -> None:
        Strategy.__init__(self)
        depths, probabilities = pso_gambler_tables()[self.name]
        self._configure(probabilities, depths, "")
        self.set_params()

    def axelrod_name(self) -> str | None:
        return self.name


class PSOGambler1_1_1(_PSOGambler):
    """PSO Gambler 1_1_1 (Marc Harper, Axelrod library): cooperation probabilities keyed
    on both players' last moves and the opponent's first move, trained with a particle
    swarm optimiser (pyswarm) against the library's strategies. Cooperates first."""

    name = "PSO Gambler 1_1_1"


class PSOGambler2_2_2(_PSOGambler):
    """PSO Gambler 2_2_2 (Georgios Koutsovoulos, retrained by Marc Harper): cooperation
    probabilities keyed on both players' last two moves and the opponent's first two,
    trained with a particle swarm optimiser. Cooperates on the first two turns."""

    name = "PSO Gambler 2_2_2"


class PSOGambler2_2_2_Noise05(_PSOGambler):
    """PSO Gambler 2_2_2 Noise 05 (Marc Harper): as PSO Gambler 2_2_2, trained in
    matches with 5% noise."""

    name = "PSO Gambler 2_2_2 Noise 05"


class PSOGamblerMem1(MemoryOneStrategy):
    """PSO Gambler Mem1 (Marc Harper, Axelrod library): the memory-one Gambler trained
    with a particle swarm optimiser against the library's short-running strategies
    (its "optimal" memory-one strategy). Cooperates first, always after mutual
    cooperation, never after exploiting a cooperator, and with probabilities of about
    0.52 after being exploited and 0.12 after mutual defection.

    Exactly memory one: played by the engine's memory-one kernel; the probabilities
    are read from the library's ``data/pso_gambler.csv``."""

    name = "PSO Gambler Mem1"
    family = "evolved"
    stochastic = True

    def __init__(self) -> None:
        super().__init__()
        self.set_params()

    def memory_one(self) -> tuple[tuple[float, float, float, float], float]:
        _, probabilities = pso_gambler_tables()[self.name]
        return tuple(probabilities), 1.0  # type: ignore[return-value]

    def axelrod_name(self) -> str | None:
        return self.name


# Li & Sun's memory-two zero-determinant strategy as published in the Axelrod library:
# P(C) after (own last two, opponent's last two), keys in the library's order.
_ZD_MEM2 = (
    *(11 / 12, 4 / 11, 7 / 9, 1 / 10),
    *(5 / 6, 3 / 11, 7 / 9, 1 / 10),
    *(2 / 3, 1 / 11, 7 / 9, 1 / 10),
    *(3 / 4, 2 / 11, 7 / 9, 1 / 10),
)


class ZDMem2(Gambler):
    """ZD-Mem2 (Marc Harper, Axelrod library; after Li & Sun 2014, [LiS2014]): a
    memory-two generalisation of a zero-determinant strategy. Cooperates on the first
    two turns; then cooperates with a probability set by both players' last two moves:
    7/9 after the opponent's D then C, 1/10 after two opponent defections, and after
    two opponent cooperations from 11/12 (own C, C) down to 2/3 (own D, C), and from
    1/11 to 4/11 after the opponent's C then D."""

    name = "ZD-Mem2"
    family = "zero-determinant"
    memory_depth = 2

    def __init__(self) -> None:
        Strategy.__init__(self)
        self._configure(_ZD_MEM2, (2, 2, 0), "")
        self.set_params()

    def axelrod_name(self) -> str | None:
        return self.name
