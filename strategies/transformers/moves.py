"""The deterministic transformers, as defined in the Axelrod library's
``strategy_transformers`` (version 4.13): each changes the inner strategy's move by a
rule on the history, for every running match at once."""

from __future__ import annotations

import numpy as np

from strategies.base import C, D, Strategy, check_int
from strategies.transformers.wrapper import Classifier, Moves, Transformed, check_moves

__all__ = [
    "Apology",
    "DeadlockBreaking",
    "Dual",
    "Final",
    "Flip",
    "Grudge",
    "Initial",
    "Nice",
    "Retaliation",
    "RetaliateUntilApology",
]

_U8 = np.uint8


def _widest(*windows: int | None) -> int | None:
    """The widest of some windows; ``None`` (the whole history) if one is."""
    return None if None in windows else max(windows)  # type: ignore[type-var]


class Flip(Transformed, abstract=True):
    """Flip: plays the opposite of the strategy's move. The strategy sees the history as
    played, so Flip(Alternator) defects every turn (the library's ``FlipTransformer``)."""

    key, prefix, example = "Flip", "Flipped", "Flip(Tit For Tat)"
    names = ("Flip", "Flipped", "FlipTransformer")

    def __init__(self, strategy: Strategy | str) -> None:
        super().__init__(strategy)
        self._setup()

    def transform(self, moves: np.ndarray, own: np.ndarray, opp: np.ndarray) -> np.ndarray:
        return moves ^ _U8(1)


class Dual(Transformed, abstract=True):
    """Dual (Ashlock et al. 2010): the strategy is shown its own moves flipped and its
    move is flipped, so the dual plays the opposite of what the strategy would play
    facing the same history: Dual(Cooperator) is Defector, Dual(Tit For Tat) is Tit For
    Tat that starts with D and answers C with D and D with C (the library's
    ``DualTransformer``)."""

    key = prefix = "Dual"
    example = "Dual(Tit For Tat)"
    names = ("Dual", "DualTransformer")

    def __init__(self, strategy: Strategy | str) -> None:
        super().__init__(strategy)
        self._setup()

    def prepare(self, n: int, rng: np.random.Generator) -> None:
        # a strategy that reads its whole history is shown a flipped copy, kept here
        self._flipped = np.zeros((n, 64), dtype=_U8)

    def propose(self, own: np.ndarray, opp: np.ndarray) -> np.ndarray:
        window, (k, w), t = self.inner.history_window, own.shape, self.t
        if window is not None:
            seen = own[:, w - min(window, w) :] ^ _U8(1)
        else:
            if t > self._flipped.shape[1]:
                grown = np.zeros((self._flipped.shape[0], 2 * t), dtype=_U8)
                grown[:, : self._flipped.shape[1]] = self._flipped
                self._flipped = grown
            if t:
                self._flipped[:k, t - 1] = own[:, -1] ^ _U8(1)
            seen = self._flipped[:k, :t]
        return self.inner.play_turn(seen, opp, t)

    def transform(self, moves: np.ndarray, own: np.ndarray, opp: np.ndarray) -> np.ndarray:
        return moves ^ _U8(1)


class _OpponentDefections(Transformed, abstract=True):
    """A transformer that counts the opponent's defections so far."""

    def window(self, inner: int | None) -> int | None:
        return _widest(inner, 1)

    def prepare(self, n: int, rng: np.random.Generator) -> None:
        self._defections = np.zeros(n, dtype=np.int64)

    def _count(self, opp: np.ndarray) -> np.ndarray:
        k = opp.shape[0]
        if self.t:
            self._defections[:k] += opp[:, -1]
        return self._defections[:k]


class Nice(_OpponentDefections, abstract=True):
    """Nice: never the first to defect; the strategy's D is played only once the
    opponent has defected (the library's ``NiceTransformer``)."""

    key = prefix = "Nice"
    example = "Nice(Defector)"
    names = ("Nice", "NiceTransformer")

    def __init__(self, strategy: Strategy | str) -> None:
        super().__init__(strategy)
        self._setup()

    def transform(self, moves: np.ndarray, own: np.ndarray, opp: np.ndarray) -> np.ndarray:
        return np.where(self._count(opp) == 0, _U8(C), moves).astype(_U8)


class Grudge(_OpponentDefections, abstract=True):
    """Grudge: defects forever once the opponent has defected more than ``grudges``
    times (the library's ``GrudgeTransformer``)."""

    key, prefix, example = "Grudge", "Grudging", "Grudge(Tit For Tat, 2)"
    names = ("Grudge", "Grudging", "GrudgeTransformer")

    def __init__(self, strategy: Strategy | str, grudges: int) -> None:
        super().__init__(strategy)
        self._setup(grudges=check_int("grudges", grudges))

    def transform(self, moves: np.ndarray, own: np.ndarray, opp: np.ndarray) -> np.ndarray:
        return np.where(self._count(opp) > self.params["grudges"], _U8(D), moves).astype(_U8)


class Initial(Transformed, abstract=True):
    """Initial: plays ``seq`` (a string of C and D) on the first turns, then the
    strategy, which is asked every turn all the same (the library's
    ``InitialTransformer``)."""

    key = prefix = "Initial"
    example = "Initial(Defector, 'CCD')"
    names = ("Initial", "InitialTransformer")

    def __init__(self, strategy: Strategy | str, seq: str) -> None:
        super().__init__(strategy)
        self._setup(seq=check_moves("seq", seq))

    def reclassify(self, inner: Classifier) -> Classifier:
        return inner.deeper(len(self.params["seq"]))

    def prepare(self, n: int, rng: np.random.Generator) -> None:
        self._seq = Moves(self.params["seq"]).actions

    def transform(self, moves: np.ndarray, own: np.ndarray, opp: np.ndarray) -> np.ndarray:
        if self.t < len(self._seq):
            return np.full(len(moves), self._seq[self.t], dtype=_U8)
        return moves


class Final(Transformed, abstract=True):
    """Final: plays ``seq`` on the last turns of a match whose length it is told (the
    library's ``FinalTransformer``); with the length hidden or a random ending, the
    strategy alone."""

    key = prefix = "Final"
    example = "Final(Tit For Tat, 'DD')"
    names = ("Final", "FinalTransformer")

    def __init__(self, strategy: Strategy | str, seq: str) -> None:
        super().__init__(strategy)
        self._setup(seq=check_moves("seq", seq))

    def reclassify(self, inner: Classifier) -> Classifier:
        deeper = inner.deeper(len(self.params["seq"]))
        return Classifier(
            deeper.memory_depth,
            deeper.stochastic,
            deeper.makes_use_of | {"length"},
            deeper.long_run_time,
        )

    def transform(self, moves: np.ndarray, own: np.ndarray, opp: np.ndarray) -> np.ndarray:
        return self.end_game(moves, self.t, self.params["seq"])


class Apology(Transformed, abstract=True):
    """Apology: cooperates when its last moves were ``myseq`` and the opponent's were
    ``opseq`` (same length; by default: after defecting on a cooperator), else plays
    the strategy (the library's ``ApologyTransformer``)."""

    key, prefix, example = "Apology", "Apologizing", "Apology(Tit For Tat, 'D', 'C')"
    names = ("Apology", "Apologizing", "ApologyTransformer")

    def __init__(self, strategy: Strategy | str, myseq: str = "D", opseq: str = "C") -> None:
        super().__init__(strategy)
        mine, theirs = check_moves("myseq", myseq), check_moves("opseq", opseq)
        if len(mine) != len(theirs):
            raise ValueError(
                f"myseq and opseq must have the same length, got {mine!r} and {theirs!r}"
            )
        self._setup(myseq=mine, opseq=theirs)

    def window(self, inner: int | None) -> int | None:
        return _widest(inner, len(self.params["myseq"]))

    def prepare(self, n: int, rng: np.random.Generator) -> None:
        self._mine = Moves(self.params["myseq"]).actions
        self._theirs = Moves(self.params["opseq"]).actions

    def transform(self, moves: np.ndarray, own: np.ndarray, opp: np.ndarray) -> np.ndarray:
        size = len(self._mine)
        if self.t < size:
            return moves
        match = (own[:, -size:] == self._mine).all(axis=1) & (opp[:, -size:] == self._theirs).all(
            axis=1
        )
        return np.where(match, _U8(C), moves).astype(_U8)


class DeadlockBreaking(Transformed, abstract=True):
    """DeadlockBreaking: cooperates to break an alternation, after the last two turns
    went (C, D) then (D, C), or (D, C) then (C, D) (the library's
    ``DeadlockBreakingTransformer``)."""

    key = prefix = "DeadlockBreaking"
    example = "DeadlockBreaking(Tit For Tat)"
    names = ("DeadlockBreaking", "Deadlock Breaking", "DeadlockBreakingTransformer")

    def __init__(self, strategy: Strategy | str) -> None:
        super().__init__(strategy)
        self._setup()

    def window(self, inner: int | None) -> int | None:
        return _widest(inner, 2)

    def transform(self, moves: np.ndarray, own: np.ndarray, opp: np.ndarray) -> np.ndarray:
        if self.t < 2:
            return moves
        # (C, D) then (D, C), or the reverse: own moves differ, each turn is a CD/DC
        before, last = own[:, -2], own[:, -1]
        deadlock = (before != opp[:, -2]) & (last != opp[:, -1]) & (before != last)
        return np.where(deadlock, _U8(C), moves).astype(_U8)


class Retaliation(Transformed, abstract=True):
    """Retaliation: defects after each defection of the opponent and then
    ``retaliations - 1`` more times, the counts adding up (the library's
    ``RetaliationTransformer``)."""

    key, prefix, example = "Retaliation", "Retaliating", "Retaliation(Cooperator, 3)"
    names = ("Retaliation", "Retaliating", "RetaliationTransformer")

    def __init__(self, strategy: Strategy | str, retaliations: int) -> None:
        super().__init__(strategy)
        self._setup(retaliations=check_int("retaliations", retaliations, 1))

    def reclassify(self, inner: Classifier) -> Classifier:
        return inner.deeper(self.params["retaliations"])

    def window(self, inner: int | None) -> int | None:
        return _widest(inner, 1)

    def prepare(self, n: int, rng: np.random.Generator) -> None:
        self._owed = np.zeros(n, dtype=np.int64)

    def transform(self, moves: np.ndarray, own: np.ndarray, opp: np.ndarray) -> np.ndarray:
        if self.t == 0:
            return moves
        owed, defected = self._owed[: len(moves)], opp[:, -1] == D
        paying = ~defected & (owed > 0)
        owed += np.where(defected, self.params["retaliations"] - 1, 0) - paying
        return np.where(defected | paying, _U8(D), moves).astype(_U8)


class RetaliateUntilApology(Transformed, abstract=True):
    """RetaliateUntilApology: defects while the opponent's last move was D, else plays
    the strategy (the library's ``RetaliateUntilApologyTransformer``)."""

    key, prefix, example = "RetaliateUntilApology", "RUA", "RetaliateUntilApology(Cooperator)"
    names = (
        "RetaliateUntilApology",
        "RUA",
        "Retaliate Until Apology",
        "RetaliateUntilApologyTransformer",
    )

    def __init__(self, strategy: Strategy | str) -> None:
        super().__init__(strategy)
        self._setup()

    def reclassify(self, inner: Classifier) -> Classifier:
        return inner.deeper(1)

    def window(self, inner: int | None) -> int | None:
        return _widest(inner, 1)

    def transform(self, moves: np.ndarray, own: np.ndarray, opp: np.ndarray) -> np.ndarray:
        if self.t == 0:
            return moves
        return np.where(opp[:, -1] == D, _U8(D), moves).astype(_U8)
