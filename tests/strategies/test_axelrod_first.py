"""Tests of strategies/axelrod_first.py: expected play, exact agreement with the Axelrod
library for the deterministic entries (with and without noise, in batches whose matches
end at different times), statistics and reproducibility of the stochastic ones, naming,
metadata and parameters."""

from __future__ import annotations

import axelrod as axl
import numpy as np
import pytest
from scipy.stats import chisquare

from strategies import REGISTRY, create
from strategies.library.axelrod_first import (
    Anonymous,
    Davis,
    Downing,
    Feld,
    Nydegger,
    Shubik,
    TidemanAndChieruzzi,
    Tullock,
)
from strategies.library.axelrod_first_testers import (
    Graaskamp,
    SteinAndRapoport,
    _chi2_critical,
    _looks_random,
)
from tests.axelrod_helpers import assert_same_moves_in_a_noisy_shrinking_batch, axelrod_moves
from tests.strategy_helpers import plays, versus
from tournament.core.engine import play_batch
from tournament.core.games import get_game
from tournament.core.match import play_match

# our deterministic strategies -> the Axelrod-library equivalent
DETERMINISTIC = {
    "Davis": axl.FirstByDavis,
    "Shubik": axl.FirstByShubik,
    "Nydegger": axl.FirstByNydegger,
    "Stein and Rapoport": axl.FirstBySteinAndRapoport,
    "Downing": axl.FirstByDowning,
    "Tideman and Chieruzzi": axl.FirstByTidemanAndChieruzzi,
}
STOCHASTIC = {
    "Feld": axl.FirstByFeld,
    "Tullock": axl.FirstByTullock,
    "Graaskamp": axl.FirstByGraaskamp,
    "Anonymous": axl.FirstByAnonymous,
}
AXELROD = {**DETERMINISTIC, **STOCHASTIC}

OPPONENTS = {
    "Tit For Tat": axl.TitForTat,
    "Alternator": axl.Alternator,
    "Defector": axl.Defector,
    "Cooperator": axl.Cooperator,
    "Suspicious Tit For Tat": axl.SuspiciousTitForTat,
    "Win-Stay Lose-Shift": axl.WinStayLoseShift,
    "Grudger": axl.Grudger,
    "Gradual": axl.Gradual,
    "Cycler(pattern='CCD')": lambda: axl.Cycler("CCD"),
    "Cycler(pattern='CDDCCCDCDDDCC')": lambda: axl.Cycler("CDDCCCDCDDDCC"),
    # rare defections: Tideman and Chieruzzi gets ahead and grants fresh starts
    "Cycler(pattern='DCCCCCCCCC')": lambda: axl.Cycler("DCCCCCCCCC"),
    "Cycler(pattern='CCCCCCCDCCCCCCCCCDCC')": lambda: axl.Cycler("CCCCCCCDCCCCCCCCCDCC"),
}

# Tideman and Chieruzzi with fresh starts plays as the library's player does in a match
# with a probabilistic ending, where the library sets the length to infinity.
FRESH = "Tideman and Chieruzzi(fresh_start=True)"
INFINITE = float("inf")


def _axelrod_moves_with(
    length: float, player: axl.Player, opponent: axl.Player, turns: int = 200, game=None
) -> tuple[str, str]:
    """Like ``axelrod_moves``, but the players are told ``length`` as the match length."""
    game = game or axl.Game()
    attributes = {"length": length, "game": game, "noise": 0}
    interactions = axl.Match(
        (player, opponent), turns=turns, game=game, match_attributes=attributes
    ).play()
    return "".join(str(a) for a, _ in interactions), "".join(str(b) for _, b in interactions)


def _many(strategy: str, opponent: str, n: int, turns: int, seed: int = 0) -> np.ndarray:
    """``strategy``'s moves (n, turns) in ``n`` matches against ``opponent``, one batch."""
    players = [create(strategy), create(opponent)]
    seats = np.tile([0, 1], (n, 1))
    out = play_batch(
        players,
        seats,
        np.full(n, turns),
        get_game("classic").payoffs,
        0.0,
        np.random.SeedSequence(seed),
        keep_moves=True,
    )
    return out.moves[:, 0, :]


# -- expected play ---------------------------------------------------------------------


def test_davis():
    # cooperates 10 moves whatever happens, then grudges any defection seen so far
    assert plays("Davis", "D" + "C" * 11) == "C" * 10 + "DD"
    assert plays("Davis", "C" * 12) == "C" * 12
    assert plays("Davis", "C" * 11 + "DCC") == "C" * 12 + "DD"
    assert plays("Davis(rounds_to_cooperate=2)", "CCDC") == "CCCD"
    versus("Davis(0)", "Defector", "CD DD DD")
    versus("First by Davis", "Tit For Tat", "CC CC CC")


def test_shubik():
    # retaliations of 1, then 2 defections; a defection answering its own is ignored
    assert plays("Shubik", "CDCCCCCDCCCCCC") == "CCDCCCCCDDCCCC"
    assert plays("Shubik", "CDDCC") == "CCDCC"
    versus("Shubik", "Defector", "CD DD CD DD DD CD DD DD DD CD")


def test_tullock_opening_and_against_a_defector():
    # 11 cooperations, then 0 cooperations in the last 10 -> probability max(0, -0.1) = 0
    versus("Tullock", "Defector", "CD " * 11 + "DD " * 9)


def test_nydegger():
    # Tit For Tat for three moves, then A = 42 (the opponent alone defected three times)
    versus("Nydegger", "Defector", "CD DD DD CD CD CD CD")
    # opened D, C: defects on move 3; then A = 16 + 4 + 2 = 22 -> D; A = 21 -> C
    assert plays("Nydegger", "DCCCC") == "CDDDC"
    # without the D, C opening, Tit For Tat on move 3; then A = 24 -> C, A = 6 -> D
    assert plays("Nydegger", "CDCCC") == "CCDCD"
    versus("Nydegger", "Tit For Tat", "CC CC CC CC CC")


def test_stein_and_rapoport():
    # 4 cooperations, Tit For Tat, then an alternating opponent looks random (7 C, 7 D
    # on move 15; 15 C, 14 D on move 30): defects from move 15 on
    assert plays("Stein and Rapoport", "CD" * 15) == "CCCC" + "DC" * 5 + "D" * 16
    versus("Stein and Rapoport", "Defector", "CD " * 4 + "DD " * 26)
    versus("Stein and Rapoport", "Tit For Tat", "CC " * 40)


def test_stein_and_rapoport_tests_only_every_15_moves():
    # the opponent looks random at move 15 and not at move 30: Tit For Tat again
    opponent = "CD" * 7 + "C" + "C" * 15
    own = plays("Stein and Rapoport", opponent)
    assert own[14:29] == "D" * 15
    assert own[29] == opponent[28]


def test_downing():
    # D, D; then alpha = 1 and beta = 1/2: a tie (3 = 3), so it switches to C; then
    # beta rises with each unpunished defection
    versus("Downing", "Cooperator", "DC DC CC DC DC DC")
    versus("Downing", "Defector", "DD DD DD DD")
    versus("Downing", "Tit For Tat", "DC DD CD CC CC CC")


def test_graaskamp_against_tit_for_tat():
    # Tit For Tat for 50 moves, D on move 51, then Tit For Tat: the echo goes on
    expected = "CC " * 50 + "DC CD " * 10
    versus("Graaskamp", "Tit For Tat", expected)


def test_graaskamp_defects_against_a_random_looking_opponent():
    # the alternating opponent has 28 C and 28 D after 56 moves
    own = plays("Graaskamp", "CD" * 50)
    assert own[:50] == "C" + "CD" * 24 + "C"
    assert own[50] == "D"
    assert own[56:] == "D" * 44


def test_tideman_and_chieruzzi_retaliation():
    assert plays("Tideman and Chieruzzi", "CDCCCCDCCCC") == "CCDCCCCDDCC"
    # unlike Shubik, a defection answering its own retaliation starts the next one
    assert plays("Tideman and Chieruzzi", "CDDCCC") == "CCDDDC"
    versus("Tideman and Chieruzzi", "Defector", "CD " + "DD " * 20)


def test_tideman_and_chieruzzi_fresh_start():
    # Retaliations of 1, 2, 3 put it 15 points ahead; on move 21 the opponent's
    # 3 defections in 20 moves are <= 10 - 1.5 sqrt(20): fresh start (C, C). The next
    # defection is then punished by 1 defection, not 4.
    opponent = "DCCCCDCCCCCD" + "C" * 10 + "D" + "C" * 6
    expected = "CDCCCCDDCCCCDDDCCCCC" + "CC" + "C" + "D" + "C" * 5
    assert plays(FRESH, opponent) == expected
    # by default, no fresh start: it punishes that defection with 4
    assert plays("Tideman and Chieruzzi", opponent) == expected[:23] + "DDDD" + "CC"


# -- exact agreement with the Axelrod library -----------------------------------------


@pytest.mark.parametrize("ours", list(DETERMINISTIC))
@pytest.mark.parametrize("opponent", list(OPPONENTS) + list(DETERMINISTIC))
def test_matches_axelrod_library(ours, opponent):
    their_opponent = {**OPPONENTS, **DETERMINISTIC}[opponent]
    expected = axelrod_moves(DETERMINISTIC[ours](), their_opponent(), 200)
    assert play_match(ours, opponent, turns=200).history() == expected


@pytest.mark.parametrize("opponent", list(OPPONENTS) + list(DETERMINISTIC))
def test_fresh_starts_match_the_library_with_a_probabilistic_ending(opponent):
    their_opponent = {**OPPONENTS, **DETERMINISTIC}[opponent]
    player = axl.FirstByTidemanAndChieruzzi()
    expected = _axelrod_moves_with(INFINITE, player, their_opponent(), 200)
    assert play_match(FRESH, opponent, turns=200).history() == expected


def test_fresh_starts_happen_against_rare_defectors():
    for opponent in ("Cycler(pattern='DCCCCCCCCC')", "Cycler(pattern='CCCCCCCDCCCCCCCCCDCC')"):
        with_fresh = play_match(FRESH, opponent, turns=200).history()[0]
        assert with_fresh != play_match("Tideman and Chieruzzi", opponent, turns=200).history()[0]


@pytest.mark.parametrize("ours", ["Davis", "Shubik", "Nydegger", "Downing"])
def test_length_blind_strategies_match_the_library_told_the_length(ours):
    for opponent in ("Tit For Tat", "Cycler(pattern='CDDCCCDCDDDCC')", "Grudger"):
        expected = _axelrod_moves_with(200, DETERMINISTIC[ours](), OPPONENTS[opponent](), 200)
        assert play_match(ours, opponent, turns=200).history() == expected


def test_told_the_length_the_library_differs_only_near_the_end():
    # Stein and Rapoport only adds two final defections
    ours = play_match("Stein and Rapoport", "Tit For Tat", turns=200).history()[0]
    theirs = _axelrod_moves_with(200, axl.FirstBySteinAndRapoport(), axl.TitForTat())[0]
    assert ours[:198] == theirs[:198]
    assert (ours[198:], theirs[198:]) == ("CC", "DD")
    # Tideman and Chieruzzi: no fresh start in the last 10 moves, and two final defections
    opponent = "Cycler(pattern='CCCCCCCDCCCCCCCCCDCC')"
    ours = play_match(FRESH, opponent, turns=200).history()[0]
    theirs = _axelrod_moves_with(200, axl.FirstByTidemanAndChieruzzi(), OPPONENTS[opponent]())
    assert ours[:190] == theirs[0][:190]


@pytest.mark.parametrize("ours", ["Downing", "Tideman and Chieruzzi", FRESH])
@pytest.mark.parametrize("rstp", [(4, 0, 7, 1), (3, 1, 5, 0), (2, -1, 3, 0)])
def test_matches_axelrod_library_in_other_games(ours, rstp):
    r, s, t, p = rstp
    game = axl.Game(r=r, s=s, t=t, p=p)
    length = INFINITE if ours == FRESH else -1
    player = axl.FirstByDowning if ours == "Downing" else axl.FirstByTidemanAndChieruzzi
    for opponent in ("Cooperator", "Tit For Tat", "Cycler(pattern='DCCCCCCCCC')", "Gradual"):
        expected = _axelrod_moves_with(length, player(), OPPONENTS[opponent](), 200, game=game)
        got = play_match(ours, opponent, turns=200, game=f"{r},{s},{t},{p}").history()
        assert got == expected, opponent


@pytest.mark.parametrize("ours", [*DETERMINISTIC, FRESH])
def test_matches_axelrod_library_with_noise_in_a_shrinking_batch(ours):
    def make_player():
        if ours == FRESH:
            player = axl.FirstByTidemanAndChieruzzi()
            player.set_match_attributes(length=INFINITE)
            return player
        return DETERMINISTIC[ours]()

    assert_same_moves_in_a_noisy_shrinking_batch(ours, make_player, max_density=0.6, seed=7)


def test_feld_without_decay_is_deterministic_and_matches_the_library():
    assert not create("Feld(end_coop_prob=1.0)").is_stochastic()
    for opponent in ("Alternator", "Cycler(pattern='CDDCCCDCDDDCC')", "Gradual"):
        expected = axelrod_moves(axl.FirstByFeld(1.0, 1.0, 200), OPPONENTS[opponent](), 200)
        assert play_match("Feld(end_coop_prob=1.0)", opponent, turns=200).history() == expected


@pytest.mark.parametrize(
    "opponent", ["Tit For Tat", "Suspicious Tit For Tat", "Alternator", "Graaskamp"]
)
def test_graaskamp_matches_the_library_where_it_does_not_draw(opponent):
    # Tit For Tat, its twin, or a random-looking opponent: no random defections
    their_opponent = {**OPPONENTS, "Graaskamp": axl.FirstByGraaskamp}[opponent]
    expected = axelrod_moves(axl.FirstByGraaskamp(), their_opponent(), 200)
    assert play_match("Graaskamp", opponent, turns=200).history() == expected


@pytest.mark.parametrize("opponent", ["Cooperator", "Defector", "Cycler(pattern='CCD')"])
def test_graaskamp_first_56_moves_match_the_library(opponent):
    expected = axelrod_moves(axl.FirstByGraaskamp(), OPPONENTS[opponent](), 56)
    assert play_match("Graaskamp", opponent, turns=56).history() == expected


def test_chi_squared_threshold_agrees_with_scipy():
    for alpha in (0.05, 0.01, 0.3):
        critical = _chi2_critical(alpha)
        for turns in range(1, 301):
            defections = np.arange(turns + 1)
            ours = _looks_random(defections, turns, critical)
            pvalues = chisquare(np.stack([turns - defections, defections]), axis=0).pvalue
            assert ours.tolist() == (pvalues >= alpha).tolist(), (alpha, turns)


# -- stochastic strategies: statistics and reproducibility ------------------------------


def test_feld_cooperation_decays_linearly():
    moves = _many("Feld", "Cooperator", n=400, turns=300)
    rate = (moves == 0).mean(axis=0)
    assert rate[0] == 1.0
    expected = np.maximum(1.0 - np.arange(300) / 400, 0.5)
    for lo, hi in [(1, 50), (50, 100), (100, 150), (150, 200), (200, 300)]:
        assert abs(rate[lo:hi].mean() - expected[lo:hi].mean()) < 0.02, (lo, hi)
    # always answers a defection with a defection
    moves = _many("Feld", "Cycler(pattern='CD')", n=50, turns=100)
    assert (moves[:, 2::2] == 1).all()


def test_tullock_cooperates_ten_percent_less_than_the_opponent():
    moves = _many("Tullock", "Cooperator", n=300, turns=200)
    assert (moves[:, :11] == 0).all()
    assert abs((moves[:, 11:] == 0).mean() - 0.9) < 0.01
    # 5 cooperations in any 10 moves of an alternator: probability 0.4
    moves = _many("Tullock", "Alternator", n=300, turns=200)
    assert abs((moves[:, 11:] == 0).mean() - 0.4) < 0.015


def test_graaskamp_defects_every_5_to_14_moves():
    moves = _many("Graaskamp", "Cooperator", n=300, turns=400)
    opening = "C" * 50 + "D" + "C" * 5
    assert (moves[:, :56] == np.array([c == "D" for c in opening])).all()
    gaps = []
    for row in moves:
        turns = np.flatnonzero(row[56:]) + 56
        assert 61 <= turns[0] <= 70  # first drawn on move 57: 56 + 5 .. 56 + 14
        gaps.extend(np.diff(turns).tolist())
    counts = np.bincount(gaps, minlength=15)
    assert set(np.flatnonzero(counts)) == set(range(5, 15))
    assert abs(np.mean(gaps) - 9.5) < 0.1
    # and the library agrees on the rate of defection
    rates = []
    for seed in range(30):
        interactions = axl.Match((axl.FirstByGraaskamp(), axl.Cooperator()), 400, seed=seed).play()
        rates.append(np.mean([a == axl.Action.D for a, _ in interactions[56:]]))
    assert abs(np.mean(rates) - (moves[:, 56:] == 1).mean()) < 0.01


def test_anonymous_cooperates_half_of_the_time():
    moves = _many("Anonymous", "Tit For Tat", n=200, turns=200)
    assert abs((moves == 0).mean() - 0.5) < 0.01
    library = [
        axl.Match((axl.FirstByAnonymous(), axl.TitForTat()), 200, seed=seed).play()
        for seed in range(20)
    ]
    rate = np.mean([a == axl.Action.C for match in library for a, _ in match])
    assert abs(rate - 0.5) < 0.03


@pytest.mark.parametrize("ours", list(STOCHASTIC))
def test_same_seed_same_moves(ours):
    first = play_match(ours, "Cooperator", turns=300, seed=5).history()
    assert play_match(ours, "Cooperator", turns=300, seed=5).history() == first
    assert play_match(ours, "Cooperator", turns=300, seed=6).history() != first
    assert create(ours).is_stochastic()


# -- naming, metadata and parameters -------------------------------------------------------


@pytest.mark.parametrize("ours", list(AXELROD))
def test_axelrod_name(ours):
    assert create(ours).axelrod_name() == str(AXELROD[ours]())


def test_axelrod_name_with_parameters():
    assert create("Davis(5)").axelrod_name() == str(axl.FirstByDavis(5))
    assert create("Feld(0.9, 0.3, 100)").axelrod_name() == str(axl.FirstByFeld(0.9, 0.3, 100))
    assert create("Stein and Rapoport(alpha=0.1)").axelrod_name() == str(
        axl.FirstBySteinAndRapoport(0.1)
    )
    assert create("Graaskamp(alpha=0.1)").axelrod_name() == str(axl.FirstByGraaskamp(0.1))
    assert create(FRESH).axelrod_name() == str(axl.FirstByTidemanAndChieruzzi())


def test_aliases_and_metadata():
    expected = {
        Davis: ("punishing", None, False),
        Feld: ("reciprocal", 200, True),
        Shubik: ("punishing", None, False),
        Tullock: ("adaptive", None, True),
        Nydegger: ("reciprocal", 3, False),
        SteinAndRapoport: ("reciprocal", None, False),
        Downing: ("adaptive", None, False),
        Graaskamp: ("probing", None, True),
        TidemanAndChieruzzi: ("punishing", None, False),
        Anonymous: ("random", 0, True),
    }
    for cls, (family, depth, stochastic) in expected.items():
        assert (cls.family, cls.memory_depth, cls.stochastic) == (family, depth, stochastic)
        assert cls().is_stochastic() == stochastic
        assert REGISTRY.get_class(str(AXELROD[cls.name]()).split(":")[0]) is cls
        assert cls.aliases == (f"First by {cls.name}",)


def test_parameters():
    assert create("Davis(3)").params == {"rounds_to_cooperate": 3}
    assert create("Feld").params == {
        "start_coop_prob": 1.0,
        "end_coop_prob": 0.5,
        "rounds_of_decay": 200,
    }
    assert create("Stein and Rapoport(0.01)").label == "Stein and Rapoport(alpha=0.01)"
    assert create("Graaskamp").params == {"alpha": 0.05}
    assert create("Tideman and Chieruzzi").params == {"fresh_start": False}
    assert create(FRESH).label == FRESH


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("Davis(-1)", "rounds_to_cooperate must be an integer >= 0"),
        ("Davis(2.5)", "rounds_to_cooperate must be an integer"),
        ("Feld(start_coop_prob=1.5)", "start_coop_prob must be a probability"),
        ("Feld(end_coop_prob=-0.1)", "end_coop_prob must be a probability"),
        ("Feld(0.4, 0.6)", "must not exceed start_coop_prob"),
        ("Feld(rounds_of_decay=0)", "rounds_of_decay must be an integer >= 1"),
        ("Stein and Rapoport(alpha=0)", "alpha must be a significance level"),
        ("Graaskamp(alpha=1.5)", "alpha must be a significance level"),
        ("Graaskamp(alpha='x')", "alpha must be a significance level"),
        ("Tideman and Chieruzzi(fresh_start=2)", "fresh_start must be True or False"),
    ],
)
def test_bad_parameters(spec, message):
    with pytest.raises(ValueError, match=message):
        create(spec)


@pytest.mark.parametrize("ours", ["Shubik", "Nydegger", "Downing", "Tullock", "Anonymous"])
def test_no_parameters_accepted(ours):
    with pytest.raises(Exception, match="parameter"):
        create(f"{ours}(3)")
