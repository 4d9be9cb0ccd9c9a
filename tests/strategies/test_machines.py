"""Tests of finite-state machines played together (strategies.machines): a batch's
machines as one engine group make the same moves as each machine stepping by itself."""

from __future__ import annotations

import numpy as np
import pytest

from strategies import REGISTRY
from strategies.generic import plays_as_machine
from strategies.machines import MachineGroup
from tournament.core.engine import _group_keys, play_batch
from tournament.core.games import get_game

PD = get_game("classic").payoffs
#: Machines of different sizes and first moves, and two players that are not machines.
FIELD = [
    "Evolved FSM 16",
    "Fortress3",
    "Predator",
    "Raider",
    "TF1",
    "UsuallyDefects",
    "Finite State Machine",
    "Tit For Tat",
    "Random",
]


def _play(lengths, noise, groups):
    players = [REGISTRY.create(name) for name in FIELD]
    m = len(players)
    pairs = np.array([(i, j) for i in range(m) for j in range(i, m)] * 2)
    lengths = np.resize(lengths, len(pairs))
    out = play_batch(
        players, pairs, lengths, PD, noise, np.random.SeedSequence(8), True, 60, groups=groups
    )
    return players, lengths, out


@pytest.mark.parametrize(
    "lengths, noise",
    [(np.array([60]), 0.0), (np.array([60]), 0.1), (np.array([1, 9, 60, 2, 33]), 0.05)],
    ids=["fixed", "noisy", "random-lengths"],
)
def test_a_batchs_machines_move_together_as_alone(lengths, noise):
    players, lengths, grouped = _play(lengths, noise, groups=True)
    _, _, alone = _play(lengths, noise, groups=False)
    for match, n in enumerate(lengths):
        assert np.array_equal(grouped.moves[match, :, :n], alone.moves[match, :, :n])
    assert np.array_equal(grouped.scores, alone.scores)
    keys = _group_keys(players, np.zeros(len(players), dtype=bool))
    assert sorted(keys) == [i for i, p in enumerate(players) if plays_as_machine(p)]
    assert len(set(keys.values())) == 1


def test_players_that_change_a_machines_step_are_not_grouped():
    class Stubborn(type(REGISTRY.create("TF1")), abstract=True):  # its own step; unregistered
        def step(self, own, opp):
            return np.zeros(own.shape[0], dtype=np.uint8)

    assert plays_as_machine(REGISTRY.create("TF1"))
    assert not plays_as_machine(Stubborn())
    assert not plays_as_machine(REGISTRY.create("Tit For Tat"))


def test_machine_group_starts_each_player():
    from strategies.base import GroupEntry

    players = [REGISTRY.create("TF1"), REGISTRY.create("Predator")]
    rng = np.random.default_rng(0)
    entries = [
        GroupEntry(p, rng, np.zeros((n, 2, 2)), np.full(n, 5))
        for p, n in zip(players, (3, 2), strict=True)
    ]
    group = MachineGroup(entries, 5)
    first = group.play_turn(
        [(np.zeros((3, 0), np.uint8),) * 2, (np.zeros((2, 0), np.uint8),) * 2], 0
    )
    assert [len(m) for m in first] == [3, 2]
    assert all(p.n == n and p.length == 5 for p, n in zip(players, (3, 2), strict=True))
