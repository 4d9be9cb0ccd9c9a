"""Where the individuals of a Moran process sit, as the Axelrod library's
``MoranProcess`` places them: an *interaction graph* (who plays whom each step) and a
*reproduction graph* (whose place an offspring may take), turned into the arrays one
step needs for every run at once.

Individuals are the vertices 0 to ``N - 1`` (the library's sorted vertices). Graphs are
undirected, as ``(E, 2)`` arrays of edges ``i <= j``; an edge ``(i, i)`` is a loop: in
the interaction graph, an individual that plays itself; in the reproduction graph, a
parent that may replace itself (the library adds every loop to its default
reproduction graph).

>>> graphs = moran_graphs(4, "ring")
>>> graphs.interaction.tolist()
[[0, 1], [0, 3], [1, 2], [2, 3]]
>>> graphs.neighbours[0].tolist(), int(graphs.degree[0])
([0, 1, 3], 3)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from strategies.errors import IPDError
from tournament.core.graphs import Graph, complete, normalise_edges, resolve_graph

__all__ = ["DB_VARIANTS", "MoranGraphs", "individual_graph", "moran_graphs"]

#: Pairs held at most in the table of every possible death-birth step's pairs.
PAIR_TABLE_CELLS = 2**22

#: How a death-birth step scores and chooses the parent (see :class:`MoranGraphs`).
DB_VARIANTS = ("library", "neighbours")


def individual_graph(spec: Any, size: int, what: str, loops: bool) -> tuple[np.ndarray, str]:
    """The edges of a graph on ``size`` individuals and its name, from what a user gives:
    ``"complete"`` (with a loop at every individual when ``loops``: the library's
    ``complete_graph`` makes them for a reproduction graph, its default interaction
    graph has none), ``"ring"``, ``"ring:K"``, ``"lattice:ROWSxCOLS[:periodic]"``, an
    edge-list file of individual indices, ``(E, 2)`` pairs, a
    :class:`~tournament.core.graphs.Graph`, or an object with ``vertices`` and ``edges``
    (the library's ``axelrod.graph.Graph``: vertices in sorted order become 0 to
    ``N - 1``, as the library numbers them)."""
    if isinstance(spec, str) and spec.strip().lower() == "complete":
        return complete(size, loops=loops), "complete"
    if hasattr(spec, "vertices") and hasattr(spec, "edges") and not isinstance(spec, Graph):
        return _library_graph(spec, size, what), "library graph"
    labels = [str(i) for i in range(size)]
    try:
        graph = resolve_graph(spec, labels)
    except IPDError as exc:
        raise IPDError(f"{what}: {_of_individuals(str(exc))}") from None
    name = graph.name if not isinstance(spec, Path) else f"file {spec.name}"
    return graph.edges, name


def _of_individuals(message: str) -> str:
    """A message of the graph module (which speaks of a field of strategies) about a
    population of individuals."""
    for field_words, population_words in (
        ("is not a strategy of the field.", "is not an individual's index."),
        ("the field has", "the population has"),
        (" strategies (indices", " individuals (indices"),
        (" strategies (e.g.", " individuals (e.g."),
        ("strategy indices", "individual indices"),
        ("strategies, got", "individuals, got"),
    ):
        message = message.replace(field_words, population_words)
    return message


def _library_graph(graph: Any, size: int, what: str) -> np.ndarray:
    """The edges of a library ``Graph`` (undirected only) over its sorted vertices."""
    if getattr(graph, "directed", False):
        raise IPDError(f"{what}: directed graphs are not supported: give an undirected graph")
    vertices = sorted(graph.vertices)
    if len(vertices) != size:
        raise IPDError(
            f"{what}: the graph has {len(vertices)} vertices but the population has "
            f"{size} individuals: expected one vertex per individual"
        )
    index = {v: i for i, v in enumerate(vertices)}
    edges = [[index[edge[0]], index[edge[1]]] for edge in graph.edges]
    return normalise_edges(edges, size, what)


def _neighbour_table(edges: np.ndarray, size: int) -> tuple[np.ndarray, np.ndarray]:
    """Each individual's neighbours in sorted order (a loop makes it its own), padded
    with -1, and their number."""
    ends = np.concatenate([edges, edges[edges[:, 0] != edges[:, 1]][:, ::-1]])
    ends = ends[np.lexsort((ends[:, 1], ends[:, 0]))]
    degree = np.bincount(ends[:, 0], minlength=size)
    table = np.full((size, max(int(degree.max(initial=0)), 1)), -1, dtype=np.int64)
    column = np.arange(len(ends)) - np.repeat(np.cumsum(degree) - degree, degree)
    table[ends[:, 0], column] = ends[:, 1]
    return table, degree


@dataclass(frozen=True, eq=False)
class MoranGraphs:
    """The two graphs of a Moran process on ``size`` individuals, and the pairs each
    step plays.

    Birth-death (``"bd"``): every edge of the interaction graph is played; any
    individual may reproduce, with probability proportional to its fitness; its
    offspring replaces one of its reproduction-graph neighbours, chosen uniformly.

    Death-birth (``"db"``) as the library 4.13 runs it (``db_variant="library"``): an
    individual dies, chosen uniformly; the library's code then scores the matches of
    the dead one's interaction neighbours, but takes the *position* of each neighbour in
    the sorted list of neighbours for the neighbour itself, so some individuals play
    themselves and some pairs are left out (see :meth:`pairs_for`); any living
    individual may then reproduce in its place, with probability proportional to that
    score, whatever the reproduction graph. ``db_variant="neighbours"`` is the textbook
    death-birth process: only the dead one's reproduction neighbours compete, each
    scored on its matches with its interaction neighbours (the dead one excepted).
    """

    size: int
    interaction: np.ndarray
    reproduction: np.ndarray
    names: tuple[str, str]
    neighbours: np.ndarray  # reproduction neighbours, (size, max degree), -1 padded
    degree: np.ndarray
    _played: np.ndarray  # interaction neighbours, padded, for death-birth pairs
    _played_degree: np.ndarray
    _cache: dict[tuple[str, int], np.ndarray] = field(default_factory=dict, repr=False)

    @property
    def well_mixed(self) -> bool:
        """Whether everyone plays everyone else (and not themselves)."""
        n = self.size
        return len(self.interaction) == n * (n - 1) // 2 and bool(
            (self.interaction[:, 0] != self.interaction[:, 1]).all()
        )

    @property
    def complete(self) -> bool:
        """Whether this is the library's default: every pair plays, no self-play, and
        the offspring replaces anyone (the parent included)."""
        return self.well_mixed and len(self.reproduction) == self.size * (self.size + 1) // 2

    def max_pairs(self, mode: str, variant: str) -> int:
        """The most pairs one step can play."""
        if mode == "bd":
            return len(self.interaction)
        return max(len(self.pairs_for(d, variant)) for d in range(self.size))

    def pairs_for(self, dead: int, variant: str) -> np.ndarray:
        """The ``(P, 2)`` pairs of individuals a death-birth step plays once ``dead``
        has died (cached)."""
        key = (variant, dead)
        if key not in self._cache:
            if variant == "library":
                self._cache[key] = self._library_pairs(dead)
            else:
                candidates = self.candidates(dead, variant)
                e = self.interaction
                touches = candidates[e[:, 0]] | candidates[e[:, 1]]
                self._cache[key] = e[touches & (e[:, 0] != dead) & (e[:, 1] != dead)]
        return self._cache[key]

    def _library_pairs(self, dead: int) -> np.ndarray:
        """What the library's ``_matchup_indices`` gives in death-birth mode: for the
        ``p``-th neighbour ``s`` of the dead one, ``(p, t)`` for each neighbour ``t`` of
        ``s``; pairs with the dead one left out, each unordered pair once."""
        sources = self._played[dead, : self._played_degree[dead]]
        pairs = []
        for position, source in enumerate(sources):
            targets = self._played[source, : self._played_degree[source]]
            pairs.extend((position, int(t)) for t in targets)
        array = np.array(pairs, dtype=np.int64).reshape(-1, 2)
        array = array[(array[:, 0] != dead) & (array[:, 1] != dead)]
        unordered = np.sort(array, axis=1)
        _, first = np.unique(unordered, axis=0, return_index=True)
        return array[np.sort(first)]

    def candidates(self, dead: int, variant: str) -> np.ndarray:
        """Who may take the dead one's place: a boolean mask over the individuals."""
        mask = np.zeros(self.size, dtype=bool)
        if variant == "library":
            mask[:] = True
        else:
            mask[self.neighbours[dead, : self.degree[dead]]] = True
        mask[dead] = False
        return mask

    def candidate_table(self, variant: str) -> np.ndarray:
        """``(size, size)``: row ``d``, who may take the place of ``d`` (cached)."""
        key = (variant, -1)
        if key not in self._cache:
            self._cache[key] = np.stack([self.candidates(d, variant) for d in range(self.size)])
        return self._cache[key]

    def pair_table(self, variant: str) -> tuple[np.ndarray, np.ndarray] | None:
        """Death-birth pairs of every possible dead one, padded: ``(size, P, 2)`` and
        their numbers (cached); ``None`` when that would take more than
        :data:`PAIR_TABLE_CELLS` cells."""
        key = (variant, -2)
        if key not in self._cache:
            lists = [self.pairs_for(d, variant) for d in range(self.size)]
            counts = np.array([len(x) for x in lists], dtype=np.int64)
            if self.size * counts.max(initial=0) > PAIR_TABLE_CELLS:
                return None
            table = np.zeros((self.size, max(int(counts.max(initial=0)), 1), 2), dtype=np.int64)
            for d, pairs in enumerate(lists):
                table[d, : len(pairs)] = pairs
            self._cache[key] = table
            self._cache[(variant, -3)] = counts
        return self._cache[key], self._cache[(variant, -3)]


def moran_graphs(
    size: int, interaction: Any = None, reproduction: Any = None, check_db: bool = False
) -> MoranGraphs:
    """The graphs of a Moran process on ``size`` individuals: ``interaction`` (default:
    every pair, no self-play) and ``reproduction`` (default: the interaction graph
    with a loop at every individual, as in the library). ``check_db``: every
    individual needs a reproduction neighbour other than itself (death-birth)."""
    if interaction is None:
        played, played_name = complete(size, loops=False), "complete"
    else:
        played, played_name = individual_graph(interaction, size, "interaction graph", False)
    if reproduction is None:
        loops = np.stack([np.arange(size), np.arange(size)], axis=1)
        repro = normalise_edges(np.concatenate([played, loops]), size)
        repro_name = f"{played_name}, with loops"
    else:
        repro, repro_name = individual_graph(reproduction, size, "reproduction graph", True)
    neighbours, degree = _neighbour_table(repro, size)
    if (degree == 0).any():
        lonely = int(np.flatnonzero(degree == 0)[0])
        raise IPDError(
            f"reproduction graph: individual {lonely} has no neighbour: every individual "
            "needs one (its offspring must have a place to go)"
        )
    if check_db:
        own = (neighbours == np.arange(size)[:, None]).sum(axis=1)
        if ((degree - own) == 0).any():
            lonely = int(np.flatnonzero(degree - own == 0)[0])
            raise IPDError(
                f"reproduction graph: individual {lonely} has no neighbour but itself: "
                "in death-birth mode someone else must be able to take its place"
            )
    table, played_degree = _neighbour_table(played, size)
    return MoranGraphs(
        size, played, repro, (played_name, repro_name), neighbours, degree, table, played_degree
    )
