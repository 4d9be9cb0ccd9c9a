"""The transformed player: a strategy that wraps another (its *inner* strategy), asks it
for a move every turn and changes that move (:class:`Transformed`); and what it is, as
the Axelrod library's classifier says (:class:`Classifier`)."""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import Any, ClassVar

import numpy as np

from strategies.base import Action, Strategy, as_actions, moves_to_str
from strategies.errors import IPDError
from strategies.specs import split_arguments

__all__ = ["Classifier", "Moves", "Transformed", "check_moves", "library_format", "spec_of"]


class Moves(str):
    """A parameter that is a sequence of moves, kept as a string (``"CCD"``); the library
    prints it as a list (``[C, C, D]``)."""

    @property
    def actions(self) -> np.ndarray:
        return np.array([Action[c] for c in self], dtype=np.uint8)


@dataclass(frozen=True)
class Classifier:
    """A player's metadata as the Axelrod library's classifier has it: ``memory_depth``
    (``math.inf`` when unbounded), ``stochastic``, ``makes_use_of`` and
    ``long_run_time``. A transformer derives its player's from the inner strategy's, as
    the library's reclassifiers do."""

    memory_depth: float
    stochastic: bool
    makes_use_of: frozenset[str]
    long_run_time: bool

    @classmethod
    def of(cls, player: Strategy) -> Classifier:
        """The classifier of a native, transformed or adapted (``axelrod:``) player."""
        if isinstance(player, Transformed):
            return player.classifier
        depth = getattr(player, "memory", player.memory_depth)  # the adapter's is `memory`
        return cls(
            memory_depth=math.inf if depth is None else depth,
            stochastic=bool(player.is_stochastic()),
            makes_use_of=frozenset(player.makes_use_of),
            long_run_time=bool(player.long_run_time),
        )

    def deeper(self, depth: float) -> Classifier:
        """The same, remembering at least ``depth`` turns."""
        return replace(self, memory_depth=max(self.memory_depth, depth))


def spec_of(player: Strategy) -> str:
    """The spec that builds ``player`` again: a transformed player's :attr:`spec`, or the
    label (a name, with its changed parameters in brackets)."""
    return player.spec if isinstance(player, Transformed) else player.label


def library_format(value: Any) -> str:
    """A transformer's argument as the library prints it: ``[C, C, D]`` for moves,
    ``(0.1, 0.2)`` for a tuple, ``['Defector']`` for players, ``1`` for ``1.0``."""
    if isinstance(value, Moves):
        return "[" + ", ".join(value) + "]"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, tuple):
        inner = ", ".join(library_format(v) for v in value)
        return f"({inner},)" if len(value) == 1 else f"({inner})"
    if isinstance(value, list):
        return "[" + ", ".join(library_format(v) for v in value) + "]"
    if isinstance(value, str):
        return repr(value)
    return str(value)


def _inner(strategy: object) -> Strategy:
    """The inner strategy from a spec (resolved by the registry) or an instance (cloned)."""
    from strategies.registry import REGISTRY

    if isinstance(strategy, str):
        return REGISTRY.create(strategy)
    if callable(getattr(strategy, "clone", None)) and callable(getattr(strategy, "step", None)):
        return strategy.clone()  # type: ignore[union-attr]
    raise ValueError(f"strategy must be a strategy name or instance, got {strategy!r}")


class Transformed(Strategy, abstract=True):
    """A strategy transformed: every turn the inner strategy proposes a move from the
    history as played (the transformed moves, as in the library, whose transformers
    overwrite the player's history), and :meth:`transform` changes it.

    A transformer is a subclass: its ``__init__`` takes the inner strategy (a spec or an
    instance) and its parameters, checks them, and calls :meth:`_setup`; it overrides
    :meth:`transform`, and :meth:`reclassify`, :meth:`window`, :meth:`prepare` and
    :meth:`propose` when it needs to.
    """

    family = "transformed"
    #: The name users type (``"Dual"``), and other names they may (the library's class
    #: name, its name prefix).
    key: ClassVar[str] = ""
    names: ClassVar[tuple[str, ...]] = ()
    #: The library's name prefix: ``"Dual"`` names ``Dual Tit For Tat``.
    prefix: ClassVar[str] = ""
    #: A spec to show in listings.
    example: ClassVar[str] = ""

    def __init__(self, strategy: Strategy | str) -> None:
        super().__init__()
        self.inner = _inner(strategy)

    def _setup(self, **params: Any) -> None:
        """Record the parameters (already checked) and derive the metadata."""
        self.set_params(**params)
        self.classifier = self.reclassify(Classifier.of(self.inner))

    # -- what the library's classifier says, and what the engine needs ----------------

    def reclassify(self, inner: Classifier) -> Classifier:
        """The transformed player's classifier from the inner one's (the library's
        reclassifier; none changes nothing)."""
        return inner

    def window(self, inner: int | None) -> int | None:
        """The last turns :meth:`step` reads, given the inner strategy's window
        (``None``: the whole history)."""
        return inner

    @property
    def history_window(self) -> int | None:  # type: ignore[override]
        return self.window(self.inner.history_window)

    @property
    def memory_depth(self) -> int | None:  # type: ignore[override]
        depth = self.classifier.memory_depth
        return None if depth == math.inf else int(depth)

    @property
    def makes_use_of(self) -> frozenset[str]:  # type: ignore[override]
        return self.classifier.makes_use_of

    @property
    def long_run_time(self) -> bool:  # type: ignore[override]
        return self.classifier.long_run_time

    def is_stochastic(self) -> bool:
        return self.classifier.stochastic

    # -- naming ---------------------------------------------------------------------

    @property
    def name(self) -> str:  # type: ignore[override]
        """The library's name: ``"Dual Tit For Tat"``."""
        return f"{self.prefix} {self.inner.name}"

    def arguments(self) -> list[Any]:
        """The transformer's arguments, in order, as :func:`library_format` prints them
        (the library's ``repr`` appends them to the name)."""
        return list(self.params.values())

    def _suffix(self) -> str:
        args = self.arguments()
        return ": " + ", ".join(library_format(a) for a in args) if args else ""

    @property
    def label(self) -> str:
        """The library's naming over the inner label: ``"Joss-Ann Grudger: (0.1, 0.2)"``."""
        return f"{self.prefix} {self.inner.label}{self._suffix()}"

    def axelrod_name(self) -> str | None:
        """``str()`` of the library's transformed player, when the inner one has an
        equivalent."""
        inner = self.inner.axelrod_name()
        return None if inner is None else f"{self.prefix} {inner}{self._suffix()}"

    @property
    def spec(self) -> str:
        """The spec that builds this player again: ``"JossAnn(Grudger, (0.1, 0.2))"``."""
        inner = spec_of(self.inner)
        if len(split_arguments(inner)) != 1 or inner != inner.strip():
            inner = repr(inner)
        values = [_spec_value(v) for v in self.params.values()]
        return f"{self.key}({', '.join([inner, *values])})"

    def clone(self) -> Transformed:
        return type(self)(self.inner, **self.params)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Transformed) and self.spec == other.spec

    def __hash__(self) -> int:
        return hash(self.spec)

    # -- the engine contract ---------------------------------------------------------

    def reset(self, n: int, rng: np.random.Generator, payoff: np.ndarray) -> None:
        super().reset(n, rng, payoff)
        inner, self.draws, extra = rng.spawn(3)
        self.inner.start(n, inner, payoff, self.length)
        self.prepare(n, extra)

    def prepare(self, n: int, rng: np.random.Generator) -> None:
        """Allocate per-match state for ``n`` matches (``rng``: a spare stream)."""

    def step(self, own: np.ndarray, opp: np.ndarray) -> np.ndarray:
        return self.transform(self.propose(own, opp), own, opp)

    def propose(self, own: np.ndarray, opp: np.ndarray) -> np.ndarray:
        """The inner strategy's move, from the history as played."""
        return self.inner.play_turn(own, opp, self.t)

    def transform(self, moves: np.ndarray, own: np.ndarray, opp: np.ndarray) -> np.ndarray:
        """The moves played instead of the inner strategy's ``moves`` (never changed in
        place: they may be the inner strategy's own state)."""
        raise NotImplementedError


def _spec_value(value: Any) -> str:
    if isinstance(value, Moves):
        return repr(str(value))
    if isinstance(value, float):
        return f"{value:g}" if float(f"{value:g}") == value else repr(value)
    return repr(value)


def check_moves(name: str, moves: object) -> Moves:
    """A non-empty sequence of moves: ``"CCD"``, ``["C", "D"]`` or ``[0, 1]``."""
    if isinstance(moves, list | tuple) and all(isinstance(m, str) for m in moves):
        moves = "".join(moves)
    try:
        actions = as_actions(moves, name)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a string of C and D, got {moves!r}") from None
    if actions.ndim != 1 or not len(actions):
        raise ValueError(f"{name} must be a non-empty string of C and D, got {moves!r}")
    return Moves(moves_to_str(actions))


def no_strategy(key: str, example: str) -> IPDError:
    """The error for a transformer named without the strategy it transforms."""
    return IPDError(f"transformer {key!r} needs a strategy to transform: expected {example!r}")
