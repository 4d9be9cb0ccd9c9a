"""Strong hand-designed strategies from the research literature collected by the
Axelrod library, and a few classroom favourites: the Derived Belief Strategy (DBS),
Spiteful, Slow, Dynamic and Sneaky variants of Tit For Tat, the Hard, Naive and
Remorseful Probers, and the Tricky Cooperator and Defector.

Every rule here follows the Axelrod library's definition (version 4.13) move for move;
each class says which published strategy it is and where ours differs.
"""

from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from strategies.base import Strategy, check_int, check_probability
from strategies.generic import MemoryOneStrategy
from strategies.library.probing import Prober

__all__ = [
    "DBS",
    "DynamicTwoTitsForTat",
    "HardProber",
    "NaiveProber",
    "RemorsefulProber",
    "SlowTitForTwoTats",
    "SneakyTitForTat",
    "SpitefulTitForTat",
    "TrickyCooperator",
    "TrickyDefector",
]

_U8 = np.uint8


# -- the Derived Belief Strategy ----------------------------------------------------------

# Outcomes are indexed own * 2 + opponent (C = 0, D = 1): CC, CD, DC, DD. Rule values are
# the probability that the opponent cooperates after the outcome (1 = C, 0 = D).
_TIT_FOR_TAT_BELIEF = np.array([1.0, 1.0, 0.0, 0.0])


class DBS(Strategy):
    """DBS, the Derived Belief Strategy (Au & Nau 2006; as defined in the Axelrod
    library). Cooperates first, then learns a model of the opponent as the probability
    that it cooperates after each outcome (CC, CD, DC, DD) of the previous turn, and
    plays the move with the best expected payoff over ``tree_depth`` turns of a
    max-expectation search against that model (ties: cooperate).

    The model combines three rule sets, in this precedence: default rules Rd
    (initially Tit For Tat's), deterministic rules Rc, and otherwise the frequency of
    the opponent's cooperation after the outcome, discounted by ``discount_factor`` per
    turn (counting an initial Tit For Tat observation). An answer seen
    ``promotion_threshold`` times in a row after an outcome becomes a rule of Rc; when
    ``violation_threshold`` successive answers break a rule of Rc, Rc is moved into Rd;
    Rd is emptied after more than ``reject_threshold`` answers contradicting it (or one
    that contradicts it while confirming Rc).

    Fully vectorized, no per-match loop: the search tree's value depends only on the
    outcome and the depth, so the tree search is a dynamic programme of ``tree_depth``
    steps over the four outcomes, done for all matches at once; the discounted
    frequencies are summed over a bounded window of turns (146 by default, recorded as
    outcomes are seen) that gives exactly the library's floating-point sums, since the
    search's ties are decided by their last bits. Differences from the library: the
    search scores outcomes with this player's payoff matrix in the match (the library
    hard-codes the classic 3, 0, 5, 1); and once an outcome has gone unseen for about
    2,500 turns (subnormal weights), its frequency may differ in the last bits.
    """

    name = "DBS"
    family = "adaptive"
    long_run_time = True  # a tree search every turn, as the library classifies it
    memory_depth = None
    aliases = ("Derived Belief Strategy",)

    def __init__(
        self,
        discount_factor: float = 0.75,
        promotion_threshold: int = 3,
        violation_threshold: int = 4,
        reject_threshold: int = 3,
        tree_depth: int = 5,
    ) -> None:
        super().__init__()
        alpha = float(discount_factor)
        if not 0.0 < alpha <= 1.0:
            raise ValueError(f"discount_factor must be in (0, 1], got {discount_factor!r}")
        self.set_params(
            discount_factor=alpha,
            promotion_threshold=check_int("promotion_threshold", promotion_threshold, 1),
            violation_threshold=check_int("violation_threshold", violation_threshold, 1),
            reject_threshold=check_int("reject_threshold", reject_threshold, 0),
            tree_depth=check_int("tree_depth", tree_depth, 1),
        )
        # turns over which a discounted sum can still change: alpha ** window <= 2 ** -60
        self._window = 1 if alpha == 1.0 else int(np.ceil(-60 * np.log(2) / np.log(alpha))) + 1
        self._weights = np.ones(1)

    @property
    def history_window(self) -> int:  # type: ignore[override]
        return self._window + 1  # the summation window, and the turn before it

    def reset(self, n: int, rng: np.random.Generator, payoff: np.ndarray) -> None:
        super().reset(n, rng, payoff)
        self._values = np.asarray(payoff, dtype=np.float64).reshape(n, 4)
        self._rd_has = np.ones((n, 4), dtype=bool)
        self._rd_val = np.tile(_TIT_FOR_TAT_BELIEF, (n, 1))
        self._rc_has = np.zeros((n, 4), dtype=bool)
        self._rc_val = np.zeros((n, 4))
        self._violations = np.zeros((n, 4), dtype=np.int64)
        self._v = np.zeros(n, dtype=np.int64)
        # last update turn s at which each outcome was followed by any answer / by C
        # (1 stands for the initial Tit For Tat observation, 0 for none)
        self._last_seen = np.ones((n, 4), dtype=np.int64)
        self._last_coop = np.tile(_TIT_FOR_TAT_BELIEF.astype(np.int64), (n, 1))
        # with no discounting the frequencies are plain counts, kept incrementally
        self._g = np.tile(_TIT_FOR_TAT_BELIEF, (n, 1))
        self._f = np.ones((n, 4))
        # run[i, o, a]: how many times in a row the opponent answered outcome o with a
        self._run = np.zeros((n, 4, 2), dtype=np.int64)
        self._policy = np.tile(_TIT_FOR_TAT_BELIEF, (n, 1))
        # which update turns from the anchor back count in each discounted sum
        self._seen_terms = np.zeros((n, 4, self._window), dtype=bool)
        self._coop_terms = np.zeros((n, 4, self._window), dtype=bool)
        self._seen_terms[:, :, 0] = True
        self._coop_terms[:, :, 0] = _TIT_FOR_TAT_BELIEF == 1.0

    def _learn(self, own: np.ndarray, opp: np.ndarray) -> None:
        k = own.shape[0]
        p = self.params
        rows = np.arange(k)
        outcome = (own[:, -2].astype(np.int64) << 1) | opp[:, -2]
        answer = opp[:, -1].astype(np.int64)
        coop = 1.0 - answer  # the answer as a rule value
        rd_has, rd_val = self._rd_has[:k], self._rd_val[:k]
        rc_has, rc_val = self._rc_has[:k], self._rc_val[:k]
        violations, v = self._violations[:k], self._v[:k]
        g, f, run = self._g[:k], self._f[:k], self._run[:k]

        t = self.t
        self._last_seen[:k][rows, outcome] = t
        self._last_coop[:k][rows[answer == 0], outcome[answer == 0]] = t
        if p["discount_factor"] == 1.0:
            g[rows, outcome] += coop
            f[rows, outcome] += 1.0
        else:
            self._record_terms(own, opp, outcome, answer)
        run[rows, outcome, answer] += 1
        run[rows, outcome, 1 - answer] = 0

        # promotion of a rule seen often enough in a row into Rc
        promote = ~rc_has[rows, outcome] & (run[rows, outcome, answer] >= p["promotion_threshold"])
        rc_has[rows[promote], outcome[promote]] = True
        rc_val[rows[promote], outcome[promote]] = coop[promote]
        violations[rows[promote], outcome[promote]] = 0

        # violations of Rc; too many in a row move Rc into Rd
        in_rc = rc_has[rows, outcome]
        kept = rc_val[rows, outcome] == coop
        count = violations[rows, outcome]
        violations[rows, outcome] = np.where(in_rc & kept, 0, count + (in_rc & ~kept))
        demote = in_rc & ~kept & (violations[rows, outcome] >= p["violation_threshold"])
        if demote.any():
            moved = rc_has & demote[:, None]
            rd_has |= moved
            rd_val[moved] = rc_val[moved]
            rc_has[demote] = False
            violations[demote] = 0
            v[demote] = 0

        # violations of Rd; too many empty it
        plus_in_rc = rc_has[rows, outcome] & (rc_val[rows, outcome] == coop)
        minus_in_rd = rd_has[rows, outcome] & (rd_val[rows, outcome] == answer)
        v += minus_in_rd
        clear = (v > p["reject_threshold"]) | (plus_in_rc & minus_in_rd)
        rd_has[clear] = False
        v[clear] = 0

        frequency = np.zeros((k, 4))
        needed = ~(rd_has | rc_has)
        if p["discount_factor"] == 1.0:
            frequency[needed] = g[needed] / f[needed]
        elif needed.any():
            r, o = np.nonzero(needed)
            coops = self._discounted(self._coop_terms[:k][r, o], self._last_coop[:k][r, o])
            total = self._discounted(self._seen_terms[:k][r, o], self._last_seen[:k][r, o])
            frequency[r, o] = coops / total
        self._policy[:k] = np.where(rd_has, rd_val, np.where(rc_has, rc_val, frequency))

    def _record_terms(
        self, own: np.ndarray, opp: np.ndarray, outcome: np.ndarray, answer: np.ndarray
    ) -> None:
        """Record which update turns ``t, t - 1, ...`` count for each anchor set to ``t``
        (``s >= 2``: turn ``s - 2``'s outcome answered on turn ``s - 1``; 1: the prior)."""
        t, k = self.t, own.shape[0]
        rows = np.arange(k)
        span = min(t, self._window + 1)
        mine, theirs = own[:, -span:], opp[:, -span:]
        turn = t - np.arange(self._window)  # newest first
        column = np.clip(turn - 2 - (t - span), 0, span - 2)  # turn - 2 in the slice
        seen = ((mine[:, column].astype(np.int64) << 1) | theirs[:, column]) == outcome[:, None]
        seen &= turn >= 2
        self._seen_terms[:k][rows, outcome] = seen | (turn == 1)
        cooperated = answer == 0
        initial = (_TIT_FOR_TAT_BELIEF[outcome] == 1.0)[:, None]
        coop = (seen & (theirs[:, column + 1] == 0)) | ((turn == 1) & initial)
        self._coop_terms[:k][rows[cooperated], outcome[cooperated]] = coop[cooperated]

    def _discounted(self, counted: np.ndarray, anchor: np.ndarray) -> np.ndarray:
        """Per (match, outcome) pair, the ``counted`` update turns from ``anchor`` (the
        latest counted; 1: the prior, 0: none) back, weighted by ``discount_factor ** age``
        and summed from the most recent as the library does; older ones (weight below
        2**-60 of the anchor's) cannot change the sum: it is bit for bit the library's."""
        t, alpha = self.t, self.params["discount_factor"]
        # weights[j] = alpha ** j, by repeated products; once they reach 0 they stay 0
        if len(self._weights) < t and self._weights[-1] != 0.0:
            size = max(2 * len(self._weights), t)
            self._weights = np.cumprod(np.r_[1.0, np.full(size - 1, alpha)])
        # turn anchor - j is t - anchor + j turns old; ages past cap weigh as cap
        cap = min(t - 1, len(self._weights) - 1)
        ladder = self._weights[np.minimum(np.arange(cap + self._window), cap)]
        terms = sliding_window_view(ladder, self._window)[np.minimum(t - anchor, cap)] * counted
        return np.cumsum(terms, axis=1, out=terms)[:, -1]  # in order, like the library

    def step(self, own: np.ndarray, opp: np.ndarray) -> np.ndarray:
        k, t = own.shape[0], self.t
        if t == 0:
            return np.zeros(k, dtype=_U8)
        if t >= 2:
            self._learn(own, opp)
        policy, values = self._policy[:k], self._values[:k]
        # value[:, o]: best expected payoff from a node reached by outcome o, with the
        # outcome's own payoff, `depth` levels above the leaves (leaf: the payoff)
        value = values
        for _ in range(self.params["tree_depth"] - 1):
            if_c = self._expectation(policy, value, 0)
            value = np.maximum(if_c, self._expectation(policy, value, 1)) + values
        rows = np.arange(k)
        outcome = (own[:, -1].astype(np.int64) << 1) | opp[:, -1]
        p_now = policy[rows, outcome][:, None]
        here = values[rows, outcome]
        if_c = self._expectation(p_now, value, 0)[:, 0] + here
        if_d = self._expectation(p_now, value, 1)[:, 0] + here
        return (if_d > if_c).astype(_U8)

    @staticmethod
    def _expectation(p: np.ndarray, value: np.ndarray, move: int) -> np.ndarray:
        """Expected value of playing ``move`` when the opponent cooperates with
        probability ``p`` (per outcome column), children valued by ``value``."""
        base = 2 * move
        return p * value[:, base : base + 1] + (1 - p) * value[:, base + 1 : base + 2]

    def axelrod_name(self) -> str | None:
        p = self.params
        return (
            f"DBS: {p['discount_factor']!r}, {p['promotion_threshold']}, "
            f"{p['violation_threshold']}, {p['reject_threshold']}, {p['tree_depth']}"
        )


# -- Tit For Tat variants --------------------------------------------------------------


class SpitefulTitForTat(Strategy):
    """Spiteful Tit For Tat (Prison 1998, as defined in the Axelrod library): plays Tit
    For Tat until the opponent defects twice in a row, then defects for the rest of the
    match."""

    name = "Spiteful Tit For Tat"
    family = "punishing"
    memory_depth = None
    history_window = 2

    def reset(self, n: int, rng: np.random.Generator, payoff: np.ndarray) -> None:
        super().reset(n, rng, payoff)
        self._spite = np.zeros(n, dtype=bool)

    def step(self, own: np.ndarray, opp: np.ndarray) -> np.ndarray:
        k, t = opp.shape[0], self.t
        if t == 0:
            return np.zeros(k, dtype=_U8)
        spite = self._spite[:k]
        if t >= 2:
            spite |= (opp[:, -1] == 1) & (opp[:, -2] == 1)
        return (spite | (opp[:, -1] == 1)).astype(_U8)

    def axelrod_name(self) -> str | None:
        return "Spiteful Tit For Tat"


class SlowTitForTwoTats(Strategy):
    """Slow Tit For Two Tats (Prison 1998's "Slow Tit For Tat"; the Axelrod library's
    SlowTitForTwoTats2): cooperates twice, then plays the opponent's move if it played
    the same move on the last two turns, and repeats its own last move otherwise."""

    name = "Slow Tit For Two Tats"
    family = "forgiving"
    memory_depth = 2
    history_window = 2
    aliases = ("Slow Tit For Tat",)

    def step(self, own: np.ndarray, opp: np.ndarray) -> np.ndarray:
        k, t = opp.shape[0], self.t
        if t < 2:
            return np.zeros(k, dtype=_U8)
        return np.where(opp[:, -1] == opp[:, -2], opp[:, -1], own[:, -1]).astype(_U8)

    def axelrod_name(self) -> str | None:
        return "Slow Tit For Two Tats 2"


class DynamicTwoTitsForTat(Strategy):
    """Dynamic Two Tits For Tat (Grant Garrett-Grossman, as defined in the Axelrod
    library): cooperates first and whenever the opponent cooperated on both of its last
    two turns; after a defection in those turns it cooperates with probability equal
    to the opponent's overall cooperation rate so far."""

    name = "Dynamic Two Tits For Tat"
    family = "forgiving"
    memory_depth = None
    history_window = 2
    stochastic = True

    def reset(self, n: int, rng: np.random.Generator, payoff: np.ndarray) -> None:
        super().reset(n, rng, payoff)
        self._cooperations = np.zeros(n, dtype=np.int64)

    def step(self, own: np.ndarray, opp: np.ndarray) -> np.ndarray:
        k, t = opp.shape[0], self.t
        if t == 0:
            return np.zeros(k, dtype=_U8)
        cooperations = self._cooperations[:k]
        cooperations += 1 - opp[:, -1].astype(np.int64)
        provoked = opp[:, -2:].any(axis=1)
        forgive = self.rng.random(k) < cooperations / t
        return (provoked & ~forgive).astype(_U8)

    def axelrod_name(self) -> str | None:
        return "Dynamic Two Tits For Tat"


class SneakyTitForTat(Strategy):
    """Sneaky Tit For Tat (Karol Langner, as defined in the Axelrod library):
    cooperates twice, then defects as long as the opponent has never defected; once it
    has, plays Tit For Tat, except that it cooperates (repents) when the opponent
    defected last turn and it defected the turn before."""

    name = "Sneaky Tit For Tat"
    family = "probing"
    memory_depth = None
    history_window = 2

    def reset(self, n: int, rng: np.random.Generator, payoff: np.ndarray) -> None:
        super().reset(n, rng, payoff)
        self._provoked = np.zeros(n, dtype=bool)

    def step(self, own: np.ndarray, opp: np.ndarray) -> np.ndarray:
        k, t = opp.shape[0], self.t
        if t == 0:
            return np.zeros(k, dtype=_U8)
        provoked = self._provoked[:k]
        provoked |= opp[:, -1] == 1
        if t < 2:
            return np.zeros(k, dtype=_U8)
        repent = (opp[:, -1] == 1) & (own[:, -2] == 1)
        move = np.where(repent, _U8(0), opp[:, -1])
        return np.where(provoked, move, _U8(1)).astype(_U8)

    def axelrod_name(self) -> str | None:
        return "Sneaky Tit For Tat"


# -- probers ---------------------------------------------------------------------------


class HardProber(Prober):
    """Hard Prober (Prison 1998, as defined in the Axelrod library): plays D, D, C, C;
    if the opponent cooperated on both the second and third turns it defects for the
    rest of the match, otherwise it plays Tit For Tat. :class:`Prober` with a longer
    opening."""

    name = "Hard Prober"
    family = "probing"
    memory_depth = None
    opening = np.array([1, 1, 0, 0], dtype=_U8)

    def axelrod_name(self) -> str | None:
        return "Hard Prober"


class NaiveProber(MemoryOneStrategy):
    """Naive Prober (Li & Kendall 2011, as defined in the Axelrod library): Tit For Tat
    that, after the opponent cooperated, defects with probability ``p`` (0.1)."""

    name = "Naive Prober"
    family = "probing"
    stochastic = True

    def __init__(self, p: float = 0.1) -> None:
        super().__init__()
        self.set_params(p=check_probability("p", p))

    def memory_one(self):
        cooperate = 1.0 - self.params["p"]
        return (cooperate, 0.0, cooperate, 0.0), 1.0

    def axelrod_name(self) -> str | None:
        return f"Naive Prober: {self.params['p']!r}"


class RemorsefulProber(Strategy):
    """Remorseful Prober (Li & Kendall 2011, as defined in the Axelrod library): Naive
    Prober (Tit For Tat that, after the opponent cooperated, defects with probability
    ``p``) that remembers whether its last move was such a probe: if the opponent
    answers a probe with a defection, it cooperates instead of retaliating ("one free
    hit", Dawkins, *The Selfish Gene*). What counts is the move it chose, even if noise
    changed it."""

    name = "Remorseful Prober"
    family = "probing"
    memory_depth = 2
    history_window = 1
    stochastic = True

    def __init__(self, p: float = 0.1) -> None:
        super().__init__()
        self.set_params(p=check_probability("p", p))

    def is_stochastic(self) -> bool:
        return 0.0 < self.params["p"] < 1.0

    def reset(self, n: int, rng: np.random.Generator, payoff: np.ndarray) -> None:
        super().reset(n, rng, payoff)
        self._probing = np.zeros(n, dtype=bool)

    def step(self, own: np.ndarray, opp: np.ndarray) -> np.ndarray:
        k, t = opp.shape[0], self.t
        if t == 0:
            return np.zeros(k, dtype=_U8)
        probing = self._probing[:k]
        provoked = opp[:, -1] == 1
        probe = ~provoked & (self.rng.random(k) >= 1.0 - self.params["p"])
        move = (provoked & ~probing) | probe
        probing[:] = probe
        return move.astype(_U8)

    def axelrod_name(self) -> str | None:
        return f"Remorseful Prober: {self.params['p']!r}"


# -- tricksters ------------------------------------------------------------------------


class TrickyCooperator(Strategy):
    """Tricky Cooperator (Karol Langner, as defined in the Axelrod library): cooperates
    on the first three turns; afterwards it defects whenever the opponent did not defect
    in its last 10 moves, and cooperates otherwise. Family "defecting": it exploits
    cooperators (it defects for ever against Cooperator)."""

    name = "Tricky Cooperator"
    family = "defecting"
    memory_depth = 10
    history_window = 10

    def step(self, own: np.ndarray, opp: np.ndarray) -> np.ndarray:
        k, t = opp.shape[0], self.t
        if t < 3:
            return np.zeros(k, dtype=_U8)
        return (~opp[:, -10:].any(axis=1)).astype(_U8)

    def axelrod_name(self) -> str | None:
        return "Tricky Cooperator"


class TrickyDefector(Strategy):
    """Tricky Defector (Karol Langner, as defined in the Axelrod library): defects,
    except that it cooperates when the opponent defected on each of the last three
    turns after having cooperated at least once, to lure it back into cooperating."""

    name = "Tricky Defector"
    family = "defecting"
    memory_depth = None
    history_window = 3

    def reset(self, n: int, rng: np.random.Generator, payoff: np.ndarray) -> None:
        super().reset(n, rng, payoff)
        self._cooperated = np.zeros(n, dtype=bool)

    def step(self, own: np.ndarray, opp: np.ndarray) -> np.ndarray:
        k, t = opp.shape[0], self.t
        if t == 0:
            return np.ones(k, dtype=_U8)
        cooperated = self._cooperated[:k]
        cooperated |= opp[:, -1] == 0
        if t < 3:
            return np.ones(k, dtype=_U8)
        lure = cooperated & opp[:, -3:].all(axis=1)
        return (~lure).astype(_U8)

    def axelrod_name(self) -> str | None:
        return "Tricky Defector"
