"""Figures of a random study (a meta analysis of random tournaments), large enough to
project:

* :func:`rank_distributions`: the normalised ranks of the best strategies of one
  tournament type, a box each, best at the top (the "r distributions of top 15
  strategies" of Glynatsi, Knight and Harper, 2020);
* :func:`best_per_type`: the median normalised rank of each type's best strategies, a
  panel per type.

Both draw plain arrays and labels; they know nothing of how the tournaments ran.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.patches import Patch  # noqa: E402

from tournament.reports.style import FAMILY_COLORS  # noqa: E402

__all__ = ["TypeRanking", "best_per_type", "rank_distributions"]

_TITLE, _TEXT, _SMALL = 20, 15, 13
_AXIS = "normalised rank (0 = first, 1 = last)"


@dataclass(frozen=True)
class TypeRanking:
    """One tournament type's best strategies, best first: names, families, medians of
    their normalised ranks and the number of tournaments each entered."""

    title: str
    labels: tuple[str, ...]
    families: tuple[str, ...]
    medians: tuple[float, ...]
    entered: tuple[int, ...]


def _colour(family: str) -> str:
    return FAMILY_COLORS.get(family, FAMILY_COLORS["generic"])


def _family_legend(fig: Figure, families: Sequence[str]) -> None:
    shown = [f for f in FAMILY_COLORS if f in set(families)]
    shown += sorted(set(families) - set(shown))
    handles = [Patch(facecolor=_colour(f), edgecolor="black") for f in shown]
    fig.legend(
        handles,
        shown,
        loc="outside lower center",
        ncol=min(len(shown), 6),
        fontsize=_SMALL,
        title="family",
        title_fontsize=_SMALL,
    )


def rank_distributions(
    ranking: TypeRanking, samples: Sequence[np.ndarray], subtitle: str = ""
) -> Figure:
    """A box plot of each strategy's normalised ranks (``samples``, in the order of
    ``ranking.labels``, best first: drawn at the top), coloured by family, each name
    followed by the number of tournaments it entered; a red line at the median."""
    n = len(ranking.labels)
    fig, ax = plt.subplots(figsize=(13, max(6.0, 0.55 * n + 3.2)), layout="constrained")
    positions = np.arange(n, 0, -1)
    boxes = ax.boxplot(
        [np.asarray(s, dtype=float) for s in samples],
        positions=positions,
        orientation="horizontal",
        widths=0.6,
        patch_artist=True,
        medianprops={"color": "tab:red", "linewidth": 2.5},
        flierprops={"markersize": 4, "markeredgecolor": "#555555"},
    )
    for patch, family in zip(boxes["boxes"], ranking.families, strict=True):
        patch.set_facecolor(_colour(family))
        patch.set_alpha(0.85)
    names = [
        f"{label}  ({entered:,})"
        for label, entered in zip(ranking.labels, ranking.entered, strict=True)
    ]
    ax.set_yticks(positions, names, fontsize=_SMALL)
    ax.set_ylim(0.3, n + 0.7)
    ax.set_xlim(-0.02, 1.02)
    ax.tick_params(axis="x", labelsize=_SMALL)
    ax.set_xlabel(_AXIS, fontsize=_TEXT)
    ax.set_ylabel("strategy  (tournaments entered)", fontsize=_TEXT)
    ax.grid(axis="x", alpha=0.3)
    fig.suptitle(ranking.title, fontsize=_TITLE, fontweight="bold")
    if subtitle:
        ax.set_title(subtitle, fontsize=_SMALL)
    _family_legend(fig, ranking.families)
    return fig


def best_per_type(rankings: Sequence[TypeRanking], title: str) -> Figure:
    """A panel per tournament type: the median normalised rank of its best strategies
    (a bar each, best at the top, coloured by family, the value at the bar's end), on
    one scale across panels."""
    cols = 1 if len(rankings) == 1 else 2
    rows = -(-len(rankings) // cols)
    longest = max((len(r.labels) for r in rankings), default=1)
    fig, axes = plt.subplots(
        rows,
        cols,
        figsize=(10.0 * cols + 1.0, max(5.5, (0.5 * longest + 2.0) * rows + 1.5)),
        layout="constrained",
        squeeze=False,
    )
    top = max((max(r.medians, default=0.0) for r in rankings), default=0.0)
    limit = max(0.05, 1.3 * top)
    for ax, ranking in zip(axes.ravel(), rankings, strict=False):
        y = np.arange(len(ranking.labels), 0, -1)
        colours = [_colour(f) for f in ranking.families]
        ax.barh(y, ranking.medians, color=colours, edgecolor="black", height=0.7)
        # a marker at each median, so that a median of 0 (always first) shows too
        ax.scatter(ranking.medians, y, marker="D", s=45, c=colours, edgecolors="black", zorder=3)
        for yi, value in zip(y, ranking.medians, strict=True):
            ax.text(value + limit * 0.01, yi, f"{value:.3f}", va="center", fontsize=_SMALL - 1)
        ax.set_yticks(y, ranking.labels, fontsize=_SMALL)
        ax.set_ylim(0.4, max(len(ranking.labels), 1) + 0.6)
        ax.set_xlim(0, limit)
        ax.tick_params(axis="x", labelsize=_SMALL - 1)
        ax.set_xlabel(f"median {_AXIS}", fontsize=_SMALL)
        ax.set_title(ranking.title, fontsize=_TEXT, fontweight="bold")
        ax.grid(axis="x", alpha=0.3)
    for ax in axes.ravel()[len(rankings) :]:
        ax.set_visible(False)
    fig.suptitle(title, fontsize=_TITLE, fontweight="bold")
    _family_legend(fig, [f for r in rankings for f in r.families])
    return fig
