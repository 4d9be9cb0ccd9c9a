"""Evolutionary dynamics on a tournament's payoffs: Axelrod's ecological simulation
(discrete replicator dynamics), two co-evolving populations for asymmetric games, and
the Moran process in a finite population, vectorized across runs.

The maths are pure numpy functions of a payoff matrix ``A`` (``A[i, j]``: mean payoff per
turn of strategy ``i`` against ``j``, from a tournament with the chosen game, noise and
horizon); :func:`evolve` and :func:`invasion` play that tournament and call them.

>>> A = np.array([[3.0, 0.0], [5.0, 1.0]])  # cooperators and defectors, one-shot
>>> replicator(A, np.array([0.9, 0.1]), generations=50)[-1].round(3)
array([0., 1.])
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from strategies.errors import IPDError
from tournament.common.validation import check_int_at_least, check_rate

__all__ = [
    "EvolutionResults",
    "InvasionResult",
    "MoranOutcome",
    "evolve",
    "invasion",
    "moran",
    "replicator",
    "two_population_replicator",
    "wilson_interval",
]

MODELS = ("ecological", "moran")


# -- pure dynamics ---------------------------------------------------------------------------


def _fitness_offset(*matrices: np.ndarray) -> float:
    """Shift making every payoff non-negative (the discrete replicator needs it)."""
    low = min(float(m.min()) for m in matrices)
    return -low if low < 0 else 0.0


def _replicator_step(x: np.ndarray, fitness: np.ndarray, mutation: float) -> np.ndarray:
    weighted = x * fitness
    total = weighted.sum()
    new = weighted / total if total > 0 else x.copy()
    if mutation:
        new = (1.0 - mutation) * new + mutation / len(new)
    new = np.clip(new, 0.0, None)
    return new / new.sum()


def replicator(
    A: np.ndarray, x0: np.ndarray, generations: int, mutation: float = 0.0
) -> np.ndarray:
    """Axelrod's ecological simulation: each generation, a strategy's share is multiplied
    by its mean score against the population (``A @ x``) and renormalised; with
    ``mutation`` a fraction of each generation is redistributed uniformly.
    Returns ``(generations + 1, n)`` shares (row 0 is ``x0``)."""
    A = np.asarray(A, dtype=float)
    shift = _fitness_offset(A)
    out = np.empty((generations + 1, len(x0)))
    out[0] = x = np.asarray(x0, dtype=float) / np.sum(x0)
    for g in range(1, generations + 1):
        x = _replicator_step(x, A @ x + shift, mutation)
        out[g] = x
    return out


def two_population_replicator(
    A_row: np.ndarray,
    A_col: np.ndarray,
    x0: np.ndarray,
    y0: np.ndarray,
    generations: int,
    mutation: float = 0.0,
) -> tuple[np.ndarray, np.ndarray]:
    """Two populations evolving together (say suppliers ``x`` and buyers ``y``):
    ``A_row[i, j]`` is row-role strategy ``i``'s payoff against column-role ``j``, and
    ``A_col[j, i]`` column-role ``j``'s payoff against row-role ``i``."""
    A_row, A_col = np.asarray(A_row, dtype=float), np.asarray(A_col, dtype=float)
    shift = _fitness_offset(A_row, A_col)
    xs = np.empty((generations + 1, len(x0)))
    ys = np.empty((generations + 1, len(y0)))
    xs[0] = x = np.asarray(x0, dtype=float) / np.sum(x0)
    ys[0] = y = np.asarray(y0, dtype=float) / np.sum(y0)
    for g in range(1, generations + 1):
        x, y = (
            _replicator_step(x, A_row @ y + shift, mutation),
            _replicator_step(y, A_col @ x + shift, mutation),
        )
        xs[g], ys[g] = x, y
    return xs, ys


@dataclass(frozen=True)
class MoranOutcome:
    """``fixed[r]``: the strategy that took over run ``r`` (-1: none within the time
    allowed, or mutation on); ``fixation_generation[r]``; ``mean_shares[g]``: mean over
    runs of the population's shares after ``g`` generations; ``sample[g]``: the counts
    of run 0."""

    fixed: np.ndarray
    fixation_generation: np.ndarray
    mean_shares: np.ndarray
    sample: np.ndarray


def _draw(weights: np.ndarray, u: np.ndarray) -> np.ndarray:
    """One index per row, with probability proportional to the row's weights."""
    cumulative = np.cumsum(weights, axis=1)
    target = u * cumulative[:, -1]
    return np.minimum((cumulative <= target[:, None]).sum(axis=1), weights.shape[1] - 1)


def moran(
    A: np.ndarray,
    counts0: np.ndarray,
    runs: int,
    generations: int,
    selection: float,
    mutation: float,
    rng: np.random.Generator,
) -> MoranOutcome:
    """The Moran process in a population of ``N = counts0.sum()``, ``runs`` at once.

    Each step one individual reproduces, chosen with probability proportional to its
    fitness ``exp(selection * payoff)`` (payoff: mean of ``A`` against the other
    ``N - 1`` individuals), and its offspring (a random strategy with probability
    ``mutation``) replaces an individual chosen uniformly. A generation is ``N`` steps.
    Without mutation a run stops when one strategy has taken over.
    """
    A = np.asarray(A, dtype=float)
    n = len(counts0)
    N = int(np.sum(counts0))
    counts = np.tile(np.asarray(counts0, dtype=np.int64), (runs, 1))
    fixed = np.full(runs, -1, dtype=np.int64)
    when = np.full(runs, -1, dtype=np.int64)
    mean_shares = np.empty((generations + 1, n))
    sample = np.empty((generations + 1, n), dtype=np.int64)
    mean_shares[0], sample[0] = counts.mean(axis=0) / N, counts[0]
    active = np.arange(runs)
    if mutation == 0:
        done = (counts == N).any(axis=1)
        fixed[done] = counts[done].argmax(axis=1)
        when[done] = 0
        active = active[~done]
    diag = np.diag(A)
    for g in range(1, generations + 1):
        for _ in range(N):
            if not len(active):
                break
            c = counts[active]
            payoff = (c @ A.T - diag) / max(N - 1, 1)
            weights = c * np.exp(selection * (payoff - payoff.max(axis=1, keepdims=True)))
            u = rng.random((3, len(active)))
            born = _draw(weights, u[0])
            if mutation:
                mutants = u[2] < mutation
                born[mutants] = rng.integers(0, n, size=int(mutants.sum()))
            dies = _draw(c.astype(float), u[1])
            rows = np.arange(len(active))
            c[rows, born] += 1
            c[rows, dies] -= 1
            counts[active] = c
            if mutation == 0:
                done = (c == N).any(axis=1)
                if done.any():
                    fixed[active[done]] = c[done].argmax(axis=1)
                    when[active[done]] = g
                    active = active[~done]
        mean_shares[g], sample[g] = counts.mean(axis=0) / N, counts[0]
    return MoranOutcome(fixed, when, mean_shares, sample)


def wilson_interval(successes: int, trials: int, z: float = 1.959964) -> tuple[float, float]:
    """95% Wilson score interval of a binomial proportion."""
    if trials == 0:
        return (0.0, 1.0)
    p = successes / trials
    centre = (p + z * z / (2 * trials)) / (1 + z * z / trials)
    half = (
        z * math.sqrt(p * (1 - p) / trials + z * z / (4 * trials * trials)) / (1 + z * z / trials)
    )
    return max(0.0, centre - half), min(1.0, centre + half)


def counts_from_weights(weights: Sequence[float], population: int) -> np.ndarray:
    """Integer counts summing to ``population`` in proportion to ``weights`` (largest
    remainders)."""
    w = np.asarray(weights, dtype=float)
    exact = w / w.sum() * population
    counts = np.floor(exact).astype(np.int64)
    short = population - counts.sum()
    counts[np.argsort(-(exact - counts), kind="stable")[:short]] += 1
    return counts


# -- checks ---------------------------------------------------------------------------------


def _check_selection(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 100:
        raise IPDError(f"selection intensity must be a number in [0, 100], got {value!r}")
    return float(value)


def _initial(initial: Sequence[float] | None, n: int) -> np.ndarray:
    if initial is None:
        return np.full(n, 1.0 / n)
    values = np.asarray(initial, dtype=float)
    if values.shape != (n,):
        raise IPDError(
            f"initial shares: got {len(values)} numbers for {n} strategies: expected one "
            "weight per strategy, in the order given"
        )
    if not np.isfinite(values).all() or (values < 0).any() or values.sum() <= 0:
        raise IPDError(
            f"initial shares: got {list(values)}: expected non-negative weights, not all 0"
        )
    return values / values.sum()


# -- evolving a field of strategies -------------------------------------------------------------


@dataclass
class EvolutionResults:
    """Shares over generations (tidy), final shares and, for Moran, fixation."""

    model: str
    labels: list[str]
    families: list[str]
    roles: list[str]  # ["all"], or the two roles of an asymmetric game
    shares: pd.DataFrame  # generation, role, strategy, share
    params: dict[str, Any]
    payoffs: dict[str, pd.DataFrame]
    fixation: pd.DataFrame | None = None
    sample_counts: np.ndarray | None = None
    duration: float = 0.0
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def final(self) -> pd.DataFrame:
        last = self.shares["generation"].max()
        final = self.shares[self.shares["generation"] == last].drop(columns="generation")
        return final.sort_values(["role", "share"], ascending=[True, False]).reset_index(drop=True)

    def wide(self, role: str | None = None) -> pd.DataFrame:
        """Generations x strategies."""
        role = role or self.roles[0]
        frame = self.shares[self.shares["role"] == role]
        wide = frame.pivot(index="generation", columns="strategy", values="share")
        return wide[self.labels]

    def summary_text(self) -> str:
        lines = []
        for role in self.roles:
            final = self.final[self.final["role"] == role].head(5)
            where = "" if role == "all" else f" ({role}s)"
            top = ", ".join(f"{r.strategy} {r.share:.1%}" for r in final.itertuples())
            lines.append(f"Final shares{where}: {top}")
        if self.fixation is not None:
            lines.append("Fixation probabilities (95% CI):")
            for r in self.fixation.itertuples():
                lines.append(
                    f"  {r.strategy}: {r.probability:.3f} ({r.ci_low:.3f} to {r.ci_high:.3f}), "
                    f"neutral {r.neutral:.3f}"
                )
            unfixed = self.extra.get("unfixed", 0)
            if unfixed:
                lines.append(f"  {unfixed} runs had not fixed after the last generation")
        return "\n".join(lines)

    def manifest(self) -> dict[str, Any]:
        from tournament.core.results import package_versions

        return {
            "tool": "ipd-tournament",
            "model": self.model,
            "parameters": self.params,
            "strategies": self.labels,
            "duration_seconds": round(self.duration, 3),
            "versions": package_versions(),
        }

    def write(self, out: str | Path, plots: bool = True, animate: bool = False) -> Path:
        import json

        out = Path(out)
        out.mkdir(parents=True, exist_ok=True)
        self.shares.to_csv(out / "shares.csv", index=False)
        self.final.to_csv(out / "final_shares.csv", index=False)
        for name, matrix in self.payoffs.items():
            matrix.to_csv(out / f"{name}.csv")
        if self.fixation is not None:
            self.fixation.to_csv(out / "fixation.csv", index=False)
        (out / "manifest.json").write_text(json.dumps(self.manifest(), indent=2) + "\n")
        if plots or animate:
            from tournament.reports import evolution as plotting
            from tournament.reports import style

            if plots:
                plotting.share_areas(self).savefig(out / "shares.png", dpi=100)
            if animate:
                plotting.population_animation(self, out / "evolution.gif")
            style.close_all()
        return out


def _tidy(trajectories: dict[str, np.ndarray], labels: list[str]) -> pd.DataFrame:
    frames = []
    for role, shares in trajectories.items():
        g, n = shares.shape
        frames.append(
            pd.DataFrame(
                {
                    "generation": np.repeat(np.arange(g), n),
                    "role": role,
                    "strategy": np.tile(np.asarray(labels, dtype=object), g),
                    "share": shares.ravel(),
                }
            )
        )
    return pd.concat(frames, ignore_index=True)


def evolve(
    players: Sequence[Any] | None = None,
    *,
    model: str = "ecological",
    generations: int = 100,
    population: int = 100,
    initial: Sequence[float] | None = None,
    mutation: float = 0.0,
    selection: float = 1.0,
    runs: int = 1000,
    game: Any = "classic",
    turns: int | None = 200,
    prob_end: float | None = None,
    noise: float = 0.0,
    repetitions: int = 10,
    seed: int | None = 1,
) -> EvolutionResults:
    """Play the tournament that gives the payoffs, then evolve the field.

    ``model="ecological"``: discrete replicator dynamics from ``initial`` shares (an
    asymmetric game evolves one population per role). ``model="moran"``: ``runs`` Moran
    processes in a population of ``population`` individuals, starting from ``initial``
    weights turned into counts; with ``mutation=0`` each run ends when one strategy has
    taken over, giving fixation probabilities.
    """
    import time

    from tournament.core.round_robin import Tournament

    if model not in MODELS:
        raise IPDError(f"unknown model {model!r}: expected one of {', '.join(MODELS)}")
    generations = check_int_at_least("generations", generations, 1)
    mutation = check_rate("mutation rate", mutation)
    started = time.perf_counter()
    tour = Tournament(
        players,
        game=game,
        turns=turns,
        prob_end=prob_end,
        repetitions=repetitions,
        noise=noise,
        seed=seed,
    )
    labels = tour.labels
    n = len(labels)
    x0 = _initial(initial, n)
    if model == "moran":
        population = check_int_at_least("population", population, 2)
        runs = check_int_at_least("runs", runs, 1)
        selection = _check_selection(selection)
        if population < n and initial is None:
            raise IPDError(
                f"population {population} is smaller than the {n} strategies: give a larger "
                "--population or --initial weights"
            )
    results = tour.play()
    families = [p.family for p in tour.players]
    game_obj = tour.game
    params = {
        "tournament": tour.params.to_dict(),
        "model": model,
        "generations": generations,
        "initial": x0.tolist(),
        "mutation": mutation,
    }
    payoffs = {"payoff_matrix": results.payoff_matrix}
    if model == "ecological" and not game_obj.symmetric:
        row, col = game_obj.roles
        A_row = results.role_payoff_matrix(row)
        A_col = results.role_payoff_matrix(col)
        payoffs = {f"payoff_matrix_{row}": A_row, f"payoff_matrix_{col}": A_col}
        xs, ys = two_population_replicator(
            A_row.to_numpy(), A_col.to_numpy(), x0, x0, generations, mutation
        )
        shares = _tidy({row: xs, col: ys}, labels)
        roles = [row, col]
        evo = EvolutionResults(model, labels, families, roles, shares, params, payoffs)
    elif model == "ecological":
        xs = replicator(results.payoff_matrix.to_numpy(), x0, generations, mutation)
        evo = EvolutionResults(
            model,
            labels,
            families,
            ["all"],
            _tidy({"all": xs}, labels),
            params,
            payoffs,
        )
    else:
        counts0 = counts_from_weights(x0, population)
        rng = np.random.default_rng(np.random.SeedSequence([tour.params.seed, 1]))
        outcome = moran(
            results.payoff_matrix.to_numpy(),
            counts0,
            runs,
            generations,
            selection,
            mutation,
            rng,
        )
        params |= {
            "population": population,
            "initial_counts": counts0.tolist(),
            "runs": runs,
            "selection": selection,
            "fitness": "exp(selection * mean payoff per turn against the others)",
        }
        fixation = None
        extra: dict[str, Any] = {}
        if mutation == 0:
            rows = []
            for i, label in enumerate(labels):
                wins = int((outcome.fixed == i).sum())
                low, high = wilson_interval(wins, runs)
                rows.append(
                    {
                        "strategy": label,
                        "initial_count": int(counts0[i]),
                        "fixations": wins,
                        "runs": runs,
                        "probability": wins / runs,
                        "ci_low": low,
                        "ci_high": high,
                        "neutral": counts0[i] / population,
                    }
                )
            fixation = pd.DataFrame(rows)
            extra["unfixed"] = int((outcome.fixed < 0).sum())
        evo = EvolutionResults(
            model,
            labels,
            families,
            ["all"],
            _tidy({"all": outcome.mean_shares}, labels),
            params,
            payoffs,
            fixation,
            outcome.sample,
            extra=extra,
        )
    evo.duration = time.perf_counter() - started
    return evo


# -- invasion -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class InvasionResult:
    mutant: str
    resident: str
    mutants: int
    population: int
    runs: int
    fixations: int
    probability: float
    ci_low: float
    ci_high: float

    @property
    def neutral(self) -> float:
        """What a mutant no better or worse than the residents would achieve."""
        return self.mutants / self.population

    @property
    def verdict(self) -> str:
        if self.ci_low > self.neutral:
            return "invades (favoured by selection)"
        if self.ci_high < self.neutral:
            return "is resisted (selection works against it)"
        return "is neutral within the estimate's precision"

    def text(self) -> str:
        return (
            f"{self.mutants} {self.mutant} in a population of {self.population} "
            f"{self.resident}: takes over with probability {self.probability:.3f} "
            f"(95% CI {self.ci_low:.3f} to {self.ci_high:.3f}; {self.fixations} of "
            f"{self.runs} runs); neutral baseline {self.neutral:.3f}. {self.mutant} "
            f"{self.verdict}."
        )


def invasion(
    mutant: Any,
    resident: Any,
    *,
    mutants: int = 1,
    population: int = 20,
    runs: int = 1000,
    selection: float = 1.0,
    generations: int = 10_000,
    **tournament: Any,
) -> InvasionResult:
    """Can ``mutants`` individuals of ``mutant`` take over a population of ``resident``?
    A Moran process without mutation, on the two strategies' tournament payoffs."""
    population = check_int_at_least("population", population, 2)
    mutants = check_int_at_least("mutants", mutants, 1)
    if mutants >= population:
        raise IPDError(f"mutants ({mutants}) must be fewer than the population ({population})")
    evo = evolve(
        [mutant, resident],
        model="moran",
        generations=generations,
        population=population,
        initial=[mutants, population - mutants],
        selection=selection,
        runs=runs,
        **tournament,
    )
    row = evo.fixation.iloc[0]
    return InvasionResult(
        evo.labels[0],
        evo.labels[1],
        mutants,
        population,
        runs,
        int(row["fixations"]),
        float(row["probability"]),
        float(row["ci_low"]),
        float(row["ci_high"]),
    )
