"""Evolutionary dynamics: Axelrod's ecological story, the Moran process against exact
results, invariants of the dynamics, and the commands."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from tournament.cli import main
from tournament.evolution import (
    counts_from_weights,
    evolve,
    invasion,
    moran,
    replicator,
    two_population_replicator,
    wilson_interval,
)

FIELD = ["Cooperator", "Defector", "Tit For Tat"]


def test_exploiters_grow_then_collapse_and_reciprocity_ends_on_top():
    """Axelrod's ecological simulation: long matches, no noise, mostly cooperators."""
    evo = evolve(FIELD, generations=100, initial=[0.8, 0.1, 0.1], turns=200, seed=1)
    shares = evo.wide()
    defectors = shares["Defector"]
    peak = defectors.idxmax()
    assert 0 < peak < 100 and defectors.max() > 0.5  # they grow while victims last...
    assert defectors.iloc[-1] < 0.01  # ...then collapse
    assert shares.iloc[-1].idxmax() == "Tit For Tat"
    assert shares["Cooperator"].iloc[-1] < 0.01


def test_in_very_short_matches_defectors_take_over():
    evo = evolve(FIELD, generations=100, initial=[0.8, 0.1, 0.1], turns=1, seed=1)
    assert evo.final.iloc[0]["strategy"] == "Defector"
    assert evo.final.iloc[0]["share"] > 0.99


def test_two_populations_for_an_asymmetric_game():
    evo = evolve(FIELD, game="supplier-buyer", generations=50, seed=1)
    assert evo.roles == ["supplier", "buyer"]
    assert set(evo.shares["role"]) == {"supplier", "buyer"}
    for role in evo.roles:
        assert evo.wide(role).sum(axis=1).to_numpy() == pytest.approx(1.0)
    assert set(evo.payoffs) == {"payoff_matrix_supplier", "payoff_matrix_buyer"}


@settings(max_examples=60, deadline=None)
@given(
    A=arrays(np.float64, (4, 4), elements=st.floats(-5, 10)),
    x0=arrays(np.float64, 4, elements=st.floats(0, 1)).filter(lambda x: x.sum() > 0.01),
    mutation=st.sampled_from([0.0, 0.01, 0.5]),
)
def test_shares_stay_a_distribution(A, x0, mutation):
    shares = replicator(A, x0, generations=30, mutation=mutation)
    assert np.all(shares >= 0) and np.all(shares <= 1)
    assert shares.sum(axis=1) == pytest.approx(np.ones(31))
    xs, ys = two_population_replicator(A, A.T, x0, x0[::-1], 30, mutation)
    assert xs.sum(axis=1) == pytest.approx(np.ones(31))
    assert ys.sum(axis=1) == pytest.approx(np.ones(31))


def test_neutral_mutant_fixes_with_probability_one_over_n():
    N, runs = 10, 4000
    outcome = moran(
        np.ones((2, 2)), np.array([1, N - 1]), runs, 10_000, 1.0, 0.0, np.random.default_rng(3)
    )
    p = (outcome.fixed == 0).mean()
    assert (outcome.fixed >= 0).all()
    assert abs(p - 1 / N) < 4 * np.sqrt((1 / N) * (1 - 1 / N) / runs)


def test_constant_fitness_matches_the_exact_fixation_probability():
    """A mutant of relative fitness r: (1 - 1/r) / (1 - 1/r^N) (Moran 1958)."""
    N, runs, selection = 8, 6000, 1.0
    A = np.array([[np.log(1.5), np.log(1.5)], [0.0, 0.0]])  # exp(payoff): r = 1.5
    outcome = moran(A, np.array([1, N - 1]), runs, 10_000, selection, 0.0, np.random.default_rng(4))
    r = 1.5
    exact = (1 - 1 / r) / (1 - 1 / r**N)
    p = (outcome.fixed == 0).mean()
    assert abs(p - exact) < 4 * np.sqrt(exact * (1 - exact) / runs)


def test_moran_is_reproducible_and_shares_are_distributions():
    kwargs = {"model": "moran", "population": 12, "runs": 200, "generations": 300, "seed": 9}
    a = evolve(["Tit For Tat", "Defector", "Grudger"], **kwargs)
    b = evolve(["Tit For Tat", "Defector", "Grudger"], **kwargs)
    pd.testing.assert_frame_equal(a.shares, b.shares)
    pd.testing.assert_frame_equal(a.fixation, b.fixation)
    assert a.wide().sum(axis=1).to_numpy() == pytest.approx(1.0)
    assert a.fixation["fixations"].sum() + a.extra["unfixed"] == 200
    assert list(a.fixation["neutral"]) == pytest.approx([4 / 12, 4 / 12, 4 / 12])


def test_moran_with_mutation_never_fixes():
    outcome = moran(
        np.ones((3, 3)), np.array([5, 5, 0]), 50, 20, 1.0, 0.1, np.random.default_rng(1)
    )
    assert (outcome.fixed == -1).all()
    assert outcome.mean_shares[-1, 2] > 0  # mutation brought the missing strategy in
    assert outcome.mean_shares.sum(axis=1) == pytest.approx(1.0)


def test_invasion_against_the_neutral_baseline():
    result = invasion("Tit For Tat", "Defector", mutants=2, population=20, runs=500, seed=2)
    assert result.neutral == pytest.approx(0.1)
    assert result.ci_low > result.neutral and "invades" in result.verdict
    resisted = invasion("Defector", "Tit For Tat", mutants=1, population=20, runs=500, seed=2)
    assert resisted.ci_high < resisted.neutral and "resisted" in resisted.verdict


def test_wilson_interval_and_counts():
    low, high = wilson_interval(50, 100)
    assert low < 0.5 < high and high - low == pytest.approx(0.19, abs=0.01)
    assert counts_from_weights([0.8, 0.1, 0.1], 25).tolist() == [20, 3, 2]
    assert counts_from_weights([1, 1, 1], 10).sum() == 10


def test_evolve_command_writes_tables_plot_and_animation(tmp_path):
    out = tmp_path / "evo"
    result = CliRunner().invoke(
        main,
        [
            "evolve",
            *FIELD,
            "--initial",
            "8,1,1",
            "--generations",
            "40",
            "--out",
            str(out),
            "--animate",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "Final shares: Tit For Tat 100.0%" in result.output
    shares = pd.read_csv(out / "shares.csv")
    assert list(shares.columns) == ["generation", "role", "strategy", "share"]
    assert len(shares) == 41 * 3
    assert (out / "shares.png").exists() and (out / "final_shares.csv").exists()
    assert (out / "evolution.gif").read_bytes()[:6] == b"GIF89a"


def test_moran_command_reports_fixation(tmp_path):
    out = tmp_path / "moran"
    result = CliRunner().invoke(
        main,
        [
            "evolve",
            "Tit For Tat",
            "Defector",
            "--model",
            "moran",
            "--population",
            "10",
            "--runs",
            "300",
            "--generations",
            "200",
            "--out",
            str(out),
            "--no-plots",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "Fixation probabilities (95% CI):" in result.output
    fixation = pd.read_csv(out / "fixation.csv")
    assert list(fixation["strategy"]) == ["Tit For Tat", "Defector"]
    assert fixation["probability"].sum() == pytest.approx(1.0)


def test_invade_command():
    result = CliRunner().invoke(
        main, ["invade", "TFT", "Defector", "--mutants", "2", "--runs", "300"]
    )
    assert result.exit_code == 0, result.output
    assert "2 Tit For Tat in a population of 20 Defector: takes over with probability" in (
        result.output
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["evolve", "--model", "moran", "--population", "1"], "population must be an integer >= 2"),
        (["evolve", "--generations", "0"], "generations must be an integer >= 1, got 0"),
        (["evolve", "--mutation", "1.5"], "mutation rate must be a probability in [0, 1]"),
        (["evolve", "--model", "moran", "--selection", "-1"], "selection intensity must be"),
        (["evolve", "--model", "moran", "--runs", "0"], "runs must be an integer >= 1"),
        (["evolve", "TFT", "Defector", "--initial", "1,2,3"], "got 3 numbers for 2 strategies"),
        (["evolve", "TFT", "Defector", "--initial", "1,x"], "expected comma-separated weights"),
        (["evolve", "TFT", "Defector", "--initial", "0,0"], "not all 0"),
        (["invade", "TFT", "Defector", "--mutants", "20"], "must be fewer than the population"),
        (["invade", "TFT", "Defector", "--population", "1"], "population must be an integer"),
    ],
)
def test_bad_evolution_input(args, message, tmp_path):
    if args[0] == "evolve":
        args = [*args, "--out", str(tmp_path / "o")]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2, result.output
    assert message in result.output and "Traceback" not in result.output
    assert not (tmp_path / "o").exists()  # nothing created for a bad command
