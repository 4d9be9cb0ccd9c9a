"""The Axelrod library's catalogue as data (``strategies/data/axelrod_catalogue.toml``,
made by ``docs/make_axelrod_catalogue.py``), and which native strategy stands for each
entry. Reading it does not import the library (that takes seconds)."""

from __future__ import annotations

import functools
import tomllib
from dataclasses import dataclass
from importlib import resources

__all__ = ["CatalogueEntry", "axelrod_catalogue_entries", "native_equivalents", "field"]


@dataclass(frozen=True)
class CatalogueEntry:
    """One strategy of the library: its printed name, class and classifier facts."""

    name: str
    class_name: str
    memory_depth: int | None  # None: unbounded
    stochastic: bool
    long_run_time: bool
    makes_use_of: frozenset[str]
    cheats: bool  # inspects or manipulates its opponent: cannot play on histories alone


@functools.cache
def axelrod_catalogue_entries() -> tuple[CatalogueEntry, ...]:
    """Every entry of ``axelrod.all_strategies`` of the pinned library version."""
    text = resources.files("strategies").joinpath("data/axelrod_catalogue.toml").read_text()
    return tuple(
        CatalogueEntry(
            name=row["name"],
            class_name=row["class"],
            memory_depth=None if row["memory_depth"] < 0 else row["memory_depth"],
            stochastic=row["stochastic"],
            long_run_time=row["long_run_time"],
            makes_use_of=frozenset(row["makes_use_of"]),
            cheats=row["cheats"],
        )
        for row in tomllib.loads(text)["strategy"]
    )


def native_equivalents() -> dict[str, str]:
    """Library printed name -> the registered native strategy whose default instance is
    its equivalent (``axelrod_name()``)."""
    from strategies import REGISTRY

    found: dict[str, str] = {}
    for cls in REGISTRY:
        name = cls().axelrod_name()
        if name is not None:
            found.setdefault(name, cls.name)
    return found


def field(short: bool = False) -> tuple[str, ...]:
    """The library's catalogue as a field of players: the native equivalent of each
    entry, else the adapted library strategy (``axelrod:<name>``); strategies that cheat
    are left out, and with ``short`` those the library classifies as slow to run (its
    ``short_run_time_strategies``)."""
    natives = native_equivalents()
    return tuple(
        natives.get(entry.name, f"axelrod:{entry.name}")
        for entry in axelrod_catalogue_entries()
        if not entry.cheats and not (short and entry.long_run_time)
    )
