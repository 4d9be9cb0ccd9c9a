"""Vectorized iterated prisoner's dilemma tournaments.

The public API, imported lazily so that ``ipd --help`` starts fast::

    from tournament import Tournament, play_match, get_game
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

_EXPORTS = {
    "Game": "tournament.games",
    "get_game": "tournament.games",
    "GAMES": "tournament.games",
    "Tournament": "tournament.tournament",
    "play_match": "tournament.match",
    "MatchResult": "tournament.match",
    "TournamentResults": "tournament.results",
    "IPDError": "tournament.errors",
    "memory_one_payoffs": "tournament.markov",
    "Experiment": "tournament.experiment",
    "run_experiment": "tournament.experiment",
    "load_config": "tournament.config",
    "evolve": "tournament.evolution",
    "invasion": "tournament.evolution",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(importlib.import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'tournament' has no attribute {name!r}")
