"""Starting points that ``ipd new-strategy`` writes: a working strategy with the rules in
its comments, and a test the student can run with pytest."""

from __future__ import annotations

import keyword
import re
from pathlib import Path

from strategies.errors import IPDError

__all__ = ["TEMPLATE_KINDS", "python_template", "write_template"]

PYTHON = '''"""{name}: my strategy for the iterated prisoner's dilemma.

Check it:     ipd validate {stem}.py
Test it:      pytest test_{stem}.py
Play it:      ipd play {stem}.py          (you against it, one move at a time)

The rules of the class tournament:
- Your strategy is one class that inherits from SimpleStrategy, with a `name`.
- `move` is called once per turn of every match. It gets:
    mine, theirs  the moves played so far in this match by you and by your opponent
                  (oldest first; each is C or D; len(mine) is the number of turns played),
    memory        a dict that belongs to this match only: keep anything you want to
                  remember between turns here (it starts empty in every match),
    rng           a random number generator: use it for every random choice
                  (rng.random() is a number between 0 and 1).
  It must return C (cooperate) or D (defect).
- Never store anything on `self` or in global variables during a match: each match must
  start afresh. Do not import `random` or `time`: use `rng`.
- You do not know how long a match lasts, and cannot find out.
- Each move must be quick (well under 50 ms); reading files, using the network and
  importing modules other than math, itertools, collections, statistics, numpy and a
  few more is not allowed.
"""

from strategies.simple import C, D, SimpleStrategy


class {cls}(SimpleStrategy):
    name = "{name}"
    # one of: reciprocal, forgiving, punishing, defecting, cooperative, random, periodic,
    # pavlovian, probing, adaptive, student
    family = "student"

    def move(self, mine, theirs, memory, rng):
        # First move: be nice.
        if not theirs:
            return C
        # Count how often the opponent has defected (kept in this match's memory).
        memory["defections"] = memory.get("defections", 0) + (theirs[-1] == D)
        # Answer a defection with a defection, but forgive one time in ten, so that
        # two copies of this strategy can recover from a mistake.
        if theirs[-1] == D and rng.random() > 0.1:
            return D
        return C
'''

PYTHON_TEST = '''"""Tests of {name}: run them with  pytest test_{stem}.py"""

from tournament import play_match

from {stem} import {cls}


def test_it_starts_by_cooperating():
    match = play_match({cls}(), "Tit For Tat", turns=5, seed=1)
    mine, theirs = match.history()
    assert mine[0] == "C"


def test_it_cooperates_with_a_cooperator():
    match = play_match({cls}(), "Cooperator", turns=20, seed=1)
    mine, theirs = match.history()
    assert mine == "C" * 20


def test_it_does_not_let_a_defector_exploit_it():
    match = play_match({cls}(), "Defector", turns=50, seed=1)
    mine, theirs = match.history()
    assert mine.count("D") > 40
'''

MEMORY_ONE = """# {name}: a memory-one strategy, written as data (no code runs).
# Check it with:  ipd validate {stem}.toml      Play it:  ipd play {stem}.toml
name = "{name}"
family = "forgiving"
kind = "memory-one"
# Probability of cooperating after each outcome of the last turn (my move first):
#              CC   CD   DC   DD
probabilities = [1.0, 0.1, 1.0, 0.1]
first = 1.0   # probability of cooperating on the first turn
"""

LOOKUP_TABLE = """# {name}: a lookup table over the last moves, written as data (no code runs).
# Check it with:  ipd validate {stem}.toml      Play it:  ipd play {stem}.toml
name = "{name}"
family = "reciprocal"
kind = "lookup-table"
own_depth = 0        # how many of my last moves the table looks at
opp_depth = 2        # how many of the opponent's last moves
# One move per history, histories in binary order (C = 0, D = 1, oldest first):
#   opponent played CC -> C,  CD -> C,  DC -> C,  DD -> D   (Tit For Two Tats)
table = "CCCD"
opening = "CC"       # the first max(own_depth, opp_depth) moves
"""

STATE_MACHINE = """# {name}: a finite-state machine, written as data (no code runs).
# Check it with:  ipd validate {stem}.toml      Play it:  ipd play {stem}.toml
name = "{name}"
family = "punishing"
kind = "finite-state-machine"
# Rows: [state, opponent's last move, next state, my move]. One row for every state and
# every opponent move. This machine punishes each defection with two defections.
transitions = [
  [1, "C", 1, "C"],
  [1, "D", 2, "D"],
  [2, "C", 3, "D"],
  [2, "D", 3, "D"],
  [3, "C", 1, "C"],
  [3, "D", 2, "D"],
]
initial_state = 1
initial_move = "C"
"""

TEMPLATE_KINDS = ("python", "memory-one", "lookup-table", "finite-state-machine")
_TOML = {
    "memory-one": MEMORY_ONE,
    "lookup-table": LOOKUP_TABLE,
    "finite-state-machine": STATE_MACHINE,
}


def _names(name: str) -> tuple[str, str]:
    """``"My Strategy"`` -> (``"my_strategy"``, ``"MyStrategy"``)."""
    words = re.findall(r"[A-Za-z0-9]+", name)
    if not words or not name.strip() or '"' in name or "\\" in name:
        raise IPDError(
            f"strategy name {name!r}: expected words of letters and digits, such as 'My Strategy'"
        )
    stem = "_".join(w.lower() for w in words)
    cls = "".join(w[:1].upper() + w[1:] for w in words)
    if stem[0].isdigit():
        stem, cls = f"strategy_{stem}", f"Strategy{cls}"
    if keyword.iskeyword(stem):
        stem += "_strategy"
    return stem, cls


def python_template(name: str) -> str:
    """The Python strategy file that ``ipd new-strategy NAME`` writes (``NAME.py``), as
    text; IPDError if ``name`` cannot name a strategy (see :func:`write_template`)."""
    stem, cls = _names(name)
    return PYTHON.format(name=name.strip(), stem=stem, cls=cls)


def write_template(name: str, kind: str = "python", folder: Path = Path(".")) -> list[Path]:
    """Write the starting files for a new strategy; refuses to overwrite anything."""
    if kind not in TEMPLATE_KINDS:
        raise IPDError(f"unknown kind {kind!r}: expected one of {', '.join(TEMPLATE_KINDS)}")
    stem, cls = _names(name)
    fields = {"name": name.strip(), "stem": stem, "cls": cls}
    if kind == "python":
        files = {
            folder / f"{stem}.py": python_template(name),
            folder / f"test_{stem}.py": PYTHON_TEST.format(**fields),
        }
    else:
        files = {folder / f"{stem}.toml": _TOML[kind].format(**fields)}
    for path in files:
        if path.exists():
            raise IPDError(f"{path} exists already: choose another name or move it away")
    folder.mkdir(parents=True, exist_ok=True)
    for path, text in files.items():
        path.write_text(text, encoding="utf-8")
    return list(files)
