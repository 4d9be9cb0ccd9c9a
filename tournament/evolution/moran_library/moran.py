"""The Moran process of the Axelrod library (``axelrod.MoranProcess`` and
``ApproximateMoranProcess``), native: :class:`MoranProcess` checks what it is given
and runs many runs at once (:func:`~tournament.evolution.moran_library.process.simulate`).

>>> process = MoranProcess(["Tit For Tat"] * 2 + ["Defector"] * 4, turns=10, seed=1)
>>> runs = process.play(runs=1000)
>>> print(runs.exact_text())  # doctest: +ELLIPSIS
Exact (birth-death formula, 2 Tit For Tat among 4 Defector): 0.4666; simulated 0.4...
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from strategies.base import Strategy
from strategies.errors import IPDError
from tournament.common.validation import (
    check_flag,
    check_horizon,
    check_int_at_least,
    check_noise,
    check_rate,
    check_seed,
)
from tournament.core.games import get_game
from tournament.core.players import create_player
from tournament.evolution.moran_library.exact import fixation_probability
from tournament.evolution.moran_library.mutation import mutation_cdf, read_mutation_matrix
from tournament.evolution.moran_library.process import Dynamics, fitness, simulate
from tournament.evolution.moran_library.runs import MoranRuns
from tournament.evolution.moran_library.scoring import (
    MatchSettings,
    OutcomeTable,
    PlayedScores,
    sample_outcomes,
)
from tournament.evolution.moran_library.topology import DB_VARIANTS, moran_graphs
from tournament.evolution.moran_process import counts_from_weights

__all__ = ["MoranProcess", "population"]

#: Steps a run may take by default, times the square of the population.
STEPS_PER_SQUARE = 100
#: Matches per pair of strategies whose mean payoffs go into the exact formula when
#: matches are random.
EXACT_SAMPLES = 1000


class MoranProcess:
    """The library's Moran process on a population of ``players`` (one entry per
    individual, as in the library: ``["Tit For Tat"] * 3 + ["Defector"] * 3``).

    The arguments are the library's (``turns``, ``prob_end``, ``noise``, ``game``,
    ``mutation_rate``, ``mode``, ``interaction_graph``, ``reproduction_graph``,
    ``fitness_transformation``, ``mutation_method``, ``stop_on_fixation``, ``seed``),
    with these differences and additions:

    - ``prob_end`` replaces the default 200 turns (the library caps random lengths at
      ``turns``, which matters only when ``1 / prob_end`` is not small next to 200);
    - ``fitness_transformation`` is applied to a numpy array of scores;
    - ``mutation_method="transition"`` (the library's default: to another strategy of
      the initial population, uniformly) takes an optional ``mutation_matrix``
      (``matrix[i, j]``: the probability that a mutant offspring of strategy ``i`` is
      of strategy ``j``); ``"atomic"`` (mutating the parameters of the library's
      evolvable players) is not available;
    - ``approximate``: sample every match from outcomes played beforehand instead of
      playing it (the library's ``ApproximateMoranProcess``): a number of matches to
      play per pair of strategies, an
      :class:`~tournament.evolution.moran_library.scoring.OutcomeTable`, or the
      library's ``cached_outcomes`` mapping;
    - ``db_variant``: ``"library"`` (death-birth as the library 4.13 runs it) or
      ``"neighbours"`` (the textbook death-birth process; see
      :class:`~tournament.evolution.moran_library.topology.MoranGraphs`);
    - ``max_steps``: the longest a run may go (needed with mutation or without
      ``stop_on_fixation``; default ``100 N^2``);
    - ``independent_runs``: see :mod:`~tournament.evolution.moran_library.process` on randomness;
    - ``hide_length``: do not tell strategies the length of fixed-length matches.
    """

    def __init__(
        self,
        players: Sequence[str | Strategy],
        *,
        turns: int | None = 200,
        prob_end: float | None = None,
        noise: float = 0.0,
        game: Any = "classic",
        mutation_rate: float = 0.0,
        mode: str = "bd",
        interaction_graph: Any = None,
        reproduction_graph: Any = None,
        fitness_transformation: Callable[[np.ndarray], np.ndarray] | None = None,
        mutation_method: str = "transition",
        mutation_matrix: Any = None,
        stop_on_fixation: bool = True,
        max_steps: int | None = None,
        seed: int | None = None,
        hide_length: bool = False,
        approximate: int | OutcomeTable | Mapping | None = None,
        db_variant: str = "library",
        independent_runs: bool = False,
    ) -> None:
        self.strategies, self.initial = _types(players)
        self.labels = tuple(s.label for s in self.strategies)
        size = len(self.initial)
        self.settings = _settings(game, turns, prob_end, noise, hide_length)
        self.seed = check_seed(seed)
        self.mode = _choice("mode", mode, ("bd", "db"))
        self.db_variant = _choice("db_variant", db_variant, DB_VARIANTS)
        self.mutation_rate = check_rate("mutation rate", mutation_rate)
        if isinstance(mutation_matrix, str | Path):
            mutation_matrix = read_mutation_matrix(mutation_matrix, self.labels)
        self.mutation_cdf = mutation_cdf(mutation_method, mutation_matrix, len(self.labels))
        self.stop_on_fixation = check_flag("stop_on_fixation", stop_on_fixation)
        self.max_steps = self._max_steps(max_steps, size)
        if fitness_transformation is not None and not callable(fitness_transformation):
            raise IPDError(
                f"fitness_transformation must be a function of the scores, got "
                f"{fitness_transformation!r}"
            )
        self.fitness_transformation = fitness_transformation
        self.independent_runs = check_flag("independent_runs", independent_runs)
        check_db = self.mode == "db" and self.db_variant == "neighbours"
        self.graphs = moran_graphs(size, interaction_graph, reproduction_graph, check_db)
        self.approximate = approximate
        self.scorer = self._scorer(approximate)

    def _max_steps(self, max_steps: int | None, size: int) -> int:
        if max_steps is not None:
            return check_int_at_least("max_steps", max_steps, 1)
        if self.mutation_rate > 0 or not self.stop_on_fixation:
            raise IPDError(
                "give max_steps (ipd evolve: --steps): with mutation, or without "
                "stop_on_fixation, a run never stops by itself"
            )
        return STEPS_PER_SQUARE * size * size

    def _scorer(self, approximate: Any) -> PlayedScores | OutcomeTable:
        if approximate is None:
            return PlayedScores(self.strategies, self.settings, self.seed, self.independent_runs)
        if isinstance(approximate, OutcomeTable):
            if approximate.labels != self.labels:
                raise IPDError(
                    f"approximate: the outcome table is for {list(approximate.labels)}, "
                    f"the population has {list(self.labels)}"
                )
            return approximate
        if isinstance(approximate, Mapping):
            return OutcomeTable.from_mapping(approximate, self.labels)
        samples = check_int_at_least("approximate (matches per pair of strategies)", approximate, 1)
        return sample_outcomes(self.strategies, self.settings, samples, self.seed)

    @property
    def dynamics(self) -> Dynamics:
        return Dynamics(
            self.graphs,
            self.scorer,
            len(self.labels),
            self.mode,
            self.db_variant,
            self.mutation_rate,
            self.mutation_cdf,
            self.fitness_transformation,
        )

    def play(self, runs: int = 1, progress: Callable[[int, int], None] | None = None) -> MoranRuns:
        """``runs`` runs of the process; ``progress(done, total)`` is called each step
        (runs finished, or steps taken when runs do not stop at fixation)."""
        runs = check_int_at_least("runs", runs, 1)
        started = time.perf_counter()
        trajectories = simulate(
            self.dynamics,
            self.initial,
            runs,
            self.seed,
            self.max_steps,
            self.stop_on_fixation,
            progress,
        )
        return MoranRuns(
            self.labels,
            self.initial.copy(),
            trajectories,
            self.params(runs),
            self.exact_fixation(),
            time.perf_counter() - started,
            self.stop_on_fixation and self.mutation_rate == 0,
        )

    def fitness(
        self, population: Sequence[Any] | None = None, dead: int | None = None
    ) -> np.ndarray:
        """Each individual's fitness before transformation (its total score per turn
        over the matches one step plays: the library's ``score_all``) in
        ``population`` (a strategy label or index per individual; default: the
        initial one); in death-birth mode, once individual ``dead`` has died (its
        entry is 0). Matches that need playing are played with the process seed."""
        types = self.initial if population is None else self._types_of(population)
        if (self.mode == "db") != (dead is not None):
            raise IPDError("give dead (the individual that died) in death-birth mode only")
        dyn = self.dynamics
        u = np.random.default_rng(self.seed).random((1, dyn.per_step))
        dead_array = None if dead is None else np.array([self._individual(dead)])
        return fitness(dyn, types[None, :].copy(), dead_array, u, 0, np.zeros(1, dtype=int))[0]

    def exact_fixation(self) -> np.ndarray | None:
        """Per strategy, the exact probability that it takes over from the initial
        population
        (:func:`~tournament.evolution.moran_library.exact.fixation_probability`), for
        two strategies on the default complete graphs without mutation, in birth-death
        mode or textbook death-birth (``db_variant="neighbours"``); else ``None``.
        Payoffs are exact for deterministic matches, else means of played (or cached)
        matches, and the formula then approximates the process."""
        if (
            len(self.labels) != 2
            or not self.graphs.complete
            or self.mutation_rate > 0
            or not self.stop_on_fixation
            or (self.mode == "db" and self.db_variant == "library")
        ):
            return None
        payoffs = (
            self.scorer.mean_payoffs()
            if isinstance(self.scorer, OutcomeTable)
            else self.scorer.mean_payoffs(EXACT_SAMPLES)
        )
        mutants = int((self.initial == 0).sum())
        p = fixation_probability(
            payoffs, len(self.initial), mutants, self.mode, self.fitness_transformation
        )
        return np.array([p, 1.0 - p])

    def params(self, runs: int) -> dict[str, Any]:
        """Every parameter of the runs, for the manifest."""
        s = self.settings
        return {
            "population": [self.labels[t] for t in self.initial],
            "initial_counts": np.bincount(self.initial, minlength=len(self.labels)).tolist(),
            "runs": runs,
            "game": s.game.to_dict(),
            "turns": s.turns,
            "prob_end": s.prob_end,
            "noise": s.noise,
            "hide_length": s.hide_length,
            "mode": self.mode,
            "db_variant": self.db_variant if self.mode == "db" else None,
            "mutation_rate": self.mutation_rate,
            "mutation_cdf": None if self.mutation_cdf is None else self.mutation_cdf.tolist(),
            "interaction_graph": self.graphs.names[0],
            "reproduction_graph": self.graphs.names[1],
            "fitness": "total score per turn over the step's matches"
            + ("" if self.fitness_transformation is None else ", transformed"),
            "approximate": _describe(self.approximate),
            "stop_on_fixation": self.stop_on_fixation,
            "max_steps": self.max_steps,
            "exact_payoffs": self._exact_payoffs(),
            "seed": self.seed,
            "independent_runs": self.independent_runs,
        }

    def _exact_payoffs(self) -> str:
        """Where the exact formula's payoffs come from."""
        if isinstance(self.scorer, OutcomeTable):
            return "payoffs: means of the sampled outcomes"
        if self.scorer.random.any():
            return f"payoffs: means of {EXACT_SAMPLES} matches per pair, an approximation"
        return "exact"

    def _types_of(self, population: Sequence[Any]) -> np.ndarray:
        if len(population) != len(self.initial):
            raise IPDError(
                f"population: got {len(population)} individuals, expected {len(self.initial)}"
            )
        index = {label: i for i, label in enumerate(self.labels)}
        types = []
        for item in population:
            if isinstance(item, int | np.integer) and 0 <= item < len(self.labels):
                types.append(int(item))
            elif item in index:
                types.append(index[item])
            else:
                raise IPDError(
                    f"population: {item!r} is not one of the strategies {list(self.labels)}"
                )
        return np.array(types, dtype=np.int64)

    def _individual(self, i: Any) -> int:
        if isinstance(i, bool) or not isinstance(i, int | np.integer):
            raise IPDError(f"dead must be an individual's index, got {i!r}")
        if not 0 <= i < len(self.initial):
            raise IPDError(f"dead: {i} is not an individual (0 to {len(self.initial) - 1})")
        return int(i)


def population(
    strategies: Sequence[str | Strategy], size: int, weights: Sequence[float] | None = None
) -> list[str | Strategy]:
    """``size`` individuals of ``strategies`` in proportion to ``weights`` (default:
    equal), strategy by strategy (largest remainders, so ``size`` exactly).

    >>> population(["Tit For Tat", "Defector"], 5, [1, 4])
    ['Tit For Tat', 'Defector', 'Defector', 'Defector', 'Defector']
    """
    size = check_int_at_least("population", size, 2)
    if weights is None:
        if size < len(strategies):
            raise IPDError(
                f"population {size} is smaller than the {len(strategies)} strategies: give "
                "a larger population or initial weights"
            )
        weights = [1.0] * len(strategies)
    values = np.asarray(weights, dtype=float)
    if values.shape != (len(strategies),):
        raise IPDError(
            f"initial shares: got {len(values)} numbers for {len(strategies)} strategies: "
            "expected one weight per strategy, in the order given"
        )
    if not np.isfinite(values).all() or (values < 0).any() or values.sum() <= 0:
        raise IPDError(
            f"initial shares: got {list(values)}: expected non-negative weights, not all 0"
        )
    counts = counts_from_weights(values, size)
    return [s for s, c in zip(strategies, counts, strict=True) for _ in range(int(c))]


def _types(players: Sequence[Any]) -> tuple[list[Strategy], np.ndarray]:
    """One player per strategy (by label, in order of first appearance) and each
    individual's strategy."""
    if isinstance(players, str) or not isinstance(players, Sequence):
        raise IPDError(
            "players: expected a list with one strategy per individual, e.g. "
            "['Tit For Tat'] * 3 + ['Defector'] * 3"
        )
    if len(players) < 2:
        raise IPDError(f"a Moran process needs at least 2 individuals, got {len(players)}")
    strategies: list[Strategy] = []
    index: dict[str, int] = {}
    initial = []
    for spec in players:
        player = create_player(spec)
        if player.label not in index:
            index[player.label] = len(strategies)
            strategies.append(player)
        initial.append(index[player.label])
    return strategies, np.array(initial, dtype=np.int64)


def _settings(
    game: Any, turns: int | None, prob_end: float | None, noise: float, hide_length: bool
) -> MatchSettings:
    the_game = get_game(game)
    if not the_game.symmetric:
        raise IPDError(
            f"the Moran process needs a symmetric game (one population), and "
            f"{the_game.name!r} has two roles: {', '.join(the_game.roles)}"
        )
    if prob_end is not None and turns == 200:
        turns = None  # an explicit ending probability replaces the default length
    turns, prob_end = check_horizon(turns, prob_end)
    return MatchSettings(
        the_game, turns, prob_end, check_noise(noise), check_flag("hide_length", hide_length)
    )


def _choice(name: str, value: Any, choices: Sequence[str]) -> str:
    text = value.lower() if isinstance(value, str) else value
    if text not in choices:
        raise IPDError(f"{name} {value!r}: expected one of {', '.join(map(repr, choices))}")
    return text


def _describe(approximate: Any) -> Any:
    if approximate is None:
        return None
    if isinstance(approximate, int | np.integer):
        return f"{int(approximate)} matches per pair of strategies"
    return "outcomes given"
