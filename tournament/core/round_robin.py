"""Round-robin tournaments: who plays whom (every pair, or the edges of a graph), in
which role, how often; played in chunks."""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from strategies import Strategy
from strategies.errors import IPDError
from strategies.rosters import get_roster
from strategies.transformers.wrapper import spec_of
from tournament.common.validation import (
    check_flag,
    check_horizon,
    check_noise,
    check_positive_int,
    check_seed,
)
from tournament.core.chunks import Schedule, chunking, make_schedule
from tournament.core.engine import draw_lengths, play_batch, told_length
from tournament.core.games import Game, get_game
from tournament.core.graphs import (
    Graph,
    GraphSpec,
    check_matched,
    resolve_graph,
    seat_pairs,
)
from tournament.core.plan import (
    RunPlan,
    default_memory_budget,
    parse_bytes,
    plan_run,
)
from tournament.core.players import create_player
from tournament.core.results import MatchTable, MatchWriter, TournamentResults
from tournament.core.tally import Tally

__all__ = ["DEFAULT_FIELD", "Tournament", "round_robin_pairs"]

#: The default field: the "classic" roster of fifteen well-known strategies.
DEFAULT_FIELD: tuple[str, ...] = tuple(get_roster("classic").names())

#: Matches a tournament keeps in memory, row by row, unless told otherwise (``play``'s
#: ``keep_matches``): above it, only running sums are kept.
KEEP_MATCHES = 2**20

#: Matches (whole repetitions, at least one) summed or written at a time.
BLOCK_MATCHES = 2**17


def round_robin_pairs(n_players: int, symmetric: bool) -> np.ndarray:
    """``(pairs, 2)`` seat assignments: every unordered pair with self-play for a
    symmetric game; every ordered pair (each player in each role) otherwise."""
    if symmetric:
        i, j = np.triu_indices(n_players)
    else:
        i, j = np.indices((n_players, n_players)).reshape(2, -1)
    return np.stack([i, j], axis=1).astype(np.int64)


@dataclass(frozen=True)
class TournamentParams:
    """Everything that determines a tournament's results."""

    players: tuple[str, ...]
    game: Game
    turns: int | None
    prob_end: float | None
    repetitions: int
    noise: float
    seed: int
    hide_length: bool = False
    #: Who plays whom, when not every pair does (``None``: the complete graph).
    graph: Graph | None = None
    #: The specs that build the players again (a transformed strategy's label, "Dual Tit
    #: For Tat", is the library's and builds nothing; its spec is "Dual(Tit For Tat)")
    specs: tuple[str, ...] = ()

    @property
    def told_length(self) -> int | float | None:
        """What strategies are told about the match length (see :func:`told_length`)."""
        return told_length(self.turns, self.prob_end, self.hide_length)

    def to_dict(self) -> dict[str, object]:
        return {
            "players": list(self.players),
            "game": self.game.to_dict(),
            "turns": self.turns,
            "prob_end": self.prob_end,
            "repetitions": self.repetitions,
            "noise": self.noise,
            "seed": self.seed,
            "hide_length": self.hide_length,
            "told_length": _jsonable_length(self.told_length),
            **chunking(self.prob_end is not None),
            **(self.graph.to_dict() if self.graph is not None else {}),
            **({"specs": list(self.specs)} if self.specs else {}),
        }


class Tournament:
    """A round robin: each pair of players (self-play included) meets ``repetitions``
    times; in an asymmetric game each player meets each opponent in both roles.

    ``edges`` plays only the pairs of a graph (a spatial tournament, the Axelrod
    library's ``Tournament(edges=...)``): pairs of player indices, a graph name
    (``"ring"``, ``"ring:2"``, ``"lattice:4x5"``, ``"lattice:4x5:periodic"``,
    ``"complete"``) or an edge-list file; see :mod:`tournament.core.graphs`. Every
    player needs an edge; self-play happens only where the graph has it.

    As in Axelrod's tournaments and the Axelrod library, strategies are told the length
    of fixed-length matches (``hide_length=True`` hides it); a probabilistic ending
    (``prob_end``) is never known.

    >>> results = Tournament(["Tit For Tat", "Defector"], turns=10, repetitions=2,
    ...                      seed=0).play()
    >>> results.summary["strategy"].tolist()
    ['Defector', 'Tit For Tat']
    """

    def __init__(
        self,
        players: Sequence[str | Strategy] | None = None,
        *,
        game: str | Game = "classic",
        turns: int | None = 200,
        prob_end: float | None = None,
        repetitions: int = 10,
        noise: float = 0.0,
        seed: int | None = None,
        hide_length: bool = False,
        memory_budget: int | str | None = None,
        edges: GraphSpec = None,
    ) -> None:
        specs = list(DEFAULT_FIELD if players is None else players)
        if not specs:
            raise IPDError("a tournament needs at least one strategy")
        self.players = [create_player(spec) for spec in specs]
        self.labels = _unique_labels([p.label for p in self.players])
        if prob_end is not None and turns == 200:
            turns = None  # an explicit ending probability replaces the default length
        turns, prob_end = check_horizon(turns, prob_end)
        graph = resolve_graph(edges, self.labels)
        check_matched(graph.edges, self.labels)
        self.params = TournamentParams(
            players=tuple(self.labels),
            game=get_game(game),
            turns=turns,
            prob_end=prob_end,
            repetitions=check_positive_int("repetitions", repetitions),
            noise=check_noise(noise),
            seed=check_seed(seed),
            hide_length=check_flag("hide_length", hide_length),
            graph=None if graph.is_round_robin else graph,
            specs=tuple(spec_of(p) for p in self.players),
        )
        #: Every match of a repetition: the player in each seat (row player first).
        self.pairs = seat_pairs(graph.edges, self.params.game.symmetric)
        #: Bytes the run may use (it does not change the results): the move histories
        #: get half of it, and are kept as a sliding window when the whole would not fit.
        self.memory_budget = (
            default_memory_budget() if memory_budget is None else parse_bytes(memory_budget)
        )

    @property
    def game(self) -> Game:
        return self.params.game

    @property
    def match_count(self) -> int:
        """Matches in the round robin: pairs (roles counted) times repetitions."""
        return len(self.pairs) * self.params.repetitions

    def _repeats_itself(self, pairs: np.ndarray) -> np.ndarray:
        """Per pair: whether every repetition of its match is the same match."""
        p = self.params
        if p.noise > 0 or p.prob_end is not None or p.repetitions == 1:
            return np.zeros(len(pairs), dtype=bool)
        fixed = np.array([not s.is_stochastic() for s in self.players], dtype=bool)
        return fixed[pairs].all(axis=1)

    def _length_rows(self) -> Iterator[np.ndarray]:
        """Each repetition's match lengths (one per pair), in order, drawn from the
        tournament's seed: memory for one repetition at a time."""
        p = self.params
        n_pairs = len(self.pairs)
        if p.prob_end is None:
            row = draw_lengths(n_pairs, p.turns, None, None)  # type: ignore[arg-type]
            for _ in range(p.repetitions):
                yield row
            return
        lengths_ss, _ = np.random.SeedSequence(p.seed).spawn(2)
        rng = np.random.default_rng(lengths_ss)
        for _ in range(p.repetitions):  # the same stream as one draw of every length
            yield draw_lengths(n_pairs, None, p.prob_end, rng)

    def _lengths(self) -> np.ndarray:
        """``(repetitions, pairs)`` match lengths, all at once (for checks: memory grows
        with the repetitions; :meth:`play` draws them a repetition at a time)."""
        return np.stack(list(self._length_rows()))

    def _schedule(self) -> Schedule:
        """Which repetitions go into which chunk (see :mod:`tournament.core.chunks`)."""
        pairs = self.pairs
        replayed = np.flatnonzero(~self._repeats_itself(pairs))
        probabilistic = self.params.prob_end is not None
        return make_schedule(pairs, replayed, self._length_rows, probabilistic)

    def plan(self, keep_matches: bool | None = None) -> RunPlan:
        """What :meth:`play` will do and need, before doing it (see :mod:`.plan`);
        raises :class:`IPDError` when it cannot fit the memory budget."""
        p = self.params
        pairs = self.pairs
        return plan_run(
            self.players,
            ((pairs[c.played], c.lengths) for c in self._schedule().chunks(self._length_rows())),
            self.memory_budget,
            probabilistic=p.prob_end is not None,
            expected_length=(1 / p.prob_end) if p.prob_end else None,
            kept_matches=self.match_count if self._keeps(keep_matches) else 0,
            repetitions=(len(self.players), p.repetitions),
        )

    def _keeps(self, keep_matches: bool | None, keep_moves: bool = False) -> bool:
        """Whether a run keeps every match's row (see :meth:`play`)."""
        if keep_matches is None:
            return keep_moves or self.match_count <= KEEP_MATCHES
        return keep_matches

    def play(
        self,
        progress: Callable[[int, int], None] | None = None,
        keep_moves: bool = False,
        keep_matches: bool | None = None,
        matches_file: str | Path | None = None,
    ) -> TournamentResults:
        """Play every match.

        - ``progress(done, total)`` is called now and then, in match-turns.
        - Every result table comes from running sums (:class:`Tally`), so memory does not
          grow with the repetitions. ``keep_matches`` also keeps each match's row
          (``results.matches``); by default only up to :data:`KEEP_MATCHES` matches.
        - ``matches_file`` streams the per-match table to a ``.csv`` or ``.parquet``
          file as the matches are played (the file appears, whole, when play ends).
        - ``keep_moves`` keeps every history (memory grows with the tournament).
        """
        p = self.params
        started = time.perf_counter()
        schedule = self._schedule()
        pairs = schedule.pairs
        seeds = iter(np.random.SeedSequence(p.seed).spawn(2)[1].spawn(len(schedule.work)))
        tracker = _Progress(progress, schedule.work)
        sink = _Sink(
            Tally(len(self.players), p.repetitions),
            None
            if matches_file is None
            else MatchWriter(Path(matches_file), self.labels, self.game.roles),
            keep=self._keeps(keep_matches, keep_moves),
        )
        moves: list[np.ndarray] = []
        try:
            for reps, chunks in schedule.groups(self._length_rows()):
                parts = []  # the group's matches, chunk by chunk
                for chunk in chunks:
                    seats = pairs[chunk.played]
                    out = play_batch(
                        self.players,
                        seats,
                        chunk.lengths,
                        self.game.payoffs,
                        p.noise,
                        next(seeds),
                        keep_moves=keep_moves,
                        length=p.told_length,
                        history_bytes=self.memory_budget // 2,
                        progress=tracker.turns(chunk.lengths),
                        rent=self.game.rent,
                    )
                    if keep_moves:
                        moves.extend(out.moves[i, :, : out.lengths[i]] for i in range(len(seats)))
                    parts.append(MatchTable.from_batch(seats, chunk.repetition, out))
                    tracker.chunk_done()
                played = np.concatenate([chunk.played for chunk in chunks])
                part = parts[0] if len(parts) == 1 else MatchTable.concat(parts)
                sink.add_group(part, played, reps, len(pairs))
            table, rows, matches_path = sink.finish()
        except BaseException:
            sink.abort()
            raise
        return TournamentResults(
            labels=self.labels,
            families=[s.family for s in self.players],
            params=p,
            tally=sink.tally,
            duration=time.perf_counter() - started,
            table=table,
            moves=[moves[i] for i in rows] if keep_moves else None,
            matches_file=matches_path,
        )


class _Sink:
    """Where a tournament's matches go as groups of chunks finish: completed into whole
    repetitions (:func:`_complete`), then added to the running sums, streamed to the
    match file (if any) and kept (if asked)."""

    def __init__(self, tally: Tally, writer: MatchWriter | None, keep: bool) -> None:
        self.tally, self.writer, self.keep = tally, writer, keep
        self.kept: list[MatchTable] = []
        self.order: list[np.ndarray] = []  # per kept row, its row among the played matches
        self.base: tuple[MatchTable, np.ndarray] | None = None
        self.offset = 0

    def add_group(
        self, part: MatchTable, played: np.ndarray, reps: np.ndarray, n_pairs: int
    ) -> None:
        if self.base is None:  # the first group holds repetition 0 whole, in pair order
            first = np.flatnonzero(part.repetition == 0)
            self.base = (part.take(first), first)
        for block, rows in _complete(part, played, *self.base, n_pairs, reps):
            self.tally.add(block)
            if self.writer is not None:
                self.writer.write(block)
            if self.keep:
                self.kept.append(block)
                copied = rows < 0
                rows = rows + self.offset
                rows[copied] = self.base[1][~(rows[copied] - self.offset)]
                self.order.append(rows)
        self.offset += len(part)

    def finish(self) -> tuple[MatchTable | None, np.ndarray, Path | None]:
        """The kept table, each kept row's played row, and the match file."""
        path = self.writer.commit() if self.writer is not None else None
        table = MatchTable.concat(self.kept) if self.keep else None
        self.kept.clear()
        rows = np.concatenate(self.order) if self.order else np.zeros(0, dtype=np.int64)
        return table, rows, path

    def abort(self) -> None:
        if self.writer is not None:
            self.writer.abort()


def _complete(
    part: MatchTable,
    played: np.ndarray,
    base: MatchTable,
    base_rows: np.ndarray,
    n_pairs: int,
    reps: np.ndarray,
) -> Iterator[tuple[MatchTable, np.ndarray]]:
    """The round robin of each repetition in ``reps``, from the matches of ``part``, in
    blocks of whole repetitions in ``(repetition, pair)`` order: a pair missing from a
    repetition (its match repeats itself) takes its row of repetition 0 (``base``, every
    pair in order).

    Yields each block and, per row, its row in ``part`` (``>= 0``) or ``~pair`` (``< 0``)
    for a row copied from ``base``."""
    per_block = max(1, BLOCK_MATCHES // max(n_pairs, 1))
    for start in range(0, len(reps), per_block):
        block = reps[start : start + per_block]
        first = int(block[0])
        row_of = np.full((len(block), n_pairs), -1, dtype=np.int64)
        inside = np.flatnonzero((part.repetition >= first) & (part.repetition <= block[-1]))
        row_of[part.repetition[inside] - first, played[inside]] = inside
        rows = row_of.ravel()
        pair = np.tile(np.arange(n_pairs), len(block))
        copied = rows < 0
        rows[copied] = ~pair[copied]
        table = MatchTable(
            *(
                _pick(getattr(part, name), getattr(base, name), rows, copied)
                for name in MatchTable.names()
            )
        )
        yield replace(table, repetition=np.repeat(block, n_pairs)), rows


def _pick(a: np.ndarray, b: np.ndarray, rows: np.ndarray, copied: np.ndarray) -> np.ndarray:
    """Rows of ``a`` at ``rows``, except where ``copied``: rows of ``b`` at ``~rows``."""
    out = np.empty((len(rows), *a.shape[1:]), dtype=np.result_type(a, b))
    out[~copied] = a[rows[~copied]]
    out[copied] = b[~rows[copied]]
    return out


class _Progress:
    """Turns the engine's "turns played" calls into ``progress(done, total)`` calls in
    match-turns (the matches still running at each turn)."""

    def __init__(self, progress: Callable[[int, int], None] | None, work: list[int]) -> None:
        self.progress, self.total = progress, sum(work)
        self.done, self.work, self.chunk = 0, work, 0

    def turns(self, lengths: np.ndarray) -> Callable[[int], None] | None:
        if self.progress is None:
            return None
        ordered = np.sort(lengths)
        self.turn, self.base = 0, self.done

        def advance(turns: int) -> None:
            self.turn += turns
            # match-turns played by turn t: every match's min(length, t)
            below = np.searchsorted(ordered, self.turn)
            played = int(ordered[:below].sum()) + self.turn * (len(ordered) - below)
            self.done = self.base + played
            self.progress(self.done, self.total)  # type: ignore[misc]

        return advance

    def chunk_done(self) -> None:
        if self.progress is not None:
            self.done = sum(self.work[: self.chunk + 1])
            self.chunk += 1
            self.progress(self.done, self.total)


def _unique_labels(labels: list[str]) -> list[str]:
    """Number repeated labels: ``["Random", "Random"]`` -> ``["Random", "Random #2"]``."""
    seen: dict[str, int] = {}
    out = []
    for label in labels:
        seen[label] = seen.get(label, 0) + 1
        out.append(label if seen[label] == 1 else f"{label} #{seen[label]}")
    return out


def _jsonable_length(length: int | float | None) -> int | str | None:
    return "unknown (probabilistic ending)" if length == math.inf else length
