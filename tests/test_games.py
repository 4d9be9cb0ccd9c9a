"""Games: presets, custom payoffs, the prisoner's dilemma check."""

from __future__ import annotations

import numpy as np
import pytest

from strategies.errors import IPDError, UnknownNameError
from tournament.core.games import GAMES, Game, get_game, parse_payoffs


def test_classic_payoffs():
    game = get_game("classic")
    assert game.rstp(0) == (3, 0, 5, 1)
    assert game.symmetric and game.is_prisoners_dilemma()
    # payoffs[role, my, their]: the column player's temptation is T too
    assert game.payoffs[1, 1, 0] == 5


@pytest.mark.parametrize("name", list(GAMES))
def test_presets_build_and_report(name):
    game = get_game(name)
    assert game.payoffs.shape == (2, 2, 2)
    assert game.pd_report()


def test_donation_game_parameters():
    game = get_game("donation(b=4, c=1)")
    assert game.rstp() == (3, -1, 4, 0)
    assert game.is_prisoners_dilemma()
    assert not get_game("donation(b=1, c=2)").is_prisoners_dilemma()


def test_supplier_buyer_is_asymmetric_and_each_role_is_a_pd():
    game = get_game("supplier-buyer")
    assert not game.symmetric
    assert game.roles == ("supplier", "buyer")
    assert game.rstp(0) != game.rstp(1)
    assert game.is_prisoners_dilemma(0) and game.is_prisoners_dilemma(1)


@pytest.mark.parametrize(
    ("name", "failing"),
    [("snowdrift", "P > S fails"), ("stag-hunt", "T > R fails")],
)
def test_contrast_games_name_the_failing_inequality(name, failing):
    game = get_game(name)
    assert not game.is_prisoners_dilemma()
    assert any(failing in v for v in game.pd_violations())
    assert "not a prisoner's dilemma" in game.pd_report()


def test_two_r_condition():
    game = Game.from_rstp(3, 0, 7, 1)
    assert game.pd_violations() == ["2R > T + S fails (2R=6, T+S=7): taking turns exploiting pays"]


def test_custom_payoffs():
    assert get_game("3,0,5,1") == get_game("classic")
    game = parse_payoffs("3,-1,5,0; 4,0,6,1")
    assert np.array_equal(game.payoffs, get_game("supplier-buyer").payoffs)
    assert not game.symmetric


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("1,2,3", "expected 4 finite numbers"),
        ("1,2,3,x", "is not a list of numbers"),
        ("1,2,3,4;1,2,3,4;1,2,3,4", "one group per role"),
    ],
)
def test_bad_payoffs(spec, message):
    with pytest.raises(IPDError, match=message):
        parse_payoffs(spec)


def test_wrong_shape_is_refused():
    with pytest.raises(IPDError, match=r"shape \(3,\)"):
        Game("bad", np.array([1, 2, 3]))


def test_unknown_game_suggests():
    with pytest.raises(UnknownNameError, match="Did you mean: 'classic'"):
        get_game("clasic")
