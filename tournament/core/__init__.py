"""The core: games (:mod:`~tournament.core.games`), the vectorized engine that plays a
batch of matches turn by turn (:mod:`~tournament.core.engine`) and its per-match
reference (:mod:`~tournament.core.reference`), single matches
(:mod:`~tournament.core.match`), round robins (:mod:`~tournament.core.round_robin`),
their tidy results (:mod:`~tournament.core.results`), exact Markov analysis of
memory-one pairs (:mod:`~tournament.core.markov`) and the resolution of what a user
names into a player (:mod:`~tournament.core.players`).

It may import :mod:`strategies` (the contract and library), :mod:`tournament.common`,
:mod:`tournament.sandbox` (strategy files) and :mod:`tournament.reports` (figures of
results); never an application (experiments, evolution, classroom, agreement, CLI).
"""
