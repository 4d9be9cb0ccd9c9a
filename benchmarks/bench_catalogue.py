"""The whole field against the Axelrod library: its 222 short-run-time strategies.

Plays the library's ``short_run_time_strategies`` (the field of Harper et al. 2017) in
both engines in one run, pinned to one core: 200 turns, no noise, ``--repetitions``
(default 2). Ours plays the ``axelrod-short`` roster, natively where a strategy is
implemented and through the adapter (at the library's speed) where it is not; the run
says how many are native. Then the same tournament through ``ipd tournament``, start-up
and every result file included, and a long-horizon case: the native part of the field at
20,000 turns, whose throughput is compared with the 200-turn one.

    python benchmarks/bench_catalogue.py                 # several minutes (the library)
    python benchmarks/bench_catalogue.py --skip-library  # ours only
    python benchmarks/bench_catalogue.py --json results/bench_catalogue.json

The library is timed with ``build_results=False`` (play only), ours with the summary
table built.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_tournament import pin_to_one_core  # noqa: E402

TURNS, SEED, LONG_TURNS = 200, 1, 20_000
#: Timed runs of the command line, each with and without figures in turn (the best is
#: kept), after one of each not timed.
CLI_RUNS = 5


def time_library(repetitions: int) -> tuple[float, int]:
    """Seconds to play the library's short-run-time field, and its size."""
    import axelrod as axl

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        players = [cls() for cls in axl.short_run_time_strategies]
        tour = axl.Tournament(players, turns=TURNS, repetitions=repetitions, seed=SEED)
        start = time.perf_counter()
        tour.play(processes=None, progress_bar=False, build_results=False)
        return time.perf_counter() - start, len(players)


def time_ours(names: list[str], turns: int, repetitions: int) -> float:
    from tournament import Tournament

    start = time.perf_counter()
    results = Tournament(names, turns=turns, repetitions=repetitions, seed=SEED).play()
    _ = results.summary
    return time.perf_counter() - start


def time_cli(repetitions: int, runs: int = CLI_RUNS) -> dict[bool, list[float]]:
    """Seconds of ``ipd tournament`` on the field, start-up and result files included,
    with its two PNG figures (``True``) and with ``--no-plots`` (``False``): ``runs``
    of each, in turn, after one of each not timed (as a user's second run: Python's
    compiled modules cached, the files in the page cache). Taking turns, both see the
    same phases of a machine whose speed varies from one minute to the next. Python may
    write its bytecode cache here even where the environment says not to
    (``PYTHONDONTWRITEBYTECODE``), as an installed package has it."""
    environment = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    command = [
        sys.executable,
        "-m",
        "tournament.cli",
        "tournament",
        "--roster",
        "axelrod-short",
        "--turns",
        str(TURNS),
        "--repetitions",
        str(repetitions),
        "--seed",
        str(SEED),
        "--quiet",
    ]
    times: dict[bool, list[float]] = {True: [], False: []}
    for run in range(runs + 1):
        for plots in (True, False):
            with tempfile.TemporaryDirectory() as out:
                start = time.perf_counter()
                subprocess.run(
                    [*command, "--out", out, *([] if plots else ["--no-plots"])],
                    check=True,
                    stdout=subprocess.DEVNULL,
                    env=environment,
                )
                if run:
                    times[plots].append(time.perf_counter() - start)
    return times


def match_turns(n: int, repetitions: int, turns: int) -> int:
    return n * (n + 1) // 2 * repetitions * turns


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repetitions", type=int, default=2, help="repetitions (default 2)")
    parser.add_argument("--skip-library", action="store_true", help="do not time the library")
    parser.add_argument("--skip-cli", action="store_true", help="skip the ipd tournament run")
    parser.add_argument("--json", type=Path, default=None, help="also write the figures here")
    args = parser.parse_args()

    from strategies.rosters import get_roster

    pinning = pin_to_one_core()
    field = get_roster("axelrod-short").names()
    native = [name for name in field if not name.startswith("axelrod:")]
    print(f"{TURNS} turns, no noise, {args.repetitions} repetitions; {pinning}")
    print(
        f"axelrod-short: {len(field)} strategies, {len(native)} native, "
        f"{len(field) - len(native)} through the adapter"
    )
    figures: dict[str, object] = {"strategies": len(field), "native": len(native)}
    rows = []
    turns_field = match_turns(len(field), args.repetitions, TURNS)
    if not args.skip_library:
        library_s, size = time_library(args.repetitions)
        library_turns = match_turns(size, args.repetitions, TURNS)
        rows.append(("Axelrod library, its 222 strategies", library_s, library_turns / library_s))
        figures.update(library_seconds=library_s, library_rate=library_turns / library_s)
    time_ours(native[:5], TURNS, 1)  # warm-up: imports, first allocations
    ours_s = time_ours(field, TURNS, args.repetitions)
    rows.append(("this engine, axelrod-short (Python API)", ours_s, turns_field / ours_s))
    figures.update(ours_seconds=ours_s, ours_rate=turns_field / ours_s)
    if not args.skip_cli:
        times = time_cli(args.repetitions)
        cli_s, bare_s = min(times[True]), min(times[False])
        rows.append(("ipd tournament --roster axelrod-short", cli_s, turns_field / cli_s))
        rows.append(("  the same with --no-plots", bare_s, turns_field / bare_s))
        medians = {plots: statistics.median(runs) for plots, runs in times.items()}
        print(
            f"ipd tournament, best of {CLI_RUNS} (median): "
            f"{cli_s:.2f} s ({medians[True]:.2f} s) with figures, "
            f"{bare_s:.2f} s ({medians[False]:.2f} s) without"
        )
        figures.update(
            cli_seconds=cli_s,
            cli_rate=turns_field / cli_s,
            cli_no_plots_seconds=bare_s,
            cli_no_plots_rate=turns_field / bare_s,
            cli_median_seconds=medians[True],
            cli_no_plots_median_seconds=medians[False],
        )
    # one repetition each: with more, deterministic pairs are played once and copied,
    # which would flatter the short run's throughput
    short_s = time_ours(native, TURNS, 1)
    long_s = time_ours(native, LONG_TURNS, 1)
    short_rate = match_turns(len(native), 1, TURNS) / short_s
    long_rate = match_turns(len(native), 1, LONG_TURNS) / long_s
    rows.append((f"native part, {TURNS} turns, 1 repetition", short_s, short_rate))
    rows.append((f"native part, {LONG_TURNS:,} turns, 1 repetition", long_s, long_rate))
    figures.update(native_200_rate=short_rate, native_20000_rate=long_rate)

    base = figures.get("library_rate")
    print(f"\n{'run':<46} {'seconds':>9} {'match-turns/s':>15} {'vs library':>11}")
    for label, seconds, rate in rows:
        ratio = f"{rate / base:>10.0f}x" if base else f"{'-':>11}"
        print(f"{label:<46} {seconds:>9.2f} {rate:>15,.0f} {ratio}")
    print(
        f"\n{LONG_TURNS:,}-turn throughput / {TURNS}-turn throughput: "
        f"{long_rate / short_rate:.0%} (target: at least 70%)"
    )
    if args.json:
        figures.update(python=platform.python_version(), machine=platform.machine())
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(figures, indent=2) + "\n")


if __name__ == "__main__":
    main()
