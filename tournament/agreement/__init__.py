"""Agreement with the Axelrod library: which native strategy is which library strategy,
and checks that they play the same moves (deterministic), reach the same mean scores
(stochastic) and give the same tournament totals.

An application used by the tests and by ``docs/make_agreement_table.py``: it may import
:mod:`tournament.core`, :mod:`tournament.common` and :mod:`strategies` (including the
``axelrod:`` adapter).
"""
