"""What a tournament writes of the Axelrod library's result set: its CSV tables and the
library's six standard plots (see ``docs/reference/results.md`` for every file)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd

from tournament.common.frames import write_table
from tournament.core.result_set import ResultSet

__all__ = ["PLOTS", "library_figures", "library_files"]

#: The library's plots, by the name of its ``axelrod.Plot`` method (and file stem).
PLOTS = ("boxplot", "winplot", "sdvplot", "payoff", "pdplot", "lengthplot")


def library_files(result_set: ResultSet) -> dict[str, Callable[[Path], None]]:
    """The result set's CSV files (name -> writer): per-repetition tables and
    players x opponents matrices with a first column ``player``, state tables one row
    per pair. The state tables and the library's summary only when the state counts
    were gathered. Written by pyarrow (several times faster than pandas for floats,
    which round-trip exactly)."""
    rs = result_set
    frames: dict[str, Callable[[], pd.DataFrame]] = {
        "normalised_scores.csv": lambda: rs.normalised_scores,
        "total_scores.csv": lambda: rs.scores,
        "wins.csv": lambda: rs.wins,
        "payoff_stddevs.csv": lambda: rs.payoff_stddevs,
        "payoff_diffs_means.csv": lambda: rs.payoff_diffs_means,
        "match_lengths.csv": lambda: rs.match_lengths,
        "cooperation_counts.csv": lambda: rs.cooperation,
        "normalised_cooperation.csv": lambda: rs.normalised_cooperation,
        "vengeful_cooperation.csv": lambda: rs.vengeful_cooperation,
        "good_partner_matrix.csv": lambda: rs.good_partner_matrix,
    }
    if rs.tally.detailed:
        frames["state_distribution.csv"] = lambda: _with_rates(rs, "state")
        frames["state_to_action_distribution.csv"] = lambda: _with_rates(rs, "state_to_action")
        frames["library_summary.csv"] = rs.summarise
    return {name: (lambda path, make=make: _write(make(), path)) for name, make in frames.items()}


def _write(frame: pd.DataFrame, path: Path) -> None:
    """A tidy frame as it is; a labelled one with its labels as the first column."""
    if not isinstance(frame.index, pd.RangeIndex):
        frame = frame.reset_index()
    write_table(frame.rename(columns=str), path)


def _with_rates(rs: ResultSet, kind: str) -> pd.DataFrame:
    """A state table's counts followed by its normalised rates."""
    counts = getattr(rs, f"{kind}_distribution")
    rates = getattr(rs, f"normalised_{kind}_distribution")
    return pd.concat([counts, rates.drop(columns=["player", "opponent"])], axis=1)


def library_figures(
    rs: ResultSet, subtitle: str, repetitions: pd.DataFrame | None = None
) -> dict[str, Any]:
    """The library's six plots (file name -> figure). ``repetitions``
    (:func:`~tournament.core.result_set.pair_repetitions`) gives the score differences
    and lengths per opponent and repetition, as the library plots them; without it,
    each opponent's mean stands for its repetitions."""
    from tournament.reports import library_plots as plots

    if repetitions is None:
        diffs = rs.payoff_diffs_means.stack(future_stack=True)
        lengths = rs.match_lengths.stack(future_stack=True)
        repetitions = pd.concat(
            [diffs.rename("score_difference_per_turn"), lengths.rename("turns")], axis=1
        ).reset_index()
    order = rs.ranked_names
    return {
        "boxplot.png": plots.boxplot(rs.normalised_scores, order, subtitle),
        "winplot.png": plots.winplot(rs.wins, subtitle),
        "sdvplot.png": plots.sdvplot(repetitions, order, subtitle),
        "payoff.png": plots.payoff(rs.payoff_matrix, order, subtitle),
        "pdplot.png": plots.pdplot(rs.payoff_diffs_means, order, subtitle),
        "lengthplot.png": plots.lengthplot(repetitions, order, subtitle),
    }
