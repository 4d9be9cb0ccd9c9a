"""The figures of a run: the experiment described as plain data for
:mod:`tournament.reports.sweeps` (the grid, the per-cell table, the ranks read from the
stored cells), the strategies its rank curves follow, and the files written; for a random
study, the best strategies of each tournament type for
:mod:`tournament.reports.random_studies`.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import numpy as np
import pandas as pd

from tournament.common.files import atomic_path
from tournament.experiments.cells import ExperimentPlan
from tournament.experiments.compare import Comparison, compare, mean_ranks
from tournament.experiments.random_study import TYPE_TITLES, RandomStudy
from tournament.experiments.random_tables import StudyTables
from tournament.experiments.store import cell_path, iter_cells
from tournament.reports.business import ComparisonGrid, comparison_map, rank_comparison
from tournament.reports.random_studies import TypeRanking, best_per_type, rank_distributions
from tournament.reports.style import close_all, save_png
from tournament.reports.sweeps import (
    SweepAxis,
    SweepGrid,
    rank_curves,
    reciprocity_map,
    write_cell_ranking,
)

__all__ = ["default_curve_strategies", "experiment_figures", "study_figures", "sweep_grid"]


def sweep_grid(experiment: ExperimentPlan) -> SweepGrid:
    """The experiment's axes, cell positions and strategies, as the figures take them."""
    return SweepGrid(
        name=experiment.config.name,
        axes=tuple(
            SweepAxis(a.name, tuple(a.labels), tuple(a.values), a.title, a.log)
            for a in experiment.axes
        ),
        positions=tuple(experiment.position(c) for c in experiment.cells),
        labels=tuple(experiment.labels),
        families=tuple(experiment.families),
        question=experiment.config.question,
    )


def default_curve_strategies(
    experiment: ExperimentPlan, cells: pd.DataFrame, limit: int = 6
) -> list[str]:
    """The config's ``figures.strategies`` if given; else Tit For Tat if present, then the
    winners (most cells first), then the best reciprocal strategies."""
    if experiment.figure_strategies:
        return experiment.figure_strategies
    picks = ["Tit For Tat"] if "Tit For Tat" in experiment.labels else []
    picks += list(cells["winner"].value_counts(sort=True).index)
    picks += list(cells.loc[cells["best_reciprocal"] != "", "best_reciprocal"].value_counts().index)
    return list(dict.fromkeys(picks))[:limit]


def experiment_figures(
    experiment: ExperimentPlan, out: Path, cells: pd.DataFrame, cell_plots: bool | None = None
) -> list[Path]:
    """Write the reciprocity map, rank curves along each swept axis and (on demand, or as
    the config's ``figures.cell_rankings`` says) one ranking plot per cell into ``out``;
    ``cells`` is the per-cell table (``cells.csv``). Returns the files written."""
    exp = experiment
    written: list[Path] = []
    ranks = np.zeros((len(exp.cells), len(exp.labels)))
    want_cells = exp.config.figures.cell_rankings if cell_plots is None else cell_plots
    for cell, stored in iter_cells(exp, out):
        cols = [exp.labels.index(s) for s in stored.summary["strategy"]]
        ranks[cell.index, cols] = stored.summary["rank"].astype(int).to_numpy()
        if want_cells:
            path = cell_path(out, cell).with_suffix(".png")
            title = f"cell {cell.index}: {cell.describe()}"
            written.append(write_cell_ranking(stored.summary, title, path))
    sweep = sweep_grid(exp)
    if exp.map_axes is not None:
        maps = [("reciprocity_map.png", "rank"), ("winner_map.png", "family")]
        if "dominant" in cells:
            maps.append(("dominant_map.png", "dominant"))
        for name, value in maps:
            path = out / name
            save_png(reciprocity_map(sweep, cells, exp.map_axes, value), path)
            written.append(path)
    strategies = default_curve_strategies(exp, cells)
    for axis in exp.swept_axes:
        path = out / f"rank_vs_{axis.name}.png"
        save_png(rank_curves(sweep, axis.name, ranks, strategies), path)
        written.append(path)
    comparison = compare(exp, cells)
    if comparison is not None:
        written += _comparison_figures(exp, comparison, ranks, out)
    close_all()
    return written


def comparison_grid(comparison: Comparison) -> ComparisonGrid:
    """The comparison's differences as a map: the threshold axis across, the first other
    axis (the compared tables' parameters, else the noise) up, the next one as panels."""
    t = comparison.table
    threshold = {"horizon": "expected_turns", "noise": "noise"}.get(comparison.threshold)
    dims = [(g if g != "horizon" else "expected_turns") for g in comparison.groups]
    x_name, y_name = threshold, dims[0] if dims else None
    panel_name = dims[1] if len(dims) > 1 else None

    def levels(name: str | None) -> list:
        if name is None:
            return [None]
        values = list(dict.fromkeys(t[name]))
        return sorted(values) if name != "pair" else values

    xs, ys, panels = levels(x_name), levels(y_name), levels(panel_name)
    values = np.full((len(panels), len(ys), len(xs)), np.nan)
    for _, row in t.iterrows():
        k = panels.index(row[panel_name]) if panel_name else 0
        r = ys.index(row[y_name]) if y_name else 0
        c = xs.index(row[x_name]) if x_name else 0
        values[k, r, c] = row["difference"]
    return ComparisonGrid(
        values=values,
        x_labels=tuple(_tick(x_name, v) for v in xs),
        y_labels=_pair_ticks(ys) if y_name == "pair" else tuple(_tick(y_name, v) for v in ys),
        panel_titles=tuple(
            f"{_title(panel_name, comparison)} {_tick(panel_name, v)}".strip() for v in panels
        ),
        x_title=_title(x_name, comparison),
        y_title=_pair_title(ys, comparison) if y_name == "pair" else _title(y_name, comparison),
    )


def _tick(name: str | None, value: object) -> str:
    return "" if name is None else f"{value:.3g}" if isinstance(value, float) else str(value)


def _title(name: str | None, comparison: Comparison) -> str:
    return {
        "expected_turns": f"how long {comparison.noun} last (expected turns)",
        "noise": "noise",
        None: "",
    }.get(name, str(name))


def _pair_ticks(labels: list) -> tuple[str, ...]:
    """``"monitoring 0.5"`` -> ``"0.5"`` when every label names the same one parameter."""
    parts = [str(label).split(" ") for label in labels]
    if all(len(p) == 2 and p[0] == parts[0][0] for p in parts):
        return tuple(p[1] for p in parts)
    return tuple(str(label) for label in labels)


def _pair_title(labels: list, comparison: Comparison) -> str:
    parts = [str(label).split(" ") for label in labels]
    if all(len(p) == 2 and p[0] == parts[0][0] for p in parts):
        return parts[0][0]
    return ""


def _comparison_figures(
    exp: ExperimentPlan, comparison: Comparison, ranks: np.ndarray, out: Path
) -> list[Path]:
    """``comparison_map.png`` and ``rank_comparison.png``."""
    a, b = comparison.first, comparison.second
    measure = (
        "payoff per turn after evolution"
        if comparison.measure == "evolution"
        else "mean score per turn"
    )
    paths = [out / "comparison_map.png", out / "rank_comparison.png"]
    figure = comparison_map(comparison_grid(comparison), comparison.question, a, b, measure)
    save_png(figure, paths[0])
    first, second = mean_ranks(comparison, ranks)
    figure = rank_comparison(
        first, second, list(exp.labels), list(exp.families), (a, b), comparison.question
    )
    save_png(figure, paths[1])
    return paths


# -- random studies --------------------------------------------------------------------------


def _type_ranking(study: RandomStudy, tables: StudyTables, kind: str, top: int) -> TypeRanking:
    rows = tables.strategies[tables.strategies["type"] == kind].head(top)
    return TypeRanking(
        title=TYPE_TITLES[kind],
        labels=tuple(rows["strategy"]),
        families=tuple(rows["family"]),
        medians=tuple(rows["median_normalised_rank"].astype(float)),
        entered=tuple(int(n) for n in rows["tournaments"]),
    )


def study_figures(study: RandomStudy, out: Path, tables: StudyTables) -> list[Path]:
    """Write ``rank_distributions_<type>.png`` (the normalised ranks of each type's 15
    best strategies) and ``best_by_type.png`` (the median normalised rank of each type's
    10 best); returns the files written."""
    written: list[Path] = []
    ranks = tables.ranks
    position = {label: i for i, label in enumerate(study.labels)}
    rankings = []
    for code, kind in enumerate(study.study.types):
        ranking = _type_ranking(study, tables, kind, 15)
        if not ranking.labels:
            continue
        rankings.append(ranking)
        here = ranks[ranks["type"] == code]
        by_strategy = here.groupby("strategy")["normalised_rank"]
        samples = [by_strategy.get_group(position[s]).to_numpy() for s in ranking.labels]
        played = int((tables.cells["type"] == kind).sum())
        subtitle = textwrap.fill(
            f"{study.config.name}: {played:,} tournaments of {study.describe_ranges()}", 110
        )
        path = out / f"rank_distributions_{kind}.png"
        with atomic_path(path) as tmp:
            save_png(rank_distributions(ranking, samples, subtitle), tmp)
        written.append(path)
        close_all()
    best = [
        TypeRanking(r.title, r.labels[:10], r.families[:10], r.medians[:10], r.entered[:10])
        for r in rankings
    ]
    path = out / "best_by_type.png"
    with atomic_path(path) as tmp:
        title = f"Best strategies per tournament type ({study.config.name})"
        save_png(best_per_type(best, title), tmp)
    written.append(path)
    close_all()
    return written
