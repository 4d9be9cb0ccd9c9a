"""Cells per second of the shipped noise sweep, serially and with two worker processes.

``experiments/noise.toml``: the classic field of 15 strategies, 200 turns, 20
repetitions, 101 noise levels (0 to 0.2), so 101 cells. The target is a 100-cell sweep of
this size in under a minute on two cores. Also runs ``ipd run`` with two workers, the way
a user does (start-up, figures and the summary included), and checks that memory stays
flat as the number of cells grows (peak RSS of ``ipd run`` at 100 and 1000 cells).

    python benchmarks/bench_sweep.py                 # about a minute
    python benchmarks/bench_sweep.py --json results/bench_sweep.json
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

ROOT = Path(__file__).resolve().parent.parent
NOISE = ROOT / "experiments" / "noise.toml"


def timed_run(workers: int, out: Path) -> tuple[float, int]:
    from tournament.experiments.runner import run_experiment

    started = time.perf_counter()
    results = run_experiment(NOISE, out, workers=workers, plots=False)
    return time.perf_counter() - started, results.computed


def cli_run(args: list[str]) -> tuple[float, int]:
    """Wall time and peak RSS (KiB) of one ``ipd run`` in a fresh process."""
    code = (
        "import resource, sys\n"
        "from tournament.cli import main\n"
        "try:\n    main(sys.argv[1:])\n"
        "except SystemExit:\n    pass\n"
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)\n"
    )
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", code, "run", *args], capture_output=True, text=True, check=True
    )
    return time.perf_counter() - started, int(done.stderr.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path, help="Also write the figures to this file.")
    args = parser.parse_args()
    report: dict[str, object] = {
        "platform": platform.platform(),
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
    }
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        for workers in (1, 2):
            seconds, cells = timed_run(workers, tmp_path / f"api-{workers}")
            report[f"workers_{workers}"] = {
                "cells": cells,
                "seconds": round(seconds, 2),
                "cells_per_second": round(cells / seconds, 1),
            }
            print(
                f"noise.toml, {workers} worker(s): {cells} cells in {seconds:.1f} s "
                f"= {cells / seconds:.1f} cells/s"
            )
        seconds, rss = cli_run([str(NOISE), "--out", str(tmp_path / "cli"), "--workers", "2"])
        report["cli_workers_2"] = {"seconds": round(seconds, 2), "peak_rss_kib": rss}
        print(f"ipd run noise.toml --workers 2 (start-up and figures included): {seconds:.1f} s")
        for cells in (100, 1000):
            config = tmp_path / f"flat-{cells}.toml"
            config.write_text(
                NOISE.read_text()
                .replace(
                    "{ start = 0.0, stop = 0.2, step = 0.002 }",
                    f"{{ start = 0, stop = 0.2, num = {cells} }}",
                )
                .replace("repetitions = 20", "repetitions = 2")
                .replace("turns = 200", "turns = 20")
            )
            seconds, rss = cli_run(
                [str(config), "--out", str(tmp_path / f"flat-{cells}"), "--no-plots", "-q"]
            )
            report[f"memory_{cells}_cells"] = {"seconds": round(seconds, 2), "peak_rss_kib": rss}
            print(f"{cells:>5} small cells: peak RSS {rss / 1024:.0f} MiB ({seconds:.1f} s)")
    target = report["workers_2"]["seconds"]  # type: ignore[index]
    verdict = "meets" if target < 60 else "misses"
    print(f"Target (100-cell sweep under 60 s on 2 cores): {verdict} it ({target:.1f} s).")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(report, indent=2) + "\n")


if __name__ == "__main__":
    main()
