"""Throughput of the meta analysis (issue 17): match-turns per second on 1 and 2
workers, peak memory per process, and the projected time of the full study.

Runs the first ``--trials`` trials of ``experiments/meta_analysis.toml`` (four tournaments
each) with ``ipd run --workers 1`` and ``--workers 2``, each in a fresh process and a
fresh results folder, and reports:

- match-turns per second (the tournaments' match-turns, a deterministic match copied
  into each repetition counted each time, as the Axelrod library plays it);
- the expected work per second, in the plan's units (pairs x repetitions x turns, or
  1 / p_e turns for a probabilistic ending), which is what the projection scales;
- the peak resident memory of the largest process (the run or one of its workers);
- the projected time of ``experiments/meta_analysis_full.toml`` (45,680 tournaments) on
  one machine with ``--cores`` cores (default 16), from the 1-worker rate times the
  cores, and times the parallel efficiency measured from 1 to 2 workers.

``--from-run FOLDER`` also reads a finished run of the reduced study (its manifest's
wall time and workers, its cells' match-turns) and projects from it: the most
representative sample, since it spans the whole range of field sizes.

    python benchmarks/bench_meta_analysis.py                     # 6 trials: ~10 minutes
    python benchmarks/bench_meta_analysis.py --trials 3 --from-run results/meta_analysis
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

from tournament.experiments.executors import ONE_THREAD

ROOT = Path(__file__).resolve().parent.parent
REDUCED = ROOT / "experiments" / "meta_analysis.toml"
FULL = ROOT / "experiments" / "meta_analysis_full.toml"
TARGET_HOURS = 24


def expected_work(config: Path, trials: int | None = None) -> float:
    """The plan's expected match-turns of the first ``trials`` trials (all by default)."""
    from tournament.experiments import load_config, plan_experiment

    study = plan_experiment(load_config(config))
    cells = study.cells if trials is None else study.cells[: trials * len(study.study.types)]
    return float(sum(study.expected_match_turns(c) for c in cells))


def run(trials: int, workers: int) -> dict[str, float]:
    """One ``ipd run`` in a child process: wall seconds, peak RSS, work done."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out"
        command = [sys.executable, "-m", "tournament.cli", "run", str(REDUCED),
                   "--tournaments", str(trials), "--workers", str(workers),
                   "--no-plots", "--quiet", "--out", str(out)]  # fmt: skip
        # one thread of numpy's BLAS per process, as the workers of a pool run: a run on
        # "1 worker" would otherwise use every core here for its matrix products
        env = {**os.environ, **{name: "1" for name in ONE_THREAD}}
        start = time.perf_counter()
        child = subprocess.Popen(command, stdout=subprocess.DEVNULL, env=env)
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - start
        if os.waitstatus_to_exitcode(status) != 0:
            raise SystemExit(f"ipd run failed ({workers} workers)")
        match_turns = int(pd.read_csv(out / "cells.csv")["match_turns"].sum())
    return {
        "workers": workers,
        "seconds": seconds,
        # wait4 reports the largest of the child and the descendants it waited for
        "peak_bytes": usage.ru_maxrss * 1024,
        "match_turns": match_turns,
        "expected_work": expected_work(REDUCED, trials),
    }


def from_run(folder: Path) -> dict[str, float]:
    """A finished run of the reduced study: its wall time, workers and work."""
    manifest = json.loads((folder / "manifest.json").read_text())
    cells = pd.read_csv(folder / "cells.csv")
    trials = int(cells["trial"].max()) + 1
    return {
        "workers": manifest["timings"]["workers"],
        "seconds": manifest["timings"]["total_seconds"],
        "peak_bytes": float("nan"),
        "match_turns": int(cells["match_turns"].sum()),
        "expected_work": expected_work(REDUCED, trials),
        "trials": trials,
    }


def hours(seconds: float) -> str:
    return f"{seconds / 3600:.1f} h"


def sample_runs(trials: int, cores: int, full: float) -> dict:
    """Time the first ``trials`` trials on 1 and 2 workers; print and return the rates."""
    rows = [run(trials, workers) for workers in (1, 2)]
    header = (
        f"{'workers':>7} {'seconds':>8} {'match-turns':>13} {'match-turns/s':>14} "
        f"{'work/s':>10} {'peak RSS':>9}"
    )
    print(header)
    for r in rows:
        print(
            f"{r['workers']:>7} {r['seconds']:>8.1f} {r['match_turns']:>13,} "
            f"{r['match_turns'] / r['seconds'] / 1e6:>12.2f} M "
            f"{r['expected_work'] / r['seconds'] / 1e6:>8.2f} M {r['peak_bytes'] / 1e6:>6.0f} MB"
        )
    one, two = rows
    efficiency = one["seconds"] / two["seconds"] / 2
    per_core = one["expected_work"] / one["seconds"]
    ideal = full / (per_core * cores)
    real = ideal / min(efficiency, 1.0)
    print(
        f"\nParallel efficiency from 1 to 2 workers: {efficiency:.0%}\n"
        f"Full study ({FULL.name}): {full / 1e9:.0f} billion match-turns of expected work\n"
        f"Projected on one {cores}-core machine: {hours(ideal)} at the 1-worker rate "
        f"per core, {hours(real)} at the measured efficiency (target: under "
        f"{TARGET_HOURS} h)"
    )
    return {"runs": rows, "efficiency": efficiency, "projected_seconds": [ideal, real]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--trials",
        type=int,
        default=6,
        help="trials per run (default 6; 0: no runs, only --from-run)",
    )
    parser.add_argument("--cores", type=int, default=16, help="cores of the projected machine")
    parser.add_argument("--from-run", type=Path, default=None, help="a finished reduced run")
    parser.add_argument("--json", type=Path, default=None, help="also write the figures here")
    args = parser.parse_args()
    full = expected_work(FULL)
    print(
        f"Meta analysis, first {args.trials} trials of {REDUCED.name} (x 4 tournaments); "
        f"{os.cpu_count()} cores here, Python {platform.python_version()}"
    )
    report: dict = {"trials": args.trials, "full_expected_work": full}
    if args.trials > 0:
        report |= sample_runs(args.trials, args.cores, full)
    if args.from_run:
        r = from_run(args.from_run)
        rate = r["expected_work"] / r["seconds"] / r["workers"]
        projected = full / (rate * args.cores)
        print(
            f"\nFrom the run in {args.from_run} ({r['trials']} trials, {r['workers']} "
            f"workers, {hours(r['seconds'])}): {r['match_turns'] / r['seconds'] / 1e6:.2f} M "
            f"match-turns/s, {rate / 1e6:.2f} M work/s per worker; the full study on "
            f"{args.cores} cores: {hours(projected)} (target: under {TARGET_HOURS} h)"
        )
        report["from_run"] = r | {"projected_seconds": projected}
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(report, indent=2) + "\n")


if __name__ == "__main__":
    main()
