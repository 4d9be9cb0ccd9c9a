"""Tests of strategies/axelrod_first.py: expected play, exact agreement with the Axelrod
library for the deterministic entries (with and without noise, in batches whose matches
end at different times, whether the match length is told, infinite or hidden),
statistics and reproducibility of the stochastic ones, naming, metadata and parameters."""

from __future__ import annotations

import math

import axelrod as axl
import numpy as np
import pytest
from scipy.stats import chisquare

from strategies import REGISTRY, create
from strategies.base import moves_to_str
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
from tests.axelrod_helpers import (
    assert_same_moves_in_a_noisy_shrinking_batch,
    axelrod_moves,
    drive_axelrod,
)
from tests.strategy_helpers import plays, versus
from tournament.core.engine import play_batch
from tournament.core.games import get_game
from tournament.core.match import play_match
from tournament.core.players import create_player

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

# The two entries that use the match length, and the Tideman and Chieruzzi that always
# grants fresh starts: it plays as the library's player does in a match with a
# probabilistic ending (length infinite), except for the end-game defections when told.
LENGTH_USERS = ["Stein and Rapoport", "Tideman and Chieruzzi"]
FRESH = "Tideman and Chieruzzi(fresh_start=True)"
INFINITE = float("inf")

# What a 200-turn match tells its players about its length: ours (Strategy.length) and
# the library's length attribute (axelrod_moves' ``length``).
TELLING = {
    "told": (200, 200),
    "probabilistic": (math.inf, INFINITE),
    "hidden": (None, -1),
}


def _ours(
    ours: str, opponent: str, told: float | None, turns: int = 200, game: str = "classic"
) -> tuple[str, str]:
    """Both move sequences of a ``turns``-move match of ours whose players are told
    ``told`` as its length (an int, ``math.inf`` or ``None``: hidden)."""
    players = [create_player(ours), create_player(opponent)]
    out = play_batch(
        players,
        np.array([[0, 1]]),
        np.array([turns]),
        get_game(game).payoffs,
        0.0,
        np.random.SeedSequence(0),
        keep_moves=True,
        length=told,
    )
    return moves_to_str(out.moves[0, 0]), moves_to_str(out.moves[0, 1])


def _plays_hidden(strategy: str, opponent_moves: str) -> str:
    """``plays`` in a match whose length is hidden."""
    opponent = f"Cycler(pattern={opponent_moves!r})"
    return _ours(strategy, opponent, None, turns=len(opponent_moves))[0]


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
    assert _plays_hidden("Stein and Rapoport", "CD" * 15) == "CCCC" + "DC" * 5 + "D" * 16
    versus("Stein and Rapoport", "Defector", "CD " * 4 + "DD " * 26)
    # told the length, it defects on the last two moves; hidden, it never does
    versus("Stein and Rapoport", "Tit For Tat", "CC " * 38 + "DC DD")
    assert _ours("Stein and Rapoport", "Tit For Tat", None, 40) == ("C" * 40, "C" * 40)
    assert _ours("Stein and Rapoport", "Tit For Tat", math.inf, 40) == ("C" * 40, "C" * 40)


def test_stein_and_rapoport_tests_only_every_15_moves():
    # the opponent looks random at move 15 and not at move 30: Tit For Tat again (two
    # more moves, so that move 30 is not one of the last two)
    opponent = "CD" * 7 + "C" + "C" * 15 + "CC"
    for own in (
        plays("Stein and Rapoport", opponent),
        _plays_hidden("Stein and Rapoport", opponent),
    ):
        assert own[14:29] == "D" * 15
        assert own[29] == opponent[28]
    assert plays("Stein and Rapoport", opponent)[30:] == "DD"
    assert _plays_hidden("Stein and Rapoport", opponent)[30:] == "CC"


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
    assert _plays_hidden("Tideman and Chieruzzi", "CDCCCCDCCCC") == "CCDCCCCDDCC"
    # told the length, it defects on the last two moves
    assert plays("Tideman and Chieruzzi", "CDCCCCDCCCC") == "CCDCCCCDDDD"
    assert plays("Tideman and Chieruzzi", "CDCCCCDCCCCCC") == "CCDCCCCDDCCDD"
    # unlike Shubik, a defection answering its own retaliation starts the next one
    assert _plays_hidden("Tideman and Chieruzzi", "CDDCCC") == "CCDDDC"
    assert plays("Tideman and Chieruzzi", "CDDCCCCC") == "CCDDDCDD"
    versus("Tideman and Chieruzzi", "Defector", "CD " + "DD " * 20)


def test_tideman_and_chieruzzi_fresh_start():
    # Retaliations of 1, 2, 3 put it 15 points ahead; on move 21 the opponent's
    # 3 defections in 20 moves are <= 10 - 1.5 sqrt(20): fresh start (C, C). The next
    # defection is then punished by 1 defection, not 4.
    opponent = "DCCCCDCCCCCD" + "C" * 10 + "D" + "C" * 6
    expected = "CDCCCCDDCCCCDDDCCCCC" + "CC" + "C" + "D" + "C" * 5
    no_fresh_start = expected[:23] + "DDDD" + "CC"  # it punishes that defection with 4
    assert _plays_hidden(FRESH, opponent) == expected
    assert plays(FRESH, opponent) == expected[:-2] + "DD"  # and two final defections
    # hidden, no fresh start by default
    assert _plays_hidden("Tideman and Chieruzzi", opponent) == no_fresh_start
    # told the length, a fresh start needs at least 10 moves left after move 21: 31 moves
    assert plays("Tideman and Chieruzzi", opponent + "CC") == expected + "DD"
    assert plays("Tideman and Chieruzzi", opponent + "C") == expected[:23] + "DDDD" + "CDD"
    # a probabilistic ending always leaves enough moves
    told_infinite = _ours("Tideman and Chieruzzi", f"Cycler(pattern={opponent!r})", math.inf, 29)
    assert told_infinite[0] == expected


def test_tideman_and_chieruzzi_second_cooperation_with_9_moves_left():
    # a fresh start on move 21 of 31 (10 moves left after it): the second cooperation
    # is due on move 22 with 9 left, and played even though the opponent defected on
    # move 21; that defection goes unpunished (the library's player does the same)
    opponent = "DCCCCDCCCCCD" + "C" * 8 + "D" + "C" * 10
    expected = "CDCCCCDDCCCCDDDCCCCC" + "CC" + "C" * 7 + "DD"
    assert plays("Tideman and Chieruzzi", opponent) == expected
    library = axelrod_moves(axl.FirstByTidemanAndChieruzzi(), axl.Cycler(opponent), 31)
    assert library[0] == expected


# -- exact agreement with the Axelrod library -----------------------------------------


@pytest.mark.parametrize("ours", list(DETERMINISTIC))
@pytest.mark.parametrize("opponent", list(OPPONENTS) + list(DETERMINISTIC))
def test_matches_axelrod_library(ours, opponent):
    their_opponent = {**OPPONENTS, **DETERMINISTIC}[opponent]
    expected = axelrod_moves(DETERMINISTIC[ours](), their_opponent(), 200)
    assert play_match(ours, opponent, turns=200).history() == expected


@pytest.mark.parametrize("telling", list(TELLING))
@pytest.mark.parametrize("ours", LENGTH_USERS)
def test_length_users_match_the_library_however_the_length_is_told(ours, telling):
    # told: end-game defections and, for Tideman and Chieruzzi, fresh starts until 10
    # moves are left; probabilistic: fresh starts throughout, no end game; hidden: neither
    ours_told, library_told = TELLING[telling]
    for opponent, their_opponent in {**OPPONENTS, **DETERMINISTIC}.items():
        expected = axelrod_moves(DETERMINISTIC[ours](), their_opponent(), 200, length=library_told)
        assert _ours(ours, opponent, ours_told) == expected, opponent


@pytest.mark.parametrize("telling", ["probabilistic", "hidden"])
@pytest.mark.parametrize("opponent", list(OPPONENTS) + list(DETERMINISTIC))
def test_fresh_starts_match_the_library_with_a_probabilistic_ending(opponent, telling):
    # fresh_start=True: as the library's player in a match with a probabilistic ending,
    # whether ours is told that ending or nothing
    their_opponent = {**OPPONENTS, **DETERMINISTIC}[opponent]
    player = axl.FirstByTidemanAndChieruzzi()
    expected = axelrod_moves(player, their_opponent(), 200, length=INFINITE)
    assert _ours(FRESH, opponent, TELLING[telling][0]) == expected


def test_a_probabilistic_ending_is_told_as_infinite():
    # play_match with an ending probability: the library's player told length infinite
    for opponent in ("Cycler(pattern='DCCCCCCCCC')", "Cycler(pattern='CCCCCCCDCCCCCCCCCDCC')"):
        got = play_match("Tideman and Chieruzzi", opponent, prob_end=0.004, seed=7).history()
        assert len(got[0]) == 299
        player = axl.FirstByTidemanAndChieruzzi()
        expected = axelrod_moves(player, OPPONENTS[opponent](), len(got[0]), length=INFINITE)
        assert got == expected


def test_fresh_starts_happen_against_rare_defectors():
    for opponent in ("Cycler(pattern='DCCCCCCCCC')", "Cycler(pattern='CCCCCCCDCCCCCCCCCDCC')"):
        without = _ours("Tideman and Chieruzzi", opponent, None)[0]  # hidden: none
        assert _ours(FRESH, opponent, None)[0] != without
        assert _ours("Tideman and Chieruzzi", opponent, math.inf)[0] != without
        # told the length, as long as 10 moves are left (and two final defections)
        told = play_match("Tideman and Chieruzzi", opponent, turns=200).history()[0]
        assert told[:190] != without[:190]


@pytest.mark.parametrize("ours", ["Davis", "Shubik", "Nydegger", "Downing"])
def test_length_blind_strategies_play_the_same_however_the_length_is_told(ours):
    for opponent in ("Tit For Tat", "Cycler(pattern='CDDCCCDCDDDCC')", "Grudger"):
        expected = axelrod_moves(DETERMINISTIC[ours](), OPPONENTS[opponent](), 200)
        for ours_told, library_told in TELLING.values():
            assert _ours(ours, opponent, ours_told) == expected
            player, their_opponent = DETERMINISTIC[ours](), OPPONENTS[opponent]()
            assert axelrod_moves(player, their_opponent, 200, length=library_told) == expected


def test_told_the_length_they_differ_from_hidden_only_near_the_end():
    # Stein and Rapoport only adds two final defections
    told = play_match("Stein and Rapoport", "Tit For Tat", turns=200).history()[0]
    hidden = play_match("Stein and Rapoport", "Tit For Tat", turns=200, hide_length=True)
    assert told[:198] == hidden.history()[0][:198]
    assert (told[198:], hidden.history()[0][198:]) == ("DD", "CC")
    # Tideman and Chieruzzi: no fresh start in the last 10 moves, and two final defections;
    # forced fresh starts differ only there
    opponent = "Cycler(pattern='CCCCCCCDCCCCCCCCCDCC')"
    told = play_match("Tideman and Chieruzzi", opponent, turns=200).history()[0]
    forced = play_match(FRESH, opponent, turns=200).history()[0]
    assert told[:190] == forced[:190]
    assert told[198:] == forced[198:] == "DD"


# fresh_start=True told a fixed length has no library equivalent (fresh starts to the
# end, then two defections): tested above against the default told the length
OTHER_GAMES = [
    ("Downing", "told"),
    ("Tideman and Chieruzzi", "told"),
    ("Tideman and Chieruzzi", "probabilistic"),
    ("Tideman and Chieruzzi", "hidden"),
    (FRESH, "probabilistic"),
    (FRESH, "hidden"),
]


@pytest.mark.parametrize(("ours", "telling"), OTHER_GAMES)
@pytest.mark.parametrize("rstp", [(4, 0, 7, 1), (3, 1, 5, 0), (2, -1, 3, 0)])
def test_matches_axelrod_library_in_other_games(ours, telling, rstp):
    r, s, t, p = rstp
    game = axl.Game(r=r, s=s, t=t, p=p)
    ours_told, library_told = TELLING[telling]
    if ours == FRESH:
        library_told = INFINITE
    player = axl.FirstByDowning if ours == "Downing" else axl.FirstByTidemanAndChieruzzi
    for opponent in ("Cooperator", "Tit For Tat", "Cycler(pattern='DCCCCCCCCC')", "Gradual"):
        expected = axelrod_moves(player(), OPPONENTS[opponent](), 200, game, library_told)
        got = _ours(ours, opponent, ours_told, game=f"{r},{s},{t},{p}")
        assert got == expected, opponent


@pytest.mark.parametrize("ours", [*DETERMINISTIC, FRESH])
def test_matches_axelrod_library_with_noise_in_a_shrinking_batch(ours):
    # the length hidden (the helper does not tell it); the library's players are not
    # told it either, but for fresh starts, told a probabilistic ending
    def make_player():
        if ours == FRESH:
            player = axl.FirstByTidemanAndChieruzzi()
            player.set_match_attributes(length=INFINITE)
            return player
        return DETERMINISTIC[ours]()

    assert_same_moves_in_a_noisy_shrinking_batch(ours, make_player, max_density=0.6, seed=7)


def _drive_told(spec: str, opp: np.ndarray, flips: np.ndarray, told, lengths) -> np.ndarray:
    """``drive_ours`` with the players told ``told`` as the match length."""
    n, horizon = opp.shape
    player = create(spec)
    payoff = np.repeat(get_game("classic").payoffs[:1], n, 0)
    player.start(n, np.random.default_rng(0), payoff, told)
    own = np.zeros((n, horizon), dtype=np.uint8)
    for t in range(horizon):
        k = int((lengths > t).sum())
        own[:k, t] = player.play_turn(own[:k, :t], opp[:k, :t], t) ^ flips[:k, t]
    return own


@pytest.mark.parametrize("telling", ["told", "probabilistic"])
@pytest.mark.parametrize("ours", LENGTH_USERS)
def test_length_users_match_the_library_with_noise_told_the_length(ours, telling):
    # 40 rows against random opponents, 5% of our moves flipped: told the length, the
    # rows all last 60 moves (fresh starts, and second cooperations, near the end); with
    # a probabilistic ending they finish at different times
    rng = np.random.default_rng(11)
    n, horizon = 40, 60
    density = rng.uniform(0.0, 0.3, size=(n, 1))
    opp = (rng.random((n, horizon)) < density).astype(np.uint8)
    flips = (rng.random((n, horizon)) < 0.05).astype(np.uint8)
    if telling == "told":
        told, lengths = horizon, np.full(n, horizon)
    else:
        told, lengths = math.inf, np.sort(rng.integers(1, horizon + 1, size=n))[::-1]
    own = _drive_told(ours, opp, flips, told, lengths)
    for i in range(n):
        player = DETERMINISTIC[ours]()
        player.set_match_attributes(length=told)
        expected = drive_axelrod(player, opp[i], flips[i], int(lengths[i]))
        assert moves_to_str(own[i, : lengths[i]]) == expected, f"row {i}"


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
