"""Tests of strategies/neural.py: the Axelrod library's trained neural networks play
exactly its moves (length told and hidden, with noise in batches whose matches end at
different turns), expected play, the library's ReLU rounding quirk, metadata."""

from __future__ import annotations

import axelrod as axl
import numpy as np
import pytest
from axelrod.strategies.ann import activate

from strategies.library.neural import (
    EvolvedANN,
    ann_weights,
    network_output,
    split_weights,
)
from tests.axelrod_helpers import assert_same_moves_in_a_noisy_shrinking_batch
from tests.strategies._library_exactness import (
    OPPONENT_SPECS,
    assert_metadata,
    assert_same_moves,
    opponents,
)
from tests.strategy_helpers import versus

DETERMINISTIC = {
    "Evolved ANN": axl.EvolvedANN,
    "Evolved ANN 5": axl.EvolvedANN5,
    "Evolved ANN 5 Noise 05": axl.EvolvedANNNoise05,
}
OPPONENTS = opponents()


def test_evolved_ann():
    versus("Evolved ANN", "Cooperator", "CC " * 8)
    versus("Evolved ANN", "Defector", "CD" + " DD" * 7)
    versus("Evolved ANN", "Suspicious Tit For Tat", "CD DC CD CC CC CC")


def test_evolved_ann_5():
    versus("Evolved ANN 5", "Tit For Tat", "CC " * 8)
    versus("Evolved ANN 5", "Suspicious Tit For Tat", "CD DC DD CD CC CC CC")


def test_evolved_ann_noise_05_keeps_offering_cooperation():
    versus("Evolved ANN 5 Noise 05", "Defector", "CD DD DD CD CD CD CD CD CD DD")
    versus("Evolved ANN 5 Noise 05", "Alternator", "CC CD DC CD CC CD CC CD")


def test_relu_truncates_when_the_first_hidden_input_is_negative():
    """The library's ``np.vectorize(lambda x: max(x, 0))`` takes its type from the first
    element: a negative first input makes every hidden value an integer."""
    hidden = np.array([[1.0], [1.0]])
    output = np.array([1.0, 1.0])
    features = np.array([[1.0]])
    # hidden inputs (-1, 1.75): ReLU gives (0, 1.75), truncated to (0, 1)
    assert network_output(features, hidden, output, np.array([-2.0, 0.75]))[0] == 1.0
    assert network_output(features, hidden, output, np.array([0.5, 0.75]))[0] == 3.25
    library = activate(np.array([-2.0, 0.75]), hidden, output, features[0])
    assert library == 1.0


@pytest.mark.parametrize("ours", list(DETERMINISTIC))
@pytest.mark.parametrize("opponent", OPPONENT_SPECS)
@pytest.mark.parametrize("hidden", [False, True], ids=["told", "hidden"])
def test_matches_axelrod_library(ours, opponent, hidden):
    assert_same_moves(ours, DETERMINISTIC[ours], opponent, OPPONENTS[opponent], hidden)


@pytest.mark.parametrize("ours", list(DETERMINISTIC))
@pytest.mark.parametrize(
    "opponent, theirs",
    [
        *DETERMINISTIC.items(),
        ("EvolvedLookerUp2_2_2", axl.EvolvedLookerUp2_2_2),
        ("Winner21", axl.Winner21),
        ("MEM2", axl.MEM2),
        ("AON2", axl.AON2),
    ],
)
def test_matches_axelrod_library_among_data_driven_strategies(ours, opponent, theirs):
    assert_same_moves(ours, DETERMINISTIC[ours], opponent, theirs, False)


@pytest.mark.parametrize("ours", list(DETERMINISTIC))
def test_matches_axelrod_library_with_noise_in_a_shrinking_batch(ours):
    assert_same_moves_in_a_noisy_shrinking_batch(ours, DETERMINISTIC[ours], max_density=0.6)


@pytest.mark.parametrize("ours", list(DETERMINISTIC))
def test_metadata_equals_the_library_classifier(ours):
    assert_metadata(ours, DETERMINISTIC[ours]())


def test_weights_are_the_librarys():
    player = axl.EvolvedANN()
    features, hidden, weights = ann_weights()["Evolved ANN"]
    assert (features, hidden) == (17, 10)
    i2h, h2o, bias = split_weights(weights, features, hidden)
    assert np.array_equal(i2h, player.input_to_hidden_layer_weights)
    assert np.array_equal(h2o, player.hidden_to_output_layer_weights)
    assert np.array_equal(bias, player.bias_weights)
    assert EvolvedANN().family == "evolved"


def test_bad_weights():
    with pytest.raises(ValueError, match="needs 38 weights, got 3"):
        split_weights((1.0, 2.0, 3.0), 17, 2)
