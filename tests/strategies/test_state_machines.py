"""Tests of strategies/library/state_machines.py: the published and evolved finite-state
machines play exactly the Axelrod library's moves (length told or hidden, with noise, in
batches whose matches end at different times); the hidden Markov models agree with the
library in distribution; the data files hold the library's numbers; expected play,
naming, metadata and parameters."""

from __future__ import annotations

import tomllib
from importlib import resources

import axelrod as axl
import numpy as np
import pytest

from strategies import REGISTRY
from strategies.library.state_machines import (
    TF1,
    TF2,
    TF3,
    EvolvedFSM4,
    EvolvedFSM6,
    EvolvedFSM16,
    EvolvedFSM16Noise05,
    EvolvedHMM5,
    Fortress3,
    Fortress4,
    HiddenMarkovModel,
    Predator,
    Pun1,
    Raider,
    Ripoff,
    SolutionB1,
    SolutionB5,
    Thumper,
    UsuallyCooperates,
    UsuallyDefects,
)
from tests.axelrod_helpers import (
    assert_same_moves_in_a_noisy_shrinking_batch,
    axelrod_moves,
    library_opponents,
)
from tests.strategy_helpers import plays, versus
from tournament.agreement.library import compare_stochastic
from tournament.core.match import play_match

AC, AD = axl.Action.C, axl.Action.D

# our class -> the Axelrod-library class (all deterministic)
MACHINES = {
    EvolvedFSM16: axl.EvolvedFSM16,
    EvolvedFSM16Noise05: axl.EvolvedFSM16Noise05,
    EvolvedFSM4: axl.EvolvedFSM4,
    EvolvedFSM6: axl.EvolvedFSM6,
    Fortress3: axl.Fortress3,
    Fortress4: axl.Fortress4,
    Predator: axl.Predator,
    Pun1: axl.Pun1,
    Raider: axl.Raider,
    Ripoff: axl.Ripoff,
    SolutionB1: axl.SolutionB1,
    SolutionB5: axl.SolutionB5,
    TF1: axl.TF1,
    TF2: axl.TF2,
    TF3: axl.TF3,
    Thumper: axl.Thumper,
    UsuallyCooperates: axl.UsuallyCooperates,
    UsuallyDefects: axl.UsuallyDefects,
}
NAMES = {cls.name: theirs for cls, theirs in MACHINES.items()}

OPPONENTS = library_opponents(
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
)


# -- expected play ---------------------------------------------------------------------


def test_fortresses_wait_for_a_password():
    # Fortress3 defects until two defections in a row, then cooperates while answered
    assert plays("Fortress3", "CCDDCCCD") == "DDDDCCCC"
    versus("Fortress3", "Cooperator", "DC " * 6)
    versus("Fortress3", "Defector", "DD DD CD DD DD CD")
    # Fortress4 wants three defections in a row
    assert plays("Fortress4", "DDDCCD") == "DDDCCC"
    versus("Fortress4", "Defector", "DD DD DD CD DD DD DD CD")


def test_predator_preys_on_cooperators():
    versus("Predator", "Cooperator", "CC" + " DC" * 8)
    versus("Predator", "Tit For Tat", "CC DC DD DD DD CD DC CD DC DD DD DD")


def test_pun1_answers_every_other_defection():
    versus("Pun1", "Defector", "DD CD DD CD DD CD")
    versus("Pun1", "Cooperator", "DC" + " CC" * 5)


def test_raider_and_ripoff_exploit_cooperators_until_punished():
    versus("Raider", "Cooperator", "DC " * 6)
    versus("Raider", "Tit For Tat", "DC DD CD CC CC CC")
    versus("Ripoff", "Cooperator", "DC CC DC CC DC CC")
    versus("Ripoff", "Tit For Tat", "DC CD CC CC CC")


def test_thumper_hits_twice():
    versus("Thumper", "Tit For Tat", "CC " * 6)
    assert plays("Thumper", "CDCCCDDCC") == "CCDDCCDDC"


def test_usually_cooperates_and_usually_defects():
    versus("UsuallyCooperates", "Defector", "CD " * 6)
    versus("UsuallyCooperates", "Alternator", "CC CD CC DD CC DD")
    versus("UsuallyDefects", "Cooperator", "DC " * 6)
    versus("UsuallyDefects", "Alternator", "DC DD CC DD CC DD")


def test_solutions_b1_and_b5():
    # B1 answers the opponent's first cooperation with a last defection, then cooperates
    assert plays("SolutionB1", "DDCDDCC") == "DDDDCCC"
    versus("SolutionB1", "Defector", "DD " * 6)
    versus("SolutionB5", "Cooperator", "DC" + " CC" * 5)


def test_evolved_machines_cooperate_with_tit_for_tat():
    for name in ("Evolved FSM 4", "Evolved FSM 6", "Evolved FSM 16", "Evolved FSM 16 Noise 05"):
        versus(name, "Tit For Tat", "CC " * 10)
    versus("Evolved FSM 16 Noise 05", "Defector", "CD" + " DD" * 9)
    versus("Evolved FSM 4", "Defector", "CD DD CD CD DD CD CD")


def test_moran_trained_machines():
    versus("TF1", "Cooperator", "CC CC DC CC DC DC CC CC")
    versus("TF2", "Tit For Tat", "CC DC CD DC DD DD DD DD")
    versus("TF3", "Defector", "CD CD DD DD DD DD")


def test_evolved_hmm_5():
    # against cooperators it stays in a state that always cooperates
    versus("Evolved HMM 5", "Cooperator", "CC " * 20)
    versus("Evolved HMM 5", "Tit For Tat", "CC " * 20)
    # after a first defection it defects back (state 0 then 1: emission 1 then 0)
    assert plays("Evolved HMM 5", "DD") == "CC"
    assert plays("Evolved HMM 5", "DDD") == "CCD"


# -- exact agreement with the Axelrod library -----------------------------------------------


@pytest.mark.parametrize("ours", list(NAMES))
def test_matches_axelrod_library(ours):
    for opponent, make in OPPONENTS.items():
        expected = axelrod_moves(NAMES[ours](), make(), 200)
        assert play_match(ours, opponent, turns=200).history() == expected, opponent


@pytest.mark.parametrize("ours", list(NAMES))
def test_matches_axelrod_library_among_themselves(ours):
    for opponent, theirs in NAMES.items():
        expected = axelrod_moves(NAMES[ours](), theirs(), 200)
        assert play_match(ours, opponent, turns=200).history() == expected, opponent


@pytest.mark.parametrize("ours", list(NAMES))
def test_matches_axelrod_library_with_the_length_hidden(ours):
    for opponent in ("Tit For Tat", "Alternator", "Gradual", "Davis", "Hard Prober"):
        expected = axelrod_moves(NAMES[ours](), OPPONENTS[opponent](), 200, length=-1)
        got = play_match(ours, opponent, turns=200, hide_length=True).history()
        assert got == expected, opponent


@pytest.mark.parametrize("ours", list(NAMES))
def test_matches_axelrod_library_with_noise_in_a_shrinking_batch(ours):
    assert_same_moves_in_a_noisy_shrinking_batch(ours, NAMES[ours], max_density=0.6, seed=7)


def test_a_deterministic_hmm_plays_exactly_as_the_library():
    # two hidden states: "the opponent cooperated last" (emits C) and "defected" (emits D)
    c_rows, d_rows, emissions = [[1, 0], [1, 0]], [[0, 1], [0, 1]], [1, 0]
    spec = f"Hidden Markov Model({c_rows}, {d_rows}, {emissions}, 0, 'D')"
    assert not REGISTRY.create(spec).is_stochastic()
    for opponent, make in OPPONENTS.items():
        theirs = axl.HMMPlayer(c_rows, d_rows, emissions, 0, AD)
        assert play_match(spec, opponent).history() == axelrod_moves(theirs, make()), opponent


# -- stochastic ---------------------------------------------------------------------------------


def test_evolved_hmm_5_scores_as_in_the_library():
    for check in compare_stochastic("Evolved HMM 5"):
        assert check.agrees, check


def _library_cooperation(make, opponent, turns: int, seeds: range) -> float:
    rates = []
    for seed in seeds:
        interactions = axl.Match((make(), opponent()), turns=turns, seed=seed).play()
        rates.append([a for a, _ in interactions].count(AC) / turns)
    return float(np.mean(rates))


def test_a_stochastic_hmm_cooperates_as_much_as_in_the_library():
    c_rows = [[0.5, 0.5, 0.0], [0.0, 0.2, 0.8], [1.0, 0.0, 0.0]]
    d_rows = [[0.0, 0.3, 0.7], [0.6, 0.0, 0.4], [0.1, 0.1, 0.8]]
    emissions = [0.9, 0.4, 0.0]
    spec = f"HMM({c_rows}, {d_rows}, {emissions}, 1, 'C')"
    turns, seeds = 100, range(60)
    ours = np.mean(
        [play_match(spec, "Alternator", turns=turns, seed=s).cooperation[0] for s in seeds]
    )
    theirs = _library_cooperation(
        lambda: axl.HMMPlayer(c_rows, d_rows, emissions, 1, AC), axl.Alternator, turns, seeds
    )
    assert abs(ours - theirs) < 0.03


def test_the_default_hmm_is_a_coin():
    rate = np.mean(
        [
            play_match("Hidden Markov Model", "Defector", turns=200, seed=s).cooperation[0]
            for s in range(20)
        ]
    )
    assert abs(rate - (1 + 199 * 0.5) / 200) < 0.02


@pytest.mark.parametrize("name", ["Evolved HMM 5", "Hidden Markov Model"])
def test_same_seed_same_moves(name):
    a = play_match(name, "Defector", turns=100, seed=5).history()
    assert a == play_match(name, "Defector", turns=100, seed=5).history()
    assert a != play_match(name, "Defector", turns=100, seed=6).history()


# -- the data files hold the library's numbers ------------------------------------------------


def _data(file: str) -> dict:
    text = resources.files("strategies").joinpath("data", file).read_text(encoding="utf-8")
    return tomllib.loads(text)


def test_state_machine_data_are_the_library_machines():
    data = _data("state_machines.toml")
    assert set(data) == {theirs.__name__ for theirs in MACHINES.values()}
    for key, table in data.items():
        theirs = getattr(axl, key)()
        rows = {
            (s, AC if o == "C" else AD): (n, AC if m == "C" else AD)
            for s, o, n, m in table["transitions"]
        }
        assert rows == theirs.fsm.state_transitions, key
        assert table["initial_state"] == theirs.initial_state, key
        assert table["initial_move"] == str(theirs.initial_action), key


def test_hidden_markov_data_are_the_library_model():
    table = _data("hidden_markov.toml")["EvolvedHMM5"]
    theirs = axl.EvolvedHMM5()
    assert table["transitions_C"] == theirs.hmm.transitions_C
    assert table["transitions_D"] == theirs.hmm.transitions_D
    assert table["emission_probabilities"] == theirs.hmm.emission_probabilities
    assert table["initial_state"] == theirs.initial_state
    assert table["initial_move"] == str(theirs.initial_action)


def test_machines_are_read_at_first_use_not_at_import():
    import subprocess
    import sys

    code = (
        "import sys, strategies.library.state_machines as m; "
        "assert m._data_file.cache_info().currsize == 0; "
        "assert 'axelrod' not in sys.modules; "
        "m.Fortress3(); assert m._data_file.cache_info().currsize == 1"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


# -- naming, metadata and parameters ---------------------------------------------------------


ALL = {**MACHINES, EvolvedHMM5: axl.EvolvedHMM5}


@pytest.mark.parametrize("ours", list(ALL), ids=lambda c: c.name)
def test_axelrod_name_and_metadata_follow_the_library(ours):
    theirs = ALL[ours]()
    assert ours().axelrod_name() == str(theirs) == ours.name
    depth = axl.Classifiers["memory_depth"](theirs)
    assert ours.memory_depth == (None if depth == float("inf") else depth)
    assert ours().is_stochastic() == ours.stochastic == axl.Classifiers["stochastic"](theirs)
    assert ours.makes_use_of == frozenset(axl.Classifiers["makes_use_of"](theirs))
    assert ours.long_run_time == axl.Classifiers["long_run_time"](theirs)
    assert ours().params == {}


def test_families_and_aliases():
    assert {cls.family for cls in MACHINES} == {"evolved", "forgiving", "punishing", "defecting"}
    assert Thumper.family == "punishing" and UsuallyDefects.family == "defecting"
    assert EvolvedHMM5.family == "evolved" and HiddenMarkovModel.family == "generic"
    assert REGISTRY.get_class("Fortress 3") is Fortress3
    assert REGISTRY.get_class("usually cooperates") is UsuallyCooperates
    assert REGISTRY.get_class("HMM") is HiddenMarkovModel


def test_hmm_names():
    assert HiddenMarkovModel().axelrod_name() == str(axl.HMMPlayer()) == "HMM Player: 0, C"
    model = HiddenMarkovModel([[1, 0], [0.5, 0.5]], [[0, 1], [0, 1]], [1, 0.25], 1, "D")
    theirs = axl.HMMPlayer([[1, 0], [0.5, 0.5]], [[0, 1], [0, 1]], [1, 0.25], 1, AD)
    assert model.axelrod_name() == str(theirs)
    assert model.label.startswith("Hidden Markov Model(transitions_C=((1, 0), (0.5, 0.5))")
    assert model.is_stochastic()
    assert not HiddenMarkovModel([[1.0]], [[1.0]], [0.0]).is_stochastic()


@pytest.mark.parametrize(
    "build, message",
    [
        (lambda: HiddenMarkovModel(emission_probabilities=()), "one probability per state"),
        (lambda: HiddenMarkovModel(emission_probabilities=(1.5,)), r"must be in \[0, 1\]"),
        (lambda: HiddenMarkovModel(transitions_C=((0.5, 0.5),)), "must be a 1x1 matrix"),
        (
            lambda: HiddenMarkovModel(((0.5, 0.4), (1, 0)), ((1, 0), (1, 0)), (1, 0)),
            "each row of transitions_C must sum to 1: row 0",
        ),
        (
            lambda: HiddenMarkovModel(((1, 0), (1, 0)), ((1.5, -0.5), (1, 0)), (1, 0)),
            "transitions_D must hold probabilities",
        ),
        (lambda: HiddenMarkovModel(initial_state=1), r"initial_state must be a state in 0\.\.0"),
        (lambda: HiddenMarkovModel(initial_state=-1), "initial_state must be an integer >= 0"),
        (lambda: HiddenMarkovModel(initial_move="X"), "'X' is not a move"),
        (lambda: HiddenMarkovModel(transitions_D="ab"), "transitions_D must be a square"),
    ],
)
def test_bad_hmm_parameters(build, message):
    with pytest.raises(ValueError, match=message):
        build()


def test_published_machines_take_no_parameters():
    with pytest.raises(Exception, match="parameter"):
        REGISTRY.create("Fortress3(initial_move='C')")
    with pytest.raises(Exception, match="parameter"):
        REGISTRY.create("Evolved HMM 5(0)")
