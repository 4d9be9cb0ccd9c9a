"""A single match between two strategies, with both histories kept."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from strategies import Strategy
from strategies.base import moves_to_str
from tournament.common.validation import check_flag, check_horizon, check_noise, check_seed
from tournament.core.engine import draw_lengths, play_batch, told_length
from tournament.core.games import Game, get_game
from tournament.core.players import create_player

__all__ = ["MatchResult", "play_match"]


@dataclass(frozen=True)
class MatchResult:
    """Both move sequences (as played, after noise) and the total scores."""

    players: tuple[str, str]
    moves: np.ndarray  # (2, turns) uint8, row 0 = first player
    scores: np.ndarray  # (2,) total payoffs
    game: Game
    seed: int

    @property
    def turns(self) -> int:
        return int(self.moves.shape[1])

    @property
    def score_per_turn(self) -> np.ndarray:
        return self.scores / max(self.turns, 1)

    @property
    def cooperation(self) -> np.ndarray:
        """Each player's cooperation rate."""
        return (self.moves == 0).mean(axis=1) if self.turns else np.zeros(2)

    @property
    def winner(self) -> str | None:
        """The player with the higher score, ``None`` for a tie."""
        if self.scores[0] == self.scores[1]:
            return None
        return self.players[int(self.scores[1] > self.scores[0])]

    def history(self) -> tuple[str, str]:
        """The two sequences as strings of C and D."""
        return moves_to_str(self.moves[0]), moves_to_str(self.moves[1])


def play_match(
    first: str | Strategy,
    second: str | Strategy,
    turns: int | None = 200,
    *,
    prob_end: float | None = None,
    noise: float = 0.0,
    game: str | Game = "classic",
    seed: int | None = None,
    hide_length: bool = False,
) -> MatchResult:
    """Play one match; ``first`` takes the row role of an asymmetric game. Both players
    are told the length of a fixed-length match unless ``hide_length``.

    >>> play_match("Tit For Tat", "Alternator", turns=4, seed=1).history()
    ('CCDC', 'CDCD')
    """
    players = [create_player(first), create_player(second)]
    if prob_end is not None and turns == 200:
        turns = None  # the default length gives way to an explicit ending probability
    turns, prob_end = check_horizon(turns, prob_end)
    noise = check_noise(noise)
    seed = check_seed(seed)
    hide_length = check_flag("hide_length", hide_length)
    game = get_game(game)
    lengths_ss, play_ss = np.random.SeedSequence(seed).spawn(2)
    lengths = draw_lengths(1, turns, prob_end, np.random.default_rng(lengths_ss))
    seats = np.array([[0, 1]])
    told = told_length(turns, prob_end, hide_length)
    out = play_batch(
        players,
        seats,
        lengths,
        game.payoffs,
        noise,
        play_ss,
        keep_moves=True,
        length=told,
        rent=game.rent,
    )
    moves = out.moves[0, :, : int(lengths[0])]
    labels = (players[0].label, players[1].label)
    return MatchResult(labels, moves, out.scores[0].astype(float), game, seed)
