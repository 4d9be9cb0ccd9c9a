"""The Axelrod library's result set (``ResultSet``) from our running sums, and its plots.

- The engine counts each seat's states, state-to-action transitions and first move from
  the moves as played (after noise), the same whether it keeps the whole history or a
  sliding window, with matches of different lengths.
- A deterministic tournament (14 strategies with library equivalents, 100 turns, 3
  repetitions, the length told as the library's ``Tournament`` tells it) gives the
  library's own ``Tournament``'s ``ResultSet``: every table and every column of
  ``summarise()``, to 1e-12 (most exactly).
- Noisy and random-length tournaments: our moves, written as the library's interactions
  file and read by the library's ``ResultSet``, give exactly our numbers (so noise is
  counted as the library counts it); and a noisy tournament played by each engine agrees
  within 4.5 standard deviations of our sampling distribution.
- summary.csv keeps today's columns first; the files are written and documented; the
  library's six plots are written, as non-empty PNGs, only when asked.
"""

from __future__ import annotations

import csv
import warnings
from pathlib import Path

import axelrod as axl
import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

from strategies import create
from strategies.errors import IPDError
from tournament import Tournament
from tournament.agreement.library import library_player
from tournament.cli import main
from tournament.common.frames import read_table
from tournament.core.engine import play_batch
from tournament.core.games import get_game
from tournament.core.result_set import STATES, SUMMARISE_COLUMNS, pair_repetitions

ROOT = Path(__file__).resolve().parents[1]
C, D = axl.Action.C, axl.Action.D
LIBRARY_STATES = [(C, C), (C, D), (D, C), (D, D)]

DETERMINISTIC = [
    "Tit For Tat",
    "Grudger",
    "Defector",
    "Cooperator",
    "Alternator",
    "Win-Stay Lose-Shift",
    "Tit For Two Tats",
    "Gradual",
    "Suspicious Tit For Tat",
    "Prober",
    "Stein and Rapoport",  # defects on the last turns: needs the length told
    "BackStabber",
    "Handshake",
    "Cycler CCD",
]
NOISY = ["Tit For Tat", "Grudger", "Defector", "Cooperator", "Win-Stay Lose-Shift", "Alternator"]


def _library_players(names: list[str]) -> list[axl.Player]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return [library_player(name) for name in names]


def _close(ours: object, theirs: object, what: str, tol: float = 1e-12) -> None:
    a, b = np.asarray(ours, dtype=float), np.asarray(theirs, dtype=float)
    assert a.shape == b.shape, what
    np.testing.assert_allclose(a, b, rtol=0, atol=tol, err_msg=what)


def assert_same_result_set(results, library: axl.ResultSet, names: list[str]) -> None:
    """Every table of the library's result set equals ours; ``names[i]`` is the
    library's name of our ``results.labels[i]``."""
    rs, n, reps = results.result_set, len(results.labels), results.params.repetitions
    for name in ("payoff_matrix", "payoff_stddevs", "payoff_diffs_means", "match_lengths"):
        # a pair that never met (on a graph) is NaN here, 0 in the library
        met = rs.tally.pair_count[2].reshape(n, n) > 0
        assert (np.isnan(getattr(rs, name).to_numpy()) == ~met).all(), name
    _close(np.nan_to_num(rs.payoff_matrix), library.payoff_matrix, "payoff_matrix")
    _close(np.nan_to_num(rs.payoff_stddevs), library.payoff_stddevs, "payoff_stddevs")
    _close(np.nan_to_num(rs.payoff_diffs_means), library.payoff_diffs_means, "payoff diffs")
    for name in ("normalised_scores", "scores", "wins", "cooperation", "normalised_cooperation"):
        _close(getattr(rs, name), getattr(library, name), name)
    for name in ("vengeful_cooperation", "good_partner_matrix", "good_partner_rating"):
        _close(getattr(rs, name), getattr(library, name), name)
    for name in ("cooperating_rating", "eigenjesus_rating", "eigenmoses_rating"):
        _close(getattr(rs, name), getattr(library, name), name)
    for name in ("initial_cooperation_count", "initial_cooperation_rate"):
        _close(getattr(rs, name), getattr(library, name), name)
    _close(np.nan_to_num(rs.match_lengths), np.mean(library.match_lengths, axis=0), "lengths")
    assert rs.ranking == library.ranking
    assert [names[results.labels.index(x)] for x in rs.ranked_names] == library.ranked_names
    # per repetition and pair (from the kept matches)
    index = {label: i for i, label in enumerate(results.labels)}
    payoffs, diffs = np.zeros((n, n, reps)), np.zeros((n, n, reps))
    lengths = np.zeros((reps, n, n))
    for row in rs.pair_repetitions.itertuples():
        i, j, r = index[row.player], index[row.opponent], row.repetition
        payoffs[i, j, r], diffs[i, j, r] = row.score_per_turn, row.score_difference_per_turn
        lengths[r, i, j] = row.turns
    padded = [[values or [0.0] * reps for values in row] for row in library.payoffs]
    _close(payoffs, padded, "payoffs")  # the library lists nothing for a pair that never met
    _close(diffs, library.score_diffs, "score_diffs")
    _close(lengths, library.match_lengths, "match_lengths per repetition")
    _assert_same_states(rs, library, n)
    ours, theirs = rs.summarise(), pd.DataFrame(library.summarise())
    assert list(theirs.columns) == list(SUMMARISE_COLUMNS)
    assert [names[results.labels.index(x)] for x in ours["Name"]] == list(theirs["Name"])
    for column in SUMMARISE_COLUMNS[2:]:
        _close(ours[column], theirs[column], f"summarise {column}")
    assert ours["Rank"].tolist() == theirs["Rank"].tolist()


def _assert_same_states(rs, library: axl.ResultSet, n: int) -> None:
    """The four state tables, pair by pair (self-play is left out by both)."""
    counts, shares = rs.state_distribution, rs.normalised_state_distribution
    moves, rates = rs.state_to_action_distribution, rs.normalised_state_to_action_distribution
    pairs = [(i, j) for i in range(n) for j in range(n) if i != j]
    assert len(counts) == len(pairs)
    for k, (i, j) in enumerate(pairs):
        assert not library.state_distribution[i][i]
        for s, state in zip(STATES, LIBRARY_STATES, strict=True):
            assert counts[s].iat[k] == library.state_distribution[i][j][state]
            share = np.nan_to_num(shares[f"{s}_rate"].iat[k])  # missing keys read 0
            _close(share, library.normalised_state_distribution[i][j][state], "state share")
            for move, action in zip("cd", (C, D), strict=True):
                got = moves[f"{s}_to_{move}"].iat[k]
                assert got == library.state_to_action_distribution[i][j][(state, action)]
                rate = np.nan_to_num(rates[f"{s}_to_{move}_rate"].iat[k])
                expected = library.normalised_state_to_action_distribution[i][j][(state, action)]
                _close(rate, expected, "state-to-action rate")


# -- the engine's counts -----------------------------------------------------------------


def _brute_force(moves: np.ndarray, lengths: np.ndarray) -> tuple[np.ndarray, ...]:
    """States, transitions and first moves counted turn by turn from kept moves."""
    m = len(lengths)
    states, transitions = np.zeros((m, 2, 4), int), np.zeros((m, 2, 4, 2), int)
    for i, length in enumerate(lengths):
        for seat in range(2):
            own, opp = moves[i, seat, :length], moves[i, 1 - seat, :length]
            code = 2 * own + opp
            states[i, seat] = np.bincount(code, minlength=4)
            np.add.at(transitions[i, seat], (code[:-1], own[1:]), 1)
    return states, transitions, moves[:, :, 0]


@pytest.mark.parametrize("noise", [0.0, 0.1])
@pytest.mark.parametrize("random_lengths", [False, True])
def test_engine_counts_states_transitions_and_first_moves_as_played(noise, random_lengths):
    """From the moves as played (after noise); the same with a sliding window of the
    history (segments of 5 turns) as with the whole history."""
    rng = np.random.default_rng(1)
    players = [create(n) for n in ("Tit For Tat", "Random", "Grudger", "Alternator", "WSLS")]
    seats = rng.integers(0, len(players), size=(40, 2))
    lengths = rng.geometric(0.04, 40) if random_lengths else np.full(40, 60)
    payoffs = get_game("classic").payoffs
    play = dict(players=players, seat_players=seats, lengths=lengths, payoffs=payoffs, noise=noise)
    whole = play_batch(**play, seed=np.random.SeedSequence(3), keep_moves=True)
    window = play_batch(**play, seed=np.random.SeedSequence(3), segment=5, history_bytes=10**6)
    states, transitions, first = _brute_force(whole.moves, lengths)
    for out in (whole, window):
        assert (out.outcomes == states).all()
        assert (out.transitions == transitions).all()
        assert (out.first_moves == first).all()
    assert (transitions.sum(axis=(2, 3)) == lengths[:, None] - 1).all()


# -- agreement with the library ----------------------------------------------------------


@pytest.fixture(scope="module")
def deterministic():
    ours = Tournament(DETERMINISTIC, turns=100, repetitions=3, seed=0).play(keep_matches=True)
    players = _library_players(DETERMINISTIC)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        library = axl.Tournament(players, turns=100, repetitions=3, seed=0).play(
            progress_bar=False, processes=None
        )
    return ours, library, [str(p) for p in players]


def test_a_deterministic_tournament_gives_the_library_result_set(deterministic):
    ours, library, names = deterministic
    assert_same_result_set(ours, library, names)


def _library_result_set_of(results, path: Path) -> axl.ResultSet:
    """The library's ``ResultSet`` of our matches: our moves written as the rows of the
    library's interactions file (its own code computes each row), read back by it."""
    reps = results.params.repetitions
    tour = axl.Tournament(_library_players(NOISY), turns=10, repetitions=reps)
    matches: dict[tuple[int, int], list] = {}
    for seats, moves in zip(results.table.seats, results.moves, strict=True):
        interactions = [(C if a == 0 else D, C if b == 0 else D) for a, b in moves.T]
        pair = (int(seats[0]), int(seats[1]))
        matches.setdefault(pair, []).append([interactions, tour._calculate_results(interactions)])
    tour.filename = str(path)
    handle, writer = tour._get_file_objects(build_results=True)
    tour._write_interactions_to_file(matches, writer)
    handle.close()
    return axl.ResultSet(str(path), results.labels, reps, progress_bar=False)


SETTINGS = [
    dict(turns=60, noise=0.05),
    dict(prob_end=0.05, noise=0.02),
    dict(turns=30, noise=0.05, edges="ring"),  # a spatial tournament: not every pair meets
]


@pytest.mark.parametrize("setting", SETTINGS, ids=str)
def test_noise_and_random_lengths_are_counted_as_the_library_counts_them(setting, tmp_path):
    """The library's ResultSet of our own noisy (or random-length, or spatial) matches
    is ours."""
    results = Tournament(NOISY, repetitions=4, seed=5, **setting).play(keep_moves=True)
    library = _library_result_set_of(results, tmp_path / "interactions.csv")
    assert_same_result_set(results, library, results.labels)


#: Our runs behind the sampling distribution, and the tolerance in its standard deviations.
SAMPLES, TOLERANCE_SD = 60, 4.5


def test_a_noisy_tournament_agrees_with_the_library_statistically():
    """6 strategies, 100 turns, noise 0.05, 8 repetitions: the library's ``summarise()``
    and ratings lie within 4.5 standard deviations of the mean of 60 of our runs."""
    setting = dict(turns=100, repetitions=8, noise=0.05)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        library = axl.Tournament(_library_players(NOISY), seed=1, **setting).play(
            progress_bar=False, processes=None
        )
    theirs = _per_strategy(pd.DataFrame(library.summarise()), library, NOISY)
    runs = [
        Tournament(NOISY, seed=seed, **setting).play(keep_matches=False) for seed in range(SAMPLES)
    ]
    ours = np.stack([_per_strategy(r.summarise(), r.result_set, NOISY) for r in runs])
    mean, sd = ours.mean(axis=0), ours.std(axis=0, ddof=1)
    far = np.abs(theirs - mean) > TOLERANCE_SD * sd + 1e-12
    assert not far.any(), np.argwhere(far)


def _per_strategy(summary: pd.DataFrame, result_set, names: list[str]) -> np.ndarray:
    """summarise()'s numbers and the three ratings, by strategy in field order."""
    table = summary.set_index("Name").loc[names, list(SUMMARISE_COLUMNS[2:])].to_numpy(float)
    ratings = [
        np.asarray(result_set.good_partner_rating, dtype=float),
        np.asarray(result_set.eigenjesus_rating, dtype=float),
        np.asarray(result_set.eigenmoses_rating, dtype=float),
    ]
    return np.column_stack([table, *ratings])


# -- our own checks ----------------------------------------------------------------------


def test_payoff_spread_and_per_repetition_values_agree_with_the_matches():
    """The spread kept as running sums equals numpy's over the per-repetition means, and
    those come out the same from the kept matches and from the per-match table."""
    results = Tournament(NOISY, turns=30, repetitions=7, noise=0.1, seed=2).play(keep_matches=True)
    rs = results.result_set
    per_rep = rs.pair_repetitions
    assert per_rep.equals(pair_repetitions(results.matches, results.labels))
    spread = per_rep.groupby(["player", "opponent"], sort=False)["score_per_turn"].std(ddof=0)
    for (player, opponent), value in spread.items():
        assert rs.payoff_stddevs.loc[player, opponent] == pytest.approx(value, abs=1e-12)
    # memory: only the per-repetition tables grow with the repetitions
    flat = Tournament(NOISY, turns=5, repetitions=50, seed=2).play().tally
    n = len(NOISY)
    assert flat.pair_transitions.shape == (n * n, 4, 2) and flat.wins_by_rep.shape == (n, 50)


def test_summary_keeps_todays_columns_first_and_adds_the_library_metrics(deterministic):
    ours = deterministic[0]
    today = ["rank", "strategy", "family", "score_per_turn", "median_score_per_turn", "wins"]
    columns = list(ours.summary.columns)
    assert columns[:7] == [*today, "cooperation_rate"]
    added = ["median_wins", "good_partner_rating", "eigenjesus_rating", "eigenmoses_rating"]
    added += ["initial_cooperation_rate", *(f"{s}_rate" for s in STATES)]
    assert columns[7:] == added + [f"{s}_to_c_rate" for s in STATES]
    summary = ours.summary.set_index("strategy")
    library = ours.summarise().set_index("Name")
    assert np.allclose(
        summary["cooperation_rate"], library.loc[summary.index, "Cooperation_rating"]
    )
    assert (summary["cc_to_c_rate"] == library.loc[summary.index, "CC_to_C_rate"]).all()


LIBRARY_PLOTS = ["boxplot", "winplot", "sdvplot", "payoff", "pdplot", "lengthplot"]


def test_every_file_is_written_and_documented_and_library_plots_only_when_asked(tmp_path):
    results = Tournament(NOISY, turns=20, repetitions=3, noise=0.05, seed=1).play()
    default = results.write(tmp_path / "default")
    docs = (ROOT / "docs" / "reference" / "results.md").read_text()
    written = sorted(p.name for p in default.iterdir())
    assert not {f"{name}.png" for name in LIBRARY_PLOTS} & set(written)
    undocumented = [name for name in written if f"`{name}`" not in docs]
    assert not undocumented
    for name in [*results.summary.columns, *SUMMARISE_COLUMNS]:
        assert f"`{name}`" in docs, name
    states = read_table(default / "state_distribution.csv")
    pd.testing.assert_frame_equal(
        states[["player", "opponent", *STATES]], results.result_set.state_distribution
    )
    out = results.write(tmp_path / "library", plots=["library"], matches="none")
    for name in LIBRARY_PLOTS:
        assert (out / f"{name}.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", name
        assert f"`{name}.png`" in docs
    assert not (out / "scores.png").exists()
    with pytest.raises(IPDError, match="unknown plots \\['fancy'\\]: expected 'standard'"):
        results.write(tmp_path / "bad", plots=["fancy"])


def test_the_command_draws_the_library_plots_with_a_flag(tmp_path):
    args = ["tournament", "TFT", "Defector", "Random", "--turns", "10", "--repetitions", "2"]
    out = tmp_path / "run"
    result = CliRunner().invoke(main, [*args, "--library-plots", "--out", str(out), "-q"])
    assert result.exit_code == 0, result.output
    assert all((out / f"{name}.png").stat().st_size > 0 for name in LIBRARY_PLOTS)
    assert (out / "scores.png").exists() and (out / "library_summary.csv").exists()
    plain = tmp_path / "plain"
    result = CliRunner().invoke(main, [*args, "--no-plots", "--out", str(plain), "-q"])
    assert result.exit_code == 0 and not list(plain.glob("*.png"))
    summary = list(csv.reader((plain / "library_summary.csv").open()))
    assert summary[0] == list(SUMMARISE_COLUMNS) and len(summary) == 4
