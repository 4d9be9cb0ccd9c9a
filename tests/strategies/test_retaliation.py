"""Tests of strategies/library/retaliation.py: expected play, exact agreement with the
Axelrod library (length told or hidden, noisy shrinking batches), metadata and
parameters."""

from __future__ import annotations

import axelrod as axl
import pytest

from strategies import REGISTRY
from strategies.library import retaliation
from tests.strategies._classic_more_agreement import (
    OPPONENTS,
    assert_noisy_batch,
    assert_plays_as_the_library,
    assert_same_metadata,
)
from tests.strategy_helpers import plays, versus

DETERMINISTIC = {
    "Retaliate": axl.Retaliate,
    "Retaliate 2": axl.Retaliate2,
    "Retaliate 3": axl.Retaliate3,
    "Retaliate(0.5)": lambda: axl.Retaliate(0.5),
    "Limited Retaliate": axl.LimitedRetaliate,
    "Limited Retaliate 2": axl.LimitedRetaliate2,
    "Limited Retaliate 3": axl.LimitedRetaliate3,
    "Limited Retaliate(0.3, 3)": lambda: axl.LimitedRetaliate(0.3, 3),
    "Inverse Punisher": axl.InversePunisher,
    "Level Punisher": axl.LevelPunisher,
    "Tricky Level Punisher": axl.TrickyLevelPunisher,
}


# -- expected play ---------------------------------------------------------------------


def test_retaliate():
    versus("Retaliate", "Cooperator", "CC " * 5)
    versus("Retaliate", "Defector", "CD DD DD DD")
    # one exploitation (C against D) outweighs less than ten of its own
    assert plays("Retaliate", "DCCCCC") == "CDDDDD"


def test_retaliate_threshold():
    # Retaliate(0.5) forgives one exploitation once it has exploited the opponent twice
    assert plays("Retaliate(0.5)", "DCCCCC") == "CDDCCC"


def test_limited_retaliate_stops_at_its_limit():
    assert plays("Limited Retaliate(0.1, 3)", "D" + "C" * 9) == "CDDDCDDDCD"
    versus("Limited Retaliate 2", "Defector", "CD" + " DD" * 15 + " CD DD")


def test_inverse_punisher():
    # after a defection at turn 2 (one cooperation in two turns), 10 more defections
    assert plays("Inverse Punisher", "CD" + "C" * 12) == "CCD" + "D" * 10 + "C"
    # against Defector the punishment lasts the minimum of one more turn
    versus("Inverse Punisher", "Defector", "CD DD DD DD DD")


def test_level_punishers():
    assert plays("Level Punisher", "DDDCCCCCCCCC") == "C" * 10 + "DD"
    assert plays("Level Punisher", "DDCCCCCCCCCC") == "C" * 12
    assert plays("Tricky Level Punisher", "CCDCC") == "CCCDD"
    # from turn 100 on it cooperates whatever
    versus("Tricky Level Punisher", "Defector", "CD" + " DD" * 99 + " CD CD")


# -- agreement with the library --------------------------------------------------------------


@pytest.mark.parametrize("hide_length", [False, True], ids=["told", "hidden"])
@pytest.mark.parametrize("ours", list(DETERMINISTIC))
def test_matches_the_library(ours, hide_length):
    opponents = OPPONENTS | DETERMINISTIC
    assert_plays_as_the_library(ours, DETERMINISTIC[ours], opponents, hide_length)


@pytest.mark.parametrize("ours", list(DETERMINISTIC))
def test_matches_the_library_with_noise_in_a_shrinking_batch(ours):
    assert_noisy_batch(ours, DETERMINISTIC[ours])


# -- naming, metadata and parameters ------------------------------------------------------


@pytest.mark.parametrize(
    "ours",
    [name for name in DETERMINISTIC if "(" not in name],
)
def test_metadata_and_name(ours):
    assert_same_metadata(ours, DETERMINISTIC[ours]())
    assert REGISTRY.get_class(ours).family == "punishing"


def test_parameters():
    assert retaliation.Retaliate2().params == {"retaliation_threshold": 0.08}
    assert retaliation.LimitedRetaliate3().params == {
        "retaliation_threshold": 0.05,
        "retaliation_limit": 20,
    }
    player = REGISTRY.create("Limited Retaliate 2(retaliation_limit=4)")
    assert player.label == "Limited Retaliate 2(retaliation_limit=4)"
    assert player.axelrod_name() == str(axl.LimitedRetaliate2(retaliation_limit=4))
    assert player.clone() == player


@pytest.mark.parametrize(
    "build, message",
    [
        (lambda: retaliation.Retaliate(-0.1), "retaliation_threshold must be a number >= 0"),
        (lambda: retaliation.Retaliate("x"), "retaliation_threshold must be a number"),
        (lambda: retaliation.LimitedRetaliate(0.1, -1), "retaliation_limit must be an integer"),
        (lambda: retaliation.LimitedRetaliate(0.1, 2.5), "retaliation_limit must be an integer"),
    ],
)
def test_bad_parameters(build, message):
    with pytest.raises(ValueError, match=message):
        build()
