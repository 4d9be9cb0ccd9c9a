"""Where a native strategy has an Axelrod-library equivalent, both engines agree.

Deterministic strategies: against every other such strategy, 200 turns, no noise, the
same moves. Stochastic ones: mean scores within ``TOLERANCE_SE`` standard errors. A whole
tournament: the same per-strategy totals as the library's own ``Tournament``.
"""

from __future__ import annotations

import warnings

import axelrod as axl
import pytest

from strategies import REGISTRY
from strategies.interop import axelrod_catalogue
from tournament import Tournament
from tournament.agreement.library import compare_deterministic, compare_stochastic, equivalents

PAIRED = equivalents()
DETERMINISTIC = sorted(
    name
    for name, cls in PAIRED.items()
    if not REGISTRY.create(name).is_stochastic() and not cls.classifier["stochastic"]
)
STOCHASTIC = sorted(
    name
    for name, cls in PAIRED.items()
    if REGISTRY.create(name).is_stochastic() and cls.classifier["stochastic"]
)


def test_every_declared_equivalent_exists_in_the_library():
    catalogue = axelrod_catalogue()
    declared = {cls.name: cls().axelrod_name() for cls in REGISTRY if cls().axelrod_name()}
    missing = {name: ax for name, ax in declared.items() if ax not in catalogue}
    # generic players exist in the library with parameters (checked in test_generic.py)
    assert {REGISTRY.get_class(name).family for name in missing} <= {"generic"}
    assert len(DETERMINISTIC) >= 30 and len(STOCHASTIC) >= 20


# Library strategies flagged long_run_time (DBS's tree search) take seconds per match:
# they meet a quarter of the field, which meets them in return.
SLOW = {name for name in DETERMINISTIC if PAIRED[name].classifier.get("long_run_time")}
FAST = [name for name in DETERMINISTIC if name not in SLOW]


@pytest.mark.parametrize("name", DETERMINISTIC)
def test_deterministic_strategies_play_exactly_as_in_the_axelrod_library(name):
    opponents = FAST[::4] if name in SLOW else FAST
    mismatched = compare_deterministic(name, opponents)
    assert not mismatched, f"{name} differs from the Axelrod library against {mismatched}"


@pytest.mark.parametrize("name", STOCHASTIC)
def test_stochastic_strategies_score_as_in_the_axelrod_library(name):
    for check in compare_stochastic(name):
        assert check.agrees, check


def test_tournament_totals_equal_the_axelrod_library_tournament():
    """Deterministic strategies that do not use the match length (the library tells its
    players the length in a tournament): the same per-strategy total scores, self-play
    excluded, as the library's own Tournament."""
    roster = [
        name
        for name in DETERMINISTIC
        if "length" not in PAIRED[name].classifier.get("makes_use_of", set())
    ][:25]
    ours = Tournament(roster, turns=100, repetitions=2, seed=0).play().total_scores
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        library = axl.Tournament(
            [PAIRED[name]() for name in roster], turns=100, repetitions=2, seed=0
        ).play(progress_bar=False, processes=None)
    assert len(roster) >= 20
    for i, name in enumerate(roster):
        assert ours.loc[name].tolist() == [float(s) for s in library.scores[i]], name


def test_the_docs_table_lists_every_native_strategy():
    """docs/axelrod_agreement.md is regenerated when strategies are added."""
    from pathlib import Path

    table = (Path(__file__).resolve().parents[1] / "docs" / "axelrod_agreement.md").read_text()
    listed = {line.split("|")[1].strip() for line in table.splitlines() if line.startswith("| ")}
    missing = set(REGISTRY.names()) - listed
    assert not missing, f"run 'python docs/make_agreement_table.py': missing {sorted(missing)}"
