"""Ashlock fingerprints in this engine against the Axelrod library's, in one run.

Fingerprints 20 strategies (the classic roster and five more, all with a library
equivalent, deterministic and stochastic) against the Tit For Tat probe on a 51 x 51
grid (step 0.02, 2,601 points), with the library's defaults: 50 turns, 10 repetitions.
That is 520,200 matches, 26 million match-turns. Both sides are pinned to one core; the
library runs ``AshlockFingerprint(...).fingerprint(progress_bar=False)`` once per
strategy (its only way), ours ``ashlock_fingerprint`` once for all 20 (one batch of
matches, in chunks) and once per strategy. The target is 100 times the library.

    python benchmarks/bench_fingerprints.py                          # the library: ~1 h
    python benchmarks/bench_fingerprints.py --library-sample 2       # time 2, extrapolate
    python benchmarks/bench_fingerprints.py --strategies 2 --step 0.25   # a quick check

``--library-sample K`` times the library on the first K strategies only and scales its
time to all of them (per strategy, the library's cost is the same for every strategy
up to its own per-move cost, so this is an estimate, and the output says so). The
script also prints each strategy's mean value over the grid in both engines, as a
sanity check (the test suite checks agreement properly).
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import tempfile
import time
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_tournament import pin_to_one_core  # noqa: E402

TURNS, REPETITIONS, STEP, SEED = 50, 10, 0.02, 1
EXTRA = ("Adaptive", "Hard Prober", "Stochastic WSLS", "Firm But Fair", "Hard Tit For Tat")


def field(n: int) -> list[str]:
    from strategies.rosters import get_roster

    names = [*get_roster("classic").names(), *EXTRA]
    if not 1 <= n <= len(names):
        raise SystemExit(f"--strategies must be between 1 and {len(names)}, got {n}")
    return names[:n]


def time_library(names: list[str], step: float) -> tuple[float, dict[str, float]]:
    """Seconds for the library to fingerprint each of ``names``, and its grid means."""
    import axelrod as axl
    import numpy as np

    from tournament.agreement.library import library_player

    means, started = {}, time.perf_counter()
    with warnings.catch_warnings(), tempfile.TemporaryDirectory() as folder:
        warnings.simplefilter("ignore")
        for i, name in enumerate(names):
            fingerprint = axl.AshlockFingerprint(library_player(name), axl.TitForTat)
            data = fingerprint.fingerprint(
                turns=TURNS,
                repetitions=REPETITIONS,
                step=step,
                progress_bar=False,
                seed=SEED + i,
                filename=str(Path(folder) / f"{i}.csv"),
            )
            means[name] = float(np.mean(list(data.values())))
    return time.perf_counter() - started, means


def time_ours(names: list[str], step: float) -> tuple[float, float, dict[str, float], int]:
    """Seconds for all ``names`` in one call, for one call per strategy, the grid
    means and the number of points."""
    from tournament.research import ashlock_fingerprint

    ashlock_fingerprint(names, turns=2, repetitions=1, step=1, seed=SEED)  # warm-up
    started = time.perf_counter()
    together = ashlock_fingerprint(
        names, turns=TURNS, repetitions=REPETITIONS, step=step, seed=SEED
    )
    batch = time.perf_counter() - started
    started = time.perf_counter()
    for name in names:
        ashlock_fingerprint(name, turns=TURNS, repetitions=REPETITIONS, step=step, seed=SEED)
    each = time.perf_counter() - started
    means = together.values.groupby("strategy", sort=False)["score"].mean()
    labels = dict(zip(together.strategies, names, strict=True))
    return batch, each, {labels[k]: float(v) for k, v in means.items()}, together.params["points"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--strategies", type=int, default=20, help="How many (default 20).")
    parser.add_argument("--step", type=float, default=STEP, help="Grid step (default 0.02).")
    parser.add_argument(
        "--library-sample", type=int, default=None, help="Time the library on this many only."
    )
    parser.add_argument("--json", type=Path, help="Also write the figures to this file.")
    args = parser.parse_args()
    pinning = pin_to_one_core()
    names = field(args.strategies)
    sample = names[: args.library_sample] if args.library_sample else names

    batch, each, ours, points = time_ours(names, args.step)
    library, theirs = time_library(sample, args.step)
    scaled = library * len(names) / len(sample)
    turns = len(names) * points * REPETITIONS * TURNS
    estimate = "" if len(sample) == len(names) else f" (estimate from {len(sample)})"
    print(
        f"{len(names)} strategies x {points} points x {REPETITIONS} repetitions x {TURNS} "
        f"turns = {turns:,} match-turns; Tit For Tat probe; {pinning}"
    )
    print(f"Axelrod library, one strategy at a time: {scaled:8.2f} s{estimate}")
    print(f"ours, all in one call:                   {batch:8.2f} s  {scaled / batch:7.0f}x")
    print(f"ours, one call per strategy:             {each:8.2f} s  {scaled / each:7.0f}x")
    print("mean over the grid (ours / library):")
    for name in sample:
        print(f"  {name:<24} {ours[name]:.3f} / {theirs[name]:.3f}")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        record = {
            "platform": platform.platform(),
            "strategies": names,
            "points": points,
            "match_turns": turns,
            "library_seconds": round(scaled, 3),
            "library_sample": len(sample),
            "ours_batch_seconds": round(batch, 3),
            "ours_each_seconds": round(each, 3),
        }
        args.json.write_text(json.dumps(record, indent=2) + "\n")


if __name__ == "__main__":
    main()
