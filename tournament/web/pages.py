"""The web classroom's pages: what each template is given, gathered from the
:class:`Classroom` (blocking calls: the routes run these in worker threads), and the
live fragments each page's event stream re-renders."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2
import pandas as pd

from tournament.web.live import RELOAD, TournamentJob
from tournament.web.room import Classroom, MatchView, Student
from tournament.web.setup import form_values, game_groups, roster_choices
from tournament.web.views import (
    BUILDER_DEFAULTS,
    TWO_STATE_FIELDS,
    builder_fields,
    chart_data,
    error_field,
    fmt,
    frame_view,
    legend_roles,
    length_text,
    python_template,
    qr_svg,
    state_fields,
)

__all__ = ["HUMAN_GAMES", "MAX_CODE", "Pages", "plain_index", "plotly_js"]

#: The download name of the students' live leaderboard (the class tournament's tables
#: keep their own names).
HUMAN_GAMES = "games"
MAX_CODE = 20_000


def plotly_js() -> Path:
    """plotly.min.js as the installed plotly package ships it (no CDN in a classroom)."""
    import plotly

    return Path(plotly.__file__).parent / "package_data" / "plotly.min.js"


def plain_index(frame: pd.DataFrame) -> bool:
    return isinstance(frame.index, pd.RangeIndex)


def _match_text(match: MatchView | None) -> str:
    if match is None:
        return "none yet"
    if match.finished:
        return f"round {match.round}: finished, {fmt(match.my_score)} points"
    state = "waiting for the opponent" if match.waiting else "to move"
    return f"round {match.round}, turn {match.turn + 1}: {state}"


class Pages:
    """Template contexts over one classroom, and the rendering of templates."""

    def __init__(self, room: Classroom, env: jinja2.Environment, job: TournamentJob) -> None:
        self.room, self.env, self.job = room, env, job
        self.notice: str | None = None  # the instructor's last action, shown once
        # the wall's views of the class tournament's tables, and the run they come from
        self._results: tuple[str | None, dict[str, Any]] = (None, {"tables": [], "charts": {}})
        env.globals.update(fmt=fmt, events=None)
        self.refresh()

    def refresh(self) -> None:
        """Take the classroom's settings into every page: its title, game and legend
        (after the instructor changed them)."""
        self._drawn = self.room.settings
        game = self.room.game
        self.env.globals.update(
            classroom_title=self.room.settings.title, game=game, roles=legend_roles(game)
        )

    @property
    def folder(self) -> Path:
        """The classroom's folder (``results/classroom-<name>/``)."""
        path = Path(self.room.path)
        return path if path.is_dir() else path.parent

    def render(self, name: str, **context: Any) -> str:
        if self.room.settings is not self._drawn:  # changed from the dashboard
            self.refresh()
        return self.env.get_template(name).render(**context)

    # -- students -----------------------------------------------------------------------

    def play(self, student: Student) -> dict[str, Any]:
        match = self.room.match_for(student.id)
        theirs = self.room.game.labels[1 - match.role] if match else ("", "")
        return {"match": match, "their_labels": theirs, "round_open": self.room.round_open}

    def _source(self, student: Student) -> str:
        latest = self.room.submission_for(student.id)
        if latest is not None and latest.kind == "code":
            path = self.folder / "submissions" / latest.filename
            if path.is_file():
                return path.read_text(encoding="utf-8", errors="replace")
        return python_template(student.nickname)

    def submit(self, student: Student, form: dict[str, str], error: str | None) -> dict[str, Any]:
        """The submission page; after a refused form, ``form`` refills it."""
        game = self.room.game
        values = {key: form.get(key, value) for key, value in BUILDER_DEFAULTS.items()}
        values["name"] = values["name"] or f"{student.nickname}'s strategy"[:40]
        bad = error_field(error)
        return {
            "submission": self.room.submission_for(student.id),
            "submissions_open": self.room.submissions_open,
            "source": form.get("source") or self._source(student),
            "builder_fields": builder_fields(game, 0, values, error),
            "state_fields": state_fields(game, 0, values, error),
            "two_states": values["states"].strip() == "2",
            "error_field": bad,
            "states_open": values["states"].strip() == "2" or bad in TWO_STATE_FIELDS,
            # unnamed moves read "C (cooperate)", not "C (C)"
            "labels": game.labels[0] if game.labelled else ("cooperate", "defect"),
            "their_labels": game.labels[1] if game.labelled else ("cooperate", "defect"),
            "role_names": game.roles,
            "max_code": f"{MAX_CODE:,}",
            "error": error,
        }

    # -- the instructor -----------------------------------------------------------------

    def _status(self) -> dict[str, Any]:
        return {
            "joined": len(self.room.students()),
            "round_number": self.room.round_number,
            "round_open": self.room.round_open,
            "submissions_open": self.room.submissions_open,
            "job": self.job,
        }

    def _students(self) -> list[dict[str, str]]:
        latest = {student.id: sub for student, sub in self.room.submissions()}
        rows = []
        for student in self.room.students():
            sub = latest.get(student.id)
            if sub is None:
                strategy = "none"
            else:
                strategy = ("valid" if sub.valid else "invalid") + f" ({sub.kind})"
            match = _match_text(self.room.match_for(student.id))
            rows.append({"nickname": student.nickname, "match": match, "strategy": strategy})
        return rows

    def settings_form(
        self, form: dict[str, str] | None = None, error: str | None = None, field: str = ""
    ) -> dict[str, Any]:
        """The "Session settings" form: filled from the settings, or after a refused
        form with what was sent, its error and the field it names."""
        values = form_values(self.room.settings)
        if form is not None:
            values.update({key: form.get(key, "") for key in values})
        return {
            "settings_open": self.room.settings_open,
            "values": values,
            "game_groups": game_groups(),
            "rosters": roster_choices(),
            "settings_error": error,
            "error_field": field,
        }

    def teacher(
        self, form: dict[str, str] | None = None, error: str | None = None, field: str = ""
    ) -> dict[str, Any]:
        s = self.room.settings
        return {
            **self._status(),
            **self.settings_form(form, error, field),
            "settings": s,
            "length_text": length_text(s.turns, s.prob_end, s.hide_length),
            "students": self._students(),
            "has_tables": self.room.tournament_run() is not None,
        }

    def results(self) -> dict[str, Any]:
        """The class tournament's tables and charts as the wall shows them, read and drawn
        again only when a new run is stored (the run id is a cheap query)."""
        run, views = self._results
        latest = self.room.tournament_run()
        if latest != run:
            tables = self.room.tournament_tables() or {}
            views = {
                "tables": [  # not the submissions' verdicts: they may quote students' code
                    frame_view(frame, name)
                    for name, frame in tables.items()
                    if name != "submissions"
                ],
                "charts": chart_data(tables),
            }
            self._results = (latest, views)
        return views

    def wall(self, join_url: str) -> dict[str, Any]:
        return {
            **self._status(),
            "join_url": join_url,
            "qr_svg": qr_svg(join_url),
            "leaderboard": frame_view(self.room.leaderboard(), HUMAN_GAMES),
            "human_games": HUMAN_GAMES,
            **self.results(),
        }

    def table(self, name: str) -> pd.DataFrame | None:
        if name == HUMAN_GAMES:
            return self.room.leaderboard()
        return (self.room.tournament_tables() or {}).get(name)

    # -- live fragments -----------------------------------------------------------------

    def fragments(self, view: str, student: Student | None) -> Callable[[], dict[str, str]]:
        """What the page ``view`` updates live: element id -> its new HTML."""

        def play() -> dict[str, str]:
            assert student is not None
            return {"match": self.render("_match.html", **self.play(student))}

        def submit() -> dict[str, str]:
            assert student is not None
            context = {
                "submission": self.room.submission_for(student.id),
                "submissions_open": self.room.submissions_open,
            }
            return {
                "submission": self.render("_submission.html", **context),
                RELOAD: str(context["submissions_open"]),
            }

        def teacher() -> dict[str, str]:
            status = self._status()
            has_tables = self.room.tournament_run() is not None
            return {
                "rounds": self.render("_rounds.html", token=self.room.instructor_token, **status),
                "progress": self.render("_progress.html", **status, has_tables=has_tables),
                "students": self.render("_students.html", students=self._students()),
            }

        def wall() -> dict[str, str]:
            board = frame_view(self.room.leaderboard(), HUMAN_GAMES)
            html = self.render("_leaderboard.html", leaderboard=board, **self._status())
            # a new class tournament (a new run id) reloads the page, with its charts
            return {"leaderboard": html, RELOAD: str(self.room.tournament_run())}

        return {"play": play, "submit": submit, "teacher": teacher, "wall": wall}[view]
