"""What makes a long business relationship more than a repeated one-shot game.

Two additions to a game's per-turn payoffs, both plain data:

* :class:`RelationalRent`: trust compounds. On a turn of mutual cooperation each side
  earns ``R + step * min(run, cap)``, where ``run`` is the number of mutual-cooperation
  turns in a row just before it (the first such turn earns ``R``, the next ``R + step``,
  and so on up to ``R + step * cap``). Any other outcome ends the run. This is Dyer and
  Singh's *relational rent*: profit that only a relationship of trust generates. It
  depends on the history, so the engine keeps each match's run as it plays
  (:class:`RentMeter`), and :func:`turn_payoffs` computes the same payoffs afterwards
  from the moves (for tests and for partner choice).
* :class:`Governance`: a *power* relationship. Monitoring costs each side a fixed amount
  every turn, and a side caught cutting corners pays a penalty: the temptation to cheat
  falls, and so does every payoff. It does not depend on the history, so it is folded
  into the game's per-turn payoffs once (:meth:`Governance.apply`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from strategies.errors import IPDError

__all__ = ["Governance", "RelationalRent", "RentMeter", "turn_payoffs"]


def _number(owner: str, name: str, value: object, minimum: float = 0.0) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise IPDError(f"{owner} {name}: got {value!r}, expected a finite number")
    if value < minimum:
        raise IPDError(f"{owner} {name}: got {value!r}, expected a number >= {minimum:g}")
    return float(value)


@dataclass(frozen=True)
class RelationalRent:
    """The reward for mutual cooperation grows by ``step`` per turn of an unbroken run of
    mutual cooperation, up to ``cap`` turns (so at most ``R + step * cap``)."""

    step: float
    cap: int

    def __post_init__(self) -> None:
        object.__setattr__(self, "step", _number("relational rent", "step", self.step))
        cap = self.cap
        if isinstance(cap, float) and cap.is_integer():
            cap = int(cap)
        if isinstance(cap, bool) or not isinstance(cap, int) or cap < 1:
            raise IPDError(
                f"relational rent cap: got {self.cap!r}, expected a whole number of turns >= 1"
            )
        object.__setattr__(self, "cap", cap)

    @property
    def max_bonus(self) -> float:
        """The largest extra reward per turn: ``step * cap``."""
        return self.step * self.cap

    def describe(self) -> str:
        return (
            f"relational rent: mutual cooperation earns {self.step:g} more per turn for "
            f"each turn it has lasted, up to +{self.max_bonus:g} after {self.cap} turns"
        )

    def to_dict(self) -> dict[str, float | int]:
        return {"step": self.step, "cap": self.cap}


@dataclass(frozen=True)
class Governance:
    """A power relationship: each side pays ``monitoring_cost`` every turn, and a side that
    defects (is caught cheating) pays ``penalty`` on that turn."""

    monitoring_cost: float = 0.0
    penalty: float = 0.0

    def __post_init__(self) -> None:
        for name in ("monitoring_cost", "penalty"):
            value = _number("governance", name.replace("_", " "), getattr(self, name))
            object.__setattr__(self, name, value)

    def apply(self, payoffs: np.ndarray) -> np.ndarray:
        """The ``(2, 2, 2)`` per-turn payoffs under this governance."""
        out = np.array(payoffs, dtype=np.float64) - self.monitoring_cost
        out[:, 1, :] -= self.penalty  # payoffs[role, my_move = D, their_move]
        return out

    def describe(self) -> str:
        return (
            f"governance: monitoring costs each side {self.monitoring_cost:g} per turn; "
            f"a side caught cheating pays a penalty of {self.penalty:g}"
        )

    def to_dict(self) -> dict[str, float]:
        return {"monitoring_cost": self.monitoring_cost, "penalty": self.penalty}


class RentMeter:
    """Relational rents earned by the rows of a batch, accumulated turn by turn.

    ``length[row]`` is the length of each row's match: rows past their match's end earn
    nothing. Each row keeps the run of mutual cooperation of its match (both rows of a
    match keep the same run).
    """

    def __init__(self, rent: RelationalRent, length: np.ndarray) -> None:
        self.rent = rent
        self.length = np.asarray(length)
        self.uniform = bool((self.length == self.length.max(initial=0)).all())
        self.run = np.zeros(len(self.length), dtype=np.int64)
        self.earned = np.zeros(len(self.length), dtype=np.float64)

    def observe(self, own: np.ndarray, opp: np.ndarray, t: int) -> None:
        """Turn ``t``'s moves (after noise) of every row and of its partner."""
        both = (own | opp) == 0
        if not self.uniform:
            both &= self.length > t
        bonus = np.minimum(self.run, self.rent.cap) * self.rent.step
        self.earned += np.where(both, bonus, 0.0)
        self.run = np.where(both, self.run + 1, 0)


def turn_payoffs(
    moves: np.ndarray, payoffs: np.ndarray, rent: RelationalRent | None = None
) -> np.ndarray:
    """Per-turn payoffs ``(matches, 2, turns)`` of the moves ``(matches, 2, turns)``
    (seat 0 plays the row role), relational rents included."""
    moves = np.asarray(moves, dtype=np.intp)
    if moves.ndim == 2:
        return turn_payoffs(moves[None], payoffs, rent)[0]
    row, col = moves[:, 0], moves[:, 1]
    out = np.stack([payoffs[0][row, col], payoffs[1][col, row]], axis=1)
    if rent is not None and moves.shape[2]:
        both = (row | col) == 0  # (matches, turns)
        # run before each turn: the count of mutual cooperation since the last other turn
        index = np.arange(both.shape[1])
        last_break = np.maximum.accumulate(np.where(~both, index, -1), axis=1)
        run = np.zeros(both.shape, dtype=np.int64)
        run[:, 1:] = index[:-1] - last_break[:, :-1]
        bonus = np.where(both, np.minimum(run, rent.cap) * rent.step, 0.0)
        out = out + bonus[:, None, :]
    return out
