"""Peak memory of a round robin as its repetitions grow (issue 17's target).

Plays ``ipd tournament`` on a field of ``--strategies`` strategies (the first of the
``all`` roster, in its order), 200 turns, with 10, 100 and 1,000 repetitions (or
``--repetitions``), each in a fresh process pinned to one core, and reports its wall time,
peak resident memory (the child's ``ru_maxrss``) and the size of the files it wrote.
The target: peak memory that does not grow with the repetitions, under 400 MB for 76
strategies and 1,000 repetitions.

    python benchmarks/bench_memory.py                       # 76 strategies: a few minutes
    python benchmarks/bench_memory.py --repetitions 10 100 --strategies 30
    python benchmarks/bench_memory.py --json results/bench_memory.json
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

TURNS, SEED = 200, 1
TARGET_BYTES = 400 * 10**6


def field(size: int) -> list[str]:
    from strategies.rosters import get_roster

    names = get_roster("all").names()
    if size > len(names):
        raise SystemExit(f"--strategies {size}: the 'all' roster has {len(names)}")
    return names[:size]


def measure(names: list[str], repetitions: int, matches: str = "auto") -> dict[str, float]:
    """One ``ipd tournament`` run in a child process: seconds, peak RSS, bytes written."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out"
        command = [
            *([] if not hasattr(os, "sched_setaffinity") else ["taskset", "-c", "0"]),
            sys.executable,
            "-m",
            "tournament.cli",
            "tournament",
            *names,
            "--turns",
            str(TURNS),
            "--repetitions",
            str(repetitions),
            "--seed",
            str(SEED),
            "--no-plots",
            "--matches",
            matches,
            "--quiet",
            "--out",
            str(out),
        ]
        start = time.perf_counter()
        child = subprocess.Popen(command, stdout=subprocess.DEVNULL)
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - start
        if os.waitstatus_to_exitcode(status) != 0:
            raise SystemExit(f"ipd tournament failed with {repetitions} repetitions")
        files = {p.name: p.stat().st_size for p in out.iterdir()}
    return {
        "repetitions": repetitions,
        "seconds": seconds,
        "peak_bytes": usage.ru_maxrss * 1024,  # Linux reports kilobytes
        "written_bytes": sum(files.values()),
        "matches_file": next((k for k in files if k.startswith("matches")), "none"),
        "matches_file_bytes": next((v for k, v in files.items() if k.startswith("matches")), 0),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--strategies", type=int, default=76, help="field size (default 76)")
    parser.add_argument("--repetitions", type=int, nargs="+", default=[10, 100, 1000])
    parser.add_argument(
        "--matches",
        default="auto",
        choices=["auto", "csv", "parquet", "none"],
        help="the per-match table's format, as ipd tournament --matches (default auto)",
    )
    parser.add_argument("--json", type=Path, default=None, help="also write the figures here")
    args = parser.parse_args()
    names = field(args.strategies)
    pairs = len(names) * (len(names) + 1) // 2
    print(
        f"ipd tournament, {len(names)} strategies ({pairs:,} pairs), {TURNS} turns, no noise, "
        f"no plots; one fresh process per run, pinned to one core; Python "
        f"{platform.python_version()}"
    )
    print(
        f"{'repetitions':>11} {'seconds':>9} {'peak RSS':>10} {'written':>10} {'matches file':>28}"
    )
    rows = []
    for repetitions in args.repetitions:
        row = measure(names, repetitions, args.matches)
        rows.append(row)
        print(
            f"{repetitions:>11,} {row['seconds']:>9.1f} {row['peak_bytes'] / 1e6:>8.0f} MB "
            f"{row['written_bytes'] / 1e6:>8.1f} MB {row['matches_file']:>16} "
            f"{row['matches_file_bytes'] / 1e6:>8.1f} MB"
        )
    largest = rows[-1]
    verdict = "met" if largest["peak_bytes"] < TARGET_BYTES else "NOT met"
    print(
        f"\nTarget: under {TARGET_BYTES / 1e6:.0f} MB at {largest['repetitions']:,} repetitions "
        f"(76 strategies, 1,000 repetitions in the issue): {verdict}"
    )
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({"strategies": names, "runs": rows}, indent=2) + "\n")


if __name__ == "__main__":
    main()
