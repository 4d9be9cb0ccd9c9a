"""The plan of an experiment: a config expanded into its games, its axes (game, horizon,
noise) and its cells, one round robin per combination, each with its own seed and a key
(a digest of everything that determines its result). Nothing here plays a match.

A cell's seed and key are derived from what determines its result (strategies, game,
horizon, noise, repetitions, experiment seed, package version), never from the order or
the machine it ran on.
"""

from __future__ import annotations

import functools
import hashlib
import itertools
import json
from dataclasses import asdict, dataclass, replace
from typing import TYPE_CHECKING, Any

import numpy as np

from strategies.errors import IPDError, did_you_mean
from tournament.core.games import GAMES, Game
from tournament.experiments.config import ConfigError, ExperimentConfig, GameConfig

if TYPE_CHECKING:
    from strategies.base import Strategy

__all__ = ["Axis", "Cell", "ExperimentPlan", "ResolvedGame", "expand_games", "table_label"]


# -- games: presets with parameter lists -> one game per combination ------------------------


@dataclass(frozen=True)
class ResolvedGame:
    game: Game
    #: The config's parameters for this game (fixed and swept), e.g. ``{"b": 2.0}``.
    parameters: tuple[tuple[str, float], ...] = ()
    #: The index of the ``[[game]]`` table it comes from.
    table: int = 0


def table_label(spec: GameConfig, games: list[Game]) -> str:
    """What a ``[[game]]`` table is called (in ``[compare]`` and in the summary): its
    ``name``, else its preset, else the scenario's own name (``"custom"`` for payoffs)."""
    if spec.name:
        return spec.name
    if spec.preset is not None:
        return spec.preset.lower().replace("_", "-")
    return games[0].name if spec.file is not None else "custom"


def _swept_name(name: str, params: dict[str, float], spec: GameConfig) -> str:
    """A table's ``name`` with the parameters it sweeps: ``"power(monitoring=1)"``."""
    swept = [p for p, values in spec.parameters if len(values) > 1]
    if not swept:
        return name
    return f"{name}({', '.join(f'{p}={params[p]:g}' for p in swept)})"


def _table_games(spec: GameConfig, where: str) -> list[ResolvedGame]:
    """The games of one ``[[game]]`` table (a preset's parameter lists expanded)."""
    from tournament.core.games import parse_payoffs
    from tournament.core.scenarios import load_scenario

    if spec.payoffs is not None:
        text = ";".join(",".join(repr(v) for v in group) for group in spec.payoffs)
        game = parse_payoffs(text)
        return [ResolvedGame(replace(game, name=spec.name) if spec.name else game)]
    if spec.file is not None:
        try:
            game = load_scenario(spec.file)
        except IPDError as exc:
            raise ConfigError(f"{where}.file: {exc}") from None
        return [ResolvedGame(replace(game, name=spec.name) if spec.name else game)]
    out = []
    names = [name for name, _ in spec.parameters]
    for combo in itertools.product(*(values for _, values in spec.parameters)):
        params = dict(zip(names, combo, strict=True))
        try:
            game = GAMES[spec.preset.lower().replace("_", "-")](**params)
        except (IPDError, ValueError, TypeError) as exc:
            raise ConfigError(f"{where}: {spec.preset} with {params}: {exc}") from None
        if spec.name:
            game = replace(game, name=_swept_name(spec.name, params, spec))
        out.append(ResolvedGame(game, tuple(params.items())))
    return out


def expand_games(config: ExperimentConfig) -> list[ResolvedGame]:
    """Every game of the config, parameter lists expanded in file order."""
    out: list[ResolvedGame] = []
    for i, spec in enumerate(config.game):
        where = f"{config.source}: game" + (f"[{i}]" if len(config.game) > 1 else "")
        out += [replace(g, table=i) for g in _table_games(spec, where)]
    labels = [g.game.name for g in out]
    for label in labels:
        if labels.count(label) > 1:
            raise ConfigError(
                f"{config.source}: game: {label!r} appears twice: expected each game once "
                "(give the [[game]] tables different 'name's)"
            )
    return out


def _turns(n: int) -> str:
    return f"{n} turn" if n == 1 else f"{n} turns"


# -- cells -------------------------------------------------------------------------------------


def pairs_per_tournament(size: int, symmetric: bool) -> int:
    """Matches per repetition of a round robin of ``size`` strategies (self-play
    included; each player in each role in an asymmetric game)."""
    return size * (size + 1) // 2 if symmetric else size * size


@dataclass(frozen=True)
class Cell:
    """One tournament of the sweep."""

    index: int
    game: Game
    game_parameters: tuple[tuple[str, float], ...]
    turns: int | None
    prob_end: float | None
    noise: float
    repetitions: int
    players: tuple[str, ...]
    experiment_seed: int
    player_keys: tuple[str, ...]
    #: ``(generations, mutation)`` of the ecological simulation run in the cell, if any.
    evolution: tuple[int, float] | None = None
    #: Whether strategies are kept from knowing the length of fixed-length matches.
    hide_length: bool = False
    #: In a random study (``[random]``): the trial the cell belongs to, its tournament
    #: type and the labels of its strategies (a sweep's cells play the whole field).
    trial: int | None = None
    tournament_type: str = ""
    labels: tuple[str, ...] = ()

    @property
    def coordinates(self) -> dict[str, Any]:
        """What identifies the cell in the sweep (independent of its position); in a
        random study also its trial, type, field and repetitions, so that two trials
        never share a seed or a key."""
        game = self.game.to_dict()
        # what besides the payoffs changes results (absent from plain games, whose seeds
        # stay as they were before games had them)
        extra = {k: game[k] for k in ("relational_rent", "governance") if k in game}
        return {
            "game": {"name": self.game.name, "roles": list(self.game.roles)}
            | {"payoffs": self.game.payoffs.tolist()}
            | extra,
            "turns": self.turns,
            "prob_end": self.prob_end,
            "noise": self.noise,
        } | (
            {
                "trial": self.trial,
                "type": self.tournament_type,
                "players": list(self.player_keys),
                "repetitions": self.repetitions,
            }
            if self.trial is not None
            else {}
        )

    @functools.cached_property
    def seed(self) -> int:
        """The cell's own seed, from the experiment seed and the cell's coordinates."""
        text = json.dumps([self.experiment_seed, self.coordinates], sort_keys=True)
        return int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "big") >> 1

    @functools.cached_property
    def key(self) -> str:
        """A digest of everything that determines the cell's result."""
        from tournament import __version__
        from tournament.core.chunks import chunking

        text = json.dumps(
            {
                "version": __version__,
                **chunking(self.prob_end is not None),
                "players": list(self.player_keys),
                "repetitions": self.repetitions,
                **({"evolution": list(self.evolution)} if self.evolution else {}),
                **({"hide_length": True} if self.hide_length else {}),
                "seed": self.seed,
                **self.coordinates,
            },
            sort_keys=True,
        )
        return hashlib.sha256(text.encode()).hexdigest()

    @property
    def horizon(self) -> str:
        return _turns(self.turns) if self.turns is not None else f"p_end {self.prob_end:g}"

    @property
    def expected_turns(self) -> float:
        return float(self.turns) if self.turns is not None else 1.0 / float(self.prob_end)

    @property
    def expected_match_turns(self) -> float:
        """Pairs x repetitions x turns (``1 / p_e`` for a probabilistic ending)."""
        pairs = pairs_per_tournament(len(self.players), self.game.symmetric)
        return pairs * self.repetitions * self.expected_turns

    def describe(self) -> str:
        if self.trial is not None:
            return (
                f"trial {self.trial} {self.tournament_type}, {len(self.players)} strategies, "
                f"{self.horizon}, noise {self.noise:g}"
            )
        return f"{self.game.name}, {self.horizon}, noise {self.noise:g}"

    def columns(self, parameter_names: list[str]) -> dict[str, Any]:
        """The cell's swept parameters as table columns."""
        params = dict(self.game_parameters)
        return {
            "cell": self.index,
            "game": self.game.name,
            **{f"game_{name}": params.get(name, np.nan) for name in parameter_names},
            "turns": self.turns,
            "prob_end": self.prob_end,
            "noise": self.noise,
        }


@dataclass(frozen=True)
class Axis:
    """One swept dimension: its name, tick labels and numeric positions, in order."""

    name: str
    labels: tuple[str, ...]
    values: tuple[float, ...]
    title: str
    log: bool = False
    #: What a label is prefixed with in words (``"noise "``, ``"step "``).
    prefix: str = ""
    #: The game parameter the game axis sweeps, when it sweeps exactly one.
    parameter: str = ""


# -- the experiment: the field, the games, the cells and the axes ------------------------------


def _field(config: ExperimentConfig) -> tuple[list[str], list[Strategy]]:
    """The strategy specs of the config (roster first, then ``strategies``; the default
    field if both are empty) and their players."""
    from strategies.rosters import get_roster
    from tournament.core.players import create_player
    from tournament.core.round_robin import DEFAULT_FIELD

    source = config.source
    specs: list[str] = []
    if config.roster is not None:
        try:
            specs += get_roster(config.roster).names()
        except IPDError as exc:
            raise ConfigError(f"{source}: roster: {exc}") from None
    specs += list(config.strategies)
    if not specs:
        specs = list(DEFAULT_FIELD)
    players = []
    for i, spec in enumerate(specs):
        try:
            players.append(create_player(spec))
        except IPDError as exc:
            where = f"strategies[{i - (len(specs) - len(config.strategies))}]"
            raise ConfigError(f"{source}: {where}: {exc}") from None
    return specs, players


class ExperimentPlan:
    """A checked config and its cells: what an experiment will compute (nothing runs
    here; :class:`~tournament.experiments.runner.Experiment` adds running).

    >>> from tournament.experiments.config import parse_config
    >>> exp = ExperimentPlan(parse_config('strategies = ["TFT", "Defector"]\\n'
    ...                               '[sweep]\\nnoise = [0, 0.1]\\nturns = [5, 50]'))
    >>> len(exp.cells), [a.name for a in exp.swept_axes]
    (4, ['horizon', 'noise'])
    """

    def __init__(self, config: ExperimentConfig) -> None:
        from tournament.core.round_robin import _unique_labels

        if config.random is not None:
            raise ConfigError(
                f"{config.source}: random: a [random] study is planned by "
                "tournament.experiments.RandomStudy (run_experiment and 'ipd run' choose it)"
            )
        self.config = config
        specs, players = _field(config)
        self.players = players
        self.labels = _unique_labels([p.label for p in players])
        self.families = [p.family for p in players]
        self.specs = tuple(specs)
        self.games = expand_games(config)
        self.table_labels = [
            table_label(spec, [g.game for g in self.games if g.table == i])
            for i, spec in enumerate(config.game)
        ]
        self.compared = self._compared()
        self.parameter_names = list(
            dict.fromkeys(name for g in self.games for name, _ in g.parameters)
        )
        self.cells = self._cells()
        self.axes = self._axes()
        self.figure_strategies = self._figure_strategies()
        self.map_axes = self._map_axes()

    def _cells(self) -> list[Cell]:
        config = self.config
        # what a player is, independent of where its class lives (modules move)
        keys = tuple(
            f"{type(p).__qualname__}:{p.name}{sorted(p.params.items())!r}" for p in self.players
        )
        evolution = (
            (config.evolution.generations, config.evolution.mutation) if config.evolution else None
        )
        return [
            Cell(
                index=i,
                game=g.game,
                game_parameters=g.parameters,
                turns=turns,
                prob_end=prob_end,
                noise=noise,
                repetitions=config.repetitions,
                players=self.specs,
                experiment_seed=config.seed,
                player_keys=keys,
                evolution=evolution,
                hide_length=config.hide_length,
            )
            for i, (g, (turns, prob_end), noise) in enumerate(
                itertools.product(self.games, config.horizons, config.sweep.noise)
            )
        ]

    def _compared(self) -> tuple[int, int] | None:
        """The ``[[game]]`` tables named by ``[compare] games`` (their indices)."""
        if self.config.compare is None:
            return None
        labels = self.table_labels
        found = []
        for i, name in enumerate(self.config.compare.games):
            where = f"{self.config.source}: compare.games[{i}]"
            if labels.count(name) != 1:
                if name in labels:
                    raise ConfigError(
                        f"{where}: {name!r} names {labels.count(name)} [[game]] tables: "
                        "give them different 'name's"
                    )
                raise ConfigError(
                    f"{where}: got {name!r}, expected the name of a [[game]] table (its "
                    f"'name', else its preset): {', '.join(labels)}.{did_you_mean(name, labels)}"
                )
            found.append(labels.index(name))
        return found[0], found[1]

    def cell_labels(self, cell: Cell) -> list[str]:
        """The strategies a cell's file must hold: the whole field in a sweep."""
        return list(cell.labels) if cell.labels else self.labels

    def table_of(self, cell: Cell) -> int:
        """The index of the ``[[game]]`` table the cell's game comes from."""
        return self.games[self.position(cell)[0]].table

    # -- axes --------------------------------------------------------------------------

    def _axes(self) -> list[Axis]:
        games = [g.game.name for g in self.games]
        swept = [(n, v) for spec in self.config.game for n, v in spec.parameters if len(v) > 1]
        if len(self.config.game) == 1 and len(swept) == 1:
            name, values = swept[0]
            spec = self.config.game[0]
            game_axis = Axis(
                "game",
                tuple(f"{v:g}" for v in values),
                tuple(values),
                f"{spec.name or spec.preset}: {name}",
                prefix=f"{name} ",
                parameter=name,
            )
        else:
            game_axis = Axis("game", tuple(games), tuple(range(len(games))), "game")
        horizons = self.config.horizons
        horizon_axis = Axis(
            "horizon",
            tuple(
                _turns(t) if t is not None else f"p_end {p:g} (mean {1 / p:.3g})"
                for t, p in horizons
            ),
            tuple(float(t) if t is not None else 1.0 / p for t, p in horizons),
            "match length (expected turns)",
            log=True,
        )
        noise = self.config.sweep.noise
        noise_axis = Axis("noise", tuple(f"{v:g}" for v in noise), noise, "noise", prefix="noise ")
        return [game_axis, horizon_axis, noise_axis]

    @property
    def swept_axes(self) -> list[Axis]:
        return [a for a in self.axes if len(a.labels) > 1]

    def position(self, cell: Cell) -> tuple[int, int, int]:
        """The cell's index on each axis (game, horizon, noise)."""
        n_h, n_n = len(self.axes[1].labels), len(self.axes[2].labels)
        return cell.index // (n_h * n_n), (cell.index // n_n) % n_h, cell.index % n_n

    def _map_axes(self) -> tuple[str, str] | None:
        names = {a.name: a for a in self.axes}
        chosen = self.config.figures.map
        if chosen:
            for name in chosen:
                if name not in names:
                    raise ConfigError(
                        f"{self.config.source}: figures.map: got {name!r}, expected two of: "
                        "game, horizon, noise"
                    )
            return chosen[0], chosen[1]
        swept = sorted(self.swept_axes, key=lambda a: -len(a.labels))
        if not swept:
            return None
        if len(swept) == 1:
            return swept[0].name, next(a.name for a in self.axes if a is not swept[0])
        x, y = swept[0], swept[1]
        return (x.name, y.name)

    def _figure_strategies(self) -> list[str]:
        from tournament.core.players import create_player

        out = []
        for i, spec in enumerate(self.config.figures.strategies):
            try:
                label = create_player(spec).label
            except IPDError as exc:
                raise ConfigError(f"{self.config.source}: figures.strategies[{i}]: {exc}") from None
            if label not in self.labels:
                raise ConfigError(
                    f"{self.config.source}: figures.strategies[{i}]: got {spec!r}, expected "
                    f"a strategy of the field: {', '.join(self.labels)}"
                )
            out.append(label)
        return out

    def resolved(self) -> dict[str, Any]:
        """The config with every default filled in and every axis expanded."""
        config = asdict(self.config)
        config.pop("text")
        config.pop("random")  # a sweep's file has no [random] table
        config["out"] = str(self.config.out_dir)
        config["players"] = [
            {"spec": s, "label": lab, "family": f}
            for s, lab, f in zip(self.specs, self.labels, self.families, strict=True)
        ]
        config["games"] = [
            g.game.to_dict()
            | {"table": self.table_labels[g.table]}
            | ({"description": g.game.description} if g.game.description else {})
            for g in self.games
        ]
        config["horizons"] = [{"turns": t, "prob_end": p} for t, p in self.config.horizons]
        config["cells"] = len(self.cells)
        return config
