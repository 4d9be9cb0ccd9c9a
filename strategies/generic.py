"""Strategies defined by data: memory-one probability vectors, lookup tables,
finite-state machines and fixed cycles. Each is both a base class for named strategies
and a registered generic strategy whose data are parameters."""

from __future__ import annotations

from collections.abc import Hashable, Sequence

import numpy as np

from strategies.base import (
    Action,
    GroupEntry,
    PlayGroup,
    Strategy,
    as_actions,
    check_probability,
    moves_to_str,
)

__all__ = [
    "CyclerStrategy",
    "FiniteStateMachine",
    "LookupTable",
    "MemoryOne",
    "MemoryOneStrategy",
    "plays_as_machine",
]

_U8 = np.uint8


def _number(value: float) -> str:
    """``1.0`` -> ``"1"``, ``0.25`` -> ``"0.25"``: how the library prints its parameters."""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


class MemoryOneStrategy(Strategy, abstract=True):
    """A strategy whose move depends only on the previous turn.

    Subclasses implement :meth:`memory_one`, returning the probabilities of cooperating
    after each outcome ``(CC, CD, DC, DD)`` (own move first) and on the first turn; a
    strategy whose vector depends on the game overrides :meth:`row_vectors` too.
    Being data, memory-one strategies are played by the engine all together in one
    vectorized kernel (see :func:`tournament.core.engine.play_batch`); ``step`` plays the
    same rule one strategy at a time.
    """

    memory_depth = 1
    history_window = 1

    def memory_one(self) -> tuple[tuple[float, float, float, float], float]:
        """``((P(C) after CC, CD, DC, DD), P(C) on the first turn)``, own move first."""
        raise NotImplementedError

    def row_vectors(self, payoff: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Per match: cooperation probabilities ``(n, 4)`` after CC, CD, DC, DD and on
        the first turn ``(n,)``, given this player's payoff matrices ``(n, 2, 2)``."""
        probs, first = self.memory_one()
        n = len(payoff)
        return (
            np.broadcast_to(np.asarray(probs, dtype=np.float64), (n, 4)),
            np.full(n, float(first)),
        )

    def is_stochastic(self) -> bool:
        probs, first = self.memory_one()
        return any(0.0 < p < 1.0 for p in (*probs, first))

    def reset(self, n: int, rng: np.random.Generator, payoff: np.ndarray) -> None:
        super().reset(n, rng, payoff)
        self._p, self._first = self.row_vectors(payoff)

    def step(self, own: np.ndarray, opp: np.ndarray) -> np.ndarray:
        k = own.shape[0]
        if self.t == 0:
            p = self._first[:k]
        else:
            p = self._p[np.arange(k), (own[:, -1] << 1) | opp[:, -1]]
        # u in [0, 1) never reaches p = 1 and always reaches p = 0: exact when deterministic
        return (self.rng.random(k) >= p).astype(_U8)


class MemoryOne(MemoryOneStrategy):
    """Generic memory-one strategy: cooperate with probability ``p[CC], p[CD], p[DC], p[DD]``
    after each outcome (own move first), and with probability ``first`` on turn one.

    Press & Dyson (2012) and Nowak & Sigmund (1993) write strategies this way; the default
    ``(1, 0, 1, 0)`` is Tit For Tat.
    """

    name = "Memory One"
    family = "generic"
    aliases = ("Generic Memory One",)

    def __init__(
        self, probabilities: tuple[float, ...] = (1.0, 0.0, 1.0, 0.0), first: float = 1.0
    ) -> None:
        super().__init__()
        probabilities = tuple(float(p) for p in probabilities)
        if len(probabilities) != 4:
            raise ValueError(
                f"probabilities needs 4 values (after CC, CD, DC, DD), got {len(probabilities)}"
            )
        for label, p in zip(("p_CC", "p_CD", "p_DC", "p_DD"), probabilities, strict=True):
            check_probability(label, p)
        self.set_params(probabilities=probabilities, first=check_probability("first", first))

    def memory_one(self) -> tuple[tuple[float, float, float, float], float]:
        return self.params["probabilities"], self.params["first"]

    def axelrod_name(self) -> str | None:
        first = self.params["first"]
        if first not in (0.0, 1.0):
            return None  # the library's player opens with a fixed move
        vector = ", ".join(_number(p) for p in self.params["probabilities"])
        return f"Generic Memory One Player: ({vector}), {'C' if first == 1.0 else 'D'}"


class CyclerStrategy(Strategy):
    """Cycler: repeats ``pattern`` (a string of C and D) forever, whatever the opponent does."""

    name = "Cycler"
    family = "periodic"
    memory_depth = None
    history_window = 0

    def __init__(self, pattern: str = "CCD") -> None:
        super().__init__()
        if not isinstance(pattern, str) or not pattern:
            raise ValueError(f"pattern must be a non-empty string of C and D, got {pattern!r}")
        self._pattern = as_actions(pattern, "pattern")
        self.set_params(pattern=moves_to_str(self._pattern))

    def step(self, own: np.ndarray, opp: np.ndarray) -> np.ndarray:
        move = self._pattern[self.t % len(self._pattern)]
        return np.full(own.shape[0], move, dtype=_U8)

    def axelrod_name(self) -> str | None:
        return f"Cycler: {self.params['pattern']}"


class LookupTable(Strategy):
    """Generic lookup table over the last ``own_depth`` own moves and ``opp_depth``
    opponent moves (deterministic).

    ``table`` is a string of ``2 ** (own_depth + opp_depth)`` moves. The entry for a
    history is found by writing the own moves (oldest first) and then the opponent's
    moves as binary digits (C = 0, D = 1): with depths (1, 1), ``table = "CDCD"`` is
    Tit For Tat. ``opening`` gives the moves of the first ``max(depths)`` turns.
    (The Axelrod library's LookerUp also keys on the opponent's first moves; this
    generic table does not.)
    """

    name = "Lookup Table"
    family = "generic"
    memory_depth = None

    def __init__(
        self, own_depth: int = 1, opp_depth: int = 1, table: str = "CDCD", opening: str = "C"
    ) -> None:
        super().__init__()
        own_depth, opp_depth = int(own_depth), int(opp_depth)
        if own_depth < 0 or opp_depth < 0 or own_depth + opp_depth == 0:
            raise ValueError("depths must be >= 0 and not both 0")
        if own_depth + opp_depth > 16:
            raise ValueError("own_depth + opp_depth must be at most 16")
        size = 2 ** (own_depth + opp_depth)
        moves = as_actions(table, "table")
        if len(moves) != size:
            raise ValueError(
                f"table needs 2**({own_depth}+{opp_depth}) = {size} moves, got {len(moves)}"
            )
        depth = max(own_depth, opp_depth)
        opening_moves = as_actions(opening, "opening")
        if len(opening_moves) < depth:
            raise ValueError(f"opening needs at least {depth} moves, got {len(opening_moves)}")
        self._table, self._opening = moves, opening_moves[:depth]
        self._own_depth, self._opp_depth = own_depth, opp_depth
        self.set_params(
            own_depth=own_depth,
            opp_depth=opp_depth,
            table=moves_to_str(moves),
            opening=moves_to_str(opening_moves[:depth]),
        )

    @property
    def depth(self) -> int:
        return max(self._own_depth, self._opp_depth)

    @property
    def history_window(self) -> int:  # type: ignore[override]
        return self.depth

    def step(self, own: np.ndarray, opp: np.ndarray) -> np.ndarray:
        k, t = own.shape[0], self.t
        if t < self.depth:
            return np.full(k, self._opening[t], dtype=_U8)
        index = np.zeros(k, dtype=np.int64)
        for column in range(-self._own_depth, 0):
            index = (index << 1) | own[:, column]
        for column in range(-self._opp_depth, 0):
            index = (index << 1) | opp[:, column]
        return self._table[index]


class FiniteStateMachine(Strategy):
    """Generic finite-state machine (deterministic).

    ``transitions`` is a sequence of ``(state, opponent_move, next_state, move)``
    rows (moves as "C"/"D"), one for every state and opponent move: in ``state``, after
    the opponent played ``opponent_move``, go to ``next_state`` and play ``move``. The
    first move is ``initial_move``, played in ``initial_state``. This is the Axelrod
    library's FSMPlayer convention; the default machine is Tit For Tat.
    """

    name = "Finite State Machine"
    family = "generic"
    aliases = ("FSM",)
    memory_depth = None
    history_window = 1

    def __init__(
        self,
        transitions: Sequence[Sequence[object]] = ((1, "C", 1, "C"), (1, "D", 1, "D")),
        initial_state: int = 1,
        initial_move: str = "C",
    ) -> None:
        super().__init__()
        rows = [tuple(r) for r in transitions]
        states = sorted({int(r[0]) for r in rows if len(r) == 4})
        if any(len(r) != 4 for r in rows) or not states:
            raise ValueError("each transition must be (state, opponent_move, next_state, move)")
        index = {s: i for i, s in enumerate(states)}
        next_state = np.full((len(states), 2), -1, dtype=np.int64)
        move = np.zeros((len(states), 2), dtype=_U8)
        for state, their, nxt, mine in rows:
            if int(nxt) not in index:
                raise ValueError(f"transition to unknown state {nxt!r}")
            col = int(Action.from_char(str(their)))
            if next_state[index[int(state)], col] != -1:
                raise ValueError(f"two transitions for state {state!r} after {their!r}")
            next_state[index[int(state)], col] = index[int(nxt)]
            move[index[int(state)], col] = Action.from_char(str(mine))
        if (next_state == -1).any():
            s, c = np.argwhere(next_state == -1)[0]
            raise ValueError(f"no transition for state {states[s]!r} after {'CD'[c]!r}")
        if int(initial_state) not in index:
            raise ValueError(f"initial_state {initial_state!r} is not a state of the machine")
        self._next, self._move = next_state, move
        self._initial_state = index[int(initial_state)]
        self._initial_move = Action.from_char(str(initial_move))
        canonical = tuple(
            (int(s), str(Action.from_char(str(o))), int(n), str(Action.from_char(str(m))))
            for s, o, n, m in rows
        )
        self.set_params(
            transitions=canonical,
            initial_state=int(initial_state),
            initial_move=str(self._initial_move),
        )

    def reset(self, n: int, rng: np.random.Generator, payoff: np.ndarray) -> None:
        super().reset(n, rng, payoff)
        self._state = np.full(n, self._initial_state, dtype=np.int64)

    def step(self, own: np.ndarray, opp: np.ndarray) -> np.ndarray:
        k = own.shape[0]
        if self.t == 0:
            return np.full(k, self._initial_move, dtype=_U8)
        state = self._state[:k]
        cell = state * 2 + opp[:, -1]  # flat (state, their move): faster than 2-D indexing
        moves = self._move.take(cell)
        state[:] = self._next.take(cell)
        return moves

    def group_key(self) -> Hashable | None:
        """The machines of a batch step together (:class:`~strategies.machines.MachineGroup`)."""
        return "finite-state machines" if plays_as_machine(self) else None

    @classmethod
    def start_group(cls, entries: Sequence[GroupEntry], length: int | float | None) -> PlayGroup:
        from strategies.machines import MachineGroup

        return MachineGroup(entries, length)

    def axelrod_name(self) -> str | None:
        body = ", ".join(f"({s}, {o}, {n}, {m})" for s, o, n, m in self.params["transitions"])
        p = self.params
        return f"FSM Player: ({body}), {p['initial_state']}, {p['initial_move']}"


def plays_as_machine(player: object) -> bool:
    """Whether ``player`` moves by its transition table alone (it keeps the ``step`` and
    ``reset`` of :class:`FiniteStateMachine`): such players step together
    (:mod:`strategies.machines`)."""
    kind = type(player)
    return isinstance(player, FiniteStateMachine) and (
        kind.step is FiniteStateMachine.step and kind.reset is FiniteStateMachine.reset
    )
