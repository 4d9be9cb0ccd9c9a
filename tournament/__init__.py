"""Vectorized iterated prisoner's dilemma tournaments.

The public API, imported lazily so that ``ipd --help`` starts fast::

    from tournament import Tournament, play_match, get_game
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

_EXPORTS = {
    "Game": "tournament.core.games",
    "get_game": "tournament.core.games",
    "GAMES": "tournament.core.games",
    "Tournament": "tournament.core.round_robin",
    "play_match": "tournament.core.match",
    "MatchResult": "tournament.core.match",
    "TournamentResults": "tournament.core.results",
    "IPDError": "strategies.errors",
    "memory_one_payoffs": "tournament.core.markov",
    "Experiment": "tournament.experiments",
    "run_experiment": "tournament.experiments",
    "load_config": "tournament.experiments",
    "evolve": "tournament.evolution",
    "invasion": "tournament.evolution",
    "MoranProcess": "tournament.evolution",
    "ashlock_fingerprint": "tournament.research",
    "transitive_fingerprint": "tournament.research",
    "read_table": "tournament.common.frames",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(importlib.import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'tournament' has no attribute {name!r}")
