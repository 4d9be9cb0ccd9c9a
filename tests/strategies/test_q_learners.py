"""Tests of strategies/library/q_learners.py: expected play, exact agreement with the
Axelrod library when both are fed the same random numbers (opponents that defect for
long stretches, so that states recur and are learnt; several games; noise; batches
whose matches end at different times), mean scores, seeding, naming and metadata."""

from __future__ import annotations

import axelrod as axl
import numpy as np
import pytest

from strategies import REGISTRY
from strategies.library.q_learners import (
    ArrogantQLearner,
    CautiousQLearner,
    HesitantQLearner,
    RiskyQLearner,
)
from tests.strategies.exact_draws import assert_same_moves_with_scripted_draws
from tournament.agreement.library import TOLERANCE_SE, compare_stochastic
from tournament.core.match import play_match

LEARNERS = {
    "Risky QLearner": (RiskyQLearner, axl.RiskyQLearner),
    "Arrogant QLearner": (ArrogantQLearner, axl.ArrogantQLearner),
    "Hesitant QLearner": (HesitantQLearner, axl.HesitantQLearner),
    "Cautious QLearner": (CautiousQLearner, axl.CautiousQLearner),
}


def _rate(spec: str, opponent: str, move: str, start: int = 0, seeds: int = 20) -> float:
    runs = [play_match(spec, opponent, turns=200, seed=s).history()[0] for s in range(seeds)]
    return float(np.mean([r[start:].count(move) / len(r[start:]) for r in runs]))


# -- expected play ---------------------------------------------------------------------


@pytest.mark.parametrize("name", list(LEARNERS))
def test_cooperates_in_states_it_has_not_learnt(name):
    # never seen states are worth 0 for both moves: C, except for the 5% coin tosses
    assert abs(_rate(name, "Cooperator", "C") - 0.95) < 0.02
    # a state comes back only after 12 defections in a row: this opponent never lets it
    assert abs(_rate(name, "Cycler(pattern='DDDDDDDDDDDC')", "C") - 0.95) < 0.02


@pytest.mark.parametrize("name", list(LEARNERS))
def test_learns_to_defect_against_a_defector(name):
    # the all-defection state recurs; once a coin toss has tried D there (payoff 1 > 0),
    # D is its greedy move
    assert _rate(name, "Defector", "D", start=100) > 0.9
    own, _ = play_match(name, "Defector", turns=60, seed=1).history()
    first_try = own.index("D", 13)  # the first D played in the recurring state
    assert own[first_try:].count("C") <= 0.1 * len(own[first_try:]) + 1


# -- agreement with the Axelrod library -----------------------------------------------


@pytest.mark.parametrize("game", ["classic", "snowdrift", "stag-hunt"])
@pytest.mark.parametrize("name", list(LEARNERS))
def test_matches_the_library_given_the_same_draws(name, game):
    theirs = LEARNERS[name][1]
    for seed, low in enumerate((0.85, 0.95, 1.0)):
        assert_same_moves_with_scripted_draws(
            name, theirs, game=game, min_density=low, max_density=1.0, n=8, seed=seed, horizon=200
        )
    assert_same_moves_with_scripted_draws(name, theirs, told="hidden", max_density=0.8, n=6)


@pytest.mark.parametrize("name", list(LEARNERS))
def test_scores_as_in_the_library(name):
    for check in compare_stochastic(name, ("Tit For Tat", "Defector", "Alternator")):
        assert check.z <= TOLERANCE_SE, check


@pytest.mark.parametrize("name", list(LEARNERS))
def test_same_seed_same_moves(name):
    a = play_match(name, "Defector", turns=100, seed=5).history()
    assert a == play_match(name, "Defector", turns=100, seed=5).history()
    assert a != play_match(name, "Defector", turns=100, seed=6).history()


# -- naming and metadata ------------------------------------------------------------------


@pytest.mark.parametrize("name", list(LEARNERS))
def test_metadata_equals_the_library_classifier(name):
    ours, theirs = LEARNERS[name]
    player = theirs()
    assert ours().axelrod_name() == str(player) == name
    assert axl.Classifiers["memory_depth"](player) == float("inf")
    assert ours.memory_depth is None
    assert ours().is_stochastic() == axl.Classifiers["stochastic"](player)
    assert ours.makes_use_of == frozenset(axl.Classifiers["makes_use_of"](player))
    assert ours.long_run_time == axl.Classifiers["long_run_time"](player)
    assert (ours.learning_rate, ours.discount_rate) == (theirs.learning_rate, theirs.discount_rate)
    assert ours.family == "learning"
    assert REGISTRY.get_class(name) is ours
    assert ours().params == {}
