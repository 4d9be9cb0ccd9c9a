"""Strategies: the contract every strategy implements (:mod:`strategies.base`), the errors
every layer raises (:mod:`strategies.errors`), the registry (:mod:`strategies.registry`),
declarative families (:mod:`strategies.generic`), per-move Python strategies for students
(:mod:`strategies.simple`), the Axelrod-library adapter (:mod:`strategies.interop`),
preset rosters (:mod:`strategies.rosters`), the native library
(:mod:`strategies.library`) and the strategy transformers (:mod:`strategies.transformers`).

The bottom layer of the project: nothing here imports :mod:`tournament`. Importing this
package imports every module of the library once, which registers every strategy class;
``REGISTRY`` then knows them all.
"""

import importlib
import pkgutil

# generic registers the declarative families; interop adds the axelrod: prefix;
# transformers adds the names of transformers ("Dual(Tit For Tat)")
from strategies import generic, interop, library, transformers  # noqa: F401
from strategies.base import FAMILIES, Action, C, D, Strategy
from strategies.registry import REGISTRY

for _module in pkgutil.iter_modules(library.__path__):
    if not _module.name.startswith("_"):  # _name: work in progress, or shared helpers
        importlib.import_module(f"{library.__name__}.{_module.name}")
del _module

__all__ = ["FAMILIES", "REGISTRY", "Action", "C", "D", "Strategy", "create", "get_class"]

create = REGISTRY.create
get_class = REGISTRY.get_class
