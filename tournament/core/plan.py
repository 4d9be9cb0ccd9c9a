"""The plan of a round robin before it runs: its work, its time and memory, or a refusal.

Time and memory come from a small model of the engine, calibrated on this machine's
benchmarks (``benchmarks/bench_plan.py``) and checked against measured runs in the tests:

* a turn costs ``TURN_SECONDS``, plus ``CALL_SECONDS`` for each strategy that moves by
  its own Python call, plus ``MEMBER_SECONDS`` for each member of a team strategy,
  plus ``CELL_SECONDS`` for each match seat still playing;
* memory is the interpreter with its libraries (``BASE_BYTES``), the move histories (two
  bytes per seat and turn kept: the whole horizon, or a sliding window), the proposals
  of team strategies' members (a byte per member, seat and turn), and ``MATCH_BYTES``
  per match of the results table.
"""

from __future__ import annotations

import math
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from strategies import Strategy
from strategies.errors import IPDError
from tournament.core.engine import SEGMENT_TURNS, history_window_of, is_memory_one_data
from tournament.core.history import History, format_bytes, too_long_message

__all__ = ["RunPlan", "default_memory_budget", "format_bytes", "parse_bytes", "plan_run"]

#: Seconds per turn of the engine's own work.
TURN_SECONDS = 10e-6
#: Seconds per turn for each strategy called in Python (the median strategy, one core).
CALL_SECONDS = 12e-6
#: Seconds per turn for each member of a team strategy (members of big teams are costly).
MEMBER_SECONDS = 24e-6
#: Seconds per turn for each match seat playing (array work that grows with the batch).
CELL_SECONDS = 7e-9
#: The interpreter with numpy, pandas and the strategy library loaded.
BASE_BYTES = 160 * 2**20
#: Results kept per match (the match table and its pandas views), when the run keeps them.
MATCH_BYTES = 400
#: Running sums per strategy and repetition (for medians), and one block of matches
#: being summed and written (``BLOCK_MATCHES`` matches with their file rows).
REP_BYTES = 24
BLOCK_BYTES = 100 * 2**20


def default_memory_budget() -> int:
    """A quarter of this machine's memory, at most 4 GiB (at least 256 MiB)."""
    try:
        total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError, AttributeError):
        total = 8 * 2**30
    return int(min(4 * 2**30, max(256 * 2**20, total // 4)))


@dataclass(frozen=True)
class RunPlan:
    """What a run will do: ``chunks`` of ``(matches, horizon, seats still playing
    summed over turns)``, the strategies calling Python each turn, the memory budget."""

    matches: int
    match_turns: int
    expected_length: float
    longest: int
    seconds: float
    peak_bytes: int
    history_bytes: int
    windowed: bool
    budget: int
    probabilistic: bool

    def describe(self) -> str:
        """One line: the work, the expected length, the time and memory it will take."""
        length = (
            f"expected length {self.expected_length:,.0f} turns (longest {self.longest:,})"
            if self.probabilistic
            else f"{self.longest:,} turns"
        )
        window = ", history kept as a sliding window" if self.windowed else ""
        return (
            f"Plan: {self.matches:,} matches, {length}: {self.match_turns:,} match-turns; "
            f"about {format_seconds(self.seconds)} and {format_bytes(self.peak_bytes)} "
            f"of memory{window}."
        )


def plan_run(
    players: Sequence[Strategy],
    chunks: Iterable[tuple[np.ndarray, np.ndarray]],
    budget: int,
    *,
    probabilistic: bool = False,
    expected_length: float | None = None,
    kept_matches: int | None = None,
    repetitions: tuple[int, int] = (0, 0),
) -> RunPlan:
    """The plan of playing ``chunks``, each ``(seats, lengths)`` as given to the engine,
    within ``budget`` bytes; refuses (:class:`IPDError`) when a chunk's move histories
    cannot fit because some strategy reads the whole history.

    ``kept_matches``: matches whose rows the run keeps (default: all of them);
    ``repetitions``: ``(strategies, repetitions)``, for the per-repetition scores kept
    for medians."""
    seconds, history, matches, cells, longest = 0.0, 0, 0, 0, 0
    windowed = False
    for seats, lengths in chunks:
        present, seats_of = np.unique(seats, return_counts=True)
        calls = sum(_calls(players[p]) for p in present)
        members = sum(_team_size(players[p]) for p in present)
        horizon = int(lengths.max()) if len(lengths) else 0
        n_rows = 2 * len(lengths)
        # the loop runs to the longest match
        seconds += horizon * (TURN_SECONDS + calls * CALL_SECONDS + members * MEMBER_SECONDS)
        seconds += 2 * int(lengths.sum()) * CELL_SECONDS
        teams = sum(_team_size(players[p]) * n for p, n in zip(present, seats_of, strict=True))
        history = max(history, teams * horizon)
        windows = [history_window_of(players[p]) for p in present]
        if None in windows:
            need = History.nbytes(n_rows, horizon, None, 0)
            if need > budget // 2:
                _check_windows(players, present, need, budget, horizon)
        else:
            window = max([1, *windows])  # type: ignore[type-var]
            need = History.nbytes(n_rows, horizon, window, SEGMENT_TURNS)
            windowed = windowed or horizon > window + SEGMENT_TURNS
        history = max(history, need + teams * horizon)
        matches += len(lengths)
        cells += int(lengths.sum())
        longest = max(longest, horizon)
    kept = matches if kept_matches is None else kept_matches
    sums = REP_BYTES * repetitions[0] * repetitions[1] + BLOCK_BYTES
    peak = BASE_BYTES + history + kept * MATCH_BYTES + sums
    return RunPlan(
        matches=matches,
        match_turns=cells,
        expected_length=expected_length if expected_length else cells / max(matches, 1),
        longest=longest,
        seconds=seconds,
        peak_bytes=peak,
        history_bytes=history,
        windowed=windowed,
        budget=budget,
        probabilistic=probabilistic,
    )


def _calls(player: Strategy) -> int:
    """Python calls a turn costs for ``player``: none when the engine's kernel plays it
    (a team's members are counted apart)."""
    return 0 if is_memory_one_data(player) else 1


def _team_size(player: Strategy) -> int:
    team = getattr(player, "team_specs", None)
    return len(team()) if callable(team) else 0


def _check_windows(
    players: Sequence[Strategy], present: np.ndarray, need: int, budget: int, horizon: int
) -> None:
    whole = [players[p].label for p in present if history_window_of(players[p]) is None]
    if whole:
        raise IPDError(too_long_message(whole, need, budget, horizon))


_UNITS = {"b": 1, "kb": 10**3, "mb": 10**6, "gb": 10**9, "tb": 10**12,
          "kib": 2**10, "mib": 2**20, "gib": 2**30, "tib": 2**40}  # fmt: skip


def parse_bytes(text: str | int) -> int:
    """``"500MB"`` -> 500,000,000; ``"2GiB"`` -> 2,147,483,648; a plain number is bytes."""
    if isinstance(text, int):
        value = text
    else:
        raw = str(text).strip().lower().replace(" ", "").replace("_", "")
        number = raw.rstrip("abcdefghijklmnopqrstuvwxyz")
        unit = raw[len(number) :] or "b"
        try:
            value = int(float(number) * _UNITS[unit])
        except (KeyError, ValueError):
            raise IPDError(
                f"memory size {text!r} is not understood: expected a number and a unit, "
                "such as 500MB, 2GB or 1.5GiB"
            ) from None
    if value < 16 * 2**20:
        raise IPDError(f"memory budget {text!r} is too small: expected at least 16MB")
    return value


def format_seconds(s: float) -> str:
    """``0.4`` -> ``"0.4 s"``, ``4000`` -> ``"1.1 h"``, ``2e6`` -> ``"23 days"``."""
    if math.isinf(s):
        return "forever"
    if s < 60:
        return f"{s:.1f} s" if s < 10 else f"{s:.0f} s"
    if s < 3600:
        return f"{s / 60:.0f} min"
    if s < 86400 * 2:
        return f"{s / 3600:.1f} h"
    return f"{s / 86400:,.0f} days"
