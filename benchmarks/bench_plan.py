"""Calibrate and check the run plan's model of time and memory (tournament/core/plan.py).

Plays round robins of different shapes (few or many strategies, short or long
matches, fixed or probabilistic lengths), measures CPU seconds (the quicker of two warm
runs) and the peak of traced memory, fits the model's four time constants by
non-negative least squares, and prints, per run, the plan's estimate against the measure
(the tests require a factor of three for time and two for memory; the cost of a call
varies about threefold between rosters).

    python benchmarks/bench_plan.py
    python benchmarks/bench_plan.py --json results/bench_plan.json
"""

from __future__ import annotations

import argparse
import json
import time
import tracemalloc

import numpy as np

from strategies.rosters import get_roster
from tournament import Tournament
from tournament.core import plan as plan_model

CASES = [
    ("classic", 200, None, 10),
    ("classic", 5_000, None, 2),
    ("classic", None, 0.01, 10),
    ("axelrod-first", 1_000, None, 3),
    ("axelrod-first", 200, None, 10),
    ("axelrod-short", 200, None, 1),
    ("axelrod-short", 1_000, None, 1),
    ("all", 200, None, 1),
]


def measure(roster: str, turns: int | None, prob_end: float | None, reps: int) -> dict:
    names = get_roster(roster).names()
    tour = Tournament(names, turns=turns, prob_end=prob_end, repetitions=reps, seed=1)
    plan = tour.plan()
    chunks = [(tour.players, ids, lengths) for ids, _, lengths in tour._chunks()]  # for the fit
    tracemalloc.start()
    tour.play()  # also warms up: lazy imports, data files, first allocations
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    seconds = float("inf")
    for _ in range(2):  # CPU time, the quicker of two warm runs (as the tests measure)
        start = time.process_time()
        tour.play()
        seconds = min(seconds, time.process_time() - start)
    return {
        "roster": roster,
        "strategies": len(names),
        "turns": turns,
        "prob_end": prob_end,
        "repetitions": reps,
        "estimated_seconds": plan.seconds,
        "seconds": seconds,
        "estimated_bytes": plan.peak_bytes - plan_model.BASE_BYTES,
        "traced_peak_bytes": peak,
        "calls": _calls(tour, chunks),
        "members": _calls(tour, chunks, count=plan_model._team_size),
        "turns_played": sum(int(lengths.max()) for _, _, lengths in chunks),
        "cells": 2 * plan.match_turns,
    }


def _calls(tour: Tournament, chunks: list, count=plan_model._calls) -> int:
    """Turns x strategies called in Python (or ``count`` of each strategy: its team
    members), summed over chunks."""
    from tournament.core.round_robin import round_robin_pairs

    pairs = round_robin_pairs(len(tour.players), tour.game.symmetric)
    total = 0
    for players, ids, lengths in chunks:
        present = np.unique(pairs[ids])
        calls = sum(count(players[p]) for p in present)
        total += int(lengths.max()) * calls
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", default=None, help="Also write the results here.")
    args = parser.parse_args()
    rows = [measure(*case) for case in CASES]
    from scipy.optimize import nnls

    names = ["TURN_SECONDS", "CALL_SECONDS", "MEMBER_SECONDS", "CELL_SECONDS"]
    columns = ["turns_played", "calls", "members", "cells"]
    a = np.array([[r[c] for c in columns] for r in rows], dtype=float)
    y = np.array([r["seconds"] for r in rows])
    # relative least squares: every run counts alike, whatever its size
    fitted, _ = nnls(a / y[:, None], np.ones(len(y)))
    for name, value in zip(names, fitted, strict=True):
        print(f"fitted {name} = {value:.3g} (model {getattr(plan_model, name):.3g})")
    print(f"{'case':<34} {'est s':>8} {'cpu s':>8} {'ratio':>6} {'est MiB':>8} {'peak MiB':>9}")
    for r in rows:
        horizon = f"{r['turns']} turns" if r["turns"] else f"p_end {r['prob_end']}"
        case = f"{r['roster']} ({r['strategies']}), {horizon}, x{r['repetitions']}"
        print(
            f"{case:<34} {r['estimated_seconds']:>8.2f} {r['seconds']:>8.2f} "
            f"{r['estimated_seconds'] / r['seconds']:>6.2f} "
            f"{r['estimated_bytes'] / 2**20:>8.1f} {r['traced_peak_bytes'] / 2**20:>9.1f}"
        )
    if args.json:
        with open(args.json, "w") as f:
            fit = dict(zip(names, fitted.tolist(), strict=True))
            json.dump({"fit": fit, "runs": rows}, f, indent=2)


if __name__ == "__main__":
    main()
