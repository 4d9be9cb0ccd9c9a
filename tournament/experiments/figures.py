"""The figures of a run: the experiment described as plain data for
:mod:`tournament.reports.sweeps` (the grid, the per-cell table, the ranks read from the
stored cells), the strategies its rank curves follow, and the files written.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from tournament.experiments.cells import ExperimentPlan
from tournament.experiments.store import cell_path, iter_cells
from tournament.reports.style import close_all
from tournament.reports.sweeps import (
    SweepAxis,
    SweepGrid,
    rank_curves,
    reciprocity_map,
    write_cell_ranking,
)

__all__ = ["default_curve_strategies", "experiment_figures", "sweep_grid"]


def sweep_grid(experiment: ExperimentPlan) -> SweepGrid:
    """The experiment's axes, cell positions and strategies, as the figures take them."""
    return SweepGrid(
        name=experiment.config.name,
        axes=tuple(
            SweepAxis(a.name, tuple(a.labels), tuple(a.values), a.title, a.log)
            for a in experiment.axes
        ),
        positions=tuple(experiment.position(c) for c in experiment.cells),
        labels=tuple(experiment.labels),
        families=tuple(experiment.families),
    )


def default_curve_strategies(
    experiment: ExperimentPlan, cells: pd.DataFrame, limit: int = 6
) -> list[str]:
    """The config's ``figures.strategies`` if given; else Tit For Tat if present, then the
    winners (most cells first), then the best reciprocal strategies."""
    if experiment.figure_strategies:
        return experiment.figure_strategies
    picks = ["Tit For Tat"] if "Tit For Tat" in experiment.labels else []
    picks += list(cells["winner"].value_counts(sort=True).index)
    picks += list(cells.loc[cells["best_reciprocal"] != "", "best_reciprocal"].value_counts().index)
    return list(dict.fromkeys(picks))[:limit]


def experiment_figures(
    experiment: ExperimentPlan, out: Path, cells: pd.DataFrame, cell_plots: bool | None = None
) -> list[Path]:
    """Write the reciprocity map, rank curves along each swept axis and (on demand, or as
    the config's ``figures.cell_rankings`` says) one ranking plot per cell into ``out``;
    ``cells`` is the per-cell table (``cells.csv``). Returns the files written."""
    exp = experiment
    written: list[Path] = []
    ranks = np.zeros((len(exp.cells), len(exp.labels)))
    want_cells = exp.config.figures.cell_rankings if cell_plots is None else cell_plots
    for cell, stored in iter_cells(exp, out):
        cols = [exp.labels.index(s) for s in stored.summary["strategy"]]
        ranks[cell.index, cols] = stored.summary["rank"].astype(int).to_numpy()
        if want_cells:
            path = cell_path(out, cell).with_suffix(".png")
            title = f"cell {cell.index}: {cell.describe()}"
            written.append(write_cell_ranking(stored.summary, title, path))
    sweep = sweep_grid(exp)
    if exp.map_axes is not None:
        maps = [("reciprocity_map.png", "rank"), ("winner_map.png", "family")]
        if "dominant" in cells:
            maps.append(("dominant_map.png", "dominant"))
        for name, value in maps:
            path = out / name
            reciprocity_map(sweep, cells, exp.map_axes, value).savefig(path, dpi=100)
            written.append(path)
    strategies = default_curve_strategies(exp, cells)
    for axis in exp.swept_axes:
        path = out / f"rank_vs_{axis.name}.png"
        rank_curves(sweep, axis.name, ranks, strategies).savefig(path, dpi=100)
        written.append(path)
    close_all()
    return written
