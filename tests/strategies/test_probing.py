"""Tests of strategies.library.probing: Prober, Detective, Handshake, Firm But Fair, Joss, Bully,
Fool Me Once."""

from __future__ import annotations

import axelrod
import numpy as np
import pytest

from strategies import REGISTRY
from strategies.library.probing import (
    Bully,
    Detective,
    FirmButFair,
    FoolMeOnce,
    Handshake,
    Joss,
    Prober,
)
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
    "Cycler(pattern='DCCDD')",
    "Cycler(pattern='CDDCC')",
    "Prober",
    "Handshake",
    "Detective",
)


def assert_same_as_axelrod(ours: str, theirs, turns: int = 200) -> None:
    for opponent, make in OPPONENTS.items():
        got = play_match(ours, opponent, turns=turns, seed=0).history()
        expected = axelrod_moves(theirs(), make(), turns)
        assert got == expected, f"{ours} vs {opponent}"


# -- Prober ------------------------------------------------------------------------------


def test_prober_metadata():
    assert Prober.family == "probing"
    assert Prober.memory_depth is None
    assert not Prober().is_stochastic()
    assert Prober().axelrod_name() == str(axelrod.Prober()) == "Prober"


def test_prober_exploits_a_forgiving_opponent():
    # D, C, C; the opponent cooperated on turns 2 and 3, so defect forever
    versus("Prober", "Cooperator", "DC CC CC DC DC DC")
    assert plays("Prober", "DCCCCC") == "DCCDDD"
    # only turns 2 and 3 matter: a D on turn 1 does not save the opponent
    assert plays("Prober", "DCCDCC") == "DCCDDD"


def test_prober_plays_tit_for_tat_otherwise():
    versus("Prober", "Tit For Tat", "DC CD CC CC CC")
    versus("Prober", "Defector", "DD CD CD DD DD")
    assert plays("Prober", "CCDCDDC") == "DCCDCDD"


def test_prober_matches_axelrod():
    assert_same_as_axelrod("Prober", axelrod.Prober)


# -- Detective ---------------------------------------------------------------------------


def test_detective_metadata():
    assert Detective.family == "probing"
    assert Detective.memory_depth is None
    assert Detective().axelrod_name() == str(axelrod.Detective()) == "Detective"
    custom = Detective(initial_actions="CCD")
    assert custom.axelrod_name() == str(axelrod.Detective([AC, AC, AD])) == "Detective: [C, C, D]"
    assert custom.label == "Detective(initial_actions='CCD')"


def test_detective_exploits_an_opponent_that_never_defected():
    versus("Detective", "Cooperator", "CC DC CC CC DC DC DC")
    assert plays("Detective", "CCCCDC") == "CDCCDD"


def test_detective_plays_tit_for_tat_after_a_defection_in_the_opening():
    # Tit For Tat answers the D of turn 2 on turn 3: tit for tat from turn 5 on
    versus("Detective", "Tit For Tat", "CC DC CD CC CC CC")
    versus("Detective", "Defector", "CD DD CD CD DD DD")
    assert plays("Detective", "CCCDCDC") == "CDCCDCD"


def test_detective_custom_opening():
    assert plays("Detective(initial_actions='DD')", "CCCDC") == "DDDDD"
    assert plays("Detective(initial_actions='DD')", "DCCDC") == "DDCCD"


def test_detective_matches_axelrod():
    assert_same_as_axelrod("Detective", axelrod.Detective)
    assert_same_as_axelrod(
        "Detective(initial_actions='CCD')", lambda: axelrod.Detective([AC, AC, AD])
    )


# -- Handshake ---------------------------------------------------------------------------


def test_handshake_metadata():
    assert Handshake.family == "probing"
    assert Handshake.memory_depth is None
    assert Handshake().axelrod_name() == str(axelrod.Handshake()) == "Handshake"
    custom = Handshake(initial_plays="DDC")
    assert custom.axelrod_name() == str(axelrod.Handshake([AD, AD, AC]))


def test_handshake_recognises_itself():
    versus("Handshake", "Handshake", "CC DD CC CC CC")
    versus("Handshake", "Alternator", "CC DD CC CD CC")


def test_handshake_defects_forever_against_strangers():
    versus("Handshake", "Cooperator", "CC DC DC DC")
    versus("Handshake", "Tit For Tat", "CC DC DD DD")
    assert plays("Handshake", "CDDDDD") == "CDCCCC"
    assert plays("Handshake", "DDCCCC") == "CDDDDD"


def test_handshake_custom_opening():
    assert plays("Handshake(initial_plays='DDC')", "DDCDDD") == "DDCCCC"
    assert plays("Handshake(initial_plays='DDC')", "DDDCCC") == "DDCDDD"


def test_handshake_matches_axelrod():
    assert_same_as_axelrod("Handshake", axelrod.Handshake)
    assert_same_as_axelrod(
        "Handshake(initial_plays='DDC')", lambda: axelrod.Handshake([AD, AD, AC])
    )


# -- Firm But Fair -----------------------------------------------------------------------


def test_firm_but_fair_metadata():
    assert FirmButFair.family == "forgiving"
    assert FirmButFair.memory_depth == 1
    assert FirmButFair().is_stochastic()
    assert FirmButFair().axelrod_name() == str(axelrod.FirmButFair()) == "Firm But Fair"


def test_firm_but_fair_deterministic_parts():
    # cooperates after CC and DC, defects after being suckered (CD)
    versus("Firm But Fair", "Cooperator", "CC CC CC CC")
    versus("Firm But Fair", "Alternator", "CC CD DC CD DC CD")


def test_firm_but_fair_forgives_mutual_defection_two_times_in_three():
    rounds = 400
    result = play_match("Firm But Fair", "Defector", turns=rounds, seed=3)
    own = result.moves[0]
    # turn 0: C; after CD it always defects; after DD it cooperates with probability 2/3
    assert own[0] == 0
    after_cd = own[1:][own[:-1] == 0]
    assert (after_cd == 1).all()
    after_dd = own[1:][own[:-1] == 1]
    assert abs((after_dd == 0).mean() - 2 / 3) < 0.08


def test_firm_but_fair_seeded():
    a = play_match("Firm But Fair", "Defector", turns=100, seed=11).history()
    b = play_match("Firm But Fair", "Defector", turns=100, seed=11).history()
    assert a == b


# -- Joss --------------------------------------------------------------------------------


def test_joss_metadata():
    assert Joss.family == "reciprocal"
    assert Joss.memory_depth == 1
    assert Joss().is_stochastic()
    assert not Joss(p=1.0).is_stochastic()
    assert Joss().axelrod_name() == str(axelrod.FirstByJoss()) == "First by Joss: 0.9"
    assert Joss(p=0.8).axelrod_name() == str(axelrod.FirstByJoss(0.8))
    assert REGISTRY.get_class("First by Joss") is Joss
    assert REGISTRY.create("Joss(0.7)").params == {"p": 0.7}


def test_joss_always_answers_a_defection():
    versus("Joss", "Defector", "CD DD DD DD DD DD")


def test_joss_cooperation_rate_against_cooperator():
    rates = [play_match("Joss", "Cooperator", turns=200, seed=s).cooperation[0] for s in range(20)]
    # first move C, then C with probability 0.9
    assert abs(np.mean(rates) - (1 + 199 * 0.9) / 200) < 0.01


def test_joss_with_p_one_is_tit_for_tat():
    assert_same_as_axelrod("Joss(p=1.0)", lambda: axelrod.FirstByJoss(1.0))


def test_joss_seeded():
    a = play_match("Joss", "Tit For Tat", turns=100, seed=5).history()
    assert a == play_match("Joss", "Tit For Tat", turns=100, seed=5).history()
    assert a != play_match("Joss", "Tit For Tat", turns=100, seed=6).history()


def test_joss_bad_parameter():
    with pytest.raises(ValueError, match=r"p must be a probability in \[0, 1\]"):
        Joss(p=1.5)


# -- Bully -------------------------------------------------------------------------------


def test_bully_metadata():
    assert Bully.family == "defecting"
    assert Bully.memory_depth == 1
    assert not Bully().is_stochastic()
    assert Bully().axelrod_name() == str(axelrod.Bully()) == "Bully"


def test_bully_plays_the_opposite_of_the_opponent():
    versus("Bully", "Cooperator", "DC DC DC")
    versus("Bully", "Defector", "DD CD CD CD")
    versus("Bully", "Tit For Tat", "DC DD CD CC DC DD")
    assert plays("Bully", "CDDC") == "DDCC"


def test_bully_matches_axelrod():
    assert_same_as_axelrod("Bully", axelrod.Bully)


# -- Fool Me Once ------------------------------------------------------------------------


def test_fool_me_once_metadata():
    assert FoolMeOnce.family == "punishing"
    assert FoolMeOnce.memory_depth is None
    assert FoolMeOnce().axelrod_name() == str(axelrod.FoolMeOnce()) == "Fool Me Once"


def test_fool_me_once_forgives_one_defection_only():
    assert plays("Fool Me Once", "CDCCCDCC") == "CCCCCCDD"
    versus("Fool Me Once", "Defector", "CD CD DD DD")
    versus("Fool Me Once", "Alternator", "CC CD CC CD DC DD")


def test_fool_me_once_matches_axelrod():
    assert_same_as_axelrod("Fool Me Once", axelrod.FoolMeOnce)


# -- parameters and batching -------------------------------------------------------------


@pytest.mark.parametrize(
    "build, message",
    [
        (lambda: Detective(initial_actions=""), "initial_actions must be a non-empty string"),
        (lambda: Detective(initial_actions="CXD"), "initial_actions must be a string of C and D"),
        (lambda: Handshake(initial_plays=""), "initial_plays must be a non-empty string"),
        (lambda: Handshake(initial_plays=3), "initial_plays must be a non-empty string"),
        (lambda: Joss(p=-0.1), "p must be a probability"),
    ],
)
def test_bad_parameters(build, message):
    with pytest.raises(ValueError, match=message):
        build()


@pytest.mark.parametrize(
    "name", ["Prober", "Detective", "Handshake", "Bully", "Fool Me Once", "Joss(p=1.0)"]
)
def test_batched_with_varying_lengths_equals_single_matches(name):
    """A batch with matches of different lengths (k shrinking) plays exactly like the
    same matches played one by one."""
    from tournament.core.engine import play_batch

    opponents = ["Tit For Tat", "Cycler(pattern='CDDC')", "Alternator", "Cooperator", "Defector"]
    players = [REGISTRY.create(name)] + [REGISTRY.create(o) for o in opponents]
    m = 10
    seats = np.array([[0, 1 + i % len(opponents)] for i in range(m)])
    lengths = np.array([3, 17, 1, 9, 30, 5, 2, 12, 4, 25])
    payoffs = np.array([[[3, 0], [5, 1]]] * 2, dtype=float)
    out = play_batch(players, seats, lengths, payoffs, 0.0, np.random.SeedSequence(1), True)
    for i in range(m):
        single = play_match(name, opponents[i % len(opponents)], turns=int(lengths[i]), seed=0)
        assert (out.moves[i, :, : lengths[i]] == single.moves).all(), (name, i)


@pytest.mark.parametrize(
    "spec", ["Detective(initial_actions='CCDDCDC')", "Handshake(initial_plays='DDCCD')"]
)
def test_long_openings_play_the_same_with_a_sliding_window(spec):
    """The opponent's opening is recorded turn by turn, so a window of one turn is enough
    whatever the opening's length (the defaults are in test_history_window)."""
    assert REGISTRY.create(spec).history_window == 1
    names = [spec, "Random", "Tit For Tat", "Alternator", spec, "Handshake(initial_plays='DDCCD')"]
    players = [REGISTRY.create(n) for n in names]
    seats = np.array([[0, j] for j in range(len(names))] + [[j, 0] for j in range(1, len(names))])
    payoffs = np.array([[[3, 0], [5, 1]]] * 2, dtype=float)
    outcomes = [
        play_batch(
            players,
            seats,
            np.full(len(seats), 60),
            payoffs,
            0.05,
            np.random.SeedSequence(5),
            length=60,
            **extra,
        ).outcomes.tolist()
        for extra in ({}, {"history_bytes": 1, "segment": 3})
    ]
    assert outcomes[0] == outcomes[1]
