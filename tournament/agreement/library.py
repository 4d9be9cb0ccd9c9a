"""Checks that native strategies play as their Axelrod-library equivalents.

Deterministic strategies must play exactly the same moves; stochastic ones must reach
the same mean scores within a stated statistical tolerance. Used by the test suite and by
``docs/make_agreement_table.py``, which writes the table in ``docs/axelrod_agreement.md``.
Matches are played as the library's ``Tournament`` plays them: both engines tell the
players the length of a fixed-length match.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np

from strategies import REGISTRY
from strategies.interop import axelrod_catalogue
from tournament.core.engine import play_batch
from tournament.core.games import get_game

__all__ = [
    "TOLERANCE_SE",
    "StochasticCheck",
    "check_stochastic",
    "compare_stochastic",
    "equivalents",
    "library_moves",
    "library_player",
]

#: Two-sided tolerance, in standard errors of the difference of means: over the ~150
#: comparisons of the suite, a false alarm has odds of about 1 in 1,000.
TOLERANCE_SE = 4.5
STOCHASTIC_OPPONENTS = ("Tit For Tat", "Defector", "Alternator", "Cycler(pattern='CCD')")
#: Lighter settings for the library's slow strategies (its ``long_run_time`` ones, such as
#: the meta players whose teams hold over a hundred strategies).
SLOW_SETTINGS = {"opponents": ("Alternator", "Random"), "turns": 60, "ours_n": 400, "theirs_n": 10}


def equivalents() -> dict[str, type]:
    """Native strategy name -> the Axelrod-library class whose default instance prints
    as the native strategy's ``axelrod_name()``."""
    catalogue = axelrod_catalogue()
    return {
        cls.name: catalogue[cls().axelrod_name()]
        for cls in REGISTRY
        if cls().axelrod_name() in catalogue
    }


def library_player(spec: str):
    """The library's default player for a native name or spec."""
    player = REGISTRY.create(spec)
    catalogue = axelrod_catalogue()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if player.axelrod_name() in catalogue:
            return catalogue[player.axelrod_name()]()
        import axelrod as axl

        if type(player).name == "Cycler":
            return axl.Cycler(player.params["pattern"])
    raise LookupError(f"{spec!r} has no Axelrod-library equivalent")


def library_moves(first, second, turns: int, seed: int | None = None) -> tuple[str, str]:
    """Both move sequences of a library match between two library players."""
    import axelrod as axl

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        match = axl.Match((first, second), turns=turns, seed=seed)  # length told, as ours
        interactions = match.play()
    return "".join(str(a) for a, _ in interactions), "".join(str(b) for _, b in interactions)


@dataclass(frozen=True)
class StochasticCheck:
    opponent: str
    ours: float
    theirs: float
    z: float

    @property
    def agrees(self) -> bool:
        return self.z <= TOLERANCE_SE


def compare_stochastic(
    name: str,
    opponents: tuple[str, ...] = STOCHASTIC_OPPONENTS,
    turns: int = 100,
    ours_n: int = 2000,
    theirs_n: int = 40,
) -> list[StochasticCheck]:
    """Mean score per turn of ``name`` against each opponent: ours over ``ours_n``
    seeded matches, the library's over ``theirs_n``; ``z`` is the difference in standard
    errors of the difference."""
    payoffs = get_game("classic").payoffs
    checks = []
    for opponent in opponents:
        out = play_batch(
            [REGISTRY.create(name), REGISTRY.create(opponent)],
            np.tile([[0, 1]], (ours_n, 1)),
            np.full(ours_n, turns),
            payoffs,
            0.0,
            np.random.SeedSequence(1),
            length=turns,  # told, as the library's players are
        )
        ours = out.scores[:, 0] / turns
        theirs = []
        for seed in range(theirs_n):
            a, b = library_moves(library_player(name), library_player(opponent), turns, seed)
            moves = np.array([["CD".index(x), "CD".index(y)] for x, y in zip(a, b, strict=True)])
            theirs.append(payoffs[0, moves[:, 0], moves[:, 1]].mean())
        theirs = np.array(theirs)
        se = np.sqrt(ours.var() / ours.size + theirs.var() / theirs.size)
        diff = abs(ours.mean() - theirs.mean())
        z = 0.0 if diff < 1e-12 else float(diff / se) if se > 0 else float("inf")
        checks.append(StochasticCheck(opponent, float(ours.mean()), float(theirs.mean()), z))
    return checks


def check_stochastic(name: str) -> list[StochasticCheck]:
    """:func:`compare_stochastic` with the default settings, or :data:`SLOW_SETTINGS` for
    a strategy the library classifies as slow to run."""
    slow = bool(REGISTRY.get_class(REGISTRY.create(name).name).long_run_time)
    return compare_stochastic(name, **SLOW_SETTINGS) if slow else compare_stochastic(name)
