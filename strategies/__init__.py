"""Strategies: the contract (:mod:`strategies.base`), the registry and the library.

Importing this package imports every library module once, which registers every
strategy class; ``REGISTRY`` then knows them all.
"""

from strategies import (  # noqa: F401  (importing registers the library)
    adaptive,
    axelrod_first,
    classic,
    generic,
    probing,
    punishing,
    reciprocal,
    research,
    zero_determinant,
)
from strategies.base import FAMILIES, Action, C, D, Strategy
from strategies.registry import REGISTRY

__all__ = ["FAMILIES", "REGISTRY", "Action", "C", "D", "Strategy", "create", "get_class"]

create = REGISTRY.create
get_class = REGISTRY.get_class
