"""Sphinx configuration of the ipd-tournament documentation site.

Build it with ``sphinx-build -W --keep-going -b html docs docs/_build/html`` (needs the
``docs`` extra); ``tests/test_docs.py`` does the same and runs every Python example.
Nothing here reaches the network: no intersphinx, no remote assets.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
import re
import shutil
from pathlib import Path
from typing import Any

from docutils.parsers.rst import directives
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

import tournament

project = "ipd-tournament"
author = "the ipd-tournament authors"
copyright = "the ipd-tournament authors"
release = tournament.__version__
version = release

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.napoleon",
    "sphinx.ext.viewcode",
    "sphinx_click",
]

source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
root_doc = "index"
templates_path = ["_templates"]
exclude_patterns = ["_build", "Thumbs.db", ".DS_Store"]
# curly quotes and ellipses, but "--turns" stays two hyphens (no en dash)
smartquotes_action = "qe"

# -- MyST ---------------------------------------------------------------------------------

myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3  # links to sections: [text](page.md#a-heading)

# -- API reference --------------------------------------------------------------------------

autosummary_generate = True
autodoc_member_order = "bysource"
autodoc_default_options = {"show-inheritance": True}
# A strategy that overrides step() or reset() without a docstring should not repeat the
# contract's docstring seventy times; what each strategy does is in its class docstring.
autodoc_inherit_docstrings = False
autodoc_typehints = "signature"
python_maximum_signature_line_length = 90
napoleon_google_docstring = True
napoleon_numpy_docstring = True

ROOT_PACKAGES = ("tournament", "strategies")
_LOGGER = logging.getLogger(__name__)


def _bound_names(module: Any) -> tuple[set[str], set[str]]:
    """Names a module binds itself (assignment, def, class) and names it imports, at its
    top level (including inside top-level ``if``/``try``/``with`` blocks)."""
    own: set[str] = set()
    imported: set[str] = set()
    try:
        body = list(ast.parse(inspect.getsource(module)).body)
    except (OSError, TypeError):
        return own, imported
    while body:
        node = body.pop()
        if isinstance(node, ast.Import | ast.ImportFrom):
            imported.update((a.asname or a.name).split(".")[0] for a in node.names)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            own.add(node.name)
        elif isinstance(node, ast.Assign | ast.AnnAssign | ast.AugAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            own.update(n.id for t in targets for n in ast.walk(t) if isinstance(n, ast.Name))
        elif isinstance(node, ast.If | ast.Try | ast.With):
            for field in ("body", "orelse", "finalbody", "handlers"):
                body.extend(getattr(node, field, []))
        elif isinstance(node, ast.ExceptHandler):
            body.extend(node.body)
    return own, imported - own


def _kind(obj: Any) -> str:
    if inspect.isclass(obj):
        return "exception" if issubclass(obj, BaseException) else "class"
    if inspect.isfunction(obj) or inspect.isbuiltin(obj) or inspect.ismethod(obj):
        return "function"
    return "data"


def _modules() -> dict[str, Any]:
    """Every module of the two packages, imported. A module that fails to import (say,
    in the middle of an edit) is left out with a warning; autosummary reports it too."""
    modules: dict[str, Any] = {}
    for root in ROOT_PACKAGES:
        package = importlib.import_module(root)
        modules[root] = package
        for info in pkgutil.walk_packages(package.__path__, root + "."):
            if info.name.rsplit(".", 1)[-1] == "__main__":
                continue  # runs the command when imported
            try:
                modules[info.name] = importlib.import_module(info.name)
            except Exception as error:  # noqa: BLE001 - reported, and the build fails
                _LOGGER.warning("cannot import %s: %s", info.name, error)
    return modules


def _api_map() -> dict[str, dict[str, Any]]:
    """For every module: ``own``, the public names it defines (documented on its page,
    ``kinds`` saying which directive documents each), and ``reexports``, the public
    names it imports from elsewhere (listed on its page and linked to the module that
    defines them). Public means listed in ``__all__``, or not starting with ``_``."""
    modules = _modules()
    api: dict[str, dict[str, Any]] = {}
    for name, module in modules.items():
        own, _ = _bound_names(module)
        public = getattr(module, "__all__", None)
        if public is None:
            public = [n for n in sorted(own) if not n.startswith("_")]
        api[name] = {
            "own": [n for n in public if n in own],
            "kinds": {n: _kind(getattr(module, n)) for n in public if n in own},
            "reexports": [n for n in public if n not in own],
        }
    for name, entry in api.items():
        links = []
        for attr in entry["reexports"]:
            obj = getattr(modules[name], attr)
            owner = next(
                (
                    other
                    for other, found in api.items()
                    if attr in found["own"] and vars(modules[other]).get(attr) is obj
                ),
                None,
            )
            if owner is not None:
                # relative to the page's module when below it (autosummary's rule)
                links.append(f"{owner}.{attr}".removeprefix(name + "."))
        entry["reexports"] = links
    return api


# Pages are regenerated on every build, so a module that was moved or removed leaves no
# stale page behind (which would fail the build with an import error).
GENERATED = "reference/generated/"
shutil.rmtree(Path(__file__).parent / GENERATED, ignore_errors=True)
_API = _api_map()
autosummary_context = {"api": _API}


def _drop_type_docstring(app, what, name, obj, options, lines):
    """A module constant without a ``#:`` comment would show its type's docstring (a
    dict's, for instance, which is not valid reST): show nothing instead."""
    doc = type(obj).__doc__  # not always a string (a NamedTuple field's, for one)
    own_type_doc = inspect.cleandoc(doc) if isinstance(doc, str) else ""
    if what == "data" and own_type_doc and "\n".join(lines).strip() == own_type_doc:
        lines.clear()


# -- The strategy catalogue, from the registry --------------------------------------------


def _plain(text: str) -> str:
    """A docstring paragraph as one line of Markdown: reST roles and literals as code."""
    text = re.sub(r":[\w:]+:`~?([^`<]*?)(?:\s*<[^>]*>)?`", r"`\1`", " ".join(text.split()))
    return text.replace("``", "`").replace("|", "\\|")


class StrategyCatalogue(SphinxDirective):
    """``strategy-catalogue``: every registered strategy, by family; with the ``rosters``
    or ``families`` option, a table of the preset rosters or of the families instead."""

    option_spec = {"rosters": directives.flag, "families": directives.flag}

    def run(self) -> list[Any]:
        from strategies import FAMILIES, REGISTRY
        from strategies.rosters import ROSTERS

        if "families" in self.options:
            lines = ["| family | meaning |", "|---|---|"]
            lines += [f"| `{name}` | {_plain(text)} |" for name, text in FAMILIES.items()]
        elif "rosters" in self.options:
            lines = ["| roster | strategies | what it is |", "|---|---|---|"]
            for roster in ROSTERS.values():
                names = roster.names()
                shown = ", ".join(names) if len(names) <= 20 else f"{len(names)} strategies"
                lines.append(f"| `{roster.name}` | {shown} | {_plain(roster.description)} |")
        else:
            lines = []
            by_family: dict[str, list[type]] = {}
            for cls in REGISTRY:
                by_family.setdefault(cls.family, []).append(cls)
            for family, meaning in FAMILIES.items():
                if family not in by_family:
                    continue
                heading = [f"```{{rubric}} {family}", "```", "", f"{_plain(meaning).capitalize()}."]
                lines += ["", *heading, ""]
                for cls in by_family[family]:
                    lines += self._entry(cls)
        return self.parse_text_to_nodes("\n".join(lines))

    @staticmethod
    def _entry(cls: type) -> list[str]:
        """A strategy as a definition-list item: name (aliases), then its facts and its
        rule (the first paragraph of its docstring)."""
        player = cls()
        documented = cls.__name__ in _API.get(cls.__module__, {}).get("own", [])
        target = f"{cls.__module__}.{cls.__qualname__}"
        term = f"{{py:class}}`{cls.name} <{target}>`" if documented else f"**{cls.name}**"
        if cls.aliases:
            term += " (" + ", ".join(f"`{a}`" for a in cls.aliases) + ")"
        facts = [
            "memory " + ("unbounded" if cls.memory_depth is None else str(cls.memory_depth)),
            "stochastic" if player.is_stochastic() else "deterministic",
        ]
        params = cls.param_defaults()
        if params:
            facts.append("parameters " + ", ".join(f"`{k}={v!r}`" for k, v in params.items()))
        axelrod = player.axelrod_name()
        if axelrod:
            facts.append(f"Axelrod library `{axelrod}`")
        rule = _plain((inspect.getdoc(cls) or "").split("\n\n")[0])
        return [term, f": {rule}", "", f"  *{'; '.join(facts)}.*", ""]


# -- Checks and fixes ---------------------------------------------------------------------


def _napoleon_for_code_only(app) -> None:
    """napoleon reads the first line of a constant's or an attribute's docstring as
    ``type: description`` when it holds a colon, which turns prose such as "Two-sided
    tolerance, in standard errors of the difference of means: ..." into a bogus type.
    Our docstrings are reST prose, so napoleon sees those of modules, classes and
    functions only."""
    from sphinx.ext.napoleon import _process_docstring

    listeners = app.events.listeners.get("autodoc-process-docstring", [])
    found = [listener.id for listener in listeners if listener.handler is _process_docstring]
    if not found:
        return  # another Sphinx version: leave napoleon as it is
    for listener_id in found:
        app.disconnect(listener_id)

    def process(app, what, name, obj, options, lines):
        if what not in ("data", "attribute", "property"):
            _process_docstring(app, what, name, obj, options, lines)

    app.connect("autodoc-process-docstring", process)


def _check_page_reference(app, env, node, contnode):
    """A cross-reference written in a page (not in a docstring) must resolve, so that a
    page naming a function that moved fails the build instead of silently losing its
    link. (References in docstrings are not checked: ``nitpicky`` is off.)"""
    if node.get("refdomain") == "py" and not node.get("refdoc", "").startswith(GENERATED):
        target = node.get("reftarget")
        _LOGGER.warning(
            "%s reference target not found: %s", node.get("reftype"), target, location=node
        )
    return None


def setup(app):
    # before napoleon, which would otherwise parse the type's docstring first
    app.connect("autodoc-process-docstring", _drop_type_docstring, priority=400)
    _napoleon_for_code_only(app)
    app.connect("missing-reference", _check_page_reference)
    app.add_directive("strategy-catalogue", StrategyCatalogue)


# -- HTML ----------------------------------------------------------------------------------

html_theme = "pydata_sphinx_theme"
html_title = f"ipd-tournament {release}"
html_theme_options = {
    "navigation_with_keys": False,
    "show_toc_level": 2,
    "header_links_before_dropdown": 5,
    "secondary_sidebar_items": ["page-toc"],
}
html_show_sourcelink = False
