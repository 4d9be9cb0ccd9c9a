"""What many runs of the library's Moran process produced (:class:`MoranRuns`): the
population of every run at every step as tidy tables, fixation (who took over, after
how many steps) with the exact probability beside the estimate when there is one, a
text summary, and writing it all (CSV or Parquet, manifest, stack plots)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from strategies.errors import IPDError
from tournament.common.frames import choose_format, write_table
from tournament.core.results import package_versions
from tournament.evolution.moran_library.process import Trajectories
from tournament.evolution.moran_process import fixation_table

__all__ = ["MoranRuns"]


@dataclass(frozen=True, eq=False)
class MoranRuns:
    """Runs of a Moran process. ``initial[i]``: the strategy (index into ``labels``)
    of individual ``i`` at the start; ``trajectories``: every replacement of every run
    (see :class:`~tournament.evolution.moran_library.process.Trajectories`);
    ``exact``: per strategy, the exact probability that it takes over from the initial
    population, where a formula applies (two strategies, a complete graph, no
    mutation), else ``None``."""

    labels: tuple[str, ...]
    initial: np.ndarray
    trajectories: Trajectories
    params: dict[str, Any]
    exact: np.ndarray | None = None
    duration: float = 0.0
    #: Whether runs end at fixation (no mutation): then fixation is what they estimate.
    absorbing: bool = field(default=True)

    @property
    def n_runs(self) -> int:
        return len(self.trajectories.steps)

    @property
    def initial_counts(self) -> np.ndarray:
        return np.bincount(self.initial, minlength=len(self.labels))

    @property
    def winners(self) -> np.ndarray:
        """Per run, the strategy the whole final population has (-1: still mixed)."""
        final = self.trajectories.final
        fixed = (final == final[:, :1]).all(axis=1)
        return np.where(fixed, final[:, 0], -1)

    @property
    def runs(self) -> pd.DataFrame:
        """One row per run: its steps, whether it fixed, and on which strategy."""
        winners = self.winners
        names = np.array([*self.labels, ""], dtype=object)[winners]
        return pd.DataFrame(
            {
                "run": np.arange(self.n_runs),
                "steps": self.trajectories.steps,
                "fixated": winners >= 0,
                "strategy": names,
            }
        )

    @property
    def fixation(self) -> pd.DataFrame:
        """One row per strategy: runs it took over, the estimated probability with its
        95% Wilson interval, the neutral baseline (its initial share) and, where a
        formula applies, the exact probability."""
        table = fixation_table(self.winners, self.initial_counts, list(self.labels))
        if self.exact is not None:
            table["exact"] = self.exact
        return table

    def population(self, run: int = 0) -> np.ndarray:
        """``(steps + 1, strategies)`` counts of one run, from its start to its end."""
        if not 0 <= run < self.n_runs:
            raise IPDError(f"run {run!r}: expected 0 to {self.n_runs - 1}")
        return self._counts(np.array([run]))[: self.trajectories.steps[run] + 1, 0]

    def populations(self, run: int = 0) -> list[dict[str, int]]:
        """One run's populations as the library's ``MoranProcess.populations`` lists
        them: per step, the count of each strategy present."""
        return [
            {label: int(c) for label, c in zip(self.labels, row, strict=True) if c}
            for row in self.population(run)
        ]

    def _counts(self, runs: np.ndarray) -> np.ndarray:
        """``(max steps + 1, len(runs), strategies)`` counts; a run that has stopped
        keeps its last population."""
        t, n = self.trajectories, len(self.labels)
        born, died = t.born[:, runs].astype(np.int64), t.died[:, runs].astype(np.int64)
        delta = np.zeros((len(born), len(runs), n + 1), dtype=np.int32)
        cols = np.broadcast_to(np.arange(len(runs)), born.shape)
        steps = np.broadcast_to(np.arange(len(born))[:, None], born.shape)
        np.add.at(delta, (steps, cols, np.where(born < 0, n, born)), 1)
        np.add.at(delta, (steps, cols, np.where(died < 0, n, died)), -1)
        start = np.broadcast_to(self.initial_counts, (1, len(runs), n))
        return np.concatenate([start, start + np.cumsum(delta[:, :, :n], axis=0)])

    def counts(self, runs: Any = None) -> pd.DataFrame:
        """Tidy populations: one row per run, step (0: the start, up to the run's last
        step) and strategy, with its count; ``runs``: which (default all)."""
        chosen = np.arange(self.n_runs) if runs is None else np.atleast_1d(runs)
        counts = self._counts(chosen)
        steps, n = len(counts), len(self.labels)
        step_index = np.broadcast_to(np.arange(steps)[:, None], (steps, len(chosen)))
        keep = step_index <= self.trajectories.steps[chosen][None, :]
        run_of = np.broadcast_to(chosen[None, :], keep.shape)[keep]
        order = np.lexsort((step_index[keep], run_of))
        return pd.DataFrame(
            {
                "run": np.repeat(run_of[order], n),
                "step": np.repeat(step_index[keep][order], n),
                "strategy": np.tile(np.array(self.labels, dtype=object), len(order)),
                "count": counts[keep][order].ravel(),
            }
        )

    def mean_counts(self) -> pd.DataFrame:
        """Steps x strategies: the mean population over runs (a run that has stopped
        counts with its last population)."""
        t, n = self.trajectories, len(self.labels)
        delta = np.zeros((len(t.born), n + 1))
        for values, sign in ((t.born, 1), (t.died, -1)):
            rows = np.broadcast_to(np.arange(len(values))[:, None], values.shape)
            np.add.at(delta, (rows, np.where(values < 0, n, values)), sign)
        change = np.cumsum(delta, axis=0)[:, :n] / self.n_runs
        means = np.vstack([self.initial_counts, self.initial_counts + change])
        frame = pd.DataFrame(means, columns=list(self.labels))
        frame.index.name = "step"
        return frame

    def summary_text(self) -> str:
        """Who took over how often (with the exact probability when there is one), and
        how long runs took."""
        lines = []
        steps = self.trajectories.steps
        fixed = self.winners >= 0
        if self.absorbing:
            lines.append("Fixation probabilities (95% CI):")
            for r in self.fixation.itertuples():
                lines.append(
                    f"  {r.strategy}: {r.probability:.3f} ({r.ci_low:.3f} to {r.ci_high:.3f}), "
                    f"neutral {r.neutral:.3f}"
                )
            if self.exact is not None:
                lines.append(self.exact_text())
            if fixed.any():
                lines.append(
                    f"Steps to fixation: mean {steps[fixed].mean():.1f}, "
                    f"median {np.median(steps[fixed]):.0f}, longest {steps[fixed].max()}"
                )
            if (~fixed).any():
                lines.append(f"  {int((~fixed).sum())} runs had not fixed after the last step")
        else:
            last = self.mean_counts().iloc[-1].sort_values(ascending=False)
            top = ", ".join(f"{name} {count:.2f}" for name, count in last.head(5).items())
            lines.append(f"Mean population after {int(steps.max())} steps: {top}")
        return "\n".join(lines)

    def exact_text(self) -> str:
        """The exact fixation probability of the first strategy beside the estimate."""
        if self.exact is None:
            return ""
        row = self.fixation.iloc[0]
        mode = "birth-death" if self.params.get("mode") == "bd" else "death-birth"
        counts = self.initial_counts
        payoffs = self.params.get("exact_payoffs")
        note = f" ({payoffs})" if payoffs and payoffs != "exact" else ""
        return (
            f"Exact ({mode} formula, {counts[0]} {self.labels[0]} among {counts[1]} "
            f"{self.labels[1]}): {self.exact[0]:.4f}; simulated {row.probability:.4f} "
            f"(95% CI {row.ci_low:.4f} to {row.ci_high:.4f}, {self.n_runs} runs){note}"
        )

    def manifest(self) -> dict[str, Any]:
        return {
            "tool": "ipd-tournament",
            "model": "moran (played matches, as the Axelrod library)",
            "parameters": self.params,
            "strategies": list(self.labels),
            "duration_seconds": round(self.duration, 3),
            "versions": package_versions(),
        }

    def write(self, out: str | Path, plots: bool = True, populations: str = "auto") -> Path:
        """``runs.csv``, ``fixation.csv``, ``mean_population.csv``, the populations of
        every run (``populations.csv``, or ``.parquet`` from a million rows;
        ``populations="none"`` skips it), ``manifest.json`` and two stack plots: run 0
        (the library's ``populations_plot``) and the mean over runs."""
        out = Path(out)
        out.mkdir(parents=True, exist_ok=True)
        self.runs.to_csv(out / "runs.csv", index=False)
        self.fixation.to_csv(out / "fixation.csv", index=False)
        self.mean_counts().to_csv(out / "mean_population.csv")
        rows = int((self.trajectories.steps + 1).sum()) * len(self.labels)
        kind = choose_format(populations, rows)
        if kind is not None:
            write_table(self.counts(), out / f"populations.{kind}")
        (out / "manifest.json").write_text(json.dumps(self.manifest(), indent=2) + "\n")
        if plots:
            self._draw(out)
        return out

    def _draw(self, out: Path) -> None:
        from tournament.reports import evolution as plotting
        from tournament.reports import style

        first = pd.DataFrame(self.population(0), columns=list(self.labels))
        figure = plotting.moran_stackplot(first, "Moran process: population of run 0")
        style.save_png(figure, out / "population.png")
        title = f"Moran process: mean population over {self.n_runs} runs"
        figure = plotting.moran_stackplot(self.mean_counts(), title)
        style.save_png(figure, out / "mean_population.png")
        style.close_all()
