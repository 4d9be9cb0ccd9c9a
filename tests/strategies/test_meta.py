"""Tests of strategies/library/meta.py and meta_winners.py: expected play, exact agreement
with the Axelrod library for the deterministic meta players (their full teams) and for
every combination rule with small deterministic teams (with and without the length, with
noise in batches whose matches end at different times), statistics and seeding for the
stochastic ones, the teams file, naming, metadata and parameters."""

from __future__ import annotations

import warnings

import axelrod as axl
import numpy as np
import pytest

from strategies import REGISTRY
from strategies.catalogue import axelrod_catalogue_entries
from strategies.errors import IPDError
from strategies.library import meta
from strategies.library import meta_winners as winners
from tests.axelrod_helpers import (
    assert_same_moves_in_a_noisy_shrinking_batch,
    axelrod_moves,
    drive_axelrod,
    drive_ours,
)
from tests.strategy_helpers import plays, versus
from tournament.agreement.library import TOLERANCE_SE, compare_stochastic, library_player
from tournament.core.engine import play_batch
from tournament.core.games import get_game
from tournament.core.match import play_match

#: Every meta strategy: native class -> the library's class name.
LIBRARY_CLASS = {
    meta.MemoryDecay: "MemoryDecay",
    meta.MetaHunter: "MetaHunter",
    meta.MetaHunterAggressive: "MetaHunterAggressive",
    meta.MetaMajority: "MetaMajority",
    meta.MetaMajorityMemoryOne: "MetaMajorityMemoryOne",
    meta.MetaMajorityFiniteMemory: "MetaMajorityFiniteMemory",
    meta.MetaMajorityLongMemory: "MetaMajorityLongMemory",
    meta.MetaMinority: "MetaMinority",
    meta.MetaMixer: "MetaMixer",
    winners.MetaWinner: "MetaWinner",
    winners.MetaWinnerDeterministic: "MetaWinnerDeterministic",
    winners.MetaWinnerEnsemble: "MetaWinnerEnsemble",
    winners.MetaWinnerMemoryOne: "MetaWinnerMemoryOne",
    winners.MetaWinnerFiniteMemory: "MetaWinnerFiniteMemory",
    winners.MetaWinnerLongMemory: "MetaWinnerLongMemory",
    winners.MetaWinnerStochastic: "MetaWinnerStochastic",
    winners.NMWEDeterministic: "NMWEDeterministic",
    winners.NMWEFiniteMemory: "NMWEFiniteMemory",
    winners.NMWELongMemory: "NMWELongMemory",
    winners.NMWEMemoryOne: "NMWEMemoryOne",
    winners.NMWEStochastic: "NMWEStochastic",
    winners.NiceMetaWinner: "NiceMetaWinner",
    winners.NiceMetaWinnerEnsemble: "NiceMetaWinnerEnsemble",
}

OPPONENTS = [
    "Tit For Tat",
    "Defector",
    "Cooperator",
    "Alternator",
    "Grudger",
    "Win-Stay Lose-Shift",
    "Suspicious Tit For Tat",
    "Gradual",
    "Cycler(pattern='CCD')",
    "Cycler(pattern='CCCDDD')",
    "Davis",
    "Hard Prober",
]

#: A small deterministic team, with the library's classes (an even size: ties happen).
TEAM = ("Tit For Tat", "Defector", "Grudger", "Alternator", "Win-Stay Lose-Shift", "Hard Prober")
LIBRARY_TEAM = [
    axl.TitForTat,
    axl.Defector,
    axl.Grudger,
    axl.Alternator,
    axl.WinStayLoseShift,
    axl.HardProber,
]


def _library(factory, *args, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        player = factory(*args, **kwargs)
    player.set_seed(0)  # drive_axelrod plays without a Match, which would seed it
    return player


def _with_team(name: str, **extra) -> str:
    params = ", ".join([f"team={TEAM!r}", *(f"{k}={v!r}" for k, v in extra.items())])
    return f"{name}({params})"


#: Combination rules with the small team: our spec -> the library's player.
SMALL_TEAMS = {
    _with_team("Meta Majority"): lambda: _library(axl.MetaMajority, team=LIBRARY_TEAM),
    _with_team("Meta Minority"): lambda: _library(axl.MetaMinority, team=LIBRARY_TEAM),
    _with_team("Meta Winner"): lambda: _library(axl.MetaWinner, team=LIBRARY_TEAM),
    _with_team("Nice Meta Winner"): lambda: _library(axl.NiceMetaWinner, team=LIBRARY_TEAM),
    # with fewer than 25 members the ensemble draws among one: the best scorer, ties
    # going to the later member
    _with_team("Meta Winner Ensemble"): lambda: _library(axl.MetaWinnerEnsemble, team=LIBRARY_TEAM),
    _with_team("Nice Meta Winner Ensemble"): lambda: _library(
        axl.NiceMetaWinnerEnsemble, team=LIBRARY_TEAM
    ),
    _with_team("Meta Hunter Aggressive"): lambda: _library(
        axl.MetaHunterAggressive, team=LIBRARY_TEAM
    ),
    _with_team("Meta Mixer", distribution=(0, 0, 0, 2, 0, 0)): lambda: _library(
        axl.MetaMixer, team=LIBRARY_TEAM, distribution=[0, 0, 0, 2, 0, 0]
    ),
}


# -- expected play ---------------------------------------------------------------------


def test_meta_hunter():
    # the Defector Hunter smells prey from its fifth move on
    versus("Meta Hunter", "Defector", "CD CD CD CD DD DD")
    # the Alternator Hunter from its seventh
    versus("Meta Hunter", "Alternator", "CC CD CC CD CC CD DC DD")
    versus("Meta Hunter", "Cooperator", "CC " * 8)
    # after 100 turns, a defection is answered as by Tit For Tat
    assert plays("Meta Hunter", "C" * 101 + "DC")[-3:] == "CCD"


def test_meta_hunter_aggressive_exploits_cooperators():
    versus("Meta Hunter Aggressive", "Cooperator", "CC CC CC CC DC DC DC")


def test_majority_and_minority():
    team = "team=('Tit For Tat', 'Defector', 'Grudger', 'Alternator')"
    # turn 1: one D against three Cs; turn 2: Alternator defects too, a tie cooperates
    versus(f"Meta Minority({team})", "Cooperator", "DC CC DC CC")
    versus(f"Meta Majority({team})", "Cooperator", "CC CC CC CC")
    versus(f"Meta Majority({team})", "Defector", "CD DD DD DD")


def test_meta_winner_follows_the_best_scorer():
    team = "team=('Tit For Tat', 'Defector', 'Grudger', 'Alternator')"
    # all tie on the first turn (one proposes C: C); then Defector leads
    versus(f"Meta Winner({team})", "Cooperator", "CC DC DC DC")
    # Nice: no defection before the opponent's first
    versus(f"Nice Meta Winner({team})", "Cooperator", "CC CC CC CC")
    versus(f"Nice Meta Winner({team})", "Defector", "CD DD DD DD")


def test_meta_winner_deterministic():
    versus("Meta Winner Deterministic", "Cooperator", "CC CC CC CC DC CC DC DC DC DC")
    versus("Meta Winner Deterministic", "Defector", "CD CD CD CD DD CD DD DD DD DD")


def test_memory_decay():
    # Tit For Tat for 15 turns; then a memory full of defections keeps it defecting
    versus("Memory Decay", "Defector", "CD" + " DD" * 24)
    # 15 turns of Tit For Tat against Alternator leave a negative score: D from then on
    own, _ = play_match("Memory Decay", "Alternator", turns=40, seed=1).history()
    assert own[:15] == "CCDCDCDCDCDCDCD" and own[15:] == "D" * 25
    versus("Memory Decay", "Cooperator", "CC " * 30)
    versus("Memory Decay(start_strategy='Defector', start_strategy_duration=3)", "Cooperator",
           "DC DC DC CC CC")  # fmt: skip


def test_meta_mixer_with_one_member_plays_it():
    versus("Meta Mixer(team=('Alternator',))", "Defector", "CD DD CD DD")
    versus("Meta Mixer(team=('Defector', 'Alternator'), distribution=(0, 1))", "Cooperator",
           "CC DC CC DC")  # fmt: skip


# -- exact agreement with the Axelrod library -------------------------------------------


@pytest.mark.parametrize("name", ["Meta Hunter", "Meta Hunter Aggressive"])
@pytest.mark.parametrize("opponent", OPPONENTS[:8])
@pytest.mark.parametrize("hidden", [False, True])
def test_hunters_match_the_library(name, opponent, hidden):
    expected = axelrod_moves(
        library_player(name), library_player(opponent), 200, length=-1 if hidden else None
    )
    assert play_match(name, opponent, turns=200, hide_length=hidden).history() == expected


@pytest.mark.parametrize(
    "opponent, hidden",
    [
        ("Tit For Tat", False),
        ("Alternator", False),
        ("Cycler(pattern='CCCDDD')", False),
        ("Davis", False),
        ("Meta Hunter", False),
        ("Suspicious Tit For Tat", True),
        ("Hard Prober", True),
    ],
)
def test_meta_winner_deterministic_matches_the_library(opponent, hidden):
    name = "Meta Winner Deterministic"
    expected = axelrod_moves(
        library_player(name), library_player(opponent), 200, length=-1 if hidden else None
    )
    assert play_match(name, opponent, turns=200, hide_length=hidden).history() == expected


@pytest.mark.parametrize("name", ["Meta Hunter", "Meta Hunter Aggressive"])
def test_hunters_match_the_library_with_noise_in_a_shrinking_batch(name):
    assert_same_moves_in_a_noisy_shrinking_batch(name, lambda: library_player(name), 0.6)


def test_meta_winner_deterministic_with_noise_in_a_shrinking_batch():
    """As assert_same_moves_in_a_noisy_shrinking_batch, smaller: the library's 149-member
    team is slow."""
    name = "Meta Winner Deterministic"
    rng = np.random.default_rng(5)
    n, horizon = 6, 80
    opp = (rng.random((n, horizon)) < rng.uniform(0.0, 0.5, size=(n, 1))).astype(np.uint8)
    flips = (rng.random((n, horizon)) < 0.05).astype(np.uint8)
    lengths = np.array([80, 77, 60, 41, 20, 3])
    own = drive_ours(name, opp, flips, lengths)
    for i in range(n):
        expected = drive_axelrod(library_player(name), opp[i], flips[i], int(lengths[i]))
        assert "".join("CD"[m] for m in own[i, : lengths[i]]) == expected, f"row {i}"


@pytest.mark.parametrize("spec", list(SMALL_TEAMS))
@pytest.mark.parametrize(
    "opponent",
    ["Tit For Tat", "Cooperator", "Alternator", "Gradual", "Cycler(pattern='CCCDDD')"],
)
def test_combination_rules_match_the_library(spec, opponent):
    expected = axelrod_moves(SMALL_TEAMS[spec](), library_player(opponent), 120)
    assert play_match(spec, opponent, turns=120).history() == expected


@pytest.mark.parametrize("spec", list(SMALL_TEAMS))
def test_combination_rules_match_the_library_with_the_length_hidden(spec):
    expected = axelrod_moves(SMALL_TEAMS[spec](), library_player("Davis"), 120, length=-1)
    assert play_match(spec, "Davis", turns=120, hide_length=True).history() == expected


@pytest.mark.parametrize("spec", list(SMALL_TEAMS))
def test_combination_rules_with_noise_in_a_shrinking_batch(spec):
    assert_same_moves_in_a_noisy_shrinking_batch(spec, SMALL_TEAMS[spec], 0.6, seed=3)


def test_members_are_told_the_length():
    """Backstabber defects on the last two turns of a match whose length it is told."""
    spec = "Meta Majority(team=('BackStabber', 'BackStabber', 'Tit For Tat'))"
    team = [axl.BackStabber, axl.BackStabber, axl.TitForTat]
    for hidden in (False, True):
        expected = axelrod_moves(
            _library(axl.MetaMajority, team=team),
            axl.Cooperator(),
            20,
            length=-1 if hidden else None,
        )
        assert play_match(spec, "Cooperator", turns=20, hide_length=hidden).history() == expected
    assert play_match(spec, "Cooperator", turns=20).history()[0].endswith("CDD")


# -- stochastic strategies ----------------------------------------------------------------

STOCHASTIC = {
    "Meta Majority": "Random",
    "Meta Minority": "Tit For Tat",
    "Meta Mixer": "Tit For Tat",
    "Meta Winner": "Alternator",
    "Nice Meta Winner": "Cycler(pattern='CCD')",
    "Meta Winner Ensemble": "Tit For Tat",
    "Nice Meta Winner Ensemble": "Alternator",
    "Meta Majority Memory One": "Alternator",
    "Meta Majority Finite Memory": "Cycler(pattern='CCD')",
    "Meta Majority Long Memory": "Alternator",
    "Meta Winner Memory One": "Tit For Tat",
    "Meta Winner Finite Memory": "Alternator",
    "Meta Winner Long Memory": "Cycler(pattern='CCD')",
    "Meta Winner Stochastic": "Tit For Tat",
    "NMWE Deterministic": "Alternator",
    "NMWE Stochastic": "Cycler(pattern='CCD')",
    "NMWE Finite Memory": "Tit For Tat",
    "NMWE Long Memory": "Alternator",
    "NMWE Memory One": "Cycler(pattern='CCD')",
}


@pytest.mark.parametrize("name", list(STOCHASTIC))
def test_stochastic_scores_agree_with_the_library(name):
    """One opponent each and few library samples: the library's teams are slow."""
    (check,) = compare_stochastic(name, (STOCHASTIC[name],), turns=30, ours_n=200, theirs_n=8)
    assert check.z <= TOLERANCE_SE, check


@pytest.mark.parametrize("opponent", ["Alternator", "Random", "Cycler(pattern='CCCCD')"])
def test_memory_decay_scores_agree_with_the_library(opponent):
    (check,) = compare_stochastic("Memory Decay", (opponent,), turns=60, theirs_n=40)
    assert check.z <= TOLERANCE_SE, check


@pytest.mark.parametrize(
    "name", ["Meta Winner Ensemble", "Meta Mixer", "Memory Decay", "NMWE Memory One"]
)
def test_same_seed_same_moves(name):
    a = play_match(name, "Random", turns=60, seed=5).history()
    assert a == play_match(name, "Random", turns=60, seed=5).history()
    assert a != play_match(name, "Random", turns=60, seed=6).history()


def test_top_scorers_rank_later_members_first_on_ties():
    scores = np.array([[3.0, 1.0], [5.0, 1.0], [5.0, 0.0], [1.0, 1.0]])
    top = winners.top_scorers(scores, 2)
    assert [np.flatnonzero(top[:, j]).tolist() for j in range(2)] == [[1, 2], [1, 3]]
    assert winners.top_scorers(scores, 3)[:, 1].tolist() == [True, True, False, True]
    proposals = np.array([[0, 1], [1, 1], [0, 1], [1, 0]], dtype=np.uint8)
    # best: members 1 and 2 (C from 2) / members 0, 1, 3 (C from 3)
    assert winners.best_proposal(proposals, scores).tolist() == [0, 0]


@pytest.mark.parametrize("size", [1, 2, 5, 17])
def test_top_places_are_the_librarys_reverse_sort_of_score_and_place(size):
    """Per match, the places of the ``size`` highest (score, place) pairs in reverse
    order, in team order: many ties (scores of few values), and more matches than a
    block of them."""
    rng = np.random.default_rng(size)
    scores = rng.integers(0, 4, size=(23, winners._BLOCK + 37)).astype(float)
    expected = np.array(
        [
            sorted(sorted(range(23), key=lambda j: (scores[j, c], j), reverse=True)[:size])
            for c in range(scores.shape[1])
        ]
    ).T
    assert np.array_equal(winners.top_places(scores, size), expected)


def test_scores_use_the_players_own_payoffs():
    """Against Cooperator, a Defector member leads under the classic game; with a
    temptation below the reward, Tit For Tat's cooperation leads."""
    team = ("Defector", "Tit For Tat")
    for temptation, expected in ((5.0, "CDDD"), (2.0, "CCCC")):
        payoffs = np.array([[[3.0, 0.0], [temptation, 1.0]]] * 2)
        players = [REGISTRY.create(f"Meta Winner(team={team!r})"), REGISTRY.create("Cooperator")]
        out = play_batch(
            players, np.array([[0, 1]]), np.array([4]), payoffs, 0.0,
            np.random.SeedSequence(0), keep_moves=True,
        )  # fmt: skip
        assert "".join("CD"[m] for m in out.moves[0, 0]) == expected


@pytest.mark.parametrize("name", ["Meta Winner", "Nice Meta Winner Ensemble"])
def test_whole_and_fractional_payoffs_rank_members_alike(name):
    """Whole-number payoffs keep scores less a shared amount; others keep the whole
    scores, term by term. Halving the payoffs (exactly) changes no ranking: the same
    moves either way, against a random opponent, over a mixed team."""
    team = ("Tit For Tat", "Defector", "Grudger", "Alternator", "Random", "Win-Stay Lose-Shift")
    moves = []
    for scale in (1.0, 0.5):
        payoffs = np.array([[[3.0, 0.0], [5.0, 1.0]]] * 2) * scale
        players = [REGISTRY.create(f"{name}(team={team!r})"), REGISTRY.create("Random")]
        out = play_batch(
            players, np.array([[0, 1]] * 20), np.full(20, 60), payoffs, 0.0,
            np.random.SeedSequence(3), keep_moves=True,
        )  # fmt: skip
        moves.append(out.moves)
    assert np.array_equal(moves[0], moves[1])
    assert moves[0][:, 0].min() == 0 and moves[0][:, 0].max() == 1  # it both C and D


def test_scores_are_whole_sums_or_less_the_payoff_of_cooperating():
    """Against Cooperator over 5 turns (4 observed): Defector's and Tit For Tat's scores
    are 4 x 2.5 and 4 x 1.5 with payoffs of halves; with whole payoffs, each less what
    cooperating earned (4 x 3): 4 x (5 - 3) and 0."""
    team = ("Defector", "Tit For Tat")
    for payoff, expected in (
        ([[3.0, 0.0], [5.0, 1.0]], [8.0, 0.0]),
        ([[1.5, 0.0], [2.5, 0.5]], [10.0, 6.0]),
    ):
        players = [REGISTRY.create(f"Meta Winner(team={team!r})"), REGISTRY.create("Cooperator")]
        play_batch(
            players, np.array([[0, 1]]), np.array([5]), np.array([payoff] * 2), 0.0,
            np.random.SeedSequence(0),
        )  # fmt: skip
        assert players[0].scores[:, 0].tolist() == expected


# -- the teams file -----------------------------------------------------------------------


def test_teams_file_lists_each_library_team():
    for cls, class_name in LIBRARY_CLASS.items():
        table = meta.meta_team(class_name)
        size = len(table["members"])
        if cls is not meta.MemoryDecay:
            assert table["name"].endswith(f": {size} player{'s' if size > 1 else ''}")
        assert len(cls().team_specs()) == size
    assert meta.meta_team("MetaHunter")["members"] == [
        str(p) for p in _library(axl.MetaHunter).team
    ]


def test_a_member_without_native_equivalent_is_an_error(monkeypatch):
    fake = {"Fake": {"name": "Fake: 2 players", "members": ["Tit For Tat", "No Such Thing"]}}
    tables = {**meta._team_tables(), **fake}
    monkeypatch.setattr(meta, "_team_tables", lambda: tables)
    with pytest.raises(IPDError, match="'No Such Thing'"):
        meta._native_team.__wrapped__("Fake")


# -- naming, metadata and parameters -------------------------------------------------------


def test_names_and_metadata_are_the_librarys():
    entries = {e.class_name: e for e in axelrod_catalogue_entries()}
    for cls, class_name in LIBRARY_CLASS.items():
        entry = entries[class_name]
        player = cls()
        assert player.axelrod_name() == entry.name
        assert REGISTRY.get_class(cls.name) is cls
        assert cls.family == "meta"
        assert (cls.memory_depth, cls.stochastic, player.is_stochastic()) == (
            entry.memory_depth,
            entry.stochastic,
            entry.stochastic,
        ), cls
        assert (cls.long_run_time, cls.makes_use_of) == (entry.long_run_time, entry.makes_use_of)


@pytest.mark.parametrize(
    "ours, theirs",
    [
        (
            "Memory Decay(p_memory_delete=0.2, loss_value=-2.0, memory='CD')",
            lambda: axl.MemoryDecay(0.2, loss_value=-2.0, memory=[axl.Action.C, axl.Action.D]),
        ),
        (
            "Memory Decay(start_strategy='Grudger', start_strategy_duration=5)",
            lambda: axl.MemoryDecay(start_strategy=axl.Grudger, start_strategy_duration=5),
        ),
    ],
)
def test_memory_decay_axelrod_name(ours, theirs):
    assert REGISTRY.create(ours).axelrod_name() == str(theirs())


def test_parameters():
    assert meta.MetaMajority().params == {"team": None}
    assert meta.MetaMixer().params == {"team": None, "distribution": None}
    player = REGISTRY.create("Meta Winner(team=['Tit For Tat', 'Defector'])")
    assert player.params == {"team": ("Tit For Tat", "Defector")}
    assert player.label == "Meta Winner(team=('Tit For Tat', 'Defector'))"
    assert player.axelrod_name() is None and not player.is_stochastic()
    assert REGISTRY.create("Meta Winner(team=['Random', 'Defector'])").is_stochastic()
    assert REGISTRY.create("Meta Winner Ensemble(team=['Random', 'Defector'])").is_stochastic()
    assert not REGISTRY.create("Meta Winner Ensemble(team=['Grudger'])").is_stochastic()
    assert not meta.MetaMixer(team=("Grudger", "Random"), distribution=(3, 0)).is_stochastic()
    assert (
        meta.MetaMixer(team=("Grudger", "Random"), distribution=(0, 0)).params["distribution"]
        is None
    )
    assert meta.MemoryDecay().params["memory"] == ""


@pytest.mark.parametrize(
    "build, message",
    [
        (lambda: meta.MetaMajority(team=()), "team must be a non-empty list"),
        (lambda: meta.MetaMajority(team="Tit For Tat"), "team must be a non-empty list"),
        (lambda: meta.MetaMajority(team=(3,)), "team members must be strategy names"),
        (lambda: meta.MetaMajority(team=("Meta Hunter",)), "cannot hold a meta strategy"),
        (lambda: meta.MetaMixer(distribution=(1, -1)), "weights must be >= 0"),
        (lambda: meta.MetaMixer(team=("Grudger",), distribution=(1, 2)), "one weight per"),
        (lambda: meta.MetaMixer(distribution="ab"), "list of weights"),
        (lambda: meta.MemoryDecay(p_memory_delete=1.5), "p_memory_delete must be a probab"),
        (lambda: meta.MemoryDecay(p_memory_alter=-0.1), "p_memory_alter must be a probab"),
        (lambda: meta.MemoryDecay(loss_value="x"), "loss_value must be a number"),
        (lambda: meta.MemoryDecay(memory="CX"), "memory must be a string of C and D"),
        (lambda: meta.MemoryDecay(start_strategy_duration=-1), "start_strategy_duration"),
        (lambda: meta.MemoryDecay(start_strategy=3), "start_strategy must be a strategy name"),
    ],
)
def test_bad_parameters(build, message):
    with pytest.raises(ValueError, match=message):
        build()


def test_unknown_member_is_named():
    with pytest.raises(LookupError, match="Tit For Tatt"):
        meta.MetaMajority(team=("Tit For Tatt",))


def test_history_grows_past_its_first_capacity_when_the_length_is_hidden():
    spec = _with_team("Meta Winner")
    expected = axelrod_moves(SMALL_TEAMS[spec](), library_player("Gradual"), 150, length=-1)
    assert play_match(spec, "Gradual", turns=150, hide_length=True).history() == expected
    # a member that reads its whole history: the team keeps every proposal
    spec = "Meta Majority(team=['Math Constant Hunter', 'Tit For Tat', 'Defector'])"
    theirs = _library(axl.MetaMajority, team=[axl.MathConstantHunter, axl.TitForTat, axl.Defector])
    expected = axelrod_moves(theirs, library_player("Gradual"), 150, length=-1)
    assert play_match(spec, "Gradual", turns=150, hide_length=True).history() == expected


# -- the history window ------------------------------------------------------------------


def test_a_team_reads_the_widest_window_of_its_members():
    assert REGISTRY.create(_with_team("Meta Winner")).history_window == 1
    assert (
        REGISTRY.create("Meta Majority(team=['Alternator Hunter', 'Grudger'])").history_window == 6
    )
    assert REGISTRY.create("Meta Majority Memory One").history_window == 1
    # Math Constant Hunter reads its whole history, and so do the teams it is in
    assert REGISTRY.create("Meta Hunter").history_window is None
    assert REGISTRY.create("Meta Majority(team=['Math Constant Hunter'])").history_window is None
    # Memory Decay's member plays its first turns only
    assert meta.MemoryDecay().history_window == 1
    decay = meta.MemoryDecay(start_strategy="Math Constant Hunter", start_strategy_duration=5)
    assert decay.history_window == 5
    assert (
        meta.MemoryDecay(
            start_strategy="Alternator Hunter", start_strategy_duration=20
        ).history_window
        == 6
    )
    assert meta.MemoryDecay(start_strategy_duration=0).history_window == 1


@pytest.mark.parametrize(
    "spec",
    [
        _with_team("Meta Winner"),
        _with_team("Meta Mixer"),
        "NMWE Memory One",
        "Meta Majority(team=['Cycle Hunter', 'Random Hunter', 'Alternator Hunter', 'Grudger'])",
        # members that read their own proposals, over several turns, each played in turn
        "Meta Mixer(team=['Second by Grofman', 'EvolvedLookerUp2_2_2', 'Resurrection', "
        "'Hard Tit For Tat', 'Omega TFT'])",
        "Memory Decay(start_strategy='Math Constant Hunter', start_strategy_duration=30)",
    ],
)
def test_a_windowed_team_keeps_its_last_proposals_only(spec):
    """Over 700 turns, past several compactions of its proposals: the same outcomes as a
    team that keeps every proposal (declaring no window: the engine keeps the whole
    history too), and a buffer of proposals that does not grow."""
    names = [spec, "Random", "Cycler(pattern='CCDCD')", "Tit For Tat"]
    seats = np.array([[0, 1], [0, 2], [3, 0], [0, 0]])
    lengths = np.array([700, 650, 700, 300])
    runs = []
    for windowed in (False, True):
        players = [REGISTRY.create(n) for n in names]
        keep = players[0].history_window
        assert keep is not None
        if not windowed:
            players[0].__dict__["history_window"] = None  # over the cached property
        budget = 1 if windowed else None
        outcome = play_batch(players, seats, lengths, get_game("classic").payoffs, 0.05,
                             np.random.SeedSequence(3), length=700, history_bytes=budget,
                             segment=3)  # fmt: skip
        runs.append(outcome.outcomes.tolist())
        team = players[0]._team
        sizes = [b.array.shape[1] for b in team.buffers.values()]
        assert max(sizes) <= keep + max(64, keep) if windowed else min(sizes) >= 700
    assert runs[0] == runs[1]


def test_integer_scores_turn_to_float_before_they_could_overflow():
    """A temptation of 2**20 - 1: 32-bit scores hold 2,048 turns of what defecting
    earns over cooperating (2**20 - 4 at most), then turn to float64; the moves are
    those of the same payoffs scaled down to fractions (float64 throughout)."""
    team = ("Tit For Tat", "Defector", "Grudger", "Random", "Alternator")
    moves, kinds = [], []
    for scale, turns in ((1.0, 100), (1.0, 2100), (2.0**-12, 2100)):
        payoffs = np.array([[[3.0, 0.0], [2.0**20 - 1, 1.0]]] * 2) * scale
        players = [REGISTRY.create(f"Meta Winner(team={team!r})"), REGISTRY.create("Random")]
        out = play_batch(
            players, np.array([[0, 1]] * 3), np.full(3, turns), payoffs, 0.0,
            np.random.SeedSequence(8), keep_moves=True,
        )  # fmt: skip
        moves.append(out.moves)
        kinds.append(players[0].scores.dtype)
    assert kinds == [np.int32, np.float64, np.float64]
    assert np.array_equal(moves[1], moves[2])
    assert np.array_equal(moves[0], moves[1][:, :, :100])
