"""Long runs: the plan before, memory bounded in the horizon, clean refusals, files
written whole or not at all, and what an interrupted run leaves behind."""

from __future__ import annotations

import errno
import math
import os
import signal
import subprocess
import sys
import time
import tracemalloc

import numpy as np
import pytest
from click.testing import CliRunner

from strategies import Strategy
from strategies.errors import IPDError
from strategies.rosters import get_roster
from tournament import Tournament
from tournament.cli import main
from tournament.common.files import atomic_path
from tournament.core.engine import play_batch
from tournament.core.games import get_game
from tournament.core.plan import format_bytes, parse_bytes


class _WholeHistory(Strategy, abstract=True):
    """Reads its opponent's whole history (defects once it saw more D than C)."""

    name = "Whole History Reader"
    family = "adaptive"

    def step(self, own: np.ndarray, opp: np.ndarray) -> np.ndarray:
        return (2 * opp.sum(axis=1) > opp.shape[1]).astype(np.uint8)


# -- the plan -------------------------------------------------------------------------


def test_plan_counts_the_work_and_the_expected_length():
    tour = Tournament(["Tit For Tat", "Random", "Grudger"], turns=None, prob_end=0.01,
                      repetitions=4, seed=3)  # fmt: skip
    plan = tour.plan()
    assert plan.matches == 6 * 4
    assert plan.match_turns == int(tour._lengths().sum())
    assert plan.expected_length == pytest.approx(100)
    assert plan.longest == int(tour._lengths().max())
    assert "expected length 100 turns" in plan.describe()
    fixed = Tournament(["Tit For Tat", "Grudger"], turns=50, repetitions=3, seed=1).plan()
    # two deterministic players, no noise: each pair is played once
    assert (fixed.matches, fixed.match_turns) == (3, 150)


@pytest.mark.parametrize(
    ("roster", "turns", "repetitions"),
    [("axelrod-first", 1_000, 3), ("axelrod-short", 300, 1)],
)
def test_time_estimates_within_a_factor_of_three_memory_of_two(roster, turns, repetitions):
    """One cost per Python-called strategy is a rough model: the first tournament's
    strategies cost about three times the classic ones per call, and this machine's speed
    varies by half from one hour to the next; memory is more predictable."""
    tour = Tournament(get_roster(roster).names(), turns=turns, repetitions=repetitions, seed=1)
    plan = tour.plan()
    tracemalloc.start()
    tour.play()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    seconds = math.inf
    for _ in range(2):  # the quicker of two: CPU time, as free as can be of other processes
        start = time.process_time()
        tour.play()
        seconds = min(seconds, time.process_time() - start)
    assert 1 / 3 <= plan.seconds / seconds <= 3, (plan.seconds, seconds)
    model = plan.history_bytes + plan.matches * 400  # what the run adds to the interpreter
    assert 0.5 <= model / peak <= 2, (format_bytes(model), format_bytes(peak))


def test_a_horizon_past_the_budget_is_refused_naming_who_needs_the_whole_history():
    tour = Tournament(["Tit For Tat", _WholeHistory()], turns=10**9, repetitions=1)
    with pytest.raises(IPDError, match=r"Whole History Reader reads the whole history"):
        tour.plan()
    with pytest.raises(IPDError, match=r"11\.2 GiB of move history"):
        tour.plan()


def test_a_long_match_between_windowed_strategies_runs_in_bounded_memory():
    # 40 seats x 60,000 turns would be 4.8 MB of history; the window keeps ~0.3 MB
    players = [get_player(n) for n in ("Tit For Tat", "Random", "Grudger", "Win-Stay Lose-Shift")]
    seats = np.array([[i, j] for i in range(4) for j in range(4)] * 5)[:20]
    turns = 60_000
    tracemalloc.start()
    out = play_batch(players, seats, np.full(len(seats), turns), get_game("classic").payoffs,
                     0.01, np.random.SeedSequence(1), length=turns, history_bytes=2**20,
                     segment=4096)  # fmt: skip
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 2 * 2**20, format_bytes(peak)
    assert (out.outcomes.sum(axis=2) == turns).all()


def get_player(name: str) -> Strategy:
    from strategies import REGISTRY

    return REGISTRY.create(name)


@pytest.mark.parametrize(
    ("text", "expected"), [("500MB", 500 * 10**6), ("2GiB", 2 * 2**30), ("1.5 gb", 1.5e9)]
)
def test_memory_sizes(text, expected):
    assert parse_bytes(text) == expected


@pytest.mark.parametrize(("text", "message"), [("lots", "not understood"), ("1KB", "too small")])
def test_bad_memory_sizes(text, message):
    with pytest.raises(IPDError, match=message):
        parse_bytes(text)


# -- the command line ------------------------------------------------------------------


def test_cli_prints_the_plan_of_a_run_that_is_not_instant(tmp_path):
    result = CliRunner().invoke(main, ["tournament", "--roster", "axelrod-short", "--turns", "300",
                                       "--repetitions", "1", "--no-plots", "--out",
                                       str(tmp_path / "r")])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "Plan: " in result.output and "match-turns" in result.output


def test_cli_refuses_a_horizon_past_the_budget_cleanly(tmp_path):
    out = tmp_path / "r"
    result = CliRunner().invoke(main, ["tournament", "Tit For Tat", "axelrod:Cycle Hunter",
                                       "--turns", "1000000000", "--out", str(out)])  # fmt: skip
    assert result.exit_code == 2
    assert "Error:" in result.output and "whole history" in result.output
    assert "Traceback" not in result.output
    assert not out.exists()  # refused before anything was created


def test_cli_memory_budget_is_checked(tmp_path):
    result = CliRunner().invoke(main, ["tournament", "TFT", "--memory-budget", "lots"])
    assert result.exit_code == 2 and "memory size 'lots' is not understood" in result.output


def test_a_file_size_limit_while_writing_leaves_nothing_half_written(tmp_path):
    """A disk that fills up: the run stops with a one-line error and takes its files away."""
    out = tmp_path / "r"
    code = (
        "import resource, sys; from tournament.cli import main; "
        "resource.setrlimit(resource.RLIMIT_FSIZE, (200_000, 200_000)); "
        f"sys.argv = ['ipd', 'tournament', '--roster', 'all', '--turns', '20', "
        f"'--repetitions', '3', '--no-plots', '--out', {str(out)!r}]; main()"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 2, proc.stderr
    assert "could not write the results" in proc.stderr and "nothing was kept" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert not out.exists()


def test_atomic_path_keeps_the_old_file_when_writing_fails(tmp_path):
    target = tmp_path / "summary.csv"
    target.write_text("old\n")
    with pytest.raises(OSError), atomic_path(target) as path:
        path.write_text("half")
        raise OSError(errno.ENOSPC, "No space left on device")
    assert target.read_text() == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["summary.csv"]


def test_interrupted_tournament_leaves_no_results_folder(tmp_path):
    """Ctrl-C while playing: exit 130, says nothing was written, no folder left."""
    out = tmp_path / "r"
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tournament.cli",
            "tournament",
            "--roster",
            "classic",
            "--turns",
            "50000000",
            "--out",
            str(out),
        ],  # fmt: skip
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        # a test worker may ignore SIGINT (pytest-xdist's do), and children inherit that
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    time.sleep(5)  # started and playing (the whole run takes minutes)
    proc.send_signal(signal.SIGINT)  # as Ctrl-C
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "Interrupted." in err and "Traceback" not in err
    assert not out.exists()


def test_progress_bar_on_a_terminal_only(tmp_path):
    """On a terminal, stderr shows a bar; piped, stderr stays free of it."""
    import pty

    args = [sys.executable, "-m", "tournament.cli", "tournament", "--roster", "classic",
            "--turns", "100000", "--repetitions", "2", "--no-plots"]  # fmt: skip
    leader, follower = pty.openpty()
    proc = subprocess.run([*args, "--out", str(tmp_path / "tty")], stdout=subprocess.PIPE,
                          stderr=follower, timeout=600)  # fmt: skip
    os.close(follower)
    shown = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:
            break
        if not chunk:
            break
        shown += chunk
    os.close(leader)
    assert proc.returncode == 0
    assert b"matches" in shown and b"%" in shown, shown[-300:]
    piped = subprocess.run([*args, "--out", str(tmp_path / "pipe")], capture_output=True,
                           text=True, timeout=600)  # fmt: skip
    assert piped.returncode == 0 and "%" not in piped.stderr


def test_atomic_path_gives_the_file_the_permissions_of_any_new_file(tmp_path):
    mask = os.umask(0o022)
    os.umask(mask)
    with atomic_path(tmp_path / "table.csv") as path:
        path.write_text("a,b\n")
    assert (tmp_path / "table.csv").stat().st_mode & 0o777 == 0o666 & ~mask


def test_matches_csv_written_in_chunks_is_the_whole_table(tmp_path, monkeypatch):
    """The table is written a chunk of rows at a time (memory); the file is the one
    pandas would write for the whole table, whatever the chunk size."""
    import pandas as pd

    import tournament.core.results as results_module

    results = Tournament(
        ["Tit For Tat", "Random", "Grudger"], game="supplier-buyer", turns=9, repetitions=3, seed=2
    ).play()
    for chunk in (5, 7, 10**6):
        monkeypatch.setattr(results_module, "WRITE_MATCHES", chunk)
        writer = results_module.MatchWriter(
            tmp_path / f"matches-{chunk}.csv", results.labels, results.params.game.roles
        )
        writer.write(results.table)
        writer.commit()
    files = [(tmp_path / f"matches-{c}.csv").read_bytes() for c in (5, 7, 10**6)]
    assert files[0] == files[1] == files[2]
    again = pd.read_csv(tmp_path / "matches-5.csv")
    expected = results.matches.drop(columns=["match"])
    pd.testing.assert_frame_equal(again, expected, check_dtype=False)
