"""Tables on disk as CSV or Parquet, read and written the same way everywhere.

CSV is the default for small tables (spreadsheets open it); Parquet (pyarrow, already a
dependency of pandas here) for large ones: columnar, typed, compressed, several times
smaller and faster to read. Every reader in the project goes through :func:`read_table`
(or :func:`find_table` for a table named without its suffix), so a folder written either
way reads the same.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd

from strategies.errors import IPDError

__all__ = [
    "FORMATS",
    "ROWS_FOR_PARQUET",
    "TableFormat",
    "TableWriter",
    "arrow_table",
    "choose_format",
    "find_table",
    "read_table",
    "same_table",
    "write_table",
]

TableFormat = Literal["csv", "parquet"]
#: What ``--matches`` / ``table_format`` accept: a format, ``auto`` (by size) or ``none``.
FORMATS = ("auto", "csv", "parquet", "none")
#: ``auto`` writes Parquet from this many rows on (a CSV of this size is ~70 MB).
ROWS_FOR_PARQUET = 1_000_000
#: Columns from which a frame is converted for pyarrow a dtype at a time (see
#: :func:`arrow_table`).
WIDE = 32
_SUFFIXES: dict[str, TableFormat] = {".csv": "csv", ".parquet": "parquet"}


def choose_format(choice: str, rows: int) -> TableFormat | None:
    """The format ``choice`` means for a table of ``rows`` rows (``None`` for "none")."""
    if choice not in FORMATS:
        raise IPDError(f"table format {choice!r}: expected one of {', '.join(FORMATS)}")
    if choice == "none":
        return None
    if choice == "auto":
        return "parquet" if rows >= ROWS_FOR_PARQUET else "csv"
    return choice  # type: ignore[return-value]


def read_table(path: str | Path, **csv_options: object) -> pd.DataFrame:
    """A table written by :func:`write_table` (or :class:`TableWriter`), by its suffix.
    ``csv_options`` go to :func:`pandas.read_csv` (Parquet keeps its own types)."""
    path = Path(path)
    kind = _SUFFIXES.get(path.suffix)
    if kind is None:
        raise IPDError(f"{path}: expected a .csv or .parquet table")
    try:
        if kind == "parquet":
            return pd.read_parquet(path)
        return pd.read_csv(path, **csv_options)  # type: ignore[arg-type]
    except FileNotFoundError:
        raise IPDError(f"{path}: no such table") from None
    except (OSError, ValueError) as exc:  # pyarrow's errors derive from these
        raise IPDError(f"{path}: cannot read the table ({exc})") from None


def find_table(folder: str | Path, stem: str) -> Path:
    """``folder/stem.csv`` or ``folder/stem.parquet``, whichever exists."""
    folder = Path(folder)
    found = [
        folder / f"{stem}{suffix}" for suffix in _SUFFIXES if (folder / f"{stem}{suffix}").is_file()
    ]
    if not found:
        raise IPDError(f"{folder}: no {stem}.csv or {stem}.parquet")
    if len(found) > 1:
        raise IPDError(
            f"{folder}: both {stem}.csv and {stem}.parquet: expected one (remove the stale one)"
        )
    return found[0]


def write_table(frame: pd.DataFrame, path: str | Path) -> None:
    """Write ``frame`` (without its index) in the format its suffix names."""
    with TableWriter(path) as writer:
        writer.write(frame)


def same_table(a: Path, b: Path) -> bool:
    """Whether two table files hold the same table: byte for byte for CSV; cell for cell
    for Parquet (its bytes also record the writer's version)."""
    if a.suffix != ".parquet" or b.suffix != ".parquet":
        return a.read_bytes() == b.read_bytes()
    return read_table(a).equals(read_table(b))


class TableWriter:
    """Writes a table a chunk of rows at a time, as CSV or Parquet by the path's suffix,
    so that no more than one chunk is ever in memory. Use as a context manager; the
    file is complete only once it closes without an error."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.kind = _SUFFIXES.get(self.path.suffix)
        if self.kind is None:
            raise IPDError(f"{self.path}: expected a .csv or .parquet table")
        self._writer = None
        self._schema = None
        self.rows = 0

    def write(self, frame: pd.DataFrame) -> None:
        import pyarrow as pa

        if self.kind == "csv":
            table = arrow_table(frame)
        else:  # with pandas' metadata: its dtypes come back as they were
            table = pa.Table.from_pandas(frame, preserve_index=False)
        if self._writer is None:
            self._schema = table.schema
            self._writer = self._open(table.schema)
        elif table.schema != self._schema:
            table = table.cast(self._schema)
        self._writer.write_table(table)
        self.rows += len(frame)

    def write_all(self, frames: Iterable[pd.DataFrame]) -> None:
        for frame in frames:
            self.write(frame)

    def _open(self, schema: object) -> object:
        if self.kind == "parquet":
            import pyarrow.parquet as pq

            return pq.ParquetWriter(self.path, schema, compression="zstd")
        import pyarrow.csv as pa_csv

        options = pa_csv.WriteOptions(quoting_style="needed")
        return pa_csv.CSVWriter(self.path, schema, write_options=options)

    def close(self) -> None:
        if self._writer is not None:
            self._writer.close()
            self._writer = None

    def __enter__(self) -> TableWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def arrow_table(frame: pd.DataFrame) -> Any:
    """``frame`` (without its index) as a pyarrow table. A wide frame (a players x
    opponents matrix) has its numpy columns taken a dtype at a time: pyarrow's own
    conversion goes through pandas a column at a time, some 20 ms for 222 columns."""
    import pyarrow as pa

    if frame.shape[1] < WIDE or not frame.columns.is_unique:
        return pa.Table.from_pandas(frame, preserve_index=False)
    columns: list[Any] = [None] * frame.shape[1]
    dtypes = frame.dtypes.to_numpy()
    for dtype in set(dtypes):
        where = np.flatnonzero(dtypes == dtype)
        if not (isinstance(dtype, np.dtype) and dtype.kind in "biuf"):
            for j in where:  # strings and the like: as pandas would convert them
                columns[j] = pa.Array.from_pandas(frame.iloc[:, j])
            continue
        values = frame.iloc[:, where].to_numpy()
        for i, j in enumerate(where):
            columns[j] = pa.array(values[:, i])
    return pa.Table.from_arrays(columns, names=[str(name) for name in frame.columns])
