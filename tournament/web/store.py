"""A classroom's SQLite storage: the schema and every query the classroom makes.

One file per classroom, in WAL mode with foreign keys on. One connection, shared by the
web application's threads and guarded by a lock; every change is one transaction
(``BEGIN IMMEDIATE`` ... ``COMMIT``) that also adds 1 to the stored ``version``, so what
a method changed is on disk before it returns and a restart resumes at the same version.
``synchronous = NORMAL``: in WAL mode a commit survives the death of the process (the
operating system holds the written pages); only a power cut may lose the last commits.

Tables (times are ISO strings, moves 0 = C, 1 = D, roles 0 = the game's first role):

* ``meta(key, value)``: settings (JSON), instructor token, flags, version.
* ``students(id, nickname, nickname_key, secret, joined)``: ``nickname_key`` is the
  case-folded nickname (unique), ``secret`` the student's token (unique).
* ``rounds(number, opponents, opened, closed)``: ``closed`` is NULL while open.
* ``matches(id, round, student0, student1, bot, length, created)``: who holds each role
  (a NULL student's seat is the bot's); ``length`` drawn when the match was made.
* ``moves(match_id, turn, role, choice, created)``: every move chosen, before noise.
* ``turns(match_id, turn, move0, move1, flip0, flip1, payoff0, payoff1, created)``: each
  resolved turn: the moves as played (after noise), whether noise flipped them, and the
  payoffs of each role (relational rents included).
* ``submissions(id, student_id, kind, filename, source, valid, message, created)``.
* ``tournament_tables(name, position, data)``: the class tournament's tables (pandas'
  JSON ``table`` orient, which keeps the types and the index).
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

__all__ = ["SCHEMA", "SCHEMA_VERSION", "Store", "now"]

SCHEMA_VERSION = 1

SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE students (
    id INTEGER PRIMARY KEY,
    nickname TEXT NOT NULL,
    nickname_key TEXT NOT NULL UNIQUE,
    secret TEXT NOT NULL UNIQUE,
    joined TEXT NOT NULL
);
CREATE TABLE rounds (
    number INTEGER PRIMARY KEY,
    opponents TEXT NOT NULL CHECK (opponents IN ('humans', 'bots', 'mixed')),
    opened TEXT NOT NULL,
    closed TEXT
);
CREATE TABLE matches (
    id INTEGER PRIMARY KEY,
    round INTEGER NOT NULL REFERENCES rounds(number),
    student0 INTEGER REFERENCES students(id),
    student1 INTEGER REFERENCES students(id),
    bot TEXT,
    length INTEGER NOT NULL CHECK (length >= 1),
    created TEXT NOT NULL,
    CHECK (student0 IS NOT NULL OR student1 IS NOT NULL),
    CHECK ((bot IS NULL) = (student0 IS NOT NULL AND student1 IS NOT NULL))
);
CREATE INDEX matches_student0 ON matches(student0);
CREATE INDEX matches_student1 ON matches(student1);
CREATE TABLE moves (
    match_id INTEGER NOT NULL REFERENCES matches(id),
    turn INTEGER NOT NULL CHECK (turn >= 0),
    role INTEGER NOT NULL CHECK (role IN (0, 1)),
    choice INTEGER NOT NULL CHECK (choice IN (0, 1)),
    created TEXT NOT NULL,
    PRIMARY KEY (match_id, turn, role)
);
CREATE TABLE turns (
    match_id INTEGER NOT NULL REFERENCES matches(id),
    turn INTEGER NOT NULL CHECK (turn >= 0),
    move0 INTEGER NOT NULL CHECK (move0 IN (0, 1)),
    move1 INTEGER NOT NULL CHECK (move1 IN (0, 1)),
    flip0 INTEGER NOT NULL,
    flip1 INTEGER NOT NULL,
    payoff0 REAL NOT NULL,
    payoff1 REAL NOT NULL,
    created TEXT NOT NULL,
    PRIMARY KEY (match_id, turn)
);
CREATE TABLE submissions (
    id INTEGER PRIMARY KEY,
    student_id INTEGER NOT NULL REFERENCES students(id),
    kind TEXT NOT NULL CHECK (kind IN ('code', 'builder')),
    filename TEXT NOT NULL,
    source TEXT NOT NULL,
    valid INTEGER NOT NULL,
    message TEXT NOT NULL,
    created TEXT NOT NULL
);
CREATE INDEX submissions_student ON submissions(student_id);
CREATE TABLE tournament_tables (
    name TEXT PRIMARY KEY,
    position INTEGER NOT NULL,
    data TEXT NOT NULL
);
"""

#: One row per (student, resolved turn) from that student's side.
_SEAT_TURNS = """
SELECT m.student0 AS student_id, t.match_id, m.bot IS NOT NULL AS vs_bot,
       t.move0 AS move, t.payoff0 AS payoff
FROM turns t JOIN matches m ON m.id = t.match_id WHERE m.student0 IS NOT NULL
UNION ALL
SELECT m.student1, t.match_id, m.bot IS NOT NULL, t.move1, t.payoff1
FROM turns t JOIN matches m ON m.id = t.match_id WHERE m.student1 IS NOT NULL
"""

#: Every chosen move with, once its turn is resolved, what was played and earned.
_MOVES = """
SELECT mv.match_id, m.round, mv.turn, mv.role,
       CASE mv.role WHEN 0 THEN m.student0 ELSE m.student1 END AS student_id,
       mv.choice,
       CASE mv.role WHEN 0 THEN t.move0 ELSE t.move1 END AS played,
       CASE mv.role WHEN 0 THEN t.flip0 ELSE t.flip1 END AS flipped,
       CASE mv.role WHEN 0 THEN t.payoff0 ELSE t.payoff1 END AS payoff,
       mv.created
FROM moves mv JOIN matches m ON m.id = mv.match_id
LEFT JOIN turns t ON t.match_id = mv.match_id AND t.turn = mv.turn
ORDER BY mv.match_id, mv.turn, mv.role
"""


def now() -> str:
    """The time as an ISO string (UTC, milliseconds)."""
    return datetime.now(UTC).isoformat(timespec="milliseconds")


class Store:
    """The classroom's database: one connection, one lock, one transaction per change."""

    def __init__(self, path: Path, create: bool) -> None:
        self.path = path
        self.lock = threading.RLock()
        self._conn = sqlite3.connect(
            path, check_same_thread=False, isolation_level=None, timeout=30.0
        )
        self._conn.row_factory = sqlite3.Row
        self._conn.execute("PRAGMA journal_mode = WAL")
        self._conn.execute("PRAGMA synchronous = NORMAL")
        self._conn.execute("PRAGMA foreign_keys = ON")
        if create:
            with self.change():
                for statement in SCHEMA.split(";"):
                    if statement.strip():
                        self._conn.execute(statement)
                self.set_meta("schema_version", str(SCHEMA_VERSION))
                self.set_meta("version", "0")

    def close(self) -> None:
        with self.lock:
            self._conn.close()

    # -- transactions ----------------------------------------------------------------------

    @contextmanager
    def change(self) -> Iterator[sqlite3.Connection]:
        """One write transaction, which also adds 1 to ``version``; rolled back (and the
        version left alone) if the block raises."""
        with self.lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
                self._conn.execute(
                    "UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'version'"
                )
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")

    def one(self, sql: str, params: tuple = ()) -> sqlite3.Row | None:
        with self.lock:
            return self._conn.execute(sql, params).fetchone()

    def all(self, sql: str, params: tuple = ()) -> list[sqlite3.Row]:
        with self.lock:
            return self._conn.execute(sql, params).fetchall()

    def scalar(self, sql: str, params: tuple = ()) -> Any:
        row = self.one(sql, params)
        return None if row is None else row[0]

    def execute(self, sql: str, params: tuple = ()) -> sqlite3.Cursor:
        """A statement inside :meth:`change` (the caller holds the transaction)."""
        return self._conn.execute(sql, params)

    # -- meta ------------------------------------------------------------------------------

    def meta(self, key: str, default: str | None = None) -> str | None:
        value = self.scalar("SELECT value FROM meta WHERE key = ?", (key,))
        return default if value is None else value

    def set_meta(self, key: str, value: str) -> None:
        self.execute(
            "INSERT INTO meta (key, value) VALUES (?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (key, value),
        )

    def update_settings(self, settings: str) -> bool:
        """Store new settings (JSON) if no round was ever opened, in one statement (the
        check and the write cannot be split); whether they were stored."""
        cursor = self.execute(
            "UPDATE meta SET value = ? WHERE key = 'settings' "
            "AND NOT EXISTS (SELECT 1 FROM rounds)",
            (settings,),
        )
        return cursor.rowcount == 1

    @property
    def version(self) -> int:
        return int(self.meta("version", "0") or 0)

    # -- students --------------------------------------------------------------------------

    def add_student(self, nickname: str, secret: str) -> int:
        cursor = self.execute(
            "INSERT INTO students (nickname, nickname_key, secret, joined) VALUES (?, ?, ?, ?)",
            (nickname, nickname.casefold(), secret, now()),
        )
        return int(cursor.lastrowid or 0)

    def nickname_taken(self, nickname: str) -> bool:
        row = self.one("SELECT 1 FROM students WHERE nickname_key = ?", (nickname.casefold(),))
        return row is not None

    def student_rows(self) -> list[sqlite3.Row]:
        return self.all("SELECT id, nickname, secret, joined FROM students ORDER BY id")

    def student_row(
        self, *, secret: str | None = None, id: int | None = None
    ) -> sqlite3.Row | None:
        if secret is not None:
            return self.one("SELECT id, nickname, secret FROM students WHERE secret = ?", (secret,))
        return self.one("SELECT id, nickname, secret FROM students WHERE id = ?", (id,))

    # -- rounds and matches ----------------------------------------------------------------

    def last_round(self) -> sqlite3.Row | None:
        return self.one("SELECT * FROM rounds ORDER BY number DESC LIMIT 1")

    def add_round(self, number: int, opponents: str) -> None:
        self.execute(
            "INSERT INTO rounds (number, opponents, opened) VALUES (?, ?, ?)",
            (number, opponents, now()),
        )

    def close_round(self, number: int) -> None:
        self.execute("UPDATE rounds SET closed = ? WHERE number = ?", (now(), number))

    def next_match_id(self) -> int:
        return int(self.scalar("SELECT COALESCE(MAX(id), 0) + 1 FROM matches"))

    def add_match(
        self,
        match_id: int,
        round_number: int,
        students: tuple[int | None, int | None],
        bot: str | None,
        length: int,
    ) -> None:
        self.execute(
            "INSERT INTO matches (id, round, student0, student1, bot, length, created) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (match_id, round_number, students[0], students[1], bot, length, now()),
        )

    def match_rows(self, student_id: int) -> list[sqlite3.Row]:
        """The student's matches, oldest first, each with its count of resolved turns."""
        return self.all(
            "SELECT m.*, (SELECT COUNT(*) FROM turns t WHERE t.match_id = m.id) AS played "
            "FROM matches m WHERE m.student0 = ? OR m.student1 = ? ORDER BY m.id",
            (student_id, student_id),
        )

    def turn_rows(self, match_id: int) -> list[sqlite3.Row]:
        return self.all("SELECT * FROM turns WHERE match_id = ? ORDER BY turn", (match_id,))

    def chosen(self, match_id: int, turn: int) -> dict[int, int]:
        """The moves chosen so far for ``turn`` of the match: role -> move."""
        rows = self.all(
            "SELECT role, choice FROM moves WHERE match_id = ? AND turn = ?", (match_id, turn)
        )
        return {int(r["role"]): int(r["choice"]) for r in rows}

    def add_move(self, match_id: int, turn: int, role: int, choice: int) -> None:
        self.execute(
            "INSERT INTO moves (match_id, turn, role, choice, created) VALUES (?, ?, ?, ?, ?)",
            (match_id, turn, role, choice, now()),
        )

    def add_turn(
        self, match_id: int, turn: int, moves: tuple, flips: tuple, payoffs: tuple
    ) -> None:
        self.execute(
            "INSERT INTO turns (match_id, turn, move0, move1, flip0, flip1, payoff0, payoff1, "
            "created) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (match_id, turn, *map(int, moves), *map(int, flips), *map(float, payoffs), now()),
        )

    def seat_turns(self) -> list[sqlite3.Row]:
        return self.all(_SEAT_TURNS)

    # -- submissions -----------------------------------------------------------------------

    def add_submission(
        self,
        student_id: int,
        kind: str,
        filename: str,
        source: str,
        valid: bool,
        message: str,
    ) -> sqlite3.Row:
        cursor = self.execute(
            "INSERT INTO submissions (student_id, kind, filename, source, valid, message, "
            "created) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (student_id, kind, filename, source, int(valid), message, now()),
        )
        return self.one("SELECT * FROM submissions WHERE id = ?", (cursor.lastrowid,))

    def latest_submissions(self, student_id: int | None = None) -> list[sqlite3.Row]:
        """The latest submission of each student (or of one), by student."""
        where = "" if student_id is None else "AND s.student_id = ?"
        return self.all(
            "SELECT s.* FROM submissions s WHERE s.id = (SELECT MAX(id) FROM submissions "
            f"WHERE student_id = s.student_id) {where} ORDER BY s.student_id",
            () if student_id is None else (student_id,),
        )

    # -- tournament and export -------------------------------------------------------------

    def replace_tables(self, tables: dict[str, str]) -> None:
        self.execute("DELETE FROM tournament_tables")
        for position, (name, data) in enumerate(tables.items()):
            self.execute(
                "INSERT INTO tournament_tables (name, position, data) VALUES (?, ?, ?)",
                (name, position, data),
            )

    def tables(self) -> list[sqlite3.Row]:
        return self.all("SELECT name, data FROM tournament_tables ORDER BY position")

    def tournament_run(self) -> str | None:
        """Which class tournament the stored tables come from (when it finished), ``None``
        before the first run: a cheap check whether they changed, without reading them."""
        return self.scalar(
            "SELECT json_extract(value, '$.finished') FROM meta WHERE key = 'tournament'"
        )

    def export_rows(self) -> dict[str, list[sqlite3.Row]]:
        """The raw rows the export writes (secrets and tokens left out)."""
        return {
            "students": self.all("SELECT id, nickname, joined FROM students ORDER BY id"),
            "rounds": self.all("SELECT * FROM rounds ORDER BY number"),
            "matches": self.all(
                "SELECT m.*, (SELECT COUNT(*) FROM turns t WHERE t.match_id = m.id) AS played "
                "FROM matches m ORDER BY m.id"
            ),
            "moves": self.all(_MOVES),
            "submissions": self.all(
                "SELECT id, student_id, kind, filename, valid, message, created, source "
                "FROM submissions ORDER BY id"
            ),
        }

    def counts(self) -> dict[str, int]:
        tables = ("students", "rounds", "matches", "moves", "turns", "submissions")
        counts = {t: int(self.scalar(f"SELECT COUNT(*) FROM {t}")) for t in tables}
        counts["valid_submissions"] = int(
            self.scalar("SELECT COUNT(*) FROM submissions WHERE valid")
        )
        return counts
