"""Strategies that are machines: finite-state machines published by Ashlock and
colleagues or trained by evolutionary algorithms (Fortress, Predator, Raider, Ripoff,
Thumper, the Evolved FSMs, TF1-TF3, ...), and hidden Markov models (a generic one, and
Evolved HMM 5).

Every machine is data: its published numbers live in ``strategies/data/state_machines.toml``
and ``strategies/data/hidden_markov.toml`` (one table per strategy, citing its source),
read the first time a strategy of this module is built. The finite-state machines play
through the generic, vectorized :class:`~strategies.generic.FiniteStateMachine` (one
table look-up per turn for all matches at once); hidden Markov models through
:class:`HiddenMarkovModel` below. Moves and states follow the Axelrod library's
definitions (version 4.13): the deterministic machines play exactly its moves.
"""

from __future__ import annotations

import functools
import tomllib
from collections.abc import Sequence
from importlib import resources
from typing import Any, ClassVar

import numpy as np

from strategies.base import Action, Strategy, check_int
from strategies.generic import FiniteStateMachine

__all__ = [
    "EvolvedFSM4",
    "EvolvedFSM6",
    "EvolvedFSM16",
    "EvolvedFSM16Noise05",
    "EvolvedHMM5",
    "Fortress3",
    "Fortress4",
    "HiddenMarkovModel",
    "Predator",
    "Pun1",
    "Raider",
    "Ripoff",
    "SolutionB1",
    "SolutionB5",
    "TF1",
    "TF2",
    "TF3",
    "Thumper",
    "UsuallyCooperates",
    "UsuallyDefects",
    "published_parameters",
]

_U8 = np.uint8
_FSM_FILE = "state_machines.toml"
_HMM_FILE = "hidden_markov.toml"


# -- the published data -------------------------------------------------------------------


@functools.cache
def _data_file(file: str) -> dict[str, Any]:
    text = resources.files("strategies").joinpath("data", file).read_text(encoding="utf-8")
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ValueError(f"strategies/data/{file} is not valid TOML: {exc}") from None


def published_parameters(file: str, key: str, required: Sequence[str]) -> dict[str, Any]:
    """The table ``key`` of ``strategies/data/<file>``, checked to hold ``required`` keys
    (read once, then cached)."""
    table = _data_file(file).get(key)
    if not isinstance(table, dict):
        raise ValueError(f"strategies/data/{file} has no table [{key}]")
    missing = [name for name in required if name not in table]
    if missing:
        raise ValueError(f"strategies/data/{file}: table [{key}] lacks {', '.join(missing)}")
    return table


# -- finite-state machines ------------------------------------------------------------------


class _PublishedMachine(FiniteStateMachine, abstract=True):
    """A finite-state machine with fixed, published transitions (no parameters): the
    table ``table`` of ``strategies/data/state_machines.toml``."""

    table: ClassVar[str] = ""
    aliases = ()

    def __init__(self) -> None:
        data = published_parameters(
            _FSM_FILE, self.table, ("transitions", "initial_state", "initial_move")
        )
        try:
            super().__init__(
                transitions=data["transitions"],
                initial_state=data["initial_state"],
                initial_move=data["initial_move"],
            )
        except (ValueError, TypeError) as exc:
            raise ValueError(f"strategies/data/{_FSM_FILE}, table [{self.table}]: {exc}") from None
        self.set_params()  # the machine is fixed: no parameters

    def axelrod_name(self) -> str | None:
        return self.name


class Fortress3(_PublishedMachine):
    """Fortress3 (W. Ashlock & D. Ashlock 2006, as corrected in the Axelrod library): a
    three-state machine that defects until the opponent gives a password, two
    defections in a row; then it cooperates as long as the opponent cooperates, and
    goes back to defecting at the first defection. It opens with D.
    """

    name = "Fortress3"
    aliases = ("Fortress 3",)
    family = "evolved"
    memory_depth = 2
    table = "Fortress3"


class Fortress4(_PublishedMachine):
    """Fortress4 (W. Ashlock & D. Ashlock 2006, as corrected in the Axelrod library):
    like Fortress3 with a longer password: it defects until the opponent defects three
    times in a row, then cooperates while the opponent cooperates. It opens with D.
    """

    name = "Fortress4"
    aliases = ("Fortress 4",)
    family = "evolved"
    memory_depth = 3
    table = "Fortress4"


class Predator(_PublishedMachine):
    """Predator (W. Ashlock & D. Ashlock 2006): a nine-state machine found by evolution
    that preys on cooperators. It opens with C and defects for as long as the opponent
    cooperates; once punished it cooperates now and then, but mostly defects (against
    Tit For Tat it ends in mutual defection).
    """

    name = "Predator"
    family = "evolved"
    table = "Predator"


class Pun1(_PublishedMachine):
    """Pun1 (Ashlock, Kim & Leahy 2006): a two-state machine that opens with D and then
    alternates between two states: in one it cooperates whatever the opponent did, in
    the other it copies the opponent's last move. A lenient Tit For Tat that answers
    only every other defection.
    """

    name = "Pun1"
    family = "forgiving"
    table = "Pun1"


class Raider(_PublishedMachine):
    """Raider (Ashlock et al. 2014): a four-state machine that opens with D and raids:
    it keeps defecting on cooperators. An opponent that defects twice in a row (from
    the second turn of Raider's two-turn cycle) is answered by two cooperations, after
    which Raider plays Tit For Tat for good.
    """

    name = "Raider"
    family = "evolved"
    table = "Raider"


class Ripoff(_PublishedMachine):
    """Ripoff (Ashlock & Kim 2008): opens with D, then alternates C and D as long as the
    opponent cooperates, ripping off cooperators; the first defection of the opponent
    turns it into Tit For Tat (playing C first) for the rest of the match.
    """

    name = "Ripoff"
    family = "evolved"
    memory_depth = 3
    table = "Ripoff"


class Thumper(_PublishedMachine):
    """Thumper (Ashlock & Kim 2008): Tit For Tat that hits twice: a defection of the
    opponent is answered by a defection and then by one more, whatever the opponent
    does in between. It opens with C.
    """

    name = "Thumper"
    family = "punishing"
    table = "Thumper"


class UsuallyCooperates(_PublishedMachine):
    """UsuallyCooperates (UC; Ashlock, Kim & Ashlock 2009): cooperates except after the
    opponent follows a defection with a cooperation (a D then a C), when it defects
    once; a second defection in a row resets it. It opens with C. (No family says
    "mostly cooperates": filed as forgiving.)
    """

    name = "UsuallyCooperates"
    aliases = ("Usually Cooperates",)
    family = "forgiving"
    table = "UsuallyCooperates"


class UsuallyDefects(_PublishedMachine):
    """UsuallyDefects (UD; Ashlock, Kim & Ashlock 2009): defects except after the
    opponent follows a cooperation with a defection (a C then a D), when it cooperates
    once; a second cooperation in a row resets it. It opens with D.
    """

    name = "UsuallyDefects"
    aliases = ("Usually Defects",)
    family = "defecting"
    table = "UsuallyDefects"


class SolutionB1(_PublishedMachine):
    """SolutionB1 (Ashlock, Brown & Hingston 2015): a three-state machine trained
    against several opponents at once. It opens with D and defects until the opponent
    cooperates; it answers that first cooperation with a last D and then cooperates for
    the rest of the match.
    """

    name = "SolutionB1"
    aliases = ("Solution B1",)
    family = "evolved"
    memory_depth = 2
    table = "SolutionB1"


class SolutionB5(_PublishedMachine):
    """SolutionB5 (Ashlock, Brown & Hingston 2015): a six-state machine trained against
    several opponents at once; it opens with D.
    """

    name = "SolutionB5"
    aliases = ("Solution B5",)
    family = "evolved"
    table = "SolutionB5"


class EvolvedFSM4(_PublishedMachine):
    """Evolved FSM 4 (Marc Harper; Harper et al. 2017): a four-state machine trained by
    an evolutionary algorithm to score well in a tournament against the Axelrod
    library's strategies. It opens with C.
    """

    name = "Evolved FSM 4"
    family = "evolved"
    table = "EvolvedFSM4"


class EvolvedFSM6(_PublishedMachine):
    """Evolved FSM 6 (Frederick Vincent & Dashiell Fryer): trained with axelrod-dojo
    against the library's short-run-time strategies (10 states, 500 generations, 200
    turns, no noise); six of its states are reachable. It opens with C.
    """

    name = "Evolved FSM 6"
    family = "evolved"
    table = "EvolvedFSM6"


class EvolvedFSM16(_PublishedMachine):
    """Evolved FSM 16 (Marc Harper; Harper et al. 2017): a 16-state machine trained by an
    evolutionary algorithm to score well against the Axelrod library's strategies. It
    opens with C.
    """

    name = "Evolved FSM 16"
    family = "evolved"
    table = "EvolvedFSM16"


class EvolvedFSM16Noise05(_PublishedMachine):
    """Evolved FSM 16 Noise 05 (Marc Harper; Harper et al. 2017): a 16-state machine
    trained as Evolved FSM 16 but in noisy matches (5% of moves flipped). It opens with
    C.
    """

    name = "Evolved FSM 16 Noise 05"
    family = "evolved"
    table = "EvolvedFSM16Noise05"


class TF1(_PublishedMachine):
    """TF1 (Marc Harper): a 16-state machine trained to maximise its fixation
    probability in Moran processes. It opens with C.
    """

    name = "TF1"
    family = "evolved"
    table = "TF1"


class TF2(_PublishedMachine):
    """TF2 (Marc Harper): a 16-state machine trained to maximise its fixation
    probability in Moran processes. It opens with C.
    """

    name = "TF2"
    family = "evolved"
    table = "TF2"


class TF3(_PublishedMachine):
    """TF3 (Marc Harper): an 8-state machine trained to maximise its fixation
    probability in Moran processes. It opens with C.
    """

    name = "TF3"
    family = "evolved"
    table = "TF3"


# -- hidden Markov models ----------------------------------------------------------------------


def _stochastic_matrix(name: str, rows: Sequence[Sequence[float]], size: int) -> np.ndarray:
    try:
        matrix = np.array([[float(p) for p in row] for row in rows], dtype=np.float64)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a square matrix of probabilities, got {rows!r}") from None
    if matrix.shape != (size, size):
        raise ValueError(
            f"{name} must be a {size}x{size} matrix (one row and column per state), "
            f"got shape {matrix.shape}"
        )
    if ((matrix < 0) | (matrix > 1)).any():
        raise ValueError(f"{name} must hold probabilities in [0, 1], got {rows!r}")
    sums = matrix.sum(axis=1)
    bad = np.flatnonzero(np.abs(sums - 1.0) > 1e-8)
    if bad.size:
        raise ValueError(f"each row of {name} must sum to 1: row {bad[0]} sums to {sums[bad[0]]}")
    return matrix


def _cumulative(matrix: np.ndarray) -> np.ndarray:
    """Row-wise cumulative probabilities, exactly 1 from each row's last positive
    entry on, so that a uniform ``u`` in [0, 1) picks state ``#{j: u >= cum[j]}`` and
    never a state of probability 0."""
    cum = np.cumsum(matrix, axis=1)
    for row, probs in zip(cum, matrix, strict=True):
        row[np.flatnonzero(probs)[-1] :] = 1.0
    return cum


def _library_number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def _library_list(values: Any) -> str:
    if isinstance(values, tuple | list):
        return "[" + ", ".join(_library_list(v) for v in values) + "]"
    return _library_number(values)


class HiddenMarkovModel(Strategy):
    """Generic hidden Markov model player (Marc Harper's HMM players in the Axelrod
    library): a stochastic finite-state machine.

    The player is in one of ``len(emission_probabilities)`` hidden states. After each
    turn it moves to a state drawn from row ``state`` of ``transitions_C`` if the
    opponent cooperated, of ``transitions_D`` if it defected, and then cooperates with
    the new state's emission probability. The first move is ``initial_move``, played in
    ``initial_state``. The default, one state emitting C half the time, is the library's
    default HMM player (a random player).

    Vectorized: the states of all matches are drawn at once from cumulative rows (two
    uniform numbers per match and turn). With 0/1 probabilities the player is
    deterministic and plays exactly the library's moves; otherwise it agrees with the
    library in distribution (the two draw their random numbers differently).
    """

    name = "Hidden Markov Model"
    aliases = ("HMM",)
    family = "generic"
    memory_depth = None
    history_window = 1
    stochastic = True

    def __init__(
        self,
        transitions_C: Sequence[Sequence[float]] = ((1.0,),),
        transitions_D: Sequence[Sequence[float]] = ((1.0,),),
        emission_probabilities: Sequence[float] = (0.5,),
        initial_state: int = 0,
        initial_move: str = "C",
    ) -> None:
        super().__init__()
        try:
            emissions = np.array([float(p) for p in emission_probabilities], dtype=np.float64)
        except (TypeError, ValueError):
            raise ValueError(
                "emission_probabilities must be a list of probabilities, "
                f"got {emission_probabilities!r}"
            ) from None
        size = len(emissions)
        if size == 0:
            raise ValueError("emission_probabilities needs one probability per state, got none")
        if ((emissions < 0) | (emissions > 1)).any():
            raise ValueError(
                f"emission_probabilities must be in [0, 1], got {emission_probabilities!r}"
            )
        t_c = _stochastic_matrix("transitions_C", transitions_C, size)
        t_d = _stochastic_matrix("transitions_D", transitions_D, size)
        state = check_int("initial_state", initial_state)
        if state >= size:
            raise ValueError(f"initial_state must be a state in 0..{size - 1}, got {state}")
        if not isinstance(initial_move, str):
            raise ValueError(f"initial_move must be 'C' or 'D', got {initial_move!r}")
        move = Action.from_char(initial_move)
        self._cum = np.stack([_cumulative(t_c), _cumulative(t_d)])  # [opponent move, state]
        self._emissions = emissions
        self._initial_state, self._initial_move = state, move
        self.set_params(
            transitions_C=tuple(tuple(float(p) for p in row) for row in t_c),
            transitions_D=tuple(tuple(float(p) for p in row) for row in t_d),
            emission_probabilities=tuple(float(p) for p in emissions),
            initial_state=state,
            initial_move=str(move),
        )

    def is_stochastic(self) -> bool:
        values = np.concatenate([self._cum.ravel(), self._emissions])
        return bool(((values > 0) & (values < 1)).any())

    def reset(self, n: int, rng: np.random.Generator, payoff: np.ndarray) -> None:
        super().reset(n, rng, payoff)
        self._state = np.full(n, self._initial_state, dtype=np.int64)

    def step(self, own: np.ndarray, opp: np.ndarray) -> np.ndarray:
        k, t = own.shape[0], self.t
        if t == 0:
            return np.full(k, self._initial_move, dtype=_U8)
        state = self._state[:k]
        cum = self._cum[opp[:, -1], state]  # (k, states)
        u = self.rng.random(k)
        state[:] = (u[:, None] >= cum).sum(axis=1)
        # u in [0, 1) never reaches p = 1 and always reaches p = 0: exact when deterministic
        return (self.rng.random(k) >= self._emissions[state]).astype(_U8)

    def axelrod_name(self) -> str | None:
        p = self.params
        if p == HiddenMarkovModel().params:
            return f"HMM Player: {p['initial_state']}, {p['initial_move']}"
        body = ", ".join(
            _library_list(p[key])
            for key in ("transitions_C", "transitions_D", "emission_probabilities")
        )
        return f"HMM Player: {body}, {p['initial_state']}, {p['initial_move']}"


class EvolvedHMM5(HiddenMarkovModel):
    """Evolved HMM 5 (Marc Harper; Harper et al. 2017): a hidden Markov model with five
    hidden states trained by an evolutionary algorithm to score well against the Axelrod
    library's strategies. Its numbers are in ``strategies/data/hidden_markov.toml``. It
    opens with C; three states always cooperate or always defect, one cooperates with
    probability 0.111.
    """

    name = "Evolved HMM 5"
    aliases = ()
    family = "evolved"
    memory_depth = 5  # as the library's classifier says
    table: ClassVar[str] = "EvolvedHMM5"

    def __init__(self) -> None:
        keys = (
            "transitions_C",
            "transitions_D",
            "emission_probabilities",
            "initial_state",
            "initial_move",
        )
        data = published_parameters(_HMM_FILE, self.table, keys)
        try:
            super().__init__(**{key: data[key] for key in keys})
        except (ValueError, TypeError) as exc:
            raise ValueError(f"strategies/data/{_HMM_FILE}, table [{self.table}]: {exc}") from None
        self.set_params()  # the model is fixed: no parameters

    def axelrod_name(self) -> str | None:
        return self.name
