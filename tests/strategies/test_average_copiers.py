"""Tests of strategies/average_copiers.py (Average Copier, Nice Average Copier):
expected play in the deterministic cases, scores within the statistical tolerance of
the Axelrod library's, cooperation rates, seeding and metadata."""

from __future__ import annotations

import axelrod as axl
import numpy as np
import pytest

from strategies.library.average_copiers import AverageCopier, NiceAverageCopier
from tests.strategies._small_families_agreement import (
    assert_metadata,
    assert_seeded,
    assert_stochastic_agreement,
)
from tests.strategy_helpers import versus
from tournament.core.match import play_match


def test_deterministic_cases():
    # the opponent's cooperation rate is 1 or 0: no chance involved after the first move
    versus("Nice Average Copier", "Cooperator", "CC " * 10)
    versus("Nice Average Copier", "Defector", "CD" + " DD" * 9)
    for seed in range(5):
        own, _ = play_match("Average Copier", "Cooperator", turns=10, seed=seed).history()
        assert own[1:] == "C" * 9


def test_average_copier_opens_at_random():
    firsts = [
        play_match("Average Copier", "Defector", turns=1, seed=s).history()[0] for s in range(200)
    ]
    assert 70 < firsts.count("C") < 130


def test_cooperates_at_the_opponent_rate():
    # against Cycler CCD the rate of cooperation tends to 2/3
    rates = [
        play_match("Nice Average Copier", "Cycler(pattern='CCD')", turns=300, seed=s).cooperation[0]
        for s in range(20)
    ]
    assert abs(np.mean(rates) - 2 / 3) < 0.03


@pytest.mark.parametrize("name", ["Average Copier", "Nice Average Copier"])
def test_scores_as_in_the_library(name):
    assert_stochastic_agreement(
        name, ("Tit For Tat", "Alternator", "Cycler(pattern='CCD')", "Random")
    )


@pytest.mark.parametrize("name", ["Average Copier", "Nice Average Copier"])
def test_same_seed_same_moves(name):
    assert_seeded(name)


@pytest.mark.parametrize(
    "cls, theirs",
    [(AverageCopier, axl.AverageCopier), (NiceAverageCopier, axl.NiceAverageCopier)],
)
def test_metadata(cls, theirs):
    assert_metadata(cls, theirs)
    assert cls.family == "reciprocal"
