"""The Moran process as the Axelrod library runs it, vectorized over runs: every step
plays the matches actually in each run's current population (all runs' together, in
one engine call), in birth-death or death-birth mode, on interaction and reproduction
graphs, with mutation and a fitness transformation
(:class:`~tournament.evolution.moran_library.moran.MoranProcess`); or samples them
from outcomes played beforehand (the library's ``ApproximateMoranProcess``); exact
fixation probabilities of two strategies
(:mod:`~tournament.evolution.moran_library.exact`); and the runs as tidy tables
(:class:`~tournament.evolution.moran_library.runs.MoranRuns`).

Part of :mod:`tournament.evolution`: it may import :mod:`tournament.core`,
:mod:`tournament.common`, :mod:`tournament.reports` and :mod:`strategies`.
"""

from tournament.evolution.moran_library.exact import fixation_probability, transition_ratios
from tournament.evolution.moran_library.moran import MoranProcess, population
from tournament.evolution.moran_library.runs import MoranRuns
from tournament.evolution.moran_library.scoring import OutcomeTable, sample_outcomes
from tournament.evolution.moran_library.topology import MoranGraphs, moran_graphs

__all__ = [
    "MoranGraphs",
    "MoranProcess",
    "MoranRuns",
    "OutcomeTable",
    "fixation_probability",
    "moran_graphs",
    "population",
    "sample_outcomes",
    "transition_ratios",
]
