"""Evolutionary dynamics on a tournament's payoffs: the ecological simulation (discrete
replicator dynamics, one or two populations), the vectorized Moran process with fixation
probabilities, and invasion of a resident by mutants.

An application of the core: it may import :mod:`tournament.core`,
:mod:`tournament.common`, :mod:`tournament.reports` and :mod:`strategies`.
"""

from tournament.evolution.ecological import replicator, two_population_replicator
from tournament.evolution.moran_process import (
    MoranOutcome,
    counts_from_weights,
    fixation_table,
    moran,
    wilson_interval,
)
from tournament.evolution.mutant_invasion import InvasionResult, invasion
from tournament.evolution.results import EvolutionResults, tidy_shares
from tournament.evolution.simulation import MODELS, evolve

__all__ = [
    "MODELS",
    "EvolutionResults",
    "InvasionResult",
    "MoranOutcome",
    "counts_from_weights",
    "evolve",
    "fixation_table",
    "invasion",
    "moran",
    "replicator",
    "tidy_shares",
    "two_population_replicator",
    "wilson_interval",
]
