"""The moves of a batch: the whole horizon, or a sliding window when that would not fit.

A batch's moves live in two turn-major ``uint8`` arrays (``own[turn, row]`` and
``opp[turn, row]``). When every player reads only a bounded number of past turns (its
``history_window``), the arrays need not hold the whole horizon: they hold ``window +
segment`` turns, and each time they fill up, the oldest turns are counted into running
totals and the last ``window`` turns move to the front. Memory is then bounded in the
horizon; the moves played, and so every result, are the same as with the whole history.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import numpy as np

__all__ = ["FlipStream", "History", "format_bytes", "too_long_message"]

_U8 = np.uint8


class History:
    """Turn-major move arrays of ``n_rows`` rows over ``horizon`` turns.

    ``window`` is the most turns any player reads (``None``: the whole history is kept);
    ``segment`` the turns played between two compactions. Iterate :meth:`segments` to
    get the turns to play; inside a segment, turn ``t`` is row ``t - offset`` of the
    arrays.
    """

    def __init__(self, horizon: int, lengths: np.ndarray, window: int | None, segment: int) -> None:
        self.horizon = horizon
        self.lengths = lengths
        self.uniform = bool((lengths == horizon).all()) if len(lengths) else True
        self.windowed = window is not None and horizon > window + segment
        self.window = window if self.windowed else None
        size = (window + segment) if self.windowed else horizon  # type: ignore[operator]
        self.own = np.zeros((size, len(lengths)), dtype=_U8)
        self.opp = np.zeros((size, len(lengths)), dtype=_U8)
        self.offset = 0  # the turn held in row 0
        self.counts = np.zeros((3, len(lengths)), dtype=np.int64)  # own D, opp D, both D
        #: Over turns t >= 1, sums of own[t] * own[t-1], own[t] * opp[t-1] and
        #: own[t] * own[t-1] * opp[t-1] (1 = D): with ``counts``, ``first`` and ``last``
        #: they give every row's state-to-action counts.
        self.after = np.zeros((3, len(lengths)), dtype=np.int64)
        self.first = np.zeros(len(lengths), dtype=_U8)  # own move at turn 0
        self.last = np.zeros((2, len(lengths)), dtype=_U8)  # own, opp at each row's last turn
        self._previous: tuple[np.ndarray, np.ndarray] | None = None  # the last turn counted

    @staticmethod
    def nbytes(n_rows: int, horizon: int, window: int | None, segment: int) -> int:
        """Bytes the two arrays take."""
        windowed = window is not None and horizon > window + segment
        return 2 * n_rows * ((window + segment) if windowed else horizon)  # type: ignore[operator]

    def segments(self) -> Iterator[tuple[int, int]]:
        """``(first, stop)`` turns of each segment; between segments the oldest turns
        are counted and dropped. The last segment's moves stay in the arrays."""
        first = 0
        while first < self.horizon:
            stop = min(self.horizon, self.offset + len(self.own))
            yield first, stop
            first = stop
            if stop < self.horizon:
                self._compact()

    def start(self, t: int) -> int:
        """The first row a player reading at turn ``t`` sees."""
        if self.window is None:
            return 0
        return max(0, t - self.window - self.offset)

    def _compact(self) -> None:
        """Count the turns that leave the window; move the last ``window`` to the front."""
        size, keep = len(self.own), self.window or 0
        self._count(size - keep)
        self.own[:keep] = self.own[size - keep :]
        self.opp[:keep] = self.opp[size - keep :]
        self.offset += size - keep

    def finish(self) -> None:
        """Count the turns still in the arrays (call once, after the last turn)."""
        self._count(self.horizon - self.offset)

    def _count(self, turns: int) -> None:
        if turns <= 0:
            return
        own, opp = self.own[:turns], self.opp[:turns]
        if not self.uniform:  # cells past a match's end do not count
            past = (self.offset + np.arange(turns))[:, None] >= self.lengths[None, :]
            own[past] = 0
            opp[past] = 0
        acc = np.uint16 if turns < 2**16 else np.int64  # narrow sums are ~3x faster
        self.counts[0] += own.sum(axis=0, dtype=acc)
        self.counts[1] += opp.sum(axis=0, dtype=acc)
        work = np.bitwise_and(own, opp)
        self.counts[2] += work.sum(axis=0, dtype=acc)
        self._count_edges(own, opp)
        if turns > 1:  # each turn's move after the turn before (one buffer for all)
            step, own_now, own_before, opp_before = work[1:], own[1:], own[:-1], opp[:-1]
            np.bitwise_and(own_now, own_before, out=step)
            self.after[0] += step.sum(axis=0, dtype=acc)
            np.bitwise_and(step, opp_before, out=step)
            self.after[2] += step.sum(axis=0, dtype=acc)
            np.bitwise_and(own_now, opp_before, out=step)
            self.after[1] += step.sum(axis=0, dtype=acc)
        self._previous = own[turns - 1].copy(), opp[turns - 1].copy()

    def _count_edges(self, own: np.ndarray, opp: np.ndarray) -> None:
        """The first move, each row's last turn when it is in ``own``, and the step
        from the turn counted before (when the arrays were compacted)."""
        if self.offset == 0:
            self.first[:] = own[0]
        else:
            before_own, before_opp = self._previous  # type: ignore[misc]
            now = own[0]
            self.after[0] += now & before_own
            self.after[1] += now & before_opp
            self.after[2] += now & before_own & before_opp
        if self.uniform:
            if 0 <= self.horizon - 1 - self.offset < len(own):
                self.last[0], self.last[1] = own[-1], opp[-1]
            return
        last = self.lengths - 1 - self.offset
        rows = np.flatnonzero((last >= 0) & (last < len(own)))
        self.last[0, rows] = own[last[rows], rows]
        self.last[1, rows] = opp[last[rows], rows]


class FlipStream:
    """The cells (``turn * n_rows + row``) whose move noise flips, drawn as they are
    needed: each cell independently with probability ``noise``, as geometric gaps.

    The draws do not depend on how the cells are asked for, so a sliding window flips
    exactly the moves the whole history would.
    """

    def __init__(self, noise: float, cells: int, rng: np.random.Generator) -> None:
        self.noise, self.cells, self.rng = noise, cells, rng
        self.position = -1  # the last cell drawn
        self.pending = np.empty(0, dtype=np.int64)

    def until(self, stop: int) -> np.ndarray:
        """Sorted flipped cells below ``stop`` not returned before."""
        if self.noise <= 0.0 or self.cells == 0:
            return self.pending
        if self.noise >= 1.0:
            out = np.arange(self.position + 1, min(stop, self.cells), dtype=np.int64)
            self.position = max(self.position, min(stop, self.cells) - 1)
            return out
        parts = [self.pending]
        while self.position < min(stop, self.cells):
            expected = self.noise * (min(stop, self.cells) - self.position)
            size = int(expected + 6 * np.sqrt(expected) + 16)
            # a gap past the last cell ends the draw; clipping avoids int64 overflow
            gaps = np.minimum(self.rng.geometric(self.noise, size=size), self.cells + 1)
            drawn = np.cumsum(gaps) + self.position
            parts.append(drawn)
            self.position = int(drawn[-1])
        cells = np.concatenate(parts)
        split = int(np.searchsorted(cells, min(stop, self.cells)))
        out = cells[:split]
        self.pending = cells[split:]
        return out


def too_long_message(whole: Sequence[str], need: int, budget: int, horizon: int) -> str:
    """Why a run cannot fit: the strategies in ``whole`` read the whole history."""
    whole = sorted(set(whole))
    shown = ", ".join(whole[:5]) + (f" and {len(whole) - 5} more" if len(whole) > 5 else "")
    return (
        f"this run would keep {format_bytes(need)} of move history ({horizon:,} turns), "
        f"over the memory budget of {format_bytes(budget)}: {shown} "
        f"read{'s' if len(whole) == 1 else ''} the whole history. Play fewer turns or "
        "repetitions, leave them out, or raise the budget (--memory-budget)."
    )


def format_bytes(n: float) -> str:
    """``1_500_000`` -> ``"1.4 MiB"``."""
    for unit in ("B", "KiB", "MiB", "GiB", "TiB", "PiB"):
        if abs(n) < 1024 or unit == "PiB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    raise AssertionError  # pragma: no cover
