"""Evolutionary dynamics on a tournament's payoffs: the ecological simulation (discrete
replicator dynamics, one or two populations), the vectorized Moran process with fixation
probabilities, invasion of a resident by mutants, and partner choice (suppliers and
buyers in a market where a cheated buyer may switch supplier); and the Moran process as
the Axelrod library runs it, playing the matches of each step's population
(:mod:`~tournament.evolution.moran_library`).

An application of the core: it may import :mod:`tournament.core`,
:mod:`tournament.common`, :mod:`tournament.reports` and :mod:`strategies`.
"""

from tournament.evolution.ecological import replicator, two_population_replicator
from tournament.evolution.moran_library import (
    MoranProcess,
    MoranRuns,
    OutcomeTable,
    fixation_probability,
    sample_outcomes,
)
from tournament.evolution.moran_process import (
    MoranOutcome,
    counts_from_weights,
    fixation_table,
    moran,
    wilson_interval,
)
from tournament.evolution.mutant_invasion import InvasionResult, invasion
from tournament.evolution.partner_choice import (
    Market,
    Relationships,
    market_values,
    partner_choice_dynamics,
    play_relationships,
)
from tournament.evolution.results import EvolutionResults, tidy_shares
from tournament.evolution.simulation import MODELS, evolve

__all__ = [
    "MODELS",
    "EvolutionResults",
    "InvasionResult",
    "Market",
    "MoranOutcome",
    "MoranProcess",
    "MoranRuns",
    "OutcomeTable",
    "Relationships",
    "counts_from_weights",
    "evolve",
    "fixation_probability",
    "fixation_table",
    "invasion",
    "market_values",
    "moran",
    "partner_choice_dynamics",
    "play_relationships",
    "replicator",
    "sample_outcomes",
    "tidy_shares",
    "two_population_replicator",
    "wilson_interval",
]
