"""Axelrod's ecological simulation: discrete replicator dynamics on a payoff matrix, for
one population or for two populations evolving together (one per role of an asymmetric
game).

Pure numpy functions of a payoff matrix ``A`` (``A[i, j]``: mean payoff per turn of
strategy ``i`` against ``j``).

>>> A = np.array([[3.0, 0.0], [5.0, 1.0]])  # cooperators and defectors, one-shot
>>> replicator(A, np.array([0.9, 0.1]), generations=50)[-1].round(3)
array([0., 1.])
"""

from __future__ import annotations

import numpy as np

__all__ = ["fitness_offset", "replicator", "replicator_step", "two_population_replicator"]


def fitness_offset(*matrices: np.ndarray) -> float:
    """Shift making every payoff non-negative (the discrete replicator needs it)."""
    low = min(float(m.min()) for m in matrices)
    return -low if low < 0 else 0.0


def replicator_step(x: np.ndarray, fitness: np.ndarray, mutation: float) -> np.ndarray:
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
    shift = fitness_offset(A)
    out = np.empty((generations + 1, len(x0)))
    out[0] = x = np.asarray(x0, dtype=float) / np.sum(x0)
    for g in range(1, generations + 1):
        x = replicator_step(x, A @ x + shift, mutation)
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
    shift = fitness_offset(A_row, A_col)
    xs = np.empty((generations + 1, len(x0)))
    ys = np.empty((generations + 1, len(y0)))
    xs[0] = x = np.asarray(x0, dtype=float) / np.sum(x0)
    ys[0] = y = np.asarray(y0, dtype=float) / np.sum(y0)
    for g in range(1, generations + 1):
        x, y = (
            replicator_step(x, A_row @ y + shift, mutation),
            replicator_step(y, A_col @ x + shift, mutation),
        )
        xs[g], ys[g] = x, y
    return xs, ys
