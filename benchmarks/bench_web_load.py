"""The web classroom under a class's load: a real ``ipd serve`` on the loopback address,
students joining at once and playing their matches move by move.

Starts ``ipd serve --turns MOVES`` in a subprocess (a scratch classroom), then, in this
process, simulates ``--students`` phones (one ``httpx.AsyncClient`` each): all join at
once (join page, join form, play page, stylesheet and script), the instructor opens a
round (``--opponents humans``: students in pairs, each waiting for its partner's move on
its page's event stream, as a phone does; ``bots``: each against a bot, loading the play
page after every move, as the no-JavaScript form flow does) and every student plays
``--moves`` moves. The instructor's dashboard and the projected wall stay open on their
event streams (``--no-watchers``: not). ``--think S``: a student waits S seconds on
average before each move (0: at once, the hardest case).

Prints response times by kind of request (p50/p95/p99/max), requests per second, errors,
the live-update latencies, the server's resident memory before and after the session
and at its peak (``/proc/<pid>/status``: VmRSS, VmHWM), its CPU time, and the size of the
classroom's SQLite file; then checks that no move was lost (every student's page and the
reopened classroom show a finished match of MOVES turns). Exit status 1 if a move was
lost, a request failed or a live update never came. The load generator runs on the same
machine as the server and takes CPU from it: on 2 cores the figures are an upper bound
of what a class sees.

    python benchmarks/bench_web_load.py                     # 60 students, humans, ~20 s
    python benchmarks/bench_web_load.py --opponents bots --json results/web_load.json
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.web_load import Server, run_load, summary_lines, verify_store  # noqa: E402

TARGET_MS = 100.0


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--students", type=int, default=60, help="simulated students (60)")
    parser.add_argument("--moves", type=int, default=50, help="moves each = match turns (50)")
    parser.add_argument("--opponents", choices=("humans", "bots"), default="humans")
    parser.add_argument("--think", type=float, default=0.0, help="mean seconds before a move")
    parser.add_argument("--no-watchers", dest="watchers", action="store_false")
    parser.add_argument("--timeout", type=float, default=600.0, help="give up after (s)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    return parser.parse_args(argv)


def machine() -> dict[str, object]:
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return {
        "cores": cores,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "load_average_before": os.getloadavg()[0],
    }


def measure(args: argparse.Namespace, workdir: Path) -> dict[str, object]:
    """Run the session against a fresh server; every figure of the report."""
    server = Server(workdir, turns=args.moves, seed=args.seed)
    server.start()
    try:
        before, cpu_before = server.memory(), server.cpu_seconds()
        result = run_load(
            server,
            args.students,
            args.moves,
            args.opponents,
            think=args.think,
            watchers=args.watchers,
            timeout=args.timeout,
            seed=args.seed,
        )
        after, cpu = server.memory(), server.cpu_seconds() - cpu_before
        running = server.database_bytes()
    finally:
        server.stop()
    stored = verify_store(server.folder, args.moves)
    complete = sum(done for _, done in stored["turns"].values())
    resolved = sum(turns for turns, _ in stored["turns"].values())
    stats = result.stats()
    return {
        "settings": {k: str(v) if isinstance(v, Path) else v for k, v in vars(args).items()},
        "machine": machine(),
        "latency_ms": stats,
        "requests": result.requests,
        "seconds": result.seconds,
        "requests_per_second": result.requests / result.seconds,
        "errors": len(result.errors),
        "error_examples": result.errors[:5],
        "wrong_pages": result.bad_matches[:5],
        "missed_updates": len(result.missed_updates),
        "missed_examples": result.missed_updates[:5],
        "watcher_events": result.watcher_events,
        "server": {
            "rss_before_mib": before["rss_mib"],
            "rss_after_mib": after["rss_mib"],
            "peak_rss_mib": after["peak_rss_mib"],
            "cpu_seconds": cpu,
        },
        "client_cpu_seconds": result.client_cpu_seconds,
        "sqlite": {**running, "sqlite_bytes_after_stop": server.database_bytes()["sqlite_bytes"]},
        "stored": {"students": stored["students"], "complete_matches": complete},
        "lines": summary_lines(result),
        "moves_lost": result.students * result.moves - resolved,
    }


def report(figures: dict) -> list[str]:
    s, m, server, db = figures["settings"], figures["machine"], figures["server"], figures["sqlite"]
    p95 = figures["latency_ms"]["requests"]["p95"]
    think = f"{s['think']:g} s think time" if s["think"] else "no think time (at once)"
    lines = [
        f"Web classroom load: {s['students']} students x {s['moves']} moves against "
        f"{s['opponents']}, {think}, instructor's pages "
        f"{'open on their event streams' if s['watchers'] else 'closed'}",
        f"on {m['cores']} cores, Python {m['python']}, {m['platform']} (load average "
        f"{m['load_average_before']:.2f} before; server and load generator share the cores)",
        "",
        "Response times by kind (page: GET /, /play, instructor's pages; join, move: form",
        "posts; stream: event stream opened; static: CSS and JS; action: open the round).",
        "Live updates, not response times: opened = instructor's click -> a student's",
        "match appears; event = a partner's move sent -> the waiting student's page updated.",
        *figures["lines"],
        f"p95 of all responses: {p95:.1f} ms (target under {TARGET_MS:.0f} ms: "
        f"{'met' if p95 < TARGET_MS else 'NOT met'})",
        "",
        f"Server memory (RSS): {server['rss_before_mib']:.1f} MiB before the session, "
        f"{server['rss_after_mib']:.1f} MiB after, peak {server['peak_rss_mib']:.1f} MiB "
        f"(+{server['peak_rss_mib'] - server['rss_before_mib']:.1f} MiB for the session)",
        f"Server CPU: {server['cpu_seconds']:.1f} s over the {figures['seconds']:.1f} s "
        f"session; load generator CPU: {figures['client_cpu_seconds']:.1f} s",
        f"SQLite: {db['sqlite_bytes'] / 1024:.0f} KiB + {db['wal_bytes'] / 1024:.0f} KiB "
        f"write-ahead log while running; {db['sqlite_bytes_after_stop'] / 1024:.0f} KiB "
        "after the server stopped",
        f"Moves lost: {figures['moves_lost']} (the reopened classroom: "
        f"{figures['stored']['students']} students, {figures['stored']['complete_matches']} "
        f"matches finished with {s['moves']} turns); failed requests: {figures['errors']}",
    ]
    lines += [f"  error: {e}" for e in figures["error_examples"]]
    lines += [f"  wrong page: {e}" for e in figures["wrong_pages"]]
    if figures["missed_updates"]:
        lines.append(
            f"Live updates missed (no event within the stall limit; the student reloaded): "
            f"{figures['missed_updates']}"
        )
        lines += [f"  missed: {e}" for e in figures["missed_examples"]]
    return lines


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="ipd-web-load-") as scratch:
        started = time.perf_counter()
        figures = measure(args, Path(scratch))
    figures["total_seconds"] = time.perf_counter() - started
    print("\n".join(report(figures)))
    if args.json is not None:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(figures, indent=2) + "\n")
        print(f"Figures written to {args.json}")
    stored = figures["stored"]
    incomplete = stored["complete_matches"] != args.students or stored["students"] != args.students
    failed = figures["moves_lost"] or incomplete or figures["errors"] or figures["wrong_pages"]
    failed = failed or figures["missed_updates"]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
