"""What every figure shares: the non-interactive backend, colours, short names."""

from __future__ import annotations

from typing import Any

import matplotlib

matplotlib.use("Agg")  # files only, no display needed
import matplotlib.pyplot as plt  # noqa: E402

__all__ = ["FAMILY_COLORS", "close_all", "short_name", "strategy_colors"]


def strategy_colors(labels: list[str]) -> list[Any]:
    """One colour per strategy, in order."""
    cmap = plt.get_cmap("tab20" if len(labels) > 10 else "tab10")
    return [cmap(i % cmap.N) for i in range(len(labels))]


def close_all() -> None:
    """Close every open figure (a long run draws many)."""
    plt.close("all")


def short_name(label: str) -> str:
    """``"Win-Stay Lose-Shift"`` -> ``"WSLS"``; one-word names are kept (up to 8 letters)."""
    words = label.replace("-", " ").split("(")[0].split()
    if len(words) == 1:
        return words[0][:8]
    return "".join(w[0].upper() for w in words if w[0].isalnum())


#: A fixed colour per family, so maps of different experiments read alike.
FAMILY_COLORS = {
    "reciprocal": "#1a9641",
    "forgiving": "#a6d96a",
    "punishing": "#fdae61",
    "defecting": "#d7191c",
    "cooperative": "#2b83ba",
    "random": "#bababa",
    "periodic": "#9e6ebd",
    "pavlovian": "#66c2c2",
    "zero-determinant": "#8c510a",
    "probing": "#f4a6c6",
    "adaptive": "#bfbf3f",
    "generic": "#5e5e5e",
    "adapted": "#e0e0e0",
}
