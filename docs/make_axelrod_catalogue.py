"""Write strategies/data/axelrod_catalogue.toml: the Axelrod library's catalogue (its
``all_strategies``), one table per strategy with the classifier facts our rosters and
checks use. Run it after changing the pinned library version:

    python docs/make_axelrod_catalogue.py
"""

from __future__ import annotations

import warnings
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "strategies" / "data" / "axelrod_catalogue.toml"
CHEATING = ("inspects_source", "manipulates_source", "manipulates_state")


def _toml_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def main() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import axelrod as axl

        lines = [
            "# The Axelrod library's catalogue (axelrod.all_strategies), made by",
            "# docs/make_axelrod_catalogue.py from axelrod " + axl.__version__ + ".",
            "# name: str() of the default player; the rest is its classifier.",
            "",
            f"version = {_toml_string(axl.__version__)}",
            "",
        ]
        for cls in sorted(axl.all_strategies, key=lambda c: str(c())):
            player = cls()
            c = {
                key: axl.Classifiers[key](player)
                for key in (
                    "memory_depth",
                    "stochastic",
                    "long_run_time",
                    "makes_use_of",
                    *CHEATING,
                )
            }
            depth = c["memory_depth"]
            lines += [
                "[[strategy]]",
                f"name = {_toml_string(str(player))}",
                f"class = {_toml_string(cls.__name__)}",
                f"memory_depth = {-1 if depth == float('inf') else int(depth)}  # -1: unbounded",
                f"stochastic = {str(bool(c['stochastic'])).lower()}",
                f"long_run_time = {str(bool(c.get('long_run_time', False))).lower()}",
                "makes_use_of = ["
                + ", ".join(_toml_string(u) for u in sorted(c["makes_use_of"]))
                + "]",
                f"cheats = {str(any(c.get(k) for k in CHEATING)).lower()}",
                "",
            ]
    OUT.write_text("\n".join(lines))
    print(f"wrote {OUT} ({len(axl.all_strategies)} strategies)")


if __name__ == "__main__":
    main()
