"""What the matches of one Moran step score, for every run at once: played by the
engine (:class:`PlayedScores`, the library's ``MoranProcess``) or drawn from outcomes
played beforehand (:class:`OutcomeTable`, the library's ``ApproximateMoranProcess``).

A match's score is the library's ``final_score_per_turn``: each seat's total payoff
divided by the match's length. Pairs are given as two arrays of strategy indices
(``a`` in seat 0, ``b`` in seat 1); each function returns a ``(k, 2)`` array.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from strategies.base import Strategy
from strategies.errors import IPDError
from tournament.core.engine import play_batch, told_length
from tournament.core.games import Game

__all__ = [
    "MatchSettings",
    "OutcomeTable",
    "PlayedScores",
    "lengths_from_uniforms",
    "play_pairs",
    "sample_outcomes",
]

#: History cells (turns x seats) one engine call holds at most; larger steps are split.
MATCH_CELLS = 2**24


@dataclass(frozen=True)
class MatchSettings:
    """How every match of the process is played."""

    game: Game
    turns: int | None
    prob_end: float | None
    noise: float
    hide_length: bool = False

    @property
    def told(self) -> int | float | None:
        """What strategies are told about the length (see ``engine.told_length``)."""
        return told_length(self.turns, self.prob_end, self.hide_length)

    @property
    def cacheable(self) -> bool:
        """Whether two deterministic strategies always play the same match."""
        return self.noise == 0 and self.prob_end is None


def lengths_from_uniforms(u: np.ndarray, settings: MatchSettings) -> np.ndarray:
    """Match lengths: ``turns``, or geometric with ending probability ``prob_end``
    drawn from uniforms by inverse transform, as the library's ``sample_length`` does
    (at least one turn)."""
    if settings.prob_end is None:
        return np.full(len(u), settings.turns, dtype=np.int64)
    if settings.prob_end >= 1:
        return np.ones(len(u), dtype=np.int64)
    lengths = np.ceil(np.log1p(-u) / math.log1p(-settings.prob_end))
    return np.maximum(lengths, 1).astype(np.int64)


def _child(seed: np.random.SeedSequence, key: int) -> np.random.SeedSequence:
    """Child ``key`` of ``seed``, the same however many children are taken."""
    return np.random.SeedSequence(seed.entropy, spawn_key=(*seed.spawn_key, key))


def play_pairs(
    players: Sequence[Strategy],
    a: np.ndarray,
    b: np.ndarray,
    lengths: np.ndarray,
    settings: MatchSettings,
    seed: np.random.SeedSequence,
) -> np.ndarray:
    """Scores per turn of the matches ``players[a[i]]`` against ``players[b[i]]``,
    played by the engine in batches of at most :data:`MATCH_CELLS` history cells."""
    out = np.empty((len(a), 2))
    if not len(a):
        return out
    per_batch = max(1, MATCH_CELLS // (2 * int(lengths.max())))
    for k, start in enumerate(range(0, len(a), per_batch)):
        part = slice(start, start + per_batch)
        played = play_batch(
            players,
            np.stack([a[part], b[part]], axis=1),
            lengths[part],
            settings.game.payoffs,
            settings.noise,
            _child(seed, k),
            length=settings.told,
            rent=settings.game.rent,
        )
        out[part] = played.scores / lengths[part, None]
    return out


class PlayedScores:
    """Matches played as the library plays them: two deterministic strategies without
    noise and with a fixed length always play the same match, so it is played once
    (the library's deterministic cache); every other match is played, all of a step's
    in one engine call seeded from the process seed and the step (or, with
    ``independent_runs``, one call per run seeded from the run and the step)."""

    def __init__(
        self,
        players: Sequence[Strategy],
        settings: MatchSettings,
        seed: int,
        independent_runs: bool = False,
    ) -> None:
        self.players, self.settings, self.seed = list(players), settings, seed
        self.independent_runs = independent_runs
        n = len(players)
        stochastic = np.array([p.is_stochastic() for p in players], dtype=bool)
        self.random = stochastic[:, None] | stochastic[None, :] | (not settings.cacheable)
        self.fixed = np.full((n, n, 2), np.nan)
        a, b = np.triu_indices(n)
        keep = ~self.random[a, b]
        a, b = a[keep], b[keep]
        lengths = lengths_from_uniforms(np.zeros(len(a)), settings)
        scores = play_pairs(
            self.players, a, b, lengths, settings, np.random.SeedSequence([seed, 4])
        )
        self.fixed[a, b] = scores
        self.fixed[b, a] = scores[:, ::-1]
        #: Uniforms a pair needs: one for its length, with random lengths.
        self.draws_per_pair = int(settings.prob_end is not None)

    def __call__(
        self, a: np.ndarray, b: np.ndarray, u: np.ndarray | None, step: int, runs: np.ndarray
    ) -> np.ndarray:
        """Scores of the pairs ``(a, b)``; ``u`` draws the lengths (with ``prob_end``);
        ``runs``: each pair's run."""
        out = self.fixed[a, b]
        play = self.random[a, b]
        if not play.any():
            return out
        a, b, runs = a[play], b[play], runs[play]
        draws = np.zeros(len(a)) if u is None else u[play]
        lengths = lengths_from_uniforms(draws, self.settings)
        if not self.independent_runs:
            seed = np.random.SeedSequence([self.seed, 2], spawn_key=(step,))
            out[play] = play_pairs(self.players, a, b, lengths, self.settings, seed)
            return out
        scores = np.empty((len(a), 2))
        for run in np.unique(runs):
            mine = runs == run
            seed = np.random.SeedSequence([self.seed, 3], spawn_key=(int(run), step))
            scores[mine] = play_pairs(
                self.players, a[mine], b[mine], lengths[mine], self.settings, seed
            )
        out[play] = scores
        return out

    def mean_payoffs(self, samples: int = 200) -> np.ndarray:
        """``(n, n)`` mean score per turn of each strategy against each: exact for
        deterministic pairs, else the mean of ``samples`` matches."""
        if self.random.any():
            table = sample_outcomes(self.players, self.settings, samples, self.seed)
            return table.mean_payoffs()
        return self.fixed[:, :, 0].copy()


@dataclass(frozen=True, eq=False)
class OutcomeTable:
    """Match outcomes to sample from (the library's ``cached_outcomes``): for the pair
    of strategies ``(a, b)``, the scores per turn ``samples[start[a, b] : start[a, b] +
    count[a, b]]`` (seat 0 is ``a``), each equally likely."""

    labels: tuple[str, ...]
    samples: np.ndarray
    start: np.ndarray
    count: np.ndarray
    #: Uniforms a pair needs: one to pick its outcome.
    draws_per_pair: int = 1

    @classmethod
    def from_pairs(cls, labels: Sequence[str], pairs: dict[tuple[int, int], np.ndarray]):
        """From ``pairs[(a, b)]`` (``a <= b``): ``(k, 2)`` scores per turn, seat 0 ``a``;
        the reverse order is the same outcomes seen from the other seat."""
        n = len(labels)
        start, count = np.zeros((n, n), dtype=np.int64), np.zeros((n, n), dtype=np.int64)
        blocks, offset = [], 0
        for (a, b), scores in pairs.items():
            orders = [(a, b, scores)] + ([(b, a, scores[:, ::-1])] if a != b else [])
            for x, y, block in orders:
                start[x, y], count[x, y] = offset, len(block)
                blocks.append(block)
                offset += len(block)
        return cls(tuple(labels), np.concatenate(blocks).astype(float), start, count)

    @classmethod
    def from_mapping(cls, outcomes: Mapping[Any, Any], labels: Sequence[str]) -> OutcomeTable:
        """From the library's ``cached_outcomes``: ``{(label_a, label_b): outcomes}``,
        where outcomes are a library ``Pdf``, a mapping ``{(score_a, score_b): count}``
        or a sequence of ``(score_a, score_b)`` pairs (scores per turn); each pair of
        strategies once, in either order."""
        pairs = {}
        for a, b in zip(*np.triu_indices(len(labels)), strict=True):
            la, lb = labels[a], labels[b]
            if (la, lb) in outcomes:
                scores = _outcome_array(outcomes[(la, lb)], (la, lb))
            elif (lb, la) in outcomes:
                scores = _outcome_array(outcomes[(lb, la)], (lb, la))[:, ::-1]
            else:
                raise IPDError(
                    f"cached outcomes: no entry for ({la!r}, {lb!r}): expected one for "
                    "every pair of strategies, a strategy with itself included"
                )
            pairs[(int(a), int(b))] = scores
        return cls.from_pairs(labels, pairs)

    def __call__(
        self, a: np.ndarray, b: np.ndarray, u: np.ndarray | None, step: int, runs: np.ndarray
    ) -> np.ndarray:
        """One outcome per pair, drawn with ``u``."""
        count = self.count[a, b]
        if u is None:
            raise ValueError("sampling outcomes needs one uniform per pair")
        pick = np.minimum((u * count).astype(np.int64), count - 1)
        return self.samples[self.start[a, b] + pick]

    def mean_payoffs(self) -> np.ndarray:
        """``(n, n)`` mean score per turn of each strategy against each."""
        total = np.concatenate([[0.0], np.cumsum(self.samples[:, 0])])
        return (total[self.start + self.count] - total[self.start]) / self.count


def _outcome_array(value: Any, key: tuple[str, str]) -> np.ndarray:
    """``(k, 2)`` scores from a library ``Pdf``, a ``{outcome: count}`` mapping or a
    sequence of outcomes (counts repeat an outcome)."""
    if hasattr(value, "sample_space") and hasattr(value, "counts"):
        value = dict(zip(value.sample_space, value.counts, strict=True))
    try:
        if isinstance(value, Mapping):
            counts = [int(c) for c in value.values()]
            if any(c < 0 for c in counts) or not sum(counts):
                raise ValueError("counts must be non-negative, not all 0")
            array = np.repeat(np.array(list(value), dtype=float), counts, axis=0)
        else:
            array = np.array(value, dtype=float)
        if array.ndim != 2 or array.shape[1] != 2 or not len(array):
            raise ValueError(f"shape {array.shape}")
        if not np.isfinite(array).all():
            raise ValueError("not finite")
    except (TypeError, ValueError) as exc:
        raise IPDError(
            f"cached outcomes for {key}: expected (score, score) pairs per turn, or a "
            f"mapping of them to counts ({exc})"
        ) from None
    return array


def sample_outcomes(
    players: Sequence[Strategy], settings: MatchSettings, samples: int, seed: int
) -> OutcomeTable:
    """``samples`` matches of every pair of ``players`` (each with itself included),
    played in one batch; a deterministic pair without noise, played once."""
    n = len(players)
    a, b = np.triu_indices(n)
    stochastic = np.array([p.is_stochastic() for p in players], dtype=bool)
    once = ~(stochastic[a] | stochastic[b]) & settings.cacheable
    repeats = np.where(once, 1, samples)
    ra, rb = np.repeat(a, repeats), np.repeat(b, repeats)
    rng = np.random.default_rng(np.random.SeedSequence([seed, 5]))
    lengths = lengths_from_uniforms(rng.random(len(ra)), settings)
    scores = play_pairs(players, ra, rb, lengths, settings, np.random.SeedSequence([seed, 6]))
    bounds = np.concatenate([[0], np.cumsum(repeats)])
    pairs = {
        (int(x), int(y)): scores[bounds[k] : bounds[k + 1]]
        for k, (x, y) in enumerate(zip(a, b, strict=True))
    }
    return OutcomeTable.from_pairs([p.label for p in players], pairs)
