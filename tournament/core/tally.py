"""Running sums of a round robin, fed a block of matches at a time: what every result
table is computed from, in memory that does not grow with the number of matches.

Per strategy and repetition (for medians and ranks), per (seat, player, opponent) (for the
payoff and cooperation matrices, by role) and per strategy (wins, cooperations, turns).
Self-play is left out of strategy scores, as in the Axelrod library, except in a
one-strategy field. Per (player, opponent), both seats together, the counts behind the
Axelrod library's ``ResultSet`` (:mod:`tournament.core.result_set`): cooperations, states,
state-to-action transitions, good-partner matches, score differences, and the spread of
the score over repetitions.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from tournament.core.results import MatchTable

__all__ = ["Tally"]


@dataclass
class Tally:
    """Sums over the matches added so far (see :meth:`add`)."""

    players: int
    repetitions: int
    #: (players, repetitions): sum of score per turn over counted matches, their count,
    #: and the total score.
    rate_by_rep: np.ndarray = field(init=False)
    count_by_rep: np.ndarray = field(init=False)
    total_by_rep: np.ndarray = field(init=False)
    #: (3, players * players): per seat of the row player (0, 1) and in both (2), sums of
    #: score per turn and cooperation rate per (player, opponent), and the number of
    #: matches.
    pair_rate: np.ndarray = field(init=False)
    pair_cooperation: np.ndarray = field(init=False)
    pair_count: np.ndarray = field(init=False)
    #: (players,): over counted matches, wins, cooperations and turns.
    wins: np.ndarray = field(init=False)
    cooperations: np.ndarray = field(init=False)
    turns: np.ndarray = field(init=False)
    #: (players, repetitions), self-play left out: wins.
    wins_by_rep: np.ndarray = field(init=False)
    #: (players,), self-play left out: matches played and first moves that cooperated.
    interactions: np.ndarray = field(init=False)
    initial_cooperations: np.ndarray = field(init=False)
    #: (players * players,) per (player, opponent), both seats: cooperations, turns,
    #: matches where the player cooperated at least as often as the opponent ("good
    #: partner"), the sum of score difference per turn; (..., 4) turns in each state
    #: (CC, CD, DC, DD, own move first); (..., 4, 2) states followed by the player's C, D.
    pair_cooperations: np.ndarray = field(init=False)
    pair_turns: np.ndarray = field(init=False)
    pair_good_partner: np.ndarray = field(init=False)
    pair_score_diff: np.ndarray = field(init=False)
    pair_states: np.ndarray = field(init=False)
    pair_transitions: np.ndarray = field(init=False)
    #: (players * players,): repetitions in which the pair played, and the sums of the
    #: deviation (and its square) of each repetition's mean score per turn from the
    #: first one (a shift that keeps the spread exact when every repetition is the same).
    rep_count: np.ndarray = field(init=False)
    rep_shift: np.ndarray = field(init=False)
    rep_deviation: np.ndarray = field(init=False)
    rep_square: np.ndarray = field(init=False)
    #: Whether every block carried the state counts (see :class:`MatchTable`).
    detailed: bool = True
    matches: int = 0
    match_turns: int = 0

    def __post_init__(self) -> None:
        n, reps = self.players, self.repetitions
        self.rate_by_rep = np.zeros((n, reps))
        self.count_by_rep = np.zeros((n, reps), dtype=np.int64)
        self.total_by_rep = np.zeros((n, reps))
        self.pair_rate = np.zeros((3, n * n))
        self.pair_cooperation = np.zeros((3, n * n))
        self.pair_count = np.zeros((3, n * n), dtype=np.int64)
        self.wins = np.zeros(n, dtype=np.int64)
        self.cooperations = np.zeros(n, dtype=np.int64)
        self.turns = np.zeros(n, dtype=np.int64)
        self.wins_by_rep = np.zeros((n, reps), dtype=np.int64)
        self.interactions = np.zeros(n, dtype=np.int64)
        self.initial_cooperations = np.zeros(n, dtype=np.int64)
        for name in ("pair_cooperations", "pair_turns", "pair_good_partner", "rep_count"):
            setattr(self, name, np.zeros(n * n, dtype=np.int64))
        self.pair_states = np.zeros((n * n, 4), dtype=np.int64)
        self.pair_transitions = np.zeros((n * n, 4, 2), dtype=np.int64)
        self.pair_score_diff = np.zeros(n * n)
        self.rep_shift = np.full(n * n, np.nan)
        self.rep_deviation = np.zeros(n * n)
        self.rep_square = np.zeros(n * n)

    def add(self, table: MatchTable) -> None:
        """Add a block of matches. Within a repetition, sums follow the order of the
        rows, so a repetition added whole gives the same numbers however blocks fall."""
        n, reps = self.players, self.repetitions
        self.matches += len(table)
        self.match_turns += int(table.lengths.sum())
        # one entry per match and seat, in row order (row player first)
        me, them = table.seats.ravel(), table.seats[:, ::-1].ravel()
        seat = np.tile(np.array([0, 1]), len(table))
        turns = np.repeat(table.lengths, 2)
        score, other = table.scores.ravel(), table.scores[:, ::-1].ravel()
        cooperation = table.cooperations.ravel()
        rate = score / turns
        pair = seat * (n * n) + me * n + them
        size = 2 * n * n
        self.pair_rate[:2] += np.bincount(pair, weights=rate, minlength=size).reshape(2, -1)
        self.pair_cooperation[:2] += np.bincount(
            pair, weights=cooperation / turns, minlength=size
        ).reshape(2, -1)
        self.pair_count[:2] += np.bincount(pair, minlength=size).reshape(2, -1)
        # both seats together, summed in row order (as one pass over the rows would)
        pair -= seat * (n * n)
        self.pair_rate[2] += np.bincount(pair, weights=rate, minlength=n * n)
        self.pair_cooperation[2] += np.bincount(pair, weights=cooperation / turns, minlength=n * n)
        self.pair_count[2] += np.bincount(pair, minlength=n * n)
        if n > 1:
            counted = me != them
            me, rate, score, other = me[counted], rate[counted], score[counted], other[counted]
            repetition = np.repeat(table.repetition, 2)[counted]
            cooperation, turns = cooperation[counted], turns[counted]
        else:
            repetition = np.repeat(table.repetition, 2)
        key, size = me * reps + repetition, n * reps
        self.rate_by_rep += np.bincount(key, weights=rate, minlength=size).reshape(n, reps)
        self.count_by_rep += np.bincount(key, minlength=size).reshape(n, reps)
        self.total_by_rep += np.bincount(key, weights=score, minlength=size).reshape(n, reps)
        won = score > other
        self.wins += np.bincount(me[won], minlength=n)
        self.wins_by_rep += np.bincount(key[won], minlength=size).reshape(n, reps)
        self.cooperations += np.bincount(me, weights=cooperation, minlength=n).astype(np.int64)
        self.turns += np.bincount(me, weights=turns, minlength=n).astype(np.int64)
        self._add_library_sums(table)

    def _add_library_sums(self, table: MatchTable) -> None:
        """The per-pair sums behind the library's ``ResultSet`` (both seats together, in
        row order), and its per-strategy first moves (self-play left out)."""
        n = self.players
        me, them = table.seats.ravel(), table.seats[:, ::-1].ravel()
        pair, size = me * n + them, n * n
        turns = np.repeat(table.lengths, 2)
        cooperation = table.cooperations.ravel()
        score, other = table.scores.ravel(), table.scores[:, ::-1].ravel()
        self.pair_cooperations += _sums(pair, cooperation, size)
        self.pair_turns += _sums(pair, turns, size)
        partner = cooperation >= table.cooperations[:, ::-1].ravel()
        self.pair_good_partner += np.bincount(pair[partner], minlength=size)
        self.pair_score_diff += np.bincount(pair, weights=(score - other) / turns, minlength=size)
        self._add_repetition_spread(pair, np.repeat(table.repetition, 2), score / turns)
        counted = me != them
        self.interactions += np.bincount(me[counted], minlength=n)
        if table.outcomes is None or table.transitions is None or table.first_moves is None:
            self.detailed = False
            return
        states = table.outcomes.reshape(-1, 4)
        for s in range(4):
            self.pair_states[:, s] += _sums(pair, states[:, s], size)
        moves = table.transitions.reshape(-1, 4, 2)
        for s in range(4):
            for move in range(2):
                self.pair_transitions[:, s, move] += _sums(pair, moves[:, s, move], size)
        cooperated = counted & (table.first_moves.ravel() == 0)
        self.initial_cooperations += np.bincount(me[cooperated], minlength=n)

    def _add_repetition_spread(
        self, pair: np.ndarray, repetition: np.ndarray, rate: np.ndarray
    ) -> None:
        """Each (repetition, pair)'s mean score per turn (over its rows, both seats), into
        the sums of deviations from the pair's first repetition. A repetition must not
        be split across blocks (the round robin adds whole repetitions)."""
        if not len(pair):
            return
        size = self.players * self.players
        first = int(repetition.min())
        span = int(repetition.max()) - first + 1
        key = (repetition - first) * size + pair
        total = np.bincount(key, weights=rate, minlength=span * size).reshape(span, size)
        count = np.bincount(key, minlength=span * size).reshape(span, size)
        present = count > 0
        means = total / np.maximum(count, 1)
        new = np.flatnonzero(np.isnan(self.rep_shift) & present.any(axis=0))
        self.rep_shift[new] = means[present[:, new].argmax(axis=0), new]
        deviation = np.where(present, means - self.rep_shift, 0.0)
        self.rep_deviation += deviation.sum(axis=0)
        self.rep_square += (deviation * deviation).sum(axis=0)
        self.rep_count += present.sum(axis=0)

    # -- what the result tables read ------------------------------------------------------

    def scores_per_repetition(self) -> np.ndarray:
        """(players, repetitions): mean score per turn over each strategy's counted
        matches in each repetition."""
        with np.errstate(invalid="ignore", divide="ignore"):
            return self.rate_by_rep / self.count_by_rep

    def pair_means(self, seat: int | None = None) -> tuple[np.ndarray, np.ndarray]:
        """(players, players) mean score per turn and cooperation rate of the row player
        against the column player, in ``seat`` only or in both."""
        row = 2 if seat is None else seat
        count = self.pair_count[row]
        n = self.players
        with np.errstate(invalid="ignore", divide="ignore"):
            rate = self.pair_rate[row] / count
            cooperation = self.pair_cooperation[row] / count
        return rate.reshape(n, n), cooperation.reshape(n, n)


def _sums(key: np.ndarray, values: np.ndarray, size: int) -> np.ndarray:
    """Integer sums of ``values`` by ``key`` (exact up to 2**53)."""
    return np.bincount(key, weights=values, minlength=size).astype(np.int64)
