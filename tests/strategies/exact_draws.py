"""Exact move-for-move checks of stochastic strategies against the Axelrod library.

Both sides are fed the same uniform numbers: on turn ``t`` of row ``i``, the ``j``-th
number the library's player draws (``player._random.random()``, which its
``random_choice`` uses) is ``u[i, t, j]``, and our strategy's ``rng.random(k)`` (or
``rng.random((k, m))``) returns ``u[:k, t, 0]`` (or ``u[:k, t, :m]``). A strategy that
numbers its draws within a turn as the library does must then play exactly the same
moves, with noise (moves flipped) and rows finishing at different turns.
"""

from __future__ import annotations

import axelrod as axl
import numpy as np

from strategies import REGISTRY
from tournament.core.games import get_game


class ScriptedDraws:
    """Stands in for ``numpy.random.Generator``: ``random`` returns the turn's numbers."""

    def __init__(self, u: np.ndarray) -> None:
        self.u = u
        self.t = 0

    def random(self, size=None):
        if size is None:
            return float(self.u[0, self.t, 0])
        if isinstance(size, int | np.integer):
            return self.u[:size, self.t, 0].copy()
        k, m = size
        return self.u[:k, self.t, :m].copy()


def drive_ours_scripted(
    spec: str,
    opp: np.ndarray,
    flips: np.ndarray,
    lengths: np.ndarray,
    u: np.ndarray,
    told: int | float | None,
    payoff: np.ndarray | None = None,
) -> np.ndarray:
    """Our ``spec`` against fixed opponent moves (n, horizon), moves flipped where
    ``flips``, rows finishing at ``lengths`` (descending), draws from ``u``."""
    n, horizon = opp.shape
    payoff = get_game("classic").payoffs[0] if payoff is None else payoff
    player = REGISTRY.create(spec)
    draws = ScriptedDraws(u)
    player.start(n, draws, np.repeat(payoff[None], n, 0), told)  # type: ignore[arg-type]
    own = np.zeros((n, horizon), dtype=np.uint8)
    for t in range(horizon):
        k = int((lengths > t).sum())
        draws.t = t
        own[:k, t] = player.play_turn(own[:k, :t], opp[:k, :t], t) ^ flips[:k, t]
    return own


def drive_axelrod_scripted(
    player: axl.Player,
    opp: np.ndarray,
    flips: np.ndarray,
    u: np.ndarray,
    length: int,
    told: float,
    game: axl.Game | None = None,
) -> str:
    """The library's ``player`` against fixed moves for ``length`` turns, told the
    length ``told`` (-1: hidden), its ``j``-th draw of turn ``t`` being ``u[t, j]``."""
    actions = [axl.Action.C, axl.Action.D]
    game = game or axl.Game()
    opponent = axl.MockPlayer([actions[m] for m in opp[:length]])
    player.set_match_attributes(length=told, game=game, noise=0)
    counter = {"j": 0}

    def scripted() -> float:
        value = float(u[len(player.history), counter["j"]])
        counter["j"] += 1
        return value

    player.set_seed(0)
    player._random.random = scripted
    for t in range(length):
        counter["j"] = 0
        mine, theirs = player.strategy(opponent), opponent.strategy(player)
        if flips[t]:
            mine = mine.flip()
        player.update_history(mine, theirs)
        opponent.update_history(theirs, mine)
    return "".join(str(a) for a in player.history)


def assert_same_moves_with_scripted_draws(
    spec: str,
    make_player,
    *,
    told: str = "told",
    min_density: float = 0.0,
    max_density: float = 0.6,
    seed: int = 7,
    n: int = 24,
    horizon: int = 150,
    draws_per_turn: int = 4,
    game: str = "classic",
) -> None:
    """A noisy shrinking batch of ours (``told``: "told", "hidden" or "inf" length) must
    equal the library's player driven row by row through the same moves and draws."""
    rng = np.random.default_rng(seed)
    density = rng.uniform(min_density, max_density, size=(n, 1))
    opp = (rng.random((n, horizon)) < density).astype(np.uint8)
    flips = (rng.random((n, horizon)) < 0.05).astype(np.uint8)
    lengths = np.sort(rng.integers(1, horizon + 1, size=n))[::-1]
    lengths[0] = horizon
    u = rng.random((n, horizon, draws_per_turn))
    ours_told = {"told": horizon, "hidden": None, "inf": np.inf}[told]
    their_told = {"told": horizon, "hidden": -1, "inf": np.inf}[told]
    native_game = get_game(game)
    payoff = native_game.payoffs[0]
    r, s, t_, p = payoff[0, 0], payoff[0, 1], payoff[1, 0], payoff[1, 1]
    library_game = axl.Game(r=r, s=s, t=t_, p=p)
    own = drive_ours_scripted(spec, opp, flips, lengths, u, ours_told, payoff)
    for i in range(n):
        expected = drive_axelrod_scripted(
            make_player(), opp[i], flips[i], u[i], int(lengths[i]), their_told, library_game
        )
        got = "".join("CD"[m] for m in own[i, : lengths[i]])
        assert got == expected, f"{spec}, row {i}\n ours   {got}\n theirs {expected}"
