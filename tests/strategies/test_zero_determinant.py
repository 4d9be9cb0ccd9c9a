"""Zero-determinant strategies: vectors, names and play, checked against the Axelrod library."""

from __future__ import annotations

import axelrod
import numpy as np
import pytest
from axelrod.action import Action as AxAction

from strategies import REGISTRY, create
from strategies.errors import IPDError
from strategies.generic import MemoryOne
from strategies.library.zero_determinant import (
    ZDGTFT2,
    ZDExtort2,
    ZDExtort2v2,
    ZDExtort3,
    ZDExtort4,
    ZDExtortion,
    ZDGen2,
    ZDMischief,
    ZDSet2,
)
from tests.strategy_helpers import plays, versus
from tournament.core.engine import play_batch
from tournament.core.games import get_game
from tournament.core.match import play_match

# (ours, the library's class, a non-default parameter set valid for both)
CASES = [
    (ZDExtort2, axelrod.ZDExtort2, {"phi": 0.1, "s": 0.25}),
    (ZDExtort2v2, axelrod.ZDExtort2v2, {"phi": 0.1, "s": 0.4, "l": 1.5}),
    (ZDExtort3, axelrod.ZDExtort3, {"phi": 0.05, "s": 0.3, "l": 1}),
    (ZDExtort4, axelrod.ZDExtort4, {"phi": 0.2, "s": 0.2, "l": 1.2}),
    (ZDGTFT2, axelrod.ZDGTFT2, {"phi": 0.2, "s": 0.4}),
    (ZDGen2, axelrod.ZDGen2, {"phi": 0.1, "s": 0.6, "l": 3}),
    (ZDSet2, axelrod.ZDSet2, {"phi": 0.2, "s": 0.0, "l": 2.5}),
    (ZDMischief, axelrod.ZDMischief, {"phi": 0.05, "s": 0.1, "l": 1}),
    (ZDExtortion, axelrod.ZDExtortion, {"phi": 0.1, "s": 0.2, "l": 2}),
]
IDS = [ours.name for ours, _, _ in CASES]
ORDER = [(AxAction.C, AxAction.C), (AxAction.C, AxAction.D)]
ORDER += [(AxAction.D, AxAction.C), (AxAction.D, AxAction.D)]


def library_vector(player: axelrod.Player, game: axelrod.Game | None = None) -> tuple:
    """The four-vector the library computes once it knows the game (classic by default)."""
    if game is not None:
        player.set_match_attributes(game=game)
    return tuple(float(player._four_vector[key]) for key in ORDER)


# -- metadata, names and vectors ------------------------------------------------------------


@pytest.mark.parametrize(("ours", "theirs", "params"), CASES, ids=IDS)
def test_metadata_and_registry(ours, theirs, params):
    assert ours.family == "zero-determinant"
    assert ours.memory_depth == 1
    assert ours.stochastic is True
    assert type(create(ours.name)) is ours
    assert ours().is_stochastic()


@pytest.mark.parametrize(("ours", "theirs", "params"), CASES, ids=IDS)
def test_axelrod_name_matches_the_library(ours, theirs, params):
    assert ours().axelrod_name() == str(theirs())
    assert ours(**params).axelrod_name() == str(theirs(**params))


@pytest.mark.parametrize(("ours", "theirs", "params"), CASES, ids=IDS)
def test_classic_vector_equals_the_library(ours, theirs, params):
    probs, first = ours().memory_one()
    assert probs == library_vector(theirs())
    assert first == 1.0
    assert ours(**params).memory_one()[0] == library_vector(theirs(**params))


def test_named_library_strings():
    assert ZDExtort2().axelrod_name() == "ZD-Extort-2: 0.1111111111111111, 0.5"
    assert ZDGTFT2().axelrod_name() == "ZD-GTFT-2: 0.25, 0.5"
    assert ZDExtort3().axelrod_name().startswith("ZD-Extort3: ")  # the library's spelling


def test_published_vectors():
    # Stewart & Plotkin (2012): Extort-2 and ZDGTFT-2 in the classic game.
    assert np.allclose(ZDExtort2().memory_one()[0], (8 / 9, 1 / 2, 1 / 3, 0))
    assert np.allclose(ZDGTFT2().memory_one()[0], (1, 1 / 8, 1, 1 / 4))
    # Press & Dyson (2012), extortion factor 3.
    assert np.allclose(ZDExtort3().memory_one()[0], (11 / 13, 1 / 2, 7 / 26, 0))
    assert np.allclose(ZDSet2().memory_one()[0], (3 / 4, 1 / 4, 1 / 2, 1 / 4))


def test_aliases():
    assert type(create("Equalizer")) is ZDSet2
    assert type(create("ZD-Extort3")) is ZDExtort3
    assert type(create("zd extort 2 v2")) is ZDExtort2v2
    assert type(create("Extort-2")) is ZDExtort2
    assert type(create("ZDGTFT-2")) is ZDGTFT2
    player = create("ZD-Extortion(phi=0.1, s=0.2, l=2)")
    assert player.params == {"phi": 0.1, "s": 0.2, "l": 2}
    assert player.label == "ZD-Extortion(phi=0.1, s=0.2, l=2)"


@pytest.mark.parametrize(
    ("game", "rstp"),
    [("donation", (2, -1, 3, 0)), ("3,0,4.5,1", (3, 0, 4.5, 1)), ("snowdrift", (3, 1, 5, 0))],
)
@pytest.mark.parametrize(
    ("ours", "theirs"), [(ZDExtort2, axelrod.ZDExtort2), (ZDGTFT2, axelrod.ZDGTFT2)]
)
def test_vector_follows_the_game_like_the_library(ours, theirs, game, rstp):
    payoffs = get_game(game).payoffs
    player = ours()
    r, s, t, p = rstp
    if ours is ZDExtort2 and game == "snowdrift":
        # The library refuses this game (s below its s_min); the formulas with l = P = 0:
        expected = (5 / 6, 1 / 2, 1 / 6, 0.0)
    else:
        expected = library_vector(theirs(), axelrod.Game(r=r, s=s, t=t, p=p))
    rows, first = player.row_vectors(payoffs)  # one per role (the same here)
    assert np.allclose(rows, expected, atol=1e-15)
    assert (first == 1.0).all()
    assert np.allclose(player.memory_one_for_payoffs(payoffs[0]), expected, atol=1e-15)


def test_unenforceable_games_are_clipped():
    # With T = 20, Extort-2's p(C|CD) = 1 - (0.5 + 19) / 9 < 0: clipped to 0.
    probs = ZDExtort2().memory_one_for_payoffs(np.array([[3.0, 0.0], [20.0, 1.0]]))
    assert probs[1] == 0.0
    assert ((probs >= 0) & (probs <= 1)).all()


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("ZD-Extortion(l=4)", "baseline l must lie between P=1 and R=3"),
        ("ZD-Extortion(l=0.5)", "baseline l must lie between"),
        ("ZD-Extortion(s=1.5)", "slope s must lie in"),
        ("ZD-Extortion(s=-0.5)", "slope s must lie in"),
        ("ZD-Extortion(phi=1)", "outside [0, 1]"),
        ("ZD-Extort-2(phi=-0.1)", "outside [0, 1]"),
        ("ZD-GTFT-2(phi='x')", "phi must be a number"),
        ("ZD-SET-2(l=True)", "l must be a number"),
    ],
)
def test_bad_parameters(spec, message):
    with pytest.raises(IPDError, match=message.replace("[", r"\[").replace("]", r"\]")):
        create(spec)


def test_bad_parameters_raise_value_error_directly():
    with pytest.raises(ValueError, match="phi must be finite"):
        ZDExtortion(phi=float("nan"))
    with pytest.raises(ValueError, match="slope s"):
        ZDExtort4(s=2)


# -- play -----------------------------------------------------------------------------------


def test_deterministic_corners():
    # p(C|CD) = p(C|DD) = 0 for Extort-4: cooperate once, then defect against a defector.
    versus("ZD-Extort-4", "Defector", "CD DD DD DD DD")
    assert plays("ZD-Extort-4", "DDDDDD") == "CDDDDD"
    # p(C|CC) = 1 for the generous ones: cooperation with a cooperator is kept.
    versus("ZD-GTFT-2", "Cooperator", "CC CC CC CC CC CC")
    versus("ZD-GEN-2", "Tit For Tat", "CC CC CC CC CC CC")
    # Extortioners never cooperate again after mutual defection (p(C|DD) = 0).
    for name in ("ZD-Extort-2", "ZD-Extort-2 v2", "ZD-Extort-3", "ZD-Mischief", "ZD-Extortion"):
        for seed in range(5):
            own = play_match(name, "Defector", turns=30, seed=seed).history()[0]
            assert own[0] == "C"
            assert "DC" not in own  # once it defects (facing D) it stays with D


@pytest.mark.parametrize(("ours", "theirs", "params"), CASES, ids=IDS)
def test_conditional_cooperation_frequencies(ours, theirs, params):
    """Against Random(0.5), the frequency of cooperation after each outcome is the vector."""
    players = [ours(), create("Random")]
    n, turns = 1000, 60
    seats = np.tile([[0, 1]], (n, 1))
    out = play_batch(
        players,
        seats,
        np.full(n, turns),
        get_game("classic").payoffs,
        0.0,
        np.random.SeedSequence(3),
        keep_moves=True,
    )
    own, opp = out.moves[:, 0, :], out.moves[:, 1, :]
    assert (own[:, 0] == 0).all()  # always cooperates first
    outcome = (own[:, :-1] << 1) | opp[:, :-1]
    cooperated = own[:, 1:] == 0
    for k, p in enumerate(ours().memory_one()[0]):
        sel = outcome == k
        if sel.sum() < 200:
            continue  # an outcome the strategy rarely reaches
        rate = cooperated[sel].mean()
        se = max(np.sqrt(p * (1 - p) / sel.sum()), 1e-9)
        assert abs(rate - p) <= 4 * se + 1e-12, (k, rate, p)


def test_asymmetric_game_uses_each_seats_own_payoffs():
    """In supplier-buyer, a ZD player in each seat follows its own role's vector."""
    game = get_game("supplier-buyer")
    players = [create("ZD-Extort-2")]
    n, turns = 1500, 40
    seats = np.zeros((n, 2), dtype=int)
    out = play_batch(
        players, seats, np.full(n, turns), game.payoffs, 0.0, np.random.SeedSequence(5), True
    )
    for seat in (0, 1):
        own, opp = out.moves[:, seat, :], out.moves[:, 1 - seat, :]
        expected = ZDExtort2().memory_one_for_payoffs(game.payoffs[seat])
        outcome = (own[:, :-1] << 1) | opp[:, :-1]
        cooperated = own[:, 1:] == 0
        for k, p in enumerate(expected):
            sel = outcome == k
            if sel.sum() < 200:
                continue
            se = max(np.sqrt(p * (1 - p) / sel.sum()), 1e-9)
            assert abs(cooperated[sel].mean() - p) <= 4 * se + 1e-12


@pytest.mark.parametrize("name", IDS)
def test_same_seed_same_moves(name):
    a = play_match(name, "Random", turns=100, seed=11).history()
    b = play_match(name, "Random", turns=100, seed=11).history()
    c = play_match(name, "Random", turns=100, seed=12).history()
    assert a == b
    assert a != c


@pytest.mark.parametrize("name", IDS)
def test_plays_like_the_generic_memory_one_player(name):
    """In the classic game a ZD strategy is the generic memory-one player with its vector
    (same random stream, so exactly the same moves)."""
    probs, _ = create(name).memory_one()
    generic = MemoryOne(probabilities=probs, first=1.0)
    for opponent in ("Random", "Tit For Tat", "ZD-GTFT-2"):
        ours = play_match(name, opponent, turns=80, seed=4, noise=0.05).history()
        theirs = play_match(generic, opponent, turns=80, seed=4, noise=0.05).history()
        assert ours == theirs


def test_cooperation_rate_against_defector_is_geometric():
    """Extort-2 cooperates on turn t >= 2 against a defector w.p. (1/2)**(t-1)."""
    players = [create("ZD-Extort-2"), create("Defector")]
    n = 4000
    out = play_batch(
        players,
        np.tile([[0, 1]], (n, 1)),
        np.full(n, 6),
        get_game("classic").payoffs,
        0.0,
        np.random.SeedSequence(8),
        keep_moves=True,
    )
    rates = (out.moves[:, 0, :] == 0).mean(axis=0)
    expected = 0.5 ** np.arange(6)
    se = np.sqrt(expected * (1 - expected) / n)
    assert np.all(np.abs(rates - expected) <= 4 * se + 1e-12)


def test_registry_knows_all_of_them():
    for ours, _, _ in CASES:
        assert ours.name in REGISTRY
