"""Tests of strategies/punishing.py: expected play, exact agreement with the Axelrod
library (with and without noise, in batches whose matches end at different times),
naming and metadata."""

from __future__ import annotations

import axelrod as axl
import pytest

from strategies import REGISTRY
from strategies.library.punishing import (
    ForgetfulGrudger,
    Gradual,
    Grudger,
    OriginalGradual,
    Punisher,
    SoftGrudger,
)
from tests.axelrod_helpers import (
    assert_same_moves_in_a_noisy_shrinking_batch,
    axelrod_moves,
    library_opponents,
)
from tests.strategy_helpers import plays, versus
from tournament.core.match import play_match

# our name -> the Axelrod-library equivalent
AXELROD = {
    "Grudger": axl.Grudger,
    "Soft Grudger": axl.SoftGrudger,
    "Forgetful Grudger": axl.ForgetfulGrudger,
    "Gradual": axl.Gradual,
    "Original Gradual": axl.OriginalGradual,
    "Punisher": axl.Punisher,
}

OPPONENTS = library_opponents(
    "Tit For Tat",
    "Alternator",
    "Defector",
    "Cooperator",
    "Suspicious Tit For Tat",
    "Win-Stay Lose-Shift",
    "Cycler(pattern='CCD')",
    "Cycler(pattern='CDDCCCDCDDDCC')",
    "Cycler(pattern='DDCDCCCCCCCCCDCCCCCCCCCCCCCDDDC')",
)


# -- expected play ---------------------------------------------------------------------


def test_grudger():
    assert plays("Grudger", "CDCCC") == "CCDDD"
    assert plays("Grudger", "CCCC") == "CCCC"
    versus("Grim", "Alternator", "CC CD DC DD DC")
    versus("Grim Trigger", "Tit For Tat", "CC CC CC")


def test_soft_grudger():
    # D answered by D, D, D, D, C, C; defections during that sequence are ignored
    assert plays("Soft Grudger", "CDDDDDCCDCC") == "CCDDDDCCCDD"
    assert plays("Soft Grudger", "CDCCCCDCC") == "CCDDDDCCC"
    versus("Soft Grudger", "Defector", "CD DD DD DD DD CD CD DD")


def test_forgetful_grudger():
    assert plays("Forgetful Grudger", "CD" + "C" * 12) == "CC" + "D" * 10 + "CC"
    # a defection during the grudge does not extend it
    assert plays("Forgetful Grudger", "CDCCDC" + "C" * 8) == "CC" + "D" * 10 + "CC"
    versus("Forgetful Grudger", "Defector", "CD" + " DD" * 12)


def test_gradual():
    # 1st defection: D then C C; 2nd: D D then C C
    assert plays("Gradual", "CDCCCDCCCCCC") == "CCDCCCDDCCCC"
    # the defection during calming counts: the next punishment lasts 3 turns
    assert plays("Gradual", "CDDCDCCCCCCC") == "CCDCCDDDCCCC"


def test_original_gradual():
    assert plays("Original Gradual", "CDCCCDCCCCCC") == "CCDCCCDDCCCC"
    # the defection during calming does not count: the 2nd punishment lasts 2 turns
    assert plays("Original Gradual", "CDDCDCCCCCCC") == "CCDCCDDCCCCC"


def test_punisher():
    # 1 defection in 2 turns: L = 20 * 1 // 2 = 10 more defections after the answer
    assert plays("Punisher", "CD" + "C" * 12) == "CC" + "D" * 11 + "C"
    # 1 defection in 26 turns: L = 0, only the answer
    assert plays("Punisher", "C" * 25 + "DCC") == "C" * 26 + "DC"
    versus("Punisher", "Defector", "CD" + " DD" * 25)


# -- exact agreement with the Axelrod library -----------------------------------------


@pytest.mark.parametrize("ours", list(AXELROD))
@pytest.mark.parametrize("opponent", list(OPPONENTS) + list(AXELROD))
def test_matches_axelrod_library(ours, opponent):
    their_opponent = {**OPPONENTS, **AXELROD}[opponent]
    expected = axelrod_moves(AXELROD[ours](), their_opponent(), 200)
    assert play_match(ours, opponent, turns=200).history() == expected


@pytest.mark.parametrize("ours", list(AXELROD))
def test_matches_axelrod_library_with_noise_in_a_shrinking_batch(ours):
    assert_same_moves_in_a_noisy_shrinking_batch(ours, AXELROD[ours], max_density=0.4)


def test_gradual_and_original_gradual_differ():
    histories = {
        name: play_match(name, "Cycler(pattern='CDDCCCDCDDDCC')", turns=100).history()[0]
        for name in ("Gradual", "Original Gradual")
    }
    assert histories["Gradual"] != histories["Original Gradual"]
    assert histories["Gradual"].count("D") > histories["Original Gradual"].count("D")


# -- naming and metadata -------------------------------------------------------------------


@pytest.mark.parametrize("ours", list(AXELROD))
def test_axelrod_name(ours):
    assert REGISTRY.create(ours).axelrod_name() == str(AXELROD[ours]())


def test_aliases_and_metadata():
    assert REGISTRY.get_class("Grim") is Grudger
    assert REGISTRY.get_class("grim trigger") is Grudger
    classes = (Grudger, SoftGrudger, ForgetfulGrudger, Gradual, OriginalGradual, Punisher)
    for cls in classes:
        assert cls.family == "punishing"
        assert not cls().is_stochastic()
        assert cls().params == {}
    assert Grudger.memory_depth is None
    assert SoftGrudger.memory_depth == 6
    assert ForgetfulGrudger.memory_depth == 10


def test_no_parameters_accepted():
    with pytest.raises(Exception, match="parameter"):
        REGISTRY.create("Gradual(3)")
