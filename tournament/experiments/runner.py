"""Running an experiment: play the cells not already stored (serially, in worker processes
or on a Dask cluster), store each as it finishes, then combine the stored cells into the
tidy tables (``results.csv``, ``cells.csv``), the manifest and the figures.

Any number of workers gives byte-identical tables: a cell's result depends only on the
cell (:mod:`~tournament.experiments.cells`), and the tables are combined from the cell
files (:mod:`~tournament.experiments.store`) in cell order. A random study (a
``[random]`` table, :mod:`~tournament.experiments.random_study`) runs the same way; its
tables and summary come from :mod:`~tournament.experiments.random_tables`.
"""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from strategies.errors import IPDError
from tournament.common.frames import find_table, read_table
from tournament.common.validation import check_positive_int
from tournament.experiments.cells import Cell, ExperimentPlan
from tournament.experiments.compare import compare
from tournament.experiments.config import ExperimentConfig, load_config
from tournament.experiments.executors import execute
from tournament.experiments.random_study import RandomStudy
from tournament.experiments.random_tables import (
    StudyTables,
    combine_study,
    results_name,
    study_summary,
)
from tournament.experiments.store import (
    CELL_COLUMNS,
    CellOutcome,
    StoredCell,
    cell_path,
    read_cell,
    write_cell,
)
from tournament.experiments.summary import RECIPROCAL, summarize

__all__ = [
    "Experiment",
    "ExperimentResults",
    "combine",
    "compute_cell",
    "plan_experiment",
    "largest_first",
    "run_experiment",
]


# -- computing one cell ----------------------------------------------------------------------


def compute_cell(cell: Cell) -> CellOutcome:
    """Play the cell's tournament (this runs in workers: it only needs the cell)."""
    from tournament.core.round_robin import Tournament

    started = time.perf_counter()
    results = Tournament(
        list(cell.players),
        game=cell.game,
        turns=cell.turns,
        prob_end=cell.prob_end,
        repetitions=cell.repetitions,
        noise=cell.noise,
        seed=cell.seed,
        hide_length=cell.hide_length,
    ).play(keep_matches=False)
    summary = results.summary[CELL_COLUMNS]
    if cell.evolution is not None:
        order = summary["strategy"].map(results.labels.index).to_numpy()
        shares, payoffs = _evolve(results, *cell.evolution)
        summary = summary.assign(final_share=shares[order], final_payoff=payoffs[order])
    return CellOutcome(
        cell.index,
        summary,
        results.match_count,
        results.match_turns,
        time.perf_counter() - started,
    )


def _evolve(results: Any, generations: int, mutation: float) -> tuple[np.ndarray, np.ndarray]:
    """Each strategy's share after the ecological simulation from equal shares, and its
    payoff per turn against the final population.

    An asymmetric game evolves one population per role: a strategy's share is the mean
    of its two shares, and its payoff the mean over its members in both roles, so that
    ``sum(share * payoff)`` is the mean of the two populations' mean payoffs.
    """
    from tournament.evolution.ecological import replicator, two_population_replicator

    n = len(results.labels)
    x0 = np.full(n, 1.0 / n)
    game = results.params.game
    if game.symmetric:
        matrix = results.payoff_matrix.to_numpy()
        x = replicator(matrix, x0, generations, mutation)[-1]
        return x, matrix @ x
    row, col = (results.role_payoff_matrix(r).to_numpy() for r in game.roles)
    xs, ys = two_population_replicator(row, col, x0, x0, generations, mutation)
    x, y = xs[-1], ys[-1]
    as_row, as_col = row @ y, col @ x
    members = x + y
    with np.errstate(invalid="ignore", divide="ignore"):
        payoff = np.where(members > 0, (x * as_row + y * as_col) / members, (as_row + as_col) / 2)
    return members / 2, payoff


# -- the run ---------------------------------------------------------------------------------


class Experiment(ExperimentPlan):
    """A checked config and its cells (see :class:`ExperimentPlan`), ready to run.

    >>> from tournament.experiments.config import parse_config
    >>> exp = Experiment(parse_config('strategies = ["TFT", "Defector"]\\n[sweep]\\nturns = [5]'))
    >>> len(exp.cells)
    1
    """

    def run(
        self,
        out: str | Path | None = None,
        *,
        workers: int | None = None,
        dask: str | None = None,
        progress: Callable[[int, int, Cell], None] | None = None,
        plots: bool = True,
        cell_plots: bool | None = None,
    ) -> ExperimentResults:
        """Run the experiment: :func:`run_experiment` on this plan."""
        return run_experiment(
            self,
            out,
            workers=workers,
            dask=dask,
            progress=progress,
            plots=plots,
            cell_plots=cell_plots,
        )


def plan_experiment(config: ExperimentConfig) -> Experiment | RandomStudy:
    """The plan of a config: a :class:`RandomStudy` for a ``[random]`` table, else the
    sweep's :class:`Experiment`."""
    return RandomStudy(config) if config.random is not None else Experiment(config)


@dataclass
class ExperimentResults:
    """What a run produced: file locations plus the small per-cell table."""

    experiment: ExperimentPlan | RandomStudy
    out: Path
    cells: pd.DataFrame
    computed: int
    reused: int
    recomputed: dict[int, str]
    duration: float

    @property
    def table(self) -> pd.DataFrame:
        """The tidy table: one row per (cell, strategy), every swept parameter a column
        (``results.csv``, or ``results.parquet`` for a large random study, whose turns
        read as integers with gaps either way)."""
        path = find_table(self.out, "results")
        if isinstance(self.experiment, RandomStudy) and path.suffix == ".csv":
            return read_table(path, dtype={"turns": "Int64"})
        return read_table(path)

    @property
    def strategies(self) -> pd.DataFrame:
        """A random study's ranking: one row per (tournament type, strategy)."""
        if not isinstance(self.experiment, RandomStudy):
            raise IPDError("a sweep has no strategies.csv: it is a random study's ranking")
        return read_table(self.out / "strategies.csv")

    def summary_text(self) -> str:
        """The answer in words (also in ``summary.txt``); a comparison's rankings read
        ``results.csv``."""
        if isinstance(self.experiment, RandomStudy):
            timing = (self.duration, self.computed, self.reused)
            return study_summary(self.experiment, self.cells, self.strategies, timing)
        wanted = self.experiment.compared is not None and (self.out / "results.csv").is_file()
        table = self.table if wanted else None
        return summarize(self.experiment, self.cells, table)


def run_experiment(
    experiment: ExperimentPlan | RandomStudy | ExperimentConfig | str | Path,
    out: str | Path | None = None,
    *,
    workers: int | None = None,
    dask: str | None = None,
    progress: Callable[[int, int, Cell], None] | None = None,
    on_start: Callable[[int, int, dict[int, str]], None] | None = None,
    plots: bool = True,
    cell_plots: bool | None = None,
) -> ExperimentResults:
    """Run every cell that is not already stored in ``out``, then combine.

    ``progress(done, todo, cell)`` is called after each computed cell; ``on_start(todo,
    total, recomputed)`` once the stored cells have been checked.
    """
    if isinstance(experiment, str | Path):
        experiment = load_config(experiment)
    if isinstance(experiment, ExperimentConfig):
        experiment = plan_experiment(experiment)
    config = experiment.config
    out = Path(out) if out is not None else config.out_dir
    workers = config.workers if workers is None else workers
    dask = config.dask if dask is None else dask
    check_positive_int("workers", workers)
    _make_folder(out)
    started = time.perf_counter()
    todo, recomputed = _cells_to_compute(experiment, out)
    if on_start is not None:
        on_start(len(todo), len(experiment.cells), recomputed)
    timings: list[float] = []
    parallel = dask is not None or workers > 1
    outcomes = execute(compute_cell, largest_first(todo) if parallel else todo, workers, dask)
    by_index = {c.index: c for c in todo}
    try:
        for done, outcome in enumerate(outcomes, start=1):
            cell = by_index[outcome.index]
            write_cell(out, cell, outcome)
            timings.append(outcome.duration)
            if progress is not None:
                progress(done, len(todo), cell)
    finally:
        if hasattr(outcomes, "close"):
            outcomes.close()
    tables: StudyTables | None = None
    if isinstance(experiment, RandomStudy):
        tables = combine_study(experiment, out)
        cells = tables.cells
    else:
        cells = combine(experiment, out)
    duration = time.perf_counter() - started
    results = ExperimentResults(
        experiment,
        out,
        cells,
        computed=len(todo),
        reused=len(experiment.cells) - len(todo),
        recomputed=recomputed,
        duration=duration,
    )
    comparison = compare(experiment, cells) if tables is None else None
    if comparison is not None:
        comparison.table.to_csv(out / "comparison.csv", index=False, lineterminator="\n")
    _write_manifest(results, timings, workers, dask)
    (out / "summary.txt").write_text(results.summary_text() + "\n", encoding="utf-8")
    if plots and tables is not None:
        from tournament.experiments.figures import study_figures

        study_figures(experiment, out, tables)
    elif plots:
        from tournament.experiments.figures import experiment_figures

        experiment_figures(experiment, out, cells, cell_plots=cell_plots)
    return results


def largest_first(cells: list[Cell]) -> list[Cell]:
    """``cells`` by expected work (:attr:`Cell.expected_match_turns`), the largest first,
    equal work in plan order: in parallel, the long tournaments start first and the
    last ones to finish are short, so that workers do not wait idle at the end while one
    plays a long tournament begun late. Each cell's numbers come from its own seed: the
    order changes no result."""
    return sorted(cells, key=lambda cell: cell.expected_match_turns, reverse=True)


def _cells_to_compute(
    experiment: ExperimentPlan | RandomStudy, out: Path
) -> tuple[list[Cell], dict[int, str]]:
    """The cells whose files are missing or cannot be trusted, and why (for those that
    exist); stored cells are checked here and read again when combining (memory stays
    flat)."""
    recomputed: dict[int, str] = {}
    todo: list[Cell] = []
    for cell in experiment.cells:
        found = read_cell(out, cell, experiment.cell_labels(cell))
        if not isinstance(found, StoredCell):
            todo.append(cell)
            if found != "missing":
                recomputed[cell.index] = found
    return todo, recomputed


def _make_folder(out: Path) -> None:
    if out.exists() and not out.is_dir():
        raise IPDError(f"results folder {str(out)!r} is a file: expected a folder")
    try:
        (out / "cells").mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise IPDError(f"cannot create results folder {str(out)!r}: {exc.strerror}") from None


# -- the tables ------------------------------------------------------------------------------


def combine(experiment: ExperimentPlan, out: Path, chunk: int = 250) -> pd.DataFrame:
    """Write ``results.csv`` (a row per cell and strategy, streamed in chunks) and
    ``cells.csv`` (a row per cell: parameters, seed, winner, best reciprocal strategy)."""
    params = experiment.parameter_names
    rows: list[dict[str, Any]] = []
    tmp = out / ".results.csv.tmp"
    with open(tmp, "w", encoding="utf-8", newline="") as f:
        for start in range(0, len(experiment.cells), chunk):
            frames = []
            for cell in experiment.cells[start : start + chunk]:
                stored = read_cell(out, cell, experiment.cell_labels(cell))
                if not isinstance(stored, StoredCell):
                    raise IPDError(f"cell {cell.index} file is {stored} after the run")
                summary = stored.summary
                columns = cell.columns(params)
                frame = summary.copy()
                for offset, (name, value) in enumerate(columns.items()):
                    frame.insert(offset, name, value)
                frames.append(frame)
                rows.append(_cell_row(cell, columns, stored))
            _tidy(pd.concat(frames, ignore_index=True)).to_csv(
                f, header=start == 0, index=False, lineterminator="\n"
            )
    os.replace(tmp, out / "results.csv")
    cells = _tidy(pd.DataFrame(rows))
    cells.to_csv(out / "cells.csv", index=False, lineterminator="\n")
    return cells


def _cell_row(cell: Cell, columns: dict[str, Any], stored: StoredCell) -> dict[str, Any]:
    s = stored.summary
    reciprocal = s[s["family"] == RECIPROCAL]
    best = reciprocal.iloc[0] if len(reciprocal) else None
    evolved = {}
    if "final_share" in s:
        top = s["final_share"].astype(float).to_numpy().argmax()
        evolved = {
            "dominant": s["strategy"].iloc[top],
            "dominant_family": s["family"].iloc[top],
            "dominant_share": s["final_share"].iloc[top],
            "final_mean_payoff": float(
                (s["final_share"].astype(float) * s["final_payoff"].astype(float)).sum()
            ),
        }
    return {
        **columns,
        "expected_turns": cell.expected_turns,
        "seed": cell.seed,
        "matches": stored.matches,
        "match_turns": stored.match_turns,
        "winner": s["strategy"].iloc[0],
        "winner_family": s["family"].iloc[0],
        "winner_score_per_turn": s["score_per_turn"].iloc[0],
        "mean_score_per_turn": float(s["score_per_turn"].astype(float).mean()),
        "best_reciprocal": best["strategy"] if best is not None else "",
        "best_reciprocal_rank": int(best["rank"]) if best is not None else pd.NA,
        "reciprocal_first": bool(best is not None and int(best["rank"]) == 1),
        **evolved,
    }


def _tidy(frame: pd.DataFrame) -> pd.DataFrame:
    """Integer columns with gaps print as integers (``200``, not ``200.0``)."""
    for name in ("turns", "best_reciprocal_rank"):
        if name in frame:
            frame[name] = frame[name].astype("Int64")
    return frame


# -- the manifest ----------------------------------------------------------------------------


def _git_commit() -> str | None:
    here = Path(__file__).resolve().parent
    try:
        commit = subprocess.run(
            ["git", "-C", str(here), "rev-parse", "HEAD"],
            capture_output=True,
            text=True,
            timeout=5,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", str(here), "status", "--porcelain", "--untracked-files=no"],
            capture_output=True,
            text=True,
            timeout=5,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    return commit + ("-dirty" if dirty else "")


def _table_files(exp: ExperimentPlan | RandomStudy) -> list[str]:
    """The combined tables a run writes (what ``--verify`` compares, with the cells)."""
    if isinstance(exp, RandomStudy):
        return [results_name(exp), "cells.csv", "strategies.csv"]
    return ["results.csv", "cells.csv"] + (["comparison.csv"] if exp.compared is not None else [])


def _write_manifest(
    results: ExperimentResults, timings: list[float], workers: int, dask: str | None
) -> None:
    from tournament.core.results import package_versions

    exp = results.experiment
    manifest = {
        "tool": "ipd-tournament",
        "experiment": exp.config.name,
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "config_file": exp.config.source,
        "config_text": exp.config.text,
        "config_resolved": exp.resolved(),
        "seed": exp.config.seed,
        "cell_seeds": [c.seed for c in exp.cells],
        "files": sorted(
            _table_files(exp)
            + [str(cell_path(results.out, c).relative_to(results.out)) for c in exp.cells]
        ),
        "timings": {
            "total_seconds": round(results.duration, 3),
            "cells_computed": results.computed,
            "cells_reused": results.reused,
            "cells_recomputed": {str(k): v for k, v in results.recomputed.items()},
            "cell_seconds_mean": round(float(np.mean(timings)), 4) if timings else None,
            "cell_seconds_max": round(float(np.max(timings)), 4) if timings else None,
            "workers": workers,
            "dask": dask,
        },
        "versions": package_versions(),
        "git_commit": _git_commit(),
        "platform": platform.platform(),
        "command": sys.argv,
    }
    (results.out / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
    if exp.config.text:
        (results.out / "config.toml").write_text(exp.config.text, encoding="utf-8")
