"""The web application of ``ipd serve``: server-rendered pages over a :class:`Classroom`.

Students join with a nickname (their secret goes into an HttpOnly cookie), play their
matches and submit strategies; the instructor's pages and actions need the instructor
token (in the URL the server prints, then in a cookie for pages; actions carry it in the
form, so another site cannot forge them). Every page works without JavaScript; a few
lines of it take live updates over server-sent events. Bad requests get an HTML error
page with a 4xx status, never a traceback.
"""

from __future__ import annotations

import http
import re
import secrets
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import jinja2
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import (
    FileResponse,
    HTMLResponse,
    RedirectResponse,
    Response,
    StreamingResponse,
)
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from strategies.errors import IPDError
from tournament.web import pages
from tournament.web.live import TournamentJob, event_stream
from tournament.web.room import Classroom, Student
from tournament.web.setup import FIELDS, SettingsError, settings_from_form

__all__ = ["MAX_BODY", "STUDENT_COOKIE", "TEACHER_COOKIE", "create_app"]

HERE = Path(__file__).parent
STUDENT_COOKIE = "ipd_student"
TEACHER_COOKIE = "ipd_teacher"
#: Largest request body accepted (a strategy is at most 20,000 characters; form encoding
#: can make that several times larger).
MAX_BODY = 256 * 1024
OPPONENTS = ("humans", "bots", "mixed")
_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (
        b"content-security-policy",
        b"default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
        b"img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'",
    ),
]
_MESSAGES = {
    400: "The request was not understood.",
    403: "This page is for the instructor: open it with the link that `ipd serve` printed.",
    404: "There is no such page here.",
    405: "This address does not take that kind of request.",
    409: "That cannot be done now.",
    413: f"What you sent is too large: at most {MAX_BODY // 1024} KB.",
}


class _Guard:
    """ASGI middleware: refuses request bodies over ``limit`` bytes (413, through the
    error page) and adds security headers to every response."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app, self.limit = app, limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length", b"0")
        seen = int(declared) if declared.isdigit() else 0

        async def limited() -> Message:
            nonlocal seen
            if seen > self.limit:
                raise HTTPException(413)
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit and not declared.isdigit():
                    raise HTTPException(413)
            return message

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = list(message.get("headers", [])) + _HEADERS
            await send(message)

        await self.app(scope, limited, with_headers)


def _teacher_cookie(response: Response, token: str) -> Response:
    response.set_cookie(TEACHER_COOKIE, token, httponly=True, samesite="strict")
    return response


class _Site:
    """The routes, over one classroom."""

    def __init__(self, room: Classroom, join_url: str | None, stream_seconds: float) -> None:
        self.room = room
        self.join_url = join_url
        self.stream_seconds = stream_seconds
        self.job = TournamentJob()
        env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(HERE / "templates"),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            auto_reload=False,  # templates ship with the package: no file check per page
        )
        self.pages = pages.Pages(room, env, self.job)

    # -- helpers ------------------------------------------------------------------------

    def html(self, name: str, code: int = 200, **context: Any) -> HTMLResponse:
        return HTMLResponse(self.pages.render(name, **context), status_code=code)

    async def student(self, request: Request) -> Student | None:
        secret = request.cookies.get(STUDENT_COOKIE)
        if not secret:
            return None
        return await run_in_threadpool(self.room.student, secret)

    def _token_ok(self, token: str | None) -> bool:
        return bool(token) and secrets.compare_digest(
            str(token).encode(), self.room.instructor_token.encode()
        )

    def teacher_page(self, request: Request) -> str:
        """The token from the URL or the instructor's cookie; 403 without a good one."""
        for token in (request.query_params.get("token"), request.cookies.get(TEACHER_COOKIE)):
            if self._token_ok(token):
                return str(token)
        raise HTTPException(403)

    def teacher_action(self, request: Request, form: FormData) -> str:
        """Actions carry the token in the form (or URL), never only in a cookie."""
        token = form.get("token") or request.query_params.get("token")
        if not self._token_ok(str(token) if token else None):
            raise HTTPException(403)
        return str(token)

    def version(self) -> tuple[int, int]:
        """What the event streams watch: the classroom's changes and the tournament's."""
        return (self.room.version, self.job.tick)

    def events_url(self, view: str) -> str:
        """The page's event stream, told the version the page is drawn at."""
        version, tick = self.version()
        return f"/events/{view}?since={version}.{tick}"

    def base_url(self, request: Request) -> str:
        return self.join_url or str(request.base_url)

    async def call(self, status: int, function: Callable[..., Any], *args: Any) -> Any:
        """A domain call in a worker thread; its IPDError becomes ``status``."""
        try:
            return await run_in_threadpool(function, *args)
        except IPDError as exc:
            raise HTTPException(status, str(exc)) from exc

    # -- students -----------------------------------------------------------------------

    async def join_page(self, request: Request) -> Response:
        student = await self.student(request)
        return self.html("join.html", student=student, nickname="", error=None)

    async def join(self, request: Request) -> Response:
        form = await request.form()
        nickname = str(form.get("nickname", ""))
        try:
            student = await run_in_threadpool(self.room.join, nickname)
        except IPDError as exc:
            return self.html("join.html", 400, student=None, nickname=nickname, error=str(exc))
        response = RedirectResponse("/play", status_code=303)
        response.set_cookie(
            STUDENT_COOKIE, student.secret, max_age=14 * 24 * 3600, httponly=True, samesite="lax"
        )
        return response

    async def play_page(self, request: Request) -> Response:
        student = await self.student(request)
        if student is None:
            return RedirectResponse("/", status_code=303)
        events = self.events_url("play")
        context = await run_in_threadpool(self.pages.play, student)
        return self.html("play.html", student=student, events=events, **context)

    async def play(self, request: Request) -> Response:
        student = await self.student(request)
        if student is None:
            raise HTTPException(403, "Join the classroom first: you have no nickname here yet.")
        move = str((await request.form()).get("move", ""))
        if move not in ("0", "1"):
            raise HTTPException(400, "A move is 0 (the first button) or 1 (the second).")
        await self.call(409, self.room.play, student.id, int(move))
        return RedirectResponse("/play", status_code=303)

    async def submit_page(self, request: Request) -> Response:
        student = await self.student(request)
        if student is None:
            return RedirectResponse("/", status_code=303)
        events = self.events_url("submit")
        context = await run_in_threadpool(self.pages.submit, student, {}, None)
        return self.html("submit.html", student=student, events=events, **context)

    async def submit(self, request: Request) -> Response:
        student = await self.student(request)
        if student is None:
            raise HTTPException(403, "Join the classroom first: you have no nickname here yet.")
        form = {k: str(v) for k, v in (await request.form()).items()}
        if not self.room.submissions_open:
            raise HTTPException(409, "Submissions are closed: the instructor has not opened them.")
        kind = request.url.path.rsplit("/", 1)[-1]
        try:
            if kind == "code":
                await run_in_threadpool(self.room.submit_code, student.id, form.get("source", ""))
            else:
                await run_in_threadpool(self.room.submit_builder, student.id, form)
        except IPDError as exc:
            context = await run_in_threadpool(self.pages.submit, student, form, str(exc))
            return self.html("submit.html", 400, student=student, events=None, **context)
        return RedirectResponse("/submit#result", status_code=303)

    # -- the instructor -----------------------------------------------------------------

    async def teacher(self, request: Request) -> Response:
        token = self.teacher_page(request)
        return await self._dashboard(request, token)

    async def _dashboard(
        self, request: Request, token: str, code: int = 200, **form: Any
    ) -> Response:
        """The instructor's page; ``form`` refills a refused settings form."""
        events = self.events_url("teacher")
        context = await run_in_threadpool(lambda: self.pages.teacher(**form))
        notice, self.pages.notice = self.pages.notice, None
        response = self.html(
            "teacher.html",
            code,
            token=token,
            join_url=self.base_url(request),
            notice=notice,
            events=events,
            **context,
        )
        return _teacher_cookie(response, token)

    async def settings(self, request: Request) -> Response:
        """Change the session's settings (until the first round opens); a bad value
        gets the form back, its field named (400)."""
        sent = await request.form()
        token = self.teacher_action(request, sent)
        form = {name: str(sent.get(name, "")) for name in FIELDS}
        try:
            settings = settings_from_form(form, self.room.settings)
        except SettingsError as exc:
            return await self._dashboard(
                request, token, 400, form=form, error=str(exc), field=exc.field
            )
        try:
            await run_in_threadpool(self.room.update_settings, settings)
        except IPDError as exc:
            return await self._dashboard(
                request, token, 409, form=form, error=str(exc), field="settings"
            )
        self.pages.notice = f"Settings saved: {self.room.game.name}, {len(settings.bots)} bots."
        return _teacher_cookie(RedirectResponse("/teacher#settings", status_code=303), token)

    async def act(self, request: Request) -> Response:
        form = await request.form()
        token = self.teacher_action(request, form)
        action = request.path_params["action"]
        if action == "round/open":
            opponents = str(form.get("opponents", "mixed"))
            if opponents not in OPPONENTS:
                raise HTTPException(400, f"opponents {opponents!r}: expected one of {OPPONENTS}")
            number = await self.call(409, self.room.open_round, opponents)
            self.pages.notice = f"Round {number} is open ({opponents})."
        elif action == "round/close":
            await self.call(409, self.room.close_round)
            self.pages.notice = "The round is closed."
        elif action in ("submissions/open", "submissions/close"):
            opening = action.endswith("open")
            room = self.room
            await self.call(409, room.open_submissions if opening else room.close_submissions)
            self.pages.notice = f"Submissions are {'open' if opening else 'closed'}."
        elif action == "tournament":
            if not self.job.start(lambda progress: self.room.run_tournament(progress=progress)):
                raise HTTPException(409, "A class tournament is running already: wait for it.")
            self.pages.notice = "The class tournament is running."
        elif action == "export":
            folder = self.pages.folder / "exports" / datetime.now().strftime("%Y%m%d-%H%M%S")
            paths = await self.call(400, self.room.export, folder)
            self.pages.notice = f"Exported {len(paths)} files to {folder}."
        else:
            raise HTTPException(404)
        return _teacher_cookie(RedirectResponse("/teacher", status_code=303), token)

    async def wall(self, request: Request) -> Response:
        token = self.teacher_page(request)
        if "token" in request.query_params:  # keep the token out of the projected address
            return _teacher_cookie(RedirectResponse("/wall", status_code=303), token)
        events = self.events_url("wall")
        context = await run_in_threadpool(self.pages.wall, self.base_url(request))
        return self.html("wall.html", events=events, **context)

    async def download(self, request: Request) -> Response:
        self.teacher_page(request)
        name = request.path_params["table"]
        frame = await run_in_threadpool(self.pages.table, name)
        if frame is None:
            raise HTTPException(404, f"There is no table {name!r} (yet).")
        return Response(
            frame.to_csv(index=not pages.plain_index(frame)),
            media_type="text/csv; charset=utf-8",
            headers={"content-disposition": f'attachment; filename="{name}.csv"'},
        )

    # -- live updates -------------------------------------------------------------------

    async def events(self, request: Request) -> Response:
        view = request.path_params["view"]
        if view in ("play", "submit"):
            student = await self.student(request)
            if student is None:
                raise HTTPException(403, "Join the classroom first.")
            render = self.pages.fragments(view, student)
        elif view in ("teacher", "wall"):
            self.teacher_page(request)
            render = self.pages.fragments(view, None)
        else:
            raise HTTPException(404)
        since = request.query_params.get("since", "")
        drawn = (
            tuple(int(p) for p in since.split(".")) if re.fullmatch(r"\d+\.\d+", since) else None
        )
        stream = event_stream(
            self.version,
            render,
            lifetime=self.stream_seconds,
            since=drawn,
            throttle=0.0 if view in ("play", "submit") else 0.5,
        )
        headers = {"cache-control": "no-cache", "x-accel-buffering": "no"}
        return StreamingResponse(stream, media_type="text/event-stream", headers=headers)

    # -- errors -------------------------------------------------------------------------

    async def error(self, request: Request, exc: Exception) -> Response:
        status = exc.status_code if isinstance(exc, HTTPException) else 500
        phrase = http.HTTPStatus(status).phrase
        message = exc.detail if isinstance(exc, HTTPException) else ""
        if not message or message == phrase:
            message = _MESSAGES.get(status, "Something went wrong on the server.")
        back = "/play" if status == 409 and request.url.path == "/play" else None
        back_text = "Back to your match" if back else None
        try:
            return self.html(
                "error.html",
                status,
                status=status,
                reason=phrase,
                message=message,
                back=back,
                back_text=back_text,
                events=None,
            )
        except Exception:  # never a traceback, even if the page cannot be drawn
            return Response(f"{status} {phrase}: {message}", status, media_type="text/plain")


def create_app(
    classroom: Classroom, *, join_url: str | None = None, stream_seconds: float = 300.0
) -> Starlette:
    """The web application over ``classroom``. ``join_url`` is the address students use
    (default: the address of the request); event streams end after ``stream_seconds``
    (browsers reconnect by themselves)."""
    site = _Site(classroom, join_url, stream_seconds)
    plotly_js = pages.plotly_js()
    routes = [
        Route("/", site.join_page, methods=["GET"]),
        Route("/join", site.join, methods=["POST"]),
        Route("/play", site.play_page, methods=["GET"]),
        Route("/play", site.play, methods=["POST"]),
        Route("/submit", site.submit_page, methods=["GET"]),
        Route("/submit/code", site.submit, methods=["POST"]),
        Route("/submit/builder", site.submit, methods=["POST"]),
        Route("/teacher", site.teacher, methods=["GET"]),
        Route("/teacher/settings", site.settings, methods=["POST"]),
        Route("/teacher/{action:path}", site.act, methods=["POST"]),
        Route("/wall", site.wall, methods=["GET"]),
        Route("/download/{table:str}.csv", site.download, methods=["GET"]),
        Route("/events/{view:str}", site.events, methods=["GET"]),
        Route("/static/plotly.js", lambda request: FileResponse(plotly_js), methods=["GET"]),
        Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
    ]
    app = Starlette(
        routes=routes,
        exception_handlers={HTTPException: site.error, Exception: site.error},
    )
    app.add_middleware(_Guard, limit=MAX_BODY)
    app.state.site = site
    return app
