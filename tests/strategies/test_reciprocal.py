"""Tests of strategies/reciprocal.py: expected play, exact agreement with the Axelrod
library (with and without noise, in batches whose matches end at different times),
naming and parameter checks."""

from __future__ import annotations

import axelrod as axl
import numpy as np
import pytest

from strategies import REGISTRY
from strategies.library.reciprocal import (
    AdaptiveTitForTat,
    ContriteTitForTat,
    ForgivingTitForTat,
    HardTitForTat,
    OmegaTFT,
    TitForTwoTats,
    TwoTitsForTat,
)
from tests.axelrod_helpers import (
    assert_same_moves_in_a_noisy_shrinking_batch,
    axelrod_moves,
    library_opponents,
)
from tests.strategy_helpers import plays, versus
from tournament.core.games import get_game
from tournament.core.match import play_match

# our spec -> factory of the Axelrod-library equivalent
AXELROD = {
    "Tit For Two Tats": axl.TitFor2Tats,
    "Two Tits For Tat": axl.TwoTitsForTat,
    "Hard Tit For Tat": axl.HardTitForTat,
    "Contrite Tit For Tat": axl.ContriteTitForTat,
    "Forgiving Tit For Tat": axl.ForgivingTitForTat,
    "Omega TFT": axl.OmegaTFT,
    "Omega TFT(deadlock_threshold=2, randomness_threshold=5)": lambda: axl.OmegaTFT(2, 5),
    "Adaptive Tit For Tat": axl.AdaptiveTitForTat,
    "Adaptive Tit For Tat(rate=0.3)": lambda: axl.AdaptiveTitForTat(0.3),
}

OPPONENTS = library_opponents(
    "Tit For Tat",
    "Alternator",
    "Defector",
    "Cooperator",
    "Suspicious Tit For Tat",
    "Win-Stay Lose-Shift",
    "Cycler(pattern='CCD')",
    "Cycler(pattern='CDDCCCDCDDDCC')",
    "Cycler(pattern='DDCDCCCCCCCCCDCCCCCCCCCCCCCDDDC')",
)


# -- expected play ---------------------------------------------------------------------


def test_tit_for_two_tats():
    assert plays("Tit For Two Tats", "DDCDDDC") == "CCDCCDD"
    versus("TF2T", "Alternator", "CC CD CC CD CC CD")
    versus("Tit For 2 Tats", "Defector", "CD CD DD DD")
    versus("Tit For Two Tats", "Tit For Tat", "CC CC CC")


def test_two_tits_for_tat():
    assert plays("Two Tits For Tat", "DCCCDCC") == "CDDCCDD"
    versus("2TFT", "Alternator", "CC CD DC DD DC DD")
    versus("Two Tits For Tat", "Defector", "CD DD DD")


def test_hard_tit_for_tat():
    assert plays("Hard Tit For Tat", "DCCCCDCCC") == "CDDDCCDDD"
    versus("Hard Tit For Tat", "Alternator", "CC CD DC DD DC")
    versus("Hard Tit For Tat", "Cooperator", "CC CC CC CC")


def test_contrite_tit_for_tat_is_tit_for_tat_without_noise():
    versus("Contrite Tit For Tat", "Alternator", "CC CD DC CD DC")
    assert plays("Contrite Tit For Tat", "CDDCCD") == "CCDDCC"
    for opponent in OPPONENTS:
        assert (
            play_match("Contrite Tit For Tat", opponent, turns=60).history()
            == play_match("Tit For Tat", opponent, turns=60).history()
        )


def _feed(strategy, own: str, opp: str) -> str:
    """The move ``strategy`` returns, in a one-match batch, after the given history."""
    from strategies.base import as_actions

    move = strategy.play_turn(as_actions(own)[None, :], as_actions(opp)[None, :], len(own))
    return "CD"[int(move[0])]


def test_contrite_tit_for_tat_apologises_after_a_noisy_defection():
    payoff = get_game("classic").payoffs[:1]
    player = ContriteTitForTat()
    player.reset(1, np.random.default_rng(0), payoff)
    assert _feed(player, "", "") == "C"
    # noise turned our C into D against a C: contrite, still answers C with C
    assert _feed(player, "D", "C") == "C"
    # the opponent retaliates; we accept it instead of echoing the D
    assert _feed(player, "DC", "CD") == "C"
    # no longer contrite: plain Tit For Tat again
    assert _feed(player, "DCC", "CDD") == "D"


def test_contrite_stays_contrite_until_it_actually_cooperates():
    payoff = get_game("classic").payoffs[:1]
    player = ContriteTitForTat()
    player.reset(1, np.random.default_rng(0), payoff)
    assert _feed(player, "", "") == "C"
    assert _feed(player, "D", "C") == "C"  # noisy D: contrite
    assert _feed(player, "DD", "CD") == "D"  # noise again: still contrite, plays TFT
    assert _feed(player, "DDD", "CDD") == "D"  # a D it meant: plain TFT, still contrite
    assert _feed(player, "DDDC", "CDDD") == "C"  # cooperated (noise): apologises
    assert _feed(player, "DDDCC", "CDDDD") == "D"


def test_forgiving_tit_for_tat():
    # one defection in more than 10 turns is forgiven ...
    assert plays("Forgiving Tit For Tat", "C" * 10 + "DC") == "C" * 12
    # ... but not one in 6
    assert plays("Forgiving Tit For Tat", "CCCCCDC") == "CCCCCCD"
    assert plays("Forgiving Tit For Tat", "DD" + "C" * 18 + "DDC") == "CDD" + "C" * 18 + "DD"
    versus("Forgiving Tit For Tat", "Defector", "CD DD DD DD")


def test_omega_tft():
    versus("Omega TFT", "Alternator", "CC CD DC CD DC CD CC CD DC DD DC DD")
    versus("Omega TFT", "Defector", "CD DD DD DD DD")
    versus("Omega TFT", "Tit For Tat", "CC CC CC CC")


def test_omega_tft_breaks_a_deadlock():
    # Against Suspicious TFT, TFT would echo C/D forever; Omega TFT cooperates twice
    # once the opponent has changed its move deadlock_threshold times.
    versus("Omega TFT", "Suspicious Tit For Tat", "CD DC CD DC CD CC CC CC CC")


def test_adaptive_tit_for_tat():
    # world: 0.5 -> 0.25 (D) -> 0.625 -> 0.8125 -> 0.40625 (D)
    assert plays("Adaptive Tit For Tat", "DCCDD") == "CDCCD"
    assert plays("Adaptive Tit For Tat(rate=0.2)", "DCCDD") == "CDDDD"
    versus("Adaptive Tit For Tat", "Defector", "CD DD DD")


# -- exact agreement with the Axelrod library -----------------------------------------


@pytest.mark.parametrize("ours", list(AXELROD))
@pytest.mark.parametrize("opponent", list(OPPONENTS) + list(AXELROD))
def test_matches_axelrod_library(ours, opponent):
    their_opponent = {**OPPONENTS, **AXELROD}[opponent]
    expected = axelrod_moves(AXELROD[ours](), their_opponent(), 200)
    assert play_match(ours, opponent, turns=200).history() == expected


@pytest.mark.parametrize("ours", list(AXELROD))
def test_matches_axelrod_library_with_noise_in_a_shrinking_batch(ours):
    assert_same_moves_in_a_noisy_shrinking_batch(ours, AXELROD[ours], max_density=0.6, seed=2024)


# -- naming, metadata and parameters -----------------------------------------------------


@pytest.mark.parametrize("ours", list(AXELROD))
def test_axelrod_name(ours):
    assert REGISTRY.create(ours).axelrod_name() == str(AXELROD[ours]())


def test_aliases_and_metadata():
    assert REGISTRY.get_class("TF2T") is TitForTwoTats
    assert REGISTRY.get_class("Tit For 2 Tats") is TitForTwoTats
    assert REGISTRY.get_class("2TFT") is TwoTitsForTat
    assert TitForTwoTats.family == "forgiving"
    assert ForgivingTitForTat.family == "forgiving"
    for cls in (TwoTitsForTat, HardTitForTat, ContriteTitForTat, OmegaTFT, AdaptiveTitForTat):
        assert cls.family == "reciprocal"
    assert (TitForTwoTats.memory_depth, TwoTitsForTat.memory_depth) == (2, 2)
    assert HardTitForTat.memory_depth == 3
    assert OmegaTFT.memory_depth is None
    for cls in (
        TitForTwoTats,
        TwoTitsForTat,
        HardTitForTat,
        ContriteTitForTat,
        ForgivingTitForTat,
        OmegaTFT,
        AdaptiveTitForTat,
    ):
        assert not cls().is_stochastic()


def test_parameters_and_labels():
    omega = REGISTRY.create("Omega TFT(2, 5)")
    assert omega.params == {"deadlock_threshold": 2, "randomness_threshold": 5}
    assert omega.label == "Omega TFT(deadlock_threshold=2, randomness_threshold=5)"
    assert OmegaTFT().label == "Omega TFT"
    assert AdaptiveTitForTat(0.25).params == {"rate": 0.25}


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: OmegaTFT(deadlock_threshold=-1), "deadlock_threshold"),
        (lambda: OmegaTFT(deadlock_threshold=1.5), "deadlock_threshold"),
        (lambda: OmegaTFT(randomness_threshold=True), "randomness_threshold"),
        (lambda: AdaptiveTitForTat(rate=1.5), "rate"),
        (lambda: AdaptiveTitForTat(rate=-0.1), "rate"),
    ],
)
def test_bad_parameters(make, message):
    with pytest.raises(ValueError, match=message):
        make()
