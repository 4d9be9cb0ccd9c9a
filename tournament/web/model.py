"""A classroom's data: its settings (:class:`ClassroomSettings`, chosen by the instructor
and checked field by field), its students, the views of a match from a student's side,
its submissions, and the names it makes (nickname slugs, classroom folders)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

from strategies import REGISTRY
from strategies.errors import IPDError
from tournament.common.validation import check_flag, check_horizon, check_rate, check_seed
from tournament.core.games import get_game
from tournament.core.players import is_strategy_file

__all__ = [
    "MAX_NICKNAME",
    "MAX_TURNS",
    "ClassroomSettings",
    "MatchView",
    "Student",
    "Submission",
    "TurnView",
    "classroom_folder",
    "slug",
    "submission_from_row",
]

MAX_NICKNAME = 24
#: The longest match students play by hand.
MAX_TURNS = 1000


def slug(text: str, default: str = "student") -> str:
    """Lower-case ASCII letters, digits and dashes: ``"Zoë B."`` -> ``"zoe-b"``."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:MAX_NICKNAME] or default


def classroom_folder(root: str | Path, title: str) -> Path:
    """Where a classroom titled ``title`` lives under ``root``: ``classroom-<slug>``."""
    return Path(root) / f"classroom-{slug(title, 'session')}"


@dataclass(frozen=True)
class ClassroomSettings:
    """What the instructor chose for the session; :meth:`check` validates it."""

    title: str = "Classroom"
    game: str = "classic"
    turns: int | None = 10
    prob_end: float | None = None
    hide_length: bool = True
    noise: float = 0.0
    bots: tuple[str, ...] = ("Tit For Tat", "Defector", "Cooperator", "Grudger", "Random")
    seed: int = 1

    def check(self) -> ClassroomSettings:
        """``self`` if every field is valid, else an IPDError naming the field."""
        if not isinstance(self.title, str) or not 1 <= len(self.title.strip()) <= 80:
            raise IPDError(f"title: got {self.title!r}, expected 1 to 80 characters")
        if not isinstance(self.game, str):
            raise IPDError(f"game: got {self.game!r}, expected a game name, payoffs or file")
        try:
            get_game(self.game)
        except IPDError as exc:
            raise IPDError(f"game: {exc}") from None
        turns_, _ = check_horizon(self.turns, self.prob_end)
        if turns_ is not None and turns_ > MAX_TURNS:
            raise IPDError(
                f"turns: got {turns_}, expected at most {MAX_TURNS} (matches played by hand)"
            )
        check_flag("hide_length", self.hide_length)
        check_rate("noise", self.noise)
        check_seed(self.seed)
        self._check_bots()
        return self

    def _check_bots(self) -> None:
        if not isinstance(self.bots, tuple | list) or not self.bots:
            raise IPDError(
                f"bots: got {self.bots!r}, expected at least one strategy name (a student "
                "left without a partner plays a bot)"
            )
        for bot in self.bots:
            if not isinstance(bot, str) or is_strategy_file(bot):
                raise IPDError(f"bots: got {bot!r}, expected strategy names (not files)")
            try:
                REGISTRY.create(bot)
            except IPDError as exc:
                raise IPDError(f"bots: {exc}") from None

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["bots"] = list(self.bots)
        return out

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> ClassroomSettings:
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(d) - known)
        if unknown:
            raise IPDError(
                f"classroom settings: unknown {', '.join(unknown)}; "
                f"expected some of {', '.join(sorted(known))}"
            )
        values = dict(d)
        if isinstance(values.get("bots"), list):
            values["bots"] = tuple(values["bots"])
        return cls(**values)


@dataclass(frozen=True)
class Student:
    id: int
    nickname: str
    secret: str


@dataclass(frozen=True)
class TurnView:
    """One played turn, from the student's side (moves after noise, 0 = C, 1 = D)."""

    mine: int
    theirs: int
    my_payoff: float
    their_payoff: float
    my_flip: bool
    their_flip: bool


@dataclass(frozen=True)
class MatchView:
    """A student's match, from their side. ``active``: the student can still move in
    it (its round is the open one and it is not finished)."""

    match_id: int
    round: int
    role: int
    role_name: str
    labels: tuple[str, str]
    opponent: str
    opponent_is_bot: bool
    length: int
    length_shown: int | None
    turn: int
    finished: bool
    waiting: bool
    history: tuple[TurnView, ...]
    my_score: float
    their_score: float
    active: bool


@dataclass(frozen=True)
class Submission:
    id: int
    student_id: int
    kind: str
    filename: str
    valid: bool
    message: str
    created: str


def submission_from_row(row: Any) -> Submission:
    return Submission(
        int(row["id"]),
        int(row["student_id"]),
        row["kind"],
        row["filename"],
        bool(row["valid"]),
        row["message"],
        row["created"],
    )
