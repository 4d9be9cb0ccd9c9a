"""The probes of an Ashlock fingerprint: JossAnn and Dual transforms of a memory-one
probe, over a grid of points ``(x, y)`` of the unit square.

At a point with ``x + y < 1`` the probe is *JossAnn(probe, x, y)*: it cooperates with
probability ``x``, defects with probability ``y`` and otherwise plays as the probe. At
``x + y >= 1`` it is *Dual(JossAnn(probe, 1 - x, 1 - y))*: the dual of a strategy makes
the opposite move of the strategy fed the history with its own moves flipped (Ashlock
and Kim 2008; the Axelrod library's ``AshlockFingerprint``). For a memory-one probe of
cooperation vector ``p`` (after CC, CD, DC, DD, own move first) and first move ``f``,
both transforms are memory-one again, with ``r = 1 - x - y``:

- ``x + y < 1``: ``x + r p`` after each outcome, ``x + r f`` on the first turn;
- ``x + y >= 1``: ``x + r p'``, where ``p' = (p_DC, p_DD, p_CC, p_CD)`` is ``p`` read
  with the own move flipped, and ``x + r f`` on the first turn.

(``r <= 0`` in the second case: the dual of a JossAnn that keeps the probe's move with
probability ``x + y - 1`` cooperates with probability ``1 - y`` plus that share of the
probe's defections.) Both sides agree on the line ``x + y = 1``, where the probe is
``Random(x)``.

Any other probe is transformed by :mod:`strategies.transformers` (``JossAnn`` and
``Dual``), one player per point: exact in law, but each point is then a separate call
per turn, not one row of the memory-one kernel.
"""

from __future__ import annotations

import numbers

import numpy as np

from strategies.base import Strategy
from strategies.errors import IPDError
from strategies.generic import MemoryOne
from strategies.transformers import Dual, JossAnn
from tournament.core.engine import is_memory_one_data
from tournament.core.markov import memory_one_vector
from tournament.core.players import create_player

__all__ = [
    "check_step",
    "fingerprint_points",
    "jossann_vectors",
    "memory_one_of",
    "probe_players",
    "transformed_probes",
]

#: The own move flipped: (CC, CD, DC, DD) -> (DC, DD, CC, CD).
_FLIP_OWN = np.array([2, 3, 0, 1])


def check_step(step: float) -> float:
    """A grid step in (0, 1]."""
    if (
        isinstance(step, bool)
        or not isinstance(step, numbers.Real)
        or not np.isfinite(step)
        or not 0.0 < float(step) <= 1.0
    ):
        raise IPDError(f"step must be a number in (0, 1] (for example 0.01), got {step!r}")
    return float(step)


def fingerprint_points(step: float) -> tuple[np.ndarray, np.ndarray]:
    """``(x, y)`` of every point of the grid, as the Axelrod library orders them: ``n``
    evenly spaced values from 0 to 1 on each axis, ``n = floor(1 / step) + 1``, ``x``
    the slow index (so there are ``n ** 2`` points)."""
    num = int((1 / check_step(step)) // 1) + 1
    axis = np.linspace(0, 1, num)
    x, y = np.meshgrid(axis, axis, indexing="ij")
    return x.ravel(), y.ravel()


def jossann_vectors(
    probabilities: np.ndarray, first: float, x: np.ndarray, y: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Cooperation vectors ``(points, 4)`` and first-move probabilities ``(points,)`` of
    the fingerprint's probe at each point ``(x, y)``, for a memory-one probe of vector
    ``probabilities`` (after CC, CD, DC, DD, own move first) and first move ``first``.

    >>> vectors, firsts = jossann_vectors(np.array([1, 0, 1, 0]), 1.0, np.array([0.2, 1.0]),
    ...                                   np.array([0.3, 1.0]))
    >>> vectors.tolist(), firsts.tolist()  # JossAnn(TFT, 0.2, 0.3); Dual(TFT)
    ([[0.7, 0.2, 0.7, 0.2], [0.0, 1.0, 0.0, 1.0]], [0.7, 0.0])
    """
    p = np.asarray(probabilities, dtype=np.float64)
    x, y = np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)
    dual = x + y >= 1  # the library's test, on the same floating-point values
    keep = (1 - x - y)[:, None]
    vectors = x[:, None] + keep * np.where(dual[:, None], p[_FLIP_OWN], p)
    firsts = x + keep[:, 0] * first
    return _snap(vectors), _snap(firsts)


def _snap(values: np.ndarray) -> np.ndarray:
    """Round-off outside [0, 1], or within 1e-12 of an end, onto the end."""
    values = np.clip(values, 0.0, 1.0)
    return np.where(values < 1e-12, 0.0, np.where(values > 1 - 1e-12, 1.0, values))


def memory_one_of(player: Strategy, payoff: np.ndarray) -> tuple[np.ndarray, float] | None:
    """``(vector, first)`` of a player whose moves its memory-one vector describes, in
    the game where its payoffs are ``payoff`` (2x2); ``None`` for any other player."""
    if not is_memory_one_data(player):
        return None
    return memory_one_vector(player, payoff=payoff)


def probe_players(
    probe: str | Strategy, x: np.ndarray, y: np.ndarray, payoff: np.ndarray
) -> list[Strategy]:
    """One player per point: the JossAnn or Dual transform of ``probe`` (a strategy,
    its name or spec), whose payoffs are ``payoff`` (2x2). A memory-one probe gives
    memory-one players (the engine's kernel plays the whole grid in one step per turn);
    any other probe goes through the transformers, one player per point."""
    player = create_player(probe)
    vector = memory_one_of(player, payoff)
    if vector is None:
        return transformed_probes(player, x, y)
    vectors, firsts = jossann_vectors(vector[0], vector[1], x, y)
    return [
        MemoryOne(tuple(float(v) for v in row), float(f))
        for row, f in zip(vectors, firsts, strict=True)
    ]


def transformed_probes(player: Strategy, x: np.ndarray, y: np.ndarray) -> list[Strategy]:
    """``JossAnn(player, x, y)`` where ``x + y < 1``, else
    ``Dual(JossAnn(player, 1 - x, 1 - y))``, from :mod:`strategies.transformers`."""
    return [
        JossAnn(player.clone(), (float(a), float(b)))
        if a + b < 1
        else Dual(JossAnn(player.clone(), (float(1 - a), float(1 - b))))
        for a, b in zip(x, y, strict=True)
    ]
