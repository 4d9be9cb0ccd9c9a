"""Tournaments: scheduling, roles, results tables and files."""

from __future__ import annotations

import json

import numpy as np
import pytest

from strategies.errors import IPDError, UnknownNameError
from tournament import Tournament, play_match
from tournament.core.round_robin import DEFAULT_FIELD, round_robin_pairs


def test_round_robin_pairs():
    assert round_robin_pairs(3, True).tolist() == [[0, 0], [0, 1], [0, 2], [1, 1], [1, 2], [2, 2]]
    assert len(round_robin_pairs(3, False)) == 9


def test_default_field_has_fifteen_known_strategies():
    t = Tournament()
    assert len(t.players) == len(DEFAULT_FIELD) == 15
    assert t.params.turns == 200 and t.params.repetitions == 10


def test_summary_and_payoff_matrix_small_deterministic_case():
    results = Tournament(
        ["Tit For Tat", "Defector", "Cooperator"], turns=10, repetitions=3, seed=0
    ).play()
    summary = results.summary.set_index("strategy")
    # TFT: vs Defector 9/10 (S then P...), vs Cooperator 3 per turn -> mean (0.9 + 3) / 2
    assert summary.loc["Tit For Tat", "score_per_turn"] == pytest.approx((0.9 + 3) / 2)
    assert summary.loc["Defector", "score_per_turn"] == pytest.approx((1.4 + 5) / 2)
    assert summary.loc["Defector", "wins"] == 6  # beats TFT and Cooperator, 3 repetitions
    assert results.ranking == ["Defector", "Tit For Tat", "Cooperator"]
    pm = results.payoff_matrix
    assert pm.loc["Tit For Tat", "Defector"] == pytest.approx(0.9)
    assert pm.loc["Defector", "Tit For Tat"] == pytest.approx(1.4)
    assert pm.loc["Tit For Tat", "Tit For Tat"] == pytest.approx(3.0)  # self-play diagonal
    assert summary.loc["Cooperator", "cooperation_rate"] == 1.0


def test_matches_table_is_tidy():
    results = Tournament(["Tit For Tat", "Alternator"], turns=5, repetitions=2, seed=0).play()
    m = results.matches
    assert len(m) == 2 * 3 * 2  # seats x pairs (with self-play) x repetitions
    assert set(m.columns) >= {
        "player",
        "opponent",
        "role",
        "repetition",
        "turns",
        "score",
        "score_per_turn",
        "cooperation_rate",
    }
    assert (m["turns"] == 5).all()


def test_asymmetric_game_plays_both_roles_and_keeps_them():
    results = Tournament(
        ["Tit For Tat", "Defector"], game="supplier-buyer", turns=10, repetitions=1, seed=0
    ).play()
    m = results.matches
    assert set(m["role"]) == {"supplier", "buyer"}
    tft_vs_d = m[(m.player == "Tit For Tat") & (m.opponent == "Defector")]
    assert sorted(tft_vs_d["role"]) == ["buyer", "supplier"]
    # as supplier, TFT is squeezed once (-1) then both cheat (0); as buyer S=0 then P=1
    assert sorted(tft_vs_d["score"]) == [-1.0, 9.0]


def test_probabilistic_ending_varies_lengths():
    results = Tournament(["Tit For Tat", "Defector"], prob_end=0.1, repetitions=50, seed=0).play()
    turns = results.matches["turns"]
    assert turns.nunique() > 5
    assert results.params.turns is None


def test_duplicate_players_get_distinct_labels():
    t = Tournament(["Random", "Random"], turns=5, repetitions=1, seed=0)
    assert t.labels == ["Random", "Random #2"]


def test_instances_and_parameters():
    from strategies import create

    t = Tournament(
        [create("Random(0.2)"), "Generous Tit For Tat(generosity=0.1)"],
        turns=5,
        repetitions=1,
        seed=0,
    )
    assert t.labels == ["Random(p=0.2)", "Generous Tit For Tat(generosity=0.1)"]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"noise": -0.1}, "noise must be a probability in"),
        ({"turns": 0}, "turns must be a positive integer, got 0"),
        ({"repetitions": 0}, "repetitions must be a positive integer"),
        ({"prob_end": 1.5}, r"prob_end must be an ending probability in \(0, 1\]"),
        ({"seed": -1}, "seed must be a non-negative integer"),
        ({"game": "snowdrif"}, "Did you mean: 'snowdrift'"),
    ],
)
def test_bad_parameters(kwargs, message):
    with pytest.raises(IPDError, match=message):
        Tournament(["Tit For Tat", "Defector"], **kwargs)


def test_unknown_strategy_suggests():
    with pytest.raises(UnknownNameError, match="Did you mean: 'Tit For Tat'"):
        Tournament(["Tit For Tta"])


def test_write_results_folder(tmp_path):
    results = Tournament(
        ["Tit For Tat", "Defector", "Random"], turns=20, repetitions=3, seed=4
    ).play()
    out = results.write(tmp_path / "run")
    names = {p.name for p in out.iterdir()}
    assert {
        "summary.csv",
        "matches.csv",
        "payoff_matrix.csv",
        "manifest.json",
        "scores.png",
        "payoff_heatmap.png",
    } <= names
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["parameters"]["seed"] == 4
    assert manifest["parameters"]["turns"] == 20
    assert "numpy" in manifest["versions"]
    assert manifest["match_turns"] == 6 * 3 * 20


def test_play_match_histories_and_scores():
    result = play_match("Tit For Tat", "Alternator", turns=5, seed=0)
    assert result.history() == ("CCDCD", "CDCDC")
    assert result.scores.tolist() == [3 + 0 + 5 + 0 + 5, 3 + 5 + 0 + 5 + 0]
    assert result.winner is None
    assert np.allclose(result.cooperation, [0.6, 0.6])


@pytest.mark.parametrize(
    "options",
    [{}, {"noise": 0.02}, {"turns": None, "prob_end": 0.1}, {"game": "supplier-buyer"}],
    ids=["fixed", "noise", "prob-end", "asymmetric"],
)
def test_deterministic_pairs_played_once_give_the_same_results(monkeypatch, options):
    """A pair of deterministic strategies without noise is played in repetition 0 only
    and copied: every table, and every history, is what playing each repetition gives."""
    from tournament.core import round_robin

    names = ["Tit For Tat", "Random", "Grudger", "Win-Stay Lose-Shift", "Generous Tit For Tat",
             "Alternator", "Prober", "Adaptive", "Bush Mosteller"]  # fmt: skip
    options = {"turns": 30, **options}
    tour = Tournament(names, repetitions=3, seed=5, **options)
    once = tour.play(keep_moves=True)
    monkeypatch.setattr(
        round_robin.Tournament, "_repeats_itself", lambda self, pairs: np.zeros(len(pairs), bool)
    )
    every = tour.play(keep_moves=True)
    assert once.matches.equals(every.matches)
    assert once.summary.equals(every.summary)
    assert list(once.matches["repetition"]) == list(every.matches["repetition"])
    assert all((a == b).all() for a, b in zip(once.moves, every.moves, strict=True))


def test_only_deterministic_pairs_without_noise_repeat_themselves():
    tour = Tournament(["Tit For Tat", "Random", "Grudger"], turns=10, repetitions=2, seed=1)
    pairs = round_robin_pairs(3, True)
    repeats = dict(zip(map(tuple, pairs.tolist()), tour._repeats_itself(pairs), strict=True))
    assert repeats[(0, 2)] and repeats[(0, 0)] and not repeats[(0, 1)] and not repeats[(1, 1)]
    noisy = Tournament(["Tit For Tat", "Grudger"], turns=10, repetitions=2, noise=0.1, seed=1)
    assert not noisy._repeats_itself(round_robin_pairs(2, True)).any()
