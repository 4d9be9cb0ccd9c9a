"""From what a user writes to a player: a strategy name (``"Tit For Tat"``,
``"Random(0.3)"``), a library strategy (``"axelrod:Grudger"``), a strategy file
(``my_strategy.py``, run in a sandbox; ``my_strategy.toml``, data) or an instance.

Every function of the core that takes strategies goes through :func:`create_player`, so
a file works wherever a name does.
"""

from __future__ import annotations

from strategies import REGISTRY
from strategies.base import Strategy
from tournament.sandbox.files import open_strategy

__all__ = ["create_player", "is_strategy_file"]


def is_strategy_file(spec: object) -> bool:
    """Whether ``spec`` names a strategy file (``.py`` or ``.toml``) rather than a strategy."""
    return isinstance(spec, str) and spec.strip().lower().endswith((".py", ".toml"))


def create_player(spec: str | Strategy) -> Strategy:
    """A new player from a name, a ``Name(params)`` spec, a strategy file or an instance
    (cloned)."""
    if isinstance(spec, str) and is_strategy_file(spec):
        return open_strategy(spec.strip())
    return REGISTRY.create(spec)
