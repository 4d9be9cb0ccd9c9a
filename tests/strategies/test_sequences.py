"""Tests of strategies/library/sequences.py: the named cyclers, Anti Cycler, the
Thue-Morse players and the ratio players ($\\phi$, $\\pi$, $e$) play exactly the Axelrod
library's moves (length told or hidden, with noise, in batches whose matches end at
different times); expected play, closed forms, naming and metadata."""

from __future__ import annotations

import math

import axelrod as axl
import pytest
from axelrod._strategy_utils import thue_morse_generator

from strategies import REGISTRY
from strategies.library.sequences import (
    AntiCycler,
    CyclerCCCCCD,
    CyclerCCCD,
    CyclerCCCDCD,
    CyclerCCD,
    CyclerDC,
    CyclerDDC,
    Golden,
    Pi,
    ThueMorse,
    ThueMorseInverse,
    anti_cycler_move,
    e,
    thue_morse,
)
from tests.axelrod_helpers import assert_same_moves_in_a_noisy_shrinking_batch, axelrod_moves
from tests.strategy_helpers import plays, versus
from tournament.core.match import play_match

# our class -> the Axelrod-library class (all deterministic)
SEQUENCES = {
    AntiCycler: axl.AntiCycler,
    CyclerCCCCCD: axl.CyclerCCCCCD,
    CyclerCCCD: axl.CyclerCCCD,
    CyclerCCCDCD: axl.CyclerCCCDCD,
    CyclerCCD: axl.CyclerCCD,
    CyclerDC: axl.CyclerDC,
    CyclerDDC: axl.CyclerDDC,
    ThueMorse: axl.ThueMorse,
    ThueMorseInverse: axl.ThueMorseInverse,
    Golden: axl.Golden,
    Pi: axl.Pi,
    e: axl.e,
}
NAMES = {cls.name: theirs for cls, theirs in SEQUENCES.items()}
# the strategies that react to the opponent
RATIO = ["$\\phi$", "$\\pi$", "$e$"]

# native opponents -> their Axelrod-library equivalents (built directly: no catalogue)
OPPONENTS = {
    "Tit For Tat": axl.TitForTat,
    "Defector": axl.Defector,
    "Cooperator": axl.Cooperator,
    "Alternator": axl.Alternator,
    "Grudger": axl.Grudger,
    "Win-Stay Lose-Shift": axl.WinStayLoseShift,
    "Suspicious Tit For Tat": axl.SuspiciousTitForTat,
    "Gradual": axl.Gradual,
    "Cycler(pattern='CCD')": lambda: axl.Cycler("CCD"),
    "Cycler(pattern='CCCDDD')": lambda: axl.Cycler("CCCDDD"),
    "Davis": axl.FirstByDavis,
    "Hard Prober": axl.HardProber,
}


# -- expected play ---------------------------------------------------------------------


def test_named_cyclers():
    versus("Cycler DC", "Tit For Tat", "DC CD DC CD")
    versus("Cycler CCD", "Defector", "CD CD DD CD CD DD")
    versus("Cycler DDC", "Cooperator", "DC DC CC DC DC CC")
    assert plays("Cycler CCCD", "C" * 8) == "CCCDCCCD"
    assert plays("Cycler CCCCCD", "D" * 12) == "CCCCCD" * 2
    assert plays("Cycler CCCDCD", "C" * 7) == "CCCDCDC"


def test_anti_cycler_never_settles_into_a_cycle():
    assert plays("AntiCycler", "C" * 21) == "CDD" + "CD" + "CCD" + "CCCD" + "CCCCD" + "CCCC"
    # whatever the opponent does
    assert plays("AntiCycler", "DCDDCDCDD") == "CDDCDCCDC"


def test_thue_morse_players():
    assert plays("ThueMorse", "C" * 16) == "DCCDCDDCCDDCDCCD"
    assert plays("ThueMorseInverse", "D" * 16) == "CDDCDCCDDCCDCDDC"
    versus("ThueMorse", "Tit For Tat", "DC CD CC DC CD DC")


def test_ratio_players_defect_until_the_opponent_defects():
    for name in RATIO:
        versus(name, "Cooperator", "CC" + " DC" * 6)
        # against a defector cooperations / defections = 1: below every constant
        versus(name, "Defector", "CD " * 6)


def test_ratio_players_steer_the_ratio():
    # both players' moves count: after CC, DD the ratio is 2 / 2 = 1 < phi: C; after
    # CC, DD, CC it is 4 / 2 = 2 > phi: D; then 5 / 3 > phi: D; then 6 / 4 < phi: C
    assert plays("$\\phi$", "CDCCCC") == "CDCDDC"
    # e defects at 6 / 2 = 3 > e, pi tolerates it and defects at 8 / 2 = 4
    assert plays("$e$", "CDCCCCC") == "CDCCDCD"
    assert plays("$\\pi$", "CDCCCCC") == "CDCCCDC"
    versus("$\\phi$", "Tit For Tat", "CC DC DD CD CC CC DC DD")


def test_closed_forms():
    generator = thue_morse_generator(0)
    assert [thue_morse(t) for t in range(2000)] == [next(generator) for _ in range(2000)]
    library = axl.AntiCycler()
    moves = [library.strategy(None) for _ in range(3000)]
    assert "".join("CD"[anti_cycler_move(t)] for t in range(3000)) == "".join(map(str, moves))


def test_a_turn_costs_the_same_late_in_a_match():
    """The move of turn t comes from a closed form: no history is scanned."""
    import numpy as np

    for cls in (AntiCycler, ThueMorse):
        player = cls()
        player.reset(1, np.random.default_rng(0), np.zeros((1, 2, 2)))
        one = np.zeros((1, 1), dtype=np.uint8)
        late = np.lib.stride_tricks.as_strided(one, shape=(1, 10**9), strides=(0, 0))
        # turn 10**9: scanning the history would take seconds
        move = player.play_turn(late, late, 10**9)
        expected = anti_cycler_move(10**9) if cls is AntiCycler else 1 - thue_morse(10**9)
        assert move[0] == expected


# -- exact agreement with the Axelrod library -----------------------------------------------


@pytest.mark.parametrize("ours", list(NAMES))
def test_matches_axelrod_library(ours):
    for opponent, make in OPPONENTS.items():
        expected = axelrod_moves(NAMES[ours](), make(), 200)
        assert play_match(ours, opponent, turns=200).history() == expected, opponent


@pytest.mark.parametrize("ours", list(NAMES))
def test_matches_axelrod_library_among_themselves(ours):
    for opponent, theirs in NAMES.items():
        expected = axelrod_moves(NAMES[ours](), theirs(), 200)
        assert play_match(ours, opponent, turns=200).history() == expected, opponent


@pytest.mark.parametrize("ours", list(NAMES))
def test_matches_axelrod_library_with_the_length_hidden(ours):
    for opponent in ("Tit For Tat", "Alternator", "Gradual", "Davis", "Hard Prober"):
        expected = axelrod_moves(NAMES[ours](), OPPONENTS[opponent](), 200, length=-1)
        got = play_match(ours, opponent, turns=200, hide_length=True).history()
        assert got == expected, opponent


@pytest.mark.parametrize("ours", list(NAMES))
def test_matches_axelrod_library_with_noise_in_a_shrinking_batch(ours):
    assert_same_moves_in_a_noisy_shrinking_batch(ours, NAMES[ours], max_density=0.6, seed=7)


@pytest.mark.parametrize("ours", RATIO)
def test_ratio_players_match_the_library_over_a_long_match(ours):
    # the ratio of two counts near a constant: float division must be the library's
    for opponent in ("Tit For Tat", "Cycler(pattern='CCD')", "Win-Stay Lose-Shift"):
        expected = axelrod_moves(NAMES[ours](), OPPONENTS[opponent](), 2000)
        assert play_match(ours, opponent, turns=2000).history() == expected, opponent


# -- naming and metadata ---------------------------------------------------------------------


@pytest.mark.parametrize("ours", list(SEQUENCES), ids=lambda c: c.name)
def test_axelrod_name_and_metadata_follow_the_library(ours):
    theirs = SEQUENCES[ours]()
    assert ours().axelrod_name() == str(theirs) == ours.name
    depth = axl.Classifiers["memory_depth"](theirs)
    assert ours.memory_depth == (None if depth == float("inf") else depth)
    assert ours().is_stochastic() == ours.stochastic == axl.Classifiers["stochastic"](theirs)
    assert ours.makes_use_of == frozenset(axl.Classifiers["makes_use_of"](theirs))
    assert ours.long_run_time == axl.Classifiers["long_run_time"](theirs)
    assert ours().params == {}


def test_families_and_aliases():
    assert {cls.family for cls in SEQUENCES if cls not in (Golden, Pi, e)} == {"periodic"}
    assert Golden.family == Pi.family == e.family == "adaptive"
    assert (Golden.ratio, Pi.ratio, e.ratio) == ((1 + math.sqrt(5)) / 2, math.pi, math.e)
    assert REGISTRY.get_class("Golden") is Golden
    assert REGISTRY.get_class("pi") is Pi
    assert REGISTRY.get_class("Thue-Morse") is ThueMorse
    assert REGISTRY.get_class("anti cycler") is AntiCycler
    assert REGISTRY.get_class("Periodic Player CCD") is CyclerCCD


def test_named_cyclers_take_no_parameters():
    with pytest.raises(Exception, match="parameter"):
        REGISTRY.create("Cycler CCD(pattern='CD')")
    assert REGISTRY.create("Cycler(pattern='CCD')").axelrod_name() == "Cycler: CCD"
