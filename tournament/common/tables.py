"""Reading TOML tables so that every mistake names the file, the key and what is expected.

Used by experiment configs and by declarative strategy files.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from strategies.errors import IPDError, did_you_mean

__all__ = ["ConfigError", "Table", "read_toml", "show"]


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


def read_toml(path: Path, missing: str) -> dict[str, Any]:
    """The parsed TOML file ``path``; :class:`ConfigError` with ``missing`` when it does
    not exist, and naming the file when it cannot be read or is not valid TOML."""
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(missing) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read the file ({exc})") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None


def show(value: Any) -> str:
    """A value as an error message quotes it: shortened, with its TOML type."""
    kind = {str: "a string", bool: "a boolean", dict: "a table", list: "a list"}.get(type(value))
    text = repr(value) if len(repr(value)) <= 60 else repr(value)[:57] + "..."
    return f"{text} ({kind})" if kind else text
