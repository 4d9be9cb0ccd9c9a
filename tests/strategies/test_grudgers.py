"""Tests of strategies/library/grudgers.py: expected play, exact agreement with the
Axelrod library (length told or hidden, noisy shrinking batches), metadata and
parameters."""

from __future__ import annotations

import axelrod as axl
import pytest

from strategies import REGISTRY
from strategies.library import grudgers
from tests.strategies._classic_more_agreement import (
    OPPONENTS,
    assert_noisy_batch,
    assert_plays_as_the_library,
    assert_same_metadata,
)
from tests.strategy_helpers import plays, versus

DETERMINISTIC = {
    "Aggravater": axl.Aggravater,
    "CAPRI": axl.Capri,
    "EasyGo": axl.EasyGo,
    "General Soft Grudger": axl.GeneralSoftGrudger,
    "General Soft Grudger(n=2, d=3, c=1)": lambda: axl.GeneralSoftGrudger(2, 3, 1),
    "General Soft Grudger(n=3, d=1, c=4)": lambda: axl.GeneralSoftGrudger(3, 1, 4),
    "GrudgerAlternator": axl.GrudgerAlternator,
    "Opposite Grudger": axl.OppositeGrudger,
    "SpitefulCC": axl.SpitefulCC,
}


# -- expected play ---------------------------------------------------------------------


def test_aggravater():
    versus("Aggravater", "Cooperator", "DC DC DC CC CC")
    versus("Aggravater", "Tit For Tat", "DC DD DD DD DD")


def test_spiteful_cc():
    assert plays("SpitefulCC", "DCCCC") == "CCDDD"
    assert plays("SpitefulCC", "CCCDC") == "CCCCD"


def test_easy_go_and_opposite_grudger():
    assert plays("EasyGo", "CCDCD") == "DDDCC"
    assert plays("Opposite Grudger", "DDCDD") == "DDDCC"
    versus("EasyGo", "Cooperator", "DC DC DC")


def test_grudger_alternator():
    assert plays("GrudgerAlternator", "CCDCCCC") == "CCCDCDC"
    versus("GrudgerAlternator", "Defector", "CD DD CD DD CD")


def test_general_soft_grudger():
    # the default is Soft Grudger: D answers the defection, then D D D C C
    assert plays("General Soft Grudger", "CD" + "C" * 7) == "CCDDDDCCC"
    # n=2: punishes only two defections in a row
    assert plays("General Soft Grudger(n=2, d=2, c=1)", "DCDDCCC") == "CCCCDDC"


def test_capri():
    versus("CAPRI", "Cooperator", "CC " * 5)
    # punishes a single defection from mutual cooperation once, then cooperates
    assert plays("CAPRI", "CCDCCC") == "CCCDCC"
    # recovers from mutual defection when the opponent cooperates
    versus("CAPRI", "Defector", "CD DD DD DD")
    assert plays("CAPRI", "DDDCCC") == "CDDDCC"


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
    "ours, family",
    [
        ("Aggravater", "punishing"),
        ("CAPRI", "reciprocal"),
        ("EasyGo", "defecting"),
        ("General Soft Grudger", "punishing"),
        ("GrudgerAlternator", "punishing"),
        ("Opposite Grudger", "defecting"),
        ("SpitefulCC", "punishing"),
    ],
)
def test_metadata_and_name(ours, family):
    assert_same_metadata(ours, DETERMINISTIC[ours]())
    assert REGISTRY.get_class(ours).family == family


def test_names_and_parameters():
    assert REGISTRY.get_class("Capri") is grudgers.Capri
    assert REGISTRY.get_class("Reverse Grudger") is grudgers.EasyGo
    assert REGISTRY.get_class("Grudger Alternator") is grudgers.GrudgerAlternator
    assert grudgers.GeneralSoftGrudger().params == {"n": 1, "d": 4, "c": 2}
    player = REGISTRY.create("General Soft Grudger(2, 3, 1)")
    assert player.axelrod_name() == str(axl.GeneralSoftGrudger(2, 3, 1))


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"n": 0}, "n must be an integer >= 1"),
        ({"d": 0}, "d must be an integer >= 1"),
        ({"c": -1}, "c must be an integer >= 0"),
        ({"d": 1, "c": 0}, "at least one move"),
        ({"n": 1.5}, "n must be an integer"),
    ],
)
def test_bad_parameters(kwargs, message):
    with pytest.raises(ValueError, match=message):
        grudgers.GeneralSoftGrudger(**kwargs)
