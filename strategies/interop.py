"""The Axelrod library's catalogue inside our engine: ``axelrod:<name>`` strategies.

An adapted strategy keeps one Axelrod-library player per match and plays it turn by
turn, match by match: results are exact, but it runs at the library's speed, hundreds of
times slower than native strategies. Each player is seeded from the engine's generator,
so tournaments with adapted strategies are as reproducible as native ones.

What the adapter gives a library player: its own and its opponent's histories (as
played, after noise), the game's payoffs for its role and the match length as the
tournament tells it, in the library's terms (the number of turns; ``inf`` for a
probabilistic ending; ``-1``, "unknown", when the tournament hides it). What it does not:
the noise level (``0``). Library strategies that inspect or manipulate
their opponent's source or state cannot play against a history alone: they are refused
with the reason.
"""

from __future__ import annotations

import functools
import warnings
from typing import Any

import numpy as np

from strategies.base import Strategy
from strategies.errors import IPDError, UnknownNameError, did_you_mean
from strategies.registry import REGISTRY
from strategies.specs import name_key, parse_spec

__all__ = ["PREFIX", "AxelrodStrategy", "axelrod_catalogue", "create_adapted"]

PREFIX = "axelrod:"
_CHEATING = ("inspects_source", "manipulates_source", "manipulates_state")


def _axelrod():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import axelrod

    return axelrod


@functools.cache
def axelrod_catalogue() -> dict[str, type]:
    """Every Axelrod-library strategy class by ``str(player)`` of its default instance."""
    axl = _axelrod()
    found: dict[str, type] = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        # the generic players are not in all_strategies but take parameters
        generic = [getattr(axl, n) for n in ("Cycler", "MemoryOnePlayer", "FSMPlayer")]
        for cls in [*axl.all_strategies, *generic]:
            try:
                found[str(cls())] = cls
            except Exception:  # noqa: BLE001 - a class that needs arguments has no default
                continue
    return found


@functools.cache
def _lookup() -> dict[str, type]:
    """Normalised keys -> class: the default ``str(player)``, the ``name`` attribute and
    the class name all work."""
    table: dict[str, type] = {}
    for label, cls in axelrod_catalogue().items():
        for key in (label, cls.name, cls.__name__):
            table.setdefault(name_key(key), cls)
    return table


def refusal(cls: type) -> str | None:
    """Why a library strategy cannot be adapted, or ``None`` if it can."""
    classifier = getattr(cls, "classifier", {})
    reasons = [c.replace("_", " ") for c in _CHEATING if classifier.get(c)]
    if reasons:
        return (
            f"it {' and '.join(reasons)} of its opponent, which a strategy playing against "
            "a move history cannot do"
        )
    return None


def create_adapted(spec: str) -> AxelrodStrategy:
    """An adapted strategy from ``"Tit For Tat"``, ``"First by Joss: 0.9"``,
    ``"FirstByJoss"`` or ``"GTFT(p=0.1)"`` (the part after ``axelrod:``)."""
    table = _lookup()
    cls = table.get(name_key(spec))
    args: list[Any] = []
    kwargs: dict[str, Any] = {}
    if cls is None:
        name, args, kwargs = parse_spec(spec)
        cls = table.get(name_key(name))
        if cls is None:
            raise UnknownNameError(
                f"unknown Axelrod-library strategy {spec!r}."
                f"{did_you_mean(name, axelrod_catalogue())} "
                "Run 'ipd strategies --axelrod' for the list."
            )
    reason = refusal(cls)
    if reason:
        raise IPDError(f"axelrod:{cls.name} cannot play in this engine: {reason}")
    return AxelrodStrategy(cls, *args, **kwargs)


class AxelrodStrategy(Strategy, abstract=True):
    """An Axelrod-library strategy played through the adapter (see the module docstring)."""

    name = "Axelrod library strategy"
    family = "adapted"

    def __init__(self, player_class: type, *args: Any, **kwargs: Any) -> None:
        super().__init__()
        self._class = player_class
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                prototype = player_class(*args, **kwargs)
        except (TypeError, ValueError) as exc:
            raise IPDError(f"bad parameters for axelrod:{player_class.name}: {exc}") from None
        self._label = str(prototype)
        self._classifier = dict(prototype.classifier)
        self._kwargs = dict(prototype.init_kwargs)  # every parameter, by name
        self.set_params(player=player_class.__name__, **self._kwargs)

    @property
    def label(self) -> str:
        return PREFIX + self._label

    def axelrod_name(self) -> str | None:
        return self._label

    def is_stochastic(self) -> bool:
        return bool(self._classifier.get("stochastic"))

    @property
    def memory(self) -> int | None:
        depth = self._classifier.get("memory_depth")
        return None if depth is None or depth == float("inf") else int(depth)

    def library_player(self) -> Any:
        """A fresh Axelrod-library player with these parameters."""
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return self._class(**self._kwargs)

    def clone(self) -> AxelrodStrategy:
        return AxelrodStrategy(self._class, **self._kwargs)

    def reset(self, n: int, rng: np.random.Generator, payoff: np.ndarray) -> None:
        super().reset(n, rng, payoff)
        axl = _axelrod()
        seeds = rng.integers(0, 2**32, size=n)
        games: dict[bytes, Any] = {}
        self._players, self._opponents = [], []
        # the library's convention: the length, inf for a probabilistic ending, -1 unknown
        length = -1 if self.length is None else self.length
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for i in range(n):
                (r, s), (t, p) = payoff[i]
                key = payoff[i].tobytes()
                if key not in games:
                    games[key] = axl.Game(r=r, s=s, t=t, p=p)
                player = self.library_player()
                player.set_seed(int(seeds[i]))
                player.set_match_attributes(length=length, game=games[key], noise=0)
                opponent = _opponent_class()()
                opponent.set_match_attributes(length=length, game=games[key], noise=0)
                self._players.append(player)
                self._opponents.append(opponent)
        self._actions = (axl.Action.C, axl.Action.D)

    def step(self, own: np.ndarray, opp: np.ndarray) -> np.ndarray:
        k, t = own.shape
        actions = self._actions
        moves = np.empty(k, dtype=np.uint8)
        defect = actions[1]
        for i in range(k):
            player, opponent = self._players[i], self._opponents[i]
            if t:
                mine, theirs = actions[own[i, -1]], actions[opp[i, -1]]
                player.update_history(mine, theirs)
                opponent.update_history(theirs, mine)
            moves[i] = player.strategy(opponent) == defect
        return moves


@functools.cache
def _opponent_class() -> type:
    """A library player that stands for the opponent: only its history is known."""
    axl = _axelrod()

    class Opponent(axl.Player):
        name = "Opponent"
        classifier = {"memory_depth": float("inf"), "stochastic": False}

        def strategy(self, opponent: Any) -> Any:  # pragma: no cover - never asked to play
            raise RuntimeError("the adapter's opponent stand-in does not play")

    return Opponent


REGISTRY.add_prefix(PREFIX, create_adapted)
