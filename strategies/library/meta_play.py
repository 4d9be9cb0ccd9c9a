"""How a meta player's team (:mod:`strategies.library.meta`) plays a turn: its
memory-one members together, as one ``(members, rows)`` table lookup instead of one
``step`` call each, and the others one by one; the same moves from the same random
numbers as every member stepping by itself.

A member whose moves are its memory-one vectors alone (it keeps the ``step`` and
``reset`` of :class:`~strategies.generic.MemoryOneStrategy`) draws ``k`` uniforms a turn
from its stream, and defects where the uniform reaches its probability of cooperating.
When the member has a stream of its own, the table draws them for it, a few turns
ahead (the same numbers, in fewer calls). A member on the stream the deterministic
members share joins the table when its vectors are all 0 and 1 (its draws do not
matter); the numbers it would have drawn are drawn before the next member on that
stream steps by itself, so that member sees the numbers it would have.

The proposals of the members that step by themselves are kept in :class:`Proposals`
buffers, one per window: a sliding window of the last turns that the members read, or
the whole match for those that read their whole history, so that a team keeps (and
moves) no more than its members read (the table's members keep only their last
proposal).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from strategies.base import GroupEntry, Strategy
from strategies.generic import CyclerStrategy, MemoryOneStrategy

__all__ = ["Proposals", "TeamPlay", "TeamPool", "start_pool", "start_team", "team_window"]

_U8 = np.uint8
Step = Callable[[np.ndarray, np.ndarray], np.ndarray]
#: Turns of uniforms drawn ahead from each stream at a time.
_AHEAD = 16
#: The fewest turns a sliding window of proposals takes in between two compactions.
_SEGMENT = 64


def team_window(specs: tuple[str, ...]) -> int | None:
    """The last turns a team of the members ``specs`` reads: the widest window of its
    members, at least one (the team reads the opponent's last move); ``None`` when a
    member reads the whole history."""
    from strategies.registry import REGISTRY

    windows = [REGISTRY.create(spec).history_window for spec in specs]
    return None if None in windows else max([1, *windows])  # type: ignore[type-var]


def start_team(
    specs: tuple[str, ...],
    rng: np.random.Generator,
    n: int,
    payoff: np.ndarray,
    player: Strategy,
) -> tuple[list[Strategy], TeamPlay]:
    """The members ``specs`` of ``player``'s team, started for ``n`` matches of
    ``payoff`` on streams spawned from ``rng`` (the shared one first, then one per
    stochastic member), and the :class:`TeamPlay` of their turns."""
    from strategies.registry import REGISTRY

    members = [REGISTRY.create(spec) for spec in specs]
    stochastic = [m.is_stochastic() for m in members]
    streams = rng.spawn(1 + sum(stochastic))
    shared, own_streams = streams[0], iter(streams[1:])
    for member, random in zip(members, stochastic, strict=True):
        member.start(n, next(own_streams) if random else shared, payoff, player.length)
    # the members read no more than the player does (Memory Decay's play a few turns)
    widest = player.history_window
    windows = [m.history_window for m in members]
    if widest is not None:
        windows = [widest if w is None else min(w, widest) for w in windows]
    elif None not in windows:
        windows = [None] * len(members)  # a player that reads it all keeps it all
    team = TeamPlay(members, stochastic, shared, n, windows, player.length)
    return members, team


def start_pool(cls: type, entries: Sequence[GroupEntry], length: int | float | None) -> TeamPool:
    """Start the meta players of a group (a team shared in a batch) and return the
    :class:`TeamPool` that plays them: ``MetaStrategy.start_group``."""
    for entry in entries:
        meta = entry.player
        meta.pooled = True  # type: ignore[attr-defined]  # its reset starts no team
        meta.start(len(entry.lengths), entry.rng, entry.payoff, length)
    return TeamPool(entries, length)


class Proposals:
    """The members' proposals of a batch, turn-major ``(members, turns, n)`` in
    :attr:`array`: the whole match (growing when full) when ``keep`` is ``None``, else
    the last ``keep`` turns at least; when the array is full, the last ``keep`` turns
    move to its front (as ``tournament.core.history`` does with the moves)."""

    def __init__(self, members: int, n: int, keep: int | None, told: int) -> None:
        self.keep = keep
        size = max(told, _SEGMENT) if keep is None else keep + max(_SEGMENT, keep)
        self.array = np.zeros((members, size, n), dtype=_U8)
        self.offset = 0  # the turn held in column 0

    def column(self, t: int) -> int:
        """The column of turn ``t`` (turns come one by one), making room for it."""
        i, size = t - self.offset, self.array.shape[1]
        if i < size:
            return i
        if self.keep is None:
            grown = np.zeros((self.array.shape[0], 2 * size, self.array.shape[2]), dtype=_U8)
            grown[:, :size] = self.array
            self.array = grown
            return i
        drop = i - self.keep
        self.array[:, : self.keep] = self.array[:, drop:i]
        self.offset += drop
        return self.keep


def _memory_one_data(member: Strategy) -> bool:
    """Whether ``member``'s moves are its memory-one vectors alone."""
    kind = type(member)
    return isinstance(member, MemoryOneStrategy) and (
        kind.step is MemoryOneStrategy.step and kind.reset is MemoryOneStrategy.reset
    )


def _exact(member: Strategy) -> bool:
    """A memory-one member whose probabilities are all 0 or 1, in every row."""
    if not _memory_one_data(member):
        return False
    values = np.concatenate([np.ravel(member._p), member._first])  # type: ignore[attr-defined]
    return bool(np.isin(values, (0.0, 1.0)).all())


def _vectors(table: list[Strategy], n: int) -> tuple[np.ndarray, np.ndarray]:
    """The members' probabilities of cooperating after CC, DC, CD, DD (own move + 2
    opponent's), ``(members, 4 g)`` for ``g`` distinct rows, and each row's among them:
    rows where every member has the same vectors (one per seat in a tournament) share
    them, so that the table stays small (in the cache)."""
    d = len(table)
    if not d:
        return np.zeros((0, 4)), np.zeros(n, dtype=np.intp)
    probs = np.array([m._p for m in table]).reshape(d, n, 4)  # type: ignore[attr-defined]
    by_row = probs[:, :, [0, 2, 1, 3]].transpose(1, 0, 2).reshape(n, 4 * d)
    distinct, kind = _distinct_rows(by_row)
    g = len(distinct)
    return distinct.reshape(g, d, 4).transpose(1, 0, 2).reshape(d, 4 * g), kind.reshape(n)


def _distinct_rows(rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct rows of ``rows`` and each row's index among them: rows told apart
    by a weighted sum first (a few kinds among many rows: one per seat), checked, and
    by ``np.unique`` over whole rows (slow for many rows) only if two kinds collide."""
    weights = np.linspace(1.0, 2.0, rows.shape[1])
    _, first, kind = np.unique(rows @ weights, return_index=True, return_inverse=True)
    distinct = rows[first]
    if np.array_equal(distinct[kind], rows):
        return distinct, kind.reshape(len(rows))
    distinct, kind = np.unique(rows, axis=0, return_inverse=True)
    return distinct, kind.reshape(len(rows))


class TeamPlay:
    """The turns of a started team (see the module's docstring): ``members``, those
    with a stream of their own flagged in ``own_stream``, the others on ``shared``;
    each reading the last ``windows[j]`` turns (all if ``None``), in matches of
    ``length`` turns (as :meth:`Strategy.start <strategies.base.Strategy.start>` tells
    it).

    :attr:`index` holds the places in the team of the members played as a table;
    :attr:`solo` lists the others as ``(place, member, skipped, buffer, row, step)``, in
    team order, where ``skipped`` (``None`` for a member that reads no shared numbers)
    counts the table's members on the shared stream since the previous such member,
    whose numbers are drawn before it steps, and ``buffer`` (the place of one of
    :attr:`buffers` in their order) keeps the member's proposals in its ``row``: each
    turn's, all at once, once every member has stepped; ``step`` is the member's bound
    ``step`` when its ``play_turn`` is :class:`~strategies.base.Strategy`'s (called
    without it), else ``None``.
    """

    def __init__(
        self,
        members: list[Strategy],
        own_stream: list[bool],
        shared: np.random.Generator,
        n: int,
        windows: list[int | None],
        length: float | None,
    ) -> None:
        mine = [j for j, m in enumerate(members) if own_stream[j] and _memory_one_data(m)]
        on_shared = [j for j, m in enumerate(members) if not own_stream[j] and _exact(m)]
        self.index = np.array(mine + on_shared, dtype=np.intp)
        self.streams = [members[j].rng for j in mine]
        table = [members[j] for j in self.index]
        d = len(table)
        self.flat, kind = _vectors(table, n)
        self.first = np.array([m._first for m in table]).reshape(d, n)  # type: ignore[attr-defined]
        self.base = (np.arange(d)[:, None] * self.flat.shape[1] + 4 * kind).astype(np.int32)
        self.cell = self.base.copy()  # base + own last proposal
        self.uniforms = np.full((d, n), 0.5)  # u >= p is exact for p in {0, 1}
        # the uniforms of members with a stream of their own, drawn ahead
        self.ahead = np.empty((len(mine), _AHEAD * n))
        self.cursor = self.ahead.shape[1]
        # this turn's proposals and the last turn's, (members, n)
        self.latest = np.zeros((len(members), n), dtype=_U8)
        self._spare = np.zeros_like(self.latest)
        solo = [j for j in range(len(members)) if j not in mine and j not in on_shared]
        told = length if isinstance(length, int) else 0
        # the solo members' own proposals, one buffer per window (the whole match for
        # those that read it all), and each member's buffer and row in it
        by_window: dict[int | None, list[int]] = {}
        for j in solo:
            by_window.setdefault(windows[j], []).append(j)
        #: the buffers of proposals, by window
        self.buffers = {w: Proposals(len(js), n, w, told) for w, js in by_window.items()}
        #: each buffer and the places in the team of its members, in its rows' order
        self._filled = [(self.buffers[w], np.array(js)) for w, js in by_window.items()]
        where = {j: (b, r) for b, (_, js) in enumerate(by_window.items()) for r, j in enumerate(js)}
        #: the opponent's turns the members read: all, or the widest window
        self.keep: int | None = None
        if None not in by_window:
            self.keep = max([1, *by_window])  # type: ignore[type-var]
        self.solo: list[tuple[int, Strategy, int | None, int, int, Step | None]] = []
        self.shared, self.pending, skipped, readers = shared, 0, 0, False
        for j, member in enumerate(members):
            if j in on_shared:
                skipped += 1
            elif j not in mine:
                # a Cycler's moves are its pattern's: it reads no numbers
                reads = not own_stream[j] and type(member).step is not CyclerStrategy.step
                step = member.step if type(member).play_turn is Strategy.play_turn else None
                self.solo.append((j, member, skipped if reads else None, *where[j], step))
                skipped, readers = (0, True) if reads else (skipped, readers)
        self.skipped_last = skipped if readers else 0

    def play(self, opp: np.ndarray, t: int) -> np.ndarray:
        """Every member's proposal of turn ``t``, ``(members, k)``, from their earlier
        ones and ``opp`` (k, the last turns) the opponent's history. Until the next
        call, :attr:`latest` holds them (the last turn's for a player that learns
        from them before this call)."""
        k = opp.shape[0]
        self.latest, self._spare = self._spare, self.latest
        now = self.latest
        self._table(now, opp, t)
        # each buffer's earlier proposals (members, k, turns), and as many turns of opp
        views, columns = [], []
        for buffer, _ in self._filled:
            i = buffer.column(t)
            first = 0 if buffer.keep is None else max(0, i - buffer.keep)
            mine = buffer.array[:, first:i, :k].transpose(0, 2, 1)
            views.append((mine, opp[:, opp.shape[1] - (i - first) :]))
            columns.append(i)
        for j, member, skipped, b, row, step in self.solo:
            seen, theirs = views[b]
            if skipped is not None and (skipped or self.pending):
                self._skip(k * skipped)  # on the shared stream: first the skipped draws
            if step is None:
                now[j, :k] = member.play_turn(seen[row], theirs, t)
            else:  # Strategy.play_turn, without a call
                member.__dict__["t"] = t
                now[j, :k] = step(seen[row], theirs)
        for (buffer, members), i in zip(self._filled, columns, strict=True):
            buffer.array[:, i, :k] = now[members, :k]
        self.pending += k * self.skipped_last
        return now[:, :k]

    def _skip(self, count: int) -> None:
        """Draw the numbers of the shared stream skipped so far, and ``count`` more."""
        count += self.pending
        if count:
            self.shared.random(count)
            self.pending = 0

    def _draw_ahead(self) -> None:
        """Refill :attr:`ahead` after the numbers not read yet, from each member's
        stream: fewer calls than ``k`` numbers a turn, and the same numbers."""
        left = self.ahead.shape[1] - self.cursor
        self.ahead[:, :left] = self.ahead[:, self.cursor :]
        for j, stream in enumerate(self.streams):
            stream.random(out=self.ahead[j, left:])
        self.cursor = 0

    def _table(self, proposals: np.ndarray, opp: np.ndarray, t: int) -> None:
        k = opp.shape[0]
        if not len(self.index):
            return
        if t == 0:
            p = self.first[:, :k]
        else:
            p = self.flat.take(self.cell[:, :k] + 2 * opp[:, -1].astype(np.int32))
        if self.streams:  # each member its next k numbers
            if self.cursor + k > self.ahead.shape[1]:
                self._draw_ahead()
            self.uniforms[: len(self.streams), :k] = self.ahead[:, self.cursor : self.cursor + k]
            self.cursor += k
        moves = self.uniforms[:, :k] >= p
        proposals[self.index, :k] = moves
        np.add(self.base[:, :k], moves, out=self.cell[:, :k])


class TeamPool:
    """The meta players of one batch that share a team (see
    :meth:`~strategies.library.meta.MetaStrategy.group_key`), played together: the
    members step once a turn for the matches of all of them, instead of once per player.

    The matches of all the players are put in one order, longest first, so that the
    running ones stay a prefix as each member expects; the opponents' last moves are
    gathered into a history of that order, kept as long as the proposals. Each player
    then learns and combines from its own matches' proposals, as it would alone. The
    members' streams are spawned from the first player's; the moves of deterministic
    members, and so of deterministic teams, are the same as each player's own team's.
    """

    def __init__(self, entries: Sequence[GroupEntry], length: int | float | None) -> None:
        self.metas = [entry.player for entry in entries]
        lengths = np.concatenate([entry.lengths for entry in entries])
        order = np.argsort(-lengths, kind="stable")  # place in the pool -> match
        place = np.empty_like(order)
        place[order] = np.arange(len(order))
        bounds = np.cumsum([0] + [len(entry.lengths) for entry in entries])
        #: each player's matches' places in the pool, in the player's order: a slice
        #: when they are consecutive (matches of one length), so that reading the
        #: player's proposals copies nothing
        self.places: list[np.ndarray | slice] = []
        for a, b in zip(bounds[:-1], bounds[1:], strict=True):
            mine = place[a:b]
            consecutive = len(mine) and np.array_equal(mine, np.arange(mine[0], mine[0] + b - a))
            self.places.append(slice(int(mine[0]), int(mine[0]) + b - a) if consecutive else mine)
        payoff = np.concatenate([entry.payoff for entry in entries])[order]
        first = self.metas[0]
        self.members, self.team = start_team(
            first.team_specs(), entries[0].rng, len(order), payoff, first
        )
        told = length if isinstance(length, int) else 0
        self.opp = Proposals(1, len(order), self.team.keep, told)

    def play_turn(self, views: Sequence[tuple[np.ndarray, np.ndarray]], t: int) -> list[np.ndarray]:
        running = sum(opp.shape[0] for _, opp in views)
        if t > 0:
            column = self.opp.column(t - 1)
            for (_, opp), places in zip(views, self.places, strict=True):
                self.opp.array[0, column, _first(places, opp.shape[0])] = opp[:, -1]
            history = self.opp.array[0, : column + 1, :running].T
            last = self.team.latest
            for meta, (_, opp), places in zip(self.metas, views, self.places, strict=True):
                if opp.shape[0]:
                    meta.__dict__["t"] = t
                    meta.observe(last[:, _first(places, opp.shape[0])], opp[:, -1])
        else:
            history = np.zeros((running, 0), dtype=_U8)
        proposals = self.team.play(history, t)
        moves = []
        for meta, (_, opp), places in zip(self.metas, views, self.places, strict=True):
            k = opp.shape[0]
            meta.__dict__["t"] = t
            moves.append(
                meta.combine(proposals[:, _first(places, k)], opp) if k else np.empty(0, _U8)
            )
        return moves


def _first(places: np.ndarray | slice, k: int) -> np.ndarray | slice:
    """The first ``k`` of a player's places in the pool."""
    if isinstance(places, slice):
        return slice(places.start, places.start + k)
    return places[:k]
