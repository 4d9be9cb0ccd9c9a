"""Shared checks of the test files for the Axelrod-library variants of the classic
families (majority, grudgers, tit_for_tat_variants, retaliation, probers): exact moves
against the library with the length told and hidden, noisy shrinking batches, the
statistics of stochastic strategies, and metadata against the library's classifier."""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable

import axelrod as axl
import numpy as np

from strategies import REGISTRY
from tests.axelrod_helpers import (
    assert_same_moves_in_a_noisy_shrinking_batch,
    axelrod_moves,
    library_opponents,
)
from tournament.agreement.library import TOLERANCE_SE, library_moves, library_player
from tournament.core.engine import play_batch
from tournament.core.games import get_game
from tournament.core.match import play_match

#: Deterministic registry strategies with library equivalents, as opponents.
OPPONENTS: dict[str, Callable[[], axl.Player]] = library_opponents(
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
    "Prober",
    "Punisher",
)


def assert_plays_as_the_library(
    ours: str,
    make: Callable[[], axl.Player],
    opponents: dict[str, Callable[[], axl.Player]],
    hide_length: bool,
    turns: int = 200,
) -> None:
    """``ours`` plays exactly the library's moves against every opponent, told the length
    of the match or not (the library's ``length=-1``)."""
    for opponent, make_opponent in opponents.items():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            expected = axelrod_moves(
                make(), make_opponent(), turns, length=-1 if hide_length else None
            )
        got = play_match(ours, opponent, turns=turns, hide_length=hide_length).history()
        assert got == expected, f"{ours} vs {opponent} (length hidden: {hide_length})"


def assert_noisy_batch(ours: str, make: Callable[[], axl.Player]) -> None:
    assert_same_moves_in_a_noisy_shrinking_batch(ours, make, max_density=0.6, seed=7)
    assert_same_moves_in_a_noisy_shrinking_batch(ours, make, max_density=0.2, seed=8)


def assert_scores_as_in_the_library(
    ours: str,
    make: Callable[[], axl.Player],
    opponents: tuple[str, ...],
    turns: int = 60,
    ours_n: int = 600,
    theirs_n: int = 40,
) -> None:
    """Mean score per turn within ``TOLERANCE_SE`` standard errors of the library's, as
    :func:`~tournament.agreement.library.compare_stochastic` checks, except that our
    players are told the match length as the library's are (``compare_stochastic``
    plays ours with the length hidden, which matters for end-game strategies)."""
    payoffs = get_game("classic").payoffs
    for opponent in opponents:
        out = play_batch(
            [REGISTRY.create(ours), REGISTRY.create(opponent)],
            np.tile([[0, 1]], (ours_n, 1)),
            np.full(ours_n, turns),
            payoffs,
            0.0,
            np.random.SeedSequence(1),
            length=turns,
        )
        mine = out.scores[:, 0] / turns
        theirs = []
        for seed in range(theirs_n):
            a, b = library_moves(make(), library_player(opponent), turns, seed)
            rows = ["CD".index(x) for x in a], ["CD".index(y) for y in b]
            theirs.append(payoffs[0, rows[0], rows[1]].mean())
        theirs = np.array(theirs)
        se = np.sqrt(mine.var() / mine.size + theirs.var() / theirs.size)
        diff = abs(mine.mean() - theirs.mean())
        z = 0.0 if diff < 1e-12 else float(diff / se) if se > 0 else math.inf
        assert z <= TOLERANCE_SE, (ours, opponent, mine.mean(), theirs.mean(), z)


def assert_same_metadata(spec: str, theirs: axl.Player) -> None:
    """The class's metadata equal the library's classifier of its default player."""
    ours = REGISTRY.get_class(spec)
    player = REGISTRY.create(spec)
    classifier = axl.Classifiers
    depth = classifier["memory_depth"](theirs)
    assert ours.memory_depth == (None if math.isinf(depth) else depth)
    assert player.is_stochastic() == classifier["stochastic"](theirs)
    assert ours.stochastic == axl.Classifiers["stochastic"](type(theirs)())
    assert ours.makes_use_of == frozenset(classifier["makes_use_of"](theirs))
    assert ours.long_run_time == classifier["long_run_time"](theirs)
    for flag in ("inspects_source", "manipulates_source", "manipulates_state"):
        assert not classifier[flag](theirs)
    assert player.axelrod_name() == str(theirs)
