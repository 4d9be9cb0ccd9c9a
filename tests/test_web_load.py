"""The web classroom under a class's load (issue 16): a real ``ipd serve`` on a free
loopback port, 60 students joining at once and playing 50 moves each against each other,
all concurrent (``tests/web_load.py`` drives them). No move may be lost and every request
must be answered with a 2xx or 3xx status; the timings are printed, not asserted
(``benchmarks/bench_web_load.py`` measures them against the target)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from tests.web_load import Server, run_load, summary_lines, verify_store

STUDENTS, MOVES = 60, 50

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="reads the server's memory from /proc"
)


def test_sixty_students_play_fifty_moves_each_at_once_and_no_move_is_lost(tmp_path: Path):
    with Server(tmp_path, turns=MOVES) as server:
        before = server.memory()
        result = run_load(server, STUDENTS, MOVES, "humans", timeout=150)
        after = server.memory()
        assert server.proc is not None and server.proc.poll() is None, server.output
    print(f"\n{STUDENTS} students x {MOVES} moves, humans:", *summary_lines(result), sep="\n")
    print(
        f"server RSS {before['rss_mib']:.0f} MiB before, {after['rss_mib']:.0f} MiB after, "
        f"peak {after['peak_rss_mib']:.0f} MiB"
    )

    assert result.errors == [], result.errors[:5]
    # every student saw its own page show a finished match of MOVES turns
    assert result.bad_matches == [], result.bad_matches[:5]
    assert len(result.latencies["join"]) == STUDENTS
    assert len(result.latencies["move"]) == STUDENTS * MOVES  # each answered 303
    # each saw its match appear, and every partner's move, on its page's event stream
    assert result.missed_updates == [], result.missed_updates[:5]
    assert len(result.latencies["opened"]) == STUDENTS

    stored = verify_store(server.folder, MOVES)  # the server stopped: reopened from disk
    assert stored["students"] == STUDENTS
    incomplete = {name: t for name, t in stored["turns"].items() if t != (MOVES, True)}
    assert incomplete == {}, f"matches without {MOVES} resolved turns: {incomplete}"
