"""Business scenarios in experiment files: scenario presets with their parameters as
axes, scenario files, the ``[compare]`` table and its answer in words, the answer to
"from which rent does reciprocity win", and the three shipped business experiments
(parsed and expanded here, not run: they take seconds to minutes)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from tournament.core.relationships import Governance, RelationalRent
from tournament.core.scenarios import supplier_buyer_trust
from tournament.experiments import Experiment, load_config, parse_config, run_experiment
from tournament.experiments.config import ConfigError
from tournament.experiments.summary import summarize

EXPERIMENTS = Path(__file__).resolve().parent.parent / "experiments"

#: A supplier and buyer whose plain payoffs are one higher than supplier-buyer's
#: (R = 4 and 5 instead of 3 and 4), with no rent: trust must earn its rent to beat it.
RICH = """
name = "rich-deal"
kind = "dilemma"
description = "The same deliveries at better prices."
roles = ["supplier", "buyer"]

[supplier]
moves = ["keep quality", "cut corners"]
payoffs = { R = 4, S = -1, T = 6, P = 0 }

[buyer]
moves = ["pay fairly", "squeeze the price"]
payoffs = { R = 5, S = 0, T = 7, P = 1 }
"""


def write(folder: Path, text: str, name: str = "exp.toml") -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


# -- scenario games in experiment files ------------------------------------------------------


def test_scenario_presets_take_their_parameters_as_axes():
    exp = Experiment(
        parse_config(
            """
            strategies = ["Tit For Tat", "Defector"]
            [[game]]
            preset = "supplier-buyer-trust"
            step = [0, 0.5]
            cap = 4
            [[game]]
            preset = "supplier-buyer-power"
            name = "power"
            monitoring = [0.5, 1]
            [[game]]
            preset = "fixed-pie"
            pie = 10
            grab = 2
            """
        )
    )
    games = [g.game for g in exp.games]
    assert [g.name for g in games] == [
        "supplier-buyer-trust(step=0, cap=4)",
        "supplier-buyer-trust(step=0.5, cap=4)",
        "power(monitoring=0.5)",  # a named table: its name and what it sweeps
        "power(monitoring=1)",
        "fixed-pie(pie=10, grab=2)",
    ]
    assert [g.rent for g in games[:2]] == [RelationalRent(0.0, 4), RelationalRent(0.5, 4)]
    assert [g.governance for g in games[2:4]] == [Governance(0.5, 2.5), Governance(1.0, 2.5)]
    assert games[4].kind == "fixed-pie" and games[4].payoffs[0].tolist() == [[5, 3], [7, 5]]
    for game in games:  # the story and the named moves survive the renaming
        assert game.labelled and game.description
    assert games[0].labels[0] == ("keep quality", "cut corners")
    assert exp.parameter_names == ["step", "cap", "monitoring", "pie", "grab"]
    assert exp.table_labels == ["supplier-buyer-trust", "power", "fixed-pie"]


def test_a_scenario_file_is_read_relative_to_the_experiment_file(tmp_path):
    write(tmp_path, RICH, "scenarios/rich.toml")
    config = load_config(
        write(
            tmp_path / "experiments",
            """
            strategies = ["Tit For Tat", "Defector"]
            [[game]]
            file = "../scenarios/rich.toml"
            [[game]]
            file = "../scenarios/rich.toml"
            name = "renamed"
            """,
        )
    )
    assert config.game[0].file == str(tmp_path / "experiments" / ".." / "scenarios" / "rich.toml")
    exp = Experiment(config)
    plain, renamed = (g.game for g in exp.games)
    assert plain.name == "rich-deal" and renamed.name == "renamed"
    assert plain.roles == ("supplier", "buyer") and plain.kind == "dilemma"
    assert plain.labels[1] == ("pay fairly", "squeeze the price")
    assert renamed == plain and renamed.description == plain.description
    assert exp.table_labels == ["rich-deal", "renamed"]


def test_a_renamed_scenario_keeps_its_rent_and_the_manifest_tells_its_story():
    exp = Experiment(
        parse_config(
            """
            strategies = ["Tit For Tat", "Defector"]
            [[game]]
            preset = "supplier-buyer-trust"
            name = "trust"
            step = 0.5
            """
        )
    )
    game = exp.games[0].game
    assert game.name == "trust" and game.rent == RelationalRent(0.5, 8)
    resolved = exp.resolved()["games"][0]
    assert resolved["relational_rent"] == {"step": 0.5, "cap": 8}
    assert resolved["moves"][0] == ["keep quality", "cut corners"]
    assert resolved["description"] == game.description and resolved["table"] == "trust"
    json.dumps(resolved)  # the manifest can hold it


def test_a_cell_key_and_seed_change_with_the_rent_and_the_governance():
    def cell(game_table: str):
        text = f'strategies = ["Tit For Tat", "Defector"]\n[[game]]\n{game_table}\nname = "g"\n'
        return Experiment(parse_config(text)).cells[0]

    low = cell('preset = "supplier-buyer-trust"\nstep = 0.25')
    high = cell('preset = "supplier-buyer-trust"\nstep = 0.5')
    assert low.game.name == high.game.name == "g"
    assert np.array_equal(low.game.payoffs, high.game.payoffs)  # only the rent differs
    assert low.key != high.key and low.seed != high.seed
    policed = cell('preset = "supplier-buyer-power"\nmonitoring = 0')
    other = cell('preset = "supplier-buyer-power"\nmonitoring = 0\npenalty = 1')
    assert policed.key != other.key
    plain = cell('preset = "supplier-buyer"')
    assert set(plain.coordinates["game"]) == {"name", "roles", "payoffs"}  # seeds as before


# -- mistakes -------------------------------------------------------------------------------

BAD = [
    (
        '[[game]]\npreset = "supplier-buyer-trust"\nstepp = 0.5',
        [
            "game[0]: game 'supplier-buyer-trust' has no parameter 'stepp'",
            "Did you mean: 'step'",
            "It takes: step, cap.",
        ],
    ),
    (
        '[[game]]\npreset = "supplier-buyer-power"\nmonitor = 1',
        ["has no parameter 'monitor'", "It takes: monitoring, penalty."],
    ),
    ('[[game]]\npreset = "fixed-pie"\nsize = 1', ["It takes: pie, grab."]),
    (
        '[[game]]\npreset = "supplier-buyer-trust"\ncap = 0.5',
        ["game: supplier-buyer-trust with {'cap': 0.5}", "expected a whole number of turns"],
    ),
    (
        '[[game]]\nfile = "nowhere.toml"',
        ["game[0].file: got 'nowhere.toml' (a string)", "an existing scenario file"],
    ),
    ('[[game]]\nfile = "rich.txt"', ["game[0].file:", "ending in .toml"]),
    ('[[game]]\nfile = "rich.toml"\nstep = 1', ["a scenario file takes no parameter, got 'step'"]),
    ('[[game]]\nfile = "broken.toml"', ["game.file: ", "broken.toml", "payoffs"]),
    (
        '[[game]]\nfile = "rich.toml"\npreset = "classic"',
        ["game[0]: give exactly one of 'preset'", "or 'file' (a scenario file"],
    ),
    (
        '[[game]]\npreset = "classic"\nname = "a"\n[[game]]\npreset = "classic"\nname = "b"\n'
        '[compare]\ngames = ["a", "bb"]',
        ["compare.games[1]: got 'bb'", "the name of a [[game]] table", ": a, b.", "'b'"],
    ),
    ('[compare]\ngames = ["a"]', ["compare.games: got ['a'] (a list), expected two different"]),
    ('[compare]\ngames = ["a", "a"]', ["compare.games: got", "two different names"]),
    ('[compare]\nmeasure = "round-robin"', ["compare: no 'games'"]),
    (
        '[compare]\ngames = ["a", "b"]\nmeasure = "evolutoin"',
        ["compare.measure: got 'evolutoin'", "'evolution', 'round-robin'", "Did you mean"],
    ),
    (
        '[compare]\ngames = ["a", "b"]\nmeasure = "evolution"',
        ["compare.measure: got 'evolution', expected 'round-robin' without an [evolution]"],
    ),
    ('[compare]\ngames = ["a", "b"]\nquestion = "Why?"', ["unknown key 'compare.question'"]),
    ("question = 3", ["question: got 3, expected a string"]),
]


@pytest.mark.parametrize(("text", "fragments"), BAD, ids=[b[0][:40] for b in BAD])
def test_mistakes_name_the_file_the_key_and_what_is_expected(text, fragments, tmp_path):
    write(tmp_path, RICH, "rich.toml")
    write(tmp_path, "name = 'broken'\n", "broken.toml")
    path = write(tmp_path, 'strategies = ["Tit For Tat", "Defector"]\n' + text + "\n", "bad.toml")
    with pytest.raises(ConfigError) as info:
        Experiment(load_config(path))
    message = str(info.value)
    assert message.startswith(f"{path}: ")
    for fragment in fragments:
        assert fragment in message


# -- the comparison: a tiny experiment whose answer is known ---------------------------------

#: Cooperator and Tit For Tat cooperate on every turn, so each side earns exactly R plus
#: the rent: per turn, trust earns 3.5 + step * mean(min(t, 8) for t < T) and the rich
#: deal 4.5. Trust is ahead once the mean rent passes 1.
COMPARE = """
name = "tiny"
strategies = ["Cooperator", "Tit For Tat"]
repetitions = 1
seed = 3

[sweep]
turns = [1, 3, 6, 10]

[[game]]
preset = "supplier-buyer-trust"
name = "trust"
step = [0.5, 1.5]

[[game]]
file = "rich.toml"
name = "rich"

[compare]
games = ["trust", "rich"]
"""


def expected_difference(step: float, turns: int) -> float:
    return step * np.mean([min(t, 8) for t in range(turns)]) - 1.0


def test_the_comparison_answer_is_right_and_worded_as_documented(tmp_path):
    write(tmp_path, RICH, "rich.toml")
    config = write(tmp_path, COMPARE + "[evolution]\ngenerations = 5\n")
    results = run_experiment(config, tmp_path / "out")
    table = pd.read_csv(results.out / "comparison.csv")
    assert len(table) == 2 * 4  # two trust games against one, at four horizons
    for _, row in table.iterrows():
        step = float(row["pair"].split()[1])
        expected = expected_difference(step, int(row["expected_turns"]))
        assert row["difference"] == pytest.approx(expected, abs=1e-9)
        assert row["first_round_robin"] == pytest.approx(row["first_evolution"], abs=1e-9)
    text = results.summary_text()
    answer = text[text.index("When does trust out-earn rich?") :]
    assert answer.splitlines()[:6] == [
        "When does trust out-earn rich?",
        "Measured by what the market earns once it has adapted: the mean payoff per turn of "
        "each side after 5 generations of the ecological simulation:",
        "  at step 0.5: trust out-earns rich when relationships last 6 turns or more",
        "  at step 1.5: trust out-earns rich when relationships last 3 turns or more",
        "In the shortest relationships (1 turn), rich earns more in 2 of 2 comparisons; in "
        "the longest (10 turns), trust out-earns it in 2 of 2.",
        "Largest gaps, per turn: trust ahead by 5.60 (step 1.5, 10 turns); rich ahead by 1.00 "
        "(step 0.5, 1 turn).",
    ]
    assert "The round robin's plain mean score, before the simulation, agrees." in answer
    assert text.endswith(answer) and (results.out / "summary.txt").read_text() == text + "\n"
    assert "  trust: supplier keep quality or cut corners" in text  # the moves, named
    for figure in ("comparison_map.png", "rank_comparison.png"):
        assert (results.out / figure).stat().st_size > 10_000
    manifest = json.loads((results.out / "manifest.json").read_text())
    assert "comparison.csv" in manifest["files"]


def test_the_round_robin_measure_and_the_noise_threshold(tmp_path):
    """Without an [evolution] table the round robin's mean is compared; with one horizon,
    the noise is the threshold axis (noise lowers trust's rent, not the rich deal's
    plain payoffs)."""
    write(tmp_path, RICH, "rich.toml")
    text = (
        COMPARE.replace("turns = [1, 3, 6, 10]", "turns = 10\nnoise = [0, 0.5]")
        .replace("step = [0.5, 1.5]", "step = 1.5")
        .replace('strategies = ["Cooperator", "Tit For Tat"]', 'strategies = ["Cooperator"]')
    )
    results = run_experiment(write(tmp_path, text), tmp_path / "out", plots=False)
    table = pd.read_csv(results.out / "comparison.csv")
    assert list(table["noise"]) == [0.0, 0.5]
    assert table["difference"].iloc[0] == pytest.approx(expected_difference(1.5, 10))
    assert table["difference"].iloc[1] < 0  # half the moves flipped: the runs break
    answer = results.summary_text().split("When does trust out-earn rich?\n")[1].splitlines()
    assert answer[0] == (
        "Measured by the round robin's mean score per turn (every strategy of the field "
        "counted once):"
    )
    assert answer[1] == "  trust out-earns rich only without noise"


def test_reciprocity_frontier_along_a_swept_rent():
    """The answer to "how large must the rent be": for each noise level, the smallest
    step from which a reciprocal strategy ranks first at every larger step."""
    exp = Experiment(
        parse_config(
            """
            question = "How large must rents be?"
            strategies = ["Tit For Tat", "Defector"]
            [sweep]
            noise = [0, 0.1]
            [[game]]
            preset = "supplier-buyer-trust"
            step = [0, 0.5, 1]
            """
        )
    )
    # cells in order: step 0 (noise 0, 0.1), step 0.5 (...), step 1 (...)
    first = [False, False, True, False, True, False]
    cells = pd.DataFrame(
        {
            "winner": ["Tit For Tat" if f else "Defector" for f in first],
            "reciprocal_first": first,
            "best_reciprocal_rank": [1 if f else 2 for f in first],
        }
    )
    text = summarize(exp, cells)
    assert text.splitlines()[:3] == [
        "Reciprocal strategies rank first in 2 of 6 cells (Tit For Tat):",
        "  noise 0: step 0.5 to 1",
        "Elsewhere:",
    ]
    assert text.endswith(
        "How large must rents be?\n"
        "The smallest step from which a reciprocal strategy ranks first at every larger one:\n"
        "  noise 0: step 0.5 (a rent of up to +4 per turn, after 8 turns of trust)\n"
        "  noise 0.1: none (never first up to step 1)"
    )


# -- the shipped business experiments ---------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "cells", "compared"),
    [
        ("trust_vs_power", 6 * 7 * 2, ("trust", "power")),
        ("relational_rents", 11 * 1 * 5, None),
        ("fixed_pie", 2 * 6 * 2, ("value-creating", "fixed-pie")),
    ],
)
def test_shipped_business_experiments_parse_and_expand(name, cells, compared):
    path = EXPERIMENTS / f"{name}.toml"
    exp = Experiment(load_config(path))
    assert len(exp.cells) == cells
    assert exp.config.question.endswith("?")
    assert path.read_text().startswith(f"# {exp.config.question}\n")
    assert "--workers 2" in path.read_text().split("\n\n")[0]  # how to run it, and how long
    if compared is None:
        assert exp.config.compare is None and exp.axes[0].parameter == "step"
        assert all(g.game.rent.cap == 8 for g in exp.games)
    else:
        assert exp.config.compare.games == compared
        first, second = exp.compared
        assert [exp.table_labels[first], exp.table_labels[second]] == list(compared)
    assert all(g.game.labelled for g in exp.games)


def test_trust_against_power_sweeps_monitoring_and_expected_length():
    exp = Experiment(load_config(EXPERIMENTS / "trust_vs_power.toml"))
    trust = exp.games[0].game
    assert trust.rent == supplier_buyer_trust().rent  # the default rent
    monitoring = [g.game.governance.monitoring_cost for g in exp.games[1:]]
    assert monitoring == sorted(monitoring) and monitoring[0] == 0 and monitoring[-1] >= 2
    means = sorted(1 / p for _, p in exp.config.horizons)
    assert means[0] == 2 and means[-1] == 100
    assert exp.config.evolution is not None and exp.config.compare.measure == "evolution"
