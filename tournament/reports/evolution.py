"""Figures of evolutionary dynamics: population shares and an animated population."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import matplotlib
import numpy as np

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

if TYPE_CHECKING:
    from tournament.evolution.models import EvolutionResults

from tournament.reports.style import strategy_colors


def share_areas(evolution: EvolutionResults) -> Figure:
    """Stacked areas of each strategy's share over generations (one panel per role)."""
    roles = evolution.roles
    fig, axes = plt.subplots(
        len(roles), 1, figsize=(9, 3.6 * len(roles) + 0.6), layout="constrained", squeeze=False
    )
    colors = strategy_colors(evolution.labels)
    for ax, role in zip(axes[:, 0], roles, strict=True):
        wide = evolution.wide(role)
        ax.stackplot(wide.index, wide.to_numpy().T, labels=wide.columns, colors=colors)
        ax.set_xlim(wide.index.min(), wide.index.max())
        ax.set_ylim(0, 1)
        ax.set_ylabel("share of the population" + ("" if role == "all" else f" ({role}s)"))
        ax.set_xlabel("generation")
    handles, names = axes[0, 0].get_legend_handles_labels()
    fig.legend(handles[::-1], names[::-1], loc="outside right", fontsize=8)
    what = {"ecological": "ecological simulation", "moran": "Moran process, mean over runs"}
    fig.suptitle(f"Evolution of the population ({what[evolution.model]})", fontsize=10)
    return fig


def population_animation(
    evolution: EvolutionResults, path: Path, frames: int = 60, side: int = 20
) -> Path:
    """An animated GIF of the population as a grid of individuals coloured by strategy
    (a Moran run's actual counts, or the shares rounded to ``side**2`` individuals)."""
    from matplotlib.animation import FuncAnimation, PillowWriter
    from matplotlib.colors import ListedColormap

    from tournament.evolution.models import counts_from_weights

    labels = evolution.labels
    wide = evolution.wide(evolution.roles[0])
    generations = wide.index.to_numpy()
    picks = np.unique(np.linspace(0, len(generations) - 1, frames).round().astype(int))
    if evolution.sample_counts is not None:
        size = int(evolution.sample_counts[0].sum())
        side = int(np.ceil(np.sqrt(size)))
        counts = [evolution.sample_counts[i] for i in picks]
        what = "one Moran run"
    else:
        size = side * side
        counts = [counts_from_weights(wide.iloc[i].to_numpy() + 1e-12, size) for i in picks]
        what = f"shares drawn as {size} individuals"
    cmap = ListedColormap(strategy_colors(labels) + [(1, 1, 1, 1)])

    def grid(c: np.ndarray) -> np.ndarray:
        cells = np.repeat(np.arange(len(labels)), c)
        cells = np.concatenate([cells, np.full(side * side - len(cells), len(labels))])
        return cells.reshape(side, side)

    fig, (ax, legend_ax) = plt.subplots(
        1, 2, figsize=(7.5, 4.2), gridspec_kw={"width_ratios": [1, 0.7]}
    )
    image = ax.imshow(grid(counts[0]), cmap=cmap, vmin=-0.5, vmax=len(labels) + 0.5)
    ax.set_xticks([])
    ax.set_yticks([])
    title = ax.set_title("", fontsize=9)
    legend_ax.axis("off")
    handles = [plt.Rectangle((0, 0), 1, 1, color=cmap(i)) for i in range(len(labels))]
    legend_ax.legend(handles, labels, loc="center left", fontsize=8, frameon=False)

    def draw(k: int) -> list[Any]:
        image.set_data(grid(counts[k]))
        title.set_text(f"generation {generations[picks[k]]} ({what})")
        return [image, title]

    animation = FuncAnimation(fig, draw, frames=len(picks), blit=False)
    animation.save(path, writer=PillowWriter(fps=8))
    plt.close(fig)
    return path
