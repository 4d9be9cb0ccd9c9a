"""Expected-play helpers for strategy tests, in the style of one line per check."""

from __future__ import annotations

from collections.abc import Sequence

from strategies.base import Action, moves_to_str
from tournament.core.match import play_match


def versus(
    strategy: str,
    opponent: str,
    expected: Sequence[tuple[Action, Action]] | str,
    *,
    noise: float = 0.0,
    seed: int = 0,
    game: str = "classic",
) -> None:
    """Assert that ``strategy`` and ``opponent`` play ``expected``: a list of
    ``(own, opponent)`` action pairs, or a string like ``"CC CD DC"``."""
    if isinstance(expected, str):
        pairs = expected.split()
        own = "".join(p[0] for p in pairs)
        theirs = "".join(p[1] for p in pairs)
    else:
        own = "".join(str(a) for a, _ in expected)
        theirs = "".join(str(b) for _, b in expected)
    result = play_match(strategy, opponent, turns=len(own), noise=noise, seed=seed, game=game)
    got_own, got_theirs = result.history()
    assert (got_own, got_theirs) == (own, theirs), (
        f"{strategy} vs {opponent}:\n expected {own}\n          {theirs}\n"
        f" got      {got_own}\n          {got_theirs}"
    )


def plays(strategy: str, opponent_moves: str, *, seed: int = 0) -> str:
    """The moves ``strategy`` plays against a fixed sequence of opponent moves."""
    result = play_match(
        strategy, f"Cycler(pattern={opponent_moves!r})", turns=len(opponent_moves), seed=seed
    )
    return moves_to_str(result.moves[0])
