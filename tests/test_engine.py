"""The vectorized engine against the per-match reference engine, and its invariants."""

from __future__ import annotations

import functools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from strategies import REGISTRY, create
from tournament.core.engine import draw_lengths, play_batch
from tournament.core.games import get_game
from tournament.core.reference import reference_match
from tournament.core.round_robin import Tournament, round_robin_pairs

CLASSIC = get_game("classic").payoffs
ASYMMETRIC = get_game("supplier-buyer").payoffs

DETERMINISTIC = sorted(c.name for c in REGISTRY if not c().is_stochastic())
STOCHASTIC = sorted(c.name for c in REGISTRY if c().is_stochastic())


def _round_robin(names, lengths_per_rep, payoffs=CLASSIC, noise=0.0, seed=0):
    players = [create(n) for n in names]
    pairs = round_robin_pairs(len(players), symmetric=True)
    reps = len(lengths_per_rep)
    seats = np.tile(pairs, (reps, 1))
    lengths = np.repeat(np.asarray(lengths_per_rep), len(pairs))
    out = play_batch(
        players, seats, lengths, payoffs, noise, np.random.SeedSequence(seed), keep_moves=True
    )
    return players, seats, out


@functools.cache
def _deterministic_round_robin(lengths: tuple[int, ...]):
    return _round_robin(DETERMINISTIC, list(lengths))


#: The reference engine plays the matches one by one: the check is split in shards that
#: test workers can share (each plays the batch, and checks every SHARDS-th match).
SHARDS = 4


@pytest.mark.parametrize("shard", range(SHARDS))
@pytest.mark.parametrize("lengths", [(25,), (1, 7, 40, 13)], ids=["fixed", "varied"])
def test_batch_plays_exactly_the_reference_moves_for_deterministic_strategies(lengths, shard):
    players, seats, out = _deterministic_round_robin(lengths)
    match_lengths = np.repeat(lengths, len(seats) // len(lengths))
    for i in range(shard, len(seats), SHARDS):
        a, b = seats[i]
        n = match_lengths[i]
        moves, scores = reference_match(players[a], players[b], int(n), CLASSIC)
        assert np.array_equal(out.moves[i, :, :n], moves), (players[a].label, players[b].label)
        assert np.allclose(out.scores[i], scores)
        assert np.array_equal(out.cooperations[i], (moves == 0).sum(axis=1))


def test_asymmetric_payoffs_follow_the_seat():
    players = [create("Defector"), create("Cooperator")]
    seats = np.array([[0, 1], [1, 0]])
    out = play_batch(players, seats, np.array([10, 10]), ASYMMETRIC, 0.0, np.random.SeedSequence(0))
    # supplier (row) defecting on a cooperating buyer gets T=5; the buyer gets S=0
    assert out.scores[0].tolist() == [50.0, 0.0]
    # buyer (column) defecting on a cooperating supplier gets T=6; the supplier S=-1
    assert out.scores[1].tolist() == [-10.0, 60.0]


@pytest.mark.parametrize("name", STOCHASTIC)
def test_batch_and_reference_agree_in_distribution_for_stochastic_strategies(name):
    """Mean score against Tit For Tat: batch engine vs reference, within 5 standard errors."""
    rng = np.random.default_rng(1)
    player, opponent = create(name), create("Tit For Tat")
    turns, n_batch, n_ref = 20, 4000, 300
    if player.family == "meta":  # teams of up to 217 strategies, rebuilt for every match
        n_batch, n_ref = 800, 40
    out = play_batch(
        [player, opponent],
        np.tile([[0, 1]], (n_batch, 1)),
        np.full(n_batch, turns),
        CLASSIC,
        0.05,
        np.random.SeedSequence(2),
    )
    ref = np.array(
        [reference_match(player, opponent, turns, CLASSIC, 0.05, rng)[1][0] for _ in range(n_ref)]
    )
    batch = out.scores[:, 0]
    se = np.sqrt(batch.var() / n_batch + ref.var() / n_ref) + 1e-9
    assert abs(batch.mean() - ref.mean()) < 5 * se


def test_noise_flips_moves_at_the_requested_rate():
    """Deterministic players: replaying the observed history, the played move differs from
    the strategy's choice at the noise rate."""
    noise, n, turns = 0.1, 2000, 30
    players = [create("Cooperator"), create("Defector")]
    out = play_batch(
        players,
        np.tile([[0, 1]], (n, 1)),
        np.full(n, turns),
        CLASSIC,
        noise,
        np.random.SeedSequence(5),
        keep_moves=True,
    )
    flips = np.concatenate([out.moves[:, 0].ravel() == 1, out.moves[:, 1].ravel() == 0])
    se = np.sqrt(noise * (1 - noise) / flips.size)
    assert abs(flips.mean() - noise) < 5 * se


def test_same_seed_same_results_and_different_seeds_differ():
    def run(seed):
        return Tournament(
            ["Random", "Tit For Tat", "Generous Tit For Tat"],
            turns=50,
            repetitions=5,
            noise=0.05,
            seed=seed,
        ).play()

    a, b, c = run(7), run(7), run(8)
    assert a.matches.equals(b.matches)
    assert not a.matches["score"].equals(c.matches["score"])


def test_probabilistic_ending_draws_geometric_lengths():
    lengths = draw_lengths(20000, None, 0.1, np.random.default_rng(0))
    assert lengths.min() >= 1
    assert abs(lengths.mean() - 10) < 0.3


def test_chunking_does_not_change_deterministic_results(monkeypatch):
    import tournament.core.chunks as chunks

    names = ["Tit For Tat", "Alternator", "Win-Stay Lose-Shift", "Defector"]
    whole = Tournament(names, turns=30, repetitions=6, seed=3).play()
    monkeypatch.setattr(chunks, "CHUNK_CELLS", 2 * 10 * 30)  # one repetition per chunk
    seen = []
    chunked = Tournament(names, turns=30, repetitions=6, seed=3).play(
        progress=lambda done, total: seen.append((done, total))
    )
    # progress counts match-turns: 10 pairs of deterministic players, each played once
    assert seen[-1] == (10 * 30, 10 * 30)
    assert [done for done, _ in seen] == sorted(done for done, _ in seen)
    assert whole.matches.equals(chunked.matches)


def test_chunks_respect_the_memory_budget(monkeypatch):
    import tournament.core.chunks as chunks
    import tournament.core.round_robin as tmod

    sizes = []
    real = tmod.play_batch

    def spy(players, seats, lengths, *args, **kwargs):
        sizes.append(2 * len(seats) * int(lengths.max()))
        return real(players, seats, lengths, *args, **kwargs)

    monkeypatch.setattr(tmod, "play_batch", spy)
    monkeypatch.setattr(chunks, "CHUNK_CELLS", 50_000)
    Tournament(["Tit For Tat", "Defector", "Random"], turns=100, repetitions=200, seed=0).play()
    assert len(sizes) > 1
    assert max(sizes) <= 50_000


# -- property tests: generic (data-defined) strategies ---------------------------------

moves = st.text(alphabet="CD", min_size=1, max_size=6)
probability = st.sampled_from([0.0, 1.0])


@st.composite
def deterministic_players(draw):
    kind = draw(st.sampled_from(["memory-one", "cycler", "lookup", "fsm"]))
    if kind == "memory-one":
        vector = tuple(draw(probability) for _ in range(4))
        return create(f"Memory One(probabilities={vector}, first={draw(probability)})")
    if kind == "cycler":
        return create(f"Cycler(pattern={draw(moves)!r})")
    if kind == "lookup":
        own, opp = draw(st.integers(0, 2)), draw(st.integers(1, 2))
        table = draw(st.text(alphabet="CD", min_size=2 ** (own + opp), max_size=2 ** (own + opp)))
        return create(f"Lookup Table({own}, {opp}, {table!r}, 'CC')")
    states = draw(st.integers(1, 3))
    rows = tuple(
        (s, o, draw(st.integers(1, states)), draw(st.sampled_from("CD")))
        for s in range(1, states + 1)
        for o in "CD"
    )
    return create(f"Finite State Machine({rows}, 1, {draw(st.sampled_from('CD'))!r})")


@settings(max_examples=40, deadline=None)
@given(
    a=deterministic_players(),
    b=deterministic_players(),
    lengths=st.lists(st.integers(1, 25), min_size=1, max_size=6),
    symmetric=st.booleans(),
)
def test_property_batch_equals_reference(a, b, lengths, symmetric):
    payoffs = CLASSIC if symmetric else ASYMMETRIC
    n = len(lengths)
    seats = np.array([[0, 1], [1, 0], [0, 0], [1, 1]] * n)
    match_lengths = np.repeat(lengths, 4)
    out = play_batch(
        [a, b], seats, match_lengths, payoffs, 0.0, np.random.SeedSequence(0), keep_moves=True
    )
    players = [a, b]
    for i, (x, y) in enumerate(seats):
        turns = int(match_lengths[i])
        ref_moves, ref_scores = reference_match(players[x], players[y], turns, payoffs)
        assert np.array_equal(out.moves[i, :, :turns], ref_moves)
        assert np.allclose(out.scores[i], ref_scores)


@settings(max_examples=30, deadline=None)
@given(
    seed=st.integers(0, 2**32),
    noise=st.floats(0, 1),
    lengths=st.lists(st.integers(1, 30), min_size=1, max_size=8),
)
def test_property_scores_and_counts_match_the_moves(seed, noise, lengths):
    players = [create("Random(0.3)"), create("Tit For Tat"), create("Generous Tit For Tat")]
    seats = np.array([[i % 3, (i + 1) % 3] for i in range(len(lengths))])
    out = play_batch(
        players,
        seats,
        np.array(lengths),
        ASYMMETRIC,
        noise,
        np.random.SeedSequence(seed),
        keep_moves=True,
    )
    for i, turns in enumerate(lengths):
        mine, theirs = out.moves[i, 0, :turns], out.moves[i, 1, :turns]
        assert out.scores[i, 0] == pytest.approx(ASYMMETRIC[0, mine, theirs].sum())
        assert out.scores[i, 1] == pytest.approx(ASYMMETRIC[1, theirs, mine].sum())
        assert out.outcomes[i].sum(axis=1).tolist() == [turns, turns]
        assert out.cooperations[i].tolist() == [(mine == 0).sum(), (theirs == 0).sum()]


@pytest.mark.parametrize("noise", [1e-300, 1e-9, 0.5, 1 - 1e-12])
def test_flip_positions_are_in_range_for_extreme_noise(noise):
    from tournament.core.history import FlipStream

    cells = 10_000
    flips = FlipStream(noise, cells, np.random.default_rng(0)).until(cells)
    assert flips.size == 0 or (flips.min() >= 0 and flips.max() < cells)
    assert np.all(np.diff(flips) > 0)
    assert abs(flips.size - noise * cells) <= 5 * np.sqrt(cells * noise * (1 - noise)) + 1


@pytest.mark.parametrize("noise", [0.0, 0.01, 0.3, 1.0])
def test_flips_drawn_in_pieces_are_the_flips_drawn_at_once(noise):
    """A sliding window asks for the flips segment by segment: same cells."""
    from tournament.core.history import FlipStream

    cells = 5_000
    whole = FlipStream(noise, cells, np.random.default_rng(3)).until(cells)
    stream = FlipStream(noise, cells, np.random.default_rng(3))
    stops = [1, 7, 7, 500, 2_000, 4_999, 5_000, 9_000]
    pieces = np.concatenate([stream.until(stop) for stop in stops])
    assert pieces.tolist() == whole.tolist()
