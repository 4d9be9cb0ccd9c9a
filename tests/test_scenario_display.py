"""Business scenarios as users see them: ``ipd games``, ``ipd match``, ``ipd play``,
``ipd tournament`` (tables, manifest, ``game.toml``, figure subtitles), the human match's
scoring of relational rents, and the Markov analysis refusing history-dependent payoffs."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

from strategies import Action, create
from strategies.errors import IPDError
from tournament.classroom import HumanMatch
from tournament.cli import main
from tournament.cli.options import format_summary
from tournament.core.game import Game
from tournament.core.games import GAMES, get_game
from tournament.core.markov import memory_one_payoffs, outcome_distribution
from tournament.core.match import play_match
from tournament.core.relationships import RelationalRent, turn_payoffs
from tournament.core.round_robin import Tournament
from tournament.core.scenarios import SCENARIOS

C, D = 0, 1


def invoke(*args: str, input: str | None = None):  # noqa: A002 (click's name)
    return CliRunner().invoke(main, list(args), input=input)


def flat(text: str) -> str:
    """``text`` with every run of white space one space (wrapping does not matter)."""
    return " ".join(text.split())


# -- ipd games ------------------------------------------------------------------------


def test_games_lists_every_scenario_with_its_story_roles_and_moves():
    result = invoke("games")
    assert result.exit_code == 0, result.output
    out = flat(result.output)
    classic_at, business_at = out.index("Classic games"), out.index("Business scenarios")
    assert classic_at < out.index("stag-hunt") < business_at
    for name, factory in SCENARIOS.items():
        game = factory()
        assert out.index(name) > business_at, name
        assert flat(game.description) in out, name
        for role in range(1 if game.symmetric else 2):
            who = "moves" if game.symmetric else game.roles[role]
            assert f"{who}: {game.legend(role)}" in out, name
        for extra in (game.rent, game.governance):
            if extra is not None:
                assert flat(extra.describe()) in out, name
    assert "supplier: C = keep quality, D = cut corners" in out
    assert "buyer: C = pay fairly, D = squeeze the price" in out
    assert "constant-sum" in out.split("fixed-pie", 1)[1].split("price-war")[0]
    assert "--game my.toml" in out and "--payoffs" in out


def test_games_name_shows_one_game_in_full_with_its_parameters():
    result = invoke("games", "supplier-buyer-power(monitoring=1)")
    assert result.exit_code == 0, result.output
    game = get_game("supplier-buyer-power(monitoring=1)")
    out = flat(result.output)
    assert out.startswith("supplier-buyer-power(monitoring=1)")
    assert flat(game.governance.describe()) in out
    # each outcome named by both moves, with both sides' payoffs (governance included)
    for a in (C, D):
        for b in (C, D):
            moves = f"{game.move_label(0, a)} / {game.move_label(1, b)}:"
            assert f"{moves} {game.payoffs[0, a, b]:g}, {game.payoffs[1, b, a]:g}" in out
    assert "keep quality / squeeze the price: -2, 2.5" in out  # 3 - 1 - 0; 6 - 1 - 2.5
    assert "--toml" in out


def test_games_unknown_name_suggests_and_toml_needs_a_name():
    result = invoke("games", "supplier-buyer-trus")
    assert result.exit_code == 2
    assert "Did you mean: 'supplier-buyer-trust'" in result.output
    bare = invoke("games", "--toml")
    assert bare.exit_code == 2 and "give its NAME" in bare.output


@pytest.mark.parametrize(
    "spec",
    [
        *SCENARIOS,
        "supplier-buyer-power(monitoring=1, penalty=4)",
        "classic(T=6)",
        "3,0,5,1;4,0,6,1",
    ],
)
def test_games_toml_reloads_as_the_same_game(spec, tmp_path):
    result = invoke("games", spec, "--toml")
    assert result.exit_code == 0, result.output
    path = tmp_path / "game.toml"
    path.write_text(result.output)
    original, reloaded = get_game(spec), get_game(str(path))
    assert reloaded == original
    assert (reloaded.name, reloaded.kind, reloaded.description) == (
        original.name,
        original.kind,
        original.description,
    )


def test_a_saved_scenario_plays_the_same_match_as_the_preset(tmp_path):
    path = tmp_path / "trust.toml"
    path.write_text(invoke("games", "supplier-buyer-trust(step=0.5)", "--toml").output)
    args = ["Tit For Tat", "Win-Stay Lose-Shift", "--turns", "30", "--noise", "0.1"]
    from_preset = invoke("match", *args, "--game", "supplier-buyer-trust(step=0.5)")
    from_file = invoke("match", *args, "--game", str(path))
    assert from_file.exit_code == 0, from_file.output
    assert from_file.output == from_preset.output
    assert "relational rent" in from_file.output


# -- ipd match ------------------------------------------------------------------------


def test_match_names_each_players_role_and_moves_and_the_rent_in_its_score():
    result = invoke("match", "Tit For Tat", "Grudger", "--game", "supplier-buyer-trust")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[1] == "Tit For Tat (supplier): C = keep quality, D = cut corners"
    assert lines[2] == "Grudger (buyer): C = pay fairly, D = squeeze the price"
    # 200 turns of mutual cooperation: a rent of 0.25 * min(run, 8), run = 0, 1, ...
    rent = sum(0.25 * min(run, 8) for run in range(200))
    assert rent == 0.25 * (sum(range(9)) + 8 * 191)
    scores = {line.split()[0]: line for line in lines if "score" in line}
    assert f"score {3 * 200 + rent:g}" in scores["Tit"]
    assert f"score {4 * 200 + rent:g}" in scores["Grudger"]
    assert all(f"{rent:g} of it relational rent" in line for line in scores.values())


def test_match_rent_part_agrees_with_turn_payoffs_under_noise():
    args = ["Tit For Tat", "Random", "--turns", "80", "--noise", "0.05", "--seed", "7"]
    result = invoke("match", *args, "--game", "supplier-buyer-trust(step=0.5, cap=3)")
    assert result.exit_code == 0, result.output
    game = get_game("supplier-buyer-trust(step=0.5, cap=3)")
    played = play_match("Tit For Tat", "Random", 80, noise=0.05, game=game, seed=7)
    with_rent = turn_payoffs(played.moves, game.payoffs, game.rent).sum(axis=-1)
    without = turn_payoffs(played.moves, game.payoffs).sum(axis=-1)
    rents = with_rent - without
    assert rents[0] > 0 and with_rent == pytest.approx(played.scores)
    lines = [line for line in result.output.splitlines() if "score" in line]
    for line, score, rent in zip(lines, played.scores, rents, strict=True):
        assert f"score {score:g}" in line and f"{rent:g} of it relational rent" in line


def test_match_says_who_holds_which_role_in_any_asymmetric_game():
    result = invoke("match", "Tit For Tat", "Defector", "--payoffs", "3,0,5,1;4,0,6,1")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[1] == (
        "Tit For Tat plays the row role, Defector the column role."
    )
    assert "relational rent" not in result.output


def test_match_of_a_classic_game_shows_no_legend():
    result = invoke("match", "Tit For Tat", "Alternator", "--turns", "6", "--seed", "3")
    lines = result.output.splitlines()
    assert lines[1] == "" and lines[2].startswith("turn 1")
    assert "relational rent" not in result.output and "C =" not in result.output


def test_a_symmetric_scenario_names_its_moves_for_both_players():
    result = invoke("match", "Tit For Tat", "Defector", "--game", "price-war", "--turns", "5")
    assert result.output.splitlines()[1:3] == [
        "Tit For Tat: C = hold the price, D = cut the price",
        "Defector: C = hold the price, D = cut the price",
    ]


# -- ipd play and the human match -----------------------------------------------------


def test_play_names_roles_moves_payoffs_and_scores_the_rent_as_the_engine_does():
    mine = [C, C, C, C, D, C, C, C]
    text = "".join("CD"[m] + "\n" for m in mine)
    result = invoke(
        "play", "Tit For Tat", "--game", "supplier-buyer-trust", "--turns", "8", input=text
    )
    assert result.exit_code == 0, result.output
    out = result.output
    assert "You are the supplier: C = keep quality, D = cut corners." in out
    assert "Tit For Tat is the buyer: C = pay fairly, D = squeeze the price." in out
    assert "you keep quality, they pay fairly: 3\n" in out
    assert "you cut corners, they squeeze the price: 0\n" in out
    assert "Relational rent: on a turn when you keep quality and they pay fairly" in flat(out)
    assert "Turn 3: C (keep quality), D (cut corners) or q" in out
    theirs = [C, *mine[:-1]]  # Tit For Tat copies the human
    payoffs = turn_payoffs(
        np.array([mine, theirs]), get_game("supplier-buyer").payoffs, RelationalRent(0.25, 8)
    )
    # turn 3: the third turn of mutual cooperation, a run of 2 before it
    assert (
        "you keep quality, they pay fairly: you +3.5, they +4.5 (+0.5 relational rent each)" in out
    )
    assert "you cut corners, they pay fairly: you +5, they +0   total" in out
    totals = payoffs.sum(axis=1)
    assert out.rstrip().splitlines()[-2] == (
        f"The match ended after 8 turns: you {totals[0]:g}, Tit For Tat {totals[1]:g}."
    )
    rent = payoffs[0].sum() - get_game("supplier-buyer").payoffs[0][mine, theirs].sum()
    assert out.rstrip().splitlines()[-1] == f"Relational rent in these totals: {rent:g} each."


def test_play_hidden_opponent_in_a_scenario_is_they():
    result = invoke(
        "play",
        "Defector",
        "--game",
        "supplier-buyer-power",
        "--turns",
        "2",
        "--hide",
        input="C\nC\n",
    )
    assert result.exit_code == 0, result.output
    assert "They are the buyer: C = pay fairly, D = squeeze the price." in result.output
    assert "Defector" not in result.output.split("Your opponent was")[0]
    assert "(in the payoffs above)" in result.output
    # keeping quality against a squeeze under governance: -1 - 0.5 monitoring
    assert "you keep quality, they squeeze the price: you -1.5, they +3   total" in result.output


@pytest.mark.parametrize("noise", [0.0, 0.2])
def test_a_human_match_pays_exactly_what_turn_payoffs_pays(noise):
    rent = RelationalRent(0.1, 5)  # a step that is not a binary fraction
    game = Game("trust", get_game("supplier-buyer").payoffs, rent=rent)
    match = HumanMatch(create("Tit For Tat"), game, 120, None, noise, 3)
    choices = np.random.default_rng(0).random(120) < 0.1  # defect one turn in ten
    turns = [match.play(Action(int(d))) for d in choices]
    moves = np.stack([match.mine, match.theirs])
    expected = turn_payoffs(moves, game.payoffs, rent)
    assert [t.my_payoff for t in turns] == expected[0].tolist()
    assert [t.their_payoff for t in turns] == expected[1].tolist()
    rents = turn_payoffs(moves, np.zeros((2, 2, 2)), rent)[0]
    assert [t.rent for t in turns] == rents.tolist()
    assert rents.max() > 0
    if noise == 0:
        assert rents.max() == pytest.approx(0.5)  # runs reach the cap: 0.1 * 5
    assert match.scores == pytest.approx(expected.sum(axis=1))
    assert match.rent == pytest.approx(rents.sum())


# -- ipd tournament, results and figures -----------------------------------------------


def test_tournament_on_a_scenario_prints_what_cooperation_means_and_saves_the_game(tmp_path):
    out = tmp_path / "run"
    args = ["Tit For Tat", "Defector", "Grudger", "--turns", "30", "--repetitions", "2"]
    spec = "supplier-buyer-trust(cap=4)"
    result = invoke("tournament", *args, "--game", spec, "--no-plots", "--out", str(out))
    assert result.exit_code == 0, result.output
    game = get_game(spec)
    text = flat(result.output)
    assert "cooperation = keep quality (supplier) / pay fairly (buyer)" in text
    assert flat(game.rent.describe()) in text
    assert get_game(str(out / "game.toml")) == game
    manifest = json.loads((out / "manifest.json").read_text())["parameters"]["game"]
    assert manifest["description"] == game.description
    assert manifest["moves"] == [
        ["keep quality", "cut corners"],
        ["pay fairly", "squeeze the price"],
    ]
    assert manifest["relational_rent"] == {"step": 0.25, "cap": 4}
    assert manifest["cooperation"] == "keep quality (supplier) / pay fairly (buyer)"
    again = tmp_path / "again"
    repeat = invoke(
        "tournament", *args, "--game", str(out / "game.toml"), "--no-plots", "--out", str(again)
    )
    assert repeat.exit_code == 0, repeat.output
    assert (again / "summary.csv").read_text() == (out / "summary.csv").read_text()


def test_tournament_on_a_classic_game_prints_no_game_notes(tmp_path):
    result = invoke(
        "tournament",
        "Tit For Tat",
        "Defector",
        "--turns",
        "10",
        "--repetitions",
        "1",
        "--no-plots",
        "--out",
        str(tmp_path / "r"),
    )
    assert result.exit_code == 0, result.output
    assert "cooperation =" not in result.output and "relational rent" not in result.output
    assert get_game(str(tmp_path / "r" / "game.toml")) == get_game("classic")


def test_format_summary_notes_only_for_a_game_that_adds_something():
    summary = Tournament(["Tit For Tat", "Defector"], turns=5, repetitions=1).play().summary
    assert format_summary(summary, get_game("classic")) == format_summary(summary)
    power = format_summary(summary, get_game("supplier-buyer-power")).splitlines()
    assert power[0] == "cooperation = keep quality (supplier) / pay fairly (buyer)"
    assert flat(" ".join(power[1:3])).startswith("governance: monitoring costs each side 0.5")
    war = format_summary(summary, get_game("price-war")).splitlines()
    assert war[:2] == ["cooperation = hold the price", ""]


def test_figure_subtitles_name_the_game_and_what_cooperation_means(tmp_path, monkeypatch):
    from tournament.reports import tournament as plotting

    subtitles = []
    original = plotting.score_distribution

    def record(scores, order, subtitle):
        subtitles.append(subtitle)
        return original(scores, order, subtitle)

    monkeypatch.setattr(plotting, "score_distribution", record)
    for spec in ("fixed-pie", "classic"):
        Tournament(["Tit For Tat", "Defector"], game=spec, turns=5, repetitions=1).play().write(
            tmp_path / spec
        )
    pie, classic = subtitles
    assert pie.splitlines() == [
        "fixed-pie, 5 turns, noise 0, 1 repetitions",
        "cooperation = ask a fair price (supplier) / accept the price (buyer)",
    ]
    assert "\n" not in classic and classic.startswith("classic, ")


@pytest.mark.parametrize("figure", ["scores", "heatmap"])
def test_a_two_line_subtitle_fits_above_the_axes(figure):
    from tournament.reports import style
    from tournament.reports import tournament as plotting

    names = ["Tit For Tat", "Defector", "Grudger"]
    scores = pd.DataFrame(np.arange(9.0).reshape(3, 3), index=names)
    payoffs = pd.DataFrame(np.arange(9.0).reshape(3, 3), index=names, columns=names)
    subtitle = (
        "supplier-buyer, 200 turns\ncooperation = keep quality (supplier) / pay fairly (buyer)"
    )
    if figure == "scores":
        fig = plotting.score_distribution(scores, names, subtitle)
    else:
        fig = plotting.payoff_heatmap(payoffs, names, subtitle)
    try:
        fig.canvas.draw()
        renderer = fig.canvas.get_renderer()
        ax = fig.axes[0]
        title = ax.title.get_window_extent(renderer)
        inside = fig.bbox.padded(-1)
        assert inside.contains(title.x0, title.y0) and inside.contains(title.x1, title.y1)
        assert title.y0 >= ax.get_window_extent(renderer).y1
    finally:
        style.close_all()


# -- exact analysis -------------------------------------------------------------------


def test_markov_payoffs_refuse_relational_rents_and_take_governance():
    with pytest.raises(IPDError, match="relational rents.*fixed payoffs per turn"):
        memory_one_payoffs("Tit For Tat", "Win-Stay Lose-Shift", game="supplier-buyer-trust")
    # the outcome shares do not depend on the payoffs: still exact
    shares = outcome_distribution("Tit For Tat", "Tit For Tat", 10, game="supplier-buyer-trust")
    assert shares.tolist() == [1.0, 0.0, 0.0, 0.0]
    game = get_game("supplier-buyer-power(monitoring=1)")
    exact = memory_one_payoffs("Tit For Tat", "Alternator", game=game, turns=9)
    played = play_match("Tit For Tat", "Alternator", 9, game=game, seed=1)
    assert exact == pytest.approx(tuple(played.scores / 9))


# -- mistakes in scenario files -------------------------------------------------------


BAD_FILES = {
    "missing_p.toml": (
        'roles = ["supplier", "buyer"]\n[supplier]\npayoffs = { R = 3, S = 0, T = 5 }\n'
        "[buyer]\npayoffs = [4, 0, 6, 1]\n",
        "supplier.payoffs",
    ),
    "unknown_key.toml": ("payoffs = [3, 0, 5, 1]\nrents = 2\n", "'rents'"),
    "bad_rent.toml": (
        "payoffs = [3, 0, 5, 1]\n[relational_rent]\nstep = 0.5\ncap = 0\n",
        "relational_rent",
    ),
}


@pytest.mark.parametrize("name", sorted(BAD_FILES))
@pytest.mark.parametrize("command", ["games", "match", "tournament", "play"])
def test_a_bad_scenario_file_is_a_clean_error_naming_the_file_and_key(name, command, tmp_path):
    text, key = BAD_FILES[name]
    path = tmp_path / name
    path.write_text(text)
    args = {
        "games": ["games", str(path)],
        "match": ["match", "Tit For Tat", "Defector", "--game", str(path)],
        "tournament": ["tournament", "Tit For Tat", "--game", str(path), "--out", str(tmp_path)],
        "play": ["play", "Tit For Tat", "--game", str(path)],
    }[command]
    result = invoke(*args, input="C\n")
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output and result.exception is not None
    assert isinstance(result.exception, SystemExit)
    assert f"Error: {path}" in result.output and key in result.output


def test_every_preset_renders_in_games():
    for name in GAMES:
        result = invoke("games", name)
        assert result.exit_code == 0, (name, result.output)
        assert result.output.startswith(GAMES[name]().name)
