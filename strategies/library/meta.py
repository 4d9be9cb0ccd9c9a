"""Meta strategies (Karol Langner, Marc Harper, Vince Knight; as defined in the Axelrod
library's ``meta.py``, version 4.13): a player that holds a team of strategies, asks every
member for a move each turn and combines the proposals (majority, minority, hunters'
alarm, random mixing). The best-scorer players are in :mod:`meta_winners`.

Each member keeps its *own* history (the moves it proposed, whatever the meta player
played) and sees the real opponent's history, as in the library. The teams are data,
``strategies/data/meta_teams.toml`` (made by ``docs/make_meta_teams.py``): the library's
printed names of the members, in the library's order (it decides ties), each played
through its native equivalent.
"""

from __future__ import annotations

import functools
import math
import numbers
import tomllib
from collections.abc import Hashable, Sequence
from importlib import resources

import numpy as np

from strategies.base import Strategy, as_actions, check_int, check_probability, moves_to_str
from strategies.errors import IPDError
from strategies.library.meta_play import start_pool, start_team, team_window
from strategies.registry import REGISTRY

__all__ = [
    "MemoryDecay",
    "MetaHunter",
    "MetaHunterAggressive",
    "MetaMajority",
    "MetaMajorityFiniteMemory",
    "MetaMajorityLongMemory",
    "MetaMajorityMemoryOne",
    "MetaMinority",
    "MetaMixer",
    "MetaStrategy",
    "majority",
    "meta_team",
    "minority",
]

_U8 = np.uint8


# -- the teams, as data --------------------------------------------------------------


@functools.cache
def _team_tables() -> dict[str, dict]:
    text = resources.files("strategies").joinpath("data/meta_teams.toml").read_text()
    return {k: v for k, v in tomllib.loads(text).items() if isinstance(v, dict)}


def meta_team(key: str) -> dict:
    """The table of the library's meta class ``key`` in ``meta_teams.toml``: its printed
    ``name``, its ``members`` (printed names, in order) and its ``params``."""
    tables = _team_tables()
    if key not in tables:
        raise IPDError(f"no team {key!r} in strategies/data/meta_teams.toml")
    return tables[key]


@functools.cache
def _native_team(key: str) -> tuple[str, ...]:
    """The native names of the members of team ``key``, in the library's order."""
    from strategies.catalogue import native_equivalents

    natives = native_equivalents()
    missing = [m for m in meta_team(key)["members"] if m not in natives]
    if missing:
        raise IPDError(
            f"team {key!r} (strategies/data/meta_teams.toml): no native strategy is the "
            f"equivalent of {', '.join(repr(m) for m in missing)}"
        )
    return tuple(natives[m] for m in meta_team(key)["members"])


def _check_team(team: object) -> tuple[str, ...] | None:
    """A ``team`` parameter: ``None`` (the library's team) or native strategy specs."""
    if team is None:
        return None
    if isinstance(team, str) or not isinstance(team, Sequence) or not team:
        raise ValueError(f"team must be a non-empty list of strategy names, got {team!r}")
    specs = []
    for spec in team:
        if not isinstance(spec, str):
            raise ValueError(f"team members must be strategy names, got {spec!r}")
        if REGISTRY.create(spec).family == "meta":
            raise ValueError(f"a team cannot hold a meta strategy, got {spec!r}")
        specs.append(spec)
    return tuple(specs)


# -- combining the proposals: pure functions over (m members, k matches) ---------------


def majority(proposals: np.ndarray) -> np.ndarray:
    """Defect where more members propose D than C (a tie cooperates)."""
    defect = proposals.sum(axis=0, dtype=np.int64)
    return (2 * defect > proposals.shape[0]).astype(_U8)


def minority(proposals: np.ndarray) -> np.ndarray:
    """Defect where fewer members propose D than C (a tie cooperates)."""
    defect = proposals.sum(axis=0, dtype=np.int64)
    return (2 * defect < proposals.shape[0]).astype(_U8)


# -- the generic team player ---------------------------------------------------------


class MetaStrategy(Strategy, abstract=True):
    """A team player: every turn each member proposes a move from its own history of
    proposals and the real opponent's history (the memory-one members all at once: see
    :mod:`~strategies.library.meta_play`); :meth:`combine` makes the move.

    ``team_key`` names the library's team in ``meta_teams.toml``; a ``team`` parameter
    (native specs) replaces it. The proposals are kept over the team's window.
    """

    family = "meta"
    memory_depth = None
    long_run_time = True
    team_key: str = ""

    def __init__(self) -> None:
        super().__init__()
        self.set_params()

    # -- naming and metadata --

    def team_specs(self) -> tuple[str, ...]:
        """The members' native specs, in the library's order."""
        team = self.params.get("team")
        return team if team is not None else _native_team(self.team_key)

    def axelrod_name(self) -> str | None:
        if self.params.get("team") is not None:
            return None  # the library prints only the team's size
        return meta_team(self.team_key)["name"]

    @functools.cached_property
    def history_window(self) -> int | None:  # type: ignore[override]
        """The widest window of the members (at least 1), ``None`` if one has none."""
        return team_window(self.team_specs())

    def _members_stochastic(self) -> bool:
        return any(REGISTRY.create(s).is_stochastic() for s in self.team_specs())

    def is_stochastic(self) -> bool:
        if self.params.get("team") is None:
            return self.stochastic
        return self._members_stochastic()

    # -- the engine contract --

    def group_key(self) -> Hashable | None:
        """Meta players of one team share its members in a batch (see :class:`TeamPool`)."""
        pooled = type(self).step is MetaStrategy.step  # not those that step otherwise
        return ("meta team", self.team_specs(), self.history_window) if pooled else None

    start_group = classmethod(start_pool)

    def reset(self, n: int, rng: np.random.Generator, payoff: np.ndarray) -> None:
        super().reset(n, rng, payoff)
        if not self.__dict__.pop("pooled", False):  # else the group's TeamPool plays
            self.members, self._team = start_team(self.team_specs(), rng, n, payoff, self)

    def step(self, own: np.ndarray, opp: np.ndarray) -> np.ndarray:
        k, t = opp.shape[0], self.t
        if t > 0:
            self.observe(self._team.latest[:, :k], opp[:, -1])
        return self.combine(self._team.play(opp, t), opp)

    def observe(self, last: np.ndarray, opp_last: np.ndarray) -> None:
        """Learn from the previous turn: ``last`` ``(members, k)`` the members'
        proposals, ``opp_last`` ``(k,)`` the opponent's move."""

    def combine(self, proposals: np.ndarray, opp: np.ndarray) -> np.ndarray:
        """The move of each running match from the members' ``(members, k)`` proposals."""
        raise NotImplementedError


class _TeamParameter(MetaStrategy, abstract=True):
    """A meta player whose team the library lets its user choose."""

    def __init__(self, team: Sequence[str] | None = None) -> None:
        Strategy.__init__(self)
        self.set_params(team=_check_team(team))


# -- majority and minority -----------------------------------------------------------


class MetaMajority(_TeamParameter):
    """Meta Majority (Karol Langner, Axelrod library): plays as the majority of its team
    (every ordinary strategy of the library's catalogue) proposes; a tie cooperates."""

    name = "Meta Majority"
    stochastic = True
    makes_use_of = frozenset({"game", "length"})
    team_key = "MetaMajority"

    def combine(self, proposals: np.ndarray, opp: np.ndarray) -> np.ndarray:
        return majority(proposals)


class MetaMinority(_TeamParameter):
    """Meta Minority (Karol Langner, Axelrod library): plays as the minority of its team
    (every ordinary strategy of the library's catalogue) proposes: it defects when fewer
    members propose D than C, and cooperates otherwise (a tie included)."""

    name = "Meta Minority"
    stochastic = True
    makes_use_of = frozenset({"game", "length"})
    team_key = "MetaMinority"

    def combine(self, proposals: np.ndarray, opp: np.ndarray) -> np.ndarray:
        return minority(proposals)


class MetaMajorityMemoryOne(MetaStrategy):
    """Meta Majority Memory One (Marc Harper, Axelrod library): Meta Majority whose team
    is the library's strategies of memory depth at most one."""

    name = "Meta Majority Memory One"
    stochastic = True
    long_run_time = False
    makes_use_of = frozenset({"game"})
    team_key = "MetaMajorityMemoryOne"
    combine = MetaMajority.combine


class MetaMajorityFiniteMemory(MetaStrategy):
    """Meta Majority Finite Memory (Marc Harper, Axelrod library): Meta Majority whose
    team is the library's strategies of finite memory depth."""

    name = "Meta Majority Finite Memory"
    stochastic = True
    makes_use_of = frozenset({"game"})
    team_key = "MetaMajorityFiniteMemory"
    combine = MetaMajority.combine


class MetaMajorityLongMemory(MetaStrategy):
    """Meta Majority Long Memory (Marc Harper, Axelrod library): Meta Majority whose team
    is the library's strategies of unbounded memory."""

    name = "Meta Majority Long Memory"
    stochastic = True
    makes_use_of = frozenset({"game", "length"})
    team_key = "MetaMajorityLongMemory"
    combine = MetaMajority.combine


# -- hunters -------------------------------------------------------------------------


def _hunters_move(proposals: np.ndarray, opp: np.ndarray, t: int) -> np.ndarray:
    """Defect if any hunter smells prey; otherwise cooperate, or after 100 turns (``t``
    played) play Tit For Tat."""
    alarm = proposals.any(axis=0)
    if t > 100:
        alarm |= opp[:, -1].astype(bool)
    return alarm.astype(_U8)


class MetaHunter(MetaStrategy):
    """Meta Hunter (Karol Langner, Axelrod library): a team of six hunters (Defector,
    Alternator, Random, Math Constant, Cycle and Eventual Cycle Hunter). It defects when
    any of them does; otherwise it cooperates, and after 100 turns it plays Tit For Tat
    (the library avoids Tit For Tat early, where it would mislead the hunters)."""

    name = "Meta Hunter"
    long_run_time = False
    team_key = "MetaHunter"

    def combine(self, proposals: np.ndarray, opp: np.ndarray) -> np.ndarray:
        return _hunters_move(proposals, opp, self.t)


class MetaHunterAggressive(_TeamParameter):
    """Meta Hunter Aggressive (Marc Harper, Axelrod library): Meta Hunter with Cooperator
    Hunter in its team as well, so that it exploits unconditional cooperators too."""

    name = "Meta Hunter Aggressive"
    long_run_time = False
    team_key = "MetaHunterAggressive"

    def combine(self, proposals: np.ndarray, opp: np.ndarray) -> np.ndarray:
        return _hunters_move(proposals, opp, self.t)


# -- mixing --------------------------------------------------------------------------


class MetaMixer(_TeamParameter):
    """Meta Mixer (Vince Knight, Axelrod library): each turn plays the proposal of a
    member drawn at random, uniformly or with the weights ``distribution`` (one per
    member, normalised). A team of one, or a distribution that puts all its weight on one
    member, plays that member alone."""

    name = "Meta Mixer"
    stochastic = True
    team_key = "MetaMixer"

    def __init__(
        self, team: Sequence[str] | None = None, distribution: Sequence[float] | None = None
    ) -> None:
        Strategy.__init__(self)
        team = _check_team(team)
        if distribution is not None:
            try:
                distribution = tuple(float(w) for w in distribution)
            except (TypeError, ValueError):
                raise ValueError(
                    f"distribution must be a list of weights, got {distribution!r}"
                ) from None
            if any(w < 0 or not math.isfinite(w) for w in distribution):
                raise ValueError(f"distribution weights must be >= 0, got {distribution!r}")
            if team is not None and len(distribution) != len(team):
                raise ValueError(
                    f"distribution needs one weight per team member ({len(team)}), "
                    f"got {len(distribution)}"
                )
            if not any(distribution):
                distribution = None  # all zeros: uniform, as the library does
        self.set_params(team=team, distribution=distribution)

    def _weights(self) -> np.ndarray | None:
        weights = self.params["distribution"]
        if weights is None:
            return None
        if len(weights) != len(self.team_specs()):
            raise ValueError(
                f"distribution needs one weight per team member ({len(self.team_specs())}), "
                f"got {len(weights)}"
            )
        return np.asarray(weights) / sum(weights)

    def _single(self) -> int | None:
        """The only member that can be drawn, if there is one."""
        if len(self.team_specs()) == 1:
            return 0
        weights = self._weights()
        if weights is not None and 1 in weights:
            return int(np.flatnonzero(weights == 1)[0])
        return None

    def axelrod_name(self) -> str | None:
        if self.params["distribution"] is not None:
            return None
        return super().axelrod_name()

    def is_stochastic(self) -> bool:
        if self.params["team"] is None and self.params["distribution"] is None:
            return True
        single = self._single()
        if single is None:
            return True
        return REGISTRY.create(self.team_specs()[single]).is_stochastic()

    def reset(self, n: int, rng: np.random.Generator, payoff: np.ndarray) -> None:
        super().reset(n, rng, payoff)
        self._p, self._index = self._weights(), self._single()

    def combine(self, proposals: np.ndarray, opp: np.ndarray) -> np.ndarray:
        m, k = proposals.shape
        if self._index is not None:
            return proposals[self._index].copy()
        chosen = self.rng.choice(m, size=k, p=self._p)
        return proposals[chosen, np.arange(k)]


# -- memory decay --------------------------------------------------------------------


class MemoryDecay(MetaStrategy):
    """Memory Decay (Axelrod library, after Rand et al.'s decaying memory): plays
    ``start_strategy`` (Tit For Tat) for the first ``start_strategy_duration`` turns while
    it memorises the opponent's moves. Then, each turn, a memory is altered (C <-> D) with
    probability ``p_memory_alter`` and one is forgotten with probability
    ``p_memory_delete``, both picked uniformly; it defects when the memory's net
    cooperation score (``gain_value`` per C, ``loss_value`` per D) is negative.

    Only the numbers of remembered Cs and Ds matter, so they are all it keeps. ``memory``
    (a string of C and D) starts the memory. When the memory is empty, nothing is altered
    or forgotten (the library fails there).
    """

    name = "Memory Decay"
    stochastic = True
    long_run_time = False
    team_key = "MemoryDecay"

    def __init__(
        self,
        p_memory_delete: float = 0.1,
        p_memory_alter: float = 0.03,
        loss_value: float = -2,
        gain_value: float = 1,
        memory: str = "",
        start_strategy: str = "Tit For Tat",
        start_strategy_duration: int = 15,
    ) -> None:
        Strategy.__init__(self)
        for label, value in (("loss_value", loss_value), ("gain_value", gain_value)):
            if isinstance(value, bool) or not isinstance(value, numbers.Real):
                raise ValueError(f"{label} must be a number, got {value!r}")
        if not isinstance(memory, str):
            raise ValueError(f"memory must be a string of C and D, got {memory!r}")
        if not isinstance(start_strategy, str):
            raise ValueError(f"start_strategy must be a strategy name, got {start_strategy!r}")
        self.set_params(
            p_memory_delete=check_probability("p_memory_delete", p_memory_delete),
            p_memory_alter=check_probability("p_memory_alter", p_memory_alter),
            loss_value=loss_value,
            gain_value=gain_value,
            memory=moves_to_str(as_actions(memory, "memory")),
            start_strategy=_check_team([start_strategy])[0],
            start_strategy_duration=check_int("start_strategy_duration", start_strategy_duration),
        )

    def team_specs(self) -> tuple[str, ...]:
        return (self.params["start_strategy"],)

    def is_stochastic(self) -> bool:
        return True

    def axelrod_name(self) -> str | None:
        start = REGISTRY.create(self.params["start_strategy"])
        library = start.axelrod_name()
        if library is None or start.params != type(start)().params:
            return None
        p = self.params
        values = [p["p_memory_delete"], p["p_memory_alter"], p["loss_value"], p["gain_value"]]
        if p["memory"]:
            values.append("[" + ", ".join(p["memory"]) + "]")
        values += [library.split(":")[0], p["start_strategy_duration"]]
        return "Memory Decay: " + ", ".join(str(v) for v in values)

    def reset(self, n: int, rng: np.random.Generator, payoff: np.ndarray) -> None:
        super().reset(n, rng, payoff)
        memory = as_actions(self.params["memory"])
        self._defections = np.full(n, int(memory.sum()), dtype=np.int64)
        self._cooperations = np.full(n, len(memory) - int(memory.sum()), dtype=np.int64)

    @functools.cached_property
    def history_window(self) -> int | None:  # type: ignore[override]
        """Its member plays only the first ``start_strategy_duration`` turns."""
        duration = max(1, self.params["start_strategy_duration"])
        return min(team_window(self.team_specs()) or duration, duration)

    def step(self, own: np.ndarray, opp: np.ndarray) -> np.ndarray:
        k, t = opp.shape[0], self.t
        if t < self.params["start_strategy_duration"]:
            return super().step(own, opp)
        return self.combine(np.empty((0, k), dtype=_U8), opp)  # no proposal is read now

    def combine(self, proposals: np.ndarray, opp: np.ndarray) -> np.ndarray:
        k, t = opp.shape[0], self.t
        cs, ds = self._cooperations[:k], self._defections[:k]
        if t > 0:
            ds += opp[:, -1]
            cs += 1 - opp[:, -1]
        if t < self.params["start_strategy_duration"]:
            return proposals[0].copy()
        u = self.rng.random((4, k))  # alter?, which memory, delete?, which memory
        size = cs + ds  # altering keeps it
        altered = (u[0] <= self.params["p_memory_alter"]) & (size > 0)
        picked_c = u[1] * size < cs  # the picked memory is a C
        gained_c = (altered & ~picked_c).astype(np.int64) - (altered & picked_c)
        cs += gained_c
        ds -= gained_c
        deleted = (u[2] <= self.params["p_memory_delete"]) & (size > 0)
        picked_c = u[3] * size < cs
        cs -= deleted & picked_c
        ds -= deleted & ~picked_c
        score = self.params["gain_value"] * cs + self.params["loss_value"] * ds
        return (score < 0).astype(_U8)
