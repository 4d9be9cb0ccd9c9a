"""Strategy files written by users: declarative TOML strategies (data, no code runs),
Python files (run in a sandbox, see :mod:`tournament.sandbox.process`), and the validator.

A TOML strategy::

    name = "Generous Reciprocator"
    family = "forgiving"                  # optional; see 'ipd strategies'
    kind = "memory-one"                   # or lookup-table, finite-state-machine, cycler
    probabilities = [1, 0.3, 1, 0.3]      # P(cooperate) after CC, CD, DC, DD (mine first)
    first = 1                             # P(cooperate) on the first turn
"""

from __future__ import annotations

import ast
import types
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from strategies.base import FAMILIES, Strategy
from strategies.errors import IPDError, did_you_mean
from tournament.common.tables import ConfigError, Table, read_toml
from tournament.sandbox.process import Limits, SandboxedStrategy, SubmissionFailed

__all__ = ["KINDS", "Problem", "check_python", "load_toml_strategy", "open_strategy"]


def _kinds() -> dict[str, type[Strategy]]:
    from strategies.generic import CyclerStrategy, FiniteStateMachine, LookupTable, MemoryOne

    return {
        "memory-one": MemoryOne,
        "lookup-table": LookupTable,
        "finite-state-machine": FiniteStateMachine,
        "cycler": CyclerStrategy,
    }


KINDS = ("memory-one", "lookup-table", "finite-state-machine", "cycler")


# -- declarative strategies -------------------------------------------------------------------


def _raw(value: Any, key: str, table: Table) -> Any:
    return value


def _tuples(value: Any) -> Any:
    return tuple(_tuples(v) for v in value) if isinstance(value, list) else value


def load_toml_strategy(path: str | Path) -> Strategy:
    """A strategy from a TOML file of data (no code runs); errors name the file and key."""
    path = Path(path)
    data = read_toml(path, missing=f"no strategy file {str(path)!r}")
    table = Table(data, "", str(path))
    name = table.pop("name", None, _raw)
    if not isinstance(name, str) or not name.strip():
        raise table.error("name", name, 'a name for the strategy, such as name = "My Strategy"')
    family = table.pop("family", "student", _raw)
    if family not in FAMILIES:
        raise ConfigError(
            f"{path}: family: got {family!r}.{did_you_mean(str(family), FAMILIES)} "
            f"Expected one of: {', '.join(FAMILIES)}."
        )
    table.pop("description", "", _raw)
    kind = table.pop("kind", None, _raw)
    if kind not in KINDS:
        raise ConfigError(
            f"{path}: kind: got {kind!r}.{did_you_mean(str(kind), KINDS)} "
            f"Expected one of: {', '.join(KINDS)}."
        )
    base = _kinds()[kind]
    params = {}
    for key in base.param_defaults():
        if key in table.data:
            params[key] = _tuples(table.pop(key, None, _raw))
        else:
            table.known.append(key)
    table.finish()
    namespace = {"name": name.strip(), "family": family, "__module__": __name__, "_file": path.name}
    cls = types.new_class("Declared", (base,), {"abstract": True}, lambda ns: ns.update(namespace))
    cls.label = property(lambda self: f"{self.name} [{self._file}]")  # type: ignore[attr-defined]
    try:
        return cls(**params)
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"{path}: {kind}: {exc}") from None


# -- Python files: what can be told without running them ---------------------------------


@dataclass(frozen=True)
class Problem:
    """One reason a strategy file is not valid; ``kind`` is a short fixed tag."""

    kind: str
    message: str


def _strategy_classes(tree: ast.Module) -> list[str]:
    names = []
    for node in tree.body:
        if isinstance(node, ast.ClassDef):
            for base in node.bases:
                base_name = base.id if isinstance(base, ast.Name) else getattr(base, "attr", "")
                if base_name == "SimpleStrategy":
                    names.append(node.name)
    return names


def _chosen(tree: ast.Module) -> str | None:
    """``STRATEGY = "ClassName"`` in the file, if any."""
    for node in tree.body:
        if (
            isinstance(node, ast.Assign)
            and any(isinstance(t, ast.Name) and t.id == "STRATEGY" for t in node.targets)
            and isinstance(node.value, ast.Constant)
            and isinstance(node.value.value, str)
        ):
            return node.value.value
    return None


def check_python(path: Path, choice: str | None = None) -> list[Problem]:
    """Syntax and strategy classes, read without running the file."""
    try:
        source = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return [Problem("file", "is not a UTF-8 text file")]
    try:
        tree = ast.parse(source, filename=path.name)
    except SyntaxError as exc:
        line = f"\n    {exc.text.rstrip()}" if exc.text else ""
        return [Problem("syntax error", f"syntax error at line {exc.lineno}: {exc.msg}{line}")]
    classes = _strategy_classes(tree)
    choice = choice or _chosen(tree)
    if not classes:
        return [
            Problem(
                "no strategy",
                "no strategy found: define a class that inherits from SimpleStrategy "
                "(run 'ipd new-strategy \"My Strategy\"' for a template)",
            )
        ]
    if choice is not None and choice not in classes:
        return [
            Problem(
                "no strategy",
                f"no strategy class {choice!r}.{did_you_mean(choice, classes)} "
                f"Found: {', '.join(classes)}",
            )
        ]
    if len(classes) > 1 and choice is None:
        return [
            Problem(
                "several strategies",
                f"found {len(classes)} strategies ({', '.join(classes)}) and no choice: keep "
                'one per file, or choose one with --name CLASS or STRATEGY = "CLASS" in the file',
            )
        ]
    return []


def open_strategy(
    path: str | Path, choice: str | None = None, limits: Limits | None = None
) -> Strategy:
    """A player from a strategy file: ``.toml`` data, or ``.py`` run in a sandbox."""
    path = Path(path)
    limits = limits or Limits()
    if path.suffix.lower() == ".toml":
        return load_toml_strategy(path)
    if path.suffix.lower() != ".py":
        raise IPDError(f"{path}: expected a .py (Python) or .toml (declarative) strategy file")
    if not path.is_file():
        raise IPDError(f"no strategy file {str(path)!r}")
    problems = check_python(path, choice)
    if problems:
        raise SubmissionFailed(str(path), problems[0].kind, problems[0].message)
    return SandboxedStrategy(str(path), choice or "", limits)
