"""Seconds to build and save the two tournament figures (score box plot, payoff heatmap).

Uses synthetic tables (random scores and payoffs) named after the real strategies of the
``axelrod-short`` roster, so the tick labels are as long as a user's, for a field of 15
and one of 222 strategies. Pinned to one core; each figure is drawn once to warm up
(fonts, caches), then timed ``--repeat`` times and the best run is reported, the build
(the figure function) and the save (``save_png``, as ``TournamentResults.write`` calls it)
apart. The target is both figures together under 0.8 s for 222 strategies.

    python benchmarks/bench_figures.py               # about 15 seconds
    python benchmarks/bench_figures.py --sizes 15 222 --repeat 5 --out results/figures
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from functools import partial
from pathlib import Path

import numpy as np
import pandas as pd

SUBTITLE = "Prisoner's Dilemma, 200 turns, noise 0.05, 10 repetitions"


def pin_to_one_core() -> str:
    if hasattr(os, "sched_setaffinity"):
        core = min(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {core})
        return f"pinned to core {core}"
    return "not pinned (no sched_setaffinity on this platform)"


def synthetic_tables(n: int, repetitions: int, seed: int = 0):
    """Scores per repetition, a payoff matrix and a ranking (best first) for ``n`` of the
    roster's names (cycled with a number if ``n`` exceeds the roster)."""
    from strategies.rosters import get_roster

    roster = get_roster("axelrod-short").names()
    names = [roster[i] if i < len(roster) else f"{roster[i % len(roster)]} {i}" for i in range(n)]
    rng = np.random.default_rng(seed)
    skill = rng.uniform(1.5, 3.5, n)
    scores = pd.DataFrame(
        np.clip(skill[:, None] + rng.normal(0, 0.15, (n, repetitions)), 0, 5), index=names
    )
    payoff = pd.DataFrame(rng.uniform(0, 5, (n, n)), index=names, columns=names)
    order = list(scores.mean(axis=1).sort_values(ascending=False).index)
    return scores, payoff, order


def time_figure(build, path: Path, repeat: int) -> tuple[float, float]:
    """Best build and save seconds of ``build()`` saved to ``path``, after one warm-up."""
    import matplotlib.pyplot as plt

    from tournament.reports.style import save_png

    best_build = best_save = float("inf")
    for attempt in range(repeat + 1):
        started = time.perf_counter()
        fig = build()
        built = time.perf_counter()
        save_png(fig, path)
        saved = time.perf_counter()
        plt.close(fig)
        if attempt:  # the first run warms up fonts and caches
            best_build = min(best_build, built - started)
            best_save = min(best_save, saved - built)
    return best_build, best_save


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[15, 222])
    parser.add_argument("--repetitions", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=3, help="Timed runs per figure.")
    parser.add_argument("--out", type=Path, help="Keep the PNGs in this folder.")
    args = parser.parse_args()
    print(pin_to_one_core())

    from tournament.reports import tournament as plotting

    out = args.out or Path(tempfile.mkdtemp(prefix="bench_figures_"))
    out.mkdir(parents=True, exist_ok=True)
    for n in args.sizes:
        scores, payoff, order = synthetic_tables(n, args.repetitions)
        box = time_figure(
            partial(plotting.score_distribution, scores, order, SUBTITLE),
            out / f"scores_{n}.png",
            args.repeat,
        )
        heat = time_figure(
            partial(plotting.payoff_heatmap, payoff, order, SUBTITLE),
            out / f"payoff_heatmap_{n}.png",
            args.repeat,
        )
        for name, (build, save) in (("score_distribution", box), ("payoff_heatmap", heat)):
            print(f"{n:4d} strategies  {name:18s} build {build:.3f} s  save {save:.3f} s")
        print(f"{n:4d} strategies  both figures       total {sum(box) + sum(heat):.3f} s")
    print(f"PNGs in {out}")


if __name__ == "__main__":
    main()
