"""Tests of strategies/memory_two.py: the generic memory-two player, AON2, Delayed AON1
and MEM2 play exactly the Axelrod library's moves (length told and hidden, with noise
in batches whose matches end at different turns); expected play, metadata, parameters;
the stochastic generic player against the library's mean scores."""

from __future__ import annotations

import warnings

import axelrod as axl
import numpy as np
import pytest

from strategies import REGISTRY
from strategies.library.memory_two import MEM2, MemoryTwo, memory_two_index
from tests.axelrod_helpers import assert_same_moves_in_a_noisy_shrinking_batch
from tests.strategies._library_exactness import (
    OPPONENT_SPECS,
    assert_metadata,
    assert_same_moves,
    opponents,
)
from tests.strategy_helpers import plays, versus
from tournament.agreement.library import TOLERANCE_SE, compare_stochastic
from tournament.core.match import play_match

C, D = axl.Action.C, axl.Action.D
ALTERNATE = (1, 0) * 8


def _library_memory_two(vector, initial=(C, C)):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        player = axl.MemoryTwoPlayer(vector, initial)
    player.set_seed(0)
    return player


DETERMINISTIC = {
    "AON2": axl.AON2,
    "Delayed AON1": axl.DelayedAON1,
    "MEM2": axl.MEM2,
    f"Memory Two(sixteen_vector={ALTERNATE}, initial='DC')": lambda: _library_memory_two(
        ALTERNATE, (D, C)
    ),
}
OPPONENTS = opponents()


def test_aon2():
    # cooperates when both players made the same move in each of the last two turns
    versus("AON2", "Cooperator", "CC " * 6)
    versus("AON2", "Defector", "CD CD DD DD CD DD DD CD")
    assert plays("AON2", "CDCCCCDDCCCC") == "CCDDDDDDCCCC"


def test_delayed_aon1():
    versus("Delayed AON1", "Tit For Tat", "CC " * 6)
    versus("Delayed AON1", "Defector", "CD CD DD CD DD CD")
    assert plays("Delayed AON1", "CDDCCD") == "CCDCCC"


def test_mem2():
    versus("MEM2", "Cooperator", "CC " * 8)
    versus("MEM2", "Defector", "CD" + " DD" * 7)
    # turns 1-2 are (C, D), (D, C): Tit For Two Tats; turns 3-4 (C, D), (C, C): Defector;
    # turns 5-6 (D, C), (D, D): Defector again, for good
    versus("MEM2", "Suspicious Tit For Tat", "CD DC CD CC DC DD DD DD DD DD")


def test_mem2_chooses_defector_twice_then_stays():
    # Alternator answered by Tit For Tat gives (C, C), (C, D), then (D, C), (C, D) ...
    own, _ = play_match("MEM2", "Alternator", turns=60).history()
    assert own[5:] == "D" * 55 or own[4:].count("C") <= 2


def test_memory_two_index_order():
    own = np.array([[0, 1], [1, 1]], dtype=np.uint8)
    opp = np.array([[1, 0], [0, 0]], dtype=np.uint8)
    assert memory_two_index(own, opp).tolist() == [0b0110, 0b1100]


@pytest.mark.parametrize("ours", list(DETERMINISTIC))
@pytest.mark.parametrize("opponent", OPPONENT_SPECS)
@pytest.mark.parametrize("hidden", [False, True], ids=["told", "hidden"])
def test_matches_axelrod_library(ours, opponent, hidden):
    assert_same_moves(ours, DETERMINISTIC[ours], opponent, OPPONENTS[opponent], hidden)


@pytest.mark.parametrize("ours", list(DETERMINISTIC))
@pytest.mark.parametrize("opponent", list(DETERMINISTIC))
def test_matches_axelrod_library_among_themselves(ours, opponent):
    assert_same_moves(ours, DETERMINISTIC[ours], opponent, DETERMINISTIC[opponent], False)


@pytest.mark.parametrize("ours", list(DETERMINISTIC))
def test_matches_axelrod_library_with_noise_in_a_shrinking_batch(ours):
    assert_same_moves_in_a_noisy_shrinking_batch(ours, DETERMINISTIC[ours], max_density=0.6)


@pytest.mark.parametrize(
    "ours, theirs", [("AON2", axl.AON2), ("Delayed AON1", axl.DelayedAON1), ("MEM2", axl.MEM2)]
)
def test_metadata_equals_the_library_classifier(ours, theirs):
    assert_metadata(ours, theirs())
    assert REGISTRY.get_class(ours).family in ("pavlovian", "reciprocal")


def test_generic_memory_two():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert MemoryTwo().axelrod_name() == str(axl.MemoryTwoPlayer())
    player = REGISTRY.create(f"Memory Two(sixteen_vector={ALTERNATE}, initial='CD')")
    assert player.axelrod_name() == str(_library_memory_two(ALTERNATE, (C, D)))
    assert not player.is_stochastic()
    assert MemoryTwo(sixteen_vector=(0.5,) * 16).is_stochastic()
    assert (MemoryTwo.memory_depth, MEM2.memory_depth) == (2, None)


def test_stochastic_memory_two_agrees_with_the_library():
    vector = (0.9, 0.1, 0.6, 0.2) * 4
    spec = f"Memory Two(sixteen_vector={vector})"
    # compare_stochastic finds the library's player by name: give it this one
    import tournament.agreement.library as agreement

    original = agreement.library_player
    agreement.library_player = lambda s: _library_memory_two(vector) if s == spec else original(s)
    try:
        checks = compare_stochastic(spec, ours_n=1000, theirs_n=40)
    finally:
        agreement.library_player = original
    assert all(c.z <= TOLERANCE_SE for c in checks), checks
    a = play_match(spec, "Alternator", turns=100, seed=5).history()
    assert a == play_match(spec, "Alternator", turns=100, seed=5).history()
    assert a != play_match(spec, "Alternator", turns=100, seed=6).history()


@pytest.mark.parametrize(
    "build, message",
    [
        (lambda: MemoryTwo(sixteen_vector=(1.0,) * 15), "needs 16 probabilities"),
        (lambda: MemoryTwo(sixteen_vector=(1.5,) + (1.0,) * 15), "must be a probability"),
        (lambda: MemoryTwo(initial="C"), "initial needs the first 2 moves"),
        (lambda: MemoryTwo(initial="CX"), "initial must be a string of C and D"),
    ],
)
def test_bad_parameters(build, message):
    with pytest.raises(ValueError, match=message):
        build()
