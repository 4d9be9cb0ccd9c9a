"""The tables of a random study, combined from its cell files, and its answer in words.

* ``results.csv`` (or ``results.parquet`` when large, see
  :func:`~tournament.common.frames.choose_format`): one row per tournament and strategy,
  numbers typed, written a chunk of cells at a time;
* ``cells.csv``: one row per tournament (trial, type, parameters, winner, work done);
* ``strategies.csv``: one row per tournament type and strategy: the tournaments it
  entered, its median and mean normalised rank and how often it came first, sorted by
  type, then median normalised rank (the "top ranked strategies" of the meta analysis).

A strategy's normalised rank in a tournament of ``N`` strategies is
``(rank - 1) / (N - 1)``: 0 for first, 1 for last, comparable across sizes.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from strategies.errors import IPDError
from tournament.common.files import atomic_path
from tournament.common.frames import TableWriter, choose_format, write_table
from tournament.experiments.cells import Cell
from tournament.experiments.random_study import TYPE_TITLES, RandomStudy
from tournament.experiments.store import StoredCell, read_cell

__all__ = [
    "RESULT_COLUMNS",
    "STRATEGY_COLUMNS",
    "StudyTables",
    "combine_study",
    "results_name",
    "study_summary",
]

#: The combined table's columns, in order.
RESULT_COLUMNS = [
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
#: ``strategies.csv``'s columns, in order.
STRATEGY_COLUMNS = [
    "type",
    "strategy",
    "family",
    "tournaments",
    "median_normalised_rank",
    "mean_normalised_rank",
    "first_places",
]
#: Strategies named per type in the summary.
TOP = 15


@dataclass(frozen=True)
class StudyTables:
    """What combining produced: ``cells.csv`` and ``strategies.csv`` as frames, and
    every normalised rank (``ranks``: columns ``type`` and ``strategy``, codes into
    the study's types and labels, and ``normalised_rank``) for the figures."""

    cells: pd.DataFrame
    strategies: pd.DataFrame
    ranks: pd.DataFrame


def results_name(study: RandomStudy) -> str:
    """``results.csv`` or ``results.parquet``, as ``table_format`` and the size say."""
    return f"results.{choose_format(study.study.table_format, study.rows)}"


def combine_study(study: RandomStudy, out: Path, chunk: int = 250) -> StudyTables:
    """Write the three tables from the stored cells, ``chunk`` cells at a time (the
    combined table never whole in memory; the normalised ranks are kept, 13 bytes
    each, for the medians)."""
    name = results_name(study)
    types = list(study.study.types)
    position = {label: i for i, label in enumerate(study.labels)}
    rows: list[dict[str, Any]] = []
    samples: list[pd.DataFrame] = []
    with atomic_path(out / name) as tmp, TableWriter(tmp) as writer:
        for start in range(0, len(study.cells), chunk):
            parts = []
            for cell in study.cells[start : start + chunk]:
                stored = read_cell(out, cell, study.cell_labels(cell))
                if not isinstance(stored, StoredCell):
                    raise IPDError(f"cell {cell.index} file is {stored} after the run")
                frame = _result_rows(cell, stored)
                parts.append(frame)
                rows.append(_cell_row(cell, frame, stored))
            table = pd.concat(parts, ignore_index=True)
            writer.write(table)
            samples.append(
                pd.DataFrame(
                    {
                        "type": table["type"].map(types.index).to_numpy(np.int8),
                        "strategy": table["strategy"].map(position).to_numpy(np.int32),
                        "normalised_rank": table["normalised_rank"].to_numpy(),
                    }
                )
            )
    stale = out / ("results.parquet" if name.endswith(".csv") else "results.csv")
    stale.unlink(missing_ok=True)  # from a run with another table_format
    cells = pd.DataFrame(rows)
    cells["turns"] = cells["turns"].astype("Int64")
    ranks = pd.concat(samples, ignore_index=True)
    strategies = strategy_table(study, ranks)
    for frame, file in ((cells, "cells.csv"), (strategies, "strategies.csv")):
        with atomic_path(out / file) as tmp:
            write_table(frame, tmp)
    return StudyTables(cells, strategies, ranks)


def _result_rows(cell: Cell, stored: StoredCell) -> pd.DataFrame:
    """The cell's rows of the combined table, numbers converted from the file's text."""
    s = stored.summary
    n = len(s)
    rank = s["rank"].astype(np.int64).to_numpy()
    return pd.DataFrame(
        {
            "tournament": np.full(n, cell.index, dtype=np.int64),
            "trial": np.full(n, cell.trial, dtype=np.int64),
            "type": [cell.tournament_type] * n,
            "size": np.full(n, n, dtype=np.int64),
            "repetitions": np.full(n, cell.repetitions, dtype=np.int64),
            "turns": pd.array([cell.turns] * n, dtype="Int64"),
            "prob_end": np.full(n, np.nan if cell.prob_end is None else cell.prob_end),
            "noise": np.full(n, cell.noise, dtype=float),
            "strategy": s["strategy"].to_numpy(),
            "family": s["family"].to_numpy(),
            "rank": rank,
            "normalised_rank": (rank - 1) / (n - 1),
            "score_per_turn": s["score_per_turn"].astype(float).to_numpy(),
            "median_score_per_turn": s["median_score_per_turn"].astype(float).to_numpy(),
            "wins": s["wins"].astype(np.int64).to_numpy(),
            "cooperation_rate": s["cooperation_rate"].astype(float).to_numpy(),
        }
    )


def _cell_row(cell: Cell, frame: pd.DataFrame, stored: StoredCell) -> dict[str, Any]:
    first = frame.iloc[0]
    return {
        "tournament": cell.index,
        "trial": cell.trial,
        "type": cell.tournament_type,
        "size": len(frame),
        "repetitions": cell.repetitions,
        "turns": cell.turns,
        "prob_end": np.nan if cell.prob_end is None else cell.prob_end,
        "noise": cell.noise,
        "expected_turns": cell.expected_turns,
        "seed": cell.seed,
        "matches": stored.matches,
        "match_turns": stored.match_turns,
        "winner": first["strategy"],
        "winner_family": first["family"],
        "winner_score_per_turn": float(first["score_per_turn"]),
    }


def strategy_table(study: RandomStudy, ranks: pd.DataFrame) -> pd.DataFrame:
    """One row per (type, strategy) that entered a tournament of that type, sorted by
    type (in the study's order), then median, then mean normalised rank, then name."""
    groups = ranks.groupby(["type", "strategy"], sort=True)["normalised_rank"]
    table = pd.DataFrame(
        {
            "tournaments": groups.size(),
            "median_normalised_rank": groups.median(),
            "mean_normalised_rank": groups.mean(),
            "first_places": ranks["normalised_rank"]
            .eq(0)
            .groupby([ranks["type"], ranks["strategy"]], sort=True)
            .sum(),
        }
    ).reset_index()
    labels = np.array(study.labels, dtype=object)
    table["name"] = labels[table["strategy"].to_numpy()]
    table = table.sort_values(
        ["type", "median_normalised_rank", "mean_normalised_rank", "name"], kind="stable"
    )
    codes = table["strategy"].to_numpy()
    return pd.DataFrame(
        {
            "type": np.array(study.study.types, dtype=object)[table["type"].to_numpy()],
            "strategy": labels[codes],
            "family": np.array(study.families, dtype=object)[codes],
            "tournaments": table["tournaments"].to_numpy(np.int64),
            "median_normalised_rank": table["median_normalised_rank"].to_numpy(float),
            "mean_normalised_rank": table["mean_normalised_rank"].to_numpy(float),
            "first_places": table["first_places"].to_numpy(np.int64),
        }
    )


# -- words ---------------------------------------------------------------------------------


def _count(n: int, noun: str) -> str:
    return f"{n:,} {noun}{'s' * (n != 1)}"


def study_summary(
    study: RandomStudy,
    cells: pd.DataFrame,
    strategies: pd.DataFrame,
    timing: tuple[float, int, int] | None = None,
    top: int = TOP,
) -> str:
    """The answer in words: what was drawn and played, the best strategies of each type
    by median normalised rank, and the time (``timing``: seconds, tournaments computed,
    reused)."""
    config, types = study.config, study.study.types
    lines = [
        f"{config.name}: {_count(study.study.tournaments, 'trial')} x "
        f"{_count(len(types), 'tournament type')} = {_count(len(cells), 'tournament')}, "
        f"{int(cells['match_turns'].sum()):,} match-turns played.",
        f"Each trial draws {study.describe_ranges()}, and plays that field with each type.",
        "Strategies are ranked by their median normalised rank over the tournaments they "
        "entered (normalised rank: (rank - 1) / (N - 1); 0 = first, 1 = last).",
    ]
    best = []
    for kind in types:
        rows = strategies[strategies["type"] == kind]
        if len(rows):
            best.append(
                f"{kind} {rows['strategy'].iloc[0]} ({rows['median_normalised_rank'].iloc[0]:.3f})"
            )
    lines.append("Best of each type: " + "; ".join(best) + ".")
    for kind in types:
        played = int((cells["type"] == kind).sum())
        rows = strategies[strategies["type"] == kind].head(top)
        lines += ["", f"{TYPE_TITLES[kind]} ({_count(played, 'tournament')}):"]
        width = min(max((len(s) for s in rows["strategy"]), default=8), 40)
        lines.append(
            f"  {'':>3} {'strategy':<{width}}  {'median':>6}  {'mean':>5}  {'entered':>7}  first"
        )
        for place, row in enumerate(rows.itertuples(index=False), start=1):
            lines.append(
                f"  {place:>2}. {row.strategy[:width]:<{width}}  "
                f"{row.median_normalised_rank:>6.3f}  {row.mean_normalised_rank:>5.3f}  "
                f"{row.tournaments:>7,}  {row.first_places:>5,}"
            )
    if timing is not None:
        seconds, computed, reused = timing
        lines += [
            "",
            f"Time: {seconds:,.1f} s for this run ({_count(computed, 'tournament')} computed, "
            f"{reused:,} reused).",
        ]
    return "\n".join(lines)
