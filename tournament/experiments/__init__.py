"""Experiments: a TOML file (:mod:`~tournament.experiments.config`, frozen dataclasses)
expanded into cells, one round robin per combination of the swept noise, horizon and
payoffs, each with its own seed; cells run in this process, in worker processes or on a
Dask cluster, are stored as checksummed files as they finish (a stopped run resumes),
and are combined into tables, a summary in words and figures.

An application: it may import :mod:`tournament.core`, :mod:`tournament.evolution` (an
``[evolution]`` table runs the ecological simulation in every cell),
:mod:`tournament.common`, :mod:`tournament.reports` and :mod:`strategies`.
"""

from tournament.experiments.config import ExperimentConfig, load_config, parse_config
from tournament.experiments.runner import (
    Experiment,
    ExperimentResults,
    run_experiment,
    verify_against,
)

__all__ = [
    "Experiment",
    "ExperimentConfig",
    "ExperimentResults",
    "load_config",
    "parse_config",
    "run_experiment",
    "verify_against",
]
