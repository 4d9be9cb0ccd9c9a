"""Tests of strategies/library/worse_and_worse.py: expected play, exact agreement with
the Axelrod library when both are fed the same random numbers (length told, hidden and
infinite, with noise in batches whose matches end at different times), mean scores,
seeding, naming and metadata."""

from __future__ import annotations

import axelrod as axl
import numpy as np
import pytest

from strategies import REGISTRY
from strategies.library.worse_and_worse import (
    BetterAndBetter,
    KnowledgeableWorseAndWorse,
    WorseAndWorse,
    WorseAndWorse2,
    WorseAndWorse3,
)
from tests.axelrod_helpers import axelrod_moves
from tests.strategies.exact_draws import assert_same_moves_with_scripted_draws
from tests.strategy_helpers import versus
from tournament.agreement.library import TOLERANCE_SE, compare_stochastic
from tournament.core.match import play_match

STOCHASTIC = {
    "Worse and Worse": axl.WorseAndWorse,
    "Better and Better": axl.BetterAndBetter,
    "Knowledgeable Worse and Worse": axl.KnowledgeableWorseAndWorse,
    "Worse and Worse 2": axl.WorseAndWorse2,
    "Worse and Worse 3": axl.WorseAndWorse3,
}


def _own(spec: str, opponent: str = "Cooperator", turns: int = 200, seed: int = 0, **kw) -> str:
    return play_match(spec, opponent, turns=turns, seed=seed, **kw).history()[0]


# -- expected play ---------------------------------------------------------------------


def test_worse_and_worse_defects_more_and_more():
    own = "".join(_own("Worse and Worse", turns=1100, seed=s) for s in range(5))
    moves = np.array([m == "D" for m in own]).reshape(5, 1100)
    assert moves[:, :100].mean() < 0.15 < 0.85 < moves[:, 900:1000].mean()
    assert moves[:, 999:].all()  # from turn 1000 on, surely


def test_better_and_better_cooperates_more_and_more():
    own = "".join(_own("Better and Better", turns=1100, seed=s) for s in range(5))
    moves = np.array([m == "C" for m in own]).reshape(5, 1100)
    assert moves[:, :100].mean() < 0.15 < 0.85 < moves[:, 900:1000].mean()
    assert moves[:, 999:].all()


def test_knowledgeable_worse_and_worse_scales_to_the_length():
    for seed in range(5):
        assert _own("Knowledgeable Worse and Worse", turns=10, seed=seed)[-1] == "D"
    rate = np.mean([_own("Knowledgeable Worse and Worse", seed=s).count("D") for s in range(20)])
    assert abs(rate / 200 - 0.5) < 0.05  # mean of n / 200 over the turns
    # not told the length, it cooperates, as in the library
    assert _own("Knowledgeable Worse and Worse", hide_length=True) == "C" * 200
    own = play_match("Knowledgeable Worse and Worse", "Defector", turns=None, prob_end=0.02)
    assert set(own.history()[0]) == {"C"}
    for length in (-1, float("inf")):
        moves = axelrod_moves(axl.KnowledgeableWorseAndWorse(), axl.Defector(), 50, length=length)
        assert moves[0] == "C" * 50


def test_worse_and_worse_2_plays_tit_for_tat_for_20_turns():
    versus("Worse and Worse 2", "Alternator", "CC" + " CD DC" * 9 + " CD")
    own = "".join(_own("Worse and Worse 2", turns=400, seed=s)[200:] for s in range(10))
    assert abs(own.count("C") / len(own) - np.mean(20 / np.arange(201, 401))) < 0.03


def test_worse_and_worse_3_defects_at_the_opponent_defection_rate():
    versus("Worse and Worse 3", "Cooperator", "CC " * 20)
    versus("Worse and Worse 3", "Defector", "CD" + " DD" * 20)
    own = "".join(_own("Worse and Worse 3", "Alternator", turns=200, seed=s) for s in range(10))
    assert abs(own.count("D") / len(own) - 0.5) < 0.03


# -- agreement with the Axelrod library -----------------------------------------------


@pytest.mark.parametrize("told", ["told", "hidden", "inf"])
@pytest.mark.parametrize("ours", list(STOCHASTIC))
def test_they_match_the_library_given_the_same_draws(ours, told):
    # past turn 1000, Worse and Worse and Better and Better stop drawing
    long = ours in ("Worse and Worse", "Better and Better")
    assert_same_moves_with_scripted_draws(
        ours,
        STOCHASTIC[ours],
        told=told,
        max_density=0.9,
        n=4 if long else 12,
        horizon=1100 if long else 200,
    )


@pytest.mark.parametrize("ours", list(STOCHASTIC))
def test_they_score_as_in_the_library(ours):
    for check in compare_stochastic(ours, ("Tit For Tat", "Defector", "Alternator")):
        assert check.z <= TOLERANCE_SE, check


@pytest.mark.parametrize("name", list(STOCHASTIC))
def test_same_seed_same_moves(name):
    a = play_match(name, "Alternator", turns=300, seed=5).history()
    assert a == play_match(name, "Alternator", turns=300, seed=5).history()
    assert a != play_match(name, "Alternator", turns=300, seed=6).history()


# -- naming and metadata ------------------------------------------------------------------


@pytest.mark.parametrize(
    "ours, theirs",
    [
        (WorseAndWorse, axl.WorseAndWorse),
        (BetterAndBetter, axl.BetterAndBetter),
        (KnowledgeableWorseAndWorse, axl.KnowledgeableWorseAndWorse),
        (WorseAndWorse2, axl.WorseAndWorse2),
        (WorseAndWorse3, axl.WorseAndWorse3),
    ],
)
def test_metadata_equals_the_library_classifier(ours, theirs):
    player = theirs()
    depth = axl.Classifiers["memory_depth"](player)
    assert ours().axelrod_name() == str(player)
    assert ours.memory_depth == (None if depth == float("inf") else depth)
    assert ours().is_stochastic() == axl.Classifiers["stochastic"](player)
    assert ours.makes_use_of == frozenset(axl.Classifiers["makes_use_of"](player))
    assert ours.long_run_time == axl.Classifiers["long_run_time"](player)
    assert REGISTRY.get_class(ours.name) is ours
    assert ours().params == {}
