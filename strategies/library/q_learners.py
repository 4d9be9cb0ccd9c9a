"""Q-learners (Watkins 1989) by Geraint Palmer, as defined in the Axelrod library
(version 4.13), move for move: Risky, Arrogant, Hesitant and Cautious, which differ
only in their learning rate and discount rate.

The Q table, vectorized. A learner's state is the opponent's last 12 moves together with
its number of cooperations so far. That count never decreases, so a state can only come
back while the opponent keeps defecting, and then its window is 12 defections: every
other state is met once, with the fresh values ``Q = (0, 0)``, ``V = 0``, and what the
learner writes into it is never read again. So per match the table reduces exactly to
the values of one state, "12 defections with the current count" (``_q``, ``_v``),
forgotten when the opponent cooperates (the count moves on), plus the few numbers the
update needs: the running count of defections in the window, the move the learner chose
last (not the one noise made it play: the library rewards the chosen move) and whether
its previous state was the recurring one. A turn costs the same at any length.
"""

from __future__ import annotations

from typing import ClassVar

import numpy as np

from strategies.base import Strategy

__all__ = ["ArrogantQLearner", "CautiousQLearner", "HesitantQLearner", "RiskyQLearner"]

_U8 = np.uint8


class _QLearner(Strategy, abstract=True):
    """Q-learning over states "the opponent's last 12 moves and its number of
    cooperations so far", with the payoff it received as reward.

    On each turn the learner updates the value of its previous state and move,
    ``Q(s', a') <- (1 - lr) Q(s', a') + lr (r + dr V(s))``, where ``r`` is its payoff
    for the move it chose against the opponent's last move, ``s`` the state now and
    ``V(s') = max Q(s', .)``; then it plays the move of highest ``Q(s, .)`` (C on
    ties) with probability 0.9 and a fair coin toss otherwise. States never seen
    are worth 0. On the first turn the update concerns a fictitious state and a move
    and reward drawn at random, which nothing reads later; it is skipped. Payoffs are
    this player's own in the match's game.
    """

    family = "learning"
    memory_depth = None
    stochastic = True
    makes_use_of = frozenset({"game"})

    learning_rate: ClassVar[float] = 0.9
    discount_rate: ClassVar[float] = 0.9
    #: Probability of a random move instead of the greedy one.
    action_selection_parameter: ClassVar[float] = 0.1
    #: Opponent moves in a state.
    memory_length: ClassVar[int] = 12
    #: The last move, and the one leaving the state's window (``memory_length`` before).
    history_window = memory_length + 1

    def axelrod_name(self) -> str | None:
        return self.name  # the library's names are ours

    def reset(self, n: int, rng: np.random.Generator, payoff: np.ndarray) -> None:
        super().reset(n, rng, payoff)
        self._q = np.zeros((2, n))  # Q of the recurring state, for C and D
        self._v = np.zeros(n)  # its V
        self._gains = payoff.reshape(n, 4)  # payoff of (chosen move, opponent's move)
        self._window_defections = np.zeros(n, dtype=np.int64)
        self._chosen = np.zeros(n, dtype=_U8)  # the move chosen last turn
        self._was_recurring = np.zeros(n, dtype=bool)  # the previous state was it
        self._learned = False  # whether any Q or V is not 0

    def step(self, own: np.ndarray, opp: np.ndarray) -> np.ndarray:
        k, t = opp.shape[0], self.t
        if t == 0:
            # the library draws the fictitious move and reward first: keep its order
            u = self.rng.random((k, 4))[:, 2:]
            greedy = recurring = np.zeros(k, dtype=bool)
        else:
            u = self.rng.random((k, 2))
            recurring = self._learn(opp)
            q = self._q[:, :k]
            # D where it is worth more in the recurring state (elsewhere both are 0)
            greedy = recurring & (q[1] > q[0]) if self._learned else False
        explore = u[:, 0] >= 1.0 - self.action_selection_parameter
        move = np.where(explore, u[:, 1] >= 0.5, greedy).view(_U8)
        self._chosen[:k] = move
        self._was_recurring[:k] = recurring
        return move

    def _learn(self, opp: np.ndarray) -> np.ndarray:
        """Update the previous state's values; return whether the current state is the
        recurring one (``self._q[:, :k]`` then holds its Q values)."""
        k, t = opp.shape[0], self.t
        m = self.memory_length
        last = opp[:, -1]
        window = self._window_defections[:k]
        window += last
        if t > m:
            window -= opp[:, -1 - m]
        recurring = window == m  # (m defections in a row: t >= m)

        q, v = self._q[:, :k], self._v[:k]
        was = self._was_recurring[:k]
        if was.any():  # else no state read later was left: nothing to update
            chosen = self._chosen[:k]
            reward = self._gains[:k].take(np.arange(k) * 4 + 2 * chosen + last)
            value_now = np.where(recurring, v, 0.0)
            before = np.where(was, np.where(chosen, q[1], q[0]), 0.0)
            lr = self.learning_rate
            updated = (1.0 - lr) * before + lr * (reward + self.discount_rate * value_now)
            as_d = chosen.view(bool)
            np.copyto(q[0], updated, where=was & ~as_d)
            np.copyto(q[1], updated, where=was & as_d)
            np.copyto(v, np.maximum(q[0], q[1]), where=was)
            self._learned = True
        if self._learned:
            # a cooperation moves the count on: the recurring state is a new one
            moved_on = last == 0
            for values in (q[0], q[1], v):
                np.copyto(values, 0.0, where=moved_on)
        return recurring


class RiskyQLearner(_QLearner):
    """Risky QLearner (Geraint Palmer, as defined in the Axelrod library): a Q-learner
    quick to conclude (learning rate 0.9) that also values the future (discount rate
    0.9)."""

    name = "Risky QLearner"
    learning_rate = 0.9
    discount_rate = 0.9


class ArrogantQLearner(_QLearner):
    """Arrogant QLearner (Geraint Palmer, as defined in the Axelrod library): a
    Q-learner quick to conclude (learning rate 0.9) that cares little about the future
    (discount rate 0.1)."""

    name = "Arrogant QLearner"
    learning_rate = 0.9
    discount_rate = 0.1


class HesitantQLearner(_QLearner):
    """Hesitant QLearner (Geraint Palmer, as defined in the Axelrod library): a
    Q-learner slow to conclude (learning rate 0.1) that values the future (discount
    rate 0.9)."""

    name = "Hesitant QLearner"
    learning_rate = 0.1
    discount_rate = 0.9


class CautiousQLearner(_QLearner):
    """Cautious QLearner (Geraint Palmer, as defined in the Axelrod library): a
    Q-learner slow to conclude (learning rate 0.1) that cares little about the future
    (discount rate 0.1)."""

    name = "Cautious QLearner"
    learning_rate = 0.1
    discount_rate = 0.1
