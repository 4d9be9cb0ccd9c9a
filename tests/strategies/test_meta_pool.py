"""Tests of meta players of one team played together in a batch (strategies.library.
meta_play.TeamPool, the engine's player groups): the same moves as each player with
its own team when the team is deterministic (fixed and random lengths, noise, windowed
and whole-history teams, a told and a hidden length), the groups the engine forms, and
statistics for teams with stochastic members."""

from __future__ import annotations

import numpy as np
import pytest

from strategies import REGISTRY
from strategies.library.meta_play import TeamPool
from tournament.core.engine import _group_keys, play_batch
from tournament.core.games import get_game

PD = get_game("classic").payoffs

#: Deterministic teams: windowed members only, and one with a whole-history member.
WINDOWED = ["Tit For Tat", "Grudger", "Alternator", "Suspicious Tit For Tat"]
WHOLE = ["Tit For Tat", "Grudger", "Defector", "Prober", "Gradual"]


def _field(team: list[str]) -> list[str]:
    """Four meta players sharing ``team``, one with another team, and three others."""
    return [
        f"Meta Majority(team={team!r})",
        f"Meta Minority(team={team!r})",
        f"Meta Winner(team={team!r})",
        f"Meta Hunter Aggressive(team={team!r})",
        "Meta Majority(team=['Cooperator', 'Defector', 'Tit For Tat'])",
        "Tit For Tat",
        "Win-Stay Lose-Shift",
        "Cycler CCD",
    ]


def _play(names, lengths, noise, length, groups, seed=3):
    players = [REGISTRY.create(name) for name in names]
    m = len(names)
    pairs = np.array([(i, j) for i in range(m) for j in range(i, m)] * 2)
    lengths = np.resize(lengths, len(pairs))
    outcome = play_batch(
        players, pairs, lengths, PD, noise, np.random.SeedSequence(seed), True, length,
        groups=groups,
    )  # fmt: skip
    return players, pairs, lengths, outcome


@pytest.mark.parametrize("team", [WINDOWED, WHOLE], ids=["windowed", "whole-history"])
@pytest.mark.parametrize(
    "lengths, noise, length",
    [
        (np.array([40]), 0.0, 40),
        (np.array([40]), 0.0, None),
        (np.array([40]), 0.1, 40),
        (np.array([1, 7, 30, 2, 55, 13]), 0.05, np.inf),
    ],
    ids=["fixed", "hidden", "noisy", "random-lengths"],
)
def test_a_shared_deterministic_team_plays_the_moves_of_separate_teams(
    team, lengths, noise, length
):
    names = _field(team)
    players, pairs, lengths, pooled = _play(names, lengths, noise, length, groups=True)
    assert not any(p.is_stochastic() for p in players[:4] if "Winner" not in p.name)
    _, _, _, alone = _play(names, lengths, noise, length, groups=False)
    for match, n in enumerate(lengths):
        assert np.array_equal(pooled.moves[match, :, :n], alone.moves[match, :, :n]), (
            names[pairs[match, 0]], names[pairs[match, 1]],
        )  # fmt: skip
    assert np.array_equal(pooled.scores, alone.scores)


def test_the_engine_groups_meta_players_of_one_team_only():
    names = _field(WINDOWED)
    players = [REGISTRY.create(name) for name in names]
    keys = _group_keys(players, np.zeros(len(players), dtype=bool))
    assert sorted(keys) == [0, 1, 2, 3]  # the lone team and the others play alone
    assert len(set(keys.values())) == 1
    # Memory Decay steps its own way: never grouped
    assert REGISTRY.create("Memory Decay").group_key() is None


def test_grouped_players_start_no_team_of_their_own(monkeypatch):
    pools = []
    original = TeamPool.__init__

    def spy(self, entries, length):
        pools.append(len(entries))
        original(self, entries, length)

    monkeypatch.setattr(TeamPool, "__init__", spy)
    players, *_ = _play(_field(WINDOWED), np.array([10]), 0.0, 10, groups=True)
    assert pools == [4]
    assert [hasattr(p, "_team") for p in players[:5]] == [False] * 4 + [True]


def test_stochastic_members_shared_keep_their_statistics():
    """A team with a random member: the pooled players' mean scores agree with separate
    teams' (other random numbers, same distribution) within 4.5 standard errors."""
    team = ["Random", "Tit For Tat", "Defector"]
    names = [
        f"Meta Majority(team={team!r})",
        f"Meta Minority(team={team!r})",
        "Tit For Tat",
        "Cooperator",
    ]
    means = {}
    for groups in (True, False):
        scores = []
        for seed in range(30):
            _, pairs, lengths, outcome = _play(names, np.array([50]), 0.0, 50, groups, seed)
            per_turn = outcome.scores / lengths[:, None]
            scores.append([per_turn[(pairs[:, 0] == i)][:, 0].mean() for i in range(2)])
        means[groups] = np.array(scores)
    for i in range(2):
        a, b = means[True][:, i], means[False][:, i]
        se = np.sqrt(a.var(ddof=1) / len(a) + b.var(ddof=1) / len(b))
        assert abs(a.mean() - b.mean()) <= 4.5 * se + 1e-9


def test_distinct_rows_of_the_members_table_even_when_their_sums_collide():
    from strategies.library.meta_play import _distinct_rows

    rows = np.array([[0.5, 1.0], [0.5, 1.0], [0.0, 0.25], [0.5, 1.0]])
    distinct, kind = _distinct_rows(rows)
    assert np.array_equal(distinct[kind], rows) and len(distinct) == 2
    # weights 1 and 2: (2, 0) and (0, 1) have the same weighted sum
    rows = np.array([[2.0, 0.0], [0.0, 1.0], [2.0, 0.0]])
    distinct, kind = _distinct_rows(rows)
    assert np.array_equal(distinct[kind], rows) and len(distinct) == 2
