"""Strategy transformers: new strategies made from others, as the Axelrod library's
``strategy_transformers`` makes them (Dual, Flip, Noisy, Initial, Final, JossAnn,
Forgiver, Grudge, Apology, Retaliation, RetaliateUntilApology, DeadlockBreaking, Mixed,
Nice), vectorized: a transformed player asks its inner strategy for a move in every
running match at once, and changes the moves with numpy.

A transformer is named like a strategy with parameters, its first argument a strategy
spec (with brackets of its own if it has some), so that they compose:
``"Dual(Tit For Tat)"``, ``"JossAnn(Grudger, 0.1, 0.2)"``, ``"Initial(Defector, 'CCD')"``,
``"Dual(Noisy(Tit For Tat, 0.1))"``; the registry resolves these wherever a strategy name
is accepted. From Python, the classes take the inner strategy (a spec or an instance)
and the parameters: ``Noisy("Tit For Tat", 0.1)``.

May import :mod:`strategies.base`, :mod:`strategies.errors`, :mod:`strategies.registry` and
:mod:`strategies.specs` (never the :mod:`tournament` package).
"""

from __future__ import annotations

import inspect
from typing import Any

from strategies.errors import IPDError, UnknownNameError, did_you_mean
from strategies.registry import REGISTRY
from strategies.specs import name_key, parse_call, read_value
from strategies.transformers.chance import Forgiver, JossAnn, Mixed, Noisy
from strategies.transformers.moves import (
    Apology,
    DeadlockBreaking,
    Dual,
    Final,
    Flip,
    Grudge,
    Initial,
    Nice,
    RetaliateUntilApology,
    Retaliation,
)
from strategies.transformers.wrapper import Classifier, Transformed

__all__ = [
    "TRANSFORMERS",
    "Apology",
    "Classifier",
    "DeadlockBreaking",
    "Dual",
    "Final",
    "Flip",
    "Forgiver",
    "Grudge",
    "Initial",
    "JossAnn",
    "Mixed",
    "Nice",
    "Noisy",
    "RetaliateUntilApology",
    "Retaliation",
    "Transformed",
    "create_transformed",
    "get_transformer",
    "transformer_parameters",
]

#: Every transformer, by the name users type, in the order listings show them.
TRANSFORMERS: dict[str, type[Transformed]] = {
    cls.key: cls
    for cls in (
        Dual,
        Flip,
        Noisy,
        Initial,
        Final,
        JossAnn,
        Forgiver,
        Grudge,
        Apology,
        Retaliation,
        RetaliateUntilApology,
        DeadlockBreaking,
        Mixed,
        Nice,
    )
}
_LOOKUP = {name_key(n): cls for cls in TRANSFORMERS.values() for n in (cls.key, *cls.names)}
_REQUIRED = inspect.Parameter.empty


def get_transformer(name: str) -> type[Transformed]:
    """The transformer class named ``name`` (any of its names, any case)."""
    cls = _LOOKUP.get(name_key(name))
    if cls is None:
        raise UnknownNameError(
            f"unknown transformer {name!r}.{did_you_mean(name, TRANSFORMERS)} "
            f"Expected one of: {', '.join(TRANSFORMERS)}"
        )
    return cls


def transformer_parameters(cls: type[Transformed]) -> dict[str, Any]:
    """The parameters after the strategy, with their defaults (``inspect.Parameter.empty``
    for a required one)."""
    parameters = list(inspect.signature(cls.__init__).parameters.values())[2:]
    return {p.name: p.default for p in parameters}


def create_transformed(spec: str) -> Transformed:
    """A transformed player from a spec such as ``"JossAnn(Grudger, 0.1, 0.2)"``: the
    first argument is the strategy (a spec, quoted or not), the others literal values or
    bare words (``Initial(Defector, CCD)``)."""
    name, raw_args, raw_kwargs = parse_call(spec)
    cls = get_transformer(name)
    if raw_args and "strategy" in raw_kwargs:
        raise IPDError(f"'strategy' is given twice in {spec!r}")
    inner = raw_args[0] if raw_args else raw_kwargs.get("strategy")
    if inner is None:
        raise IPDError(
            f"transformer {cls.key!r} needs a strategy to transform: expected e.g. {cls.example!r}"
        )
    args = [_strategy(inner), *(read_value(text) for text in raw_args[1:])]
    kwargs = {k: read_value(v) for k, v in raw_kwargs.items() if k != "strategy"}
    pack = getattr(cls, "pack", None)
    if pack is not None:
        args = pack(args)
    _check_arguments(cls, spec, args, kwargs)
    try:
        return cls(*args, **kwargs)
    except IPDError:
        raise  # the inner strategy's own error (an unknown name, a bad parameter)
    except (TypeError, ValueError) as exc:
        raise IPDError(f"bad parameters for transformer {cls.key!r} in {spec!r}: {exc}") from None


def _strategy(text: str) -> str:
    """The strategy argument: a quoted spec, or the spec as written."""
    value = read_value(text)
    return value if isinstance(value, str) and text.strip()[:1] in "'\"" else text.strip()


def _check_arguments(
    cls: type[Transformed], spec: str, args: list[Any], kwargs: dict[str, Any]
) -> None:
    """Too many, unknown, repeated or missing parameters, named in one line."""
    params = transformer_parameters(cls)
    names = ["strategy", *params]
    shown = ", ".join(p if d is _REQUIRED else f"{p}={d!r}" for p, d in params.items())
    takes = f"{cls.key}(strategy{', ' + shown if shown else ''})"
    if len(args) > len(names):
        raise IPDError(f"too many parameters in {spec!r}: {cls.key!r} takes {takes}")
    for key in kwargs:
        if key not in names:
            raise IPDError(f"{cls.key!r} has no parameter {key!r} in {spec!r}: it takes {takes}")
        if names.index(key) < len(args):
            raise IPDError(f"{key!r} is given twice in {spec!r}: {cls.key!r} takes {takes}")
    given = set(names[: len(args)]) | set(kwargs)
    missing = [p for p, d in params.items() if d is _REQUIRED and p not in given]
    if missing:
        raise IPDError(
            f"{spec!r} lacks {', '.join(repr(m) for m in missing)}: {cls.key!r} takes {takes}, "
            f"as in {cls.example!r}"
        )


for _cls in TRANSFORMERS.values():
    REGISTRY.add_wrapper((_cls.key, *_cls.names), create_transformed)
del _cls
