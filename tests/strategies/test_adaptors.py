"""Tests of strategies/adaptors.py (AdaptorBrief, AdaptorLong): the state dynamics,
scores within the statistical tolerance of the Axelrod library's, seeding and metadata.
"""

from __future__ import annotations

import axelrod as axl
import numpy as np
import pytest

from strategies import REGISTRY
from strategies.library.adaptors import AdaptorBrief, AdaptorLong
from tests.strategies._small_families_agreement import (
    assert_metadata,
    assert_seeded,
    assert_stochastic_agreement,
)
from tournament.core.match import play_match


def _cooperation(name: str, opponent: str, turns: int = 100, seeds: int = 30) -> float:
    return float(
        np.mean(
            [play_match(name, opponent, turns=turns, seed=s).cooperation[0] for s in range(seeds)]
        )
    )


def test_state_is_the_sum_of_the_increments():
    player = REGISTRY.create("AdaptorLong")
    player.reset(1, np.random.default_rng(0), np.array([[[3.0, 0.0], [5.0, 1.0]]]))
    own = np.array([[0, 0, 1, 1]], dtype=np.uint8)
    opp = np.array([[0, 1, 0, 1]], dtype=np.uint8)
    for t in range(5):
        player.play_turn(own[:, :t], opp[:, :t], t)
    assert player._state[0] == 0.0 + 1.888159 + 1.858883 - 0.995703


def test_cooperates_inside_the_band_with_a_small_error():
    # mutual cooperation leaves the state at 0, inside [-1, 1): C with probability 0.99
    # (until errors, each moving the state up by 0.99 against Cooperator, add up)
    assert 0.9 < _cooperation("AdaptorBrief", "Cooperator") < 0.99
    # against a defector AdaptorBrief's state leaves the band after its first C
    assert _cooperation("AdaptorBrief", "Defector") < 0.05
    # AdaptorLong forgives: CD moves the state up, DD down, back into the band
    assert _cooperation("AdaptorLong", "Defector") > 0.3


@pytest.mark.parametrize("name", ["AdaptorBrief", "AdaptorLong"])
def test_scores_as_in_the_library(name):
    assert_stochastic_agreement(
        name, ("Tit For Tat", "Defector", "Alternator", "Cycler(pattern='CCD')", "Random")
    )


@pytest.mark.parametrize("name", ["AdaptorBrief", "AdaptorLong"])
def test_same_seed_same_moves(name):
    assert_seeded(name)


@pytest.mark.parametrize(
    "cls, theirs", [(AdaptorBrief, axl.AdaptorBrief), (AdaptorLong, axl.AdaptorLong)]
)
def test_metadata(cls, theirs):
    assert_metadata(cls, theirs)
    assert cls.family == "learning"
