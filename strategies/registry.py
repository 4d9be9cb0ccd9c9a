"""The one strategy registry, filled automatically as strategy classes are defined.

Users name strategies as ``"Tit For Tat"`` (any case; aliases such as ``"TFT"`` work) or
with parameters: ``"Generous Tit For Tat(generosity=0.1)"``, ``"Random(0.3)"``,
``"Cycler(pattern='CCD')"``; a transformer wraps another spec: ``"Dual(Tit For Tat)"``
(see :mod:`strategies.transformers`, which joins through :meth:`Registry.add_wrapper`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING

from strategies.errors import IPDError, UnknownNameError, did_you_mean
from strategies.specs import name_key, parse_spec, spec_name

if TYPE_CHECKING:
    from strategies.base import Strategy

__all__ = ["REGISTRY", "Registry"]


class Registry:
    """Maps names and aliases to strategy classes, name prefixes (``"axelrod:"``) to
    the factories of strategies that live elsewhere, and the names of wrappers
    (transformers: ``"Dual(...)"``) to the factories that build them from a spec."""

    def __init__(self) -> None:
        self._classes: dict[str, type[Strategy]] = {}
        self._lookup: dict[str, type[Strategy]] = {}
        self._prefixes: dict[str, Callable[[str], Strategy]] = {}
        self._wrappers: dict[str, tuple[str, Callable[[str], Strategy]]] = {}

    def register(self, cls: type[Strategy]) -> None:
        """Add a strategy class under its name and aliases (called by
        :meth:`Strategy.__init_subclass__`, which has checked its metadata)."""
        if not cls.name:
            raise TypeError(f"strategy class {cls.__qualname__} has no `name`")
        for alias in (cls.name, *cls.aliases):
            key = name_key(alias)
            other = self._lookup.get(key)
            if other is not None and other is not cls:
                raise TypeError(f"strategy name {alias!r} is used by {other.__qualname__} already")
            self._lookup[key] = cls
        self._classes[cls.name] = cls

    def add_prefix(self, prefix: str, factory: Callable[[str], Strategy]) -> None:
        """Send specs that start with ``prefix`` (any case) to ``factory``, which gets the
        rest of the spec: the Axelrod-library adapter registers ``"axelrod:"``."""
        self._prefixes[prefix.lower()] = factory

    def add_wrapper(self, names: Iterable[str], factory: Callable[[str], Strategy]) -> None:
        """Send specs ``"Name(...)"`` whose name is one of ``names`` (the first is shown
        in suggestions) to ``factory``, which gets the whole spec. A strategy's name
        wins, unless the spec gives arguments to a strategy that takes none
        (``"Forgiver(Tit For Tat, 0.1)"`` is the transformer)."""
        names = list(names)
        for name in names:
            self._wrappers[name_key(name)] = (names[0], factory)

    def _wrapper(self, spec: str) -> Callable[[str], Strategy] | None:
        name = spec_name(spec)
        found = self._wrappers.get(name_key(name))
        if found is None:
            return None
        cls = self._lookup.get(name_key(name))
        given = spec.strip()[len(spec.strip().split("(", 1)[0]) + 1 : -1].strip()
        if cls is None or (given and not cls.param_defaults()):
            return found[1]
        return None

    def __contains__(self, name: str) -> bool:
        return name_key(name) in self._lookup

    def __iter__(self) -> Iterator[type[Strategy]]:
        return iter(sorted(self._classes.values(), key=lambda c: c.name.lower()))

    def __len__(self) -> int:
        return len(self._classes)

    def names(self) -> list[str]:
        return [cls.name for cls in self]

    def get_class(self, name: str) -> type[Strategy]:
        cls = self._lookup.get(name_key(name))
        if cls is None:
            choices = list(self._classes) + [a for c in self._classes.values() for a in c.aliases]
            choices += sorted({shown for shown, _ in self._wrappers.values()})
            raise UnknownNameError(
                f"unknown strategy {name!r}.{did_you_mean(name, choices)} "
                "Run 'ipd strategies' for the list."
            )
        return cls

    def create(self, spec: str | Strategy) -> Strategy:
        """An instance from a name, a ``Name(params)`` spec, a prefixed spec
        (``"axelrod:Grudger"``) or an instance (cloned)."""
        if not isinstance(spec, str):
            if callable(getattr(spec, "clone", None)) and callable(getattr(spec, "step", None)):
                return spec.clone()
            raise IPDError(f"expected a strategy name or instance, got {spec!r}")
        if spec.strip().lower().endswith((".py", ".toml")):
            raise IPDError(
                f"{spec.strip()!r} is a strategy file: files are opened by the tournament "
                "package (tournament.core.players.create_player, or any tournament function "
                "that takes strategy names), which runs Python files in a sandbox"
            )
        for prefix, factory in self._prefixes.items():
            if spec.strip().lower().startswith(prefix):
                return factory(spec.strip()[len(prefix) :].strip())
        wrapper = self._wrapper(spec)
        if wrapper is not None:
            return wrapper(spec.strip())
        cls = self.get_class(spec_name(spec))  # an unknown name first: "did you mean"
        name, args, kwargs = parse_spec(spec)
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
