"""Strategy transformers (strategies.transformers) against the Axelrod library's
``strategy_transformers``: deterministic transformers play exactly the library's
transformed players' moves (200 turns, the length told as the library's Match tells it,
no noise), stochastic ones reach the library's mean score and cooperation within
TOLERANCE_SE standard errors, and the metadata is the library's classifier for the
transformed player. Then names, composition, errors and the engine's contract."""

from __future__ import annotations

import json
import math
import pickle
import warnings

import axelrod as axl
import numpy as np
import pytest
from axelrod import strategy_transformers as library_transformers
from click.testing import CliRunner

from strategies import REGISTRY, create
from strategies.catalogue import axelrod_catalogue_entries
from strategies.errors import IPDError, UnknownNameError
from strategies.transformers import TRANSFORMERS, Dual, JossAnn, Noisy, Transformed
from strategies.transformers.wrapper import Moves, spec_of
from tournament.agreement.library import TOLERANCE_SE, library_moves
from tournament.cli import main
from tournament.core.engine import play_batch
from tournament.core.games import get_game
from tournament.core.match import play_match
from tournament.core.reference import reference_match
from tournament.core.round_robin import Tournament

CLASSIC = get_game("classic").payoffs
TURNS = 200


# -- the library's transformed player for one of ours ---------------------------------


def _library_argument(value: object) -> object:
    if isinstance(value, Moves):
        return [axl.Action.C if move == "C" else axl.Action.D for move in value]
    return value


def library_base(spec: str) -> axl.Player:
    """The library's player for a native spec with an equivalent, found through the
    catalogue's data file (quicker than building the library's whole catalogue)."""
    player = create(spec)
    if type(player).__name__ == "CyclerStrategy":
        return axl.Cycler(player.params["pattern"])
    classes = {e.name: e.class_name for e in axelrod_catalogue_entries()}
    return getattr(axl, classes[player.axelrod_name()])()


def library_class(player) -> type:
    """The library's class for our (possibly transformed, possibly composed) player."""
    if not isinstance(player, Transformed):
        return type(library_base(spec_of(player)))
    inner = library_class(player.inner)
    if player.key == "Mixed":
        args = (list(player._probs), [library_class(m) for m in player.players])
    else:
        args = tuple(_library_argument(v) for v in player.params.values())
    factory = getattr(library_transformers, f"{type(player).__name__}Transformer")
    if player.key == "Retaliation":
        factory = library_transformers.RetaliationTransformer
    return factory(*args)(inner)


def library_classifier(player) -> dict:
    keys = ("memory_depth", "stochastic", "makes_use_of", "long_run_time")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs = library_class(player)()
        found = {k: axl.Classifiers[k](theirs) for k in keys}
    found["makes_use_of"] = set(found["makes_use_of"] or ())
    return found


def our_classifier(player) -> dict:
    depth = player.memory_depth
    return {
        "memory_depth": math.inf if depth is None else depth,
        "stochastic": player.is_stochastic(),
        "makes_use_of": set(player.makes_use_of),
        "long_run_time": player.long_run_time,
    }


# -- deterministic transformers: the library's moves exactly ---------------------------

#: Deterministic native strategies with library equivalents: memory-one data, counters,
#: a two-turn window, a state machine, the length (BackStabber), a cycle (no history),
#: the whole history (Math Constant Hunter).
INNERS = (
    "Tit For Tat",
    "Grudger",
    "Alternator",
    "Tit For Two Tats",
    "Gradual",
    "BackStabber",
    "Cycler(pattern='CCD')",
    "Math Constant Hunter",
)
OPPONENTS = ("Suspicious Tit For Tat", "Alternator", "Cycler(pattern='CCDCD')")
DETERMINISTIC = (
    "Dual({})",
    "Flip({})",
    "Nice({})",
    "Initial({}, 'DDC')",
    "Final({}, 'DDD')",
    "Grudge({}, 2)",
    "Apology({})",
    "Apology({}, 'DD', 'CD')",
    "DeadlockBreaking({})",
    "Retaliation({}, 3)",
    "RetaliateUntilApology({})",
    "JossAnn({}, 1, 0)",
    "JossAnn({}, 0, 1)",
    "Noisy({}, 1)",
    "Forgiver({}, 1)",
    "Mixed({}, 1, Defector)",
)
COMPOSED = (
    "Dual(Initial(Grudger, 'CD'))",
    "Flip(Dual(Gradual))",
    "Nice(Retaliation(Alternator, 2))",
    "Initial(JossAnn(Tit For Tat, 0, 1), CC)",
    "Dual(Dual(Gradual))",
    "Final(Dual(BackStabber), 'CD')",
    "Grudge(Apology(DeadlockBreaking(Tit For Two Tats)), 4)",
)
SPECS = [t.format(inner) for t in DETERMINISTIC for inner in INNERS] + list(COMPOSED)


@pytest.fixture(scope="module")
def our_moves() -> dict[tuple[str, str], str]:
    """Every spec against every opponent, one batch of our engine."""
    players = [create(s) for s in SPECS] + [create(o) for o in OPPONENTS]
    n = len(SPECS)
    seats = np.array([[i, n + j] for i in range(n) for j in range(len(OPPONENTS))])
    out = play_batch(
        players,
        seats,
        np.full(len(seats), TURNS),
        CLASSIC,
        0.0,
        np.random.SeedSequence(1),
        keep_moves=True,
        length=TURNS,
    )
    return {
        (SPECS[i], OPPONENTS[j - n]): "".join("CD"[m] for m in out.moves[row, 0])
        for row, (i, j) in enumerate(seats)
    }


@pytest.mark.parametrize("template", DETERMINISTIC + ("{}",))
def test_deterministic_transformers_play_the_librarys_moves(template, our_moves):
    """16 transformers x 8 strategies x 3 opponents, and 7 compositions, 200 turns each:
    every move."""
    specs = list(COMPOSED) if template == "{}" else [template.format(i) for i in INNERS]
    for spec in specs:
        player = create(spec)
        assert not player.is_stochastic(), spec
        for opponent in OPPONENTS:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                theirs, _ = library_moves(library_class(player)(), library_base(opponent), TURNS)
            assert our_moves[spec, opponent] == theirs, f"{spec} against {opponent}"


def test_final_needs_the_length_and_plays_the_inner_strategy_without_it():
    told = play_match("Final(Cooperator, 'CDD')", "Cooperator", turns=8).history()[0]
    hidden = play_match("Final(Cooperator, 'CDD')", "Cooperator", turns=8, hide_length=True)
    endless = play_match("Final(Cooperator, 'DD')", "Cooperator", prob_end=0.1, seed=3)
    assert told == "CCCCCCDD"
    assert hidden.history()[0] == "C" * 8
    assert "D" not in endless.history()[0]


# -- stochastic transformers: the library's means --------------------------------------

STOCHASTIC = (
    "Noisy(Tit For Tat, 0.1)",
    "Noisy(Grudger, 0.3)",
    "JossAnn(Tit For Tat, 0.1, 0.2)",
    "JossAnn(Grudger, 0.6, 0.8)",  # adds up to more than 1: scaled
    "Forgiver(Grudger, 0.3)",
    "Mixed(Tit For Tat, 0.3, Defector)",
    "Mixed(Grudger, [0.2, 0.3], [Alternator, Cooperator])",
    "Dual(Noisy(Tit For Tat, 0.1))",
    "Initial(Forgiver(Defector, 0.5), 'DD')",
)
STOCHASTIC_OPPONENTS = ("Tit For Tat", "Alternator", "Grudger")
OURS_N, THEIRS_N, SHORT = 2000, 30, 50


def _z(ours: np.ndarray, theirs: np.ndarray) -> float:
    diff = abs(ours.mean() - theirs.mean())
    se = math.sqrt(ours.var() / ours.size + theirs.var() / theirs.size)
    return 0.0 if diff < 1e-12 else (diff / se if se > 0 else math.inf)


@pytest.mark.parametrize("spec", STOCHASTIC)
def test_stochastic_transformers_reach_the_librarys_means(spec):
    """Mean score per turn and cooperation rate over 50-turn matches: ours over 2,000
    seeded matches, the library's over 30, within TOLERANCE_SE (4.5) standard errors of
    the difference (about 50 comparisons: a false alarm has odds of about 1 in 3,000)."""
    player = create(spec)
    assert player.is_stochastic()
    for opponent in STOCHASTIC_OPPONENTS:
        out = play_batch(
            [player, create(opponent)],
            np.tile([[0, 1]], (OURS_N, 1)),
            np.full(OURS_N, SHORT),
            CLASSIC,
            0.0,
            np.random.SeedSequence(5),
            length=SHORT,
        )
        ours_score = out.scores[:, 0] / SHORT
        ours_coop = out.cooperations[:, 0] / SHORT
        scores, cooperation = [], []
        for seed in range(THEIRS_N):
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                first = library_class(player)()
                a, b = library_moves(first, library_base(opponent), SHORT, seed)
            mine = np.array(["CD".index(x) for x in a])
            theirs = np.array(["CD".index(x) for x in b])
            scores.append(CLASSIC[0, mine, theirs].mean())
            cooperation.append((mine == 0).mean())
        for what, ours, theirs in (
            ("score", ours_score, np.array(scores)),
            ("cooperation", ours_coop, np.array(cooperation)),
        ):
            z = _z(ours, theirs)
            assert z <= TOLERANCE_SE, (
                f"{spec} vs {opponent}: {what} {ours.mean():.3f} (ours) against "
                f"{theirs.mean():.3f} (library), z = {z:.1f}"
            )


def test_noisy_flips_at_its_rate_from_its_own_stream():
    """Noisy(Cooperator, 0.2) defects in 20% of its moves (binomial standard error)."""
    out = play_batch(
        [create("Noisy(Cooperator, 0.2)"), create("Cooperator")],
        np.tile([[0, 1]], (500, 1)),
        np.full(500, 100),
        CLASSIC,
        0.0,
        np.random.SeedSequence(2),
    )
    defections = 1 - out.cooperations[:, 0].sum() / 50_000
    assert abs(defections - 0.2) < 4.5 * math.sqrt(0.2 * 0.8 / 50_000)
    assert (out.cooperations[:, 1] == 100).all()


# -- metadata: the library's classifier for the transformed player ----------------------

#: Inner strategies whose native metadata is the library's (Cycler's and Contrite Tit
#: For Tat's memory depths depend on parameters here, so are left out).
CLASSIFIED = [
    spec
    for spec in SPECS + list(STOCHASTIC)
    if "Cycler" not in spec
    and "Contrite" not in spec
    and "Mixed(Grudger, [" not in spec  # the library's Mixed player list prints names only
] + [
    "Noisy(Adaptive, 0.1)",
    "Noisy(Random, 0)",
    "Final(Adaptive, 'D')",
    "Initial(Random, 'CCCCC')",
    "Retaliation(Math Constant Hunter, 2)",
    "JossAnn(Noisy(Adaptive, 0.1), 1, 0)",
    "JossAnn(Grudger, 0, 0)",
    "Noisy(Final(Adaptive, 'DD'), 0.2)",
    "Mixed(Grudger, 0, Defector)",
    "Mixed(Defector, 1, Random)",
]


@pytest.mark.parametrize("spec", CLASSIFIED)
def test_metadata_is_the_librarys_classifier(spec):
    assert our_classifier(create(spec)) == library_classifier(create(spec))


@pytest.mark.parametrize(
    ("spec", "library"),
    [
        ("Dual(Tit For Tat)", "DualTransformer()(axl.TitForTat)()"),
        ("Noisy(TFT, 0.1)", "NoisyTransformer(0.1)(axl.TitForTat)()"),
        ("JossAnn(Grudger, 0.1, 0.2)", "JossAnnTransformer((0.1, 0.2))(axl.Grudger)()"),
        ("JossAnn(Grudger, 1, 0)", "JossAnnTransformer((1, 0))(axl.Grudger)()"),
        ("Initial(Defector, 'CCD')", "InitialTransformer([C, C, D])(axl.Defector)()"),
        ("Final(Random(0.3), 'DD')", "FinalTransformer([D, D])(axl.Random)(0.3)"),
        ("Apology(TFT)", "ApologyTransformer([D], [C])(axl.TitForTat)()"),
        (
            "Mixed(TFT, [0.2, 0.3], [Defector, Cooperator])",
            "MixedTransformer([0.2, 0.3], [axl.Defector, axl.Cooperator])(axl.TitForTat)()",
        ),
        (
            "Noisy(JossAnn(TFT, 0.1, 0.2), 0.1)",
            "NoisyTransformer(0.1)(JossAnnTransformer((0.1, 0.2))(axl.TitForTat))()",
        ),
        ("RUA(Cooperator)", "RetaliateUntilApologyTransformer()(axl.Cooperator)()"),
        ("Retaliating(Random, 3)", "RetaliationTransformer(3)(axl.Random)()"),
    ],
)
def test_labels_follow_the_librarys_names(spec, library):
    namespace = vars(library_transformers) | {"axl": axl, "C": axl.Action.C, "D": axl.Action.D}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        expected = str(eval(library, namespace))
    player = create(spec)
    assert player.axelrod_name() == expected
    assert player.label == expected.replace("Random: 0.3", "Random(p=0.3)").replace(
        "Random: 0.5", "Random"
    )


# -- names, specs and errors -----------------------------------------------------------


@pytest.mark.parametrize(
    "forms",
    [
        ("Dual(Tit For Tat)", "dual(tit-for-tat)", "DualTransformer(TFT)", Dual("TFT")),
        (
            "JossAnn(Grudger, 0.1, 0.2)",
            "JossAnn(Grudger, (0.1, 0.2))",
            "Joss-Ann(Grudger, probability=[0.1, 0.2])",
            "JossAnn(strategy='Grudger', probability=(0.1, 0.2))",
            JossAnn(create("Grudger"), (0.1, 0.2)),
        ),
        ("Initial(Defector, 'CCD')", "Initial(Defector, CCD)", 'Initial(Defector, seq="CCD")'),
        ("Dual(Noisy(Tit For Tat, 0.1))", "Dual('Noisy(TFT, noise=0.1)')", Dual(Noisy("TFT", 0.1))),
        ("Noisy(Random(0.3))", "Noisy(Random(p=0.3), 0.05)"),
        (
            "Forgiver(Grudger, 0.1)",
            "Forgiving(Grudger, 0.1)",
            "ForgiverTransformer(Grudger, p=0.1)",
        ),
        (
            "Mixed(TFT, [0.2, 0.3], [Defector, Cooperator])",
            "Mixed(TFT, (0.2, 0.3), ('ALLD', 'ALLC'))",
        ),
        ("Dual(Hard Go By Majority: 10)", "Dual('Hard Go By Majority: 10')"),
    ],
)
def test_every_form_of_a_spec_builds_the_same_player(forms):
    players = [create(form) for form in forms]
    assert all(p == players[0] for p in players), [p.spec for p in players]
    first = players[0]
    assert create(first.spec) == first and create(first.spec).spec == first.spec
    assert first.clone() == first and pickle.loads(pickle.dumps(first)) == first
    assert first.family == "transformed"


def test_a_strategy_named_like_a_transformer_keeps_its_name():
    assert not isinstance(create("Forgiver"), Transformed)  # the strategy
    assert not isinstance(create("Forgiver()"), Transformed)
    assert isinstance(create("Forgiver(Grudger, 0.1)"), Transformed)  # the transformer
    assert not isinstance(create("Retaliate(0.2)"), Transformed)  # the strategy's parameter


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("Duall(Tit For Tat)", "unknown strategy 'Duall'. Did you mean: 'Dual'"),
        ("Dual(Tit For Tatt)", "unknown strategy 'Tit For Tatt'. Did you mean: 'Tit For Tat'"),
        ("Noisy(Dual(Grudgr))", "unknown strategy 'Grudgr'. Did you mean: 'Grudger'"),
        ("Dual()", "transformer 'Dual' needs a strategy to transform: expected e.g."),
        ("Dual(TFT, 3)", "too many parameters in 'Dual(TFT, 3)': 'Dual' takes Dual(strategy)"),
        ("Grudge(TFT)", "'Grudge(TFT)' lacks 'grudges': 'Grudge' takes Grudge(strategy, grudges)"),
        ("Noisy(TFT, level=0.1)", "'Noisy' has no parameter 'level'"),
        ("Noisy(TFT, 0.1, noise=0.2)", "'noise' is given twice"),
        ("Noisy(TFT, 2)", "noise must be a probability in [0, 1], got 2.0"),
        ("Noisy(TFT, lots)", "noise must be a probability in [0, 1], got 'lots'"),
        ("Initial(TFT, 'CXD')", "seq must be a string of C and D, got 'CXD'"),
        ("Final(TFT, '')", "seq must be a non-empty string of C and D"),
        ("Grudge(TFT, -1)", "grudges must be an integer >= 0, got -1"),
        ("Retaliation(TFT, 0)", "retaliations must be an integer >= 1, got 0"),
        ("Apology(TFT, 'DD', 'C')", "myseq and opseq must have the same length"),
        ("JossAnn(TFT, 0.1)", "probability must be two numbers (cooperate, defect)"),
        ("JossAnn(TFT, -0.1, 0.2)", "must be a finite number >= 0, got -0.1"),
        ("JossAnn(TFT, 0.1, 0.2, 0.3)", "too many parameters"),
        ("Mixed(TFT, [0.6, 0.6], [ALLD, ALLC])", "the probabilities add up to more than 1"),
        ("Mixed(TFT, [0.5], [ALLD, ALLC])", "1 probabilities for 2 players"),
        ("Mixed(TFT, 0.5, Defectr)", "unknown strategy 'Defectr'. Did you mean: 'Defector'"),
        ("Dual(Random(2))", "bad parameters for 'Random'"),
        ("Dual(TFT))", "unbalanced brackets"),
        ("Dual(my_strategy.py)", "is a strategy file"),
    ],
)
def test_bad_specs_get_one_line_errors(spec, message):
    with pytest.raises(IPDError) as error:
        create(spec)
    assert message in str(error.value)
    assert "\n" not in str(error.value)
    if "unknown" in message:
        assert isinstance(error.value, UnknownNameError)


def test_the_command_line_lists_transformers_and_plays_them():
    runner = CliRunner()
    listing = runner.invoke(main, ["strategies", "--transformers"])
    assert listing.exit_code == 0
    for key, cls in TRANSFORMERS.items():
        assert key in listing.output and cls.example in listing.output
    rows = json.loads(runner.invoke(main, ["strategies", "--transformers", "--json"]).output)
    by_name = {row["name"]: row for row in rows}
    assert set(by_name) == set(TRANSFORMERS)
    assert by_name["Noisy"]["parameters"] == {"noise": 0.05} and not by_name["Noisy"]["required"]
    assert by_name["JossAnn"]["required"] == ["probability"]
    played = runner.invoke(main, ["match", "Dual(TFT)", "Initial(Defector, CC)", "--turns", "4"])
    assert played.exit_code == 0 and "Dual Tit For Tat" in played.output
    bad = runner.invoke(main, ["match", "Dual(Tit For Tatt)", "TFT"])
    assert bad.exit_code == 2 and "Did you mean: 'Tit For Tat'" in bad.output


# -- the engine's contract ---------------------------------------------------------------

ENGINE_SPECS = (
    "Dual(Math Constant Hunter)",  # a flipped copy of the whole history
    "Dual(Tit For Two Tats)",
    "Apology(Gradual, 'DD', 'CC')",
    "Mixed(Grudger, 1, Math Constant Hunter)",
    "DeadlockBreaking(Final(BackStabber, 'CC'))",
    "Retaliation(Cycler(pattern='CCD'), 2)",
    "Nice(Grudge(Alternator, 1))",
)


@pytest.mark.parametrize("spec", ENGINE_SPECS)
def test_batches_of_different_lengths_play_as_single_matches(spec):
    """Per-match state never leaks between matches of a batch or from finished ones,
    with a sliding window of the history: each match equals the reference engine's."""
    rng = np.random.default_rng(4)
    opponents = ["Tit For Tat", "Alternator", "Gradual", "Cycler(pattern='CDDCC')"]
    players = [create(spec)] + [create(o) for o in opponents]
    m = 24
    seats = np.column_stack([np.zeros(m, dtype=int), 1 + rng.integers(0, len(opponents), m)])
    lengths = rng.integers(1, 150, m)
    out = play_batch(
        players,
        seats,
        lengths,
        CLASSIC,
        0.0,
        np.random.SeedSequence(3),
        keep_moves=True,
        length=None,
        segment=64,
    )
    for i in range(m):
        moves, _ = reference_match(
            players[0], players[seats[i, 1]], int(lengths[i]), CLASSIC, rng=np.random.default_rng(0)
        )
        assert (out.moves[i, :, : lengths[i]] == moves).all(), f"{spec}, match {i}"


def test_windows_follow_what_the_transformer_reads():
    assert create("Dual(Tit For Tat)").history_window == 1
    assert create("Dual(Math Constant Hunter)").history_window is None
    assert create("Apology(Cooperator, 'DDD', 'CCC')").history_window == 3
    assert create("DeadlockBreaking(Cycler(pattern='CD'))").history_window == 2
    assert create("JossAnn(Math Constant Hunter, 1, 0)").history_window == 0
    assert create("Mixed(TFT, 0.1, Math Constant Hunter)").history_window is None


def test_a_tournament_plays_transformed_strategies_and_records_their_specs():
    field = ["Tit For Tat", "Dual(TFT)", "Noisy(Grudger, 0.1)", "JossAnn(Cooperator, 0.1, 0.2)"]
    results = Tournament(field, turns=50, repetitions=3, seed=1).play()
    labels = set(results.summary["strategy"])
    assert {"Dual Tit For Tat", "Noisy Grudger: 0.1", "Joss-Ann Cooperator: (0.1, 0.2)"} <= labels
    assert set(results.summary["family"]) >= {"transformed", "reciprocal"}
    again = Tournament(field, turns=50, repetitions=3, seed=1).play()
    assert results.summary.equals(again.summary)


def test_transformed_players_in_the_registry_sense():
    """Transformers are not strategies of the registry: listings stay the same."""
    assert all(not issubclass(cls, Transformed) for cls in REGISTRY)
    assert "Dual" not in REGISTRY


def test_the_manifest_names_transformed_players_by_specs_that_build_them_again():
    """Labels are the library's ("Dual Tit For Tat"); the manifest's specs rebuild the
    same tournament."""
    from tournament import Tournament

    field = ["Dual(Tit For Tat)", "JossAnn(Grudger, 0.1, 0.2)", "Tit For Tat", "Tit For Tat"]
    first = Tournament(field, turns=20, repetitions=2, noise=0.05, seed=4).play()
    parameters = first.manifest()["parameters"]
    assert parameters["players"][:2] == ["Dual Tit For Tat", "Joss-Ann Grudger: (0.1, 0.2)"]
    assert parameters["specs"][0] == "Dual(Tit For Tat)"
    again = Tournament(parameters["specs"], turns=20, repetitions=2, noise=0.05, seed=4).play()
    assert again.summary.equals(first.summary)
