"""Business scenarios: relational rents in the engine against the reference engine,
governance, the claims a game makes about itself, and scenario files."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from strategies import REGISTRY, create
from strategies.errors import IPDError
from tournament import Tournament
from tournament.common.tables import ConfigError
from tournament.core.engine import play_batch
from tournament.core.game import Game
from tournament.core.games import GAMES, get_game
from tournament.core.match import play_match
from tournament.core.reference import reference_match
from tournament.core.relationships import Governance, RelationalRent, turn_payoffs
from tournament.core.round_robin import round_robin_pairs
from tournament.core.scenarios import SCENARIOS, load_scenario, scenario_to_toml

DETERMINISTIC = sorted(c.name for c in REGISTRY if not c().is_stochastic())
STOCHASTIC = sorted(c.name for c in REGISTRY if c().is_stochastic())
C, D = 0, 1


# -- relational rents ------------------------------------------------------------------


def test_a_rent_grows_with_the_run_of_mutual_cooperation_up_to_the_cap_and_restarts():
    rent = RelationalRent(step=1.0, cap=2)
    row = [C, C, C, C, D, C, C]
    col = [C, C, C, C, C, C, C]
    payoffs = turn_payoffs(np.array([row, col]), get_game("classic").payoffs, rent)
    # runs before each turn: 0, 1, 2, 3 (capped at 2), broken by D, then 0, 1
    assert payoffs[0].tolist() == [3, 4, 5, 5, 5, 3, 4]
    assert payoffs[1].tolist() == [3, 4, 5, 5, 0, 3, 4]


def test_a_rent_is_checked_for_sense():
    with pytest.raises(IPDError, match="step: got -0.5, expected a number >= 0"):
        RelationalRent(-0.5, 3)
    with pytest.raises(IPDError, match="cap: got 0, expected a whole number of turns >= 1"):
        RelationalRent(0.5, 0)
    with pytest.raises(IPDError, match="cap: got 2.5"):
        RelationalRent(0.5, 2.5)
    assert RelationalRent(0.5, 4.0).cap == 4  # a whole float is a number of turns


@settings(max_examples=40, deadline=None)
@given(
    first=st.sampled_from(DETERMINISTIC),
    second=st.sampled_from(DETERMINISTIC),
    turns=st.integers(1, 60),
    step=st.sampled_from([0.0, 0.25, 1.0, 2.5]),
    cap=st.integers(1, 12),
)
def test_the_engine_scores_rents_exactly_as_the_reference_engine(first, second, turns, step, cap):
    game = get_game(f"supplier-buyer-trust(step={step}, cap={cap})")
    result = play_match(first, second, turns, game=game, seed=3)
    moves, scores = reference_match(
        create(first), create(second), turns, game.payoffs, length=turns, rent=game.rent
    )
    assert np.array_equal(result.moves, moves)
    assert result.scores == pytest.approx(scores)


@pytest.mark.parametrize("noise", [0.0, 0.1])
def test_rents_with_noise_varied_lengths_and_chance_match_the_moves_as_played(noise):
    """Every score of a tournament (noise, probabilistic ending, stochastic players,
    several chunks of repetitions) is the sum of the per-turn payoffs of its moves."""
    game = get_game("supplier-buyer-trust(step=0.5, cap=5)")
    names = DETERMINISTIC[:6] + STOCHASTIC[:4]
    results = Tournament(
        names, game=game, turns=None, prob_end=0.05, repetitions=3, noise=noise, seed=11
    ).play(keep_moves=True)
    table = results.matches
    assert (table["turns"] > 1).any() and table["turns"].nunique() > 3
    for i, moves in enumerate(results.moves):
        expected = turn_payoffs(moves, game.payoffs, game.rent).sum(axis=1)
        rows = table[table["match"] == i]
        assert rows["role"].tolist() == ["supplier", "buyer"]
        assert rows["score"].to_numpy() == pytest.approx(expected)


def test_the_batch_engine_with_a_sliding_window_scores_rents_like_the_whole_history():
    """Rents are counted as the turns are played, so compacting the history changes
    nothing (a window is kept when every player declares one)."""
    game = get_game("supplier-buyer-trust(step=0.1, cap=50)")
    names = ["Tit For Tat", "Generous Tit For Tat", "Random", "Grudger"]
    players = [create(n) for n in names]
    seats = round_robin_pairs(len(players), symmetric=False)
    lengths = np.full(len(seats), 700)
    outs = [
        play_batch(
            players,
            seats,
            lengths,
            game.payoffs,
            0.05,
            np.random.SeedSequence(4),
            keep_moves=keep,
            segment=None if keep else 64,
            rent=game.rent,
        )
        for keep in (True, False)
    ]
    assert np.allclose(outs[0].scores, outs[1].scores)
    expected = turn_payoffs(outs[0].moves, game.payoffs, game.rent).sum(axis=2)
    assert np.allclose(outs[0].scores, expected)


def test_a_rent_rewards_a_long_run_of_trust_more_than_a_broken_one():
    steady = play_match("Tit For Tat", "Tit For Tat", 50, game="supplier-buyer-trust")
    plain = play_match("Tit For Tat", "Tit For Tat", 50, game="supplier-buyer")
    bonus = 0.25 * (sum(range(8)) + 8 * (50 - 8))  # runs 0..7, then capped at 8
    assert steady.scores - plain.scores == pytest.approx([bonus, bonus])


# -- governance and the claims a game makes ---------------------------------------------


def test_governance_charges_monitoring_every_turn_and_the_penalty_to_the_cheat():
    base = get_game("supplier-buyer").payoffs
    power = get_game("supplier-buyer-power(monitoring=0.5, penalty=2.5)")
    assert np.allclose(power.payoffs[:, 0, :], base[:, 0, :] - 0.5)
    assert np.allclose(power.payoffs[:, 1, :], base[:, 1, :] - 3.0)
    # with the default penalty, cheating a partner who keeps faith no longer pays
    assert not power.is_prisoners_dilemma(0)
    assert "T > R fails (T=2, R=2.5)" in power.pd_report()
    assert power.governance == Governance(0.5, 2.5)


def test_a_game_meant_as_a_dilemma_says_which_condition_fails_for_which_role():
    with pytest.raises(IPDError) as err:
        Game(
            "odd",
            np.array([[[3, 0], [5, 1]], [[3, 0], [2, 1]]]),
            roles=("supplier", "buyer"),
            kind="dilemma",
        )
    assert "for the buyer: T > R fails (T=2, R=3)" in str(err.value)
    assert 'kind = "other"' in str(err.value)


def test_a_fixed_pie_must_add_up_to_the_same_total_and_create_no_rent():
    pie = get_game("fixed-pie(pie=10, grab=3)")
    totals = pie.payoffs[0] + pie.payoffs[1].T
    assert np.allclose(totals, 10) and not pie.is_prisoners_dilemma()
    with pytest.raises(IPDError, match="add up to different totals"):
        Game("leaky", np.array([[5, 1], [7, 5]]), kind="fixed-pie")
    with pytest.raises(IPDError, match="relational rents create value"):
        Game("rented", pie.payoffs, rent=RelationalRent(1, 2), kind="fixed-pie")


def test_labels_and_rents_tell_games_apart():
    trust, plain = get_game("supplier-buyer-trust"), get_game("supplier-buyer")
    assert np.array_equal(trust.payoffs, plain.payoffs) and trust != plain
    assert trust.labelled and trust.legend(0) == "C = keep quality, D = cut corners"
    assert trust.move_label(1, D) == "squeeze the price"
    relabelled = Game("g", get_game("classic").payoffs, labels=(("a", "b"), ("x", "y")))
    assert not relabelled.symmetric  # same numbers, but the roles' moves differ
    with pytest.raises(IPDError, match="need different names"):
        Game("g", get_game("classic").payoffs, labels=(("same", "same"), ("C", "D")))


def test_every_business_scenario_is_a_named_labelled_game_with_a_story():
    for name, factory in SCENARIOS.items():
        game = factory()
        assert GAMES[name] is factory and game.name == name
        assert game.labelled and len(game.description) > 100, name
        assert game.kind in ("dilemma", "fixed-pie", "other")


# -- scenario files ---------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(GAMES))
def test_every_preset_written_as_a_scenario_file_reads_back_as_the_same_game(name, tmp_path):
    game = get_game(name)
    path = tmp_path / f"{name}.toml"
    path.write_text(scenario_to_toml(game))
    again = get_game(str(path))
    assert again == game and again.description == game.description and again.kind == game.kind


def test_a_symmetric_scenario_file_gives_moves_and_payoffs_at_the_top(tmp_path):
    path = tmp_path / "alliance.toml"
    path.write_text(
        'kind = "dilemma"\nmoves = ["share know-how", "hold back"]\n'
        "payoffs = [3, 0, 5, 1]\n[relational_rent]\nstep = 0.5\ncap = 4\n"
    )
    game = load_scenario(path)
    assert game.name == "alliance" and game.symmetric and game.rent == RelationalRent(0.5, 4)
    assert game.labels[1] == ("share know-how", "hold back")
    results = Tournament(["Tit For Tat", "Defector"], game=str(path), turns=10, repetitions=1)
    assert results.game == game


#: Scenario files with one mistake each, and what the error must say.
BAD_FILES = [
    ("payoffs = [3, 0, 5]", "payoffs: got [3, 0, 5] (a list), expected the four"),
    ("payofs = [3, 0, 5, 1]", "unknown key 'payofs' in the top level. Did you mean: 'payoffs'?"),
    ("moves = ['a']\npayoffs = [3, 0, 5, 1]", "moves: got ['a'] (a list), expected a list of two"),
    ('kind = "pd"\npayoffs = [3, 0, 5, 1]', "kind: got 'pd' (a string), expected one of"),
    ("payoffs = [3, 0, 5, 1]\n[relational_rent]\nstep = 1", "relational_rent: got {'step': 1}"),
    (
        "payoffs = [3, 0, 5, 1]\n[relational_rent]\nstep = 1\ncap = 0",
        "[relational_rent]: relational rent cap: got 0",
    ),
    (
        "payoffs = [3, 0, 5, 1]\n[governance]\npenalty = -1",
        "[governance]: governance penalty: got -1",
    ),
    ("payoffs = [3, 0, 5, 1]\n[governance]\nfine = 1", "unknown key 'governance.fine'"),
    ('roles = ["supplier", "buyer"]\n[supplier]\npayoffs = [3, 0, 5, 1]', "[buyer] needs payoffs"),
    ('roles = ["a", "a"]', "roles: got ['a', 'a'] (a list), expected two different role names"),
    ("name = 'x'", "no payoffs: give payoffs ="),
    ('kind = "dilemma"\npayoffs = [3, 0, 2, 1]', "meant to be a prisoner's dilemma for each"),
    ("payoffs = [3, 0, 5, 1", "not valid TOML"),
]


@pytest.mark.parametrize(("text", "message"), BAD_FILES)
def test_a_bad_scenario_file_is_refused_naming_the_file_and_the_key(tmp_path, text, message):
    path = tmp_path / "alliance.toml"
    path.write_text(text)
    with pytest.raises(ConfigError) as err:
        get_game(str(path))
    assert message in str(err.value) and str(path) in str(err.value)


def test_a_missing_scenario_file_and_an_unknown_game_say_what_is_expected(tmp_path):
    with pytest.raises(ConfigError, match="no such scenario file"):
        get_game(str(tmp_path / "nowhere.toml"))
    with pytest.raises(IPDError, match="Did you mean: 'supplier-buyer'.*scenario file"):
        get_game("suplier-buyer")
