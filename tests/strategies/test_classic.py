"""Tests of strategies/classic.py: expected play, exact agreement with the Axelrod library
for the deterministic strategies, statistics of the stochastic ones (cooperation rate
after each outcome), reproducibility, naming and parameter checks."""

from __future__ import annotations

import axelrod as axl
import numpy as np
import pytest

from strategies import REGISTRY
from strategies.base import Strategy
from tests.strategy_helpers import plays, versus
from tournament.core.engine import play_batch
from tournament.core.games import get_game
from tournament.core.match import play_match

CLASSIC = get_game("classic").payoffs
OUTCOMES = ("CC", "CD", "DC", "DD")  # own move first


def _axelrod_moves(player: axl.Player, opponent: axl.Player, turns: int) -> tuple[str, str]:
    history = axl.Match((player, opponent), turns=turns).play()
    return "".join(str(a) for a, _ in history), "".join(str(b) for _, b in history)


def _batch_moves(
    strategy: str | Strategy, opponent: str, matches: int, turns: int, seed: int
) -> tuple[np.ndarray, np.ndarray]:
    """Own and opponent moves ``(matches, turns)`` of ``matches`` independent matches,
    played in one batch."""
    players = [REGISTRY.create(strategy), REGISTRY.create(opponent)]
    seats = np.tile([0, 1], (matches, 1))
    lengths = np.full(matches, turns)
    out = play_batch(
        players, seats, lengths, CLASSIC, 0.0, np.random.SeedSequence(seed), keep_moves=True
    )
    return out.moves[:, 0, :], out.moves[:, 1, :]


def _check_rate(coop: np.ndarray, p: float, what: str, min_samples: int = 200) -> None:
    """The cooperation frequency among ``coop`` (booleans) matches ``p``: exactly when
    ``p`` is 0 or 1, otherwise within 5 standard errors."""
    n = coop.size
    assert n >= min_samples, f"{what}: only {n} samples"
    rate = coop.mean()
    if p in (0.0, 1.0):
        assert rate == p, f"{what}: rate {rate}, expected exactly {p}"
        return
    se = np.sqrt(p * (1 - p) / n)
    assert abs(rate - p) < 5 * se, f"{what}: rate {rate:.4f}, expected {p:.4f} +- {5 * se:.4f}"


def check_memory_one_rates(
    strategy: str | Strategy,
    vector: tuple[float, float, float, float],
    first: float,
    *,
    opponent: str = "Cycler(pattern='CCDCDD')",
    matches: int = 1000,
    turns: int = 60,
    seed: int = 1,
) -> None:
    """Cooperation rate on the first turn and after each outcome (own move first)."""
    own, opp = _batch_moves(strategy, opponent, matches, turns, seed)
    _check_rate(own[:, 0] == 0, first, f"{strategy} first move")
    previous = (own[:, :-1].astype(np.int64) << 1) | opp[:, :-1]
    following = own[:, 1:] == 0
    for outcome, p in enumerate(vector):
        _check_rate(following[previous == outcome], p, f"{strategy} after {OUTCOMES[outcome]}")


# -- expected play: deterministic strategies ------------------------------------------------


def test_cooperator():
    versus("Cooperator", "Defector", "CD CD CD CD")
    versus("ALLC", "Alternator", "CC CD CC CD")
    versus("Always Cooperate", "Suspicious Tit For Tat", "CD CC CC")
    assert plays("Cooperator", "DDCDC") == "CCCCC"


def test_defector():
    versus("Defector", "Cooperator", "DC DC DC")
    versus("ALLD", "Tit For Tat", "DC DD DD DD")
    versus("Always Defect", "Alternator", "DC DD DC DD")
    assert plays("Defector", "CCDCD") == "DDDDD"


def test_tit_for_tat():
    assert plays("Tit For Tat", "DDCCDC") == "CDDCCD"
    versus("TFT", "Alternator", "CC CD DC CD DC")
    versus("Tit For Tat", "Defector", "CD DD DD DD")
    versus("Tit For Tat", "Suspicious Tit For Tat", "CD DC CD DC CD")
    versus("Tit For Tat", "Tit For Tat", "CC CC CC")


def test_suspicious_tit_for_tat():
    assert plays("Suspicious Tit For Tat", "CCDCD") == "DCCDC"
    versus("STFT", "Cooperator", "DC CC CC")
    versus("Suspicious Tit For Tat", "Defector", "DD DD DD")
    versus("Suspicious Tit For Tat", "Suspicious Tit For Tat", "DD DD DD")
    versus("Suspicious Tit For Tat", "Alternator", "DC CD DC CD")


def test_win_stay_lose_shift():
    assert plays("Win-Stay Lose-Shift", "CDDCCD") == "CCDCCC"
    versus("WSLS", "Defector", "CD DD CD DD CD")
    # R -> stay C; S -> shift to D; T -> stay D; P -> shift to C
    versus("Pavlov", "Alternator", "CC CD DC DD CC CD DC DD")
    versus("Win-Stay Lose-Shift", "Suspicious Tit For Tat", "CD DC DD CD DC DD")


def test_alternator():
    assert plays("Alternator", "DDCCD") == "CDCDC"
    versus("Alternator", "Defector", "CD DD CD DD")
    versus("Alternator", "Tit For Tat", "CC DC CD DC CD")


def test_anti_tit_for_tat():
    assert plays("Anti Tit For Tat", "CDDCC") == "CDCCD"
    versus("Psycho", "Cooperator", "CC DC DC")
    versus("Anti Tit For Tat", "Defector", "CD CD CD")
    versus("Anti Tit For Tat", "Tit For Tat", "CC DC DD CD CC DC")


def test_win_shift_lose_stay():
    # defects first; shifts after R or T, stays after S or P
    assert plays("Win-Shift Lose-Stay", "CDDC") == "DCCC"
    versus("Win-Shift Lose-Stay", "Cooperator", "DC CC DC CC")
    versus("Win-Shift Lose-Stay", "Defector", "DD DD DD")
    versus("Win-Shift Lose-Stay", "Tit For Tat", "DC CD CC DC CD CC")


# -- expected play: the deterministic parts of stochastic strategies -----------------------


@pytest.mark.parametrize("seed", range(5))
def test_generous_tit_for_tat_never_defects_after_cooperation(seed):
    assert plays("Generous Tit For Tat", "C" * 30, seed=seed) == "C" * 30
    versus("GTFT", "Tit For Tat", "CC " * 20, seed=seed)


@pytest.mark.parametrize("seed", range(5))
def test_soft_joss_never_defects_after_cooperation(seed):
    assert plays("Soft Joss", "C" * 30, seed=seed) == "C" * 30


@pytest.mark.parametrize("seed", range(5))
def test_burn_both_ends_always_answers_defection(seed):
    versus("Burn Both Ends", "Defector", "CD " + "DD " * 20, seed=seed)
    moves = plays("Burn Both Ends", "DCD" * 10, seed=seed)
    assert moves[0] == "C"
    assert all(moves[t] == "D" for t in range(1, 30) if "DCD"[(t - 1) % 3] == "D")


@pytest.mark.parametrize("seed", range(5))
def test_grofman_cooperates_after_same_moves(seed):
    versus("Grofman", "Cooperator", "CC " * 20, seed=seed)
    own, opp = play_match("First by Grofman", "Defector", turns=40, seed=seed).history()
    assert own[0] == "C"
    for t in range(1, 40):
        if own[t - 1] == opp[t - 1]:
            assert own[t] == "C"


@pytest.mark.parametrize("seed", range(5))
def test_stochastic_cooperator_opens_with_c(seed):
    assert plays("Stochastic Cooperator", "DCDD", seed=seed)[0] == "C"


@pytest.mark.parametrize("seed", range(12))
def test_desperate_after_its_random_opening(seed):
    # cooperates only after mutual defection
    own, _ = play_match("Desperate", "Defector", turns=7, seed=seed).history()
    assert own == {"C": "CDCDCDC", "D": "DCDCDCD"}[own[0]]
    own, _ = play_match("Desperate", "Cooperator", turns=5, seed=seed).history()
    assert own[1:] == "DDDD"


@pytest.mark.parametrize("seed", range(12))
def test_hopeless_after_its_random_opening(seed):
    # defects only after mutual cooperation
    own, _ = play_match("Hopeless", "Cooperator", turns=7, seed=seed).history()
    assert own == {"C": "CDCDCDC", "D": "DCDCDCD"}[own[0]]
    own, _ = play_match("Hopeless", "Defector", turns=5, seed=seed).history()
    assert own[1:] == "CCCC"


@pytest.mark.parametrize("seed", range(12))
def test_willing_after_its_random_opening(seed):
    # defects only after mutual defection
    own, _ = play_match("Willing", "Defector", turns=6, seed=seed).history()
    assert own == {"C": "CCCCCC", "D": "DDDDDD"}[own[0]]
    own, _ = play_match("Willing", "Cooperator", turns=5, seed=seed).history()
    assert own[1:] == "CCCC"


@pytest.mark.parametrize("seed", range(12))
def test_allc_or_alld_repeats_its_first_move(seed):
    own, _ = play_match("ALLC or ALLD", "Alternator", turns=30, seed=seed).history()
    assert own == own[0] * 30
    assert plays("ALLCorALLD", "DDCCDCDC", seed=seed) in ("CCCCCCCC", "DDDDDDDD")


def test_random_openings_vary_with_the_seed():
    for name in ("Desperate", "Hopeless", "Willing", "ALLC or ALLD"):
        firsts = {play_match(name, "Cooperator", turns=1, seed=s).history()[0] for s in range(30)}
        assert firsts == {"C", "D"}, name


# -- extreme parameters make the stochastic strategies deterministic -----------------------


@pytest.mark.parametrize(
    ("spec", "equivalent"),
    [
        ("Generous Tit For Tat(generosity=0)", "Tit For Tat"),
        ("Generous Tit For Tat(generosity=1)", "Cooperator"),
        ("Soft Joss(q=1)", "Tit For Tat"),
        ("Soft Joss(q=0)", "Cooperator"),
        ("Stochastic WSLS(epsilon=0)", "Win-Stay Lose-Shift"),
        ("Random(1)", "Cooperator"),
        ("Random(0)", "Defector"),
    ],
)
def test_extreme_parameters(spec, equivalent):
    assert not REGISTRY.create(spec).is_stochastic()
    for opponent in ("Alternator", "Cycler(pattern='CDDCCD')", "Suspicious Tit For Tat"):
        ours = play_match(spec, opponent, turns=30, seed=3).history()
        assert ours == play_match(equivalent, opponent, turns=30).history(), opponent


def test_stochastic_wsls_with_epsilon_one_does_the_opposite_of_wsls():
    # after a win it switches, after a loss it stays: (0, 1, 1, 0), cooperating first
    assert plays("Stochastic WSLS(epsilon=1)", "CDDCCD") == "CDDDCD"


# -- statistics of the stochastic strategies -----------------------------------------------


@pytest.mark.parametrize(
    ("spec", "vector", "first"),
    [
        ("Random", (0.5, 0.5, 0.5, 0.5), 0.5),
        ("Random(0.3)", (0.3, 0.3, 0.3, 0.3), 0.3),
        ("Generous Tit For Tat", (1, 1 / 3, 1, 1 / 3), 1),
        ("Generous Tit For Tat(generosity=0.1)", (1, 0.1, 1, 0.1), 1),
        ("Stochastic WSLS", (0.95, 0.05, 0.05, 0.95), 1),
        ("Stochastic WSLS(epsilon=0.2)", (0.8, 0.2, 0.2, 0.8), 1),
        ("Stochastic Cooperator", (0.935, 0.229, 0.266, 0.42), 1),
        ("Soft Joss", (1, 0.1, 1, 0.1), 1),
        ("Soft Joss(q=0.6)", (1, 0.4, 1, 0.4), 1),
        ("Burn Both Ends", (0.9, 0, 0.9, 0), 1),
        ("Grofman", (1, 2 / 7, 2 / 7, 1), 1),
    ],
)
def test_cooperation_rate_after_each_outcome(spec, vector, first):
    check_memory_one_rates(spec, vector, first)


@pytest.mark.parametrize(
    ("spec", "vector"),
    [
        ("Desperate", (0, 0, 0, 1)),
        ("Hopeless", (0, 1, 1, 1)),
        ("Willing", (1, 1, 1, 0)),
        ("ALLC or ALLD", (1, 1, 0, 0)),
    ],
)
def test_random_opening_strategies_rates(spec, vector):
    first = 0.6 if spec == "ALLC or ALLD" else 0.5
    # first move needs more matches than the per-outcome rates; few turns suffice
    check_memory_one_rates(spec, vector, first, opponent="Random", matches=4000, turns=12)


STOCHASTIC = [
    "Random",
    "Generous Tit For Tat",
    "Stochastic WSLS",
    "Stochastic Cooperator",
    "Soft Joss",
    "Burn Both Ends",
    "Grofman",
    "Desperate",
    "Hopeless",
    "Willing",
    "ALLC or ALLD",
]


@pytest.mark.parametrize("name", STOCHASTIC)
def test_stochastic_same_seed_same_moves(name):
    assert REGISTRY.create(name).is_stochastic()
    assert REGISTRY.get_class(name).stochastic
    histories = set()
    for seed in range(8):
        a = play_match(name, "Cycler(pattern='CCDCDD')", turns=60, seed=seed).history()
        b = play_match(name, "Cycler(pattern='CCDCDD')", turns=60, seed=seed).history()
        assert a == b
        histories.add(a)
    assert len(histories) > 1, "different seeds should give different matches"


def test_stochastic_same_seed_same_batch():
    a = _batch_moves("Stochastic Cooperator", "Alternator", 50, 30, seed=4)
    b = _batch_moves("Stochastic Cooperator", "Alternator", 50, 30, seed=4)
    assert np.array_equal(a[0], b[0]) and np.array_equal(a[1], b[1])
    # the matches of a batch are independent: not all the same
    assert len({bytes(row) for row in a[0]}) > 1


# -- exact agreement with the Axelrod library -----------------------------------------------

DETERMINISTIC = {
    "Cooperator": axl.Cooperator,
    "Defector": axl.Defector,
    "Tit For Tat": axl.TitForTat,
    "Suspicious Tit For Tat": axl.SuspiciousTitForTat,
    "Win-Stay Lose-Shift": axl.WinStayLoseShift,
    "Alternator": axl.Alternator,
    "Anti Tit For Tat": axl.AntiTitForTat,
    "Win-Shift Lose-Stay": axl.WinShiftLoseStay,
    # stochastic strategies with deterministic parameters
    "Generous Tit For Tat(generosity=0)": lambda: axl.GTFT(p=0),
    "Soft Joss(q=1)": lambda: axl.SoftJoss(q=1),
    "Stochastic WSLS(epsilon=1)": lambda: axl.StochasticWSLS(ep=1),
    "Random(1)": lambda: axl.Random(1),
}

OPPONENTS = {
    "Tit For Tat": axl.TitForTat,
    "Alternator": axl.Alternator,
    "Defector": axl.Defector,
    "Suspicious Tit For Tat": axl.SuspiciousTitForTat,
    "Win-Stay Lose-Shift": axl.WinStayLoseShift,
    "Cycler(pattern='CCD')": lambda: axl.Cycler("CCD"),
    "Cycler(pattern='CDDCCCDCDDDCC')": lambda: axl.Cycler("CDDCCCDCDDDCC"),
}


@pytest.mark.parametrize("spec", DETERMINISTIC)
def test_agrees_with_axelrod(spec):
    for opponent, make_opponent in OPPONENTS.items():
        ours = play_match(spec, opponent, turns=200, seed=0).history()
        theirs = _axelrod_moves(DETERMINISTIC[spec](), make_opponent(), 200)
        assert ours == theirs, opponent


# -- names, metadata, parameters ------------------------------------------------------------

AXELROD_NAMES = [
    ("Cooperator", axl.Cooperator),
    ("Defector", axl.Defector),
    ("Random", axl.Random),
    ("Random(0.3)", lambda: axl.Random(0.3)),
    ("Tit For Tat", axl.TitForTat),
    ("Suspicious Tit For Tat", axl.SuspiciousTitForTat),
    ("Generous Tit For Tat", axl.GTFT),
    ("Generous Tit For Tat(generosity=0.1)", lambda: axl.GTFT(p=0.1)),
    ("Win-Stay Lose-Shift", axl.WinStayLoseShift),
    ("Stochastic WSLS", axl.StochasticWSLS),
    ("Stochastic WSLS(epsilon=0.1)", lambda: axl.StochasticWSLS(ep=0.1)),
    ("Alternator", axl.Alternator),
    ("Anti Tit For Tat", axl.AntiTitForTat),
    ("Win-Shift Lose-Stay", axl.WinShiftLoseStay),
    ("Stochastic Cooperator", axl.StochasticCooperator),
    ("Soft Joss", axl.SoftJoss),
    ("Soft Joss(q=0.8)", lambda: axl.SoftJoss(q=0.8)),
    ("Burn Both Ends", axl.BurnBothEnds),
    ("Grofman", axl.FirstByGrofman),
    ("Desperate", axl.Desperate),
    ("Hopeless", axl.Hopeless),
    ("Willing", axl.Willing),
    ("ALLC or ALLD", axl.ALLCorALLD),
]


@pytest.mark.parametrize(("spec", "make"), AXELROD_NAMES, ids=[s for s, _ in AXELROD_NAMES])
def test_axelrod_name(spec, make):
    assert REGISTRY.create(spec).axelrod_name() == str(make())


@pytest.mark.parametrize(
    ("name", "family", "depth", "stochastic"),
    [
        ("Cooperator", "cooperative", 0, False),
        ("Defector", "defecting", 0, False),
        ("Random", "random", 0, True),
        ("Tit For Tat", "reciprocal", 1, False),
        ("Suspicious Tit For Tat", "reciprocal", 1, False),
        ("Generous Tit For Tat", "forgiving", 1, True),
        ("Win-Stay Lose-Shift", "pavlovian", 1, False),
        ("Stochastic WSLS", "pavlovian", 1, True),
        ("Alternator", "periodic", 1, False),
        ("Anti Tit For Tat", "defecting", 1, False),
        ("Win-Shift Lose-Stay", "pavlovian", 1, False),
        ("Stochastic Cooperator", "forgiving", 1, True),
        ("Soft Joss", "forgiving", 1, True),
        ("Burn Both Ends", "reciprocal", 1, True),
        ("Grofman", "forgiving", 1, True),
        ("Desperate", "defecting", 1, True),
        ("Hopeless", "cooperative", 1, True),
        ("Willing", "cooperative", 1, True),
        ("ALLC or ALLD", "random", 1, True),
    ],
)
def test_metadata(name, family, depth, stochastic):
    cls = REGISTRY.get_class(name)
    assert (cls.name, cls.family, cls.memory_depth, cls.stochastic) == (
        name,
        family,
        depth,
        stochastic,
    )
    assert cls().is_stochastic() == stochastic


def test_aliases():
    for alias, name in [
        ("ALLC", "Cooperator"),
        ("ALLD", "Defector"),
        ("TFT", "Tit For Tat"),
        ("STFT", "Suspicious Tit For Tat"),
        ("GTFT", "Generous Tit For Tat"),
        ("WSLS", "Win-Stay Lose-Shift"),
        ("Pavlov", "Win-Stay Lose-Shift"),
        ("Psycho", "Anti Tit For Tat"),
        ("First by Grofman", "Grofman"),
        ("ALLCorALLD", "ALLC or ALLD"),
    ]:
        assert REGISTRY.get_class(alias).name == name


def test_parameters_and_labels():
    assert REGISTRY.create("Random(0.3)").params == {"p": 0.3}
    assert REGISTRY.create("Random").params == {"p": 0.5}
    assert REGISTRY.create("Generous Tit For Tat").params == {"generosity": pytest.approx(1 / 3)}
    assert REGISTRY.create("Soft Joss(q=0.8)").label == "Soft Joss(q=0.8)"
    assert REGISTRY.create("Stochastic WSLS(epsilon=0.1)").label == "Stochastic WSLS(epsilon=0.1)"


@pytest.mark.parametrize(
    ("spec", "parameter"),
    [
        ("Random(1.5)", "p"),
        ("Random(-0.1)", "p"),
        ("Generous Tit For Tat(generosity=1.2)", "generosity"),
        ("Generous Tit For Tat(generosity=-0.5)", "generosity"),
        ("Stochastic WSLS(epsilon=2)", "epsilon"),
        ("Soft Joss(q=-0.1)", "q"),
        ("Soft Joss(q=1.01)", "q"),
    ],
)
def test_bad_parameters(spec, parameter):
    with pytest.raises(ValueError, match=rf"{parameter} must be a probability in \[0, 1\]"):
        REGISTRY.create(spec)


def test_bad_parameters_direct():
    from strategies.library.classic import GenerousTitForTat, Random, SoftJoss, StochasticWSLS

    with pytest.raises(ValueError, match="p must be a probability"):
        Random(float("nan"))
    with pytest.raises(ValueError, match="generosity"):
        GenerousTitForTat(generosity=3)
    with pytest.raises(ValueError, match="epsilon"):
        StochasticWSLS(epsilon=-1)
    with pytest.raises(ValueError, match="q must be"):
        SoftJoss(q=7)
