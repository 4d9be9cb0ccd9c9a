"""The cell files: one checksummed CSV per cell (a header with the cell's key, size and
checksum, then a row per strategy), written atomically as soon as the cell finishes and
trusted again only if key and checksum match; so a run that stops resumes by computing
only the cells whose files are missing or fail their checksum. Also the comparison of two
results folders (CSV byte for byte, Parquet cell for cell).
"""

from __future__ import annotations

import hashlib
import itertools
import json
import os
from collections.abc import Iterable
from dataclasses import dataclass
from io import StringIO
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from tournament.common.frames import same_table
from tournament.core.results import RANKING_COLUMNS
from tournament.experiments.cells import Cell, ExperimentPlan

if TYPE_CHECKING:
    from tournament.experiments.random_study import RandomStudy

__all__ = [
    "CELL_COLUMNS",
    "CellOutcome",
    "StoredCell",
    "cell_path",
    "iter_cells",
    "read_cell",
    "stored_columns",
    "verify_against",
    "write_cell",
]

#: Columns of a cell file (one row per strategy), in order.
CELL_COLUMNS = list(RANKING_COLUMNS)
_CELL_MAGIC = "# ipd-cell v1"


def stored_columns(cell: Cell) -> list[str]:
    """The columns of the cell's file (``final_share`` and ``final_payoff`` if the cell
    runs the evolution)."""
    return CELL_COLUMNS + (["final_share", "final_payoff"] if cell.evolution else [])


@dataclass(frozen=True)
class CellOutcome:
    """A computed cell, as handed to :func:`write_cell`."""

    index: int
    summary: pd.DataFrame
    matches: int
    match_turns: int
    duration: float


@dataclass(frozen=True)
class StoredCell:
    """A cell read back from its file (numbers as text, exactly as written)."""

    summary: pd.DataFrame
    matches: int
    match_turns: int


def cell_path(out: Path, cell: Cell) -> Path:
    return out / "cells" / f"{cell.index:05d}-{cell.key[:12]}.csv"


def write_cell(out: Path, cell: Cell, outcome: CellOutcome) -> Path:
    """Write a cell file atomically: a header with the cell's key, size and checksum."""
    body = outcome.summary.to_csv(index=False, lineterminator="\n")
    digest = hashlib.sha256(body.encode()).hexdigest()
    header = (
        f"{_CELL_MAGIC} key={cell.key} matches={outcome.matches} "
        f"match_turns={outcome.match_turns} sha256={digest}\n"
    )
    path = cell_path(out, cell)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(tmp, "w", encoding="utf-8", newline="") as f:
        f.write(header + body)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)
    return path


def read_cell(out: Path, cell: Cell, labels: list[str]) -> StoredCell | str:
    """The stored cell, or why it cannot be trusted ("missing", "checksum mismatch", ...)."""
    path = cell_path(out, cell)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return "missing"
    except (OSError, UnicodeDecodeError) as exc:
        return f"unreadable ({exc.__class__.__name__})"
    header, _, body = text.partition("\n")
    fields = dict(item.split("=", 1) for item in header.split()[3:] if "=" in item)
    if not header.startswith(_CELL_MAGIC) or set(fields) != {
        "key",
        "matches",
        "match_turns",
        "sha256",
    }:
        return "bad header"
    if fields["key"] != cell.key:
        return "from a different configuration"
    if hashlib.sha256(body.encode()).hexdigest() != fields["sha256"]:
        return "checksum mismatch (partial or corrupt)"
    try:
        # as text: numbers are copied into the combined tables exactly as computed
        summary = pd.read_csv(StringIO(body), dtype=str, keep_default_na=False)
        matches, match_turns = int(fields["matches"]), int(fields["match_turns"])
    except (ValueError, pd.errors.ParserError):
        return "unparsable"
    if list(summary.columns) != stored_columns(cell) or sorted(summary["strategy"]) != sorted(
        labels
    ):
        return "wrong columns or strategies"
    return StoredCell(summary, matches, match_turns)


def iter_cells(
    experiment: ExperimentPlan | RandomStudy, out: Path
) -> Iterable[tuple[Cell, StoredCell]]:
    """Each cell with its stored summary (for figures), read one at a time."""
    for cell in experiment.cells:
        stored = read_cell(out, cell, experiment.cell_labels(cell))
        if isinstance(stored, StoredCell):
            yield cell, stored


def verify_against(out: Path, reference: Path) -> list[str]:
    """Differences between this run's tables and a reference folder's (empty if every
    CSV file is byte-identical and every Parquet file holds the same table)."""
    manifest = json.loads((out / "manifest.json").read_text())
    problems = []
    for name in manifest["files"]:
        mine, theirs = out / name, reference / name
        if not theirs.is_file():
            problems.append(f"{name}: missing in {reference}")
            continue
        if mine.suffix == ".parquet":
            if not same_table(mine, theirs):
                problems.append(f"{name}: differs (not the same table, cell for cell)")
            continue
        a, b = mine.read_bytes(), theirs.read_bytes()
        if a != b:
            line = next(
                (
                    i
                    for i, (x, y) in enumerate(
                        itertools.zip_longest(a.splitlines(), b.splitlines()), 1
                    )
                    if x != y
                ),
                None,
            )
            problems.append(f"{name}: differs (first at line {line})")
    return problems
