"""The experiment runner: cells, seeds, byte-identical results whatever the workers or the
executor, resuming after a killed run, and the summary of where reciprocity wins."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

from tournament.cli import main
from tournament.core.round_robin import Tournament
from tournament.experiments import Experiment, run_experiment, verify_against
from tournament.experiments.config import parse_config
from tournament.experiments.store import CELL_COLUMNS, cell_path

EXPERIMENTS = Path(__file__).resolve().parent.parent / "experiments"
IPD = [sys.executable, "-m", "tournament.cli"]

SMALL = """
name = "small"
strategies = ["Tit For Tat", "Defector", "Grudger", "Random", "Win-Stay Lose-Shift"]
repetitions = 4
seed = 11

[sweep]
noise = [0.0, 0.05, 0.2]
turns = [3, 60]
prob_end = [0.05]
"""


def write(tmp_path: Path, text: str = SMALL, name: str = "small.toml") -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


def csv_bytes(out: Path) -> dict[str, bytes]:
    manifest = json.loads((out / "manifest.json").read_text())
    return {name: (out / name).read_bytes() for name in manifest["files"]}


def test_cells_are_the_product_of_games_horizons_and_noise():
    exp = Experiment(parse_config(SMALL))
    assert len(exp.cells) == 1 * 3 * 3
    assert [(c.turns, c.prob_end, c.noise) for c in exp.cells[:4]] == [
        (3, None, 0.0),
        (3, None, 0.05),
        (3, None, 0.2),
        (60, None, 0.0),
    ]
    assert len({c.seed for c in exp.cells}) == len(exp.cells)
    assert [exp.position(c) for c in exp.cells[3:5]] == [(0, 1, 0), (0, 1, 1)]


def test_a_cell_seed_depends_on_what_the_cell_is_not_where_it_is():
    exp = Experiment(parse_config(SMALL))
    wider = Experiment(parse_config(SMALL.replace("[0.0, 0.05, 0.2]", "[0.2, 0.1, 0.0, 0.05]")))
    by_params = {(c.turns, c.prob_end, c.noise): (c.seed, c.key) for c in wider.cells}
    for cell in exp.cells:
        assert by_params[(cell.turns, cell.prob_end, cell.noise)] == (cell.seed, cell.key)
    reseeded = Experiment(parse_config(SMALL.replace("seed = 11", "seed = 12")))
    assert all(a.seed != b.seed for a, b in zip(exp.cells, reseeded.cells, strict=True))


def test_a_cell_is_the_tournament_with_the_cell_seed(tmp_path):
    results = run_experiment(write(tmp_path), tmp_path / "out", plots=False)
    table = results.table
    cell = results.experiment.cells[4]  # 60 turns, noise 0.05
    direct = Tournament(
        list(cell.players), turns=60, repetitions=4, noise=0.05, seed=cell.seed
    ).play()
    mine = table[table["cell"] == 4].reset_index(drop=True)
    pd.testing.assert_frame_equal(
        mine[CELL_COLUMNS], direct.summary[CELL_COLUMNS], check_dtype=False, rtol=0, atol=0
    )
    assert (mine["turns"] == 60).all() and (mine["noise"] == 0.05).all()


def test_tables_are_tidy_and_the_manifest_records_everything(tmp_path):
    results = run_experiment(write(tmp_path), tmp_path / "out")
    out = results.out
    table = pd.read_csv(out / "results.csv")
    assert list(table.columns[:6]) == ["cell", "game", "turns", "prob_end", "noise", "rank"]
    assert len(table) == 9 * 5
    assert (table.groupby("cell")["rank"].apply(sorted).map(tuple) == (1, 2, 3, 4, 5)).all()
    cells = pd.read_csv(out / "cells.csv")
    assert len(cells) == 9
    assert set(cells["winner"]) <= set(table["strategy"])
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["config_text"] == SMALL
    assert manifest["config_resolved"]["cells"] == 9
    assert manifest["cell_seeds"] == cells["seed"].tolist()
    assert manifest["versions"]["numpy"] == np.__version__
    assert "git_commit" in manifest and manifest["timings"]["cells_computed"] == 9
    assert (out / "config.toml").read_text() == SMALL
    for figure in (
        "reciprocity_map.png",
        "winner_map.png",
        "rank_vs_noise.png",
        "rank_vs_horizon.png",
    ):
        assert (out / figure).stat().st_size > 1000
    assert not list((out / "cells").glob("*.png"))  # per-cell plots only on demand


def test_summary_says_where_reciprocity_wins_and_who_wins_elsewhere(tmp_path):
    text = """
    roster = "classroom"
    repetitions = 4
    [sweep]
    turns = [5, 100]
    """
    results = run_experiment(write(tmp_path, text), tmp_path / "out", plots=False)
    cells = results.cells.set_index("turns")
    assert cells.loc[5, "winner"] == "Defector"  # too short a future: defection pays
    assert cells.loc[100, "winner"] == "Tit For Tat"
    assert cells.loc[100, "reciprocal_first"] and not cells.loc[5, "reciprocal_first"]
    assert results.summary_text() == (
        "Reciprocal strategies rank first in 1 of 2 cells (Tit For Tat):\n"
        "  100 turns\n"
        "Elsewhere:\n"
        "  Defector (defecting) wins 1 cell:\n"
        "    5 turns"
    )


def test_worker_counts_give_byte_identical_files(tmp_path):
    config = write(tmp_path)
    serial = run_experiment(config, tmp_path / "serial", workers=1, plots=False)
    parallel = run_experiment(config, tmp_path / "parallel", workers=2, plots=False)
    assert csv_bytes(serial.out).keys() == csv_bytes(parallel.out).keys()
    assert csv_bytes(serial.out) == csv_bytes(parallel.out)
    assert verify_against(parallel.out, serial.out) == []


def test_resume_recomputes_only_missing_and_untrustworthy_cells(tmp_path):
    config = write(tmp_path)
    reference = run_experiment(config, tmp_path / "ref", plots=False).out
    out = tmp_path / "out"
    shutil.copytree(reference, out)
    exp = Experiment(parse_config(SMALL, str(config)))
    cell_path(out, exp.cells[0]).unlink()  # missing
    truncated = cell_path(out, exp.cells[1])
    truncated.write_bytes(truncated.read_bytes()[:-20])  # a partial write
    edited = cell_path(out, exp.cells[2])
    edited.write_text(edited.read_text().replace("Defector", "Defectorr", 1))  # tampered
    (out / "cells" / ".00003-abc.csv.123.tmp").write_text("half a file")  # a killed write
    (out / "results.csv").unlink()
    results = run_experiment(config, out, plots=False)
    assert results.computed == 3 and results.reused == 6
    assert set(results.recomputed) == {1, 2}
    assert "checksum mismatch" in results.recomputed[1]
    assert verify_against(out, reference) == []


def test_verify_reports_the_first_differing_line(tmp_path):
    config = write(tmp_path)
    runner = CliRunner()
    first = runner.invoke(main, ["run", str(config), "--out", str(tmp_path / "a"), "-q"])
    assert first.exit_code == 0, first.output
    reseeded = write(tmp_path, SMALL.replace("seed = 11", "seed = 12"), "other.toml")
    result = runner.invoke(
        main, ["run", str(reseeded), "--out", str(tmp_path / "b"), "--verify", str(tmp_path / "a")]
    )
    assert result.exit_code == 1
    assert "Not identical" in result.output
    assert "cells.csv: differs (first at line 2)" in result.output
    same = runner.invoke(
        main, ["run", str(config), "--out", str(tmp_path / "c"), "--verify", str(tmp_path / "a")]
    )
    assert same.exit_code == 0
    assert "Verified: all 11 CSV files are byte-identical" in same.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--workers", "0"], "--workers must be a positive integer, got 0"),
        (["--verify", "nowhere"], "is not an experiment results folder"),
        (["--dask", "tcp://127.0.0.1:1"], "cannot reach a Dask scheduler at 'tcp://127.0.0.1:1'"),
    ],
)
def test_bad_run_options(args, message, tmp_path, monkeypatch):
    monkeypatch.setattr("tournament.experiments.executors.DASK_CONNECT_TIMEOUT", "2s")
    config = write(tmp_path)
    result = CliRunner().invoke(main, ["run", str(config), "--out", str(tmp_path / "o"), *args])
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert "Traceback" not in result.output


SLOW = """
name = "slow"
roster = "classic"
repetitions = 40
seed = 5
[sweep]
noise = {{ start = 0, stop = 0.2, num = {n} }}
turns = 1000
"""


def _wait_for_cells(out: Path, count: int, process: subprocess.Popen, timeout: float = 120):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if len(list((out / "cells").glob("*.csv"))) >= count:
            return
        if process.poll() is not None:
            pytest.fail(f"the run ended early: {process.communicate()}")
        time.sleep(0.05)
    pytest.fail("no cells were written in time")


def test_a_killed_run_resumes_and_loses_nothing(tmp_path):
    config = write(tmp_path, SLOW.format(n=24), "slow.toml")
    out = tmp_path / "out"
    process = subprocess.Popen(
        [*IPD, "run", str(config), "--out", str(out), "--no-plots"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    _wait_for_cells(out, 3, process)
    process.kill()
    process.wait()
    saved = len(list((out / "cells").glob("*.csv")))
    assert 3 <= saved < 24
    resumed = subprocess.run(
        [*IPD, "run", str(config), "--out", str(out), "--no-plots"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert f"{saved} of 24 cells already stored; computing {24 - saved}." in resumed.stdout
    reference = run_experiment(config, tmp_path / "ref", plots=False).out
    assert verify_against(out, reference) == []


def test_ctrl_c_with_workers_stops_cleanly_and_says_how_to_resume(tmp_path):
    config = write(tmp_path, SLOW.format(n=30), "slow.toml")
    out = tmp_path / "out"
    process = subprocess.Popen(
        [*IPD, "run", str(config), "--out", str(out), "--workers", "2", "--no-plots"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
        # a test worker may ignore SIGINT (pytest-xdist's do), and children inherit that
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    _wait_for_cells(out, 2, process)
    os.killpg(process.pid, signal.SIGINT)  # what a terminal's Ctrl-C does
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130
    assert "cells are saved in" in stderr and "run the same command again to resume" in stderr
    assert "Traceback" not in stderr


def test_dask_cluster_gives_the_serial_results(tmp_path):
    """A real cluster: a scheduler and two workers, each its own process."""
    scheduler_file = tmp_path / "scheduler.json"
    dask = [sys.executable, "-m", "distributed.cli.dask_scheduler"]
    worker = [sys.executable, "-m", "distributed.cli.dask_worker"]
    env = {**os.environ, "DASK_DISTRIBUTED__WORKER__DAEMON": "False"}
    processes = [
        subprocess.Popen(
            [
                *dask,
                "--scheduler-file",
                str(scheduler_file),
                "--port",
                "0",
                "--dashboard-address",
                ":0",
                "--host",
                "127.0.0.1",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=env,
        )
    ]
    try:
        deadline = time.monotonic() + 60
        while not scheduler_file.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        for _ in range(2):
            processes.append(
                subprocess.Popen(
                    [
                        *worker,
                        "--scheduler-file",
                        str(scheduler_file),
                        "--nworkers",
                        "1",
                        "--nthreads",
                        "1",
                        "--no-dashboard",
                    ],
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                    env=env,
                )
            )
        from distributed import Client

        with Client(scheduler_file=str(scheduler_file), timeout="60s") as client:
            client.wait_for_workers(2, timeout=90)
        address = json.loads(scheduler_file.read_text())["address"]
        config = write(tmp_path)
        result = CliRunner().invoke(
            main,
            [
                "run",
                str(config),
                "--out",
                str(tmp_path / "dask"),
                "--dask",
                address,
                "-q",
                "--no-plots",
            ],
        )
        assert result.exit_code == 0, result.output
    finally:
        for process in processes[::-1]:
            process.terminate()
        for process in processes:
            process.wait(timeout=30)
    serial = run_experiment(config, tmp_path / "serial", plots=False)
    assert verify_against(tmp_path / "dask", serial.out) == []


def test_cell_plots_on_demand(tmp_path):
    text = SMALL.replace("[0.0, 0.05, 0.2]", "0.0").replace("prob_end = [0.05]", "")
    results = run_experiment(write(tmp_path, text), tmp_path / "out", cell_plots=True)
    assert len(list((results.out / "cells").glob("*.png"))) == 2
    assert (results.out / "rank_vs_horizon.png").exists()
    assert not (results.out / "rank_vs_noise.png").exists()  # noise is not swept


def test_shipped_classroom_experiment_runs_from_the_command_line(tmp_path):
    out = tmp_path / "classroom"
    result = subprocess.run(
        [*IPD, "run", str(EXPERIMENTS / "classroom.toml"), "--out", str(out)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert "classroom: 8 strategies, 12 cells" in result.stdout
    assert "wins" in result.stdout
    assert len(list((out / "cells").glob("*.png"))) == 12  # cell_rankings = true
    assert (out / "reciprocity_map.png").exists()


@pytest.mark.parametrize("name", ["noise", "horizon", "payoffs", "evolution"])
def test_shipped_experiments_run(name, tmp_path):
    results = run_experiment(EXPERIMENTS / f"{name}.toml", tmp_path / name, workers=2)
    assert results.computed == len(results.experiment.cells)
    assert (tmp_path / name / "reciprocity_map.png").exists()


def _dies_on_cell_2(cell):
    """A cell function whose worker process dies on cell 2 (as if killed or out of memory)."""
    if cell.index == 2:
        os._exit(9)
    from tournament.experiments.runner import compute_cell

    return compute_cell(cell)


def test_a_lost_worker_process_stops_the_run_with_a_clear_error(tmp_path):
    from strategies.errors import IPDError
    from tournament.experiments.executors import _processes

    exp = Experiment(parse_config(SMALL))
    with pytest.raises(IPDError, match="a worker process died while playing cell"):
        list(_processes(_dies_on_cell_2, exp.cells, 2))


def _threads_of_numeric_libraries(cell):
    return {name: os.environ.get(name) for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS")}


def test_worker_processes_run_numeric_libraries_on_one_thread(monkeypatch):
    """N workers, not N x cores BLAS threads: unless the user set it, each worker has one."""
    from tournament.experiments.executors import _processes

    monkeypatch.setenv("OPENBLAS_NUM_THREADS", "")  # so that teardown restores it as it was
    monkeypatch.delenv("OPENBLAS_NUM_THREADS")
    monkeypatch.setenv("OMP_NUM_THREADS", "3")  # the user's own setting is kept
    exp = Experiment(parse_config(SMALL))
    seen = list(_processes(_threads_of_numeric_libraries, exp.cells[:2], 2))
    assert seen == [{"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "3"}] * 2


def test_evolution_axis_records_who_dominates(tmp_path):
    text = """
    strategies = ["Cooperator", "Defector", "Tit For Tat"]
    repetitions = 2
    [sweep]
    turns = [1, 200]
    [evolution]
    generations = 150
    """
    results = run_experiment(write(tmp_path, text), tmp_path / "out")
    cells = results.cells.set_index("turns")
    assert cells.loc[1, "dominant"] == "Defector"  # one-shot: defection takes over
    assert cells.loc[200, "dominant"] == "Tit For Tat"
    table = results.table
    assert table.groupby("cell")["final_share"].sum().to_numpy() == pytest.approx(1.0)
    assert "After 150 generations of the ecological simulation" in results.summary_text()
    assert (results.out / "dominant_map.png").exists()
    plain = Experiment(parse_config(text.replace("[evolution]\n    generations = 150", "")))
    assert plain.cells[0].key != results.experiment.cells[0].key  # evolution is in the key
