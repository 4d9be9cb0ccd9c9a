"""Figures of an experiment: maps over two swept axes, rank curves, per-cell rankings."""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import TYPE_CHECKING, Any

import matplotlib
import numpy as np
import pandas as pd

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

if TYPE_CHECKING:
    from tournament.experiments.runner import Experiment, ExperimentResults

from tournament.reports.style import FAMILY_COLORS, close_all, short_name


def _facets(experiment: Experiment, exclude: list[str], limit: int) -> list[dict[int, int]]:
    """Combinations of the swept axes not in ``exclude`` (axis position -> index), at most
    ``limit`` of them, evenly spread."""
    others = [
        (experiment.axes.index(a), len(a.labels))
        for a in experiment.swept_axes
        if a.name not in exclude
    ]
    combos = [
        dict(zip([p for p, _ in others], combo, strict=True))
        for combo in itertools.product(*(range(n) for _, n in others))
    ]
    if len(combos) > limit:
        picks = np.unique(np.linspace(0, len(combos) - 1, limit).round().astype(int))
        combos = [combos[i] for i in picks]
    return combos or [{}]


def _facet_title(experiment: Experiment, facet: dict[int, int]) -> str:
    parts = []
    for pos, i in facet.items():
        axis = experiment.axes[pos]
        parts.append(f"noise {axis.labels[i]}" if axis.name == "noise" else axis.labels[i])
    return ", ".join(parts)


def _grid(n: int) -> tuple[int, int]:
    cols = min(n, 3)
    return (n + cols - 1) // cols, cols


def _sparse_ticks(setter: Any, labels: tuple[str, ...], **style: Any) -> None:
    """At most about 20 tick labels along an axis."""
    every = max(1, -(-len(labels) // 20))
    ticks = range(0, len(labels), every)
    setter(list(ticks), [labels[i] for i in ticks], **style)


def reciprocity_map(results: ExperimentResults, value: str = "rank") -> Figure:
    """Heatmap over two axes; each square names the winner. ``value="rank"`` colours the
    best reciprocal strategy's rank (1 = reciprocity wins), ``value="family"`` the
    winner's family, ``value="dominant"`` the family of the strategy with the largest
    share after the ecological simulation (and names it). Other swept axes become
    panels."""
    from matplotlib.colors import ListedColormap

    exp = results.experiment
    cells = results.cells
    if "reciprocal" not in exp.families and value == "rank":
        value = "family"  # nothing to rank
    who, who_family = (
        ("dominant", "dominant_family")
        if value == "dominant"
        else (
            "winner",
            "winner_family",
        )
    )
    x_name, y_name = exp.map_axes
    x_pos = next(i for i, a in enumerate(exp.axes) if a.name == x_name)
    y_pos = next(i for i, a in enumerate(exp.axes) if a.name == y_name)
    x_axis, y_axis = exp.axes[x_pos], exp.axes[y_pos]
    facets = _facets(exp, [x_name, y_name], limit=6)
    positions = np.array([exp.position(c) for c in exp.cells])
    rows, cols = _grid(len(facets))
    width = min(max(4.0, 0.55 * len(x_axis.labels) + 2.5), 14.0 / min(len(facets), 3))
    height = min(max(2.2, 0.4 * len(y_axis.labels) + 1.6), 10.0)
    fig, axes = plt.subplots(
        rows,
        cols,
        figsize=(width * cols + 1.0, height * rows + 1.2),
        layout="constrained",
        squeeze=False,
    )
    families = [f for f in FAMILY_COLORS if f in set(cells[who_family])]
    if value == "rank":
        cmap, vmin, vmax = plt.get_cmap("RdYlGn_r"), 1, len(exp.labels)
        colours = cells["best_reciprocal_rank"].to_numpy(dtype=float)
    else:
        cmap = ListedColormap([FAMILY_COLORS[f] for f in families])
        vmin, vmax = -0.5, len(families) - 0.5
        colours = np.array([families.index(f) for f in cells[who_family]], dtype=float)
    image = None
    for ax, facet in zip(axes.ravel(), facets, strict=False):
        grid = np.full((len(y_axis.labels), len(x_axis.labels)), np.nan)
        names = np.full(grid.shape, "", dtype=object)
        keep = np.ones(len(cells), dtype=bool)
        for pos, i in facet.items():
            keep &= positions[:, pos] == i
        for row in np.flatnonzero(keep):
            yi, xi = positions[row, y_pos], positions[row, x_pos]
            grid[yi, xi] = colours[row]
            names[yi, xi] = short_name(cells[who].iloc[row])
        image = ax.imshow(grid, cmap=cmap, vmin=vmin, vmax=vmax, aspect="auto")
        if max(grid.shape) <= 25:
            for (yi, xi), name in np.ndenumerate(names):
                ax.text(xi, yi, name, ha="center", va="center", fontsize=7)
        _sparse_ticks(ax.set_xticks, x_axis.labels, rotation=60, fontsize=7)
        _sparse_ticks(ax.set_yticks, y_axis.labels, fontsize=7)
        ax.set_xlabel(x_axis.title)
        ax.set_ylabel(y_axis.title)
        ax.set_title(_facet_title(exp, facet), fontsize=9)
    for ax in axes.ravel()[len(facets) :]:
        ax.set_visible(False)
    if value == "rank":
        fig.colorbar(image, ax=axes, label="best reciprocal rank (1 = wins)")
        what = "where reciprocity wins (colour: best reciprocal strategy's rank; text: winner)"
    else:
        handles = [plt.Rectangle((0, 0), 1, 1, color=FAMILY_COLORS[f]) for f in families]
        fig.legend(handles, families, loc="outside right", title=f"{who}'s family", fontsize=8)
        what = (
            "who wins (colour: the winner's family; text: winner)"
            if who == "winner"
            else "who dominates after the ecological simulation (colour: family; text: "
            "largest share)"
        )
    fig.suptitle(f"{exp.config.name}: {what}", fontsize=10)
    return fig


def rank_curves(
    results: ExperimentResults, axis_name: str, ranks: np.ndarray, strategies: list[str]
) -> Figure:
    """Rank (1 on top) of chosen strategies along one swept axis; panels for the others."""
    exp = results.experiment
    pos = next(i for i, a in enumerate(exp.axes) if a.name == axis_name)
    axis = exp.axes[pos]
    facets = _facets(exp, [axis_name], limit=6)
    positions = np.array([exp.position(c) for c in exp.cells])
    rows, cols = _grid(len(facets))
    fig, axes = plt.subplots(
        rows,
        cols,
        figsize=(5.0 * cols + 1.5, 3.4 * rows + 0.8),
        layout="constrained",
        squeeze=False,
        sharey=True,
    )
    x = np.asarray(axis.values, dtype=float)
    fixed = np.array([not lab.startswith("p_end") for lab in axis.labels])
    for ax, facet in zip(axes.ravel(), facets, strict=False):
        keep = np.ones(len(exp.cells), dtype=bool)
        for p, i in facet.items():
            keep &= positions[:, p] == i
        rows_here = np.flatnonzero(keep)
        order = positions[rows_here, pos]
        for k, name in enumerate(strategies):
            col = exp.labels.index(name)
            y = np.full(len(axis.labels), np.nan)
            y[order] = ranks[rows_here, col]
            color = f"C{k % 10}"
            if axis_name == "horizon" and not fixed.all():
                ax.plot(x[fixed], y[fixed], "o-", color=color, label=name)
                ax.plot(x[~fixed], y[~fixed], "s--", color=color, mfc="white")
            else:
                ax.plot(x, y, "o-", color=color, label=name, markersize=3)
        if axis.log:
            ax.set_xscale("log")
            ax.xaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda v, _: f"{v:g}"))
        if axis_name == "game" and axis.title == "game":
            ax.set_xticks(x, axis.labels, rotation=45, ha="right", fontsize=7)
        ax.set_xlabel(axis.title)
        ax.set_title(_facet_title(exp, facet), fontsize=9)
        ax.grid(alpha=0.3)
    for ax in axes.ravel()[len(facets) :]:
        ax.set_visible(False)
    first = axes.ravel()[0]
    first.set_ylim(len(exp.labels) + 0.5, 0.5)
    first.set_ylabel("rank (1 = best)")
    first.yaxis.get_major_locator().set_params(integer=True)
    note = " (squares, dashed: probabilistic ending)" if axis_name == "horizon" else ""
    fig.legend(*first.get_legend_handles_labels(), loc="outside right", fontsize=8)
    fig.suptitle(f"{exp.config.name}: rank versus {axis_name}{note}", fontsize=10)
    return fig


def cell_ranking(summary: pd.DataFrame, title: str) -> Figure:
    """Bar chart of one cell's score per turn, best on top, coloured by family."""
    frame = summary.iloc[::-1]
    fig, ax = plt.subplots(figsize=(7, 0.3 * len(frame) + 1.4), layout="constrained")
    families = list(dict.fromkeys(summary["family"]))
    colors = [f"C{families.index(f) % 10}" for f in frame["family"]]
    ax.barh(frame["strategy"], frame["score_per_turn"].astype(float), color=colors)
    ax.set_xlabel("score per turn (mean over repetitions)")
    ax.set_title(title, fontsize=9)
    handles = [plt.Rectangle((0, 0), 1, 1, color=f"C{i % 10}") for i in range(len(families))]
    ax.legend(handles, families, fontsize=7, loc="lower right")
    return fig


def default_curve_strategies(results: ExperimentResults, limit: int = 6) -> list[str]:
    """Tit For Tat if present, then the winners (most cells first), then the best
    reciprocal strategies."""
    exp, cells = results.experiment, results.cells
    if exp.figure_strategies:
        return exp.figure_strategies
    picks = ["Tit For Tat"] if "Tit For Tat" in exp.labels else []
    picks += list(cells["winner"].value_counts(sort=True).index)
    picks += list(cells.loc[cells["best_reciprocal"] != "", "best_reciprocal"].value_counts().index)
    return list(dict.fromkeys(picks))[:limit]


def experiment_figures(results: ExperimentResults, cell_plots: bool | None = None) -> list[Path]:
    """Write the reciprocity map, rank curves along each swept axis and (on demand) one
    ranking plot per cell; returns the files written."""
    from tournament.experiments.runner import cell_path, iter_cells

    exp, out = results.experiment, results.out
    written: list[Path] = []
    ranks = np.zeros((len(exp.cells), len(exp.labels)))
    want_cells = exp.config.figures.cell_rankings if cell_plots is None else cell_plots
    for cell, stored in iter_cells(exp, out):
        cols = [exp.labels.index(s) for s in stored.summary["strategy"]]
        ranks[cell.index, cols] = stored.summary["rank"].astype(int).to_numpy()
        if want_cells:
            path = cell_path(out, cell).with_suffix(".png")
            fig = cell_ranking(stored.summary, f"cell {cell.index}: {cell.describe()}")
            fig.savefig(path, dpi=90)
            plt.close(fig)
            written.append(path)
    if exp.map_axes is not None:
        maps = [("reciprocity_map.png", "rank"), ("winner_map.png", "family")]
        if "dominant" in results.cells:
            maps.append(("dominant_map.png", "dominant"))
        for name, value in maps:
            path = out / name
            reciprocity_map(results, value).savefig(path, dpi=100)
            written.append(path)
    strategies = default_curve_strategies(results)
    for axis in exp.swept_axes:
        path = out / f"rank_vs_{axis.name}.png"
        rank_curves(results, axis.name, ranks, strategies).savefig(path, dpi=100)
        written.append(path)
    close_all()
    return written
