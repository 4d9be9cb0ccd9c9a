"""The one strategy registry, filled automatically as strategy classes are defined.

Users name strategies as ``"Tit For Tat"`` (any case; aliases such as ``"TFT"`` work) or
with parameters: ``"Generous Tit For Tat(generosity=0.1)"``, ``"Random(0.3)"``,
``"Cycler(pattern='CCD')"``.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from strategies.errors import IPDError, UnknownNameError, did_you_mean

if TYPE_CHECKING:
    from strategies.base import Strategy

__all__ = ["REGISTRY", "Registry", "parse_spec"]

_SPEC = re.compile(r"^\s*(?P<name>[^()]+?)\s*(?:\((?P<args>.*)\))?\s*$", re.DOTALL)


def _key(name: str) -> str:
    return " ".join(name.lower().replace("-", " ").replace("_", " ").split())


def parse_spec(spec: str) -> tuple[str, list[Any], dict[str, Any]]:
    """Split ``"Name(1, key=2)"`` into ``("Name", [1], {"key": 2})``."""
    match = _SPEC.match(spec)
    if not match or not match.group("name").strip():
        raise IPDError(f"strategy {spec!r} is not a name: expected 'Name' or 'Name(key=value)'")
    name, args = match.group("name"), match.group("args")
    if args is None or not args.strip():
        return name, [], {}
    try:
        call = ast.parse(f"f({args})", mode="eval").body
        assert isinstance(call, ast.Call)
        positional = [ast.literal_eval(a) for a in call.args]
        keywords = {k.arg: ast.literal_eval(k.value) for k in call.keywords if k.arg}
    except (SyntaxError, ValueError, AssertionError):
        raise IPDError(
            f"cannot read the parameters of {spec!r}: expected literal values such as "
            "'Name(0.3)' or 'Name(key=0.3)'"
        ) from None
    return name, positional, keywords


class Registry:
    """Maps names and aliases to strategy classes."""

    def __init__(self) -> None:
        self._classes: dict[str, type[Strategy]] = {}
        self._lookup: dict[str, type[Strategy]] = {}

    def register(self, cls: type[Strategy]) -> None:
        if not cls.name:
            raise TypeError(f"strategy class {cls.__qualname__} has no `name`")
        from strategies.base import FAMILIES

        if cls.family not in FAMILIES:
            raise TypeError(
                f"strategy {cls.name!r} has family {cls.family!r}; expected one of {list(FAMILIES)}"
            )
        for alias in (cls.name, *cls.aliases):
            key = _key(alias)
            other = self._lookup.get(key)
            if other is not None and other is not cls:
                raise TypeError(f"strategy name {alias!r} is used by {other.__qualname__} already")
            self._lookup[key] = cls
        self._classes[cls.name] = cls

    def __contains__(self, name: str) -> bool:
        return _key(name) in self._lookup

    def __iter__(self) -> Iterator[type[Strategy]]:
        return iter(sorted(self._classes.values(), key=lambda c: c.name.lower()))

    def __len__(self) -> int:
        return len(self._classes)

    def names(self) -> list[str]:
        return [cls.name for cls in self]

    def get_class(self, name: str) -> type[Strategy]:
        cls = self._lookup.get(_key(name))
        if cls is None:
            choices = list(self._classes) + [a for c in self._classes.values() for a in c.aliases]
            raise UnknownNameError(
                f"unknown strategy {name!r}.{did_you_mean(name, choices)} "
                "Run 'ipd strategies' for the list."
            )
        return cls

    def create(self, spec: str | Strategy) -> Strategy:
        """An instance from a name, a ``Name(params)`` spec, or an instance (cloned)."""
        from strategies.base import Strategy

        if isinstance(spec, Strategy):
            return spec.clone()
        if not isinstance(spec, str):
            raise IPDError(f"expected a strategy name or instance, got {spec!r}")
        if spec.strip().lower().endswith((".py", ".toml")):
            raise IPDError(
                f"{spec.strip()!r} is a strategy file: files are opened by the tournament "
                "package (tournament.core.players.create_player, or any tournament function "
                "that takes strategy names), which runs Python files in a sandbox"
            )
        if spec.strip().lower().startswith("axelrod:"):
            from strategies.interop import create_adapted

            return create_adapted(spec.strip()[len("axelrod:") :].strip())
        name, args, kwargs = parse_spec(spec)
        cls = self.get_class(name)
        defaults = cls.param_defaults()
        if len(args) > len(defaults):
            raise IPDError(
                f"{cls.name!r} takes {len(defaults)} parameter(s) "
                f"({', '.join(defaults) or 'none'}), got {len(args)} in {spec!r}"
            )
        unknown = set(kwargs) - set(defaults)
        if unknown:
            raise IPDError(
                f"{cls.name!r} has no parameter {sorted(unknown)[0]!r}; "
                f"expected one of: {', '.join(defaults) or 'none'}"
            )
        params = dict(zip(defaults, args, strict=False)) | kwargs
        try:
            return cls(**params)
        except (TypeError, ValueError) as exc:
            raise IPDError(f"bad parameters for {cls.name!r} in {spec!r}: {exc}") from None


REGISTRY = Registry()
