"""One quality gate: the code is ruff-clean and the README's Python examples run."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_ruff_is_clean():
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--no-cache", str(ROOT)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_readme_python_examples_run(tmp_path, monkeypatch):
    shutil.copytree(ROOT / "experiments", tmp_path / "experiments")
    monkeypatch.chdir(tmp_path)
    blocks = re.findall(r"```python\n(.*?)```", (ROOT / "README.md").read_text(), re.DOTALL)
    assert blocks
    for block in blocks:
        exec(compile(block, "README.md", "exec"), {})


def test_toml_examples_in_the_docs_are_valid(tmp_path):
    """Experiment configs, and strategy files (those with a ``kind``)."""
    from tournament.experiments import plan_experiment
    from tournament.experiments.config import parse_config
    from tournament.sandbox.files import load_toml_strategy

    found, strategies = 0, 0
    for doc in ("README.md", "docs/experiments.md"):
        for block in re.findall(r"```toml\n(.*?)```", (ROOT / doc).read_text(), re.DOTALL):
            if re.search(r"^kind = ", block, re.MULTILINE):
                path = tmp_path / f"strategy{found}.toml"
                path.write_text(block)
                assert load_toml_strategy(path).name
                strategies += 1
            else:
                assert plan_experiment(parse_config(block, source=doc)).cells
            found += 1
    assert strategies and found > strategies


def test_docs_list_every_config_key():
    from dataclasses import fields

    from tournament.experiments.config import (
        EvolutionConfig,
        ExperimentConfig,
        FiguresConfig,
        GameConfig,
        RandomConfig,
        SweepConfig,
    )

    reference = (ROOT / "docs" / "experiments.md").read_text()
    tables = ("sweep", "game", "figures", "evolution", "random")
    configs = (
        ExperimentConfig,
        SweepConfig,
        FiguresConfig,
        GameConfig,
        EvolutionConfig,
        RandomConfig,
    )
    for cls in configs:
        for f in fields(cls):
            if f.name in ("source", "text", "parameters", *tables):
                continue  # not keys, or tables documented by their keys
            assert f"`{f.name}`" in reference, f"docs/experiments.md misses key {f.name!r}"
