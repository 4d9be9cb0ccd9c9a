"""Research tools of the Axelrod library, vectorized: Ashlock fingerprints (a strategy
against a grid of JossAnn and Dual transforms of a probe) and transitive fingerprints (a
strategy's cooperation turn by turn against a spectrum of opponents), each a batch of
matches in the engine, with exact Markov-chain values for memory-one strategies.

An application at the level of the experiments: it may import :mod:`tournament.core`,
:mod:`tournament.common`, :mod:`tournament.reports` (its figures) and :mod:`strategies`.
"""

from tournament.research.fingerprints import (
    AshlockFingerprint,
    TransitiveFingerprint,
    ashlock_fingerprint,
    transitive_fingerprint,
)
from tournament.research.probes import fingerprint_points, jossann_vectors

__all__ = [
    "AshlockFingerprint",
    "TransitiveFingerprint",
    "ashlock_fingerprint",
    "fingerprint_points",
    "jossann_vectors",
    "transitive_fingerprint",
]
