"""The ``ipd`` command: one module per command group, each a thin click layer that
parses, calls the library and formats; no logic of its own.

The top layer: it may import everything below it. Imports of the library happen inside
the commands, so ``ipd --help`` starts fast.
"""

from tournament.cli.group import main, run

__all__ = ["main", "run"]
