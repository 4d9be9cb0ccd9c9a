"""The web classroom survives its server: the real ``ipd serve`` in a process of its own,
driven over HTTP, killed (SIGKILL) in the middle of a session and started again on the
same classroom: every join, move, waiting move and submission is still there, students'
cookies and the instructor's token still work, and play goes on to the end of the match.
Also: Ctrl-C stops the server cleanly, and ``ipd serve --export`` writes a session."""

from __future__ import annotations

import csv
import json
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner

from tournament.cli import main
from tournament.web.app import STUDENT_COOKIE
from tournament.web.room import Classroom, ClassroomSettings

NAME = "restart"
TURNS = 4
#: The human match, move by move (0 = cooperate, 1 = defect).
ADA = [0, 1, 0, 0]
BOB = [1, 1, 0, 1]
#: Cy plays Tit For Tat, the only bot in the room, which copies Cy's previous move.
CY = [0, 1, 0, 0]
TFT_REPLIES = [0, 0, 1, 0]
BUILDER = {
    "name": "Ada's Forgiver",
    "first": "C",
    "after_cc": "1",
    "after_cd": "0.3",
    "after_dc": "1",
    "after_dd": "0",
}
CODE = '''"""Bob's strategy: opens with a defection, then copies the opponent."""

from strategies.simple import D, SimpleStrategy


class WaryCopier(SimpleStrategy):
    name = "Bob's Wary Copier"
    family = "student"

    def move(self, mine, theirs, memory, rng):
        return theirs[-1] if theirs else D
'''


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _default_sigint() -> None:
    """In the child: Ctrl-C is KeyboardInterrupt again (xdist workers ignore SIGINT,
    and children inherit that)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


class Server:
    """``ipd serve`` as a subprocess in ``cwd`` (so its classroom lands in
    ``cwd/results/``), its output in files."""

    def __init__(self, cwd: Path, port: int, *options: str) -> None:
        self.cwd, self.port = cwd, port
        self.base = f"http://127.0.0.1:{port}"
        number = len(list(cwd.glob("serve-*.out")))
        self.out_path = cwd / f"serve-{number}.out"
        self.err_path = cwd / f"serve-{number}.err"
        command = [sys.executable, "-m", "tournament.cli", "serve", "--classroom", NAME]
        with self.out_path.open("wb") as out, self.err_path.open("wb") as err:
            self.process = subprocess.Popen(
                [*command, "--port", str(port), *options],
                cwd=cwd,
                stdout=out,
                stderr=err,
                preexec_fn=_default_sigint,
            )

    @property
    def output(self) -> str:
        return self.out_path.read_text()

    @property
    def errors(self) -> str:
        return self.err_path.read_text()

    def wait_until_ready(self, seconds: float = 60) -> None:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            if self.process.poll() is not None:
                pytest.fail(f"ipd serve exited ({self.process.returncode}): {self.errors}")
            try:
                if httpx.get(self.base + "/", timeout=2).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.1)
        pytest.fail(f"ipd serve did not answer within {seconds} s: {self.errors}")

    @property
    def token(self) -> str:
        found = re.search(r"/teacher\?token=(\S+)", self.output)
        assert found, self.output
        return found.group(1)

    def stop(self, sig: int, seconds: float = 20) -> int:
        """Send ``sig``; the exit code once the process is gone."""
        if self.process.poll() is None:
            self.process.send_signal(sig)
        return self.process.wait(timeout=seconds)


@contextmanager
def serving(cwd: Path, port: int, *options: str) -> Iterator[Server]:
    """A started server, killed on the way out whatever happened."""
    server = Server(cwd, port, *options)
    try:
        server.wait_until_ready()
        yield server
    finally:
        if server.process.poll() is None:
            server.process.kill()
        server.process.wait(timeout=20)


def client(base: str) -> httpx.Client:
    return httpx.Client(base_url=base, follow_redirects=False, timeout=60)


def join(base: str, nickname: str) -> httpx.Client:
    """A student's browser that joined through the join form."""
    browser = client(base)
    assert "nickname" in browser.get("/").text
    response = browser.post("/join", data={"nickname": nickname})
    assert response.status_code == 303, response.text
    assert browser.cookies.get(STUDENT_COOKIE)
    return browser


def move(browser: httpx.Client, choice: int) -> None:
    response = browser.post("/play", data={"move": str(choice)})
    assert response.status_code == 303, response.text


def act(teacher: httpx.Client, token: str, action: str, **data: str) -> None:
    response = teacher.post(f"/teacher/{action}", data={"token": token, **data})
    assert response.status_code == 303, response.text


def page(browser: httpx.Client, path: str) -> str:
    """A page as its reader sees it; the live-update stream's starting point (which
    includes the server's in-memory tournament counter) left out."""
    response = browser.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return re.sub(r"since=[0-9.]+", "since=_", response.text)


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def history(room: Classroom, nickname: str) -> list[tuple[list[int], list[int], bool]]:
    """Each match of the student: (their moves, the opponent's, waiting for the opponent)."""
    student = next(s for s in room.students() if s.nickname == nickname)
    return [
        ([t.mine for t in m.history], [t.theirs for t in m.history], m.waiting)
        for m in room.matches_of(student.id)
    ]


def test_a_killed_server_loses_nothing_and_the_session_goes_on(tmp_path):
    port = free_port()
    folder = tmp_path / "results" / f"classroom-{NAME}"
    settings = ["--game", "supplier-buyer", "--turns", str(TURNS), "--show-length"]
    settings += ["--bots", "Tit For Tat", "--seed", "7"]
    with serving(tmp_path, port, *settings) as first:
        token, base = first.token, first.base
        ada, bob = join(base, "Ada"), join(base, "Bob")
        teacher = client(base)
        assert "Students join at" in page(teacher, f"/teacher?token={token}")
        act(teacher, token, "round/open", opponents="humans")
        assert "Round 1 is open" in page(teacher, "/teacher")  # the notice, shown once
        cy = join(base, "Cy")  # joins during the round: a match against the bot at once
        for turn in range(2):
            move(ada, ADA[turn])
            move(bob, BOB[turn])
            move(cy, CY[turn])
        move(bob, BOB[2])  # Bob's third move waits for Ada's
        assert ada.post("/submit/builder", data=BUILDER).status_code == 303
        assert bob.post("/submit/code", data={"source": CODE}).status_code == 303
        views = [
            ("ada", ada, "/play"),
            ("bob", bob, "/play"),
            ("cy", cy, "/play"),
            ("ada submits", ada, "/submit"),
            ("bob submits", bob, "/submit"),
            ("teacher", teacher, "/teacher"),
        ]
        before = {key: page(browser, path) for key, browser, path in views}
        before["games.csv"] = teacher.get("/download/games.csv").text
        assert "Waiting for your opponent" in before["bob"]
        assert "Waiting for your opponent" not in before["ada"]
        assert "Your strategy is in" in before["ada submits"]
        assert "Your strategy is in" in before["bob submits"]
        assert "3 joined" in before["teacher"]
        assert first.stop(signal.SIGKILL) == -signal.SIGKILL

    # The classroom as the killed server left it, read from a copy (the server's restart
    # below recovers the very same files).
    killed = tmp_path / "killed"
    shutil.copytree(folder, killed)
    room = Classroom.open(killed)
    try:
        assert room.instructor_token == token
        assert {s.nickname: s.secret for s in room.students()} == {
            name: browser.cookies[STUDENT_COOKIE]
            for name, browser in (("Ada", ada), ("Bob", bob), ("Cy", cy))
        }
        assert room.round_number == 1 and room.round_open
        assert history(room, "Ada") == [(ADA[:2], BOB[:2], False)]
        assert history(room, "Bob") == [(BOB[:2], ADA[:2], True)]
        assert history(room, "Cy") == [(CY[:2], TFT_REPLIES[:2], False)]
        assert [(s.nickname, sub.kind, sub.valid) for s, sub in room.submissions()] == [
            ("Ada", "builder", True),
            ("Bob", "code", True),
        ]
        assert (killed / "submissions" / room.submissions()[1][1].filename).read_text() == CODE
        exported = {p.name: p for p in room.export(tmp_path / "killed-export")}
        moves = read_csv(exported["moves.csv"])
    finally:
        room.close()
    waiting = [m for m in moves if m["player"] == "Bob" and m["turn"] == "3"]
    assert [(m["chosen"], m["played"]) for m in waiting] == [("CD"[BOB[2]], "")]
    assert len(moves) == 2 * 2 + 1 + 2 * 2  # two turns of each match, Bob's waiting move

    with serving(tmp_path, port) as second:  # the same classroom: no setting options
        assert second.token == token
        assert f"Classroom {NAME!r}" in second.output
        after = {key: page(browser, path) for key, browser, path in views}
        after["games.csv"] = teacher.get("/download/games.csv").text
        assert after == before
        assert "You are <strong>Ada</strong>" in after["ada"]  # the old cookies still work
        assert teacher.get("/teacher").status_code == 200  # so does the instructor's

        move(ada, ADA[2])  # Bob's waiting move is answered: the third turn is played
        assert "Waiting for your opponent" not in page(bob, "/play")
        move(cy, CY[2])
        move(ada, ADA[3])
        move(bob, BOB[3])
        move(cy, CY[3])
        ada_page, bob_page = page(ada, "/play"), page(bob, "/play")
        assert f"Match over after {TURNS} turns" in ada_page and "against Bob" in ada_page
        assert f"Match over after {TURNS} turns" in bob_page and "against Ada" in bob_page
        assert "against Tit For Tat" in page(cy, "/play")
        assert bob.post("/submit/code", data={"source": CODE}).status_code == 303  # again

        export = subprocess.run(  # the export reads while the server runs
            [sys.executable, "-m", "tournament.cli", "serve", "--classroom", NAME, "--export"]
            + ["--out", "session"],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert export.returncode == 0, export.stderr
        assert second.stop(signal.SIGINT) == 0
        assert "Everything is saved" in second.output and "Traceback" not in second.errors
    for browser in (ada, bob, cy, teacher):
        browser.close()

    final_moves = read_csv(tmp_path / "session" / "moves.csv")
    assert len(final_moves) == 2 * 2 * TURNS and all(m["played"] for m in final_moves)
    for name, sequence in {"Ada": ADA, "Bob": BOB, "Cy": CY}.items():
        played = [m["played"] for m in final_moves if m["player"] == name]
        assert played == ["CD"[c] for c in sequence], name
    session = json.loads((tmp_path / "session" / "session.json").read_text())
    assert session["counts"]["submissions"] == 3  # Bob's resubmission too
    room = Classroom.open(folder)
    try:
        assert room.instructor_token == token
        assert room.settings.turns == TURNS and room.settings.bots == ("Tit For Tat",)
        assert history(room, "Ada") == [(ADA, BOB, False)]
        assert history(room, "Bob") == [(BOB, ADA, False)]
        # the bot's replies after the restart follow Cy's moves from before it
        assert history(room, "Cy") == [(CY, TFT_REPLIES, False)]
    finally:
        room.close()


def test_ctrl_c_stops_the_server_cleanly_with_students_connected(tmp_path):
    with serving(tmp_path, free_port()) as server:
        ada = join(server.base, "Ada")
        lines: list[str] = []

        def listen() -> None:  # a phone's open live-update stream
            try:
                with ada.stream("GET", "/events/play") as stream:
                    lines.extend(stream.iter_lines())
            except httpx.HTTPError:
                pass

        listener = threading.Thread(target=listen, daemon=True)
        listener.start()
        time.sleep(0.5)
        started = time.monotonic()
        assert server.stop(signal.SIGINT) == 0
        assert time.monotonic() - started < 10
        listener.join(timeout=10)
        assert not listener.is_alive()
    assert f"Server stopped. Everything is saved in results/classroom-{NAME}." in server.output
    assert "Traceback" not in server.errors and "Interrupted" not in server.errors
    room = Classroom.open(tmp_path / "results" / f"classroom-{NAME}")
    try:
        assert [s.nickname for s in room.students()] == ["Ada"]
        assert room.students()[0].secret == ada.cookies[STUDENT_COOKIE]
    finally:
        room.close()


def test_ipd_serve_export_writes_the_session(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    missing = runner.invoke(main, ["serve", "--classroom", "Econ 101", "--export"])
    assert missing.exit_code == 2
    assert "results/ holds none" in missing.output and "Traceback" not in missing.output
    settings = ClassroomSettings(title="Econ 101", game="supplier-buyer", turns=3, seed=2)
    room = Classroom.create(tmp_path / "results" / "classroom-econ-101", settings)
    ada = room.join("Ada")
    room.open_round("bots")
    for choice in (0, 1):
        room.play(ada.id, choice)
    room.close()

    unknown = runner.invoke(main, ["serve", "--classroom", "Econ 102", "--export"])
    assert unknown.exit_code == 2
    assert "classroom 'Econ 102'" in unknown.output
    assert "the classrooms in results/: econ-101" in unknown.output
    assert not (tmp_path / "results" / "classroom-econ-102").exists()  # nothing created
    mixed = runner.invoke(main, ["serve", "--classroom", "Econ 101", "--export", "--turns", "5"])
    assert mixed.exit_code == 2 and "--turns cannot be used with it" in mixed.output
    stray = runner.invoke(main, ["serve", "--classroom", "Econ 101", "--out", "somewhere"])
    assert stray.exit_code == 2 and "--out: only with --export" in stray.output

    done = runner.invoke(main, ["serve", "--classroom", "Econ 101", "--export", "--out", "out"])
    assert done.exit_code == 0, done.output
    out = tmp_path / "out"
    assert f"to {Path('out')}" in done.output and "session.json" in done.output
    names = {p.name for p in out.iterdir()}
    assert {"students.csv", "matches.csv", "moves.csv", "submissions.csv"} <= names
    assert {"leaderboard.csv", "rounds.csv", "session.json"} <= names
    moves = read_csv(out / "moves.csv")
    assert [(m["player"], m["chosen"]) for m in moves if m["player"]] == [
        ("Ada", "C"),
        ("Ada", "D"),
    ]
    assert len(moves) == 4  # and the bot's two replies
    session = json.loads((out / "session.json").read_text())
    assert session["settings"]["game"] == "supplier-buyer"
    assert session["counts"]["students"] == 1 and session["counts"]["turns"] == 2
    assert ada.secret not in (out / "students.csv").read_text()  # no secrets exported

    default = runner.invoke(main, ["serve", "--classroom", "econ-101", "--export"])
    assert default.exit_code == 0, default.output
    exports = list((tmp_path / "results" / "classroom-econ-101" / "exports").iterdir())
    assert len(exports) == 1 and (exports[0] / "session.json").is_file()
