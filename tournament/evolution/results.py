"""What an evolution produced (:class:`EvolutionResults`: shares over generations as a
tidy table, final shares, fixation for Moran, the market and its relationships for
partner choice), its text summary, and writing it (CSV, manifest, figures)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from tournament.core.results import package_versions
from tournament.evolution.moran_process import counts_from_weights

__all__ = ["EvolutionResults", "tidy_shares"]

#: How each model's shares read in a figure's title.
_MODEL_TITLES = {
    "ecological": "ecological simulation",
    "moran": "Moran process, mean over runs",
    "partner-choice": "partner choice, replicator dynamics on market payoffs",
}


def tidy_shares(trajectories: dict[str, np.ndarray], labels: list[str]) -> pd.DataFrame:
    """``trajectories[role]``: generations x strategies shares -> one row per generation,
    role and strategy (columns generation, role, strategy, share)."""
    frames = []
    for role, shares in trajectories.items():
        g, n = shares.shape
        frames.append(
            pd.DataFrame(
                {
                    "generation": np.repeat(np.arange(g), n),
                    "role": role,
                    "strategy": np.tile(np.asarray(labels, dtype=object), g),
                    "share": shares.ravel(),
                }
            )
        )
    return pd.concat(frames, ignore_index=True)


@dataclass
class EvolutionResults:
    """Shares over generations (tidy), final shares and, for Moran, fixation; for
    partner choice, the market per generation (mean payoff per turn of each role, mean
    relationship length, share of relationships ending by a switch) and the expected
    relationship of every pair."""

    model: str
    labels: list[str]
    families: list[str]
    roles: list[str]  # ["all"], or the two roles of an asymmetric game
    shares: pd.DataFrame  # generation, role, strategy, share
    params: dict[str, Any]
    payoffs: dict[str, pd.DataFrame]
    fixation: pd.DataFrame | None = None
    sample_counts: np.ndarray | None = None
    duration: float = 0.0
    extra: dict[str, Any] = field(default_factory=dict)
    market: pd.DataFrame | None = None
    relationships: pd.DataFrame | None = None

    @property
    def final(self) -> pd.DataFrame:
        last = self.shares["generation"].max()
        final = self.shares[self.shares["generation"] == last].drop(columns="generation")
        return final.sort_values(["role", "share"], ascending=[True, False]).reset_index(drop=True)

    def wide(self, role: str | None = None) -> pd.DataFrame:
        """Generations x strategies."""
        role = role or self.roles[0]
        frame = self.shares[self.shares["role"] == role]
        wide = frame.pivot(index="generation", columns="strategy", values="share")
        return wide[self.labels]

    def summary_text(self) -> str:
        if self.market is not None:
            return self._market_summary()
        lines = []
        for role in self.roles:
            final = self.final[self.final["role"] == role].head(5)
            where = "" if role == "all" else f" ({role}s)"
            top = ", ".join(f"{r.strategy} {r.share:.1%}" for r in final.itertuples())
            lines.append(f"Final shares{where}: {top}")
        if self.fixation is not None:
            lines.append("Fixation probabilities (95% CI):")
            for r in self.fixation.itertuples():
                lines.append(
                    f"  {r.strategy}: {r.probability:.3f} ({r.ci_low:.3f} to {r.ci_high:.3f}), "
                    f"neutral {r.neutral:.3f}"
                )
            unfixed = self.extra.get("unfixed", 0)
            if unfixed:
                lines.append(f"  {unfixed} runs had not fixed after the last generation")
        return "\n".join(lines)

    def _market_summary(self) -> str:
        """Who dominates each role's population, and the final market, in words."""
        lines = []
        for role in self.roles:
            final = self.final[self.final["role"] == role]
            top = final.iloc[0]
            others = ", ".join(f"{r.strategy} {r.share:.1%}" for r in final.iloc[1:4].itertuples())
            if top.share > 0.5:
                head = f"Among {role}s, {top.strategy} dominates with {top.share:.1%}"
            else:
                head = (
                    f"Among {role}s, no strategy holds a majority: {top.strategy} {top.share:.1%}"
                )
            lines.append(head + (f" (then {others})" if top.share > 0.5 else f", {others}"))
        last = self.market.iloc[-1]
        supplier, buyer = self.roles
        lines.append(
            f"Final market: {supplier}s earn {last[f'payoff_{supplier}']:.3f} per turn, "
            f"{buyer}s {last[f'payoff_{buyer}']:.3f} (switching costs included); "
            f"relationships last {last['relationship_length']:.1f} turns on average and "
            f"{last['switching_share']:.1%} of them end with the {buyer} switching."
        )
        return "\n".join(lines)

    def manifest(self) -> dict[str, Any]:
        return {
            "tool": "ipd-tournament",
            "model": self.model,
            "parameters": self.params,
            "strategies": self.labels,
            "duration_seconds": round(self.duration, 3),
            "versions": package_versions(),
        }

    def population_frames(
        self, frames: int = 60, side: int = 20
    ) -> tuple[np.ndarray, np.ndarray, str]:
        """The populations an animation shows, at up to ``frames`` generations evenly
        spaced: a Moran run's actual counts, or the shares rounded to ``side**2``
        individuals. Returns the generations, the counts (frames x strategies) and what
        the counts are."""
        wide = self.wide(self.roles[0])
        generations = wide.index.to_numpy()
        picks = np.unique(np.linspace(0, len(generations) - 1, frames).round().astype(int))
        if self.sample_counts is not None:
            return generations[picks], self.sample_counts[picks], "one Moran run"
        size = side * side
        counts = [counts_from_weights(wide.iloc[i].to_numpy() + 1e-12, size) for i in picks]
        return generations[picks], np.array(counts), f"shares drawn as {size} individuals"

    def write(self, out: str | Path, plots: bool = True, animate: bool = False) -> Path:
        out = Path(out)
        out.mkdir(parents=True, exist_ok=True)
        self.shares.to_csv(out / "shares.csv", index=False)
        self.final.to_csv(out / "final_shares.csv", index=False)
        for name, matrix in self.payoffs.items():
            matrix.to_csv(out / f"{name}.csv")
        if self.fixation is not None:
            self.fixation.to_csv(out / "fixation.csv", index=False)
        if self.market is not None:
            self.market.to_csv(out / "market.csv", index=False)
        if self.relationships is not None:
            self.relationships.to_csv(out / "relationships.csv", index=False)
        (out / "manifest.json").write_text(json.dumps(self.manifest(), indent=2) + "\n")
        if plots or animate:
            self._draw(out, plots, animate)
        return out

    def _draw(self, out: Path, plots: bool, animate: bool) -> None:
        from tournament.reports import evolution as plotting
        from tournament.reports import style

        if plots:
            wide_by_role = {role: self.wide(role) for role in self.roles}
            figure = plotting.share_areas(wide_by_role, _MODEL_TITLES[self.model])
            style.save_png(figure, out / "shares.png")
            if self.market is not None:
                figure = plotting.market_panel(self.market, tuple(self.roles))
                style.save_png(figure, out / "market.png")
        if animate:
            generations, counts, what = self.population_frames()
            plotting.population_animation(
                counts, generations, self.labels, what, out / "evolution.gif"
            )
        style.close_all()
