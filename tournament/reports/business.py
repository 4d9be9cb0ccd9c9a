"""Figures to project in class: one message each, the question as the title, large type.

* :func:`comparison_map`: which of two games earns more, over two axes (say monitoring
  cost and the relationship's expected length), coloured by the difference, with the
  break-even line drawn between the squares where the lead changes hands.
* :func:`rank_comparison`: each strategy's rank in one game beside its rank in another.

Both draw plain arrays and labels; they know nothing of experiments or games.
"""

from __future__ import annotations

from dataclasses import dataclass

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from matplotlib.colors import TwoSlopeNorm  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402

from tournament.reports.style import FAMILY_COLORS  # noqa: E402
from tournament.reports.sweeps import boundaries  # noqa: E402

__all__ = ["ComparisonGrid", "comparison_map", "rank_comparison"]

_TITLE, _TEXT, _SMALL = 22, 15, 13


@dataclass(frozen=True)
class ComparisonGrid:
    """The differences to draw: ``values[panel, row, column]`` (first minus second; NaN
    where there is no cell), with the labels of each dimension."""

    values: np.ndarray
    x_labels: tuple[str, ...]
    y_labels: tuple[str, ...]
    panel_titles: tuple[str, ...]
    x_title: str
    y_title: str


def comparison_map(
    grid: ComparisonGrid, question: str, first: str, second: str, measure: str
) -> Figure:
    """A map of ``first`` minus ``second`` (blue: the first earns more; red: the second),
    each square showing the difference, the break-even line in black; one panel per
    value of a third axis. ``measure`` says what was compared (the colour bar's label)."""
    values = np.asarray(grid.values, dtype=float)
    panels, rows, cols = values.shape
    fig, axes = plt.subplots(
        1,
        panels,
        figsize=(max(7.5, 1.25 * cols + 3.5) * panels + 1.5, max(5.5, 0.9 * rows + 3.4)),
        layout="constrained",
        squeeze=False,
    )
    finite = values[np.isfinite(values)]
    span = float(np.max(np.abs(finite))) if finite.size and np.any(finite) else 1.0
    norm = TwoSlopeNorm(vcenter=0.0, vmin=-span, vmax=span)
    image = None
    for ax, panel, title in zip(axes[0], values, grid.panel_titles, strict=True):
        image = ax.imshow(panel, cmap="RdBu", norm=norm, aspect="auto", origin="lower")
        valid = np.isfinite(panel)
        boundaries(ax, np.where(valid, panel > 1e-9, np.nan), linewidth=4)
        for (r, c), value in np.ndenumerate(panel):
            if valid[r, c]:
                dark = abs(value) > 0.6 * span
                ax.text(
                    c,
                    r,
                    f"{value:+.2f}" if abs(value) < 0.095 else f"{value:+.1f}",
                    ha="center",
                    va="center",
                    fontsize=_SMALL,
                    color="white" if dark else "black",
                )
        ax.set_xticks(range(cols), grid.x_labels, fontsize=_SMALL)
        ax.set_yticks(range(rows), grid.y_labels, fontsize=_SMALL)
        ax.set_xlabel(grid.x_title, fontsize=_TEXT)
        ax.set_ylabel(grid.y_title, fontsize=_TEXT)
        if title:
            ax.set_title(title, fontsize=_TEXT)
    bar = fig.colorbar(image, ax=axes, shrink=0.9)
    bar.set_label(f"{first} minus {second}:\n{measure}", fontsize=_SMALL)
    bar.ax.tick_params(labelsize=_SMALL)
    fig.suptitle(question, fontsize=_TITLE, fontweight="bold")
    handles = [
        plt.Rectangle((0, 0), 1, 1, color=plt.get_cmap("RdBu")(0.85)),
        plt.Rectangle((0, 0), 1, 1, color=plt.get_cmap("RdBu")(0.15)),
        Line2D([], [], color="black", linewidth=4),
    ]
    fig.legend(
        handles,
        [f"{first} earns more", f"{second} earns more", "break-even"],
        loc="outside lower center",
        ncol=3,
        fontsize=_TEXT,
        frameon=False,
    )
    return fig


def rank_comparison(
    first_ranks: np.ndarray,
    second_ranks: np.ndarray,
    labels: list[str],
    families: list[str],
    names: tuple[str, str],
    question: str,
) -> Figure:
    """Each strategy's place in the first game (left) joined to its place in the second
    (right), places ordered by mean rank; lines coloured by family, reciprocal strategies
    drawn thicker."""
    n = len(labels)
    left = np.empty(n, dtype=int)
    right = np.empty(n, dtype=int)
    left[np.argsort(first_ranks, kind="stable")] = np.arange(1, n + 1)
    right[np.argsort(second_ranks, kind="stable")] = np.arange(1, n + 1)
    fig, ax = plt.subplots(figsize=(12, max(6.5, 0.48 * n + 2.8)), layout="constrained")
    for i, label in enumerate(labels):
        colour = FAMILY_COLORS.get(families[i], "#5e5e5e")
        width = 5 if families[i] == "reciprocal" else 2.5
        ax.plot([0, 1], [left[i], right[i]], "-o", color=colour, linewidth=width, markersize=8)
        ax.text(-0.04, left[i], f"{label}  {left[i]}", ha="right", va="center", fontsize=_SMALL)
        ax.text(1.04, right[i], f"{right[i]}  {label}", ha="left", va="center", fontsize=_SMALL)
    ax.set_xlim(-0.75, 1.75)
    ax.set_ylim(n + 0.7, 0.3)
    ax.set_xticks([0, 1], list(names), fontsize=_TEXT + 3, fontweight="bold")
    ax.xaxis.tick_top()
    ax.set_yticks([])
    for side in ("left", "right", "bottom", "top"):
        ax.spines[side].set_visible(False)
    shown = [f for f in FAMILY_COLORS if f in families]
    handles = [Line2D([], [], color=FAMILY_COLORS[f], linewidth=4) for f in shown]
    fig.legend(handles, shown, loc="outside lower center", ncol=min(len(shown), 5), fontsize=12)
    fig.suptitle(question, fontsize=_TITLE, fontweight="bold")
    ax.set_title("place of each strategy (by mean rank over the cells of each game)", fontsize=12)
    return fig
