"""Class tournaments and the student commands (new-strategy, validate, play), driven
through click's CliRunner."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from tournament.classroom.class_tournament import run_class_tournament
from tournament.cli import main
from tournament.sandbox.process import Limits

CORPUS = Path(__file__).resolve().parent / "submissions"
GOOD = ["good_memory_one.toml", "good_sometimes_forgives.py", "good_tit_for_tat.py"]
FAST = Limits(turn_seconds=1.0)

LATE_FAILURE = """
from strategies.simple import C, SimpleStrategy


class LateBloomer(SimpleStrategy):
    name = "Late Bloomer"

    def move(self, mine, theirs, memory, rng):
        if len(mine) == 35:  # after the validator's 20 trial turns
            raise RuntimeError("surprise")
        return C
"""


@pytest.fixture
def folders(tmp_path):
    good, mixed = tmp_path / "good", tmp_path / "mixed"
    good.mkdir()
    for name in GOOD:
        shutil.copy(CORPUS / name, good / name)
    shutil.copytree(CORPUS, mixed)
    (mixed / "late_failure.py").write_text(LATE_FAILURE)
    (mixed / "notes.txt").write_text("not a strategy")
    (mixed / "test_good_tit_for_tat.py").write_text("# a student's own test: skipped\n")
    return good, mixed


def test_bad_submissions_never_change_the_others_results(folders):
    good, mixed = folders
    settings = {"turns": 50, "repetitions": 3, "seed": 5, "noise": 0.02, "limits": FAST}
    clean = run_class_tournament(good, ["Tit For Tat", "Defector"], **settings)
    messy = run_class_tournament(mixed, ["Tit For Tat", "Defector"], **settings)
    pd.testing.assert_frame_equal(clean.leaderboard, messy.leaderboard)
    table = messy.submissions_table().set_index("file")
    assert table.loc["late_failure.py", "status"] == "disqualified"
    assert table.loc["late_failure.py", "reason"] == (
        "raises: RuntimeError: surprise (line 10, in move)"
    )
    assert (
        table.loc[[n for n in table.index if n.startswith("bad_")], "status"] == "invalid"
    ).all()
    assert set(table.index[table["status"] == "played"]) == set(GOOD)
    assert [p.name for p in messy.ignored] == ["notes.txt"]


def test_class_tournament_command_writes_a_leaderboard(folders, tmp_path):
    _, mixed = folders
    out = tmp_path / "out"
    for path in mixed.glob("bad_*"):
        if path.name not in ("bad_syntax.py", "bad_import.py", "bad_not_a_move.py"):
            path.unlink()
    result = CliRunner().invoke(
        main,
        [
            "class-tournament",
            str(mixed),
            "--roster",
            "classroom",
            "--prob-end",
            "0.05",
            "--repetitions",
            "2",
            "--out",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "bad_syntax.py: INVALID (syntax error: syntax error at line 7" in result.output
    assert "late_failure.py: DISQUALIFIED during the tournament" in result.output
    assert "My Tit For Tat [good_tit_for_tat.py]" in result.output
    board = pd.read_csv(out / "leaderboard.csv")
    assert len(board) == 3 + 8  # three valid submissions and the classroom roster
    assert set(board["submission"]) == {*GOOD, "(built-in)"}
    assert (out / "leaderboard.png").exists()
    student = pd.read_csv(out / "students" / "good_tit_for_tat.csv")
    assert {"opponent", "score_per_turn", "opponent_score_per_turn", "wins"} <= set(student)
    assert len(student) == 3 + 8
    submissions = pd.read_csv(out / "submissions.csv")
    assert set(submissions["status"]) == {"played", "invalid", "disqualified"}


def test_class_tournament_on_a_missing_folder_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # the command makes its default results/class-<time>/ first
    result = CliRunner().invoke(main, ["class-tournament", str(tmp_path / "nowhere")])
    assert result.exit_code == 2
    assert "is not a folder: expected a folder of submissions" in result.output


def test_new_strategy_template_is_valid_and_its_test_passes(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    result = runner.invoke(main, ["new-strategy", "My First Strategy"])
    assert result.exit_code == 0, result.output
    assert "Wrote my_first_strategy.py and test_my_first_strategy.py." in result.output
    checked = runner.invoke(main, ["validate", "my_first_strategy.py"])
    assert checked.exit_code == 0, checked.output
    assert checked.output.startswith("my_first_strategy.py: valid")
    tests = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "test_my_first_strategy.py",
        ],
        capture_output=True,
        text=True,
    )
    assert tests.returncode == 0, tests.stdout + tests.stderr
    again = runner.invoke(main, ["new-strategy", "My First Strategy"])
    assert again.exit_code == 2 and "exists already" in again.output


@pytest.mark.parametrize("kind", ["memory-one", "lookup-table", "finite-state-machine"])
def test_declarative_templates_are_valid(kind, tmp_path):
    runner = CliRunner()
    result = runner.invoke(
        main, ["new-strategy", "Data Strategy", "--kind", kind, "--dir", str(tmp_path)]
    )
    assert result.exit_code == 0, result.output
    checked = runner.invoke(main, ["validate", str(tmp_path / "data_strategy.toml")])
    assert checked.exit_code == 0, checked.output


def test_validate_exit_codes(tmp_path):
    runner = CliRunner()
    bad = runner.invoke(main, ["validate", str(CORPUS / "bad_import.py")])
    assert bad.exit_code == 1
    assert bad.output.startswith("bad_import.py: not valid\n  - import: imports something")
    missing = runner.invoke(main, ["validate", str(tmp_path / "nope.py")])
    assert missing.exit_code == 2 and "no strategy file" in missing.output
    wrong = tmp_path / "notes.txt"
    wrong.write_text("hi")
    other = runner.invoke(main, ["validate", str(wrong)])
    assert other.exit_code == 1 and "expected a .py (Python) or .toml" in other.output


def test_play_a_game_through_the_terminal():
    result = CliRunner().invoke(
        main, ["play", "Tit For Tat", "--turns", "3", "--seed", "1"], input="C\nx\nD\nd\n"
    )
    assert result.exit_code == 0, result.output
    assert "You against Tit For Tat: 3 turns" in result.output
    assert "Error: 'x' is not one of" in result.output  # asked again
    assert "you D, they C: you +5, they +0   total: you 8, they 3" in result.output
    assert "  you:  CDD\n  they: CCD" in result.output
    assert result.output.rstrip().endswith("The match ended after 3 turns: you 9, Tit For Tat 4.")


def test_play_a_hidden_student_file_and_stop_early():
    result = CliRunner().invoke(
        main,
        [
            "play",
            str(CORPUS / "good_tit_for_tat.py"),
            "--prob-end",
            "0.01",
            "--hide",
            "--seed",
            "1",
        ],
        input="D\nq\n",
    )
    assert result.exit_code == 0, result.output
    assert "You against a hidden opponent: a match that may end after any turn" in result.output
    assert "Tit For Tat [good_tit_for_tat.py]" not in result.output.split("You stopped")[0]
    assert "You stopped after 1 turn: you 5, they 0." in result.output
    assert "Your opponent was: My Tit For Tat [good_tit_for_tat.py]." in result.output


def test_play_ends_quietly_at_the_end_of_input():
    result = CliRunner().invoke(main, ["play", "Defector", "--turns", "5"], input="C\n")
    assert result.exit_code == 0
    assert "You stopped after 1 turn: you 0, Defector 5." in result.output


def test_a_told_length_lets_a_length_reader_play_in_a_class_tournament(tmp_path):
    folder = tmp_path / "class"
    folder.mkdir()
    shutil.copy(CORPUS / "bad_match_length.py", folder)
    shutil.copy(CORPUS / "good_tit_for_tat.py", folder)
    hidden = run_class_tournament(folder, turns=10, repetitions=1)
    told = run_class_tournament(folder, turns=10, repetitions=1, tell_length=True)
    assert "bad_match_length.py" not in hidden.submitted.values()
    assert "bad_match_length.py" in told.submitted.values()
