"""The web classroom's application (``ipd serve``) through Starlette's TestClient: every
route, the error pages, escaping of what students type, and the instructor token."""

from __future__ import annotations

import html
import json
import re
import time
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner
from markupsafe import escape
from starlette.testclient import TestClient

from tournament.classroom.templates import python_template
from tournament.cli import main
from tournament.web.app import MAX_BODY, STUDENT_COOKIE, TEACHER_COOKIE, create_app
from tournament.web.live import RELOAD
from tournament.web.room import Classroom, ClassroomSettings

TOKEN = "instructor-secret-token"
XSS = "<img src=x onerror=a()>"  # 23 characters: a valid nickname


@pytest.fixture
def room(tmp_path: Path) -> Classroom:
    settings = ClassroomSettings(
        title="Test class",
        game="supplier-buyer",
        turns=3,
        hide_length=False,
        bots=("Tit For Tat", "Defector"),
        seed=3,
    )
    classroom = Classroom.create(tmp_path / "classroom-test", settings, instructor_token=TOKEN)
    yield classroom
    classroom.close()


@pytest.fixture
def app(room: Classroom):
    return create_app(room, join_url="http://class.example:8000/", stream_seconds=0.6)


def client(app, **kw) -> TestClient:
    return TestClient(app, follow_redirects=False, **kw)


def join(app, nickname: str) -> TestClient:
    c = client(app)
    response = c.post("/join", data={"nickname": nickname})
    assert response.status_code == 303, response.text
    return c


def teacher(app) -> TestClient:
    c = client(app)
    assert c.get("/teacher", params={"token": TOKEN}).status_code == 200
    return c


def act(c: TestClient, action: str, **data: str):
    return c.post(f"/teacher/{action}", data={"token": TOKEN, **data})


def test_joining_sets_an_httponly_cookie_and_leads_to_play(app, room):
    c = client(app)
    page = c.get("/")
    assert page.status_code == 200 and 'name="nickname"' in page.text
    assert "keep quality" in page.text  # the scenario's labels are on the join page
    response = c.post("/join", data={"nickname": "Ada"})
    assert response.status_code == 303 and response.headers["location"] == "/play"
    cookie = response.headers["set-cookie"]
    assert cookie.startswith(f"{STUDENT_COOKIE}=") and "HttpOnly" in cookie
    assert room.students()[0].secret in cookie
    play = c.get("/play")
    assert play.status_code == 200 and "Ada" in play.text and "No match yet" in play.text


def test_pages_for_students_need_a_nickname(app):
    c = client(app)
    assert c.get("/play").headers["location"] == "/"
    assert c.get("/submit").headers["location"] == "/"
    refused = c.post("/play", data={"move": "0"})
    assert refused.status_code == 403 and "Join the classroom first" in refused.text
    c.cookies.set(STUDENT_COOKIE, "not-a-secret")
    assert c.get("/play").headers["location"] == "/"


def test_a_bad_nickname_gets_its_message_and_the_form_back_escaped(app):
    c = client(app)
    too_long = "<script>alert(1)</script>"  # 25 characters
    response = c.post("/join", data={"nickname": too_long})
    assert response.status_code == 400
    assert "<script>alert(1)" not in response.text
    assert html.escape(too_long) in response.text
    join(app, "Ada")
    taken = c.post("/join", data={"nickname": "ada"})
    assert taken.status_code == 400 and 'class="problem"' in taken.text


def test_nicknames_are_escaped_on_every_page(app):
    student = join(app, XSS)
    other = join(app, "Bob")
    t = teacher(app)
    assert act(t, "round/open", opponents="humans").status_code == 303
    student.post("/play", data={"move": "0"})
    other.post("/play", data={"move": "1"})
    pages = [student.get("/play"), t.get("/teacher"), t.get("/wall")]
    for page in pages:
        assert page.status_code == 200
        assert XSS not in page.text
    assert html.escape(XSS) in pages[0].text
    assert html.escape(XSS) in pages[1].text
    assert html.escape(XSS) in pages[2].text  # in the live leaderboard


def test_instructor_pages_and_actions_need_the_token(app, room):
    c = client(app)
    for path in ("/teacher", "/wall", "/download/games.csv", "/events/teacher"):
        assert c.get(path).status_code == 403, path
        wrong = c.get(path, params={"token": "guess"})
        assert wrong.status_code == 403 and "instructor" in wrong.text, path
    assert c.post("/teacher/round/open", data={"opponents": "bots"}).status_code == 403
    assert (
        c.post("/teacher/round/open", data={"token": "x", "opponents": "bots"}).status_code == 403
    )
    assert room.round_number == 0
    page = c.get("/teacher", params={"token": TOKEN})
    assert page.status_code == 200 and "Students join at" in page.text
    assert f"{TEACHER_COOKIE}=" in page.headers["set-cookie"]
    assert "SameSite=strict" in page.headers["set-cookie"]
    assert c.get("/teacher").status_code == 200  # the cookie opens pages...
    # ...but an action needs the token in the form: another site cannot forge one
    assert c.post("/teacher/round/open", data={"opponents": "bots"}).status_code == 403
    assert room.round_number == 0


def test_the_wall_shows_no_secrets(app, room):
    join(app, "Ada")
    c = client(app)
    response = c.get("/wall", params={"token": TOKEN})
    assert response.status_code == 303 and response.headers["location"] == "/wall"
    wall = c.get("/wall")
    assert wall.status_code == 200
    assert TOKEN not in wall.text and "token" not in wall.text
    assert room.students()[0].secret not in wall.text
    assert "http://class.example:8000/" in wall.text and "<svg" in wall.text  # QR code
    assert "1 joined" in wall.text


def test_a_round_of_students_against_each_other(app, room):
    ada, bob = join(app, "Ada"), join(app, "Bob")
    t = teacher(app)
    assert act(t, "round/open", opponents="humans").status_code == 303
    assert "Round 1 is open" in t.get("/teacher").text
    still_open = act(t, "round/open", opponents="bots")
    assert still_open.status_code == 409 and "close it first" in still_open.text
    page = ada.get("/play").text
    assert "Round 1" in page and "of 3" in page
    role = room.match_for(room.students()[0].id).role
    cooperate = room.game.labels[role][0]
    assert f">{cooperate}</button>" in page
    assert ada.post("/play", data={"move": "0"}).headers["location"] == "/play"
    assert "Waiting for your opponent" in ada.get("/play").text
    again = ada.post("/play", data={"move": "1"})
    assert again.status_code == 409 and "Back to your match" in again.text
    assert bob.post("/play", data={"move": "1"}).status_code == 303
    page = ada.get("/play").text
    assert "Waiting for your opponent" not in page and 'class="history"' in page
    assert room.match_for(room.students()[0].id).turn == 1


def test_bad_moves_and_out_of_turn_actions(app):
    ada = join(app, "Ada")
    assert ada.post("/play", data={"move": "7"}).status_code == 400
    no_round = ada.post("/play", data={"move": "0"})
    assert no_round.status_code == 409
    t = teacher(app)
    assert act(t, "round/open", opponents="everyone").status_code == 400
    assert act(t, "round/close").status_code in (303, 409)


def test_unknown_pages_wrong_methods_and_large_bodies(app):
    c = client(app)
    missing = c.get("/no/such/page")
    assert missing.status_code == 404 and "<h1>Not Found</h1>" in missing.text
    assert c.get("/join").status_code == 405
    assert c.post("/submit/other", data={}).status_code == 404
    big = c.post("/join", data={"nickname": "x" * (MAX_BODY + 10)})
    assert big.status_code == 413 and "too large" in big.text
    for response in (missing, big):
        assert "Traceback" not in response.text
        assert response.headers["content-type"].startswith("text/html")


def test_a_server_error_is_a_page_without_traceback(app, room, monkeypatch):
    def broken():
        raise RuntimeError("secret detail")

    monkeypatch.setattr(room, "leaderboard", broken)
    c = TestClient(app, raise_server_exceptions=False)
    c.cookies.set(TEACHER_COOKIE, TOKEN)
    response = c.get("/wall")
    assert response.status_code == 500
    assert "secret detail" not in response.text and "Traceback" not in response.text


def test_submitting_code_shows_the_validator_message_escaped(app, room):
    ada = join(app, "Ada")
    page = ada.get("/submit")
    assert "class AdaStrategy(SimpleStrategy)" in page.text  # the ipd new-strategy template
    broken = 'x = "</textarea><script>alert(1)</script>"\nthis is not python\n'
    response = ada.post("/submit/code", data={"source": broken})
    assert response.status_code == 303
    page = ada.get("/submit").text
    submission = room.submission_for(room.students()[0].id)
    assert not submission.valid
    assert "<script>alert(1)" not in page
    assert html.escape(submission.message, quote=False).splitlines()[0] in page
    assert "has a problem" in page
    assert "&lt;/textarea&gt;&lt;script&gt;alert(1)" in page  # refilled, escaped
    assert "this is not python" in page
    too_long = ada.post("/submit/code", data={"source": "#" * 20_001})
    assert too_long.status_code == 400 and "Not saved" in too_long.text


def test_the_builder_reports_the_bad_field_and_keeps_the_form(app, room):
    ada = join(app, "Ada")
    form = {"name": "Careful", "first": "C", "after_cc": "1", "after_cd": "2"}
    form |= {"after_dc": "1", "after_dd": "0"}
    bad = ada.post("/submit/builder", data=form)
    assert bad.status_code == 400 and "after_cd" in bad.text
    assert 'value="Careful"' in bad.text and 'value="2"' in bad.text
    form["after_cd"] = "0.2"
    assert ada.post("/submit/builder", data=form).status_code == 303
    submission = room.submission_for(room.students()[0].id)
    assert submission.valid and submission.kind == "builder"
    assert "Your strategy is in" in ada.get("/submit").text


def test_closed_submissions_refuse_with_409(app, room):
    ada = join(app, "Ada")
    t = teacher(app)
    assert act(t, "submissions/close").status_code == 303
    assert not room.submissions_open
    assert "Submissions are closed" in ada.get("/submit").text
    refused = ada.post("/submit/code", data={"source": "pass"})
    assert refused.status_code == 409 and "closed" in refused.text
    assert room.submission_for(room.students()[0].id) is None


def _wait_for_tournament(app, seconds: float = 60) -> None:
    job = app.state.site.job
    end = time.monotonic() + seconds
    while job.running and time.monotonic() < end:
        time.sleep(0.1)
    assert not job.running and job.error is None, job.error


def test_the_class_tournament_runs_and_the_wall_charts_it(app, room):
    ada = join(app, "Ada")
    form = {"name": "Forgiving", "first": "C", "after_cc": "1", "after_cd": "0.3"}
    ada.post("/submit/builder", data=form | {"after_dc": "1", "after_dd": "0"})
    t = teacher(app)
    assert act(t, "tournament").status_code == 303
    _wait_for_tournament(app)
    assert "class tournament has results" in t.get("/teacher").text
    wall = t.get("/wall").text
    assert '<script src="/static/plotly.js"' in wall
    data = json.loads(re.search(r'id="chart-data">(.*?)</script>', wall, re.S).group(1))
    assert set(data) == {"ranking", "payoffs", "shares"}
    assert any(name.startswith("Forgiving") for name in data["ranking"]["names"])
    assert len(data["payoffs"]["z"]) == len(data["payoffs"]["rows"]) == 3  # 1 + 2 bots
    assert data["shares"]["series"]
    csv = t.get("/download/leaderboard.csv")
    assert csv.status_code == 200 and csv.headers["content-type"].startswith("text/csv")
    assert "Forgiving" in csv.text
    assert t.get("/download/games.csv").status_code == 200
    assert t.get("/download/nothing.csv").status_code == 404
    assert ada.get("/download/leaderboard.csv").status_code == 403
    assert act(t, "export").status_code == 303
    assert "Exported" in t.get("/teacher").text
    assert any((room.path / "exports").rglob("session.json"))


def test_event_streams_send_the_changed_fragments(app, room):
    ada = join(app, "Ada")
    t = teacher(app)
    act(t, "round/open", opponents="bots")
    with ada.stream("GET", "/events/play") as stream:
        assert stream.headers["content-type"].startswith("text/event-stream")
        body = "".join(stream.iter_text())
    events = [json.loads(line[6:]) for line in body.splitlines() if line.startswith("data: {")]
    assert [e["id"] for e in events] == ["match"]
    assert "Round 1" in events[0]["html"]
    with t.stream("GET", "/events/teacher") as stream:
        body = "".join(stream.iter_text())
    ids = {json.loads(line[6:])["id"] for line in body.splitlines() if line.startswith("data: {")}
    assert ids == {"rounds", "progress", "students"}
    page = ada.get("/play").text  # names the version it is drawn at: nothing new to send
    since = re.search(r'data-events="(/events/play\?since=[0-9.]+)"', page).group(1)
    with ada.stream("GET", since) as stream:
        assert "event: fragment" not in "".join(stream.iter_text())
    assert client(app).get("/events/play").status_code == 403
    assert t.get("/events/nothing").status_code == 404


def test_static_files_and_plotly_are_served(app):
    c = client(app)
    assert "EventSource" in c.get("/static/live.js").text
    assert c.get("/static/style.css").status_code == 200
    plotly = c.get("/static/plotly.js")
    assert plotly.status_code == 200 and len(plotly.content) > 1_000_000
    assert "content-security-policy" in c.get("/").headers


def test_ipd_serve_creates_then_reopens_a_classroom(tmp_path, monkeypatch):
    served = []
    monkeypatch.setattr(
        "tournament.web.server.run_server", lambda app, host, port: served.append((host, port))
    )
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    first = runner.invoke(main, ["serve", "--classroom", "Econ 101", "--turns", "5", "--port", "0"])
    assert first.exit_code == 0, first.output
    folder = tmp_path / "results" / "classroom-econ-101"
    assert (folder / "classroom.sqlite").is_file()
    token = re.search(r"token=(\S+)", first.output).group(1)
    assert "Students join at:" in first.output and "Server stopped" in first.output
    assert served == [("127.0.0.1", 0)]
    refused = runner.invoke(main, ["serve", "--classroom", "Econ 101", "--noise", "0.1"])
    assert refused.exit_code == 2
    assert "--noise cannot change them" in refused.output
    again = runner.invoke(main, ["serve", "--classroom", "Econ 101", "--port", "0"])
    assert again.exit_code == 0 and f"token={token}" in again.output
    room = Classroom.open(folder)
    assert room.settings.turns == 5 and room.settings.title == "Econ 101"
    room.close()


def test_ipd_serve_takes_its_bots_from_a_roster_and_names(tmp_path, monkeypatch):
    from strategies.rosters import get_roster

    monkeypatch.setattr("tournament.web.server.run_server", lambda app, host, port: None)
    monkeypatch.chdir(tmp_path)
    args = ["serve", "--classroom", "c", "--roster", "classic", "--bots", "Random(0.3)"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    room = Classroom.open(tmp_path / "results" / "classroom-c")
    assert room.settings.bots == (*get_roster("classic").names(), "Random(0.3)")
    room.close()
    unknown = CliRunner().invoke(main, ["serve", "--classroom", "d", "--roster", "clasic"])
    assert unknown.exit_code == 2 and "clasic" in unknown.output
    assert "Traceback" not in unknown.output


# -- the builder's two states -------------------------------------------------------------

TWO_STATES = {  # Tit For Two Tats, but defecting first: a form as the browser posts it
    "name": "Patient",
    "first": "D",
    "after_cc": "1",
    "after_cd": "0",
    "after_dc": "1",
    "after_dd": "0",
    "states": "2",
    "s1_c_move": "C",
    "s1_c_next": "1",
    "s1_d_move": "C",
    "s1_d_next": "2",
    "s2_c_move": "C",
    "s2_c_next": "1",
    "s2_d_move": "D",
    "s2_d_next": "2",
}


def _tag(page: str, element_id: str) -> str:
    """The opening tag of the element with that id."""
    return re.search(rf'<[a-z]+ [^>]*id="{element_id}"[^>]*>', page).group(0)


def _selected(page: str, name: str) -> str:
    """The selected option's value of the <select> called ``name``."""
    select = re.search(rf'<select [^>]*name="{name}".*?</select>', page, re.S).group(0)
    return re.search(r'<option value="([^"]*)" selected>', select).group(1)


def test_the_builder_offers_two_states_behind_a_disclosure(app):
    page = join(app, "Ada").get("/submit").text
    details = re.search(r"<details[^>]*>", page).group(0)
    assert "open" not in details  # hidden until asked for
    assert "Use two states" in page
    checkbox = _tag(page, "b-states")
    assert 'type="checkbox"' in checkbox and 'value="2"' in checkbox
    assert "checked" not in checkbox
    for name in ("s1_c_move", "s1_c_next", "s1_d_move", "s1_d_next", "s2_d_next"):
        assert f'<label for="b-{name}">' in page, name
    # the choices speak the scenario's language (the student is the supplier)
    assert '<option value="D">cut corners</option>' in page
    assert "after they squeeze the price" in page
    # the default machine is Tit For Two Tats: in state 1 a defection is let pass
    assert _selected(page, "s1_d_move") == "C" and _selected(page, "s1_d_next") == "2"


def test_a_two_state_strategy_is_stored_as_a_valid_state_machine(app, room):
    ada = join(app, "Ada")
    assert ada.post("/submit/builder", data=TWO_STATES).status_code == 303
    submission = room.submission_for(room.students()[0].id)
    assert submission.valid and submission.kind == "builder", submission.message
    toml = (room.path / "submissions" / submission.filename).read_text()
    assert 'kind = "finite-state-machine"' in toml
    assert '[1, "D", 2, "C"]' in toml and '[2, "D", 2, "D"]' in toml
    assert 'initial_move = "D"' in toml
    assert "Your strategy is in" in ada.get("/submit").text
    # without the box ticked, the same form is a memory-one strategy
    assert ada.post("/submit/builder", data=TWO_STATES | {"states": ""}).status_code == 303
    memory_one = room.submission_for(room.students()[0].id)
    assert memory_one.valid and memory_one.id != submission.id
    assert 'kind = "memory-one"' in (room.path / "submissions" / memory_one.filename).read_text()


def test_a_bad_two_state_field_is_named_and_the_form_keeps_what_was_chosen(app, room):
    ada = join(app, "Ada")
    chosen = TWO_STATES | {"first": "0.5", "s1_c_move": "D", "s2_c_next": "2"}
    bad = ada.post("/submit/builder", data=chosen)
    assert bad.status_code == 400 and room.submission_for(room.students()[0].id) is None
    page = bad.text
    assert "first: got &#39;0.5&#39;, expected C or D" in page  # in the alert and at the field
    assert 'aria-invalid="true"' in _tag(page, "b-first")
    assert 'aria-describedby="builder-error"' in _tag(page, "b-first")
    assert page.count('aria-invalid="true"') == 1
    assert 'href="#b-first"' in page  # the alert leads to the field
    assert "open" in re.search(r"<details[^>]*>", page).group(0)
    assert "checked" in _tag(page, "b-states")
    assert 'value="Patient"' in page and 'value="0.5"' in _tag(page, "b-first")
    assert _selected(page, "s1_c_move") == "D" and _selected(page, "s2_c_next") == "2"
    assert _selected(page, "s2_d_move") == "D"
    # a bad state field (a forged post: the form offers 1 and 2) is named at its select
    forged = ada.post("/submit/builder", data=TWO_STATES | {"s2_c_next": "3"})
    assert forged.status_code == 400 and "s2_c_next: got &#39;3&#39;" in forged.text
    assert 'aria-invalid="true"' in _tag(forged.text, "b-s2_c_next")
    assert 'href="#b-s2_c_next"' in forged.text
    # a memory-one mistake leaves the two states folded away and unticked
    one = ada.post("/submit/builder", data=TWO_STATES | {"states": "", "after_dd": "x"})
    assert one.status_code == 400 and 'aria-invalid="true"' in _tag(one.text, "b-after_dd")
    assert "open" not in re.search(r"<details[^>]*>", one.text).group(0)
    assert "checked" not in _tag(one.text, "b-states")


# -- the cheap check of the class tournament's run -----------------------------------------


def _stream_events(c: TestClient, page: str, view: str) -> list[str]:
    since = re.search(rf'data-events="(/events/{view}\?since=[0-9.]+)"', page).group(1)
    with c.stream("GET", since) as stream:
        return [line for line in "".join(stream.iter_text()).splitlines() if line]


def test_live_updates_read_the_tournament_tables_only_when_a_new_run_is_stored(
    app, room, monkeypatch
):
    reads = []
    tables = room.tournament_tables
    monkeypatch.setattr(room, "tournament_tables", lambda: reads.append(1) or tables())
    ada, bob = join(app, "Ada"), join(app, "Bob")
    t = teacher(app)
    act(t, "round/open", opponents="humans")
    wall, desk = t.get("/wall").text, t.get("/teacher").text
    ada.post("/play", data={"move": "0"})
    bob.post("/play", data={"move": "1"})
    lines = _stream_events(t, wall, "wall")  # the leaderboard changed: one fragment
    assert any('"id": "leaderboard"' in line for line in lines) and "event: reload" not in lines
    assert any('"id": "students"' in line for line in _stream_events(t, desk, "teacher"))
    assert reads == []  # no run yet: the tables were never read
    render = app.state.site.pages.fragments("wall", None)
    before = render()[RELOAD]
    ada.post("/submit/builder", data=TWO_STATES)
    assert act(t, "tournament").status_code == 303
    _wait_for_tournament(app)
    assert render()[RELOAD] != before  # a new run: the wall reloads for its charts
    assert reads == []
    wall = t.get("/wall").text
    assert reads == [1] and "chart-data" in wall and "Patient" in wall
    assert "class tournament has results" in t.get("/teacher").text
    ada.post("/play", data={"move": "0"})
    bob.post("/play", data={"move": "0"})
    assert any('"id": "leaderboard"' in line for line in _stream_events(t, wall, "wall"))
    again = t.get("/wall").text  # the same run: drawn from what was read before
    assert reads == [1] and "Patient" in again
    assert room.tournament_run() is not None


# -- the Python template ----------------------------------------------------------------


def test_the_code_area_starts_with_what_ipd_new_strategy_writes(app, tmp_path, monkeypatch):
    page = join(app, "Ada Lovelace!").get("/submit").text
    source = html.unescape(re.search(r"<textarea[^>]*>(.*?)</textarea>", page, re.S).group(1))
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["new-strategy", "Ada Lovelace Strategy"])
    assert result.exit_code == 0, result.output
    assert source == (tmp_path / "ada_lovelace_strategy.py").read_text(encoding="utf-8")
    assert source == python_template("Ada Lovelace Strategy")


# -- accessibility and phones ------------------------------------------------------------


class _Markup(HTMLParser):
    """The facts about a page that accessibility needs: form controls and their labels,
    buttons and their text, the <html> language and the viewport."""

    def __init__(self) -> None:
        super().__init__()
        self.controls: list[dict[str, str | None]] = []
        self.label_for: set[str] = set()
        self.in_label = 0
        self.buttons: list[str] = []
        self.button: list[str] | None = None
        self.lang: str | None = None
        self.viewport: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "html":
            self.lang = a.get("lang")
        elif tag == "meta" and a.get("name") == "viewport":
            self.viewport = a.get("content")
        elif tag == "label":
            self.in_label += 1
            if a.get("for"):
                self.label_for.add(a["for"])
        elif tag in ("input", "select", "textarea"):
            if a.get("type") not in ("hidden", "submit"):
                self.controls.append({**a, "tag": tag, "wrapped": "1" if self.in_label else None})
        elif tag == "button":
            self.button = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "label":
            self.in_label -= 1
        elif tag == "button" and self.button is not None:
            self.buttons.append("".join(self.button).strip())
            self.button = None

    def handle_data(self, data: str) -> None:
        if self.button is not None:
            self.button.append(data)


def _markup(text: str) -> _Markup:
    parser = _Markup()
    parser.feed(text)
    return parser


def _contrast(a: str, b: str) -> float:
    """WCAG 2 contrast ratio of two #rrggbb colours."""

    def luminance(colour: str) -> float:
        channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_contrast_ratio_matches_published_values():
    assert _contrast("#ffffff", "#000000") == pytest.approx(21.0)
    assert _contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)


def test_student_pages_are_labelled_and_made_for_phones(app, room):
    ada, bob = join(app, "Ada"), join(app, "Bob")
    act(teacher(app), "round/open", opponents="humans")
    ada.post("/play", data={"move": "0"})
    bob.post("/play", data={"move": "1"})
    pages = {
        "join": client(app).get("/").text,
        "join again": client(app).post("/join", data={"nickname": "Ada"}).text,
        "play": bob.get("/play").text,
        "submit": ada.get("/submit").text,
        "refused": ada.post("/submit/builder", data=TWO_STATES | {"first": "x"}).text,
        "error": ada.get("/no/such/page").text,
    }
    assert 'class="move-button c"' in pages["play"]  # Bob's turn: the buttons are there
    for name, text in pages.items():
        page = _markup(text)
        assert page.lang == "en", name
        assert page.viewport and "width=device-width" in page.viewport, name
        for control in page.controls:
            labelled = control["wrapped"] or control.get("id") in page.label_for
            assert labelled, (name, control)
        assert all(page.buttons), (name, page.buttons)  # every button says what it does
    assert len(_markup(pages["submit"]).controls) == 16  # 6 fields, the box, 8 choices, code


def _css_rule(css: str, selector: str) -> str:
    return re.search(rf"(?m)^{re.escape(selector)} \{{([^}}]*)\}}", css).group(1)


def _css_px(value: str) -> float:
    """A CSS length in px (rem is 16 px: the browser's default root size, not changed)."""
    number, unit = re.fullmatch(r"([0-9.]+)(px|rem)", value.strip()).groups()
    return float(number) * (16 if unit == "rem" else 1)


def test_the_move_buttons_are_readable_and_big_enough_to_tap(app):
    css = client(app).get("/static/style.css").text
    assert not re.search(r"(?m)^(html|:root) \{[^}]*font-size", css)  # 1rem stays 16 px
    colours = dict(re.findall(r"--([a-z]+): (#[0-9a-f]{6})", css))
    button = _css_rule(css, ".move-button")
    assert re.search(r"(?<![-\w])color: #fff;", button)
    for kind, variable in (("c", "cooperate"), ("d", "defect")):
        assert f"var(--{variable})" in _css_rule(css, f".move-button.{kind}")
        # the labels are 1.3rem bold (large text needs 3:1); they pass the 4.5:1 of normal text
        assert _contrast("#ffffff", colours[variable]) >= 4.5, variable
    size = dict(re.findall(r"(min-height|min-width): ([0-9.]+(?:px|rem))", button))
    assert _css_px(size["min-height"]) >= 44 and _css_px(size["min-width"]) >= 44


def test_unnamed_moves_are_explained_in_words_on_the_submit_page(tmp_path):
    classic = Classroom.create(tmp_path / "classic", ClassroomSettings(game="classic"))
    try:
        page = join(create_app(classic), "Eve").get("/submit").text
        assert "<kbd>C</kbd> (cooperate)" in page and "(C)" not in page
    finally:
        classic.close()


# -- the session's settings from the dashboard --------------------------------------------

SETTINGS = {
    "title": "Pricing <week>",
    "game": "price-war",
    "game_spec": "",
    "length": "turns",
    "turns": "4",
    "prob_end": "",
    "shown": "hidden",
    "noise": "0",
    "roster": "",
    "bots": "Grudger, Random(0.3)",
}


def test_the_dashboard_offers_every_preset_grouped_and_the_rosters(app):
    from strategies.rosters import ROSTERS
    from tournament.core.games import GAMES

    page = teacher(app).get("/teacher").text
    form = page[page.index('action="/teacher/settings"') :]
    games = form[form.index('<select id="s-game"') : form.index("</select>")]
    assert '<optgroup label="Classic games">' in games
    business = games[games.index('<optgroup label="Business scenarios">') :]
    for name in GAMES:
        assert f'<option value="{name}"' in games
    assert '<option value="price-war"' in business and '<option value="classic"' not in business
    assert '<option value="supplier-buyer" selected>' in games  # the current game
    for name in ROSTERS:
        assert f'<option value="{name}"' in form
    assert 'name="game_spec"' in form and 'name="bots"' in form


def test_the_instructor_changes_the_settings_and_students_see_the_new_game(app, room, tmp_path):
    ada = join(app, "Ada")
    t = teacher(app)
    refused = client(app).post("/teacher/settings", data=SETTINGS)  # no token
    assert refused.status_code == 403
    t.cookies.set(TEACHER_COOKIE, TOKEN)
    assert t.post("/teacher/settings", data=SETTINGS).status_code == 403  # a cookie is not enough
    saved = act(t, "settings", **SETTINGS)
    assert saved.status_code == 303 and saved.headers["location"] == "/teacher#settings"
    assert room.settings.game == "price-war" and room.settings.bots == ("Grudger", "Random(0.3)")
    page = t.get("/teacher").text
    assert "Settings saved" in page and str(escape(room.game.description)) in page
    assert "hold the price" in page and "cut the price" in page  # the labels
    assert html.escape("Pricing <week>") in page and "Pricing <week>" not in page
    join_page = client(app).get("/").text
    assert "hold the price" in join_page and "keep quality" not in join_page
    assert "hold the price" in ada.get("/submit").text
    act(t, "round/open", opponents="bots")
    play = ada.get("/play").text
    assert "hold the price" in play and "keep quality" not in play
    # stored at once: a server started again on the same folder has them
    again = Classroom.open(room.path)
    try:
        assert again.settings == room.settings
        assert "hold the price" in client(create_app(again)).get("/").text
    finally:
        again.close()


def test_a_bad_setting_gets_the_form_back_with_its_field_named(app, room):
    t = teacher(app)
    before = room.settings
    bad = act(t, "settings", **{**SETTINGS, "turns": "<b>9</b>", "bots": XSS})
    assert bad.status_code == 400 and room.settings == before
    assert "<b>9</b>" not in bad.text and XSS not in bad.text
    assert "turns: got &#39;&lt;b&gt;9&lt;/b&gt;&#39;, expected a whole number" in bad.text
    turns = _tag(bad.text, "s-turns")
    assert 'aria-invalid="true"' in turns and 'value="&lt;b&gt;9&lt;/b&gt;"' in turns
    assert 'aria-invalid="true"' not in _tag(bad.text, "s-noise")
    assert html.escape(XSS) in bad.text  # what was typed stays in the form, escaped
    spec = act(t, "settings", **{**SETTINGS, "game_spec": "supplier-buyer-power(monitoring=x)"})
    assert spec.status_code == 400 and "monitoring=x" in spec.text
    assert 'aria-invalid="true"' in _tag(spec.text, "s-game_spec")
    roster = act(t, "settings", **{**SETTINGS, "roster": "nobody", "bots": ""})
    assert roster.status_code == 400 and "unknown roster" in roster.text
    assert room.settings == before


def test_settings_are_read_only_once_the_first_round_opened(app, room):
    t = teacher(app)
    join(app, "Ada")
    act(t, "round/open", opponents="bots")
    page = t.get("/teacher").text
    assert 'action="/teacher/settings"' not in page
    assert "Fixed since round 1 opened" in page and "supplier-buyer" in page
    late = act(t, "settings", **SETTINGS)
    assert late.status_code == 409 and "round 1 has opened" in late.text
    assert room.settings.game == "supplier-buyer"
