"""The Moran process as the Axelrod library runs it (tournament.evolution.moran_library).

Against the library (axelrod 4.13): each step's fitness equals the library's
``score_all`` exactly for deterministic strategies (birth-death, the library's
death-birth with its pairing, graphs); fixation frequencies agree with the library's
``MoranProcess`` and ``ApproximateMoranProcess`` within a two-sample test. The library
is slow (about 0.4 ms per match, even from its cache), so it runs 100 to 250 times per
case; with our 4,000 runs the test allows 4 standard errors of the difference of the two
proportions (0.12 to 0.19 for proportions from 0.1 to 0.5: it catches a gross error, not
a subtle one; false alarms 1 in 16,000, and the seeds are fixed, so the outcome is too).
The exact checks of each step's scores and of the formulas carry the precision: against
exact results, the birth-death and death-birth fixation formulas within 4 standard
errors of 10,000 runs (about 0.02).
"""

from __future__ import annotations

import functools
import json
from collections import Counter

import axelrod as axl
import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

from strategies.errors import IPDError
from tournament.cli import main
from tournament.core.games import Game
from tournament.evolution.moran_library import (
    MoranProcess,
    OutcomeTable,
    fixation_probability,
    population,
    sample_outcomes,
)

OURS = 4000
Z = 4.0

#: The library's players for the strategies used here (their names are ours too).
LIBRARY = {
    "Tit For Tat": axl.TitForTat,
    "Defector": axl.Defector,
    "Cooperator": axl.Cooperator,
    "Alternator": axl.Alternator,
    "Grudger": axl.Grudger,
    "Random": axl.Random,
}


def library_player(name: str) -> axl.Player:
    return LIBRARY[name]()


def library_graph(spec: str | None, size: int) -> axl.graph.Graph | None:
    """The library's graph for one of ours."""
    if spec is None:
        return None
    if spec == "ring":
        return axl.graph.cycle(size)
    if spec == "lattice:2x3":
        return axl.graph.Graph([(0, 1), (1, 2), (3, 4), (4, 5), (0, 3), (1, 4), (2, 5)])
    raise ValueError(spec)


@functools.cache
def library_fixation(individuals: tuple[str, ...], runs: int, **kwargs) -> float:
    """Share of ``runs`` library runs (seeds 0, 1, ...) won by the first strategy."""
    graph = library_graph(kwargs.pop("graph", None), len(individuals))
    wins = 0
    for seed in range(runs):
        players = [library_player(name) for name in individuals]
        process = axl.MoranProcess(players, interaction_graph=graph, seed=seed, **kwargs)
        process.play()
        wins += process.winning_strategy_name == str(players[0])
    return wins / runs


def ours_fixation(individuals, runs: int = OURS, **kwargs) -> float:
    return float(
        MoranProcess(list(individuals), seed=5, **kwargs).play(runs).fixation["probability"][0]
    )


def assert_same_proportion(p1: float, n1: int, p2: float, n2: int) -> None:
    """Two estimated proportions agree within ``Z`` standard errors of their difference."""
    pooled = (p1 * n1 + p2 * n2) / (n1 + n2)
    se = np.sqrt(max(pooled * (1 - pooled), 1e-4) * (1 / n1 + 1 / n2))
    assert abs(p1 - p2) <= Z * se, f"{p1:.3f} ({n1} runs) vs {p2:.3f} ({n2} runs), se {se:.3f}"


# -- each step's fitness is the library's, exactly ----------------------------------------

FIELD = ("Tit For Tat", "Defector", "Alternator", "Grudger", "Tit For Tat", "Defector")


@pytest.mark.parametrize("mode", ["bd", "db"])
@pytest.mark.parametrize("graph", [None, "ring", "lattice:2x3"])
def test_each_step_scores_as_the_library_scores(mode, graph):
    """Deterministic strategies: the same total score per turn for every individual,
    in death-birth mode for every individual that can die (the library pairs the
    *position* of each neighbour of the dead one with that neighbour's neighbours)."""
    ours = MoranProcess(list(FIELD), turns=20, mode=mode, interaction_graph=graph, seed=1)
    for dead in range(len(FIELD)) if mode == "db" else [None]:
        players = [library_player(name) for name in FIELD]
        lib = axl.MoranProcess(
            players, turns=20, mode=mode, interaction_graph=library_graph(graph, 6), seed=1
        )
        if dead is not None:
            lib.dead, lib.players[dead] = dead, None
        expected = np.array(lib.score_all(), dtype=float)
        assert ours.fitness(dead=dead) == pytest.approx(expected, rel=1e-12, abs=1e-12)


# -- fixation against the library's MoranProcess -------------------------------------------

CASES = {
    "birth-death": (("Tit For Tat",) + ("Defector",) * 3, 100, {"turns": 5}),
    "death-birth": (("Cooperator",) * 2 + ("Defector",) * 2, 250, {"turns": 5, "mode": "db"}),
    "noisy": (("Tit For Tat",) * 2 + ("Defector",) * 2, 100, {"turns": 5, "noise": 0.1}),
    "random lengths": (("Tit For Tat",) + ("Defector",) * 3, 120, {"prob_end": 0.2}),
    "ring": (("Tit For Tat",) * 2 + ("Defector",) * 3, 80, {"turns": 5, "graph": "ring"}),
}


@pytest.mark.parametrize("case", list(CASES))
def test_fixation_agrees_with_the_library(case):
    individuals, runs, kwargs = CASES[case]
    expected = library_fixation(individuals, runs, **kwargs)
    ours_kwargs = dict(kwargs)
    ours_kwargs["interaction_graph"] = ours_kwargs.pop("graph", None)
    assert_same_proportion(ours_fixation(individuals, **ours_kwargs), OURS, expected, runs)


def test_the_library_death_birth_is_not_the_textbook_one():
    """With Cooperator and Defector the library's death-birth pairing (an individual may
    play itself) favours cooperators: 0.19 against 0.115 for the textbook process."""
    individuals, runs, kwargs = CASES["death-birth"]
    library = ours_fixation(individuals, **kwargs)
    textbook = ours_fixation(individuals, db_variant="neighbours", **kwargs)
    exact = fixation_probability([[3, 0], [5, 1]], 4, 2, mode="db")
    assert textbook == pytest.approx(exact, abs=Z * np.sqrt(exact * (1 - exact) / OURS))
    assert library - textbook > 0.05
    assert_same_proportion(library, OURS, library_fixation(individuals, runs, **kwargs), runs)


def test_mutation_agrees_with_the_library():
    """With mutation (never absorbing): the mean number of defectors after 15 steps."""
    steps, runs = 15, 50
    individuals = ["Cooperator"] * 2 + ["Defector"] * 2
    counts = []
    for seed in range(runs):
        players = [library_player(name) for name in individuals]
        process = axl.MoranProcess(
            players, turns=5, mutation_rate=0.2, stop_on_fixation=False, seed=seed
        )
        for _ in range(steps):
            next(process)
        counts.append(process.populations[-1].get("Defector", 0))
    ours = MoranProcess(
        individuals, turns=5, mutation_rate=0.2, max_steps=steps, stop_on_fixation=False, seed=2
    ).play(OURS)
    mean = ours.mean_counts()["Defector"].iloc[-1]
    spread = np.std(counts) * np.sqrt(1 / runs + 1 / OURS)
    assert abs(mean - np.mean(counts)) <= Z * spread


# -- the approximate process ------------------------------------------------------------


def test_approximate_agrees_with_played_and_with_the_library():
    """Sampling outcomes from pre-played matches (Random is stochastic) gives the played
    process's fixation; the library's ApproximateMoranProcess, given the same outcomes
    as its ``cached_outcomes`` (Pdf objects), agrees too."""
    individuals = ["Tit For Tat"] * 2 + ["Random"] * 3
    kwargs = {"turns": 10}
    played = ours_fixation(individuals, **kwargs)
    sampled = ours_fixation(individuals, approximate=300, **kwargs)
    assert_same_proportion(sampled, OURS, played, OURS)

    players = MoranProcess(individuals, seed=1, **kwargs).strategies
    table = sample_outcomes(players, MoranProcess(individuals, **kwargs).settings, 300, seed=3)
    ours_cached, library_cached = {}, {}
    for a in range(2):
        for b in range(a, 2):
            block = table.samples[table.start[a, b] : table.start[a, b] + table.count[a, b]]
            counter = Counter(map(tuple, block))
            names = tuple(str(library_player(table.labels[i])) for i in (a, b))
            library_cached[names] = axl.random_.Pdf(counter, seed=a + b)
            ours_cached[(table.labels[a], table.labels[b])] = counter
    ours = ours_fixation(individuals, approximate=ours_cached)
    runs, wins = 100, 0
    for seed in range(runs):
        process = axl.ApproximateMoranProcess(
            [library_player(n) for n in individuals], library_cached, seed=seed
        )
        process.play()
        wins += process.winning_strategy_name == "Tit For Tat"
    assert_same_proportion(ours, OURS, wins / runs, runs)
    assert_same_proportion(ours, OURS, played, OURS)


def test_outcome_tables_from_the_library_mapping():
    table = OutcomeTable.from_mapping(
        {("A", "A"): [(3, 3)], ("B", "A"): {(5, 0): 1, (1, 1): 3}, ("B", "B"): [(1, 1)]},
        ["A", "B"],
    )
    assert table.mean_payoffs() == pytest.approx(np.array([[3, 0.75], [2, 1]]))
    with pytest.raises(IPDError, match=r"no entry for \('A', 'B'\)"):
        OutcomeTable.from_mapping({("A", "A"): [(3, 3)]}, ["A", "B"])


# -- exact fixation probabilities -------------------------------------------------------


def test_exact_formula_in_simple_cases():
    assert fixation_probability([[1, 1], [1, 1]], 10, mutants=3) == pytest.approx(0.3)
    r, n = 1.5, 8  # constant fitness: (1 - 1/r) / (1 - 1/r^N)
    assert fixation_probability([[r, r], [1, 1]], n) == pytest.approx((1 - 1 / r) / (1 - 1 / r**n))
    assert fixation_probability([[3, 0], [5, 1]], 10) == 0.0  # a lone cooperator never breeds
    assert fixation_probability([[3, 0], [5, 1]], 10, mutants=10) == 1.0


@pytest.mark.parametrize(
    ("individuals", "kwargs"),
    [
        (["Tit For Tat"] + ["Defector"] * 9, {"turns": 10}),
        (
            ["Tit For Tat"] * 3 + ["Defector"] * 5,
            {"turns": 10, "mode": "db", "db_variant": "neighbours"},
        ),
        (
            ["Tit For Tat"] * 2 + ["Defector"] * 4,
            {"turns": 10, "fitness_transformation": lambda s: np.exp(0.3 * s)},
        ),
    ],
)
def test_two_strategies_agree_with_the_exact_formula(individuals, kwargs):
    runs = 10_000
    process = MoranProcess(individuals, seed=4, **kwargs)
    exact = process.exact_fixation()[0]
    simulated = process.play(runs).fixation["probability"][0]
    assert simulated == pytest.approx(exact, abs=Z * np.sqrt(exact * (1 - exact) / runs))


def test_exact_fixation_only_where_a_formula_applies():
    pair = ["Tit For Tat", "Defector", "Defector", "Defector"]
    assert MoranProcess(pair, turns=5).exact_fixation() is not None
    assert MoranProcess(pair, turns=5, mode="db").exact_fixation() is None  # library pairing
    assert MoranProcess(pair, turns=5, interaction_graph="ring").exact_fixation() is None
    assert MoranProcess([*pair, "Grudger"], turns=5).exact_fixation() is None


# -- runs, results and reproducibility ----------------------------------------------------


def test_runs_are_reproducible_and_do_not_depend_on_how_many_there_are():
    """Run r draws its choices from its own stream: with deterministic matches, and with
    independent_runs for stochastic ones, the first runs are the same among 5 or 40."""
    field = ["Tit For Tat"] * 2 + ["Defector"] * 3 + ["Grudger"]
    for kwargs in (
        {"turns": 5, "mode": "db", "interaction_graph": "ring"},
        {"turns": 5, "noise": 0.1, "independent_runs": True},
        {"turns": 5, "approximate": 20, "mutation_rate": 0.1, "max_steps": 30},
    ):
        process = MoranProcess(field, seed=3, **kwargs)
        few, many = process.play(5).counts(), process.play(40).counts()
        pd.testing.assert_frame_equal(few, many[many["run"] < 5].reset_index(drop=True))
        pd.testing.assert_frame_equal(few, MoranProcess(field, seed=3, **kwargs).play(5).counts())


def test_results_tables_and_files(tmp_path):
    process = MoranProcess(population(["Tit For Tat", "Defector", "Grudger"], 9), turns=5, seed=2)
    runs = process.play(50)
    counts = runs.counts()
    assert list(counts.columns) == ["run", "step", "strategy", "count"]
    assert (counts.groupby(["run", "step"])["count"].sum() == 9).all()
    assert len(counts) == 3 * int((runs.runs["steps"] + 1).sum())
    first = runs.populations(0)
    assert first[0] == {"Tit For Tat": 3, "Defector": 3, "Grudger": 3}
    assert len(first) == runs.runs["steps"][0] + 1 and len(first[-1]) == 1
    assert runs.runs["fixated"].all()
    assert runs.fixation["fixations"].sum() == 50
    assert runs.mean_counts().sum(axis=1).to_numpy() == pytest.approx(9.0)
    runs.write(tmp_path)
    for name in ("runs.csv", "fixation.csv", "mean_population.csv", "populations.csv"):
        assert (tmp_path / name).exists(), name
    assert (tmp_path / "population.png").exists() and (tmp_path / "mean_population.png").exists()
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    assert manifest["parameters"]["mode"] == "bd" and manifest["parameters"]["runs"] == 50


def test_mutation_along_a_matrix(tmp_path):
    """Every offspring mutates (rate 1) and the matrix sends every mutant to Defector:
    Defector takes over in every run, at the first step it is born everywhere. The same
    matrix read from a file with named rows and columns in another order."""
    field = ["Tit For Tat"] * 3 + ["Defector"]
    to_defector = np.array([[0.0, 1.0], [0.0, 1.0]])
    runs = MoranProcess(
        field, turns=5, mutation_rate=1, mutation_matrix=to_defector, max_steps=99, seed=1
    )
    result = runs.play(100)
    assert (result.trajectories.born[result.trajectories.born >= 0] == 1).all()
    assert (result.winners == 1).all()
    matrix = tmp_path / "mutation.csv"
    matrix.write_text("strategy,Defector,Tit For Tat\nDefector,1,0\nTit For Tat,1,0\n")
    from_file = MoranProcess(
        field, turns=5, mutation_rate=1, mutation_matrix=matrix, max_steps=99, seed=1
    )
    np.testing.assert_array_equal(from_file.play(100).trajectories.born, result.trajectories.born)
    with pytest.raises(IPDError, match="expected 3 rows of 3 probabilities"):
        MoranProcess([*field, "Grudger"], mutation_rate=1, mutation_matrix=matrix)


# -- the command ---------------------------------------------------------------------------


def test_evolve_played_prints_the_exact_probability(tmp_path):
    out = tmp_path / "played"
    result = CliRunner().invoke(
        main,
        ["evolve", "TFT", "Defector", "--played", "--population", "6", "--runs", "300",
         "--turns", "10", "--out", str(out)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "Moran process with played matches (birth-death" in result.output
    assert "Exact (birth-death formula, 3 Tit For Tat among 3 Defector): 0." in result.output
    fixation = pd.read_csv(out / "fixation.csv")
    assert list(fixation["strategy"]) == ["Tit For Tat", "Defector"]
    assert "exact" in fixation.columns
    assert (out / "population.png").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--mode", "db"], "--mode applies to the played Moran process: add --played"),
        (["--played", "--generations", "5"], "--generations does not apply to the played"),
        (["--played", "--mutation-method", "atomic"], "evolvable players"),
        (["--played", "--interaction-graph", "rong"], "Did you mean: 'ring'?"),
        (["--played", "--interaction-graph", "lattice:3x3"], "the population has 20 individuals"),
        (["--played", "--mutation", "0.1"], "give max_steps (ipd evolve: --steps)"),
        (["--played", "--game", "supplier-buyer"], "needs a symmetric game"),
        (["--played", "--model", "ecological"], "does not go with --model ecological"),
        (["--played", "--population", "1"], "population must be an integer >= 2"),
        (["--played", "--approximate", "0"], "must be an integer >= 1, got 0"),
        (
            ["--played", "--steps", "5", "--mutation", "0.1", "--mutation-matrix", "no.csv"],
            "not found",
        ),
        (["--played", "--initial", "1,2,3"], "got 3 numbers for 2 strategies"),
    ],
)
def test_bad_played_input(args, message, tmp_path):
    result = CliRunner().invoke(
        main, ["evolve", "TFT", "Defector", *args, "--out", str(tmp_path / "o")]
    )
    assert result.exit_code == 2, result.output
    assert message in result.output and "Traceback" not in result.output
    assert not (tmp_path / "o").exists()


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"mode": "dd"}, "mode 'dd': expected one of 'bd', 'db'"),
        ({"db_variant": "x"}, "db_variant 'x'"),
        ({"mutation_matrix": [[0.5, 0.2], [0, 1]]}, "row 0 sums to 0.7, expected 1"),
        ({"reproduction_graph": [[0, 1], [1, 2]]}, "individual 3 has no neighbour"),
        ({"fitness_transformation": 3}, "fitness_transformation must be a function"),
        ({"approximate": {("Tit For Tat", "Tit For Tat"): [(3, 3)]}}, "no entry for"),
        (
            {
                "mode": "db",
                "db_variant": "neighbours",
                "reproduction_graph": [[0, 0], [1, 2], [2, 3], [1, 3]],
            },
            "no neighbour but itself",
        ),
    ],
)
def test_bad_process_input(kwargs, message):
    with pytest.raises(IPDError, match=None) as error:
        MoranProcess(["Tit For Tat", "Tit For Tat", "Defector", "Defector"], turns=5, **kwargs)
    assert message in str(error.value)


def test_negative_payoffs_need_a_fitness_transformation():
    game = Game.from_rstp(3, -1, 5, 0)
    individuals = ["Cooperator", "Defector", "Defector"]
    with pytest.raises(IPDError, match="fitness must be finite and non-negative"):
        MoranProcess(individuals, turns=5, game=game).play(5)
    runs = MoranProcess(individuals, turns=5, game=game, fitness_transformation=np.exp)
    assert runs.play(5).n_runs == 5
