"""How users write a strategy: a name, or a name with literal parameters in brackets
(``"Random(0.3)"``, ``"Cycler(pattern='CCD')"``), compared without regard to case,
spaces, hyphens or underscores. A transformer's spec holds another spec as its first
argument, brackets included (``"Dual(Noisy(Tit For Tat, 0.1))"``): :func:`parse_call`
splits it without reading the values, and :func:`read_value` reads one."""

from __future__ import annotations

import ast
import re
from typing import Any

from strategies.errors import IPDError

__all__ = ["name_key", "parse_call", "parse_spec", "read_value", "spec_name", "split_arguments"]

_SPEC = re.compile(r"^\s*(?P<name>[^()]+?)\s*(?:\((?P<args>.*)\))?\s*$", re.DOTALL)
_KEYWORD = re.compile(r"^\s*(?P<key>[A-Za-z_]\w*)\s*=(?!=)(?P<value>.*)$", re.DOTALL)
_OPEN, _CLOSE = "([{", ")]}"


def name_key(name: str) -> str:
    """The form names are compared in: ``"Tit-for_tat"`` -> ``"tit for tat"``."""
    return " ".join(name.lower().replace("-", " ").replace("_", " ").split())


def _split(spec: str) -> tuple[str, str | None]:
    match = _SPEC.match(spec)
    if not match or not match.group("name").strip():
        raise IPDError(f"strategy {spec!r} is not a name: expected 'Name' or 'Name(key=value)'")
    return match.group("name"), match.group("args")


def spec_name(spec: str) -> str:
    """The name of ``"Name(...)"``: ``"Dual(Tit For Tat)"`` -> ``"Dual"``."""
    return _split(spec)[0]


def parse_spec(spec: str) -> tuple[str, list[Any], dict[str, Any]]:
    """Split ``"Name(1, key=2)"`` into ``("Name", [1], {"key": 2})``."""
    name, args = _split(spec)
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


def split_arguments(text: str, spec: str | None = None) -> list[str]:
    """``"Noisy(TFT, 0.1), (0.1, 0.2)"`` -> ``["Noisy(TFT, 0.1)", "(0.1, 0.2)"]``: split
    at the commas outside brackets and quotes (``spec``, for the error, is the whole)."""
    parts, depth, quote, start = [], [], "", 0
    for i, char in enumerate(text):
        if quote:
            if char == quote and text[i - 1] != "\\":
                quote = ""
        elif char in "'\"":
            quote = char
        elif char in _OPEN:
            depth.append(_CLOSE[_OPEN.index(char)])
        elif char in _CLOSE:
            if not depth or depth.pop() != char:
                raise IPDError(f"unbalanced brackets in {spec or text!r}")
        elif char == "," and not depth:
            parts.append(text[start:i])
            start = i + 1
    if depth or quote:
        raise IPDError(f"unbalanced brackets or quotes in {spec or text!r}")
    last = text[start:]
    if last.strip() or parts:
        parts.append(last)
    return [p.strip() for p in parts]


def parse_call(spec: str) -> tuple[str, list[str], dict[str, str]]:
    """Split ``"Name(a, b, key=c)"`` into ``("Name", ["a", "b"], {"key": "c"})``, the
    arguments as written (see :func:`read_value`); ``"Name"`` gives no arguments."""
    name, args = _split(spec)
    positional: list[str] = []
    keywords: dict[str, str] = {}
    for part in split_arguments(args or "", spec):
        if not part:
            raise IPDError(f"empty argument in {spec!r}")
        keyword = _KEYWORD.match(part)
        if keyword:
            key = keyword.group("key")
            if key in keywords:
                raise IPDError(f"{key!r} is given twice in {spec!r}")
            keywords[key] = keyword.group("value").strip()
        elif keywords:
            raise IPDError(f"a positional argument follows a keyword one in {spec!r}")
        else:
            positional.append(part)
    return name, positional, keywords


def read_value(text: str) -> Any:
    """A literal (``0.1``, ``'CCD'``, ``(0.1, 0.2)``), else the text itself: a bare
    word (``CCD``, ``Tit For Tat``), or a bracketed list of them (``[Defector,
    Cooperator]`` -> ``("Defector", "Cooperator")``)."""
    text = text.strip()
    try:
        return ast.literal_eval(text)
    except (SyntaxError, ValueError, TypeError, MemoryError, RecursionError):
        pass
    if len(text) >= 2 and text[0] in "[(" and text[-1] == _CLOSE[_OPEN.index(text[0])]:
        return tuple(read_value(part) for part in split_arguments(text[1:-1], text))
    return text
