"""Tournament results as tidy DataFrames, and writing them (CSV, manifest, the game as a
scenario file, plots)."""

from __future__ import annotations

import json
import platform
import sys
from dataclasses import dataclass, field, fields, replace
from datetime import UTC, datetime
from functools import cached_property
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from tournament.common.files import atomic_path
from tournament.core.scenarios import scenario_to_toml

if TYPE_CHECKING:
    from tournament.core.engine import BatchOutcome
    from tournament.core.round_robin import TournamentParams

__all__ = ["MatchTable", "TournamentResults", "package_versions"]


#: PNG compression for the result plots: level 1 writes a large field's heatmap several
#: times faster than the default (6), for a file about a third larger.
_FAST_PNG = {"compress_level": 1}


@dataclass(frozen=True)
class MatchTable:
    """Per-match arrays of a whole tournament (no histories): bounded memory."""

    seats: np.ndarray  # (m, 2) player index in each role
    repetition: np.ndarray  # (m,)
    lengths: np.ndarray  # (m,)
    scores: np.ndarray  # (m, 2)
    cooperations: np.ndarray  # (m, 2)

    @classmethod
    def from_batch(cls, seats: np.ndarray, repetition: np.ndarray, out: BatchOutcome) -> MatchTable:
        return cls(seats, repetition, out.lengths, out.scores, out.cooperations)

    @classmethod
    def concat(cls, parts: list[MatchTable]) -> MatchTable:
        return cls(*(np.concatenate([getattr(p, f.name) for p in parts]) for f in fields(cls)))

    def __len__(self) -> int:
        return len(self.repetition)

    def take(self, index: np.ndarray) -> MatchTable:
        """The rows at ``index``, in that order."""
        return MatchTable(*(getattr(self, f.name)[index] for f in fields(self)))

    def completed(self, pairs: np.ndarray, repetitions: int) -> tuple[MatchTable, np.ndarray]:
        """The full round robin in ``(repetition, pair)`` order, and the row of this
        table each of its rows comes from. A pair missing from a repetition (its matches
        repeat themselves) takes its row of repetition 0."""
        row_of = np.full((repetitions, len(pairs)), -1, dtype=np.int64)
        row_of[self.repetition, _pair_index(pairs, self.seats)] = np.arange(len(self))
        if (row_of[0] < 0).any():
            raise ValueError("every pair must be played in repetition 0")
        missing = row_of < 0
        row_of[missing] = np.broadcast_to(row_of[0], row_of.shape)[missing]
        order = row_of.ravel()
        full = self.take(order)
        return replace(full, repetition=np.repeat(np.arange(repetitions), len(pairs))), order


def _pair_index(pairs: np.ndarray, seats: np.ndarray) -> np.ndarray:
    """Index in ``pairs`` of each row of ``seats``."""
    n = int(max(pairs.max(), seats.max())) + 1
    lookup = np.full(n * n, -1, dtype=np.int64)
    lookup[pairs[:, 0] * n + pairs[:, 1]] = np.arange(len(pairs))
    return lookup[seats[:, 0] * n + seats[:, 1]]


def package_versions() -> dict[str, str]:
    versions = {"python": platform.python_version()}
    for name in ("ipd-tournament", "numpy", "pandas", "matplotlib", "click", "axelrod"):
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions


@dataclass
class TournamentResults:
    """What a tournament produced. DataFrames are built on first use."""

    labels: list[str]
    families: list[str]
    params: TournamentParams
    table: MatchTable
    duration: float
    moves: list[np.ndarray] | None = None
    created: str = field(default_factory=lambda: datetime.now(UTC).isoformat(timespec="seconds"))

    # -- per seat arrays (one entry per match and player) ----------------------------------

    @cached_property
    def _seats(self) -> dict[str, np.ndarray]:
        """Per match and player, in match order (row player first)."""
        t = self.table
        m = len(t)
        # 32-bit indices when they, and the keys made from them (player * repetitions +
        # repetition, player * players + opponent), fit: these arrays are 2 per match
        n, reps = len(self.labels), self.params.repetitions
        index = np.int32 if max(2 * m, n * max(n, reps)) < 2**31 else np.int64
        me = t.seats.ravel().astype(index)
        them = t.seats[:, ::-1].ravel().astype(index)
        return {
            "match": np.repeat(np.arange(m, dtype=index), 2),
            "seat": np.tile(np.array([0, 1], dtype=np.int8), m),
            "player": me,
            "opponent": them,
            "repetition": np.repeat(t.repetition.astype(index), 2),
            "turns": np.repeat(t.lengths, 2),
            "score": t.scores.ravel(),
            "other": t.scores[:, ::-1].ravel(),
            "cooperations": t.cooperations.ravel(),
            # self-play is left out of strategy scores (Axelrod library convention),
            # except in a one-strategy field
            "counted": (me != them) if len(self.labels) > 1 else np.ones(2 * m, dtype=bool),
        }

    def _mean_by(
        self, key: np.ndarray, size: int, values: np.ndarray, where: np.ndarray | None = None
    ) -> np.ndarray:
        if where is not None:
            key, values = key[where], values[where]
        total = np.bincount(key, weights=values, minlength=size)
        count = np.bincount(key, minlength=size)
        with np.errstate(invalid="ignore", divide="ignore"):
            return total / count

    # -- tidy tables ---------------------------------------------------------------------

    @cached_property
    def matches(self) -> pd.DataFrame:
        """One row per match and player: player, opponent, role, repetition, turns,
        score (total), score_per_turn, cooperation_rate, outcome (win/loss/tie)."""
        return self._matches_frame(slice(None))

    def _matches_frame(self, rows: slice) -> pd.DataFrame:
        """The rows ``rows`` of :attr:`matches` (built for those rows only)."""
        a = {key: values[rows] for key, values in self._seats.items()}
        labels = np.asarray(self.labels, dtype=object)
        outcome = np.where(
            a["score"] > a["other"], "win", np.where(a["score"] < a["other"], "loss", "tie")
        )
        return pd.DataFrame(
            {
                "match": a["match"],
                "player": labels[a["player"]],
                "opponent": labels[a["opponent"]],
                "role": np.asarray(self.params.game.roles, dtype=object)[a["seat"]],
                "repetition": a["repetition"],
                "turns": a["turns"],
                "score": a["score"],
                "score_per_turn": a["score"] / a["turns"],
                "cooperation_rate": a["cooperations"] / a["turns"],
                "outcome": outcome,
                "self_play": a["player"] == a["opponent"],
            }
        )

    def _write_matches(self, path: Path, chunk_rows: int = 1 << 18) -> None:
        """``matches.csv`` (without the ``match`` column), written a chunk of rows at a
        time with pyarrow's CSV writer (about 7x faster than pandas'): the whole table
        is never built, so writing it needs little memory beyond the results."""
        import pyarrow as pa
        import pyarrow.csv as pa_csv

        total = 2 * len(self.table)
        writer = None
        try:
            for start in range(0, max(total, 1), chunk_rows):
                frame = self._matches_frame(slice(start, start + chunk_rows))
                table = pa.Table.from_pandas(frame.drop(columns=["match"]), preserve_index=False)
                if writer is None:
                    options = pa_csv.WriteOptions(quoting_style="needed")
                    writer = pa_csv.CSVWriter(path, table.schema, write_options=options)
                writer.write_table(table)
        finally:
            if writer is not None:
                writer.close()

    @cached_property
    def scores_per_repetition(self) -> pd.DataFrame:
        """Each strategy's score per turn in each repetition: the mean, over its matches
        against other strategies, of its score per turn (self-play left out, as in the
        Axelrod library; a one-strategy field keeps it). Strategies x repetitions."""
        a = self._seats
        n, reps = len(self.labels), self.params.repetitions
        means = self._mean_by(
            a["player"] * reps + a["repetition"], n * reps, a["score"] / a["turns"], a["counted"]
        )
        frame = pd.DataFrame(means.reshape(n, reps), index=self.labels)
        frame.index.name, frame.columns.name = "player", "repetition"
        return frame

    @cached_property
    def total_scores(self) -> pd.DataFrame:
        """Each strategy's total payoff in each repetition, self-play left out (the Axelrod
        library's ``ResultSet.scores``). Strategies x repetitions."""
        a = self._seats
        n, reps = len(self.labels), self.params.repetitions
        counted = a["counted"]
        key = (a["player"] * reps + a["repetition"])[counted]
        totals = np.bincount(key, weights=a["score"][counted], minlength=n * reps)
        frame = pd.DataFrame(totals.reshape(n, reps), index=self.labels)
        frame.index.name, frame.columns.name = "player", "repetition"
        return frame

    @cached_property
    def summary(self) -> pd.DataFrame:
        """One row per strategy, best first: rank, strategy, family, mean and median
        (over repetitions) score per turn, wins, cooperation rate. Ranked by median score
        per turn (the Axelrod library's convention), then mean, then name."""
        a = self._seats
        n = len(self.labels)
        per_rep = self.scores_per_repetition.to_numpy()
        counted = a["counted"]
        player = a["player"][counted]
        wins = np.bincount(player, weights=(a["score"] > a["other"])[counted], minlength=n)
        cooperation = np.bincount(player, weights=a["cooperations"][counted], minlength=n)
        turns = np.bincount(player, weights=a["turns"][counted], minlength=n)
        summary = pd.DataFrame(
            {
                "strategy": self.labels,
                "family": self.families,
                "score_per_turn": per_rep.mean(axis=1),
                "median_score_per_turn": np.median(per_rep, axis=1),
                "wins": wins.astype(np.int64),
                "cooperation_rate": cooperation / turns,
            }
        )
        summary = summary.sort_values(
            ["median_score_per_turn", "score_per_turn", "strategy"],
            ascending=[False, False, True],
            kind="stable",
        ).reset_index(drop=True)
        summary.insert(0, "rank", np.arange(1, len(summary) + 1))
        return summary

    @property
    def ranking(self) -> list[str]:
        return self.summary["strategy"].tolist()

    def _pair_matrix(self, values: np.ndarray, seat: int | None = None) -> pd.DataFrame:
        """Mean of ``values`` per (player, opponent): every repetition holds the same
        matches, so this equals the mean over repetitions of the per-repetition means."""
        a = self._seats
        n = len(self.labels)
        where = None if seat is None else a["seat"] == seat
        means = self._mean_by(a["player"] * n + a["opponent"], n * n, values, where)
        return pd.DataFrame(means.reshape(n, n), index=self.labels, columns=self.labels)

    @cached_property
    def payoff_matrix(self) -> pd.DataFrame:
        """Row strategy's mean payoff per turn against the column strategy, averaged over
        repetitions (and roles); the diagonal is self-play (Axelrod's ``payoff_matrix``)."""
        a = self._seats
        return self._pair_matrix(a["score"] / a["turns"])

    @cached_property
    def cooperation_matrix(self) -> pd.DataFrame:
        """Row strategy's cooperation rate against the column strategy."""
        a = self._seats
        return self._pair_matrix(a["cooperations"] / a["turns"])

    def role_payoff_matrix(self, role: str) -> pd.DataFrame:
        """Payoff matrix with the row strategy in ``role`` only (asymmetric games)."""
        a = self._seats
        return self._pair_matrix(a["score"] / a["turns"], seat=self.params.game.roles.index(role))

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
            "matches": len(self.table),
            "match_turns": int(self.table.lengths.sum()),
            "prisoners_dilemma": self.params.game.pd_report(),
            "versions": package_versions(),
            "platform": platform.platform(),
            "command": sys.argv,
        }

    def write(self, out_dir: str | Path, plots: bool = True) -> Path:
        """Write the CSV tables, the game as a scenario file (``game.toml``: pass it to
        ``--game`` to play the same game again), ``manifest.json`` and (optionally) PNG
        plots."""
        out = Path(out_dir)
        out.mkdir(parents=True, exist_ok=True)
        tables = {
            "summary.csv": lambda path: self.summary.to_csv(path, index=False),
            "matches.csv": self._write_matches,
            "payoff_matrix.csv": self.payoff_matrix.to_csv,
            "cooperation_matrix.csv": self.cooperation_matrix.to_csv,
            "game.toml": lambda path: path.write_text(scenario_to_toml(self.params.game)),
        }
        if not self.params.game.symmetric:
            for role in self.params.game.roles:
                tables[f"payoff_matrix_{role}.csv"] = self.role_payoff_matrix(role).to_csv
        for name, writer in tables.items():
            with atomic_path(out / name) as path:
                writer(path)
        if plots:
            self._write_plots(out)
        with atomic_path(out / "manifest.json") as path:
            path.write_text(json.dumps(self.manifest(), indent=2) + "\n")
        return out

    def _write_plots(self, out: Path) -> None:
        from tournament.reports import style
        from tournament.reports import tournament as plotting

        p = self.params
        horizon = (
            f"{p.turns} turns" if p.turns is not None else f"ending probability {p.prob_end:g}"
        )
        subtitle = f"{p.game.name}, {horizon}, noise {p.noise:g}, {p.repetitions} repetitions"
        if p.game.labelled:  # a second line: what the moves are in this game
            subtitle += "\n" + p.game.cooperation_note()
        figures = {
            "scores.png": plotting.score_distribution(
                self.scores_per_repetition, self.ranking, subtitle
            ),
            "payoff_heatmap.png": plotting.payoff_heatmap(
                self.payoff_matrix, self.ranking, subtitle
            ),
        }
        try:
            for name, figure in figures.items():
                with atomic_path(out / name) as path:
                    figure.savefig(path, dpi=100, pil_kwargs=_FAST_PNG)
        finally:
            style.close_all()
