"""Entries to Axelrod's first tournament (Axelrod 1980, "Effective choice in the
prisoner's dilemma"), as the Axelrod library (version 4.13) interprets Axelrod's short
descriptions of them.

Each strategy is named after its author(s); the library's name ("First by Davis") is an
alias. Tit For Tat, Grofman (classic.py), Joss (probing.py) and Random, also entries to
that tournament, live elsewhere.

Two entries use the match length, as the tournament tells it (see
:meth:`strategies.base.Strategy.start`): Stein and Rapoport and Tideman and Chieruzzi
defect on the last two moves of a match of known length, and Tideman and Chieruzzi's
"fresh start" needs at least ten moves left (always true with a probabilistic ending,
never when the length is hidden), as in the library.
"""

from __future__ import annotations

import numpy as np

from strategies.base import Strategy, check_int, check_probability
from strategies.generic import MemoryOneStrategy

__all__ = [
    "Anonymous",
    "Davis",
    "Downing",
    "Feld",
    "Nydegger",
    "Shubik",
    "TidemanAndChieruzzi",
    "Tullock",
]

_U8 = np.uint8


def _retaliation_step(
    remaining: np.ndarray,
    length: np.ndarray,
    trigger: np.ndarray,
    active: np.ndarray | bool = True,
) -> np.ndarray:
    """Shared engine of Shubik and Tideman and Chieruzzi, in the ``active`` rows (the
    others cooperate and keep their state): while ``remaining > 0`` it defects and
    counts down; otherwise a ``trigger`` starts a retaliation one move longer than the
    previous one. Updates the state in place and returns the moves."""
    retaliating = active & (remaining > 0)
    trigger = active & trigger & ~retaliating
    length += trigger
    remaining[:] = np.where(retaliating, remaining - 1, np.where(trigger, length - 1, remaining))
    return (retaliating | trigger).astype(_U8)


class Davis(Strategy):
    """Davis (Morton Davis; Axelrod 1980, 8th): cooperates on the first
    ``rounds_to_cooperate`` moves (10), then plays Grudger: defects for the rest of the
    match once the opponent has defected at least once (counting the opening moves)."""

    name = "Davis"
    family = "punishing"
    memory_depth = None
    aliases = ("First by Davis",)
    history_window = 1  # a running grudge

    def __init__(self, rounds_to_cooperate: int = 10) -> None:
        super().__init__()
        self.set_params(
            rounds_to_cooperate=check_int("rounds_to_cooperate", rounds_to_cooperate, 0)
        )

    def reset(self, n: int, rng: np.random.Generator, payoff: np.ndarray) -> None:
        super().reset(n, rng, payoff)
        self._grudge = np.zeros(n, dtype=_U8)

    def step(self, own: np.ndarray, opp: np.ndarray) -> np.ndarray:
        k, t = own.shape[0], self.t
        grudge = self._grudge[:k]
        if t > 0:
            grudge |= opp[:, -1]
        if t < self.params["rounds_to_cooperate"]:
            return np.zeros(k, dtype=_U8)
        return grudge.copy()

    def axelrod_name(self) -> str | None:
        return f"First by Davis: {self.params['rounds_to_cooperate']}"


class Feld(Strategy):
    """Feld (Scott Feld; Axelrod 1980, 11th), as defined in the Axelrod library: Tit For
    Tat, except that after the opponent cooperates it cooperates only with a probability
    that falls linearly from ``start_coop_prob`` (1) on the first move to
    ``end_coop_prob`` (0.5) after ``rounds_of_decay`` (200) moves, and stays there.

    Family "reciprocal": it always answers a defection with a defection and never
    defects first except at random.
    """

    name = "Feld"
    family = "reciprocal"
    memory_depth = 200
    stochastic = True
    aliases = ("First by Feld",)
    history_window = 1

    def __init__(
        self,
        start_coop_prob: float = 1.0,
        end_coop_prob: float = 0.5,
        rounds_of_decay: int = 200,
    ) -> None:
        super().__init__()
        start = check_probability("start_coop_prob", start_coop_prob)
        end = check_probability("end_coop_prob", end_coop_prob)
        if end > start:
            raise ValueError(
                f"end_coop_prob ({end}) must not exceed start_coop_prob ({start}): "
                "the probability of cooperating decreases"
            )
        self.set_params(
            start_coop_prob=start,
            end_coop_prob=end,
            rounds_of_decay=check_int("rounds_of_decay", rounds_of_decay, 1),
        )

    def is_stochastic(self) -> bool:
        return self.params["end_coop_prob"] < 1.0

    def cooperation_probability(self, t: int) -> float:
        """The probability of answering a cooperation with one after ``t`` moves."""
        p = self.params
        slope = (p["end_coop_prob"] - p["start_coop_prob"]) / p["rounds_of_decay"]
        return max(p["start_coop_prob"] + slope * t, p["end_coop_prob"])

    def step(self, own: np.ndarray, opp: np.ndarray) -> np.ndarray:
        k, t = own.shape[0], self.t
        if t == 0:
            return np.zeros(k, dtype=_U8)
        defect = self.rng.random(k) >= self.cooperation_probability(t)
        return (defect | (opp[:, -1] == 1)).astype(_U8)

    def axelrod_name(self) -> str | None:
        p = self.params
        return (
            f"First by Feld: {p['start_coop_prob']}, {p['end_coop_prob']}, {p['rounds_of_decay']}"
        )


class Shubik(Strategy):
    """Shubik (Martin Shubik; Axelrod 1980, 5th), as defined in the Axelrod library:
    cooperates; when the opponent defects while it cooperated on the previous move, it
    retaliates with a run of defections, one longer each time (1, 2, 3, ...), whatever
    the opponent does meanwhile, then cooperates again."""

    name = "Shubik"
    family = "punishing"
    memory_depth = None
    aliases = ("First by Shubik",)
    history_window = 1

    def reset(self, n: int, rng: np.random.Generator, payoff: np.ndarray) -> None:
        super().reset(n, rng, payoff)
        self._remaining = np.zeros(n, dtype=np.int64)  # defections still to play
        self._length = np.zeros(n, dtype=np.int64)  # length of the last retaliation

    def step(self, own: np.ndarray, opp: np.ndarray) -> np.ndarray:
        k, t = own.shape[0], self.t
        if t == 0:
            return np.zeros(k, dtype=_U8)
        trigger = (opp[:, -1] == 1) & (own[:, -1] == 0)
        return _retaliation_step(self._remaining[:k], self._length[:k], trigger)

    def axelrod_name(self) -> str | None:
        return "First by Shubik"


class Tullock(Strategy):
    """Tullock (Gordon Tullock; Axelrod 1980, 13th): cooperates on the first 11 moves,
    then cooperates with probability ``max(0, c / 10 - 0.1)``, where ``c`` is the number
    of the opponent's cooperations in its last 10 moves (10% less often than the
    opponent did), as in the Axelrod library.

    Family "adaptive": it plays from a statistic of the opponent's recent moves.
    """

    name = "Tullock"
    family = "adaptive"
    memory_depth = None  # the last 10 moves, but also whether 11 moves have been played
    stochastic = True
    aliases = ("First by Tullock",)
    history_window = 10  # the opponent's last 10 moves

    _OPENING = 11
    _WINDOW = 10

    def step(self, own: np.ndarray, opp: np.ndarray) -> np.ndarray:
        k, t = own.shape[0], self.t
        if t < self._OPENING:
            return np.zeros(k, dtype=_U8)
        cooperations = self._WINDOW - opp[:, -self._WINDOW :].sum(axis=1, dtype=np.int64)
        p = np.maximum(0.0, cooperations / self._WINDOW - 0.1)
        return (self.rng.random(k) >= p).astype(_U8)

    def axelrod_name(self) -> str | None:
        return "First by Tullock"


# Nydegger: defect when A = 16 a1 + 4 a2 + a3 is one of these, where a_i scores the
# outcome i moves ago (0 = CC, 1 = only it defected, 2 = only the opponent did, 3 = DD).
_NYDEGGER_DEFECT = (1, 6, 7, 17, 22, 23, 26, 29, 30, 31, 33, 38, 39, 45, 49, 54, 55, 58, 61)
_NYDEGGER_TABLE = np.zeros(64, dtype=_U8)
_NYDEGGER_TABLE[list(_NYDEGGER_DEFECT)] = 1


class Nydegger(Strategy):
    """Nydegger (Rudy Nydegger; Axelrod 1980, 3rd), as defined in the Axelrod library.

    Plays Tit For Tat on the first three moves, except that it defects on the third if
    the opponent opened with D, C. From then on let ``a`` score each outcome: 0 for
    mutual cooperation, 1 when only it defected, 2 when only the opponent defected, 3
    for mutual defection, and ``A = 16 a1 + 4 a2 + a3`` over the last three moves (most
    recent first); it defects only when ``A`` is 1, 6, 7, 17, 22, 23, 26, 29, 30, 31, 33,
    38, 39, 45, 49, 54, 55, 58 or 61.

    Family "reciprocal": mostly answers defections in kind; after three mutual
    defections (A = 63) it offers cooperation.
    """

    name = "Nydegger"
    family = "reciprocal"
    memory_depth = 3
    aliases = ("First by Nydegger",)
    history_window = 3

    def step(self, own: np.ndarray, opp: np.ndarray) -> np.ndarray:
        k, t = own.shape[0], self.t
        if t == 0:
            return np.zeros(k, dtype=_U8)
        if t < 3:
            move = opp[:, -1].copy()
            if t == 2:
                move |= (opp[:, -2] == 1) & (opp[:, -1] == 0)  # its first two moves
            return move.astype(_U8)
        outcome = 2 * opp[:, -3:].astype(np.int64) + own[:, -3:]  # oldest first
        index = 16 * outcome[:, 2] + 4 * outcome[:, 1] + outcome[:, 0]
        return _NYDEGGER_TABLE[index]

    def axelrod_name(self) -> str | None:
        return "First by Nydegger"


class Downing(Strategy):
    """Downing (Leslie Downing; Axelrod 1980, 10th), as defined in the Axelrod library.

    It models the opponent as cooperating with probability ``alpha`` after its own
    cooperation and ``beta`` after its own defection, and plays the move of the better
    pure policy: cooperate if ``alpha R + (1 - alpha) S > beta T + (1 - beta) P``,
    defect if less, and switch its previous move on a tie. It defects on the first two
    moves; the opponent's first move counts as an answer to a cooperation;
    ``alpha = (cooperations answering C) / (own cooperations + 1)`` and
    ``beta = (cooperations answering D) / max(own defections, 2)``. R, S, T, P are this
    player's payoffs in the match's game.
    """

    name = "Downing"
    family = "adaptive"
    makes_use_of = frozenset({"game"})
    memory_depth = None
    aliases = ("First by Downing",)
    history_window = 2  # its own move the opponent's last move answered

    def reset(self, n: int, rng: np.random.Generator, payoff: np.ndarray) -> None:
        super().reset(n, rng, payoff)
        self._answers_to_c = np.zeros(n, dtype=np.int64)
        self._answers_to_d = np.zeros(n, dtype=np.int64)
        self._cooperations = np.zeros(n, dtype=np.int64)  # its own

    def step(self, own: np.ndarray, opp: np.ndarray) -> np.ndarray:
        k, t = own.shape[0], self.t
        if t == 0:
            return np.ones(k, dtype=_U8)
        to_c, to_d = self._answers_to_c[:k], self._answers_to_d[:k]
        cooperations = self._cooperations[:k]
        cooperations += own[:, -1] == 0
        answered = opp[:, -1] == 0
        # the move the opponent answered: its previous one (a notional C before move 1)
        previous = own[:, -2] if t >= 2 else np.zeros(k, dtype=_U8)
        to_c += answered & (previous == 0)
        to_d += answered & (previous == 1)
        if t == 1:
            return np.ones(k, dtype=_U8)
        alpha = to_c / (cooperations + 1)
        beta = to_d / np.maximum(t - cooperations, 2)
        payoff = self.payoff[:k]
        r, s, temptation, p = payoff[:, 0, 0], payoff[:, 0, 1], payoff[:, 1, 0], payoff[:, 1, 1]
        cooperate_value = alpha * r + (1 - alpha) * s
        defect_value = beta * temptation + (1 - beta) * p
        moves = np.where(cooperate_value < defect_value, 1, 1 - own[:, -1])  # tie: switch
        moves[cooperate_value > defect_value] = 0
        return moves.astype(_U8)

    def axelrod_name(self) -> str | None:
        return "First by Downing"


class TidemanAndChieruzzi(Strategy):
    """Tideman and Chieruzzi (Nicolas Tideman and Paula Chieruzzi; Axelrod 1980, 2nd),
    as defined in the Axelrod library.

    Cooperates first. When, outside a retaliation, the opponent's last move is a
    defection, it retaliates with a run of defections one longer than the previous one
    (1, 2, 3, ...), whatever the opponent does meanwhile, then looks at the opponent's
    last move again. It defects on the last two moves of a match of known length.

    It gives the opponent a "fresh start" (two cooperations, after which retaliation
    lengths and its count of the opponent's defections start from zero) when at least 10
    moves remain after this one, it is at least 10 points ahead, the opponent's last
    move was a cooperation, it has been at least 20 moves since the last fresh start (if
    any), and the opponent's defections since then differ from half of all its moves by
    at least 3 standard deviations of a fair coin (``1.5 * sqrt(moves)``). As in the
    library, "moves remain" always holds with a probabilistic ending and never when the
    length is hidden; ``fresh_start=True`` makes it always hold. The opponent's score is
    counted with this player's payoff matrix (exact in a symmetric game; the engine does
    not tell it the opponent's).
    """

    name = "Tideman and Chieruzzi"
    family = "punishing"
    memory_depth = None
    aliases = ("First by Tideman and Chieruzzi",)
    history_window = 1
    makes_use_of = frozenset({"game", "length"})

    _GAP = 20  # moves between fresh starts
    _LEAD = 10  # points ahead needed for a fresh start

    def __init__(self, fresh_start: bool = False) -> None:
        super().__init__()
        if not isinstance(fresh_start, bool | np.bool_):
            raise ValueError(f"fresh_start must be True or False, got {fresh_start!r}")
        self.set_params(fresh_start=bool(fresh_start))

    def reset(self, n: int, rng: np.random.Generator, payoff: np.ndarray) -> None:
        super().reset(n, rng, payoff)
        self._remaining = np.zeros(n, dtype=np.int64)
        self._length = np.zeros(n, dtype=np.int64)
        self._score = np.zeros(n, dtype=np.float64)
        self._opp_score = np.zeros(n, dtype=np.float64)
        self._defections = np.zeros(n, dtype=np.int64)  # the opponent's, since a fresh start
        self._last_fresh = np.zeros(n, dtype=np.int64)  # move (1-based) of it; 0: none
        self._second = np.zeros(n, dtype=bool)  # the second cooperation is due

    def step(self, own: np.ndarray, opp: np.ndarray) -> np.ndarray:
        return self.end_game(self._play(own, opp), self.t, "DD")

    def _play(self, own: np.ndarray, opp: np.ndarray) -> np.ndarray:
        k, t = own.shape[0], self.t
        if t == 0:
            return np.zeros(k, dtype=_U8)
        mine, theirs = own[:, -1], opp[:, -1]
        # at least 10 moves left after this one (the library's "valid rounds"); checked
        # with the other conditions, as the second cooperation of a fresh start given
        # 10 moves from the end is still due when 9 remain
        rounds_left = self.params["fresh_start"] or self.turns_left(t + 1) >= self._LEAD
        defections = self._defections[:k]
        defections += theirs
        rows = np.arange(k)
        self._score[:k] += self.payoff[rows, mine, theirs]
        self._opp_score[:k] += self.payoff[rows, theirs, mine]
        second = self._second[:k].copy()
        self._second[:k] = False

        last_fresh = self._last_fresh[:k]
        move_number = t + 1
        half, spread = t / 2, 3 * (np.sqrt(t) / 2)
        fresh = (
            rounds_left
            & ~second
            & ((last_fresh == 0) | (move_number - last_fresh >= self._GAP))
            & (self._score[:k] - self._opp_score[:k] >= self._LEAD)
            & (theirs == 0)
            & ((defections <= half - spread) | (defections >= half + spread))
        )
        remaining, length = self._remaining[:k], self._length[:k]
        last_fresh[fresh] = move_number
        remaining[fresh] = 0
        length[fresh] = 0
        defections[fresh] = 0
        self._second[:k] |= fresh
        return _retaliation_step(remaining, length, theirs == 1, active=~second & ~fresh)

    def axelrod_name(self) -> str | None:
        # the same library player, in a match with a probabilistic ending if fresh_start
        return "First by Tideman and Chieruzzi: (D, D)"


class Anonymous(MemoryOneStrategy):
    """Anonymous (a graduate student; Axelrod 1980), as defined in the Axelrod library:
    each move it draws a probability uniformly from [0.3, 0.7] and cooperates with that
    probability. The draws are independent, so every move is a cooperation with
    probability exactly 0.5 (the mean of the draw), independently of the history: it
    is played here as that memory-zero strategy."""

    name = "Anonymous"
    family = "random"
    memory_depth = 0
    stochastic = True
    aliases = ("First by Anonymous",)

    def memory_one(self):
        return (0.5, 0.5, 0.5, 0.5), 0.5

    def axelrod_name(self) -> str | None:
        return "First by Anonymous"
