"""A human against a strategy, one move at a time (``ipd play``)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from strategies.base import Action, Strategy
from tournament.core.games import Game

__all__ = ["HumanMatch", "Turn"]


@dataclass(frozen=True)
class Turn:
    """One turn as played (after noise): moves, payoffs and whether noise flipped them."""

    mine: Action
    theirs: Action
    my_payoff: float
    their_payoff: float
    my_flip: bool
    their_flip: bool


class HumanMatch:
    """The human holds the first role (row player); the strategy the second.

    The match length (fixed, or drawn from the ending probability) is never shown to
    the strategy, nor to the human when ``prob_end`` is used.
    """

    def __init__(
        self,
        opponent: Strategy,
        game: Game,
        turns: int | None,
        prob_end: float | None,
        noise: float,
        seed: int,
    ) -> None:
        length_ss, noise_ss, strategy_ss = np.random.SeedSequence(seed).spawn(3)
        self.opponent, self.game, self.noise = opponent, game, noise
        if turns is None:
            turns = int(np.random.default_rng(length_ss).geometric(prob_end))
        self.length = turns
        self.noise_rng = np.random.default_rng(noise_ss)
        opponent.reset(1, np.random.default_rng(strategy_ss), game.payoffs[[1]])
        self.mine = np.zeros(0, dtype=np.uint8)
        self.theirs = np.zeros(0, dtype=np.uint8)
        self.scores = np.zeros(2)

    @property
    def turn(self) -> int:
        return len(self.mine)

    @property
    def finished(self) -> bool:
        return self.turn >= self.length

    def play(self, move: Action) -> Turn:
        """Play the human's ``move``; the strategy moves at the same time."""
        if self.finished:
            raise RuntimeError("the match is over")
        reply = self.opponent.play_turn(self.theirs[None, :], self.mine[None, :], len(self.theirs))
        their = Action(int(reply[0]))
        mine = Action(move)
        flips = self.noise_rng.random(2) < self.noise if self.noise else (False, False)
        if flips[0]:
            mine = mine.flip()
        if flips[1]:
            their = their.flip()
        self.mine = np.append(self.mine, np.uint8(mine))
        self.theirs = np.append(self.theirs, np.uint8(their))
        payoffs = (self.game.payoffs[0, mine, their], self.game.payoffs[1, their, mine])
        self.scores += payoffs
        return Turn(
            mine, their, float(payoffs[0]), float(payoffs[1]), bool(flips[0]), bool(flips[1])
        )
