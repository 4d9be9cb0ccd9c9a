"""Exact expected payoffs of two memory-one strategies, from the Markov chain of outcomes.

The chain's states are the outcomes of a turn from player 1's point of view, in the order
``CC, CD, DC, DD`` (player 1's move first). A player is a 4-vector of cooperation
probabilities after ``CC, CD, DC, DD`` *from its own point of view* (Press & Dyson 2012;
Nowak & Sigmund 1993), so player 2's vector is read with CD and DC swapped.

Noise ``e`` flips each intended move with probability ``e`` and both players see the
flipped move, as in the engine: a cooperation probability ``p`` becomes
``p (1 - e) + (1 - p) e``, on the first move too.

>>> memory_one_payoffs((1, 0, 1, 0), (0, 0, 1, 1), turns=4)  # TFT vs Alternator
(2.0, 3.25)
"""

from __future__ import annotations

import numbers
from collections.abc import Sequence

import numpy as np

from strategies.base import Strategy
from strategies.errors import IPDError
from strategies.generic import MemoryOneStrategy
from tournament.common.validation import check_noise, check_positive_int
from tournament.core.games import Game, get_game

__all__ = [
    "memory_one_payoffs",
    "outcome_distribution",
    "stationary_distribution",
    "transition_matrix",
]

#: Player 2 sees outcome (x, y) of player 1 as (y, x): swap CD and DC.
_SWAP = np.array([0, 2, 1, 3])
#: Probabilities this close to 0 or 1 are taken as exactly 0 or 1 (rounding error in
#: vectors computed from formulas), so that the chain's structure is the intended one.
_SNAP = 1e-12

Player = Sequence[float] | np.ndarray | MemoryOneStrategy | str


def _vector(name: str, values: object) -> np.ndarray:
    try:
        arr = np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError):
        raise IPDError(
            f"{name} must be 4 probabilities (after CC, CD, DC, DD), got {values!r}"
        ) from None
    if arr.shape != (4,):
        raise IPDError(
            f"{name} must be 4 probabilities (after CC, CD, DC, DD), got {arr.size} values"
        )
    if not np.isfinite(arr).all() or (arr < 0).any() or (arr > 1).any():
        raise IPDError(f"{name} must hold probabilities in [0, 1], got {arr.tolist()}")
    return arr


def _probability(name: str, value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise IPDError(f"{name} must be a probability in [0, 1], got {value!r}")
    if not 0.0 <= float(value) <= 1.0:
        raise IPDError(f"{name} must be a probability in [0, 1], got {value!r}")
    return float(value)


def memory_one_vector(
    player: Player, first: float | None = None, payoff: np.ndarray | None = None, name: str = "p"
) -> tuple[np.ndarray, float]:
    """``(4-vector, first-move probability)`` of a vector or a memory-one strategy (an
    instance or a registered name). For a strategy, ``payoff`` (its own 2x2 matrix) lets
    game-aware strategies such as the zero-determinant ones adapt their vector."""
    if isinstance(player, str):
        from tournament.core.players import create_player

        player = create_player(player)
    if isinstance(player, Strategy):
        if not isinstance(player, MemoryOneStrategy):
            raise IPDError(f"{player.label!r} is not a memory-one strategy: no Markov chain")
        if first is not None:
            raise IPDError(
                f"{name}: {player.label!r} has its own first move; give a first-move "
                "probability only with a probability vector"
            )
        if payoff is None:
            probs, first = player.memory_one()
        else:  # the strategy's vector in this game (zero-determinant ones depend on it)
            rows, firsts = player.row_vectors(np.asarray(payoff, dtype=np.float64)[None])
            probs, first = rows[0], float(firsts[0])
        return _vector(name, probs), _probability(f"first move of {player.label!r}", first)
    first = 1.0 if first is None else first
    return _vector(name, player), _probability(f"first_{name}", first)


def _flip(prob: np.ndarray | float, noise: float) -> np.ndarray:
    out = np.asarray(prob, dtype=np.float64) * (1 - noise) + (1 - np.asarray(prob)) * noise
    return np.where(out < _SNAP, 0.0, np.where(out > 1 - _SNAP, 1.0, out))


def _joint(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Distribution over (CC, CD, DC, DD) of independent moves cooperating w.p. x and y;
    broadcasts over leading axes."""
    return np.stack([x * y, x * (1 - y), (1 - x) * y, (1 - x) * (1 - y)], axis=-1)


def _chain(
    p: np.ndarray, q: np.ndarray, first_p: float, first_q: float, noise: float
) -> tuple[np.ndarray, np.ndarray]:
    """``(initial distribution, transition matrix)`` in player 1's outcome order."""
    p_eff, q_eff = _flip(p, noise), _flip(q[_SWAP], noise)
    start = _joint(_flip(first_p, noise), _flip(first_q, noise))
    return start, _joint(p_eff, q_eff)


def transition_matrix(p: Sequence[float], q: Sequence[float], noise: float = 0.0) -> np.ndarray:
    """The 4x4 transition matrix ``M[from, to]`` over outcomes CC, CD, DC, DD (player 1's
    view) for cooperation vectors ``p`` and ``q`` (each from its own view)."""
    return _chain(_vector("p", p), _vector("q", q), 1.0, 1.0, check_noise(noise))[1]


def _closure(matrix: np.ndarray) -> np.ndarray:
    """Reflexive-transitive closure of the graph ``matrix > 0``."""
    reach = (matrix > 0) | np.eye(len(matrix), dtype=bool)
    for _ in range(len(matrix)):
        reach = (reach.astype(int) @ reach.astype(int)) > 0
    return reach


def _cesaro_limit(start: np.ndarray, matrix: np.ndarray) -> np.ndarray:
    """``lim (1/N) sum_{t<N} start M^t``: exact also for reducible and periodic chains.

    Each closed communicating class carries its own stationary distribution, weighted by
    the probability that the chain, from ``start``, ends up in that class.
    """
    n = len(matrix)
    reach = _closure(matrix)
    recurrent = np.array([all(reach[j, i] for j in range(n) if reach[i, j]) for i in range(n)])
    transient = ~recurrent
    # Probability that the chain, from ``start``, first enters each recurrent state.
    entry = np.where(recurrent, start, 0.0)
    if transient.any():
        q_tt = matrix[np.ix_(transient, transient)]
        r_tr = matrix[np.ix_(transient, recurrent)]
        # Expected visits to each transient state, then the step into a recurrent state.
        visits = np.linalg.solve((np.eye(int(transient.sum())) - q_tt).T, start[transient])
        entry[recurrent] += visits @ r_tr
    limit = np.zeros(n)
    done = np.zeros(n, dtype=bool)
    for i in np.flatnonzero(recurrent):
        if done[i]:
            continue
        members = np.flatnonzero(reach[i] & recurrent)  # i's closed class
        done[members] = True
        mass = entry[members].sum()
        if mass == 0:
            continue
        m = len(members)
        system = np.vstack([matrix[np.ix_(members, members)].T - np.eye(m), np.ones(m)])
        rhs = np.concatenate([np.zeros(m), [1.0]])
        limit[members] += mass * np.linalg.lstsq(system, rhs, rcond=None)[0]
    return limit / limit.sum()


def _mean_over_turns(start: np.ndarray, matrix: np.ndarray, turns: int) -> np.ndarray:
    """``(1/turns) sum_{t<turns} start M^t`` with O(log turns) matrix products."""

    def power_sum(k: int) -> tuple[np.ndarray, np.ndarray]:
        # (sum_{t<k} M^t, M^k)
        if k == 0:
            return np.zeros_like(matrix), np.eye(len(matrix))
        if k % 2:
            total, power = power_sum(k - 1)
            return np.eye(len(matrix)) + matrix @ total, matrix @ power
        total, power = power_sum(k // 2)
        return total + power @ total, power @ power

    return start @ power_sum(turns)[0] / turns


def _resolve(
    p: Player,
    q: Player,
    game: str | Game,
    noise: float,
    first_p: float | None,
    first_q: float | None,
) -> tuple[np.ndarray, np.ndarray, Game, float]:
    game = get_game(game)
    noise = check_noise(noise)
    p_vec, p_first = memory_one_vector(p, first_p, game.payoffs[0], "p")
    q_vec, q_first = memory_one_vector(q, first_q, game.payoffs[1], "q")
    start, matrix = _chain(p_vec, q_vec, p_first, q_first, noise)
    return start, matrix, game, noise


def outcome_distribution(
    p: Player,
    q: Player,
    turns: int | None = None,
    noise: float = 0.0,
    first_p: float | None = None,
    first_q: float | None = None,
    game: str | Game = "classic",
) -> np.ndarray:
    """Expected share of turns ending CC, CD, DC, DD (player 1's view): over exactly
    ``turns`` turns, or in the long run (Cesaro limit from the first move) when ``None``.

    ``first_p``/``first_q`` (default 1) are the first-move cooperation probabilities of
    vector players; strategies bring their own. ``game`` matters only for strategies that
    adapt their vector to the payoffs (the zero-determinant ones).
    """
    start, matrix, _, _ = _resolve(p, q, game, noise, first_p, first_q)
    if turns is None:
        return _cesaro_limit(start, matrix)
    return _mean_over_turns(start, matrix, check_positive_int("turns", turns))


def stationary_distribution(
    p: Player,
    q: Player,
    noise: float = 0.0,
    first_p: float | None = None,
    first_q: float | None = None,
    game: str | Game = "classic",
) -> np.ndarray:
    """Long-run distribution over CC, CD, DC, DD (player 1's view). When the chain has
    several closed classes (TFT vs TFT without noise) it depends on the first move: this
    is the Cesaro limit from that start."""
    return outcome_distribution(p, q, None, noise, first_p, first_q, game)


def memory_one_payoffs(
    p: Player,
    q: Player,
    game: str | Game = "classic",
    turns: int | None = None,
    noise: float = 0.0,
    first_p: float | None = None,
    first_q: float | None = None,
) -> tuple[float, float]:
    """Expected payoff per turn of player 1 (role 0) and player 2 (role 1).

    ``p`` and ``q`` are cooperation vectors after CC, CD, DC, DD (each from its own point
    of view), memory-one strategies or their names. ``turns=None`` gives the long-run
    payoff; an integer gives the expected mean payoff over exactly that many turns.
    ``first_p``/``first_q`` default to 1 (cooperate first) for vectors. A game with
    governance is fine (it is folded into the payoffs); one with relational rents is
    refused, its payoffs depending on the history.

    >>> memory_one_payoffs("Tit For Tat", "Tit For Tat", noise=0.1)
    (2.25, 2.25)
    """
    game = get_game(game)
    if game.rent is not None:
        raise IPDError(
            f"game {game.name!r} pays relational rents: a turn's payoffs depend on how long "
            "mutual cooperation has lasted, and the Markov chain of single outcomes assumes "
            "fixed payoffs per turn. Simulate the match (play_match) instead; "
            "outcome_distribution still gives the exact share of each outcome."
        )
    start, matrix, game, _ = _resolve(p, q, game, noise, first_p, first_q)
    if turns is None:
        dist = _cesaro_limit(start, matrix)
    else:
        dist = _mean_over_turns(start, matrix, check_positive_int("turns", turns))
    own = game.payoffs[0].reshape(4)  # player 1 in outcome (x, y) gets payoffs[0, x, y]
    other = game.payoffs[1].T.reshape(4)  # player 2 gets payoffs[1, y, x]
    return float(dist @ own), float(dist @ other)
