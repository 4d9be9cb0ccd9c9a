"""Tests of strategies/library/learners.py (Bush Mosteller): expected play, exact
agreement with the Axelrod library when both are fed the same random numbers (several
parameters and games, noise, batches whose matches end at different times), mean
scores, seeding, naming, metadata and parameters."""

from __future__ import annotations

import axelrod as axl
import numpy as np
import pytest

from strategies import REGISTRY
from strategies.library.learners import BushMosteller
from tests.strategies.exact_draws import assert_same_moves_with_scripted_draws
from tests.strategy_helpers import versus
from tournament.agreement.library import TOLERANCE_SE, compare_stochastic
from tournament.core.match import play_match

# our spec -> the library's player
VARIANTS = {
    "Bush Mosteller": axl.BushMosteller,
    "Bush Mosteller(0.2, 0.7, 2.0, 0.9)": lambda: axl.BushMosteller(0.2, 0.7, 2.0, 0.9),
    "Bush Mosteller(0.9, 0.1, 4.0, 0.2)": lambda: axl.BushMosteller(0.9, 0.1, 4.0, 0.2),
    "Bush Mosteller(1.0, 0.0)": lambda: axl.BushMosteller(1.0, 0.0),
}


# -- expected play ---------------------------------------------------------------------


def test_deterministic_propensities():
    # with no propensity to defect, it never does: the propensity of C shrinks but stays
    # all of the total
    versus("Bush Mosteller(c_prob=1.0, d_prob=0.0)", "Defector", "CD " * 10)
    versus("Bush Mosteller(c_prob=0.0, d_prob=1.0)", "Cooperator", "DC " * 10)


def test_reinforces_what_satisfies_it():
    # against Cooperator both moves satisfy (3 and 5 exceed the aspiration 5/3): each
    # match locks into the move it happened to favour, C as often as D; against Defector
    # both disappoint, C (0) more than D (1), so it learns to defect
    def late_cooperation(opponent: str) -> float:
        runs = [play_match("Bush Mosteller", opponent, turns=100, seed=s) for s in range(40)]
        return float(np.mean([r.history()[0][50:].count("C") / 50 for r in runs]))

    assert 0.35 < late_cooperation("Cooperator") < 0.65
    assert late_cooperation("Defector") < 0.35


# -- agreement with the Axelrod library -----------------------------------------------


@pytest.mark.parametrize("game", ["classic", "snowdrift", "stag-hunt"])
@pytest.mark.parametrize("ours", list(VARIANTS))
def test_matches_the_library_given_the_same_draws(ours, game):
    assert_same_moves_with_scripted_draws(ours, VARIANTS[ours], game=game, max_density=0.9, n=12)
    assert_same_moves_with_scripted_draws(ours, VARIANTS[ours], told="hidden", n=4)


def test_scores_as_in_the_library():
    for check in compare_stochastic(
        "Bush Mosteller", ("Tit For Tat", "Defector", "Alternator", "Cycler(pattern='CCD')")
    ):
        assert check.z <= TOLERANCE_SE, check


def test_same_seed_same_moves():
    a = play_match("Bush Mosteller", "Alternator", turns=100, seed=5).history()
    assert a == play_match("Bush Mosteller", "Alternator", turns=100, seed=5).history()
    assert a != play_match("Bush Mosteller", "Alternator", turns=100, seed=6).history()


# -- naming, metadata and parameters ---------------------------------------------------------


@pytest.mark.parametrize(
    "ours, theirs",
    [
        ("Bush Mosteller", axl.BushMosteller()),
        ("Bush Mosteller(0.2, 0.7, 2.0, 0.9)", axl.BushMosteller(0.2, 0.7, 2.0, 0.9)),
        ("Bush Mosteller(learning_rate=0.25)", axl.BushMosteller(learning_rate=0.25)),
    ],
)
def test_axelrod_name(ours, theirs):
    assert REGISTRY.create(ours).axelrod_name() == str(theirs)


def test_metadata_equals_the_library_classifier():
    player = axl.BushMosteller()
    assert BushMosteller.memory_depth is None
    assert axl.Classifiers["memory_depth"](player) == float("inf")
    assert BushMosteller().is_stochastic() == axl.Classifiers["stochastic"](player)
    assert BushMosteller.makes_use_of == frozenset(axl.Classifiers["makes_use_of"](player))
    assert BushMosteller.long_run_time == axl.Classifiers["long_run_time"](player)
    assert BushMosteller.family == "learning"
    assert BushMosteller().params == {
        "c_prob": 0.5,
        "d_prob": 0.5,
        "aspiration_level_divider": 3.0,
        "learning_rate": 0.5,
    }


@pytest.mark.parametrize(
    "build, message",
    [
        (lambda: BushMosteller(c_prob=1.5), "c_prob must be a probability"),
        (lambda: BushMosteller(d_prob=-0.1), "d_prob must be a probability"),
        (lambda: BushMosteller(c_prob=0.0, d_prob=0.0), "cannot both be 0"),
        (lambda: BushMosteller(aspiration_level_divider=0), "aspiration_level_divider must"),
        (lambda: BushMosteller(learning_rate=2.0), "learning_rate must be a probability"),
    ],
)
def test_bad_parameters(build, message):
    with pytest.raises(ValueError, match=message):
        build()


def test_an_aspiration_equal_to_the_largest_payoff_is_refused():
    # 5 / 1 = 5, the classic game's temptation: the library divides by zero
    with pytest.raises(ValueError, match="aspiration level equals"):
        play_match("Bush Mosteller(aspiration_level_divider=1.0)", "Defector", turns=5)
