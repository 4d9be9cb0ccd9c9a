"""Tests of strategies/adaptive_pavlov.py (Adaptive Pavlov 2006 and 2011): expected
play, exact agreement with the Axelrod library (length told and hidden, with noise in
batches whose matches end at different times) and metadata."""

from __future__ import annotations

import axelrod as axl
import pytest

from strategies import REGISTRY
from strategies.library.adaptive_pavlov import APavlov2006, APavlov2011
from tests.axelrod_helpers import assert_same_moves_in_a_noisy_shrinking_batch
from tests.strategies._small_families_agreement import (
    ALL_OPPONENTS,
    FAMILIES,
    assert_exact,
    assert_metadata,
)
from tests.strategy_helpers import plays, versus

OURS = {name: FAMILIES[name] for name in ("Adaptive Pavlov 2006", "Adaptive Pavlov 2011")}
STFT_OPENING = "CD DC CD DC CD DC"  # Tit For Tat for six turns against Suspicious TFT


def test_adaptive_pavlov_2006():
    # Suspicious Tit For Tat (D C D C D C) is answered with two cooperations: peace
    versus("Adaptive Pavlov 2006", "Suspicious Tit For Tat", STFT_OPENING + " CD CC CC CC")
    versus("Adaptive Pavlov 2006", "Defector", "CD" + " DD" * 9)
    versus("Adaptive Pavlov 2006", "Cooperator", "CC " * 10)
    # Pavlov-D (D D C D D C): a defection on the first turn of each period of six
    assert plays("Adaptive Pavlov 2006", "DDCDDC" * 3) == "CDDCDD" + "DCCCCC" * 2
    # an unknown pattern is Random (defect), a second one keeps the class; six
    # cooperations are Cooperative, answered with Tit For Tat
    assert plays("Adaptive Pavlov 2006", "CDCCCC" * 2 + "CCCCCC" + "CDCCCC") == (
        "CCDCCC" + "DDDDDD" + "DDDDDD" + "CCDCCC"
    )


def test_adaptive_pavlov_2011():
    versus("Adaptive Pavlov 2011", "Suspicious Tit For Tat", STFT_OPENING + " CD CC CC CC")
    versus("Adaptive Pavlov 2011", "Defector", "CD" + " DD" * 9)
    # three defections in six: Suspicious Tit For Tat, answered by Tit For Two Tats
    assert plays("Adaptive Pavlov 2011", "CDCCCC" + "DDDCCC" + "CDCCCC" * 2) == (
        "CCDCCC" + "DDDDDD" + "CCCCCC" + "CCCCCC"
    )
    # one or two defections in six keep the class (at first: Random)
    assert plays("Adaptive Pavlov 2011", "CDCCCC" + "CCDCCC" + "CDCCCC") == "CCDCCC" + "D" * 12


@pytest.mark.parametrize("opponent", list(ALL_OPPONENTS))
@pytest.mark.parametrize("ours", list(OURS))
def test_matches_axelrod_library(ours, opponent):
    assert_exact(ours, OURS[ours], opponent)


@pytest.mark.parametrize("ours", list(OURS))
def test_matches_axelrod_library_with_noise_in_a_shrinking_batch(ours):
    for density in (0.1, 0.4, 0.9):
        assert_same_moves_in_a_noisy_shrinking_batch(ours, OURS[ours], max_density=density)


@pytest.mark.parametrize(
    "cls, theirs", [(APavlov2006, axl.APavlov2006), (APavlov2011, axl.APavlov2011)]
)
def test_metadata(cls, theirs):
    assert_metadata(cls, theirs)
    assert cls.family == "adaptive"


def test_aliases():
    assert REGISTRY.get_class("APavlov2006") is APavlov2006
    assert REGISTRY.get_class("APavlov2011") is APavlov2011
