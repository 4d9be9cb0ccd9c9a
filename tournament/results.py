"""Tournament results as tidy DataFrames, and writing them (CSV, manifest, plots)."""

from __future__ import annotations

import json
import platform
import sys
from dataclasses import dataclass, field, fields
from datetime import UTC, datetime
from functools import cached_property
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from tournament.engine import BatchOutcome
    from tournament.tournament import TournamentParams

__all__ = ["MatchTable", "TournamentResults", "package_versions"]


@dataclass(frozen=True)
class MatchTable:
    """Per-match arrays of a whole tournament (no histories): bounded memory."""

    seats: np.ndarray  # (m, 2) player index in each role
    repetition: np.ndarray  # (m,)
    lengths: np.ndarray  # (m,)
    scores: np.ndarray  # (m, 2)
    cooperations: np.ndarray  # (m, 2)

    @classmethod
    def from_batch(
        cls, seats: np.ndarray, repetition: np.ndarray, out: BatchOutcome
    ) -> MatchTable:
        return cls(seats, repetition, out.lengths, out.scores, out.cooperations)

    @classmethod
    def concat(cls, parts: list[MatchTable]) -> MatchTable:
        return cls(
            *(np.concatenate([getattr(p, f.name) for p in parts]) for f in fields(cls))
        )

    def __len__(self) -> int:
        return len(self.repetition)


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

    # -- tidy tables ---------------------------------------------------------------------

    @cached_property
    def matches(self) -> pd.DataFrame:
        """One row per match and player: player, opponent, role, repetition, turns,
        score (total), score_per_turn, cooperation_rate, outcome (win/loss/tie)."""
        t = self.table
        m = len(t)
        roles = self.params.game.roles
        labels = np.asarray(self.labels, dtype=object)
        seat = np.repeat([0, 1], m)
        me = np.concatenate([t.seats[:, 0], t.seats[:, 1]])
        them = np.concatenate([t.seats[:, 1], t.seats[:, 0]])
        score = np.concatenate([t.scores[:, 0], t.scores[:, 1]])
        other = np.concatenate([t.scores[:, 1], t.scores[:, 0]])
        turns = np.concatenate([t.lengths, t.lengths])
        coop = np.concatenate([t.cooperations[:, 0], t.cooperations[:, 1]])
        outcome = np.where(score > other, "win", np.where(score < other, "loss", "tie"))
        frame = pd.DataFrame(
            {
                "match": np.concatenate([np.arange(m), np.arange(m)]),
                "player": labels[me],
                "opponent": labels[them],
                "role": np.asarray(roles, dtype=object)[seat],
                "repetition": np.concatenate([t.repetition, t.repetition]),
                "turns": turns,
                "score": score,
                "score_per_turn": score / turns,
                "cooperation_rate": coop / turns,
                "outcome": outcome,
                "self_play": me == them,
            }
        )
        return frame.sort_values(["match", "role"], kind="stable").reset_index(drop=True)

    @cached_property
    def scores_per_repetition(self) -> pd.DataFrame:
        """Each strategy's score per turn in each repetition: the mean, over its matches
        against other strategies, of its score per turn (self-play left out, as in the
        Axelrod library; a one-strategy field keeps it)."""
        frame = self.matches
        if len(self.labels) > 1:
            frame = frame[~frame["self_play"]]
        return (
            frame.groupby(["player", "repetition"], sort=False)["score_per_turn"]
            .mean()
            .unstack("repetition")
            .reindex(self.labels)
        )

    @cached_property
    def summary(self) -> pd.DataFrame:
        """One row per strategy, best first: rank, strategy, family, mean and median
        (over repetitions) score per turn, wins, cooperation rate. Ranked by median score
        per turn (the Axelrod library's convention), then mean, then name."""
        frame = self.matches
        if len(self.labels) > 1:
            frame = frame[~frame["self_play"]]
        per_rep = self.scores_per_repetition
        by_player = frame["player"]
        wins = (frame["outcome"] == "win").groupby(by_player).sum()
        coop = (frame["cooperation_rate"] * frame["turns"]).groupby(by_player).sum()
        turns = frame["turns"].groupby(by_player).sum()
        summary = pd.DataFrame(
            {
                "strategy": self.labels,
                "family": self.families,
                "score_per_turn": per_rep.mean(axis=1).to_numpy(),
                "median_score_per_turn": per_rep.median(axis=1).to_numpy(),
                "wins": wins.reindex(self.labels).fillna(0).astype(int).to_numpy(),
                "cooperation_rate": (coop / turns).reindex(self.labels).to_numpy(),
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

    def _pair_matrix(self, column: str, role: str | None = None) -> pd.DataFrame:
        frame = self.matches
        if role is not None:
            frame = frame[frame["role"] == role]
        per_rep = frame.groupby(["player", "opponent", "repetition"])[column].mean()
        matrix = per_rep.groupby(["player", "opponent"]).mean().unstack("opponent")
        matrix = matrix.reindex(index=self.labels, columns=self.labels)
        matrix.index.name, matrix.columns.name = None, None
        return matrix

    @cached_property
    def payoff_matrix(self) -> pd.DataFrame:
        """Row strategy's mean payoff per turn against the column strategy, averaged over
        repetitions (and roles); the diagonal is self-play (Axelrod's ``payoff_matrix``)."""
        return self._pair_matrix("score_per_turn")

    @cached_property
    def cooperation_matrix(self) -> pd.DataFrame:
        """Row strategy's cooperation rate against the column strategy."""
        return self._pair_matrix("cooperation_rate")

    def role_payoff_matrix(self, role: str) -> pd.DataFrame:
        """Payoff matrix with the row strategy in ``role`` only (asymmetric games)."""
        return self._pair_matrix("score_per_turn", role=role)

    # -- writing -------------------------------------------------------------------------

    def manifest(self) -> dict[str, Any]:
        return {
            "tool": "ipd-tournament",
            "created": self.created,
            "duration_seconds": round(self.duration, 4),
            "parameters": self.params.to_dict(),
            "matches": len(self.table),
            "match_turns": int(self.table.lengths.sum()),
            "prisoners_dilemma": self.params.game.pd_report(),
            "versions": package_versions(),
            "platform": platform.platform(),
            "command": sys.argv,
        }

    def write(self, out_dir: str | Path, plots: bool = True) -> Path:
        """Write the CSV tables, ``manifest.json`` and (optionally) PNG plots."""
        out = Path(out_dir)
        out.mkdir(parents=True, exist_ok=True)
        self.summary.to_csv(out / "summary.csv", index=False)
        self.matches.drop(columns=["match"]).to_csv(out / "matches.csv", index=False)
        self.payoff_matrix.to_csv(out / "payoff_matrix.csv")
        self.cooperation_matrix.to_csv(out / "cooperation_matrix.csv")
        if not self.params.game.symmetric:
            for role in self.params.game.roles:
                self.role_payoff_matrix(role).to_csv(out / f"payoff_matrix_{role}.csv")
        if plots:
            from tournament import plots as plotting

            plotting.score_distribution(self).savefig(out / "scores.png", dpi=120)
            plotting.payoff_heatmap(self).savefig(out / "payoff_heatmap.png", dpi=120)
            plotting.close_all()
        (out / "manifest.json").write_text(json.dumps(self.manifest(), indent=2) + "\n")
        return out
