"""The architecture, checked from the code: dependencies point one way (the layers and
contracts in pyproject.toml, checked by import-linter), no module imports itself back
through a cycle, every subpackage says what it owns, and modules and functions stay a
readable size."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import grimp
import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("tournament", "strategies")

#: Longest module and function, in lines (docstrings and comments included).
MAX_MODULE_LINES = 500
MAX_FUNCTION_LINES = 80
#: Functions allowed to be longer, and why (keep this list short).
LONG_FUNCTIONS: dict[str, str] = {}


def _sources() -> list[Path]:
    return sorted(p for package in PACKAGES for p in (ROOT / package).rglob("*.py"))


def test_import_linter_contracts_are_kept():
    """Layers: cli > classroom | experiments | agreement > evolution > core >
    sandbox | reports > common > strategies; strategies never imports tournament;
    only reports imports matplotlib; only the adapter and agreement import axelrod."""
    lint = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run(
        [str(lint), "--no-cache"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout or "broken" not in result.stdout.lower()


def _cycles(graph: grimp.ImportGraph) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    found: list[list[str]] = []
    counter = 0
    for root in sorted(graph.modules):
        if root in index:
            continue
        work = [(root, iter(sorted(graph.find_modules_directly_imported_by(root))))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append(
                        (child, iter(sorted(graph.find_modules_directly_imported_by(child))))
                    )
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def test_no_import_cycles_between_modules():
    """Imports made at run time, including those inside functions; imports made only
    for type checkers (``if TYPE_CHECKING:``) are left out."""
    graph = grimp.build_graph(*PACKAGES, cache_dir=None, exclude_type_checking_imports=True)
    assert _cycles(graph) == []


def test_the_cycle_finder_finds_a_cycle():
    graph = grimp.ImportGraph()
    for module in ("a", "a.x", "a.y", "a.z"):
        graph.add_module(module)
    graph.add_import(importer="a.x", imported="a.y")
    graph.add_import(importer="a.y", imported="a.x")
    graph.add_import(importer="a.z", imported="a.x")
    assert _cycles(graph) == [["a.x", "a.y"]]


@pytest.mark.parametrize(
    "package",
    sorted(
        str(p.parent.relative_to(ROOT)).replace("/", ".")
        for name in PACKAGES
        for p in (ROOT / name).rglob("__init__.py")
    ),
)
def test_every_package_says_what_it_owns_and_may_import(package):
    init = ROOT / package.replace(".", "/") / "__init__.py"
    docstring = ast.get_docstring(ast.parse(init.read_text())) or ""
    assert len(docstring.split()) >= 15, f"{package}: the docstring should say what it owns"
    if package != "tournament":  # the facade lists the public API instead
        assert "import" in docstring, f"{package}: the docstring should say what it may import"


def test_modules_stay_under_the_size_limit():
    sizes = {p: len(p.read_text().splitlines()) for p in _sources()}
    too_long = {str(p.relative_to(ROOT)): n for p, n in sizes.items() if n > MAX_MODULE_LINES}
    assert too_long == {}, f"split these modules (over {MAX_MODULE_LINES} lines)"


def test_functions_stay_under_the_size_limit():
    too_long = {}
    for path in _sources():
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = node.end_lineno - node.lineno + 1
                where = f"{path.relative_to(ROOT)}:{node.name}"
                if length > MAX_FUNCTION_LINES and where not in LONG_FUNCTIONS:
                    too_long[where] = length
    assert too_long == {}, f"split these functions (over {MAX_FUNCTION_LINES} lines)"
