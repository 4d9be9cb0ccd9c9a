"""Tests of strategies/library/probers.py: expected play, exact agreement with the
Axelrod library (length told or hidden, noisy shrinking batches) and metadata."""

from __future__ import annotations

import axelrod as axl
import pytest

from strategies import REGISTRY
from strategies.library import probers
from tests.strategies._classic_more_agreement import (
    OPPONENTS,
    assert_noisy_batch,
    assert_plays_as_the_library,
    assert_same_metadata,
)
from tests.strategy_helpers import plays, versus

DETERMINISTIC = {
    "CollectiveStrategy": axl.CollectiveStrategy,
    "Prober 2": axl.Prober2,
    "Prober 3": axl.Prober3,
    "Prober 4": axl.Prober4,
}

_OPENING = "CCDCDDDCCDCDCCDCDDCD"


# -- expected play ---------------------------------------------------------------------


def test_collective_strategy():
    # the handshake C, D met by C, D: cooperation until a second defection
    versus("CollectiveStrategy", "CollectiveStrategy", "CC DD CC CC CC")
    assert plays("CollectiveStrategy", "CDCCDCC") == "CDCCCDD"
    versus("CollectiveStrategy", "Cooperator", "CC DC DC DC")


def test_prober_2():
    # the probe answered by D then C: cooperates for ever
    assert plays("Prober 2", "CDCDDC") == "DCCCCC"
    # otherwise Tit For Tat
    versus("Prober 2", "Tit For Tat", "DC CD CC CC CC")
    assert plays("Prober 2", "CCCDDC") == "DCCCDD"


def test_prober_3():
    versus("Prober 3", "Cooperator", "DC CC DC DC DC")
    versus("Prober 3", "Tit For Tat", "DC CD DC CD")
    assert plays("Prober 3", "CDCDC") == "DCDCD"


def test_prober_4():
    # unresponsive Cooperator: no just or unjust defections, so it defects for ever
    versus("Prober 4", "Cooperator", " ".join(m + "C" for m in _OPENING) + " DC DC")
    # against Tit For Tat it counts 3 just and 6 unjust defections: a responsive opponent
    own, _ = play_match_history("Prober 4", "Tit For Tat", 30)
    assert own == _OPENING + "CCCCC" + "CCCCC"


def play_match_history(a: str, b: str, turns: int) -> tuple[str, str]:
    from tournament.core.match import play_match

    return play_match(a, b, turns=turns).history()


# -- agreement with the library --------------------------------------------------------------


@pytest.mark.parametrize("hide_length", [False, True], ids=["told", "hidden"])
@pytest.mark.parametrize("ours", list(DETERMINISTIC))
def test_matches_the_library(ours, hide_length):
    opponents = OPPONENTS | DETERMINISTIC
    assert_plays_as_the_library(ours, DETERMINISTIC[ours], opponents, hide_length)


@pytest.mark.parametrize("ours", list(DETERMINISTIC))
def test_matches_the_library_with_noise_in_a_shrinking_batch(ours):
    assert_noisy_batch(ours, DETERMINISTIC[ours])


# -- naming and metadata ------------------------------------------------------------------


@pytest.mark.parametrize("ours", list(DETERMINISTIC))
def test_metadata_and_name(ours):
    assert_same_metadata(ours, DETERMINISTIC[ours]())
    assert REGISTRY.get_class(ours).family == "probing"


def test_aliases():
    assert REGISTRY.get_class("Collective Strategy") is probers.CollectiveStrategy
