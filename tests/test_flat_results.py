"""Results from running sums (memory flat in the repetitions), and the per-match table
streamed to CSV or Parquet as the matches are played."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

from strategies.errors import IPDError
from strategies.rosters import get_roster
from tournament import Tournament
from tournament.cli import main
from tournament.common.frames import choose_format, find_table, read_table, same_table

FIELD = ["Tit For Tat", "Random", "Grudger", "Defector", "Alternator", "Generous Tit For Tat"]

CASES = {
    "deterministic copies": dict(turns=20, repetitions=7),
    "noise": dict(turns=15, repetitions=5, noise=0.1),
    "probabilistic ending": dict(prob_end=0.2, repetitions=6),
    "asymmetric game": dict(game="supplier-buyer", turns=12, repetitions=4, noise=0.05),
}


def from_matches(matches: pd.DataFrame, labels: list[str], reps: int) -> dict[str, pd.DataFrame]:
    """The result tables recomputed with pandas from the per-match rows (an independent
    way to the same numbers)."""
    counted = matches[~matches["self_play"]] if len(labels) > 1 else matches
    per_rep = (
        counted.groupby(["player", "repetition"])["score_per_turn"]
        .mean()
        .unstack()
        .reindex(index=labels, columns=range(reps))
    )
    payoff = (
        matches.groupby(["player", "opponent"])["score_per_turn"]
        .mean()
        .unstack()
        .reindex(index=labels, columns=labels)
    )
    wins = (counted["outcome"] == "win").groupby(counted["player"]).sum().reindex(labels)
    cooperation = (counted["cooperation_rate"] * counted["turns"]).groupby(
        counted["player"]
    ).sum() / counted.groupby("player")["turns"].sum()
    return {
        "per_rep": per_rep,
        "payoff": payoff,
        "wins": wins,
        "cooperation": cooperation.reindex(labels),
    }


@pytest.mark.parametrize("case", CASES)
def test_running_sums_give_what_the_match_rows_give(case):
    results = Tournament(FIELD, seed=4, **CASES[case]).play(keep_matches=True)
    expected = from_matches(results.matches, results.labels, results.params.repetitions)
    np.testing.assert_allclose(results.scores_per_repetition.to_numpy(), expected["per_rep"])
    np.testing.assert_allclose(results.payoff_matrix.to_numpy(), expected["payoff"])
    summary = results.summary.set_index("strategy").loc[results.labels]
    np.testing.assert_array_equal(summary["wins"], expected["wins"])
    np.testing.assert_allclose(summary["cooperation_rate"], expected["cooperation"])
    assert results.match_count == len(results.matches) // 2
    assert results.match_turns == results.matches["turns"].sum() // 2


@pytest.mark.parametrize("case", CASES)
def test_keeping_the_matches_or_not_changes_no_number(case):
    kept = Tournament(FIELD, seed=9, **CASES[case]).play(keep_matches=True)
    flat = Tournament(FIELD, seed=9, **CASES[case]).play(keep_matches=False)
    assert flat.table is None and kept.table is not None
    pd.testing.assert_frame_equal(kept.summary, flat.summary)
    pd.testing.assert_frame_equal(kept.payoff_matrix, flat.payoff_matrix)
    pd.testing.assert_frame_equal(kept.total_scores, flat.total_scores)


def test_results_do_not_depend_on_how_repetitions_are_cut_into_blocks(monkeypatch):
    import tournament.core.round_robin as rr

    tour = Tournament(FIELD, turns=10, repetitions=9, noise=0.02, seed=2)
    whole = tour.play()
    monkeypatch.setattr(rr, "BLOCK_MATCHES", 1)  # one repetition per block
    cut = tour.play()
    pd.testing.assert_frame_equal(whole.summary, cut.summary)
    pd.testing.assert_frame_equal(whole.matches, cut.matches)
    np.testing.assert_allclose(whole.payoff_matrix, cut.payoff_matrix, rtol=1e-14)


@pytest.mark.parametrize("suffix", ["csv", "parquet"])
def test_the_match_table_streamed_while_playing_is_the_kept_table(tmp_path, suffix):
    path = tmp_path / f"matches.{suffix}"
    tour = Tournament(FIELD, turns=8, repetitions=5, noise=0.05, seed=1)
    streamed = tour.play(keep_matches=False, matches_file=path)
    kept = tour.play(keep_matches=True)
    assert streamed.matches_file == path
    on_disk = read_table(path)
    expected = kept.matches.drop(columns=["match"])
    assert list(on_disk.columns) == list(expected.columns)
    pd.testing.assert_frame_equal(
        on_disk.astype({"player": object, "opponent": object, "role": object, "outcome": object}),
        expected,
        check_dtype=False,
    )
    assert [p.name for p in tmp_path.iterdir()] == [path.name]  # no temporary file left


def test_a_stopped_run_leaves_no_partial_match_table(tmp_path):
    path = tmp_path / "matches.parquet"
    calls = []

    def stop(done: int, total: int) -> None:
        calls.append(done)
        if len(calls) == 3:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        Tournament(FIELD, turns=50, repetitions=3, noise=0.1, seed=1).play(
            progress=stop, keep_matches=False, matches_file=path
        )
    assert list(tmp_path.iterdir()) == []


def test_asking_for_matches_that_were_not_kept_says_where_they_are(tmp_path):
    path = tmp_path / "matches.csv"
    results = Tournament(FIELD[:2], turns=3, repetitions=2, seed=0).play(
        keep_matches=False, matches_file=path
    )
    with pytest.raises(IPDError, match=r"did not keep its 6 matches \(streamed to .*matches.csv"):
        _ = results.matches


def test_large_tournaments_keep_only_sums_by_default(monkeypatch):
    import tournament.core.round_robin as rr

    monkeypatch.setattr(rr, "KEEP_MATCHES", 10)
    assert Tournament(FIELD[:3], turns=2, repetitions=1, seed=0).play().table is not None
    assert Tournament(FIELD[:3], turns=2, repetitions=2, seed=0).play().table is None


def test_the_plan_counts_kept_matches_only_when_they_are_kept():
    tour = Tournament(get_roster("classic").names(), turns=20, repetitions=50, seed=0)
    flat, kept = tour.plan(keep_matches=False), tour.plan(keep_matches=True)
    assert kept.peak_bytes - flat.peak_bytes == tour.match_count * 400


def test_tables_read_back_the_same_from_either_format(tmp_path):
    frame = pd.DataFrame({"a": [1, 2], "b": ["x", "y"], "c": [0.1, 1 / 3], "d": [True, False]})
    for suffix in ("csv", "parquet"):
        from tournament.common.frames import write_table

        write_table(frame, tmp_path / f"t.{suffix}")
        pd.testing.assert_frame_equal(
            read_table(tmp_path / f"t.{suffix}"), frame, check_dtype=False
        )
    assert same_table(tmp_path / "t.parquet", tmp_path / "t.parquet")
    with pytest.raises(IPDError, match="both t.csv and t.parquet: expected one"):
        find_table(tmp_path, "t")
    with pytest.raises(IPDError, match=r"expected a \.csv or \.parquet table"):
        read_table(tmp_path / "t.xlsx")
    with pytest.raises(IPDError, match="no such table"):
        read_table(tmp_path / "missing.csv")
    (tmp_path / "bad.parquet").write_text("not parquet")
    with pytest.raises(IPDError, match="cannot read the table"):
        read_table(tmp_path / "bad.parquet")


def test_auto_format_picks_parquet_for_large_tables():
    assert choose_format("auto", 10) == "csv"
    assert choose_format("auto", 5_000_000) == "parquet"
    assert choose_format("none", 10) is None
    with pytest.raises(IPDError, match="expected one of auto, csv, parquet, none"):
        choose_format("xlsx", 1)


TABLES = [("csv", "matches.csv"), ("parquet", "matches.parquet"), ("none", None),
          ("auto", "matches.csv")]  # fmt: skip


@pytest.mark.parametrize(("choice", "written"), TABLES)
def test_cli_writes_the_match_table_in_the_format_asked(tmp_path, choice, written):
    out = tmp_path / "out"
    result = CliRunner().invoke(
        main,
        ["tournament", "TFT", "Random", "Grudger", "--turns", "5", "--repetitions", "3",
         "--seed", "1", "--no-plots", "--matches", choice, "--out", str(out)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    tables = sorted(p.name for p in out.glob("matches.*"))
    assert tables == ([written] if written else [])
    assert json.loads((out / "manifest.json").read_text())["matches_file"] == written
    if written:
        assert len(read_table(out / written)) == 2 * 6 * 3
        assert written in result.output


def test_cli_replaces_a_stale_table_of_the_other_format(tmp_path):
    out = tmp_path / "out"
    args = ["tournament", "TFT", "Random", "--turns", "3", "--no-plots", "--out", str(out)]
    assert CliRunner().invoke(main, [*args, "--matches", "csv"]).exit_code == 0
    assert CliRunner().invoke(main, [*args, "--matches", "parquet"]).exit_code == 0
    assert find_table(out, "matches").name == "matches.parquet"


def test_cli_refuses_an_unknown_table_format(tmp_path):
    result = CliRunner().invoke(main, ["tournament", "TFT", "--matches", "xlsx"])
    assert result.exit_code == 2
    assert "'xlsx' is not one of 'auto', 'csv', 'parquet', 'none'" in result.output
