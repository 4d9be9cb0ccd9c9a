"""Experiment configs: a TOML file mapped 1:1 onto frozen dataclasses, checked on load.

Every mistake is reported before any cell runs, naming the file, the key, the value and
what is expected::

    experiments/noise.toml: sweep.noise: got 1.5, expected a probability in [0, 1]

A sweep axis is a number, a list of numbers, or a range table
``{start = 0, stop = 0.2, num = 21}`` / ``{start = 0, stop = 0.2, step = 0.01}``
(both ends included; ``scale = "log"`` spaces ``num`` values geometrically).
"""

from __future__ import annotations

import inspect
import math
import numbers
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from strategies.errors import did_you_mean
from tournament.common.tables import ConfigError, Table

__all__ = [
    "ConfigError",
    "EvolutionConfig",
    "ExperimentConfig",
    "FiguresConfig",
    "GameConfig",
    "SweepConfig",
    "load_config",
    "parse_config",
]


@dataclass(frozen=True)
class GameConfig:
    """One ``[[game]]`` table: a preset (``ipd games``) whose parameters may be swept, or
    custom payoffs ``[R, S, T, P]`` (or one group per role)."""

    preset: str | None = None
    payoffs: tuple[tuple[float, float, float, float], ...] | None = None
    name: str | None = None
    #: ``(parameter, values)`` pairs in file order; one value is fixed, several are swept.
    parameters: tuple[tuple[str, tuple[float, ...]], ...] = ()


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
class ExperimentConfig:
    """A whole experiment file. Paths are relative to the working directory."""

    name: str
    description: str = ""
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
        name=top.pop("name", default_name, _name),
        description=top.pop("description", "", _string),
        seed=top.pop("seed", 1, _seed),
        repetitions=top.pop("repetitions", 10, _positive_int),
        hide_length=top.pop("hide_length", False, _bool),
        strategies=top.pop("strategies", (), _names),
        roster=top.pop("roster", None, _string),
        out=top.pop("out", None, _string),
        workers=top.pop("workers", 1, _positive_int),
        dask=top.pop("dask", None, _string),
        sweep=top.pop("sweep", SweepConfig(), _sweep),
        game=games,
        figures=top.pop("figures", FiguresConfig(), _figures),
        evolution=top.pop("evolution", None, _evolution),
        source=source,
        text=text,
    )
    top.finish()
    return config


# -- value readers: (value, key, table) -> checked value -----------------------------------


def _string(value: Any, key: str, t: Table) -> str:
    if not isinstance(value, str):
        raise t.error(key, value, "a string")
    return value


def _name(value: Any, key: str, t: Table) -> str:
    name = _string(value, key, t)
    if not name.strip() or any(c in name for c in "/\\\0"):
        raise t.error(key, value, "a non-empty name without slashes")
    return name.strip()


def _is_int(value: Any) -> bool:
    return isinstance(value, numbers.Integral) and not isinstance(value, bool)


def _is_number(value: Any) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def _seed(value: Any, key: str, t: Table) -> int:
    if not _is_int(value) or value < 0:
        raise t.error(key, value, "a non-negative integer")
    return int(value)


def _positive_int(value: Any, key: str, t: Table) -> int:
    if not _is_int(value) or value < 1:
        raise t.error(key, value, "a positive integer")
    return int(value)


def _names(value: Any, key: str, t: Table) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not value:
        raise t.error(key, value, "a non-empty list of strategy names")
    for i, item in enumerate(value):
        if not isinstance(item, str) or not item.strip():
            raise t.error(f"{key}[{i}]", item, "a strategy name")
    return tuple(value)


def _bool(value: Any, key: str, t: Table) -> bool:
    if not isinstance(value, bool):
        raise t.error(key, value, "true or false")
    return value


# -- sweep axes ----------------------------------------------------------------------------


def _axis(
    check: Callable[[float], bool], expected: str, integer: bool = False
) -> Callable[[Any, str, Table], tuple[Any, ...]]:
    """A reader for a sweep axis: a number, a list or a range table, every value checked."""
    number_ok = _is_int if integer else _is_number
    kind = "an integer" if integer else "a number"

    def read(value: Any, key: str, t: Table) -> tuple[Any, ...]:
        form = f"{expected}, a list of them, or a range {{start, stop, num or step}}"
        if isinstance(value, dict):
            values = _range(value, key, t, integer)
        elif isinstance(value, list):
            if not value:
                raise t.error(key, value, f"at least one value ({expected}): an empty sweep axis")
            values = value
        else:
            values = [value]
        out: list[Any] = []
        for i, item in enumerate(values):
            where = f"{key}[{i}]" if isinstance(value, list) else key
            if not number_ok(item):
                raise t.error(where, item, f"{kind}: {form}")
            if not check(item):
                raise t.error(where, item, expected)
            item = int(item) if integer else float(item)
            if item in out:
                raise t.error(where, item, "each value once (it is listed twice)")
            out.append(item)
        return tuple(out)

    return read


def _range(value: dict[str, Any], key: str, t: Table, integer: bool) -> list[float]:
    spec = Table(value, f"{key}.", t.source)
    start = spec.pop("start", None, _finite)
    stop = spec.pop("stop", None, _finite)
    num = spec.pop("num", None, _positive_int)
    step = spec.pop("step", None, _finite)
    scale = spec.pop("scale", "linear", _string)
    spec.finish()
    if start is None or stop is None:
        raise t.error(key, value, "a range with both 'start' and 'stop'")
    if (num is None) == (step is None):
        raise t.error(key, value, "a range with exactly one of 'num' (how many) or 'step'")
    if scale not in ("linear", "log"):
        raise t.error(f"{key}.scale", scale, "'linear' or 'log'")
    if step is not None:
        if scale == "log":
            raise t.error(key, value, "'num' with scale = 'log' (a step is linear)")
        if step <= 0 or stop < start:
            raise t.error(key, value, "start <= stop and a positive step")
        count = math.floor((stop - start) / step + 1e-9) + 1
        if count > 100_000:
            raise t.error(key, value, "at most 100000 values")
        values = [start + i * step for i in range(count)]
    elif scale == "log":
        if start <= 0 or stop <= 0:
            raise t.error(key, value, "positive start and stop for scale = 'log'")
        values = list(np.geomspace(start, stop, num))
    else:
        values = list(np.linspace(start, stop, num))
    if integer:
        return list(dict.fromkeys(round(v) for v in values))  # rounded, duplicates dropped
    return [round(float(v), 12) for v in values]  # 0.30000000000000004 -> 0.3


def _finite(value: Any, key: str, t: Table) -> float:
    if not _is_number(value) or not math.isfinite(value):
        raise t.error(key, value, "a finite number")
    return float(value)


_noise = _axis(lambda v: 0 <= v <= 1, "a probability in [0, 1]")
_turns = _axis(lambda v: v >= 1, "a positive integer (turns per match)", integer=True)
_prob_end = _axis(lambda v: 0 < v <= 1, "an ending probability in (0, 1]")
_game_value = _axis(math.isfinite, "a finite number")


def _sweep(value: Any, key: str, t: Table) -> SweepConfig:
    table = Table(value, f"{key}.", t.source)
    sweep = SweepConfig(
        noise=table.pop("noise", (0.0,), _noise),
        turns=table.pop("turns", (), _turns),
        prob_end=table.pop("prob_end", (), _prob_end),
    )
    table.finish()
    return sweep


# -- games ---------------------------------------------------------------------------------


def _games(value: Any, key: str, t: Table) -> tuple[GameConfig, ...]:
    from tournament.core.games import GAMES

    entries = value if isinstance(value, list) else [value]
    if not entries:
        raise t.error(key, value, "at least one [[game]] table")
    out = []
    for i, entry in enumerate(entries):
        where = f"{key}[{i}]" if isinstance(value, list) else key
        table = Table(entry, f"{where}.", t.source)
        preset = table.pop("preset", None, _string)
        payoffs = table.pop("payoffs", None, _payoffs)
        name = table.pop("name", None, _string)
        if (preset is None) == (payoffs is None):
            raise ConfigError(
                f"{t.source}: {where}: give exactly one of 'preset' (a game name: "
                f"{', '.join(GAMES)}) or 'payoffs' ([R, S, T, P], or one list per role)"
            )
        parameters: list[tuple[str, tuple[float, ...]]] = []
        if preset is not None:
            factory = GAMES.get(preset.lower().replace("_", "-"))
            if factory is None:
                raise ConfigError(
                    f"{t.source}: {where}.preset: unknown game {preset!r}."
                    f"{did_you_mean(preset, GAMES)} Expected one of: {', '.join(GAMES)}."
                )
            accepted = list(inspect.signature(factory).parameters)
            for param in accepted:
                if param in table.data:
                    parameters.append((param, table.pop(param, None, _game_value)))
            if table.data:
                unknown = next(iter(table.data))
                takes = ", ".join(accepted) or "no parameters"
                raise ConfigError(
                    f"{t.source}: {where}: game {preset!r} has no parameter {unknown!r}."
                    f"{did_you_mean(unknown, accepted + table.known)} It takes: {takes}."
                )
        table.finish()
        out.append(GameConfig(preset, payoffs, name, tuple(parameters)))
    return tuple(out)


def _payoffs(value: Any, key: str, t: Table) -> tuple[tuple[float, ...], ...]:
    expected = "[R, S, T, P] (four numbers) or [[R, S, T, P], [R, S, T, P]] (one per role)"
    groups = value if isinstance(value, list) and value and isinstance(value[0], list) else [value]
    if not isinstance(value, list) or len(groups) not in (1, 2):
        raise t.error(key, value, expected)
    for group in groups:
        if (
            not isinstance(group, list)
            or len(group) != 4
            or not all(_is_number(v) and math.isfinite(v) for v in group)
        ):
            raise t.error(key, value, expected)
    return tuple(tuple(float(v) for v in group) for group in groups)


# -- figures -------------------------------------------------------------------------------


def _figures(value: Any, key: str, t: Table) -> FiguresConfig:
    table = Table(value, f"{key}.", t.source)
    figures = FiguresConfig(
        strategies=table.pop("strategies", (), _names),
        map=table.pop("map", (), _map_axes),
        cell_rankings=table.pop("cell_rankings", False, _bool),
    )
    table.finish()
    return figures


def _evolution(value: Any, key: str, t: Table) -> EvolutionConfig:
    table = Table(value, f"{key}.", t.source)
    evolution = EvolutionConfig(
        generations=table.pop("generations", 200, _positive_int),
        mutation=table.pop("mutation", 0.0, _rate),
    )
    table.finish()
    return evolution


def _rate(value: Any, key: str, t: Table) -> float:
    if not _is_number(value) or not 0 <= value <= 1:
        raise t.error(key, value, "a probability in [0, 1]")
    return float(value)


def _map_axes(value: Any, key: str, t: Table) -> tuple[str, ...]:
    if (
        not isinstance(value, list)
        or len(value) != 2
        or not all(isinstance(v, str) for v in value)
        or value[0] == value[1]
    ):
        raise t.error(key, value, 'two different axis names, such as ["noise", "horizon"]')
    return tuple(value)
