"""What a classroom draws and computes for a match, as pure functions of the stored data.

Every random draw of a match comes from ``SeedSequence([seed, round, match id])``
(:func:`match_streams`): its length, its noise flips, its bot's random stream and which
bot it is. A restart therefore draws the same numbers, and a bot finds its next move by
replaying the match from the start (:func:`bot_move`): strategies are deterministic
given their random stream.
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np

from tournament.core.game import Game
from tournament.core.players import create_player
from tournament.core.relationships import turn_payoffs

__all__ = ["MatchStreams", "bot_move", "draw_length", "match_streams", "noise_flips", "resolve"]


class MatchStreams(NamedTuple):
    length: np.random.SeedSequence
    noise: np.random.SeedSequence
    bot: np.random.SeedSequence
    pick: np.random.SeedSequence


def match_streams(seed: int, round_number: int, match_id: int) -> MatchStreams:
    """The match's independent random streams."""
    return MatchStreams(*np.random.SeedSequence([seed, round_number, match_id]).spawn(4))


def draw_length(turns: int | None, prob_end: float | None, stream: np.random.SeedSequence) -> int:
    """``turns``, or a geometric draw with ending probability ``prob_end``."""
    if turns is not None:
        return int(turns)
    return int(np.random.default_rng(stream).geometric(prob_end))


def noise_flips(noise: float, length: int, stream: np.random.SeedSequence) -> np.ndarray:
    """``(length, 2)`` booleans: whether noise flips each role's move on each turn."""
    if noise == 0:
        return np.zeros((length, 2), dtype=bool)
    return np.random.default_rng(stream).random((length, 2)) < noise


def told_length(turns: int | None, hide_length: bool) -> int | float | None:
    """What a bot is told about the match length: ``None`` when hidden, ``inf`` for a
    probabilistic ending, else the number of turns (the engine's contract)."""
    if hide_length:
        return None
    return math.inf if turns is None else int(turns)


def bot_move(
    bot: str,
    role: int,
    game: Game,
    told: int | float | None,
    stream: np.random.SeedSequence,
    history: np.ndarray,
) -> int:
    """The bot's move for the next turn of a match whose moves so far (as played, after
    noise) are ``history`` (``(2, t)``, row ``r`` for role ``r``): the bot is started
    afresh with its match's random stream and replays every turn."""
    player = create_player(bot)
    player.start(1, np.random.default_rng(stream), game.payoffs[[role]], told)
    own = np.ascontiguousarray(history[role][None, :], dtype=np.uint8)
    opp = np.ascontiguousarray(history[1 - role][None, :], dtype=np.uint8)
    move = np.zeros(1, dtype=np.uint8)
    for k in range(history.shape[1] + 1):
        move = player.play_turn(own[:, :k], opp[:, :k], k)
    return int(move[0])


def resolve(
    game: Game, history: np.ndarray, chosen: tuple[int, int], flips: np.ndarray
) -> tuple[tuple[int, int], tuple[float, float]]:
    """The next turn: the moves as played (``chosen`` flipped where ``flips`` says) and
    each role's payoff, relational rents included (:func:`turn_payoffs` over the whole
    match, as the engine scores it)."""
    played = (int(chosen[0]) ^ int(flips[0]), int(chosen[1]) ^ int(flips[1]))
    moves = np.concatenate([history, np.array(played, dtype=np.uint8)[:, None]], axis=1)
    payoffs = turn_payoffs(moves, game.payoffs, game.rent)[:, -1]
    return played, (float(payoffs[0]), float(payoffs[1]))
