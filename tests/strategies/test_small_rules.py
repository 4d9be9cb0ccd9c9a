"""Tests of strategies/small_rules.py (Appeaser, Doubler, Forgiver, Gradual Killer,
Grumpy): expected play, exact agreement with the Axelrod library (length told and
hidden, with noise in batches whose matches end at different times), metadata and
parameters."""

from __future__ import annotations

import axelrod as axl
import pytest

from strategies import REGISTRY
from strategies.library.small_rules import Appeaser, Doubler, Forgiver, GradualKiller, Grumpy
from tests.axelrod_helpers import assert_same_moves_in_a_noisy_shrinking_batch
from tests.strategies._small_families_agreement import (
    ALL_OPPONENTS,
    FAMILIES,
    assert_exact,
    assert_metadata,
)
from tests.strategy_helpers import plays, versus

OURS = {
    name: FAMILIES[name]
    for name in FAMILIES
    if name.startswith(("Appeaser", "Doubler", "Forgiver", "Gradual Killer", "Grumpy"))
}


# -- expected play ---------------------------------------------------------------------


def test_appeaser():
    # keeps its move, switching it at each defection of the opponent
    assert plays("Appeaser", "CDCCDDC") == "CCDDDCD"
    versus("Appeaser", "Defector", "CD DD CD DD CD")
    versus("Appeaser", "Tit For Tat", "CC CC CC")


def test_appeaser_is_win_stay_lose_shift():
    from tournament.core.match import play_match

    for opponent in ("Alternator", "Cycler(pattern='CDDCCCDCDDDCC')", "Gradual"):
        ours = play_match("Appeaser", opponent, turns=60).history()
        assert ours == play_match("Win-Stay Lose-Shift", opponent, turns=60).history()


def test_doubler():
    # answers a defection only while the opponent cooperated at most twice as often
    assert plays("Doubler", "CDCDDCCD") == "CCDCDDCC"
    assert plays("Doubler", "CCCDCD") == "CCCCCC"
    versus("Doubler", "Defector", "CD DD DD DD")


def test_forgiver():
    # one defection: defects while it is more than 10% of the opponent's moves
    assert plays("Forgiver", "CD" + "C" * 10) == "CC" + "D" * 8 + "CC"
    versus("Forgiver", "Alternator", "CC CD DC DD DC")
    versus("Forgiver", "Cooperator", "CC " * 5)


def test_gradual_killer():
    # D D D D D C C, then all D if the opponent defected on moves 6 and 7, else all C
    assert plays("Gradual Killer", "CCCCCDDCC") == "DDDDDCCDD"
    assert plays("Gradual Killer", "CCCCCDCCC") == "DDDDDCCCC"
    versus("Gradual Killer", "Tit For Tat", "DC DD DD DD DD CD CC CC CC")


def test_grumpy():
    # grumpy once the opponent defected more than 10 times net; nice again below -10
    assert plays("Grumpy", "D" * 12 + "C" * 22) == "C" * 11 + "D" * 23
    assert plays("Grumpy", "D" * 12 + "C" * 24) == "C" * 11 + "D" * 24 + "C"
    assert plays("Grumpy(grumpy_threshold=2, nice_threshold=0)", "DDDDCCCCCDC") == "CCCDDDDDDCC"
    versus("Grumpy(starting_state='Grumpy')", "Cooperator", "DC " * 11 + "CC")


# -- exact agreement with the Axelrod library -----------------------------------------


@pytest.mark.parametrize("opponent", list(ALL_OPPONENTS))
@pytest.mark.parametrize("ours", list(OURS))
def test_matches_axelrod_library(ours, opponent):
    assert_exact(ours, OURS[ours], opponent)


@pytest.mark.parametrize("ours", list(OURS))
def test_matches_axelrod_library_with_noise_in_a_shrinking_batch(ours):
    for density in (0.4, 0.9):
        assert_same_moves_in_a_noisy_shrinking_batch(ours, OURS[ours], max_density=density)


# -- naming, metadata and parameters ----------------------------------------------------


@pytest.mark.parametrize(
    "cls, theirs",
    [
        (Appeaser, axl.Appeaser),
        (Doubler, axl.Doubler),
        (Forgiver, axl.Forgiver),
        (GradualKiller, axl.GradualKiller),
        (Grumpy, axl.Grumpy),
    ],
)
def test_metadata(cls, theirs):
    assert_metadata(cls, theirs)


def test_families_and_parameters():
    assert Appeaser.family == "pavlovian"
    assert Grumpy().params == {
        "starting_state": "Nice",
        "grumpy_threshold": 10,
        "nice_threshold": -10,
    }
    grumpy = REGISTRY.create("Grumpy('Grumpy', 3, -2)")
    assert grumpy.axelrod_name() == str(axl.Grumpy("Grumpy", 3, -2))
    assert grumpy.label == "Grumpy(starting_state='Grumpy', grumpy_threshold=3, nice_threshold=-2)"


@pytest.mark.parametrize(
    "build, message",
    [
        (lambda: Grumpy(starting_state="Angry"), "starting_state must be 'Nice' or 'Grumpy'"),
        (lambda: Grumpy(grumpy_threshold=2.5), "grumpy_threshold must be an integer"),
        (lambda: Grumpy(nice_threshold=True), "nice_threshold must be an integer"),
    ],
)
def test_bad_parameters(build, message):
    with pytest.raises(ValueError, match=message):
        build()


def test_no_parameters_accepted():
    with pytest.raises(Exception, match="parameter"):
        REGISTRY.create("Doubler(3)")
