"""Experiments: a TOML file (:mod:`~tournament.experiments.config`, frozen dataclasses)
expanded into cells, one round robin per combination of the swept noise, horizon and
payoffs, each with its own seed; cells run in this process, in worker processes or on a
Dask cluster, are stored as checksummed files as they finish (a stopped run resumes),
and are combined into tables, a summary in words and figures.

An application: it may import :mod:`tournament.core`, :mod:`tournament.evolution` (an
``[evolution]`` table runs the ecological simulation in every cell),
:mod:`tournament.common`, :mod:`tournament.reports` and :mod:`strategies`.
"""
