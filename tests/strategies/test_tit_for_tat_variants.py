"""Tests of strategies/library/tit_for_tat_variants.py: expected play, exact agreement
with the Axelrod library (length told or hidden, noisy shrinking batches), the end-game
defection in the three cases of the length, statistics and seeding of the stochastic
strategies, metadata and parameters."""

from __future__ import annotations

import math

import axelrod as axl
import pytest

from strategies import REGISTRY
from strategies.library import tit_for_tat_variants as variants
from tests.axelrod_helpers import axelrod_moves
from tests.strategies._classic_more_agreement import (
    OPPONENTS,
    assert_noisy_batch,
    assert_plays_as_the_library,
    assert_same_metadata,
    assert_scores_as_in_the_library,
)
from tests.strategy_helpers import plays, versus
from tournament.core.match import play_match

DETERMINISTIC = {
    "Alexei": axl.Alexei,
    "EugineNier": axl.EugineNier,
    "Hard Tit For 2 Tats": axl.HardTitFor2Tats,
    "N Tits For M Tats": axl.NTitsForMTats,
    "N Tits For M Tats(N=2, M=1)": lambda: axl.NTitsForMTats(2, 1),
    "N Tits For M Tats(N=1, M=3)": lambda: axl.NTitsForMTats(1, 3),
    "N Tits For M Tats(N=1, M=0)": lambda: axl.NTitsForMTats(1, 0),
    "N Tits For M Tats(N=0, M=1)": lambda: axl.NTitsForMTats(0, 1),
    "Random Tit for Tat(p=0.0)": lambda: axl.RandomTitForTat(0.0),
    "Random Tit for Tat(p=1.0)": lambda: axl.RandomTitForTat(1.0),
}


# -- expected play ---------------------------------------------------------------------


def test_alexei_defects_on_the_last_turn_when_told_the_length():
    versus("Alexei", "Cooperator", "CC CC CC CC DC")
    versus("Alexei", "Defector", "CD DD DD")
    own, _ = play_match("Alexei", "Cooperator", turns=5, hide_length=True).history()
    assert own == "CCCCC"
    own, _ = play_match("Alexei", "Cooperator", turns=None, prob_end=0.1, seed=3).history()
    assert set(own) == {"C"}


def test_eugine_nier_turns_defector_after_five_defections():
    assert plays("EugineNier", "DCDCDCDCDCCC") == "CDCDCDCDCDDD"
    assert plays("EugineNier", "DDCCC") == "CDDCD"
    versus("EugineNier", "Tit For Tat", "CC CC CC DC")


def test_michaelos():
    versus("Michaelos", "Cooperator", "CC CC CC DC")
    versus("Michaelos", "Defector", "CD DD DD DD")
    # after its own defection answered by a cooperation, it cooperates or turns
    # defector, at random
    outcomes = set()
    for seed in range(20):
        own, _ = play_match("Michaelos", "Cycler(pattern='CDCCCCCC')", turns=8, seed=seed).history()
        outcomes.add(own[:7])
    assert outcomes == {"CCDCCCC", "CCDDDDD"}


def test_hard_tit_for_two_tats():
    assert plays("Hard Tit For 2 Tats", "DDCCCDCDCC") == "CCDDCCCCCC"
    assert plays("Hard Tit For 2 Tats", "CDDCDDDC") == "CCCDDCDD"
    versus("Hard Tit For 2 Tats", "Alternator", "CC CD CC CD")


def test_n_tits_for_m_tats():
    # the default: three defections after two in a row
    assert plays("N Tits For M Tats", "CDDCCCCC") == "CCCDDDCC"
    assert plays("N Tits For M Tats(1, 1)", "CDDC") == plays("Tit For Tat", "CDDC")
    versus("N Tits For M Tats(0, 1)", "Defector", "CD CD CD")
    versus("N Tits For M Tats(1, 0)", "Cooperator", "DC DC DC")


def test_random_tit_for_tat():
    # copies on turns 2, 4, ...; random (here p=0: defect) on turns 3, 5, ...
    assert plays("Random Tit for Tat(0.0)", "CDCCCC") == "CCDCDC"
    assert plays("Random Tit for Tat(1.0)", "DDDDDD") == "CDCDCD"


# -- agreement with the library --------------------------------------------------------------


@pytest.mark.parametrize("hide_length", [False, True], ids=["told", "hidden"])
@pytest.mark.parametrize("ours", list(DETERMINISTIC))
def test_matches_the_library(ours, hide_length):
    opponents = OPPONENTS | DETERMINISTIC
    assert_plays_as_the_library(ours, DETERMINISTIC[ours], opponents, hide_length)


@pytest.mark.parametrize("ours", list(DETERMINISTIC))
def test_matches_the_library_with_noise_in_a_shrinking_batch(ours):
    assert_noisy_batch(ours, DETERMINISTIC[ours])


@pytest.mark.parametrize("ours", ["Alexei", "EugineNier"])
def test_with_a_probabilistic_ending_no_end_game(ours):
    """With a probabilistic ending the library's length is infinite: no last turn."""
    for opponent in ("Cooperator", "Alternator"):
        own, their = play_match(ours, opponent, turns=None, prob_end=0.02, seed=1).history()
        player, other = DETERMINISTIC[ours](), OPPONENTS[opponent]()
        assert (own, their) == axelrod_moves(player, other, len(own), length=math.inf)


@pytest.mark.parametrize(
    "ours, theirs, opponents",
    [
        ("Michaelos", axl.Michaelos, ("Tit For Tat", "Alternator", "Cycler(pattern='CCD')")),
        ("Random Tit for Tat", axl.RandomTitForTat, ("Tit For Tat", "Defector", "Alternator")),
        ("Random Tit for Tat(0.2)", lambda: axl.RandomTitForTat(0.2), ("Cycler(pattern='CCD')",)),
    ],
)
def test_stochastic_strategies_score_as_in_the_library(ours, theirs, opponents):
    assert_scores_as_in_the_library(ours, theirs, opponents)


@pytest.mark.parametrize("name", ["Michaelos", "Random Tit for Tat", "Random Tit for Tat(0.3)"])
def test_same_seed_same_moves(name):
    a = play_match(name, "Alternator", turns=100, seed=5).history()
    assert a == play_match(name, "Alternator", turns=100, seed=5).history()
    assert a != play_match(name, "Alternator", turns=100, seed=6).history()


# -- naming, metadata and parameters ------------------------------------------------------


@pytest.mark.parametrize(
    "ours, theirs, family",
    [
        ("Alexei", axl.Alexei(), "end-game"),
        ("EugineNier", axl.EugineNier(), "end-game"),
        ("Michaelos", axl.Michaelos(), "end-game"),
        ("Hard Tit For 2 Tats", axl.HardTitFor2Tats(), "forgiving"),
        ("N Tits For M Tats", axl.NTitsForMTats(), "reciprocal"),
        ("Random Tit for Tat", axl.RandomTitForTat(), "reciprocal"),
    ],
)
def test_metadata_and_name(ours, theirs, family):
    assert_same_metadata(ours, theirs)
    assert REGISTRY.get_class(ours).family == family


def test_names_and_parameters():
    assert REGISTRY.get_class("Eugine Nier") is variants.EugineNier
    assert REGISTRY.get_class("Hard Tit For Two Tats") is variants.HardTitForTwoTats
    assert REGISTRY.create("N Tits For M Tats(2, 5)").axelrod_name() == str(axl.NTitsForMTats(2, 5))
    assert REGISTRY.create("Random Tit for Tat(0.25)").axelrod_name() == str(
        axl.RandomTitForTat(0.25)
    )
    assert not variants.RandomTitForTat(p=1.0).is_stochastic()
    assert variants.NTitsForMTats().params == {"N": 3, "M": 2}


@pytest.mark.parametrize(
    "build, message",
    [
        (lambda: variants.NTitsForMTats(N=-1), "N must be an integer >= 0"),
        (lambda: variants.NTitsForMTats(M=1.5), "M must be an integer >= 0"),
        (lambda: variants.RandomTitForTat(p=1.5), "p must be a probability"),
    ],
)
def test_bad_parameters(build, message):
    with pytest.raises(ValueError, match=message):
        build()


@pytest.mark.parametrize(("n", "m"), [(3, 2), (1, 1), (2, 3), (1, 4), (0, 1), (1, 0)])
def test_n_tits_for_m_tats_reports_the_memory_depth_of_its_parameters(n, m):
    ours = REGISTRY.create(f"N Tits For M Tats(N={n}, M={m})")
    assert ours.memory_depth == axl.Classifiers["memory_depth"](axl.NTitsForMTats(N=n, M=m))
