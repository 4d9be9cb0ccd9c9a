"""The instructor's "Session settings" form: the choices it offers (every preset game,
grouped as ``ipd games`` lists them, and the preset rosters of bots), its values for the
current settings, and the reading of a submitted form into checked
:class:`~tournament.web.model.ClassroomSettings`, each mistake naming its field."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from strategies.errors import IPDError
from strategies.rosters import ROSTERS, get_roster
from tournament.core.games import GAMES
from tournament.core.scenarios import SCENARIOS
from tournament.web.model import MAX_TURNS, ClassroomSettings

__all__ = [
    "FIELDS",
    "SettingsError",
    "form_values",
    "game_groups",
    "roster_choices",
    "settings_from_form",
]

#: The form's fields, in the order the page shows them.
FIELDS = (
    "title",
    "game",
    "game_spec",
    "length",
    "turns",
    "prob_end",
    "shown",
    "noise",
    "roster",
    "bots",
)
#: How a message names each field (the form's labels, in short).
LABELS = {
    "game_spec": "game",
    "length": "match length",
    "prob_end": "ending probability",
    "shown": "length told",
}
#: The longest comma-separated list of bot names the form reads.
MAX_BOTS_TEXT = 2000


class SettingsError(IPDError):
    """A bad value in the settings form; ``field`` is the form field it names."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{LABELS.get(field, field)}: {message}")
        self.field = field


def game_groups() -> list[tuple[str, list[str]]]:
    """The preset games' names, grouped: classic games, then business scenarios."""
    return [
        ("Classic games", [name for name in GAMES if name not in SCENARIOS]),
        ("Business scenarios", [name for name in GAMES if name in SCENARIOS]),
    ]


def roster_choices() -> list[tuple[str, str]]:
    """Each preset roster's name and description (``ipd strategies --rosters``)."""
    return [(roster.name, roster.description) for roster in ROSTERS.values()]


def form_values(settings: ClassroomSettings) -> dict[str, str]:
    """The form's fields filled with ``settings``: a preset game is selected, any other
    spec goes in the free text field; the bots are listed by name."""
    preset = settings.game if settings.game in GAMES else ""
    return {
        "title": settings.title,
        "game": preset or "classic",
        "game_spec": "" if preset else settings.game,
        "length": "turns" if settings.turns is not None else "prob_end",
        "turns": "" if settings.turns is None else str(settings.turns),
        "prob_end": "" if settings.prob_end is None else f"{settings.prob_end:g}",
        "shown": "hidden" if settings.hide_length else "known",
        "noise": f"{settings.noise:g}",
        "roster": "",
        "bots": ", ".join(settings.bots),
    }


def _text(form: Mapping[str, Any], name: str, limit: int = 200) -> str:
    value = str(form.get(name, "") or "").strip()
    if len(value) > limit:
        raise SettingsError(name, f"{len(value):,} characters, expected at most {limit:,}")
    return value


def _number(form: Mapping[str, Any], name: str, expected: str, whole: bool = False) -> float:
    text = _text(form, name, 40)
    try:
        value = int(text) if whole else float(text)
    except ValueError:
        raise SettingsError(name, f"got {text!r}, expected {expected}") from None
    if not math.isfinite(value):
        raise SettingsError(name, f"got {text!r}, expected {expected}")
    return value


def _game(form: Mapping[str, Any]) -> str:
    """The free text field when filled (a preset with parameters, payoffs or a scenario
    file), else the preset chosen in the list; checked by building the game."""
    spec = _text(form, "game_spec")
    field = "game_spec" if spec else "game"
    spec = spec or _text(form, "game")
    if not spec:
        raise SettingsError("game", "choose a game")
    try:
        ClassroomSettings(game=spec).check()
    except IPDError as exc:
        raise SettingsError(field, str(exc).removeprefix("game: ")) from None
    return spec


def _length(form: Mapping[str, Any]) -> tuple[int | None, float | None]:
    kind = _text(form, "length") or "turns"
    if kind == "turns":
        expected = f"a whole number of turns from 1 to {MAX_TURNS}"
        turns = int(_number(form, "turns", expected, whole=True))
        if not 1 <= turns <= MAX_TURNS:
            raise SettingsError("turns", f"got {turns}, expected {expected}")
        return turns, None
    if kind == "prob_end":
        expected = "an ending probability above 0 and at most 1"
        prob_end = _number(form, "prob_end", expected)
        if not 0 < prob_end <= 1:
            raise SettingsError("prob_end", f"got {prob_end:g}, expected {expected}")
        return None, prob_end
    raise SettingsError("length", f"got {kind!r}, expected 'turns' or 'prob_end'")


def _bots(form: Mapping[str, Any]) -> tuple[str, ...]:
    """The roster's members, then the names typed (comma-separated), each once."""
    roster = _text(form, "roster")
    names: list[str] = []
    if roster:
        try:
            names = get_roster(roster).names()
        except IPDError as exc:
            raise SettingsError("roster", str(exc)) from None
    typed = _text(form, "bots", MAX_BOTS_TEXT)
    names += [name.strip() for name in typed.split(",") if name.strip()]
    if not names:
        raise SettingsError("bots", "choose a roster or name at least one strategy")
    bots = tuple(dict.fromkeys(names))
    try:
        ClassroomSettings(bots=bots).check()
    except IPDError as exc:
        field = "bots" if typed else "roster"
        raise SettingsError(field, str(exc).removeprefix("bots: ")) from None
    return bots


def settings_from_form(form: Mapping[str, Any], current: ClassroomSettings) -> ClassroomSettings:
    """The settings the form asks for (the seed stays as it is), checked; a
    :class:`SettingsError` names the first bad field."""
    title = _text(form, "title")
    if not 1 <= len(title) <= 80:
        raise SettingsError("title", f"got {title!r}, expected 1 to 80 characters")
    game = _game(form)
    turns, prob_end = _length(form)
    shown = _text(form, "shown") or "hidden"
    if shown not in ("hidden", "known"):
        raise SettingsError("shown", f"got {shown!r}, expected 'hidden' or 'known'")
    noise = _number(form, "noise", "a probability from 0 to 1")
    if not 0 <= noise <= 1:
        raise SettingsError("noise", f"got {noise:g}, expected a probability from 0 to 1")
    settings = replace(
        current,
        title=title,
        game=game,
        turns=turns,
        prob_end=prob_end,
        hide_length=shown == "hidden",
        noise=noise,
        bots=_bots(form),
    )
    try:
        return settings.check()
    except IPDError as exc:  # every field was checked above: a last guard
        named, _, rest = str(exc).partition(": ")
        if named in FIELDS:
            raise SettingsError(named, rest) from None
        raise SettingsError("settings", str(exc)) from None
