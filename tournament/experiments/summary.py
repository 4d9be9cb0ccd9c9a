"""The answer in words: where reciprocal strategies rank first, who wins elsewhere and
(with an ``[evolution]`` table) who dominates, each as runs of values along the swept axes;
the names of the moves of games that name them; and last, with a ``[compare]`` table, the
question and the comparison's answer (:mod:`~tournament.experiments.compare`).
"""

from __future__ import annotations

import itertools
from typing import Any

import numpy as np
import pandas as pd

from tournament.core.game import Game
from tournament.experiments.cells import ExperimentPlan
from tournament.experiments.compare import comparison_lines

__all__ = ["RECIPROCAL", "describe_region", "summarize"]

#: The family whose first rank the experiments ask about.
RECIPROCAL = "reciprocal"


def _runs(indices: list[int], labels: tuple[str, ...], max_runs: int = 4) -> str:
    """``[0, 1, 2, 5]`` -> ``"0 to 0.02, 0.05"`` (consecutive positions joined); a
    scattered set is summarised by its span and count instead."""
    runs = [
        [i for _, i in group]
        for _, group in itertools.groupby(enumerate(indices), key=lambda p: p[1] - p[0])
    ]
    if len(runs) > max_runs:
        first, last = indices[0], indices[-1]
        return f"{labels[first]} to {labels[last]} ({len(indices)} of {last - first + 1} values)"
    return ", ".join(
        labels[run[0]] if len(run) == 1 else f"{labels[run[0]]} to {labels[run[-1]]}"
        for run in runs
    )


def describe_region(experiment: ExperimentPlan, mask: np.ndarray, limit: int = 6) -> list[str]:
    """Lines describing the cells where ``mask`` holds, along the swept axes."""
    swept = experiment.swept_axes
    if not swept:
        return ["the single cell"] if mask.any() else []
    shape = tuple(len(a.labels) for a in experiment.axes)
    grid = mask.reshape(shape)
    inner = max(swept, key=lambda a: len(a.labels))
    inner_pos = experiment.axes.index(inner)
    outer = [a for a in swept if a is not inner]
    lines = []
    for combo in itertools.product(*(range(len(a.labels)) for a in outer)):
        index: list[Any] = [0, 0, 0]
        for axis, i in zip(outer, combo, strict=True):
            index[experiment.axes.index(axis)] = i
        index[inner_pos] = slice(None)
        hits = [int(i) for i in np.flatnonzero(grid[tuple(index)])]
        if not hits:
            continue
        where = ", ".join(f"{a.prefix}{a.labels[i]}" for a, i in zip(outer, combo, strict=True))
        span = (
            f"all {inner.name} values"
            if len(hits) == len(inner.labels)
            else inner.prefix + _runs(hits, inner.labels)
        )
        lines.append(f"{where}: {span}" if where else span)
    if len(lines) > limit:
        lines = lines[:limit] + [f"... and {len(lines) - limit} more"]
    return lines


def summarize(
    experiment: ExperimentPlan, cells: pd.DataFrame, table: pd.DataFrame | None = None
) -> str:
    """The comparison (if any), where reciprocal strategies rank first, and who wins
    elsewhere; ``cells`` is ``cells.csv``, ``table`` (optional) ``results.csv``."""
    n = len(cells)
    lines: list[str] = []
    if RECIPROCAL not in experiment.families:
        lines.append("The field has no reciprocal strategy (family 'reciprocal').")
        first = np.zeros(n, dtype=bool)
    else:
        first = cells["reciprocal_first"].to_numpy(dtype=bool)
        names = sorted(set(cells.loc[first, "winner"]))
        if first.any():
            lines.append(
                f"Reciprocal strategies rank first in {first.sum()} of {n} cells "
                f"({', '.join(names)}):"
            )
            lines += ["  " + line for line in describe_region(experiment, first)]
        else:
            ranks = cells["best_reciprocal_rank"]
            lines.append(
                f"Reciprocal strategies never rank first (best rank {int(ranks.min())} of "
                f"{len(experiment.labels)})."
            )
    lines += _winners_elsewhere(experiment, cells, first)
    lines += _dominant(experiment, cells)
    lines += _moves(experiment)
    answer = comparison_lines(experiment, cells, table)
    if not answer:
        answer = _frontier(experiment, first)
        if experiment.config.question:
            answer = [experiment.config.question, *answer]
    if answer:
        lines += ["", *answer]  # the experiment's question and its answer, last
    return "\n".join(lines)


def _rent_note(game: Game) -> str:
    """``" (a rent of up to +4 per turn, after 8 turns of trust)"``, for a game with a
    relational rent."""
    if game.rent is None:
        return ""
    rent = game.rent
    return f" (a rent of up to +{rent.max_bonus:g} per turn, after {rent.cap} turns of trust)"


def _frontier(experiment: ExperimentPlan, first: np.ndarray) -> list[str]:
    """With one swept game parameter: for each value of the other swept axes, the
    smallest parameter value from which a reciprocal strategy ranks first at every
    larger value."""
    game = experiment.axes[0]
    param = game.parameter
    if not param or len(game.labels) < 2 or RECIPROCAL not in experiment.families:
        return []
    grid = first.reshape(tuple(len(a.labels) for a in experiment.axes))
    order = np.argsort(game.values, kind="stable")
    labels = [game.labels[i] for i in order]
    others = [a for a in experiment.swept_axes if a.name != "game"]
    lines = [
        f"The smallest {param} from which a reciprocal strategy ranks first at every larger one:"
    ]
    for combo in itertools.product(*(range(len(a.labels)) for a in others)):
        index: list[Any] = [slice(None), 0, 0]
        for axis, i in zip(others, combo, strict=True):
            index[experiment.axes.index(axis)] = i
        hits = grid[tuple(index)][order]
        if hits.all():
            text = f"{param} {labels[0]} (every value tested)"
            text += _rent_note(experiment.games[order[0]].game)
        elif not hits[-1]:
            ranks_first = [i for i in range(len(hits)) if hits[i]]
            text = "none" + (
                f" (first only at {param} {_runs(ranks_first, tuple(labels))})"
                if ranks_first
                else f" (never first up to {param} {labels[-1]})"
            )
        else:
            at = int(np.flatnonzero(~hits)[-1]) + 1
            text = f"{param} {labels[at]}" + _rent_note(experiment.games[order[at]].game)
        where = ", ".join(f"{a.prefix}{a.labels[i]}" for a, i in zip(others, combo, strict=True))
        lines.append(f"  {where}: {text}" if where else f"  {text}")
    return lines


def _moves(experiment: ExperimentPlan) -> list[str]:
    """What C and D mean in each ``[[game]]`` table whose games name their moves."""
    lines = []
    for i, label in enumerate(experiment.table_labels):
        game = next(g.game for g in experiment.games if g.table == i)
        if game.labelled:
            sides = [
                f"{role} {c} or {d}" if not game.symmetric else f"{c} or {d}"
                for role, (c, d) in zip(game.roles, game.labels, strict=True)
            ]
            lines.append(f"  {label}: {'; '.join(sides[:1] if game.symmetric else sides)}")
    return ["Moves (cooperate or defect):", *lines] if lines else []


def _winners_elsewhere(
    experiment: ExperimentPlan, cells: pd.DataFrame, first: np.ndarray
) -> list[str]:
    """Who wins the cells where no reciprocal strategy ranks first."""
    lines = []
    rest = cells.loc[~first]
    if len(rest):
        lines.append("Elsewhere:" if first.any() else "Winners:")
        counts = rest.groupby("winner", sort=False).size().sort_values(ascending=False)
        for winner, count in counts.items():
            family = experiment.families[experiment.labels.index(winner)]
            mask = (cells["winner"] == winner).to_numpy() & ~first
            region = describe_region(experiment, mask, limit=3)
            lines.append(f"  {winner} ({family}) wins {count} cell{'s' * (count != 1)}:")
            lines += ["    " + line for line in region]
    return lines


def _dominant(experiment: ExperimentPlan, cells: pd.DataFrame) -> list[str]:
    """Who has the largest share after the ecological simulation, if it ran."""
    lines = []
    evolution = experiment.config.evolution
    if evolution is not None and "dominant" in cells:
        lines.append(
            f"After {evolution.generations} generations of the ecological simulation "
            "(from equal shares), the largest share goes to:"
        )
        counts = cells.groupby("dominant", sort=False).size().sort_values(ascending=False)
        for strategy, count in counts.items():
            family = experiment.families[experiment.labels.index(strategy)]
            mask = (cells["dominant"] == strategy).to_numpy()
            lines.append(f"  {strategy} ({family}) in {count} cell{'s' * (count != 1)}:")
            lines += ["    " + line for line in describe_region(experiment, mask, limit=3)]
    return lines
