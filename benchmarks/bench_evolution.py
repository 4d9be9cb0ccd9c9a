"""How long a 1000-run Moran fixation estimate takes for a 10-strategy field.

The field is the first ten strategies of the classic roster, 200 turns, noise 0.05, 10
repetitions (the tournament that gives the payoffs is timed separately). The Moran
process starts from 5 individuals of each strategy (population 50), selection intensity
1, no mutation, and runs until one strategy has taken over in every run (all 1000 runs
advance together, one numpy step per birth-death event).

    python benchmarks/bench_evolution.py
    python benchmarks/bench_evolution.py --json results/bench_evolution.json
"""

from __future__ import annotations

import argparse
import json
import platform
import time
from pathlib import Path

import numpy as np

RUNS, EACH = 1000, 5


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path, help="Also write the figures to this file.")
    args = parser.parse_args()

    from strategies.rosters import get_roster
    from tournament.core.round_robin import Tournament
    from tournament.evolution.moran_process import moran

    field = get_roster("classic").names()[:10]
    started = time.perf_counter()
    results = Tournament(field, turns=200, noise=0.05, repetitions=10, seed=1).play()
    tournament_seconds = time.perf_counter() - started
    A = results.payoff_matrix.to_numpy()
    counts0 = np.full(len(field), EACH)
    timings = []
    for repeat in range(3):
        started = time.perf_counter()
        outcome = moran(A, counts0, RUNS, 10_000, 1.0, 0.0, np.random.default_rng(repeat))
        timings.append(time.perf_counter() - started)
    fixed = outcome.fixed
    generations = outcome.fixation_generation[fixed >= 0]
    print(f"field: {', '.join(field)}")
    print(f"tournament for the payoffs: {tournament_seconds:.2f} s")
    print(
        f"Moran, population {EACH * len(field)}, {RUNS} runs until fixation: "
        f"{min(timings):.2f}-{max(timings):.2f} s over 3 repeats "
        f"(runs fixed after a median of {np.median(generations):.0f} generations, "
        f"the last after {generations.max()}; {int((fixed < 0).sum())} unfixed)"
    )
    probabilities = np.bincount(fixed[fixed >= 0], minlength=len(field)) / RUNS
    for name, p in sorted(zip(field, probabilities, strict=True), key=lambda x: -x[1])[:4]:
        print(f"  {name}: fixation probability {p:.3f}")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(
            json.dumps(
                {
                    "platform": platform.platform(),
                    "tournament_seconds": round(tournament_seconds, 3),
                    "moran_seconds": [round(t, 3) for t in timings],
                    "runs": RUNS,
                    "population": EACH * len(field),
                    "median_fixation_generation": float(np.median(generations)),
                },
                indent=2,
            )
            + "\n"
        )


if __name__ == "__main__":
    main()
