"""Experiments: a TOML file (:mod:`~tournament.experiments.config`, frozen dataclasses)
expanded into cells (:mod:`~tournament.experiments.cells`), one round robin per
combination of the swept noise, horizon and payoffs, each with its own seed; cells run in
this process, in worker processes or on a Dask cluster
(:mod:`~tournament.experiments.executors`), are stored as checksummed files as they finish
(:mod:`~tournament.experiments.store`; a stopped run resumes), and are combined
(:mod:`~tournament.experiments.runner`) into tables, a summary in words
(:mod:`~tournament.experiments.summary`; with a ``[compare]`` table, two games set side by
side cell by cell, :mod:`~tournament.experiments.compare`) and figures
(:mod:`~tournament.experiments.figures`). A ``[random]`` table instead of a sweep draws
random tournaments from the field, as in a meta analysis
(:mod:`~tournament.experiments.random_study`, tables and summary in
:mod:`~tournament.experiments.random_tables`).

An application: it may import :mod:`tournament.core`, :mod:`tournament.evolution` (an
``[evolution]`` table runs the ecological simulation in every cell),
:mod:`tournament.common`, :mod:`tournament.reports` and :mod:`strategies`.
"""

from tournament.experiments.config import ExperimentConfig, load_config, parse_config
from tournament.experiments.random_study import RandomStudy
from tournament.experiments.runner import (
    Experiment,
    ExperimentResults,
    plan_experiment,
    run_experiment,
)
from tournament.experiments.store import verify_against

__all__ = [
    "Experiment",
    "ExperimentConfig",
    "ExperimentResults",
    "load_config",
    "RandomStudy",
    "parse_config",
    "plan_experiment",
    "run_experiment",
    "verify_against",
]
