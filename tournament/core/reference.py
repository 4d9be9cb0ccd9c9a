"""A plain per-match reference engine, one Python step per turn and per player.

It exists to test the vectorized engine: for deterministic strategies both must play
exactly the same moves; for stochastic ones, the same distributions.
"""

from __future__ import annotations

import numpy as np

from strategies.base import Strategy
from tournament.core.relationships import RelationalRent

__all__ = ["reference_match"]


def reference_match(
    first: Strategy,
    second: Strategy,
    turns: int,
    payoffs: np.ndarray,
    noise: float = 0.0,
    rng: np.random.Generator | None = None,
    length: int | float | None = None,
    rent: RelationalRent | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Play one match of ``turns`` turns; return ``(moves (2, turns), scores (2,))``.

    ``first`` plays the row role. Each strategy sees a single-match batch and is told
    ``length`` (see :meth:`Strategy.start <strategies.base.Strategy.start>`). With a
    relational ``rent``, a turn of mutual cooperation after ``run`` such turns in a row
    pays both sides ``rent.step * min(run, rent.cap)`` more.
    """
    rng = np.random.default_rng() if rng is None else rng
    players = (first.clone(), second.clone())
    for seat, player in enumerate(players):
        player.start(1, rng, payoffs[seat][None], length)
    moves = np.zeros((2, turns), dtype=np.uint8)
    scores = np.zeros(2)
    run = 0  # turns of mutual cooperation in a row, up to the last one
    for t in range(turns):
        chosen = []
        for seat, player in enumerate(players):
            own, opp = moves[seat, :t], moves[1 - seat, :t]
            move = int(np.asarray(player.play_turn(own[None, :], opp[None, :], t)).reshape(-1)[0])
            if noise and rng.random() < noise:
                move = 1 - move
            chosen.append(move)
        moves[:, t] = chosen
        scores[0] += payoffs[0, chosen[0], chosen[1]]
        scores[1] += payoffs[1, chosen[1], chosen[0]]
        if rent is not None:
            if chosen == [0, 0]:
                scores += rent.step * min(run, rent.cap)
                run += 1
            else:
                run = 0
    return moves, scores
