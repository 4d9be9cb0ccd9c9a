"""Tests of strategies/lookup.py: the LookerUp and Gambler tables and their published
instances. Exact agreement with the Axelrod library for the deterministic ones (length
told and hidden, with noise in batches whose matches end at different turns), mean
scores and seeding for the stochastic ones, expected play, metadata and parameters."""

from __future__ import annotations

import subprocess
import sys

import axelrod as axl
import numpy as np
import pytest

from strategies import REGISTRY
from strategies.generic import MemoryOneStrategy
from strategies.library.lookup import (
    EvolvedLookerUp1_1_1,
    Gambler,
    LookerUp,
    PSOGamblerMem1,
    ZDMem2,
    lookup_index,
    pso_gambler_tables,
    published_lookup_tables,
)
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


def _seeded(player: axl.Player) -> axl.Player:
    player.set_seed(0)  # a stochastic library class, though it never draws here
    return player


DETERMINISTIC = {
    "EvolvedLookerUp1_1_1": axl.EvolvedLookerUp1_1_1,
    "EvolvedLookerUp2_2_2": axl.EvolvedLookerUp2_2_2,
    "Winner12": axl.Winner12,
    "Winner21": axl.Winner21,
    "LookerUp": axl.LookerUp,
    "LookerUp(pattern='CDDCDCCD', parameters=(1, 1, 1), initial_actions='D')": lambda: axl.LookerUp(
        pattern="CDDCDCCD", parameters=(1, 1, 1), initial_actions=(D,)
    ),
    # a Gambler whose probabilities are all 0 or 1 plays deterministically
    "Gambler(pattern=(1.0, 0.0, 0.0, 1.0), parameters=(1, 1, 0))": lambda: _seeded(
        axl.Gambler(pattern=[1.0, 0.0, 0.0, 1.0], parameters=(1, 1, 0))
    ),
}
OPPONENTS = opponents()
STOCHASTIC = [
    "PSO Gambler 1_1_1",
    "PSO Gambler 2_2_2",
    "PSO Gambler 2_2_2 Noise 05",
    "PSO Gambler Mem1",
    "ZD-Mem2",
]
PUBLISHED = {
    "EvolvedLookerUp1_1_1": axl.EvolvedLookerUp1_1_1,
    "EvolvedLookerUp2_2_2": axl.EvolvedLookerUp2_2_2,
    "Winner12": axl.Winner12,
    "Winner21": axl.Winner21,
    "PSO Gambler 1_1_1": axl.PSOGambler1_1_1,
    "PSO Gambler 2_2_2": axl.PSOGambler2_2_2,
    "PSO Gambler 2_2_2 Noise 05": axl.PSOGambler2_2_2_Noise05,
    "PSO Gambler Mem1": axl.PSOGamblerMem1,
    "ZD-Mem2": axl.ZDMem2,
}


# -- expected play -----------------------------------------------------------------------


def test_evolved_lookerup_1_1_1():
    versus("EvolvedLookerUp1_1_1", "Cooperator", "CC " * 6)
    versus("EvolvedLookerUp1_1_1", "Defector", "CD" + " DD" * 5)
    # the opponent opened with D: cooperates only after its own D met by a C
    versus("EvolvedLookerUp1_1_1", "Suspicious Tit For Tat", "CD DC CD DC CD DC")
    assert plays("EvolvedLookerUp1_1_1", "DCCDCC") == "CDCDDC"


def test_evolved_lookerup_2_2_2():
    versus("EvolvedLookerUp2_2_2", "Tit For Tat", "CC " * 6)
    versus("EvolvedLookerUp2_2_2", "Defector", "CD CD" + " DD" * 4)
    versus("EvolvedLookerUp2_2_2", "Suspicious Tit For Tat", "CD CC DC CD CC DC")


def test_winner12():
    # after its own C it copies the opponent; after its own D it cooperates only
    # after the opponent's C then D
    versus("Winner12", "Suspicious Tit For Tat", "CD CC CC CC CC")
    versus("Winner12", "Alternator", "CC CD DC DD CC CD DC DD")
    assert plays("Winner12", "CDCDCD") == "CCDDCC"


def test_winner21():
    versus("Winner21", "Cooperator", "DC CC CC CC")
    versus("Winner21", "Tit For Tat", "DC CD DC DD DD DD")
    assert plays("Winner21", "DDCCCCDD") == "DCDDCCCD"


def test_gamblers_open_by_cooperating():
    for name in STOCHASTIC:
        depth = 2 if "2" in name else 1
        own, _ = play_match(name, "Defector", turns=depth, seed=3).history()
        assert own == "C" * depth, name


def test_pso_gambler_mem1_rules():
    # always cooperates after mutual cooperation, never after exploiting a cooperator
    versus("PSO Gambler Mem1", "Cooperator", "CC " * 20)
    own, _ = play_match("PSO Gambler Mem1", "Alternator", turns=40, seed=1).history()
    assert all(own[t + 1] == "D" for t in range(39) if own[t] == "D" and t % 2 == 0)


def test_zd_mem2_answers_defection_rarely_with_cooperation():
    own, _ = play_match("ZD-Mem2", "Defector", turns=2000, seed=2).history()
    assert own[:2] == "CC"
    # after two opponent defections, own moves anything: P(C) = 1/10
    assert abs(own[2:].count("C") / 1998 - 0.1) < 0.025


def test_lookup_index_reads_own_then_opponent_then_openings():
    own = np.array([[0, 1, 1]], dtype=np.uint8)
    opp = np.array([[1, 0, 0]], dtype=np.uint8)
    # own last two "DD", opponent's last "C", opening "D": binary 11 0 1
    assert lookup_index(own, opp, 2, 1, 1)[0] == 0b1101


# -- exact agreement with the Axelrod library ------------------------------------------------


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


# -- stochastic strategies ------------------------------------------------------------------


@pytest.mark.parametrize("name", STOCHASTIC)
def test_stochastic_mean_scores_agree_with_the_library(name):
    checks = compare_stochastic(name, ours_n=1000, theirs_n=40)
    bad = [c for c in checks if c.z > TOLERANCE_SE]
    assert not bad, bad


@pytest.mark.parametrize("name", STOCHASTIC)
def test_same_seed_same_moves(name):
    a = play_match(name, "Alternator", turns=100, seed=5).history()
    assert a == play_match(name, "Alternator", turns=100, seed=5).history()
    assert a != play_match(name, "Alternator", turns=100, seed=6).history()


# -- data, naming, metadata and parameters ---------------------------------------------------


def test_published_tables_are_the_librarys():
    for name in ("EvolvedLookerUp1_1_1", "EvolvedLookerUp2_2_2", "Winner12", "Winner21"):
        player = PUBLISHED[name]()
        table = published_lookup_tables()[name]
        keys = sorted(player.lookup_dict)  # the library's key order: C < D
        assert "".join(str(player.lookup_dict[k]) for k in keys) == table["pattern"]
        assert "".join(map(str, player.initial_actions)) == table["initial_actions"]
    for name, (depths, probabilities) in pso_gambler_tables().items():
        if name in PUBLISHED:
            player = PUBLISHED[name]()
            assert tuple(player.pattern) == probabilities
            assert tuple(player.parameters) == depths


@pytest.mark.parametrize("ours", list(PUBLISHED))
def test_metadata_equals_the_library_classifier(ours):
    assert_metadata(ours, PUBLISHED[ours]())


def test_families_and_stochasticity():
    assert EvolvedLookerUp1_1_1.family == "evolved"
    assert ZDMem2.family == "zero-determinant"
    assert issubclass(PSOGamblerMem1, MemoryOneStrategy)  # the engine's fast kernel
    assert not Gambler().is_stochastic()
    assert Gambler(pattern=(1.0, 0.5)).is_stochastic()
    assert REGISTRY.create("PSO Gambler 2_2_2").is_stochastic()


def test_data_is_read_without_importing_the_axelrod_library():
    code = (
        "import sys\n"
        "from strategies import REGISTRY\n"
        "import strategies.library.lookup, strategies.library.neural\n"
        "for name in ('PSO Gambler 2_2_2', 'Winner12', 'PSO Gambler Mem1', 'Evolved ANN'):\n"
        "    REGISTRY.create(name).clone()\n"
        "print('axelrod' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


@pytest.mark.parametrize(
    "build, message",
    [
        (lambda: LookerUp(pattern="CDC"), r"pattern needs 2\*\*\(0\+1\+0\) = 2 entries, got 3"),
        (lambda: LookerUp(pattern="CX"), "pattern must be a string of C and D"),
        (lambda: LookerUp(parameters=(1, 1)), "parameters must be"),
        (lambda: LookerUp(parameters=(1, -1, 0)), "op_depth must be an integer >= 0"),
        (lambda: LookerUp(initial_actions="Q"), "initial_actions must be"),
        (lambda: Gambler(pattern=(1.0, 1.5)), r"pattern\[1\] must be a probability"),
        (lambda: Gambler(pattern=(1.0,)), "pattern needs"),
    ],
)
def test_bad_parameters(build, message):
    with pytest.raises(ValueError, match=message):
        build()


def test_generic_parameters():
    player = REGISTRY.create("LookerUp(pattern='CDDC', parameters=(1, 1, 0))")
    # initial actions cut or padded with C to the table depth, as in the library
    assert player.params["initial_actions"] == "C"
    assert (
        LookerUp(pattern="CDDC", parameters=(1, 1, 0), initial_actions="DD").params[
            "initial_actions"
        ]
        == "D"
    )
    assert player.axelrod_name() is None
    # the generic tables: memory unbounded in general (the library computes it from
    # the table: 1 for its default Tit For Tat table)
    assert LookerUp().axelrod_name() == str(axl.LookerUp())
    assert Gambler().axelrod_name() == str(axl.Gambler())
    assert (LookerUp.memory_depth, Gambler.memory_depth) == (None, None)
    assert (LookerUp.stochastic, Gambler.stochastic) == (False, True)
    with pytest.raises(Exception, match="parameter"):
        REGISTRY.create("Winner12(3)")
