"""The games users name: the classic presets, the business scenarios
(:mod:`.scenarios`), custom payoffs, and scenario files.

``get_game`` takes a preset name with optional parameters (``"donation(b=4, c=1)"``,
``"supplier-buyer-power(monitoring=1)"``), payoffs (``"3,0,5,1"``), the path of a TOML
scenario file, or a :class:`~tournament.core.game.Game`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from pathlib import Path

import numpy as np

from strategies.errors import IPDError, UnknownNameError, did_you_mean
from tournament.core import scenarios
from tournament.core.game import Game, pd_violations

__all__ = ["GAMES", "Game", "get_game", "pd_violations", "parse_payoffs"]


# -- presets ------------------------------------------------------------------------------


def classic(R: float = 3.0, S: float = 0.0, T: float = 5.0, P: float = 1.0) -> Game:
    """Axelrod's payoffs: R=3, S=0, T=5, P=1; any of the four can be changed, as in
    ``classic(T=6)`` (sweeping the temptation)."""
    axelrod = {"R": 3.0, "S": 0.0, "T": 5.0, "P": 1.0}
    given = {"R": float(R), "S": float(S), "T": float(T), "P": float(P)}
    changed = ", ".join(f"{k}={v:g}" for k, v in given.items() if v != axelrod[k])
    name = f"classic({changed})" if changed else "classic"
    return Game.from_rstp(R, S, T, P, name=name)


def donation(b: float = 3.0, c: float = 1.0) -> Game:
    """Donation game: cooperating costs the giver c and gives the other b.
    R = b - c, S = -c, T = b, P = 0; a prisoner's dilemma when ``b > c > 0``."""
    b, c = float(b), float(c)
    return Game.from_rstp(b - c, -c, b, 0.0, name=f"donation(b={b:g}, c={c:g})")


def snowdrift() -> Game:
    """Snowdrift (chicken/hawk-dove): T > R > S > P, so exploited beats mutual defection."""
    return Game.from_rstp(3, 1, 5, 0, name="snowdrift")


def stag_hunt() -> Game:
    """Stag hunt: R > T > P > S, so mutual cooperation is an equilibrium."""
    return Game.from_rstp(4, 0, 3, 1, name="stag-hunt")


#: Every preset by name: the classic games, then the business scenarios.
GAMES: dict[str, Callable[..., Game]] = {
    "classic": classic,
    "donation": donation,
    "snowdrift": snowdrift,
    "stag-hunt": stag_hunt,
    **scenarios.SCENARIOS,
}

_SPEC = re.compile(r"^\s*([\w-]+)\s*(?:\((.*)\))?\s*$")


def parse_payoffs(text: str) -> Game:
    """A custom game from numbers: ``"R,S,T,P"`` (symmetric) or ``"R,S,T,P;R,S,T,P"``
    (row role; column role)."""
    parts = [p for p in text.split(";")]
    if len(parts) not in (1, 2):
        raise IPDError(
            f"payoffs {text!r}: expected 'R,S,T,P' or 'R,S,T,P;R,S,T,P' (one group per role)"
        )
    matrices = []
    for part in parts:
        try:
            values = [float(v) for v in part.replace(" ", "").split(",") if v != ""]
        except ValueError:
            raise IPDError(f"payoffs {text!r}: {part!r} is not a list of numbers") from None
        if len(values) != 4 or not all(math.isfinite(v) for v in values):
            raise IPDError(
                f"payoffs {text!r}: expected 4 finite numbers R,S,T,P per role, got {part!r}"
            )
        r, s, t, p = values
        matrices.append([[r, s], [t, p]])
    if len(matrices) == 1:
        matrices *= 2
    return Game("custom", np.array(matrices, dtype=float))


def get_game(spec: str | Path | Game) -> Game:
    """A game from a preset name (``"classic"``, ``"donation(b=4, c=1)"``), a custom
    payoff string (``"3,0,5,1"``), a scenario file (``"my-scenario.toml"``) or a
    :class:`Game`."""
    if isinstance(spec, Game):
        return spec
    if isinstance(spec, Path) or (isinstance(spec, str) and spec.strip().endswith(".toml")):
        return scenarios.load_scenario(spec)
    if not isinstance(spec, str):
        raise IPDError(f"expected a game name or Game, got {spec!r}")
    if any(ch.isdigit() for ch in spec.split("(")[0]) and "," in spec:
        return parse_payoffs(spec)
    match = _SPEC.match(spec)
    name = match.group(1).lower().replace("_", "-") if match else spec
    if not match or name not in GAMES:
        raise UnknownNameError(
            f"unknown game {spec!r}.{did_you_mean(spec, GAMES)} "
            f"Expected one of: {', '.join(GAMES)}, payoffs 'R,S,T,P', or a scenario "
            "file ending in .toml."
        )
    kwargs: dict[str, float] = {}
    if match.group(2):
        for item in match.group(2).split(","):
            key, _, value = item.partition("=")
            try:
                kwargs[key.strip()] = float(value)
            except ValueError:
                raise IPDError(f"game {spec!r}: {item.strip()!r} is not 'key=number'") from None
    try:
        return GAMES[name](**kwargs)
    except TypeError:
        raise IPDError(f"game {name!r} does not take parameters {sorted(kwargs)}") from None
