"""Shared checks for the tests of the small Axelrod-library families (once bitten,
backstabbers, resurrection, average copiers, adaptive Pavlov, adaptors, hunters and
the small rules): exact agreement with the library's moves when the match length is
told, hidden or infinite, in distribution for the stochastic strategies, and metadata.
"""

from __future__ import annotations

import math

import axelrod as axl
import numpy as np

from strategies import REGISTRY
from strategies.base import Strategy
from tests.axelrod_helpers import axelrod_moves
from tournament.agreement.library import compare_stochastic
from tournament.core.engine import play_batch
from tournament.core.games import get_game
from tournament.core.match import play_match

# registry strategies with a library equivalent, as opponents (our spec -> the library's)
OPPONENTS = {
    "Tit For Tat": axl.TitForTat,
    "Defector": axl.Defector,
    "Cooperator": axl.Cooperator,
    "Alternator": axl.Alternator,
    "Grudger": axl.Grudger,
    "Win-Stay Lose-Shift": axl.WinStayLoseShift,
    "Suspicious Tit For Tat": axl.SuspiciousTitForTat,
    "Gradual": axl.Gradual,
    "Cycler(pattern='CCD')": lambda: axl.Cycler("CCD"),
    "Cycler(pattern='CCCDDD')": lambda: axl.Cycler("CCCDDD"),
    "Cycler(pattern='CDDCCCDCDDDCC')": lambda: axl.Cycler("CDDCCCDCDDDCC"),
    "Davis": axl.FirstByDavis,
    "Hard Prober": axl.HardProber,
    "Prober": axl.Prober,
    "Tricky Defector": axl.TrickyDefector,
}

# the deterministic strategies of these families (our spec -> the library's)
FAMILIES = {
    "Once Bitten": axl.OnceBitten,
    "BackStabber": axl.BackStabber,
    "DoubleCrosser": axl.DoubleCrosser,
    "Resurrection": axl.Resurrection,
    "DoubleResurrection": axl.DoubleResurrection,
    "Adaptive Pavlov 2006": axl.APavlov2006,
    "Adaptive Pavlov 2011": axl.APavlov2011,
    "Alternator Hunter": axl.AlternatorHunter,
    "Cooperator Hunter": axl.CooperatorHunter,
    "Cycle Hunter": axl.CycleHunter,
    "Defector Hunter": axl.DefectorHunter,
    "Eventual Cycle Hunter": axl.EventualCycleHunter,
    "Math Constant Hunter": axl.MathConstantHunter,
    "Random Hunter": axl.RandomHunter,
    "Appeaser": axl.Appeaser,
    "Doubler": axl.Doubler,
    "Forgiver": axl.Forgiver,
    "Gradual Killer": axl.GradualKiller,
    "Grumpy": axl.Grumpy,
    "Grumpy(starting_state='Grumpy', grumpy_threshold=3, nice_threshold=-2)": lambda: axl.Grumpy(
        "Grumpy", 3, -2
    ),
}

#: Every opponent of the exactness tests: the reference set and these families.
ALL_OPPONENTS = {**OPPONENTS, **FAMILIES}


def ours_told(spec: str, opponent: str, turns: int, length: float | None) -> tuple[str, str]:
    """Both move sequences of our match of ``turns`` turns, the players being told
    ``length`` (``None``: hidden, ``math.inf``: a probabilistic ending)."""
    players = [REGISTRY.create(spec), REGISTRY.create(opponent)]
    out = play_batch(
        players,
        np.array([[0, 1]]),
        np.array([turns]),
        get_game("classic").payoffs,
        0.0,
        np.random.SeedSequence(0),
        keep_moves=True,
        length=length,
    )
    moves = out.moves[0]
    return "".join("CD"[m] for m in moves[0]), "".join("CD"[m] for m in moves[1])


def assert_exact(spec: str, make_player, opponent: str, turns: int = 200) -> None:
    """``spec`` plays the library's moves against ``opponent`` with the length told,
    hidden (the library's -1) and, for strategies that use it, infinite."""
    make_opponent = ALL_OPPONENTS[opponent]
    told = axelrod_moves(make_player(), make_opponent(), turns)
    assert play_match(spec, opponent, turns=turns).history() == told, "length told"
    hidden = axelrod_moves(make_player(), make_opponent(), turns, length=-1)
    assert play_match(spec, opponent, turns=turns, hide_length=True).history() == hidden, (
        "length hidden"
    )
    if "length" in REGISTRY.create(spec).makes_use_of:
        infinite = axelrod_moves(make_player(), make_opponent(), turns, length=math.inf)
        assert ours_told(spec, opponent, turns, math.inf) == infinite, "length infinite"


def assert_stochastic_agreement(name: str, opponents: tuple[str, ...]) -> None:
    """Mean score per turn within ``TOLERANCE_SE`` standard errors of the library's."""
    for check in compare_stochastic(name, opponents):
        assert check.agrees, check


def assert_seeded(spec: str, opponent: str = "Alternator") -> None:
    """Same seed, same moves; another seed, other moves."""
    a = play_match(spec, opponent, turns=100, seed=5).history()
    assert a == play_match(spec, opponent, turns=100, seed=5).history()
    assert a != play_match(spec, opponent, turns=100, seed=6).history()


def assert_metadata(cls: type[Strategy], library_cls) -> None:
    """Name and metadata equal the library's default player's."""
    player = library_cls()
    classifier = axl.Classifiers
    depth = classifier["memory_depth"](player)
    assert cls().axelrod_name() == str(player)
    assert cls.memory_depth == (None if depth == float("inf") else depth)
    assert cls.stochastic == classifier["stochastic"](player)
    assert cls().is_stochastic() == classifier["stochastic"](player)
    assert cls.makes_use_of == frozenset(classifier["makes_use_of"](player))
    assert cls.long_run_time == classifier["long_run_time"](player)
    for manipulation in ("inspects_source", "manipulates_source", "manipulates_state"):
        assert not classifier[manipulation](player)
