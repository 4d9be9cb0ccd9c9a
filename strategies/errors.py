"""Error types for user mistakes: the CLI prints their message on one line and exits 2."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

__all__ = ["IPDError", "UnknownNameError", "did_you_mean"]


class IPDError(ValueError):
    """A user mistake: a bad name, number or file. The message says what was expected."""


class UnknownNameError(IPDError, LookupError):
    """An unknown strategy, game or roster name."""


def did_you_mean(name: str, choices: Iterable[str], n: int = 3) -> str:
    """``" Did you mean: 'Tit For Tat'?"`` for the closest choices, or ``""``."""
    choices = list(choices)
    lowered = {c.lower(): c for c in choices}
    close = difflib.get_close_matches(name.lower(), list(lowered), n=n, cutoff=0.6)
    if not close:
        return ""
    return " Did you mean: " + ", ".join(repr(lowered[c]) for c in close) + "?"
