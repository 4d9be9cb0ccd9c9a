"""A class tournament: validate every submission in a folder, play the valid ones (and a
roster, if asked), and write a leaderboard and a file per student.

A submission that fails during the tournament (a move that crashes, loops, eats memory
against one particular opponent) is disqualified with its reason, and the tournament is
played again without it from the same seed: everyone else's results are exactly those of
a run without that file.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from strategies.base import Strategy
from strategies.errors import IPDError
from tournament.classroom.validator import Verdict, one_line, validate
from tournament.core.results import RANKING_COLUMNS, TournamentResults
from tournament.sandbox.files import load_toml_strategy
from tournament.sandbox.kernel import describe
from tournament.sandbox.process import (
    Limits,
    SandboxedStrategy,
    SubmissionFailed,
    expected_layers,
)

__all__ = ["ClassResults", "find_submissions", "run_class_tournament"]


def find_submissions(folder: Path) -> tuple[list[Path], list[Path]]:
    """Strategy files in ``folder`` (``.py`` and ``.toml``), and the other files ignored.
    Students' test files (``test_*.py``) and hidden or private files are skipped."""
    if not folder.is_dir():
        raise IPDError(f"{str(folder)!r} is not a folder: expected a folder of submissions")
    entries, ignored = [], []
    for path in sorted(folder.iterdir()):
        if path.name.startswith((".", "_", "test_")) or path.is_dir():
            continue
        (entries if path.suffix.lower() in (".py", ".toml") else ignored).append(path)
    return entries, ignored


@dataclass
class ClassResults:
    """A class tournament: the round robin of the valid submissions (and the roster),
    every file's verdict, and those disqualified during play with the reason."""

    results: TournamentResults
    verdicts: list[Verdict]
    disqualified: dict[str, str] = field(default_factory=dict)
    submitted: dict[str, str] = field(default_factory=dict)  # label -> file name
    ignored: list[Path] = field(default_factory=list)
    #: The sandbox's layers on this machine, in one line.
    sandbox: str = ""

    @property
    def leaderboard(self) -> pd.DataFrame:
        # the ranking a class reads: the first seven columns (not the library's metrics)
        board = self.results.summary[list(RANKING_COLUMNS)].copy()
        board.insert(2, "submission", [self.submitted.get(s, "(built-in)") for s in board.strategy])
        return board

    def submissions_table(self) -> pd.DataFrame:
        rows = []
        for verdict in self.verdicts:
            name = verdict.path.name
            if not verdict.valid:
                status, reason = "invalid", verdict.reason
            elif name in self.disqualified:
                status, reason = "disqualified", self.disqualified[name]
            else:
                status, reason = "played", ""
            rows.append(
                {"file": name, "strategy": verdict.name, "status": status, "reason": reason}
            )
        return pd.DataFrame(rows, columns=["file", "strategy", "status", "reason"])

    def student_table(self, label: str) -> pd.DataFrame:
        """How one submission did against each opponent (means over repetitions)."""
        m = self.results.matches  # rows 2i and 2i + 1 are the two seats of match i
        partner = np.arange(len(m)) ^ 1
        mine = (m["player"] == label).to_numpy()
        frame = m[mine].assign(
            opponent_score_per_turn=m["score_per_turn"].to_numpy()[partner][mine],
            opponent_cooperation_rate=m["cooperation_rate"].to_numpy()[partner][mine],
        )
        table = frame.groupby("opponent", sort=False).agg(
            matches=("match", "size"),
            score_per_turn=("score_per_turn", "mean"),
            opponent_score_per_turn=("opponent_score_per_turn", "mean"),
            cooperation_rate=("cooperation_rate", "mean"),
            opponent_cooperation_rate=("opponent_cooperation_rate", "mean"),
            wins=("outcome", lambda o: int((o == "win").sum())),
            losses=("outcome", lambda o: int((o == "loss").sum())),
            ties=("outcome", lambda o: int((o == "tie").sum())),
        )
        return table.reset_index().sort_values("score_per_turn", ascending=False)

    def write(self, out: Path, plots: bool = True) -> Path:
        """The tournament's files plus the leaderboard, the submissions table and one
        file per student (``students/<file>.csv``)."""
        self.results.write(out, plots=plots)
        self.leaderboard.to_csv(out / "leaderboard.csv", index=False)
        self.submissions_table().to_csv(out / "submissions.csv", index=False)
        students = out / "students"
        students.mkdir(exist_ok=True)
        stems = [Path(file).stem for file in self.submitted.values()]
        for label, file in self.submitted.items():
            stem = Path(file).stem
            name = stem if stems.count(stem) == 1 else file  # a.py and a.toml: keep both
            self.student_table(label).to_csv(students / f"{name}.csv", index=False)
        if plots:
            from tournament.reports import style
            from tournament.reports import tournament as plotting

            board = self.leaderboard
            submissions = (board["submission"] != "(built-in)").to_numpy()
            style.save_png(plotting.leaderboard(board, submissions), out / "leaderboard.png")
            style.close_all()
        return out


def run_class_tournament(
    folder: Path,
    roster: list[str] | None = None,
    *,
    game: str = "classic",
    turns: int | None = 200,
    prob_end: float | None = None,
    repetitions: int = 10,
    noise: float = 0.0,
    seed: int = 1,
    tell_length: bool = False,
    limits: Limits | None = None,
    on_verdict: Callable[[Verdict], None] | None = None,
    on_disqualified: Callable[[str, str], None] | None = None,
    progress: Callable[[int, int], None] | None = None,
    on_sandbox: Callable[[str], None] | None = None,
) -> ClassResults:
    """Validate every submission, then play the valid ones with ``roster``. The match
    length is hidden from every strategy unless ``tell_length`` (fixed lengths only).
    ``on_sandbox`` is told first, in one line, which layers of the sandbox are active."""
    from tournament.core.round_robin import Tournament

    limits = limits or Limits()
    files, ignored = find_submissions(folder)
    sandbox = describe(expected_layers(limits))
    if on_sandbox is not None:
        on_sandbox(sandbox)
    verdicts = []
    # each validation mostly waits on its strategy's process: validate a few at once
    with ThreadPoolExecutor(max_workers=max(2, os.cpu_count() or 1)) as pool:
        for verdict in pool.map(
            lambda path: validate(path, limits=limits, tell_length=tell_length), files
        ):
            verdicts.append(verdict)
            if on_verdict is not None:
                on_verdict(verdict)
    entries: list[tuple[Path, Strategy]] = []
    for verdict in verdicts:
        if not verdict.valid:
            continue
        if verdict.path.suffix.lower() == ".toml":
            player: Strategy = load_toml_strategy(verdict.path)
        else:
            player = SandboxedStrategy(
                str(verdict.path), limits=limits, name=verdict.name, family=verdict.family
            )
        entries.append((verdict.path, player))
    disqualified: dict[str, str] = {}
    while True:
        players = [p for _, p in entries] + list(roster or [])
        if not players:
            raise IPDError(f"no valid submission in {folder} and no --roster: nothing to play")
        tour = Tournament(
            players,
            game=game,
            turns=turns,
            prob_end=prob_end,
            repetitions=repetitions,
            noise=noise,
            seed=seed,
            hide_length=not tell_length,
        )
        try:
            results = tour.play(progress=progress)
        except SubmissionFailed as exc:
            name = Path(exc.path).name
            disqualified[name] = f"{exc.kind}: {one_line(exc.reason)}"
            if on_disqualified is not None:
                on_disqualified(name, disqualified[name])
            entries = [(path, p) for path, p in entries if str(path) != exc.path]
            continue
        finally:
            for player in tour.players:
                if isinstance(player, SandboxedStrategy):
                    player.close()
        break
    submitted = {label: path.name for label, (path, _) in zip(tour.labels, entries, strict=False)}
    return ClassResults(results, verdicts, disqualified, submitted, ignored, sandbox)
