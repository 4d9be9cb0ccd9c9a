"""Evolving a field of strategies (:func:`evolve`): check the parameters, play the
tournament that gives the payoffs, then run the chosen model (the ecological simulation,
the Moran process, or partner choice in a market of suppliers and buyers) and gather its
:class:`EvolutionResults`."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from strategies.errors import IPDError
from tournament.common.validation import check_int_at_least, check_rate
from tournament.core.results import TournamentResults
from tournament.core.round_robin import Tournament
from tournament.evolution.ecological import replicator, two_population_replicator
from tournament.evolution.moran_process import counts_from_weights, fixation_table, moran
from tournament.evolution.partner_choice import (
    check_switching,
    partner_choice_dynamics,
    play_relationships,
)
from tournament.evolution.results import EvolutionResults, tidy_shares

__all__ = ["MODELS", "evolve"]

#: The models :func:`evolve` runs.
MODELS = ("ecological", "moran", "partner-choice")


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
    hide_length: bool = False,
    progress: Callable[[int, int], None] | None = None,
    switch_prob: float | None = None,
    switching_cost: float | None = None,
) -> EvolutionResults:
    """Play the tournament that gives the payoffs, then evolve the field.

    ``model="ecological"``: discrete replicator dynamics from ``initial`` shares (an
    asymmetric game evolves one population per role). ``model="moran"``: ``runs`` Moran
    processes in a population of ``population`` individuals, starting from ``initial``
    weights turned into counts; with ``mutation=0`` each run ends when one strategy has
    taken over, giving fixation probabilities. ``model="partner-choice"``: suppliers (the
    game's first role) and buyers (its second) in a market where a buyer leaves its
    supplier after a cheat with probability ``switch_prob`` (default 1) and pays
    ``switching_cost`` (default 0) to change (see :mod:`.partner_choice`). Strategies
    are told the length of fixed-length matches unless ``hide_length``.
    ``progress(done, total)`` follows the tournament (see :meth:`Tournament.play`).
    """
    if model not in MODELS:
        raise IPDError(f"unknown model {model!r}: expected one of {', '.join(MODELS)}")
    generations = check_int_at_least("generations", generations, 1)
    mutation = check_rate("mutation rate", mutation)
    switching = _check_switching(model, switch_prob, switching_cost)
    started = time.perf_counter()
    tour = Tournament(
        players,
        game=game,
        turns=turns,
        prob_end=prob_end,
        repetitions=repetitions,
        noise=noise,
        seed=seed,
        hide_length=hide_length,
    )
    x0 = _initial(initial, len(tour.labels))
    if model == "moran":
        population, runs, selection = _check_moran(
            population, runs, selection, len(tour.labels), given_initial=initial is not None
        )
    params = {
        "tournament": tour.params.to_dict(),
        "model": model,
        "generations": generations,
        "initial": x0.tolist(),
        "mutation": mutation,
    }
    if switching is not None:
        evo = _evolve_partner_choice(tour, x0, params, generations, mutation, switching, progress)
    elif model == "moran":
        evo = _evolve_moran(
            tour.play(progress=progress),
            x0,
            params,
            generations=generations,
            mutation=mutation,
            population=population,
            runs=runs,
            selection=selection,
        )
    else:
        evo = _evolve_ecological(tour.play(progress=progress), x0, params, generations, mutation)
    evo.duration = time.perf_counter() - started
    return evo


# -- checks ---------------------------------------------------------------------------------


def _initial(initial: Sequence[float] | None, n: int) -> np.ndarray:
    """The initial shares: ``initial`` weights normalised, or equal shares."""
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


def _check_moran(
    population: Any, runs: Any, selection: Any, n: int, *, given_initial: bool
) -> tuple[int, int, float]:
    """The Moran process's population size, number of runs and selection intensity,
    checked; without initial weights every strategy needs at least one individual."""
    population = check_int_at_least("population", population, 2)
    runs = check_int_at_least("runs", runs, 1)
    selection = _check_selection(selection)
    if population < n and not given_initial:
        raise IPDError(
            f"population {population} is smaller than the {n} strategies: give a larger "
            "--population or --initial weights"
        )
    return population, runs, selection


def _check_switching(
    model: str, switch_prob: Any, switching_cost: Any
) -> tuple[float, float] | None:
    """Partner choice's switching probability and cost (defaults 1 and 0), checked;
    ``None`` for the other models, which refuse them."""
    if model != "partner-choice":
        if switch_prob is not None or switching_cost is not None:
            raise IPDError(
                "a switch probability and a switching cost apply only to the "
                f"partner-choice model, not to model {model!r}"
            )
        return None
    return check_switching(
        1.0 if switch_prob is None else switch_prob,
        0.0 if switching_cost is None else switching_cost,
    )


def _check_selection(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 100:
        raise IPDError(f"selection intensity must be a number in [0, 100], got {value!r}")
    return float(value)


# -- the models -------------------------------------------------------------------------------


def _evolve_ecological(
    results: TournamentResults,
    x0: np.ndarray,
    params: dict[str, Any],
    generations: int,
    mutation: float,
) -> EvolutionResults:
    """Replicator dynamics from shares ``x0``: one population, or one per role of an
    asymmetric game (each role's shares start from ``x0``)."""
    game = results.params.game
    if game.symmetric:
        payoffs = {"payoff_matrix": results.payoff_matrix}
        xs = replicator(results.payoff_matrix.to_numpy(), x0, generations, mutation)
        trajectories = {"all": xs}
    else:
        row, col = game.roles
        A_row, A_col = results.role_payoff_matrix(row), results.role_payoff_matrix(col)
        payoffs = {f"payoff_matrix_{row}": A_row, f"payoff_matrix_{col}": A_col}
        xs, ys = two_population_replicator(
            A_row.to_numpy(), A_col.to_numpy(), x0, x0, generations, mutation
        )
        trajectories = {row: xs, col: ys}
    return EvolutionResults(
        "ecological",
        results.labels,
        results.families,
        list(trajectories),
        tidy_shares(trajectories, results.labels),
        params,
        payoffs,
    )


def _evolve_moran(
    results: TournamentResults,
    x0: np.ndarray,
    params: dict[str, Any],
    *,
    generations: int,
    mutation: float,
    population: int,
    runs: int,
    selection: float,
) -> EvolutionResults:
    """``runs`` Moran processes from ``x0`` turned into counts of ``population``
    individuals; without mutation, the fixation probabilities they estimate."""
    counts0 = counts_from_weights(x0, population)
    rng = np.random.default_rng(np.random.SeedSequence([results.params.seed, 1]))
    A = results.payoff_matrix.to_numpy()
    outcome = moran(A, counts0, runs, generations, selection, mutation, rng)
    params = params | {
        "population": population,
        "initial_counts": counts0.tolist(),
        "runs": runs,
        "selection": selection,
        "fitness": "exp(selection * mean payoff per turn against the others)",
    }
    fixation, extra = None, {}
    if mutation == 0:
        fixation = fixation_table(outcome.fixed, counts0, results.labels)
        extra["unfixed"] = int((outcome.fixed < 0).sum())
    return EvolutionResults(
        "moran",
        results.labels,
        results.families,
        ["all"],
        tidy_shares({"all": outcome.mean_shares}, results.labels),
        params,
        {"payoff_matrix": results.payoff_matrix},
        fixation,
        outcome.sample,
        extra=extra,
    )


def _evolve_partner_choice(
    tour: Tournament,
    x0: np.ndarray,
    params: dict[str, Any],
    generations: int,
    mutation: float,
    switching: tuple[float, float],
    progress: Callable[[int, int], None] | None,
) -> EvolutionResults:
    """Suppliers and buyers (both starting from shares ``x0``) in a market with partner
    choice (``switching``: the switching probability and cost): the relationships are
    played once, then the shares evolve."""
    switch_prob, switching_cost = switching
    roles = _role_names(tour.game.roles)
    relationships = play_relationships(tour, switch_prob, progress)
    xs, ys, market = partner_choice_dynamics(
        relationships, x0, x0, generations, switching_cost, mutation, roles
    )
    params = params | {
        "switch_prob": switch_prob,
        "switching_cost": switching_cost,
        "fitness": (
            "payoff per turn in the market by the renewal-reward theorem "
            "(see tournament.evolution.partner_choice)"
        ),
    }
    trajectories = {roles[0]: xs, roles[1]: ys}
    return EvolutionResults(
        "partner-choice",
        tour.labels,
        [s.family for s in tour.players],
        list(roles),
        tidy_shares(trajectories, tour.labels),
        params,
        {},
        market=market,
        relationships=relationships.table(roles, switching_cost),
    )


def _role_names(roles: tuple[str, str]) -> tuple[str, str]:
    """The two roles' names, told apart when a game gives both the same name."""
    return roles if roles[0] != roles[1] else (f"{roles[0]} 1", f"{roles[1]} 2")
