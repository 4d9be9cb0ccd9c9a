"""Live parts of the web classroom: server-sent events that push re-rendered page
fragments when the classroom changes, and the class tournament run in a background
thread with its progress."""

from __future__ import annotations

import asyncio
import json
import sys
import threading
import time
import traceback
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field

from starlette.concurrency import run_in_threadpool

from strategies.errors import IPDError

__all__ = ["RELOAD", "TournamentJob", "event_stream"]

#: A fragment key whose value changing makes the page reload (new charts, say).
RELOAD = "__reload__"


@dataclass
class TournamentJob:
    """The class tournament in a background thread: one at a time, with its progress."""

    running: bool = False
    done: int = 0
    total: int = 0
    error: str | None = None
    finished: int = 0  # runs completed since the server started
    tick: int = 0  # +1 on every change of the above, for the event streams
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def start(self, run: Callable[[Callable[[int, int], None]], None]) -> bool:
        """Start ``run(progress)`` in a thread; False if a run is going on already."""
        with self._lock:
            if self.running:
                return False
            self.running, self.done, self.total, self.error = True, 0, 0, None
            self.tick += 1
        threading.Thread(target=self._work, args=(run,), daemon=True, name="tournament").start()
        return True

    def _progress(self, done: int, total: int) -> None:
        with self._lock:
            self.done, self.total = done, total
            self.tick += 1

    def _work(self, run: Callable[[Callable[[int, int], None]], None]) -> None:
        error = None
        try:
            run(self._progress)
        except IPDError as exc:
            error = str(exc)
        except Exception as exc:  # a bug: keep the server up, say so, log the details
            traceback.print_exc(file=sys.stderr)
            error = f"an unexpected error ({type(exc).__name__}); the server's log has details"
        with self._lock:
            self.running, self.error = False, error
            self.finished += error is None
            self.tick += 1


def _event(name: str, data: str) -> str:
    return f"event: {name}\ndata: {data}\n\n"


async def event_stream(
    version: Callable[[], tuple[int, int]],
    render: Callable[[], dict[str, str]],
    *,
    lifetime: float,
    since: tuple[int, int] | None = None,
    poll: float = 0.05,
    throttle: float = 0.0,
    keepalive: float = 15.0,
) -> AsyncIterator[str]:
    """Server-sent events for one page: whenever ``version()`` changes, ``render()`` the
    page's live fragments (in a worker thread) and send those whose HTML changed, as
    ``fragment`` events of ``{"id", "html"}``; a change of the :data:`RELOAD` entry sends
    ``reload``. ``since``: the version the page was drawn at; while it holds, the page
    is up to date and nothing is sent (a button is not replaced under a finger). The
    version is checked every ``poll`` seconds; pages costly to draw (the instructor's, the
    wall) are drawn at most once per ``throttle`` seconds. Ends after ``lifetime`` seconds
    (the browser reconnects by itself)."""
    yield "retry: 2000\n\n"
    sent: dict[str, str] = {}
    last = None
    if since is not None and version() == since:
        drawn = await run_in_threadpool(render)
        if version() == since:  # nothing changed while drawing: the page has it all
            sent, last = drawn, since
    end = time.monotonic() + lifetime
    quiet_since = time.monotonic()
    next_draw = 0.0
    while True:
        now = version()
        if now != last and time.monotonic() >= next_draw:
            last = now
            next_draw = time.monotonic() + throttle
            for key, html in (await run_in_threadpool(render)).items():
                if sent.get(key) == html:
                    continue
                if key == RELOAD:
                    if key in sent:
                        yield _event("reload", "{}")
                        return
                else:
                    yield _event("fragment", json.dumps({"id": key, "html": html}))
                sent[key] = html
                quiet_since = time.monotonic()
        if time.monotonic() >= end:
            return
        if time.monotonic() - quiet_since > keepalive:
            yield ": still here\n\n"
            quiet_since = time.monotonic()
        await asyncio.sleep(poll)
