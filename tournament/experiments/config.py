"""Experiment configs: a TOML file mapped 1:1 onto frozen dataclasses, checked on load.

Every mistake is reported before any cell runs, naming the file, the key, the value and
what is expected::

    experiments/noise.toml: sweep.noise: got 1.5, expected a probability in [0, 1]

A sweep axis is a number, a list of numbers, or a range table
``{start = 0, stop = 0.2, num = 21}`` / ``{start = 0, stop = 0.2, step = 0.01}``
(both ends included; ``scale = "log"`` spaces ``num`` values geometrically); the value
readers are in :mod:`~tournament.experiments.values`.

Instead of a ``[sweep]``, a ``[random]`` table asks for random tournaments (a meta
analysis): each trial draws its field from the pool and its parameters from ranges
``{min = .., max = ..}`` (:class:`RandomConfig`).
"""

from __future__ import annotations

import inspect
import math
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from strategies.errors import did_you_mean
from tournament.common.tables import ConfigError, Table
from tournament.experiments.values import (
    TABLE_FORMATS,
    TOURNAMENT_TYPES,
    is_number,
    read_bool,
    read_draw_noise,
    read_draw_prob_end,
    read_draw_repetitions,
    read_draw_turns,
    read_game_value,
    read_name,
    read_names,
    read_noise,
    read_positive_int,
    read_prob_end,
    read_rate,
    read_seed,
    read_size_range,
    read_string,
    read_table_format,
    read_turns,
    read_types,
)

__all__ = [
    "MEASURES",
    "CompareConfig",
    "ConfigError",
    "EvolutionConfig",
    "ExperimentConfig",
    "FiguresConfig",
    "GameConfig",
    "RandomConfig",
    "SweepConfig",
    "TABLE_FORMATS",
    "TOURNAMENT_TYPES",
    "load_config",
    "parse_config",
]


@dataclass(frozen=True)
class GameConfig:
    """One ``[[game]]`` table: a preset (``ipd games``) whose parameters may be swept,
    custom payoffs ``[R, S, T, P]`` (or one group per role), or a scenario file."""

    preset: str | None = None
    payoffs: tuple[tuple[float, float, float, float], ...] | None = None
    name: str | None = None
    #: ``(parameter, values)`` pairs in file order; one value is fixed, several are swept.
    parameters: tuple[tuple[str, tuple[float, ...]], ...] = ()
    #: A scenario file (:func:`~tournament.core.scenarios.load_scenario`), as a path from
    #: the working directory (written relative to the experiment file).
    file: str | None = None


@dataclass(frozen=True)
class SweepConfig:
    """The ``[sweep]`` table: noise levels and horizons (fixed lengths and/or ending
    probabilities). A horizon is either a number of turns or an ending probability."""

    noise: tuple[float, ...] = (0.0,)
    turns: tuple[int, ...] = ()
    prob_end: tuple[float, ...] = ()


@dataclass(frozen=True)
class FiguresConfig:
    """The ``[figures]`` table."""

    #: Strategies drawn in the rank curves (default: the winners and the best reciprocal).
    strategies: tuple[str, ...] = ()
    #: The two axes of the reciprocity map (default: the two swept axes with most values).
    map: tuple[str, ...] = ()
    #: Also draw one ranking plot per cell (``cells/<cell>.png``).
    cell_rankings: bool = False


@dataclass(frozen=True)
class EvolutionConfig:
    """The ``[evolution]`` table: run Axelrod's ecological simulation in every cell,
    from equal shares, on the cell's payoffs."""

    generations: int = 200
    mutation: float = 0.0


@dataclass(frozen=True)
class RandomConfig:
    """The ``[random]`` table: random tournaments drawn from the field (the pool), as in
    the meta analysis of Glynatsi, Knight and Harper (2020). Each trial draws its size,
    its strategies (distinct), repetitions, turns, noise and an ending probability,
    then plays each of :attr:`types` on that field. Ranges are ``(min, max)``, both ends
    included, except the ending probability, drawn from ``(min, max]``."""

    #: The number of trials (each plays ``len(types)`` tournaments).
    tournaments: int
    #: Strategies per tournament; ``max`` ``None``: the pool's size.
    size: tuple[int, int | None] = (3, None)
    repetitions: tuple[int, int] = (10, 100)
    turns: tuple[int, int] = (1, 200)
    noise: tuple[float, float] = (0.0, 1.0)
    prob_end: tuple[float, float] = (0.0, 1.0)
    #: Some of :data:`TOURNAMENT_TYPES`, in that order.
    types: tuple[str, ...] = TOURNAMENT_TYPES
    #: The combined table's format: one of :data:`TABLE_FORMATS`.
    table_format: str = "auto"


#: What a ``[compare]`` table may compare: the market's mean payoff after the ecological
#: simulation, or the round robin's plain mean score.
MEASURES = ("evolution", "round-robin")


@dataclass(frozen=True)
class CompareConfig:
    """The ``[compare]`` table: two ``[[game]]`` tables (by their ``name``, else their
    preset) compared cell by cell along the other axes."""

    games: tuple[str, str]
    #: One of :data:`MEASURES`; ``None``: ``"evolution"`` with an ``[evolution]`` table.
    measure: str | None = None


@dataclass(frozen=True)
class ExperimentConfig:
    """A whole experiment file. Paths are relative to the working directory."""

    name: str
    description: str = ""
    #: The question the experiment answers: the first line of its answer in words and
    #: the title of its figures.
    question: str = ""
    seed: int = 1
    repetitions: int = 10
    #: Hide the match length from strategies (told by default for fixed lengths).
    hide_length: bool = False
    strategies: tuple[str, ...] = ()
    roster: str | None = None
    out: str | None = None
    workers: int = 1
    dask: str | None = None
    sweep: SweepConfig = field(default_factory=SweepConfig)
    game: tuple[GameConfig, ...] = (GameConfig(preset="classic"),)
    figures: FiguresConfig = field(default_factory=FiguresConfig)
    evolution: EvolutionConfig | None = None
    compare: CompareConfig | None = None
    #: Random tournaments instead of a sweep.
    random: RandomConfig | None = None
    #: The file it was read from and its text (not keys of the file).
    source: str = field(default="", compare=False)
    text: str = field(default="", repr=False, compare=False)

    @property
    def out_dir(self) -> Path:
        return Path(self.out) if self.out else Path("results") / self.name

    @property
    def horizons(self) -> list[tuple[int | None, float | None]]:
        """``(turns, prob_end)`` per horizon: fixed lengths first, then ending
        probabilities; 200 turns when neither is given."""
        if not self.sweep.turns and not self.sweep.prob_end:
            return [(200, None)]
        return [(t, None) for t in self.sweep.turns] + [(None, p) for p in self.sweep.prob_end]


# -- reading -----------------------------------------------------------------------------


def load_config(path: str | Path) -> ExperimentConfig:
    """Read and check an experiment file."""
    path = Path(path)
    if not path.is_file():
        hint = ""
        if path.parent.is_dir():
            hint = did_you_mean(path.name, [p.name for p in path.parent.glob("*.toml")])
        raise ConfigError(f"no experiment file {str(path)!r}.{hint} Expected a .toml file.")
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read the file ({exc})") from None
    return parse_config(text, source=str(path))


def parse_config(text: str, source: str = "<config>") -> ExperimentConfig:
    """Check a config's TOML text; ``source`` names it in error messages."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{source}: not valid TOML: {exc}") from None
    top = Table(data, "", source)
    default_name = Path(source).stem if source != "<config>" else "experiment"
    games = top.pop("game", (GameConfig(preset="classic"),), _games)
    config = ExperimentConfig(
        name=top.pop("name", default_name, read_name),
        description=top.pop("description", "", read_string),
        question=" ".join(top.pop("question", "", read_string).split()),
        seed=top.pop("seed", 1, read_seed),
        repetitions=top.pop("repetitions", 10, read_positive_int),
        hide_length=top.pop("hide_length", False, read_bool),
        strategies=top.pop("strategies", (), read_names),
        roster=top.pop("roster", None, read_string),
        out=top.pop("out", None, read_string),
        workers=top.pop("workers", 1, read_positive_int),
        dask=top.pop("dask", None, read_string),
        sweep=top.pop("sweep", SweepConfig(), _sweep),
        game=games,
        figures=top.pop("figures", FiguresConfig(), _figures),
        evolution=top.pop("evolution", None, _evolution),
        compare=top.pop("compare", None, _compare),
        random=top.pop("random", None, _random),
        source=source,
        text=text,
    )
    top.finish()
    if config.random is not None:
        _check_random(data, source)
    if config.compare and config.compare.measure == "evolution" and config.evolution is None:
        raise ConfigError(
            f"{source}: compare.measure: got 'evolution', expected 'round-robin' without an "
            "[evolution] table (or add an [evolution] table to run the ecological simulation)"
        )
    return config


#: Top-level keys and tables a ``[random]`` study refuses, and why.
_NOT_RANDOM = {
    "sweep": "a file has a [sweep] table (a parameter sweep) or a [random] table (random "
    "tournaments), not both",
    "repetitions": "with a [random] table each tournament's repetitions are drawn: expected "
    "random.repetitions = {min = .., max = ..} (or one number) instead",
    "evolution": "an [evolution] table runs in the cells of a sweep: expected no [evolution] "
    "table with [random] (random tournaments are compared by normalised rank)",
    "compare": "a [compare] table compares two games cell by cell in a sweep: expected no "
    "[compare] table with [random] (a random study plays one game)",
    "figures": "the [figures] table sets the figures of a sweep: expected no [figures] table "
    "with [random] (its figures are the rank distributions of the best strategies)",
}


def _check_random(data: dict[str, Any], source: str) -> None:
    """A ``[random]`` study takes no sweep, evolution, comparison or sweep figures."""
    for key, why in _NOT_RANDOM.items():
        if key in data:
            raise ConfigError(f"{source}: {key}: {why}")


def _random(value: Any, key: str, t: Table) -> RandomConfig:
    table = Table(value, f"{key}.", t.source)
    tournaments = table.pop("tournaments", None, read_positive_int)
    study = RandomConfig(
        tournaments=tournaments or 1,
        size=table.pop("size", (3, None), read_size_range),
        repetitions=table.pop("repetitions", (10, 100), read_draw_repetitions),
        turns=table.pop("turns", (1, 200), read_draw_turns),
        noise=table.pop("noise", (0.0, 1.0), read_draw_noise),
        prob_end=table.pop("prob_end", (0.0, 1.0), read_draw_prob_end),
        types=table.pop("types", TOURNAMENT_TYPES, read_types),
        table_format=table.pop("table_format", "auto", read_table_format),
    )
    table.finish()
    if tournaments is None:
        raise ConfigError(
            f"{t.source}: {key}.tournaments: missing: expected a positive integer, the "
            "number of random tournaments (trials) to draw"
        )
    return study


def _sweep(value: Any, key: str, t: Table) -> SweepConfig:
    table = Table(value, f"{key}.", t.source)
    sweep = SweepConfig(
        noise=table.pop("noise", (0.0,), read_noise),
        turns=table.pop("turns", (), read_turns),
        prob_end=table.pop("prob_end", (), read_prob_end),
    )
    table.finish()
    return sweep


# -- games ---------------------------------------------------------------------------------


def _games(value: Any, key: str, t: Table) -> tuple[GameConfig, ...]:
    entries = value if isinstance(value, list) else [value]
    if not entries:
        raise t.error(key, value, "at least one [[game]] table")
    out = []
    for i, entry in enumerate(entries):
        where = f"{key}[{i}]" if isinstance(value, list) else key
        table = Table(entry, f"{where}.", t.source)
        preset = table.pop("preset", None, read_string)
        payoffs = table.pop("payoffs", None, _payoffs)
        file = table.pop("file", None, _scenario_file)
        name = table.pop("name", None, read_string)
        if sum(v is not None for v in (preset, payoffs, file)) != 1:
            from tournament.core.games import GAMES

            raise ConfigError(
                f"{t.source}: {where}: give exactly one of 'preset' (a game name: "
                f"{', '.join(GAMES)}), 'payoffs' ([R, S, T, P], or one list per role) or "
                "'file' (a scenario file, relative to the experiment file)"
            )
        parameters = _preset_parameters(preset, table, where) if preset is not None else ()
        if file is not None and table.data:
            unknown = next(iter(table.data))
            raise ConfigError(
                f"{t.source}: {where}: a scenario file takes no parameter, got {unknown!r}: "
                "expected only 'file' and 'name' (write the relational rent or the "
                "governance in the scenario file)"
            )
        table.finish()
        out.append(GameConfig(preset, payoffs, name, parameters, file))
    return tuple(out)


def _preset_parameters(
    preset: str, table: Table, where: str
) -> tuple[tuple[str, tuple[float, ...]], ...]:
    """The preset's parameters given in its table (each an axis), in the factory's order;
    an unknown key names the parameters the preset takes."""
    from tournament.core.games import GAMES

    factory = GAMES.get(preset.lower().replace("_", "-"))
    if factory is None:
        raise ConfigError(
            f"{table.source}: {where}.preset: unknown game {preset!r}."
            f"{did_you_mean(preset, GAMES)} Expected one of: {', '.join(GAMES)}."
        )
    accepted = list(inspect.signature(factory).parameters)
    parameters = []
    for param in accepted:
        if param in table.data:
            parameters.append((param, table.pop(param, None, read_game_value)))
    if table.data:
        unknown = next(iter(table.data))
        takes = ", ".join(accepted) or "no parameters"
        raise ConfigError(
            f"{table.source}: {where}: game {preset!r} has no parameter {unknown!r}."
            f"{did_you_mean(unknown, accepted + table.known)} It takes: {takes}."
        )
    return tuple(parameters)


def _scenario_file(value: Any, key: str, t: Table) -> str:
    """A scenario file's path from the working directory; written relative to the
    experiment file (or to the working directory for a config given as text)."""
    if not isinstance(value, str) or not value.strip().endswith(".toml"):
        raise t.error(key, value, "the path of a scenario file ending in .toml")
    path = Path(value.strip())
    if not path.is_absolute() and t.source != "<config>":
        path = Path(t.source).parent / path
    if not path.is_file():
        raise t.error(key, value, f"an existing scenario file (there is no {str(path)!r})")
    return str(path)


def _payoffs(value: Any, key: str, t: Table) -> tuple[tuple[float, ...], ...]:
    expected = "[R, S, T, P] (four numbers) or [[R, S, T, P], [R, S, T, P]] (one per role)"
    groups = value if isinstance(value, list) and value and isinstance(value[0], list) else [value]
    if not isinstance(value, list) or len(groups) not in (1, 2):
        raise t.error(key, value, expected)
    for group in groups:
        if (
            not isinstance(group, list)
            or len(group) != 4
            or not all(is_number(v) and math.isfinite(v) for v in group)
        ):
            raise t.error(key, value, expected)
    return tuple(tuple(float(v) for v in group) for group in groups)


# -- figures -------------------------------------------------------------------------------


def _figures(value: Any, key: str, t: Table) -> FiguresConfig:
    table = Table(value, f"{key}.", t.source)
    figures = FiguresConfig(
        strategies=table.pop("strategies", (), read_names),
        map=table.pop("map", (), _map_axes),
        cell_rankings=table.pop("cell_rankings", False, read_bool),
    )
    table.finish()
    return figures


def _evolution(value: Any, key: str, t: Table) -> EvolutionConfig:
    table = Table(value, f"{key}.", t.source)
    evolution = EvolutionConfig(
        generations=table.pop("generations", 200, read_positive_int),
        mutation=table.pop("mutation", 0.0, read_rate),
    )
    table.finish()
    return evolution


def _compare(value: Any, key: str, t: Table) -> CompareConfig:
    table = Table(value, f"{key}.", t.source)
    games = table.pop("games", None, _two_games)
    compare = CompareConfig(
        games=games,
        measure=table.pop("measure", None, _measure),
    )
    table.finish()
    if games is None:
        raise ConfigError(
            f'{t.source}: {key}: no \'games\': expected games = ["first", "second"], '
            "the names of two [[game]] tables (their 'name', else their preset)"
        )
    return compare


def _two_games(value: Any, key: str, t: Table) -> tuple[str, str]:
    if (
        not isinstance(value, list)
        or len(value) != 2
        or not all(isinstance(v, str) and v.strip() for v in value)
        or value[0].strip() == value[1].strip()
    ):
        raise t.error(
            key, value, "two different names of [[game]] tables (their 'name', else their preset)"
        )
    return (value[0].strip(), value[1].strip())


def _measure(value: Any, key: str, t: Table) -> str:
    if value not in MEASURES:
        hint = did_you_mean(str(value), MEASURES)
        raise t.error(key, value, f"one of {', '.join(map(repr, MEASURES))}.{hint}")
    return str(value)


def _map_axes(value: Any, key: str, t: Table) -> tuple[str, ...]:
    if (
        not isinstance(value, list)
        or len(value) != 2
        or not all(isinstance(v, str) for v in value)
        or value[0] == value[1]
    ):
        raise t.error(key, value, 'two different axis names, such as ["noise", "horizon"]')
    return tuple(value)
