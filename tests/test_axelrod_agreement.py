"""Where a native strategy has an Axelrod-library equivalent, both engines agree.

Deterministic strategies: every pair, 200 turns, no noise, identical move sequences.
"""

from __future__ import annotations

import itertools
import warnings

import axelrod as axl
import pytest

from strategies import REGISTRY
from tests.axelrod_helpers import axelrod_moves
from tournament.match import play_match


def _axelrod_players() -> dict[str, type]:
    found = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        # the generic base players are not in all_strategies
        for cls in [*axl.all_strategies, axl.Cycler, axl.FSMPlayer]:
            try:
                found[str(cls())] = cls
            except Exception:  # noqa: BLE001 - some library classes need arguments
                continue
    return found


AXELROD = _axelrod_players()
PAIRED = {
    cls.name: AXELROD[cls().axelrod_name()] for cls in REGISTRY if cls().axelrod_name() in AXELROD
}
DETERMINISTIC = sorted(
    name
    for name in PAIRED
    if not REGISTRY.create(name).is_stochastic() and not PAIRED[name].classifier["stochastic"]
)


def test_every_declared_equivalent_exists_in_the_library():
    declared = {cls.name: cls().axelrod_name() for cls in REGISTRY if cls().axelrod_name()}
    missing = {name: ax for name, ax in declared.items() if ax not in AXELROD}
    # parameterised generic players print their parameters; they exist with them
    missing = {n: ax for n, ax in missing.items() if REGISTRY.get_class(n).family != "generic"}
    assert not missing


@pytest.mark.parametrize("first", DETERMINISTIC)
def test_deterministic_strategies_play_exactly_as_in_the_axelrod_library(first):
    mismatches = []
    for second in DETERMINISTIC:
        ours = play_match(first, second, turns=200, seed=0).history()
        theirs = axelrod_moves(PAIRED[first](), PAIRED[second](), 200)
        if ours != theirs:
            mismatches.append(second)
    assert not mismatches, f"{first} differs from the Axelrod library against {mismatches}"


def test_enough_strategies_are_cross_checked():
    assert len(DETERMINISTIC) >= 10
    assert len(list(itertools.combinations(DETERMINISTIC, 2))) >= 45
