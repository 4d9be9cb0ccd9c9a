"""A load on the web classroom (``ipd serve``), shared by ``tests/test_web_load.py`` and
``benchmarks/bench_web_load.py``.

:class:`Server` runs a real ``ipd serve`` in a subprocess on a free loopback port (its own
classroom under a scratch folder, matches of ``moves`` turns) and reads its memory from
``/proc``. :func:`run_load` drives it as a class would, every student an
``httpx.AsyncClient`` with its own cookies, all at once:

* every student opens the join page, posts the join form, loads the play page (and the
  stylesheet and script, once), then listens to the page's event stream;
* the instructor loads the dashboard and opens a round (``humans``: students in pairs;
  ``bots``: each against a bot); with ``watchers`` the dashboard and the projected wall
  stay open on their own event streams for the whole session;
* ``humans``: a student posts a move, loads the play page the redirect leads to (as the
  form flow does) and, if the partner has not moved yet, listens to that page's event
  stream until the turn is resolved; the time from the partner's click (its move being
  sent) to that event is the *event* latency. ``bots``: a student posts its moves one
  after another, loading the play page after each.

Every response is timed by kind (join, page, move, stream, static, action) and checked:
a status other than 2xx/3xx, or a transport error, is an error. At the end every
student's play page must show the finished match with ``moves`` turns, and
:func:`verify_store` reopens the classroom with :meth:`Classroom.open` to count them.
"""

from __future__ import annotations

import asyncio
import contextlib
import html
import json
import os
import random
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import numpy as np

__all__ = ["LoadResult", "Server", "run_load", "summary_lines", "verify_store"]

ROOT = Path(__file__).resolve().parents[1]
CLASSROOM = "load"
_EVENTS = re.compile(r'data-events="([^"]+)"')
_WAITING = "Waiting for your opponent"
#: Latencies of live notices, from a click to the event on another page: ``opened``
#: (the instructor opens the round -> a student's match appears), ``event`` (a partner's
#: move is sent -> the waiting student's page shows the resolved turn).
NOTICE_KINDS = ("opened", "event")
#: Seconds without the awaited live update before it counts as missed.
STALL = 10.0


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _proc_status(pid: int) -> dict[str, int]:
    """VmRSS and VmHWM (peak RSS) of a process, in KiB."""
    values = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, rest = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            values[key] = int(rest.split()[0])
    return values


def _proc_cpu(pid: int) -> float:
    """User plus system CPU seconds the process has used."""
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class Server:
    """``ipd serve`` in a subprocess, on a free loopback port, in ``workdir``."""

    def __init__(self, workdir: Path, turns: int, seed: int = 1) -> None:
        self.workdir, self.turns, self.seed = workdir, turns, seed
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.folder = workdir / "results" / f"classroom-{CLASSROOM}"
        self.token = ""
        self.proc: subprocess.Popen[str] | None = None
        self._lines: list[str] = []

    def start(self, timeout: float = 30.0) -> None:
        """Start the server, read the instructor's token it prints, wait until it answers."""
        command = [sys.executable, "-m", "tournament.cli", "serve", "--classroom", CLASSROOM]
        command += ["--port", str(self.port), "--turns", str(self.turns), "--seed", str(self.seed)]
        env = {**os.environ, "PYTHONUNBUFFERED": "1", "PYTHONPATH": str(ROOT)}
        self.proc = subprocess.Popen(
            command,
            cwd=self.workdir,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        threading.Thread(target=self._drain, daemon=True).start()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"ipd serve exited early:\n{self.output}")
            found = re.search(r"/teacher\?token=(\S+)", self.output)
            if found:
                self.token = found.group(1)
                with contextlib.suppress(httpx.TransportError):
                    if httpx.get(self.url + "/", timeout=2).status_code == 200:
                        return
            time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"ipd serve did not answer within {timeout} s:\n{self.output}")

    def _drain(self) -> None:
        assert self.proc is not None and self.proc.stdout is not None
        for line in self.proc.stdout:
            self._lines.append(line)

    @property
    def output(self) -> str:
        return "".join(self._lines)

    @property
    def pid(self) -> int:
        assert self.proc is not None
        return self.proc.pid

    def memory(self) -> dict[str, float]:
        """The server's resident memory now and at its peak, in MiB."""
        status = _proc_status(self.pid)
        return {"rss_mib": status["VmRSS"] / 1024, "peak_rss_mib": status["VmHWM"] / 1024}

    def cpu_seconds(self) -> float:
        return _proc_cpu(self.pid)

    def database_bytes(self) -> dict[str, int]:
        """Sizes of the classroom's SQLite file and its write-ahead log."""
        database = self.folder / "classroom.sqlite"
        wal = database.with_name(database.name + "-wal")
        return {
            "sqlite_bytes": database.stat().st_size if database.exists() else 0,
            "wal_bytes": wal.stat().st_size if wal.exists() else 0,
        }

    def stop(self) -> None:
        """Ctrl-C, as the instructor would; killed if it does not stop within 15 s."""
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.send_signal(signal.SIGINT)
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=5)

    def __enter__(self) -> Server:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


@dataclass
class LoadResult:
    """What a load run measured (latencies in seconds, by kind of request)."""

    students: int
    moves: int
    opponents: str
    think: float = 0.0  # mean seconds a student waits before each move
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: list[str] = field(default_factory=list)
    bad_matches: list[str] = field(default_factory=list)  # students whose page is wrong
    missed_updates: list[str] = field(default_factory=list)  # events that never came
    watcher_events: int = 0
    seconds: float = 0.0  # the session, from the first join to the last move
    client_cpu_seconds: float = 0.0

    @property
    def requests(self) -> int:
        return sum(len(v) for k, v in self.latencies.items() if k not in NOTICE_KINDS)

    def record(self, kind: str, start: float, response: httpx.Response | None) -> None:
        self.latencies[kind].append(time.perf_counter() - start)
        if response is not None and not 200 <= response.status_code < 400:
            where = f"{response.request.method} {response.request.url.path}"
            try:
                text = response.text[:200]
            except httpx.ResponseNotRead:  # a stream
                text = ""
            self.errors.append(f"{where}: {response.status_code} {text!r}")

    def stats(self) -> dict[str, dict[str, float]]:
        """Count and p50/p95/p99/max in milliseconds, by kind; ``requests``: every
        response (not the :data:`NOTICE_KINDS`, which are not response times)."""
        out = {}
        groups = dict(self.latencies)
        groups["requests"] = [
            t for k, v in self.latencies.items() if k not in NOTICE_KINDS for t in v
        ]
        for kind, values in groups.items():
            if values:
                ms = np.array(values) * 1000
                q = np.percentile(ms, [50, 95, 99])
                out[kind] = {"n": len(ms), "p50": q[0], "p95": q[1], "p99": q[2], "max": ms.max()}
        return out


class _Student:
    """One simulated phone: its own cookies, its moves, its event streams."""

    def __init__(
        self, index: int, url: str, result: LoadResult, rng: random.Random, think: float
    ) -> None:
        self.index, self.result, self.rng, self.think = index, result, rng, think
        self.nickname = f"student-{index:03d}"
        self.client = httpx.AsyncClient(base_url=url, timeout=60.0)
        self.sent: dict[int, float] = {}  # turn -> when this student's move was sent
        self.partner: _Student | None = None

    async def request(self, kind: str, method: str, path: str, **kw: Any) -> httpx.Response:
        start = time.perf_counter()
        try:
            response = await self.client.request(method, path, **kw)
        except httpx.HTTPError as exc:
            self.result.record(kind, start, None)
            self.result.errors.append(f"{method} {path}: {type(exc).__name__} {exc}")
            raise
        self.result.record(kind, start, response)
        return response

    async def join(self) -> str:
        """The join page, the join form, the play page and its assets; the page's HTML."""
        await self.request("page", "GET", "/")
        joined = await self.request("join", "POST", "/join", data={"nickname": self.nickname})
        if joined.status_code != 303:
            raise RuntimeError(f"{self.nickname} could not join: {joined.status_code}")
        for asset in ("/static/style.css", "/static/live.js"):
            await self.request("static", "GET", asset)
        return (await self.request("page", "GET", "/play")).text

    async def listen(self, page: str, done: Callable[[str], bool], what: str) -> float | None:
        """Follow the page's event stream until a ``match`` fragment satisfies ``done``;
        when. A stream that ends first is reopened from a fresh page. If nothing comes for
        :data:`STALL` seconds more than the partner thinks, the update is missed (counted
        in ``missed_updates``, None returned) and the student reloads the page, as a
        person would."""
        missed = False
        while True:
            found = _EVENTS.search(page)
            if found is None:
                raise RuntimeError(f"{self.nickname}: the play page names no event stream")
            start = time.perf_counter()
            try:
                async with asyncio.timeout(STALL + 2 * self.think):
                    async with self.client.stream("GET", html.unescape(found.group(1))) as r:
                        self.result.record("stream", start, r)
                        async for name, data in _events(r):
                            message = json.loads(data) if name == "fragment" else {}
                            if message.get("id") == "match" and done(message["html"]):
                                return time.perf_counter()
            except TimeoutError:
                self.result.missed_updates.append(f"{self.nickname}: {what}")
                missed = True
            page = (await self.request("page", "GET", "/play")).text
            if done(page):
                return None if missed else time.perf_counter()

    async def move(self, turn: int) -> str:
        """Think, post a move for ``turn`` and load the page the redirect leads to."""
        if self.think:
            await asyncio.sleep(self.think * self.rng.uniform(0.5, 1.5))
        choice = self.rng.choice("01")
        self.sent[turn] = time.perf_counter()
        posted = await self.request("move", "POST", "/play", data={"move": choice})
        if posted.status_code != 303:
            raise RuntimeError(f"{self.nickname}, turn {turn + 1}: move refused: {posted.text}")
        return (await self.request("page", "GET", posted.headers["location"])).text

    async def play_humans(self, moves: int) -> None:
        for turn in range(moves):
            page = await self.move(turn)
            if _WAITING not in page:
                continue  # the partner moved first: the turn is resolved already
            what = f"turn {turn + 1} resolved"
            seen = await self.listen(page, lambda fragment: _WAITING not in fragment, what)
            if self.partner is not None and seen is not None:
                self.result.latencies["event"].append(seen - self.partner.sent[turn])

    async def play_bots(self, moves: int) -> None:
        for turn in range(moves):
            page = await self.move(turn)
            if _history_rows(page) != turn + 1:
                self.result.bad_matches.append(f"{self.nickname}: turn {turn + 1} not shown")

    async def check_finished(self, moves: int) -> None:
        page = (await self.request("page", "GET", "/play")).text
        rows = _history_rows(page)
        if rows != moves or f"Match over after {moves} turns" not in page:
            self.result.bad_matches.append(f"{self.nickname}: {rows} turns shown, not {moves}")


async def _events(stream: httpx.Response):
    """(event name, data) of a server-sent event stream."""
    name, data = "message", []
    async for line in stream.aiter_lines():
        if line.startswith("event:"):
            name = line[6:].strip()
        elif line.startswith("data:"):
            data.append(line[5:].lstrip())
        elif line == "":
            if data:
                yield name, "\n".join(data)
            name, data = "message", []


def _history_rows(page: str) -> int:
    """Turns in the play page's history table (two move badges a turn)."""
    return page.count('<span class="move ') // 2


async def _watch(client: httpx.AsyncClient, path: str, result: LoadResult) -> None:
    """The instructor's dashboard or wall, kept open on its event stream."""
    start = time.perf_counter()
    page = await client.get(path)
    result.record("page", start, page)
    found = _EVENTS.search(page.text)
    while found is not None:
        start = time.perf_counter()
        async with client.stream("GET", html.unescape(found.group(1))) as stream:
            result.record("stream", start, stream)
            async for _ in _events(stream):
                result.watcher_events += 1
        start = time.perf_counter()
        page = await client.get(path)
        result.record("page", start, page)
        found = _EVENTS.search(page.text)


def _pairs(folder: Path) -> dict[str, str | None]:
    """Who plays whom in round 1, by nickname (None: a bot), read from the database:
    the pages hide the opponent until the match is over."""
    import sqlite3

    uri = f"file:{folder / 'classroom.sqlite'}?mode=ro"
    with contextlib.closing(sqlite3.connect(uri, uri=True, timeout=30)) as db:
        names = dict(db.execute("SELECT id, nickname FROM students"))
        rows = db.execute("SELECT student0, student1 FROM matches WHERE round = 1").fetchall()
    pairs: dict[str, str | None] = {}
    for a, b in rows:
        if a is not None:
            pairs[names[a]] = names.get(b)
        if b is not None:
            pairs[names[b]] = names.get(a)
    return pairs


async def _session(server: Server, result: LoadResult, watchers: bool, seed: int) -> None:
    students = [
        _Student(i, server.url, result, random.Random(seed * 1000 + i), result.think)
        for i in range(result.students)
    ]
    teacher = httpx.AsyncClient(base_url=server.url, timeout=60.0)
    watching: list[asyncio.Task[None]] = []
    try:
        pages = await asyncio.gather(*(s.join() for s in students))
        start = time.perf_counter()
        response = await teacher.get("/teacher", params={"token": server.token})
        result.record("page", start, response)
        if watchers:
            for path in ("/teacher", "/wall"):
                watching.append(asyncio.create_task(_watch(teacher, path, result)))
        # students wait on their pages' event streams for the round's match to show
        buttons = [
            asyncio.create_task(s.listen(page, lambda html: 'name="move"' in html, "match"))
            for s, page in zip(students, pages, strict=True)
        ]
        await asyncio.sleep(0.2)  # the streams connect
        clicked = time.perf_counter()
        data = {"token": server.token, "opponents": result.opponents}
        result.record("action", clicked, await teacher.post("/teacher/round/open", data=data))
        for seen in await asyncio.gather(*buttons):
            if seen is not None:
                result.latencies["opened"].append(seen - clicked)
        await _play(students, server, result)
    finally:
        for task in watching:
            task.cancel()
        for outcome in await asyncio.gather(*watching, return_exceptions=True):
            if isinstance(outcome, Exception):
                result.errors.append(f"instructor's page: {type(outcome).__name__} {outcome}")
        await asyncio.gather(*(s.client.aclose() for s in students), teacher.aclose())


async def _play(students: list[_Student], server: Server, result: LoadResult) -> None:
    moves = result.moves
    if result.opponents == "humans":
        pairs = _pairs(server.folder)
        by_name = {s.nickname: s for s in students}
        for s in students:
            partner = pairs.get(s.nickname)
            s.partner = by_name[partner] if partner is not None else None
        await asyncio.gather(*(s.play_humans(moves) for s in students))
    else:
        await asyncio.gather(*(s.play_bots(moves) for s in students))
    await asyncio.gather(*(s.check_finished(moves) for s in students))


def run_load(
    server: Server,
    students: int,
    moves: int,
    opponents: str = "humans",
    *,
    think: float = 0.0,
    watchers: bool = True,
    timeout: float = 300.0,
    seed: int = 1,
) -> LoadResult:
    """Drive ``server`` (started, its matches ``moves`` long) with ``students`` students
    playing ``moves`` moves each against ``opponents`` ("humans" or "bots"), each
    waiting ``think`` seconds on average (uniform, 0.5 to 1.5 times) before a move, 0:
    at once; ``watchers``: the instructor's dashboard and wall are open on their event
    streams. Raises TimeoutError after ``timeout`` seconds."""
    if opponents not in ("humans", "bots"):
        raise ValueError(f"opponents: got {opponents!r}, expected 'humans' or 'bots'")
    result = LoadResult(students, moves, opponents, think)
    cpu, start = time.process_time(), time.perf_counter()
    asyncio.run(asyncio.wait_for(_session(server, result, watchers, seed), timeout))
    result.seconds = time.perf_counter() - start
    result.client_cpu_seconds = time.process_time() - cpu
    return result


def verify_store(folder: Path, moves: int) -> dict[str, Any]:
    """Reopen the classroom (the server stopped) and count what it holds: students, and
    for each its current match's resolved turns and whether it is finished."""
    from tournament.web.room import Classroom

    room = Classroom.open(folder)
    try:
        turns = {}
        for student in room.students():
            match = room.match_for(student.id)
            done = match is not None and match.finished and len(match.history) == moves
            turns[student.nickname] = (0 if match is None else match.turn, done)
        return {"students": len(turns), "turns": turns}
    finally:
        room.close()


def summary_lines(result: LoadResult) -> list[str]:
    """The latency table and the counts, as text."""
    lines = [f"{'kind':<10}{'n':>7}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'max ms':>9}"]
    for kind, s in result.stats().items():
        row = f"{kind:<10}{s['n']:>7}{s['p50']:>9.1f}{s['p95']:>9.1f}{s['p99']:>9.1f}"
        lines.append(row + f"{s['max']:>9.1f}")
    lines.append(
        f"{result.requests} requests in {result.seconds:.1f} s "
        f"({result.requests / result.seconds:.0f}/s), {len(result.errors)} errors, "
        f"{len(result.bad_matches)} wrong match pages, {len(result.missed_updates)} live "
        f"updates missed, {result.watcher_events} events to the instructor's pages"
    )
    return lines
