"""Tests of strategies/backstabbers.py (BackStabber, DoubleCrosser): expected play,
exact agreement with the Axelrod library with the match length told, hidden and
infinite (a probabilistic ending), with noise in batches whose matches end at different
times, and metadata."""

from __future__ import annotations

import axelrod as axl
import pytest

from strategies.library.backstabbers import BackStabber, DoubleCrosser
from tests.axelrod_helpers import assert_same_moves_in_a_noisy_shrinking_batch, axelrod_moves
from tests.strategies._small_families_agreement import (
    ALL_OPPONENTS,
    FAMILIES,
    assert_exact,
    assert_metadata,
)
from tests.strategy_helpers import plays, versus
from tournament.core.match import play_match

OURS = {name: FAMILIES[name] for name in ("BackStabber", "DoubleCrosser")}


def test_backstabber():
    # forgives three defections, not a fourth
    versus("BackStabber", "Defector", "CD CD CD CD DD DD DD DD")
    assert plays("BackStabber", "C" * 7 + "DCDDCDD" + "C" * 5) == "C" * 13 + "D" * 6
    # the stab in the back: the last two moves of a match of known length
    versus("BackStabber", "Cooperator", "CC CC CC CC DC DC")


def test_backstabber_without_a_known_end():
    own, _ = play_match("BackStabber", "Cooperator", turns=6, hide_length=True).history()
    assert own == "CCCCCC"
    own, _ = play_match("BackStabber", "Cooperator", prob_end=0.1, seed=3).history()
    assert own == "C" * len(own)


def test_double_crosser():
    # after 7 cooperations, on moves 8 to 180 it only answers two defections in a row
    assert plays("DoubleCrosser", "C" * 7 + "DCDDCDD" + "C" * 5) == "CCCCCCCCCCCDCCDCCDD"
    # an early defection: BackStabber's rule
    assert plays("DoubleCrosser", "D" + "C" * 6 + "DCDDC" + "C" * 5) == "C" * 11 + "D" * 6
    versus("DoubleCrosser", "Defector", "CD CD CD CD DD DD")


def test_double_crosser_returns_to_backstabbing_after_move_180():
    # four single defections: forgiven until move 180, punished from move 181 on
    opponent = "Cycler(pattern='" + "C" * 8 + "DCDCDCDC" + "C" * 184 + "')"
    own, _ = play_match("DoubleCrosser", opponent, turns=200, hide_length=True).history()
    assert own == "C" * 180 + "D" * 20


@pytest.mark.parametrize("opponent", list(ALL_OPPONENTS))
@pytest.mark.parametrize("ours", list(OURS))
def test_matches_axelrod_library(ours, opponent):
    assert_exact(ours, OURS[ours], opponent)


@pytest.mark.parametrize("turns", [1, 2, 3, 8, 179, 181])
@pytest.mark.parametrize("ours", list(OURS))
def test_short_and_odd_lengths_match_the_library(ours, turns):
    for opponent in ("Cooperator", "Tit For Tat", "Cycler(pattern='CCCDDD')"):
        expected = axelrod_moves(OURS[ours](), ALL_OPPONENTS[opponent](), turns)
        assert play_match(ours, opponent, turns=turns).history() == expected


@pytest.mark.parametrize("ours", list(OURS))
def test_matches_axelrod_library_with_noise_in_a_shrinking_batch(ours):
    for density in (0.1, 0.4):
        assert_same_moves_in_a_noisy_shrinking_batch(ours, OURS[ours], max_density=density)


@pytest.mark.parametrize(
    "cls, theirs", [(BackStabber, axl.BackStabber), (DoubleCrosser, axl.DoubleCrosser)]
)
def test_metadata(cls, theirs):
    assert_metadata(cls, theirs)
    assert cls.family == "end-game"
