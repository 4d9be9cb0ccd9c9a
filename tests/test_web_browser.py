"""The web classroom in a real browser: Debian's chromium, headless, driven by selenium,
against a uvicorn server on a free loopback port. An instructor, two students in separate
browsers (one phone-sized), a round of human pairs, a bot round, three submissions, the
class tournament and the wall's charts. ``IPD_SCREENSHOTS=1`` saves the screenshots of
the docs (``docs/figures/web/``)."""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from pathlib import Path

import pytest
import uvicorn
from selenium import webdriver
from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from tournament.web.app import create_app
from tournament.web.room import Classroom, ClassroomSettings

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None or CHROMEDRIVER is None,
    reason="needs Debian's chromium and chromium-driver (apt-get install chromium-driver)",
)

TOKEN = "browser-test-token"
FIGURES = Path(__file__).resolve().parents[1] / "docs" / "figures" / "web"
TURNS = 5
CODE = """from strategies.simple import C, SimpleStrategy


class Mirror(SimpleStrategy):
    name = "Ada's Mirror"
    family = "student"

    def move(self, mine, theirs, memory, rng):
        return theirs[-1] if theirs else C
"""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def server(tmp_path):
    settings = ClassroomSettings(
        title="Negotiation 101",
        game="supplier-buyer",
        turns=TURNS,
        hide_length=False,
        bots=("Tit For Tat", "Defector", "Grudger"),
        seed=7,
    )
    room = Classroom.create(tmp_path / "classroom", settings, instructor_token=TOKEN)
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    app = create_app(room, join_url=url + "/")
    config = uvicorn.Config(
        app, host="127.0.0.1", port=port, log_level="warning", timeout_graceful_shutdown=1
    )
    uv = uvicorn.Server(config)
    thread = threading.Thread(target=uv.run, daemon=True)
    thread.start()
    end = time.monotonic() + 10
    while not uv.started and time.monotonic() < end:
        time.sleep(0.05)
    assert uv.started, "the server did not start"
    yield url, room
    uv.should_exit = True
    thread.join(10)
    room.close()


def _browser(width: int, height: int) -> webdriver.Chrome:
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage"):
        options.add_argument(argument)
    options.add_argument(f"--window-size={width},{height}")
    options.set_capability("goog:loggingPrefs", {"browser": "SEVERE"})
    return webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))


@pytest.fixture
def browsers():
    opened: list[webdriver.Chrome] = []

    def open_one(width: int, height: int) -> webdriver.Chrome:
        opened.append(_browser(width, height))
        return opened[-1]

    yield open_one
    for driver in opened:
        driver.quit()


def wait(driver, condition, seconds: float = 60):
    """Poll ``condition`` until it holds; the default leaves room for a machine busy with
    the rest of the test suite (it failed once at 20 s under that load)."""
    ignored = (NoSuchElementException, StaleElementReferenceException)  # a page being replaced
    return WebDriverWait(driver, seconds, 0.1, ignored).until(condition)


def text(driver) -> str:
    return driver.find_element(By.TAG_NAME, "main").text


def rows(driver) -> int:
    return len(driver.find_elements(By.CSS_SELECTOR, "#match table.history tbody tr"))


def shot(driver, name: str) -> None:
    if os.environ.get("IPD_SCREENSHOTS") == "1":
        FIGURES.mkdir(parents=True, exist_ok=True)
        driver.save_screenshot(str(FIGURES / name))


def join(driver, url: str, nickname: str) -> None:
    driver.get(url + "/")
    driver.find_element(By.ID, "nickname").send_keys(nickname)
    driver.find_element(By.CSS_SELECTOR, "form[action='/join'] button").click()
    wait(driver, lambda d: "No match yet" in text(d))


def open_round(teacher, opponents: str) -> None:
    Select(teacher.find_element(By.ID, "opponents")).select_by_value(opponents)
    teacher.find_element(By.CSS_SELECTOR, "form[action='/teacher/round/open'] button").click()
    wait(teacher, lambda d: "is open" in text(d))


def move(driver, which: int) -> None:
    buttons = wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "button.move-button"))
    buttons[which].click()


def play_against_each_other(ada, bob) -> None:
    """Five turns: Ada moves first and waits; Bob's move reaches her page live."""
    for turn in range(1, TURNS + 1):
        move(ada, 0)
        wait(ada, lambda d: "Waiting for your opponent" in text(d))
        move(bob, turn % 2)
        wait(ada, lambda d, t=turn: rows(d) == t)  # pushed over server-sent events
        wait(bob, lambda d, t=turn: rows(d) == t)
        if turn == 3:
            shot(ada, "student-phone.png")
    for driver in (ada, bob):
        wait(driver, lambda d: "Match over" in text(d))


def submit(url: str, ada, bob) -> None:
    ada.get(url + "/submit")
    source = ada.find_element(By.ID, "source")
    ada.execute_script("arguments[0].value = arguments[1];", source, "def broken(:\n")
    ada.find_element(By.CSS_SELECTOR, "form[action='/submit/code'] button").click()
    wait(ada, lambda d: "has a problem" in text(d), 60)
    message = ada.find_element(By.CSS_SELECTOR, "#result pre.message").text
    assert "line 1" in message or "SyntaxError" in message or "syntax" in message.lower()
    source = ada.find_element(By.ID, "source")
    ada.execute_script("arguments[0].value = arguments[1];", source, CODE)
    ada.find_element(By.CSS_SELECTOR, "form[action='/submit/code'] button").click()
    wait(ada, lambda d: "Your strategy is in" in text(d), 60)
    bob.get(url + "/submit")
    name = bob.find_element(By.ID, "b-name")
    name.clear()
    name.send_keys("Bob's Builder")
    after_cd = bob.find_element(By.ID, "b-after_cd")
    after_cd.clear()
    after_cd.send_keys("0.3")
    bob.find_element(By.CSS_SELECTOR, "form[action='/submit/builder'] button").click()
    wait(bob, lambda d: "Your strategy is in" in text(d), 60)


def test_a_class_session_in_the_browser(server, browsers):
    url, room = server
    started = time.monotonic()
    teacher = browsers(1280, 1000)
    teacher.get(f"{url}/teacher?token={TOKEN}")
    assert "Instructor" in text(teacher) and "supplier" in text(teacher)
    ada = browsers(390, 844)  # a phone
    bob = browsers(1024, 768)
    join(ada, url, "Ada")
    join(bob, url, "Bob")
    wait(teacher, lambda d: "2 joined" in text(d))  # the students' list is live
    open_round(teacher, "humans")
    shot(teacher, "instructor.png")
    play_against_each_other(ada, bob)
    assert len(room.matches_of(room.students()[0].id)[-1].history) == TURNS
    teacher.find_element(By.CSS_SELECTOR, "form[action='/teacher/round/close'] button").click()
    wait(teacher, lambda d: "Round 1 is closed" in text(d))
    open_round(teacher, "bots")
    for driver in (ada, bob):
        for turn in range(1, TURNS + 1):
            move(driver, 0)
            wait(driver, lambda d, t=turn: rows(d) == t or "Match over" in text(d))
        wait(driver, lambda d: "Match over" in text(d))
    played = time.monotonic()
    submit(url, ada, bob)
    submitted = time.monotonic()
    teacher.find_element(By.CSS_SELECTOR, "form[action='/teacher/tournament'] button").click()
    wait(teacher, lambda d: "class tournament has results" in text(d), 180)
    teacher.set_window_size(1600, 1000)
    teacher.get(url + "/wall")
    wait(teacher, lambda d: len(d.find_elements(By.CSS_SELECTOR, ".chart .main-svg")) >= 3, 30)
    wall = text(teacher)
    assert "Ada" in wall and "Bob" in wall  # the students' leaderboard
    assert "Ada's Mirror" in teacher.page_source and "Bob's Builder" in teacher.page_source
    assert TOKEN not in teacher.page_source
    assert teacher.find_elements(
        By.CSS_SELECTOR, "#chart-payoffs .heatmaplayer, #chart-payoffs .hm"
    )
    teacher.set_window_size(1600, 2600)  # the whole wall, charts included
    shot(teacher, "wall.png")
    errors = [e for e in teacher.get_log("browser") if e["level"] == "SEVERE"]
    assert not errors, errors
    print(
        f"\nbrowser test: play {played - started:.1f} s, submissions {submitted - played:.1f} s, "
        f"tournament and wall {time.monotonic() - submitted:.1f} s"
    )
