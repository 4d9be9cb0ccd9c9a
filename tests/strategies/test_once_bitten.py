"""Tests of strategies/once_bitten.py (Once Bitten, Forgetful Fool Me Once): expected
play, exact agreement with the Axelrod library for Once Bitten (length told and hidden,
with noise in batches whose matches end at different times), statistics and seeding of
Forgetful Fool Me Once, metadata and parameters."""

from __future__ import annotations

import axelrod as axl
import pytest

from strategies import REGISTRY
from strategies.library.once_bitten import ForgetfulFoolMeOnce, OnceBitten
from tests.axelrod_helpers import assert_same_moves_in_a_noisy_shrinking_batch
from tests.strategies._small_families_agreement import (
    ALL_OPPONENTS,
    assert_exact,
    assert_metadata,
    assert_seeded,
    assert_stochastic_agreement,
)
from tests.strategy_helpers import plays, versus


def _seeded(player: axl.Player) -> axl.Player:
    """A library player that draws (unused) random numbers needs a generator."""
    player.set_seed(0)
    return player


# -- expected play ---------------------------------------------------------------------


def test_once_bitten():
    # a single defection is forgiven; two in a row cost 11 defections, then it looks again
    assert plays("Once Bitten", "CDCDDCCCCCCCCCCCC") == "CCCCC" + "D" * 11 + "C"
    assert plays("Once Bitten", "D" * 16) == "CC" + "D" * 14
    versus("Once Bitten", "Alternator", "CC CD CC CD CC CD")
    # the grudge ends after 11 defections, but Defector's last two moves renew it at once
    versus("Once Bitten", "Defector", "CD CD" + " DD" * 13)


def test_forgetful_fool_me_once_deterministic_cases():
    # never forgetting: Fool Me Once (a second defection is never forgiven)
    assert plays("Forgetful Fool Me Once(0.0)", "CDCCDCC") == "CCCCCDD"
    # always forgetting: it never defects
    assert plays("Forgetful Fool Me Once(1.0)", "DDDDD") == "CCCCC"
    versus("Forgetful Fool Me Once", "Tit For Tat", "CC " * 20)


# -- exact agreement with the Axelrod library -----------------------------------------


@pytest.mark.parametrize("opponent", list(ALL_OPPONENTS))
def test_once_bitten_matches_axelrod_library(opponent):
    assert_exact("Once Bitten", axl.OnceBitten, opponent)


@pytest.mark.parametrize(
    "ours, theirs",
    [
        ("Once Bitten", axl.OnceBitten),
        ("Forgetful Fool Me Once(0.0)", lambda: _seeded(axl.ForgetfulFoolMeOnce(0.0))),
    ],
)
def test_matches_axelrod_library_with_noise_in_a_shrinking_batch(ours, theirs):
    for density in (0.4, 0.9):
        assert_same_moves_in_a_noisy_shrinking_batch(ours, theirs, max_density=density)


def test_forgetful_fool_me_once_scores_as_in_the_library():
    assert_stochastic_agreement(
        "Forgetful Fool Me Once", ("Defector", "Alternator", "Cycler(pattern='CCD')", "Random")
    )


def test_forgetful_fool_me_once_same_seed_same_moves():
    assert_seeded("Forgetful Fool Me Once(0.3)")


# -- naming, metadata and parameters ----------------------------------------------------


@pytest.mark.parametrize(
    "cls, theirs",
    [(OnceBitten, axl.OnceBitten), (ForgetfulFoolMeOnce, axl.ForgetfulFoolMeOnce)],
)
def test_metadata(cls, theirs):
    assert_metadata(cls, theirs)


def test_parameters():
    assert ForgetfulFoolMeOnce().params == {"forget_probability": 0.05}
    player = REGISTRY.create("Forgetful Fool Me Once(0.25)")
    assert player.axelrod_name() == str(axl.ForgetfulFoolMeOnce(0.25))
    assert not ForgetfulFoolMeOnce(0.0).is_stochastic()
    with pytest.raises(ValueError, match="forget_probability must be a probability"):
        ForgetfulFoolMeOnce(1.5)
