"""Mutation in the library's Moran process: with probability ``mutation_rate`` an
offspring is another strategy of the initial population, chosen uniformly (the
library's ``mutation_method="transition"``) or along a mutation matrix given as numbers
or read from a CSV file (:func:`read_mutation_matrix`)."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from strategies.errors import IPDError

__all__ = ["mutation_cdf", "read_mutation_matrix"]


def mutation_cdf(method: Any, matrix: Any, n: int) -> np.ndarray | None:
    """The cumulative rows of the mutation matrix (``matrix[i, j]``: the probability
    that a mutant offspring of strategy ``i`` is of strategy ``j``), or ``None`` for
    the library's uniform choice among the other strategies."""
    text = method.lower() if isinstance(method, str) else method
    if text == "atomic":
        raise IPDError(
            "mutation method 'atomic' mutates the parameters of the Axelrod library's "
            "evolvable players, which have no native counterpart here: use 'transition' "
            "(to another strategy of the population, uniformly or along a mutation matrix)"
        )
    if text != "transition":
        raise IPDError(f"mutation method {method!r}: expected 'transition' (or 'atomic')")
    if matrix is None:
        return None
    try:
        array = np.asarray(matrix, dtype=float)
    except (TypeError, ValueError):
        raise IPDError(f"mutation matrix: expected {n}x{n} numbers") from None
    if array.shape != (n, n):
        raise IPDError(
            f"mutation matrix: expected {n}x{n} (a row and a column per strategy), got "
            f"shape {array.shape}"
        )
    if not np.isfinite(array).all() or (array < 0).any():
        raise IPDError("mutation matrix: expected non-negative probabilities")
    sums = array.sum(axis=1)
    wrong = ~np.isclose(sums, 1.0, rtol=0, atol=1e-9)
    if wrong.any():
        row = int(np.flatnonzero(wrong)[0])
        raise IPDError(f"mutation matrix: row {row} sums to {sums[row]:g}, expected 1")
    return np.cumsum(array, axis=1)


def read_mutation_matrix(path: str | Path, labels: Sequence[str]) -> np.ndarray:
    """A mutation matrix from a CSV file: one row per strategy, in the order of
    ``labels``, of comma- or blank-separated probabilities; a first row and a first
    column of strategy names (a header and an index) are allowed, and then put the
    rows and columns in order."""
    path = Path(path)
    where = f"mutation matrix file {path.name}"
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise IPDError(f"mutation matrix file {str(path)!r} not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise IPDError(f"cannot read mutation matrix file {str(path)!r}: {exc}") from None
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
    if "," in text:
        rows = [[f.strip() for f in row] for row in csv.reader(io.StringIO("\n".join(lines)))]
    else:
        rows = [line.split() for line in lines]
    header = bool(rows) and not all(_is_number(f) for f in rows[0] if f)
    columns = [f for f in rows[0] if f] if header else None
    body = rows[1:] if header else rows
    named = bool(body) and not all(r and _is_number(r[0]) for r in body)
    index = [r[0] for r in body] if named else None
    values = [r[1:] for r in body] if named else body
    try:
        array = np.array([[float(v) for v in row] for row in values], dtype=float)
    except ValueError as exc:
        raise IPDError(f"{where}: expected numbers ({exc})") from None
    n = len(labels)
    if array.ndim != 2 or array.shape != (n, n):
        raise IPDError(
            f"{where}: expected {n} rows of {n} probabilities (one per strategy: "
            f"{', '.join(labels)}), got shape {array.shape}"
        )
    order = _order(columns[-n:], labels, where) if columns is not None else np.arange(n)
    rows_order = _order(index, labels, where) if index is not None else np.arange(n)
    matrix = np.empty_like(array)
    matrix[np.ix_(rows_order, order)] = array
    return matrix


def _is_number(field: str) -> bool:
    try:
        float(field)
    except ValueError:
        return False
    return True


def _order(names: Sequence[str], labels: Sequence[str], where: str) -> np.ndarray:
    """Where each named row or column goes in the order of ``labels``."""
    lowered = {label.lower(): i for i, label in enumerate(labels)}
    positions = []
    for name in names:
        if name.lower() not in lowered:
            raise IPDError(f"{where}: {name!r} is not one of the strategies ({', '.join(labels)})")
        positions.append(lowered[name.lower()])
    if sorted(positions) != list(range(len(labels))):
        raise IPDError(f"{where}: expected each strategy once in the header and index")
    return np.array(positions)
