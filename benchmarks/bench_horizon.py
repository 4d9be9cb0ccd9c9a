"""Whether a turn costs the same late in a long match as early in a short one, and
whether memory stays flat as the horizon grows.

Plays a roster's round robin (no noise, the match length told) at a short horizon (200
turns, with enough repetitions to take a few seconds), at a long one (20,000 turns, one
repetition) and at a very long one (1,000,000 turns, one repetition; ``--longest-turns
0`` skips it), each in a fresh process, and prints the throughput of each in match-turns
per second, its ratio to the short run's, and the process's peak memory (resident set).
Strategies keep running counts instead of rescanning the histories, so the long runs
should keep at least 70% of the short run's throughput; a strategy whose step grows with
the turn shows up here as a falling ratio. Strategies that declare a ``history_window``
are played with a sliding window of the history once the whole would not fit the memory
budget, so peak memory should not grow with the horizon.

The engine plays a tournament in chunks of up to ``CHUNK_CELLS`` history cells, so a
short tournament packs several repetitions into each batch, and a wider batch spreads
the cost of each ``step`` call over more matches. When the two runs' batches differ in
width (rosters much smaller than `all`), the short tournament is also replayed with the
long run's single repetition, and that like-for-like ratio is printed too: it is the one
that measures the cost of a turn.

    python benchmarks/bench_horizon.py                  # axelrod-first: a few minutes
    python benchmarks/bench_horizon.py --roster all --longest-turns 0
    python benchmarks/bench_horizon.py --json results/bench_horizon.json

The `all` roster includes strategies that read the whole history (hunters, meta teams):
its million-turn run is refused by the plan, so run it with ``--longest-turns 0``.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import resource
import subprocess
import sys
import time
from pathlib import Path

TARGET_RATIO = 0.70
SEED = 1


def pin_to_one_core() -> str:
    os.environ.update(OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1", MKL_NUM_THREADS="1")
    if hasattr(os, "sched_setaffinity"):
        core = min(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {core})
        return f"pinned to core {core}"
    return "not pinned (no sched_setaffinity on this platform)"


def play(names: list[str], turns: int, repetitions: int, seed: int = SEED) -> tuple[float, int]:
    """Seconds to play (results table included) and the match-turns played."""
    from tournament import Tournament

    tournament = Tournament(names, turns=turns, repetitions=repetitions, seed=seed)
    start = time.perf_counter()
    results = tournament.play()
    seconds = time.perf_counter() - start
    return seconds, results.match_turns


def batch_width(players: int, turns: int, repetitions: int) -> int:
    """Matches the engine plays together in one batch (as ``Tournament.play`` chunks)."""
    from tournament.core.round_robin import CHUNK_CELLS

    pairs = players * (players + 1) // 2
    return pairs * min(repetitions, max(1, CHUNK_CELLS // (2 * pairs * turns)))


def run(label: str, names: list[str], turns: int, repetitions: int, rounds: int = 1) -> dict:
    """``rounds`` tournaments of ``repetitions`` repetitions (new seeds each), in a fresh
    process, so that its peak memory is this run's."""
    job = json.dumps({"names": names, "turns": turns, "repetitions": repetitions,
                      "rounds": rounds})  # fmt: skip
    out = subprocess.run(
        [sys.executable, __file__, "--child", job], capture_output=True, text=True, check=True
    )
    seconds, match_turns, peak = json.loads(out.stdout.strip().splitlines()[-1])
    return {
        "label": label,
        "turns": turns,
        "repetitions": repetitions,
        "rounds": rounds,
        "batch_width": batch_width(len(names), turns, repetitions),
        "match_turns": match_turns,
        "seconds": seconds,
        "rate": match_turns / seconds,
        "peak_rss_mib": peak / 2**10,
    }


def child(job: str) -> None:
    """Play the runs of ``job`` and print seconds, match-turns and peak RSS (KiB)."""
    spec = json.loads(job)
    seconds = match_turns = 0
    for i in range(spec["rounds"]):
        s, n = play(spec["names"], spec["turns"], spec["repetitions"], seed=SEED + i)
        seconds, match_turns = seconds + s, match_turns + n
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps([seconds, match_turns, peak]))


def measure(names: list[str], short: int, long: int, longest: int, target_seconds: float) -> dict:
    play(names, short, 1)  # warm-up: imports, first allocations
    one, _ = play(names, short, 1)
    repetitions = max(1, math.ceil(target_seconds / one))
    runs = [run(f"{short:,} turns x {repetitions} reps", names, short, repetitions)]
    if runs[0]["batch_width"] != batch_width(len(names), long, 1):
        rounds = max(1, math.ceil(target_seconds / one))
        label = f"{short:,} turns x 1 rep, {rounds} times"
        runs.append(run(label, names, short, 1, rounds))
    runs.append(run(f"{long:,} turns x 1 rep", names, long, 1))
    long_rate, same_width = runs[-1]["rate"], runs[-2]["rate"]
    if longest:
        runs.append(run(f"{longest:,} turns x 1 rep", names, longest, 1))
    return {
        "strategies": len(names),
        "runs": runs,
        "ratio": long_rate / runs[0]["rate"],
        "same_width_ratio": long_rate / same_width,
        # against the run of the same batch width: many repetitions of a deterministic
        # roster are played once and copied, which flatters the short run
        "longest_ratio": runs[-1]["rate"] / same_width if longest else None,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--child", default=None, help=argparse.SUPPRESS)
    parser.add_argument(
        "--roster", default="axelrod-first", help="preset roster (default: axelrod-first)"
    )
    parser.add_argument("--short-turns", type=int, default=200, help="default 200")
    parser.add_argument("--long-turns", type=int, default=20_000, help="default 20000")
    parser.add_argument(
        "--longest-turns", type=int, default=1_000_000, help="default 1000000; 0 skips it"
    )
    parser.add_argument(
        "--target-seconds",
        type=float,
        default=5.0,
        help="repetitions of the short run to take about this long (default 5)",
    )
    parser.add_argument("--no-pin", action="store_true", help="do not pin to one core")
    parser.add_argument("--json", type=Path, default=None, help="also write the figures here")
    args = parser.parse_args()
    if args.child:
        child(args.child)
        return 0

    pinning = "not pinned" if args.no_pin else pin_to_one_core()
    from strategies.rosters import get_roster

    names = get_roster(args.roster).names()
    print(f"roster {args.roster!r}: {len(names)} strategies, no noise, length told; {pinning}")
    figures = measure(
        names, args.short_turns, args.long_turns, args.longest_turns, args.target_seconds
    )

    header = (
        f"{'run':<36} {'batch':>7} {'match-turns':>14} {'seconds':>8} {'match-turns/s':>14} "
        f"{'peak MiB':>9}"
    )
    print(f"\n{header}")
    for r in figures["runs"]:
        print(
            f"{r['label']:<36} {r['batch_width']:>7,} {r['match_turns']:>14,} "
            f"{r['seconds']:>8.2f} {r['rate']:>14,.0f} {r['peak_rss_mib']:>9.0f}"
        )
    print("(batch: matches played together in one batch)")
    ratio, same = figures["same_width_ratio"], figures["same_width_ratio"]
    verdict = "ok" if ratio >= TARGET_RATIO else "BELOW TARGET"
    print(f"\nlong / short throughput: {ratio:.2f} (target >= {TARGET_RATIO:.2f}): {verdict}")
    if figures["same_width_ratio"] != ratio:
        print(f"long / short throughput, batches of the same width: {same:.2f}")
    longest = figures["longest_ratio"]
    if longest is not None:
        verdict = "ok" if longest >= TARGET_RATIO else "BELOW TARGET"
        print(
            f"longest / short throughput: {longest:.2f} (target >= {TARGET_RATIO:.2f}): {verdict}"
        )
        ratio = min(ratio, longest)
    if args.json:
        figures.update(
            roster=args.roster, python=platform.python_version(), machine=platform.machine()
        )
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(figures, indent=2) + "\n")
    return 0 if ratio >= TARGET_RATIO else 1


if __name__ == "__main__":
    sys.exit(main())
