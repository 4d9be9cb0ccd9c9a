"""Tests of strategies/library/research.py and dbs.py: expected play, exact agreement
with the Axelrod library for the deterministic strategies (with and without noise, in batches whose
matches end at different times), statistics and seeding for the stochastic ones,
naming, metadata and parameters."""

from __future__ import annotations

import axelrod as axl
import numpy as np
import pytest

from strategies import REGISTRY
from strategies.library.dbs import DBS
from strategies.library.research import (
    DynamicTwoTitsForTat,
    HardProber,
    NaiveProber,
    RemorsefulProber,
    SlowTitForTwoTats,
    SneakyTitForTat,
    SpitefulTitForTat,
    TrickyCooperator,
    TrickyDefector,
)
from tests.axelrod_helpers import (
    assert_same_moves_in_a_noisy_shrinking_batch,
    axelrod_moves,
    drive_axelrod,
    drive_ours,
)
from tests.strategy_helpers import plays, versus
from tournament.core.engine import play_batch
from tournament.core.match import play_match

# deterministic strategies (our spec -> the Axelrod-library equivalent)
DETERMINISTIC = {
    "DBS": axl.DBS,
    "DBS(discount_factor=0.5, promotion_threshold=2, reject_threshold=1, tree_depth=3)": (
        lambda: axl.DBS(0.5, 2, 4, 1, 3)
    ),
    "Spiteful Tit For Tat": axl.SpitefulTitForTat,
    "Slow Tit For Two Tats": axl.SlowTitForTwoTats2,
    "Sneaky Tit For Tat": axl.SneakyTitForTat,
    "Hard Prober": axl.HardProber,
    "Tricky Cooperator": axl.TrickyCooperator,
    "Tricky Defector": axl.TrickyDefector,
    "Remorseful Prober(p=0.0)": lambda: axl.RemorsefulProber(0.0),
    "Remorseful Prober(p=1.0)": lambda: axl.RemorsefulProber(1.0),
    "Naive Prober(p=0.0)": lambda: axl.NaiveProber(0.0),
    "Naive Prober(p=1.0)": lambda: axl.NaiveProber(1.0),
}

OPPONENTS = {
    "Tit For Tat": axl.TitForTat,
    "Defector": axl.Defector,
    "Cooperator": axl.Cooperator,
    "Alternator": axl.Alternator,
    "Grudger": axl.Grudger,
    "Win-Stay Lose-Shift": axl.WinStayLoseShift,
    "Cycler(pattern='CCD')": lambda: axl.Cycler("CCD"),
    "Suspicious Tit For Tat": axl.SuspiciousTitForTat,
    "Cycler(pattern='CDDCCCDCDDDCC')": lambda: axl.Cycler("CDDCCCDCDDDCC"),
    "Gradual": axl.Gradual,
    "Prober": axl.Prober,
}


# -- expected play ---------------------------------------------------------------------


def test_dbs():
    versus("DBS", "Cooperator", "CC " * 10)
    versus("DBS", "Tit For Tat", "CC " * 10)
    # Suspicious Tit For Tat's opening defection is forgiven: the model still says TFT
    versus("DBS", "Suspicious Tit For Tat", "CD" + " CC" * 9)
    # against Defector, the Tit For Tat prior (C after C) is violated at turns 3, 4, 5;
    # the third time CD -> D is promoted to a rule, the prior is dropped and DBS defects
    versus("DBS", "Defector", "CD CD CD CD" + " DD" * 8)


def test_dbs_exploits_an_unconditional_pattern():
    # Cycler CCD does not react: once its answers to each outcome are learnt as
    # probabilities, defecting is always better in expectation
    own, _ = play_match("DBS", "Cycler(pattern='CCD')", turns=60).history()
    assert own[-30:] == "D" * 30


def test_spiteful_tit_for_tat():
    assert plays("Spiteful Tit For Tat", "CDCDDCCC") == "CCDCDDDD"
    # single defections are answered as by Tit For Tat, for ever
    assert plays("Spiteful Tit For Tat", "CDCDCDCC") == "CCDCDCDC"
    versus("Spiteful Tit For Tat", "Alternator", "CC CD DC CD DC")
    versus("Spiteful Tit For Tat", "Defector", "CD DD DD DD")


def test_slow_tit_for_two_tats():
    assert plays("Slow Tit For Two Tats", "CDDCDCCDC") == "CCCDDDDCC"
    versus("Slow Tit For Two Tats", "Alternator", "CC CD CC CD CC")
    versus("Slow Tit For Two Tats", "Defector", "CD CD DD DD")
    versus("Slow Tit For Tat", "Suspicious Tit For Tat", "CD CC CC CC")


def test_sneaky_tit_for_tat():
    assert plays("Sneaky Tit For Tat", "CCCDCDDCC") == "CCDDCCDDC"
    # against Cooperator it defects from turn 3 on
    versus("Sneaky Tit For Tat", "Cooperator", "CC CC DC DC DC")
    # Tit For Tat retaliates; Sneaky repents, and cooperation resumes
    versus("Sneaky Tit For Tat", "Tit For Tat", "CC CC DC DD CD CC CC")


def test_hard_prober():
    assert plays("Hard Prober", "CCCCCCC") == "DDCCDDD"
    assert plays("Hard Prober", "CDCCDCD") == "DDCCCDC"
    versus("Hard Prober", "Tit For Tat", "DC DD CD CC CC")
    versus("Hard Prober", "Defector", "DD DD CD CD DD")


def test_tricky_cooperator():
    assert plays("Tricky Cooperator", "C" * 14) == "CCC" + "D" * 11
    # a defection buys 10 turns of cooperation
    assert plays("Tricky Cooperator", "CCCCD" + "C" * 11) == "CCCDD" + "C" * 10 + "D"
    versus("Tricky Cooperator", "Defector", "CD" + " CD" * 5)


def test_tricky_defector():
    assert plays("Tricky Defector", "DDDDCDDDDDDCDD") == "DDDDDDDDCCCCDD"
    versus("Tricky Defector", "Defector", "DD " * 8)
    versus("Tricky Defector", "Cooperator", "DC " * 8)
    # after a cooperation, three defections in a row are met with a cooperation
    versus("Tricky Defector", "Tit For Tat", "DC DD DD DD CD CC DC DD DD DD CD")


def test_naive_prober_deterministic_cases():
    versus("Naive Prober", "Defector", "CD" + " DD" * 10)
    assert plays("Naive Prober(p=0.0)", "CDDCCDC") == "CCDDCCD"
    assert plays("Naive Prober(p=1.0)", "CCDCC") == "CDDDD"


def test_remorseful_prober_deterministic_cases():
    versus("Remorseful Prober", "Defector", "CD" + " DD" * 10)
    assert plays("Remorseful Prober(p=0.0)", "CDDCCDC") == "CCDDCCD"
    # every move after a cooperation is a probe; a defection answering a probe is
    # forgiven once ("one free hit"), a second one is answered
    assert plays("Remorseful Prober(p=1.0)", "CCDDC") == "CDDCD"
    assert plays("Remorseful Prober(p=1.0)", "CDCDDC") == "CDCDCD"


def test_dynamic_two_tits_for_tat_deterministic_cases():
    versus("Dynamic Two Tits For Tat", "Cooperator", "CC " * 10)
    # the opponent never cooperated: forgiveness probability 0
    versus("Dynamic Two Tits For Tat", "Defector", "CD" + " DD" * 10)
    # a single defection answered on the first turn, before any history to forgive
    assert plays("Dynamic Two Tits For Tat", "DC") == "CD"


# -- exact agreement with the Axelrod library -----------------------------------------


@pytest.mark.parametrize("ours", list(DETERMINISTIC))
@pytest.mark.parametrize("opponent", list(OPPONENTS))
def test_matches_axelrod_library(ours, opponent):
    expected = axelrod_moves(DETERMINISTIC[ours](), OPPONENTS[opponent](), 200)
    assert play_match(ours, opponent, turns=200).history() == expected


@pytest.mark.parametrize("ours", [o for o in DETERMINISTIC if "DBS" not in o])
@pytest.mark.parametrize("opponent", ["DBS", *[o for o in DETERMINISTIC if "DBS" not in o]])
def test_matches_axelrod_library_among_themselves(ours, opponent):
    expected = axelrod_moves(DETERMINISTIC[ours](), DETERMINISTIC[opponent](), 200)
    assert play_match(ours, opponent, turns=200).history() == expected


@pytest.mark.parametrize("ours", list(DETERMINISTIC))
def test_matches_axelrod_library_with_noise_in_a_shrinking_batch(ours):
    assert_same_moves_in_a_noisy_shrinking_batch(ours, DETERMINISTIC[ours], max_density=0.6, seed=7)


@pytest.mark.parametrize(
    "ours, theirs",
    [
        ("DBS", axl.DBS),
        # a long discounting window, no discounting, a very short one
        ("DBS(0.9, 3, 2, 2, 4)", lambda: axl.DBS(0.9, 3, 2, 2, 4)),
        ("DBS(1.0, 2, 2, 1, 3)", lambda: axl.DBS(1.0, 2, 2, 1, 3)),
        ("DBS(0.2, 1, 1, 0, 2)", lambda: axl.DBS(0.2, 1, 1, 0, 2)),
    ],
)
def test_dbs_matches_the_library_over_long_noisy_matches(ours, theirs):
    """Beyond the summation window (146 turns by default) the discounted frequencies
    must still be the library's to the last bit: its near-ties are decided by them."""
    rng = np.random.default_rng(3)
    n, horizon = 6, 320
    density = rng.uniform(0.1, 0.6, size=(n, 1))
    opp = (rng.random((n, horizon)) < density).astype(np.uint8)
    flips = (rng.random((n, horizon)) < 0.1).astype(np.uint8)
    lengths = np.full(n, horizon)
    own = drive_ours(ours, opp, flips, lengths)
    for i in range(n):
        expected = drive_axelrod(theirs(), opp[i], flips[i], horizon)
        assert "".join("CD"[m] for m in own[i]) == expected, f"row {i}"


def test_dbs_uses_the_game_payoffs():
    """In the classic game DBS cooperates with Tit For Tat; with a temptation so large
    that alternating D and C beats mutual cooperation, it exploits its Tit For Tat model
    of the opponent."""
    moves = {}
    for temptation in (5.0, 20.0):
        player = REGISTRY.create("DBS")
        player.reset(1, np.random.default_rng(0), np.array([[[3.0, 0.0], [temptation, 1.0]]]))
        own = np.zeros((1, 8), dtype=np.uint8)
        opp = np.zeros((1, 8), dtype=np.uint8)  # Tit For Tat: copies DBS's last move
        for t in range(8):
            own[:, t] = player.play_turn(own[:, :t], opp[:, :t], t)
            if t + 1 < 8:
                opp[:, t + 1] = own[:, t]
        moves[temptation] = "".join("CD"[m] for m in own[0])
    assert moves[5.0] == "C" * 8
    assert "D" in moves[20.0]


# -- stochastic strategies ------------------------------------------------------------------


def _cooperation(spec: str, opponent: str, seeds: range, turns: int = 200) -> float:
    return float(
        np.mean([play_match(spec, opponent, turns=turns, seed=s).cooperation[0] for s in seeds])
    )


@pytest.mark.parametrize("p", [0.1, 0.3])
@pytest.mark.parametrize("name", ["Naive Prober", "Remorseful Prober"])
def test_probers_probe_cooperators_at_rate_p(name, p):
    # after the first move, each turn is a probe with probability p
    rate = _cooperation(f"{name}(p={p})", "Cooperator", range(30))
    expected = (1 + 199 * (1 - p)) / 200
    assert abs(rate - expected) < 0.02


def test_remorseful_prober_forgives_retaliation_to_its_probes():
    own, opp = play_match("Remorseful Prober(p=0.2)", "Tit For Tat", turns=400, seed=5).history()
    probes = remorse = 0
    for t in range(2, len(own)):
        probe = own[t - 1] == "D" and opp[t - 2] == "C"  # a D after a C is a probe
        if probe and opp[t - 1] == "D":
            probes += 1
            remorse += own[t] == "C"
    assert probes > 10 and remorse == probes


def test_remorseful_prober_is_kinder_than_naive_prober_to_tit_for_tat():
    remorseful = _cooperation("Remorseful Prober", "Tit For Tat", range(20))
    naive = _cooperation("Naive Prober", "Tit For Tat", range(20))
    assert remorseful > naive + 0.1


def test_dynamic_two_tits_for_tat_forgives_at_the_opponent_cooperation_rate():
    # Alternator cooperates half the time and always defected in the last two turns
    # (from turn 3): Dynamic 2TFT cooperates with probability about 1/2
    rate = _cooperation("Dynamic Two Tits For Tat", "Alternator", range(30))
    assert abs(rate - 0.5) < 0.03
    # against a mostly-cooperating opponent it forgives most of the time
    rate = _cooperation("Dynamic Two Tits For Tat", "Cycler(pattern='CCCCCCCCCD')", range(30))
    assert rate > 0.85


@pytest.mark.parametrize(
    "ours, theirs, opponent, their_opponent",
    [
        ("Naive Prober", axl.NaiveProber, "Tit For Tat", axl.TitForTat),
        ("Remorseful Prober", axl.RemorsefulProber, "Tit For Tat", axl.TitForTat),
        ("Dynamic Two Tits For Tat", axl.DynamicTwoTitsForTat, "Alternator", axl.Alternator),
        (
            "Dynamic Two Tits For Tat",
            axl.DynamicTwoTitsForTat,
            "Cycler(pattern='CCD')",
            lambda: axl.Cycler("CCD"),
        ),
    ],
)
def test_stochastic_strategies_cooperate_as_much_as_in_the_library(
    ours, theirs, opponent, their_opponent
):
    turns, seeds = 100, range(40)
    library = []
    for seed in seeds:
        interactions = axl.Match((theirs(), their_opponent()), turns=turns, seed=seed).play()
        library.append([a for a, _ in interactions].count(axl.Action.C) / turns)
    library = float(np.mean(library))
    assert abs(_cooperation(ours, opponent, seeds, turns) - library) < 0.05


@pytest.mark.parametrize(
    "name", ["Naive Prober", "Remorseful Prober(p=0.3)", "Dynamic Two Tits For Tat"]
)
def test_same_seed_same_moves(name):
    a = play_match(name, "Alternator", turns=100, seed=5).history()
    assert a == play_match(name, "Alternator", turns=100, seed=5).history()
    assert a != play_match(name, "Alternator", turns=100, seed=6).history()


# -- batching ----------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(DETERMINISTIC))
def test_batched_with_varying_lengths_equals_single_matches(name):
    """A batch with matches of different lengths (k shrinking) plays exactly like the
    same matches played one by one."""
    opponents = ["Tit For Tat", "Cycler(pattern='CDDC')", "Alternator", "Cooperator", "Defector"]
    players = [REGISTRY.create(name)] + [REGISTRY.create(o) for o in opponents]
    m = 10
    seats = np.array([[0, 1 + i % len(opponents)] for i in range(m)])
    lengths = np.array([3, 47, 1, 9, 30, 5, 2, 12, 4, 25])
    payoffs = np.array([[[3, 0], [5, 1]]] * 2, dtype=float)
    out = play_batch(players, seats, lengths, payoffs, 0.0, np.random.SeedSequence(1), True)
    for i in range(m):
        single = play_match(name, opponents[i % len(opponents)], turns=int(lengths[i]), seed=0)
        assert (out.moves[i, :, : lengths[i]] == single.moves).all(), (name, i)


def _windowed_outcomes(names: list[str], *, windowed: bool, turns: int, seed: int):
    """Outcome counts of ``names[0]`` against every player of ``names`` (both seats), with
    the whole history kept or a sliding window compacted every 3 turns."""
    players = [REGISTRY.create(n) for n in names]
    seats = np.array([[0, j] for j in range(len(names))] + [[j, 0] for j in range(1, len(names))])
    extra = {"history_bytes": 1, "segment": 3} if windowed else {}
    payoffs = np.array([[[3, 0], [5, 1]]] * 2, dtype=float)
    return play_batch(players, seats, np.full(len(seats), turns), payoffs, 0.05,
                      np.random.SeedSequence(seed), length=turns, **extra).outcomes  # fmt: skip


# an outcome unseen until its weights underflow has frequency 0 / 0, as before windows
@pytest.mark.filterwarnings("ignore:invalid value encountered in divide:RuntimeWarning")
@pytest.mark.parametrize(
    "spec, turns",
    [
        ("DBS(0.2, 1, 1, 0, 2)", 700),  # its weights underflow to 0 after ~460 turns
        ("DBS(0.5, 2, 3, 2, 3)", 300),
        ("DBS(1.0, 2, 2, 1, 3)", 120),  # no discounting: plain counts
    ],
)
def test_dbs_plays_the_same_with_a_sliding_window(spec, turns):
    """DBS keeps which turns its discounted sums count as bits, updated turn by turn, so
    it reads only its last ``history_window`` turns; the default is in
    test_history_window."""
    assert REGISTRY.create(spec).history_window < turns
    names = [spec, "Random", "Tit For Tat", "Alternator", spec]
    whole = _windowed_outcomes(names, windowed=False, turns=turns, seed=4)
    window = _windowed_outcomes(names, windowed=True, turns=turns, seed=4)
    assert window.tolist() == whole.tolist()


def test_dbs_discounted_sums_add_their_terms_in_order_newest_first():
    """Each discounted sum is the library's loop over the update turns, newest first,
    with weights by repeated products: the same bits, for more sums than a block
    (a pairwise or reordered sum would differ in the last bits)."""
    n, t, alpha = 700, 300, 0.75
    player = REGISTRY.create("DBS")
    player.start(n, np.random.default_rng(0), np.tile([[3.0, 0.0], [5.0, 1.0]], (n, 1, 1)), None)
    player.__dict__["t"] = t
    rng = np.random.default_rng(7)
    window = player._window
    anchor = rng.integers(1, t + 1, n)
    counted = (rng.random((n, window)) < 0.4) & (anchor[:, None] - np.arange(window) >= 1)
    counted[:, 0] = True  # the anchor is the latest turn counted
    packed = np.packbits(counted, axis=1, bitorder="little")
    words = np.zeros((n, -(-window // 64) * 8), dtype=np.uint8)
    words[:, : packed.shape[1]] = packed
    got = player._discounted(words.view("<u8"), anchor)
    for i in range(n):
        total, weight = 0.0, 1.0
        for age in range(t):  # update turns t, t - 1, ..., 1
            j = age - (t - anchor[i])
            total += weight * float(0 <= j < window and counted[i, j])
            weight *= alpha
        assert got[i] == total, i


# -- naming, metadata and parameters ------------------------------------------------------------


@pytest.mark.parametrize(
    "ours, theirs",
    [
        ("DBS", axl.DBS()),
        ("DBS(0.5, 2, 3, 2, 3)", axl.DBS(0.5, 2, 3, 2, 3)),
        ("Spiteful Tit For Tat", axl.SpitefulTitForTat()),
        ("Slow Tit For Two Tats", axl.SlowTitForTwoTats2()),
        ("Dynamic Two Tits For Tat", axl.DynamicTwoTitsForTat()),
        ("Sneaky Tit For Tat", axl.SneakyTitForTat()),
        ("Hard Prober", axl.HardProber()),
        ("Naive Prober", axl.NaiveProber()),
        ("Naive Prober(0.25)", axl.NaiveProber(0.25)),
        ("Remorseful Prober", axl.RemorsefulProber()),
        ("Remorseful Prober(p=0.25)", axl.RemorsefulProber(0.25)),
        ("Tricky Cooperator", axl.TrickyCooperator()),
        ("Tricky Defector", axl.TrickyDefector()),
    ],
)
def test_axelrod_name(ours, theirs):
    assert REGISTRY.create(ours).axelrod_name() == str(theirs)


def test_metadata_and_aliases():
    expected = {
        DBS: ("adaptive", None, False),
        SpitefulTitForTat: ("punishing", None, False),
        SlowTitForTwoTats: ("forgiving", 2, False),
        DynamicTwoTitsForTat: ("forgiving", None, True),
        SneakyTitForTat: ("probing", None, False),
        HardProber: ("probing", None, False),
        NaiveProber: ("probing", 1, True),
        RemorsefulProber: ("probing", 2, True),
        TrickyCooperator: ("defecting", 10, False),
        TrickyDefector: ("defecting", None, False),
    }
    for cls, (family, depth, stochastic) in expected.items():
        assert (cls.family, cls.memory_depth, cls().is_stochastic()) == (
            family,
            depth,
            stochastic,
        ), cls
    assert not NaiveProber(p=0.0).is_stochastic()
    assert not RemorsefulProber(p=1.0).is_stochastic()
    assert REGISTRY.get_class("Derived Belief Strategy") is DBS
    assert REGISTRY.get_class("Slow Tit For Tat") is SlowTitForTwoTats
    assert DBS().params == {
        "discount_factor": 0.75,
        "promotion_threshold": 3,
        "violation_threshold": 4,
        "reject_threshold": 3,
        "tree_depth": 5,
    }
    assert REGISTRY.create("DBS(tree_depth=3)").label == "DBS(tree_depth=3)"


@pytest.mark.parametrize(
    "build, message",
    [
        (lambda: DBS(discount_factor=0.0), "discount_factor must be in"),
        (lambda: DBS(discount_factor=1.5), "discount_factor must be in"),
        (lambda: DBS(promotion_threshold=0), "promotion_threshold must be an integer >= 1"),
        (lambda: DBS(violation_threshold=2.5), "violation_threshold must be an integer >= 1"),
        (lambda: DBS(reject_threshold=-1), "reject_threshold must be an integer >= 0"),
        (lambda: DBS(tree_depth=0), "tree_depth must be an integer >= 1"),
        (lambda: DBS(tree_depth=True), "tree_depth must be an integer >= 1"),
        (lambda: NaiveProber(p=1.5), "p must be a probability"),
        (lambda: RemorsefulProber(p=-0.1), "p must be a probability"),
    ],
)
def test_bad_parameters(build, message):
    with pytest.raises(ValueError, match=message):
        build()


def test_no_parameters_accepted():
    with pytest.raises(Exception, match="parameter"):
        REGISTRY.create("Hard Prober(3)")
