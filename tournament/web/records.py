"""A classroom's tables: the humans' leaderboard, the class tournament's tables and the
session's export (CSV per table and ``session.json``)."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable, Sequence
from io import StringIO
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from tournament.classroom.class_tournament import run_class_tournament
from tournament.core.game import Game
from tournament.evolution.ecological import replicator, two_population_replicator
from tournament.evolution.results import tidy_shares
from tournament.web.store import now

if TYPE_CHECKING:
    from tournament.web.room import ClassroomSettings, Student

__all__ = [
    "ECOLOGICAL_GENERATIONS",
    "LEADERBOARD_COLUMNS",
    "TOURNAMENT_TURNS",
    "class_tournament",
    "leaderboard",
    "read_tables",
    "write_export",
]

LEADERBOARD_COLUMNS = [
    "rank",
    "nickname",
    "matches",
    "turns",
    "score",
    "score_per_turn",
    "cooperation_rate",
    "vs_humans",
    "vs_bots",
]
#: The class tournament's match length and the ecological simulation's generations.
TOURNAMENT_TURNS = 200
ECOLOGICAL_GENERATIONS = 100


def leaderboard(seat_turns: Sequence[Any], students: Sequence[Student]) -> pd.DataFrame:
    """The humans' leaderboard from one row per (student, resolved turn)."""
    frame = pd.DataFrame(
        [tuple(r) for r in seat_turns],
        columns=["student_id", "match_id", "vs_bot", "move", "payoff"],
    )
    if frame.empty:
        return pd.DataFrame(columns=LEADERBOARD_COLUMNS)
    frame["vs_bot"] = frame["vs_bot"].astype(bool)
    frame["cooperated"] = frame["move"] == 0
    groups = frame.groupby("student_id")
    board = pd.DataFrame(
        {
            "matches": groups["match_id"].nunique(),
            "turns": groups.size(),
            "score": groups["payoff"].sum(),
            "score_per_turn": groups["payoff"].mean(),
            "cooperation_rate": groups["cooperated"].mean(),
            "vs_humans": frame[~frame["vs_bot"]].groupby("student_id")["payoff"].mean(),
            "vs_bots": frame[frame["vs_bot"]].groupby("student_id")["payoff"].mean(),
        }
    )
    names = {s.id: s.nickname for s in students}
    board.insert(0, "nickname", [names[int(i)] for i in board.index])
    board = board.sort_values(
        ["score_per_turn", "score", "nickname"], ascending=[False, False, True], kind="stable"
    ).reset_index(drop=True)
    board.insert(0, "rank", np.arange(1, len(board) + 1))
    return board[LEADERBOARD_COLUMNS]


def _ecological(results: Any, game: Game) -> pd.DataFrame:
    """Axelrod's ecological simulation of the tournament's field from equal shares: one
    population, or one per role of an asymmetric game."""
    labels = results.labels
    x0 = np.full(len(labels), 1.0 / len(labels))
    if game.symmetric:
        trajectories = {
            "all": replicator(results.payoff_matrix.to_numpy(), x0, ECOLOGICAL_GENERATIONS)
        }
    else:
        row, col = game.roles
        xs, ys = two_population_replicator(
            results.role_payoff_matrix(row).to_numpy(),
            results.role_payoff_matrix(col).to_numpy(),
            x0,
            x0,
            ECOLOGICAL_GENERATIONS,
        )
        trajectories = {row: xs, col: ys}
    return tidy_shares(trajectories, labels)


def class_tournament(
    folder: Path,
    entries: Sequence[tuple[str, str, str]],
    settings: ClassroomSettings,
    game: Game,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[dict[str, pd.DataFrame], dict[str, Any]]:
    """Write ``entries`` (nickname, file name, source) afresh into ``folder``, play the
    class tournament of them and the room's bots, and return its tables and a summary."""
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    owners = {}
    for nickname, filename, source in entries:
        (folder / filename).write_text(source, encoding="utf-8")
        owners[filename] = nickname
    started = now()
    out = run_class_tournament(
        folder,
        list(settings.bots),
        game=settings.game,
        turns=TOURNAMENT_TURNS,
        noise=settings.noise,
        seed=settings.seed,
        tell_length=not settings.hide_length,
        progress=progress,
    )
    board = out.leaderboard
    board.insert(3, "student", [owners.get(f, "(bot)") for f in board["submission"]])
    matrix = out.results.payoff_matrix.copy()
    matrix.index.name = "strategy"
    submissions = out.submissions_table()
    submissions.insert(0, "student", [owners.get(f, "") for f in submissions["file"]])
    tables = {
        "leaderboard": board,
        "payoff_matrix": matrix,
        "ecological": _ecological(out.results, game),
        "submissions": submissions,
    }
    info = {
        "started": started,
        "finished": now(),
        "turns": TOURNAMENT_TURNS,
        "entries": len(entries),
        "bots": list(settings.bots),
        "disqualified": out.disqualified,
        "sandbox": out.sandbox,
    }
    return tables, info


def read_tables(rows: Sequence[Any]) -> dict[str, pd.DataFrame] | None:
    """The stored tables (pandas' JSON ``table`` orient), ``None`` when there are none."""
    if not rows:
        return None
    return {row["name"]: pd.read_json(StringIO(row["data"]), orient="table") for row in rows}


def _player(row: Any, role: int, names: dict[int, str]) -> str:
    student = row[f"student{role}"]
    return names[int(student)] if student is not None else row["bot"]


def _seat(game: Game, role: int) -> str:
    return f"{game.roles[role]} (role {role})"


def _frames(rows: dict[str, list[Any]], game: Game) -> dict[str, pd.DataFrame]:
    """The session's raw rows as readable tables (names, moves as C/D)."""
    names = {int(r["id"]): r["nickname"] for r in rows["students"]}
    matches = pd.DataFrame(
        [
            {
                "match": r["id"],
                "round": r["round"],
                **{_seat(game, role): _player(r, role, names) for role in (0, 1)},
                "bot": r["bot"] or "",
                "length": r["length"],
                "turns_played": r["played"],
                "finished": r["played"] >= r["length"],
                "created": r["created"],
            }
            for r in rows["matches"]
        ],
        columns=["match", "round", _seat(game, 0), _seat(game, 1), "bot", "length"]
        + ["turns_played", "finished"]
        + ["created"],
    )
    bots = {int(r["id"]): r["bot"] for r in rows["matches"]}

    def move(value: Any) -> str:
        return "" if value is None else "CD"[int(value)]

    moves = pd.DataFrame(
        [
            {
                "match": r["match_id"],
                "round": r["round"],
                "turn": r["turn"] + 1,
                "role": game.roles[r["role"]],
                "player": names[r["student_id"]] if r["student_id"] is not None else "",
                "bot": bots[r["match_id"]] if r["student_id"] is None else "",
                "chosen": move(r["choice"]),
                "played": move(r["played"]),
                "noise_flipped": "" if r["flipped"] is None else bool(r["flipped"]),
                "payoff": r["payoff"],
                "created": r["created"],
            }
            for r in rows["moves"]
        ],
        columns=["match", "round", "turn", "role", "player", "bot", "chosen", "played"]
        + ["noise_flipped", "payoff", "created"],
    )
    submissions = pd.DataFrame([dict(r) for r in rows["submissions"]])
    if not submissions.empty:
        submissions.insert(2, "nickname", submissions["student_id"].map(names))
        submissions["valid"] = submissions["valid"].astype(bool)
    return {
        "students": pd.DataFrame([dict(r) for r in rows["students"]]),
        "rounds": pd.DataFrame([dict(r) for r in rows["rounds"]]),
        "matches": matches,
        "moves": moves,
        "submissions": submissions,
    }


def write_export(
    out: Path,
    rows: dict[str, list[Any]],
    counts: dict[str, int],
    board: pd.DataFrame,
    tables: dict[str, pd.DataFrame],
    info: dict[str, Any],
    game: Game,
) -> list[Path]:
    """Write the session into ``out``: one CSV per table (``tournament_<name>.csv`` for
    the class tournament's) and ``session.json``; return the paths written."""
    out.mkdir(parents=True, exist_ok=True)
    frames = _frames(rows, game)
    frames["leaderboard"] = board
    for name, frame in tables.items():
        frames[f"tournament_{name}"] = frame
    written = []
    for name, frame in frames.items():
        path = out / f"{name}.csv"
        frame.to_csv(path, index=name == "tournament_payoff_matrix")
        written.append(path)
    session = {**info, "counts": counts, "exported": now(), "files": [p.name for p in written]}
    path = out / "session.json"
    path.write_text(json.dumps(session, indent=2, default=str) + "\n", encoding="utf-8")
    return [*written, path]
