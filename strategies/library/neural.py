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
    values = np.maximum(pre, 0.0)
    truncated = pre[:, 0] < 0.0
    values[truncated] = np.trunc(values[truncated])
    return values @ output


class _NeuralNetwork(Strategy, abstract=True):
    """A trained network of the library's data file ``ann_weights.csv`` (row ``name``).

    Per match it keeps the four running counts (own and opponent cooperations and
    defections), updated from the last turn; the other features are read from the first
    two and last two columns, so a turn costs the same whatever its number.
    """

    family = "evolved"
    memory_depth = None

    def __init__(self) -> None:
        super().__init__()
        num_features, num_hidden, weights = ann_weights()[self.name]
        if num_features != NUM_FEATURES:
            raise ValueError(f"{self.name}: expected {NUM_FEATURES} features, got {num_features}")
        self._hidden, self._output, self._bias = split_weights(weights, num_features, num_hidden)
        self.set_params()

    def reset(self, n: int, rng: np.random.Generator, payoff: np.ndarray) -> None:
        super().reset(n, rng, payoff)
        # opponent C, opponent D, own C, own D: the features' order
        self._counts = np.zeros((n, 4), dtype=np.float64)

    def _features(self, own: np.ndarray, opp: np.ndarray) -> np.ndarray:
        k, t = own.shape
        x = np.zeros((k, NUM_FEATURES), dtype=np.float64)
        if t >= 1:
            counts = self._counts[:k]
            counts[:, 0] += opp[:, -1] == 0
            counts[:, 1] += opp[:, -1]
            counts[:, 2] += own[:, -1] == 0
            counts[:, 3] += own[:, -1]
            x[:, 12:16] = counts
            # pairs of one-hot features: (is C, is D)
            columns = [(0, opp[:, 0]), (4, own[:, -1]), (8, opp[:, -1])]
            if t >= 2:
                columns += [(2, opp[:, 1]), (6, own[:, -2]), (10, opp[:, -2])]
            for at, moves in columns:
                x[:, at] = moves == 0
                x[:, at + 1] = moves
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
