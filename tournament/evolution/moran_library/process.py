"""The Moran process as the Axelrod library runs it (``axelrod.MoranProcess``), many
runs at once.

Each step, in every run still going: the matches the step needs are played (all runs'
together, in one engine call), each individual's fitness is its total score per turn
over its matches, and then

- birth-death (``mode="bd"``): an individual is chosen to reproduce with probability
  proportional to its fitness, and its offspring replaces one of its
  reproduction-graph neighbours (on the default graphs: anyone, itself included);
- death-birth (``mode="db"``): an individual dies, chosen uniformly, and one of the
  others takes its place with probability proportional to fitness (see
  :class:`~tournament.evolution.moran_library.topology.MoranGraphs` for how the
  library scores that step, and ``db_variant``).

With probability ``mutation_rate`` the offspring is another strategy of the initial
population (uniformly, or along a mutation matrix). Without mutation a run stops when
one strategy has taken over (``stop_on_fixation``).

Randomness: run ``r`` draws every choice (who reproduces, who dies, mutations, match
lengths, sampled outcomes) from its own stream, ``SeedSequence([seed, 1],
spawn_key=(r,))``, so its choices do not depend on how many runs there are. Matches
that need playing (noise, a stochastic strategy, random lengths) are played in one
batch per step seeded from ``(seed, step)``: there a run's realisation depends on the
batch it shares, its distribution does not (``independent_runs=True`` gives each run
batches of its own: slower, and then run ``r`` is the same whatever the number of runs).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from strategies.errors import IPDError
from tournament.evolution.moran_library.scoring import OutcomeTable, PlayedScores
from tournament.evolution.moran_library.topology import MoranGraphs

__all__ = ["Dynamics", "RunUniforms", "Trajectories", "simulate"]

#: Uniforms per step before the per-pair ones: birth, death, mutation, mutation target.
FIXED_DRAWS = 4
#: Bytes the per-run buffers of uniforms may take.
BUFFER_BYTES = 2**25


class RunUniforms:
    """Each run's own stream of uniforms, drawn in blocks: run ``r`` reads the
    uniforms of ``SeedSequence([seed, 1], spawn_key=(r,))`` in order, ``per_step`` a
    step, whichever runs are still going."""

    def __init__(self, seed: int, runs: int, per_step: int) -> None:
        self.generators = [
            np.random.default_rng(np.random.SeedSequence([seed, 1], spawn_key=(r,)))
            for r in range(runs)
        ]
        self.per_step = per_step
        steps = max(1, min(64, BUFFER_BYTES // (8 * per_step * max(runs, 1))))
        self.buffer = np.empty((runs, per_step * steps))
        self.cursor = self.buffer.shape[1]

    def take(self, active: np.ndarray) -> np.ndarray:
        """``(len(active), per_step)`` uniforms for the next step of the ``active`` runs."""
        width = self.buffer.shape[1]
        if self.cursor + self.per_step > width:
            left = width - self.cursor
            self.buffer[active, :left] = self.buffer[active, self.cursor :]
            for r in active:
                self.generators[r].random(out=self.buffer[r, left:])
            self.cursor = 0
        out = self.buffer[active, self.cursor : self.cursor + self.per_step]
        self.cursor += self.per_step
        return out


@dataclass(frozen=True, eq=False)
class Dynamics:
    """Everything one step needs: the graphs, how matches score, and the rules."""

    graphs: MoranGraphs
    scorer: PlayedScores | OutcomeTable
    n_types: int
    mode: str
    db_variant: str
    mutation_rate: float
    mutation_cdf: np.ndarray | None  # cumulative rows of the mutation matrix
    fitness_transformation: Callable[[np.ndarray], np.ndarray] | None

    @property
    def per_step(self) -> int:
        """Uniforms a run draws per step: the fixed ones, then what the pairs need."""
        pairs = self.graphs.max_pairs(self.mode, self.db_variant)
        return FIXED_DRAWS + self.scorer.draws_per_pair * pairs


@dataclass(frozen=True)
class Trajectories:
    """What happened in every run: at step ``s`` of run ``r`` (``s < steps[r]``), the
    individual at ``where[s, r]`` (of strategy ``died[s, r]``) was replaced by one of
    strategy ``born[s, r]`` (-1 past the run's end); ``final[r]``: the last population."""

    where: np.ndarray
    born: np.ndarray
    died: np.ndarray
    steps: np.ndarray
    final: np.ndarray


def step_pairs(
    dyn: Dynamics, dead: np.ndarray | None, n_runs: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The pairs of individuals a step plays in each run: ``(K, 2)`` pairs, the run
    (row of the active runs) of each, and its position in its run's list."""
    g = dyn.graphs
    if dead is None:
        e = len(g.interaction)
        return (
            np.tile(g.interaction, (n_runs, 1)),
            np.repeat(np.arange(n_runs), e),
            np.tile(np.arange(e), n_runs),
        )
    table = g.pair_table(dyn.db_variant)
    if table is not None:
        padded, lengths = table
        counts = lengths[dead]
        valid = np.arange(padded.shape[1])[None, :] < counts[:, None]
        pairs = padded[dead][valid]
    else:
        lists = [g.pairs_for(int(d), dyn.db_variant) for d in dead]
        counts = np.array([len(x) for x in lists], dtype=np.int64)
        pairs = np.concatenate(lists) if counts.sum() else np.zeros((0, 2), dtype=np.int64)
    run = np.repeat(np.arange(n_runs), counts)
    position = np.arange(len(run)) - np.repeat(np.cumsum(counts) - counts, counts)
    return pairs, run, position


def fitness(
    dyn: Dynamics,
    types: np.ndarray,
    dead: np.ndarray | None,
    u: np.ndarray,
    step: int,
    runs: np.ndarray,
) -> np.ndarray:
    """``(runs, N)`` total scores per turn of every individual over the step's matches
    (the library's ``score_all``); ``u``: the runs' uniforms for the step."""
    n_runs, size = types.shape
    table = getattr(dyn.scorer, "fixed", None)
    known = table is not None and not dyn.scorer.random.any()  # type: ignore[union-attr]
    if dead is None and known and dyn.graphs.well_mixed:
        # every match is known and everyone plays everyone else: count, don't gather
        counts = np.zeros((n_runs, dyn.n_types))
        np.add.at(counts, (np.arange(n_runs)[:, None], types), 1.0)
        against = counts @ table[:, :, 0].T  # score of each strategy against everyone
        return np.take_along_axis(against, types, axis=1) - table[types, types, 0]
    pairs, run, position = step_pairs(dyn, dead, n_runs)
    a, b = types[run, pairs[:, 0]], types[run, pairs[:, 1]]
    draws = u[run, FIXED_DRAWS + position] if dyn.scorer.draws_per_pair else None
    scores = dyn.scorer(a, b, draws, step, runs[run])
    seats = np.concatenate([run * size + pairs[:, 0], run * size + pairs[:, 1]])
    total = np.bincount(seats, np.concatenate([scores[:, 0], scores[:, 1]]), n_runs * size)
    return total.reshape(n_runs, size)


def _choose(weights: np.ndarray, u: np.ndarray, first: np.ndarray) -> np.ndarray:
    """One individual per run with probability proportional to ``weights`` (the first
    whose cumulative weight reaches ``u`` times the total, as the library does); when
    every weight is 0, ``first``, as the library does."""
    cumulative = np.cumsum(weights, axis=1)
    total = cumulative[:, -1]
    target = np.maximum(u * total, np.finfo(float).tiny)
    chosen = (cumulative < target[:, None]).sum(axis=1)
    return np.where(total > 0, np.minimum(chosen, weights.shape[1] - 1), first)


def _transform(dyn: Dynamics, scores: np.ndarray) -> np.ndarray:
    """Fitness from scores: the transformation, checked non-negative and finite."""
    weights = scores if dyn.fitness_transformation is None else dyn.fitness_transformation(scores)
    weights = np.asarray(weights, dtype=float)
    if weights.shape != scores.shape:
        raise IPDError(
            f"fitness transformation returned shape {weights.shape} for scores of shape "
            f"{scores.shape}: expected an elementwise function of a numpy array"
        )
    if (weights < 0).any() or not np.isfinite(weights).all():
        raise IPDError(
            "fitness must be finite and non-negative: give a fitness transformation for a "
            "game with negative payoffs (e.g. lambda s: np.exp(s))"
        )
    return weights


def _offspring(dyn: Dynamics, parent_type: np.ndarray, u: np.ndarray) -> np.ndarray:
    """The offspring's strategy: the parent's, or with probability ``mutation_rate``
    another of the initial population's (uniformly, or along the mutation matrix)."""
    if dyn.mutation_rate == 0 or dyn.n_types < 2:
        return parent_type
    mutates = u[:, 2] < dyn.mutation_rate
    if dyn.mutation_cdf is None:
        shift = 1 + np.minimum((u[:, 3] * (dyn.n_types - 1)).astype(np.int64), dyn.n_types - 2)
        other = (parent_type + shift) % dyn.n_types
    else:
        rows = dyn.mutation_cdf[parent_type]
        other = np.minimum((rows <= u[:, 3, None]).sum(axis=1), dyn.n_types - 1)
    return np.where(mutates, other, parent_type)


def step(
    dyn: Dynamics, types: np.ndarray, u: np.ndarray, step_number: int, runs: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """One step of every run in ``types`` (``(runs, N)``, updated in place): returns
    where each run's offspring went and its strategy."""
    n_runs, size = types.shape
    rows = np.arange(n_runs)
    if dyn.mode == "bd":
        scores = fitness(dyn, types, None, u, step_number, runs)
        parent = _choose(_transform(dyn, scores), u[:, 0], np.zeros(n_runs, dtype=np.int64))
        g = dyn.graphs
        pick = np.minimum((u[:, 1] * g.degree[parent]).astype(np.int64), g.degree[parent] - 1)
        dead = g.neighbours[parent, pick]
    else:
        dead = np.minimum((u[:, 1] * size).astype(np.int64), size - 1)
        scores = fitness(dyn, types, dead, u, step_number, runs)
        mask = dyn.graphs.candidate_table(dyn.db_variant)[dead]
        weights = np.where(mask, _transform(dyn, scores), 0.0)
        parent = _choose(weights, u[:, 0], mask.argmax(axis=1))
    child = _offspring(dyn, types[rows, parent], u)
    types[rows, dead] = child
    return dead, child


def simulate(
    dyn: Dynamics,
    initial: np.ndarray,
    runs: int,
    seed: int,
    max_steps: int,
    stop_on_fixation: bool,
    progress: Callable[[int, int], None] | None = None,
) -> Trajectories:
    """``runs`` runs from the population ``initial`` (a strategy per individual), at
    most ``max_steps`` steps each."""
    types = np.tile(np.asarray(initial, dtype=np.int64), (runs, 1))
    steps = np.zeros(runs, dtype=np.int64)
    active = np.arange(runs)
    uniforms = RunUniforms(seed, runs, dyn.per_step)
    small = np.int16 if dyn.n_types < 2**15 else np.int32
    where, born, died = [], [], []
    for number in range(max_steps):
        if stop_on_fixation:
            active = active[~(types[active] == types[active, :1]).all(axis=1)]
        if progress is not None:
            done = runs - len(active) if stop_on_fixation else number
            progress(done, runs if stop_on_fixation else max_steps)
        if not len(active):
            break
        u = uniforms.take(active)
        block = types[active]
        before = block.copy()
        dead, child = step(dyn, block, u, number, active)
        types[active] = block
        records = [np.full(runs, -1, dtype=t) for t in (np.int32, small, small)]
        records[0][active] = dead
        records[1][active] = child
        records[2][active] = before[np.arange(len(active)), dead]
        for store, record in zip((where, born, died), records, strict=True):
            store.append(record)
        steps[active] += 1
    if progress is not None:
        progress(runs, runs) if stop_on_fixation else progress(max_steps, max_steps)

    def stacked(store: list[np.ndarray], dtype: type) -> np.ndarray:
        return np.stack(store) if store else np.zeros((0, runs), dtype=dtype)

    return Trajectories(
        stacked(where, np.int32), stacked(born, small), stacked(died, small), steps, types
    )
