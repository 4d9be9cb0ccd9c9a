"""Random-tournament studies (a ``[random]`` table): the config and its errors, trials
drawn from the experiment seed alone, normalised ranks, resuming, CSV and Parquet tables,
a Dask cluster, and ``ipd run`` end to end."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

from tournament.cli import main
from tournament.core.round_robin import Tournament
from tournament.experiments import (
    Experiment,
    RandomStudy,
    load_config,
    run_experiment,
    verify_against,
)
from tournament.experiments.config import TOURNAMENT_TYPES, ConfigError, parse_config
from tournament.experiments.random_study import _draw_prob_end
from tournament.experiments.runner import largest_first
from tournament.experiments.store import CELL_COLUMNS, cell_path

EXPERIMENTS = Path(__file__).resolve().parent.parent / "experiments"

TINY = """
name = "tiny"
roster = "classic"
seed = 7

[random]
tournaments = 3
size = { min = 3, max = 6 }
repetitions = { min = 2, max = 3 }
turns = { min = 1, max = 20 }
"""


def write(tmp_path: Path, text: str = TINY, name: str = "tiny.toml") -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


def study(text: str = TINY, source: str = "x.toml") -> RandomStudy:
    return RandomStudy(parse_config(text, source=source))


# -- the config ----------------------------------------------------------------------------


def test_defaults_are_the_papers_ranges_and_the_pool_size():
    config = parse_config('roster = "classic"\n[random]\ntournaments = 2\n', source="x.toml")
    r = config.random
    assert r.tournaments == 2 and r.size == (3, None)
    assert (r.repetitions, r.turns, r.noise, r.prob_end) == ((10, 100), (1, 200), (0, 1), (0, 1))
    assert r.types == TOURNAMENT_TYPES and r.table_format == "auto"
    plan = RandomStudy(config)
    assert plan.size == (3, 15)  # the classic field
    assert len(plan.cells) == 8
    fixed = parse_config("[random]\ntournaments = 1\nsize = 4\nnoise = 0.1\nprob_end = 0.5\n")
    assert (fixed.random.size, fixed.random.noise, fixed.random.prob_end) == (
        (4, 4),
        (0.1, 0.1),
        (0.5, 0.5),
    )


RANDOM = "[random]\ntournaments = 2\n"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "[random]\nsize = 4\n",
            "x.toml: random.tournaments: missing: expected a positive integer, the number of "
            "random tournaments",
        ),
        ("[random]\ntournaments = 0\n", "x.toml: random.tournaments: got 0, expected a positive"),
        (RANDOM + "size = { min = 1 }\n", "x.toml: random.size.min: got 1, expected at least 2"),
        (
            RANDOM + "size = { min = 5, max = 4 }\n",
            "x.toml: random.size: got {'min': 5, 'max': 4} (a table), expected min <= max",
        ),
        (RANDOM + "size = 3.5\n", "x.toml: random.size: got 3.5, expected an integer"),
        (
            RANDOM + "repetitions = { min = 0, max = 3 }\n",
            "x.toml: random.repetitions.min: got 0, expected a positive integer (repetitions)",
        ),
        (
            RANDOM + "turns = { low = 1 }\n",
            "x.toml: unknown key 'random.turns.low' in [random.turns]. Expected one of: min, max.",
        ),
        (
            RANDOM + "noise = { min = 0, max = 1.5 }\n",
            "x.toml: random.noise.max: got 1.5, expected a probability in [0, 1]",
        ),
        (
            RANDOM + "prob_end = 0\n",
            "x.toml: random.prob_end: got 0, expected an ending probability in (0, 1]",
        ),
        (
            RANDOM + 'types = ["standard", "noisey"]\n',
            "x.toml: random.types[1]: got 'noisey' (a string), expected one of standard, noisy, "
            "probabilistic-ending, noisy-probabilistic-ending. Did you mean: 'noisy'",
        ),
        (
            RANDOM + 'types = ["noisy", "noisy"]\n',
            "x.toml: random.types[1]: got 'noisy' (a string), expected each type once",
        ),
        (RANDOM + "types = []\n", "x.toml: random.types: got [] (a list), expected a non-empty"),
        (
            RANDOM + 'table_format = "parket"\n',
            "x.toml: random.table_format: got 'parket' (a string), expected one of 'auto', "
            "'csv', 'parquet'. Did you mean: 'parquet'?",
        ),
        (
            RANDOM + "tournament = 3\n",
            "x.toml: unknown key 'random.tournament' in [random]. Did you mean: 'tournaments'?",
        ),
        (
            "[sweep]\nnoise = [0, 0.1]\n" + RANDOM,
            "x.toml: sweep: a file has a [sweep] table (a parameter sweep) or a [random] table",
        ),
        ("repetitions = 5\n" + RANDOM, "x.toml: repetitions: with a [random] table each"),
        (RANDOM + "[evolution]\ngenerations = 5\n", "x.toml: evolution: an [evolution] table"),
        (
            RANDOM + '[compare]\ngames = ["a", "b"]\n',
            "x.toml: compare: a [compare] table compares two games cell by cell in a sweep",
        ),
        (RANDOM + "[figures]\ncell_rankings = true\n", "x.toml: figures: the [figures] table"),
    ],
)
def test_config_errors_name_the_file_the_key_and_what_is_expected(text, message):
    with pytest.raises(ConfigError, match=re.escape(message)):
        parse_config(text, source="x.toml")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            'roster = "classic"\n' + RANDOM + "size = { max = 20 }\n",
            "x.toml: random.size.max: got 20, expected at most the pool size, 15",
        ),
        (
            'strategies = ["TFT", "Defector"]\n' + RANDOM,
            "x.toml: random.size.min: got 3, expected at most 2 (the largest size: the pool "
            "has 2 strategies)",
        ),
        (
            'strategies = ["TFT", "Defector", "Tit For Tat"]\n' + RANDOM + "size = 2\n",
            "x.toml: strategies: 'Tit For Tat' is in the pool twice",
        ),
        (
            RANDOM + '[[game]]\npreset = "donation"\nb = [2, 3]\n',
            "x.toml: game: a [random] study plays one game, got 2",
        ),
    ],
)
def test_plan_errors_name_the_numbers(text, message):
    with pytest.raises(ConfigError, match=re.escape(message)):
        study(text)


def test_a_random_config_is_not_a_sweep():
    with pytest.raises(ConfigError, match="planned by tournament.experiments.RandomStudy"):
        Experiment(parse_config(TINY))


# -- the plan ------------------------------------------------------------------------------


def test_trial_i_does_not_depend_on_the_number_of_trials():
    few, many = study(TINY), study(TINY.replace("tournaments = 3", "tournaments = 9"))
    assert len(many.cells) == 36
    assert many.trials[:3] == few.trials
    for a, b in zip(few.cells, many.cells, strict=False):
        assert (a.index, a.key, a.seed, a.players) == (b.index, b.key, b.seed, b.players)
    again = study(TINY)
    assert [c.key for c in again.cells] == [c.key for c in few.cells]
    reseeded = study(TINY.replace("seed = 7", "seed = 8"))
    assert reseeded.trials != few.trials


def test_sampled_parameters_lie_in_their_ranges():
    text = """
    roster = "classic"
    [random]
    tournaments = 300
    size = { min = 4, max = 9 }
    repetitions = { min = 3, max = 5 }
    turns = { min = 10, max = 12 }
    noise = { min = 0.1, max = 0.2 }
    prob_end = { min = 0, max = 0.5 }
    """
    plan = study(text)
    sizes = {t.size for t in plan.trials}
    assert sizes == set(range(4, 10))  # both ends reached
    for trial in plan.trials:
        assert list(trial.players) == sorted(set(trial.players))  # N distinct strategies
        assert all(0 <= i < 15 for i in trial.players)
        assert 3 <= trial.repetitions <= 5 and 10 <= trial.turns <= 12
        assert 0.1 <= trial.noise <= 0.2 and 0 < trial.prob_end <= 0.5
    assert {t.turns for t in plan.trials} == {10, 11, 12}
    for cell in plan.cells:
        trial = plan.trials[cell.trial]
        assert len(set(cell.labels)) == len(cell.players) == trial.size
        assert (cell.turns is None) == ("probabilistic" in cell.tournament_type)
        assert (cell.prob_end is None) != ("probabilistic" in cell.tournament_type)
        assert cell.noise == (trial.noise if cell.tournament_type.startswith("noisy") else 0)
    # a field drawn twice is still two trials: seeds and keys differ
    assert len({c.key for c in plan.cells}) == len({c.seed for c in plan.cells}) == 1200


class _Highest:
    """A generator whose ``random()`` returns the largest float below 1."""

    def random(self) -> float:
        return float(np.nextafter(1.0, 0.0))


@pytest.mark.parametrize("high", [1.0, 0.5, 0.3, 1e-300])
def test_a_drawn_ending_probability_is_never_zero(high):
    assert 0 < _draw_prob_end(_Highest(), 0.0, high) <= high  # type: ignore[arg-type]
    assert _draw_prob_end(_Highest(), high, high) == high


def test_the_plan_shows_the_tournaments_and_the_expected_match_turns(tmp_path):
    config = write(tmp_path)
    result = CliRunner().invoke(main, ["run", str(config), "--plan", "--tournaments", "5"])
    assert result.exit_code == 0, result.output
    assert "tiny: 5 trials x 4 types = 20 tournaments, seed 7" in result.output
    assert "expected work:" in result.output and "1/p_e for a probabilistic ending" in result.output
    plan = study(TINY)
    cell = plan.cells[2]  # probabilistic ending
    n = len(cell.players)
    assert plan.expected_match_turns(cell) == pytest.approx(
        n * (n + 1) / 2 * cell.repetitions / cell.prob_end
    )
    assert not (tmp_path / "results").exists()  # nothing ran
    sweep = write(tmp_path, "[sweep]\nturns = 5\n", "sweep.toml")
    refused = CliRunner().invoke(main, ["run", str(sweep), "--tournaments", "5"])
    assert refused.exit_code == 2 and "has no [random] table" in refused.output


# -- running -------------------------------------------------------------------------------


def test_normalised_ranks_are_those_of_the_tournament_played_directly(tmp_path):
    results = run_experiment(write(tmp_path), tmp_path / "out", plots=False)
    table = results.table
    assert list(table.columns) == [
        "tournament",
        "trial",
        "type",
        "size",
        "repetitions",
        "turns",
        "prob_end",
        "noise",
        "strategy",
        "family",
        "rank",
        "normalised_rank",
        "score_per_turn",
        "median_score_per_turn",
        "wins",
        "cooperation_rate",
    ]
    for cell in results.experiment.cells[4:8]:  # the four types of trial 1
        direct = Tournament(
            list(cell.players),
            turns=cell.turns,
            prob_end=cell.prob_end,
            repetitions=cell.repetitions,
            noise=cell.noise,
            seed=cell.seed,
        ).play()
        mine = table[table["tournament"] == cell.index].reset_index(drop=True)
        pd.testing.assert_frame_equal(
            mine[CELL_COLUMNS], direct.summary[CELL_COLUMNS], check_dtype=False, rtol=0, atol=0
        )
        n = len(cell.players)
        assert (mine["size"] == n).all()
        assert mine["normalised_rank"].tolist() == [(r - 1) / (n - 1) for r in range(1, n + 1)]
    cells = results.cells
    assert len(cells) == 12 and list(cells["type"][:4]) == list(TOURNAMENT_TYPES)
    assert cells["turns"].isna().tolist() == [False, False, True, True] * 3
    strategies = results.strategies
    per_type = table.groupby(["type", "strategy"])["normalised_rank"]
    for row in strategies.itertuples():
        assert row.median_normalised_rank == per_type.get_group((row.type, row.strategy)).median()
        assert row.tournaments == len(per_type.get_group((row.type, row.strategy)))
    first = strategies.groupby("type", sort=False)["median_normalised_rank"]
    assert first.apply(lambda s: s.is_monotonic_increasing).all()


def test_same_config_same_tables_and_resume_recomputes_only_a_deleted_cell(tmp_path):
    config = write(tmp_path)
    reference = run_experiment(config, tmp_path / "ref", plots=False)
    out = tmp_path / "out"
    first = run_experiment(config, out, workers=2, plots=False)
    assert first.computed == 12 and verify_against(out, reference.out) == []
    cell = first.experiment.cells[5]
    cell_path(out, cell).unlink()
    (out / "results.csv").unlink()
    resumed = run_experiment(config, out, plots=False)
    assert (resumed.computed, resumed.reused, resumed.recomputed) == (1, 11, {})
    assert verify_against(out, reference.out) == []
    grown = write(tmp_path, TINY.replace("tournaments = 3", "tournaments = 4"), "grown.toml")
    more = run_experiment(grown, out, plots=False)
    assert (more.computed, more.reused) == (4, 12)  # the first three trials are kept


def test_parallel_runs_start_the_largest_tournaments_first(tmp_path):
    """Workers take the cells by expected work, largest first (fewer idle workers at the
    end); equal work keeps the plan's order; the order changes no table (see above)."""
    from tournament.experiments import plan_experiment

    cells = plan_experiment(load_config(write(tmp_path))).cells
    ordered = largest_first(cells)
    work = [
        len(c.players) * (len(c.players) + 1) / 2 * c.repetitions * c.expected_turns
        for c in ordered
    ]
    assert sorted(c.index for c in ordered) == [c.index for c in cells]
    assert work == sorted(work, reverse=True) and work[0] > work[-1]
    for i in range(len(ordered) - 1):
        if work[i] == work[i + 1]:
            assert ordered[i].index < ordered[i + 1].index


def test_parquet_and_csv_tables_read_back_equal(tmp_path):
    csv = run_experiment(write(tmp_path), tmp_path / "csv", plots=False)
    text = TINY + 'table_format = "parquet"\n'
    parquet = run_experiment(write(tmp_path, text, "p.toml"), tmp_path / "pq", plots=False)
    assert (parquet.out / "results.parquet").is_file()
    assert not (parquet.out / "results.csv").exists()
    typed = parquet.table
    assert str(typed["rank"].dtype) == "int64" and str(typed["wins"].dtype) == "int64"
    assert all(
        str(typed[c].dtype) == "float64"
        for c in ("normalised_rank", "score_per_turn", "median_score_per_turn", "noise")
    )
    plain = csv.table
    pd.testing.assert_frame_equal(typed, plain, check_dtype=False, rtol=0, atol=0)
    # the other tables, and each cell's numbers, are the same whichever the format
    for name in ("cells.csv", "strategies.csv"):
        assert (csv.out / name).read_bytes() == (parquet.out / name).read_bytes()
    config = write(tmp_path, text, "p.toml")
    again = CliRunner().invoke(
        main,
        ["run", str(config), "--out", str(tmp_path / "pq2"), "--verify", str(parquet.out), "-q"],
    )
    assert again.exit_code == 0, again.output
    verified = f"Verified: all 15 tables are identical to {parquet.out}/ (CSV files byte"
    assert verified in again.output
    manifest = json.loads((parquet.out / "manifest.json").read_text())
    assert "results.parquet" in manifest["files"]
    back = run_experiment(write(tmp_path, TINY, "p.toml"), parquet.out, plots=False)
    assert back.computed == 0  # the same cells: only the table's format changes
    assert (back.out / "results.csv").is_file() and not (back.out / "results.parquet").exists()


@pytest.fixture
def dask_cluster(tmp_path):
    """A real cluster, as in tests/test_experiment.py: a scheduler and two workers, each
    its own process; yields the scheduler's address."""
    scheduler_file = tmp_path / "scheduler.json"
    env = {**os.environ, "DASK_DISTRIBUTED__WORKER__DAEMON": "False"}
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL, "env": env}
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "distributed.cli.dask_scheduler"]
            + ["--scheduler-file", str(scheduler_file), "--port", "0"]
            + ["--dashboard-address", ":0", "--host", "127.0.0.1"],
            **quiet,
        )
    ]
    try:
        deadline = time.monotonic() + 60
        while not scheduler_file.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        for _ in range(2):
            processes.append(
                subprocess.Popen(
                    [sys.executable, "-m", "distributed.cli.dask_worker"]
                    + ["--scheduler-file", str(scheduler_file), "--nworkers", "1"]
                    + ["--nthreads", "1", "--no-dashboard"],
                    **quiet,
                )
            )
        from distributed import Client

        with Client(scheduler_file=str(scheduler_file), timeout="60s") as client:
            client.wait_for_workers(2, timeout=90)
        yield json.loads(scheduler_file.read_text())["address"]
    finally:
        for process in processes[::-1]:
            process.terminate()
        for process in processes:
            process.wait(timeout=30)


def test_a_dask_cluster_gives_the_serial_tables(tmp_path, dask_cluster):
    config = write(tmp_path)
    on_dask = run_experiment(config, tmp_path / "dask", dask=dask_cluster, plots=False)
    assert on_dask.computed == 12
    serial = run_experiment(config, tmp_path / "serial", plots=False)
    assert verify_against(on_dask.out, serial.out) == []


def test_ipd_run_end_to_end(tmp_path):
    config = write(tmp_path)
    out = tmp_path / "out"
    runner = CliRunner()
    result = runner.invoke(main, ["run", str(config), "--out", str(out)])
    assert result.exit_code == 0, result.output
    text = result.output
    assert "tiny: 3 trials x 4 types = 12 tournaments" in text
    assert "12 cells computed, 0 reused" in text
    for kind in (
        "Standard: fixed length, no noise (3 tournaments):",
        "Noisy: fixed length, with noise (3 tournaments):",
        "Probabilistic ending, no noise (3 tournaments):",
        "Noisy, probabilistic ending (3 tournaments):",
    ):
        assert kind in text
    assert "Best of each type: standard " in text and "median normalised rank" in text
    best = pd.read_csv(out / "strategies.csv").iloc[0]
    first = rf"  1\. {re.escape(best['strategy'])} +{best['median_normalised_rank']:.3f}"
    assert re.search(first, text)
    assert (out / "summary.txt").read_text().startswith("tiny: 3 trials x 4 tournament types")
    for kind in TOURNAMENT_TYPES:
        assert (out / f"rank_distributions_{kind}.png").stat().st_size > 10_000
    assert (out / "best_by_type.png").stat().st_size > 10_000
    again = runner.invoke(
        main, ["run", str(config), "--out", str(tmp_path / "again"), "--verify", str(out), "-q"]
    )
    assert again.exit_code == 0, again.output
    assert "Verified: all 15 CSV files are byte-identical" in again.output
    bad = write(tmp_path, TINY.replace("max = 6", "max = 60"), "bad.toml")
    refused = runner.invoke(main, ["run", str(bad)])
    assert refused.exit_code == 2
    assert "random.size.max: got 60, expected at most the pool size, 15" in refused.output


def test_shipped_meta_analysis_files_are_valid():
    """The reduced study is the paper's design with fewer trials and repetitions; the
    full one has the paper's ranges (pool: the paper's strategies the library still has)."""
    reduced = RandomStudy(load_config(EXPERIMENTS / "meta_analysis.toml"))
    full = RandomStudy(load_config(EXPERIMENTS / "meta_analysis_full.toml"))
    assert len(reduced.labels) == 193 and reduced.size == (3, 193)
    assert len(reduced.cells) == 400 and len(full.cells) == 45_680
    assert (reduced.study.repetitions, full.study.repetitions) == ((10, 25), (10, 100))
    paper = replace(full.study, tournaments=100, repetitions=(10, 25))
    assert paper == reduced.study
    assert full.config.seed == reduced.config.seed
