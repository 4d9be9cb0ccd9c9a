"""Reading TOML tables so that every mistake names the file, the key and what is expected.

Used by experiment configs and by declarative strategy files.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from strategies.errors import IPDError, did_you_mean

__all__ = ["ConfigError", "Table", "show"]


class ConfigError(IPDError):
    """A mistake in a config or strategy file; the message names the file and the key."""


class Table:
    """One TOML table being read: each key is taken once; leftovers are unknown keys."""

    def __init__(self, data: Any, where: str, source: str) -> None:
        self.where, self.source = where, source
        if not isinstance(data, dict):
            raise self.error(where.rstrip("."), data, "a table (key = value lines)")
        self.data = dict(data)
        self.known: list[str] = []

    def key(self, name: str) -> str:
        return f"{self.where}{name}"

    def error(self, key: str, value: Any, expected: str) -> ConfigError:
        return ConfigError(f"{self.source}: {key}: got {show(value)}, expected {expected}")

    def pop(self, name: str, default: Any, read: Callable[[Any, str, Table], Any]) -> Any:
        self.known.append(name)
        if name not in self.data:
            return default
        return read(self.data.pop(name), self.key(name), self)

    def finish(self) -> None:
        for name in self.data:
            place = f"[{self.where.rstrip('.')}]" if self.where else "the top level"
            raise ConfigError(
                f"{self.source}: unknown key {self.key(name)!r} in {place}."
                f"{did_you_mean(name, self.known)} Expected one of: {', '.join(self.known)}."
            )


def show(value: Any) -> str:
    """A value as an error message quotes it: shortened, with its TOML type."""
    kind = {str: "a string", bool: "a boolean", dict: "a table", list: "a list"}.get(type(value))
    text = repr(value) if len(repr(value)) <= 60 else repr(value)[:57] + "..."
    return f"{text} ({kind})" if kind else text
