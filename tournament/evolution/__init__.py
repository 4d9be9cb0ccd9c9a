"""Evolutionary dynamics on a tournament's payoffs: the ecological simulation (discrete
replicator dynamics, one or two populations), the vectorized Moran process with fixation
probabilities, and invasion of a resident by mutants.

An application of the core: it may import :mod:`tournament.core`,
:mod:`tournament.common`, :mod:`tournament.reports` and :mod:`strategies`.
"""

from tournament.evolution.models import (
    MODELS,
    EvolutionResults,
    InvasionResult,
    evolve,
    invasion,
)

__all__ = ["MODELS", "EvolutionResults", "InvasionResult", "evolve", "invasion"]
