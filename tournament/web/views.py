"""What the web classroom's templates show, computed from the domain: tables as rows of
formatted cells, the wall's chart data, the QR code, the builder's fields and the Python
template. Pure functions; the routes in :mod:`.app` call them."""

from __future__ import annotations

import math
import re
from typing import Any

import pandas as pd
import segno
from markupsafe import Markup

from tournament.classroom import templates
from tournament.core.game import Game
from tournament.web.builder import STATE_FIELDS

__all__ = [
    "BUILDER_DEFAULTS",
    "TWO_STATE_FIELDS",
    "builder_fields",
    "chart_data",
    "error_field",
    "fmt",
    "frame_view",
    "legend_roles",
    "length_text",
    "python_template",
    "qr_svg",
    "state_fields",
    "table_title",
]

#: The builder's starting values: Tit For Tat as memory-one; the two states (unused until
#: the student ticks "use two states") make Tit For Two Tats, the example of
#: :mod:`tournament.web.builder`.
BUILDER_DEFAULTS = {
    "name": "",
    "first": "C",
    "after_cc": "1",
    "after_cd": "0",
    "after_dc": "1",
    "after_dd": "0",
    "states": "1",
    "s1_c_move": "C",
    "s1_c_next": "1",
    "s1_d_move": "C",
    "s1_d_next": "2",
    "s2_c_move": "C",
    "s2_c_next": "1",
    "s2_d_move": "D",
    "s2_d_next": "2",
}
#: The form fields that belong to the two-state machine (shown on demand).
TWO_STATE_FIELDS = frozenset(
    ["states", *(name for *_, move, nxt in STATE_FIELDS for name in (move, nxt))]
)

_TITLES = {
    "leaderboard": "Ranking",
    "payoff_matrix": "Pairwise payoffs (row's score per turn against the column)",
    "ecological": "Ecological simulation (population shares by generation)",
}


def fmt(value: Any) -> str:
    """A number as a person reads it: at most three decimals, no trailing zeros."""
    if isinstance(value, bool) or value is None:
        return "" if value is None else str(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        return f"{round(value, 3):g}" if abs(value) < 1e6 else f"{value:.4g}"
    try:  # numpy scalars
        return fmt(value.item())
    except AttributeError:
        return str(value)


def table_title(name: str) -> str:
    for key, title in _TITLES.items():
        if name.startswith(key) or key.startswith(name):
            return title
    return name.replace("_", " ").capitalize()


def frame_view(frame: pd.DataFrame, name: str = "", title: str = "") -> dict[str, Any]:
    """A DataFrame for ``_table.html``: header and rows of formatted cells; a named
    index (a matrix's row labels) becomes the first column."""
    keep_index = not isinstance(frame.index, pd.RangeIndex)
    rows = []
    for label, values in zip(frame.index, frame.itertuples(index=False), strict=True):
        cells = [fmt(v) for v in values]
        rows.append([str(label), *cells] if keep_index else cells)
    return {
        "name": name,
        "title": title or table_title(name),
        "columns": [str(c) for c in frame.columns],
        "index_name": (frame.index.name or "") if keep_index else None,
        "rows": rows,
    }


def _numbers(values: Any) -> list[float | None]:
    return [None if pd.isna(v) else round(float(v), 4) for v in values]


def _ranking(board: pd.DataFrame) -> dict[str, Any] | None:
    score = next((c for c in ("score_per_turn", "median_score_per_turn") if c in board), None)
    if "strategy" not in board or score is None:
        return None
    if "submission" in board:
        students = [s != "(built-in)" for s in board["submission"]]
    else:
        students = [False] * len(board)
    return {
        "title": "Ranking: mean score per turn (students' strategies in orange)",
        "axis": "score per turn",
        "names": [str(s) for s in board["strategy"]],
        "values": _numbers(board[score]),
        "students": students,
    }


def _heatmap(matrix: pd.DataFrame) -> dict[str, Any]:
    if isinstance(matrix.index, pd.RangeIndex) and len(matrix.columns) > 1:
        matrix = matrix.set_index(matrix.columns[0])  # the row labels stored as a column
    return {
        "title": "Pairwise payoffs: the row's score per turn against the column",
        "rows": [str(r) for r in matrix.index],
        "columns": [str(c) for c in matrix.columns],
        "z": [_numbers(row) for row in matrix.to_numpy()],
    }


def _shares(frame: pd.DataFrame) -> dict[str, Any]:
    """Tidy (step, strategy, share) rows or a wide table (one column per strategy)."""
    step = next((c for c in ("generation", "step", "time", "t") if c in frame), None)
    if {"strategy", "share"} <= set(frame.columns) and step is not None:
        frame = frame.pivot_table(index=step, columns="strategy", values="share", sort=False)
    elif step is not None:
        frame = frame.set_index(step)
    x = [fmt(v) for v in frame.index] if not isinstance(frame.index, pd.RangeIndex) else None
    return {
        "title": "Ecological simulation: each strategy's share of the population",
        "axis": str(frame.index.name or "generation"),
        "x": x or list(range(len(frame))),
        "series": [{"name": str(c), "y": _numbers(frame[c])} for c in frame.columns],
    }


def chart_data(tables: dict[str, pd.DataFrame]) -> dict[str, Any]:
    """The wall's three charts from the class tournament's tables (by their names)."""
    charts: dict[str, Any] = {}
    for name, frame in tables.items():
        if frame.empty:
            continue
        if name.startswith("leaderboard") and "ranking" not in charts:
            charts["ranking"] = _ranking(frame)
        elif "payoff" in name and "payoffs" not in charts:
            charts["payoffs"] = _heatmap(frame)
        elif ("ecolog" in name or "share" in name) and "shares" not in charts:
            charts["shares"] = _shares(frame)
    return {key: value for key, value in charts.items() if value}


def qr_svg(url: str) -> Markup:
    """The URL as a QR code, inline SVG that scales with CSS (made here, not user input)."""
    code = segno.make(url, error="m")
    return Markup(code.svg_inline(scale=8, border=2, omitsize=True, dark="#1d2433"))


def length_text(turns: int | None, prob_end: float | None, hide: bool) -> str:
    if turns is not None:
        told = "not told to players" if hide else "told to players"
        return f"{turns} turns ({told})"
    return f"ends after each turn with probability {prob_end} (never told)"


def legend_roles(game: Game) -> list[dict[str, Any]]:
    """The game's roles and their move labels as ``_legend.html`` lists them: one line
    when both roles have the same moves."""
    if game.symmetric and not game.labelled:
        return [{"name": "Both players", "labels": game.labels[0]}]
    if game.labels[0] == game.labels[1]:
        return [{"name": " and ".join(game.roles), "labels": game.labels[0]}]
    return [{"name": game.roles[r], "labels": game.labels[r]} for r in range(2)]


def error_field(error: str | None) -> str | None:
    """The builder's field an error message names (builder messages start with it)."""
    field = (error or "").split(":", 1)[0]
    return field if field in BUILDER_DEFAULTS else None


def builder_fields(
    game: Game, role: int, values: dict[str, str], error: str | None = None
) -> list[dict[str, Any]]:
    """The builder's text fields, described with the scenario's move names; the one the
    error names is marked ``invalid``."""
    mine, theirs = game.labels[role], game.labels[1 - role]
    fields = [
        ("name", "Name of your strategy (1 to 40 characters)"),
        ("first", "First move"),
    ]
    for key, me, them in (("cc", 0, 0), ("cd", 0, 1), ("dc", 1, 0), ("dd", 1, 1)):
        fields.append((f"after_{key}", f"After you {mine[me]} and they {theirs[them]}"))
    bad = error_field(error)
    return [
        {
            "name": name,
            "label": label,
            "value": values.get(name, BUILDER_DEFAULTS[name]),
            "invalid": name == bad,
        }
        for name, label in fields
    ]


def state_fields(
    game: Game, role: int, values: dict[str, str], error: str | None = None
) -> list[dict[str, Any]]:
    """The two-state machine's choices (see :mod:`tournament.web.builder`): per state,
    per opponent's move, the move to play and the next state, as ``<select>`` fields."""
    mine, theirs = game.labels[role], game.labels[1 - role]
    bad = error_field(error)

    def field(name: str, label: str, options: list[tuple[str, str]]) -> dict[str, Any]:
        value = values.get(name, BUILDER_DEFAULTS[name]).strip().upper()
        return {
            "name": name,
            "label": label,
            "value": value,
            "options": options,
            "invalid": name == bad,
        }

    states: dict[int, list[dict[str, Any]]] = {}
    for state, their, move, nxt in STATE_FIELDS:
        after = f"after they {theirs['CD'.index(their)]}"
        stay_or_go = [(str(s), f"{'stay in' if s == state else 'go to'} state {s}") for s in (1, 2)]
        row = {
            "after": f"A{after[1:]}",
            "context": f"In state {state}, {after}:",  # for screen readers, in the labels
            "move": field(move, "you play", [("C", mine[0]), ("D", mine[1])]),
            "next": field(nxt, "then", stay_or_go),
            "invalid": bad in (move, nxt),
        }
        states.setdefault(state, []).append(row)
    return [{"number": number, "rows": rows} for number, rows in states.items()]


def python_template(nickname: str) -> str:
    """The ``ipd new-strategy`` Python template, named after the student when possible."""
    words = re.findall(r"[A-Za-z][A-Za-z0-9]*", nickname)[:4] or ["My"]
    return templates.python_template(" ".join(words) + " Strategy")
