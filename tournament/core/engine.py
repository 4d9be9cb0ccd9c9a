"""The vectorized engine: a batch of matches advances together, one numpy step per turn.

Every match has two *seats* (rows). Rows are grouped by strategy, so each strategy sees
its own moves and its opponents' moves as contiguous views of two turn-major arrays
(``own[t, row]`` and ``opp[t, row]``) and is called once per turn for all the matches
it sits in, in either seat. Within a strategy's block, rows are sorted by match length,
longest first, so the matches still running are always a prefix of the block.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass

import numpy as np

from strategies.base import GroupEntry, PlayGroup, Strategy
from strategies.errors import IPDError
from strategies.generic import MemoryOneStrategy
from tournament.core.history import FlipStream, History, too_long_message
from tournament.core.relationships import RelationalRent, RentMeter

__all__ = [
    "BatchOutcome",
    "draw_lengths",
    "history_window_of",
    "is_memory_one_data",
    "play_batch",
    "told_length",
]

_U8 = np.uint8

#: Turns between two compactions of a sliding window of the history.
SEGMENT_TURNS = 4096


@dataclass(frozen=True)
class BatchOutcome:
    """Per-match results of a batch; arrays indexed ``[match, seat]`` (seat 0 = row role).

    ``outcomes[i, s]`` counts the turns of match ``i`` that ended CC, CD, DC, DD from
    seat ``s``'s point of view (own move first). ``transitions[i, s, state, move]``
    counts the turns after which seat ``s``, having been in ``state`` (CC, CD, DC, DD),
    then played ``move`` (0 = C, 1 = D); ``first_moves[i, s]`` is its first move. All
    count the moves as played (after noise), as the Axelrod library does. ``moves``
    (when kept) is ``(match, seat, turn)``; entries past a match's length are
    meaningless.
    """

    lengths: np.ndarray
    scores: np.ndarray
    cooperations: np.ndarray
    outcomes: np.ndarray
    moves: np.ndarray | None = None
    transitions: np.ndarray | None = None
    first_moves: np.ndarray | None = None


def draw_lengths(
    n: int, turns: int | None, prob_end: float | None, rng: np.random.Generator
) -> np.ndarray:
    """Match lengths: all ``turns``, or geometric with ending probability ``prob_end``
    after each turn (so at least one turn; mean ``1 / prob_end``)."""
    if prob_end is None:
        if turns is None:
            raise ValueError("give turns or prob_end")
        return np.full(n, turns, dtype=np.int64)
    return rng.geometric(prob_end, size=n).astype(np.int64)


def told_length(turns: int | None, prob_end: float | None, hide_length: bool) -> int | float | None:
    """What strategies are told about the match length: the number of turns of a
    fixed-length match unless hidden, ``math.inf`` for a probabilistic ending."""
    if prob_end is not None:
        return math.inf
    return None if hide_length else turns


def play_batch(
    players: Sequence[Strategy],
    seat_players: np.ndarray,
    lengths: np.ndarray,
    payoffs: np.ndarray,
    noise: float,
    seed: np.random.SeedSequence,
    keep_moves: bool = False,
    length: int | float | None = None,
    history_bytes: int | None = None,
    segment: int | None = None,
    progress: Callable[[int], None] | None = None,
    rent: RelationalRent | None = None,
    groups: bool = True,
) -> BatchOutcome:
    """Play ``m`` matches together.

    ``seat_players`` is ``(m, 2)``: the index in ``players`` of the row and column player
    of each match. ``payoffs`` is the game's ``(2, 2, 2)`` array. ``seed`` drives the noise
    and every stochastic strategy (one independent stream each). ``length`` is what
    strategies are told about the match length (see :meth:`Strategy.start
    <strategies.base.Strategy.start>`): the length of every match, ``math.inf`` or
    ``None``.

    When every player declares a ``history_window``, only a sliding window of the
    history is kept (:class:`~tournament.core.history.History`), compacted every
    ``segment`` turns (default :data:`SEGMENT_TURNS`, less if ``history_bytes`` asks):
    memory does not grow with the horizon. Otherwise the whole history is kept, and a
    batch whose history would take more than ``history_bytes`` is refused
    (:class:`IPDError`, naming the players that read it all). The results are the same
    either way. ``progress(turns)`` is called now and then with the number of
    turns played since its last call. ``rent`` (the game's relational rent) adds its
    bonus to each turn of mutual cooperation, as the moves are played.

    Players that share work (the same :meth:`~strategies.base.Strategy.group_key`, such
    as the meta players of one team) are played as one group, unless ``groups`` is
    false: deterministic ones make the same moves either way; stochastic team members
    draw from the group's streams instead of each player's.
    """
    seat_players = np.asarray(seat_players, dtype=np.int64)
    lengths = np.asarray(lengths, dtype=np.int64)
    # Memory-one strategies are data: they are played together by one kernel. Their
    # players come first, so that their rows form one contiguous group.
    kernel = np.array([is_memory_one_data(p) for p in players], dtype=bool)
    play_order = np.concatenate([np.flatnonzero(kernel), np.flatnonzero(~kernel)])
    rows = _Rows.arrange(seat_players, lengths, play_order)

    streams = seed.spawn(2 + len(players))
    blocks, vectors, firsts = [], [], []
    grouped: dict[Hashable, list[tuple[GroupEntry, int, int]]] = {}
    keys = _group_keys(players, kernel) if groups else {}
    for r, p in enumerate(play_order):
        player, start, stop = players[p], int(rows.bounds[r]), int(rows.bounds[r + 1])
        if stop == start:
            continue
        block_payoffs = payoffs[rows.seat[start:stop]]
        if kernel[p]:
            probs, first = player.row_vectors(block_payoffs)
            vectors.append(probs)
            firsts.append(first)
            continue
        rng = np.random.default_rng(streams[2 + p])
        if p in keys:
            entry = GroupEntry(player, rng, block_payoffs, rows.length[start:stop])
            grouped.setdefault(keys[p], []).append((entry, start, stop))
            continue
        player.start(stop - start, rng, block_payoffs, length)
        # descending lengths within the block: number of rows still playing at turn t
        blocks.append((player, start, stop, rows.length[start:stop][::-1]))
    teams = [_Group.start(members, length) for members in grouped.values()]
    group = _MemoryOneKernel(vectors, firsts, np.random.default_rng(streams[1]))
    present = [players[p] for r, p in enumerate(play_order) if rows.bounds[r + 1] > rows.bounds[r]]
    history = _history(present, rows, history_bytes, segment, keep_moves)
    flips = FlipStream(noise, rows.horizon * len(rows.order), np.random.default_rng(streams[0]))
    meter = None if rent is None else RentMeter(rent, rows.length)
    _play_turns(rows, group, blocks, history, flips, progress, meter, teams)
    history.finish()
    return _tally(rows, history, payoffs, lengths, keep_moves, meter)


def _history(
    present: Sequence[Strategy],
    rows: _Rows,
    history_bytes: int | None,
    segment: int | None,
    keep_moves: bool,
) -> History:
    """A sliding window as wide as the widest ``history_window`` of the ``present``
    players, or the whole history when moves are kept or a player reads it all (refused
    when it does not fit ``history_bytes``)."""
    n_rows, horizon = len(rows.order), rows.horizon
    windows = [history_window_of(p) for p in present]
    if keep_moves or None in windows:
        full = History.nbytes(n_rows, horizon, None, 0)
        if not keep_moves and history_bytes is not None and full > history_bytes:
            whole = [p.label for p, w in zip(present, windows, strict=True) if w is None]
            raise IPDError(too_long_message(whole, full, history_bytes * 2, horizon))
        return History(horizon, rows.length, None, 0)
    window = max([1, *windows])  # type: ignore[type-var]
    if segment is None:
        segment = SEGMENT_TURNS
        if history_bytes is not None:
            segment = max(64, min(segment, history_bytes // max(2 * n_rows, 1) - window))
    return History(horizon, rows.length, window, segment)


def _group_keys(players: Sequence[Strategy], kernel: np.ndarray) -> dict[int, Hashable]:
    """The group key of each player that shares it with another (by index)."""
    keys = {p: player.group_key() for p, player in enumerate(players) if not kernel[p]}
    found = [key for key in keys.values() if key is not None]
    shared = {key for key in found if found.count(key) > 1}
    return {p: key for p, key in keys.items() if key in shared}


@dataclass
class _Group:
    """A :class:`~strategies.base.PlayGroup` and where its players' blocks are."""

    play_group: PlayGroup
    blocks: list[tuple[int, int, np.ndarray]]  # start, stop, lengths ascending

    @classmethod
    def start(
        cls, members: list[tuple[GroupEntry, int, int]], length: int | float | None
    ) -> _Group:
        entries = [entry for entry, _, _ in members]
        play_group = type(entries[0].player).start_group(entries, length)
        return cls(play_group, [(a, b, e.lengths[::-1]) for e, a, b in members])

    def play(
        self, own: np.ndarray, opp: np.ndarray, lo: int, i: int, t: int, uniform: bool
    ) -> None:
        """Turn ``t`` (row ``i`` of the arrays) of every player of the group."""
        spans = []
        for start, stop, lengths in self.blocks:
            k = stop - start
            if not uniform:
                k -= int(np.searchsorted(lengths, t, side="right"))
            spans.append((start, k))
        if not any(k for _, k in spans):  # all its matches are over (they stay over)
            return
        views = [(own[lo:i, a : a + k].T, opp[lo:i, a : a + k].T) for a, k in spans]
        for (start, k), moves in zip(spans, self.play_group.play_turn(views, t), strict=True):
            if k:
                own[i, start : start + k] = moves


def history_window_of(player: Strategy) -> int | None:
    """Turns of history ``player`` reads (memory-one kernel players read one)."""
    return 1 if is_memory_one_data(player) else player.history_window


@dataclass(frozen=True)
class _Rows:
    """Where each match's two seats sit in the turn-major history arrays.

    Rows are sorted by (player's place in the play order, length descending, match,
    seat), so each player's rows form one block whose running matches are a prefix.
    """

    order: np.ndarray  # row -> original row (match for seat 0, m + match for seat 1)
    partner: np.ndarray  # row -> row of the other seat of the same match
    length: np.ndarray  # row -> its match's length
    seat: np.ndarray  # row -> 0 (row player) or 1 (column player)
    match: np.ndarray  # row -> its match
    bounds: np.ndarray  # the block of the r-th player in play order: bounds[r]:bounds[r+1]
    horizon: int  # the longest match
    uniform: bool  # every match has the same length

    @classmethod
    def arrange(
        cls, seat_players: np.ndarray, lengths: np.ndarray, play_order: np.ndarray
    ) -> _Rows:
        m = seat_players.shape[0]
        rank = np.empty(len(play_order), dtype=np.int64)
        rank[play_order] = np.arange(len(play_order))
        # rows 0..m-1 are seat 0 of each match, m..2m-1 seat 1
        row_rank = rank[np.concatenate([seat_players[:, 0], seat_players[:, 1]])]
        row_length = np.concatenate([lengths, lengths])
        row_match = np.concatenate([np.arange(m), np.arange(m)])
        row_seat = np.repeat(np.array([0, 1], dtype=np.int64), m)
        order = np.lexsort((row_seat, row_match, -row_length, row_rank))
        position = np.empty(2 * m, dtype=np.int64)
        position[order] = np.arange(2 * m)
        horizon = int(lengths.max()) if m else 0
        return cls(
            order=order,
            partner=position[(order + m) % (2 * m)],
            length=row_length[order],
            seat=row_seat[order],
            match=row_match[order],
            bounds=np.searchsorted(row_rank[order], np.arange(len(play_order) + 1)),
            horizon=horizon,
            uniform=bool((lengths == horizon).all()),
        )


def _play_turns(
    rows: _Rows,
    group: _MemoryOneKernel,
    blocks: list[tuple[Strategy, int, int, np.ndarray]],
    history: History,
    flips: FlipStream,
    progress: Callable[[int], None] | None,
    meter: RentMeter | None = None,
    teams: Sequence[_Group] = (),
) -> None:
    """The turn loop: every player (and group of players) moves for its running rows,
    noise flips moves, each row sees its partner's move (and the ``meter`` counts
    relational rents)."""
    n_rows = len(rows.order)
    every = max(1, rows.horizon // 100)
    for first, stop in history.segments():
        own, opp, offset = history.own, history.opp, history.offset
        for t in range(first, stop):
            i = t - offset  # this turn's row in the arrays
            if group.size:
                group.step(own, opp, i)
            lo = history.start(t)
            for player, start, end, block_lengths in blocks:
                if rows.uniform:
                    k = end - start
                else:
                    k = end - start - int(np.searchsorted(block_lengths, t, side="right"))
                    if k == 0:
                        continue
                own[i, start : start + k] = player.play_turn(
                    own[lo:i, start : start + k].T, opp[lo:i, start : start + k].T, t
                )
            for team in teams:
                team.play(own, opp, lo, i, t, rows.uniform)
            # a turn's flips at a time: small arrays (drawn whole, a segment's flips
            # could take hundreds of megabytes, and fresh memory is slow to fault in)
            flipped = flips.until((t + 1) * n_rows)
            if len(flipped):
                own[i, flipped - t * n_rows] ^= 1
            np.take(own[i], rows.partner, out=opp[i])
            if meter is not None:
                meter.observe(own[i], opp[i], t)
            if progress is not None and (t + 1) % every == 0:
                progress(every)
    if progress is not None and rows.horizon % every:
        progress(rows.horizon % every)


def _tally(
    rows: _Rows,
    history: History,
    payoffs: np.ndarray,
    lengths: np.ndarray,
    keep_moves: bool,
    meter: RentMeter | None = None,
) -> BatchOutcome:
    """Outcome counts and scores per match and seat, from the rows' defection counts."""
    m = len(lengths)
    own_d, opp_d, both_d = history.counts
    counts = np.stack(
        [rows.length - own_d - opp_d + both_d, opp_d - both_d, own_d - both_d, both_d], axis=1
    )  # (2m, 4): CC, CD, DC, DD from each row's point of view
    flat = payoffs.reshape(2, 4)[rows.seat]  # (2m, 4) payoff of each outcome per row
    row_scores = (counts * flat).sum(axis=1)
    if meter is not None:
        row_scores = row_scores + meter.earned

    def by_match(values: np.ndarray) -> np.ndarray:
        out = np.empty((m, 2) + values.shape[1:], dtype=values.dtype)
        out[rows.match, rows.seat] = values
        return out

    return BatchOutcome(
        lengths=lengths,
        scores=by_match(row_scores),
        cooperations=by_match(counts[:, 0] + counts[:, 1]),
        outcomes=by_match(counts),
        moves=by_match(history.own.T.copy()) if keep_moves else None,
        transitions=by_match(_transitions(history, counts)),
        first_moves=by_match(history.first),
    )


def _transitions(history: History, counts: np.ndarray) -> np.ndarray:
    """``(rows, 4, 2)``: per row, the turns after each state (CC, CD, DC, DD, own move
    first) followed by its C and by its D, from the history's sums of products of the
    defection indicators ``a = own[t-1]``, ``b = opp[t-1]``, ``c = own[t]``."""
    own_d = history.counts[0]
    c = own_d - history.first  # sum of c over t >= 1
    ac, bc, abc = history.after
    to_d = np.stack([c - ac - bc + abc, bc - abc, ac - abc, abc], axis=1)
    # states followed by a move: every state but each row's last
    last = (history.last[0].astype(np.int64) << 1) | history.last[1]
    before = counts.copy()
    before[np.arange(len(last)), last] -= 1
    dtype = np.int32 if history.horizon < 2**31 else np.int64
    return np.stack([before - to_d, to_d], axis=2).astype(dtype)


def is_memory_one_data(player: Strategy) -> bool:
    """Whether ``player``'s moves are fully described by its memory-one vectors."""
    return isinstance(player, MemoryOneStrategy) and (
        type(player).step is MemoryOneStrategy.step
        and type(player).reset is MemoryOneStrategy.reset
    )


class _MemoryOneKernel:
    """Plays every memory-one row of a batch in one step: rows ``[0, size)``.

    Probabilities and uniforms are float32 (resolution 2**-24), which is 2.5x faster than
    float64 here; probabilities 0 and 1 stay exact, so deterministic rows are exact.
    """

    def __init__(
        self, vectors: list[np.ndarray], firsts: list[np.ndarray], rng: np.random.Generator
    ) -> None:
        self.size = sum(len(f) for f in firsts)
        self.rng = rng
        if not self.size:
            return
        flat = np.concatenate(vectors).astype(np.float64)
        first = np.concatenate(firsts).astype(np.float64)
        # Only the rows of stochastic players draw uniforms, so the draws of a row do
        # not depend on which deterministic rows share the batch.
        random = ((flat > 0) & (flat < 1)).any(axis=1) | ((first > 0) & (first < 1))
        self.random_rows = np.flatnonzero(random)
        self.stochastic = bool(len(self.random_rows))
        self.flat, self.first = flat.ravel().astype(np.float32), first.astype(np.float32)
        self.random_first = self.first[self.random_rows]
        self.base = np.arange(self.size, dtype=np.int32) * 4
        self.defect = (flat.ravel() < 0.5).astype(_U8)  # deterministic rows: the move itself
        self.first_move = (first < 0.5).astype(_U8)

    def step(self, own: np.ndarray, opp: np.ndarray, i: int) -> None:
        """Moves into row ``i`` of the arrays (the turn after row ``i - 1``)."""
        n, rows = self.size, self.random_rows
        if i == 0:
            own[0, :n] = self.first_move
            p = self.random_first
        else:
            index = self.base + ((own[i - 1, :n] << 1) | opp[i - 1, :n])
            np.take(self.defect, index, out=own[i, :n])
            p = self.flat[index[rows]]
        if self.stochastic:
            # u in [0, 1) never reaches p = 1 and always reaches p = 0: exact when deterministic
            u = self.rng.random(len(rows), dtype=np.float32)
            own[i, rows] = u >= p
