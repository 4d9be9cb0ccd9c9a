"""Axelrod-library strategies inside our engine (``axelrod:<name>``) and preset rosters."""

from __future__ import annotations

import json

import numpy as np
import pytest
from click.testing import CliRunner

from strategies import create
from strategies.errors import IPDError, UnknownNameError
from strategies.interop import AxelrodStrategy
from strategies.rosters import ROSTERS, get_roster
from tests.axelrod_helpers import axelrod_moves
from tournament import Tournament, play_match
from tournament.cli import main


@pytest.mark.parametrize(
    "spec", ["axelrod:Tit For Tat", "axelrod:TitForTat", "AXELROD: tit for tat"]
)
def test_names_resolve_by_label_class_or_name(spec):
    player = create(spec)
    assert isinstance(player, AxelrodStrategy)
    assert player.label == "axelrod:Tit For Tat"


def test_parameters_by_keyword_or_position():
    assert create("axelrod:GTFT(p=0.1)") == create("axelrod:GTFT(0.1)")
    assert create("axelrod:GTFT(p=0.1)").label == "axelrod:GTFT: 0.1"
    assert create("axelrod:First by Joss: 0.9").label == "axelrod:First by Joss: 0.9"


@pytest.mark.parametrize("opponent", ["Alternator", "Cycler(pattern='CCDDC')", "Grudger"])
@pytest.mark.parametrize("name", ["Tit For Tat", "Gradual", "Omega TFT", "DBS"])
def test_adapted_deterministic_strategies_play_the_library_moves(name, opponent):
    ours = play_match(f"axelrod:{name}", opponent, turns=100).history()
    library_opponent = create(f"axelrod:{opponent}".replace("pattern=", "cycle=")).library_player()
    theirs = axelrod_moves(create(f"axelrod:{name}").library_player(), library_opponent, 100)
    assert ours == theirs


def test_adapted_and_native_agree():
    native = play_match("Tit For Tat", "Win-Stay Lose-Shift", turns=50, seed=4)
    adapted = play_match("axelrod:Tit For Tat", "Win-Stay Lose-Shift", turns=50, seed=4)
    assert native.history() == adapted.history()


def test_mixed_tournament_is_reproducible():
    names = ["axelrod:First by Joss: 0.9", "axelrod:Grudger", "Tit For Tat", "Random"]
    a = Tournament(names, turns=40, repetitions=3, noise=0.05, seed=11).play()
    b = Tournament(names, turns=40, repetitions=3, noise=0.05, seed=11).play()
    c = Tournament(names, turns=40, repetitions=3, noise=0.05, seed=12).play()
    assert a.matches.equals(b.matches)
    assert not a.matches["score"].equals(c.matches["score"])
    assert a.summary.set_index("strategy").loc["axelrod:Grudger", "family"] == "adapted"


def test_adapted_stochastic_strategy_matches_the_library_statistically():
    """Joss (p = 0.9) against a cooperator cooperates 90% of the time after turn one."""
    scores = [
        play_match("axelrod:First by Joss: 0.9", "Cooperator", turns=100, seed=s).cooperation[0]
        for s in range(40)
    ]
    expected = (1 + 99 * 0.9) / 100
    se = np.sqrt(0.09 / (99 * 40))
    assert abs(np.mean(scores) - expected) < 5 * se


def test_adapted_strategies_see_the_game():
    """Adaptive uses the game's payoffs; in a game where defection pays less it differs."""
    a = play_match("axelrod:Adaptive", "Alternator", turns=30, game="classic").history()
    b = play_match("axelrod:Adaptive", "Alternator", turns=30, game="4,0,3,1").history()
    assert a != b


def test_unknown_and_refused_strategies_are_clear():
    with pytest.raises(UnknownNameError, match="Did you mean: 'Tit For Tat'"):
        create("axelrod:Tit For Tatt")
    with pytest.raises(IPDError, match="cannot play in this engine: it inspects source"):
        create("axelrod:Darwin")
    with pytest.raises(IPDError, match="bad parameters for axelrod:GTFT"):
        create("axelrod:GTFT(q=1)")


def test_cli_lists_axelrod_strategies():
    result = CliRunner().invoke(main, ["strategies", "--axelrod", "--json"])
    assert result.exit_code == 0
    rows = json.loads(result.output)
    assert len(rows) >= 200
    darwin = next(r for r in rows if r["class"] == "Darwin")
    assert darwin["usable"] is False and "inspects source" in darwin["refused_because"]


@pytest.mark.parametrize("name", list(ROSTERS))
def test_rosters_resolve(name):
    names = get_roster(name).names()
    assert len(names) >= 5
    assert all(create(n) for n in names)


def test_roster_cli(tmp_path):
    result = CliRunner().invoke(
        main,
        [
            "tournament",
            "--roster",
            "classroom",
            "--turns",
            "10",
            "--repetitions",
            "1",
            "--out",
            str(tmp_path),
            "--no-plots",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "Detective" in result.output
    listing = CliRunner().invoke(main, ["strategies", "--rosters", "--json"])
    assert {r["name"] for r in json.loads(listing.output)} >= {"classroom", "stewart-plotkin"}
    bad = CliRunner().invoke(main, ["tournament", "--roster", "clasroom"])
    assert bad.exit_code == 2 and "Did you mean: 'classroom'" in bad.output
