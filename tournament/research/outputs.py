"""What fingerprints share: the tidy table's strategies, and writing the results (the
CSV of values, a manifest and one figure per strategy), each file whole or not at all."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pandas as pd

from strategies.errors import IPDError
from tournament.common.files import atomic_path
from tournament.core.results import package_versions

__all__ = ["FingerprintOutputs", "file_stem"]


def file_stem(label: str) -> str:
    """A file name for a strategy: ``"Random(p=0.3)"`` -> ``"random-p-0-3"``."""
    return re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-") or "strategy"


class FingerprintOutputs:
    """Mixin of the fingerprint results: ``values`` (tidy, with a ``strategy`` column),
    ``params``, ``duration`` and ``kind``, and the ``plot`` of one strategy."""

    values: pd.DataFrame
    params: dict[str, Any]
    duration: float
    kind: str

    @property
    def strategies(self) -> list[str]:
        """The strategies fingerprinted, in the order given."""
        return list(dict.fromkeys(self.values["strategy"]))

    def _rows(self, strategy: str, column: str) -> pd.DataFrame:
        if strategy not in self.strategies:
            raise IPDError(
                f"no fingerprint of {strategy!r}; fingerprinted: {', '.join(self.strategies)}"
            )
        if column not in self.values:
            columns = [c for c in self.values.columns if self.values[c].dtype.kind == "f"]
            raise IPDError(f"no column {column!r}; expected one of {', '.join(columns)}")
        return self.values[self.values["strategy"] == strategy]

    def plot(self, strategy: str, column: str, title: str | None = None) -> Any:
        raise NotImplementedError

    def manifest(self) -> dict[str, Any]:
        """Everything that determines the values, the time taken and the versions."""
        return {
            "kind": self.kind,
            **self.params,
            "seconds": round(self.duration, 3),
            "versions": package_versions(),
        }

    def figure_names(self) -> dict[str, str]:
        """Strategy -> the file name of its figure (``<name>.png``, unique)."""
        names: dict[str, str] = {}
        for strategy in self.strategies:
            stem = file_stem(strategy)
            name, n = f"{stem}.png", 2
            while name in names.values():
                name, n = f"{stem}-{n}.png", n + 1
            names[strategy] = name
        return names

    def write(self, out: str | Path, plots: bool = True) -> Path:
        """Write ``fingerprint.csv`` (the values), ``manifest.json`` and, unless not
        ``plots``, one heatmap per strategy into the folder ``out``."""
        out = Path(out)
        out.mkdir(parents=True, exist_ok=True)
        with atomic_path(out / "fingerprint.csv") as path:
            self.values.to_csv(path, index=False)
        with atomic_path(out / "manifest.json") as path:
            path.write_text(json.dumps(self.manifest(), indent=2) + "\n")
        if plots:
            from tournament.reports.style import close_all, save_png

            for strategy, name in self.figure_names().items():
                figure = self.plot(strategy, self._plotted_column())
                with atomic_path(out / name) as path:
                    save_png(figure, path)
                close_all()
        return out

    def _plotted_column(self) -> str:
        """The column drawn: the simulated values."""
        return "score" if self.kind == "ashlock" else "cooperation"
