"""Tournament results as tidy DataFrames, and writing them (CSV, manifest, the game as a
scenario file, plots)."""

from __future__ import annotations

import json
import platform
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, fields
from datetime import UTC, datetime
from functools import cached_property
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from strategies.errors import IPDError
from tournament.common.files import atomic_path
from tournament.core.scenarios import scenario_to_toml

if TYPE_CHECKING:
    from tournament.core.engine import BatchOutcome
    from tournament.core.result_set import ResultSet
    from tournament.core.round_robin import TournamentParams
    from tournament.core.tally import Tally

__all__ = [
    "RANKING_COLUMNS",
    "MatchTable",
    "MatchWriter",
    "TournamentResults",
    "match_rows",
    "package_versions",
]


#: The ranking's columns, first in ``summary.csv`` (the library's metrics follow them):
#: what a leaderboard shows and what an experiment stores per cell.
RANKING_COLUMNS = (
    "rank",
    "strategy",
    "family",
    "score_per_turn",
    "median_score_per_turn",
    "wins",
    "cooperation_rate",
)


@dataclass(frozen=True)
class MatchTable:
    """Per-match arrays of a whole tournament (no histories): bounded memory.

    The last three (see :class:`~tournament.core.engine.BatchOutcome`) feed the Axelrod
    library's state metrics; they are ``None`` in a table built without them."""

    seats: np.ndarray  # (m, 2) player index in each role
    repetition: np.ndarray  # (m,)
    lengths: np.ndarray  # (m,)
    scores: np.ndarray  # (m, 2)
    cooperations: np.ndarray  # (m, 2)
    outcomes: np.ndarray | None = None  # (m, 2, 4) CC, CD, DC, DD turns from each seat
    transitions: np.ndarray | None = None  # (m, 2, 4, 2) state -> own next move C / D
    first_moves: np.ndarray | None = None  # (m, 2) 0 = C, 1 = D

    @classmethod
    def from_batch(cls, seats: np.ndarray, repetition: np.ndarray, out: BatchOutcome) -> MatchTable:
        outcomes = out.outcomes
        if out.transitions is not None:  # counts fit 32 bits with the transitions
            outcomes = outcomes.astype(out.transitions.dtype)
        return cls(
            seats,
            repetition,
            out.lengths,
            out.scores,
            out.cooperations,
            outcomes,
            out.transitions,
            out.first_moves,
        )

    @staticmethod
    def names() -> tuple[str, ...]:
        """The field names, in order (to rebuild a table field by field)."""
        return tuple(f.name for f in fields(MatchTable))

    @classmethod
    def concat(cls, parts: list[MatchTable]) -> MatchTable:
        return cls(*(_concat([getattr(p, name) for p in parts]) for name in cls.names()))

    def __len__(self) -> int:
        return len(self.repetition)

    def take(self, index: np.ndarray) -> MatchTable:
        """The rows at ``index``, in that order."""
        return MatchTable(
            *(None if (a := getattr(self, name)) is None else a[index] for name in self.names())
        )


def _concat(arrays: list[np.ndarray | None]) -> np.ndarray | None:
    return None if any(a is None for a in arrays) else np.concatenate(arrays)


def package_versions() -> dict[str, str]:
    versions = {"python": platform.python_version()}
    for name in ("ipd-tournament", "numpy", "pandas", "matplotlib", "click", "axelrod"):
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions


def match_rows(
    table: MatchTable, labels: list[str], roles: tuple[str, ...], first_match: int = 0
) -> pd.DataFrame:
    """The rows of ``matches.csv`` for ``table`` (two per match, row player first):
    player, opponent, role, repetition, turns, score (total), score_per_turn,
    cooperation_rate, outcome (win/loss/tie), self_play. ``first_match`` numbers the
    ``match`` column (left out of the files)."""
    m = len(table)
    me, them = table.seats.ravel(), table.seats[:, ::-1].ravel()
    score, other = table.scores.ravel(), table.scores[:, ::-1].ravel()
    turns = np.repeat(table.lengths, 2)
    names = pd.Index(labels)  # taken by position: no row's string converted again
    outcome = pd.Index(["loss", "tie", "win"]).take(np.sign(score - other).astype(int) + 1)
    return pd.DataFrame(
        {
            "match": np.repeat(np.arange(first_match, first_match + m), 2),
            "player": names.take(me),
            "opponent": names.take(them),
            "role": pd.Index(roles).take(np.tile([0, 1], m)),
            "repetition": np.repeat(table.repetition, 2),
            "turns": turns,
            "score": score,
            "score_per_turn": score / turns,
            "cooperation_rate": table.cooperations.ravel() / turns,
            "outcome": outcome,
            "self_play": me == them,
        }
    )


#: Matches turned into file rows at a time when writing ``matches.csv``/``.parquet``.
WRITE_MATCHES = 1 << 17


class MatchWriter:
    """Streams the per-match table to ``matches.csv`` or ``matches.parquet`` as blocks of
    matches arrive (see :class:`~tournament.common.frames.TableWriter`): written to a
    temporary file that replaces the table only once :meth:`commit` is called."""

    def __init__(self, path: Path, labels: list[str], roles: tuple[str, ...]) -> None:
        from tournament.common.frames import TableWriter

        self.path, self.labels, self.roles = Path(path), labels, roles
        self._atomic = atomic_path(self.path)
        self._writer = TableWriter(self._atomic.__enter__())
        self.matches = 0

    def write(self, table: MatchTable) -> None:
        for start in range(0, len(table), WRITE_MATCHES):
            block = table.take(np.arange(start, min(start + WRITE_MATCHES, len(table))))
            frame = match_rows(block, self.labels, self.roles, self.matches)
            self._writer.write(frame.drop(columns=["match"]))
            self.matches += len(block)

    def commit(self) -> Path:
        """Close the file and put it in place; the other format's stale table goes."""
        self._writer.close()
        self._atomic.__exit__(None, None, None)
        other = ".parquet" if self.path.suffix == ".csv" else ".csv"
        self.path.with_suffix(other).unlink(missing_ok=True)
        return self.path

    def abort(self) -> None:
        """Remove the partial file (the run stopped)."""
        self._writer.close()
        self._atomic.__exit__(RuntimeError, RuntimeError("aborted"), None)


@dataclass
class TournamentResults:
    """What a tournament produced: sums over its matches (a :class:`Tally`) and, when
    kept, the per-match table. DataFrames are built on first use."""

    labels: list[str]
    families: list[str]
    params: TournamentParams
    tally: Tally
    duration: float
    #: Every match (no histories), when the tournament kept them (``keep_matches``).
    table: MatchTable | None = None
    moves: list[np.ndarray] | None = None
    #: Where the per-match table was streamed to during play, if it was.
    matches_file: Path | None = None
    created: str = field(default_factory=lambda: datetime.now(UTC).isoformat(timespec="seconds"))

    @property
    def match_count(self) -> int:
        return self.tally.matches

    @property
    def match_turns(self) -> int:
        return self.tally.match_turns

    # -- tidy tables ---------------------------------------------------------------------

    @cached_property
    def matches(self) -> pd.DataFrame:
        """One row per match and player: player, opponent, role, repetition, turns,
        score (total), score_per_turn, cooperation_rate, outcome (win/loss/tie)."""
        if self.table is None:
            where = f" (streamed to {self.matches_file})" if self.matches_file else ""
            raise IPDError(
                f"this tournament did not keep its {self.match_count:,} matches{where}: play "
                "it with keep_matches=True, or read the matches file with "
                "tournament.common.frames.read_table"
            )
        return match_rows(self.table, self.labels, self.params.game.roles)

    @cached_property
    def scores_per_repetition(self) -> pd.DataFrame:
        """Each strategy's score per turn in each repetition: the mean, over its matches
        against other strategies, of its score per turn (self-play left out, as in the
        Axelrod library; a one-strategy field keeps it). Strategies x repetitions."""
        frame = pd.DataFrame(self.tally.scores_per_repetition(), index=self.labels)
        frame.index.name, frame.columns.name = "player", "repetition"
        return frame

    @cached_property
    def total_scores(self) -> pd.DataFrame:
        """Each strategy's total payoff in each repetition, self-play left out (the Axelrod
        library's ``ResultSet.scores``). Strategies x repetitions."""
        frame = pd.DataFrame(self.tally.total_by_rep.copy(), index=self.labels)
        frame.index.name, frame.columns.name = "player", "repetition"
        return frame

    @cached_property
    def result_set(self) -> ResultSet:
        """The Axelrod library's ``ResultSet`` metrics of this tournament (every table
        its ``ResultSet`` has, from the running sums; see
        :class:`~tournament.core.result_set.ResultSet`)."""
        from tournament.core.result_set import ResultSet

        return ResultSet(self.labels, self.tally, self.table)

    def summarise(self) -> pd.DataFrame:
        """The library's ``ResultSet.summarise()`` table, with its column names (``Rank``,
        ``Name``, ``Median_score``, ``Cooperation_rating``, ``Wins``, ...)."""
        return self.result_set.summarise()

    @cached_property
    def summary(self) -> pd.DataFrame:
        """One row per strategy, best first: rank, strategy, family, mean and median
        (over repetitions) score per turn, wins, cooperation rate; then the Axelrod
        library's per-strategy metrics (median wins, good partner and eigen ratings,
        first-move cooperation, state and state-to-cooperation rates: see
        :meth:`ResultSet.summary_columns
        <tournament.core.result_set.ResultSet.summary_columns>`). Ranked by median score
        per turn (the Axelrod library's convention), then mean, then name."""
        per_rep = self.scores_per_repetition.to_numpy()
        t = self.tally
        with np.errstate(invalid="ignore", divide="ignore"):
            cooperation = t.cooperations / t.turns
        summary = pd.DataFrame(
            {
                "strategy": self.labels,
                "family": self.families,
                "score_per_turn": per_rep.mean(axis=1),
                "median_score_per_turn": np.median(per_rep, axis=1),
                "wins": t.wins.astype(np.int64),
                "cooperation_rate": cooperation,
            }
        )
        library = self.result_set.summary_columns().reset_index(drop=True)
        summary = (
            pd.concat([summary, library], axis=1)
            .sort_values(
                ["median_score_per_turn", "score_per_turn", "strategy"],
                ascending=[False, False, True],
                kind="stable",
            )
            .reset_index(drop=True)
        )
        summary.insert(0, "rank", np.arange(1, len(summary) + 1))
        return summary

    @property
    def ranking(self) -> list[str]:
        return self.summary["strategy"].tolist()

    def _matrix(self, values: np.ndarray) -> pd.DataFrame:
        return pd.DataFrame(values, index=self.labels, columns=self.labels)

    @cached_property
    def payoff_matrix(self) -> pd.DataFrame:
        """Row strategy's mean payoff per turn against the column strategy, averaged over
        repetitions (and roles); the diagonal is self-play (Axelrod's ``payoff_matrix``)."""
        return self._matrix(self.tally.pair_means()[0])

    @cached_property
    def cooperation_matrix(self) -> pd.DataFrame:
        """Row strategy's cooperation rate against the column strategy."""
        return self._matrix(self.tally.pair_means()[1])

    def role_payoff_matrix(self, role: str) -> pd.DataFrame:
        """Payoff matrix with the row strategy in ``role`` only (asymmetric games)."""
        seat = self.params.game.roles.index(role)
        return self._matrix(self.tally.pair_means(seat)[0])

    # -- writing -------------------------------------------------------------------------

    def manifest(self) -> dict[str, Any]:
        """What was run, enough to run it again: the parameters (the game with its roles,
        moves, story, rents and governance; ``game.toml`` holds it as a scenario file),
        timings, versions and the command."""
        parameters = self.params.to_dict()
        game = self.params.game
        if game.description:
            parameters["game"]["description"] = game.description
        if game.labelled:
            parameters["game"]["cooperation"] = game.cooperation_note().removeprefix(
                "cooperation = "
            )
        parameters["game"]["file"] = "game.toml"
        return {
            "tool": "ipd-tournament",
            "created": self.created,
            "duration_seconds": round(self.duration, 4),
            "parameters": parameters,
            "matches": self.match_count,
            "match_turns": self.match_turns,
            "prisoners_dilemma": self.params.game.pd_report(),
            "versions": package_versions(),
            "platform": platform.platform(),
            "command": sys.argv,
        }

    def write(
        self, out_dir: str | Path, plots: bool | str | Iterable[str] = True, matches: str = "auto"
    ) -> Path:
        """Write the CSV tables (with the Axelrod library's result set: see the results
        reference), the per-match table, the game as a scenario file (``game.toml``:
        pass it to ``--game`` to play the same game again), ``manifest.json`` and PNG
        plots.

        ``plots``: ``True`` for the two standard figures, ``False`` for none, or any of
        ``"standard"`` and ``"library"`` (the Axelrod library's six plots). ``matches``:
        the per-match table's format, ``"csv"``, ``"parquet"``, ``"auto"`` (Parquet
        from a million rows) or ``"none"``. A table the tournament streamed to this
        folder while it played is already in place; one it did not keep cannot be
        written (the manifest says so)."""
        from tournament.common.frames import choose_format
        from tournament.core.result_files import library_files

        kinds = _plot_kinds(plots)
        out = Path(out_dir)
        out.mkdir(parents=True, exist_ok=True)
        tables = {
            "summary.csv": lambda path: self.summary.to_csv(path, index=False),
            "payoff_matrix.csv": self.payoff_matrix.to_csv,
            "cooperation_matrix.csv": self.cooperation_matrix.to_csv,
            "game.toml": lambda path: path.write_text(scenario_to_toml(self.params.game)),
        }
        if not self.params.game.symmetric:
            for role in self.params.game.roles:
                tables[f"payoff_matrix_{role}.csv"] = self.role_payoff_matrix(role).to_csv
        tables.update(library_files(self.result_set))
        for name, writer in tables.items():
            with atomic_path(out / name) as path:
                writer(path)
        matches_file = self._write_matches(out, choose_format(matches, 2 * self.match_count))
        if "standard" in kinds:
            self._write_plots(out)
        if "library" in kinds:
            self._write_library_plots(out, matches_file)
        with atomic_path(out / "manifest.json") as path:
            manifest = self.manifest()
            # where the per-match table is (CSV or Parquet), or null if it was not written
            manifest["matches_file"] = matches_file.name if matches_file else None
            path.write_text(json.dumps(manifest, indent=2) + "\n")
        return out

    def _write_matches(self, out: Path, kind: str | None) -> Path | None:
        """The per-match table in ``out`` (``None`` if there is none)."""
        streamed = self.matches_file
        if streamed is not None and streamed.parent.resolve() == out.resolve():
            return streamed
        if kind is None or self.table is None:
            return None
        writer = MatchWriter(out / f"matches.{kind}", self.labels, self.params.game.roles)
        try:
            writer.write(self.table)
        except BaseException:
            writer.abort()
            raise
        return writer.commit()

    def _subtitle(self) -> str:
        """What was played, under every figure's title."""
        p = self.params
        horizon = (
            f"{p.turns} turns" if p.turns is not None else f"ending probability {p.prob_end:g}"
        )
        subtitle = f"{p.game.name}, {horizon}, noise {p.noise:g}, {p.repetitions} repetitions"
        if p.graph is not None and not p.graph.is_round_robin:
            subtitle += f", graph {p.graph.name} ({len(p.graph.edges)} edges)"
        if p.game.labelled:  # a second line: what the moves are in this game
            subtitle += "\n" + p.game.cooperation_note()
        return subtitle

    def _write_plots(self, out: Path) -> None:
        from tournament.reports import tournament as plotting

        subtitle = self._subtitle()
        _save_figures(
            out,
            lambda: {
                "scores.png": plotting.score_distribution(
                    self.scores_per_repetition, self.ranking, subtitle
                ),
                "payoff_heatmap.png": plotting.payoff_heatmap(
                    self.payoff_matrix, self.ranking, subtitle
                ),
            },
        )

    def _write_library_plots(self, out: Path, matches_file: Path | None) -> None:
        """The library's six plots; score differences and lengths per repetition from the
        kept matches, or from the written per-match table when it is small enough to
        read back (else each opponent's mean stands for its repetitions)."""
        from tournament.common.frames import read_table
        from tournament.core.result_files import library_figures
        from tournament.core.result_set import pair_repetitions

        repetitions = None
        if self.table is not None:
            repetitions = self.result_set.pair_repetitions
        elif matches_file is not None and self.match_count <= READ_BACK_MATCHES:
            repetitions = pair_repetitions(read_table(matches_file), self.labels)
        _save_figures(out, lambda: library_figures(self.result_set, self._subtitle(), repetitions))


#: Matches read back from the written per-match table for the library's plots.
READ_BACK_MATCHES = 2**20


def _plot_kinds(plots: bool | str | Iterable[str]) -> set[str]:
    """``write``'s ``plots`` as a set of "standard" and "library"."""
    if isinstance(plots, bool):
        return {"standard"} if plots else set()
    kinds = {plots} if isinstance(plots, str) else set(plots)
    unknown = kinds - {"standard", "library"}
    if unknown:
        raise IPDError(
            f"unknown plots {sorted(unknown)}: expected 'standard' and/or 'library', or True/False"
        )
    return kinds


def _save_figures(out: Path, draw: Callable[[], dict[str, Any]]) -> None:
    """Draw the figures and save each as a PNG in ``out``, whole or not at all."""
    from tournament.reports import style

    try:
        for name, figure in draw().items():
            with atomic_path(out / name) as path:
                style.save_png(figure, path)
    finally:
        style.close_all()
