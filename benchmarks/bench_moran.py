"""The Moran process as the Axelrod library runs it: 1,000 runs of 10 strategies in a
population of 20, ours against the library's ``MoranProcess``, pinned to one core.

The field is the first ten strategies of the classic roster (two of them stochastic:
Random and Generous Tit For Tat), two individuals each, 200 turns, no noise, birth-death
on the complete graph, no mutation: every run goes on until one strategy has taken over,
and every step plays the matches of the run's current population (the deterministic
pairs once, as the library's cache does; the others every step). Ours advances all runs
together, one engine call per step. The library plays one run at a time and is slow (a
run takes minutes), so it is timed on ``--library-runs`` runs (default 3) and its time
for ``--runs`` is their mean time scaled up: the ratio printed says so.

    python benchmarks/bench_moran.py                      # ~2 minutes ours, ~6 the library
    python benchmarks/bench_moran.py --skip-library
    python benchmarks/bench_moran.py --runs 20 --library-runs 1 --population 10  # a check
    python benchmarks/bench_moran.py --json results/bench_moran.json
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import time
import warnings
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_tournament import pin_to_one_core  # noqa: E402

TURNS, SEED = 200, 1


def individuals(field: list[str], population: int) -> list[str]:
    from tournament.evolution.moran_library import population as spread

    return spread(field, population)


def time_ours(names: list[str], runs: int, noise: float) -> tuple[float, object]:
    from tournament.evolution.moran_library import MoranProcess

    start = time.perf_counter()
    result = MoranProcess(names, turns=TURNS, noise=noise, seed=SEED).play(runs)
    return time.perf_counter() - start, result


def time_library(names: list[str], runs: int, noise: float) -> tuple[list[float], list[int]]:
    """Seconds and steps of each of ``runs`` library runs (seeds 0, 1, ...)."""
    import axelrod as axl

    from tournament.agreement.library import library_player

    seconds, steps = [], []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for seed in range(runs):
            players = [library_player(name) for name in names]
            start = time.perf_counter()
            process = axl.MoranProcess(players, turns=TURNS, noise=noise, seed=seed)
            populations = process.play()
            seconds.append(time.perf_counter() - start)
            steps.append(len(populations) - 1)
            print(f"  library run {seed}: {steps[-1]} steps, {seconds[-1]:.1f} s", flush=True)
    return seconds, steps


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=1000, help="our runs (default 1000)")
    parser.add_argument("--population", type=int, default=20, help="individuals (default 20)")
    parser.add_argument("--strategies", type=int, default=10, help="from the classic roster")
    parser.add_argument("--noise", type=float, default=0.0, help="noise (default 0)")
    parser.add_argument("--library-runs", type=int, default=3, help="library runs timed")
    parser.add_argument("--skip-library", action="store_true", help="do not time the library")
    parser.add_argument("--json", type=Path, default=None, help="also write the figures here")
    args = parser.parse_args()

    from strategies.rosters import get_roster

    pinning = pin_to_one_core()
    field = get_roster("classic").names()[: args.strategies]
    names = individuals(field, args.population)
    print(
        f"{len(field)} strategies, population {len(names)}, {TURNS} turns, noise "
        f"{args.noise:g}, birth-death, complete graph; {pinning}"
    )
    time_ours(names[:4] if len(set(names[:4])) > 1 else names, 2, args.noise)  # warm-up
    ours_s, result = time_ours(names, args.runs, args.noise)
    steps = result.trajectories.steps
    print(
        f"ours: {args.runs} runs in {ours_s:.2f} s ({ours_s / args.runs * 1000:.1f} ms a run; "
        f"steps to fixation: mean {steps.mean():.0f}, longest {steps.max()})"
    )
    figures: dict[str, object] = {
        "strategies": len(field),
        "population": len(names),
        "runs": args.runs,
        "noise": args.noise,
        "ours_seconds": ours_s,
        "ours_mean_steps": float(steps.mean()),
    }
    if not args.skip_library:
        seconds, lib_steps = time_library(names, args.library_runs, args.noise)
        per_run = float(np.mean(seconds))
        scaled = per_run * args.runs
        print(
            f"library: {args.library_runs} runs, {per_run:.1f} s a run (mean steps "
            f"{np.mean(lib_steps):.0f}); {args.runs} runs would take {scaled:,.0f} s "
            f"(scaled from {args.library_runs})"
        )
        print(f"ours vs the library: {scaled / ours_s:,.0f}x (target 100x)")
        # Runs last a random number of steps, and a few library runs are a small sample:
        # the time per step (one step of one run) is the steadier comparison.
        ours_step = ours_s / steps.sum()
        library_step = float(np.sum(seconds)) / float(np.sum(lib_steps))
        print(
            f"per step of one run: ours {ours_step * 1000:.2f} ms, library "
            f"{library_step * 1000:.0f} ms: {library_step / ours_step:,.0f}x"
        )
        figures.update(
            library_runs=args.library_runs,
            library_seconds_per_run=per_run,
            library_mean_steps=float(np.mean(lib_steps)),
            library_scaled_seconds=scaled,
            speedup=scaled / ours_s,
            ours_seconds_per_step=ours_step,
            library_seconds_per_step=library_step,
            speedup_per_step=library_step / ours_step,
        )
    if args.json:
        figures.update(python=platform.python_version(), machine=platform.machine())
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(figures, indent=2) + "\n")


if __name__ == "__main__":
    main()
