"""Small pieces every layer of :mod:`tournament` shares: checks of user-supplied numbers
(:mod:`~tournament.common.validation`) and TOML tables read with errors that name the file
and the key (:mod:`~tournament.common.tables`).

The bottom of the package: it may import :mod:`strategies.errors` and nothing else of
ours, so that anything above can use it.
"""
