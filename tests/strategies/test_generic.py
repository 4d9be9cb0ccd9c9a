"""Tests of strategies/generic.py (Memory One, Cycler, Lookup Table, Finite State
Machine): expected play, equivalences with named strategies, exact agreement with the
Axelrod library's MemoryOnePlayer / Cycler / FSMPlayer, statistics of stochastic memory-one
vectors, batching with matches of different lengths, naming and parameter checks."""

from __future__ import annotations

import axelrod as axl
import numpy as np
import pytest

from strategies import REGISTRY
from strategies.base import Strategy
from strategies.generic import CyclerStrategy, FiniteStateMachine, LookupTable, MemoryOne
from tests.strategy_helpers import plays, versus
from tournament.core.engine import play_batch
from tournament.core.games import get_game
from tournament.core.match import play_match
from tournament.core.reference import reference_match

C, D = axl.Action.C, axl.Action.D
CLASSIC = get_game("classic").payoffs

# our opponents and their Axelrod-library equivalents (deterministic)
OPPONENTS = {
    "Tit For Tat": axl.TitForTat,
    "Alternator": axl.Alternator,
    "Defector": axl.Defector,
    "Cooperator": axl.Cooperator,
    "Suspicious Tit For Tat": axl.SuspiciousTitForTat,
    "Win-Stay Lose-Shift": axl.WinStayLoseShift,
    "Grudger": axl.Grudger,
    "Cycler(pattern='CCD')": lambda: axl.Cycler("CCD"),
    "Cycler(pattern='CDDCCCDCDDDCC')": lambda: axl.Cycler("CDDCCCDCDDDCC"),
}
SOME_OPPONENTS = [
    "Tit For Tat",
    "Alternator",
    "Defector",
    "Suspicious Tit For Tat",
    "Grudger",
    "Cycler(pattern='CDDCCCDCDDDCC')",
]

GRUDGER_FSM = ((1, "C", 1, "C"), (1, "D", 2, "D"), (2, "C", 2, "D"), (2, "D", 2, "D"))


def _axelrod_moves(player: axl.Player, opponent: axl.Player, turns: int) -> tuple[str, str]:
    history = axl.Match((player, opponent), turns=turns).play()
    return "".join(str(a) for a, _ in history), "".join(str(b) for _, b in history)


def _actions(transitions):
    return tuple(
        (s, axl.Action.from_char(o), n, axl.Action.from_char(m)) for s, o, n, m in transitions
    )


def _same_play(a: str | Strategy, b: str | Strategy, turns: int = 60) -> None:
    for opponent in SOME_OPPONENTS:
        ours = play_match(a, opponent, turns=turns, seed=0).history()
        assert ours == play_match(b, opponent, turns=turns, seed=0).history(), opponent


def _check_batch_matches_single(player: Strategy) -> None:
    """Many matches of different lengths in one batch play as they do one by one."""
    names = ["Tit For Tat", "Alternator", "Cycler(pattern='CDDCCCDCDDDCC')", "Grudger"]
    players = [player, *(REGISTRY.create(n) for n in names)]
    seats, lengths = [], []
    for length in (40, 3, 25, 1, 60, 12):
        for j in range(1, len(players)):
            seats.append((0, j))
            lengths.append(length)
        seats.append((0, 0))  # self-play: both seats in the same block
        lengths.append(length)
    seats, lengths = np.array(seats), np.array(lengths)
    out = play_batch(
        players, seats, lengths, CLASSIC, 0.0, np.random.SeedSequence(0), keep_moves=True
    )
    for i, (a, b) in enumerate(seats):
        n = int(lengths[i])
        moves, _ = reference_match(players[a], players[b], n, CLASSIC)
        assert np.array_equal(out.moves[i, :, :n], moves), (a, b, n)


# -- Memory One -------------------------------------------------------------------------------


def test_memory_one_default_is_tit_for_tat():
    _same_play("Memory One", "Tit For Tat")
    assert plays("Memory One", "DDCCDC") == "CDDCCD"


def test_memory_one_named_vectors():
    _same_play(MemoryOne((1, 0, 0, 1)), "Win-Stay Lose-Shift")
    _same_play(MemoryOne((0, 0, 0, 0), first=0), "Defector")
    _same_play(MemoryOne((1, 1, 1, 1)), "Cooperator")
    _same_play(MemoryOne((0, 0, 1, 1)), "Alternator")
    _same_play(MemoryOne((1, 0, 1, 0), first=0), "Suspicious Tit For Tat")
    _same_play("Generic Memory One(probabilities=(0, 1, 0, 1))", "Anti Tit For Tat")


def test_memory_one_expected_play():
    # (1, 0, 0, 1) opening D: WSLS after a defection
    versus(MemoryOne((1, 0, 0, 1), first=0), "Cooperator", "DC DC DC")
    versus(MemoryOne((1, 0, 0, 1), first=0), "Defector", "DD CD DD CD")
    # (0, 1, 1, 0): cooperates iff the last moves differed
    assert plays(MemoryOne((0, 1, 1, 0)), "CDDCCD") == "CDDDCD"


def test_memory_one_deterministic_vectors_ignore_the_seed():
    player = MemoryOne((1, 0, 0, 1), first=0)
    assert not player.is_stochastic()
    runs = {
        play_match(player, "Cycler(pattern='CDDCD')", turns=50, seed=s).history() for s in range(5)
    }
    assert len(runs) == 1


MEMORY_ONE_AXELROD = [
    ((1, 0, 1, 0), 1),
    ((1, 0, 0, 1), 0),
    ((0, 1, 1, 0), 0),
    ((1, 1, 0, 0), 1),
    ((0, 1, 0, 1), 1),
    ((0, 0, 1, 1), 0),
]


@pytest.mark.parametrize(("vector", "first"), MEMORY_ONE_AXELROD)
def test_memory_one_agrees_with_axelrod(vector, first):
    ours = MemoryOne(vector, first=first)
    for opponent, make_opponent in OPPONENTS.items():
        theirs = axl.MemoryOnePlayer(vector, initial=C if first else D)
        assert play_match(ours, opponent, turns=100, seed=0).history() == _axelrod_moves(
            theirs, make_opponent(), 100
        ), opponent


@pytest.mark.parametrize(
    ("vector", "first"),
    [((0.8, 0.3, 0.6, 0.1), 0.7), ((0.25, 1.0, 0.0, 0.5), 0.2)],
)
def test_memory_one_cooperation_rate_after_each_outcome(vector, first):
    players = [MemoryOne(vector, first=first), REGISTRY.create("Cycler(pattern='CCDCDD')")]
    matches, turns = 2000, 40
    out = play_batch(
        players,
        np.tile([0, 1], (matches, 1)),
        np.full(matches, turns),
        CLASSIC,
        0.0,
        np.random.SeedSequence(5),
        keep_moves=True,
    )
    own, opp = out.moves[:, 0, :], out.moves[:, 1, :]
    rates = [(own[:, 0] == 0, first)]
    previous = (own[:, :-1].astype(np.int64) << 1) | opp[:, :-1]
    for outcome, p in enumerate(vector):
        rates.append((own[:, 1:][previous == outcome] == 0, p))
    for coop, p in rates:
        assert coop.size >= 500
        if p in (0.0, 1.0):
            assert coop.mean() == p
        else:
            assert abs(coop.mean() - p) < 5 * np.sqrt(p * (1 - p) / coop.size)


def test_memory_one_same_seed_same_moves():
    player = MemoryOne((0.8, 0.3, 0.6, 0.1), first=0.7)
    assert player.is_stochastic()
    runs = [play_match(player, "Alternator", turns=60, seed=s).history() for s in (1, 1, 2)]
    assert runs[0] == runs[1] != runs[2]


def test_memory_one_parameters():
    player = MemoryOne((1, 0, 0, 1), first=0)
    assert player.params == {"probabilities": (1.0, 0.0, 0.0, 1.0), "first": 0.0}
    assert REGISTRY.create("Memory One(probabilities=(1, 0, 0, 1), first=0)") == player
    assert player.clone() == player
    assert MemoryOne.memory_depth == 1 and MemoryOne.family == "generic"


def test_memory_one_axelrod_name_default():
    expected = str(axl.MemoryOnePlayer((1, 0, 1, 0), initial=C))
    assert MemoryOne().axelrod_name() == expected


def test_memory_one_axelrod_name_non_default():
    expected = str(axl.MemoryOnePlayer((0.9, 0.1, 0.5, 0.25), initial=D))
    assert MemoryOne((0.9, 0.1, 0.5, 0.25), first=0).axelrod_name() == expected


def test_memory_one_axelrod_name_random_opening_has_no_equivalent():
    # the library's MemoryOnePlayer always opens with a fixed move
    assert MemoryOne((1, 0, 1, 0), first=0.5).axelrod_name() is None


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"probabilities": (1, 0, 1)}, "probabilities needs 4 values"),
        ({"probabilities": (1, 0, 1, 0, 1)}, "probabilities needs 4 values"),
        ({"probabilities": (1, 0, 1, 1.5)}, "p_DD must be a probability"),
        ({"probabilities": (-0.1, 0, 1, 0)}, "p_CC must be a probability"),
        ({"first": 2}, "first must be a probability"),
    ],
)
def test_memory_one_bad_parameters(kwargs, message):
    with pytest.raises(ValueError, match=message):
        MemoryOne(**kwargs)


# -- Cycler ------------------------------------------------------------------------------------


def test_cycler_expected_play():
    assert plays("Cycler(pattern='CDD')", "CCCCCCC") == "CDDCDDC"
    assert plays("Cycler(pattern='D')", "CDCD") == "DDDD"
    versus("Cycler", "Tit For Tat", "CC CC DC CD CC DC")
    versus("Cycler(pattern='DC')", "Defector", "DD CD DD CD")
    versus(CyclerStrategy("CCCD"), "Alternator", "CC CD CC DD CC CD CC DD")


def test_cycler_simple_patterns():
    _same_play("Cycler(pattern='C')", "Cooperator")
    _same_play("Cycler(pattern='D')", "Defector")
    _same_play("Cycler(pattern='CD')", "Alternator")


@pytest.mark.parametrize("pattern", ["CCD", "CDD", "DDC", "CDDCCCDCDDDCC", "D"])
def test_cycler_agrees_with_axelrod(pattern):
    for opponent, make_opponent in OPPONENTS.items():
        ours = play_match(CyclerStrategy(pattern), opponent, turns=100, seed=0).history()
        assert ours == _axelrod_moves(axl.Cycler(pattern), make_opponent(), 100), opponent


def test_cycler_names_and_parameters():
    assert CyclerStrategy().axelrod_name() == str(axl.Cycler()) == "Cycler: CCD"
    assert CyclerStrategy("CDD").axelrod_name() == str(axl.Cycler("CDD"))
    assert CyclerStrategy("cdd") == CyclerStrategy("CDD")
    assert CyclerStrategy("CDD").label == "Cycler(pattern='CDD')"
    assert not CyclerStrategy().is_stochastic()


@pytest.mark.parametrize("pattern", ["", 5, None])
def test_cycler_bad_pattern(pattern):
    with pytest.raises(ValueError, match="pattern"):
        CyclerStrategy(pattern)


def test_cycler_non_cd_pattern_is_refused():
    with pytest.raises(ValueError):
        CyclerStrategy("CXD")


def test_cycler_non_cd_pattern_message_names_the_parameter():
    with pytest.raises(ValueError, match="pattern"):
        CyclerStrategy("CXD")


# -- Lookup Table ------------------------------------------------------------------------------


def test_lookup_table_default_is_tit_for_tat():
    _same_play("Lookup Table", "Tit For Tat")


def test_lookup_table_opponent_depth_one_is_tit_for_tat():
    _same_play(LookupTable(own_depth=0, opp_depth=1, table="CD"), "Tit For Tat")
    _same_play(LookupTable(own_depth=0, opp_depth=1, table="CD", opening="D"), "STFT")
    _same_play(LookupTable(own_depth=0, opp_depth=1, table="DC"), "Anti Tit For Tat")


def test_lookup_table_cddc_is_win_stay_lose_shift():
    _same_play(LookupTable(own_depth=1, opp_depth=1, table="CDDC"), "WSLS")
    # after another opening, it plays WSLS from there on
    _same_play(
        LookupTable(own_depth=1, opp_depth=1, table="CDDC", opening="D"),
        MemoryOne((1, 0, 0, 1), first=0),
    )


def test_lookup_table_index_order():
    # own moves are the high bits: "CCDD" repeats its own last move
    assert plays(LookupTable(1, 1, "CCDD"), "DDCDC") == "CCCCC"
    assert plays(LookupTable(1, 1, "CCDD", opening="D"), "CCCDC") == "DDDDD"
    # oldest move first: with opp_depth 2, "CCDC" defects after the opponent played D then C
    assert plays(LookupTable(0, 2, "CCDC", opening="CC"), "CDCCDCDDC") == "CCCDCCDCC"
    # with own_depth 2, "CDCC" defects only after its own C then D
    assert plays(LookupTable(2, 0, "CDCC", opening="CD"), "CCCCCC") == "CDDCCC"


def test_lookup_table_tit_for_two_tats():
    tf2t = LookupTable(own_depth=0, opp_depth=2, table="CCCD", opening="CC")
    assert plays(tf2t, "DDCDDDC") == "CCDCCDD"
    _same_play(tf2t, "Tit For Two Tats")


def test_lookup_table_batches():
    _check_batch_matches_single(
        LookupTable(own_depth=2, opp_depth=1, table="CDDCDCCD", opening="CD")
    )
    _check_batch_matches_single(
        LookupTable(own_depth=0, opp_depth=3, table="CCCDCDDD", opening="DCC")
    )


def test_lookup_table_parameters():
    player = LookupTable(own_depth=0, opp_depth=2, table="cccd", opening="CCD")
    assert player.params == {"own_depth": 0, "opp_depth": 2, "table": "CCCD", "opening": "CC"}
    assert player.depth == 2
    assert player.clone() == player
    spec = "Lookup Table(own_depth=0, opp_depth=2, table='CCCD', opening='CC')"
    assert REGISTRY.create(spec) == player
    assert not player.is_stochastic()
    assert player.axelrod_name() is None  # the library's LookerUp also keys on openings


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"table": "CDC"}, "table needs"),
        ({"table": "CDCDC"}, "table needs"),
        ({"own_depth": 0, "opp_depth": 1, "table": "CDCD"}, "table needs"),
        ({"own_depth": 0, "opp_depth": 0, "table": "C"}, "depth"),
        ({"own_depth": -1, "opp_depth": 1, "table": "CD"}, "depth"),
        ({"own_depth": 9, "opp_depth": 9, "table": "C"}, "depth"),
        ({"own_depth": 2, "opp_depth": 2, "table": "C" * 16}, "opening"),
        ({"opening": ""}, "opening"),
    ],
)
def test_lookup_table_bad_parameters(kwargs, message):
    with pytest.raises(ValueError, match=message):
        LookupTable(**kwargs)


def test_lookup_table_non_cd_table_is_refused():
    with pytest.raises(ValueError):
        LookupTable(table="CDXC")


def test_lookup_table_non_cd_table_message_names_the_parameter():
    with pytest.raises(ValueError, match="table"):
        LookupTable(table="CDXC")


# -- Finite State Machine ----------------------------------------------------------------------


def test_fsm_default_is_tit_for_tat():
    _same_play("Finite State Machine", "Tit For Tat")
    assert plays("FSM", "DDCCDC") == "CDDCCD"


def test_fsm_grudger_plays_like_grudger():
    grudger = FiniteStateMachine(GRUDGER_FSM, initial_state=1, initial_move="C")
    _same_play(grudger, "Grudger", turns=100)
    assert plays(grudger, "CCDCCC") == "CCCDDD"
    versus(grudger, "Alternator", "CC CD DC DD DC")


def test_fsm_expected_play():
    # two-state "defect every other time after a defection" machine
    machine = FiniteStateMachine(
        ((1, "C", 1, "C"), (1, "D", 2, "D"), (2, "C", 1, "C"), (2, "D", 1, "C")),
        initial_move="D",
    )
    # D first; in 1 after D -> 2, D; in 2 after anything -> 1, C
    assert plays(machine, "DDDDCDC") == "DDCDCCD"
    versus(machine, "Defector", "DD DD CD DD CD")
    # starting in another state
    start2 = FiniteStateMachine(GRUDGER_FSM, initial_state=2)
    assert plays(start2, "CCCC") == "CDDD"


FSM_MACHINES = [
    (((1, "C", 1, "C"), (1, "D", 1, "D")), 1, "C"),
    (GRUDGER_FSM, 1, "C"),
    (GRUDGER_FSM, 2, "D"),
    # the Axelrod library's Fortress3 and Ripoff machines
    (
        (
            (1, "C", 1, "D"),
            (1, "D", 2, "D"),
            (2, "C", 1, "D"),
            (2, "D", 3, "C"),
            (3, "C", 3, "C"),
            (3, "D", 1, "D"),
        ),
        1,
        "D",
    ),
    (
        (
            (1, "C", 2, "C"),
            (1, "D", 3, "C"),
            (2, "C", 1, "D"),
            (2, "D", 3, "C"),
            (3, "C", 3, "C"),
            (3, "D", 3, "D"),
        ),
        1,
        "D",
    ),
    # non-contiguous state labels, rows out of order
    (((7, "D", 0, "C"), (0, "C", 7, "D"), (0, "D", 0, "C"), (7, "C", 7, "C")), 0, "C"),
]


@pytest.mark.parametrize(("transitions", "state", "move"), FSM_MACHINES)
def test_fsm_agrees_with_axelrod(transitions, state, move):
    ours = FiniteStateMachine(transitions, initial_state=state, initial_move=move)
    for opponent, make_opponent in OPPONENTS.items():
        theirs = axl.FSMPlayer(_actions(transitions), state, axl.Action.from_char(move))
        assert play_match(ours, opponent, turns=100, seed=0).history() == _axelrod_moves(
            theirs, make_opponent(), 100
        ), opponent


@pytest.mark.parametrize(("transitions", "state", "move"), FSM_MACHINES)
def test_fsm_batches(transitions, state, move):
    _check_batch_matches_single(
        FiniteStateMachine(transitions, initial_state=state, initial_move=move)
    )


def test_fsm_axelrod_names():
    assert FiniteStateMachine().axelrod_name() == str(axl.FSMPlayer())
    grudger = FiniteStateMachine(GRUDGER_FSM, initial_state=1, initial_move="C")
    assert grudger.axelrod_name() == str(axl.FSMPlayer(_actions(GRUDGER_FSM), 1, C))
    fortress = FSM_MACHINES[3]
    assert FiniteStateMachine(*fortress).axelrod_name() == str(
        axl.FSMPlayer(_actions(fortress[0]), 1, D)
    )


def test_fsm_parameters():
    machine = FiniteStateMachine([[1, "c", 1, "c"], [1, "d", 1, "d"]], initial_move="c")
    assert machine == FiniteStateMachine()
    assert machine.params["transitions"] == ((1, "C", 1, "C"), (1, "D", 1, "D"))
    assert not machine.is_stochastic()
    grudger = FiniteStateMachine(GRUDGER_FSM)
    assert grudger.clone() == grudger
    assert REGISTRY.create(f"Finite State Machine(transitions={GRUDGER_FSM!r})") == grudger


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"transitions": ((1, "C", 1, "C"),)}, "no transition for state 1 after 'D'"),
        ({"transitions": ((1, "C", 2, "C"), (1, "D", 1, "D"))}, "unknown state 2"),
        ({"transitions": GRUDGER_FSM[:3]}, "no transition for state 2 after 'D'"),
        ({"initial_state": 3}, "initial_state"),
        ({"transitions": ((1, "C", 1, "C"), (1, "D", 1))}, "transition"),
        ({"transitions": ()}, "transition"),
        (
            {"transitions": ((1, "C", 1, "C"), (1, "C", 1, "D"), (1, "D", 1, "D"))},
            "two transitions",
        ),
        ({"transitions": ((1, "C", 1, "C"), (1, "D", 1, "X"))}, "move"),
        ({"initial_move": "X"}, "move"),
    ],
)
def test_fsm_bad_parameters(kwargs, message):
    with pytest.raises(ValueError, match=message):
        FiniteStateMachine(**kwargs)
