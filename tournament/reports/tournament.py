"""Figures of a round robin: score distributions, payoff heatmaps, a class leaderboard."""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib
import numpy as np
import pandas as pd

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

__all__ = ["leaderboard", "payoff_heatmap", "score_distribution"]


def score_distribution(
    scores_per_repetition: pd.DataFrame, order: list[str], subtitle: str
) -> Figure:
    """Box plot of each strategy's score per turn over repetitions (``scores_per_repetition``:
    strategies x repetitions), in ``order`` from the top; ``subtitle`` says what was played
    (game, horizon, noise, repetitions)."""
    data = scores_per_repetition.loc[order[::-1]]
    height = min(0.28 * len(order) + 1.5, _MAX_INCHES)
    fig, ax = plt.subplots(figsize=(8, height), layout="constrained")
    ax.boxplot(
        [row.dropna().to_numpy() for _, row in data.iterrows()],
        orientation="horizontal",
        tick_labels=list(data.index),
        medianprops={"color": "tab:red"},
    )
    ax.tick_params(axis="y", labelsize=_label_size(len(order), height))
    ax.set_xlabel("score per turn")
    ax.set_title(f"Score distribution\n{subtitle}", fontsize=10)
    ax.grid(axis="x", alpha=0.3)
    return fig


def payoff_heatmap(payoff_matrix: pd.DataFrame, order: list[str], subtitle: str) -> Figure:
    """Heatmap of the row strategy's mean payoff per turn against each column strategy
    (``payoff_matrix``: strategies x strategies), rows and columns in ``order``."""
    matrix = payoff_matrix.loc[order, order]
    size = min(0.3 * len(order) + 3, _MAX_INCHES)
    fig, ax = plt.subplots(figsize=(size + 1.5, size), layout="constrained")
    image = ax.imshow(matrix.to_numpy(dtype=float), cmap="viridis", interpolation="nearest")
    labels = _label_size(len(order), size)
    ax.set_xticks(range(len(order)), order, rotation=90, fontsize=labels)
    ax.set_yticks(range(len(order)), order, fontsize=labels)
    if len(order) <= 20:
        values = matrix.to_numpy(dtype=float)
        bright = image.norm(values) > 0.6  # dark text on the bright end of viridis
        for (i, j), value in np.ndenumerate(values):
            color = "k" if bright[i, j] else "w"
            ax.text(j, i, f"{value:.1f}", ha="center", va="center", fontsize=7, color=color)
    fig.colorbar(image, ax=ax, label="payoff per turn (row vs column)")
    ax.set_title(f"Pairwise payoffs\n{subtitle}", fontsize=10)
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


def _label_size(n: int, inches: float) -> float:
    """Tick-label font size (points) that fits ``n`` labels along ``inches``, at most 8."""
    return max(2.0, min(8.0, 0.75 * inches * 72 / max(n, 1)))
