"""The ``ipd`` command, driven through click's CliRunner."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from click.testing import CliRunner

from tournament.cli import main


@pytest.fixture
def run():
    runner = CliRunner()

    def invoke(*args: str):
        return runner.invoke(main, list(args), catch_exceptions=False)

    return invoke


def test_strategies_json_lists_metadata(run):
    result = run("strategies", "--json")
    assert result.exit_code == 0
    rows = json.loads(result.output)
    by_name = {r["name"]: r for r in rows}
    tft = by_name["Tit For Tat"]
    assert tft["family"] == "reciprocal"
    assert tft["memory_depth"] == 1
    assert tft["stochastic"] is False
    assert tft["axelrod"] == "Tit For Tat"
    assert by_name["Random"]["stochastic"] is True
    assert all({"name", "family", "memory_depth", "stochastic", "axelrod"} <= set(r) for r in rows)
    assert any(r["memory_depth"] is None for r in rows)


def test_strategies_table(run):
    result = run("strategies")
    assert result.exit_code == 0
    assert "Win-Stay Lose-Shift" in result.output and "pavlovian" in result.output


def test_match_shows_both_sequences_and_scores(run):
    result = run("match", "Tit For Tat", "Alternator", "--turns", "6", "--seed", "3")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert any(line.startswith("Tit For Tat") and line.endswith("CCDCDC") for line in lines)
    assert any(line.startswith("Alternator") and line.endswith("CDCDCD") for line in lines)
    assert "score 13" in result.output and "score 18" in result.output
    assert "Winner: Alternator" in result.output


def test_match_is_reproducible_with_noise(run):
    a = run(
        "match",
        "Tit For Tat",
        "Win-Stay Lose-Shift",
        "--turns",
        "20",
        "--noise",
        "0.1",
        "--seed",
        "3",
    )
    b = run(
        "match",
        "Tit For Tat",
        "Win-Stay Lose-Shift",
        "--turns",
        "20",
        "--noise",
        "0.1",
        "--seed",
        "3",
    )
    assert a.output == b.output


def test_tournament_writes_results(run, tmp_path):
    out = tmp_path / "res"
    result = run(
        "tournament",
        "Tit For Tat",
        "Defector",
        "Win-Stay Lose-Shift",
        "--turns",
        "20",
        "--repetitions",
        "2",
        "--seed",
        "5",
        "--out",
        str(out),
    )
    assert result.exit_code == 0, result.output
    assert "rank" in result.output and "Win-Stay Lose-Shift" in result.output
    for name in (
        "summary.csv",
        "matches.csv",
        "payoff_matrix.csv",
        "manifest.json",
        "scores.png",
        "payoff_heatmap.png",
    ):
        assert (out / name).exists(), name


def test_tournament_on_a_non_pd_game_says_so(run, tmp_path):
    result = CliRunner().invoke(
        main,
        [
            "tournament",
            "Tit For Tat",
            "Defector",
            "--game",
            "snowdrift",
            "--turns",
            "5",
            "--repetitions",
            "1",
            "--out",
            str(tmp_path),
            "--no-plots",
        ],
    )
    assert result.exit_code == 0
    assert "not a prisoner's dilemma" in result.output


def test_custom_payoffs_from_the_command_line(run, tmp_path):
    result = run(
        "tournament",
        "Tit For Tat",
        "Defector",
        "--payoffs",
        "4,0,5,1",
        "--turns",
        "5",
        "--repetitions",
        "1",
        "--out",
        str(tmp_path),
        "--no-plots",
    )
    assert result.exit_code == 0


def test_prob_end(run, tmp_path):
    result = run(
        "tournament",
        "Tit For Tat",
        "Defector",
        "--prob-end",
        "0.2",
        "--repetitions",
        "3",
        "--out",
        str(tmp_path),
        "--no-plots",
    )
    assert result.exit_code == 0
    assert "ending probability 0.2" in result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["match", "Tit For Tta", "Defector"], "Did you mean: 'Tit For Tat'"),
        (["tournament", "TFT", "--noise", "2"], "noise must be a probability in [0, 1], got 2.0"),
        (["tournament", "TFT", "--turns", "0"], "turns must be a positive integer, got 0"),
        (["tournament", "TFT", "--repetitions", "-3"], "repetitions must be a positive integer"),
        (["tournament", "TFT", "--prob-end", "0"], "ending probability in (0, 1], got 0.0"),
        (["tournament", "TFT", "--prob-end", "1.5"], "ending probability in (0, 1], got 1.5"),
        (["tournament", "TFT", "--game", "stag"], "unknown game 'stag'"),
        (["tournament", "TFT", "--payoffs", "3,0,5"], "expected 4 finite numbers"),
        (["tournament", "TFT", "--turns", "5", "--prob-end", "0.1"], "not both"),
        (["strategies", "--family", "nice"], "unknown family 'nice'"),
        (["match", "Random(2)", "Defector"], "p must be a probability in [0, 1], got 2.0"),
        (["match", "Random(q=1)", "Defector"], "has no parameter 'q'"),
    ],
)
def test_bad_input_is_one_line_exit_2_no_traceback(args, message, tmp_path):
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert "Traceback" not in result.output
    assert result.output.count("\n") == 1


def test_out_must_be_a_folder(tmp_path):
    target = tmp_path / "file.txt"
    target.write_text("x")
    result = CliRunner().invoke(main, ["tournament", "TFT", "Defector", "--out", str(target)])
    assert result.exit_code == 2
    assert "is a file" in result.output
    assert "Traceback" not in result.output


def test_an_out_folder_that_cannot_be_created_is_refused_before_playing(tmp_path, monkeypatch):
    blocker = tmp_path / "file.txt"
    blocker.write_text("x")
    played = []
    monkeypatch.setattr(
        "tournament.core.round_robin.Tournament.play", lambda *a, **k: played.append(1)
    )
    args = ["tournament", "TFT", "Defector", "--out", str(blocker / "sub" / "run")]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2 and not played
    assert f"cannot create results folder '{blocker / 'sub' / 'run'}'" in result.output
    assert f"'{blocker}' is a file" in result.output


def test_the_program_collects_garbage_less_often_and_freezes_what_is_left(monkeypatch, capsys):
    """``ipd`` (``tournament.cli.run``) runs the command with fewer collections of young
    objects, then freezes the objects still alive, so that the interpreter's exit does
    not walk them all again."""
    import gc

    from tournament.cli import run
    from tournament.cli.group import GC_YOUNG_THRESHOLD

    monkeypatch.setattr("sys.argv", ["ipd", "--version"])
    assert gc.get_freeze_count() == 0
    threshold = gc.get_threshold()
    try:
        with pytest.raises(SystemExit) as done:
            run()
        assert done.value.code == 0 and "ipd" in capsys.readouterr().out
        assert gc.get_freeze_count() > 0
        assert gc.get_threshold()[0] == GC_YOUNG_THRESHOLD
    finally:
        gc.unfreeze()
        gc.set_threshold(*threshold)


_ALLOCATE_AND_FREE = """
import resource, sys
import numpy as np
if sys.argv[1] == "keep":
    from tournament.cli.group import _keep_freed_memory
    _keep_freed_memory()
sizes = [3 << 20, 5 << 20, 2 << 20, 6 << 20]
warm = [np.ones(size, np.uint8) for size in sizes]
del warm
before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
for _ in range(5):
    for size in sizes:
        block = np.ones(size, np.uint8)
        del block
print(resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before)
"""


@pytest.mark.skipif(sys.platform != "linux", reason="glibc's allocator")
def test_the_program_keeps_freed_memory_for_the_next_blocks():
    """Blocks of a few megabytes allocated and freed again and again: by default glibc
    gives some back and takes fresh pages (a page fault each); the program keeps them."""

    def faults(mode: str) -> int:
        done = subprocess.run(
            [sys.executable, "-c", _ALLOCATE_AND_FREE, mode],
            capture_output=True,
            text=True,
            check=True,
            env={k: v for k, v in os.environ.items() if not k.startswith("MALLOC_")},
        )
        return int(done.stdout)

    default = faults("default")
    if default < 500:
        pytest.skip(f"this allocator reuses freed blocks anyway ({default} page faults)")
    assert faults("keep") < default / 10
