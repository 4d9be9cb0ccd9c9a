"""Partner choice: a market of suppliers and buyers where a cheated buyer may walk away.

**The model.** Two populations evolve together: suppliers (the game's first role) with
strategy shares ``x`` and buyers (its second role) with shares ``y``. Every buyer is
always in exactly one relationship with a supplier, and every turn of a relationship is
one turn of the game, played as the engine plays a match of the scenario: noise,
relational rents, a fixed length ``turns`` or an ending probability ``prob_end``, the
length told to the strategies or hidden as in a tournament. One thing is added: each
time the supplier cheats (its move after noise is a defection), the buyer draws whether
to leave, with probability ``q = switch_prob``, independently at each cheat. A buyer who
leaves does so after the turn of the cheat (both sides earn that turn's payoffs), pays
the switching cost ``c`` and starts a new relationship at once. A relationship whose
match runs out is also followed by a new one, at no cost. Each new relationship is with
a supplier drawn from the supplier population, so of type ``s`` with probability ``x_s``
(possibly the same type, or the same supplier, again).

**Relationships, exactly.** Strategies only look at the past, so a relationship cut
short after turn ``k`` is the first ``k`` turns of the full match. The full matches are
played once by the engine (every supplier type against every buyer type, ``repetitions``
times). With an ending probability, the ``r``-th repetition of every pair has the same
length, drawn once: how long a relationship may last is not a property of who is in it,
and sharing the draw keeps a pair's lucky long matches from passing for its strategies'
merit (a supplier whose relationships last longer keeps more buyers). For one match of
``n`` turns, let ``K_t`` be the number of the supplier's cheats before turn ``t``. The
relationship is still running at turn ``t`` with probability ``(1 - q) ** K_t``, so

* expected length ``E[L] = sum_{t<n} (1 - q) ** K_t``,
* expected total payoff of each side ``E[U] = sum_{t<n} (1 - q) ** K_t * u_t`` (``u_t``
  that side's payoff of turn ``t``, relational rent included),
* probability of ending by a switch ``P = 1 - (1 - q) ** K_n``.

(This is the sum over the cheats, the ``j``-th ending the relationship with probability
``q (1 - q) ** (j - 1)``, plus the whole match when no draw says leave.) The values are
averaged over the repetitions: ``E[L_sb]``, ``E[U^S_sb]``, ``E[U^B_sb]``, ``P_sb`` for
each supplier type ``s`` and buyer type ``b``. With ``q = 0`` they are the plain match
averages.

**Payoffs per turn in the market (renewal-reward).** A buyer of type ``b`` goes through
relationships one after the other: a renewal process whose cycles last ``E[L_sb]`` and
pay ``E[U^B_sb] - c P_sb`` with probability ``x_s``. By the renewal-reward theorem its
long-run payoff per turn is::

    f_B(b) = sum_s x_s (E[U^B_sb] - c P_sb) / D_b,    D_b = sum_s x_s E[L_sb].

For the suppliers, take ``N`` buyers and ``M = N`` suppliers (one buyer per supplier on
average; another ratio multiplies every supplier's payoff by ``N / M``). Buyers of type
``b`` start ``N y_b / D_b`` relationships per turn (renewal theorem again), a share
``x_s`` of them with suppliers of type ``s``, each worth ``E[U^S_sb]`` to its supplier.
The ``M x_s`` suppliers of type ``s`` therefore earn ``N x_s sum_b y_b E[U^S_sb] / D_b``
per turn together, and each of them::

    f_S(s) = sum_b y_b E[U^S_sb] / D_b.

Equivalently (Little's law), a type-``s`` supplier has ``n_s = sum_b y_b E[L_sb] / D_b``
buyers at a time on average, each paying it ``E[U^S_sb] / E[L_sb]`` per turn: every
supplier wins new buyers at the same rate, and one that keeps them keeps more of them.

The market's figures per turn: buyers earn ``sum_b y_b f_B(b)`` (switching costs
included), suppliers ``sum_s x_s f_S(s)``; relationships last
``sum_b y_b / sum_b (y_b / D_b)`` turns on average (turns over relationships started),
and the share of them that end by a switch is ``sum_b (y_b / D_b) sum_s x_s P_sb``
over ``sum_b y_b / D_b``.

**Evolution.** Discrete two-population replicator dynamics (the step of
:mod:`.ecological`): each generation a strategy's share is multiplied by its payoff per
turn and renormalised. As there, a constant is first added to the fitness of both
populations: minus the lowest payoff per turn of any pair's relationship, for either
side, when that is below 0 (with a fixed length and ``q = 0``, every relationship is a
whole match and the model is exactly the two-population ecological simulation on the
tournament's payoffs). Two things can still push a fitness below it: a buyer's switching
costs, and a supplier's number of buyers (its payoff per turn is not an average over its
pairs: a supplier that loses money with some buyers loses it on each of the ``n_s`` it
keeps at once). In a generation where some type present has a lower fitness, that
generation's shift is raised to minus that fitness (the type's weight is then 0, as the
weight of a strategy that earns the lowest payoff against everyone is in the ecological
model). The shift does not depend on the switching cost otherwise, so a cost that only
buyers pay does not slow the suppliers' evolution. It is never added to each turn's
payoff instead: that would pay a supplier for every buyer it keeps, even at a loss. The
market table records each generation's shift.

A symmetric game works too: the same strategies then play both roles, the first role's
player as the supplier whose cheats the second may walk away from.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from strategies.errors import IPDError
from tournament.common.validation import check_rate
from tournament.core.chunks import CHUNK_CELLS
from tournament.core.engine import draw_lengths, play_batch
from tournament.core.relationships import turn_payoffs
from tournament.core.round_robin import Tournament, round_robin_pairs
from tournament.evolution.ecological import fitness_offset, replicator_step

__all__ = [
    "Market",
    "Relationships",
    "check_switching",
    "fitness_shift",
    "market_values",
    "partner_choice_dynamics",
    "play_relationships",
    "relationship_values",
]

#: Matches whose moves are turned into relationship values at once (bounds the memory).
_VALUE_CELLS = 2**22


def check_switching(switch_prob: Any, switching_cost: Any) -> tuple[float, float]:
    """The switching probability in [0, 1] and a finite switching cost >= 0."""
    q = check_rate("switch probability", switch_prob)
    if (
        isinstance(switching_cost, bool)
        or not isinstance(switching_cost, int | float)
        or not math.isfinite(switching_cost)
        or switching_cost < 0
    ):
        raise IPDError(
            f"switching cost must be a finite number >= 0 (what a buyer pays to change "
            f"supplier), got {switching_cost!r}"
        )
    return q, float(switching_cost)


def relationship_values(
    moves: np.ndarray, payoffs: np.ndarray, lengths: np.ndarray, q: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Exact expected values of the relationships cut from full matches.

    ``moves`` ``(m, 2, T)`` (seat 0 is the supplier; entries past a match's length are
    ignored), ``payoffs`` their per-turn payoffs ``(m, 2, T)``, ``lengths`` ``(m,)``.
    Returns per match the expected length, the supplier's and the buyer's expected total
    payoff, and the probability that the buyer leaves after a cheat."""
    alive = np.arange(moves.shape[2]) < np.asarray(lengths)[:, None]
    cheats = (moves[:, 0] == 1) & alive
    before = np.cumsum(cheats, axis=1) - cheats  # the supplier's cheats before each turn
    running = np.where(alive, np.power(1.0 - q, before), 0.0)
    length = running.sum(axis=1)
    supplier = (running * payoffs[:, 0]).sum(axis=1)
    buyer = (running * payoffs[:, 1]).sum(axis=1)
    switched = 1.0 - np.power(1.0 - q, cheats.sum(axis=1))
    return length, supplier, buyer, switched


@dataclass(frozen=True)
class Relationships:
    """Expected relationship values, ``[s, b]``: supplier type ``s``, buyer type ``b``."""

    labels: list[str]
    length: np.ndarray  # E[L_sb], turns
    supplier: np.ndarray  # E[U^S_sb], the supplier's total payoff
    buyer: np.ndarray  # E[U^B_sb], the buyer's total payoff (before any switching cost)
    switched: np.ndarray  # P_sb, probability the relationship ends by a switch

    def table(self, roles: tuple[str, str], cost: float) -> pd.DataFrame:
        """One row per pair: expected length, totals, payoffs per turn (the buyer's
        after the switching cost ``cost``) and switching probability."""
        n = len(self.labels)
        s, b = np.indices((n, n)).reshape(2, -1)
        labels = np.asarray(self.labels, dtype=object)
        buyer_net = self.buyer - cost * self.switched
        return pd.DataFrame(
            {
                roles[0]: labels[s],
                roles[1]: labels[b],
                "expected_length": self.length.ravel(),
                f"{roles[0]}_total": self.supplier.ravel(),
                f"{roles[1]}_total": self.buyer.ravel(),
                f"{roles[0]}_per_turn": (self.supplier / self.length).ravel(),
                f"{roles[1]}_per_turn": (buyer_net / self.length).ravel(),
                "switch_probability": self.switched.ravel(),
            }
        )


def play_relationships(
    tour: Tournament, q: float, progress: Callable[[int, int], None] | None = None
) -> Relationships:
    """Play every supplier type against every buyer type ``repetitions`` times with the
    engine (moves kept, rents scored) and average the relationship values over the
    repetitions. Whole repetitions are played together while their moves stay within
    :data:`~tournament.core.chunks.CHUNK_CELLS` cells, so the random streams do not
    depend on the machine. ``progress(done, total)`` is called after each batch, in
    match-turns."""
    p, game, n = tour.params, tour.game, len(tour.players)
    pairs = round_robin_pairs(n, symmetric=False)  # every (supplier, buyer) pair, s * n + b
    lengths_ss, batch_ss = np.random.SeedSequence(p.seed).spawn(2)
    rng = np.random.default_rng(lengths_ss)
    # one length per repetition, the same for every pair (see the module's docstring)
    lengths = draw_lengths(p.repetitions, p.turns, p.prob_end, rng)
    lengths = np.repeat(lengths[:, None], len(pairs), axis=1)
    per_rep = 2 * len(pairs) * int(lengths.max())
    reps_per_chunk = max(1, CHUNK_CELLS // per_rep)
    starts = range(0, p.repetitions, reps_per_chunk)
    totals = np.zeros((4, len(pairs)))
    for start, seed in zip(starts, batch_ss.spawn(len(starts)), strict=True):
        chunk = lengths[start : start + reps_per_chunk]
        out = play_batch(
            tour.players,
            np.tile(pairs, (len(chunk), 1)),
            chunk.ravel(),
            game.payoffs,
            p.noise,
            seed,
            keep_moves=True,
            length=p.told_length,
            rent=game.rent,
        )
        pair_of = np.tile(np.arange(len(pairs)), len(chunk))
        step = max(1, _VALUE_CELLS // max(out.moves.shape[2], 1))
        for i in range(0, len(pair_of), step):
            moves = out.moves[i : i + step]
            values = relationship_values(
                moves, turn_payoffs(moves, game.payoffs, game.rent), out.lengths[i : i + step], q
            )
            for k, v in enumerate(values):
                totals[k] += np.bincount(pair_of[i : i + step], v, minlength=len(pairs))
        if progress is not None:
            progress(int(lengths[: start + len(chunk)].sum()), int(lengths.sum()))
    means = (totals / p.repetitions).reshape(4, n, n)
    return Relationships(list(tour.labels), *means)


@dataclass(frozen=True)
class Market:
    """The market at shares ``x`` (suppliers) and ``y`` (buyers): each type's payoff per
    turn and the market's figures (see the module's docstring)."""

    supplier_fitness: np.ndarray  # f_S(s): payoff per turn of a supplier of type s
    buyer_fitness: np.ndarray  # f_B(b): payoff per turn of a buyer of type b, costs included
    buyers_per_supplier: np.ndarray  # n_s: buyers a supplier of type s has at a time
    supplier_payoff: float  # mean payoff per turn of a supplier
    buyer_payoff: float  # mean payoff per turn of a buyer
    relationship_length: float  # mean length of a relationship, in turns
    switching_share: float  # share of relationships that end by a switch


def market_values(rel: Relationships, x: np.ndarray, y: np.ndarray, cost: float) -> Market:
    """The renewal-reward payoffs per turn of every supplier and buyer type, with
    supplier shares ``x``, buyer shares ``y`` and switching cost ``cost``."""
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    cycle = x @ rel.length  # D_b: mean length of a type-b buyer's relationships
    buyer = (x @ (rel.buyer - cost * rel.switched)) / cycle
    supplier = (rel.supplier / cycle) @ y
    customers = (rel.length / cycle) @ y
    starts = y / cycle  # relationships started per turn and buyer, by buyer type
    return Market(
        supplier_fitness=supplier,
        buyer_fitness=buyer,
        buyers_per_supplier=customers,
        supplier_payoff=float(x @ supplier),
        buyer_payoff=float(y @ buyer),
        relationship_length=float(y.sum() / starts.sum()),
        switching_share=float(starts @ (x @ rel.switched) / starts.sum()),
    )


def fitness_shift(rel: Relationships) -> float:
    """The shift of the fitnesses, as in the ecological model: minus the lowest payoff
    per turn of any pair's relationship, for either side, when it is negative (else 0)."""
    return fitness_offset(rel.supplier / rel.length, rel.buyer / rel.length)


def partner_choice_dynamics(
    rel: Relationships,
    x0: np.ndarray,
    y0: np.ndarray,
    generations: int,
    cost: float,
    mutation: float = 0.0,
    roles: tuple[str, str] = ("supplier", "buyer"),
) -> tuple[np.ndarray, np.ndarray, pd.DataFrame]:
    """Replicator dynamics of supplier shares ``x`` and buyer shares ``y`` on their
    market payoffs per turn. Returns ``(generations + 1, n)`` shares of each side and
    the market per generation (mean payoff per turn of each side, mean relationship
    length, share of relationships ending by a switch, the shift added to the fitnesses
    before the step)."""
    base = fitness_shift(rel)
    n = len(rel.labels)
    xs, ys = np.empty((generations + 1, n)), np.empty((generations + 1, n))
    xs[0] = x = np.asarray(x0, dtype=float) / np.sum(x0)
    ys[0] = y = np.asarray(y0, dtype=float) / np.sum(y0)
    rows = []
    for g in range(generations + 1):
        market = market_values(rel, x, y, cost)
        # the types present (an absent type's weight is 0 whatever its fitness)
        lowest = min(market.supplier_fitness[x > 0].min(), market.buyer_fitness[y > 0].min())
        shift = max(base, -float(lowest))
        rows.append(
            (
                g,
                market.supplier_payoff,
                market.buyer_payoff,
                market.relationship_length,
                market.switching_share,
                shift,
            )
        )
        if g == generations:
            break
        x, y = (
            replicator_step(x, market.supplier_fitness + shift, mutation),
            replicator_step(y, market.buyer_fitness + shift, mutation),
        )
        xs[g + 1], ys[g + 1] = x, y
    columns = [
        "generation",
        f"payoff_{roles[0]}",
        f"payoff_{roles[1]}",
        "relationship_length",
        "switching_share",
        "fitness_shift",
    ]
    return xs, ys, pd.DataFrame(rows, columns=columns)
