"""Checks every registered strategy gets for free: metadata, naming, cloning, pickling,
reproducibility, batch-size independence and agreement with the Axelrod library."""

from __future__ import annotations

import pickle

import numpy as np
import pytest

from strategies import FAMILIES, REGISTRY, Strategy, create
from tournament.core.engine import play_batch
from tournament.core.games import get_game
from tournament.core.match import play_match
from tournament.core.reference import reference_match
from tournament.core.round_robin import round_robin_pairs

ALL = list(REGISTRY)
IDS = [cls.name for cls in ALL]
CLASSIC = get_game("classic").payoffs
OPPONENTS = ["Tit For Tat", "Defector", "Alternator", "Random", "Cycler(pattern='CCDDD')"]


@pytest.mark.parametrize("cls", ALL, ids=IDS)
def test_metadata(cls: type[Strategy]):
    assert cls.name and cls.name.strip() == cls.name
    assert cls.family in FAMILIES
    assert cls.memory_depth is None or (isinstance(cls.memory_depth, int) and cls.memory_depth >= 0)
    assert isinstance(cls.stochastic, bool)
    assert cls.__doc__ and cls.__doc__.strip(), "every strategy documents its rule"
    player = cls()
    assert player.label == cls.name
    assert REGISTRY.create(cls.name) == player
    for alias in cls.aliases:
        assert REGISTRY.get_class(alias) is cls
    name = player.axelrod_name()
    assert name is None or (isinstance(name, str) and name)


@pytest.mark.parametrize("cls", ALL, ids=IDS)
def test_clone_and_pickle_keep_parameters(cls: type[Strategy]):
    player = cls()
    assert player.clone() == player
    assert pickle.loads(pickle.dumps(player)) == player


@pytest.mark.parametrize("cls", ALL, ids=IDS)
def test_same_seed_same_moves(cls: type[Strategy]):
    for opponent in OPPONENTS:
        a = play_match(cls.name, opponent, turns=40, noise=0.05, seed=11)
        b = play_match(cls.name, opponent, turns=40, noise=0.05, seed=11)
        assert a.history() == b.history()


@pytest.mark.parametrize("cls", ALL, ids=IDS)
def test_plays_the_same_alone_and_in_a_large_batch(cls: type[Strategy]):
    """Per-match state must not leak between matches of a batch, nor between finished
    and running matches (varied lengths)."""
    if cls().is_stochastic():
        pytest.skip("stochastic: covered statistically in test_engine")
    names = [cls.name, *[o for o in OPPONENTS if not create(o).is_stochastic()]]
    players = [create(n) for n in names]
    pairs = round_robin_pairs(len(players), symmetric=True)
    lengths = np.array([3, 60, 17, 1, 33])
    seats = np.tile(pairs, (len(lengths), 1))
    match_lengths = np.repeat(lengths, len(pairs))
    out = play_batch(
        players, seats, match_lengths, CLASSIC, 0.0, np.random.SeedSequence(0), keep_moves=True
    )
    for i, (a, b) in enumerate(seats):
        if cls.name not in (names[a], names[b]):
            continue
        n = int(match_lengths[i])
        moves, _ = reference_match(players[a], players[b], n, CLASSIC)
        assert np.array_equal(out.moves[i, :, :n], moves), (names[a], names[b], n)


def test_registry_has_the_core_catalogue():
    required = [
        "Cooperator",
        "Defector",
        "Random",
        "Tit For Tat",
        "Tit For Two Tats",
        "Two Tits For Tat",
        "Suspicious Tit For Tat",
        "Generous Tit For Tat",
        "Hard Tit For Tat",
        "Contrite Tit For Tat",
        "Grudger",
        "Win-Stay Lose-Shift",
        "Alternator",
        "Cycler",
        "Prober",
        "Detective",
        "Gradual",
        "Firm But Fair",
        "Joss",
        "Adaptive",
        "Handshake",
        "ZD-Extort-2",
        "ZD-GTFT-2",
        "Equalizer",
        "Memory One",
        "Lookup Table",
        "Finite State Machine",
    ]
    missing = [name for name in required if name not in REGISTRY]
    assert not missing
    assert len(REGISTRY) >= 30


def test_unknown_name_suggests_the_closest():
    with pytest.raises(LookupError, match="Did you mean: 'Grudger'"):
        REGISTRY.get_class("Grudgr")


def test_parameter_specs():
    assert create("Random(0.25)").params == {"p": 0.25}
    assert create("random( p = 0.25 )").label == "Random(p=0.25)"
    assert create("TFT") == create("Tit For Tat")
    with pytest.raises(ValueError, match="takes 1 parameter"):
        create("Random(0.1, 0.2)")
    with pytest.raises(ValueError, match="cannot read the parameters"):
        create("Random(p=)")


@pytest.mark.parametrize("cls", list(REGISTRY), ids=lambda c: c.name)
def test_every_registered_strategy_is_public_in_its_module(cls):
    """Listed in its module's ``__all__``, so the API reference documents it."""
    import importlib

    assert cls.__name__ in importlib.import_module(cls.__module__).__all__
