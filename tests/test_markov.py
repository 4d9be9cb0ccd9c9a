"""Exact memory-one payoffs from the Markov chain: theory, hand computations, simulation."""

from __future__ import annotations

import numpy as np
import pytest

from strategies import create
from strategies.errors import IPDError
from tournament.core.engine import play_batch
from tournament.core.games import Game, get_game
from tournament.core.markov import (
    memory_one_payoffs,
    outcome_distribution,
    stationary_distribution,
    transition_matrix,
)

TFT = (1, 0, 1, 0)
ALTERNATOR = (0, 0, 1, 1)
R, S, T, P = 3, 0, 5, 1
RNG = np.random.default_rng(2024)
RANDOM_VECTORS = [tuple(v) for v in RNG.random((8, 4))]


# -- theory -----------------------------------------------------------------------------------


@pytest.mark.parametrize("noise", [0.001, 0.05, 0.3])
def test_noisy_tft_vs_tft_averages_all_outcomes(noise):
    # With noise the chain is doubly stochastic: every outcome is equally likely.
    x, y = memory_one_payoffs(TFT, TFT, noise=noise)
    assert x == pytest.approx((R + S + T + P) / 4)
    assert y == pytest.approx((R + S + T + P) / 4)
    assert stationary_distribution(TFT, TFT, noise=noise) == pytest.approx([0.25] * 4)
    # The same from strategy instances and names.
    assert memory_one_payoffs(create("Tit For Tat"), "TFT", noise=noise) == pytest.approx((x, y))


@pytest.mark.parametrize("q", RANDOM_VECTORS)
def test_extort2_enforces_its_linear_relation(q):
    x, y = memory_one_payoffs(create("ZD-Extort-2"), q)
    assert x - P == pytest.approx(2 * (y - P), abs=1e-9)
    # In the second seat too (the opponent's vector is read from its own point of view).
    y2, x2 = memory_one_payoffs(q, "ZD-Extort-2", first_p=0.3)
    assert x2 - P == pytest.approx(2 * (y2 - P), abs=1e-9)


def test_extort2_relation_in_another_game():
    # The strategy recomputes its vector from the game: in the donation game P = 0.
    game = get_game("donation(b=4, c=1)")
    for q in RANDOM_VECTORS[:4]:
        x, y = memory_one_payoffs("ZD-Extort-2", q, game=game)
        assert x == pytest.approx(2 * y, abs=1e-9)


@pytest.mark.parametrize("q", RANDOM_VECTORS + [(1, 1, 1, 1), (0, 0, 0, 0), TFT])
def test_equalizer_fixes_the_opponents_score(q):
    _, y = memory_one_payoffs(create("ZD-SET-2"), q)
    assert y == pytest.approx(2.0, abs=1e-9)
    x, _ = memory_one_payoffs(q, "Equalizer", first_p=0.0)
    assert x == pytest.approx(2.0, abs=1e-9)


def test_zd_gtft2_relation():
    # Generous: s_Y - R = (s_X - R) / 2, with l = R.
    for q in RANDOM_VECTORS[:4]:
        x, y = memory_one_payoffs("ZD-GTFT-2", q)
        assert y - R == pytest.approx(0.5 * (x - R), abs=1e-9)


# -- reducible and periodic chains -----------------------------------------------------------


@pytest.mark.parametrize(
    ("first_p", "first_q", "expected"),
    [(1, 1, (3, 3)), (0, 0, (1, 1)), (1, 0, (2.5, 2.5)), (0, 1, (2.5, 2.5))],
)
def test_tft_vs_tft_without_noise_depends_on_the_start(first_p, first_q, expected):
    got = memory_one_payoffs(TFT, TFT, first_p=first_p, first_q=first_q)
    assert got == pytest.approx(expected)


def test_mixed_start_weighs_the_absorbing_classes():
    # TFT vs Cooperator-after-C/repeat-own-move: C forever if it opens with C, else DD.
    dist = stationary_distribution(TFT, (1, 1, 0, 0), first_q=0.25)
    assert dist == pytest.approx([0.25, 0, 0, 0.75])
    # Transient start: first moves (C, D) lead TFT vs WSLS into DD-free cycles.
    x, y = memory_one_payoffs(TFT, (1, 0, 0, 1), first_q=0.0)
    # CD -> DD -> DC -> CD: a cycle of period 3.
    assert (x, y) == pytest.approx(((S + P + T) / 3, (T + P + S) / 3))


def test_periodic_chain_uses_the_cesaro_average():
    x, y = memory_one_payoffs(TFT, ALTERNATOR)
    # CC, then CD, DC, CD, DC, ...: long-run average of CD and DC.
    assert (x, y) == pytest.approx(((S + T) / 2, (T + S) / 2))


# -- finite horizon, by hand -------------------------------------------------------------------


def test_tft_vs_alternator_over_four_turns():
    # TFT: C C D C; Alternator: C D C D -> outcomes CC, CD, DC, CD.
    assert memory_one_payoffs(TFT, ALTERNATOR, turns=4) == pytest.approx(
        ((R + S + T + S) / 4, (R + T + S + T) / 4)
    )
    assert outcome_distribution(TFT, ALTERNATOR, turns=4) == pytest.approx([0.25, 0.5, 0.25, 0])


def test_defector_vs_tft_over_five_turns():
    # DC, DD, DD, DD, DD
    got = memory_one_payoffs("Defector", "Tit For Tat", turns=5)
    assert got == pytest.approx(((T + 4 * P) / 5, (S + 4 * P) / 5))
    assert memory_one_payoffs("Defector", "Tit For Tat", turns=1) == pytest.approx((T, S))


def test_first_move_noise():
    # One turn of TFT vs TFT with noise e: each move flipped independently.
    e = 0.1
    x, y = memory_one_payoffs(TFT, TFT, turns=1, noise=e)
    expected = (1 - e) ** 2 * R + (1 - e) * e * (S + T) + e**2 * P
    assert x == pytest.approx(expected) and y == pytest.approx(expected)


def test_two_turns_by_hand():
    # p cooperates first; q cooperates first w.p. 1/2 and then always w.p. 1/4.
    p, q = (0.5, 1.0, 0.0, 1.0), (0.25, 0.25, 0.25, 0.25)
    first = np.array([0.5, 0.5, 0, 0])  # CC or CD
    # Turn 2: after CC p cooperates w.p. 1/2, after CD w.p. 1; q w.p. 1/4.
    coop_p = 0.5 * 0.5 + 0.5 * 1.0
    second = np.array([coop_p * 0.25, coop_p * 0.75, (1 - coop_p) * 0.25, (1 - coop_p) * 0.75])
    dist = outcome_distribution(p, q, turns=2, first_q=0.5)
    assert dist == pytest.approx((first + second) / 2)


def test_asymmetric_game_uses_each_roles_payoffs():
    game = get_game("supplier-buyer")
    # Cooperator (supplier) is squeezed by Defector (buyer): supplier S = -1, buyer T = 6.
    assert memory_one_payoffs("Cooperator", "Defector", game=game) == pytest.approx((-1, 6))
    assert memory_one_payoffs("Defector", "Cooperator", game=game) == pytest.approx((5, 0))
    custom = Game("custom", np.array([[[1, 2], [3, 4]], [[10, 20], [30, 40]]]))
    # Alternator vs Cooperator: CC then DC forever -> player 2 (role 1) gets 10 then 20.
    assert memory_one_payoffs(ALTERNATOR, (1, 1, 1, 1), game=custom, turns=2) == pytest.approx(
        ((1 + 3) / 2, (10 + 20) / 2)
    )


def test_long_horizon_tends_to_the_long_run():
    q = RANDOM_VECTORS[0]
    far = memory_one_payoffs("ZD-Extort-2", q, turns=100_000)
    assert far == pytest.approx(memory_one_payoffs("ZD-Extort-2", q), abs=1e-4)


def test_transition_matrix_rows_are_distributions():
    m = transition_matrix(RANDOM_VECTORS[0], RANDOM_VECTORS[1], noise=0.05)
    assert m.shape == (4, 4)
    assert m.sum(axis=1) == pytest.approx(np.ones(4))
    # From CD (player 1 cooperated, player 2 defected), player 2 is in its own DC state.
    tft = transition_matrix(TFT, (0, 0, 1, 0))
    assert tft[1] == pytest.approx([0, 0, 1, 0])  # TFT defects; q after its own DC cooperates


# -- simulation ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("first", "second", "noise", "game"),
    [
        ("ZD-Extort-2", "Generous Tit For Tat", 0.0, "classic"),
        ("Stochastic WSLS", "ZD-GEN-2", 0.05, "classic"),
        ("ZD-SET-2", "Random(0.3)", 0.02, "supplier-buyer"),
    ],
)
def test_simulation_agrees_with_the_exact_finite_horizon(first, second, noise, game):
    game = get_game(game)
    players = [create(first), create(second)]
    n, turns = 20_000, 12
    out = play_batch(
        players,
        np.tile([[0, 1]], (n, 1)),
        np.full(n, turns),
        game.payoffs,
        noise,
        np.random.SeedSequence(17),
    )
    per_turn = out.scores / turns
    exact = memory_one_payoffs(first, second, game=game, turns=turns, noise=noise)
    for seat in (0, 1):
        se = per_turn[:, seat].std(ddof=1) / np.sqrt(n)
        assert abs(per_turn[:, seat].mean() - exact[seat]) <= 4 * se, (seat, exact)


# -- bad input -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"p": (1, 0, 1)}, "4 probabilities"),
        ({"p": (1, 0, 1, 1.5)}, r"probabilities in \[0, 1\]"),
        ({"q": (1, 0, np.nan, 0)}, r"probabilities in \[0, 1\]"),
        ({"q": "not a strategy"}, "unknown strategy"),
        ({"q": "Cycler"}, "not a memory-one strategy"),
        ({"turns": 0}, "turns must be a positive integer"),
        ({"turns": 2.5}, "turns must be a positive integer"),
        ({"noise": 2}, "noise must be a probability"),
        ({"first_p": -0.1}, "first_p must be a probability"),
        ({"p": "Tit For Tat", "first_p": 0.0}, "has its own first move"),
        ({"game": "no such game"}, "unknown game"),
    ],
)
def test_bad_input_raises(kwargs, message):
    args = {"p": TFT, "q": TFT} | kwargs
    with pytest.raises(IPDError, match=message):
        memory_one_payoffs(**args)
