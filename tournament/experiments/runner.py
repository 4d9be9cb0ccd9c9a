"""Experiments: a config expanded into cells (game x horizon x noise), each a tournament
with its own seed, run serially, in worker processes or on a Dask cluster, stored one
file per cell as soon as it finishes, and combined into tidy tables and figures.

A cell's seed and file are derived from what determines its result (strategies, game,
horizon, noise, repetitions, experiment seed, package version), never from the order or
the machine it ran on; so any number of workers gives byte-identical tables, and a run
that stops resumes by computing only the cells whose files are missing or fail their
checksum.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import os
import platform
import subprocess
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from io import StringIO
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from strategies.errors import IPDError
from tournament.common.validation import check_positive_int
from tournament.core.games import GAMES, Game
from tournament.experiments.config import ConfigError, ExperimentConfig, load_config

__all__ = [
    "Cell",
    "Experiment",
    "ExperimentResults",
    "compute_cell",
    "run_experiment",
    "verify_against",
]

#: Columns of a cell file (one row per strategy), in order.
CELL_COLUMNS = [
    "rank",
    "strategy",
    "family",
    "score_per_turn",
    "median_score_per_turn",
    "wins",
    "cooperation_rate",
]
_CELL_MAGIC = "# ipd-cell v1"
#: How long to wait for a Dask scheduler before giving up.
DASK_CONNECT_TIMEOUT = "20s"
RECIPROCAL = "reciprocal"


# -- the plan: games, horizons, noise levels -> cells --------------------------------------


@dataclass(frozen=True)
class ResolvedGame:
    game: Game
    #: The config's parameters for this game (fixed and swept), e.g. ``{"b": 2.0}``.
    parameters: tuple[tuple[str, float], ...] = ()


def expand_games(config: ExperimentConfig) -> list[ResolvedGame]:
    """Every game of the config, parameter lists expanded in file order."""
    from tournament.core.games import parse_payoffs

    out: list[ResolvedGame] = []
    for i, spec in enumerate(config.game):
        where = f"{config.source}: game" + (f"[{i}]" if len(config.game) > 1 else "")
        if spec.payoffs is not None:
            text = ";".join(",".join(repr(v) for v in group) for group in spec.payoffs)
            game = parse_payoffs(text)
            if spec.name:
                game = Game(spec.name, game.payoffs, game.roles, game.description)
            out.append(ResolvedGame(game))
            continue
        names = [name for name, _ in spec.parameters]
        for combo in itertools.product(*(values for _, values in spec.parameters)):
            params = dict(zip(names, combo, strict=True))
            try:
                game = GAMES[spec.preset.lower().replace("_", "-")](**params)
            except (IPDError, ValueError, TypeError) as exc:
                raise ConfigError(f"{where}: {spec.preset} with {params}: {exc}") from None
            if spec.name:
                game = Game(spec.name, game.payoffs, game.roles, game.description)
            out.append(ResolvedGame(game, tuple(params.items())))
    labels = [g.game.name for g in out]
    for label in labels:
        if labels.count(label) > 1:
            raise ConfigError(
                f"{config.source}: game: {label!r} appears twice: expected each game once "
                "(give custom games different 'name's)"
            )
    return out


def _turns(n: int) -> str:
    return f"{n} turn" if n == 1 else f"{n} turns"


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

    @property
    def columns_stored(self) -> list[str]:
        return CELL_COLUMNS + (["final_share"] if self.evolution else [])

    @property
    def coordinates(self) -> dict[str, Any]:
        """What identifies the cell in the sweep (independent of its position)."""
        return {
            "game": {"name": self.game.name, "roles": list(self.game.roles)}
            | {"payoffs": self.game.payoffs.tolist()},
            "turns": self.turns,
            "prob_end": self.prob_end,
            "noise": self.noise,
        }

    @property
    def seed(self) -> int:
        """The cell's own seed, from the experiment seed and the cell's coordinates."""
        text = json.dumps([self.experiment_seed, self.coordinates], sort_keys=True)
        return int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "big") >> 1

    @property
    def key(self) -> str:
        """A digest of everything that determines the cell's result."""
        from tournament import __version__
        from tournament.core.round_robin import CHUNK_CELLS

        text = json.dumps(
            {
                "version": __version__,
                "chunk_cells": CHUNK_CELLS,
                "players": list(self.player_keys),
                "repetitions": self.repetitions,
                **({"evolution": list(self.evolution)} if self.evolution else {}),
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

    def describe(self) -> str:
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


class Experiment:
    """A checked config and its cells; nothing runs until :meth:`run`.

    >>> from tournament.experiments.config import parse_config
    >>> exp = Experiment(parse_config('strategies = ["TFT", "Defector"]\\n'
    ...                               '[sweep]\\nnoise = [0, 0.1]\\nturns = [5, 50]'))
    >>> len(exp.cells), [a.name for a in exp.swept_axes]
    (4, ['horizon', 'noise'])
    """

    def __init__(self, config: ExperimentConfig) -> None:
        from strategies.rosters import get_roster
        from tournament.core.players import create_player
        from tournament.core.round_robin import DEFAULT_FIELD, _unique_labels

        self.config = config
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
        self.players = players
        self.labels = _unique_labels([p.label for p in players])
        self.families = [p.family for p in players]
        self.specs = tuple(specs)
        self.games = expand_games(config)
        self.parameter_names = list(
            dict.fromkeys(name for g in self.games for name, _ in g.parameters)
        )
        keys = tuple(
            f"{type(p).__module__}.{type(p).__qualname__}{sorted(p.params.items())!r}"
            for p in players
        )
        self.cells = [
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
                evolution=(
                    (config.evolution.generations, config.evolution.mutation)
                    if config.evolution
                    else None
                ),
            )
            for i, (g, (turns, prob_end), noise) in enumerate(
                itertools.product(self.games, config.horizons, config.sweep.noise)
            )
        ]
        self.axes = self._axes()
        self.figure_strategies = self._figure_strategies()
        self.map_axes = self._map_axes()

    # -- axes --------------------------------------------------------------------------

    def _axes(self) -> list[Axis]:
        games = [g.game.name for g in self.games]
        swept = [(n, v) for spec in self.config.game for n, v in spec.parameters if len(v) > 1]
        if len(self.config.game) == 1 and len(swept) == 1:
            name, values = swept[0]
            game_axis = Axis(
                "game", tuple(games), tuple(values), f"{self.config.game[0].preset}: {name}"
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
        noise_axis = Axis("noise", tuple(f"{v:g}" for v in noise), noise, "noise")
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

    # -- running -----------------------------------------------------------------------

    def run(
        self,
        out: str | Path | None = None,
        *,
        workers: int | None = None,
        dask: str | None = None,
        progress: Callable[[int, int, Cell], None] | None = None,
        plots: bool = True,
        cell_plots: bool | None = None,
    ) -> ExperimentResults:
        return run_experiment(
            self,
            out,
            workers=workers,
            dask=dask,
            progress=progress,
            plots=plots,
            cell_plots=cell_plots,
        )

    def resolved(self) -> dict[str, Any]:
        """The config with every default filled in and every axis expanded."""
        config = asdict(self.config)
        config.pop("text")
        config["out"] = str(self.config.out_dir)
        config["players"] = [
            {"spec": s, "label": lab, "family": f}
            for s, lab, f in zip(self.specs, self.labels, self.families, strict=True)
        ]
        config["games"] = [g.game.to_dict() for g in self.games]
        config["horizons"] = [{"turns": t, "prob_end": p} for t, p in self.config.horizons]
        config["cells"] = len(self.cells)
        return config


# -- computing one cell ----------------------------------------------------------------------


@dataclass(frozen=True)
class CellOutcome:
    index: int
    summary: pd.DataFrame
    matches: int
    match_turns: int
    duration: float


def compute_cell(cell: Cell) -> CellOutcome:
    """Play the cell's tournament (this runs in workers: it only needs the cell)."""
    from tournament.core.round_robin import Tournament

    started = time.perf_counter()
    results = Tournament(
        list(cell.players),
        game=cell.game,
        turns=cell.turns,
        prob_end=cell.prob_end,
        repetitions=cell.repetitions,
        noise=cell.noise,
        seed=cell.seed,
    ).play()
    summary = results.summary[CELL_COLUMNS]
    if cell.evolution is not None:
        summary = summary.assign(
            final_share=_final_shares(results, *cell.evolution)[
                summary["strategy"].map(results.labels.index).to_numpy()
            ]
        )
    return CellOutcome(
        cell.index,
        summary,
        len(results.table),
        int(results.table.lengths.sum()),
        time.perf_counter() - started,
    )


def _final_shares(results: Any, generations: int, mutation: float) -> np.ndarray:
    """Shares after the ecological simulation from equal shares (an asymmetric game:
    the mean of its two populations)."""
    from tournament.evolution.models import replicator, two_population_replicator

    n = len(results.labels)
    x0 = np.full(n, 1.0 / n)
    game = results.params.game
    if game.symmetric:
        return replicator(results.payoff_matrix.to_numpy(), x0, generations, mutation)[-1]
    row, col = (results.role_payoff_matrix(r).to_numpy() for r in game.roles)
    xs, ys = two_population_replicator(row, col, x0, x0, generations, mutation)
    return (xs[-1] + ys[-1]) / 2


# -- cell files ------------------------------------------------------------------------------


def cell_path(out: Path, cell: Cell) -> Path:
    return out / "cells" / f"{cell.index:05d}-{cell.key[:12]}.csv"


def write_cell(out: Path, cell: Cell, outcome: CellOutcome) -> Path:
    """Write a cell file atomically: a header with the cell's key, size and checksum."""
    body = outcome.summary.to_csv(index=False, lineterminator="\n")
    digest = hashlib.sha256(body.encode()).hexdigest()
    header = (
        f"{_CELL_MAGIC} key={cell.key} matches={outcome.matches} "
        f"match_turns={outcome.match_turns} sha256={digest}\n"
    )
    path = cell_path(out, cell)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(tmp, "w", encoding="utf-8", newline="") as f:
        f.write(header + body)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)
    return path


@dataclass(frozen=True)
class StoredCell:
    summary: pd.DataFrame
    matches: int
    match_turns: int


def read_cell(out: Path, cell: Cell, labels: list[str]) -> StoredCell | str:
    """The stored cell, or why it cannot be trusted ("missing", "checksum mismatch", ...)."""
    path = cell_path(out, cell)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return "missing"
    except (OSError, UnicodeDecodeError) as exc:
        return f"unreadable ({exc.__class__.__name__})"
    header, _, body = text.partition("\n")
    fields = dict(item.split("=", 1) for item in header.split()[3:] if "=" in item)
    if not header.startswith(_CELL_MAGIC) or set(fields) != {
        "key",
        "matches",
        "match_turns",
        "sha256",
    }:
        return "bad header"
    if fields["key"] != cell.key:
        return "from a different configuration"
    if hashlib.sha256(body.encode()).hexdigest() != fields["sha256"]:
        return "checksum mismatch (partial or corrupt)"
    try:
        # as text: numbers are copied into the combined tables exactly as computed
        summary = pd.read_csv(StringIO(body), dtype=str, keep_default_na=False)
        matches, match_turns = int(fields["matches"]), int(fields["match_turns"])
    except (ValueError, pd.errors.ParserError):
        return "unparsable"
    if list(summary.columns) != cell.columns_stored or sorted(summary["strategy"]) != sorted(
        labels
    ):
        return "wrong columns or strategies"
    return StoredCell(summary, matches, match_turns)


# -- executors: (function, tasks) -> (task, result) as each finishes ---------------------------


def _serial(fn: Callable[[Cell], CellOutcome], cells: list[Cell]) -> Iterator[CellOutcome]:
    for cell in cells:
        yield fn(cell)


def _ignore_sigint() -> None:
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C


def _processes(
    fn: Callable[[Cell], CellOutcome], cells: list[Cell], workers: int
) -> Iterator[CellOutcome]:
    """Worker processes (spawned, so the same on every platform); at most two cells per
    worker are in flight, so memory does not grow with the number of cells."""
    import multiprocessing
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
    from concurrent.futures.process import BrokenProcessPool

    pool = ProcessPoolExecutor(
        workers, mp_context=multiprocessing.get_context("spawn"), initializer=_ignore_sigint
    )
    pending: dict[Any, Cell] = {}
    queue = iter(cells)
    try:
        for cell in itertools.islice(queue, 2 * workers):
            pending[pool.submit(fn, cell)] = cell
        while pending:
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                cell = pending.pop(future)
                try:
                    outcome = future.result()
                except BrokenProcessPool:
                    raise IPDError(
                        f"a worker process died while playing cell {cell.index} "
                        f"({cell.describe()}): killed, or out of memory"
                    ) from None
                for nxt in itertools.islice(queue, 1):
                    pending[pool.submit(fn, nxt)] = nxt
                yield outcome
    finally:
        pool.shutdown(wait=False, cancel_futures=True)
        terminate = getattr(pool, "terminate_workers", None)  # Python 3.14+
        if terminate is not None:
            terminate()
        else:
            for process in list((getattr(pool, "_processes", None) or {}).values()):
                process.terminate()


def _connect_dask(address: str):
    try:
        from distributed import Client
    except ImportError:
        raise IPDError(
            "running on a Dask cluster needs the 'distributed' package: "
            "pip install 'ipd-tournament[dask]'"
        ) from None
    try:
        if address.endswith(".json") and Path(address).is_file():
            return Client(scheduler_file=address, timeout=DASK_CONNECT_TIMEOUT)
        return Client(address, timeout=DASK_CONNECT_TIMEOUT)
    except (OSError, TimeoutError, ValueError) as exc:
        raise IPDError(
            f"cannot reach a Dask scheduler at {address!r} ({exc.__class__.__name__}: {exc}); "
            "expected an address such as tcp://host:8786 of a running 'dask scheduler', "
            "or its scheduler file (.json)"
        ) from None


def _dask(fn: Callable[[Cell], CellOutcome], cells: list[Cell], address: str) -> Iterator:
    """Cells as tasks on an existing ``dask.distributed`` scheduler; results come back to
    this process, which alone writes files (workers need no shared disk)."""
    from distributed import as_completed

    client = _connect_dask(address)
    try:
        threads = sum(client.nthreads().values()) or 1
        queue = iter(cells)

        def submit(cell: Cell):
            return client.submit(fn, cell, key=f"ipd-cell-{cell.key[:24]}", retries=2)

        futures = {submit(c): c for c in itertools.islice(queue, 2 * threads)}
        running = as_completed(list(futures))
        for future in running:
            cell = futures.pop(future)
            try:
                outcome = future.result()
            except Exception as exc:  # a failure on a remote worker: report, keep saved cells
                raise IPDError(
                    f"cell {cell.index} ({cell.describe()}) failed on the Dask cluster: "
                    f"{exc.__class__.__name__}: {exc}. Every worker needs ipd-tournament "
                    "(the same version) installed"
                ) from None
            future.release()
            for nxt in itertools.islice(queue, 1):
                new = submit(nxt)
                futures[new] = nxt
                running.add(new)
            yield outcome
    finally:
        client.close()


# -- the run ---------------------------------------------------------------------------------


@dataclass
class ExperimentResults:
    """What a run produced: file locations plus the small per-cell table."""

    experiment: Experiment
    out: Path
    cells: pd.DataFrame
    computed: int
    reused: int
    recomputed: dict[int, str]
    duration: float

    @property
    def table(self) -> pd.DataFrame:
        """The tidy table: one row per (cell, strategy), every swept parameter a column."""
        return pd.read_csv(self.out / "results.csv")

    def summary_text(self) -> str:
        return summarize(self.experiment, self.cells)


def run_experiment(
    experiment: Experiment | ExperimentConfig | str | Path,
    out: str | Path | None = None,
    *,
    workers: int | None = None,
    dask: str | None = None,
    progress: Callable[[int, int, Cell], None] | None = None,
    on_start: Callable[[int, int, dict[int, str]], None] | None = None,
    plots: bool = True,
    cell_plots: bool | None = None,
) -> ExperimentResults:
    """Run every cell that is not already stored in ``out``, then combine.

    ``progress(done, todo, cell)`` is called after each computed cell; ``on_start(todo,
    total, recomputed)`` once the stored cells have been checked.
    """
    if isinstance(experiment, str | Path):
        experiment = load_config(experiment)
    if isinstance(experiment, ExperimentConfig):
        experiment = Experiment(experiment)
    config = experiment.config
    out = Path(out) if out is not None else config.out_dir
    workers = config.workers if workers is None else workers
    dask = config.dask if dask is None else dask
    check_positive_int("workers", workers)
    _make_folder(out)
    started = time.perf_counter()
    stored: dict[int, StoredCell] = {}
    recomputed: dict[int, str] = {}
    todo: list[Cell] = []
    for cell in experiment.cells:
        found = read_cell(out, cell, experiment.labels)
        if isinstance(found, StoredCell):
            stored[cell.index] = found
        else:
            todo.append(cell)
            if found != "missing":
                recomputed[cell.index] = found
    stored.clear()  # checked; read again when combining (memory stays flat)
    if on_start is not None:
        on_start(len(todo), len(experiment.cells), recomputed)
    timings: list[float] = []
    if dask:
        outcomes = _dask(compute_cell, todo, dask)
    elif workers > 1 and len(todo) > 1:
        outcomes = _processes(compute_cell, todo, min(workers, len(todo)))
    else:
        outcomes = _serial(compute_cell, todo)
    by_index = {c.index: c for c in todo}
    try:
        for done, outcome in enumerate(outcomes, start=1):
            cell = by_index[outcome.index]
            write_cell(out, cell, outcome)
            timings.append(outcome.duration)
            if progress is not None:
                progress(done, len(todo), cell)
    finally:
        if hasattr(outcomes, "close"):
            outcomes.close()
    cells = combine(experiment, out)
    duration = time.perf_counter() - started
    results = ExperimentResults(
        experiment,
        out,
        cells,
        computed=len(todo),
        reused=len(experiment.cells) - len(todo),
        recomputed=recomputed,
        duration=duration,
    )
    _write_manifest(results, timings, workers, dask)
    if plots:
        from tournament.reports import sweeps as plotting

        plotting.experiment_figures(results, cell_plots=cell_plots)
    return results


def _make_folder(out: Path) -> None:
    if out.exists() and not out.is_dir():
        raise IPDError(f"results folder {str(out)!r} is a file: expected a folder")
    try:
        (out / "cells").mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise IPDError(f"cannot create results folder {str(out)!r}: {exc.strerror}") from None


def combine(experiment: Experiment, out: Path, chunk: int = 250) -> pd.DataFrame:
    """Write ``results.csv`` (a row per cell and strategy, streamed in chunks) and
    ``cells.csv`` (a row per cell: parameters, seed, winner, best reciprocal strategy)."""
    params = experiment.parameter_names
    rows: list[dict[str, Any]] = []
    tmp = out / ".results.csv.tmp"
    with open(tmp, "w", encoding="utf-8", newline="") as f:
        for start in range(0, len(experiment.cells), chunk):
            frames = []
            for cell in experiment.cells[start : start + chunk]:
                stored = read_cell(out, cell, experiment.labels)
                if not isinstance(stored, StoredCell):
                    raise IPDError(f"cell {cell.index} file is {stored} after the run")
                summary = stored.summary
                columns = cell.columns(params)
                frame = summary.copy()
                for offset, (name, value) in enumerate(columns.items()):
                    frame.insert(offset, name, value)
                frames.append(frame)
                rows.append(_cell_row(cell, columns, stored))
            _tidy(pd.concat(frames, ignore_index=True)).to_csv(
                f, header=start == 0, index=False, lineterminator="\n"
            )
    os.replace(tmp, out / "results.csv")
    cells = _tidy(pd.DataFrame(rows))
    cells.to_csv(out / "cells.csv", index=False, lineterminator="\n")
    return cells


def _cell_row(cell: Cell, columns: dict[str, Any], stored: StoredCell) -> dict[str, Any]:
    s = stored.summary
    reciprocal = s[s["family"] == RECIPROCAL]
    best = reciprocal.iloc[0] if len(reciprocal) else None
    evolved = {}
    if "final_share" in s:
        top = s["final_share"].astype(float).to_numpy().argmax()
        evolved = {
            "dominant": s["strategy"].iloc[top],
            "dominant_family": s["family"].iloc[top],
            "dominant_share": s["final_share"].iloc[top],
        }
    return {
        **columns,
        "expected_turns": cell.expected_turns,
        "seed": cell.seed,
        "matches": stored.matches,
        "match_turns": stored.match_turns,
        "winner": s["strategy"].iloc[0],
        "winner_family": s["family"].iloc[0],
        "winner_score_per_turn": s["score_per_turn"].iloc[0],
        "best_reciprocal": best["strategy"] if best is not None else "",
        "best_reciprocal_rank": int(best["rank"]) if best is not None else pd.NA,
        "reciprocal_first": bool(best is not None and int(best["rank"]) == 1),
        **evolved,
    }


def _tidy(frame: pd.DataFrame) -> pd.DataFrame:
    """Integer columns with gaps print as integers (``200``, not ``200.0``)."""
    for name in ("turns", "best_reciprocal_rank"):
        if name in frame:
            frame[name] = frame[name].astype("Int64")
    return frame


def _git_commit() -> str | None:
    here = Path(__file__).resolve().parent
    try:
        commit = subprocess.run(
            ["git", "-C", str(here), "rev-parse", "HEAD"],
            capture_output=True,
            text=True,
            timeout=5,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", str(here), "status", "--porcelain", "--untracked-files=no"],
            capture_output=True,
            text=True,
            timeout=5,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    return commit + ("-dirty" if dirty else "")


def _write_manifest(
    results: ExperimentResults, timings: list[float], workers: int, dask: str | None
) -> None:
    from tournament.core.results import package_versions

    exp = results.experiment
    manifest = {
        "tool": "ipd-tournament",
        "experiment": exp.config.name,
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "config_file": exp.config.source,
        "config_text": exp.config.text,
        "config_resolved": exp.resolved(),
        "seed": exp.config.seed,
        "cell_seeds": [c.seed for c in exp.cells],
        "files": sorted(
            ["results.csv", "cells.csv"]
            + [str(cell_path(results.out, c).relative_to(results.out)) for c in exp.cells]
        ),
        "timings": {
            "total_seconds": round(results.duration, 3),
            "cells_computed": results.computed,
            "cells_reused": results.reused,
            "cells_recomputed": {str(k): v for k, v in results.recomputed.items()},
            "cell_seconds_mean": round(float(np.mean(timings)), 4) if timings else None,
            "cell_seconds_max": round(float(np.max(timings)), 4) if timings else None,
            "workers": workers,
            "dask": dask,
        },
        "versions": package_versions(),
        "git_commit": _git_commit(),
        "platform": platform.platform(),
        "command": sys.argv,
    }
    (results.out / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
    if exp.config.text:
        (results.out / "config.toml").write_text(exp.config.text, encoding="utf-8")


# -- the answer in words -----------------------------------------------------------------------


def _runs(indices: list[int], labels: tuple[str, ...], max_runs: int = 4) -> str:
    """``[0, 1, 2, 5]`` -> ``"0 to 0.02, 0.05"`` (consecutive positions joined); a
    scattered set is summarised by its span and count instead."""
    runs = [
        [i for _, i in group]
        for _, group in itertools.groupby(enumerate(indices), key=lambda p: p[1] - p[0])
    ]
    if len(runs) > max_runs:
        first, last = indices[0], indices[-1]
        return f"{labels[first]} to {labels[last]} ({len(indices)} of {last - first + 1} values)"
    return ", ".join(
        labels[run[0]] if len(run) == 1 else f"{labels[run[0]]} to {labels[run[-1]]}"
        for run in runs
    )


def describe_region(experiment: Experiment, mask: np.ndarray, limit: int = 6) -> list[str]:
    """Lines describing the cells where ``mask`` holds, along the swept axes."""
    swept = experiment.swept_axes
    if not swept:
        return ["the single cell"] if mask.any() else []
    shape = tuple(len(a.labels) for a in experiment.axes)
    grid = mask.reshape(shape)
    inner = max(swept, key=lambda a: len(a.labels))
    inner_pos = experiment.axes.index(inner)
    outer = [a for a in swept if a is not inner]
    lines = []
    for combo in itertools.product(*(range(len(a.labels)) for a in outer)):
        index: list[Any] = [0, 0, 0]
        for axis, i in zip(outer, combo, strict=True):
            index[experiment.axes.index(axis)] = i
        index[inner_pos] = slice(None)
        hits = [int(i) for i in np.flatnonzero(grid[tuple(index)])]
        if not hits:
            continue
        where = ", ".join(
            f"{a.labels[i]}" if a.name != "noise" else f"noise {a.labels[i]}"
            for a, i in zip(outer, combo, strict=True)
        )
        span = (
            f"all {inner.name} values"
            if len(hits) == len(inner.labels)
            else (f"{inner.name} " if inner.name == "noise" else "") + _runs(hits, inner.labels)
        )
        lines.append(f"{where}: {span}" if where else span)
    if len(lines) > limit:
        lines = lines[:limit] + [f"... and {len(lines) - limit} more"]
    return lines


def summarize(experiment: Experiment, cells: pd.DataFrame) -> str:
    """Where reciprocal strategies rank first, and who wins elsewhere."""
    n = len(cells)
    lines = []
    if RECIPROCAL not in experiment.families:
        lines.append("The field has no reciprocal strategy (family 'reciprocal').")
        first = np.zeros(n, dtype=bool)
    else:
        first = cells["reciprocal_first"].to_numpy(dtype=bool)
        names = sorted(set(cells.loc[first, "winner"]))
        if first.any():
            lines.append(
                f"Reciprocal strategies rank first in {first.sum()} of {n} cells "
                f"({', '.join(names)}):"
            )
            lines += ["  " + line for line in describe_region(experiment, first)]
        else:
            ranks = cells["best_reciprocal_rank"]
            lines.append(
                f"Reciprocal strategies never rank first (best rank {int(ranks.min())} of "
                f"{len(experiment.labels)})."
            )
    rest = cells.loc[~first]
    if len(rest):
        lines.append("Elsewhere:" if first.any() else "Winners:")
        counts = rest.groupby("winner", sort=False).size().sort_values(ascending=False)
        for winner, count in counts.items():
            family = experiment.families[experiment.labels.index(winner)]
            mask = (cells["winner"] == winner).to_numpy() & ~first
            region = describe_region(experiment, mask, limit=3)
            lines.append(f"  {winner} ({family}) wins {count} cell{'s' * (count != 1)}:")
            lines += ["    " + line for line in region]
    evolution = experiment.config.evolution
    if evolution is not None and "dominant" in cells:
        lines.append(
            f"After {evolution.generations} generations of the ecological simulation "
            "(from equal shares), the largest share goes to:"
        )
        counts = cells.groupby("dominant", sort=False).size().sort_values(ascending=False)
        for strategy, count in counts.items():
            family = experiment.families[experiment.labels.index(strategy)]
            mask = (cells["dominant"] == strategy).to_numpy()
            lines.append(f"  {strategy} ({family}) in {count} cell{'s' * (count != 1)}:")
            lines += ["    " + line for line in describe_region(experiment, mask, limit=3)]
    return "\n".join(lines)


# -- verification --------------------------------------------------------------------------


def verify_against(out: Path, reference: Path) -> list[str]:
    """Differences between this run's CSV files and a reference folder's (empty if every
    file is byte-identical)."""
    manifest = json.loads((out / "manifest.json").read_text())
    problems = []
    for name in manifest["files"]:
        mine, theirs = out / name, reference / name
        if not theirs.is_file():
            problems.append(f"{name}: missing in {reference}")
            continue
        a, b = mine.read_bytes(), theirs.read_bytes()
        if a != b:
            line = next(
                (
                    i
                    for i, (x, y) in enumerate(
                        itertools.zip_longest(a.splitlines(), b.splitlines()), 1
                    )
                    if x != y
                ),
                None,
            )
            problems.append(f"{name}: differs (first at line {line})")
    return problems


def iter_cells(experiment: Experiment, out: Path) -> Iterable[tuple[Cell, StoredCell]]:
    """Each cell with its stored summary (for figures), read one at a time."""
    for cell in experiment.cells:
        stored = read_cell(out, cell, experiment.labels)
        if isinstance(stored, StoredCell):
            yield cell, stored
