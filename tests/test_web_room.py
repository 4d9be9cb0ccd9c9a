"""The web classroom's domain and storage (``tournament/web/room.py``, ``store.py``,
``builder.py``): settings, joining, rounds and pairing, play from each side, draws
reproducible from the seed, bots replaying their history, relational rents, the no-code
builder, submissions, leaderboards, the class tournament, export, live updates, and a
session surviving a killed process."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from strategies.errors import IPDError
from tournament.classroom.validator import validate
from tournament.core.games import get_game
from tournament.core.relationships import turn_payoffs
from tournament.sandbox.files import load_toml_strategy
from tournament.web.builder import build_toml
from tournament.web.room import Classroom, ClassroomSettings

ROOT = Path(__file__).resolve().parents[1]
TIT_FOR_TAT = {
    "name": "Builder TFT",
    "first": "C",
    "after_cc": "C",
    "after_cd": "D",
    "after_dc": "1",
    "after_dd": "0",
}
ALWAYS_D = {"name": "Mean", "first": "D", **{f"after_{o}": "D" for o in ("cc", "cd", "dc", "dd")}}


def make(tmp_path: Path, **settings: object) -> Classroom:
    return Classroom.create(tmp_path / "room", ClassroomSettings(**settings))


def play_turns(room: Classroom, pairs: list[tuple[int, int]], a: int, b: int) -> None:
    for move_a, move_b in pairs:
        room.play(a, move_a)
        room.play(b, move_b)


# -- settings and students ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "named"),
    [
        ({"title": " "}, "title"),
        ({"game": "prisoners"}, "game: unknown game"),
        ({"turns": 0}, "turns"),
        ({"turns": 5000}, "turns: got 5000"),
        ({"turns": None}, "give turns"),
        ({"prob_end": 0.1}, "either turns or prob_end"),
        ({"turns": None, "prob_end": 1.5}, "prob_end"),
        ({"hide_length": "yes"}, "hide_length"),
        ({"noise": 1.5}, "noise"),
        ({"bots": ()}, "bots"),
        ({"bots": ("Tit For Tatt",)}, "bots: "),
        ({"bots": ("mine.py",)}, "bots: got 'mine.py'"),
        ({"seed": -1}, "seed"),
    ],
)
def test_settings_name_the_bad_field(change, named):
    with pytest.raises(IPDError, match=named.replace("(", r"\(")):
        ClassroomSettings(**change).check()


def test_settings_round_trip_and_reject_unknown_keys():
    settings = ClassroomSettings(game="supplier-buyer-trust", turns=None, prob_end=0.2, seed=9)
    assert ClassroomSettings.from_dict(json.loads(json.dumps(settings.to_dict()))) == settings
    with pytest.raises(IPDError, match="unknown colour"):
        ClassroomSettings.from_dict({"colour": "red"})


def test_nicknames_are_checked_and_secrets_find_students(tmp_path):
    room = make(tmp_path)
    ada = room.join("  Ada  ")
    assert ada.nickname == "Ada" and len(ada.secret) >= 20
    for bad in ("", "   ", "x" * 25, "tab\there"):
        with pytest.raises(IPDError, match="nickname"):
            room.join(bad)
    with pytest.raises(IPDError, match="taken"):
        room.join("ADA")
    ben = room.join("Ben")
    assert room.student(ben.secret) == ben and room.student("not-a-secret") is None
    assert [s.nickname for s in room.students()] == ["Ada", "Ben"]
    assert room.match_for(ada.id) is None
    with pytest.raises(IPDError, match="no open match"):
        room.play(ada.id, 0)
    with pytest.raises(IPDError, match="already there"):
        Classroom.create(room.path, ClassroomSettings())
    with pytest.raises(IPDError, match="no classroom there"):
        Classroom.open(tmp_path / "elsewhere")
    (tmp_path / "junk").mkdir()
    (tmp_path / "junk" / "classroom.sqlite").write_text("not sqlite " * 200)
    with pytest.raises(IPDError, match="not a classroom database"):
        Classroom.open(tmp_path / "junk")


# -- rounds and play ----------------------------------------------------------------------


def test_a_human_pair_plays_turn_by_turn_and_the_odd_one_plays_a_bot(tmp_path):
    room = make(tmp_path, turns=3, bots=("Cooperator",))
    ada, ben, cy = (room.join(n) for n in ("Ada", "Ben", "Cy"))
    assert room.open_round("humans") == 1 and room.round_open
    students = [ada, ben, cy]
    views = {s.nickname: room.match_for(s.id) for s in students}
    shared = [v.match_id for v in views.values()]
    odd = next(s for s in students if shared.count(views[s.nickname].match_id) == 1)
    first, second = (s for s in students if s is not odd)
    assert {views[first.nickname].role, views[second.nickname].role} == {0, 1}
    assert views[odd.nickname].role == 0  # against a bot: role 0 in odd rounds
    assert all(v.opponent == "a hidden opponent" and not v.finished for v in views.values())

    waiting = room.play(first.id, 0)
    assert waiting.waiting and waiting.turn == 0
    with pytest.raises(IPDError, match="already moved"):
        room.play(first.id, 1)
    done = room.play(second.id, 1)
    assert done.turn == 1 and not done.waiting
    assert (done.history[0].mine, done.history[0].theirs) == (1, 0)
    assert (done.history[0].my_payoff, done.history[0].their_payoff) == (5.0, 0.0)
    mirror = room.match_for(first.id).history[0]
    assert (mirror.mine, mirror.theirs, mirror.my_payoff) == (0, 1, 0.0)
    play_turns(room, [(0, 0), (1, 1)], first.id, second.id)
    over = room.match_for(first.id)
    assert over.finished and over.opponent == second.nickname and not over.opponent_is_bot
    assert (over.my_score, over.their_score) == (0 + 3 + 1, 5 + 3 + 1)
    with pytest.raises(IPDError, match="finished"):
        room.play(first.id, 0)
    bot_match = room.play(odd.id, 1)
    assert bot_match.history[0].theirs == 0  # the Cooperator bot

    board = room.leaderboard().set_index("nickname")
    assert board.loc[first.nickname, "score"] == 4 and board.loc[second.nickname, "score"] == 9
    assert board.loc[second.nickname, "cooperation_rate"] == pytest.approx(1 / 3)
    assert board.loc[odd.nickname, "vs_bots"] == 5
    assert np.isnan(board.loc[odd.nickname, "vs_humans"])
    assert list(board.index[:1]) == [odd.nickname]  # best score per turn first
    assert board.loc[second.nickname, "matches"] == 1 and board.loc[first.nickname, "turns"] == 3


def test_students_only_ever_move_in_their_own_seat(tmp_path):
    room = make(tmp_path, turns=2)
    ada, ben = room.join("Ada"), room.join("Ben")
    room.open_round("humans")
    late = room.join("Late")  # joins an open round: a bot match at once
    assert room.match_for(late.id).opponent == "a hidden opponent"
    room.play(late.id, 1)
    room.play(ada.id, 0)
    room.play(ben.id, 1)
    out = room.export(tmp_path / "out")
    moves = pd.read_csv(next(p for p in out if p.name == "moves.csv"), keep_default_na=False)
    human = moves[moves["player"] != ""]
    chosen = dict(zip(human["player"], human["chosen"], strict=True))
    assert chosen == {"Ada": "C", "Ben": "D", "Late": "D"}
    assert (moves[moves["player"] == ""]["bot"] != "").all()
    with pytest.raises(IPDError, match="no open match"):
        room.play(99, 0)  # no such student: nothing to play


def test_mixed_rounds_queue_a_bot_match_after_the_human_one(tmp_path):
    room = make(tmp_path, turns=2, bots=("Defector",))
    ada, ben = room.join("Ada"), room.join("Ben")
    room.open_round("mixed")
    human = room.match_for(ada.id)
    play_turns(room, [(0, 0), (0, 0)], ada.id, ben.id)
    after = room.match_for(ada.id)
    assert after.match_id != human.match_id and after.turn == 0 and after.active
    assert [m.match_id for m in room.matches_of(ada.id)] == [human.match_id, after.match_id]
    room.play(ada.id, 0)
    with pytest.raises(IPDError, match="still open"):
        room.open_round()
    room.close_round()
    closed = room.match_for(ada.id)
    assert closed.match_id == after.match_id and closed.turn == 1 and not closed.active
    with pytest.raises(IPDError, match="no open match"):
        room.play(ada.id, 0)
    with pytest.raises(IPDError, match="no round is open"):
        room.close_round()
    assert room.open_round("bots") == 2 and room.match_for(ada.id).role == 1  # even round


def test_asymmetric_games_give_each_role_and_score_relational_rents(tmp_path):
    room = make(tmp_path, game="supplier-buyer-trust", turns=6, bots=("Tit For Tat",))
    ada, ben = room.join("Ada"), room.join("Ben")
    room.open_round("humans")
    supplier, buyer = sorted((ada, ben), key=lambda s: room.match_for(s.id).role)
    view = room.match_for(supplier.id)
    assert (view.role_name, view.labels) == ("supplier", room.game.labels[0])
    assert room.match_for(buyer.id).role_name == "buyer"
    moves = [(0, 0), (0, 0), (0, 0), (1, 0), (0, 0), (0, 0)]
    play_turns(room, moves, supplier.id, buyer.id)
    game = get_game("supplier-buyer-trust")
    expected = turn_payoffs(np.array(moves).T, game.payoffs, game.rent)
    history = room.match_for(supplier.id).history
    assert [t.my_payoff for t in history] == pytest.approx(expected[0])
    assert [t.their_payoff for t in history] == pytest.approx(expected[1])
    assert expected[0][2] > expected[0][0]  # the rent is really there
    room.close_round()
    for number, role in ((2, 1), (3, 0)):  # against a bot, roles alternate by round
        assert room.open_round("bots") == number
        assert {room.match_for(s.id).role for s in (ada, ben)} == {role}
        room.close_round()


# -- draws, bots and restarts -------------------------------------------------------------


def script(room: Classroom, ada: int, ben: int, cut: int = 999) -> None:
    """A fixed session: each move follows from the match and turn, stopped after ``cut``
    moves (so a session can be split in two around a restart)."""
    pattern = [0, 1, 0, 0, 1, 0, 1, 1, 0, 0]
    for _ in range(cut):
        ready = [(s, v) for s in (ada, ben) if (v := room.match_for(s)).active and not v.waiting]
        if not ready:
            return
        student, view = ready[0]
        move = pattern[(view.turn + view.match_id) % len(pattern)]
        room.play(student, move ^ (student == ben and view.turn % 3 == 0))


def histories(room: Classroom, ids: list[int]) -> list:
    return [(m.length, m.history) for i in ids for m in room.matches_of(i)]


def test_draws_are_reproducible_from_the_seed_and_survive_a_restart(tmp_path):
    settings = {
        "turns": None,
        "prob_end": 0.15,
        "noise": 0.2,
        "seed": 11,
        "bots": ("Random", "Grudger", "Tit For Two Tats"),
    }
    rooms = []
    for name in ("one", "two"):
        room = Classroom.create(tmp_path / name, ClassroomSettings(**settings))
        ada, ben = room.join("Ada").id, room.join("Ben").id
        room.open_round("mixed")
        rooms.append((room, ada, ben))
    (one, a1, b1), (two, a2, b2) = rooms
    script(one, a1, b1)
    script(two, a2, b2, cut=7)
    two.close()
    two = Classroom.open(tmp_path / "two")
    script(two, a2, b2)  # the rest of the same session, after a restart
    assert histories(one, [a1, b1]) == histories(two, [a2, b2])
    flips = [t.my_flip for _, h in histories(one, [a1]) for t in h]
    assert any(flips) and not all(flips)
    other = Classroom.create(tmp_path / "three", ClassroomSettings(**{**settings, "seed": 12}))
    a3, b3 = other.join("Ada").id, other.join("Ben").id
    other.open_round("mixed")
    script(other, a3, b3)
    assert histories(other, [a3, b3]) != histories(one, [a1, b1])


def test_bots_replay_their_history_and_are_told_the_length_only_when_shown(tmp_path):
    tft = make(tmp_path, turns=6, bots=("Tit For Tat",))
    ada = tft.join("Ada")
    tft.open_round("bots")
    mine = [0, 1, 1, 0, 0, 1]
    for move in mine:
        view = tft.play(ada.id, move)
    assert [t.theirs for t in view.history] == [0, *mine[:-1]]
    assert view.opponent == "Tit For Tat" and view.opponent_is_bot
    for hide, last_two in ((True, [0, 0]), (False, [1, 1])):
        room = Classroom.create(
            tmp_path / f"stab-{hide}",
            ClassroomSettings(turns=5, hide_length=hide, bots=("BackStabber",)),
        )
        ben = room.join("Ben")
        room.open_round("bots")
        assert room.match_for(ben.id).length_shown == (None if hide else 5)
        for _ in range(5):
            view = room.play(ben.id, 0)
        assert [t.theirs for t in view.history][-2:] == last_two


# -- builder and submissions --------------------------------------------------------------


def test_the_builder_writes_toml_the_cli_loads(tmp_path):
    path = tmp_path / "s.toml"
    path.write_text(build_toml({**TIT_FOR_TAT, "name": 'Quote " and \\ back', "after_cd": ".25"}))
    player = load_toml_strategy(path)
    assert player.name == 'Quote " and \\ back'
    assert player.params == {"probabilities": (1.0, 0.25, 1.0, 0.0), "first": 1.0}
    forgiving = {
        "name": "Two states",
        "states": "2",
        "first": "C",
        "s1_c_move": "C",
        "s1_c_next": "1",
        "s1_d_move": "C",
        "s1_d_next": "2",
        "s2_c_move": "C",
        "s2_c_next": "1",
        "s2_d_move": "d",
        "s2_d_next": "2",
    }
    path.write_text(build_toml(forgiving))
    machine = load_toml_strategy(path)
    assert machine.params["transitions"] == (
        (1, "C", 1, "C"),
        (1, "D", 2, "C"),
        (2, "C", 1, "C"),
        (2, "D", 2, "D"),
    )
    for form, field in [
        ({**TIT_FOR_TAT, "name": ""}, "name: missing"),
        ({**TIT_FOR_TAT, "name": "x" * 41}, "name: got"),
        ({**TIT_FOR_TAT, "first": "maybe"}, "first: got 'maybe'"),
        ({**TIT_FOR_TAT, "after_dc": "1.5"}, "after_dc: got '1.5'"),
        ({k: v for k, v in TIT_FOR_TAT.items() if k != "after_dd"}, "after_dd: missing"),
        ({**forgiving, "first": "0.5"}, "first: got '0.5', expected C or D"),
        ({**forgiving, "s2_c_next": "3"}, "s2_c_next: got '3'"),
        ({**TIT_FOR_TAT, "states": "4"}, "states: got '4'"),
    ]:
        with pytest.raises(IPDError, match=field):
            build_toml(form)


def test_submissions_are_validated_stored_and_replaced(tmp_path):
    room = make(tmp_path)
    ada, ben = room.join("Ada Lovelace"), room.join("Ben")
    built = room.submit_builder(ada.id, TIT_FOR_TAT)
    stored = room.path / "submissions" / "1-ada-lovelace.toml"
    assert built.valid and built.kind == "builder" and built.filename == stored.name
    assert built.message == validate(stored).text()
    code = (ROOT / "tests" / "submissions" / "good_tit_for_tat.py").read_text()
    coded = room.submit_code(ada.id, code)  # the sandbox: one validation
    assert coded.valid and coded.filename == "1-ada-lovelace.py" and not stored.exists()
    broken = room.submit_code(ben.id, "def move(:\n")
    assert not broken.valid and "syntax error" in broken.message
    assert broken.message == validate(room.path / "submissions" / broken.filename).text()
    with pytest.raises(IPDError, match="20,000"):
        room.submit_code(ben.id, "#" * 20_001)
    with pytest.raises(IPDError, match="first"):
        room.submit_builder(ben.id, {**TIT_FOR_TAT, "first": "?"})
    assert room.submission_for(ada.id) == coded
    assert [(s.nickname, sub.id) for s, sub in room.submissions()] == [
        ("Ada Lovelace", coded.id),
        ("Ben", broken.id),
    ]
    room.close_submissions()
    with pytest.raises(IPDError, match="closed"):
        room.submit_builder(ben.id, TIT_FOR_TAT)
    room.open_submissions()
    assert room.submissions_open


def test_the_class_tournament_is_stored_and_exported(tmp_path):
    room = make(tmp_path, bots=("Tit For Tat", "Defector"), turns=2)
    ada, ben = room.join("Ada"), room.join("Ben")
    room.join("Cy")  # submits nothing
    room.submit_builder(ada.id, TIT_FOR_TAT)
    room.submit_builder(ben.id, ALWAYS_D)
    assert room.tournament_tables() is None
    ticks = []
    room.run_tournament(progress=lambda done, total: ticks.append((done, total)))
    assert ticks and ticks[-1][0] == ticks[-1][1]
    tables = room.tournament_tables()
    assert set(tables) == {"leaderboard", "payoff_matrix", "ecological", "submissions"}
    board = tables["leaderboard"]
    assert sorted(board["student"]) == ["(bot)", "(bot)", "Ada", "Ben"]
    matrix = tables["payoff_matrix"]
    assert matrix.shape == (4, 4) and list(matrix.index) == list(matrix.columns)
    shares = tables["ecological"].groupby("generation")["share"].sum()
    assert np.allclose(shares, 1.0)
    reopened = Classroom.open(room.path)
    pd.testing.assert_frame_equal(reopened.tournament_tables()["leaderboard"], board)

    room.open_round("humans")
    room.play(ada.id, 0)
    room.play(ben.id, 1)
    written = {p.name for p in room.export(tmp_path / "export")}
    assert {
        "students.csv",
        "rounds.csv",
        "matches.csv",
        "moves.csv",
        "submissions.csv",
        "leaderboard.csv",
        "tournament_leaderboard.csv",
        "tournament_payoff_matrix.csv",
        "tournament_ecological.csv",
        "tournament_submissions.csv",
        "session.json",
    } <= written
    session = json.loads((tmp_path / "export" / "session.json").read_text())
    assert session["counts"]["students"] == 3
    assert session["counts"]["turns"] == 1
    assert session["settings"]["bots"] == ["Tit For Tat", "Defector"]
    students = pd.read_csv(tmp_path / "export" / "students.csv")
    assert (
        "secret" not in students.columns
        and room.instructor_token not in (tmp_path / "export" / "session.json").read_text()
    )


# -- live updates and durability ----------------------------------------------------------


def test_waiters_wake_on_a_change_and_versions_persist(tmp_path):
    room = make(tmp_path)
    start = room.version
    assert room.wait_for_change(start, timeout=0.05) == start
    seen = []
    waiter = threading.Thread(target=lambda: seen.append(room.wait_for_change(start, 10)))
    waiter.start()
    time.sleep(0.05)
    room.join("Ada")
    waiter.join(5)
    assert seen == [start + 1]
    token = room.instructor_token
    room.close()
    again = Classroom.open(room.path)
    assert again.version == start + 1 and again.instructor_token == token


KILLED_SESSION = """
import sys, time
from pathlib import Path
from tournament.web.room import Classroom, ClassroomSettings
room = Classroom.create(Path(sys.argv[1]), ClassroomSettings(turns=5, noise=0.1, seed=3))
ada, ben = room.join("Ada"), room.join("Ben")
room.open_round("humans")
for a, b in [(0, 0), (1, 0), (0, 1)]:
    room.play(ada.id, a)
    room.play(ben.id, b)
room.play(ada.id, 1)
room.submit_builder(ben.id, {"name": "Kind", "first": "C", "after_cc": "C",
                             "after_cd": "0.5", "after_dc": "C", "after_dd": "D"})
print(room.version, flush=True)
time.sleep(120)
"""


def test_a_killed_process_loses_no_join_move_or_submission(tmp_path):
    folder = tmp_path / "room"
    child = subprocess.Popen(
        [sys.executable, "-c", KILLED_SESSION, str(folder)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        version = int(child.stdout.readline())
        assert (folder / "classroom.sqlite-wal").stat().st_size > 0  # not checkpointed
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(10)
    assert child.returncode == -signal.SIGKILL
    room = Classroom.open(folder)
    assert room.version == version
    ada, ben = (room.students()[i] for i in (0, 1))
    assert (ada.nickname, ben.nickname) == ("Ada", "Ben")
    view = room.match_for(ada.id)
    assert view.turn == 3 and view.waiting and room.round_open
    chosen = [t.mine ^ t.my_flip for t in view.history]
    assert chosen == [0, 1, 0]
    assert room.submission_for(ben.id).valid
    room.play(ben.id, 0)  # the session goes on where it stopped
    assert room.match_for(ada.id).turn == 4


# -- settings changed from the dashboard --------------------------------------------------

SETTINGS_FORM = {
    "title": "Econ 101",
    "game": "price-war",
    "game_spec": "",
    "length": "turns",
    "turns": "6",
    "prob_end": "",
    "shown": "known",
    "noise": "0.05",
    "roster": "",
    "bots": "Tit For Tat, Grudger",
}


def test_settings_change_until_the_first_round_and_survive_a_restart(tmp_path):
    room = make(tmp_path, game="classic", seed=4)
    ada = room.join("Ada").id
    version = room.version
    assert room.settings_open
    new = ClassroomSettings(
        title="Econ 101",
        game="supplier-buyer",
        turns=None,
        prob_end=0.25,
        bots=("Grudger",),
        seed=4,
    )
    room.update_settings(new)
    assert room.version == version + 1
    assert room.settings == new and room.game.roles == ("supplier", "buyer")
    with pytest.raises(IPDError, match="noise"):
        room.update_settings(ClassroomSettings(noise=2.0))
    assert room.settings == new  # a refused change leaves the stored settings alone
    room.close()
    room = Classroom.open(tmp_path / "room")
    assert room.settings == new and room.game.labels[1] == ("pay fairly", "squeeze the price")
    room.open_round("bots")
    view = room.match_for(ada)
    assert view.labels == room.game.labels[view.role]  # the student plays the new game
    assert not room.settings_open
    with pytest.raises(IPDError, match="settings: round 1 has opened"):
        room.update_settings(ClassroomSettings(title="Too late"))
    room.close()
    assert Classroom.open(tmp_path / "room").settings == new


def test_the_settings_form_is_read_into_checked_settings():
    from strategies.rosters import get_roster
    from tournament.web.setup import form_values, settings_from_form

    current = ClassroomSettings(seed=9)
    settings = settings_from_form({**SETTINGS_FORM, "roster": "classroom"}, current)
    assert settings == ClassroomSettings(
        title="Econ 101",
        game="price-war",
        turns=6,
        hide_length=False,
        noise=0.05,
        bots=tuple(get_roster("classroom").names()),  # its Tit For Tat and Grudger once
        seed=9,
    )
    spec = {**SETTINGS_FORM, "game_spec": "supplier-buyer-power(monitoring=1)"}
    spec.update(length="prob_end", turns="", prob_end="0.1", shown="hidden")
    settings = settings_from_form(spec, current)
    assert settings.game == spec["game_spec"] and (settings.turns, settings.prob_end) == (None, 0.1)
    assert settings_from_form(form_values(settings), current) == settings  # the form round-trips


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"title": "  "}, "title", "title: got '', expected 1 to 80 characters"),
        ({"game": "", "game_spec": ""}, "game", "game: choose a game"),
        ({"game_spec": "prisoners"}, "game_spec", "game: unknown game 'prisoners'"),
        ({"length": "forever"}, "length", "match length: got 'forever'"),
        ({"turns": "ten"}, "turns", "turns: got 'ten', expected a whole number"),
        ({"turns": "2.5"}, "turns", "turns: got '2.5'"),
        ({"turns": "5000"}, "turns", "turns: got 5000, expected a whole number of turns from 1"),
        ({"length": "prob_end", "prob_end": "0"}, "prob_end", "ending probability: got 0"),
        ({"length": "prob_end", "prob_end": "nan"}, "prob_end", "ending probability: got 'nan'"),
        ({"shown": "maybe"}, "shown", "length told: got 'maybe'"),
        ({"noise": "1.5"}, "noise", "noise: got 1.5, expected a probability"),
        ({"noise": ""}, "noise", "noise: got ''"),
        ({"roster": "clasic"}, "roster", "roster: unknown roster 'clasic'"),
        ({"bots": " , "}, "bots", "bots: choose a roster or name at least one strategy"),
        ({"bots": "Tit For Tatt"}, "bots", "bots: unknown strategy 'Tit For Tatt'"),
        ({"bots": "mine.py"}, "bots", "bots: got 'mine.py', expected strategy names"),
    ],
)
def test_a_bad_settings_form_names_its_field(change, field, message):
    from tournament.web.setup import SettingsError, settings_from_form

    with pytest.raises(SettingsError) as caught:
        settings_from_form({**SETTINGS_FORM, **change}, ClassroomSettings())
    assert caught.value.field == field
    assert str(caught.value).startswith(message)
