"""Experiment config files: what they mean, and one precise error per kind of mistake."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from tournament.cli import main
from tournament.experiments import Experiment, plan_experiment
from tournament.experiments.config import ConfigError, load_config, parse_config

EXPERIMENTS = Path(__file__).resolve().parent.parent / "experiments"


def test_defaults_fill_a_minimal_file():
    config = parse_config("", source="x.toml")
    assert config.name == "x"
    assert config.seed == 1 and config.repetitions == 10 and config.workers == 1
    assert config.sweep.noise == (0.0,)
    assert config.horizons == [(200, None)]
    assert str(config.out_dir) == "results/x"
    assert Experiment(config).labels[:2] == ["Cooperator", "Defector"]  # the classic field


def test_ranges_lists_and_scalars():
    config = parse_config(
        """
        [sweep]
        noise = { start = 0, stop = 0.3, step = 0.1 }
        turns = { start = 1, stop = 1000, num = 4, scale = "log" }
        prob_end = 0.5
        """
    )
    assert config.sweep.noise == (0.0, 0.1, 0.2, 0.3)  # both ends, no 0.30000000000000004
    assert config.sweep.turns == (1, 10, 100, 1000)
    assert config.horizons == [(1, None), (10, None), (100, None), (1000, None), (None, 0.5)]


def test_game_parameters_are_swept_in_file_order():
    config = parse_config(
        """
        strategies = ["TFT", "Defector"]
        [[game]]
        preset = "donation"
        b = [2, 4]
        c = [1, 0.5]
        [[game]]
        payoffs = [[3, -1, 5, 0], [4, 0, 6, 1]]
        name = "my business"
        [[game]]
        preset = "classic"
        T = [5.5, 7]
        """
    )
    exp = Experiment(config)
    names = [g.game.name for g in exp.games]
    assert names == [
        "donation(b=2, c=1)",
        "donation(b=2, c=0.5)",
        "donation(b=4, c=1)",
        "donation(b=4, c=0.5)",
        "my business",
        "classic(T=5.5)",
        "classic(T=7)",
    ]
    assert exp.parameter_names == ["b", "c", "T"]
    assert not exp.games[4].game.symmetric
    assert len(exp.cells) == 7


def test_a_single_table_game_is_accepted():
    config = parse_config('[game]\npreset = "supplier-buyer"\n')
    assert Experiment(config).games[0].game.roles == ("supplier", "buyer")


@pytest.mark.parametrize("path", sorted(EXPERIMENTS.glob("*.toml")), ids=lambda p: p.name)
def test_shipped_experiments_load(path):
    exp = plan_experiment(load_config(path))  # a sweep, or a random study
    assert exp.config.description
    assert exp.cells


BAD = [
    # (file text, every fragment the message must contain)
    ("repetition = 5", ["unknown key 'repetition'", "Did you mean: 'repetitions'?"]),
    ('seed = "abc"', ["seed: got 'abc' (a string), expected a non-negative integer"]),
    ("seed = -1", ["seed: got -1, expected a non-negative integer"]),
    ("repetitions = 0", ["repetitions: got 0, expected a positive integer"]),
    ("repetitions = 2.5", ["repetitions: got 2.5, expected a positive integer"]),
    ("[sweep]\nnoise = []", ["sweep.noise: got [] (a list)", "an empty sweep axis"]),
    ("[sweep]\nnoise = 1.5", ["sweep.noise: got 1.5, expected a probability in [0, 1]"]),
    ("[sweep]\nnoise = [0, 0.1, 2]", ["sweep.noise[2]: got 2, expected a probability"]),
    ("[sweep]\nnoise = [0.1, 0.1]", ["sweep.noise[1]: got 0.1", "listed twice"]),
    ('[sweep]\nnoise = "high"', ["sweep.noise: got 'high' (a string), expected a number"]),
    ("[sweep]\nturns = 0", ["sweep.turns: got 0, expected a positive integer"]),
    ("[sweep]\nturns = 2.5", ["sweep.turns: got 2.5, expected an integer"]),
    ("[sweep]\nprob_end = 0", ["sweep.prob_end: got 0, expected an ending probability"]),
    ("[sweep]\nnoises = [0]", ["unknown key 'sweep.noises' in [sweep]", "'noise'"]),
    (
        "[sweep]\nnoise = {start = 0, stop = 1}",
        ["sweep.noise: got", "exactly one of 'num' (how many) or 'step'"],
    ),
    (
        "[sweep]\nnoise = {start = 0, stop = 1, num = 3, stride = 2}",
        ["unknown key 'sweep.noise.stride'"],
    ),
    ('strategies = ["Tit For Tatt"]', ["strategies[0]:", "Did you mean: 'Tit For Tat'"]),
    ("strategies = []", ["strategies: got [] (a list), expected a non-empty list"]),
    ('roster = "clasic"', ["roster:", "Did you mean: 'classic'"]),
    ('[[game]]\npreset = "clasic"', ["game[0].preset: unknown game 'clasic'", "'classic'"]),
    ('[[game]]\npreset = "donation"\nd = 2', ["has no parameter 'd'", "It takes: b, c"]),
    ('[[game]]\npreset = "donation"\nb = []', ["game[0].b: got [] (a list)"]),
    ("[[game]]\npayoffs = [3, 0, 5]", ["game[0].payoffs: got [3, 0, 5]", "[R, S, T, P]"]),
    (
        '[[game]]\npreset = "classic"\npayoffs = [3, 0, 5, 1]',
        ["game[0]: give exactly one of 'preset'"],
    ),
    (
        '[[game]]\npreset = "classic"\n[[game]]\npreset = "classic"',
        ["'classic' appears twice"],
    ),
    ('[figures]\nmap = ["noise"]', ["figures.map: got ['noise'] (a list), expected two"]),
    ('[figures]\nmap = ["noise", "colour"]', ["figures.map: got 'colour'", "game, horizon"]),
    (
        'strategies = ["TFT", "Defector"]\n[figures]\nstrategies = ["Grudger"]',
        ["figures.strategies[0]: got 'Grudger'", "a strategy of the field"],
    ),
    ("name = 'a/b'", ["name: got 'a/b' (a string), expected a non-empty name"]),
    ("seed = ", ["not valid TOML", "line 1"]),
    ("sweep = 3", ["sweep: got 3, expected a table"]),
]


@pytest.mark.parametrize(("text", "fragments"), BAD, ids=[b[0][:40] for b in BAD])
def test_bad_configs_name_the_file_the_key_and_what_is_expected(text, fragments, tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text(text + "\n")
    with pytest.raises(ConfigError) as info:
        Experiment(load_config(path))
    message = str(info.value)
    assert message.startswith(f"{path}: ")
    for fragment in fragments:
        assert fragment in message


def test_bad_config_on_the_command_line_runs_nothing(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text('strategies = ["TFT", "Defecter"]\n')
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["run", str(path), "--out", str(out)])
    assert result.exit_code == 2
    assert result.output.startswith(f"Error: {path}: strategies[1]: unknown strategy")
    assert "Did you mean: 'Defector'" in result.output
    assert "Traceback" not in result.output
    assert not out.exists()  # checked before any cell ran


def test_missing_file_suggests_a_near_name(tmp_path):
    (tmp_path / "noise.toml").write_text("")
    result = CliRunner().invoke(main, ["run", str(tmp_path / "nose.toml")])
    assert result.exit_code == 2
    assert "no experiment file" in result.output and "Did you mean: 'noise.toml'" in result.output
