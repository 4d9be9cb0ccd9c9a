"""Round-robin tournaments: who plays whom, in which role, how often; played in chunks."""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from strategies import Strategy
from strategies.errors import IPDError
from strategies.rosters import get_roster
from tournament.common.validation import (
    check_flag,
    check_horizon,
    check_noise,
    check_positive_int,
    check_seed,
)
from tournament.core.engine import draw_lengths, play_batch, told_length
from tournament.core.games import Game, get_game
from tournament.core.plan import (
    RunPlan,
    default_memory_budget,
    parse_bytes,
    plan_run,
)
from tournament.core.players import create_player
from tournament.core.results import MatchTable, TournamentResults

__all__ = ["DEFAULT_FIELD", "Tournament", "round_robin_pairs"]

#: The default field: the "classic" roster of fifteen well-known strategies.
DEFAULT_FIELD: tuple[str, ...] = tuple(get_roster("classic").names())

#: Budget of history cells (turns x seats) held at once; fixes the chunking, and so the
#: random streams, independently of the machine.
CHUNK_CELLS = 2**24


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
            "chunk_cells": CHUNK_CELLS,
        }


class Tournament:
    """A round robin: each pair of players (self-play included) meets ``repetitions``
    times; in an asymmetric game each player meets each opponent in both roles.

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
    ) -> None:
        specs = list(DEFAULT_FIELD if players is None else players)
        if not specs:
            raise IPDError("a tournament needs at least one strategy")
        self.players = [create_player(spec) for spec in specs]
        self.labels = _unique_labels([p.label for p in self.players])
        if prob_end is not None and turns == 200:
            turns = None  # an explicit ending probability replaces the default length
        turns, prob_end = check_horizon(turns, prob_end)
        self.params = TournamentParams(
            players=tuple(self.labels),
            game=get_game(game),
            turns=turns,
            prob_end=prob_end,
            repetitions=check_positive_int("repetitions", repetitions),
            noise=check_noise(noise),
            seed=check_seed(seed),
            hide_length=check_flag("hide_length", hide_length),
        )
        #: Bytes the run may use (it does not change the results): the move histories
        #: get half of it, and are kept as a sliding window when the whole would not fit.
        self.memory_budget = (
            default_memory_budget() if memory_budget is None else parse_bytes(memory_budget)
        )

    @property
    def game(self) -> Game:
        return self.params.game

    def _repeats_itself(self, pairs: np.ndarray) -> np.ndarray:
        """Per pair: whether every repetition of its match is the same match."""
        p = self.params
        if p.noise > 0 or p.prob_end is not None or p.repetitions == 1:
            return np.zeros(len(pairs), dtype=bool)
        fixed = np.array([not s.is_stochastic() for s in self.players], dtype=bool)
        return fixed[pairs].all(axis=1)

    def _lengths(self) -> np.ndarray:
        """``(repetitions, pairs)`` match lengths, drawn from the tournament's seed."""
        p = self.params
        n_pairs = len(round_robin_pairs(len(self.players), self.game.symmetric))
        lengths_ss, _ = np.random.SeedSequence(p.seed).spawn(2)
        rng = np.random.default_rng(lengths_ss)
        return draw_lengths(n_pairs * p.repetitions, p.turns, p.prob_end, rng).reshape(
            p.repetitions, n_pairs
        )

    def _chunks(self, lengths: np.ndarray) -> list[tuple[np.ndarray, np.ndarray]]:
        """Per chunk of repetitions: the pairs played (indices) and their repetition.

        A pair of deterministic players without noise plays the same fixed-length match
        every repetition: it is played once and copied (as the library's cache does).
        Whole repetitions go into a chunk while its history cells (two per pair and turn
        of the longest match) stay within :data:`CHUNK_CELLS`, so the chunks, and with
        them the random streams, do not depend on the machine.
        """
        pairs = round_robin_pairs(len(self.players), self.game.symmetric)
        reps, n_pairs = lengths.shape
        replayed = np.flatnonzero(~self._repeats_itself(pairs))
        ids = [np.arange(n_pairs) if r == 0 else replayed for r in range(reps)]
        per_pair = 2 * int(lengths.max())
        chunks: list[tuple[np.ndarray, np.ndarray]] = []
        start = 0
        while start < reps:
            stop, cells = start + 1, len(ids[start]) * per_pair
            while stop < reps and cells + len(ids[stop]) * per_pair <= CHUNK_CELLS:
                cells += len(ids[stop]) * per_pair
                stop += 1
            if any(len(ids[r]) for r in range(start, stop)):
                repetition = np.repeat(
                    np.arange(start, stop), [len(ids[r]) for r in range(start, stop)]
                )
                chunks.append((np.concatenate(ids[start:stop]), repetition))
            start = stop
        return chunks

    def plan(self) -> RunPlan:
        """What :meth:`play` will do and need, before doing it (see :mod:`.plan`);
        raises :class:`IPDError` when it cannot fit the memory budget."""
        lengths = self._lengths()
        pairs = round_robin_pairs(len(self.players), self.game.symmetric)
        p = self.params
        return plan_run(
            self.players,
            [(pairs[ids], lengths[rep, ids]) for ids, rep in self._chunks(lengths)],
            self.memory_budget,
            probabilistic=p.prob_end is not None,
            expected_length=(1 / p.prob_end) if p.prob_end else None,
        )

    def play(
        self,
        progress: Callable[[int, int], None] | None = None,
        keep_moves: bool = False,
    ) -> TournamentResults:
        """Play every match. ``progress(done, total)`` is called now and then, in
        match-turns. ``keep_moves`` keeps every history (memory grows with the
        tournament)."""
        p = self.params
        started = time.perf_counter()
        pairs = round_robin_pairs(len(self.players), self.game.symmetric)
        lengths = self._lengths()
        chunks = self._chunks(lengths)
        chunk_seeds = np.random.SeedSequence(p.seed).spawn(2)[1].spawn(len(chunks))
        tracker = _Progress(progress, [int(lengths[rep, ids].sum()) for ids, rep in chunks])
        parts: list[MatchTable] = []
        moves: list[np.ndarray] = []
        for (played, repetition), seed in zip(chunks, chunk_seeds, strict=True):
            seats = pairs[played]
            out = play_batch(
                self.players,
                seats,
                lengths[repetition, played],
                self.game.payoffs,
                p.noise,
                seed,
                keep_moves=keep_moves,
                length=p.told_length,
                history_bytes=self.memory_budget // 2,
                progress=tracker.turns(lengths[repetition, played]),
                rent=self.game.rent,
            )
            parts.append(MatchTable.from_batch(seats, repetition, out))
            if keep_moves:
                moves.extend(out.moves[i, :, : out.lengths[i]] for i in range(len(seats)))
            tracker.chunk_done()
        played = MatchTable.concat(parts)
        parts.clear()  # one copy of the played matches at a time
        table, order = played.completed(pairs, p.repetitions)
        del played
        return TournamentResults(
            labels=self.labels,
            families=[s.family for s in self.players],
            params=p,
            table=table,
            duration=time.perf_counter() - started,
            moves=[moves[i] for i in order] if keep_moves else None,
        )


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
