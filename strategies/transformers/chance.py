"""The transformers that draw random numbers, as defined in the Axelrod library's
``strategy_transformers`` (version 4.13): Noisy, Forgiver, JossAnn and Mixed. Each draws
from its own stream (:attr:`Transformed.draws`), one number per running match and turn
when it needs one, and none when its probabilities are 0 and 1."""

from __future__ import annotations

import math
import numbers
from collections.abc import Sequence
from typing import Any

import numpy as np

from strategies.base import C, D, Strategy, check_probability
from strategies.transformers.wrapper import Classifier, Transformed, library_format, spec_of

__all__ = ["Forgiver", "JossAnn", "Mixed", "Noisy"]

_U8 = np.uint8


def _random(p: float) -> bool:
    return 0.0 < p < 1.0


def _probability(name: str, value: object) -> float:
    """A parameter that must be a number in [0, 1]."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ValueError(f"{name} must be a probability in [0, 1], got {value!r}")
    return check_probability(name, float(value))


class Noisy(Transformed, abstract=True):
    """Noisy: flips the strategy's move with probability ``noise`` (the library's
    ``NoisyTransformer``). Unlike a tournament's noise, it is this player's alone."""

    key = prefix = "Noisy"
    example = "Noisy(Tit For Tat, 0.1)"
    names = ("Noisy", "NoisyTransformer")

    def __init__(self, strategy: Strategy | str, noise: float = 0.05) -> None:
        super().__init__(strategy)
        self._setup(noise=_probability("noise", noise))

    def reclassify(self, inner: Classifier) -> Classifier:
        if _random(self.params["noise"]):
            return Classifier(inner.memory_depth, True, inner.makes_use_of, inner.long_run_time)
        return inner

    def transform(self, moves: np.ndarray, own: np.ndarray, opp: np.ndarray) -> np.ndarray:
        noise = self.params["noise"]
        if noise == 0.0:
            return moves
        if noise == 1.0:
            return moves ^ _U8(1)
        return moves ^ (self.draws.random(len(moves)) < noise).astype(_U8)


class Forgiver(Transformed, abstract=True):
    """Forgiver: plays C where the strategy would defect with probability ``p`` (the
    library's ``ForgiverTransformer``, whose players are named "Forgiving ...")."""

    key, prefix, example = "Forgiver", "Forgiving", "Forgiver(Grudger, 0.1)"
    names = ("Forgiver", "Forgiving", "ForgiverTransformer")

    def __init__(self, strategy: Strategy | str, p: float) -> None:
        super().__init__(strategy)
        self._setup(p=_probability("p", p))

    def reclassify(self, inner: Classifier) -> Classifier:
        if _random(self.params["p"]):
            return Classifier(inner.memory_depth, True, inner.makes_use_of, inner.long_run_time)
        return inner

    def transform(self, moves: np.ndarray, own: np.ndarray, opp: np.ndarray) -> np.ndarray:
        p = self.params["p"]
        if p == 0.0:
            return moves
        if p == 1.0:
            return np.zeros_like(moves)
        forgive = self.draws.random(len(moves)) < p
        return np.where(forgive, _U8(C), moves).astype(_U8)


def _number(name: str, value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ValueError(f"{name} must be a number, got {value!r}")
    if not math.isfinite(value) or value < 0:  # type: ignore[arg-type]
        raise ValueError(f"{name} must be a finite number >= 0, got {value!r}")
    return float(value)  # type: ignore[arg-type]


class JossAnn(Transformed, abstract=True):
    """JossAnn (Ashlock et al. 2010): cooperates with probability ``probability[0]``,
    defects with probability ``probability[1]``, and plays the strategy otherwise
    (probabilities that add up to more than 1 are scaled to add up to 1). Written
    ``JossAnn(Grudger, 0.1, 0.2)`` or ``JossAnn(Grudger, (0.1, 0.2))``; the library's
    ``JossAnnTransformer``, named "Joss-Ann ...". With ``(1, 0)`` or ``(0, 1)`` the
    strategy is never asked."""

    key, prefix, example = "JossAnn", "Joss-Ann", "JossAnn(Grudger, 0.1, 0.2)"
    names = ("JossAnn", "Joss-Ann", "JossAnnTransformer")

    def __init__(self, strategy: Strategy | str, probability: tuple[float, float]) -> None:
        super().__init__(strategy)
        if isinstance(probability, str) or not isinstance(probability, Sequence):
            raise ValueError(
                f"probability must be two numbers (cooperate, defect), got {probability!r}"
            )
        if len(probability) != 2:
            raise ValueError(f"probability must be two numbers, got {len(probability)}")
        given = (_number("probability", probability[0]), _number("probability", probability[1]))
        total = sum(given)
        self._p = given if total <= 1 else (given[0] / total, given[1] / total)
        self._setup(probability=given)

    @classmethod
    def pack(cls, args: list[Any]) -> list[Any]:
        """``JossAnn(X, 0.1, 0.2)``: the two numbers are the probability."""
        return [args[0], tuple(args[1:])] if len(args) == 3 else args

    @property
    def fixed(self) -> bool:
        """Whether it always cooperates or always defects, never asking the strategy."""
        return self._p in ((1.0, 0.0), (0.0, 1.0))

    def reclassify(self, inner: Classifier) -> Classifier:
        if self.fixed:  # the strategy is never asked: the library nulls its classifier
            return Classifier(0, False, frozenset(), False)
        return Classifier(inner.memory_depth, True, inner.makes_use_of, inner.long_run_time)

    def window(self, inner: int | None) -> int | None:
        return 0 if self.fixed else inner

    def propose(self, own: np.ndarray, opp: np.ndarray) -> np.ndarray:
        if self.fixed:
            return np.zeros(own.shape[0], dtype=_U8)
        return super().propose(own, opp)

    def transform(self, moves: np.ndarray, own: np.ndarray, opp: np.ndarray) -> np.ndarray:
        cooperate, defect = self._p
        if self.fixed:
            return np.full(len(moves), C if cooperate == 1.0 else D, dtype=_U8)
        if cooperate == defect == 0.0:
            return moves
        u = self.draws.random(len(moves))
        return np.where(u < cooperate, _U8(C), np.where(u < cooperate + defect, _U8(D), moves))


class Mixed(Transformed, abstract=True):
    """Mixed: each turn, plays the move of one of ``players`` (a spec, or a list of
    them) with the matching ``probability`` (a number, or a list), and the strategy's
    otherwise. The players see the whole history as played (the library's
    ``MixedTransformer``, named "Mutated ...")."""

    key, prefix, example = "Mixed", "Mutated", "Mixed(Tit For Tat, 0.2, Defector)"
    names = ("Mixed", "Mutated", "MixedTransformer")

    def __init__(
        self,
        strategy: Strategy | str,
        probability: float | Sequence[float],
        players: str | Sequence[str],
    ) -> None:
        from strategies.registry import REGISTRY

        super().__init__(strategy)
        single = isinstance(probability, numbers.Real)
        probs = [probability] if single else probability
        specs = [players] if isinstance(players, str) else players
        if isinstance(probs, str) or not isinstance(probs, Sequence) or not probs:
            raise ValueError(f"probability must be a number or a list, got {probability!r}")
        if not isinstance(specs, Sequence) or not all(isinstance(s, str) for s in specs):
            raise ValueError(f"players must be a strategy name or a list, got {players!r}")
        if len(probs) != len(specs):
            raise ValueError(f"{len(probs)} probabilities for {len(specs)} players")
        self._probs = np.array([_probability("probability", p) for p in probs])
        if self._probs.sum() > 1 + 1e-12:
            raise ValueError(f"the probabilities add up to more than 1: {probability!r}")
        self.players = [REGISTRY.create(spec) for spec in specs]
        names = [spec_of(m) for m in self.players]
        if single:
            self._setup(probability=float(probs[0]), players=names[0])
        else:
            self._setup(probability=tuple(map(float, probs)), players=tuple(names))

    @property
    def _sure(self) -> int | None:
        """The player given probability 1, if one is."""
        ones = np.flatnonzero(self._probs == 1.0)
        return int(ones[0]) if len(ones) else None

    def arguments(self) -> list[Any]:
        return [[float(p) for p in self._probs], [m.name for m in self.players]]

    def axelrod_name(self) -> str | None:
        names = [m.axelrod_name() for m in self.players]
        if None in names or self.inner.axelrod_name() is None:
            return None
        probs = ", ".join(library_format(float(p)) for p in self._probs)
        shown = ", ".join(repr(n.split(": ")[0]) for n in names)  # type: ignore[union-attr]
        return f"{self.prefix} {self.inner.axelrod_name()}: [{probs}], [{shown}]"

    def reclassify(self, inner: Classifier) -> Classifier:
        if not self._probs.any():
            return inner
        sure = self._sure
        stochastic = True if sure is None else self.players[sure].is_stochastic()
        return Classifier(inner.memory_depth, stochastic, inner.makes_use_of, inner.long_run_time)

    def window(self, inner: int | None) -> int | None:
        windows = [inner, *(m.history_window for m in self.players)]
        return None if None in windows else max(windows)  # type: ignore[type-var]

    def prepare(self, n: int, rng: np.random.Generator) -> None:
        self._mixed = [m.clone() for m in self.players]
        for member, stream in zip(self._mixed, rng.spawn(len(self._mixed)), strict=True):
            member.start(n, stream, self.payoff, self.length)  # type: ignore[arg-type]
        self._cumulative = np.cumsum(self._probs / max(self._probs.sum(), 1e-300))

    def propose(self, own: np.ndarray, opp: np.ndarray) -> np.ndarray:
        moves = super().propose(own, opp)
        self._proposals = [m.play_turn(own, opp, self.t) for m in self._mixed]
        return moves

    def transform(self, moves: np.ndarray, own: np.ndarray, opp: np.ndarray) -> np.ndarray:
        if not self._probs.any():
            return moves
        sure = self._sure
        if sure is not None:
            return self._proposals[sure]
        k = len(moves)
        mutate = self.draws.random(k) < self._probs.sum()
        pick = np.searchsorted(self._cumulative, self.draws.random(k), side="right")
        pick = np.minimum(pick, len(self._mixed) - 1)
        chosen = np.stack(self._proposals)[pick, np.arange(k)]
        return np.where(mutate, chosen, moves).astype(_U8)
