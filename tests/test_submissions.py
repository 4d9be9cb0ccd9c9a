"""Students' strategies: simple Python, declarative TOML, the sandbox and the validator's
exact verdict on a corpus of broken submissions."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import numpy as np
import pytest

from strategies import REGISTRY
from strategies.simple import C, D, Moves, RuleViolation, SimpleStrategy
from tournament import Tournament, play_match
from tournament.classroom.validator import validate
from tournament.common.tables import ConfigError
from tournament.sandbox.files import load_toml_strategy
from tournament.sandbox.process import Limits, SandboxedStrategy, SubmissionFailed, close_all

CORPUS = Path(__file__).resolve().parent / "submissions"
FAST = Limits(turn_seconds=1.0)


class Grudging(SimpleStrategy):
    name = "Grudging"

    def move(self, mine, theirs, memory, rng):
        return D if D in theirs else C


class CoinFlip(SimpleStrategy):
    name = "Coin Flip"

    def move(self, mine, theirs, memory, rng):
        return C if rng.random() < 0.5 else D


def test_a_simple_strategy_plays_like_the_vectorized_one():
    for opponent in ("Alternator", "Random", "Tit For Two Tats"):
        ours = play_match(Grudging(), opponent, turns=60, seed=4, noise=0.05).history()
        native = play_match("Grudger", opponent, turns=60, seed=4, noise=0.05).history()
        assert ours == native
    assert play_match(Grudging(), "Alternator", turns=6).history() == ("CCDDDD", "CDCDCD")


def test_simple_strategies_are_not_registered():
    assert "Grudging" not in REGISTRY


def test_moves_are_read_only_and_accept_strings():
    moves = Moves([C, D, D])
    assert moves.count("D") == 2 and "C" in moves and moves[-1] == D
    assert moves[:2] == (C, D)
    with pytest.raises(TypeError):
        moves[0] = D  # type: ignore[index]


@pytest.mark.parametrize("value", [True, 1, 0, None, "X", np.int64(1)])
def test_only_c_and_d_are_moves(value):
    from strategies.simple import as_move

    with pytest.raises(RuleViolation, match="expected C or D"):
        as_move(value, "on turn 1")
    assert as_move("d", "") is D and as_move(C, "") is C


def test_the_rules_are_enforced_in_process():
    class Peeker(SimpleStrategy):
        name = "Peeker"

        def move(self, mine, theirs, memory, rng):
            return D if len(mine) == self.match_length else C

    class Keeper(SimpleStrategy):
        name = "Keeper"

        def move(self, mine, theirs, memory, rng):
            self.last = theirs[-1:] or C
            return C

    with pytest.raises(RuleViolation, match="match length"):
        play_match(Peeker(), "Defector", turns=3, hide_length=True)
    with pytest.raises(RuleViolation, match="match length"):
        play_match(Peeker(), "Defector", prob_end=0.5)  # never known
    with pytest.raises(RuleViolation, match="sets self.last during a match"):
        play_match(Keeper(), "Defector", turns=3)


def test_a_told_length_is_readable_in_process_and_in_the_sandbox(tmp_path):
    class EndGamer(SimpleStrategy):
        name = "End Gamer"

        def move(self, mine, theirs, memory, rng):
            return D if len(mine) >= self.length - 1 else C

    assert play_match(EndGamer(), "Cooperator", turns=5).history()[0] == "CCCCD"
    path = tmp_path / "end_gamer.py"
    path.write_text(
        "from strategies.simple import C, D, SimpleStrategy\n\n\n"
        "class EndGamer(SimpleStrategy):\n"
        '    name = "End Gamer"\n\n'
        "    def move(self, mine, theirs, memory, rng):\n"
        "        return D if len(mine) >= self.length - 2 else C\n"
    )
    player = SandboxedStrategy(str(path))
    try:
        assert play_match(player, "Cooperator", turns=6).history()[0] == "CCCCDD"
        with pytest.raises(SubmissionFailed, match="match length"):
            play_match(player, "Cooperator", turns=6, hide_length=True)
    finally:
        close_all()


def test_a_sandboxed_file_plays_exactly_like_the_class_in_process(tmp_path, monkeypatch):
    path = CORPUS / "good_sometimes_forgives.py"
    monkeypatch.syspath_prepend(str(CORPUS))
    from good_sometimes_forgives import SometimesForgives

    field = ["Tit For Tat", "Random", "Alternator", "Grudger"]
    settings = {"prob_end": 0.05, "repetitions": 4, "noise": 0.05, "seed": 3}
    sandboxed = Tournament([SandboxedStrategy(str(path)), *field], **settings).play()
    in_process = Tournament([SometimesForgives(), *field], **settings).play()
    close_all()
    assert np.array_equal(sandboxed.table.scores, in_process.table.scores)
    assert sandboxed.labels[0] == "Sometimes Forgives [good_sometimes_forgives.py]"
    assert sandboxed.families[0] == "forgiving"


def test_files_are_strategies_everywhere():
    match = play_match(str(CORPUS / "good_tit_for_tat.py"), "Alternator", turns=5, seed=1)
    assert match.history() == ("CCDCD", "CDCDC")
    match = play_match(str(CORPUS / "good_memory_one.toml"), "Cooperator", turns=5, seed=1)
    assert match.history()[0] == "CCCCC"
    close_all()


def test_declarative_strategies_are_data(tmp_path):
    path = tmp_path / "fsm.toml"
    path.write_text(
        'name = "Two For One"\nfamily = "punishing"\nkind = "finite-state-machine"\n'
        'transitions = [[1, "C", 1, "C"], [1, "D", 2, "D"], [2, "C", 1, "D"], '
        '[2, "D", 2, "D"]]\n'
    )
    player = load_toml_strategy(path)
    assert player.label == "Two For One [fsm.toml]" and player.family == "punishing"
    assert play_match(player, "Cycler(pattern='CD')", turns=6).history() == (
        "CCDDDD",
        "CDCDCD",
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('kind = "memory-one"', "name: got None, expected a name for the strategy"),
        ('name = "x"\nkind = "memory_one"', "kind: got 'memory_one'. Did you mean: 'memory-one'?"),
        ('name = "x"\nkind = "cycler"\npatern = "CD"', "unknown key 'patern'"),
        ('name = "x"\nfamily = "nice"\nkind = "cycler"', "family: got 'nice'"),
        ('name = "x"\nkind = "cycler"\npattern = "CX"', "cycler: pattern must be a string"),
    ],
)
def test_bad_declarations_name_the_file_and_key(text, message, tmp_path):
    path = tmp_path / "s.toml"
    path.write_text(text + "\n")
    with pytest.raises(ConfigError) as info:
        load_toml_strategy(path)
    assert str(info.value).startswith(f"{path}: ") and message in str(info.value)


# -- the validator's verdicts ----------------------------------------------------------------

VERDICTS = {
    "bad_syntax.py": ("syntax error", "syntax error at line 7: expected ':'"),
    "bad_no_strategy.py": ("no strategy", "no strategy found: define a class that inherits"),
    "bad_two_strategies.py": ("several strategies", "found 2 strategies (Nice, Nasty)"),
    "bad_not_a_move.py": ("not a move", "returned 'cooperate' (str) on turn 4: expected C or D"),
    "bad_raises.py": ("raises", "ZeroDivisionError: division by zero"),
    "bad_exits.py": ("raises", "SystemExit: bye"),
    "bad_slow.py": ("too slow", "of CPU to choose move 1 (limit 50 ms per move)"),
    "bad_endless_loop.py": ("too slow", "gave no answer within 1 s choosing a move"),
    "bad_reads_files.py": ("files", "reads or writes files: open('/etc/hostname')"),
    "bad_overwrites_others.py": ("files", "reads or writes files: open('good_tit_for_tat.py')"),
    "bad_network.py": ("network", "uses the network (imports urllib.request)"),
    "bad_import.py": ("import", "imports something not allowed: random"),
    "bad_tampers.py": ("import", "imports something not allowed: tournament.results"),
    "bad_match_length.py": ("match length", "tries to learn the match length"),
    "bad_state_on_self.py": ("state between matches", "sets self.angry during a match"),
    "bad_state_in_class.py": ("state between matches", "replaying the same matches"),
    "bad_randomness.py": ("state between matches", "draw randomness from rng only"),
    "bad_memory.py": ("memory", "uses too much memory (limit 1024 MiB)"),
    "bad_prints.py": ("output", "prints endlessly (more than 1000 prints)"),
    "bad_declaration.toml": ("declaration", "probabilities needs 4 values"),
}


def test_every_bad_file_in_the_corpus_has_an_expected_verdict():
    bad = {p.name for p in CORPUS.iterdir() if p.name.startswith("bad_")}
    assert bad == set(VERDICTS)


@pytest.mark.parametrize("name", sorted(VERDICTS))
def test_verdict(name):
    verdict = validate(CORPUS / name, limits=FAST)
    kind, fragment = VERDICTS[name]
    assert not verdict.valid
    assert [p.kind for p in verdict.problems] == [kind]
    assert fragment in verdict.problems[0].message
    assert f"{name}: not valid" in verdict.text()


def test_a_traceback_shows_only_the_students_own_lines():
    message = validate(CORPUS / "bad_raises.py", limits=FAST).problems[0].message
    assert message.splitlines() == [
        "  line 9, in move: return C if self.ratio(len(mine), defections) < 1 else C",
        "  line 12, in ratio: return turns / defections",
        "ZeroDivisionError: division by zero",
    ]


def test_choosing_one_of_several_strategies():
    verdict = validate(CORPUS / "bad_two_strategies.py", choice="Nasty")
    assert verdict.valid and verdict.name == "Nasty"


@pytest.mark.parametrize(
    "name", ["good_tit_for_tat.py", "good_sometimes_forgives.py", "good_memory_one.toml"]
)
def test_valid_files_get_a_report(name):
    verdict = validate(CORPUS / name)
    assert verdict.valid, verdict.text()
    assert verdict.deterministic
    assert [g.opponent for g in verdict.games][:2] == ["Tit For Tat", "Defector"]
    text = verdict.text()
    assert text.startswith(f"{name}: valid")
    assert "deterministic with a fixed seed: yes" in text


def test_the_report_says_whether_randomness_is_used():
    assert not validate(CORPUS / "good_tit_for_tat.py").uses_randomness
    assert validate(CORPUS / "good_sometimes_forgives.py").uses_randomness


def test_a_student_file_cannot_touch_the_instructors_files(tmp_path):
    folder = tmp_path / "class"
    shutil.copytree(CORPUS, folder)
    before = (folder / "good_tit_for_tat.py").read_bytes()
    validate(folder / "bad_overwrites_others.py", limits=FAST)
    assert (folder / "good_tit_for_tat.py").read_bytes() == before


@pytest.mark.skipif(sys.platform != "linux", reason="address-space limits are Linux-only")
def test_the_memory_limit_is_configurable():
    verdict = validate(CORPUS / "bad_memory.py", limits=Limits(memory_mb=512))
    assert "limit 512 MiB" in verdict.problems[0].message
