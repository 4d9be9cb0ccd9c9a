"""Neural-network strategies of the Axelrod library (Martin Jones's ANN): a single
hidden layer with ReLU activation over 17 features of the history; cooperate when the
output is positive. The published instances' weights are read, at first use, from the
installed Axelrod package's ``data/ann_weights.csv`` (located without importing it)."""

from __future__ import annotations

import csv
import functools
import importlib.util
from pathlib import Path

import numpy as np

from strategies.base import Strategy

__all__ = [
    "NUM_FEATURES",
    "EvolvedANN",
    "EvolvedANN5",
    "EvolvedANNNoise05",
    "ann_weights",
    "network_output",
    "split_weights",
]

_U8 = np.uint8

#: The library's features: opponent's first move is C, is D; its second move is C, is D;
#: own previous move C, D; own move before that C, D; opponent's previous move C, D;
#: its move before that C, D (all 0 while the move does not exist yet); then the
#: opponent's cooperations and defections so far, own cooperations and defections, and
#: the number of turns played.
NUM_FEATURES = 17


def _axelrod_data_file(filename: str) -> Path:
    spec = importlib.util.find_spec("axelrod")
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError(
            f"the Axelrod library is not installed: its data file {filename!r} holds "
            "this strategy's published weights"
        )
    return Path(next(iter(spec.submodule_search_locations))) / "data" / filename


@functools.cache
def ann_weights() -> dict[str, tuple[int, int, tuple[float, ...]]]:
    """The library's trained networks: name -> (features, hidden units, weights)."""
    networks = {}
    with _axelrod_data_file("ann_weights.csv").open(newline="", encoding="utf-8") as handle:
        for row in csv.reader(handle):
            if not row or row[0].startswith("#"):
                continue
            cells = [c.strip() for c in row]
            networks[cells[0]] = (int(cells[1]), int(cells[2]), tuple(map(float, cells[3:])))
    return networks


def split_weights(
    weights: tuple[float, ...], num_features: int, num_hidden: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The library's layout of a weight vector: input-to-hidden weights ``(hidden,
    features)`` row by row, then hidden-to-output ``(hidden,)``, then the hidden biases."""
    expected = num_hidden * (num_features + 2)
    if len(weights) != expected:
        raise ValueError(
            f"a network of {num_features} features and {num_hidden} hidden units needs "
            f"{expected} weights, got {len(weights)}"
        )
    w = np.asarray(weights, dtype=np.float64)
    cut = num_features * num_hidden
    return (
        w[:cut].reshape(num_hidden, num_features),
        w[cut : cut + num_hidden],
        w[cut + num_hidden :],
    )


def network_output(
    features: np.ndarray, hidden: np.ndarray, output: np.ndarray, bias: np.ndarray
) -> np.ndarray:
    """``relu(features @ hidden.T + bias) @ output`` for each row of ``features``, with
    the library's rounding quirk.

    The library applies ReLU with ``np.vectorize(lambda x: max(x, 0))``, which takes
    its output type from the first element: when the first hidden unit's input is
    negative, ``max`` returns the integer 0 and every hidden value is then truncated
    to an integer. Reproduced here, row by row, to play exactly the library's moves.
    """
    pre = features @ hidden.T + bias
    truncated = pre[:, :1] < 0.0
    values = np.maximum(pre, 0.0, out=pre)
    np.trunc(values, out=values, where=truncated)
    return values @ output


class _NeuralNetwork(Strategy, abstract=True):
    """A trained network of the library's data file ``ann_weights.csv`` (row ``name``).

    Per match it keeps its features from one turn to the next: the opponent's first two
    moves are set once, the previous moves become the ones before and the last turn's
    the previous ones, the four running counts (own and opponent cooperations and
    defections) grow by the last turn; so a turn costs the same whatever its number.
    """

    family = "evolved"
    memory_depth = None
    history_window = 1

    def __init__(self) -> None:
        super().__init__()
        num_features, num_hidden, weights = ann_weights()[self.name]
        if num_features != NUM_FEATURES:
            raise ValueError(f"{self.name}: expected {NUM_FEATURES} features, got {num_features}")
        self._hidden, self._output, self._bias = split_weights(weights, num_features, num_hidden)
        self.set_params()

    def reset(self, n: int, rng: np.random.Generator, payoff: np.ndarray) -> None:
        super().reset(n, rng, payoff)
        self._x = np.zeros((n, NUM_FEATURES), dtype=np.float64)  # the features, kept

    def _features(self, own: np.ndarray, opp: np.ndarray) -> np.ndarray:
        k, t = own.shape[0], self.t
        x = self._x[:k]
        if t >= 1:
            # pairs of one-hot features: is C (an even column), is D (the next one)
            if t <= 2:  # the opponent's first two moves, set once, when they are the last
                x[:, 2 * t - 2], x[:, 2 * t - 1] = 1 - opp[:, -1], opp[:, -1]
            # (player, previous move or the one before, C or D): the previous moves
            # become the ones before, then the last moves are the previous ones
            pairs = x[:, 4:12].reshape(k, 2, 2, 2)
            pairs[:, :, 1] = pairs[:, :, 0]
            x[:, 5], x[:, 9] = own[:, -1], opp[:, -1]
            x[:, 4:9:4] = 1 - x[:, 5:10:4]
            # the counts of the opponent's Cs and Ds, own Cs and Ds
            x[:, 13:16:2] += x[:, 9:4:-4]
            np.subtract(t, x[:, 13:16:2], out=x[:, 12:16:2])
        x[:, 16] = t
        return x

    def step(self, own: np.ndarray, opp: np.ndarray) -> np.ndarray:
        out = network_output(self._features(own, opp), self._hidden, self._output, self._bias)
        return (out <= 0.0).astype(_U8)  # cooperate when the output is positive

    def axelrod_name(self) -> str | None:
        return self.name


class EvolvedANN(_NeuralNetwork):
    """Evolved ANN (Martin Jones; Axelrod library, trained with axelrod-dojo 0.0.8,
    training data doi.org/10.5281/zenodo.1306926): a network of 10 hidden units over the
    17 history features (the opponent's first two moves, both players' last two moves,
    cooperation and defection counts, turn number)."""

    name = "Evolved ANN"


class EvolvedANN5(_NeuralNetwork):
    """Evolved ANN 5 (Marc Harper; Axelrod library, axelrod-dojo 0.0.8, training data
    doi.org/10.5281/zenodo.1306931): as Evolved ANN with 5 hidden units."""

    name = "Evolved ANN 5"


class EvolvedANNNoise05(_NeuralNetwork):
    """Evolved ANN 5 Noise 05 (Marc Harper; Axelrod library, training data
    doi.org/10.5281/zenodo.1314247): 5 hidden units, trained in matches with 5% noise."""

    name = "Evolved ANN 5 Noise 05"
