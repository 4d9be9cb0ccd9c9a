"""Agreement over a whole field at once: every deterministic native strategy against
every other (or a seeded sample of the pairs), moves compared with the Axelrod library's.

Our side plays one round robin with the histories kept (fast); the library's side plays
each compared pair as its own ``Match`` with the length told, as its ``Tournament`` does.
Used by the test suite (a sample of pairs) and by ``docs/make_agreement_table.py`` (all
of them).
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from strategies import REGISTRY
from tournament.agreement.library import equivalents, library_moves
from tournament.core.round_robin import Tournament, round_robin_pairs

__all__ = ["FieldCheck", "compare_field", "deterministic_equivalents", "sample_pairs"]


@dataclass(frozen=True)
class FieldCheck:
    """The pairs compared, and those whose moves differ (by native name)."""

    names: tuple[str, ...]
    compared: tuple[tuple[str, str], ...]
    mismatched: tuple[tuple[str, str], ...]

    def mismatches_of(self, name: str) -> list[str]:
        """The opponents against which ``name`` does not play the library's moves."""
        return sorted({b if a == name else a for a, b in self.mismatched if name in (a, b)})

    def compared_with(self, name: str) -> int:
        return sum(name in pair for pair in self.compared)


def deterministic_equivalents() -> list[str]:
    """Native strategies that are deterministic, as are their library equivalents."""
    pairs = equivalents()
    return sorted(
        name
        for name, cls in pairs.items()
        if not REGISTRY.create(name).is_stochastic() and not _classifier(cls, "stochastic")
    )


def sample_pairs(n: int, per_strategy: int, seed: int = 0) -> np.ndarray:
    """Indices ``(i, j)``, ``i <= j``, of the round robin of ``n`` strategies: every pair
    when ``per_strategy >= n``, else each strategy against ``per_strategy`` others drawn
    with ``seed`` (self-play included), without repeats."""
    every = round_robin_pairs(n, symmetric=True)
    if per_strategy >= n:
        return every
    rng = np.random.default_rng(seed)
    chosen = {(i, i) for i in range(n)}
    for i in range(n):
        for j in rng.choice(n, size=per_strategy, replace=False):
            chosen.add((min(i, int(j)), max(i, int(j))))
    return np.array(sorted(chosen), dtype=np.int64)


def compare_field(
    names: Sequence[str], turns: int = 200, per_strategy: int | None = None, seed: int = 0
) -> FieldCheck:
    """Moves of every compared pair of ``names`` (all pairs, or ``per_strategy`` sampled
    opponents each), in our round robin and in the library's matches."""
    names = list(names)
    results = Tournament(names, turns=turns, repetitions=1, seed=seed).play(keep_moves=True)
    index = {tuple(pair): k for k, pair in enumerate(round_robin_pairs(len(names), True))}
    players = equivalents()
    chosen = sample_pairs(len(names), per_strategy or len(names), seed)
    compared, mismatched = [], []
    for i, j in chosen:
        ours = results.moves[index[(int(i), int(j))]]
        ours_text = ("".join("CD"[m] for m in ours[0]), "".join("CD"[m] for m in ours[1]))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            theirs = library_moves(players[names[i]](), players[names[j]](), turns)
        pair = (names[i], names[j])
        compared.append(pair)
        if ours_text != theirs:
            mismatched.append(pair)
    return FieldCheck(tuple(names), tuple(compared), tuple(mismatched))


def _classifier(cls: type, key: str) -> object:
    import axelrod as axl

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return axl.Classifiers[key](cls())
