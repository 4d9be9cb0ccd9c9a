"""How users write a strategy: a name, or a name with literal parameters in brackets
(``"Random(0.3)"``, ``"Cycler(pattern='CCD')"``), compared without regard to case,
spaces, hyphens or underscores."""

from __future__ import annotations

import ast
import re
from typing import Any

from strategies.errors import IPDError

__all__ = ["name_key", "parse_spec"]

_SPEC = re.compile(r"^\s*(?P<name>[^()]+?)\s*(?:\((?P<args>.*)\))?\s*$", re.DOTALL)


def name_key(name: str) -> str:
    """The form names are compared in: ``"Tit-for_tat"`` -> ``"tit for tat"``."""
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
