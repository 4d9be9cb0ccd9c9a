"""Tests of strategies/library/odd_rules.py: expected play; exact agreement with the
Axelrod library for the deterministic strategies (length told and hidden, with noise in
batches whose matches end at different times), and for the stochastic ones when both are
fed the same random numbers; mean scores and seeding; naming and metadata."""

from __future__ import annotations

import axelrod as axl
import pytest

from strategies import REGISTRY
from strategies.library.odd_rules import (
    Inverse,
    Negation,
    RevisedDowning,
    SelfSteem,
    ShortMem,
    Stalker,
    VeryBad,
)
from tests.axelrod_helpers import (
    assert_same_moves_in_a_noisy_shrinking_batch,
    axelrod_moves,
    library_opponents,
)
from tests.strategies.exact_draws import assert_same_moves_with_scripted_draws
from tests.strategy_helpers import plays, versus
from tournament.agreement.library import TOLERANCE_SE, compare_stochastic
from tournament.core.match import play_match

DETERMINISTIC = {
    "Revised Downing": axl.RevisedDowning,
    "ShortMem": axl.ShortMem,
    "VeryBad": axl.VeryBad,
}
STOCHASTIC = {
    "Inverse": axl.Inverse,
    "Negation": axl.Negation,
    "SelfSteem": axl.SelfSteem,
    "Stalker": axl.Stalker,
}
OPPONENTS = library_opponents(
    "Tit For Tat",
    "Defector",
    "Cooperator",
    "Alternator",
    "Grudger",
    "Win-Stay Lose-Shift",
    "Suspicious Tit For Tat",
    "Gradual",
    "Cycler(pattern='CCD')",
    "Cycler(pattern='CCCDDD')",
    "Davis",
    "Hard Prober",
)


# -- expected play ---------------------------------------------------------------------


def test_revised_downing():
    versus("Revised Downing", "Cooperator", "CC " * 8)
    # its estimate of the opponent's cooperation after its own C drops to 0: defect
    versus("Revised Downing", "Defector", "CD CD" + " DD" * 6)
    assert plays("Revised Downing", "DCDCCDDDCCCCC") == "CCCCCCCCDCDDD"


def test_short_mem():
    versus("ShortMem", "Defector", "CD" * 1 + " CD" * 10 + " DD" * 4)
    # from turn 12: majority of the last 10 by at least 3, else Tit For Tat
    assert plays("ShortMem", "C" * 11 + "DDDDDDDCCCCCC") == "C" * 15 + "DDDDDDDCC"
    versus("ShortMem", "Alternator", "CC CD " * 5 + "CC CD DC CD DC")


def test_very_bad():
    versus("VeryBad", "Defector", "CD CD CD DD DD DD")
    versus("VeryBad", "Alternator", "CC CD CC CD DC CD DC")
    # more than half C: C; fewer: D; exactly half: Tit For Tat
    assert plays("VeryBad", "DDCCCDCCDD") == "CCCDCCDCCC"


def test_stalker():
    # average payoff R = 3 > 2: cooperate; defect on the last turn when told the length
    versus("Stalker", "Cooperator", "CC " * 7 + "DC")
    assert play_match("Stalker", "Cooperator", turns=8, hide_length=True).history()[0] == "C" * 8
    own, _ = play_match("Stalker", "Cooperator", turns=None, prob_end=0.1, seed=1).history()
    assert own == "C" * len(own)
    # average between 1 and 2: defect
    assert plays("Stalker", "CDDDD")[2:4] == "DD"


def test_self_steem():
    # a ten-turn cycle: coin, TFT, D, D, TFT, coin, TFT, C, C, TFT
    own, _ = play_match("SelfSteem", "Defector", turns=40, seed=4).history()
    for start in range(0, 40, 10):
        assert own[start + 1 : start + 5] == "DDDD"
        assert own[start + 6 : start + 10] == "DCCD"


def test_inverse():
    versus("Inverse", "Cooperator", "CC " * 10)
    versus("Inverse", "Defector", "CD" + " DD" * 10)
    # right after a defection it surely defects; later less and less often
    own, _ = play_match("Inverse", "Cycler(pattern='DCCCCCCCCCCCCCCCCCCC')", turns=400).history()
    assert all(own[t] == "D" for t in range(1, 400, 20))
    assert own.count("D") < 100


def test_negation():
    own, opp = play_match("Negation", "Cycler(pattern='CCDCD')", turns=30, seed=2).history()
    assert all(own[t] != opp[t - 1] for t in range(1, 30))
    firsts = {play_match("Negation", "Cooperator", turns=1, seed=s).history()[0] for s in range(20)}
    assert firsts == {"C", "D"}


# -- exact agreement with the Axelrod library -----------------------------------------


@pytest.mark.parametrize("ours", list(DETERMINISTIC))
@pytest.mark.parametrize("opponent", list(OPPONENTS))
def test_matches_axelrod_library(ours, opponent):
    expected = axelrod_moves(DETERMINISTIC[ours](), OPPONENTS[opponent](), 200)
    assert play_match(ours, opponent, turns=200).history() == expected
    hidden = axelrod_moves(DETERMINISTIC[ours](), OPPONENTS[opponent](), 200, length=-1)
    assert play_match(ours, opponent, turns=200, hide_length=True).history() == hidden


@pytest.mark.parametrize("ours", list(DETERMINISTIC))
@pytest.mark.parametrize("opponent", list(DETERMINISTIC))
def test_matches_axelrod_library_among_themselves(ours, opponent):
    expected = axelrod_moves(DETERMINISTIC[ours](), DETERMINISTIC[opponent](), 200)
    assert play_match(ours, opponent, turns=200).history() == expected


@pytest.mark.parametrize("ours", list(DETERMINISTIC))
def test_matches_axelrod_library_with_noise_in_a_shrinking_batch(ours):
    assert_same_moves_in_a_noisy_shrinking_batch(ours, DETERMINISTIC[ours], max_density=0.8)


@pytest.mark.parametrize("told", ["told", "hidden", "inf"])
@pytest.mark.parametrize("ours", list(STOCHASTIC))
def test_stochastic_ones_match_the_library_given_the_same_draws(ours, told):
    for game in ("classic", "snowdrift"):
        assert_same_moves_with_scripted_draws(
            ours, STOCHASTIC[ours], told=told, game=game, max_density=0.9, n=12
        )


@pytest.mark.parametrize("ours", list(STOCHASTIC))
def test_stochastic_ones_score_as_in_the_library(ours):
    for check in compare_stochastic(ours, ("Tit For Tat", "Defector", "Alternator")):
        assert check.z <= TOLERANCE_SE, check


@pytest.mark.parametrize("name", list(STOCHASTIC))
def test_same_seed_same_moves(name):
    a = play_match(name, "Alternator", turns=100, seed=5).history()
    assert a == play_match(name, "Alternator", turns=100, seed=5).history()
    others = {play_match(name, "Alternator", turns=100, seed=s).history() for s in range(6, 12)}
    assert others - {a}


# -- naming and metadata ------------------------------------------------------------------


@pytest.mark.parametrize(
    "ours, theirs",
    [
        (Inverse, axl.Inverse),
        (Negation, axl.Negation),
        (RevisedDowning, axl.RevisedDowning),
        (SelfSteem, axl.SelfSteem),
        (ShortMem, axl.ShortMem),
        (Stalker, axl.Stalker),
        (VeryBad, axl.VeryBad),
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
