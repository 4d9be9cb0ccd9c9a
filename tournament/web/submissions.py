"""Students' strategy submissions in a classroom: the part of
:class:`~tournament.web.room.Classroom` that opens and closes submissions, stores each
one (Python code or the no-code builder's TOML) in the classroom's ``submissions/``
folder, validates it in the sandbox and records the verdict."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Mapping
from contextlib import AbstractContextManager
from pathlib import Path

from strategies.errors import IPDError
from tournament.classroom.validator import validate
from tournament.web.builder import build_toml
from tournament.web.model import ClassroomSettings, Student, Submission, slug, submission_from_row
from tournament.web.store import Store

__all__ = ["MAX_SOURCE", "Submissions"]

MAX_SOURCE = 20_000


class Submissions:
    """Submissions, mixed into :class:`~tournament.web.room.Classroom` (which provides
    the attributes declared here)."""

    path: Path
    settings: ClassroomSettings
    _store: Store
    _locks: dict[int, threading.Lock]
    _change: Callable[[], AbstractContextManager[Store]]
    students: Callable[[], list[Student]]
    student_by_id: Callable[[int], Student | None]

    @property
    def submissions_open(self) -> bool:
        """Whether students may submit (open when the classroom is created)."""
        return self._store.meta("submissions_open") == "1"

    def open_submissions(self) -> None:
        with self._change() as store:
            store.set_meta("submissions_open", "1")

    def close_submissions(self) -> None:
        with self._change() as store:
            store.set_meta("submissions_open", "0")

    @property
    def tells_length(self) -> bool:
        """Whether the class tournament (and the validator's trial) tells the length."""
        return not self.settings.hide_length

    def submit_code(self, student_id: int, source: str) -> Submission:
        """A Python strategy (at most 20,000 characters), stored and validated in the
        sandbox; kept, valid or not, with the validator's message."""
        if not isinstance(source, str):
            raise IPDError("code: expected the text of a Python file")
        if len(source) > MAX_SOURCE:
            raise IPDError(f"code: {len(source):,} characters, at most {MAX_SOURCE:,} are accepted")
        return self._submit(student_id, "code", source)

    def submit_builder(self, student_id: int, form: Mapping[str, str]) -> Submission:
        """The no-code builder's form (see :mod:`.builder`) as a TOML strategy file."""
        return self._submit(student_id, "builder", build_toml(form))

    def _submit(self, student_id: int, kind: str, text: str) -> Submission:
        student = self.student_by_id(student_id)
        if student is None:
            raise IPDError(f"no student {student_id!r}")
        if not self.submissions_open:
            raise IPDError("submissions are closed")
        try:
            data = text.encode("utf-8")
        except UnicodeEncodeError:
            raise IPDError("code: not valid text (UTF-8)") from None
        suffix, other = (".py", ".toml") if kind == "code" else (".toml", ".py")
        folder = self.path / "submissions"
        stem = f"{student.id}-{slug(student.nickname)}"
        path = folder / f"{stem}{suffix}"
        with self._locks.setdefault(student.id, threading.Lock()):
            partial = folder / f".{stem}{suffix}.partial"
            partial.write_bytes(data)
            os.replace(partial, path)
            (folder / f"{stem}{other}").unlink(missing_ok=True)
            verdict = validate(path, tell_length=self.tells_length)
            with self._change() as store:
                row = store.add_submission(
                    student.id, kind, path.name, text, verdict.valid, verdict.text()
                )
        return submission_from_row(row)

    def submission_for(self, student_id: int) -> Submission | None:
        """The student's latest submission."""
        rows = self._store.latest_submissions(student_id)
        return submission_from_row(rows[0]) if rows else None

    def submissions(self) -> list[tuple[Student, Submission]]:
        """The latest submission of each student who submitted."""
        students = {s.id: s for s in self.students()}
        return [
            (students[int(row["student_id"])], submission_from_row(row))
            for row in self._store.latest_submissions()
        ]
