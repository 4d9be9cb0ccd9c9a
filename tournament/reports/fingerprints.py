"""Figures of fingerprints: the Ashlock fingerprint as a heatmap over the unit square,
the transitive fingerprint as a heatmap of cooperation, opponent by turn (the Axelrod
library's ``AshlockFingerprint.plot`` and ``TransitiveFingerprint.plot``)."""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib
import numpy as np
import pandas as pd

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

__all__ = ["ashlock_heatmap", "transitive_heatmap"]


def ashlock_heatmap(grid: pd.DataFrame, title: str, cmap: str = "seismic") -> Figure:
    """Heatmap of a strategy's score per turn at each probe point: ``grid`` has rows
    ``y`` from 1 down to 0 and columns ``x`` from 0 to 1. The colour bar marks the
    lowest, middle and highest values, as the library's does; the dashed diagonal
    ``x + y = 1`` separates the JossAnn probes (below) from their duals (above)."""
    values = grid.to_numpy(dtype=float)
    size = len(grid)
    half = 0.5 / max(size - 1, 1)  # each square is centred on its point
    fig, ax = plt.subplots(figsize=(5.6, 4.6), layout="constrained")
    image = ax.imshow(
        values,
        cmap=cmap,
        interpolation="none",
        extent=(-half, 1 + half, -half, 1 + half),
    )
    ax.plot([0, 1], [1, 0], "--", color="0.3", linewidth=0.8)
    low, high = float(np.nanmin(values)), float(np.nanmax(values))
    bar = fig.colorbar(image, ax=ax, ticks=[low, (low + high) / 2, high])
    bar.ax.set_yticklabels([f"{v:.2f}" for v in (low, (low + high) / 2, high)])
    bar.set_label("score per turn")
    ax.set_xticks([0, 0.5, 1])
    ax.set_yticks([0, 0.5, 1])
    ax.set_xlabel("$x$ (probability the probe cooperates)")
    ax.set_ylabel("$y$ (probability it defects)")
    ax.set_title(title, fontsize=10)
    return fig


def transitive_heatmap(
    matrix: np.ndarray, opponents: Sequence[str] | None, title: str, cmap: str = "viridis"
) -> Figure:
    """Heatmap of a strategy's cooperation rate (0 to 1) at each turn (columns) against
    each opponent (rows, the first at the top). ``opponents`` labels the rows; ``None``
    for the library's spectrum of ``Random(p)``, labelled by ``p`` from 0 to 1."""
    n_opponents, turns = matrix.shape
    height = min(max(3.5, 0.22 * n_opponents + 1.5), 14.0) if opponents else 4.6
    fig, ax = plt.subplots(figsize=(7.0, height), layout="constrained")
    image = ax.imshow(
        matrix,
        cmap=cmap,
        vmin=0,
        vmax=1,
        interpolation="none",
        aspect="auto",
        extent=(0.5, turns + 0.5, n_opponents - 0.5, -0.5),
    )
    if opponents is None:
        ax.set_yticks([0, n_opponents - 1], ["0", "1"])
        ax.set_ylabel("opponent's probability of cooperating (Random)")
    else:
        ax.set_yticks(np.arange(n_opponents), list(opponents), fontsize=7)
        ax.set_ylabel("opponent")
    ax.set_xlabel("turn")
    bar = fig.colorbar(image, ax=ax, ticks=[0, 0.5, 1])
    bar.set_label("cooperation rate")
    ax.set_title(title, fontsize=10)
    return fig
