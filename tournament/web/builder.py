"""The no-code strategy builder: a web form -> the TOML strategy file the CLI reads
(``ipd validate``, ``ipd class-tournament``; see :mod:`tournament.sandbox.files`).

The form's fields (strings, as a browser posts them):

* ``name``: the strategy's name, 1 to 40 printable characters.
* ``first``: the first move: ``C``, ``D`` or a probability of cooperating in [0, 1].
* ``after_cc``, ``after_cd``, ``after_dc``, ``after_dd``: the probability of cooperating
  after each outcome of the previous turn, the student's own move first (``after_cd``:
  I cooperated, they defected); ``C`` means 1 and ``D`` means 0.

  These make a memory-one strategy (``kind = "memory-one"``).
* ``states`` (optional): ``"1"`` (the default, memory-one as above) or ``"2"``, a
  two-state machine (``kind = "finite-state-machine"``). It starts in state 1 with the
  move ``first`` (``C`` or ``D``). Then, in state ``s`` after the opponent played ``o``,
  it plays ``s<s>_<o>_move`` (``C`` or ``D``) and moves to state ``s<s>_<o>_next`` (``1``
  or ``2``): the eight fields ``s1_c_move``, ``s1_c_next``, ``s1_d_move``, ``s1_d_next``,
  ``s2_c_move``, ``s2_c_next``, ``s2_d_move``, ``s2_d_next``. The ``after_*`` fields are
  not used. Example: Tit For Tat that forgives one defection in two is state 1: after C
  play C, stay; after D play C, go to 2; state 2: after C play C, go to 1; after D play
  D, stay.

Every error is an :class:`~strategies.errors.IPDError` whose message starts with the
field's name.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping

from strategies.errors import IPDError

__all__ = ["MAX_NAME", "MEMORY_ONE_FIELDS", "STATE_FIELDS", "build_toml"]

MAX_NAME = 40
#: The outcome fields of a memory-one strategy, in the order of the TOML vector.
MEMORY_ONE_FIELDS = ("after_cc", "after_cd", "after_dc", "after_dd")
#: The fields of a two-state machine: (state, opponent's move, move field, next field).
STATE_FIELDS = tuple(
    (state, their, f"s{state}_{their.lower()}_move", f"s{state}_{their.lower()}_next")
    for state in (1, 2)
    for their in ("C", "D")
)


def _text(form: Mapping[str, str], field: str) -> str:
    value = form.get(field)
    if value is None or not str(value).strip():
        raise IPDError(f"{field}: missing; fill it in")
    return str(value).strip()


def _name(form: Mapping[str, str]) -> str:
    name = _text(form, "name")
    if len(name) > MAX_NAME or not name.isprintable():
        raise IPDError(
            f"name: got {name[:60]!r}, expected 1 to {MAX_NAME} printable characters "
            "(no line breaks)"
        )
    return name


def _probability(form: Mapping[str, str], field: str) -> float:
    """``C`` (1), ``D`` (0) or a probability of cooperating such as ``0.3``."""
    value = _text(form, field)
    if value.upper() in ("C", "D"):
        return 1.0 if value.upper() == "C" else 0.0
    try:
        p = float(value)
    except ValueError:
        p = math.nan
    if not 0.0 <= p <= 1.0:  # NaN fails too
        raise IPDError(
            f"{field}: got {value!r}, expected C, D or a probability of cooperating "
            "between 0 and 1 (such as 0.9)"
        )
    return p


def _move(form: Mapping[str, str], field: str) -> str:
    value = _text(form, field).upper()
    if value not in ("C", "D"):
        raise IPDError(f"{field}: got {form.get(field)!r}, expected C or D")
    return value


def _number(p: float) -> str:
    return str(int(p)) if p in (0.0, 1.0) else repr(p)


def _states(form: Mapping[str, str]) -> int:
    value = str(form.get("states") or "1").strip()
    if value not in ("1", "2"):
        raise IPDError(f"states: got {value!r}, expected 1 (memory-one) or 2 (two states)")
    return int(value)


def build_toml(form: Mapping[str, str]) -> str:
    """The TOML strategy file for the builder's form (see the module's docstring)."""
    name = _name(form)
    lines = [
        "# Made with the classroom's no-code builder.",
        f"name = {json.dumps(name, ensure_ascii=False)}",
        'family = "student"',
    ]
    if _states(form) == 1:
        first = _probability(form, "first")
        vector = [_probability(form, field) for field in MEMORY_ONE_FIELDS]
        lines += [
            'kind = "memory-one"',
            "# P(cooperate) after CC, CD, DC, DD (my move first)",
            f"probabilities = [{', '.join(_number(p) for p in vector)}]",
            f"first = {_number(first)}",
        ]
    else:
        first = _move(form, "first")
        rows = []
        for state, their, move_field, next_field in STATE_FIELDS:
            move = _move(form, move_field)
            nxt = _text(form, next_field)
            if nxt not in ("1", "2"):
                raise IPDError(f"{next_field}: got {nxt!r}, expected the state 1 or 2")
            rows.append(f'  [{state}, "{their}", {nxt}, "{move}"],')
        lines += [
            'kind = "finite-state-machine"',
            "# [state, opponent's last move, next state, my move]",
            "transitions = [",
            *rows,
            "]",
            "initial_state = 1",
            f'initial_move = "{first}"',
        ]
    return "\n".join(lines) + "\n"
