"""The strategy contract: actions, metadata and the vectorized ``Strategy`` base class.

A strategy plays a *batch* of matches at once. The engine calls

* ``reset(n, rng, payoff)`` once before a batch of ``n`` matches, and then
* ``play_turn(own, opp, t)`` once per turn, which records ``t`` (the number of turns
  already played) in ``self.t`` and calls ``step(own, opp)``. ``own`` and ``opp`` are
  ``uint8`` arrays of shape ``(k, w)`` holding the moves played so far
  (``Action.C == 0``, ``Action.D == 1``) by this strategy and by its opponents in each of
  its matches: the whole history (``w == t``), or for a strategy that declares a
  ``history_window``, possibly only its last turns. ``step`` returns ``k`` actions.

With a probabilistic ending, matches finish at different times: the matches still
running are always the *first* ``k <= n`` rows of the batch, so per-match state arrays
are updated with ``state[:k]``. What a strategy knows of the match length is what
:meth:`Strategy.start` tells it.
"""

from __future__ import annotations

import functools
import inspect
import numbers
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from enum import IntEnum
from typing import Any, ClassVar, Protocol

import numpy as np

from strategies.registry import REGISTRY

__all__ = [
    "Action",
    "C",
    "D",
    "FAMILIES",
    "GroupEntry",
    "PlayGroup",
    "Strategy",
    "as_actions",
    "check_int",
    "check_probability",
    "moves_to_str",
]


class Action(IntEnum):
    """A move: ``C`` (cooperate, 0) or ``D`` (defect, 1). Indexes payoff arrays directly."""

    C = 0
    D = 1

    def flip(self) -> Action:
        return Action(1 - self)

    def __str__(self) -> str:
        return self.name

    @classmethod
    def from_char(cls, char: str) -> Action:
        try:
            return cls[char.upper()]
        except KeyError:
            raise ValueError(f"{char!r} is not a move: expected 'C' or 'D'") from None


C, D = Action.C, Action.D

#: Families used to group strategies in listings and experiment summaries.
FAMILIES: dict[str, str] = {
    "reciprocal": "copies or answers the opponent's last moves (Tit For Tat and relatives)",
    "forgiving": "retaliates but returns to cooperation more readily than Tit For Tat",
    "punishing": "retaliates harder or longer than it was hurt (grudges, gradual punishment)",
    "defecting": "mostly or always defects, or exploits cooperators",
    "cooperative": "cooperates whatever the opponent does",
    "random": "plays at random, independently of the history",
    "periodic": "repeats a fixed pattern of moves",
    "pavlovian": "keeps its move after a good outcome and changes it after a bad one",
    "zero-determinant": "memory-one strategies that enforce a linear relation between scores",
    "probing": "tests the opponent, then exploits or reciprocates depending on the answer",
    "adaptive": "chooses moves from the payoffs or statistics observed so far",
    "generic": "a family parameterised by data: probability vector, lookup table, state machine",
    "evolved": "parameters found by training against a field (lookup tables, state machines, "
    "neural networks, hidden Markov models)",
    "learning": "learns from the payoffs it receives (reinforcement learning)",
    "meta": "a team of strategies whose moves it combines (majority, best performer, ...)",
    "end-game": "plays another strategy but defects at the end of a match of known length",
    "adapted": "an Axelrod-library strategy played through the adapter (axelrod:<name>)",
    "transformed": "another strategy changed by a transformer (Dual, Noisy, JossAnn, ...)",
    "student": "written by a user as simple Python or a TOML file (ipd new-strategy)",
}


def as_actions(moves: Any, name: str = "moves") -> np.ndarray:
    """Convert ``"CDC"``, a list of ``Action`` or of 0/1 into a ``uint8`` array; errors
    name the parameter ``name``."""
    if isinstance(moves, str):
        bad = sorted(set(moves.upper()) - {"C", "D"})
        if bad:
            raise ValueError(f"{name} must be a string of C and D, got {moves!r} ({bad[0]!r})")
        return np.array([Action[c] for c in moves.upper()], dtype=np.uint8)
    arr = np.asarray(moves, dtype=np.int64)
    if arr.size and (arr.min() < 0 or arr.max() > 1):
        raise ValueError(f"{name} must be C/D or 0/1, got {moves!r}")
    return arr.astype(np.uint8)


def check_probability(name: str, value: float) -> float:
    """A parameter that must be a probability in [0, 1]."""
    value = float(value)
    if not 0.0 <= value <= 1.0:
        raise ValueError(f"{name} must be a probability in [0, 1], got {value}")
    return value


def check_int(name: str, value: object, minimum: int = 0) -> int:
    """A parameter that must be an integer of at least ``minimum``."""
    if (
        isinstance(value, bool) or not isinstance(value, numbers.Integral) or int(value) < minimum  # type: ignore[call-overload]
    ):
        raise ValueError(f"{name} must be an integer >= {minimum}, got {value!r}")
    return int(value)  # type: ignore[call-overload]


def moves_to_str(moves: np.ndarray) -> str:
    """``[0, 1, 1]`` -> ``"CDD"``."""
    return "".join("CD"[int(m)] for m in moves)


class Strategy:
    """Base class of every strategy.

    Subclasses set the metadata class attributes below and implement ``step``; a
    non-abstract subclass is registered automatically under its ``name``. Parameters are
    the keyword arguments of ``__init__`` (each with a default), stored by ``set_params``.
    """

    #: Unique, human-readable name ("Tit For Tat").
    name: ClassVar[str] = ""
    #: One of :data:`FAMILIES`.
    family: ClassVar[str] = ""
    #: Number of past turns the strategy looks at; ``None`` when unbounded.
    memory_depth: ClassVar[int | None] = None
    #: Whether the strategy uses random numbers.
    stochastic: ClassVar[bool] = False
    #: Other names users may type for it ("Pavlov", "TFT").
    aliases: ClassVar[tuple[str, ...]] = ()
    #: What it uses besides the histories, as the Axelrod library's classifier says:
    #: ``"length"`` (the match length, when told) and/or ``"game"`` (its payoffs).
    makes_use_of: ClassVar[frozenset[str]] = frozenset()
    #: Whether the Axelrod library classifies it as slow to run (its
    #: ``long_run_time``); such strategies are left out of the ``axelrod-short`` roster.
    long_run_time: ClassVar[bool] = False
    #: How many of the last turns ``step`` reads from ``own`` and ``opp``; ``None`` when
    #: it may read the whole history. A strategy with a window takes the turn number
    #: from :attr:`t`, never from the width of ``own``: in a long match the engine keeps
    #: only a sliding window of the history, so memory does not grow with the horizon.
    history_window: ClassVar[int | None] = None

    def __init_subclass__(cls, abstract: bool = False, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls._abstract = abstract
        if not abstract:
            if cls.family not in FAMILIES:
                raise TypeError(
                    f"strategy {cls.name!r} has family {cls.family!r}; "
                    f"expected one of {list(FAMILIES)}"
                )
            REGISTRY.register(cls)

    def __init__(self) -> None:
        self.params: dict[str, Any] = {}
        self.n = 0
        self.rng: np.random.Generator | None = None
        self.payoff: np.ndarray | None = None
        self.length: int | float | None = None
        self.t = 0  # turns played so far in the current matches

    # -- parameters and naming -------------------------------------------------------

    @classmethod
    def param_defaults(cls) -> dict[str, Any]:
        """The parameters ``__init__`` accepts, with their defaults."""
        return dict(_init_defaults(cls.__init__))

    def set_params(self, **params: Any) -> None:
        """Record the parameters this instance was built with (call from ``__init__``)."""
        self.params = dict(params)

    @property
    def label(self) -> str:
        """Display name: the name, plus the parameters that differ from the defaults."""
        defaults = self.param_defaults()
        changed = {k: v for k, v in self.params.items() if defaults.get(k, object()) != v}
        if not changed:
            return self.name
        inner = ", ".join(f"{k}={_fmt(v)}" for k, v in changed.items())
        return f"{self.name}({inner})"

    def axelrod_name(self) -> str | None:
        """``str(player)`` of the equivalent Axelrod-library player, or ``None``."""
        return None

    def is_stochastic(self) -> bool:
        """Whether this instance draws random numbers (may depend on parameters)."""
        return self.stochastic

    def clone(self) -> Strategy:
        """A fresh instance with the same parameters."""
        return type(self)(**self.params)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.label!r}>"

    def __eq__(self, other: object) -> bool:
        return type(self) is type(other) and self.params == other.params  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash((type(self), tuple(sorted((k, repr(v)) for k, v in self.params.items()))))

    # -- the engine contract -----------------------------------------------------------

    def start(
        self,
        n: int,
        rng: np.random.Generator,
        payoff: np.ndarray,
        length: int | float | None = None,
    ) -> None:
        """The engine's call before the first turn: record what the tournament tells
        about the match length in :attr:`length`, then :meth:`reset`.

        ``length`` is the number of turns of a fixed-length match when the tournament
        tells it (the default, as in Axelrod's tournaments and the Axelrod library),
        ``math.inf`` for a probabilistic ending (no end is known, as the library says),
        and ``None`` when the tournament hides it.
        """
        self.length = length
        self.reset(n, rng, payoff)

    def reset(self, n: int, rng: np.random.Generator, payoff: np.ndarray) -> None:
        """Start ``n`` new matches. ``payoff[i]`` is this player's 2x2 payoff matrix in
        match ``i`` (``payoff[i, my_move, their_move]``). Override to allocate state,
        calling ``super().reset(...)`` first."""
        self.n = n
        self.rng = rng
        self.payoff = payoff
        self.t = 0

    def play_turn(self, own: np.ndarray, opp: np.ndarray, t: int) -> np.ndarray:
        """The engine's call each turn: record ``t`` (the turns played so far) in
        :attr:`t` and :meth:`step`. ``own`` and ``opp`` hold the whole history, or at
        least its last ``history_window`` turns when the strategy declares a window."""
        self.__dict__["t"] = t  # not setattr: SimpleStrategy guards its attributes in play
        return self.step(own, opp)

    def step(self, own: np.ndarray, opp: np.ndarray) -> np.ndarray:
        """Return the next move in each of the ``k = own.shape[0]`` running matches.

        ``own`` and ``opp`` are ``(k, t)`` views of the histories so far; the running
        matches are always the first ``k`` of the ``n`` started (per-match state arrays
        are sliced ``[:k]``). Read the last turn (``own[:, -1]``) and keep running
        counts: a step must not rescan the whole history, so that a turn costs the same
        at turn 20,000 as at turn 2.
        """
        raise NotImplementedError

    # -- playing together -------------------------------------------------------------

    def group_key(self) -> Hashable | None:
        """Players of one batch whose keys are equal (and not ``None``) share work and
        are played as one :class:`PlayGroup`, made by :meth:`start_group`; ``None``
        (the default): this player is played on its own. The meta players of one team
        return their team, so that its members step once for all of them."""
        return None

    @classmethod
    def start_group(cls, entries: Sequence[GroupEntry], length: int | float | None) -> PlayGroup:
        """Start the players of a group (instead of :meth:`start`) and return the
        group that plays their turns."""
        raise NotImplementedError(f"{cls.__name__} returns a group key but plays no group")

    def turns_left(self, t: int) -> float:
        """Turns still to play after the ``t`` played so far (this one included), as the
        tournament tells it: ``inf`` for a probabilistic ending, ``-1`` when hidden (the
        Axelrod library's ``length - len(history)`` convention)."""
        if self.length is None:
            return -1
        return self.length - t

    def end_game(self, moves: np.ndarray, t: int, sequence: str) -> np.ndarray:
        """Override ``moves`` (of turn ``t``, counted from 0) with the end of
        ``sequence`` on the last ``len(sequence)`` turns of a match of known length: the
        Axelrod library's ``FinalTransformer``. ``"DD"`` defects on the last two turns."""
        if not isinstance(self.length, int) or t >= self.length:
            return moves
        left = self.length - t
        if left > len(sequence):
            return moves
        return np.full(len(moves), Action[sequence[-left]], dtype=np.uint8)


def _fmt(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, tuple | list):
        return "(" + ", ".join(_fmt(v) for v in value) + ")"
    return str(value) if not isinstance(value, str) else repr(value)


@dataclass(frozen=True)
class GroupEntry:
    """One player of a :class:`PlayGroup` as the engine starts it: its random stream,
    the payoff matrix of each of its ``n`` matches, and their lengths (longest first:
    the running matches are a prefix, as for any player)."""

    player: Strategy
    rng: np.random.Generator
    payoff: np.ndarray
    lengths: np.ndarray


class PlayGroup(Protocol):
    """Players played together (see :meth:`Strategy.group_key`): each turn the engine
    gives every player's views, as :meth:`Strategy.play_turn` gets them, and takes each
    player's moves back, in the order of the entries."""

    def play_turn(self, views: Sequence[tuple[np.ndarray, np.ndarray]], t: int) -> list[np.ndarray]:
        """The moves of every player's running matches (``own``, ``opp`` each
        ``(k, turns)``; ``k`` may be 0), ``t`` turns played so far."""
        ...


@functools.cache
def _init_defaults(init: Callable[..., None]) -> tuple[tuple[str, Any], ...]:
    """The parameters of ``init`` that have defaults, with them: read from its signature
    once (every label and every strategy created asks)."""
    return tuple(
        (p.name, p.default)
        for p in inspect.signature(init).parameters.values()
        if p.name != "self" and p.default is not inspect.Parameter.empty
    )
