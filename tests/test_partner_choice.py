"""Partner choice: the exact relationship values against direct simulations of
relationships (reference engine) and of a whole market (agents), the renewal payoffs,
the evolution, the command and its errors."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

from strategies import create
from strategies.errors import IPDError
from tournament.cli import main
from tournament.core.games import get_game
from tournament.core.reference import reference_match
from tournament.core.relationships import turn_payoffs
from tournament.core.round_robin import Tournament
from tournament.evolution import evolve
from tournament.evolution.partner_choice import (
    Relationships,
    check_switching,
    market_values,
    play_relationships,
    relationship_values,
)

TRUST = get_game("supplier-buyer-trust")
C, D = 0, 1


def _tour(players, **kwargs) -> Tournament:
    kwargs = {"game": TRUST, "turns": None, "prob_end": 0.1, "seed": 3, **kwargs}
    return Tournament(players, **kwargs)


def _cut_relationship(moves, payoffs, q, rng):
    """One relationship drawn from a full match: after each cheat of the supplier the
    buyer leaves with probability ``q``. Returns (length, supplier total, buyer total,
    whether it ended by a switch)."""
    for t in range(moves.shape[1]):
        if moves[0, t] == D and rng.random() < q:
            return t + 1, payoffs[0, : t + 1].sum(), payoffs[1, : t + 1].sum(), 1.0
    return moves.shape[1], payoffs[0].sum(), payoffs[1].sum(), 0.0


# -- one relationship -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("supplier", "buyer", "q"),
    [
        ("Generous Tit For Tat", "Tit For Tat", 0.5),  # a stochastic supplier
        ("Random", "Grudger", 0.3),
        ("Tit For Tat", "Suspicious Tit For Tat", 0.8),
    ],
)
def test_exact_values_agree_with_relationships_simulated_by_the_reference_engine(
    supplier, buyer, q
):
    """Random lengths (ending probability 0.1), noise 0.05, relational rents: the mean
    of relationships played turn by turn by the reference engine, with a draw at every
    cheat, agrees with the exact values within 4.5 standard errors."""
    noise, n = 0.05, 1500
    tour = _tour([supplier, buyer], noise=noise, repetitions=1500)
    rel = play_relationships(tour, q)
    rng = np.random.default_rng(11)
    first, second = create(supplier), create(buyer)
    draws = []
    for _ in range(n):
        turns = int(rng.geometric(0.1))
        moves, _ = reference_match(
            first, second, turns, TRUST.payoffs, noise, rng, math.inf, TRUST.rent
        )
        draws.append(
            _cut_relationship(moves, turn_payoffs(moves, TRUST.payoffs, TRUST.rent), q, rng)
        )
    draws = np.array(draws)
    exact = [rel.length[0, 1], rel.supplier[0, 1], rel.buyer[0, 1], rel.switched[0, 1]]
    for k, name in enumerate(["length", "supplier total", "buyer total", "switched"]):
        # both sides are means of ~n draws: the engine's repetitions and the reference's
        se = draws[:, k].std() * math.sqrt(2 / n)
        assert abs(draws[:, k].mean() - exact[k]) < 4.5 * se + 1e-9, name


def test_without_switching_a_relationship_is_the_whole_match():
    """q = 0 on random moves: the length is the match's, the totals its plain sums."""
    rng = np.random.default_rng(5)
    moves = rng.integers(0, 2, size=(50, 2, 12)).astype(np.uint8)
    lengths = rng.integers(1, 13, size=50)
    payoffs = turn_payoffs(moves, TRUST.payoffs, TRUST.rent)
    length, supplier, buyer, switched = relationship_values(moves, payoffs, lengths, 0.0)
    within = np.arange(12) < lengths[:, None]
    assert length.tolist() == lengths.tolist()
    assert supplier == pytest.approx((payoffs[:, 0] * within).sum(axis=1))
    assert buyer == pytest.approx((payoffs[:, 1] * within).sum(axis=1))
    assert (switched == 0).all()


def test_without_switching_the_pairs_earn_the_tournament_payoffs_per_turn():
    players = ["Tit For Tat", "Defector", "Grudger", "Suspicious Tit For Tat"]
    tour = _tour(players, turns=25, prob_end=None, repetitions=2)
    rel = play_relationships(tour, 0.0)
    results = tour.play()
    assert (rel.length == 25).all()
    supplier = results.role_payoff_matrix("supplier").to_numpy()
    buyer = results.role_payoff_matrix("buyer").to_numpy()  # the buyer's strategy in rows
    assert rel.supplier == pytest.approx(25 * supplier)
    assert np.transpose(rel.buyer) == pytest.approx(25 * buyer)


def test_a_buyer_that_always_leaves_a_defector_stays_one_turn():
    tour = _tour(["Defector", "Cooperator", "Tit For Tat"], repetitions=20)
    rel = play_relationships(tour, 1.0)
    assert rel.length[0].tolist() == [1.0, 1.0, 1.0]
    assert rel.switched[0].tolist() == [1.0, 1.0, 1.0]
    assert rel.supplier[0, 0] == pytest.approx(TRUST.payoffs[0, D, D])  # against a defector
    assert (rel.length[1:] > 1).all()  # the others do not always cheat at once


def test_cheats_before_the_last_turn_shorten_the_relationship_exactly():
    """Cheats at turns 1 and 3 of 5: with q, the relationship ends after turn 2 with
    probability q, after turn 4 with q (1 - q), else runs 5 turns."""
    moves = np.array([[[C, D, C, D, C], [C, C, C, C, C]]], dtype=np.uint8)
    payoffs = np.arange(10, dtype=float).reshape(1, 2, 5)
    q = 0.4
    length, supplier, buyer, switched = relationship_values(moves, payoffs, np.array([5]), q)
    assert length[0] == pytest.approx(q * 2 + q * (1 - q) * 4 + (1 - q) ** 2 * 5)
    cumulative = payoffs[0].cumsum(axis=1)
    weights = {1: q, 3: q * (1 - q), 4: (1 - q) ** 2}
    assert supplier[0] == pytest.approx(sum(w * cumulative[0, t] for t, w in weights.items()))
    assert buyer[0] == pytest.approx(sum(w * cumulative[1, t] for t, w in weights.items()))
    assert switched[0] == pytest.approx(1 - (1 - q) ** 2)


# -- the market -----------------------------------------------------------------------------


def _pool(players, n, rng):
    """``n`` full matches per (supplier, buyer) pair from the reference engine (noise
    0.05, ending probability 0.25), padded to a common length."""
    matches = {}
    for s, supplier in enumerate(players):
        for b, buyer in enumerate(players):
            out = []
            for _ in range(n):
                turns = int(rng.geometric(0.25))
                moves, _ = reference_match(
                    create(supplier),
                    create(buyer),
                    turns,
                    TRUST.payoffs,
                    0.05,
                    rng,
                    math.inf,
                    TRUST.rent,
                )
                out.append((moves, turn_payoffs(moves, TRUST.payoffs, TRUST.rent)))
            matches[s, b] = out
    horizon = max(m.shape[1] for pool in matches.values() for m, _ in pool)
    shape = (len(players), len(players), n)
    moves, pays = np.zeros((*shape, 2, horizon), np.uint8), np.zeros((*shape, 2, horizon))
    lengths = np.zeros(shape, dtype=np.int64)
    for (s, b), pool in matches.items():
        for i, (m, p) in enumerate(pool):
            lengths[s, b, i] = m.shape[1]
            moves[s, b, i, :, : m.shape[1]], pays[s, b, i, :, : m.shape[1]] = m, p
    return moves, pays, lengths


def _simulate_market(pool, x, y, q, cost, buyers, horizon, rng):
    """Agents: ``buyers`` buyers (types in shares ``y``), each always in a relationship
    with a supplier drawn by ``x``, a relationship drawn from the pool and cut at the
    first cheat the buyer walks away from. Returns the payoff per turn of each supplier
    type (one supplier per buyer), of each buyer type, the mean relationship length and
    the share of relationships that end by a switch, over ``horizon`` turns."""
    moves, pays, lengths = pool
    n, per_pair, horizon_pool = moves.shape[0], moves.shape[2], moves.shape[-1]
    kind = np.repeat(np.arange(n), np.round(np.asarray(y) * buyers).astype(int))
    clock = np.zeros(len(kind), dtype=np.int64)
    buyer_income, supplier_income = np.zeros(n), np.zeros(n)
    started, switched, turns_done = 0, 0, 0
    while (active := np.flatnonzero(clock < horizon)).size:
        b = kind[active]
        s = rng.choice(n, size=len(active), p=x)
        i = rng.integers(0, per_pair, size=len(active))
        cheat = (moves[s, b, i, 0] == D) & (np.arange(horizon_pool) < lengths[s, b, i][:, None])
        leave = cheat & (rng.random(cheat.shape) < q)
        first = np.where(leave.any(axis=1), leave.argmax(axis=1) + 1, lengths[s, b, i])
        kept = np.minimum(first, horizon - clock[active])  # turns within the horizon
        upto = np.arange(horizon_pool) < kept[:, None]
        ended_by_switch = leave.any(axis=1) & (first <= kept)
        np.add.at(supplier_income, s, (pays[s, b, i, 0] * upto).sum(axis=1))
        np.add.at(buyer_income, b, (pays[s, b, i, 1] * upto).sum(axis=1) - cost * ended_by_switch)
        finished = first <= kept
        started += int(finished.sum())
        switched += int(ended_by_switch.sum())
        turns_done += int(kept[finished].sum())
        clock[active] += kept
    suppliers = np.asarray(x) * len(kind)
    buyers_of = np.bincount(kind, minlength=n)
    return (
        supplier_income / (suppliers * horizon),
        buyer_income / (buyers_of * horizon),
        turns_done / started,
        switched / started,
    )


def test_renewal_payoffs_agree_with_a_simulated_market():
    """Two supplier and two buyer types, fixed shares: the renewal-reward payoffs per
    turn of every type and the market's figures agree with agents trading over a long
    horizon (the same pool of matches for both)."""
    rng = np.random.default_rng(21)
    players = ["Tit For Tat", "Random"]
    q, cost, x, y = 0.6, 2.0, np.array([0.3, 0.7]), np.array([0.6, 0.4])
    pool = _pool(players, 150, rng)
    moves, pays, lengths = pool
    n = len(players)
    values = relationship_values(
        moves.reshape(-1, 2, moves.shape[-1]),
        pays.reshape(-1, 2, pays.shape[-1]),
        lengths.ravel(),
        q,
    )
    means = [v.reshape(n, n, -1).mean(axis=2) for v in values]
    market = market_values(Relationships(players, *means), x, y, cost)
    supplier, buyer, length, share = _simulate_market(pool, x, y, q, cost, 4000, 300, rng)
    assert supplier == pytest.approx(market.supplier_fitness, rel=0.03)
    assert buyer == pytest.approx(market.buyer_fitness, rel=0.03)
    assert x @ supplier == pytest.approx(market.supplier_payoff, rel=0.03)
    assert length == pytest.approx(market.relationship_length, rel=0.03)
    assert share == pytest.approx(market.switching_share, abs=0.02)


def _relationships(rng, n=3):
    length = rng.uniform(1, 20, (n, n))
    return Relationships(
        [f"s{i}" for i in range(n)],
        length,
        length * rng.uniform(-1, 5, (n, n)),
        length * rng.uniform(0, 6, (n, n)),
        rng.uniform(0, 1, (n, n)),
    )


def test_a_switching_cost_lowers_buyers_payoffs_by_the_cost_times_their_switching_rate():
    rng = np.random.default_rng(2)
    rel = _relationships(rng)
    x, y = np.array([0.5, 0.3, 0.2]), np.array([0.1, 0.6, 0.3])
    free, costly = market_values(rel, x, y, 0.0), market_values(rel, x, y, 3.0)
    switches_per_turn = (x @ rel.switched) / (x @ rel.length)
    assert costly.buyer_fitness == pytest.approx(free.buyer_fitness - 3.0 * switches_per_turn)
    assert costly.supplier_fitness == pytest.approx(free.supplier_fitness)
    # a supplier earns per turn what its buyers pay it, one buyer per supplier on average
    assert x @ free.buyers_per_supplier == pytest.approx(1.0)


def test_with_a_fixed_length_and_no_switching_it_is_the_ecological_simulation():
    players = ["Tit For Tat", "Defector", "Cooperator", "Grudger"]
    kwargs = {"game": "supplier-buyer-trust", "turns": 30, "generations": 40, "seed": 1}
    kwargs["initial"] = [0.2, 0.4, 0.3, 0.1]
    market = evolve(players, model="partner-choice", switch_prob=0.0, **kwargs)
    plain = evolve(players, **kwargs)
    for role in ("supplier", "buyer"):
        pd.testing.assert_frame_equal(market.wide(role), plain.wide(role))
    assert market.market["relationship_length"].to_numpy() == pytest.approx(30.0)
    assert (market.market["switching_share"] == 0).all()


def test_switching_disciplines_cheating_suppliers():
    """At equal shares, a buyer walking away after every cheat leaves a defecting
    supplier fewer buyers and a lower payoff per turn, relative to the market."""
    players = ["Tit For Tat", "Defector", "Cooperator", "Generous Tit For Tat"]
    tour = _tour(players, noise=0.02, prob_end=0.05, repetitions=10)
    x = np.full(4, 0.25)
    stay = market_values(play_relationships(tour, 0.0), x, x, 0.0)
    leave = market_values(play_relationships(tour, 1.0), x, x, 0.0)
    assert stay.buyers_per_supplier == pytest.approx(np.ones(4))  # all stay as long
    assert leave.buyers_per_supplier[1] < 0.2
    assert (leave.supplier_fitness[1] / leave.supplier_payoff) < (
        stay.supplier_fitness[1] / stay.supplier_payoff
    )


def test_evolution_records_shares_and_the_market_and_is_reproducible():
    kwargs = {"game": "supplier-buyer-trust", "noise": 0.02, "prob_end": 0.05, "seed": 4}
    players = ["Tit For Tat", "Defector", "Random"]
    a = evolve(players, model="partner-choice", switch_prob=0.5, generations=20, **kwargs)
    b = evolve(players, model="partner-choice", switch_prob=0.5, generations=20, **kwargs)
    pd.testing.assert_frame_equal(a.shares, b.shares)
    pd.testing.assert_frame_equal(a.market, b.market)
    assert a.roles == ["supplier", "buyer"]
    assert len(a.market) == 21
    for role in a.roles:
        assert a.wide(role).sum(axis=1).to_numpy() == pytest.approx(1.0)
    assert a.params["switch_prob"] == 0.5 and a.params["switching_cost"] == 0.0


def test_a_symmetric_game_puts_the_same_strategies_in_both_roles():
    evo = evolve(
        ["Tit For Tat", "Defector"], model="partner-choice", turns=20, generations=5, seed=1
    )
    assert evo.roles == ["row", "column"]
    assert "Among rows" in evo.summary_text() and "Among columns" in evo.summary_text()


# -- the command and errors ---------------------------------------------------------------


def test_the_command_writes_its_tables_and_figures_and_prints_the_summary(tmp_path):
    out = tmp_path / "market"
    args = ["evolve", "Tit For Tat", "Defector", "Cooperator", "Generous Tit For Tat"]
    args += ["--model", "partner-choice", "--switch-prob", "0.5", "--switching-cost", "2"]
    args += ["--game", "supplier-buyer-trust", "--noise", "0.02", "--prob-end", "0.05"]
    result = CliRunner().invoke(main, [*args, "--generations", "30", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "partner choice (switch probability 0.5, switching cost 2)" in result.output
    assert "Among suppliers," in result.output and "Among buyers," in result.output
    assert "Final market: suppliers earn" in result.output
    market = pd.read_csv(out / "market.csv")
    assert list(market.columns[:5]) == [
        "generation",
        "payoff_supplier",
        "payoff_buyer",
        "relationship_length",
        "switching_share",
    ]
    assert len(market) == 31
    pairs = pd.read_csv(out / "relationships.csv")
    assert len(pairs) == 16 and {"supplier", "buyer", "switch_probability"} <= set(pairs)
    shares = pd.read_csv(out / "shares.csv")
    assert set(shares["role"]) == {"supplier", "buyer"}
    for name in ("shares.png", "market.png", "final_shares.csv", "manifest.json"):
        assert (out / name).exists(), name


@pytest.mark.parametrize(
    ("switch_prob", "cost", "message"),
    [
        (1.5, 0.0, "switch probability must be a probability in [0, 1], got 1.5"),
        (-0.1, 0.0, "switch probability must be a probability in [0, 1]"),
        (0.5, -1.0, "switching cost must be a finite number >= 0"),
        (0.5, math.nan, "switching cost must be a finite number >= 0"),
        (0.5, "2", "switching cost must be a finite number >= 0"),
    ],
)
def test_bad_switching_parameters(switch_prob, cost, message):
    with pytest.raises(IPDError, match=message.replace("[", r"\[").replace("]", r"\]")):
        check_switching(switch_prob, cost)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--model", "partner-choice", "--switch-prob", "2"], "switch probability must be"),
        (["--model", "partner-choice", "--switching-cost", "-1"], "switching cost must be"),
        (["--switch-prob", "0.5"], "apply only to the partner-choice model"),
        (["--model", "moran", "--switching-cost", "1"], "apply only to the partner-choice"),
    ],
)
def test_bad_switching_options_give_clean_errors(args, message, tmp_path):
    out = tmp_path / "o"
    result = CliRunner().invoke(main, ["evolve", "TFT", "Defector", *args, "--out", str(out)])
    assert result.exit_code == 2, result.output
    assert message in result.output and "Traceback" not in result.output
    assert not out.exists()
