"""How a round robin is cut into chunks, each played as one batch of the engine.

A chunk holds at most :data:`CHUNK_CELLS` history cells (two seats a match, times the
turns of its longest match) and draws from its own random stream, so the chunking,
and with it every result, depends on the tournament alone, not on the machine.

- **Fixed length.** Whole repetitions a chunk, in (repetition, pair) order. A pair of
  deterministic players without noise plays the same match every repetition: it is
  played once (in repetition 0) and copied, as the library's cache does.
- **Probabilistic ending.** Match lengths are geometric: most matches are far shorter
  than the longest, which a chunk of whole repetitions holds (and plays, turn by turn,
  long after most of its matches are over) for every match. So whole repetitions form
  a *group*, up to :data:`GROUP_MATCHES` matches (or as many as one chunk holds by the
  fixed-length rule), and a group larger than one chunk is played in chunks of matches
  of similar lengths, shortest first. Only the chunk of the longest matches has a long
  tail of turns with few matches left, instead of every repetition. A group that fits
  one chunk is played as the fixed-length rule would.

Results are completed a group at a time (whole repetitions), so memory stays bounded
in the repetitions.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

import numpy as np

__all__ = ["CHUNK_CELLS", "GROUP_MATCHES", "Chunk", "Schedule", "chunking", "make_schedule"]

#: Budget of history cells (turns x seats) held at once; fixes the chunking, and so the
#: random streams, independently of the machine.
CHUNK_CELLS = 2**24

#: Matches of whole repetitions whose results a probabilistic-ending tournament holds
#: while it plays them in chunks by length.
GROUP_MATCHES = 2**18


def chunking(probabilistic: bool) -> dict[str, int]:
    """The constants that fix a tournament's chunks, and so its random streams, as its
    manifest and an experiment cell's key record them."""
    return {
        "chunk_cells": CHUNK_CELLS,
        **({"group_matches": GROUP_MATCHES} if probabilistic else {}),
    }


@dataclass(frozen=True)
class Chunk:
    """The matches of one batch: pairs (indices into the schedule's pairs), their
    repetitions and lengths."""

    played: np.ndarray
    repetition: np.ndarray
    lengths: np.ndarray


@dataclass(frozen=True)
class Schedule:
    """Which repetitions go into which group, and how each group is cut into chunks."""

    pairs: np.ndarray
    #: The pairs played again in every repetition after the first.
    replayed: np.ndarray
    #: Group g completes repetitions ``bounds[g]`` to ``bounds[g + 1]`` (excluded).
    bounds: list[int]
    #: Per group: ``None`` when it is one chunk in (repetition, pair) order, else the
    #: chunks' bounds in its matches sorted by length (see :func:`by_length`).
    cuts: list[list[int] | None]
    #: Match-turns played per chunk, in play order.
    work: list[int]

    def groups(self, length_rows: Iterable[np.ndarray]) -> Iterator[tuple[np.ndarray, list[Chunk]]]:
        """Per group: the repetitions it completes and its chunks, in play order, from
        each repetition's match lengths (``length_rows``, one row per repetition)."""
        rows = iter(length_rows)
        every = np.arange(len(self.pairs))
        for (start, stop), cuts in zip(itertools.pairwise(self.bounds), self.cuts, strict=True):
            ids = [every if r == 0 else self.replayed for r in range(start, stop)]
            lengths = np.concatenate([next(rows)[i] for i in ids])
            repetition = np.repeat(np.arange(start, stop), [len(i) for i in ids])
            played = np.concatenate(ids)
            if cuts is None:
                chunks = [Chunk(played, repetition, lengths)]
            else:
                order = by_length(lengths)
                chunks = [
                    Chunk(played[part], repetition[part], lengths[part])
                    for part in (order[a:b] for a, b in itertools.pairwise(cuts))
                ]
            yield np.arange(start, stop), chunks

    def chunks(self, length_rows: Iterable[np.ndarray]) -> Iterator[Chunk]:
        """Every chunk, in play order."""
        for _, chunks in self.groups(length_rows):
            yield from chunks


def by_length(lengths: np.ndarray) -> np.ndarray:
    """A group's matches, shortest first (ties in their order)."""
    return np.argsort(lengths, kind="stable")


def length_cuts(ordered: np.ndarray) -> list[int]:
    """Bounds of the chunks of matches of ``ordered`` lengths (ascending): each takes
    the most matches whose cells (two seats x the chunk's longest) stay within
    :data:`CHUNK_CELLS`, at least one."""
    cuts, start = [0], 0
    while start < len(ordered):
        # the cells of a chunk from start to i (included): non-decreasing in i
        cells = 2 * np.arange(1, len(ordered) - start + 1) * ordered[start:]
        start += max(1, int(np.searchsorted(cells, CHUNK_CELLS, side="right")))
        cuts.append(start)
    return cuts


def make_schedule(
    pairs: np.ndarray,
    replayed: np.ndarray,
    length_rows: Callable[[], Iterator[np.ndarray]],
    probabilistic: bool,
) -> Schedule:
    """The schedule of a round robin of ``pairs`` (``replayed``: those played again after
    the first repetition) whose repetitions have the match lengths that each call of
    ``length_rows`` yields, a row per repetition."""
    longest, work = 0, []
    for r, row in enumerate(length_rows()):
        longest = max(longest, int(row.max()))
        work.append(int(row.sum() if r == 0 else row[replayed].sum()))
    repetitions = len(work)
    counts = [len(pairs), *[len(replayed)] * (repetitions - 1)]
    per_pair = 2 * longest
    bounds, start, whole = [0], 0, []
    while start < repetitions:
        stop, matches = start + 1, counts[start]
        while stop < repetitions and (
            (matches + counts[stop]) * per_pair <= CHUNK_CELLS
            or (probabilistic and matches + counts[stop] <= GROUP_MATCHES)
        ):
            matches += counts[stop]
            stop += 1
        bounds.append(stop)
        whole.append(not probabilistic or matches * per_pair <= CHUNK_CELLS)
        start = stop
    if all(whole):
        chunk_work = [sum(work[a:b]) for a, b in itertools.pairwise(bounds)]
        return Schedule(pairs, replayed, bounds, [None] * len(whole), chunk_work)
    cuts: list[list[int] | None] = []
    chunk_work = []
    groups = Schedule(pairs, replayed, bounds, [None] * len(whole), [])
    for (_, [chunk]), fits in zip(groups.groups(length_rows()), whole, strict=True):
        if fits:
            cuts.append(None)
            chunk_work.append(int(chunk.lengths.sum()))
            continue
        ordered = chunk.lengths[by_length(chunk.lengths)]
        group_cuts = length_cuts(ordered)
        cuts.append(group_cuts)
        chunk_work.extend(int(ordered[a:b].sum()) for a, b in itertools.pairwise(group_cuts))
    return Schedule(pairs, replayed, bounds, cuts, chunk_work)
