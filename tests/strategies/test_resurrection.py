"""Tests of strategies/resurrection.py (Resurrection, Double Resurrection): expected
play, exact agreement with the Axelrod library (length told and hidden, with noise in
batches whose matches end at different times) and metadata."""

from __future__ import annotations

import axelrod as axl
import pytest

from strategies import REGISTRY
from strategies.library.resurrection import DoubleResurrection, Resurrection
from tests.axelrod_helpers import assert_same_moves_in_a_noisy_shrinking_batch
from tests.strategies._small_families_agreement import (
    ALL_OPPONENTS,
    FAMILIES,
    assert_exact,
    assert_metadata,
)
from tests.strategy_helpers import plays, versus

OURS = {name: FAMILIES[name] for name in ("Resurrection", "DoubleResurrection")}


def test_resurrection():
    # Tit For Tat, but five defections of its own in a row are followed by another
    assert plays("Resurrection", "DDDDDDDDC") == "CDDDDDDDD"
    assert plays("Resurrection", "DDDDCC") == "CDDDDC"
    versus("Resurrection", "Alternator", "CC CD DC CD DC")


def test_double_resurrection():
    # five cooperations in a row: defect; five defections in a row: cooperate
    versus("DoubleResurrection", "Cooperator", "CC CC CC CC CC DC CC CC CC CC CC DC CC")
    versus("Double Resurrection", "Defector", "CD DD DD DD DD DD CD DD DD DD DD DD CD")


@pytest.mark.parametrize("opponent", list(ALL_OPPONENTS))
@pytest.mark.parametrize("ours", list(OURS))
def test_matches_axelrod_library(ours, opponent):
    assert_exact(ours, OURS[ours], opponent)


@pytest.mark.parametrize("ours", list(OURS))
def test_matches_axelrod_library_with_noise_in_a_shrinking_batch(ours):
    for density in (0.4, 0.9):
        assert_same_moves_in_a_noisy_shrinking_batch(ours, OURS[ours], max_density=density)


@pytest.mark.parametrize(
    "cls, theirs",
    [(Resurrection, axl.Resurrection), (DoubleResurrection, axl.DoubleResurrection)],
)
def test_metadata(cls, theirs):
    assert_metadata(cls, theirs)
    assert REGISTRY.get_class("Double Resurrection") is DoubleResurrection
