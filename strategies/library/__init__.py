"""The native library: one module per family of strategies, each a vectorized
:class:`~strategies.base.Strategy` subclass (or a parameterised declarative one).

Every module here is imported once by :mod:`strategies` (no list to keep by hand), which
registers every class it defines. A module may import the contract
(:mod:`strategies.base`, :mod:`strategies.generic`, :mod:`strategies.errors`) and other
library modules; never :mod:`tournament`.
"""
