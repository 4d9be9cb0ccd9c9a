"""Figures of a sweep: maps over two swept axes, rank curves, per-cell rankings.

The functions draw plain data: a :class:`SweepGrid` (the axes, each cell's position on
them, the strategies), the per-cell table (a row per cell: winner, best reciprocal rank,
...) and arrays; they know nothing of how an experiment runs or stores its cells.
"""

from __future__ import annotations

import itertools
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import matplotlib
import numpy as np
import pandas as pd

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from tournament.reports.style import FAMILY_COLORS, save_png, short_name  # noqa: E402

__all__ = [
    "SweepAxis",
    "SweepGrid",
    "boundaries",
    "cell_ranking",
    "rank_curves",
    "reciprocity_map",
    "write_cell_ranking",
]


@dataclass(frozen=True)
class SweepAxis:
    """One dimension of the grid: its name, tick labels and numeric positions, in order,
    the axis title and whether to draw it on a log scale."""

    name: str
    labels: tuple[str, ...]
    values: tuple[float, ...]
    title: str
    log: bool = False


@dataclass(frozen=True)
class SweepGrid:
    """What the figures need to know of a sweep, as plain data."""

    #: The experiment's name (figure titles).
    name: str
    #: Every dimension, in the order of :attr:`positions` (an axis with one label is not
    #: swept).
    axes: tuple[SweepAxis, ...]
    #: Each cell's index on each axis, one tuple per cell in cell order.
    positions: tuple[tuple[int, ...], ...]
    #: The strategies (the columns of a ranks array) and their families.
    labels: tuple[str, ...]
    families: tuple[str, ...]
    #: The question the experiment answers (the maps' title), if it says one.
    question: str = ""

    @property
    def swept(self) -> tuple[SweepAxis, ...]:
        """The axes with more than one value."""
        return tuple(a for a in self.axes if len(a.labels) > 1)


def _facets(sweep: SweepGrid, exclude: list[str], limit: int) -> list[dict[int, int]]:
    """Combinations of the swept axes not in ``exclude`` (axis position -> index), at most
    ``limit`` of them, evenly spread."""
    others = [(sweep.axes.index(a), len(a.labels)) for a in sweep.swept if a.name not in exclude]
    combos = [
        dict(zip([p for p, _ in others], combo, strict=True))
        for combo in itertools.product(*(range(n) for _, n in others))
    ]
    if len(combos) > limit:
        picks = np.unique(np.linspace(0, len(combos) - 1, limit).round().astype(int))
        combos = [combos[i] for i in picks]
    return combos or [{}]


def _facet_title(sweep: SweepGrid, facet: dict[int, int]) -> str:
    parts = []
    for pos, i in facet.items():
        axis = sweep.axes[pos]
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


def boundaries(ax: Any, mask: np.ndarray, linewidth: float = 3.0) -> None:
    """Black lines on the edges between neighbouring squares of an ``imshow`` grid where
    ``mask`` (a 2-D array of 1.0, 0.0 or NaN for no square) changes: the frontier of a
    region."""
    rows, cols = mask.shape
    style = {"color": "black", "linewidth": linewidth, "solid_capstyle": "round"}
    for r in range(rows):
        for c in range(cols):
            here = mask[r, c]
            if np.isnan(here):
                continue
            if c + 1 < cols and not np.isnan(mask[r, c + 1]) and mask[r, c + 1] != here:
                ax.plot([c + 0.5, c + 0.5], [r - 0.5, r + 0.5], **style)
            if r + 1 < rows and not np.isnan(mask[r + 1, c]) and mask[r + 1, c] != here:
                ax.plot([c - 0.5, c + 0.5], [r + 0.5, r + 0.5], **style)


def reciprocity_map(
    sweep: SweepGrid, cells: pd.DataFrame, map_axes: tuple[str, str], value: str = "rank"
) -> Figure:
    """Heatmap over the two axes ``map_axes`` (x, y); each square names the winner.
    ``cells`` has a row per cell, in the order of ``sweep.positions``, with the columns
    ``winner``, ``winner_family``, ``best_reciprocal_rank`` (and ``dominant``,
    ``dominant_family``). ``value="rank"`` colours the best reciprocal strategy's rank
    (1 = reciprocity wins), ``value="family"`` the winner's family, ``value="dominant"``
    the family of the strategy with the largest share after the ecological simulation
    (and names it). Other swept axes become panels."""
    if "reciprocal" not in sweep.families and value == "rank":
        value = "family"  # nothing to rank
    who = "dominant" if value == "dominant" else "winner"
    who_family = f"{who}_family"
    x_name, y_name = map_axes
    x_pos = next(i for i, a in enumerate(sweep.axes) if a.name == x_name)
    y_pos = next(i for i, a in enumerate(sweep.axes) if a.name == y_name)
    x_axis, y_axis = sweep.axes[x_pos], sweep.axes[y_pos]
    facets = _facets(sweep, [x_name, y_name], limit=6)
    positions = np.array(sweep.positions)
    rows, cols = _grid(len(facets))
    # a small map is drawn large enough to project: bigger squares and type
    big = len(x_axis.labels) <= 12 and len(y_axis.labels) <= 8 and len(facets) <= 2
    scale = 1.6 if big else 1.0
    font = {"text": 10, "ticks": 11, "label": 12} if big else {"text": 7, "ticks": 7, "label": 10}
    width = min(max(4.0, 0.55 * scale * len(x_axis.labels) + 2.5), 14.0 / min(len(facets), 3))
    height = min(max(2.2, 0.4 * scale * len(y_axis.labels) + 1.6), 10.0)
    fig, axes = plt.subplots(
        rows,
        cols,
        figsize=(width * cols + 1.0, height * rows + 1.2),
        layout="constrained",
        squeeze=False,
    )
    families = [f for f in FAMILY_COLORS if f in set(cells[who_family])]
    colours, cmap, vmin, vmax = _map_colours(sweep, cells, value, families, who_family)
    image = None
    firsts = (
        cells["reciprocal_first"].to_numpy(dtype=float)
        if "reciprocal_first" in cells
        else np.full(len(cells), np.nan)
    )
    for ax, facet in zip(axes.ravel(), facets, strict=False):
        grid = np.full((len(y_axis.labels), len(x_axis.labels)), np.nan)
        region = grid.copy()  # 1 where reciprocity ranks first
        names = np.full(grid.shape, "", dtype=object)
        keep = np.ones(len(cells), dtype=bool)
        for pos, i in facet.items():
            keep &= positions[:, pos] == i
        for row in np.flatnonzero(keep):
            yi, xi = positions[row, y_pos], positions[row, x_pos]
            grid[yi, xi] = colours[row]
            region[yi, xi] = firsts[row]
            name = cells[who].iloc[row]
            names[yi, xi] = textwrap.fill(name, 11) if big else short_name(name)
        image = ax.imshow(grid, cmap=cmap, vmin=vmin, vmax=vmax, aspect="auto")
        if value == "rank":
            boundaries(ax, region)
        if max(grid.shape) <= 25:
            for (yi, xi), name in np.ndenumerate(names):
                ax.text(xi, yi, name, ha="center", va="center", fontsize=font["text"])
        _sparse_ticks(
            ax.set_xticks, x_axis.labels, rotation=60 if not big else 0, fontsize=font["ticks"]
        )
        _sparse_ticks(ax.set_yticks, y_axis.labels, fontsize=font["ticks"])
        ax.set_xlabel(x_axis.title, fontsize=font["label"])
        ax.set_ylabel(y_axis.title, fontsize=font["label"])
        ax.set_title(_facet_title(sweep, facet), fontsize=font["label"] - 1)
    for ax in axes.ravel()[len(facets) :]:
        ax.set_visible(False)
    what = _map_key(fig, axes, image, value, who, families, font["label"])
    if sweep.question:
        fig.suptitle(sweep.question, fontsize=16 if big else 13, fontweight="bold")
        fig.supxlabel(what, fontsize=font["label"] - 2)
    else:
        fig.suptitle(f"{sweep.name}: {what}", fontsize=10)
    return fig


def _map_colours(
    sweep: SweepGrid, cells: pd.DataFrame, value: str, families: list[str], who_family: str
) -> tuple[np.ndarray, Any, float, float]:
    """Each cell's colour value, the colour map and its range."""
    from matplotlib.colors import ListedColormap

    if value == "rank":
        colours = cells["best_reciprocal_rank"].to_numpy(dtype=float)
        worst = np.nanmax(colours) if np.isfinite(colours).any() else len(sweep.labels)
        # the scale ends at the worst rank seen, so small differences still show
        return colours, plt.get_cmap("RdYlGn_r"), 1, max(2, int(worst))
    cmap = ListedColormap([FAMILY_COLORS[f] for f in families])
    colours = np.array([families.index(f) for f in cells[who_family]], dtype=float)
    return colours, cmap, -0.5, len(families) - 0.5


def _map_key(
    fig: Figure, axes: Any, image: Any, value: str, who: str, families: list[str], size: int
) -> str:
    """The colour bar or the families' legend; returns what the map shows, in words."""
    if value == "rank":
        bar = fig.colorbar(image, ax=axes)
        bar.ax.yaxis.set_major_locator(matplotlib.ticker.MaxNLocator(integer=True))
        bar.set_label("best reciprocal rank (1 = wins)", fontsize=size)
        return (
            "where reciprocity wins (colour: best reciprocal strategy's rank; text: winner; "
            "black line: edge of the region where a reciprocal strategy ranks first)"
        )
    handles = [plt.Rectangle((0, 0), 1, 1, color=FAMILY_COLORS[f]) for f in families]
    fig.legend(handles, families, loc="outside right", title=f"{who}'s family", fontsize=8)
    if who == "winner":
        return "who wins (colour: the winner's family; text: winner)"
    return "who dominates after the ecological simulation (colour: family; text: largest share)"


def rank_curves(
    sweep: SweepGrid, axis_name: str, ranks: np.ndarray, strategies: list[str]
) -> Figure:
    """Rank (1 on top) of chosen strategies along one swept axis; panels for the others.
    ``ranks[cell, strategy]`` is each strategy's rank (columns in the order of
    ``sweep.labels``)."""
    pos = next(i for i, a in enumerate(sweep.axes) if a.name == axis_name)
    axis = sweep.axes[pos]
    facets = _facets(sweep, [axis_name], limit=6)
    positions = np.array(sweep.positions)
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
        keep = np.ones(len(sweep.positions), dtype=bool)
        for p, i in facet.items():
            keep &= positions[:, p] == i
        rows_here = np.flatnonzero(keep)
        order = positions[rows_here, pos]
        for k, name in enumerate(strategies):
            col = sweep.labels.index(name)
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
        ax.set_title(_facet_title(sweep, facet), fontsize=9)
        ax.grid(alpha=0.3)
    for ax in axes.ravel()[len(facets) :]:
        ax.set_visible(False)
    first = axes.ravel()[0]
    first.set_ylim(len(sweep.labels) + 0.5, 0.5)
    first.set_ylabel("rank (1 = best)")
    first.yaxis.get_major_locator().set_params(integer=True)
    note = " (squares, dashed: probabilistic ending)" if axis_name == "horizon" else ""
    fig.legend(*first.get_legend_handles_labels(), loc="outside right", fontsize=8)
    fig.suptitle(f"{sweep.name}: rank versus {axis_name}{note}", fontsize=10)
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


def write_cell_ranking(summary: pd.DataFrame, title: str, path: Path) -> Path:
    """Draw :func:`cell_ranking` into ``path`` and close the figure (one per cell: many)."""
    fig = cell_ranking(summary, title)
    save_png(fig, path, dpi=90)
    plt.close(fig)
    return path
