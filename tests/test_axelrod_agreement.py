"""Where a native strategy has an Axelrod-library equivalent, both engines agree.

Deterministic strategies: against a seeded sample of the other deterministic ones (every
pair in docs/make_agreement_table.py), 200 turns, no noise, the length told as the
library's Tournament tells it: the same moves. Stochastic ones: mean scores within
``TOLERANCE_SE`` standard errors. A whole tournament: the same per-strategy totals as the
library's own ``Tournament``.
"""

from __future__ import annotations

import warnings

import axelrod as axl
import numpy as np
import pytest

from strategies import REGISTRY
from strategies.interop import axelrod_catalogue
from tournament import Tournament
from tournament.agreement.field import compare_field
from tournament.agreement.library import check_stochastic, equivalents

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


#: Each deterministic strategy meets this many others drawn at random (seeded), and they
#: meet it: about 1,000 library matches in all. docs/make_agreement_table.py checks every
#: pair of the field.
SAMPLED_OPPONENTS = 6


@pytest.fixture(scope="module")
def field_check():
    return compare_field(DETERMINISTIC, turns=200, per_strategy=SAMPLED_OPPONENTS, seed=13)


@pytest.mark.parametrize("name", DETERMINISTIC)
def test_deterministic_strategies_play_exactly_as_in_the_axelrod_library(name, field_check):
    assert field_check.compared_with(name) >= SAMPLED_OPPONENTS
    mismatched = field_check.mismatches_of(name)
    assert not mismatched, f"{name} differs from the Axelrod library against {mismatched}"


#: The library's slow stochastic strategies (meta players with teams of a hundred and
#: more) take seconds per match there: three of them, drawn with a fixed seed, here;
#: every one in docs/make_agreement_table.py and its own module's tests.
_SLOW = [n for n in STOCHASTIC if PAIRED[n].classifier.get("long_run_time")]
SAMPLED_STOCHASTIC = [n for n in STOCHASTIC if n not in _SLOW] + [
    _SLOW[i] for i in sorted(np.random.default_rng(3).choice(len(_SLOW), 3, replace=False))
]


@pytest.mark.parametrize("name", SAMPLED_STOCHASTIC)
def test_stochastic_strategies_score_as_in_the_axelrod_library(name):
    for check in check_stochastic(name):
        assert check.agrees, check


def test_tournament_totals_equal_the_axelrod_library_tournament():
    """Forty deterministic strategies drawn from the field (both engines tell the players
    the length): the same per-strategy total scores, self-play excluded, as the library's
    own Tournament."""
    fast = [n for n in DETERMINISTIC if not PAIRED[n].classifier.get("long_run_time")]
    picks = np.random.default_rng(5).choice(len(fast), size=min(40, len(fast)), replace=False)
    roster = [fast[i] for i in sorted(picks)]
    ours = Tournament(roster, turns=100, repetitions=2, seed=0).play().total_scores
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        library = axl.Tournament(
            [PAIRED[name]() for name in roster], turns=100, repetitions=2, seed=0
        ).play(progress_bar=False, processes=None)
    assert len(roster) >= 40
    for i, name in enumerate(roster):
        assert ours.loc[name].tolist() == [float(s) for s in library.scores[i]], name


def test_the_docs_table_lists_every_native_strategy():
    """docs/axelrod_agreement.md is regenerated when strategies are added."""
    from pathlib import Path

    table = (Path(__file__).resolve().parents[1] / "docs" / "axelrod_agreement.md").read_text()
    listed = {line.split("|")[1].strip() for line in table.splitlines() if line.startswith("| ")}
    missing = set(REGISTRY.names()) - listed
    assert not missing, f"run 'python docs/make_agreement_table.py': missing {sorted(missing)}"
