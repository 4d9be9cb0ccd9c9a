"""One classroom session (:class:`Classroom`): students join with a nickname, play rounds of
matches against each other and the room's bots, submit strategies (code or the no-code
builder), and the instructor runs the class tournament. Everything is stored in SQLite as
it happens (:mod:`tournament.web.store`); :meth:`Classroom.open` resumes after a restart.
"""

from __future__ import annotations

import json
import secrets
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from strategies.errors import IPDError
from tournament.core.game import Game
from tournament.core.games import get_game
from tournament.web import records, turns
from tournament.web.model import (
    MAX_NICKNAME,
    ClassroomSettings,
    MatchView,
    Student,
    Submission,
    TurnView,
    classroom_folder,
)
from tournament.web.store import Store
from tournament.web.submissions import MAX_SOURCE, Submissions

__all__ = [
    "DB_NAME",
    "MAX_NICKNAME",
    "MAX_SOURCE",
    "OPPONENTS",
    "Classroom",
    "ClassroomSettings",
    "MatchView",
    "Student",
    "Submission",
    "TurnView",
    "classroom_folder",
]

DB_NAME = "classroom.sqlite"
#: Who the students play in a round (see :meth:`Classroom.open_round`).
OPPONENTS = ("humans", "bots", "mixed")
HIDDEN_OPPONENT = "a hidden opponent"


def _check_move(move: object) -> int:
    if isinstance(move, bool) or not isinstance(move, int | np.integer) or move not in (0, 1):
        raise IPDError(f"move: got {move!r}, expected 0 (cooperate) or 1 (defect)")
    return int(move)


class Classroom(Submissions):
    """One classroom session: a SQLite file (WAL) plus a folder of submitted strategy
    files next to it. Every change is committed before the method returns (a killed
    server loses nothing). Thread-safe: the web app calls it from a thread pool.

    ``path`` is the classroom's folder (``classroom.sqlite``, ``submissions/``,
    ``exports/``); :meth:`create` and :meth:`open` also accept the database file.
    Submissions come from :class:`~tournament.web.submissions.Submissions`."""

    def __init__(self, folder: Path, store: Store) -> None:
        self.path = folder
        self._store = store
        self.settings = ClassroomSettings.from_dict(json.loads(store.meta("settings") or "{}"))
        self.game: Game = get_game(self.settings.game)
        self.instructor_token: str = store.meta("instructor_token") or ""
        self._version = store.version
        self._changed = threading.Condition()
        self._locks: dict[int, threading.Lock] = {}
        self._tournament_lock = threading.Lock()
        self._tables: dict[str, pd.DataFrame] | None = records.read_tables(store.tables())
        self.tournament_run = store.tournament_run  # the tables' run id, a cheap query

    # -- life cycle ------------------------------------------------------------------------

    @staticmethod
    def _folder(path: str | Path) -> Path:
        path = Path(path)
        return path.parent if path.name == DB_NAME else path

    @classmethod
    def create(
        cls,
        path: str | Path,
        settings: ClassroomSettings,
        instructor_token: str | None = None,
    ) -> Classroom:
        """A new classroom in the folder ``path`` (created); IPDError if one is there."""
        settings.check()
        folder = cls._folder(path)
        if (folder / DB_NAME).exists():
            raise IPDError(f"{folder}: a classroom is already there; open it instead")
        (folder / "submissions").mkdir(parents=True, exist_ok=True)
        store = Store(folder / DB_NAME, create=True)
        with store.change():
            store.set_meta("settings", json.dumps(settings.to_dict()))
            store.set_meta("instructor_token", instructor_token or secrets.token_urlsafe(24))
            store.set_meta("submissions_open", "1")
        return cls(folder, store)

    @classmethod
    def open(cls, path: str | Path) -> Classroom:
        """The classroom stored in ``path``, as it was: same token, same state."""
        folder = cls._folder(path)
        if not (folder / DB_NAME).is_file():
            raise IPDError(f"{folder}: no classroom there (expected {DB_NAME})")
        (folder / "submissions").mkdir(exist_ok=True)
        try:
            store = Store(folder / DB_NAME, create=False)
            if store.meta("schema_version") is None:
                raise sqlite3.DatabaseError("no schema version")
        except sqlite3.DatabaseError as exc:
            raise IPDError(f"{folder / DB_NAME}: not a classroom database ({exc})") from None
        return cls(folder, store)

    def close(self) -> None:
        self._store.close()

    @contextmanager
    def _change(self) -> Iterator[Store]:
        """One transaction; waiters of :meth:`wait_for_change` are woken after it."""
        with self._store.lock:
            with self._store.change():
                yield self._store
            with self._changed:  # within the store's lock: no reader sees new data first
                self._version = max(self._version, self._store.version)
                self._changed.notify_all()

    @property
    def version(self) -> int:
        """Adds 1 on every change (stored: it goes on after a restart)."""
        return self._version

    def wait_for_change(self, after: int, timeout: float) -> int:
        """Block until :attr:`version` is above ``after`` or ``timeout`` seconds passed;
        return the version."""
        with self._changed:
            self._changed.wait_for(lambda: self._version > after, timeout)
            return self._version

    @property
    def settings_open(self) -> bool:
        """Whether the settings may still change: until the first round opens."""
        return self._store.last_round() is None

    def update_settings(self, settings: ClassroomSettings) -> None:
        """Replace the session's settings (checked, stored at once); IPDError once the
        first round has opened, since its matches were made with the old ones."""
        settings.check()
        game = get_game(settings.game)
        with self._change() as store:
            if not store.update_settings(json.dumps(settings.to_dict())):
                raise IPDError(
                    "settings: round 1 has opened, so they are fixed (its matches were "
                    "made with them); start another classroom to change them"
                )
            self.settings, self.game = settings, game

    # -- students --------------------------------------------------------------------------

    def join(self, nickname: str) -> Student:
        """A new student; a round already open gives them a match against a bot."""
        name = nickname.strip() if isinstance(nickname, str) else ""
        if not 1 <= len(name) <= MAX_NICKNAME or not name.isprintable():
            raise IPDError(
                f"nickname: got {str(nickname)[:40]!r}, expected 1 to {MAX_NICKNAME} "
                "printable characters"
            )
        secret = secrets.token_urlsafe(16)
        with self._change() as store:
            if store.nickname_taken(name):
                raise IPDError(f"nickname: {name!r} is taken, choose another one")
            student_id = store.add_student(name, secret)
            last = store.last_round()
            if last is not None and last["closed"] is None:
                self._add_bot_match(int(last["number"]), student_id)
        return Student(student_id, name, secret)

    def student(self, secret: str) -> Student | None:
        if not isinstance(secret, str) or not secret:
            return None
        row = self._store.student_row(secret=secret)
        return None if row is None else Student(int(row["id"]), row["nickname"], row["secret"])

    def student_by_id(self, student_id: int) -> Student | None:
        row = self._store.student_row(id=student_id)
        return None if row is None else Student(int(row["id"]), row["nickname"], row["secret"])

    def students(self) -> list[Student]:
        return [
            Student(int(r["id"]), r["nickname"], r["secret"]) for r in self._store.student_rows()
        ]

    # -- rounds ----------------------------------------------------------------------------

    @property
    def round_number(self) -> int:
        last = self._store.last_round()
        return 0 if last is None else int(last["number"])

    @property
    def round_open(self) -> bool:
        last = self._store.last_round()
        return last is not None and last["closed"] is None

    def open_round(self, opponents: str = "mixed") -> int:
        """Open the next round and make its matches; returns the round's number.

        ``"humans"``: students paired at random (in an asymmetric game one plays each
        role), an odd one out plays a bot; ``"bots"``: everyone plays a bot drawn from
        the room's; ``"mixed"``: as ``"humans"``, then one more match against a bot for
        everyone. A student holds role 0 against a bot in odd rounds, role 1 in even
        ones. Pairings come from ``SeedSequence([seed, round])``."""
        if opponents not in OPPONENTS:
            raise IPDError(f"opponents: got {opponents!r}, expected one of {', '.join(OPPONENTS)}")
        with self._change() as store:
            last = store.last_round()
            if last is not None and last["closed"] is None:
                raise IPDError(f"round {last['number']} is still open: close it first")
            number = 1 if last is None else int(last["number"]) + 1
            store.add_round(number, opponents)
            ids = [int(r["id"]) for r in store.student_rows()]
            if opponents == "bots":
                for student_id in ids:
                    self._add_bot_match(number, student_id)
                return number
            rng = np.random.default_rng(np.random.SeedSequence([self.settings.seed, number]))
            order = [ids[i] for i in rng.permutation(len(ids))]
            for a, b in zip(order[0::2], order[1::2], strict=False):
                self._add_match(number, (a, b), None)
            if len(order) % 2:
                self._add_bot_match(number, order[-1])
            if opponents == "mixed":
                for student_id in ids:
                    self._add_bot_match(number, student_id)
        return number

    def close_round(self) -> None:
        """Close the open round; unfinished matches stay as they are."""
        with self._change() as store:
            last = store.last_round()
            if last is None or last["closed"] is not None:
                raise IPDError("no round is open")
            store.close_round(int(last["number"]))

    def _add_match(
        self, number: int, students: tuple[int | None, int | None], bot: str | None
    ) -> int:
        match_id = self._store.next_match_id()
        streams = turns.match_streams(self.settings.seed, number, match_id)
        if bot is None and None in students:
            bots = self.settings.bots
            bot = bots[int(np.random.default_rng(streams.pick).integers(len(bots)))]
        length = turns.draw_length(self.settings.turns, self.settings.prob_end, streams.length)
        self._store.add_match(match_id, number, students, bot, length)
        return match_id

    def _add_bot_match(self, number: int, student_id: int) -> int:
        """A match against a bot drawn from the room's; the student holds role 0 in odd
        rounds and role 1 in even ones."""
        seats = (student_id, None) if number % 2 == 1 else (None, student_id)
        return self._add_match(number, seats, None)

    # -- play ------------------------------------------------------------------------------

    def _current_row(self, student_id: int) -> Any:
        """The student's current match: in the latest round they have matches in, the
        first unfinished one, else the last one."""
        rows = self._store.match_rows(student_id)
        if not rows:
            return None
        latest = [r for r in rows if r["round"] == rows[-1]["round"]]
        return next((r for r in latest if r["played"] < r["length"]), latest[-1])

    def match_for(self, student_id: int) -> MatchView | None:
        """The student's current match (or their last one), ``None`` before any."""
        with self._store.lock:
            row = self._current_row(student_id)
            return None if row is None else self._view(student_id, row)

    def matches_of(self, student_id: int) -> list[MatchView]:
        with self._store.lock:
            return [self._view(student_id, row) for row in self._store.match_rows(student_id)]

    def play(self, student_id: int, move: int) -> MatchView:
        """Record the student's move (0 = C, 1 = D) for the current turn of their current
        match; once both moves are in (a bot's at once) the turn is resolved: noise,
        payoffs with relational rents. Returns the match as it stands."""
        move = _check_move(move)
        with self._change() as store:
            row = self._current_row(student_id)
            last = store.last_round()
            if row is None or last["closed"] is not None or row["round"] != last["number"]:
                raise IPDError("no open match: wait for the instructor to open a round")
            if row["played"] >= row["length"]:
                raise IPDError("this match is finished: wait for the next round")
            role, t = (0 if row["student0"] == student_id else 1), int(row["played"])
            chosen = store.chosen(row["id"], t)
            if role in chosen:
                raise IPDError("you have already moved this turn: waiting for your opponent")
            store.add_move(row["id"], t, role, move)
            chosen[role] = move
            history = self._history(row["id"])
            streams = turns.match_streams(self.settings.seed, row["round"], row["id"])
            if row["bot"] is not None:
                told = turns.told_length(self.settings.turns, self.settings.hide_length)
                reply = turns.bot_move(row["bot"], 1 - role, self.game, told, streams.bot, history)
                store.add_move(row["id"], t, 1 - role, reply)
                chosen[1 - role] = reply
            if len(chosen) == 2:
                flips = turns.noise_flips(self.settings.noise, row["length"], streams.noise)[t]
                played, payoffs = turns.resolve(self.game, history, (chosen[0], chosen[1]), flips)
                store.add_turn(row["id"], t, played, tuple(flips), payoffs)
        with self._store.lock:
            row = next(r for r in self._store.match_rows(student_id) if r["id"] == row["id"])
            return self._view(student_id, row)

    def _history(self, match_id: int) -> np.ndarray:
        """The match's moves as played so far, ``(2, t)``: row ``r`` for role ``r``."""
        rows = self._store.turn_rows(match_id)
        return np.array(
            [[r["move0"] for r in rows], [r["move1"] for r in rows]], dtype=np.uint8
        ).reshape(2, len(rows))

    def _view(self, student_id: int, row: Any) -> MatchView:
        role = 0 if row["student0"] == student_id else 1
        mine, theirs = str(role), str(1 - role)
        rows = self._store.turn_rows(row["id"])
        length, played = int(row["length"]), len(rows)
        finished = played >= length
        chosen = {} if finished else self._store.chosen(row["id"], played)
        opponent, is_bot = HIDDEN_OPPONENT, False
        if finished:
            is_bot = row["bot"] is not None
            if is_bot:
                opponent = row["bot"]
            else:
                other = self._store.student_row(id=row[f"student{theirs}"])
                opponent = other["nickname"]
        history = tuple(
            TurnView(
                int(r[f"move{mine}"]),
                int(r[f"move{theirs}"]),
                float(r[f"payoff{mine}"]),
                float(r[f"payoff{theirs}"]),
                bool(r[f"flip{mine}"]),
                bool(r[f"flip{theirs}"]),
            )
            for r in rows
        )
        last = self._store.last_round()
        shown = not self.settings.hide_length and self.settings.turns is not None
        return MatchView(
            match_id=int(row["id"]),
            round=int(row["round"]),
            role=role,
            role_name=self.game.roles[role],
            labels=self.game.labels[role],
            opponent=opponent,
            opponent_is_bot=is_bot,
            length=length,
            length_shown=length if shown else None,
            turn=played,
            finished=finished,
            waiting=role in chosen and (1 - role) not in chosen,
            history=history,
            my_score=sum((t.my_payoff for t in history), 0.0),
            their_score=sum((t.their_payoff for t in history), 0.0),
            active=not finished and last["closed"] is None and last["number"] == row["round"],
        )

    # -- results ---------------------------------------------------------------------------

    def leaderboard(self) -> pd.DataFrame:
        """One row per student who played, best first (score per turn): rank, nickname,
        matches, turns, score, score_per_turn, cooperation_rate, vs_humans and vs_bots
        (score per turn; NaN when none)."""
        return records.leaderboard(self._store.seat_turns(), self.students())

    def run_tournament(self, progress: Callable[[int, int], None] | None = None) -> None:
        """The class tournament of the valid latest submissions and the room's bots (200
        turns, told or hidden per the settings, the classroom's game, noise and seed);
        its tables are stored (see :meth:`tournament_tables`)."""
        if not self._tournament_lock.acquire(blocking=False):
            raise IPDError("the class tournament is already running")
        try:
            entries = [(s, sub) for s, sub in self.submissions() if sub.valid]
            sources = {row["filename"]: row["source"] for row in self._store.latest_submissions()}
            tables, info = records.class_tournament(
                self.path / "tournament",
                [(s.nickname, sub.filename, sources[sub.filename]) for s, sub in entries],
                self.settings,
                self.game,
                progress,
            )
            with self._change() as store:
                store.replace_tables(
                    {name: frame.to_json(orient="table") for name, frame in tables.items()}
                )
                store.set_meta("tournament", json.dumps(info))
                self._tables = records.read_tables(store.tables())
        finally:
            self._tournament_lock.release()

    def tournament_tables(self) -> dict[str, pd.DataFrame] | None:
        """The last class tournament's tables (``leaderboard``, ``payoff_matrix``,
        ``ecological``, ``submissions``), ``None`` before a run."""
        tables = self._tables
        return None if tables is None else {name: t.copy() for name, t in tables.items()}

    def export(self, folder: str | Path | None = None) -> list[Path]:
        """Write the session to ``folder`` (default ``<classroom>/exports``): a CSV per
        table and ``session.json`` (settings and counts). Returns the files written."""
        out = Path(folder) if folder is not None else self.path / "exports"
        info = {
            "title": self.settings.title,
            "settings": self.settings.to_dict(),
            "game": self.game.to_dict(),
            "round_number": self.round_number,
            "round_open": self.round_open,
            "submissions_open": self.submissions_open,
            "version": self.version,
            "tournament": json.loads(self._store.meta("tournament") or "null"),
        }
        with self._store.lock:
            rows, counts = self._store.export_rows(), self._store.counts()
            board = self.leaderboard()
            tables = self.tournament_tables() or {}
        return records.write_export(out, rows, counts, board, tables, info, self.game)
