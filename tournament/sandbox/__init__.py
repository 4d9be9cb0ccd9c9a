"""Strategies that users write in files: declarative TOML files (data, read and checked,
no code runs) and Python files, which never run in the caller's process but in a child
process confined by Python-level guards and, where the machine has them, the kernel's
layers: resource limits, Landlock and a seccomp filter
(:mod:`~tournament.sandbox.process`, :mod:`~tournament.sandbox.child`,
:mod:`~tournament.sandbox.kernel`, :mod:`~tournament.sandbox.landlock`).

It owns what a file may do and how a misbehaving one is reported. It may import
:mod:`strategies` (the contract it implements) and :mod:`tournament.common`; never the
core or an application, so the core can open files wherever it accepts a strategy name.
"""
