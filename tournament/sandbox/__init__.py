"""Strategies that users write in files: declarative TOML files (data, read and checked,
no code runs) and Python files, which never run in the caller's process but in a child
process confined by Python-level guards and resource limits
(:mod:`~tournament.sandbox.process`, :mod:`~tournament.sandbox.child`).

It owns what a file may do and how a misbehaving one is reported. It may import
:mod:`strategies` (the contract it implements) and :mod:`tournament.common`; never the
core or an application, so the core can open files wherever it accepts a strategy name.
"""
