"""The Moran process in a finite population, vectorized across runs, and what it
estimates: fixation probabilities with their Wilson intervals.

Pure numpy functions of a payoff matrix ``A`` (``A[i, j]``: mean payoff per turn of
strategy ``i`` against ``j``) and of a generator for the randomness.

>>> counts_from_weights([0.8, 0.1, 0.1], 25).tolist()
[20, 3, 2]
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

__all__ = [
    "MoranOutcome",
    "counts_from_weights",
    "fixation_table",
    "moran",
    "wilson_interval",
]


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


def fixation_table(fixed: np.ndarray, counts0: np.ndarray, labels: list[str]) -> pd.DataFrame:
    """One row per strategy: how many of the runs it took over (``fixed``, as in
    :class:`MoranOutcome`), the estimated fixation probability with its 95% Wilson
    interval, and the neutral baseline (its initial share of the population)."""
    runs, population = len(fixed), int(np.sum(counts0))
    rows = []
    for i, label in enumerate(labels):
        wins = int((fixed == i).sum())
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
    return pd.DataFrame(rows)


def counts_from_weights(weights: Sequence[float], population: int) -> np.ndarray:
    """Integer counts summing to ``population`` in proportion to ``weights`` (largest
    remainders)."""
    w = np.asarray(weights, dtype=float)
    exact = w / w.sum() * population
    counts = np.floor(exact).astype(np.int64)
    short = population - counts.sum()
    counts[np.argsort(-(exact - counts), kind="stable")[:short]] += 1
    return counts
