"""Who plays whom: interaction graphs for spatial tournaments (the Axelrod library's
``Tournament(edges=...)``).

Every constructor returns an ``(E, 2)`` array of undirected edges between strategy
indices, each edge once with ``i <= j``, in sorted order; an edge ``(i, i)`` (self-play)
only where the graph has one: :func:`complete` (the round robin) has them, :func:`ring`
and :func:`lattice` do not, an edge-list file only where it lists them.
:func:`resolve_graph` turns what a user gives (``None``, a name such as ``"ring:2"`` or
``"lattice:4x5"``, a file, pairs of indices) into a :class:`Graph`.
"""

from __future__ import annotations

import csv
import io
import re
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeAlias

import numpy as np

from strategies.errors import IPDError, UnknownNameError, did_you_mean

__all__ = [
    "GRAPH_NAMES",
    "Graph",
    "GraphSpec",
    "check_matched",
    "complete",
    "lattice",
    "normalise_edges",
    "read_edges",
    "resolve_graph",
    "ring",
    "seat_pairs",
    "unmatched",
]

#: Named graphs, with the syntax of their parameters.
GRAPH_NAMES = {
    "complete": "complete",
    "ring": "ring[:K] (K neighbours on each side, default 1)",
    "lattice": "lattice:ROWSxCOLS[:periodic] (von Neumann neighbourhood)",
}

#: Suffixes read as edge-list files when a graph is given as a string.
EDGE_FILE_SUFFIXES = (".csv", ".tsv", ".txt", ".edges", ".edgelist")


@dataclass(frozen=True, eq=False)
class Graph:
    """A tournament's interaction graph: its edges and how it was given (``name``:
    ``"complete"``, ``"ring:2"``, ``"lattice:4x5:periodic"``, ``"file edges.csv"`` or
    ``"edges"`` for pairs given directly)."""

    edges: np.ndarray
    name: str

    @property
    def is_round_robin(self) -> bool:
        return self.name == "complete"

    def to_dict(self) -> dict[str, object]:
        """What the manifest records: the graph's name and its edges."""
        return {"graph": self.name, "edges": self.edges.tolist()}


#: What a tournament accepts as its graph (see :func:`resolve_graph`).
GraphSpec: TypeAlias = str | Path | Graph | np.ndarray | Sequence[Sequence[int]] | None


def _check_size(name: str, value: object, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < minimum:
        raise IPDError(f"{name} must be an integer >= {minimum}, got {value!r}")
    return int(value)


def _undirected(i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """Edges ``(min, max)``, each once, sorted."""
    pairs = np.stack([np.minimum(i, j), np.maximum(i, j)], axis=1).astype(np.int64)
    return np.unique(pairs.reshape(-1, 2), axis=0)


def complete(n: int, loops: bool = True) -> np.ndarray:
    """Every pair of ``n`` strategies, with self-play when ``loops`` (the round robin,
    the Axelrod library's default)."""
    n = _check_size("the number of strategies", n, 1)
    i, j = np.triu_indices(n, k=0 if loops else 1)
    return np.stack([i, j], axis=1).astype(np.int64)


def ring(n: int, k: int = 1) -> np.ndarray:
    """``n`` strategies on a circle, each with its ``k`` nearest neighbours on each side
    (``k = 1``: the Axelrod library's ``graph.cycle``); no self-play."""
    n = _check_size("the number of strategies", n, 1)
    k = _check_size("ring: k (neighbours on each side)", k, 1)
    if k > n // 2:
        most = f" (here k is at most {n // 2})" if n > 1 else ""
        raise IPDError(
            f"ring:{k} (k neighbours on each side) needs at least {2 * k} strategies, got {n}{most}"
        )
    i = np.repeat(np.arange(n), k)
    j = (i + np.tile(np.arange(1, k + 1), n)) % n
    return _undirected(i, j)


def lattice(rows: int, cols: int, periodic: bool = False) -> np.ndarray:
    """``rows x cols`` strategies on a grid, numbered row by row (strategy
    ``r * cols + c`` at row ``r``, column ``c``), each playing its von Neumann
    neighbours (up, down, left, right); ``periodic`` wraps the edges around (a torus).
    No self-play."""
    rows = _check_size("lattice: rows", rows, 1)
    cols = _check_size("lattice: columns", cols, 1)
    r, c = np.divmod(np.arange(rows * cols), cols)
    if periodic:
        right, down = (r, (c + 1) % cols), ((r + 1) % rows, c)
        keep_right, keep_down = np.full(r.shape, cols > 1), np.full(r.shape, rows > 1)
    else:
        right, down = (r, c + 1), (r + 1, c)
        keep_right, keep_down = c + 1 < cols, r + 1 < rows
    here = np.concatenate([(r * cols + c)[keep_right], (r * cols + c)[keep_down]])
    there = np.concatenate(
        [(right[0] * cols + right[1])[keep_right], (down[0] * cols + down[1])[keep_down]]
    )
    return _undirected(here, there)


def normalise_edges(edges: object, n: int, where: str = "edges") -> np.ndarray:
    """Pairs of strategy indices as an ``(E, 2)`` array of undirected edges (``i <= j``,
    each once, sorted); checks the shape, that they are integers and in range."""
    if isinstance(edges, np.ndarray) and edges.dtype.kind in "iu":
        array = edges
    else:
        array = np.asarray(edges, dtype=object)
    if array.size == 0:
        raise IPDError(f"{where}: no edges given: expected pairs of strategy indices")
    if array.ndim != 2 or array.shape[1] != 2:
        raise IPDError(
            f"{where}: expected pairs of strategy indices, shape (E, 2), got shape {array.shape}"
        )
    bad = [] if array.dtype.kind in "iu" else [v for v in array.ravel() if not _is_index(v)]
    if bad:
        raise IPDError(f"{where}: strategy indices must be integers, got {bad[0]!r}")
    values = array.astype(np.int64)
    out = (values < 0) | (values >= n)
    if out.any():
        raise IPDError(
            f"{where}: index {int(values[out][0])} is out of range: the field has {n} "
            f"strategies (indices 0 to {n - 1})"
        )
    return _undirected(values[:, 0], values[:, 1])


def _is_index(value: object) -> bool:
    return not isinstance(value, bool) and isinstance(value, int | np.integer)


def unmatched(edges: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Strategies in no edge at all, and strategies whose only edge is self-play
    (no opponent: no score)."""
    degree = np.bincount(edges.ravel(), minlength=n)
    loops = np.bincount(edges[edges[:, 0] == edges[:, 1], 0], minlength=n)
    return np.flatnonzero(degree == 0), np.flatnonzero((degree > 0) & (degree == 2 * loops))


# -- edge-list files ---------------------------------------------------------------------


def read_edges(path: str | Path, labels: Sequence[str]) -> np.ndarray:
    """The edges listed in a CSV, TSV or whitespace-separated file: two strategies per
    line, each a 0-based index into ``labels`` (the field, as in the library) or a name
    (a label, any case, or a strategy alias). Blank lines and lines starting with ``#``
    are skipped; a first line that names no strategy is a header. Edges are undirected:
    ``(i, j)`` and ``(j, i)``, listed once or more, are one edge; self-play only where a
    line lists it."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise IPDError(f"edge-list file {str(path)!r} not found") from None
    except IsADirectoryError:
        raise IPDError(f"edge-list file {str(path)!r} is a folder: expected a file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise IPDError(f"cannot read edge-list file {str(path)!r}: {exc}") from None
    where = f"edge-list file {path.name}"
    lines = [
        (number, line)
        for number, line in enumerate(text.splitlines(), start=1)
        if line.strip() and not line.lstrip().startswith("#")
    ]
    if not lines:
        raise IPDError(f"{where} lists no edges: expected two strategies per line")
    names = _NameIndex(labels)
    edges = []
    try:
        rows = _split(lines)
    except (csv.Error, ValueError) as exc:
        raise IPDError(f"{where}: cannot read it as CSV or TSV: {exc}") from None
    for position, (number, fields) in enumerate(rows):
        if len(fields) != 2 or not all(fields):
            raise IPDError(
                f"{where}, line {number}: expected two strategies (indices or names) "
                f"separated by a comma or a tab, got {lines[position][1].strip()!r}"
            )
        if position == 0 and all(names.is_header(f) for f in fields):
            continue
        edges.append([names.index(f, f"{where}, line {number}") for f in fields])
    if not edges:
        raise IPDError(f"{where} lists no edges, only a header")
    return normalise_edges(edges, len(labels), where)


def _split(lines: list[tuple[int, str]]) -> list[tuple[int, list[str]]]:
    """Each line's fields: tab- or comma-separated (CSV quoting allowed) when the file
    uses tabs or commas, otherwise separated by blanks."""
    body = [line for _, line in lines]
    if any("\t" in line for line in body):
        rows = csv.reader(io.StringIO("\n".join(body)), delimiter="\t", strict=True)
    elif any("," in line for line in body):
        rows = csv.reader(io.StringIO("\n".join(body)), strict=True)
    else:
        rows = (line.split() for line in body)
    return [(n, [f.strip() for f in row]) for (n, _), row in zip(lines, rows, strict=True)]


_INDEX = re.compile(r"[+-]?\d+")


class _NameIndex:
    """A strategy's index from what an edge-list file calls it."""

    def __init__(self, labels: Sequence[str]) -> None:
        self.labels = list(labels)
        self.lowered: dict[str, int] = {}
        for i, label in enumerate(self.labels):
            self.lowered.setdefault(label.lower(), i)

    def _find(self, field: str) -> int | None:
        if field.lower() in self.lowered:
            return self.lowered[field.lower()]
        from strategies import REGISTRY

        try:  # an alias ("TFT") of a strategy in the field
            name = REGISTRY.get_class(field).name
        except (IPDError, LookupError):
            return None
        return self.lowered.get(name.lower())

    def is_header(self, field: str) -> bool:
        """Not an index, not a strategy and not close to one (a typo is not a header)."""
        return (
            not _INDEX.fullmatch(field)
            and self._find(field) is None
            and not did_you_mean(field, self.labels)
        )

    def index(self, field: str, where: str) -> int:
        if _INDEX.fullmatch(field):
            i, n = int(field), len(self.labels)
            if not 0 <= i < n:
                raise IPDError(
                    f"{where}: index {i} is out of range: the field has {n} strategies "
                    f"(indices 0 to {n - 1})"
                )
            return i
        found = self._find(field)
        if found is None:
            raise UnknownNameError(
                f"{where}: {field!r} is not a strategy of the field."
                f"{did_you_mean(field, self.labels)}"
            )
        return found


# -- what a user gives -----------------------------------------------------------------


def resolve_graph(spec: GraphSpec, labels: Sequence[str]) -> Graph:
    """The graph a user means, for a field of ``labels``: ``None`` or ``"complete"``
    (the round robin), ``"ring"``, ``"ring:K"``, ``"lattice:ROWSxCOLS"``,
    ``"lattice:ROWSxCOLS:periodic"``, an edge-list file (a :class:`~pathlib.Path`, or a
    string with a file suffix or that names a file: see :func:`read_edges`), pairs of
    indices, or a :class:`Graph`."""
    n = len(labels)
    if spec is None:
        return Graph(complete(n), "complete")
    if isinstance(spec, Graph):
        return Graph(normalise_edges(spec.edges, n, f"graph {spec.name}"), spec.name)
    if isinstance(spec, Path) or (isinstance(spec, str) and _looks_like_file(spec)):
        return Graph(read_edges(spec, labels), f"file {Path(spec).name}")
    if isinstance(spec, str):
        return _named(spec, n)
    return Graph(normalise_edges(spec, n), "edges")


def _looks_like_file(spec: str) -> bool:
    text = spec.strip()
    return (
        text.lower().endswith(EDGE_FILE_SUFFIXES)
        or "/" in text
        or "\\" in text
        or Path(text).is_file()
    )


def _named(spec: str, n: int) -> Graph:
    """A named graph: ``complete``, ``ring[:K]``, ``lattice:ROWSxCOLS[:periodic]``."""
    name, *args = [part.strip() for part in spec.strip().lower().split(":")]
    if name not in GRAPH_NAMES:
        raise UnknownNameError(
            f"unknown graph {spec!r}.{did_you_mean(name, GRAPH_NAMES)} Expected "
            + ", ".join(GRAPH_NAMES.values())
            + ", or an edge-list file (.csv, .tsv)"
        )
    usage = f"graph {spec!r}: expected {GRAPH_NAMES[name]}"
    if name == "complete":
        if args:
            raise IPDError(f"{usage}, without parameters")
        return Graph(complete(n), "complete")
    if name == "ring":
        if len(args) > 1 or (args and not args[0].isdigit()):
            raise IPDError(usage)
        k = int(args[0]) if args else 1
        return Graph(ring(n, k), f"ring:{k}")
    size = re.fullmatch(r"(\d+)\s*x\s*(\d+)", args[0]) if args else None
    if size is None or len(args) > 2 or (len(args) == 2 and args[1] != "periodic"):
        raise IPDError(f"{usage}; for {n} strategies, e.g. 'lattice:{_grid(n)}'")
    rows, cols = int(size[1]), int(size[2])
    if rows * cols != n:
        raise IPDError(
            f"graph {spec!r}: a {rows}x{cols} lattice has {rows * cols} places but the "
            f"field has {n} strategies (e.g. 'lattice:{_grid(n)}')"
        )
    periodic = len(args) == 2
    return Graph(
        lattice(rows, cols, periodic), f"lattice:{rows}x{cols}" + (":periodic" if periodic else "")
    )


def _grid(n: int) -> str:
    """The squarest ``ROWSxCOLS`` with ``n`` places."""
    rows = max(r for r in range(1, int(n**0.5) + 1) if n % r == 0) if n > 0 else 1
    return f"{rows}x{max(n, 1) // rows}"


def seat_pairs(edges: np.ndarray, symmetric: bool) -> np.ndarray:
    """``(pairs, 2)`` seat assignments of a graph's matches: each edge once in a
    symmetric game; in an asymmetric one, each edge in both orders (each player in each
    role), a self-play edge once. Sorted, as :func:`round_robin_pairs` orders the
    complete graph's."""
    if symmetric:
        return edges
    return np.unique(np.concatenate([edges, edges[:, ::-1]]), axis=0)


def check_matched(edges: np.ndarray, labels: Sequence[str]) -> None:
    """Refuse a graph that leaves a strategy out (no edge at all), as the Axelrod
    library does; warn (:class:`UserWarning`) about strategies that only play
    themselves: self-play does not count in scores, so they have none and rank last."""
    alone, only_self = unmatched(edges, len(labels))
    if len(alone):
        names = ", ".join(repr(labels[i]) for i in alone[:5])
        more = f" and {len(alone) - 5} more" if len(alone) > 5 else ""
        raise IPDError(
            f"the graph leaves {names}{more} without a match: every strategy of the field "
            "needs at least one edge (or leave it out of the field)"
        )
    if len(only_self) and len(labels) > 1:
        names = ", ".join(repr(labels[i]) for i in only_self[:5])
        more = f" and {len(only_self) - 5} more" if len(only_self) > 5 else ""
        who = "meets only itself" if len(only_self) == 1 else "meet only themselves"
        warnings.warn(
            f"in this graph {names}{more} {who}: self-play does not count in scores, "
            "so a strategy without an opponent has no score and ranks last",
            UserWarning,
            stacklevel=3,
        )
