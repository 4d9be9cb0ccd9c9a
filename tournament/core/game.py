"""A game: two 2x2 payoff matrices, one per role, with its roles, moves and story.

``Game.payoffs`` has shape ``(2, 2, 2)``: ``payoffs[role, my_move, their_move]`` is what
the player in ``role`` (0 = row, 1 = column) gets each turn. With ``C = 0`` and
``D = 1``, each role's matrix reads ``[[R, S], [T, P]]``. A game may also name its roles
and moves (a business scenario: the supplier keeps quality or cuts corners), tell its
story, earn relational rents on runs of mutual cooperation, and carry the governance
folded into its payoffs (see :mod:`.relationships`). The presets users name are in
:mod:`.games`, the business scenarios in :mod:`.scenarios`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import numpy as np

from strategies.errors import IPDError
from tournament.core.relationships import Governance, RelationalRent

__all__ = ["DEFAULT_LABELS", "KINDS", "Game", "constant_sum_violations", "pd_violations"]

#: Move labels of a game that does not name its moves: (cooperate, defect) per role.
DEFAULT_LABELS = (("C", "D"), ("C", "D"))
#: What a game claims about its payoffs, checked when it is built.
KINDS = ("dilemma", "fixed-pie", "other")


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


def constant_sum_violations(payoffs: np.ndarray) -> list[str]:
    """Why the two roles' payoffs do not add up to the same total in every outcome."""
    payoffs = np.asarray(payoffs, dtype=float)
    totals = {
        f"{'CD'[a]}{'CD'[b]}": payoffs[0, a, b] + payoffs[1, b, a] for a in (0, 1) for b in (0, 1)
    }
    if np.ptp(list(totals.values())) <= 1e-9:
        return []
    listed = ", ".join(f"{k} {v:g}" for k, v in totals.items())
    return [f"the two sides' payoffs add up to different totals ({listed})"]


@dataclass(frozen=True)
class Game:
    """A two-player 2x2 game: one payoff matrix per role.

    ``labels[role]`` names that role's two moves (cooperate, defect); ``rent`` adds a
    relational rent to mutual cooperation; ``governance`` records the monitoring costs
    and penalties already folded into ``payoffs``. ``kind`` is what the game claims and
    is checked: ``"dilemma"`` (each role faces a prisoner's dilemma), ``"fixed-pie"``
    (the two sides always share the same total) or ``"other"`` (no claim).
    """

    name: str
    payoffs: np.ndarray = field(repr=False)
    roles: tuple[str, str] = ("row", "column")
    description: str = ""
    labels: tuple[tuple[str, str], tuple[str, str]] = DEFAULT_LABELS
    rent: RelationalRent | None = None
    governance: Governance | None = None
    kind: Literal["dilemma", "fixed-pie", "other"] = "other"

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
        object.__setattr__(self, "roles", _pair(self.name, "roles", self.roles))
        labels = tuple(_pair(self.name, "move labels", pair) for pair in self.labels)
        if len(labels) != 2:
            raise IPDError(f"game {self.name!r}: expected move labels for 2 roles")
        object.__setattr__(self, "labels", labels)
        self._check_kind()

    def _check_kind(self) -> None:
        if self.kind not in KINDS:
            raise IPDError(
                f"game {self.name!r}: kind {self.kind!r} is not one of {', '.join(KINDS)}"
            )
        if self.kind == "dilemma":
            failures = [
                f"for the {self.roles[r]}: {'; '.join(self.pd_violations(r))}"
                for r in range(2)
                if self.pd_violations(r)
            ]
            if failures:
                raise IPDError(
                    f"game {self.name!r} is meant to be a prisoner's dilemma for each role, "
                    f"but {' and '.join(failures)}. Change the payoffs, or say "
                    'kind = "other" if it is not meant to be one.'
                )
        if self.kind == "fixed-pie":
            problems = constant_sum_violations(self.payoffs)
            if self.rent is not None:
                problems.append("relational rents create value")
            if problems:
                raise IPDError(
                    f"game {self.name!r} is meant to be a fixed pie, but "
                    f"{'; '.join(problems)}. Change the payoffs, or say "
                    'kind = "other" if the pie is not meant to be fixed.'
                )

    @classmethod
    def from_rstp(cls, r: float, s: float, t: float, p: float, name: str = "custom") -> Game:
        """A symmetric game from the four classic payoffs."""
        return cls(name, np.array([[r, s], [t, p]], dtype=float))

    @property
    def symmetric(self) -> bool:
        """Both roles have the same payoffs and the same move labels."""
        return bool(np.array_equal(self.payoffs[0], self.payoffs[1])) and (
            self.labels[0] == self.labels[1]
        )

    @property
    def labelled(self) -> bool:
        """Whether the game names its moves (otherwise they are C and D)."""
        return self.labels != DEFAULT_LABELS

    @property
    def history_dependent(self) -> bool:
        """Whether a turn's payoffs depend on earlier turns (relational rents)."""
        return self.rent is not None

    def move_label(self, role: int, move: int) -> str:
        """The name of ``move`` (0 = C, 1 = D) for the player in ``role``."""
        return self.labels[role][move]

    def legend(self, role: int) -> str:
        """``"C = keep quality, D = cut corners"``, or ``""`` for unnamed moves."""
        if not self.labelled:
            return ""
        cooperate, defect = self.labels[role]
        return f"C = {cooperate}, D = {defect}"

    def cooperation_note(self) -> str:
        """What cooperating means in tables and figures of a game that names its moves:
        ``"cooperation = keep quality (supplier) / pay fairly (buyer)"``, or
        ``"cooperation = hold the price"`` when both roles name it alike; ``""`` when the
        moves are unnamed."""
        if not self.labelled:
            return ""
        if self.labels[0][0] == self.labels[1][0]:
            return f"cooperation = {self.labels[0][0]}"
        meaning = " / ".join(f"{self.labels[r][0]} ({self.roles[r]})" for r in range(2))
        return f"cooperation = {meaning}"

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
        out: dict[str, object] = {
            "name": self.name,
            "roles": list(self.roles),
            "payoffs": self.payoffs.tolist(),
            "symmetric": self.symmetric,
            "prisoners_dilemma": [self.is_prisoners_dilemma(r) for r in range(2)],
        }
        if self.kind != "other":
            out["kind"] = self.kind
        if self.labelled:
            out["moves"] = [list(pair) for pair in self.labels]
        if self.rent is not None:
            out["relational_rent"] = self.rent.to_dict()
        if self.governance is not None:
            out["governance"] = self.governance.to_dict()
        return out

    def _key(self) -> tuple:
        return (self.roles, self.payoffs.tobytes(), self.labels, self.rent, self.governance)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Game) and self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())


def _pair(game: str, what: str, value: object) -> tuple[str, str]:
    """Two non-empty, different, one-line names (roles, or a role's two moves)."""
    items = tuple(value) if isinstance(value, list | tuple) else ()
    ok = len(items) == 2 and all(isinstance(v, str) and v.strip() for v in items)
    if not ok or any("\n" in v or len(v) > 40 for v in items):
        raise IPDError(
            f"game {game!r}: {what} {value!r}: expected two non-empty one-line names "
            "of at most 40 characters"
        )
    if what == "move labels" and items[0].strip() == items[1].strip():
        raise IPDError(f"game {game!r}: {what} {value!r}: the two moves need different names")
    return (items[0].strip(), items[1].strip())
