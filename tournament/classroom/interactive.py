"""A human against a strategy, one move at a time (``ipd play``).

Payoffs are the engine's: the game's per-turn payoffs plus, in a game with relational
rents, the rent a turn of mutual cooperation earns, computed from the moves so far by
:func:`~tournament.core.relationships.turn_payoffs` (which the engine is tested against).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from strategies.base import Action, Strategy
from tournament.core.games import Game
from tournament.core.relationships import turn_payoffs

__all__ = ["HumanMatch", "Turn"]


@dataclass(frozen=True)
class Turn:
    """One turn as played (after noise): moves, payoffs, whether noise flipped them, and
    the relational rent each side earned (included in the payoffs; 0 without rents)."""

    mine: Action
    theirs: Action
    my_payoff: float
    their_payoff: float
    my_flip: bool
    their_flip: bool
    rent: float = 0.0


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
        #: The relational rent each side has earned so far (included in ``scores``).
        self.rent = 0.0

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
        rent = self._last_rent()
        payoffs = (
            self.game.payoffs[0, mine, their] + rent,
            self.game.payoffs[1, their, mine] + rent,
        )
        self.scores += payoffs
        self.rent += rent
        return Turn(
            mine,
            their,
            float(payoffs[0]),
            float(payoffs[1]),
            bool(flips[0]),
            bool(flips[1]),
            rent,
        )

    def _last_rent(self) -> float:
        """The relational rent the last turn played earns each side (0 without rents):
        that turn's payoff in the game with all base payoffs zero."""
        if self.game.rent is None:
            return 0.0
        moves = np.stack([self.mine, self.theirs])
        return float(turn_payoffs(moves, np.zeros((2, 2, 2)), self.game.rent)[0, -1])
