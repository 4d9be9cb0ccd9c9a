"""Tests of strategies/hunters.py (the Alternator, Cooperator, Cycle, Defector,
Eventual Cycle, Math Constant and Random Hunters): expected play, exact agreement with
the Axelrod library (length told and hidden, with noise in batches whose matches end at
different times, and over long matches) and metadata."""

from __future__ import annotations

import axelrod as axl
import numpy as np
import pytest

from strategies.library.hunters import (
    AlternatorHunter,
    CooperatorHunter,
    CycleHunter,
    DefectorHunter,
    EventualCycleHunter,
    MathConstantHunter,
    RandomHunter,
)
from tests.axelrod_helpers import (
    assert_same_moves_in_a_noisy_shrinking_batch,
    drive_axelrod,
    drive_ours,
)
from tests.strategies._small_families_agreement import (
    ALL_OPPONENTS,
    FAMILIES,
    assert_exact,
    assert_metadata,
)
from tests.strategy_helpers import plays, versus
from tournament.core.match import play_match

OURS = {name: cls for name, cls in FAMILIES.items() if name.endswith("Hunter")}


def test_defector_and_cooperator_hunters():
    versus("Defector Hunter", "Defector", "CD CD CD CD DD DD DD")
    versus("Defector Hunter", "Suspicious Tit For Tat", "CD CC CC CC CC CC")
    versus("Cooperator Hunter", "Cooperator", "CC CC CC CC DC DC DC")
    assert plays("Cooperator Hunter", "CCCCCDCC") == "CCCCDDCC"


def test_alternator_hunter():
    versus("Alternator Hunter", "Alternator", "CC CD CC CD CC CD DC DD DC")
    # judged on the first six moves only
    assert plays("Alternator Hunter", "CDCDCCDCDC") == "C" * 10
    assert plays("Alternator Hunter", "DCDCDCCCCC") == "C" * 6 + "D" * 4


def test_cycle_hunter():
    # a cycle of 3 to 12 moves, with both C and D, seen twice
    versus("Cycle Hunter", "Cycler(pattern='CCD')", "CC CC CD CC CC CD DC DC")
    assert plays("Cycle Hunter", "CCCD" * 3) == "C" * 8 + "D" * 4
    # Alternator's cycle of 2 is too short, but it is also a cycle of 4
    versus("Cycle Hunter", "Alternator", "CC CD CC CD CC CD CC CD DC DD")
    versus("Cycle Hunter", "Defector", "CD " * 10)


def test_eventual_cycle_hunter():
    # looks for cycles after the first ten moves, every ten moves
    assert plays("Eventual Cycle Hunter", "C" * 10 + "CCD" * 5) == "C" * 20 + "D" * 5
    # a constant tail counts as a cycle, but an opponent that never defected is spared
    assert plays("Eventual Cycle Hunter", "DCCDCDDCDC" + "D" * 15) == "C" * 20 + "D" * 5
    versus("Eventual Cycle Hunter", "Cooperator", "CC " * 25)


def test_math_constant_hunter():
    # the rates of cooperation of both players over three halves of the history agree
    versus("Math Constant Hunter", "Alternator", "CC CD CC CD CC CD CC CD DC DD CC CD")
    assert plays("Math Constant Hunter", "C" * 8 + "D" * 8) == "C" * 9 + "D" + "C" * 6
    versus("Math Constant Hunter", "Cooperator", "CC " * 12)


def test_random_hunter():
    # Tit For Tat answers C with C: a frequency of 1 is far from random
    versus("Random Hunter", "Tit For Tat", "CC " * 16)
    # answers as by a coin (C with C half the time) are hunted from move 12 on
    assert plays("Random Hunter", "C" + "CCDD" * 4) == "C" * 11 + "DDDDDD"
    own, _ = play_match("Random Hunter", "Random", turns=60, seed=1).history()
    assert own[:11] == "C" * 11 and own[-20:].count("D") > 10


@pytest.mark.parametrize("opponent", list(ALL_OPPONENTS))
@pytest.mark.parametrize("ours", list(OURS))
def test_matches_axelrod_library(ours, opponent):
    assert_exact(ours, OURS[ours], opponent)


@pytest.mark.parametrize("ours", list(OURS))
def test_matches_axelrod_library_with_noise_in_a_shrinking_batch(ours):
    for density in (0.05, 0.4, 0.9):
        assert_same_moves_in_a_noisy_shrinking_batch(ours, OURS[ours], max_density=density)


@pytest.mark.parametrize("ours", ["Cycle Hunter", "Eventual Cycle Hunter", "Math Constant Hunter"])
def test_matches_the_library_against_noisy_cycles_over_long_matches(ours):
    """Cyclic opponents with rare errors, over 600 turns (past the prefix array's first
    size): the hunters' detections must be the library's."""
    rng = np.random.default_rng(11)
    n, horizon = 8, 600
    patterns = ["CCD", "CDDC", "CCCCD", "DDC", "CDCDDCCD", "CCDCDD", "D", "CD"]
    opp = np.array([[int(c == "D") for c in (p * horizon)[:horizon]] for p in patterns], np.uint8)
    late = rng.integers(20, 400, size=n)
    for i in range(n):  # a few errors, then the cycle resumes
        opp[i, late[i] : late[i] + 3] ^= 1
    flips = (rng.random((n, horizon)) < 0.01).astype(np.uint8)
    own = drive_ours(ours, opp, flips, np.full(n, horizon))
    for i in range(n):
        expected = drive_axelrod(OURS[ours](), opp[i], flips[i], horizon)
        assert "".join("CD"[m] for m in own[i]) == expected, f"row {i}"


@pytest.mark.parametrize(
    "cls, theirs",
    [
        (AlternatorHunter, axl.AlternatorHunter),
        (CooperatorHunter, axl.CooperatorHunter),
        (CycleHunter, axl.CycleHunter),
        (DefectorHunter, axl.DefectorHunter),
        (EventualCycleHunter, axl.EventualCycleHunter),
        (MathConstantHunter, axl.MathConstantHunter),
        (RandomHunter, axl.RandomHunter),
    ],
)
def test_metadata(cls, theirs):
    assert_metadata(cls, theirs)
    assert cls.family == "adaptive"
