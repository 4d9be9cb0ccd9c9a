"""Tests of strategies/library/majority.py: the Go By Majority variants with a fixed
memory play exactly as the Axelrod library's, with the length told or hidden and in noisy
batches; their names, metadata and fixed parameter."""

from __future__ import annotations

import axelrod as axl
import pytest

from strategies import REGISTRY
from strategies.library import majority
from tests.strategies._classic_more_agreement import (
    OPPONENTS,
    assert_noisy_batch,
    assert_plays_as_the_library,
    assert_same_metadata,
)
from tests.strategy_helpers import plays, versus

DETERMINISTIC = {
    "Soft Go By Majority: 5": axl.GoByMajority5,
    "Soft Go By Majority: 10": axl.GoByMajority10,
    "Soft Go By Majority: 20": axl.GoByMajority20,
    "Soft Go By Majority: 40": axl.GoByMajority40,
    "Hard Go By Majority: 5": axl.HardGoByMajority5,
    "Hard Go By Majority: 10": axl.HardGoByMajority10,
    "Hard Go By Majority: 20": axl.HardGoByMajority20,
    "Hard Go By Majority: 40": axl.HardGoByMajority40,
}


# -- expected play ---------------------------------------------------------------------


def test_soft_majority_forgets_beyond_its_memory():
    # 5 turns of memory: three old defections stop counting two turns after cooperation
    # has resumed
    assert plays("Soft Go By Majority: 5", "DDDCCCCC") == "CDDDDDCC"
    # without the window the whole match counts
    assert plays("Soft Go By Majority", "DDDCCCCC") == "CDDDDDCC"
    assert plays("Soft Go By Majority", "DDDCCCCCC") == "CDDDDDCCC"
    assert plays("Soft Go By Majority: 5", "DDDDDDCCCCC") == "CDDDDDDDDCC"
    assert plays("Soft Go By Majority", "DDDDDDCCCCC") == "CDDDDDDDDDD"


def test_hard_majority_defects_on_a_tie():
    assert plays("Hard Go By Majority: 5", "CDCDCD") == "DCDCDC"
    versus("Hard Go By Majority: 10", "Cooperator", "DC CC CC CC")
    versus("Soft Go By Majority: 10", "Alternator", "CC CD CC CD CC")


# -- agreement with the library --------------------------------------------------------------


@pytest.mark.parametrize("hide_length", [False, True], ids=["told", "hidden"])
@pytest.mark.parametrize("ours", list(DETERMINISTIC))
def test_matches_the_library(ours, hide_length):
    opponents = OPPONENTS | {name: DETERMINISTIC[name] for name in DETERMINISTIC}
    assert_plays_as_the_library(ours, DETERMINISTIC[ours], opponents, hide_length)


@pytest.mark.parametrize("ours", list(DETERMINISTIC))
def test_matches_the_library_with_noise_in_a_shrinking_batch(ours):
    assert_noisy_batch(ours, DETERMINISTIC[ours])


# -- naming, metadata and parameters ------------------------------------------------------


@pytest.mark.parametrize("ours", list(DETERMINISTIC))
def test_metadata_and_name(ours):
    assert_same_metadata(ours, DETERMINISTIC[ours]())
    assert REGISTRY.get_class(ours).family == "adaptive"


def test_aliases_and_fixed_memory():
    assert REGISTRY.get_class("Go By Majority 10") is majority.SoftGoByMajority10
    assert REGISTRY.get_class("hard go by majority 40") is majority.HardGoByMajority40
    player = REGISTRY.create("Soft Go By Majority: 20")
    assert player.params == {"memory": 20} and player.label == "Soft Go By Majority: 20"
    assert player.clone() == player
    with pytest.raises(ValueError, match="always remembers 5 turns"):
        majority.HardGoByMajority5(memory=6)
