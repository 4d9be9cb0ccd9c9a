"""Tests of strategies/library/axelrod_second_a.py (Axelrod's second tournament, Appold to
Harrington): expected play, exact agreement with the Axelrod library for the
deterministic entries (length told and hidden, with noise in batches whose matches end
at different times), and for the stochastic ones exact agreement when both players are
fed the same uniform numbers, plus mean scores, seeding, naming and metadata."""

from __future__ import annotations

import warnings

import axelrod as axl
import numpy as np
import pytest
from axelrod.random_ import RandomGenerator

from strategies import REGISTRY
from strategies.library.axelrod_second_a import (
    SecondByBlack,
    SecondByBorufsen,
    SecondByCave,
    SecondByChampion,
    SecondByColbert,
    SecondByEatherley,
    SecondByGetzler,
    SecondByGladstein,
    SecondByGraaskampKatzen,
    SecondByGrofman,
)
from strategies.library.axelrod_second_c import SecondByAppold, SecondByHarrington
from tests.axelrod_helpers import (
    assert_same_moves_in_a_noisy_shrinking_batch,
    axelrod_moves,
    library_opponents,
)
from tests.strategy_helpers import plays, versus
from tournament.agreement.library import TOLERANCE_SE, compare_stochastic
from tournament.core.games import get_game
from tournament.core.match import play_match

DETERMINISTIC = {
    "Second by Borufsen": axl.SecondByBorufsen,
    "Second by Colbert": axl.SecondByColbert,
    "Second by Gladstein": axl.SecondByGladstein,
    "Second by GraaskampKatzen": axl.SecondByGraaskampKatzen,
    "Second by Grofman": axl.SecondByGrofman,
}
STOCHASTIC = {
    "Second by Appold": axl.SecondByAppold,
    "Second by Black": axl.SecondByBlack,
    "Second by Cave": axl.SecondByCave,
    "Second by Champion": axl.SecondByChampion,
    "Second by Eatherley": axl.SecondByEatherley,
    "Second by Getzler": axl.SecondByGetzler,
    "Second by Harrington": axl.SecondByHarrington,
}
CLASSES = {
    SecondByAppold: axl.SecondByAppold,
    SecondByBlack: axl.SecondByBlack,
    SecondByBorufsen: axl.SecondByBorufsen,
    SecondByCave: axl.SecondByCave,
    SecondByChampion: axl.SecondByChampion,
    SecondByColbert: axl.SecondByColbert,
    SecondByEatherley: axl.SecondByEatherley,
    SecondByGetzler: axl.SecondByGetzler,
    SecondByGladstein: axl.SecondByGladstein,
    SecondByGraaskampKatzen: axl.SecondByGraaskampKatzen,
    SecondByGrofman: axl.SecondByGrofman,
    SecondByHarrington: axl.SecondByHarrington,
}
OPPONENTS = {
    **library_opponents(
        "Tit For Tat",
        "Defector",
        "Cooperator",
        "Alternator",
        "Grudger",
        "Win-Stay Lose-Shift",
        "Suspicious Tit For Tat",
        "Gradual",
        "Davis",
        "Hard Prober",
        "Prober",
        "Nydegger",
        "Downing",
        "Shubik",
        "Tideman and Chieruzzi",
    ),
    "Cycler(pattern='CCD')": lambda: axl.Cycler("CCD"),
    "Cycler(pattern='CCCDDD')": lambda: axl.Cycler("CCCDDD"),
    "Cycler(pattern='CDDCCCDCDDDCC')": lambda: axl.Cycler("CDDCCCDCDDDCC"),
}


# -- expected play ---------------------------------------------------------------------


def test_champion():
    # 10 cooperations, Tit For Tat to move 25, then D after D while the opponent has
    # defected at least 40% of the time (and more often than a random draw)
    versus("Second by Champion", "Defector", "CD " * 10 + "DD " * 20)
    versus("Second by Champion", "Cooperator", "CC " * 30)
    assert plays("Second by Champion", "D" + "C" * 9 + "D" * 4) == "C" * 11 + "DDD"


def test_eatherley():
    versus("Second by Eatherley", "Cooperator", "CC " * 10)
    # an opponent that always defected is answered with certainty
    versus("Second by Eatherley", "Defector", "CD" + " DD" * 9)
    assert plays("Second by Eatherley", "DCCC") == "CDCC"


def test_gladstein():
    # opens with D and keeps defecting as much as its cooperation ratio allows
    versus("Second by Gladstein", "Cooperator", "DC CC CC DC CC DC CC DC CC DC")
    # Tit For Tat answers the probe: apology, then Tit For Tat
    versus("Second by Gladstein", "Tit For Tat", "DC CD CC CC CC CC")
    # the opponent's first defection (move 4) is answered by an apology, then Tit For Tat
    assert plays("Second by Gladstein", "CCCDCDDC") == "DCCDCCDD"


def test_grofman():
    assert plays("Second by Grofman", "CCCCCCCDDDCCCCCC") == "CCCCCCCCCCCDDDDD"
    versus("Second by Grofman", "Alternator", "CC CD DC CD DC CD DC DD DC DD")
    versus("Second by Grofman", "Defector", "CD CD DD DD DD DD DD DD DD")


def test_borufsen():
    # Tit For Tat; three mutual defections in a row buy a cooperation; against an
    # opponent with fewer than 3 cooperations it turns to defect mode on move 27
    versus("Second by Borufsen", "Defector", "CD" + " DD DD DD CD" * 6 + " DD" * 7)
    # Alternator echoes its Tit For Tat: after three echoes a defection is forgiven
    versus("Second by Borufsen", "Alternator", "CC CD DC CD DC CD CC CD DC CD")


def test_cave():
    versus("Second by Cave", "Cooperator", "CC " * 30)
    # answers defections by coin tosses until 18 of them, and defects against an
    # opponent who defected on more than 79% of the moves from move 20
    own, _ = play_match("Second by Cave", "Defector", turns=40, seed=3).history()
    assert own[0] == "C" and own[19:] == "D" * 21


def test_graaskamp_katzen():
    versus("Second by GraaskampKatzen", "Cooperator", "CC " * 30)
    # with Alternator, Tit For Tat scores 48 on move 21, short of 53: defects from then
    own, _ = play_match("Second by GraaskampKatzen", "Alternator", turns=30).history()
    assert own == "CC" + "DC" * 9 + "D" * 10


def test_getzler():
    versus("Second by Getzler", "Cooperator", "CC " * 10)
    assert plays("Second by Getzler", "CCCC") == "CCCC"


def test_black():
    versus("Second by Black", "Cooperator", "CC " * 10)
    # five cooperations; one defection in the last five is always forgiven
    assert plays("Second by Black", "DCCCCDCCCCDC") == "C" * 12


def test_colbert():
    # the sixth move is a defection; a defection is answered by D, D, C, C
    versus("Second by Colbert", "Cooperator", "CC CC CC CC CC DC CC CC CC")
    versus("Second by Colbert", "Defector", "CD CD CD CD CD DD CD CD DD DD CD CD DD DD")
    versus("Second by Colbert", "Tit For Tat", "CC CC CC CC CC DC CD CC CC CC")


def test_appold():
    versus("Second by Appold", "Cooperator", "CC " * 20)
    # four cooperations; the opponent's first defection seen from move 5 is forgiven;
    # Defector never answers a cooperation with one, and answered its notional
    # defection once in two
    assert plays("Second by Appold", "D" * 9)[:5] == "CCCCC"
    versus("Second by Appold", "Defector", "CD CD CD CD CD DD DD", seed=0)


def test_harrington():
    # Tit For Tat, a probe on move 37 and two scheduled cooperations
    own, _ = play_match("Second by Harrington", "Cooperator", turns=39, seed=1).history()
    assert own == "C" * 36 + "DCC"
    # Tit For Tat until one of the two parity streaks (fed by the opponent's defections
    # and its own Tit For Tat defections) reaches 5: a cooperation
    versus("Second by Harrington", "Alternator", "CC CD DC CD DC CD CC")
    # 20 opponent defections in a row: it defects
    own, _ = play_match("Second by Harrington", "Defector", turns=30).history()
    assert own.startswith("C") and own[20:] == "D" * 10


# -- exact agreement with the Axelrod library -----------------------------------------


@pytest.mark.parametrize("hidden", [False, True], ids=["told", "hidden"])
@pytest.mark.parametrize("ours", list(DETERMINISTIC))
@pytest.mark.parametrize("opponent", list(OPPONENTS))
def test_matches_axelrod_library(ours, opponent, hidden):
    expected = axelrod_moves(
        DETERMINISTIC[ours](), OPPONENTS[opponent](), 200, length=-1 if hidden else None
    )
    assert play_match(ours, opponent, turns=200, hide_length=hidden).history() == expected


@pytest.mark.parametrize("ours", list(DETERMINISTIC))
@pytest.mark.parametrize("opponent", list(DETERMINISTIC))
def test_matches_axelrod_library_among_themselves(ours, opponent):
    expected = axelrod_moves(DETERMINISTIC[ours](), DETERMINISTIC[opponent](), 200)
    assert play_match(ours, opponent, turns=200).history() == expected


@pytest.mark.parametrize("ours", list(DETERMINISTIC))
@pytest.mark.parametrize("density", [0.4, 0.9])
def test_matches_axelrod_library_with_noise_in_a_shrinking_batch(ours, density):
    assert_same_moves_in_a_noisy_shrinking_batch(
        ours, DETERMINISTIC[ours], max_density=density, seed=7
    )


# -- stochastic strategies: the same moves from the same random numbers ---------------------


class _SharedDraws:
    """Stands in for our numpy Generator: ``random(k)`` returns the uniforms of the
    current turn for the first ``k`` rows (each strategy draws at most once a turn)."""

    def __init__(self, uniforms: np.ndarray) -> None:
        self.uniforms, self.turn = uniforms, 0

    def random(self, size: int) -> np.ndarray:
        return self.uniforms[:size, self.turn].copy()


class _LibraryDraws(RandomGenerator):
    """Stands in for a library player's generator: ``random()`` returns the uniform of
    the turn being played, so its ``random_choice`` decides as ours does."""

    def __init__(self, uniforms: np.ndarray, player: axl.Player) -> None:
        super().__init__(seed=0)
        self.uniforms, self.player = uniforms, player

    def random(self, *args, **kwargs) -> float:
        return float(self.uniforms[len(self.player.history)])


def _same_moves_from_the_same_draws(
    spec: str, make_player, max_density: float, seed: int, opening: str = ""
):
    """A batch of ours against random opponent moves (after a fixed ``opening``; 5% of
    our moves flipped, rows ending at different turns) equals the library's players fed
    the same uniforms."""
    rng = np.random.default_rng(seed)
    n, horizon = 24, 160
    density = rng.uniform(0.0, max_density, size=(n, 1))
    opp = (rng.random((n, horizon)) < density).astype(np.uint8)
    opp[:, : len(opening)] = ["CD".index(m) for m in opening]
    flips = (rng.random((n, horizon)) < 0.05).astype(np.uint8)
    uniforms = rng.random((n, horizon))
    lengths = np.sort(rng.integers(1, horizon + 1, size=n))[::-1]
    lengths[0] = horizon
    player = REGISTRY.create(spec)
    draws = _SharedDraws(uniforms)
    player.start(n, draws, np.repeat(get_game("classic").payoffs[:1], n, 0), horizon)
    own = np.zeros((n, horizon), dtype=np.uint8)
    for t in range(horizon):
        draws.turn = t
        k = int((lengths > t).sum())
        own[:k, t] = player.play_turn(own[:k, :t], opp[:k, :t], t) ^ flips[:k, t]
    actions = [axl.Action.C, axl.Action.D]
    for i in range(n):
        theirs = make_player()
        theirs._random = _LibraryDraws(uniforms[i], theirs)
        opponent = axl.MockPlayer([actions[m] for m in opp[i, : lengths[i]]])
        for t in range(lengths[i]):
            mine, other = theirs.strategy(opponent), opponent.strategy(theirs)
            mine = mine.flip() if flips[i, t] else mine
            theirs.update_history(mine, other)
            opponent.update_history(other, mine)
        expected = "".join(str(a) for a in theirs.history)
        got = "".join("CD"[m] for m in own[i, : lengths[i]])
        assert got == expected, f"{spec}, row {i}"


@pytest.mark.parametrize("ours", list(STOCHASTIC))
@pytest.mark.parametrize("density, seed", [(0.3, 1), (0.7, 2), (1.0, 3)])
def test_stochastic_strategies_play_the_library_moves_from_the_same_draws(ours, density, seed):
    _same_moves_from_the_same_draws(ours, STOCHASTIC[ours], density, seed)


def test_harrington_detects_random_opponents_as_the_library_does():
    """Against Random(0.5) it enters defect mode at a random test (move 30, 45, ...)
    and may leave it: exercised with the library over long matches and shared draws."""
    for seed in range(4):
        _same_moves_from_the_same_draws(
            "Second by Harrington", axl.SecondByHarrington, 1.0, 10 + seed
        )


def test_harrington_fair_weather_mode_as_in_the_library():
    """An opponent that cooperates 36 times and then defects is met with cooperation
    until its next defection."""
    _same_moves_from_the_same_draws(
        "Second by Harrington", axl.SecondByHarrington, 0.5, 20, opening="C" * 36 + "D" + "C" * 8
    )
    opponent = "Cycler(pattern='" + "C" * 36 + "D" + "C" * 5 + "DDD')"
    own, _ = play_match("Second by Harrington", opponent, turns=45, seed=0).history()
    # the probe on move 37, cooperation on moves 38 to 43, Tit For Tat again on move 44
    assert own[36:44] == "D" + "C" * 6 + "D"


@pytest.mark.parametrize(
    "ours, opponents",
    [
        ("Second by Appold", ("Tit For Tat", "Alternator")),
        ("Second by Black", ("Alternator", "Cycler(pattern='CCD')")),
        ("Second by Cave", ("Defector", "Alternator")),
        ("Second by Champion", ("Alternator", "Cycler(pattern='CCD')")),
        ("Second by Eatherley", ("Alternator", "Cycler(pattern='CCD')")),
        ("Second by Getzler", ("Tit For Tat", "Alternator")),
        ("Second by Harrington", ("Tit For Tat", "Cooperator")),
    ],
)
def test_stochastic_mean_scores_agree_with_the_library(ours, opponents):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        checks = compare_stochastic(ours, opponents, turns=100, ours_n=400, theirs_n=30)
    for check in checks:
        assert check.z <= TOLERANCE_SE, check


@pytest.mark.parametrize("name", list(STOCHASTIC))
def test_same_seed_same_moves(name):
    a = play_match(name, "Alternator", turns=100, seed=5).history()
    assert a == play_match(name, "Alternator", turns=100, seed=5).history()
    different = [play_match(name, "Alternator", turns=100, seed=s).history() for s in (6, 7, 8)]
    assert any(b != a for b in different)


# -- naming and metadata ---------------------------------------------------------------


@pytest.mark.parametrize("ours", list(CLASSES), ids=lambda c: c.name)
def test_axelrod_name_and_metadata(ours):
    theirs = CLASSES[ours]()
    assert ours().axelrod_name() == str(theirs) == ours.name
    depth = axl.Classifiers["memory_depth"](theirs)
    assert ours.memory_depth == (None if depth == float("inf") else depth)
    assert ours.stochastic == axl.Classifiers["stochastic"](theirs) == ours().is_stochastic()
    assert ours.makes_use_of == frozenset(axl.Classifiers["makes_use_of"](theirs))
    assert ours.long_run_time == axl.Classifiers["long_run_time"](theirs)
    for flag in ("inspects_source", "manipulates_source", "manipulates_state"):
        assert not axl.Classifiers[flag](theirs)
    assert REGISTRY.get_class(ours.name) is ours
    assert ours().params == {}
    assert ours().clone() == ours()


def test_aliases():
    assert REGISTRY.get_class("Borufsen") is SecondByBorufsen
    assert REGISTRY.get_class("K75R") is SecondByHarrington
    assert REGISTRY.get_class("Second by Graaskamp and Katzen") is SecondByGraaskampKatzen
    assert REGISTRY.get_class("k86r") is SecondByGrofman


def test_no_parameters_accepted():
    with pytest.raises(Exception, match="parameter"):
        REGISTRY.create("Second by Colbert(3)")
