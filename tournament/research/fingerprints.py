"""Fingerprints of strategies, as the Axelrod library draws them, played in the engine.

*Ashlock fingerprint*: a strategy's mean score per turn against the JossAnn or Dual
transform of a probe (Tit For Tat by default) at every point ``(x, y)`` of a grid over
the unit square (:mod:`tournament.research.probes`). *Transitive fingerprint*: a
strategy's cooperation rate at each turn against each of a list of opponents, by default
``Random(p)`` for ``p`` evenly spaced in [0, 1].

Every match of a fingerprint, for all the strategies asked at once, is one batch of the
engine (split in chunks of :data:`~tournament.core.chunks.CHUNK_CELLS` history
cells): the probes are memory-one, so the memory-one kernel plays the whole grid in one
step per turn. The strategy takes the row role, is told the match length (as in the
library's tournaments) and the values average the repetitions. The random streams come
from ``seed`` and the whole request: a strategy's values with the same seed differ
(within sampling error) when other strategies share the batch.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from strategies.base import Strategy
from strategies.errors import IPDError
from tournament.common.validation import (
    check_flag,
    check_noise,
    check_positive_int,
    check_seed,
)
from tournament.core.chunks import CHUNK_CELLS
from tournament.core.engine import BatchOutcome, play_batch
from tournament.core.games import Game, get_game
from tournament.core.players import create_player
from tournament.research.exact import ashlock_exact, transitive_exact
from tournament.research.outputs import FingerprintOutputs
from tournament.research.probes import check_step, fingerprint_points, probe_players

__all__ = [
    "ASHLOCK_DEFAULTS",
    "TRANSITIVE_DEFAULTS",
    "AshlockFingerprint",
    "TransitiveFingerprint",
    "ashlock_fingerprint",
    "transitive_fingerprint",
]

#: The Axelrod library's defaults (``AshlockFingerprint.fingerprint``).
ASHLOCK_DEFAULTS = {"probe": "Tit For Tat", "turns": 50, "repetitions": 10, "step": 0.01}
#: The Axelrod library's defaults (``TransitiveFingerprint``).
TRANSITIVE_DEFAULTS = {"number_of_opponents": 50, "turns": 50, "repetitions": 1000}

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class AshlockFingerprint(FingerprintOutputs):
    """An Ashlock fingerprint of one or more strategies.

    ``values``: one row per strategy and point, columns ``strategy``, ``x``, ``y``,
    ``score`` (mean score per turn over the repetitions), ``se`` (its standard error,
    from the spread over repetitions; none with one repetition), and with exact values
    ``exact`` (the expected score per turn over the match's turns) and ``long_run``.
    """

    values: pd.DataFrame
    params: dict[str, Any] = field(default_factory=dict)
    duration: float = 0.0
    kind = "ashlock"

    def grid(self, strategy: str, column: str = "score") -> pd.DataFrame:
        """The values of one strategy as a square: rows ``y`` from 1 down to 0, columns
        ``x`` from 0 to 1 (how the heatmap shows them)."""
        rows = self._rows(strategy, column)
        return rows.pivot(index="y", columns="x", values=column).sort_index(ascending=False)

    def to_dict(self, strategy: str, column: str = "score") -> dict[tuple[float, float], float]:
        """``{(x, y): value}``, the shape of the library's ``fingerprint()`` result."""
        rows = self._rows(strategy, column)
        return {
            (float(x), float(y)): float(v)
            for x, y, v in zip(rows["x"], rows["y"], rows[column], strict=True)
        }

    def plot(self, strategy: str, column: str = "score", title: str | None = None) -> Any:
        """The heatmap of one strategy's fingerprint (a matplotlib figure)."""
        from tournament.reports.fingerprints import ashlock_heatmap

        what = {"score": "", "exact": ", exact", "long_run": ", exact, long run"}.get(column, "")
        default = f"{strategy}, probed by {self.params.get('probe', '?')}{what}"
        return ashlock_heatmap(self.grid(strategy, column), title or default)

    def summary_text(self) -> str:
        lines = []
        for strategy in self.strategies:
            rows = self._rows(strategy, "score")
            lo, hi = rows["score"].idxmin(), rows["score"].idxmax()
            line = (
                f"{strategy}: mean {rows['score'].mean():.3f} per turn over {len(rows)} "
                f"points; lowest {rows.at[lo, 'score']:.3f} at {_point(rows, lo)}, highest "
                f"{rows.at[hi, 'score']:.3f} at {_point(rows, hi)}"
            )
            if "exact" in rows:
                gap = (rows["score"] - rows["exact"]).abs().max()
                line += f"; largest gap to the exact value {gap:.3f}"
            lines.append(line)
        return "\n".join(lines)


@dataclass(frozen=True)
class TransitiveFingerprint(FingerprintOutputs):
    """A transitive fingerprint of one or more strategies.

    ``values``: one row per strategy, opponent and turn, columns ``strategy``,
    ``opponent_index``, ``opponent``, ``turn`` (from 1), ``cooperation`` (the share of
    repetitions in which the strategy cooperated at that turn), and with exact values
    ``exact`` (the probability that it cooperates at that turn).
    """

    values: pd.DataFrame
    params: dict[str, Any] = field(default_factory=dict)
    duration: float = 0.0
    kind = "transitive"

    def matrix(self, strategy: str, column: str = "cooperation") -> np.ndarray:
        """``(opponents, turns)`` array, the shape of the library's ``fingerprint()``."""
        rows = self._rows(strategy, column)
        return rows.pivot(index="opponent_index", columns="turn", values=column).to_numpy()

    @property
    def opponents(self) -> list[str]:
        first = self.values[self.values["strategy"] == self.strategies[0]]
        return list(dict.fromkeys(first["opponent"]))

    def plot(self, strategy: str, column: str = "cooperation", title: str | None = None) -> Any:
        """The heatmap of one strategy's fingerprint (a matplotlib figure)."""
        from tournament.reports.fingerprints import transitive_heatmap

        spectrum = self.params.get("opponents") is None
        default = f"{strategy}: cooperation by turn" + (", exact" if column == "exact" else "")
        return transitive_heatmap(
            self.matrix(strategy, column),
            None if spectrum else self.opponents,
            title or default,
        )

    def summary_text(self) -> str:
        lines = []
        for strategy in self.strategies:
            data = self.matrix(strategy)
            line = (
                f"{strategy}: cooperates on {data.mean():.1%} of turns, "
                f"{data[:, 0].mean():.1%} on the first turn, {data[:, -1].mean():.1%} on the last"
            )
            if "exact" in self.values:
                gap = np.abs(data - self.matrix(strategy, "exact")).max()
                line += f"; largest gap to the exact value {gap:.3f}"
            lines.append(line)
        return "\n".join(lines)


def _point(rows: pd.DataFrame, index: Any) -> str:
    return f"(x={rows.at[index, 'x']:.2f}, y={rows.at[index, 'y']:.2f})"


def _strategies(strategies: str | Strategy | Sequence[str | Strategy]) -> list[Strategy]:
    """The players to fingerprint: one name, spec, file or instance, or a list of them."""
    if isinstance(strategies, str | Strategy):
        strategies = [strategies]
    players = [create_player(s) for s in strategies]
    if not players:
        raise IPDError("give at least one strategy to fingerprint")
    labels = [p.label for p in players]
    twice = sorted({label for label in labels if labels.count(label) > 1})
    if twice:
        raise IPDError(f"strategy given twice: {', '.join(twice)}; give each once")
    return players


def _play(
    players: list[Strategy],
    seats: np.ndarray,
    turns: int,
    game: Game,
    noise: float,
    seed: int,
    keep_moves: bool,
    progress: Progress | None,
) -> Iterator[tuple[slice, BatchOutcome]]:
    """Play the matches ``seats`` (row player, column player) in chunks of at most
    ``CHUNK_CELLS`` history cells, each chunk from its own random stream, and yield each
    chunk's matches and outcome as it is played; the strategies are told the length,
    ``turns``."""
    per_chunk = max(1, CHUNK_CELLS // (2 * turns))
    starts = range(0, len(seats), per_chunk)
    streams = np.random.SeedSequence(seed).spawn(len(starts))
    total, done = len(seats) * turns, [0]
    for start, stream in zip(starts, streams, strict=True):
        chunk = slice(start, min(start + per_chunk, len(seats)))
        size = chunk.stop - chunk.start

        def tick(turns_played: int, size: int = size) -> None:
            done[0] += turns_played * size
            progress(done[0], total)  # type: ignore[misc]

        yield (
            chunk,
            play_batch(
                players,
                seats[chunk],
                np.full(size, turns, dtype=np.int64),
                game.payoffs,
                noise,
                stream,
                keep_moves=keep_moves,
                length=turns,
                progress=None if progress is None else tick,
                rent=game.rent,
            ),
        )


def _check_common(
    turns: int, repetitions: int, noise: float, seed: int | None, exact: bool, game: str | Game
) -> tuple[int, int, float, int, bool, Game]:
    return (
        check_positive_int("turns", turns),
        check_positive_int("repetitions", repetitions),
        check_noise(noise),
        check_seed(seed),
        check_flag("exact", exact),
        get_game(game),
    )


def ashlock_fingerprint(
    strategies: str | Strategy | Sequence[str | Strategy],
    probe: str | Strategy = "Tit For Tat",
    *,
    turns: int = 50,
    repetitions: int = 10,
    step: float = 0.01,
    noise: float = 0.0,
    seed: int | None = None,
    exact: bool = False,
    game: str | Game = "classic",
    progress: Progress | None = None,
) -> AshlockFingerprint:
    """The Ashlock fingerprint of each strategy against ``probe``, on a grid of spacing
    ``step``; the defaults are the library's. A memory-one probe is played by the
    memory-one kernel, any other through the transformers (slower). With ``exact``
    (memory-one strategies and probe), also the Markov chain's values.

    >>> fp = ashlock_fingerprint("Defector", turns=10, repetitions=1, step=1, seed=1)
    >>> fp.to_dict("Defector")  # (0, 0): Tit For Tat; (1, 1): its dual; (1, 0): Cooperator
    {(0.0, 0.0): 1.4, (0.0, 1.0): 1.0, (1.0, 0.0): 5.0, (1.0, 1.0): 4.6}
    """
    began = time.perf_counter()
    turns, repetitions, noise, seed, exact, game = _check_common(
        turns, repetitions, noise, seed, exact, game
    )
    step = check_step(step)
    x, y = fingerprint_points(step)
    players = _strategies(strategies)
    the_probe = create_player(probe)
    probes = probe_players(the_probe, x, y, game.payoffs[1])
    k, g = len(players), len(probes)
    # matches ordered by (strategy, point, repetition); probes sit after the strategies
    point = np.tile(np.repeat(np.arange(g), repetitions), k)
    seats = np.stack([np.repeat(np.arange(k), g * repetitions), k + point], axis=1)
    exact_values = {}
    if exact:  # first: a strategy without a Markov chain is refused before playing
        for column, horizon in (("exact", turns), ("long_run", None)):
            exact_values[column] = np.concatenate(
                [ashlock_exact(p, the_probe, x, y, horizon, noise, game) for p in players]
            )
    totals = np.empty(len(seats))
    for chunk, out in _play(players + probes, seats, turns, game, noise, seed, False, progress):
        totals[chunk] = out.scores[:, 0]
    per_turn = (totals / turns).reshape(k, g, repetitions)
    se = np.full((k, g), np.nan)
    if repetitions > 1:
        se = per_turn.std(axis=2, ddof=1) / np.sqrt(repetitions)
    values = pd.DataFrame(
        {
            "strategy": np.repeat([p.label for p in players], g),
            "x": np.tile(x, k),
            "y": np.tile(y, k),
            "score": per_turn.mean(axis=2).ravel(),
            "se": se.ravel(),
            **exact_values,
        }
    )
    params = {
        "strategies": [p.label for p in players],
        "probe": the_probe.label,
        "turns": turns,
        "repetitions": repetitions,
        "step": step,
        "points": g,
        "noise": noise,
        "seed": seed,
        "exact": exact,
        "game": game.to_dict(),
        "chunk_cells": CHUNK_CELLS,
    }
    return AshlockFingerprint(values, params, time.perf_counter() - began)


def default_opponents(number: int) -> list[str]:
    """The library's default spectrum: ``Random(p)`` for ``number`` values of ``p``
    evenly spaced from 0 to 1."""
    number = check_positive_int("number_of_opponents", number)
    return [f"Random(p={float(p)!r})" for p in np.linspace(0, 1, number)]


def transitive_fingerprint(
    strategies: str | Strategy | Sequence[str | Strategy],
    opponents: Sequence[str | Strategy] | None = None,
    *,
    number_of_opponents: int = 50,
    turns: int = 50,
    repetitions: int = 1000,
    noise: float = 0.0,
    seed: int | None = None,
    exact: bool = False,
    game: str | Game = "classic",
    progress: Progress | None = None,
) -> TransitiveFingerprint:
    """The transitive fingerprint of each strategy: its cooperation rate at each turn
    against each of ``opponents`` (default: :func:`default_opponents`); the defaults
    are the library's. With ``exact`` (memory-one strategies and opponents) also the
    Markov chain's probabilities.

    >>> fp = transitive_fingerprint("Tit For Tat", number_of_opponents=2, turns=3,
    ...                             repetitions=5, seed=1)
    >>> fp.matrix("Tit For Tat").tolist()  # against Random(0), then Random(1)
    [[1.0, 0.0, 0.0], [1.0, 1.0, 1.0]]
    """
    began = time.perf_counter()
    turns, repetitions, noise, seed, exact, game = _check_common(
        turns, repetitions, noise, seed, exact, game
    )
    players = _strategies(strategies)
    specs = default_opponents(number_of_opponents) if opponents is None else list(opponents)
    if not specs:
        raise IPDError("give at least one opponent (or none, for the Random spectrum)")
    rivals = [create_player(o) for o in specs]
    k, o = len(players), len(rivals)
    # matches ordered by (strategy, opponent, repetition): each pair's are contiguous
    pair = np.repeat(np.arange(k * o), repetitions)
    seats = np.stack([pair // o, k + pair % o], axis=1)
    exact_values = {}
    if exact:  # first: a strategy without a Markov chain is refused before playing
        exact_values["exact"] = np.concatenate(
            [transitive_exact(p, rivals, turns, noise, game).ravel() for p in players]
        )
    sums = np.zeros((k * o, turns))
    for chunk, out in _play(players + rivals, seats, turns, game, noise, seed, True, progress):
        groups = pair[chunk]
        starts = np.flatnonzero(np.r_[True, groups[1:] != groups[:-1]])
        cooperated = out.moves[:, 0, :turns] == 0  # type: ignore[index]
        sums[groups[starts]] += np.add.reduceat(cooperated, starts, axis=0, dtype=np.int64)
    values = pd.DataFrame(
        {
            "strategy": np.repeat([p.label for p in players], o * turns),
            "opponent_index": np.tile(np.repeat(np.arange(o), turns), k),
            "opponent": np.tile(np.repeat([r.label for r in rivals], turns), k),
            "turn": np.tile(np.arange(1, turns + 1), k * o),
            "cooperation": (sums / repetitions).ravel(),
            **exact_values,
        }
    )
    params = {
        "strategies": [p.label for p in players],
        "opponents": None if opponents is None else [r.label for r in rivals],
        "number_of_opponents": o,
        "turns": turns,
        "repetitions": repetitions,
        "noise": noise,
        "seed": seed,
        "exact": exact,
        "game": game.to_dict(),
        "chunk_cells": CHUNK_CELLS,
    }
    return TransitiveFingerprint(values, params, time.perf_counter() - began)
