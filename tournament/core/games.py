"""Games: two 2x2 payoff matrices, one per role, and the presets users name.

``Game.payoffs`` has shape ``(2, 2, 2)``: ``payoffs[role, my_move, their_move]`` is what
the player in ``role`` (0 = row, 1 = column) gets. With ``C = 0`` and ``D = 1``, each
role's matrix reads ``[[R, S], [T, P]]``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from strategies.errors import IPDError, UnknownNameError, did_you_mean

__all__ = ["GAMES", "Game", "get_game", "pd_violations", "parse_payoffs"]


def pd_violations(matrix: np.ndarray) -> list[str]:
    """The prisoner's dilemma conditions ``T > R > P > S`` and ``2R > T + S`` that fail."""
    (r, s), (t, p) = np.asarray(matrix, dtype=float)
    checks = [
        (t > r, f"T > R fails (T={t:g}, R={r:g}): no temptation to defect"),
        (r > p, f"R > P fails (R={r:g}, P={p:g}): mutual cooperation is not better"),
        (p > s, f"P > S fails (P={p:g}, S={s:g}): being exploited is not the worst outcome"),
        (
            2 * r > t + s,
            f"2R > T + S fails (2R={2 * r:g}, T+S={t + s:g}): taking turns exploiting pays",
        ),
    ]
    return [message for ok, message in checks if not ok]


@dataclass(frozen=True)
class Game:
    """A two-player 2x2 game: one payoff matrix per role."""

    name: str
    payoffs: np.ndarray = field(repr=False)
    roles: tuple[str, str] = ("row", "column")
    description: str = ""

    def __post_init__(self) -> None:
        arr = np.asarray(self.payoffs, dtype=np.float64)
        if arr.shape == (2, 2):
            arr = np.stack([arr, arr])
        if arr.shape != (2, 2, 2):
            raise IPDError(
                f"payoffs of game {self.name!r} have shape {arr.shape}: expected two 2x2 "
                "matrices (one per role), i.e. shape (2, 2, 2), or one 2x2 matrix"
            )
        if not np.isfinite(arr).all():
            raise IPDError(f"payoffs of game {self.name!r} must be finite numbers")
        arr.setflags(write=False)
        object.__setattr__(self, "payoffs", arr)

    @classmethod
    def from_rstp(cls, r: float, s: float, t: float, p: float, name: str = "custom") -> Game:
        """A symmetric game from the four classic payoffs."""
        return cls(name, np.array([[r, s], [t, p]], dtype=float))

    @property
    def symmetric(self) -> bool:
        return bool(np.array_equal(self.payoffs[0], self.payoffs[1]))

    def rstp(self, role: int = 0) -> tuple[float, float, float, float]:
        """``(R, S, T, P)`` of one role."""
        (r, s), (t, p) = self.payoffs[role]
        return float(r), float(s), float(t), float(p)

    def pd_violations(self, role: int = 0) -> list[str]:
        return pd_violations(self.payoffs[role])

    def is_prisoners_dilemma(self, role: int | None = None) -> bool:
        roles = range(2) if role is None else [role]
        return not any(self.pd_violations(r) for r in roles)

    def pd_report(self) -> str:
        """One line per role saying whether it faces a prisoner's dilemma and why not."""
        lines = []
        for role, role_name in enumerate(self.roles if not self.symmetric else ("both roles",)):
            failures = self.pd_violations(role)
            if failures:
                lines.append(f"{role_name}: not a prisoner's dilemma ({'; '.join(failures)})")
            else:
                lines.append(f"{role_name}: a prisoner's dilemma")
        return "\n".join(lines)

    def to_dict(self) -> dict[str, object]:
        return {
            "name": self.name,
            "roles": list(self.roles),
            "payoffs": self.payoffs.tolist(),
            "symmetric": self.symmetric,
            "prisoners_dilemma": [self.is_prisoners_dilemma(r) for r in range(2)],
        }

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, Game)
            and self.roles == other.roles
            and np.array_equal(self.payoffs, other.payoffs)
        )

    def __hash__(self) -> int:
        return hash((self.roles, self.payoffs.tobytes()))


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


def supplier_buyer() -> Game:
    """A supplier and a buyer in a repeated contract; each side is tempted to cheat.

    The supplier (row role) cooperates by keeping quality and defects by cutting it;
    the buyer (column role) cooperates by paying a fair price on time and defects by
    squeezing (late payment, forced discounts). Payoffs are profits per delivery:

    * supplier: fair price and good goods 3; cuts quality while paid fairly 5;
      keeps quality but is squeezed -1 (a loss); both cheat 0.
    * buyer: fair deal 4; squeezes a supplier who still delivers quality 6; pays fairly
      for poor goods 0; both cheat 1.

    Each side alone faces a prisoner's dilemma, with its own numbers: a relationship in
    which both keep faith beats mutual cheating, yet each is tempted to cheat.
    """
    supplier = [[3, -1], [5, 0]]
    buyer = [[4, 0], [6, 1]]
    return Game(
        "supplier-buyer",
        np.array([supplier, buyer], dtype=float),
        roles=("supplier", "buyer"),
        description=(
            "supplier: C = keep quality, D = cut quality; buyer: C = fair price, D = squeeze"
        ),
    )


GAMES: dict[str, Callable[..., Game]] = {
    "classic": classic,
    "donation": donation,
    "supplier-buyer": supplier_buyer,
    "snowdrift": snowdrift,
    "stag-hunt": stag_hunt,
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


def get_game(spec: str | Game) -> Game:
    """A game from a preset name (``"classic"``, ``"donation(b=4, c=1)"``), a custom
    payoff string (``"3,0,5,1"``) or a :class:`Game`."""
    if isinstance(spec, Game):
        return spec
    if not isinstance(spec, str):
        raise IPDError(f"expected a game name or Game, got {spec!r}")
    if any(ch.isdigit() for ch in spec.split("(")[0]) and "," in spec:
        return parse_payoffs(spec)
    match = _SPEC.match(spec)
    name = match.group(1).lower().replace("_", "-") if match else spec
    if not match or name not in GAMES:
        raise UnknownNameError(
            f"unknown game {spec!r}.{did_you_mean(spec, GAMES)} "
            f"Expected one of: {', '.join(GAMES)}, or payoffs 'R,S,T,P'."
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
