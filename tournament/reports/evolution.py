"""Figures of evolutionary dynamics: population shares, the market of a partner-choice
model, and an animated population."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import matplotlib
import numpy as np
import pandas as pd

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from tournament.reports.style import strategy_colors  # noqa: E402

__all__ = ["market_panel", "moran_stackplot", "population_animation", "share_areas"]


def share_areas(wide_by_role: dict[str, pd.DataFrame], model_title: str) -> Figure:
    """Stacked areas of each strategy's share over generations, one panel per population.

    ``wide_by_role[role]``: generations x strategies shares of that role's population
    (``"all"``: the one population of a symmetric game); ``model_title`` says how the
    shares were computed (e.g. ``"ecological simulation"``)."""
    roles = list(wide_by_role)
    fig, axes = plt.subplots(
        len(roles), 1, figsize=(9, 3.6 * len(roles) + 0.6), layout="constrained", squeeze=False
    )
    colors = strategy_colors(list(wide_by_role[roles[0]].columns))
    for ax, role in zip(axes[:, 0], roles, strict=True):
        wide = wide_by_role[role]
        ax.stackplot(wide.index, wide.to_numpy().T, labels=wide.columns, colors=colors)
        ax.set_xlim(wide.index.min(), wide.index.max())
        ax.set_ylim(0, 1)
        ax.set_ylabel("share of the population" + ("" if role == "all" else f" ({role}s)"))
        ax.set_xlabel("generation")
    handles, names = axes[0, 0].get_legend_handles_labels()
    fig.legend(handles[::-1], names[::-1], loc="outside right", fontsize=8)
    fig.suptitle(f"Evolution of the population ({model_title})", fontsize=10)
    return fig


def market_panel(market: pd.DataFrame, roles: tuple[str, str]) -> Figure:
    """The market of a partner-choice model over generations: each role's mean payoff
    per turn (left), the mean relationship length and the share of relationships that
    end by a switch (right).

    ``market`` has columns ``generation``, ``payoff_<role>`` for both ``roles``,
    ``relationship_length`` and ``switching_share``."""
    fig, (pay, rel) = plt.subplots(1, 2, figsize=(10, 3.8), layout="constrained")
    generations = market["generation"]
    for role, style in zip(roles, ("-", "--"), strict=True):
        pay.plot(generations, market[f"payoff_{role}"], style, label=f"{role}s")
    pay.set_xlabel("generation")
    pay.set_ylabel("mean payoff per turn")
    pay.legend(fontsize=8)
    pay.set_title("What each side earns", fontsize=9)
    rel.plot(generations, market["relationship_length"], color="C2", label="mean length")
    rel.set_xlabel("generation")
    rel.set_ylabel("mean relationship length (turns)", color="C2")
    rel.set_ylim(0, None)
    share = rel.twinx()
    share.plot(generations, market["switching_share"], ":", color="C3", label="switching")
    share.set_ylim(0, 1)
    share.set_ylabel(f"share ending with the {roles[1]} switching", color="C3")
    rel.set_title("How long relationships last", fontsize=9)
    fig.suptitle("The market (partner choice)", fontsize=10)
    return fig


def population_animation(
    counts: np.ndarray,
    generations: Sequence[int],
    labels: list[str],
    what: str,
    path: Path,
) -> Path:
    """An animated GIF of a population as a square grid of individuals coloured by
    strategy: frame ``k`` shows ``counts[k]`` (individuals of each strategy in the order
    of ``labels``) at generation ``generations[k]``; ``what`` says what the counts are
    (e.g. ``"one Moran run"``)."""
    from matplotlib.animation import FuncAnimation, PillowWriter
    from matplotlib.colors import ListedColormap

    side = int(np.ceil(np.sqrt(int(np.sum(counts[0])))))
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
        title.set_text(f"generation {generations[k]} ({what})")
        return [image, title]

    animation = FuncAnimation(fig, draw, frames=len(counts), blit=False)
    animation.save(path, writer=PillowWriter(fps=8))
    plt.close(fig)
    return path


def moran_stackplot(counts: pd.DataFrame, title: str | None = None) -> Figure:
    """Stacked counts of each strategy over the steps of a Moran process (the Axelrod
    library's ``MoranProcess.populations_plot``): ``counts`` is steps x strategies (the
    index: the step), one run's counts or a mean over runs."""
    fig, ax = plt.subplots(figsize=(9, 4.2), layout="constrained")
    colors = strategy_colors(list(counts.columns))
    ax.stackplot(counts.index, counts.to_numpy().T, labels=counts.columns, colors=colors)
    ax.set_xlim(counts.index.min(), max(counts.index.max(), counts.index.min() + 1))
    ax.set_ylim(0, float(counts.iloc[0].sum()))
    ax.set_xlabel("step")
    ax.set_ylabel("number of individuals")
    handles, names = ax.get_legend_handles_labels()
    fig.legend(handles[::-1], names[::-1], loc="outside right", fontsize=8)
    ax.set_title(title or "Moran process population by step", fontsize=10)
    return fig
