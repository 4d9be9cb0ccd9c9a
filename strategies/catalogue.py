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

    return dict(_equivalents(len(REGISTRY)))


@functools.cache
def _equivalents(registered: int) -> tuple[tuple[str, str], ...]:
    """:func:`native_equivalents` of the registry when it holds ``registered`` classes
    (it only grows: its size says what it holds), worked out once (it creates every
    strategy, and every meta team asks for it)."""
    from strategies import REGISTRY

    found: dict[str, str] = {}
    for cls in REGISTRY:
        name = cls().axelrod_name()
        if name is not None:
            found.setdefault(name, cls.name)
    return tuple(found.items())


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


def published_field(data_file: str) -> tuple[str, ...]:
    """A published field (``strategies/data/<data_file>``: the paper's ``names``, the
    library's later names in ``[renamed]``, those it no longer has in ``[left_out]``)
    as native players, else adapted library ones. A paper's name is matched to the
    catalogue's entry by its whole name (``"Hard Go By Majority: 10"``), else by the
    name before its parameters (``"Omega TFT"`` is ``"Omega TFT: 3, 8"``), ignoring
    spaces, underscores and case."""
    text = resources.files("strategies").joinpath(f"data/{data_file}").read_text()
    data = tomllib.loads(text)
    natives = native_equivalents()
    entries = [entry.name for entry in axelrod_catalogue_entries()]
    whole = {_squash(name): name for name in entries}
    base: dict[str, list[str]] = {}
    for name in entries:
        base.setdefault(_squash(name.split(": ")[0]), []).append(name)
    out = []
    for name in data["names"]:
        if name in data.get("left_out", {}):
            continue
        key = _squash(data.get("renamed", {}).get(name, name))
        found = [whole[key]] if key in whole else base.get(key, [])
        if len(found) != 1:
            raise ValueError(f"strategies/data/{data_file}: {name!r} matches {found or 'nothing'}")
        out.append(natives.get(found[0], f"axelrod:{found[0]}"))
    return tuple(out)


def _squash(name: str) -> str:
    return "".join(c for c in name.lower() if c.isalnum() or c in ".$\\")
