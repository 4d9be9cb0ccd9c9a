"""Helpers that play the Axelrod library's players, to compare with ours move by move."""

from __future__ import annotations

import functools
from collections.abc import Callable

import axelrod as axl
import numpy as np

from strategies import REGISTRY
from tournament.agreement.library import library_player
from tournament.core.games import get_game


def library_opponents(*specs: str) -> dict[str, Callable[[], axl.Player]]:
    """Native spec -> a factory of its Axelrod-library equivalent."""
    return {spec: functools.partial(library_player, spec) for spec in specs}


def axelrod_moves(
    player: axl.Player,
    opponent: axl.Player,
    turns: int = 200,
    game: axl.Game | None = None,
    length: float | None = None,
) -> tuple[str, str]:
    """Both move sequences of an Axelrod-library match, as strings of C and D. As in our
    engine's default, the players are told the length (``turns``) unless ``length`` says
    otherwise (``-1``: unknown, ``inf``: a probabilistic ending)."""
    told = turns if length is None else length
    attributes = {"length": told, "game": game or axl.Game(), "noise": 0}
    match = axl.Match((player, opponent), turns=turns, game=game, match_attributes=attributes)
    interactions = match.play()
    return "".join(str(a) for a, _ in interactions), "".join(str(b) for _, b in interactions)


def drive_ours(spec: str, opp: np.ndarray, flips: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """Play one batch of ours against fixed opponent moves ``opp`` (n, horizon), flipping
    our moves where ``flips``; rows finish at ``lengths`` (descending), as the engine does
    with a random ending."""
    n, horizon = opp.shape
    player = REGISTRY.create(spec)
    player.reset(n, np.random.default_rng(0), np.repeat(get_game("classic").payoffs[:1], n, 0))
    own = np.zeros((n, horizon), dtype=np.uint8)
    for t in range(horizon):
        k = int((lengths > t).sum())
        own[:k, t] = player.play_turn(own[:k, :t], opp[:k, :t], t) ^ flips[:k, t]
    return own


def drive_axelrod(player: axl.Player, opp: np.ndarray, flips: np.ndarray, length: int) -> str:
    """The Axelrod library's ``player`` against fixed moves, with its moves flipped."""
    actions = [axl.Action.C, axl.Action.D]
    opponent = axl.MockPlayer([actions[m] for m in opp[:length]])
    for t in range(length):
        mine, theirs = player.strategy(opponent), opponent.strategy(player)
        if flips[t]:
            mine = mine.flip()
        player.update_history(mine, theirs)
        opponent.update_history(theirs, mine)
    return "".join(str(a) for a in player.history)


def assert_same_moves_in_a_noisy_shrinking_batch(
    spec: str, make_player, max_density: float = 0.4, seed: int = 7
) -> None:
    """One batch of 30 rows of ours against random opponent moves, with 5% of our moves
    flipped and rows finishing at different turns, must equal the library's player
    (``make_player()``, one per row) driven through the same moves."""
    rng = np.random.default_rng(seed)
    n, horizon = 30, 150
    density = rng.uniform(0.0, max_density, size=(n, 1))
    opp = (rng.random((n, horizon)) < density).astype(np.uint8)
    flips = (rng.random((n, horizon)) < 0.05).astype(np.uint8)
    lengths = np.sort(rng.integers(1, horizon + 1, size=n))[::-1]
    lengths[0] = horizon
    own = drive_ours(spec, opp, flips, lengths)
    for i in range(n):
        expected = drive_axelrod(make_player(), opp[i], flips[i], int(lengths[i]))
        got = "".join("CD"[m] for m in own[i, : lengths[i]])
        assert got == expected, f"{spec}, row {i}"
