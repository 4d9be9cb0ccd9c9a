"""Simple strategies: one Python method per move, the way students write them.

::

    from strategies.simple import C, D, SimpleStrategy

    class Grudging(SimpleStrategy):
        name = "Grudging"

        def move(self, mine, theirs, memory, rng):
            return D if D in theirs else C

``move`` is called once per turn of every match with the moves played so far (``mine``
and ``theirs``, read-only sequences of ``C`` and ``D``; ``len(mine)`` is the number of
turns already played), a ``memory`` dict that belongs to this match alone, and ``rng``, a
``numpy.random.Generator`` to use for any randomness. It returns ``C`` or ``D``.

The rules: keep per-match state in ``memory`` (never on ``self`` or in globals), draw
randomness from ``rng`` only, and do not try to learn the match length: it is hidden,
unless the tournament tells it (then ``self.length`` is the number of turns).
The engine plays a simple strategy match by match (slower than a vectorized strategy,
same results); student files run in a separate process (see ``tournament.sandbox.process``).
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from typing import Any, overload

import numpy as np

from strategies.base import Action, C, D, Strategy

__all__ = ["C", "D", "Moves", "RuleViolation", "SimpleStrategy"]

_U8 = np.uint8


class RuleViolation(Exception):
    """A strategy broke a rule of the game; ``kind`` names which one."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind


_MOVES: dict[Any, Action] = {C: C, D: D, "C": C, "D": D, "c": C, "d": D}


class Moves(Sequence[Action]):
    """A read-only view of one side's moves in a match (oldest first)."""

    __slots__ = ("_moves",)

    def __init__(self, moves: list[Action]) -> None:
        self._moves = moves

    @overload
    def __getitem__(self, index: int) -> Action: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[Action, ...]: ...
    def __getitem__(self, index: int | slice) -> Action | tuple[Action, ...]:
        if isinstance(index, slice):
            return tuple(self._moves[index])
        return self._moves[index]

    def __len__(self) -> int:
        return len(self._moves)

    def __iter__(self) -> Iterator[Action]:
        return iter(self._moves)

    def __contains__(self, move: object) -> bool:
        return _MOVES.get(move, move) in self._moves  # type: ignore[call-overload]

    def count(self, move: Any) -> int:
        """How many times ``move`` (``C``, ``D``, ``"C"`` or ``"D"``) was played."""
        return self._moves.count(_MOVES.get(move, move))

    def __repr__(self) -> str:
        return f"Moves({''.join(m.name for m in self._moves)!r})"


def as_move(value: Any, where: str) -> Action:
    """``C``/``D`` (or the strings ``"C"``/``"D"``); anything else breaks the rules."""
    if isinstance(value, Action | str):  # not 0/1 or True/False: those are easy slips
        move = _MOVES.get(value)
        if move is not None:
            return move
    raise RuleViolation(
        "not a move",
        f"returned {value!r} ({type(value).__name__}) {where}: expected C or D",
    )


class SimpleStrategy(Strategy, abstract=True):
    """Base class of per-move Python strategies: override :meth:`move`.

    Subclasses are not added to the registry (they are users' code, loaded from files).
    """

    family = "student"
    memory_depth = None

    def __init_subclass__(cls, **kwargs: Any) -> None:
        kwargs.setdefault("abstract", True)
        super().__init_subclass__(**kwargs)

    def move(
        self, mine: Moves, theirs: Moves, memory: dict[str, Any], rng: np.random.Generator
    ) -> Action:
        """Return ``C`` or ``D`` for the next turn of one match."""
        raise NotImplementedError("a SimpleStrategy defines move(self, mine, theirs, memory, rng)")

    # -- the rules ---------------------------------------------------------------------

    def __setattr__(self, name: str, value: Any) -> None:
        if self.__dict__.get("_playing"):
            raise RuleViolation(
                "state between matches",
                f"sets self.{name} during a match: keep per-match state in `memory` "
                "(a fresh dict in every match), never on self",
            )
        object.__setattr__(self, name, value)

    def _hidden(self) -> Any:
        raise RuleViolation(
            "match length",
            "tries to learn the match length: it is hidden (matches may end at any turn)",
        )

    def _told(self) -> int:
        told = self.__dict__.get("_told_length")
        if isinstance(told, int):
            return told
        return self._hidden()

    def _record_length(self, length: int | float | None) -> None:
        object.__setattr__(self, "_told_length", length)

    #: The match length, readable only when the tournament tells it (fixed-length
    #: matches, when the instructor turns it on); otherwise reading it breaks the rules.
    length = property(_told, _record_length)
    match_length = property(_told)
    turns = property(_hidden)
    horizon = property(_hidden)
    match_attributes = property(_hidden)

    # -- the engine contract -----------------------------------------------------------

    def start(
        self,
        n: int,
        rng: np.random.Generator,
        payoff: np.ndarray,
        length: int | float | None = None,
    ) -> None:
        object.__setattr__(self, "_playing", False)
        self._record_length(length)
        self.reset(n, rng, payoff)

    def reset(self, n: int, rng: np.random.Generator, payoff: np.ndarray) -> None:
        object.__setattr__(self, "_playing", False)
        super().reset(n, rng, payoff)
        self.reset_seed(n, int(rng.integers(2**63)))

    def reset_seed(self, n: int, seed: int) -> None:
        """Start ``n`` matches whose randomness comes from ``seed`` (also used by the
        sandbox, so that a strategy plays alike in or out of process)."""
        object.__setattr__(self, "_playing", False)
        self._generator = np.random.default_rng(seed)
        self._mine: list[list[Action]] = [[] for _ in range(n)]
        self._theirs: list[list[Action]] = [[] for _ in range(n)]
        self._memory: list[dict[str, Any]] = [{} for _ in range(n)]
        object.__setattr__(self, "_playing", True)

    def step(self, own: np.ndarray, opp: np.ndarray) -> np.ndarray:
        k, t = own.shape
        if t:
            return self.step_last(own[:, t - 1], opp[:, t - 1])
        return self.step_last(None, None, k)

    def step_last(
        self,
        own_last: np.ndarray | None,
        opp_last: np.ndarray | None,
        k: int | None = None,
        move_limit: float | None = None,
    ) -> np.ndarray:
        """Record the last turn's moves of the ``k`` running matches and choose the next;
        with ``move_limit``, a move that takes more CPU seconds breaks the rules."""
        mine, theirs, memory = self._mine, self._theirs, self._memory
        if own_last is not None:
            k = len(own_last)
            for i, (a, b) in enumerate(zip(own_last.tolist(), opp_last.tolist(), strict=True)):
                mine[i].append(Action(a))
                theirs[i].append(Action(b))
        out = np.empty(k, dtype=_U8)
        rng = self._generator
        for i in range(k):
            started = time.process_time() if move_limit is not None else 0.0
            choice = self.move(Moves(mine[i]), Moves(theirs[i]), memory[i], rng)
            if move_limit is not None and time.process_time() - started > move_limit:
                spent = time.process_time() - started
                raise RuleViolation(
                    "too slow",
                    f"took {spent * 1000:.0f} ms of CPU to choose move {len(mine[i]) + 1} "
                    f"(limit {move_limit * 1000:.0f} ms per move)",
                )
            out[i] = as_move(choice, f"on turn {len(mine[i]) + 1}")
        return out
