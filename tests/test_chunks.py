"""How round robins are cut into chunks (tournament.core.chunks): the history budget,
whole repetitions for fixed lengths, and groups of repetitions played in chunks of
similar lengths for a probabilistic ending."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

import tournament.core.chunks as chunks
import tournament.core.round_robin as round_robin
from tournament.core.round_robin import Tournament

DETERMINISTIC = ["Tit For Tat", "Alternator", "Grudger", "Defector", "Win-Stay Lose-Shift"]


def _played_batches(monkeypatch) -> list[tuple[int, int]]:
    """Record each batch's (matches, longest match)."""
    batches = []
    real = round_robin.play_batch

    def spy(players, seats, lengths, *args, **kwargs):
        batches.append((len(seats), int(lengths.max())))
        return real(players, seats, lengths, *args, **kwargs)

    monkeypatch.setattr(round_robin, "play_batch", spy)
    return batches


def test_length_cuts_take_the_most_matches_within_the_budget(monkeypatch):
    monkeypatch.setattr(chunks, "CHUNK_CELLS", 100)
    ordered = np.array([1, 1, 2, 3, 5, 8, 13, 21, 60, 60])
    cuts = chunks.length_cuts(ordered)
    assert cuts[0] == 0 and cuts[-1] == len(ordered)
    for a, b in itertools.pairwise(cuts):
        assert 2 * (b - a) * ordered[b - 1] <= 100 or b - a == 1
        if b < len(ordered):  # one more match would not fit
            assert 2 * (b - a + 1) * ordered[b] > 100
    assert cuts == [0, 6, 8, 9, 10]  # the last two (120 cells each) alone


def test_probabilistic_ending_plays_groups_in_chunks_by_length(monkeypatch):
    """15 pairs x 40 repetitions with p = 0.1: whole repetitions a chunk would be 40
    chunks; groups of 200 matches in chunks of similar lengths are a few, each within
    the budget, and every match is played once, with its drawn length."""
    monkeypatch.setattr(chunks, "CHUNK_CELLS", 2_000)
    monkeypatch.setattr(chunks, "GROUP_MATCHES", 200)
    batches = _played_batches(monkeypatch)
    tournament = Tournament(DETERMINISTIC, prob_end=0.1, repetitions=40, seed=5)
    schedule = tournament._schedule()
    assert all(b - a <= 200 // 15 for a, b in itertools.pairwise(schedule.bounds))
    assert any(cuts is not None for cuts in schedule.cuts)
    seen = []
    results = tournament.play(keep_matches=True, progress=lambda d, t: seen.append((d, t)))
    assert all(2 * matches * longest <= 2_000 for matches, longest in batches if matches > 1)
    assert len(batches) < 40
    table = results.matches[results.matches["role"] == "row"]  # a row per match
    assert len(table) == 15 * 40
    assert not table.duplicated(["repetition", "player", "opponent"]).any()
    lengths = tournament._lengths()  # (repetitions, pairs)
    assert sorted(table["turns"]) == sorted(lengths.ravel())
    assert seen[-1][0] == seen[-1][1] == lengths.sum()


def test_chunks_by_length_do_not_change_deterministic_results(monkeypatch):
    """Deterministic players without noise: the same matches, whatever the chunks."""
    whole = Tournament(DETERMINISTIC, prob_end=0.1, repetitions=30, seed=2).play(keep_moves=True)
    monkeypatch.setattr(chunks, "CHUNK_CELLS", 1_500)
    monkeypatch.setattr(chunks, "GROUP_MATCHES", 120)
    split = Tournament(DETERMINISTIC, prob_end=0.1, repetitions=30, seed=2)
    assert any(cuts is not None for cuts in split._schedule().cuts)
    again = split.play(keep_moves=True)
    assert again.matches.equals(whole.matches)
    assert again.summary.equals(whole.summary)
    assert len(again.moves) == len(whole.moves) == 15 * 30  # each match's moves, in order
    assert all(np.array_equal(a, b) for a, b in zip(again.moves, whole.moves, strict=True))


@pytest.mark.parametrize("prob_end", [None, 0.2])
def test_a_tournament_within_one_chunk_is_one_batch_in_repetition_order(prob_end, monkeypatch):
    """The length-sorted chunks apply only where whole repetitions would need several
    chunks: a small tournament is one batch, as before (the same random streams)."""
    batches = _played_batches(monkeypatch)
    turns = None if prob_end else 20
    field = [*DETERMINISTIC, "Random"]
    tournament = Tournament(field, prob_end=prob_end, turns=turns, repetitions=5, noise=0.1, seed=4)
    schedule = tournament._schedule()
    assert schedule.bounds == [0, 5] and schedule.cuts == [None]
    tournament.play()
    assert len(batches) == 1


def test_manifest_records_the_grouping_of_probabilistic_endings():
    fixed = Tournament(DETERMINISTIC, turns=10, seed=1).params.to_dict()
    ending = Tournament(DETERMINISTIC, prob_end=0.1, seed=1).params.to_dict()
    assert fixed["chunk_cells"] == ending["chunk_cells"] == chunks.CHUNK_CELLS
    assert "group_matches" not in fixed and ending["group_matches"] == chunks.GROUP_MATCHES


def test_a_fixed_length_repetition_past_the_budget_stays_one_chunk():
    """Fixed lengths are never split by length: one repetition larger than the budget
    is one batch (the memory plan then decides whether it fits)."""
    schedule = Tournament(DETERMINISTIC, turns=10**7, repetitions=2)._schedule()
    assert schedule.bounds == [0, 1, 2] and schedule.cuts == [None, None]
