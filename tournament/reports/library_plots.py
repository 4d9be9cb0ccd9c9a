"""The Axelrod library's standard tournament plots (its ``axelrod.Plot``), drawn in this
project's style: ``boxplot`` (score per turn by repetition), ``winplot`` (wins by
repetition), ``sdvplot`` (score differences), ``payoff`` (the payoff matrix), ``pdplot``
(mean score differences) and ``lengthplot`` (match lengths).

The library draws distributions as vertical violins with names below; here they are
horizontal, best strategy at the top, names on the left (readable for hundreds of
strategies), with the median marked. Functions take tidy tables and return a figure.
"""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib

matplotlib.use("Agg")
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib import pyplot as plt  # noqa: E402
from matplotlib.collections import LineCollection, PolyCollection  # noqa: E402
from matplotlib.colors import TwoSlopeNorm  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from tournament.reports.style import text_widths  # noqa: E402
from tournament.reports.tournament import (  # noqa: E402
    _BOTTOM,
    _BOX_RIGHT,
    _EDGE,
    _MAX_INCHES,
    _MIN_PLOT,
    _TICK_SPACE,
    _inset,
    _label_rows,
    _label_size,
    _title_space,
    matrix_figure,
    payoff_heatmap,
)

__all__ = ["boxplot", "lengthplot", "payoff", "pdplot", "sdvplot", "winplot"]


def boxplot(normalised_scores: pd.DataFrame, order: Sequence[str], subtitle: str) -> Figure:
    """Each strategy's score per turn in each repetition (``normalised_scores``:
    strategies x repetitions), in ``order`` (the ranking) from the top: the library's
    ``boxplot``."""
    samples = [_finite(normalised_scores.loc[name]) for name in order]
    return _violins(samples, list(order), "score per turn", "Score per turn", subtitle)


def winplot(wins: pd.DataFrame, subtitle: str) -> Figure:
    """Each strategy's wins in each repetition (``wins``: strategies x repetitions),
    most median wins at the top (ties: later strategies first, as in the library): the
    library's ``winplot``."""
    medians = [float(np.median(_finite(wins.iloc[i]))) for i in range(len(wins))]
    ranked = sorted(zip(medians, range(len(wins)), strict=True), reverse=True)
    order = [wins.index[i] for _, i in ranked]
    samples = [_finite(wins.loc[name]) for name in order]
    figure = _violins(samples, order, "wins per repetition", "Wins", subtitle)
    top = max((s.max() for s in samples if len(s)), default=0.0)
    figure.axes[0].set_xlim(-0.5, top + 0.5)
    return figure


def sdvplot(pairs: pd.DataFrame, order: Sequence[str], subtitle: str) -> Figure:
    """Distribution of each strategy's score difference per turn against every opponent
    (``pairs``: columns player and score_difference_per_turn, one row per opponent and
    repetition, or per opponent), in ``order`` from the top: the library's
    ``sdvplot``."""
    samples = _grouped(pairs, "score_difference_per_turn", order)
    title = "Score difference per turn"
    return _violins(samples, list(order), "score difference per turn (own - opponent)", title,
                    subtitle, zero=True)  # fmt: skip


def lengthplot(pairs: pd.DataFrame, order: Sequence[str], subtitle: str) -> Figure:
    """Distribution of the lengths of each strategy's matches (``pairs``: columns player
    and turns), in ``order`` from the top: the library's ``lengthplot``."""
    samples = _grouped(pairs, "turns", order)
    return _violins(samples, list(order), "turns", "Match lengths", subtitle)


def payoff(payoff_matrix: pd.DataFrame, order: Sequence[str], subtitle: str) -> Figure:
    """The payoff matrix, rows and columns in ``order``: the library's ``payoff``
    plot (the same figure as the tournament's payoff heatmap)."""
    return payoff_heatmap(payoff_matrix, list(order), subtitle)


def pdplot(payoff_diffs: pd.DataFrame, order: Sequence[str], subtitle: str) -> Figure:
    """Mean score difference per turn of the row strategy against the column strategy
    (``payoff_diffs``: strategies x strategies), in ``order``, on a diverging scale
    centred on 0: the library's ``pdplot``."""
    matrix = payoff_diffs.loc[list(order), list(order)].to_numpy(dtype=float)
    bound = float(np.nanmax(np.abs(matrix), initial=0.0)) or 1.0
    fig, _, _ = matrix_figure(
        matrix, order, "RdBu", TwoSlopeNorm(0.0, -bound, bound), "Payoff differences",
        subtitle, "score difference per turn (row - column)",
    )  # fmt: skip
    return fig


def _finite(values: pd.Series | np.ndarray) -> np.ndarray:
    array = np.asarray(values, dtype=float)
    return array[np.isfinite(array)]


def _grouped(pairs: pd.DataFrame, column: str, order: Sequence[str]) -> list[np.ndarray]:
    """The finite values of ``column`` of each player in ``order``."""
    groups = {name: _finite(group) for name, group in pairs.groupby("player")[column]}
    return [groups.get(name, np.empty(0)) for name in order]


def _violins(
    samples: list[np.ndarray],
    names: list[str],
    xlabel: str,
    title: str,
    subtitle: str,
    zero: bool = False,
) -> Figure:
    """Horizontal violins of ``samples``, the first at the top, with medians; a single
    value (or a sample without spread) is a short tick at that value."""
    n = len(names)
    height = min(0.28 * n + 1.5, _MAX_INCHES)
    labels = _label_size(n, height)
    left = (_EDGE + _TICK_SPACE + text_widths(names, labels).max(initial=0)) / 72
    width = min(max(8.0, left + _MIN_PLOT + _BOX_RIGHT), _MAX_INCHES)
    fig = plt.figure(figsize=(width, height))
    ax = fig.add_axes(_inset(fig, left, _BOX_RIGHT, _BOTTOM / 72, _title_space(subtitle) / 72))
    ys = np.arange(n, 0, -1, dtype=float)  # first sample at the top
    bodies, medians, ticks = [], [], []
    for sample, y in zip(samples, ys, strict=True):
        if not len(sample):
            continue
        median = float(np.median(sample))
        if len(sample) > 1 and np.ptp(sample) > 0:
            bodies.append(_violin(sample, y))
            half = np.interp(median, bodies[-1][:_POINTS, 0], bodies[-1][:_POINTS, 1]) - y
            medians.append([(median, y - half), (median, y + half)])
        else:
            ticks.append((median, y))
    ax.add_collection(PolyCollection(bodies, facecolors="tab:blue", alpha=0.6, linewidths=0))
    ax.add_collection(LineCollection(medians, colors="tab:red", linewidths=1.5, zorder=3))
    if ticks:
        xs, heights = zip(*ticks, strict=True)
        ax.scatter(xs, heights, marker="|", s=120, color="tab:red", zorder=3)
    ax.autoscale_view()
    if zero:
        ax.axvline(0.0, color="0.6", linewidth=0.8, zorder=0)
    ax.set_ylim(0.5, n + 0.5)
    _label_rows(ax, names, ys, labels)
    ax.set_xlabel(xlabel)
    ax.set_title(f"{title}\n{subtitle}", fontsize=10)
    ax.grid(axis="x", alpha=0.3)
    return fig


#: Points along a violin's outline, and histogram bins behind its density estimate.
_POINTS, _BINS = 100, 256


def _violin(sample: np.ndarray, y: float, half_width: float = 0.4) -> np.ndarray:
    """The outline of a violin at height ``y``: a Gaussian kernel density estimate of
    ``sample`` (Scott's bandwidth, as Matplotlib's and so the library's violins) over
    its range, from a fine histogram so that the cost does not grow with the sample,
    scaled to ``half_width`` at its widest. Upper edge first (``_POINTS`` points)."""
    low, high = float(sample.min()), float(sample.max())
    counts, edges = np.histogram(sample, bins=_BINS, range=(low, high))
    centres = (edges[:-1] + edges[1:]) / 2
    bandwidth = float(sample.std(ddof=1)) * len(sample) ** -0.2
    xs = np.linspace(low, high, _POINTS)
    density = (counts * np.exp(-0.5 * ((xs[:, None] - centres) / bandwidth) ** 2)).sum(axis=1)
    width = half_width * density / density.max()
    return np.concatenate(
        [np.column_stack([xs, y + width]), np.column_stack([xs[::-1], y - width[::-1]])]
    )
