"""Exact fingerprints of memory-one strategies, from the Markov chain of a memory-one
pair (:mod:`tournament.core.markov`): no simulation, no sampling error.

Against a memory-one probe, every JossAnn and Dual transform is memory-one too
(:func:`~tournament.research.probes.jossann_vectors`), so a memory-one strategy's Ashlock
fingerprint is, point by point, an expected payoff per turn of a four-state chain: over
the match's number of turns or in the long run. Its transitive fingerprint against
memory-one opponents is the chain's probability of cooperating at each turn.
"""

from __future__ import annotations

import numpy as np

from strategies.base import Strategy
from strategies.errors import IPDError
from tournament.core.games import Game
from tournament.core.markov import memory_one_payoffs, outcome_distribution, transition_matrix
from tournament.research.probes import jossann_vectors, memory_one_of

__all__ = ["ashlock_exact", "transitive_exact"]


def _vector(player: Strategy, payoff: np.ndarray, what: str) -> tuple[np.ndarray, float]:
    vector = memory_one_of(player, payoff)
    if vector is None:
        raise IPDError(
            f"exact values need memory-one strategies (a Markov chain): {what} "
            f"{player.label!r} is not one; leave out --exact (exact=True) to simulate it only"
        )
    return vector


def ashlock_exact(
    strategy: Strategy,
    probe: Strategy,
    x: np.ndarray,
    y: np.ndarray,
    turns: int | None,
    noise: float,
    game: Game,
) -> np.ndarray:
    """Expected score per turn of ``strategy`` (row role) at each point ``(x, y)`` of the
    fingerprint of ``probe``: over exactly ``turns`` turns, or in the long run (``None``)."""
    p, p_first = _vector(strategy, game.payoffs[0], "strategy")
    q, q_first = _vector(probe, game.payoffs[1], "probe")
    vectors, firsts = jossann_vectors(q, q_first, x, y)
    return np.array(
        [
            memory_one_payoffs(p, v, game, turns, noise, first_p=p_first, first_q=float(f))[0]
            for v, f in zip(vectors, firsts, strict=True)
        ]
    )


def transitive_exact(
    strategy: Strategy, opponents: list[Strategy], turns: int, noise: float, game: Game
) -> np.ndarray:
    """``(opponents, turns)``: the probability that ``strategy`` (row role) cooperates at
    each turn against each opponent."""
    p, p_first = _vector(strategy, game.payoffs[0], "strategy")
    out = np.empty((len(opponents), turns))
    for i, opponent in enumerate(opponents):
        q, q_first = _vector(opponent, game.payoffs[1], "opponent")
        # the first turn's outcome distribution, then one step of the chain per turn
        dist = outcome_distribution(p, q, 1, noise, p_first, q_first, game)
        matrix = transition_matrix(p, q, noise)
        for t in range(turns):
            out[i, t] = dist[0] + dist[1]  # CC or CD: the strategy cooperated
            dist = dist @ matrix
    return out
