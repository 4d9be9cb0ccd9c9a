"""The documentation site builds without a warning, and its examples run.

1. ``sphinx-build -W --keep-going`` on a copy of ``docs/`` (so a build leaves nothing in
   the working tree) fails with every warning in the message.
2. Every page of ``docs/**/*.md`` runs as a reader would follow it: in a fresh
   temporary folder holding a copy of ``experiments/``, in a process of its own (a page
   may define and register a strategy), its ``python`` blocks in order in one
   namespace, as in an interactive session started in that folder (the repository root
   is on the path too, for contributors' pages that use ``tests/`` helpers). A block
   shown as a file, in any language, with a caption naming it::

       ```{code-block} toml
       :caption: my-sweep.toml
       ```

   is written to that file when the reader reaches it instead of being run; a file
   named ``test_*.py`` is run with pytest after the page, as the reader would.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
PAGES = sorted(p for p in DOCS.rglob("*.md") if "_build" not in p.parts)

# ```python, or ```{code-block} LANGUAGE with a :caption: (a file), up to the closing fence
_BLOCK = re.compile(
    r"^(?P<fence>`{3,})(?P<info>python|\{code-block\}[ \t]+\w+)[ \t]*\n"
    r"(?P<body>.*?)^(?P=fence)[ \t]*$",
    re.MULTILINE | re.DOTALL,
)
_OPTIONS = re.compile(r"\A(?:[ \t]*:[\w-]+:.*\n)+")  # a directive's :key: value lines


def python_blocks(text: str) -> list[tuple[int, str | None, str]]:
    """``(first line of code, file name or None, code)`` of every ``python`` block and
    every captioned ``code-block`` (a file), in order."""
    blocks = []
    for match in _BLOCK.finditer(text):
        body, filename = match.group("body"), None
        start = text.count("\n", 0, match.start("body")) + 1
        if match.group("info") != "python":
            options = _OPTIONS.match(body)
            if options:
                found = dict(re.findall(r":([\w-]+):[ \t]*(.*)", options.group(0)))
                filename = found.get("caption", "").strip() or None
                start += options.group(0).count("\n")
                body = body[options.end() :]
            if filename is None:
                continue  # a code-block without a file name is only shown
            start += len(body) - len(body.lstrip("\n"))
            body = body.lstrip("\n")
        blocks.append((start, filename, body))
    return blocks


EXAMPLES = [page for page in PAGES if python_blocks(page.read_text())]


# Runs one page: blocks as (line, filename, code). Line numbers in tracebacks are the
# page's own, because each block is compiled with as many blank lines before it.
_RUNNER = r"""
import json, subprocess, sys, types
from pathlib import Path

page, root = sys.argv[1], sys.argv[2]
blocks = json.loads(sys.stdin.read())
sys.path[:0] = ["", root]  # like a session started in this folder of a checkout
session = types.ModuleType("__main__")  # classes defined here can be pickled
sys.modules["__main__"] = session
written = []
for line, filename, code in blocks:
    if filename:
        path = Path(filename)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(code)
        written.append(path)
        continue
    exec(compile("\n" * (line - 1) + code, page, "exec"), session.__dict__)
for path in written:
    if path.name.startswith("test_") and path.suffix == ".py":
        done = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(path)]
        )
        if done.returncode:
            sys.exit(f"{page}: the tests in {path} fail")
"""


def test_the_site_builds_without_warnings(tmp_path):
    source = tmp_path / "docs"
    shutil.copytree(
        DOCS, source, ignore=shutil.ignore_patterns("_build", "generated", "__pycache__")
    )
    done = subprocess.run(
        [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-q", "-b", "html"]
        + [str(source), str(tmp_path / "html")],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    warnings = [
        line.replace(str(source), "docs")
        for line in done.stderr.splitlines()
        if "WARNING" in line or "ERROR" in line or "CRITICAL" in line
    ]
    if done.returncode or warnings:
        pytest.fail(
            f"sphinx-build exited with {done.returncode}:\n"
            + "\n".join(warnings or done.stderr.splitlines()[-30:]),
            pytrace=False,
        )
    assert (tmp_path / "html" / "index.html").exists()


def test_python_blocks_are_found():
    text = "```python\nx = 1\n```\n\n```{code-block} python\n:caption: a.py\n\ny = 2\n```\n"
    assert python_blocks(text) == [(2, None, "x = 1\n"), (8, "a.py", "y = 2\n")]
    assert sum(len(python_blocks(p.read_text())) for p in PAGES) > 10


@pytest.mark.parametrize("page", EXAMPLES, ids=[str(p.relative_to(DOCS)) for p in EXAMPLES])
def test_python_examples_run(page: Path, tmp_path):
    shutil.copytree(ROOT / "experiments", tmp_path / "experiments")
    done = subprocess.run(
        [sys.executable, "-c", _RUNNER, str(page), str(ROOT)],
        input=json.dumps(python_blocks(page.read_text())),
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    if done.returncode:
        pytest.fail(f"{page.relative_to(ROOT)}:\n{done.stdout}{done.stderr}", pytrace=False)
