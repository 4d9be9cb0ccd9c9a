"""Meta strategies that follow their team's best scorers (Karol Langner, Marc Harper; as
defined in the Axelrod library's ``meta.py``, version 4.13). Each member's running score
is the payoff its *proposals* would have earned against the opponent's real moves, with
this player's payoffs (see :class:`~strategies.library.meta.MetaStrategy`).

* Meta Winner plays a move proposed by a member with the best score so far (C if any of
  them proposes C);
* Meta Winner Ensemble plays the proposal of a member drawn uniformly among the top 8% by
  score (at least one; ties in score ranked by later place in the team first);
* the "Nice" variants (the library's ``NiceTransformer``) never defect before the opponent
  has; NMWE is Nice Meta Winner Ensemble.

The variants differ in their teams: every ordinary strategy of the library, or those of
memory one, of finite or unbounded memory, the deterministic or the stochastic ones.
"""

from __future__ import annotations

import numpy as np

from strategies.library.meta import MetaStrategy, _TeamParameter

__all__ = [
    "MetaWinner",
    "MetaWinnerDeterministic",
    "MetaWinnerEnsemble",
    "MetaWinnerFiniteMemory",
    "MetaWinnerLongMemory",
    "MetaWinnerMemoryOne",
    "MetaWinnerStochastic",
    "NMWEDeterministic",
    "NMWEFiniteMemory",
    "NMWELongMemory",
    "NMWEMemoryOne",
    "NMWEStochastic",
    "NiceMetaWinner",
    "NiceMetaWinnerEnsemble",
    "best_proposal",
    "top_places",
    "top_scorers",
]

_U8 = np.uint8
_ALL = frozenset({"game", "length"})
#: The share of the team among whom Meta Winner Ensemble draws.
ENSEMBLE_SHARE = 0.08
#: Matches whose team scores are updated and ranked at a time.
_BLOCK = 512
_INT_MAX = np.iinfo(np.int32).max


def best_proposal(proposals: np.ndarray, scores: np.ndarray) -> np.ndarray:
    """Per match (column): C if any member with the best score proposes C, else D."""
    best = scores == scores.max(axis=0)
    return (~(best > proposals).any(axis=0)).astype(_U8)  # best > proposal: best proposes C


def top_places(scores: np.ndarray, size: int) -> np.ndarray:
    """Per match (column), the places in the team ``(size, k)``, in team order, of the
    ``size`` members of highest score; equal scores rank the member later in the team
    first (the library sorts ``(score, place)`` pairs in reverse). Picked one by one:
    the best score, the last member having it."""
    m, k = scores.shape
    places = np.empty((size, k), dtype=np.intp)
    # below every score: integer scores stay within +-(2**31 - 1)
    lowest = -np.inf if scores.dtype.kind == "f" else np.iinfo(scores.dtype).min
    for a in range(0, k, _BLOCK):  # blocks of matches: the copies stay small and cached
        # (matches, members) from the last: argmax finds the last best
        work = scores[::-1, a : a + _BLOCK].T.copy()
        rows = np.arange(len(work))
        for i in range(size):
            places[i, a : a + _BLOCK] = best = work.argmax(axis=1)
            work[rows, best] = lowest
    places = m - 1 - places
    if size == 2:  # sorting each column is slower
        low = np.minimum(places[0], places[1])
        np.maximum(places[0], places[1], out=places[1])
        places[0] = low
        return places
    return np.sort(places, axis=0)


def top_scorers(scores: np.ndarray, size: int) -> np.ndarray:
    """Per match (column), a mask ``(members, k)`` of the ``size`` members of highest
    score (see :func:`top_places`)."""
    top = np.zeros(scores.shape, dtype=bool)
    top[top_places(scores, size), np.arange(scores.shape[1])] = True
    return top


class _Winner(MetaStrategy, abstract=True):
    stochastic = True
    makes_use_of = _ALL
    #: Never defect before the opponent has (the library's NiceTransformer).
    nice = False

    def reset(self, n: int, rng: np.random.Generator, payoff: np.ndarray) -> None:
        super().reset(n, rng, payoff)
        self._opponent_defected = np.zeros(n, dtype=bool)
        m = len(self.team_specs())
        gains = np.asarray(payoff, dtype=np.float64).reshape(n, 4)  # own move, theirs
        extra = gains[:, 2:] - gains[:, :2]
        #: each member's score so far (its proposals against the opponent's moves, with
        #: this player's payoffs); with whole-number payoffs, less the payoff that
        #: cooperating would have earned, which every member of a match shares: the
        #: same ranking, exactly, for half the work, in 32-bit integers (half the
        #: memory to read) as long as no score can overflow them
        self._whole = bool(
            np.array_equal(gains, np.round(gains)) and np.abs(gains).max(initial=0) < 2**20
        )
        self._int_turns = 0  # the turns 32-bit scores hold (0: float64 scores)
        dtype: type = np.float64
        if self._whole:
            self._int_turns = _INT_MAX // max(1, int(np.abs(extra).max(initial=0)))
            dtype = np.int32
        self.scores = np.zeros((m, n), dtype=dtype)
        self._rows, self._gains = np.arange(n), gains
        self._part = np.empty((m, min(n, _BLOCK)), dtype)

    def observe(self, last: np.ndarray, opp_last: np.ndarray) -> None:
        # a block of matches at a time: no masked adds (slow), small temporaries
        k, rows, gains = len(opp_last), self._rows, self._gains
        if_c, if_d = gains[rows[:k], opp_last], gains[rows[:k], 2 + opp_last]
        if self._int_turns and self.t > self._int_turns:  # |score| <= turns x |extra|
            self._int_turns = 0
            self.scores, self._part = self.scores.astype(np.float64), self._part.astype(np.float64)
        extra = (if_d - if_c).astype(self.scores.dtype)
        for a in range(0, k, _BLOCK):
            b = min(k, a + _BLOCK)
            scores, part, defected = self.scores[:, a:b], self._part[:, : b - a], last[:, a:b]
            if self._whole:  # what defecting earned over cooperating
                scores += np.multiply(defected, extra[a:b], out=part)
            else:  # the payoff of D times "proposed D" plus that of C times "proposed C"
                scores += np.multiply(defected, if_d[a:b], out=part)  # (+ 0 is exact)
                scores += np.multiply(defected ^ 1, if_c[a:b], out=part)
        self._opponent_defected[:k] |= opp_last.astype(bool)

    def combine(self, proposals: np.ndarray, opp: np.ndarray) -> np.ndarray:
        moves = self.choose(proposals, self.scores[:, : opp.shape[0]])
        if self.nice:
            moves &= self._opponent_defected[: opp.shape[0]]
        return moves

    def choose(self, proposals: np.ndarray, scores: np.ndarray) -> np.ndarray:
        return best_proposal(proposals, scores)


class _Ensemble(_Winner, abstract=True):
    def _singular(self) -> bool:
        """A team of one strategy (perhaps repeated) plays its first member: no draw."""
        return len(set(self.team_specs())) == 1

    def is_stochastic(self) -> bool:
        if self.params.get("team") is None:
            return self.stochastic
        return not self._singular() or self._members_stochastic()

    def reset(self, n: int, rng: np.random.Generator, payoff: np.ndarray) -> None:
        super().reset(n, rng, payoff)
        m = len(self.team_specs())
        self._single = self._singular()
        self._size = 1 if self._single else max(1, int(m * ENSEMBLE_SHARE))

    def choose(self, proposals: np.ndarray, scores: np.ndarray) -> np.ndarray:
        k = proposals.shape[1]
        if self._single:
            return proposals[0].copy()
        places = top_places(scores, self._size)
        # the r-th of the top members (in team order), r uniform
        r = self.rng.integers(self._size, size=k)
        columns = np.arange(k)
        return proposals[places[r, columns], columns]


# -- the full team -------------------------------------------------------------------


class MetaWinner(_Winner, _TeamParameter):
    """Meta Winner (Karol Langner, Axelrod library): plays as the member of its team
    (every ordinary strategy of the library) with the best running score so far; when
    several share it, C if any of them proposes C."""

    name = "Meta Winner"
    team_key = "MetaWinner"


class NiceMetaWinner(_Winner, _TeamParameter):
    """Nice Meta Winner (Axelrod library): Meta Winner that never defects before the
    opponent has defected (the library's NiceTransformer)."""

    name = "Nice Meta Winner"
    team_key = "NiceMetaWinner"
    nice = True


class MetaWinnerEnsemble(_Ensemble, _TeamParameter):
    """Meta Winner Ensemble (Marc Harper, Axelrod library): each turn plays the proposal
    of a member drawn uniformly among the top 8% of its team (every ordinary strategy of
    the library) by running score."""

    name = "Meta Winner Ensemble"
    team_key = "MetaWinnerEnsemble"


class NiceMetaWinnerEnsemble(_Ensemble, _TeamParameter):
    """Nice Meta Winner Ensemble (Axelrod library): Meta Winner Ensemble that never
    defects before the opponent has defected (the library's NiceTransformer)."""

    name = "Nice Meta Winner Ensemble"
    team_key = "NiceMetaWinnerEnsemble"
    nice = True


# -- Meta Winner with other teams ----------------------------------------------------


class MetaWinnerMemoryOne(_Winner):
    """Meta Winner Memory One (Marc Harper, Axelrod library): Meta Winner whose team is
    the library's strategies of memory depth at most one."""

    name = "Meta Winner Memory One"
    long_run_time = False
    makes_use_of = frozenset({"game"})
    team_key = "MetaWinnerMemoryOne"


class MetaWinnerFiniteMemory(_Winner):
    """Meta Winner Finite Memory (Marc Harper, Axelrod library): Meta Winner whose team
    is the library's strategies of finite memory depth."""

    name = "Meta Winner Finite Memory"
    makes_use_of = frozenset({"game"})
    team_key = "MetaWinnerFiniteMemory"


class MetaWinnerLongMemory(_Winner):
    """Meta Winner Long Memory (Marc Harper, Axelrod library): Meta Winner whose team is
    the library's strategies of unbounded memory."""

    name = "Meta Winner Long Memory"
    team_key = "MetaWinnerLongMemory"


class MetaWinnerDeterministic(_Winner):
    """Meta Winner Deterministic (Marc Harper, Axelrod library): Meta Winner whose team
    is the library's deterministic strategies; it is deterministic itself."""

    name = "Meta Winner Deterministic"
    stochastic = False
    team_key = "MetaWinnerDeterministic"


class MetaWinnerStochastic(_Winner):
    """Meta Winner Stochastic (Marc Harper, Axelrod library): Meta Winner whose team is
    the library's stochastic strategies."""

    name = "Meta Winner Stochastic"
    team_key = "MetaWinnerStochastic"


# -- Nice Meta Winner Ensemble with other teams ----------------------------------------


class NMWEDeterministic(_Ensemble):
    """NMWE Deterministic (Marc Harper, Axelrod library): Nice Meta Winner Ensemble whose
    team is the library's deterministic strategies (the draw makes it stochastic)."""

    name = "NMWE Deterministic"
    team_key = "NMWEDeterministic"
    nice = True


class NMWEStochastic(_Ensemble):
    """NMWE Stochastic (Marc Harper, Axelrod library): Nice Meta Winner Ensemble whose
    team is the library's stochastic strategies."""

    name = "NMWE Stochastic"
    team_key = "NMWEStochastic"
    nice = True


class NMWEFiniteMemory(_Ensemble):
    """NMWE Finite Memory (Marc Harper, Axelrod library): Nice Meta Winner Ensemble whose
    team is the library's strategies of finite memory depth."""

    name = "NMWE Finite Memory"
    makes_use_of = frozenset({"game"})
    team_key = "NMWEFiniteMemory"
    nice = True


class NMWELongMemory(_Ensemble):
    """NMWE Long Memory (Marc Harper, Axelrod library): Nice Meta Winner Ensemble whose
    team is the library's strategies of unbounded memory."""

    name = "NMWE Long Memory"
    team_key = "NMWELongMemory"
    nice = True


class NMWEMemoryOne(_Ensemble):
    """NMWE Memory One (Marc Harper, Axelrod library): Nice Meta Winner Ensemble whose
    team is the library's strategies of memory depth at most one."""

    name = "NMWE Memory One"
    long_run_time = False
    makes_use_of = frozenset({"game"})
    team_key = "NMWEMemoryOne"
    nice = True
