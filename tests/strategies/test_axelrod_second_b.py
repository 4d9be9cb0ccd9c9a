"""Tests of strategies/axelrod_second_b.py: expected play, exact agreement with the
Axelrod library for the deterministic entries (length told and hidden, with noise in
batches whose matches end at different times, in other games), exact agreement of the
stochastic ones when both sides draw the same uniform numbers, their mean scores and
reproducibility, naming and metadata."""

from __future__ import annotations

import warnings

import axelrod as axl
import numpy as np
import pytest

from strategies import REGISTRY, create
from strategies.library.axelrod_second_b import (
    SecondByKluepfel,
    SecondByLeyvraz,
    SecondByTester,
    SecondByTidemanAndChieruzzi,
    SecondByTranquilizer,
    SecondByWeiner,
    SecondByWhite,
    SecondByWmAdams,
)
from strategies.library.axelrod_second_d import (
    SecondByMikkelson,
    SecondByRichardHufford,
    SecondByRowsam,
    SecondByYamachi,
)
from tests.axelrod_helpers import (
    assert_same_moves_in_a_noisy_shrinking_batch,
    axelrod_moves,
    drive_axelrod,
)
from tests.strategy_helpers import plays, versus
from tournament.agreement.library import TOLERANCE_SE, compare_stochastic
from tournament.core.games import get_game
from tournament.core.match import play_match

# our deterministic strategies -> the Axelrod-library equivalent
DETERMINISTIC = {
    "Second by Mikkelson": axl.SecondByMikkelson,
    "Second by RichardHufford": axl.SecondByRichardHufford,
    "Second by Rowsam": axl.SecondByRowsam,
    "Second by Tester": axl.SecondByTester,
    "Second by Tideman and Chieruzzi": axl.SecondByTidemanAndChieruzzi,
    "Second by Weiner": axl.SecondByWeiner,
    "Second by White": axl.SecondByWhite,
    "Second by Yamachi": axl.SecondByYamachi,
}
STOCHASTIC = {
    "Second by Kluepfel": axl.SecondByKluepfel,
    "Second by Leyvraz": axl.SecondByLeyvraz,
    "Second by Tranquilizer": axl.SecondByTranquilizer,
    "Second by WmAdams": axl.SecondByWmAdams,
}
AXELROD = {**DETERMINISTIC, **STOCHASTIC}

OPPONENTS = {
    "Tit For Tat": axl.TitForTat,
    "Defector": axl.Defector,
    "Cooperator": axl.Cooperator,
    "Alternator": axl.Alternator,
    "Grudger": axl.Grudger,
    "Win-Stay Lose-Shift": axl.WinStayLoseShift,
    "Suspicious Tit For Tat": axl.SuspiciousTitForTat,
    "Gradual": axl.Gradual,
    "Davis": axl.FirstByDavis,
    "Hard Prober": axl.HardProber,
    "Prober": axl.Prober,
    "Cycler(pattern='CCD')": lambda: axl.Cycler("CCD"),
    "Cycler(pattern='CCCDDD')": lambda: axl.Cycler("CCCDDD"),
    "Cycler(pattern='CDDCCCDCDDDCC')": lambda: axl.Cycler("CDDCCCDCDDDCC"),
    # rare defections: streaks, aberrations, fresh starts
    "Cycler(pattern='DCCCCCCCCC')": lambda: axl.Cycler("DCCCCCCCCC"),
}
EVERYONE = {**OPPONENTS, **DETERMINISTIC}
HIDDEN_OPPONENTS = ["Tit For Tat", "Alternator", "Gradual", "Cycler(pattern='CDDCCCDCDDDCC')"]


def _moves(strategy: str, opponent: str, turns: int, seeds=range(20)) -> list[str]:
    return [play_match(strategy, opponent, turns=turns, seed=s).history()[0] for s in seeds]


# -- expected play ---------------------------------------------------------------------


def test_tester():
    # exploits a cooperator by alternating after its opening D, C, C
    versus("Second by Tester", "Cooperator", "DC CC CC DC CC DC CC DC")
    # a defection is answered with an apology, then Tit For Tat for good
    assert plays("Second by Tester", "CCCCDCCDC") == "DCCDCCCCD"
    versus("Second by Tester", "Tit For Tat", "DC CD CC CC CC")


def test_mikkelson_credit():
    # credit 7 falls by 2 per defection: the first retaliation on move 5 resets it to 4
    versus("Second by Mikkelson", "Defector", "CD CD CD CD DD CD DD CD DD CD DD DD DD")
    versus("Second by Mikkelson", "Alternator", "CC CD " * 7)


def test_white():
    # from move 11, defects after a defection once floor(ln n) * defections >= n
    versus("Second by White", "Defector", "CD " * 10 + "DD " * 5)
    assert plays("Second by White", "C" * 10 + "DDDD") == "C" * 14


def test_weiner_forgives_once_every_twenty_moves():
    # an odd run of defections then a cooperation raises the flag: the next defection
    # is forgiven; the second one, within 20 moves, is not
    assert plays("Second by Weiner", "CDCDDDCD") == "CCDCCDDC"
    assert plays("Second by Weiner", "CDCDCDCDC") == "CCDCCCDCD"
    versus("Second by Weiner", "Defector", "CD" + " DD" * 7)


def test_weiner_defends_against_frequent_defections():
    # five defections among the twelve moves before the last: defect whatever (the
    # C on move 4 forgives the D of move 3, after the odd run D, C)
    assert plays("Second by Weiner", "DCDCDCDCDCCCC") == "CDCCCDCDCDDDD"


def test_rowsam():
    # scoring below 1 per move: 5 distrust points, D C D; 10 points: defect for good
    versus("Second by Rowsam", "Defector", "CD " * 5 + "DD CD DD CD CD CD" + " DD" * 8)
    versus("Second by Rowsam", "Tit For Tat", "CC " * 30)


def test_tideman_and_chieruzzi_fresh_start():
    # a steady defector is 3 standard deviations from a fair coin by move 10
    versus(
        "Second by Tideman and Chieruzzi",
        "Defector",
        "CD" + " DD" * 8 + " CD CD" + " DD" * 3,
    )
    versus("Second by Tideman and Chieruzzi", "Tit For Tat", "CC " * 20)


def test_richard_hufford_aberration():
    # the 21st cooperation in a row (two notional ones first) meets a defection
    versus("Second by RichardHufford", "Cooperator", "CC " * 19 + "DC " + "CC " * 10)
    versus("Second by RichardHufford", "Defector", "CD" + " DD" * 7)


def test_yamachi():
    versus("Second by Yamachi", "Cooperator", "CC " * 10)
    # it learns Alternator's answers, and from move 41 the opponent's 50/50 split makes
    # it defect whatever
    own, _ = play_match("Second by Yamachi", "Alternator", turns=60).history()
    assert own[6:40] == "DC" * 17
    assert own[41:] == "D" * 19


def test_kluepfel():
    versus("Second by Kluepfel", "Cooperator", "CC " * 40)
    # three defections in a row are answered in kind
    assert all(own[3:] == "D" * 37 for own in _moves("Second by Kluepfel", "Defector", 40))
    # a random opponent is detected after 26 moves, and mostly met with defections
    late = [own[27:].count("D") / 73 for own in _moves("Second by Kluepfel", "Random", 100)]
    assert np.mean(late) > 0.8


def test_leyvraz():
    versus("Second by Leyvraz", "Tit For Tat", "CC " * 10)
    # after D, C it defects; after D two moves before, C, C it cooperates
    assert {own[2:4] for own in _moves("Second by Leyvraz", "Cycler(pattern='DCCC')", 4)} == {"DC"}
    # against Alternator: D C D -> C, C D C -> D, from move 5 on
    assert all(own[4:] == "CD" * 8 for own in _moves("Second by Leyvraz", "Alternator", 20))


def test_wm_adams():
    # defects at the 4th, 7th and 9th defection after the first move ...
    versus("Second by WmAdams", "Defector", "CD CD CD CD CD DD CD CD DD CD DD")
    versus("Second by WmAdams", "Tit For Tat", "CC " * 20)
    # ... then answers defections with probability 1 - 0.5 ** (c - 9): soon always
    assert all(own[30:] == "D" * 20 for own in _moves("Second by WmAdams", "Defector", 50))


def test_tranquilizer():
    versus("Second by Tranquilizer", "Defector", "CD" + " DD" * 9)
    # doing well, it throws in single defections, never two in a row
    runs = _moves("Second by Tranquilizer", "Cooperator", 200, seeds=range(10))
    assert all(own[:4] == "CCCC" and "DD" not in own for own in runs)
    share = np.mean([own.count("D") / 200 for own in runs])
    assert 0.02 < share < 0.25


# -- exact agreement with the Axelrod library -----------------------------------------


@pytest.mark.parametrize("ours", list(DETERMINISTIC))
@pytest.mark.parametrize("opponent", list(EVERYONE))
def test_matches_axelrod_library(ours, opponent):
    expected = axelrod_moves(DETERMINISTIC[ours](), EVERYONE[opponent](), 200)
    assert play_match(ours, opponent, turns=200).history() == expected


@pytest.mark.parametrize("ours", list(DETERMINISTIC))
def test_matches_axelrod_library_with_the_length_hidden(ours):
    for opponent in HIDDEN_OPPONENTS:
        expected = axelrod_moves(DETERMINISTIC[ours](), OPPONENTS[opponent](), 200, length=-1)
        assert play_match(ours, opponent, turns=200, hide_length=True).history() == expected


@pytest.mark.parametrize("ours", list(DETERMINISTIC))
def test_matches_axelrod_library_with_noise_in_a_shrinking_batch(ours):
    assert_same_moves_in_a_noisy_shrinking_batch(ours, DETERMINISTIC[ours], max_density=0.6, seed=7)


@pytest.mark.parametrize("ours", ["Second by Rowsam", "Second by Tideman and Chieruzzi"])
@pytest.mark.parametrize("rstp", [(4, 0, 7, 1), (2, -1, 3, 0), (3.5, 0.25, 4.75, 1.5)])
def test_scores_with_the_game_as_the_library_does(ours, rstp):
    game = axl.Game(*rstp)
    for opponent in ("Cooperator", "Alternator", "Cycler(pattern='DCCCCCCCCC')", "Gradual"):
        expected = axelrod_moves(DETERMINISTIC[ours](), OPPONENTS[opponent](), 200, game=game)
        spec = ",".join(str(x) for x in rstp)
        assert play_match(ours, opponent, turns=200, game=spec).history() == expected, opponent


# -- stochastic strategies: the same moves from the same uniforms ------------------------


class _LibraryUniforms(axl.RandomGenerator):
    """The library player's random numbers: the uniform of its current turn."""

    def __init__(self, player: axl.Player, uniforms: np.ndarray) -> None:
        super().__init__(seed=0)
        self.player, self.uniforms = player, uniforms

    def random(self, *args, **kwargs) -> float:
        return float(self.uniforms[len(self.player.history)])


class _OurUniforms:
    """Our player's generator: row i draws ``uniforms[i, turn]`` (each of these
    strategies draws at most once per turn)."""

    def __init__(self, uniforms: np.ndarray) -> None:
        self.uniforms, self.turn = uniforms, 0

    def random(self, size: int) -> np.ndarray:
        return self.uniforms[:size, self.turn].copy()


@pytest.mark.parametrize("ours", list(STOCHASTIC))
@pytest.mark.parametrize("max_density", [0.15, 0.6])
def test_stochastic_entries_match_the_library_given_the_same_uniforms(ours, max_density):
    """Driven by the same uniform number per match and turn, ours and the library's
    player agree move for move, with noise, in a batch whose matches end at different
    turns: the rules are the same, only the random streams differ in normal play."""
    rng = np.random.default_rng(11)
    n, horizon = 30, 150
    density = rng.uniform(0.0, max_density, size=(n, 1))
    opp = (rng.random((n, horizon)) < density).astype(np.uint8)
    flips = (rng.random((n, horizon)) < 0.05).astype(np.uint8)
    uniforms = rng.random((n, horizon))
    lengths = np.sort(rng.integers(1, horizon + 1, size=n))[::-1]
    lengths[0] = horizon
    player, scripted = create(ours), _OurUniforms(uniforms)
    player.reset(n, scripted, np.repeat(get_game("classic").payoffs[:1], n, 0))
    own = np.zeros((n, horizon), dtype=np.uint8)
    for t in range(horizon):
        k = int((lengths > t).sum())
        scripted.turn = t
        own[:k, t] = player.play_turn(own[:k, :t], opp[:k, :t], t) ^ flips[:k, t]
    for i in range(n):
        theirs = STOCHASTIC[ours]()
        theirs._random = _LibraryUniforms(theirs, uniforms[i])
        expected = drive_axelrod(theirs, opp[i], flips[i], int(lengths[i]))
        assert "".join("CD"[m] for m in own[i, : lengths[i]]) == expected, f"row {i}"


@pytest.mark.parametrize("ours", list(STOCHASTIC))
def test_stochastic_entries_score_as_the_library(ours):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        checks = compare_stochastic(ours, turns=100, ours_n=1000, theirs_n=20)
    assert all(c.z <= TOLERANCE_SE for c in checks), checks


@pytest.mark.parametrize("ours", list(STOCHASTIC))
def test_same_seed_same_moves(ours):
    first = play_match(ours, "Random", turns=300, seed=5).history()
    assert play_match(ours, "Random", turns=300, seed=5).history() == first
    assert play_match(ours, "Random", turns=300, seed=6).history()[0] != first[0]
    assert create(ours).is_stochastic()


# -- naming and metadata -------------------------------------------------------------------


@pytest.mark.parametrize("ours", list(AXELROD))
def test_axelrod_name(ours):
    assert create(ours).axelrod_name() == str(AXELROD[ours]())


@pytest.mark.parametrize("cls", [REGISTRY.get_class(name) for name in AXELROD], ids=str)
def test_metadata_matches_the_library_classifier(cls):
    theirs = AXELROD[cls.name]()
    classifier = type(theirs).classifier
    depth = classifier["memory_depth"]
    assert cls.memory_depth == (None if depth == float("inf") else depth)
    assert cls.stochastic == classifier["stochastic"] == cls().is_stochastic()
    assert cls.long_run_time == classifier["long_run_time"]
    assert cls.makes_use_of == frozenset(axl.Classifiers["makes_use_of"](theirs))
    assert not any(classifier[k] for k in ("inspects_source", "manipulates_source"))
    assert not classifier["manipulates_state"]


def test_families_and_aliases():
    expected = {
        SecondByKluepfel: "adaptive",
        SecondByLeyvraz: "reciprocal",
        SecondByMikkelson: "forgiving",
        SecondByRichardHufford: "probing",
        SecondByRowsam: "adaptive",
        SecondByTester: "probing",
        SecondByTidemanAndChieruzzi: "adaptive",
        SecondByTranquilizer: "probing",
        SecondByWeiner: "reciprocal",
        SecondByWhite: "forgiving",
        SecondByWmAdams: "forgiving",
        SecondByYamachi: "adaptive",
    }
    assert {cls: cls.family for cls in expected} == expected
    assert REGISTRY.get_class("Tranquilizer") is SecondByTranquilizer
    assert REGISTRY.get_class("second by richardhufford") is SecondByRichardHufford
    assert REGISTRY.get_class("Richard Hufford") is SecondByRichardHufford
    # the first tournament's Tideman and Chieruzzi keeps its name
    assert REGISTRY.get_class("Tideman and Chieruzzi") is not SecondByTidemanAndChieruzzi


@pytest.mark.parametrize("ours", list(AXELROD))
def test_no_parameters_accepted(ours):
    assert create(ours).params == {}
    with pytest.raises(Exception, match="parameter"):
        create(f"{ours}(3)")
