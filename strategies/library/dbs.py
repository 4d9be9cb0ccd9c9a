"""The Derived Belief Strategy (DBS) of Au and Nau (2006), as the Axelrod library
defines it (version 4.13), move for move: a learned model of the opponent and a tree
search over it each turn, vectorized over the matches of a batch.
"""

from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from strategies.base import Strategy, check_int

__all__ = ["DBS", "exact_window"]

_U8 = np.uint8
#: The terms of the discounted sums, kept as bits (little-endian: bit j of the row is
#: bit j % 64 of word j // 64 and of byte j // 8 alike).
_BITS = np.dtype("<u8")
_ONE, _TOP = np.uint64(1), np.uint64(63)

# -- the Derived Belief Strategy ----------------------------------------------------------

# Outcomes are indexed own * 2 + opponent (C = 0, D = 1): CC, CD, DC, DD. Rule values are
# the probability that the opponent cooperates after the outcome (1 = C, 0 = D).
_TIT_FOR_TAT_BELIEF = np.array([1.0, 1.0, 0.0, 0.0])
#: Discounted sums computed at a time: their terms, 256 x 132 float64, stay in the
#: cache (larger blocks were slower: fresh memory is slow to fault in).
_SUMS = 256


def exact_window(alpha: float) -> int:
    """The terms of a discounted sum, newest first, that can change it: its first term
    ``w`` is counted, so it is at least ``w``, and a later term below ``w * 2**-54``
    is below half its unit in the last place and leaves it as it is; the weights fall
    by ``alpha`` a term (a margin of half a bit covers their rounding)."""
    return int(np.floor(54.5 / -np.log2(alpha))) + 1


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
    frequencies are summed over a bounded window of turns (132 by default: see
    :func:`exact_window`), kept as bits updated turn by turn (no history is reread),
    that gives exactly the library's floating-point sums, since the search's ties are
    decided by their last bits. Differences from the library: the
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
        self._window = 1 if alpha == 1.0 else exact_window(alpha)
        self._weights = np.ones(1)

    @property
    def history_window(self) -> int:  # type: ignore[override]
        return 2  # the last outcome and its answer: the terms are kept as bits

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
        # which update turns count in each discounted sum, as bits (bit j: turn s - j)
        # from the anchor s back, and the same bits from the latest update turn back
        # (the terms an anchor set now would get): the prior at update turn 1
        words = -(-self._window // 64)
        prior = np.zeros((n, 4, words), dtype=_BITS)
        prior[:, :, 0] = 1
        self._seen_terms, self._seen_now = prior.copy(), prior.copy()
        prior[:, :, 0] = _TIT_FOR_TAT_BELIEF == 1.0
        self._coop_terms, self._coop_now = prior.copy(), prior

    def _learn(self, own: np.ndarray, opp: np.ndarray) -> None:
        k = own.shape[0]
        p = self.params
        outcome = (own[:, -2].astype(np.intp) << 1) | opp[:, -2]
        answer = opp[:, -1].astype(np.intp)
        coop = 1.0 - answer  # the answer as a rule value
        rd_has, rd_val = self._rd_has[:k], self._rd_val[:k]
        rc_has, rc_val = self._rc_has[:k], self._rc_val[:k]
        violations, v = self._violations[:k], self._v[:k]
        # each match's (match, outcome) cell in the flat views of the (k, 4) arrays
        cell = np.arange(0, 4 * k, 4) + outcome
        rd_has_at, rd_val_at = rd_has.reshape(-1), rd_val.reshape(-1)
        rc_has_at, rc_val_at = rc_has.reshape(-1), rc_val.reshape(-1)
        violations_at = violations.reshape(-1)

        t = self.t
        self._last_seen[:k].reshape(-1)[cell] = t
        self._last_coop[:k].reshape(-1)[cell[answer == 0]] = t
        if p["discount_factor"] == 1.0:
            self._g[:k].reshape(-1)[cell] += coop
            self._f[:k].reshape(-1)[cell] += 1.0
        else:
            self._record_terms(cell, answer)
        run_at, answered = self._run[:k].reshape(-1), 2 * cell + answer
        run_at[answered] += 1
        run_at[answered ^ 1] = 0

        # promotion of a rule seen often enough in a row into Rc
        promote = ~rc_has_at[cell] & (run_at[answered] >= p["promotion_threshold"])
        promoted = cell[promote]
        rc_has_at[promoted] = True
        rc_val_at[promoted] = coop[promote]
        violations_at[promoted] = 0

        # violations of Rc; too many in a row move Rc into Rd
        in_rc = rc_has_at[cell]
        kept = rc_val_at[cell] == coop
        count = np.where(in_rc & kept, 0, violations_at[cell] + (in_rc & ~kept))
        violations_at[cell] = count
        demote = in_rc & ~kept & (count >= p["violation_threshold"])
        if demote.any():
            moved = rc_has & demote[:, None]
            rd_has |= moved
            rd_val[moved] = rc_val[moved]
            rc_has[demote] = False
            violations[demote] = 0
            v[demote] = 0

        # violations of Rd; too many empty it
        plus_in_rc = rc_has_at[cell] & (rc_val_at[cell] == coop)
        minus_in_rd = rd_has_at[cell] & (rd_val_at[cell] == answer)
        v += minus_in_rd
        clear = (v > p["reject_threshold"]) | (plus_in_rc & minus_in_rd)
        rd_has[clear] = False
        v[clear] = 0

        frequency = np.zeros((k, 4))
        needed = ~(rd_has | rc_has)
        if p["discount_factor"] == 1.0:
            g, f = self._g[:k], self._f[:k]
            frequency[needed] = g[needed] / f[needed]
        elif needed.any():
            r, o = np.nonzero(needed)
            coops = self._discounted(self._coop_terms[:k][r, o], self._last_coop[:k][r, o])
            total = self._discounted(self._seen_terms[:k][r, o], self._last_seen[:k][r, o])
            frequency[r, o] = coops / total
        self._policy[:k] = np.where(rd_has, rd_val, np.where(rc_has, rc_val, frequency))

    def _record_terms(self, cell: np.ndarray, answer: np.ndarray) -> None:
        """Update turn ``t`` (turn ``t - 2``'s outcome at ``cell``, answered on turn
        ``t - 1``): every term moves one bit up (one turn older), bit 0 counts this
        update for its outcome, and that outcome's anchored terms become the latest."""
        k, words = len(answer), self._seen_now.shape[2]
        cooperated = cell[answer == 0]
        for now in (self._seen_now[:k], self._coop_now[:k]):
            carry = now[:, :, :-1] >> _TOP
            now <<= _ONE
            now[:, :, 1:] |= carry
        seen_now = self._seen_now[:k].reshape(-1, words)
        coop_now = self._coop_now[:k].reshape(-1, words)
        seen_now[cell, 0] |= _ONE
        coop_now[cooperated, 0] |= _ONE
        self._seen_terms[:k].reshape(-1, words)[cell] = seen_now[cell]
        self._coop_terms[:k].reshape(-1, words)[cooperated] = coop_now[cooperated]

    def _discounted(self, counted: np.ndarray, anchor: np.ndarray) -> np.ndarray:
        """Per (match, outcome) pair, the ``counted`` update turns (bits, as kept by
        :meth:`_record_terms`) from ``anchor`` (the latest counted; 1: the prior, 0:
        none) back, weighted by ``discount_factor ** age``
        and summed from the most recent as the library does; older ones (past the
        :func:`exact_window`) cannot change the sum: it is bit for bit the library's."""
        t, alpha = self.t, self.params["discount_factor"]
        # weights[j] = alpha ** j, by repeated products; once they reach 0 they stay 0
        if len(self._weights) < t and self._weights[-1] != 0.0:
            size = max(2 * len(self._weights), t)
            self._weights = np.cumprod(np.r_[1.0, np.full(size - 1, alpha)])
        # turn anchor - j is t - anchor + j turns old; ages past cap weigh as cap
        cap = min(t - 1, len(self._weights) - 1)
        ladder = self._weights[np.minimum(np.arange(cap + self._window), cap)]
        weights = sliding_window_view(ladder, self._window)  # row s: the weights from age s
        start = np.minimum(t - anchor, cap)
        total = np.empty(len(start))
        by_term = np.empty((self._window, min(len(start), _SUMS)))  # (terms, sums)
        for a in range(0, len(start), _SUMS):  # blocks of sums: small arrays, in the cache
            terms = weights[start[a : a + _SUMS]]
            bits = counted[a : a + _SUMS].view(np.uint8)  # little-endian words
            terms *= np.unpackbits(bits, axis=1, count=self._window, bitorder="little")
            block = by_term[:, : len(terms)]
            np.copyto(block, terms.T)
            # reducing the first axis of a C-order array adds a row at a time, so each
            # sum gains its terms one by one, newest first, like the library
            np.add.reduce(block, axis=0, out=total[a : a + _SUMS])
        return total

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
