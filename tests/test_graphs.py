"""Tournaments on graphs (who plays whom): the graph constructors, edge-list files, the
results when not every pair plays, agreement with the Axelrod library's
``Tournament(edges=...)``, and ``ipd tournament --graph``."""

from __future__ import annotations

import json
import warnings

import axelrod as axl
import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

from strategies.errors import IPDError
from tournament.agreement.library import library_player
from tournament.cli import main
from tournament.core.graphs import (
    Graph,
    complete,
    lattice,
    normalise_edges,
    read_edges,
    resolve_graph,
    ring,
    seat_pairs,
    unmatched,
)
from tournament.core.round_robin import Tournament, round_robin_pairs

# -- constructors ------------------------------------------------------------------------


def _degrees(edges: np.ndarray, n: int) -> np.ndarray:
    return np.bincount(edges.ravel(), minlength=n)


def _is_normal(edges: np.ndarray) -> bool:
    """Undirected edges as the constructors return them: i <= j, each once, sorted."""
    return (edges[:, 0] <= edges[:, 1]).all() and (np.unique(edges, axis=0) == edges).all()


def test_complete_graph_is_the_round_robin_with_self_play():
    assert (complete(5) == round_robin_pairs(5, symmetric=True)).all()
    assert complete(4, loops=False).tolist() == [[0, 1], [0, 2], [0, 3], [1, 2], [1, 3], [2, 3]]


def test_ring_joins_each_strategy_to_its_k_nearest_on_each_side():
    assert ring(5).tolist() == [[0, 1], [0, 4], [1, 2], [2, 3], [3, 4]]
    two = ring(7, k=2)
    assert len(two) == 14 and (_degrees(two, 7) == 4).all() and _is_normal(two)
    assert [0, 5] in two.tolist() and [0, 3] not in two.tolist()
    # the largest k joins every pair once, without self-play
    assert (ring(6, k=3) == complete(6, loops=False)).all()
    assert ring(2).tolist() == [[0, 1]]


def test_lattice_is_a_von_neumann_grid_optionally_periodic():
    # 0 1 2
    # 3 4 5
    assert lattice(2, 3).tolist() == [[0, 1], [0, 3], [1, 2], [1, 4], [2, 5], [3, 4], [4, 5]]
    torus = lattice(3, 4, periodic=True)
    assert len(torus) == 24 and (_degrees(torus, 12) == 4).all() and _is_normal(torus)
    assert [0, 3] in torus.tolist() and [0, 8] in torus.tolist()  # wrapped row, column
    assert lattice(2, 2, periodic=True).tolist() == lattice(2, 2).tolist()  # no doubles
    assert lattice(1, 4).tolist() == [[0, 1], [1, 2], [2, 3]]
    assert lattice(1, 1, periodic=True).shape == (0, 2)  # no self-play from wrapping


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: ring(3, k=2), "ring:2 (k neighbours on each side) needs at least 4"),
        (lambda: ring(5, k=0), "ring: k (neighbours on each side) must be an integer >= 1"),
        (lambda: lattice(0, 3), "lattice: rows must be an integer >= 1"),
        (lambda: lattice(2, 2.5), "lattice: columns must be an integer >= 1"),
        (lambda: complete(0), "the number of strategies must be an integer >= 1"),
    ],
)
def test_constructors_refuse_bad_sizes(call, message):
    with pytest.raises(IPDError, match=message.replace("(", r"\(").replace(")", r"\)")):
        call()


def test_pairs_are_normalised_as_undirected_edges():
    edges = normalise_edges([(2, 0), (0, 2), (1, 1), (0, 2), (1, 2)], 3)
    assert edges.tolist() == [[0, 2], [1, 1], [1, 2]]
    assert normalise_edges(np.array([[1, 0]], dtype=np.int32), 2).tolist() == [[0, 1]]


@pytest.mark.parametrize(
    ("edges", "message"),
    [
        ([(0, 3)], "index 3 is out of range: the field has 3 strategies (indices 0 to 2)"),
        ([(-1, 0)], "index -1 is out of range"),
        ([(0, 1.0)], "strategy indices must be integers, got 1.0"),
        ([(0, 1, 2)], "expected pairs of strategy indices, shape (E, 2), got shape (1, 3)"),
        ([], "no edges given"),
    ],
)
def test_bad_pairs_say_what_is_wrong(edges, message):
    with pytest.raises(IPDError) as error:
        normalise_edges(edges, 3)
    assert message in str(error.value)


def test_asymmetric_games_play_each_edge_in_both_roles():
    edges = np.array([[0, 1], [1, 1], [1, 2]])
    assert seat_pairs(edges, symmetric=True) is edges
    assert seat_pairs(edges, symmetric=False).tolist() == [[0, 1], [1, 0], [1, 1], [1, 2], [2, 1]]
    assert (seat_pairs(complete(4), False) == round_robin_pairs(4, symmetric=False)).all()


def test_unmatched_finds_strategies_without_an_opponent():
    alone, only_self = unmatched(np.array([[0, 1], [2, 2]]), 4)
    assert alone.tolist() == [3] and only_self.tolist() == [2]


# -- edge-list files -----------------------------------------------------------------------

LABELS = ["Tit For Tat", "Defector", "Grudger", "Memory One(1, 0, 1, 0)"]


@pytest.mark.parametrize(
    "text",
    [
        "0,1\n1,2\n2,3\n",
        'source,target\nTit For Tat,Defector\ndefector,GRUDGER\n2,"Memory One(1, 0, 1, 0)"\n',
        "# a comment\n\nTFT\tDefector\n\n1\t2\n# another\nGrudger\tMemory One(1, 0, 1, 0)\n",
        "0 1\n2 1\n3 2\n1 0\n",  # blank-separated, (2, 1) and (1, 0) are the same edges
    ],
    ids=["indices", "csv-names-header-quoted", "tsv-comments-alias", "blanks-reversed"],
)
def test_edge_list_files_take_indices_names_and_aliases(tmp_path, text):
    path = tmp_path / "edges.csv"
    path.write_text(text)
    assert read_edges(path, LABELS).tolist() == [[0, 1], [1, 2], [2, 3]]


def test_edge_list_file_lists_self_play_only_where_it_is_listed(tmp_path):
    path = tmp_path / "edges.tsv"
    path.write_text("0\t1\n1\t1\n")
    assert read_edges(path, LABELS).tolist() == [[0, 1], [1, 1]]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "0,1\nTit For Tat,Grudgr\n",
            "line 2: 'Grudgr' is not a strategy of the field. Did you mean: 'Grudger'?",
        ),
        ("0,1\n0,7\n", "line 2: index 7 is out of range: the field has 4 strategies"),
        (
            "0,1,2\n",
            "line 1: expected two strategies (indices or names) separated by a "
            "comma or a tab, got '0,1,2'",
        ),
        ("0,\n", "line 1: expected two strategies"),
        ("# nothing\n\n", "lists no edges"),
        ("source,target\n", "lists no edges, only a header"),
        ('0,"1\n', "cannot read it as CSV or TSV"),
    ],
)
def test_bad_edge_list_files_give_one_line_errors(tmp_path, text, message):
    path = tmp_path / "edges.csv"
    path.write_text(text)
    with pytest.raises(IPDError) as error:
        read_edges(path, LABELS)
    assert message in str(error.value) and "\n" not in str(error.value)
    assert str(error.value).startswith("edge-list file edges.csv")


def test_missing_edge_list_file(tmp_path):
    with pytest.raises(IPDError, match="edge-list file '.*nope.csv' not found"):
        read_edges(tmp_path / "nope.csv", LABELS)
    with pytest.raises(IPDError, match="is a folder"):
        read_edges(tmp_path, LABELS)


# -- graph specifications ------------------------------------------------------------------


def test_named_graphs_and_their_parameters(tmp_path):
    names = [f"s{i}" for i in range(6)]
    assert resolve_graph(None, names).is_round_robin
    assert resolve_graph("Complete", names).is_round_robin
    assert resolve_graph("ring", names).name == "ring:1"
    two = resolve_graph("ring:2", names)
    assert two.name == "ring:2" and (two.edges == ring(6, 2)).all()
    grid = resolve_graph("lattice:2x3:periodic", names)
    assert grid.name == "lattice:2x3:periodic" and (grid.edges == lattice(2, 3, True)).all()
    assert resolve_graph([(1, 0)], names).name == "edges"
    path = tmp_path / "my.edges"
    path.write_text("0 1\n")
    assert resolve_graph(str(path), names).name == "file my.edges"
    assert resolve_graph(Graph(np.array([[1, 0]]), "mine"), names).edges.tolist() == [[0, 1]]


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("rign", "unknown graph 'rign'. Did you mean: 'ring'? Expected complete, ring[:K]"),
        (
            "lattice",
            "graph 'lattice': expected lattice:ROWSxCOLS[:periodic] (von Neumann "
            "neighbourhood); for 6 strategies, e.g. 'lattice:2x3'",
        ),
        ("lattice:3x3", "a 3x3 lattice has 9 places but the field has 6 strategies"),
        ("lattice:2x3:wrapped", "expected lattice:ROWSxCOLS[:periodic]"),
        ("ring:two", "graph 'ring:two': expected ring[:K]"),
        ("ring:4", "ring:4 (k neighbours on each side) needs at least 8 strategies, got 6"),
        ("complete:2", "graph 'complete:2': expected complete, without parameters"),
        ("edges.csv", "edge-list file 'edges.csv' not found"),
    ],
)
def test_bad_graph_specifications(spec, message):
    with pytest.raises(IPDError) as error:
        resolve_graph(spec, [f"s{i}" for i in range(6)])
    assert message in str(error.value)


# -- tournaments on graphs -------------------------------------------------------------------

FIELD = ["Tit For Tat", "Defector", "Grudger", "Alternator", "Cooperator", "Win-Stay Lose-Shift"]


@pytest.mark.parametrize(
    "options",
    [
        {"noise": 0.05, "players": [*FIELD, "Random"]},
        {"turns": None, "prob_end": 0.1},
        {"game": "supplier-buyer"},
    ],
    ids=["noisy-stochastic", "prob-end", "asymmetric"],
)
@pytest.mark.parametrize("edges", ["complete", "complete-array"])
def test_the_complete_graph_is_todays_round_robin(options, edges):
    """The same matches, the same random streams, the same numbers, the same manifest."""
    options = {"players": FIELD, "turns": 20, "repetitions": 3, "seed": 4} | options
    players = options.pop("players")
    given = "complete" if edges == "complete" else complete(len(players))
    plain = Tournament(players, **options).play()
    on_graph = Tournament(players, edges=given, **options).play()
    pd.testing.assert_frame_equal(plain.summary, on_graph.summary)
    pd.testing.assert_frame_equal(plain.payoff_matrix, on_graph.payoff_matrix)
    pd.testing.assert_frame_equal(plain.matches, on_graph.matches)
    if edges == "complete":
        assert plain.manifest()["parameters"] == on_graph.manifest()["parameters"]
    else:
        assert on_graph.manifest()["parameters"]["graph"] == "edges"


def test_scores_are_means_over_the_matches_played():
    """On the path TFT - Defector - Grudger - Alternator, each strategy's score is the
    mean of its score per turn over the matches it played; pairs that never met are gaps
    (NaN) in the payoff matrix."""
    edges = [(0, 1), (1, 2), (2, 3)]
    tour = Tournament(FIELD[:4], edges=edges, turns=10, repetitions=2, seed=0)
    assert tour.match_count == 6
    results = tour.play()
    per_turn = {  # score per turn in each match, deterministic
        ("Tit For Tat", "Defector"): (0.9, 1.4),
        ("Defector", "Grudger"): (1.4, 0.9),
        ("Grudger", "Alternator"): (2.7, 1.2),
    }
    expected = {
        "Tit For Tat": 0.9,
        "Defector": (1.4 + 1.4) / 2,
        "Grudger": (0.9 + 2.7) / 2,
        "Alternator": 1.2,
    }
    frame = results.scores_per_repetition
    for name, value in expected.items():
        assert frame.loc[name].tolist() == pytest.approx([value, value])
    payoffs = results.payoff_matrix
    for (a, b), (x, y) in per_turn.items():
        assert payoffs.loc[a, b] == pytest.approx(x) and payoffs.loc[b, a] == pytest.approx(y)
    assert payoffs.isna().to_numpy().sum() == 16 - 6  # every pair not played, and self-play
    summary = results.summary.set_index("strategy")
    assert summary.loc["Defector", "wins"] == 4 and summary.loc["Tit For Tat", "wins"] == 0
    assert results.ranking == ["Grudger", "Defector", "Alternator", "Tit For Tat"]


def test_asymmetric_game_on_a_graph_plays_both_roles_of_each_edge():
    tour = Tournament(FIELD[:3], game="supplier-buyer", edges="ring:1", turns=10, seed=0)
    assert tour.pairs.tolist() == [[0, 1], [0, 2], [1, 0], [1, 2], [2, 0], [2, 1]]
    path = Tournament(FIELD[:3], game="supplier-buyer", edges=[(0, 1), (1, 2)], turns=10)
    results = path.play()
    supplier = results.role_payoff_matrix("supplier")
    assert supplier.isna().to_numpy().tolist() == [
        [True, False, True],
        [False, True, False],
        [True, False, True],
    ]


def test_a_strategy_left_out_of_the_graph_is_refused_as_by_the_library():
    with pytest.raises(IPDError, match="the graph leaves 'Grudger' without a match"):
        Tournament(FIELD[:3], edges=[(0, 1)])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        players = [library_player(name) for name in FIELD[:3]]
        with pytest.raises(ValueError, match="do not include all players"):
            axl.Tournament(players, edges=[(0, 1)])


def test_a_strategy_that_only_plays_itself_is_warned_about_and_ranks_last():
    with pytest.warns(UserWarning, match="'Grudger' meets only itself: self-play does not"):
        tour = Tournament(FIELD[:3], edges=[(0, 1), (2, 2)], turns=5, repetitions=1)
    summary = tour.play().summary
    assert summary["strategy"].iloc[-1] == "Grudger"
    assert np.isnan(summary["score_per_turn"].iloc[-1])
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a one-strategy field counts its self-play
        Tournament(["Tit For Tat"], turns=5, repetitions=1)


def test_written_results_have_gaps_and_the_manifest_records_the_graph(tmp_path):
    results = Tournament(FIELD, edges="lattice:2x3", turns=10, repetitions=2, seed=1).play()
    out = results.write(tmp_path / "run")
    matrix = pd.read_csv(out / "payoff_matrix.csv", index_col=0)
    assert matrix.isna().to_numpy().sum() == 36 - 2 * 7
    assert np.isnan(matrix.loc["Tit For Tat", "Grudger"])  # 0 and 2 are not neighbours
    matches = pd.read_csv(out / "matches.csv")
    assert len(matches) == 2 * 7 * 2 and not matches["self_play"].any()
    parameters = json.loads((out / "manifest.json").read_text())["parameters"]
    assert parameters["graph"] == "lattice:2x3"
    assert parameters["edges"] == lattice(2, 3).tolist()
    assert (out / "payoff_heatmap.png").stat().st_size > 0
    assert results._subtitle().endswith(", graph lattice:2x3 (7 edges)")


# -- agreement with the Axelrod library ------------------------------------------------------

#: Deterministic strategies that play the library's moves, two of which read the match
#: length (BackStabber and Stein and Rapoport defect at the end): both engines tell it.
SPATIAL_FIELD = [
    "Tit For Tat",
    "Defector",
    "Grudger",
    "Alternator",
    "Cooperator",
    "Win-Stay Lose-Shift",
    "Suspicious Tit For Tat",
    "Tit For Two Tats",
    "Gradual",
    "BackStabber",
    "Hard Tit For Tat",
    "Stein and Rapoport",
]


def _library_tournament(edges: np.ndarray, turns: int, repetitions: int):
    players = [library_player(name) for name in SPATIAL_FIELD]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return axl.Tournament(
            players,
            edges=[(int(i), int(j)) for i, j in edges],
            turns=turns,
            repetitions=repetitions,
            seed=0,
        ).play(progress_bar=False, processes=None)


def _rank_groups(order: list[int], medians: np.ndarray) -> list[set[int]]:
    """The ranking as groups of tied medians (each engine breaks ties its own way)."""
    groups: list[set[int]] = []
    for i in order:
        if groups and np.isclose(medians[i], medians[next(iter(groups[-1]))], rtol=1e-12):
            groups[-1].add(i)
        else:
            groups.append({i})
    return groups


@pytest.mark.parametrize(
    "graph",
    ["ring:1", "ring:2", "lattice:3x4", "lattice:3x4:periodic", "file"],
)
def test_spatial_tournaments_agree_with_the_axelrod_library(graph, tmp_path):
    """The library's Tournament(edges=...) on the same graph: the same total scores per
    strategy and repetition (exactly), scores per turn, ranking (up to ties), and payoff
    matrix where pairs met (the library writes 0 where they did not, we leave a gap)."""
    if graph == "file":  # a path through the field, listed by name in reverse
        graph = tmp_path / "path.csv"
        graph.write_text("".join(f"{SPATIAL_FIELD[i + 1]},{SPATIAL_FIELD[i]}\n" for i in range(11)))
    tour = Tournament(SPATIAL_FIELD, edges=graph, turns=60, repetitions=2, seed=0)
    edges = resolve_graph(graph, SPATIAL_FIELD).edges
    ours = tour.play()
    library = _library_tournament(edges, turns=60, repetitions=2)
    for i, name in enumerate(SPATIAL_FIELD):
        assert ours.total_scores.loc[name].tolist() == [float(s) for s in library.scores[i]]
    per_turn = ours.scores_per_repetition.to_numpy()
    np.testing.assert_allclose(per_turn, np.array(library.normalised_scores), rtol=1e-12)
    medians = np.median(per_turn, axis=1)
    ranked = [SPATIAL_FIELD.index(name) for name in ours.ranking]
    assert _rank_groups(ranked, medians) == _rank_groups(library.ranking, medians)
    payoffs = ours.payoff_matrix.to_numpy()
    met = np.zeros_like(payoffs, dtype=bool)
    met[edges[:, 0], edges[:, 1]] = met[edges[:, 1], edges[:, 0]] = True
    assert (np.isnan(payoffs) == ~met).all()
    np.testing.assert_allclose(payoffs[met], np.array(library.payoff_matrix)[met], rtol=1e-12)


# -- the command line ------------------------------------------------------------------------


def test_cli_plays_a_named_graph_and_an_edge_list_file(tmp_path):
    runner = CliRunner()
    args = ["tournament", *FIELD, "--turns", "10", "--repetitions", "2", "--no-plots"]
    result = runner.invoke(main, [*args, "--graph", "ring:2", "--out", str(tmp_path / "a")])
    assert result.exit_code == 0, result.output
    assert "6 strategies on graph ring:2 (12 edges)" in result.output
    manifest = json.loads((tmp_path / "a" / "manifest.json").read_text())
    assert manifest["parameters"]["graph"] == "ring:2"
    edges = tmp_path / "edges.csv"
    edges.write_text("player,opponent\nTFT,Defector\nDefector,Grudger\n2,3\n3,4\n4,5\n")
    result = runner.invoke(main, [*args, "--edges", str(edges), "--out", str(tmp_path / "b")])
    assert result.exit_code == 0, result.output
    assert "on graph file edges.csv (5 edges)" in result.output
    summary = pd.read_csv(tmp_path / "b" / "summary.csv").set_index("strategy")
    assert summary.loc["Tit For Tat", "score_per_turn"] == pytest.approx(0.9)


def test_cli_notes_a_strategy_that_only_plays_itself(tmp_path):
    edges = tmp_path / "edges.csv"
    edges.write_text("0,1\n2,2\n")
    result = CliRunner().invoke(
        main,
        ["tournament", *FIELD[:3], "--edges", str(edges), "--turns", "5", "--no-plots"]
        + ["--out", str(tmp_path / "out")],
    )
    assert result.exit_code == 0, result.output
    assert "Note: in this graph 'Grudger' meets only itself" in result.output


@pytest.mark.parametrize(
    ("graph", "message"),
    [
        (
            "lattice:4x5",
            "Error: graph 'lattice:4x5': a 4x5 lattice has 20 places but the field "
            "has 6 strategies (e.g. 'lattice:2x3')",
        ),
        ("torus", "Error: unknown graph 'torus'."),
        ("missing.csv", "Error: edge-list file 'missing.csv' not found"),
    ],
)
def test_cli_bad_graph_is_one_line_exit_2(graph, message, tmp_path):
    result = CliRunner().invoke(
        main, ["tournament", *FIELD, "--graph", graph, "--out", str(tmp_path / "out")]
    )
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert "Traceback" not in result.output and result.output.count("\n") == 1
    assert not (tmp_path / "out").exists()
