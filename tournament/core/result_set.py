"""The Axelrod library's ``ResultSet`` metrics, from a tournament's running sums.

Everything the library's ``ResultSet`` computes from its per-match file, computed here
from the :class:`~tournament.core.tally.Tally` that a round robin fills as it plays (no
histories, memory flat in the repetitions): normalised scores, wins and scores per
repetition, payoff means and spreads, score differences, match lengths, cooperation
counts and ratings, good partners, the EigenJesus and EigenMoses ratings, first moves,
state and state-to-action distributions, and ``summarise()``. Per-pair tables are
DataFrames with players as rows and opponents as columns, both seats of a match
together, as in the library. The library's per-repetition per-pair lists (``payoffs``,
``score_diffs``, ``match_lengths``) need every match: :meth:`ResultSet.pair_repetitions`
gives them from a kept per-match table.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from strategies.errors import IPDError

if TYPE_CHECKING:
    from tournament.core.results import MatchTable
    from tournament.core.tally import Tally

__all__ = [
    "STATES",
    "SUMMARISE_COLUMNS",
    "ResultSet",
    "pair_repetitions",
    "principal_eigenvector",
]

#: The four states of a turn from a player's point of view (own move first).
STATES = ("cc", "cd", "dc", "dd")

#: The columns of the library's ``ResultSet.summarise()``, in its order.
SUMMARISE_COLUMNS = (
    "Rank",
    "Name",
    "Median_score",
    "Cooperation_rating",
    "Wins",
    "Initial_C_rate",
    "CC_rate",
    "CD_rate",
    "DC_rate",
    "DD_rate",
    "CC_to_C_rate",
    "CD_to_C_rate",
    "DC_to_C_rate",
    "DD_to_C_rate",
)


def principal_eigenvector(
    matrix: np.ndarray, max_iterations: int = 1000, max_error: float = 1e-3
) -> np.ndarray:
    """The unit principal eigenvector of ``matrix`` by power iteration from a vector of
    ones, stopped as the library stops it (successive vectors closer than
    ``max_error``, or ``max_iterations``): its EigenJesus and EigenMoses ratings are
    this approximation. An all-zero matrix gives NaN, as in the library."""
    matrix = np.asarray(matrix, dtype=float)
    last = np.ones(len(matrix))
    vector = last
    for i in range(max_iterations + 2):
        product = matrix @ vector
        with np.errstate(invalid="ignore", divide="ignore"):
            vector = product / np.sqrt(product @ product)
        if i > max_iterations:
            break
        step = vector - last
        if np.sqrt(step @ step) < max_error:
            break
        last = vector
    return vector


@dataclass(frozen=True)
class ResultSet:
    """The library's result set of a tournament, from its ``tally`` (and, for the
    per-repetition per-pair values only, its kept per-match ``table``)."""

    labels: list[str]
    tally: Tally
    table: MatchTable | None = None

    # -- helpers -------------------------------------------------------------------------

    def _square(self, values: np.ndarray) -> pd.DataFrame:
        frame = pd.DataFrame(
            np.asarray(values).reshape(len(self.labels), len(self.labels)),
            index=self.labels,
            columns=self.labels,
        )
        frame.index.name, frame.columns.name = "player", "opponent"
        return frame

    def _per_repetition(self, values: np.ndarray) -> pd.DataFrame:
        frame = pd.DataFrame(values, index=self.labels)
        frame.index.name, frame.columns.name = "player", "repetition"
        return frame

    def _series(self, values: np.ndarray, name: str) -> pd.Series:
        return pd.Series(values, index=pd.Index(self.labels, name="player"), name=name)

    def _require_states(self) -> None:
        if not self.tally.detailed:
            raise IPDError(
                "the state metrics need each match's state counts, and this tournament's "
                "per-match tables did not carry them (outcomes, transitions, first_moves)"
            )

    @property
    def _n(self) -> int:
        return len(self.labels)

    def _off_diagonal(self) -> np.ndarray:
        return ~np.eye(self._n, dtype=bool)

    # -- per strategy and repetition -----------------------------------------------------

    @cached_property
    def normalised_scores(self) -> pd.DataFrame:
        """Mean score per turn of each strategy in each repetition, self-play left out
        (library ``normalised_scores``). Strategies x repetitions."""
        return self._per_repetition(self.tally.scores_per_repetition())

    @cached_property
    def scores(self) -> pd.DataFrame:
        """Total payoff in each repetition, self-play left out (library ``scores``)."""
        return self._per_repetition(self.tally.total_by_rep.copy())

    @cached_property
    def wins(self) -> pd.DataFrame:
        """Matches won in each repetition, self-play left out (library ``wins``)."""
        return self._per_repetition(self.tally.wins_by_rep.copy())

    @cached_property
    def ranking(self) -> list[int]:
        """Strategy indices by decreasing median normalised score, ties in field order
        (library ``ranking``)."""
        medians = _nanmedian(self.normalised_scores.to_numpy())
        return sorted(range(self._n), key=lambda i: -medians[i])

    @property
    def ranked_names(self) -> list[str]:
        return [self.labels[i] for i in self.ranking]

    # -- per pair ------------------------------------------------------------------------

    @cached_property
    def payoff_matrix(self) -> pd.DataFrame:
        """Mean score per turn of the player against the opponent (library
        ``payoff_matrix``; NaN for a pair that never met, where the library has 0)."""
        with np.errstate(invalid="ignore", divide="ignore"):
            return self._square(self.tally.pair_rate[2] / self.tally.pair_count[2])

    @cached_property
    def payoff_stddevs(self) -> pd.DataFrame:
        """Standard deviation over repetitions (population, as ``numpy.std``) of each
        repetition's mean score per turn (library ``payoff_stddevs``)."""
        t = self.tally
        with np.errstate(invalid="ignore", divide="ignore"):
            mean = t.rep_deviation / t.rep_count
            variance = np.maximum(t.rep_square / t.rep_count - mean * mean, 0.0)
        return self._square(np.sqrt(variance))

    @cached_property
    def payoff_diffs_means(self) -> pd.DataFrame:
        """Mean score difference per turn, player minus opponent (library
        ``payoff_diffs_means``; NaN for a pair that never met)."""
        with np.errstate(invalid="ignore", divide="ignore"):
            return self._square(self.tally.pair_score_diff / self.tally.pair_count[2])

    @cached_property
    def match_lengths(self) -> pd.DataFrame:
        """Mean match length, in turns, of each pair (the library's ``match_lengths``
        averaged over repetitions)."""
        with np.errstate(invalid="ignore", divide="ignore"):
            return self._square(self.tally.pair_turns / self.tally.pair_count[2])

    @cached_property
    def cooperation(self) -> pd.DataFrame:
        """Turns on which the player cooperated against the opponent, over every
        repetition (library ``cooperation``: self-play counts once, halved and rounded
        down as the library does)."""
        counts = self.tally.pair_cooperations.reshape(self._n, self._n).copy()
        np.fill_diagonal(counts, np.diagonal(counts) // 2)
        return self._square(counts)

    @cached_property
    def _pair_turns(self) -> np.ndarray:
        """Turns of each pair's matches, self-play counted once (as ``cooperation``)."""
        turns = self.tally.pair_turns.reshape(self._n, self._n).astype(float)
        np.fill_diagonal(turns, np.diagonal(turns) / 2)
        return turns

    @cached_property
    def normalised_cooperation(self) -> pd.DataFrame:
        """Cooperation rate of the player against the opponent; 0 for a pair that never
        met (library ``normalised_cooperation``)."""
        with np.errstate(invalid="ignore", divide="ignore"):
            rate = self.cooperation.to_numpy() / self._pair_turns
        return self._square(np.nan_to_num(rate))

    @cached_property
    def vengeful_cooperation(self) -> pd.DataFrame:
        """``2 * (normalised_cooperation - 0.5)``: 1 for always cooperating, -1 for
        always defecting (library ``vengeful_cooperation``)."""
        return 2 * (self.normalised_cooperation - 0.5)

    @cached_property
    def good_partner_matrix(self) -> pd.DataFrame:
        """Matches in which the player cooperated at least as often as the opponent;
        0 on the diagonal (library ``good_partner_matrix``)."""
        counts = self.tally.pair_good_partner.reshape(self._n, self._n) * self._off_diagonal()
        return self._square(counts)

    # -- per strategy --------------------------------------------------------------------

    @cached_property
    def cooperating_rating(self) -> pd.Series:
        """Cooperations over turns against the other strategies (library
        ``cooperating_rating``; the summary's ``cooperation_rate``)."""
        off = self._off_diagonal()
        cooperations = (self.cooperation.to_numpy() * off).sum(axis=1)
        turns = (self._pair_turns * off).sum(axis=1)
        return self._series(cooperations / np.maximum(1, turns), "cooperating_rating")

    @cached_property
    def good_partner_rating(self) -> pd.Series:
        """Share of its matches against others in which the strategy was a good partner
        (library ``good_partner_rating``)."""
        total = self.good_partner_matrix.to_numpy().sum(axis=1)
        return self._series(total / np.maximum(1, self.tally.interactions), "good_partner_rating")

    @cached_property
    def eigenjesus_rating(self) -> pd.Series:
        """Principal eigenvector of ``normalised_cooperation`` (library
        ``eigenjesus_rating``)."""
        vector = principal_eigenvector(self.normalised_cooperation.to_numpy())
        return self._series(vector, "eigenjesus_rating")

    @cached_property
    def eigenmoses_rating(self) -> pd.Series:
        """Principal eigenvector of ``vengeful_cooperation`` (library
        ``eigenmoses_rating``)."""
        vector = principal_eigenvector(self.vengeful_cooperation.to_numpy())
        return self._series(vector, "eigenmoses_rating")

    @cached_property
    def initial_cooperation_count(self) -> pd.Series:
        """Matches against others that the strategy opened by cooperating (library
        ``initial_cooperation_count``)."""
        self._require_states()
        return self._series(self.tally.initial_cooperations.copy(), "initial_cooperation_count")

    @cached_property
    def initial_cooperation_rate(self) -> pd.Series:
        """``initial_cooperation_count`` over matches against others; 0 with none
        (library ``initial_cooperation_rate``)."""
        with np.errstate(invalid="ignore", divide="ignore"):
            rate = self.initial_cooperation_count.to_numpy() / self.tally.interactions
        return self._series(np.nan_to_num(rate), "initial_cooperation_rate")

    # -- states --------------------------------------------------------------------------

    def _pairs_frame(self, columns: dict[str, np.ndarray]) -> pd.DataFrame:
        """One row per (player, opponent), opponent != player, in field order."""
        player, opponent = np.divmod(np.arange(self._n * self._n), self._n)
        keep = player != opponent
        names = pd.Index(self.labels)  # strings taken by position: no per-row conversion
        frame = {"player": names.take(player[keep]), "opponent": names.take(opponent[keep])}
        frame.update({name: values[keep] for name, values in columns.items()})
        return pd.DataFrame(frame)

    @cached_property
    def state_distribution(self) -> pd.DataFrame:
        """Turns the pair spent in each state (``cc``: both cooperated, ``cd``: the
        player cooperated and the opponent defected, ...), one row per (player,
        opponent), self-play left out (library ``state_distribution``)."""
        self._require_states()
        states = self.tally.pair_states
        return self._pairs_frame({name: states[:, s] for s, name in enumerate(STATES)})

    @cached_property
    def normalised_state_distribution(self) -> pd.DataFrame:
        """``state_distribution`` as shares of the pair's turns (``cc_rate``, ...); NaN
        for a pair that never met (library ``normalised_state_distribution``)."""
        states = self.state_distribution[list(STATES)].to_numpy(dtype=float)
        with np.errstate(invalid="ignore", divide="ignore"):
            shares = states / states.sum(axis=1, keepdims=True)
        frame = self.state_distribution[["player", "opponent"]].copy()
        for s, name in enumerate(STATES):
            frame[f"{name}_rate"] = shares[:, s]
        return frame

    @cached_property
    def state_to_action_distribution(self) -> pd.DataFrame:
        """How often the player, in each state, then cooperated or defected:
        ``cc_to_c``, ``cc_to_d``, ..., ``dd_to_d``, one row per (player, opponent),
        self-play left out (library ``state_to_action_distribution``)."""
        self._require_states()
        moves = self.tally.pair_transitions
        columns = {
            f"{name}_to_{move}": moves[:, s, m]
            for s, name in enumerate(STATES)
            for m, move in enumerate("cd")
        }
        return self._pairs_frame(columns)

    @cached_property
    def normalised_state_to_action_distribution(self) -> pd.DataFrame:
        """The player's probability of each move after each state (``cc_to_c_rate``,
        ``cc_to_d_rate``, ...); NaN after a state that never occurred, where the library
        leaves the entry out (library ``normalised_state_to_action_distribution``)."""
        counts = self.state_to_action_distribution
        frame = counts[["player", "opponent"]].copy()
        for name in STATES:
            c, d = counts[f"{name}_to_c"].to_numpy(), counts[f"{name}_to_d"].to_numpy()
            with np.errstate(invalid="ignore", divide="ignore"):
                frame[f"{name}_to_c_rate"] = c / (c + d)
                frame[f"{name}_to_d_rate"] = d / (c + d)
        return frame

    def _matrix_of(self, frame: pd.DataFrame, column: str) -> np.ndarray:
        """A column of a per-pair (off-diagonal) table as a players x players matrix,
        NaN on the diagonal."""
        out = np.full((self._n, self._n), np.nan)
        out[self._off_diagonal()] = frame[column].to_numpy(dtype=float)
        return out

    @cached_property
    def state_rates(self) -> pd.DataFrame:
        """Per strategy, the library's ``CC_rate`` ... ``DD_rate``: its normalised state
        distributions summed over opponents, then normalised (``cc_rate``, ...)."""
        shares = self.normalised_state_distribution
        sums = np.stack(
            [np.nansum(self._matrix_of(shares, f"{s}_rate"), axis=1) for s in STATES], axis=1
        )
        total = sums.sum(axis=1, keepdims=True)
        with np.errstate(invalid="ignore", divide="ignore"):
            rates = np.where(total > 0, sums / total, 0.0)
        frame = pd.DataFrame(rates, index=self.labels, columns=[f"{s}_rate" for s in STATES])
        frame.index.name = "player"
        return frame

    @cached_property
    def state_to_cooperation_rates(self) -> pd.DataFrame:
        """Per strategy, the library's ``CC_to_C_rate`` ... ``DD_to_C_rate``: the mean,
        over the opponents against which it is above 0, of its probability of
        cooperating after that state (0 if none)."""
        rates = self.normalised_state_to_action_distribution
        columns = {}
        for s in STATES:
            matrix = self._matrix_of(rates, f"{s}_to_c_rate")
            positive = np.nan_to_num(matrix) > 0
            total = np.where(positive, matrix, 0.0).sum(axis=1)
            count = positive.sum(axis=1)
            columns[f"{s}_to_c_rate"] = np.where(count > 0, total / np.maximum(count, 1), 0.0)
        frame = pd.DataFrame(columns, index=self.labels)
        frame.index.name = "player"
        return frame

    # -- the library's summary -----------------------------------------------------------

    def summarise(self) -> pd.DataFrame:
        """The library's ``ResultSet.summarise()`` as a table, with its column names
        and its order (by median normalised score, ties in field order; ``Rank`` from
        0, as in the library)."""
        order = self.ranking
        states = self.state_rates.to_numpy()
        to_c = self.state_to_cooperation_rates.to_numpy()
        columns = [
            np.arange(self._n),
            np.asarray(self.labels, dtype=object)[order],
            _nanmedian(self.normalised_scores.to_numpy())[order],
            self.cooperating_rating.to_numpy()[order],
            _nanmedian(self.wins.to_numpy(dtype=float))[order],
            self.initial_cooperation_rate.to_numpy()[order],
            *states[order].T,
            *to_c[order].T,
        ]
        return pd.DataFrame(dict(zip(SUMMARISE_COLUMNS, columns, strict=True)))

    def summary_columns(self) -> pd.DataFrame:
        """The per-strategy metrics that ``summary.csv`` adds to its first columns, by
        strategy in field order: median wins, first-move cooperation, good partner and
        eigen ratings, state and state-to-cooperation rates (NaN where the tournament
        did not gather state counts)."""
        frame = pd.DataFrame(index=pd.Index(self.labels, name="player"))
        frame["median_wins"] = _nanmedian(self.wins.to_numpy(dtype=float))
        frame["good_partner_rating"] = self.good_partner_rating
        frame["eigenjesus_rating"] = self.eigenjesus_rating
        frame["eigenmoses_rating"] = self.eigenmoses_rating
        if self.tally.detailed:
            states = [self.initial_cooperation_rate, self.state_rates]
            return pd.concat([frame, *states, self.state_to_cooperation_rates], axis=1)
        names = ["initial_cooperation_rate", *(f"{s}_rate" for s in STATES)]
        for name in [*names, *(f"{s}_to_c_rate" for s in STATES)]:
            frame[name] = np.nan
        return frame

    # -- per repetition and pair (needs every match) -------------------------------------

    @cached_property
    def pair_repetitions(self) -> pd.DataFrame:
        """The library's ``payoffs``, ``score_diffs`` and ``match_lengths`` (see
        :func:`pair_repetitions`), from the kept per-match table
        (``play(keep_matches=True)``)."""
        if self.table is None:
            raise IPDError(
                "per-repetition pair values need every match: play the tournament with "
                "keep_matches=True, or pass matches.csv to result_set.pair_repetitions"
            )
        t = self.table
        names = pd.Index(self.labels)
        turns = np.repeat(t.lengths, 2)
        rows = pd.DataFrame(
            {
                "player": names.take(t.seats.ravel()),
                "opponent": names.take(t.seats[:, ::-1].ravel()),
                "repetition": np.repeat(t.repetition, 2),
                "turns": turns,
                "score": t.scores.ravel(),
            }
        )
        return pair_repetitions(rows, self.labels)


def pair_repetitions(matches: pd.DataFrame, labels: list[str] | None = None) -> pd.DataFrame:
    """One row per (player, opponent, repetition) that met: the mean, over the pair's
    matches in that repetition (both seats), of the score per turn, the score
    difference per turn (player minus opponent) and the turns: the library's
    ``payoffs``, ``score_diffs`` and ``match_lengths``. ``matches`` is the per-match
    table (``matches.csv``, or ``results.matches``; columns player, opponent,
    repetition, turns, score): two rows per match, row player first. Players in the
    order of ``labels`` (default: as they first appear)."""
    partner = np.arange(len(matches)) ^ 1
    score, turns = matches["score"].to_numpy(dtype=float), matches["turns"].to_numpy()
    labels = labels or list(pd.unique(matches["player"]))
    rows = pd.DataFrame(
        {
            "player": pd.Categorical(matches["player"], categories=labels),
            "opponent": pd.Categorical(matches["opponent"], categories=labels),
            "repetition": matches["repetition"].to_numpy(),
            "score_per_turn": score / turns,
            "score_difference_per_turn": (score - score[partner]) / turns,
            "turns": turns.astype(float),
        }
    )
    keys = ["player", "opponent", "repetition"]
    means = rows.groupby(keys, observed=True, sort=True).mean().reset_index()
    for key in ("player", "opponent"):
        means[key] = means[key].astype(object)
    return means


def _nanmedian(values: np.ndarray) -> np.ndarray:
    """Row medians ignoring NaN (NaN for a row of NaN, without a warning)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        return np.nanmedian(values, axis=1) if values.size else np.full(len(values), np.nan)
