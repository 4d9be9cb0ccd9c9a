"""Tests of strategies.library.adaptive: Adaptive, Soft / Hard Go By Majority, Calculator."""

from __future__ import annotations

import axelrod
import numpy as np
import pytest

from strategies import REGISTRY
from strategies.library.adaptive import Adaptive, Calculator, HardGoByMajority, SoftGoByMajority
from tests.axelrod_helpers import axelrod_moves, library_opponents
from tests.strategy_helpers import plays, versus
from tournament.core.engine import play_batch
from tournament.core.match import play_match

AC, AD = axelrod.Action.C, axelrod.Action.D

# Our native opponents and their Axelrod-library equivalents (all deterministic).
OPPONENTS = library_opponents(
    "Tit For Tat",
    "Alternator",
    "Defector",
    "Cooperator",
    "Win-Stay Lose-Shift",
    "Suspicious Tit For Tat",
    "Cycler(pattern='CCD')",
    "Cycler(pattern='DDC')",
    "Cycler(pattern='DCCDDCDC')",
    "Adaptive",
    "Hard Go By Majority",
)


def assert_same_as_axelrod(ours: str, theirs, turns: int = 200, opponents=OPPONENTS) -> None:
    for opponent, make in opponents.items():
        got = play_match(ours, opponent, turns=turns, seed=0).history()
        expected = axelrod_moves(theirs(), make(), turns)
        assert got == expected, f"{ours} vs {opponent}"


# -- Adaptive ----------------------------------------------------------------------------


def test_adaptive_metadata():
    assert Adaptive.family == "adaptive"
    assert Adaptive.memory_depth is None
    assert not Adaptive().is_stochastic()
    assert Adaptive().axelrod_name() == str(axelrod.Adaptive()) == "Adaptive"
    custom = Adaptive(initial_plays="CD")
    assert custom.axelrod_name() == str(axelrod.Adaptive([AC, AD])) == "Adaptive: [C, D]"
    assert custom.label == "Adaptive(initial_plays='CD')"


def test_adaptive_opening_then_best_move():
    # C totals 6 * 3 = 18 against a cooperator, D totals 5 * 5 = 25: defect from then on
    versus("Adaptive", "Cooperator", "CC " * 6 + "DC " * 5 + "DC DC DC")
    # against a defector: C earned 0, D earned 5: defect
    versus("Adaptive", "Defector", "CD " * 6 + "DD " * 5 + "DD DD")


def test_adaptive_tit_for_tat_is_better_with_cooperation():
    # C: 6 * 3 = 18; D: 5 (T on turn 7) + 4 * 1 = 9, so C wins; then CC forever
    versus("Adaptive", "Tit For Tat", "CC " * 6 + "DC " + "DD " * 4 + "CD CC CC CC")


def test_adaptive_compares_totals_and_ties_go_to_defection():
    # C against D earned S = 0, D against D earned P = 1: D
    assert plays("Adaptive(initial_plays='CD')", "DDDD") == "CDDD"
    # C against C earned R = 3, D against D earned P = 1: C, and C keeps gaining
    assert plays("Adaptive(initial_plays='CD')", "CDCC") == "CDCC"
    # a tie (C earned 0, D earned nothing yet) means D
    assert plays("Adaptive(initial_plays='C')", "DDD") == "CDD"


def test_adaptive_uses_its_own_payoffs_in_an_asymmetric_game():
    # a custom game where the column role's temptation T = 2 is below its reward R = 3
    game = "3,0,5,1;3,0,2,1"
    # row role: C against C earned 3, D against C earned 5: defect
    result = play_match("Adaptive(initial_plays='CD')", "Cooperator", turns=4, game=game)
    assert result.history()[0] == "CDDD"
    # column role: C against C earned 3, D against C earned 2: cooperate
    result = play_match("Cooperator", "Adaptive(initial_plays='CD')", turns=4, game=game)
    assert result.history()[1] == "CDCC"


def test_adaptive_matches_axelrod():
    assert_same_as_axelrod("Adaptive", axelrod.Adaptive)
    assert_same_as_axelrod(
        "Adaptive(initial_plays='CDDC')", lambda: axelrod.Adaptive([AC, AD, AD, AC])
    )


def test_adaptive_matches_axelrod_in_another_game():
    ours = play_match("Adaptive", "Cycler(pattern='CCD')", turns=200, game="4,0,3,1").history()
    theirs = axelrod_moves(
        axelrod.Adaptive(), axelrod.Cycler("CCD"), game=axelrod.Game(r=4, s=0, t=3, p=1)
    )
    assert ours == theirs


def test_adaptive_bad_parameter():
    with pytest.raises(ValueError, match="initial_plays must be a string of C and D.*'X'"):
        Adaptive(initial_plays="CXD")
    with pytest.raises(ValueError, match="initial_plays must be a string of C and D"):
        Adaptive(initial_plays=None)


# -- Go By Majority ----------------------------------------------------------------------


def test_go_by_majority_metadata():
    assert SoftGoByMajority.family == HardGoByMajority.family == "adaptive"
    assert REGISTRY.get_class("Go By Majority") is SoftGoByMajority
    assert (
        SoftGoByMajority().axelrod_name() == str(axelrod.GoByMajority()) == ("Soft Go By Majority")
    )
    assert SoftGoByMajority(memory=10).axelrod_name() == str(axelrod.GoByMajority(memory_depth=10))
    assert HardGoByMajority().axelrod_name() == str(axelrod.HardGoByMajority())
    assert HardGoByMajority(memory=5).axelrod_name() == str(axelrod.HardGoByMajority(5))
    assert SoftGoByMajority(memory=10).label == "Soft Go By Majority(memory=10)"


def test_soft_go_by_majority_cooperates_on_ties():
    versus("Soft Go By Majority", "Alternator", "CC CD CC CD CC")
    versus("Soft Go By Majority", "Defector", "CD DD DD")
    # opponent D so far: 0/0 C, 1D D, 1D1C C, 2D1C D, 2D2C C, 2D3C C
    assert plays("Soft Go By Majority", "DCDCCD") == "CDCDCC"


def test_hard_go_by_majority_defects_on_ties():
    versus("Hard Go By Majority", "Alternator", "DC CD DC CD DC")
    versus("Hard Go By Majority", "Cooperator", "DC CC CC")
    assert plays("Hard Go By Majority", "DCDCCD") == "DDDDDC"


def test_go_by_majority_with_memory():
    # window of 2: looks only at the last two opponent moves
    assert plays("Soft Go By Majority(memory=2)", "DDCCDDC") == "CDDCCCD"
    assert plays("Hard Go By Majority(memory=2)", "DDCCDDC") == "DDDDCDD"
    # unbounded memory remembers the early defections
    assert plays("Soft Go By Majority", "DDDCCCC") == "CDDDDDC"
    assert plays("Soft Go By Majority(memory=3)", "DDDCCCC") == "CDDDDCC"


def test_go_by_majority_matches_axelrod():
    assert_same_as_axelrod("Soft Go By Majority", axelrod.GoByMajority)
    assert_same_as_axelrod("Hard Go By Majority", axelrod.HardGoByMajority)
    assert_same_as_axelrod(
        "Soft Go By Majority(memory=5)", lambda: axelrod.GoByMajority(memory_depth=5)
    )
    assert_same_as_axelrod("Hard Go By Majority(memory=3)", lambda: axelrod.HardGoByMajority(3))


@pytest.mark.parametrize("memory", [0, -2, 2.5, "10", True])
def test_go_by_majority_bad_memory(memory):
    with pytest.raises(ValueError, match="memory must be a positive number of turns"):
        SoftGoByMajority(memory=memory)
    with pytest.raises(ValueError, match="memory must be a positive number of turns"):
        HardGoByMajority(memory=memory)


# -- Calculator --------------------------------------------------------------------------


def test_calculator_metadata():
    assert Calculator.family == "adaptive"
    assert Calculator.memory_depth is None
    assert Calculator().is_stochastic()
    assert Calculator().axelrod_name() == str(axelrod.Calculator()) == "Calculator"


def test_calculator_defects_forever_against_a_cycle():
    # Joss against a defector is deterministic: C then D; D is a cycle of period 1
    assert_same_as_axelrod(
        "Calculator",
        axelrod.Calculator,
        opponents={
            "Defector": axelrod.Defector,
        },
    )
    # against a 3-cycle: whatever Joss did in the first 20 turns, D from turn 21 on
    for seed in range(5):
        own = play_match("Calculator", "Cycler(pattern='CCD')", turns=40, seed=seed).history()[0]
        assert own[20:] == "D" * 20


def test_calculator_plays_tit_for_tat_against_a_non_cycle():
    # the opponent's first 20 moves have no period <= 10; afterwards plain tit for tat
    pattern = "DCCCCCCCCCCCCCCCCCCC" + "CDDCCDCD"
    for seed in range(5):
        own = plays("Calculator", pattern, seed=seed)
        assert own[0] == "C"
        assert own[1] == "D"  # Joss answers the first D
        assert own[21:] == pattern[20:-1]


def test_calculator_joss_phase_statistics():
    # against a cooperator: C first, then C with probability 0.9 until turn 20
    coop = [
        play_match("Calculator", "Cooperator", turns=20, seed=s).cooperation[0] for s in range(200)
    ]
    # standard error sqrt(0.09 / 3800) ~ 0.005: four of them
    assert abs(np.mean(coop) - (1 + 19 * 0.9) / 20) < 0.02
    a = play_match("Calculator", "Tit For Tat", turns=60, seed=9).history()
    assert a == play_match("Calculator", "Tit For Tat", turns=60, seed=9).history()


# -- batching ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "Adaptive",
        "Adaptive(initial_plays='CD')",
        "Soft Go By Majority",
        "Hard Go By Majority",
        "Soft Go By Majority(memory=3)",
        "Hard Go By Majority(memory=2)",
    ],
)
def test_batched_with_varying_lengths_equals_single_matches(name):
    """A batch with matches of different lengths (k shrinking) plays exactly like the
    same matches played one by one, also in an asymmetric game (both seats)."""
    opponents = ["Tit For Tat", "Cycler(pattern='CDDC')", "Alternator", "Cooperator", "Defector"]
    players = [REGISTRY.create(name)] + [REGISTRY.create(o) for o in opponents]
    m = 12
    seats = np.array(
        [[0, 1 + i % len(opponents)] if i % 2 else [1 + i % len(opponents), 0] for i in range(m)]
    )
    lengths = np.array([3, 17, 1, 9, 30, 5, 2, 12, 4, 25, 14, 14])
    payoffs = np.array([[[3, -1], [5, 0]], [[4, 0], [6, 1]]], dtype=float)
    out = play_batch(players, seats, lengths, payoffs, 0.0, np.random.SeedSequence(1), True)
    for i in range(m):
        opponent = opponents[i % len(opponents)]
        first, second = (name, opponent) if i % 2 else (opponent, name)
        single = play_match(first, second, turns=int(lengths[i]), seed=0, game="supplier-buyer")
        assert (out.moves[i, :, : lengths[i]] == single.moves).all(), (name, i)


def test_calculator_batched_cycle_detection():
    """Cycle detection is per match: in one batch, cyclic opponents are punished and a
    non-cyclic one gets tit for tat."""
    players = [
        Calculator(),
        REGISTRY.create("Defector"),
        REGISTRY.create(f"Cycler(pattern='D{'C' * 39}')"),
    ]
    seats = np.array([[0, 1], [0, 2], [0, 1]])
    lengths = np.array([40, 30, 25])
    payoffs = np.array([[[3, 0], [5, 1]]] * 2, dtype=float)
    out = play_batch(players, seats, lengths, payoffs, 0.0, np.random.SeedSequence(2), True)
    assert (out.moves[0, 0, 20:40] == 1).all()
    assert (out.moves[2, 0, 20:25] == 1).all()
    assert (out.moves[1, 0, 21:30] == 0).all()  # tit for tat against C
