"""Fingerprints (tournament.research): Ashlock and transitive fingerprints agree with the
Axelrod library's AshlockFingerprint and TransitiveFingerprint, the exact Markov values
agree with long simulations, and ``ipd fingerprint`` writes its files and refuses bad
input in one line.

Tolerances. Deterministic strategies against deterministic probes (the corners of the
grid, x and y in {0, 1}) and opponents (Random(0), Random(1)) must give exactly the
library's values. Elsewhere both sides are Monte Carlo: a point agrees when the
difference is within ``Z`` = 4.5 standard errors of the difference (each side's standard
error from its spread over repetitions; a point where both spreads are zero must agree
exactly). With the library's 24-30 repetitions a t-statistic passes 4.5 by chance about
once in 5,000 comparisons, and this file makes about 200. Every run is seeded, so the
tests are reproducible.
"""

from __future__ import annotations

import json
import warnings

import axelrod as axl
import numpy as np
import pandas as pd
import pytest
from axelrod.interaction_utils import compute_final_score_per_turn
from click.testing import CliRunner

from strategies.errors import IPDError
from tournament.agreement.library import library_player
from tournament.cli import main
from tournament.core.games import get_game
from tournament.core.players import create_player
from tournament.research import (
    ashlock_fingerprint,
    fingerprint_points,
    jossann_vectors,
    transitive_fingerprint,
)
from tournament.research import fingerprints as fingerprints_module
from tournament.research.exact import ashlock_exact

Z = 4.5
TINY = 1e-9


# -- the library's side --------------------------------------------------------------


def library_ashlock(player, probe, turns: int, repetitions: int, step: float, seed: int):
    """The library's points and its per-repetition scores per turn, ``(points, reps)``."""
    fingerprint = axl.AshlockFingerprint(player, probe)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fingerprint.fingerprint(
            turns=turns, repetitions=repetitions, step=step, progress_bar=False, seed=seed
        )
    scores = np.array(
        [
            [compute_final_score_per_turn(match)[0] for match in fingerprint.interactions[edge]]
            for edge in [(0, k + 1) for k in range(len(fingerprint.points))]
        ]
    )
    return [(float(p.x), float(p.y)) for p in fingerprint.points], scores


def _cooperation_by_turn(filename: str) -> np.ndarray:
    """The library's ``analyse_cooperation_ratio`` fails under numpy 2 (its
    ``np.vectorize`` returns lists): the same table, the strategy's (player index 0)
    cooperation rate per opponent and turn, read with pandas."""
    table = pd.read_csv(filename)
    table = table[table["Player index"] == 0]
    rates = {
        index: np.mean([[move == "C" for move in actions] for actions in group["Actions"]], 0)
        for index, group in table.groupby("Opponent index")
    }
    return np.array([rates[index] for index in sorted(rates)])


@pytest.fixture
def library_transitive(monkeypatch):
    monkeypatch.setattr(
        axl.TransitiveFingerprint,
        "analyse_cooperation_ratio",
        staticmethod(_cooperation_by_turn),
    )

    def run(player, opponents, turns: int, repetitions: int, seed: int) -> np.ndarray:
        fingerprint = axl.TransitiveFingerprint(player, opponents=opponents)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return fingerprint.fingerprint(
                turns=turns, repetitions=repetitions, progress_bar=False, seed=seed
            )

    return run


def _z(diff: np.ndarray, se: np.ndarray) -> np.ndarray:
    """``|diff| / se``; where ``se`` is zero, 0 if the values are equal, else infinite."""
    diff, se = np.abs(diff), np.asarray(se)
    return np.where(se > TINY, diff / np.where(se > TINY, se, 1), np.where(diff < TINY, 0, np.inf))


# -- the probes ------------------------------------------------------------------------


def test_points_are_the_librarys_grid_in_its_order():
    x, y = fingerprint_points(0.3)  # floor(1 / 0.3) + 1 = 4 values per axis
    assert len(x) == 16
    assert x[:5] == pytest.approx([0, 0, 0, 0, 1 / 3])
    assert y[:5] == pytest.approx([0, 1 / 3, 2 / 3, 1, 0])
    assert len(fingerprint_points(0.01)[0]) == 101**2


def test_jossann_and_dual_vectors_of_a_memory_one_probe():
    """JossAnn(p, x, y) below the diagonal; Dual(JossAnn(p, 1 - x, 1 - y)) on and above
    it, the dual reading the probe's vector with its own move flipped."""
    p = np.array([0.9, 0.2, 0.6, 0.3])
    vectors, firsts = jossann_vectors(p, 0.8, np.array([0.1, 0.7, 0.6]), np.array([0.2, 0.6, 0.4]))
    assert vectors[0] == pytest.approx(0.1 + 0.7 * p)
    assert firsts[0] == pytest.approx(0.1 + 0.7 * 0.8)
    a, b = 1 - 0.7, 1 - 0.6  # the JossAnn inside the dual
    flipped = p[[2, 3, 0, 1]]
    assert vectors[1] == pytest.approx(1 - (a + (1 - a - b) * flipped))
    assert firsts[1] == pytest.approx(1 - (a + (1 - a - b) * 0.8))
    assert vectors[2] == pytest.approx([0.6] * 4) and firsts[2] == pytest.approx(0.6)  # Random


# -- Ashlock fingerprints against the library -------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "Tit For Tat",
        "Grudger",
        "Alternator",
        "Win-Stay Lose-Shift",
        "Tit For Two Tats",
        "Prober",
        "Gradual",
        "Suspicious Tit For Tat",
    ],
)
def test_deterministic_corners_equal_the_librarys(name):
    """x, y in {0, 1}: Tit For Tat, Defector, Cooperator and Tit For Tat's dual; every
    value exactly the library's."""
    points, theirs = library_ashlock(library_player(name), axl.TitForTat, 30, 1, 1.0, 1)
    ours = ashlock_fingerprint(name, turns=30, repetitions=1, step=1, seed=1)
    assert list(ours.to_dict(ours.strategies[0])) == points
    assert list(ours.to_dict(ours.strategies[0]).values()) == pytest.approx(theirs[:, 0], abs=0)


def test_the_dual_flips_the_probes_own_move():
    """A probe whose vector depends on its own move (cooperate only after CC): its dual
    at (1, 1) is not its complement; both match the library's transformers exactly."""
    probe = axl.MemoryOnePlayer(four_vector=(1, 0, 0, 0), initial=axl.Action.C)
    for name in ("Tit For Tat", "Alternator", "Prober"):
        _, theirs = library_ashlock(library_player(name), probe, 20, 1, 1.0, 1)
        ours = ashlock_fingerprint(
            name, "Memory One(probabilities=(1, 0, 0, 0))", turns=20, repetitions=1, step=1
        )
        assert ours.values["score"].tolist() == pytest.approx(theirs[:, 0], abs=0)


@pytest.mark.parametrize("name", ["Random", "Stochastic WSLS", "Generous Tit For Tat"])
def test_stochastic_memory_one_agrees_with_library_and_markov_chain(name):
    """The library's means are within Z standard errors of the exact values, and so are
    ours (4,000 repetitions)."""
    points, theirs = library_ashlock(library_player(name), axl.TitForTat, 20, 24, 0.5, 3)
    ours = ashlock_fingerprint(name, turns=20, repetitions=4000, step=0.5, seed=2, exact=True)
    exact = ours.values["exact"].to_numpy()
    se_theirs = theirs.std(axis=1, ddof=1) / np.sqrt(theirs.shape[1])
    assert _z(theirs.mean(axis=1) - exact, se_theirs).max() <= Z
    assert _z(ours.values["score"] - exact, ours.values["se"]).max() <= Z


@pytest.mark.parametrize(
    ("name", "probe", "library_probe"),
    [
        ("Grudger", "Tit For Tat", axl.TitForTat),
        ("Joss", "Tit For Tat", axl.TitForTat),
        ("Tit For Tat", "Grudger", axl.Grudger),  # a probe that is not memory-one
    ],
)
def test_other_strategies_and_probes_agree_with_the_library(name, probe, library_probe):
    _, theirs = library_ashlock(library_player(name), library_probe, 20, 30, 0.5, 5)
    ours = ashlock_fingerprint(name, probe, turns=20, repetitions=2000, step=0.5, seed=4)
    se = np.sqrt(theirs.var(axis=1, ddof=1) / theirs.shape[1] + ours.values["se"] ** 2)
    assert _z(theirs.mean(axis=1) - ours.values["score"], se).max() <= Z


def test_a_probe_that_is_not_memory_one_plays_the_librarys_corners():
    """Grudger as the probe, through the transformers (JossAnn, Dual)."""
    for name in ("Tit For Tat", "Alternator", "Defector"):
        _, theirs = library_ashlock(library_player(name), axl.Grudger, 20, 1, 1.0, 1)
        ours = ashlock_fingerprint(name, "Grudger", turns=20, repetitions=1, step=1)
        assert ours.values["score"].tolist() == pytest.approx(theirs[:, 0], abs=0)


# -- exact values ----------------------------------------------------------------------


def test_exact_values_agree_with_long_simulations():
    """With noise every chain is ergodic: 1,000-turn matches reach the expected value
    over 1,000 turns within Z standard errors; the long-run value is the limit of the
    expected value over more and more turns (within 0.001 at 100,000 turns)."""
    fp = ashlock_fingerprint(
        ["Win-Stay Lose-Shift", "Generous Tit For Tat"],
        turns=1000,
        repetitions=100,
        step=0.25,
        noise=0.02,
        seed=8,
        exact=True,
    )
    values = fp.values
    assert _z(values["score"] - values["exact"], values["se"]).max() <= Z
    x, y = fingerprint_points(0.25)
    for strategy in fp.strategies:
        long_run = values.loc[values["strategy"] == strategy, "long_run"].to_numpy()
        player, probe = create_player(strategy), create_player("TFT")
        far = ashlock_exact(player, probe, x, y, 10**5, 0.02, get_game("classic"))
        assert np.abs(far - long_run).max() < 1e-3


def test_exact_needs_memory_one_strategies():
    with pytest.raises(IPDError, match="'Grudger' is not one"):
        ashlock_fingerprint("Grudger", step=1, exact=True)
    with pytest.raises(IPDError, match="probe 'Grudger' is not one"):
        ashlock_fingerprint("Tit For Tat", "Grudger", step=1, exact=True)
    with pytest.raises(IPDError, match="opponent 'Grudger' is not one"):
        transitive_fingerprint("Tit For Tat", ["Grudger"], exact=True)


# -- transitive fingerprints -----------------------------------------------------------


def test_transitive_deterministic_rows_equal_the_librarys(library_transitive):
    """Against Random(0) and Random(1) (deterministic), every turn is the library's."""
    opponents = ["Random(0)", "Random(1)", "Alternator"]
    for name in ("Tit For Tat", "Grudger", "Prober", "Gradual"):
        library = [axl.Random(0), axl.Random(1), axl.Alternator()]
        theirs = library_transitive(library_player(name), library, 25, 3, 1)
        ours = transitive_fingerprint(name, opponents, turns=25, repetitions=3, seed=1)
        assert np.array_equal(ours.matrix(ours.strategies[0]), theirs)


@pytest.mark.parametrize("name", ["Grudger", "Generous Tit For Tat", "Joss"])
def test_transitive_agrees_with_the_library(library_transitive, name):
    """The default spectrum of Random opponents (5 of them here): each cell's
    cooperation rate within Z pooled binomial standard errors."""
    opponents = [axl.Random(p) for p in np.linspace(0, 1, 5)]
    theirs = library_transitive(library_player(name), opponents, 15, 200, 2)
    ours = transitive_fingerprint(name, number_of_opponents=5, turns=15, repetitions=5000, seed=3)
    mine = ours.matrix(ours.strategies[0])
    pooled = (200 * theirs + 5000 * mine) / 5200
    se = np.sqrt(pooled * (1 - pooled) * (1 / 200 + 1 / 5000))
    assert _z(theirs - mine, se).max() <= Z


def test_transitive_exact_agrees_with_simulation():
    fp = transitive_fingerprint(
        ["Win-Stay Lose-Shift", "Generous Tit For Tat"],
        number_of_opponents=6,
        turns=30,
        repetitions=4000,
        noise=0.05,
        seed=4,
        exact=True,
    )
    p = fp.values["exact"]
    assert _z(fp.values["cooperation"] - p, np.sqrt(p * (1 - p) / 4000)).max() <= Z


def test_chunks_do_not_change_deterministic_values(monkeypatch):
    """Matches split over many chunks (a pair's repetitions in two chunks) sum up the
    same: deterministic strategies and opponents give the values of one batch."""
    names, opponents = ["Tit For Tat", "Grudger"], ["Alternator", "Defector", "Random(1)"]
    whole = transitive_fingerprint(names, opponents, turns=10, repetitions=7, seed=1)
    ashlock = ashlock_fingerprint(names, turns=10, repetitions=3, step=1, seed=1)
    monkeypatch.setattr(fingerprints_module, "CHUNK_CELLS", 2 * 10 * 5)  # 5 matches a chunk
    split = transitive_fingerprint(names, opponents, turns=10, repetitions=7, seed=1)
    pd.testing.assert_frame_equal(whole.values, split.values)
    again = ashlock_fingerprint(names, turns=10, repetitions=3, step=1, seed=1)
    pd.testing.assert_frame_equal(ashlock.values, again.values)


# -- the results objects ---------------------------------------------------------------


def test_results_shapes_and_reproducibility(tmp_path):
    fp = ashlock_fingerprint(["TFT", "Random(0.3)"], turns=10, repetitions=3, step=0.5, seed=9)
    assert fp.strategies == ["Tit For Tat", "Random(p=0.3)"]
    grid = fp.grid("Tit For Tat")
    assert grid.shape == (3, 3) and list(grid.index) == [1.0, 0.5, 0.0]
    assert grid.at[0.0, 0.0] == 3.0  # TFT against TFT
    again = ashlock_fingerprint(["TFT", "Random(0.3)"], turns=10, repetitions=3, step=0.5, seed=9)
    pd.testing.assert_frame_equal(fp.values, again.values)
    tf = transitive_fingerprint("TFT", number_of_opponents=4, turns=6, repetitions=10, seed=1)
    assert tf.matrix("Tit For Tat").shape == (4, 6) and len(tf.opponents) == 4
    with pytest.raises(IPDError, match="no fingerprint of 'Grudger'"):
        fp.grid("Grudger")
    with pytest.raises(IPDError, match="no column 'exact'"):
        fp.grid("Tit For Tat", "exact")
    with pytest.raises(IPDError, match="given twice"):
        ashlock_fingerprint(["TFT", "Tit For Tat"], step=1)
    with pytest.raises(IPDError, match="step must be"):
        ashlock_fingerprint("TFT", step=1.5)
    with pytest.raises(IPDError, match="repetitions must be"):
        transitive_fingerprint("TFT", repetitions=0)


# -- the command -----------------------------------------------------------------------


@pytest.fixture
def run():
    runner = CliRunner()
    return lambda *args: runner.invoke(main, list(args), catch_exceptions=False)


def test_cli_ashlock_writes_values_manifest_and_figures(run, tmp_path):
    out = tmp_path / "fp"
    result = run(
        "fingerprint", "TFT", "WSLS", "--step", "0.5", "--turns", "10", "--repetitions", "4",
        "--exact", "--out", str(out),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "Ashlock fingerprint of 2 strategies" in result.output
    assert (
        "Win-Stay Lose-Shift: mean" in result.output and "gap to the exact value" in result.output
    )
    values = pd.read_csv(out / "fingerprint.csv")
    assert list(values.columns) == ["strategy", "x", "y", "score", "se", "exact", "long_run"]
    assert len(values) == 2 * 9
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["kind"] == "ashlock" and manifest["probe"] == "Tit For Tat"
    assert manifest["points"] == 9 and manifest["seed"] == 1
    assert (out / "tit-for-tat.png").stat().st_size > 0
    assert (out / "win-stay-lose-shift.png").stat().st_size > 0


def test_cli_transitive_with_named_opponents(run, tmp_path):
    out = tmp_path / "tf"
    result = run(
        "fingerprint", "Grudger", "--kind", "transitive", "--opponent", "Defector",
        "--opponent", "Random(0.5)", "--turns", "5", "--repetitions", "20", "--no-plots",
        "--out", str(out),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    values = pd.read_csv(out / "fingerprint.csv")
    assert set(values["opponent"]) == {"Defector", "Random"}
    assert len(values) == 2 * 5 and not list(out.glob("*.png"))
    first = values[values["turn"] == 1]
    assert first["cooperation"].tolist() == [1.0, 1.0]  # Grudger opens with C


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["TFT", "--step", "0"], "step must be a number in (0, 1]"),
        (["TFT", "--kind", "transitive", "--step", "0.1"], "--step applies to --kind ashlock"),
        (["TFT", "--opponents", "5"], "--opponents applies to --kind transitive"),
        (["TFT", "--probe", "Tit For Tatt"], "unknown strategy 'Tit For Tatt'"),
        (["Grudger", "--step", "1", "--exact"], "'Grudger' is not one"),
        (["TFT", "--repetitions", "0"], "repetitions must be a positive integer"),
        (["TFT", "--noise", "1.5"], "noise must be a probability"),
        (["TFT", "TFT", "--step", "1"], "given twice"),
    ],
)
def test_cli_refuses_bad_input_in_one_line(run, tmp_path, args, message):
    result = run("fingerprint", *args, "--out", str(tmp_path / "never"))
    assert result.exit_code == 2
    error = result.output.strip().splitlines()
    assert len(error) == 1 and error[0].startswith("Error: ") and message in error[0]
    assert not (tmp_path / "never").exists()


def test_cli_refuses_an_out_that_is_a_file(run, tmp_path):
    path = tmp_path / "file.txt"
    path.write_text("x")
    result = run("fingerprint", "TFT", "--step", "1", "--out", str(path))
    assert result.exit_code == 2 and "is a file" in result.output
