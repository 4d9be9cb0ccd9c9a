"""Figures of a round robin: score distributions, payoff heatmaps, a class leaderboard."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import matplotlib
import numpy as np
import pandas as pd

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib import cbook, markers  # noqa: E402
from matplotlib.axes import Axes  # noqa: E402
from matplotlib.collections import LineCollection, PolyCollection  # noqa: E402
from matplotlib.colors import Colormap, Normalize  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402
from matplotlib.text import Text  # noqa: E402

from tournament.reports.style import GlyphLabels, text_widths  # noqa: E402

__all__ = ["leaderboard", "payoff_heatmap", "score_distribution"]


def score_distribution(
    scores_per_repetition: pd.DataFrame, order: list[str], subtitle: str
) -> Figure:
    """Box plot of each strategy's score per turn over repetitions (``scores_per_repetition``:
    strategies x repetitions), in ``order`` from the top; ``subtitle`` says what was played
    (game, horizon, noise, repetitions), on one line or more (a line saying what
    cooperating means in a game that names its moves)."""
    data = scores_per_repetition.loc[order[::-1]]
    n = len(order)
    height = min(0.28 * n + 1.5, _MAX_INCHES)
    labels = _label_size(n, height)
    left = (_EDGE + _TICK_SPACE + text_widths(data.index, labels).max(initial=0)) / 72
    width = min(max(8.0, left + _MIN_PLOT + _BOX_RIGHT), _MAX_INCHES)
    fig = plt.figure(figsize=(width, height))
    top = _title_space(subtitle) / 72
    ax = fig.add_axes(_inset(fig, left, _BOX_RIGHT, _BOTTOM / 72, top))
    rows = data.to_numpy(dtype=float)
    _draw_boxes(ax, [row[~np.isnan(row)] for row in rows])
    ax.set_ylim(0.5, n + 0.5)
    _label_rows(ax, list(data.index), np.arange(1, n + 1), labels)
    ax.set_xlabel("score per turn")
    ax.set_title(f"Score distribution\n{subtitle}", fontsize=10)
    ax.grid(axis="x", alpha=0.3)
    return fig


def payoff_heatmap(payoff_matrix: pd.DataFrame, order: list[str], subtitle: str) -> Figure:
    """Heatmap of the row strategy's mean payoff per turn against each column strategy
    (``payoff_matrix``: strategies x strategies), rows and columns in ``order``;
    ``subtitle`` as for :func:`score_distribution`."""
    values = payoff_matrix.loc[order, order].to_numpy(dtype=float)
    n = len(order)
    fig, ax, image = matrix_figure(
        values, order, "viridis", _autoscale(values), "Pairwise payoffs", subtitle,
        "payoff per turn (row vs column)",
    )  # fmt: skip
    if n <= 20:  # each cell's value; none where a pair did not play (on a graph)
        row, column = np.nonzero(np.isfinite(values))
        shown = values[row, column]
        bright = np.asarray(image.norm(shown)) > 0.6  # dark text on viridis' bright end
        ax.add_artist(
            GlyphLabels(
                [f"{value:.1f}" for value in shown],
                np.column_stack([column, row]),
                transform=ax.transData,
                size=7,
                ha="center",
                va="center",
                colors=np.where(bright, "k", "w"),
            )
        )
    return fig


def leaderboard(board: pd.DataFrame, highlight: Sequence[bool]) -> Figure:
    """A class tournament's ranking: each strategy's score per turn (``board``: columns
    rank, strategy, score_per_turn, best first), the rows where ``highlight`` is true (the students'
    submissions) in colour, the others (built-in strategies) in grey."""
    frame = board.iloc[::-1]
    student = np.asarray(highlight, dtype=bool)[::-1]
    fig, ax = plt.subplots(figsize=(8, 0.3 * len(frame) + 1.5), layout="constrained")
    ax.barh(
        [f"{r}. {s}" for r, s in zip(frame["rank"], frame["strategy"], strict=True)],
        frame["score_per_turn"],
        color=np.where(student, "tab:blue", "lightgrey"),
    )
    ax.set_xlabel("score per turn (mean over repetitions)")
    ax.set_title("Class tournament leaderboard (grey: built-in strategies)", fontsize=10)
    ax.grid(axis="x", alpha=0.3)
    return fig


#: Figures grow with the field up to this size (inches); a field of 200 strategies would
#: otherwise make a 60-inch image that takes seconds to render.
_MAX_INCHES = 24.0

#: Margins in points, worked out here rather than by a layout engine (constrained layout
#: draws every text twice): figure edge, tick mark and pad, a 10-point title line and
#: the title's pad, an x axis of 10-point tick labels with its label.
_EDGE = 5.0
_TICK_SPACE = 3.5 + 3.5
_TITLE_LINE = 10 * 1.2
_TITLE_PAD = 6 + _EDGE
_BOTTOM = _TICK_SPACE + 10 * 1.2 + 4 + 10 * 1.2 + _EDGE
#: Right margin of the box plot, and its narrowest plot area (inches).
_BOX_RIGHT = 0.25
_MIN_PLOT = 3.0
#: Heatmap: smallest side (inches); colour bar gap and right margin (points) for the bar's
#: tick labels (10 points, up to 4 characters) and its label.
_MIN_SIDE = 1.5
_BAR_GAP = 12.0
_BAR_RIGHT = _TICK_SPACE + 4 * 0.65 * 10 + 4 + 10 * 1.2 + _EDGE


def matrix_figure(
    values: np.ndarray,
    order: Sequence[str],
    cmap: str | Colormap,
    norm: Normalize,
    title: str,
    subtitle: str,
    bar_label: str,
) -> tuple[Figure, Axes, Any]:
    """A square matrix of the strategies in ``order`` (rows and columns) as a heatmap:
    the figure sized to the field, labels, colour bar and title; returns the figure,
    its axes and the mesh of cells."""
    n = len(order)
    size = min(0.3 * n + 3, _MAX_INCHES)
    labels = _label_size(n, size)
    margin = (_EDGE + _TICK_SPACE + text_widths(order, labels).max(initial=0)) / 72
    fig = plt.figure(figsize=(size + 1.5, size))
    ax_box, bar_box = _heatmap_layout(fig, margin, _title_space(subtitle))
    ax = fig.add_axes(ax_box)
    image = matrix_image(ax, values, cmap, norm)
    if not np.isfinite(values).all():  # pairs that did not meet (on a graph): grey
        ax.set_facecolor("0.88")
    _label_rows(ax, list(order), np.arange(n), labels)
    _label_columns(ax, list(order), np.arange(n), labels)
    fig.colorbar(image, cax=fig.add_axes(bar_box), label=bar_label)
    _keep_title_inside(fig, ax_box, ax.set_title(f"{title}\n{subtitle}", fontsize=10))
    return fig, ax, image


def matrix_image(ax: Axes, values: np.ndarray, cmap: str | Colormap, norm: Normalize) -> Any:
    """Draw ``values`` (rows x columns) as square cells coloured by ``cmap`` and ``norm``,
    row 0 at the top as ``imshow`` puts it, and return the mesh for a colour bar.
    A mesh of cells, not an image: ``imshow`` would first resample the numbers to
    every pixel of the figure (millions for a large field), which takes seconds."""
    rows, columns = values.shape
    mesh = ax.pcolormesh(
        np.arange(columns + 1) - 0.5,
        np.arange(rows + 1) - 0.5,
        np.ma.masked_invalid(values),
        cmap=cmap,
        norm=norm,
        antialiased=False,
        linewidth=0,
    )
    ax.set_aspect("equal")
    ax.set_xlim(-0.5, columns - 0.5)
    ax.set_ylim(rows - 0.5, -0.5)
    return mesh


def _autoscale(values: np.ndarray) -> Normalize:
    """A linear scale from the smallest to the largest finite value, as ``imshow``'s."""
    finite = values[np.isfinite(values)]
    if finite.size == 0:
        return Normalize(0.0, 1.0)
    return Normalize(float(finite.min()), float(finite.max()))


def _title_space(subtitle: str) -> float:
    """Points above the axes for the title: its first line and the subtitle's lines."""
    return (2 + subtitle.count("\n")) * _TITLE_LINE + _TITLE_PAD


def _label_size(n: int, inches: float) -> float:
    """Tick-label font size (points) that fits ``n`` labels along ``inches``, at most 8."""
    return max(2.0, min(8.0, 0.75 * inches * 72 / max(n, 1)))


def _inset(fig: Figure, left: float, right: float, bottom: float, top: float) -> list[float]:
    """Axes rectangle (figure fractions) leaving these margins (inches)."""
    width, height = fig.get_size_inches()
    return [left / width, bottom / height, 1 - (left + right) / width, 1 - (bottom + top) / height]


def _heatmap_layout(fig: Figure, margin: float, title: float) -> tuple[list[float], list[float]]:
    """Square heatmap with ``margin`` inches of labels left and below, ``title`` points
    above, the colour bar right (as wide as a twentieth of the side, Matplotlib's
    default), the block centred; grows the figure (up to ``_MAX_INCHES``) if the labels
    leave less than ``_MIN_SIDE``. Returns the heatmap's and the bar's rectangles (figure
    fractions)."""
    width, height = fig.get_size_inches()
    top = title / 72
    right = (_BAR_GAP + _BAR_RIGHT) / 72

    def fit(width: float, height: float) -> float:
        return min((width - margin - right) / 1.05, height - margin - top)

    if fit(width, height) < _MIN_SIDE:
        width = min(max(width, margin + right + 1.05 * _MIN_SIDE), _MAX_INCHES)
        height = min(max(height, margin + top + _MIN_SIDE), _MAX_INCHES)
        fig.set_size_inches(width, height)
    side = max(fit(width, height), 0.5)
    bar = side / 20
    x0 = margin + max(width - margin - side - bar - right, 0) / 2
    y0 = margin + max(height - margin - top - side, 0) / 2
    ax_box = [x0 / width, y0 / height, side / width, side / height]
    bar_box = [(x0 + side + _BAR_GAP / 72) / width, y0 / height, bar / width, side / height]
    return ax_box, bar_box


def _keep_title_inside(fig: Figure, ax_box: list[float], title: Text) -> None:
    """Move a title wider than its axes sideways so that it stays inside the figure."""
    width = fig.get_size_inches()[0]
    text = max(text_widths(title.get_text().split("\n"), title.get_fontsize())) / 72
    left, span = ax_box[0] * width, ax_box[2] * width
    centre = left + span / 2
    lowest, highest = text / 2 + _EDGE / 72, width - text / 2 - _EDGE / 72
    if lowest <= highest:
        title.set_x((min(max(centre, lowest), highest) - left) / span)


def _label_rows(ax: Axes, names: list[str], ys: np.ndarray, size: float) -> None:
    """``names`` left of the axes at data heights ``ys``, with tick marks (in place of
    Matplotlib's ticks: a Tick per row is costly to make and its label to draw)."""
    ax.set_yticks([])
    transform = ax.get_yaxis_transform()
    ax.add_artist(_tick_marks(np.zeros(len(ys)), ys, markers.TICKLEFT, "ytick", transform))
    ax.add_artist(
        GlyphLabels(
            names,
            np.column_stack([np.zeros(len(ys)), ys]),
            transform=transform,
            size=size,
            ha="right",
            va="center_baseline",
            offset=(-_TICK_SPACE, 0.0),
        )
    )


def _label_columns(ax: Axes, names: list[str], xs: np.ndarray, size: float) -> None:
    """``names`` below the axes at data positions ``xs``, read upwards, with tick marks."""
    ax.set_xticks([])
    transform = ax.get_xaxis_transform()
    ax.add_artist(_tick_marks(xs, np.zeros(len(xs)), markers.TICKDOWN, "xtick", transform))
    ax.add_artist(
        GlyphLabels(
            names,
            np.column_stack([xs, np.zeros(len(xs))]),
            transform=transform,
            size=size,
            ha="right",
            va="center",
            rotation=90,
            offset=(0.0, -_TICK_SPACE),
        )
    )


def _tick_marks(xs: Any, ys: Any, marker: int, axis: str, transform: Any) -> Line2D:
    """One line of tick-mark markers, sized and coloured as the rcParams' major ticks."""
    return Line2D(
        xs,
        ys,
        linestyle="none",
        marker=marker,
        markersize=plt.rcParams[f"{axis}.major.size"],
        markeredgewidth=plt.rcParams[f"{axis}.major.width"],
        color=plt.rcParams[f"{axis}.color"],
        transform=transform,
        clip_on=False,
    )


def _draw_boxes(ax: Axes, samples: list[np.ndarray]) -> None:
    """Horizontal box plot of ``samples`` at heights 1, 2, ...: boxes from the quartiles,
    whiskers to the furthest point within 1.5 IQR, fliers beyond, a red median (the rule
    and look of ``Axes.boxplot``), drawn as a few collections instead of six artists a box."""
    rc = plt.rcParams
    stats = [(y, s) for y, s in enumerate(cbook.boxplot_stats(samples, whis=1.5), 1)]
    stats = [(y, s) for y, s in stats if np.isfinite(s["med"])]
    half, cap = 0.25, 0.125  # Axes.boxplot's default widths 0.5, caps half as wide
    boxes = [
        [(s["q1"], y - half), (s["q3"], y - half), (s["q3"], y + half), (s["q1"], y + half)]
        for y, s in stats
    ]
    whiskers = [
        segment
        for y, s in stats
        for segment in (
            [(s["q1"], y), (s["whislo"], y)],
            [(s["q3"], y), (s["whishi"], y)],
            [(s["whislo"], y - cap), (s["whislo"], y + cap)],
            [(s["whishi"], y - cap), (s["whishi"], y + cap)],
        )
    ]
    medians = [[(s["med"], y - half), (s["med"], y + half)] for y, s in stats]
    ax.add_collection(
        PolyCollection(
            boxes,
            facecolors="none",
            edgecolors=rc["boxplot.boxprops.color"],
            linewidths=rc["boxplot.boxprops.linewidth"],
            zorder=2,
        )
    )
    ax.add_collection(
        LineCollection(
            whiskers,
            colors=rc["boxplot.whiskerprops.color"],
            linewidths=rc["boxplot.whiskerprops.linewidth"],
            zorder=2,
        )
    )
    ax.add_collection(
        LineCollection(
            medians, colors="tab:red", linewidths=rc["boxplot.medianprops.linewidth"], zorder=2
        )
    )
    fliers = [(x, y) for y, s in stats for x in s["fliers"]]
    xs, ys = zip(*fliers, strict=True) if fliers else ((), ())
    ax.plot(
        xs,
        ys,
        linestyle="none",
        marker=rc["boxplot.flierprops.marker"],
        markersize=rc["boxplot.flierprops.markersize"],
        markerfacecolor="none",
        markeredgecolor=rc["boxplot.flierprops.markeredgecolor"],
    )
    ax.autoscale_view()
