"""Two games compared cell by cell: the ``[compare]`` table of an experiment.

Every game of the first ``[[game]]`` table is set against every game of the second, at
each horizon and noise level, on what the field earns there: the market's mean payoff per
turn once the ecological simulation has run (``measure = "evolution"``), or the round
robin's plain mean score (``"round-robin"``). The answer in words says where the first
out-earns the second along the *threshold* axis (the horizon if it is swept, else the
noise), for each value of the other axes; then who wins in each game.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from tournament.experiments.cells import ExperimentPlan

__all__ = ["MEASURE_COLUMNS", "Comparison", "compare", "comparison_lines", "mean_ranks"]

#: The ``cells.csv`` column each measure reads.
MEASURE_COLUMNS = {"evolution": "final_mean_payoff", "round-robin": "mean_score_per_turn"}
#: Differences smaller than this are ties (neither out-earns the other).
TIE = 1e-9


@dataclass(frozen=True)
class Comparison:
    """The compared pairs of cells of an experiment (one row each in :attr:`table`)."""

    first: str
    second: str
    question: str
    measure: str
    #: A row per pair of cells: the two games, ``pair`` (the compared tables' swept
    #: parameters), the horizon, noise, both games' values of each measure,
    #: ``difference`` (first minus second, by the measure) and ``first_ahead``.
    table: pd.DataFrame
    #: ``"horizon"``, ``"noise"`` or ``""``: the axis the answer gives thresholds on.
    threshold: str
    #: The columns whose values the answer is given for (``pair``, ``noise``, ...).
    groups: tuple[str, ...]
    #: "relationships" for business scenarios (games with named moves), else "matches".
    noun: str
    #: The first game's cells and the second's (cell indices).
    cells: tuple[tuple[int, ...], tuple[int, ...]]


def _pair_label(experiment: ExperimentPlan, gi: int) -> list[str]:
    """``["monitoring 0.5"]``: the parameters a game's table sweeps, with its values."""
    g = experiment.games[gi]
    spec = experiment.config.game[g.table]
    swept = {p for p, values in spec.parameters if len(values) > 1}
    return [f"{p} {v:g}" for p, v in g.parameters if p in swept]


def compare(experiment: ExperimentPlan, cells: pd.DataFrame) -> Comparison | None:
    """The experiment's comparison (``None`` without a ``[compare]`` table); ``cells``
    is the per-cell table (``cells.csv``), in cell order."""
    if experiment.compared is None or experiment.config.compare is None:
        return None
    spec = experiment.config.compare
    first, second = experiment.compared
    games = [[gi for gi, g in enumerate(experiment.games) if g.table == t] for t in (first, second)]
    horizons, noise = experiment.axes[1], experiment.axes[2]
    n_h, n_n = len(horizons.labels), len(noise.labels)
    measure = spec.measure or ("evolution" if experiment.config.evolution else "round-robin")
    rows = []
    for ga, gb, h, n in itertools.product(games[0], games[1], range(n_h), range(n_n)):
        a = cells.iloc[(ga * n_h + h) * n_n + n]
        b = cells.iloc[(gb * n_h + h) * n_n + n]
        row: dict[str, Any] = {
            "first_game": a["game"],
            "second_game": b["game"],
            "pair": ", ".join(_pair_label(experiment, ga) + _pair_label(experiment, gb)),
            "horizon": horizons.labels[h],
            "expected_turns": float(a["expected_turns"]),
            "probabilistic": pd.notna(a["prob_end"]),
            "noise": float(a["noise"]),
        }
        for name, column in MEASURE_COLUMNS.items():
            if column in cells:
                key = name.replace("-", "_")
                row[f"first_{key}"] = float(a[column])
                row[f"second_{key}"] = float(b[column])
        rows.append(row)
    table = pd.DataFrame(rows)
    key = measure.replace("-", "_")
    table["difference"] = table[f"first_{key}"] - table[f"second_{key}"]
    table["first_ahead"] = table["difference"] > TIE
    threshold = "horizon" if n_h > 1 else "noise" if n_n > 1 else ""
    groups = [c for c in ("pair", "horizon", "noise") if c != threshold]
    groups = tuple(c for c in groups if table[c].nunique() > 1)
    labelled = all(experiment.games[gi].game.labelled for gi in games[0] + games[1])
    in_table = [
        tuple(c.index for c in experiment.cells if experiment.table_of(c) == t)
        for t in (first, second)
    ]
    return Comparison(
        first=spec.games[0],
        second=spec.games[1],
        question=experiment.config.question
        or f"When does {spec.games[0]} out-earn {spec.games[1]}?",
        measure=measure,
        table=table,
        threshold=threshold,
        groups=groups,
        noun="relationships" if labelled else "matches",
        cells=(in_table[0], in_table[1]),
    )


# -- words -------------------------------------------------------------------------------


def _turns(value: float) -> str:
    return f"{value:.3g} turn" + ("s" if value != 1 else "")


def _span(values: np.ndarray, hits: np.ndarray) -> str:
    """Consecutive hits joined: ``"2 to 10, 50"``."""
    parts = []
    for ahead, group in itertools.groupby(zip(values, hits, strict=True), key=lambda p: p[1]):
        if ahead:
            run = [v for v, _ in group]
            parts.append(f"{run[0]:.3g}" if len(run) == 1 else f"{run[0]:.3g} to {run[-1]:.3g}")
    return ", ".join(parts)


def _threshold_phrase(comparison: Comparison, values: np.ndarray, hits: np.ndarray) -> str:
    """Where along the threshold axis (``values`` increasing) the first game is ahead."""
    if comparison.threshold == "horizon":
        avg = " on average" if comparison.table["probabilistic"].any() else ""
        noun = comparison.noun
        every = f"at every length tested ({values[0]:.3g} to {_turns(values[-1])}{avg})"
        more = f"when {noun} last {{v}} or more{avg}"
        fewer = f"when {noun} last {{v}} or fewer{avg}"
        some = f"when {noun} last {{v}} turns{avg}"
        show = _turns
    else:
        every = f"at every noise level tested ({values[0]:g} to {values[-1]:g})"
        more, fewer, some = "at noise {v} or more", "at noise up to {v}", "at noise {v}"
        show = "{:g}".format
    first = int(np.argmax(hits)) if hits.any() else len(hits)
    last = len(hits) - int(np.argmax(hits[::-1])) if hits.any() else 0
    if hits.all():
        return every
    if hits[first:].all():
        return more.format(v=show(values[first]))
    if hits[:last].all():
        if comparison.threshold == "noise" and values[last - 1] == 0:
            return "only without noise"
        return fewer.format(v=show(values[last - 1]))
    return some.format(v=_span(values, hits))


def _join_runs(texts: list[str], positions: list[int]) -> str:
    """Values at consecutive positions joined: ``"0 to 0.5, 2"``, ``"1 and 2"``."""
    runs: list[list[int]] = []
    for k, pos in enumerate(positions):
        if runs and pos == positions[k - 1] + 1:
            runs[-1].append(k)
        else:
            runs.append([k])
    parts = []
    for run in runs:
        first, last = texts[run[0]], texts[run[-1]]
        parts.append(
            first if len(run) == 1 else f"{first} {'and' if len(run) == 2 else 'to'} {last}"
        )
    return ", ".join(parts)


def _values_text(column: str, chosen: list[Any], every: list[Any]) -> str:
    """How some values of a group column read: ``"monitoring 0 to 0.5"``, ``"noise 0.05"``,
    ``"every noise level"``."""
    positions = [every.index(v) for v in chosen]
    words = [str(v).split(" ") for v in every]
    one_parameter = column == "pair" and all(len(w) == 2 and w[0] == words[0][0] for w in words)
    if len(chosen) == len(every):
        name = {"noise": "noise level", "horizon": "length"}.get(column, "")
        return f"every {name or (words[0][0] if one_parameter else 'game')}"
    if column == "noise":
        return "noise " + _join_runs([f"{v:g}" for v in chosen], positions)
    if one_parameter:
        return f"{words[0][0]} " + _join_runs([str(v).split(" ")[1] for v in chosen], positions)
    return _join_runs([str(v) for v in chosen], positions)


def _phrase(comparison: Comparison, part: pd.DataFrame) -> str:
    """Where, along the threshold axis, the first game is ahead in ``part``."""
    a, b = comparison.first, comparison.second
    if not comparison.threshold:
        return f"{a} {'out-earns' if part['ahead'].all() else 'does not out-earn'} {b}"
    column = "expected_turns" if comparison.threshold == "horizon" else "noise"
    part = part.sort_values(column, kind="stable")
    values, hits = part[column].to_numpy(), part["ahead"].to_numpy(dtype=bool)
    if hits.any():
        return f"{a} out-earns {b} {_threshold_phrase(comparison, values, hits)}"
    everywhere = _threshold_phrase(comparison, values, np.ones_like(hits))
    return f"{b} earns at least as much {everywhere}"


def _answer_lines(comparison: Comparison, ahead: pd.Series) -> list[str]:
    """Where the first game is ahead along the threshold axis, one line per answer: the
    values of the other axes that give the same answer are named together."""
    t = comparison.table.assign(ahead=ahead.to_numpy())
    groups = list(comparison.groups)
    if not groups:
        return [_phrase(comparison, t)]
    every = {g: list(dict.fromkeys(t[g])) for g in groups}
    answers: dict[str, list[tuple[Any, ...]]] = {}
    for key, part in t.groupby(groups, sort=False):
        key = key if isinstance(key, tuple) else (key,)
        answers.setdefault(_phrase(comparison, part), []).append(key)
    lines = []
    for phrase, keys in answers.items():
        if len(answers) == 1:
            lines.append(f"in every comparison: {phrase}")
            continue
        # name the values of each axis together where they form a product; else one
        # product per value of the last axis
        parts = [keys] if _is_product(keys) else _split_by_last(keys)
        for part in parts:
            chosen = [list(dict.fromkeys(k[d] for k in part)) for d in range(len(groups))]
            where = ", ".join(
                _values_text(g, sorted(c, key=every[g].index), every[g])
                for g, c in zip(groups, chosen, strict=True)
            )
            lines.append(f"at {where}: {phrase}")
    return lines


def _is_product(keys: list[tuple[Any, ...]]) -> bool:
    """Whether the keys are every combination of the values they hold on each axis."""
    sizes = [len({k[d] for k in keys}) for d in range(len(keys[0]))]
    return int(np.prod(sizes)) == len(keys)


def _split_by_last(keys: list[tuple[Any, ...]]) -> list[list[tuple[Any, ...]]]:
    by_last: dict[Any, list[tuple[Any, ...]]] = {}
    for key in keys:
        by_last.setdefault(key[-1], []).append(key)
    return list(by_last.values())


def _describe_row(comparison: Comparison, row: pd.Series) -> str:
    parts = [row["pair"]] if row["pair"] else []
    avg = " on average" if row["probabilistic"] else ""
    parts.append(f"{_turns(row['expected_turns'])}{avg}")
    if comparison.table["noise"].nunique() > 1:
        parts.append(f"noise {row['noise']:g}")
    return ", ".join(parts)


def _ends(comparison: Comparison) -> list[str]:
    """Who is ahead at both ends of the threshold axis, and the largest gaps."""
    t, a, b = comparison.table, comparison.first, comparison.second
    lines = []
    mixed = 0 < int(t["first_ahead"].sum()) < len(t)
    if comparison.threshold and mixed:
        column = "expected_turns" if comparison.threshold == "horizon" else "noise"
        lo, hi = t[column].min(), t[column].max()
        low, high = t[t[column] == lo], t[t[column] == hi]
        if comparison.threshold == "horizon":
            avg = " on average" if t["probabilistic"].any() else ""
            at_lo = f"the shortest {comparison.noun} ({_turns(lo)}{avg})"
            at_hi = f"the longest ({_turns(hi)}{avg})"
        else:
            at_lo, at_hi = f"the lowest noise ({lo:g})", f"the highest ({hi:g})"
        behind, ahead = int((low["difference"] < -TIE).sum()), int(high["first_ahead"].sum())
        parts = []
        if behind:
            parts.append(f"in {at_lo}, {b} earns more in {behind} of {len(low)} comparisons")
        if ahead:
            parts.append(f"in {at_hi}, {a} out-earns it in {ahead} of {len(high)}")
        if parts:
            sentence = "; ".join(parts)
            lines.append(sentence[0].upper() + sentence[1:] + ".")
    best, worst = t.loc[t["difference"].idxmax()], t.loc[t["difference"].idxmin()]
    gaps = []
    if best["difference"] > TIE:
        gaps.append(f"{a} ahead by {best['difference']:.2f} ({_describe_row(comparison, best)})")
    if worst["difference"] < -TIE:
        gaps.append(f"{b} ahead by {-worst['difference']:.2f} ({_describe_row(comparison, worst)})")
    if gaps:
        lines.append(f"Largest gaps, per turn: {'; '.join(gaps)}.")
    return lines


def _measure_text(experiment: ExperimentPlan, comparison: Comparison) -> str:
    if comparison.measure == "evolution":
        evolution = experiment.config.evolution
        generations = evolution.generations if evolution else 0
        return (
            "what the market earns once it has adapted: the mean payoff per turn of each "
            f"side after {generations} generations of the ecological simulation"
        )
    return "the round robin's mean score per turn (every strategy of the field counted once)"


def comparison_lines(
    experiment: ExperimentPlan, cells: pd.DataFrame, table: pd.DataFrame | None = None
) -> list[str]:
    """The comparison's answer in words (empty without a ``[compare]`` table); with the
    results table (``results.csv``), also the rankings in each game."""
    comparison = compare(experiment, cells)
    if comparison is None:
        return []
    lines = [
        comparison.question,
        f"Measured by {_measure_text(experiment, comparison)}:",
    ]
    lines += ["  " + line for line in _answer_lines(comparison, comparison.table["first_ahead"])]
    lines += _ends(comparison)
    if comparison.measure == "evolution" and "first_round_robin" in comparison.table:
        rr = comparison.table["first_round_robin"] - comparison.table["second_round_robin"] > TIE
        if (rr == comparison.table["first_ahead"]).all():
            lines.append("The round robin's plain mean score, before the simulation, agrees.")
        else:
            lines.append(
                "By the round robin's plain mean score instead (every strategy counted once, "
                "before the simulation):"
            )
            lines += ["  " + line for line in _answer_lines(comparison, rr)]
    lines += _ranking_lines(experiment, comparison, cells, table)
    return lines


# -- rankings ------------------------------------------------------------------------------


def mean_ranks(comparison: Comparison, ranks: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each strategy's mean rank over the first game's cells and over the second's;
    ``ranks[cell, strategy]``."""
    first, second = (np.asarray(c, dtype=int) for c in comparison.cells)
    return ranks[first].mean(axis=0), ranks[second].mean(axis=0)


def _ranking_lines(
    experiment: ExperimentPlan,
    comparison: Comparison,
    cells: pd.DataFrame,
    table: pd.DataFrame | None,
) -> list[str]:
    """Who wins in each game (and takes over, with the simulation), how reciprocal
    strategies fare, and the largest rank changes."""
    names = (comparison.first, comparison.second)
    lines = ["Who wins in each:"]
    mean = None
    if table is not None:
        ranks = np.zeros((len(experiment.cells), len(experiment.labels)))
        cols = table["strategy"].map(experiment.labels.index).to_numpy()
        ranks[table["cell"].to_numpy(dtype=int), cols] = table["rank"].to_numpy(dtype=float)
        mean = mean_ranks(comparison, ranks)
    for k, name in enumerate(names):
        part = cells.iloc[list(comparison.cells[k])]
        text = f"  {name}: first in the round robin: {_counts(part['winner'])}"
        if "dominant" in part:
            text += f"; largest share after the simulation: {_counts(part['dominant'])}"
        if mean is not None:
            order = np.argsort(mean[k], kind="stable")[:3]
            text += "; best mean rank: " + ", ".join(
                f"{experiment.labels[i]} {mean[k][i]:.1f}" for i in order
            )
        lines.append(text)
    lines += _reciprocity(experiment, comparison, cells, mean)
    if mean is not None:
        change = mean[1] - mean[0]
        order = np.argsort(-np.abs(change), kind="stable")[:3]
        moves = ", ".join(
            f"{experiment.labels[i]} {mean[0][i]:.1f} -> {mean[1][i]:.1f}"
            for i in order
            if abs(change[i]) >= 0.5
        )
        if moves:
            lines.append(f"Largest changes of mean rank from {names[0]} to {names[1]}: {moves}.")
    return lines


def _counts(column: pd.Series, limit: int = 3) -> str:
    """``"Defector (6 cells), Gradual (2)"``: the most frequent values first."""
    counts = list(column.value_counts(sort=True).items())[:limit]
    return ", ".join(
        f"{value} ({count} cell{'s' * (count != 1)})" if i == 0 else f"{value} ({count})"
        for i, (value, count) in enumerate(counts)
    )


def _reciprocity(
    experiment: ExperimentPlan,
    comparison: Comparison,
    cells: pd.DataFrame,
    mean: tuple[np.ndarray, np.ndarray] | None,
) -> list[str]:
    """Where reciprocal strategies rank first in each game, and their mean rank."""
    if "reciprocal" not in experiment.families:
        return []
    names = (comparison.first, comparison.second)
    firsts = []
    for k in range(2):
        part = cells.iloc[list(comparison.cells[k])]
        firsts.append((int(part["reciprocal_first"].astype(bool).sum()), len(part)))
    (fa, na), (fb, nb) = firsts
    text = (
        f"Reciprocal strategies rank first in {fa} of {na} {names[0]} cells and in {fb} of "
        f"{nb} {names[1]} cells"
    )
    if mean is not None:
        family = np.array(experiment.families) == "reciprocal"
        text += (
            f" (their mean rank: {mean[0][family].mean():.1f} and "
            f"{mean[1][family].mean():.1f} of {len(experiment.labels)})"
        )
    if (fa > 0) != (fb > 0):
        text += f": reciprocity wins in {names[0] if fa else names[1]} only"
    return [text + "."]
