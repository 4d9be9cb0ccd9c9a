"""Shared checks of the data-driven strategy tests (lookup tables, neural networks,
memory two): exact agreement with the Axelrod library, told or hidden length, and the
library classifier's metadata."""

from __future__ import annotations

import math
import warnings

from strategies import REGISTRY
from tests.axelrod_helpers import axelrod_moves, library_opponents
from tournament.core.match import play_match

#: Deterministic registry strategies with library equivalents, to play against.
OPPONENT_SPECS = (
    "Tit For Tat",
    "Defector",
    "Cooperator",
    "Alternator",
    "Grudger",
    "Win-Stay Lose-Shift",
    "Suspicious Tit For Tat",
    "Gradual",
    "Cycler(pattern='CCD')",
    "Cycler(pattern='CCCDDD')",
    "Davis",
    "Hard Prober",
)


def opponents() -> dict:
    return library_opponents(*OPPONENT_SPECS)


def assert_same_moves(ours: str, theirs, opponent: str, their_opponent, hidden: bool) -> None:
    """200 turns of ours against ``opponent`` equal the library's, with the length told
    or hidden (the library's -1)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        expected = axelrod_moves(theirs(), their_opponent(), 200, length=-1 if hidden else None)
    got = play_match(ours, opponent, turns=200, hide_length=hidden).history()
    assert got == expected, f"{ours} vs {opponent} (length {'hidden' if hidden else 'told'})"


def assert_metadata(ours: str, player) -> None:
    """Our class's metadata equal the library classifier's."""
    cls = REGISTRY.get_class(ours)
    import axelrod as axl

    classifier = player.classifier
    depth = classifier["memory_depth"]
    assert cls.memory_depth == (None if math.isinf(depth) else depth), ours
    assert cls.stochastic == classifier["stochastic"], ours
    assert cls.long_run_time == classifier["long_run_time"], ours
    assert cls.makes_use_of == frozenset(axl.Classifiers["makes_use_of"](player)), ours
    assert not any(
        classifier[k] for k in ("inspects_source", "manipulates_source", "manipulates_state")
    )
    assert cls().axelrod_name() == str(player)
