"""Exact fixation probabilities of two strategies in a well-mixed finite population
(Nowak, *Evolutionary Dynamics*, 2006, ch. 6-7; Nowak et al., *Nature* 428, 2004).

With ``i`` individuals of strategy A among ``N`` and payoffs ``[[a, b], [c, d]]``
(``a``: A against A, ``b``: A against B, ``c``: B against A, ``d``: B against B, each
a score per turn), every individual plays every *other* one, as the library's
``MoranProcess`` does (no self-interaction), so the fitnesses are its total scores
(or their transformation ``phi``, when one is given)::

    F(i) = a (i - 1) + b (N - i)        G(i) = c i + d (N - i - 1)

The number of A is a birth-death chain; with ``gamma(i) = T-(i) / T+(i)`` the
probability that ``k`` A take over is::

    (1 + sum over j < k of prod over i <= j of gamma(i))
    / (1 + sum over j < N of prod over i <= j of gamma(i))

Birth-death: ``gamma(i) = G(i) / F(i)``. Death-birth (the dead one's place goes to one
of the ``N - 1`` others, fitnesses counted without the dead one): see
:func:`transition_ratios`.

>>> round(fixation_probability([[3, 0], [5, 1]], 10), 6)  # Cooperator among Defectors
0.0
>>> fixation_probability([[1, 1], [1, 1]], 10, mutants=3)  # neutral: k / N
0.3
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from strategies.errors import IPDError
from tournament.common.validation import check_int_at_least

__all__ = ["fixation_probability", "transition_ratios"]

MODES = ("bd", "db")


def _fitness(
    payoffs: np.ndarray, a_others: np.ndarray, b_others: np.ndarray, transform: Callable | None
) -> tuple[np.ndarray, np.ndarray]:
    """Total scores of an A and of a B meeting ``a_others`` other A and ``b_others``
    other B (an A's own kind excluded), transformed."""
    (a, b), (c, d) = payoffs
    fa = a * a_others + b * b_others
    fb = c * (a_others + 1) + d * (b_others - 1)
    if transform is not None:
        fa, fb = (np.asarray(transform(x), dtype=float) for x in (fa, fb))
    return fa, fb


def transition_ratios(
    payoffs, population: int, mode: str = "bd", fitness_transformation: Callable | None = None
) -> np.ndarray:
    """``gamma(i) = T-(i) / T+(i)``, for ``i`` from 1 to ``N - 1`` individuals of A.

    Birth-death: ``G(i) / F(i)``. Death-birth: a B dies with probability ``(N - i) / N``
    and an A takes its place with probability ``i F / (i F + (N - i - 1) G)``, the
    fitnesses counted among the ``N - 1`` living (``T+``); or an A dies and a B takes
    its place (``T-``), likewise."""
    payoffs = _check_payoffs(payoffs)
    n = check_int_at_least("population", population, 2)
    if mode not in MODES:
        raise IPDError(f"mode {mode!r}: expected 'bd' (birth-death) or 'db' (death-birth)")
    i = np.arange(1, n, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        if mode == "bd":
            f, g = _fitness(payoffs, i - 1, n - i, fitness_transformation)
            _check_positive(f, g)
            return g / f
        # a B died: i A and N - i - 1 B alive
        f, g = _fitness(payoffs, i - 1, n - i - 1, fitness_transformation)
        _check_positive(i * f, (n - i - 1) * g)
        up = (n - i) / n * i * f / (i * f + (n - i - 1) * g)
        # an A died: i - 1 A and N - i B alive
        f, g = _fitness(payoffs, i - 2, n - i, fitness_transformation)
        _check_positive((i - 1) * f, (n - i) * g)
        down = i / n * (n - i) * g / ((i - 1) * f + (n - i) * g)
        return down / up


def fixation_probability(
    payoffs,
    population: int,
    mutants: int = 1,
    mode: str = "bd",
    fitness_transformation: Callable | None = None,
) -> float:
    """Probability that ``mutants`` individuals of strategy A take over a population of
    ``population`` (the others B), in the Moran process of the library on a complete
    graph without mutation. ``payoffs``: ``[[a, b], [c, d]]``, scores per turn of A
    and B against A and B (row: the player). ``fitness_transformation``: applied to the
    total scores, as the library applies it (default: the scores themselves)."""
    gamma = transition_ratios(payoffs, population, mode, fitness_transformation)
    mutants = check_int_at_least("mutants", mutants, 0)
    if mutants > population:
        raise IPDError(f"mutants ({mutants}) cannot exceed the population ({population})")
    if mutants in (0, population):
        return float(mutants == population)
    if np.isnan(gamma).any():
        raise IPDError("fixation probability: the fitnesses leave the chain undefined")
    # where A cannot grow (T+ = 0), it can only be lost: start the chain above it
    blocked = np.flatnonzero(np.isinf(gamma))
    base = int(blocked[-1]) + 1 if len(blocked) else 0
    if mutants <= base:
        return 0.0
    with np.errstate(divide="ignore"):
        logs = np.concatenate([[0.0], np.cumsum(np.log(gamma[base:]))])
    weights = np.exp(logs - logs.max())
    return float(weights[: mutants - base].sum() / weights.sum())


def _check_payoffs(payoffs) -> np.ndarray:
    array = np.asarray(payoffs, dtype=float)
    if array.shape != (2, 2) or not np.isfinite(array).all():
        raise IPDError(
            f"payoffs: expected a 2x2 matrix [[a, b], [c, d]] of finite numbers, got {payoffs!r}"
        )
    return array


def _check_positive(f: np.ndarray, g: np.ndarray) -> None:
    if (f < 0).any() or (g < 0).any():
        raise IPDError(
            "fitness must be non-negative: give a fitness transformation for games with "
            "negative payoffs (e.g. lambda s: np.exp(s))"
        )
    if ((f == 0) & (g == 0)).any():
        raise IPDError("fitness is 0 for both strategies in some state: no one can reproduce")
