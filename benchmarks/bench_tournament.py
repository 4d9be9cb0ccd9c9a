"""Throughput of this engine against the Axelrod library on the same tournament.

Plays one tournament (every native memory-one-or-simpler strategy that has an
Axelrod-library equivalent, 200 turns, noise 0.05) in both engines in one run, pinned to
one core, and prints times, throughputs (match-turns per second) and their ratio. Then
runs ``ipd tournament`` on the same roster with about 50 million match-turns, start-up
and writing results included, and compares its throughput with the library's.

    python benchmarks/bench_tournament.py            # about a minute
    python benchmarks/bench_tournament.py --json results/bench.json

The Axelrod library is timed with ``build_results=False`` (play only, no result-set
analysis), ours with the summary table built: a conservative comparison.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

TURNS, NOISE, SEED = 200, 0.05, 1


def pin_to_one_core() -> str:
    os.environ.update(OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1", MKL_NUM_THREADS="1")
    if hasattr(os, "sched_setaffinity"):
        core = min(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {core})
        return f"pinned to core {core}"
    return "not pinned (no sched_setaffinity on this platform)"


def roster() -> tuple[list[str], list]:
    """Native names and Axelrod players for every strategy of memory depth <= 1 in both."""
    import axelrod as axl

    from strategies import REGISTRY

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        library = {}
        for cls in axl.all_strategies:
            try:
                library[str(cls())] = cls
            except Exception:  # noqa: BLE001 - classes that need arguments are not candidates
                continue
        names, players = [], []
        for cls in REGISTRY:
            if cls.memory_depth is None or cls.memory_depth > 1:
                continue
            equivalent = library.get(cls().axelrod_name() or "")
            if equivalent is not None and equivalent.classifier["memory_depth"] <= 1:
                names.append(cls.name)
                players.append(equivalent())
    return names, players


def roster_by_name(roster: str) -> tuple[list[str], list]:
    """A preset roster's native names and their Axelrod-library players."""
    from strategies import REGISTRY
    from strategies.interop import axelrod_catalogue
    from strategies.rosters import get_roster

    names = get_roster(roster).names()
    catalogue = axelrod_catalogue()
    players = [catalogue[REGISTRY.create(n).axelrod_name()]() for n in names]
    return names, players


def compare(names: list[str], players: list, target_seconds: float) -> dict[str, float]:
    """Play the same tournament in both engines; repetitions aimed at the library taking
    about ``target_seconds``."""
    pairs = len(names) * (len(names) + 1) // 2
    per_repetition = time_axelrod(players, 2) / 2
    repetitions = max(2, math.ceil(target_seconds / per_repetition))
    axelrod_s = time_axelrod(players, repetitions)
    time_native(names, 1)  # warm-up: imports, first allocations
    native_s = time_native(names, repetitions)
    match_turns = pairs * repetitions * TURNS
    return {
        "strategies": len(names),
        "repetitions": repetitions,
        "match_turns": match_turns,
        "axelrod_seconds": axelrod_s,
        "native_seconds": native_s,
        "axelrod_rate": match_turns / axelrod_s,
        "native_rate": match_turns / native_s,
        "ratio": axelrod_s / native_s,
    }


def time_axelrod(players: list, repetitions: int) -> float:
    import axelrod as axl

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        tour = axl.Tournament(
            [type(p)() for p in players],
            turns=TURNS,
            repetitions=repetitions,
            noise=NOISE,
            seed=SEED,
        )
        start = time.perf_counter()
        tour.play(processes=None, progress_bar=False, build_results=False)
        return time.perf_counter() - start


def time_native(names: list[str], repetitions: int) -> float:
    from tournament import Tournament

    start = time.perf_counter()
    results = Tournament(names, turns=TURNS, noise=NOISE, repetitions=repetitions, seed=SEED).play()
    _ = results.summary
    return time.perf_counter() - start


def time_cli(names: list[str], repetitions: int) -> float:
    with tempfile.TemporaryDirectory() as out:
        command = [
            sys.executable,
            "-m",
            "tournament.cli",
            "tournament",
            *names,
            "--turns",
            str(TURNS),
            "--noise",
            str(NOISE),
            "--repetitions",
            str(repetitions),
            "--seed",
            str(SEED),
            "--out",
            out,
            "--quiet",
        ]
        start = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
        return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--target-seconds",
        type=float,
        default=12.0,
        help="aim the Axelrod run at about this long (default 12)",
    )
    parser.add_argument(
        "--cli-match-turns",
        type=float,
        default=5e7,
        help="match-turns for the ipd tournament run (default 5e7)",
    )
    parser.add_argument("--skip-cli", action="store_true", help="skip the ipd tournament run")
    parser.add_argument("--skip-first", action="store_true", help="skip the axelrod-first case")
    parser.add_argument("--json", type=Path, default=None, help="also write the figures here")
    args = parser.parse_args()

    pinning = pin_to_one_core()
    names, players = roster()
    pairs = len(names) * (len(names) + 1) // 2
    print(f"{TURNS} turns, noise {NOISE}; {pinning}")
    print(f"case 1: {len(names)} strategies in both libraries (memory depth <= 1)")
    first = compare(names, players, args.target_seconds)
    axelrod_rate = first["axelrod_rate"]
    rows = [
        (
            f"memory-one field, Axelrod library, {first['repetitions']} reps",
            first["axelrod_seconds"],
            first["axelrod_rate"],
            1.0,
        ),
        (
            "  same tournament, this engine (Python API)",
            first["native_seconds"],
            first["native_rate"],
            first["ratio"],
        ),
    ]
    figures: dict[str, object] = {"memory_one": first}
    if not args.skip_cli:
        cli_reps = max(1, round(args.cli_match_turns / (pairs * TURNS)))
        cli_turns = pairs * cli_reps * TURNS
        api_s = time_native(names, cli_reps)
        rows.append(
            (
                f"  this engine (Python API), {cli_reps} reps",
                api_s,
                cli_turns / api_s,
                cli_turns / api_s / axelrod_rate,
            )
        )
        cli_s = time_cli(names, cli_reps)
        rows.append(
            (
                f"  ipd tournament, {cli_reps} reps, all files",
                cli_s,
                cli_turns / cli_s,
                cli_turns / cli_s / axelrod_rate,
            )
        )
        figures["cli"] = {
            "repetitions": cli_reps,
            "match_turns": cli_turns,
            "api_seconds": api_s,
            "cli_seconds": cli_s,
            "api_ratio": cli_turns / api_s / axelrod_rate,
            "cli_ratio": cli_turns / cli_s / axelrod_rate,
        }
    if not args.skip_first:
        print("case 2: the axelrod-first roster")
        names2, players2 = roster_by_name("axelrod-first")
        second = compare(names2, players2, args.target_seconds)
        rows.append(
            (
                f"axelrod-first, Axelrod library, {second['repetitions']} reps",
                second["axelrod_seconds"],
                second["axelrod_rate"],
                1.0,
            )
        )
        rows.append(
            (
                "  same tournament, this engine (Python API)",
                second["native_seconds"],
                second["native_rate"],
                second["ratio"],
            )
        )
        figures["axelrod_first"] = second

    print(f"\n{'run':<48} {'seconds':>8} {'match-turns/s':>14} {'ratio':>7}")
    for label, seconds, rate, ratio in rows:
        print(f"{label:<48} {seconds:>8.2f} {rate:>14,.0f} {ratio:>6.0f}x")
    if args.json:
        figures.update(python=platform.python_version(), machine=platform.machine())
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(figures, indent=2) + "\n")


if __name__ == "__main__":
    main()
