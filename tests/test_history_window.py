"""A sliding window of the history plays exactly the moves the whole history does.

Every native strategy that declares a ``history_window`` is played against a mixed field
twice: with the whole history kept, and with a window compacted every few turns (so the
strategy sees only its last ``history_window`` turns, and its turn number only through
``self.t``). Every match's outcome counts must be identical.
"""

from __future__ import annotations

import numpy as np
import pytest

from strategies import REGISTRY
from tournament.core.engine import history_window_of, play_batch
from tournament.core.games import get_game
from tournament.core.history import History

#: Opponents of every kind: deterministic, random, reactive, with long memories.
OPPONENTS = ["Random", "Tit For Tat", "Alternator", "Grudger", "Cycler", "Win-Stay Lose-Shift"]


def _windowed_names() -> list[str]:
    names = []
    for cls in REGISTRY:
        player = cls()
        if player.history_window is not None and cls.family not in {"student", "adapted"}:
            names.append(cls.name)
    return sorted(names)


def _play(names: list[str], *, windowed: bool, noise: float, turns: int, seed: int):
    players = [REGISTRY.create(n) for n in names]
    focus = 0
    seats = np.array(
        [[focus, j] for j in range(len(players))] + [[j, focus] for j in range(1, len(players))]
    )
    lengths = np.full(len(seats), turns)
    if not windowed:
        return play_batch(players, seats, lengths, get_game("classic").payoffs, noise,
                          np.random.SeedSequence(seed), length=turns)  # fmt: skip
    return play_batch(players, seats, lengths, get_game("classic").payoffs, noise,
                      np.random.SeedSequence(seed), length=turns, history_bytes=1,
                      segment=3)  # fmt: skip


WINDOWED = _windowed_names()


def test_most_native_strategies_declare_a_window():
    assert len(WINDOWED) >= 10


@pytest.mark.parametrize("name", WINDOWED)
def test_window_plays_the_moves_of_the_whole_history(name):
    # the widest window in the batch is the strategy's own (opponents read one turn or
    # are the strategy itself), so reading past it would show
    names = [
        name,
        *[o for o in OPPONENTS if history_window_of(REGISTRY.create(o)) is not None],
        name,
    ]
    for noise, seed in ((0.0, 1), (0.05, 2)):
        whole = _play(names, windowed=False, noise=noise, turns=230, seed=seed)
        window = _play(names, windowed=True, noise=noise, turns=230, seed=seed)
        assert window.outcomes.tolist() == whole.outcomes.tolist(), f"noise {noise}"


def test_history_keeps_a_window_only_when_the_whole_would_not_fit():
    lengths = np.full(4, 1000)
    assert History(1000, lengths, 5, 10).windowed
    assert History(1000, lengths, 5, 10).own.shape == (15, 4)
    assert not History(1000, lengths, None, 10).windowed
    assert History(1000, lengths, None, 10).own.shape == (1000, 4)
    assert History.nbytes(4, 1000, 5, 10) == 2 * 4 * 15


def test_a_batch_with_a_whole_history_reader_keeps_the_whole_history_or_refuses():
    from strategies.errors import IPDError

    players = [REGISTRY.create("Tit For Tat"), REGISTRY.create("axelrod:Cycle Hunter")]
    seats = np.array([[0, 1]])
    with pytest.raises(IPDError, match="Cycle Hunter.*reads the whole history"):
        play_batch(players, seats, np.array([500]), get_game("classic").payoffs, 0.0,
                   np.random.SeedSequence(1), history_bytes=100)  # fmt: skip
    # the batch's window is the widest of the players in it, whatever their order
    wide = [
        REGISTRY.create("Tit For Tat"),
        REGISTRY.create("Calculator"),
        REGISTRY.create("Cycler"),
    ]
    seats = np.array([[2, 1], [1, 0]])
    whole = play_batch(wide, seats, np.array([300, 300]), get_game("classic").payoffs, 0.05,
                       np.random.SeedSequence(4))  # fmt: skip
    window = play_batch(wide, seats, np.array([300, 300]), get_game("classic").payoffs, 0.05,
                        np.random.SeedSequence(4), history_bytes=1, segment=2)  # fmt: skip
    assert window.outcomes.tolist() == whole.outcomes.tolist()
