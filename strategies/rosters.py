"""Preset rosters: named fields of strategies from the literature and the classroom."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from strategies.errors import UnknownNameError, did_you_mean

__all__ = ["ROSTERS", "Roster", "get_roster"]


@dataclass(frozen=True)
class Roster:
    name: str
    description: str
    members: Callable[[], tuple[str, ...]]

    def names(self) -> list[str]:
        return list(self.members())


def _fixed(*names: str) -> Callable[[], tuple[str, ...]]:
    return lambda: names


def _where(test: Callable[[type], bool]) -> Callable[[], tuple[str, ...]]:
    def members() -> tuple[str, ...]:
        from strategies import REGISTRY

        return tuple(cls.name for cls in REGISTRY if test(cls))

    return members


def _catalogue_field(short: bool) -> tuple[str, ...]:
    from strategies.catalogue import field

    return field(short=short)


def _published(data_file: str) -> tuple[str, ...]:
    from strategies.catalogue import published_field

    return published_field(data_file)


_ROSTERS = [
    Roster(
        "classic",
        "the default field: fifteen well-known strategies from Axelrod's tournaments and after",
        _fixed(
            "Cooperator",
            "Defector",
            "Random",
            "Tit For Tat",
            "Tit For Two Tats",
            "Two Tits For Tat",
            "Suspicious Tit For Tat",
            "Generous Tit For Tat",
            "Grudger",
            "Win-Stay Lose-Shift",
            "Alternator",
            "Prober",
            "Gradual",
            "Joss",
            "ZD-Extort-2",
        ),
    ),
    Roster(
        "axelrod-first",
        "Axelrod's first tournament (1980): the fourteen entries, in their final ranking "
        "order, and Random (the library's versions)",
        _fixed(
            "Tit For Tat",
            "Tideman and Chieruzzi",
            "Nydegger",
            "Grofman",
            "Shubik",
            "Stein and Rapoport",
            "Grudger",
            "Davis",
            "Graaskamp",
            "Downing",
            "Feld",
            "Joss",
            "Tullock",
            "Anonymous",
            "Random",
        ),
    ),
    Roster(
        "classroom",
        "the characters of Nicky Case's 'The Evolution of Trust': Copycat (Tit For Tat), "
        "Always Cheat, Always Cooperate, Grudger, Detective, Copykitten (Tit For Two Tats), "
        "Simpleton (Win-Stay Lose-Shift) and Random",
        _fixed(
            "Tit For Tat",
            "Defector",
            "Cooperator",
            "Grudger",
            "Detective",
            "Tit For Two Tats",
            "Win-Stay Lose-Shift",
            "Random",
        ),
    ),
    Roster(
        "stewart-plotkin",
        "the field of Stewart & Plotkin (2012), 'Extortion and cooperation in the "
        "prisoner's dilemma' (PNAS), as reproduced by the Axelrod library",
        _fixed(
            "Cooperator",
            "Defector",
            "ZD-Extort-2",
            "Hard Go By Majority",
            "Generous Tit For Tat",
            "ZD-GTFT-2",
            "Grudger",
            "Random",
            "Tit For Two Tats",
            "Tit For Tat",
            "Win-Stay Lose-Shift",
        ),
    ),
    Roster(
        "zero-determinant",
        "Press & Dyson's zero-determinant strategies with Tit For Tat, WSLS and GTFT",
        lambda: (
            *_where(lambda c: c.family == "zero-determinant")(),
            "Tit For Tat",
            "Win-Stay Lose-Shift",
            "Generous Tit For Tat",
        ),
    ),
    Roster(
        "memory-one",
        "every native strategy of memory depth 0 or 1",
        _where(lambda c: c.memory_depth is not None and c.memory_depth <= 1),
    ),
    Roster(
        "axelrod-all",
        "the Axelrod library's whole catalogue (its all_strategies, Darwin left out: it "
        "manipulates its opponent), natively where implemented, else through the adapter",
        lambda: _catalogue_field(short=False),
    ),
    Roster(
        "axelrod-short",
        "the Axelrod library's short_run_time_strategies (the field of Harper et al. 2017), "
        "natively where implemented, else through the adapter",
        lambda: _catalogue_field(short=True),
    ),
    Roster(
        "glynatsi-2020",
        "the 195 strategies of Glynatsi, Knight and Harper's meta analysis (2020; the "
        "library 3.0.0's field) under their current names, less the two the library "
        "has removed (Fool Me Forever, Slow Tit For Two Tats)",
        lambda: _published("glynatsi_2020.toml"),
    ),
    Roster("all", "every native strategy, with default parameters", _where(lambda c: True)),
]

ROSTERS: dict[str, Roster] = {r.name: r for r in _ROSTERS}


def get_roster(name: str) -> Roster:
    roster = ROSTERS.get(name.strip().lower())
    if roster is None:
        raise UnknownNameError(
            f"unknown roster {name!r}.{did_you_mean(name, ROSTERS)} "
            f"Expected one of: {', '.join(ROSTERS)} (see 'ipd strategies --rosters')."
        )
    return roster
