"""Running sums of a round robin, fed a block of matches at a time: what every result
table is computed from, in memory that does not grow with the number of matches.

Per strategy and repetition (for medians and ranks), per (seat, player, opponent) (for the
payoff and cooperation matrices, by role) and per strategy (wins, cooperations, turns).
Self-play is left out of strategy scores, as in the Axelrod library, except in a
one-strategy field.
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
        self.wins += np.bincount(me[score > other], minlength=n)
        self.cooperations += np.bincount(me, weights=cooperation, minlength=n).astype(np.int64)
        self.turns += np.bincount(me, weights=turns, minlength=n).astype(np.int64)

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
