"""Zero-determinant (ZD) memory-one strategies (Press & Dyson 2012).

A ZD strategy X chooses its four cooperation probabilities so that, whatever the
memory-one opponent Y does, the long-run scores satisfy the linear relation

    s_Y - l = s * (s_X - l)

with *baseline* ``l`` and *slope* ``s``. Following Hilbe, Nowak & Sigmund (2013, eq. 14),
as the Axelrod library does, a strategy is given by ``(phi, s, l)`` and the game's
``R, S, T, P``:

    p(C | CC) = 1 - phi (1 - s) (R - l)
    p(C | CD) = 1 - phi (s (l - S) + (T - l))
    p(C | DC) = phi ((l - S) + s (T - l))
    p(C | DD) = phi (1 - s) (l - P)

All of them cooperate on the first move. Extortioners have ``l = P`` (or close to it) and
``0 < s < 1``: the opponent's surplus over P is a fraction ``s`` of theirs. Generous
strategies have ``l = R``. Equalizers have ``s = 0`` and pin the opponent's score to ``l``.

Which game. :meth:`memory_one` returns the probabilities for the classic payoffs
``R, S, T, P = 3, 0, 5, 1`` (the parameters are validated against that game, with the
Axelrod library's rules, when the strategy is built). In a match, :meth:`row_vectors`
recomputes the probabilities from the player's own payoff matrix in each match, so the
relation holds in any symmetric prisoner's dilemma where the parameters are enforceable,
as in the Axelrod library. Where a game makes a probability fall outside ``[0, 1]`` (the
library refuses to play such a game), it is clipped to ``[0, 1]`` and the relation is no
longer guaranteed.
"""

from __future__ import annotations

import math
import numbers
from typing import ClassVar

import numpy as np

from strategies.generic import MemoryOneStrategy

__all__ = [
    "ZDExtort2",
    "ZDExtort2v2",
    "ZDExtort3",
    "ZDExtort4",
    "ZDExtortion",
    "ZDGTFT2",
    "ZDGen2",
    "ZDMischief",
    "ZDSet2",
    "zd_probabilities",
]

#: The classic payoff matrix ``[[R, S], [T, P]]`` the default probabilities refer to.
CLASSIC = np.array([[3.0, 0.0], [5.0, 1.0]])
_TOLERANCE = 1e-12


def zd_probabilities(
    phi: float, s: float, level: float | None, payoff: np.ndarray, baseline: str = ""
) -> np.ndarray:
    """The four cooperation probabilities (after CC, CD, DC, DD) of the ZD strategy with
    ``phi``, slope ``s`` and baseline ``l = level``, for payoff matrices
    ``payoff[..., my, their]`` (shape ``(..., 2, 2)``); ``baseline="P"`` or ``"R"`` takes
    ``l`` from the game instead. Not clipped."""
    payoff = np.asarray(payoff, dtype=np.float64)
    r, s_, t, p = payoff[..., 0, 0], payoff[..., 0, 1], payoff[..., 1, 0], payoff[..., 1, 1]
    l = {"P": p, "R": r}.get(baseline, level)  # noqa: E741  (the literature's name)
    return np.stack(
        [
            1 - phi * (1 - s) * (r - l),
            1 - phi * (s * (l - s_) + (t - l)),
            phi * ((l - s_) + s * (t - l)),
            phi * (1 - s) * (l - p),
        ],
        axis=-1,
    )


def _number(owner: str, name: str, value: object) -> float:
    """A finite real parameter; ints stay ints so that names print like the library's."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ValueError(f"{owner}: {name} must be a number, got {value!r}")
    if not math.isfinite(float(value)):
        raise ValueError(f"{owner}: {name} must be finite, got {value!r}")
    return int(value) if isinstance(value, numbers.Integral) else float(value)


class ZeroDeterminantStrategy(MemoryOneStrategy, abstract=True):
    """Base class: a linear-relation (ZD) strategy given by ``phi``, slope ``s`` and
    baseline ``l`` (Hilbe, Nowak & Sigmund 2013; see the module docstring)."""

    family = "zero-determinant"
    memory_depth = 1
    stochastic = True
    makes_use_of = frozenset({"game"})  # its vector comes from each match's payoffs
    #: ``"P"`` or ``"R"`` when the baseline is the game's P or R rather than a parameter.
    baseline: ClassVar[str] = ""
    #: The Axelrod library's name when it differs from ``name``.
    axelrod_label: ClassVar[str] = ""

    def _setup(self, phi: float, s: float, level: float | None = None) -> None:
        phi = _number(self.name, "phi", phi)
        s = _number(self.name, "s", s)
        if not self.baseline:
            level = _number(self.name, "l", level)
        self._phi, self._s, self._l = phi, s, level
        # Validate against the classic game with the Axelrod library's rules.
        (r, s_), (t, p) = CLASSIC
        base = {"P": p, "R": r}.get(self.baseline, level)
        if not p <= base <= r:
            raise ValueError(
                f"{self.name}: the baseline l must lie between P={p:g} and R={r:g} "
                f"(classic game), got {base!r}"
            )
        s_min = -min((t - base) / (base - s_), (base - s_) / (t - base))
        if not s_min <= s <= 1:
            raise ValueError(
                f"{self.name}: the slope s must lie in [{s_min:g}, 1] for l={base:g} "
                f"(classic game), got {s!r}"
            )
        probs = self.memory_one_for_payoffs(CLASSIC, clip=False)
        bad = (probs < -_TOLERANCE) | (probs > 1 + _TOLERANCE)
        if bad.any():
            outcomes = ("CC", "CD", "DC", "DD")
            labels = [f"p({o})={v:.4g}" for o, v in zip(outcomes, probs, strict=True)]
            raise ValueError(
                f"{self.name}: phi={phi!r} gives probabilities outside [0, 1] in the classic "
                f"game ({', '.join(labels)}); choose a smaller phi"
            )
        self._classic = tuple(float(v) for v in np.clip(probs, 0.0, 1.0))
        params = {"phi": phi, "s": s}
        if not self.baseline:
            params["l"] = level
        self.set_params(**params)

    def memory_one_for_payoffs(self, payoff: np.ndarray, clip: bool = True) -> np.ndarray:
        """The cooperation probabilities (after CC, CD, DC, DD) for the player's own payoff
        matrices ``payoff[..., my, their]``: shape ``(..., 4)``, clipped to ``[0, 1]``."""
        probs = zd_probabilities(self._phi, self._s, self._l, payoff, self.baseline)
        return np.clip(probs, 0.0, 1.0) if clip else probs

    def memory_one(self) -> tuple[tuple[float, float, float, float], float]:
        """The probabilities for the classic game (R, S, T, P = 3, 0, 5, 1); cooperate first."""
        return self._classic, 1.0  # type: ignore[return-value]

    def row_vectors(self, payoff: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The vectors recomputed from each match's own payoffs; cooperate first."""
        n = len(payoff)
        return self.memory_one_for_payoffs(np.asarray(payoff).reshape(n, 2, 2)), np.ones(n)

    def axelrod_name(self) -> str | None:
        # The library prints its name followed by the constructor arguments.
        label = self.axelrod_label or self.name
        return f"{label}: " + ", ".join(str(v) for v in self.params.values())


class ZDExtortion(ZeroDeterminantStrategy):
    """ZD-Extortion: the generic linear-relation strategy with parameters ``(phi, s, l)``;
    the default ``(0.2, 0.1, 1)`` is an extortioner (Roemheld 2013; Axelrod library)."""

    name = "ZD-Extortion"

    def __init__(self, phi: float = 0.2, s: float = 0.1, l: float = 1) -> None:  # noqa: E741
        super().__init__()
        self._setup(phi, s, l)


class ZDExtort2(ZeroDeterminantStrategy):
    """Extort-2 (Stewart & Plotkin 2012): extortion factor 2 (``s = 1/2``) with baseline
    ``l = P`` of the game being played; ``phi = 1/9`` gives (8/9, 1/2, 1/3, 0) in the
    classic game."""

    name = "ZD-Extort-2"
    aliases = ("Extort-2",)
    baseline = "P"

    def __init__(self, phi: float = 1 / 9, s: float = 0.5) -> None:
        super().__init__()
        self._setup(phi, s)


class ZDExtort2v2(ZeroDeterminantStrategy):
    """EXTORT2 of Kuhn (2017, Stanford Encyclopedia of Philosophy): ``s = 1/2``, ``l = 1``,
    ``phi = 1/8``, i.e. (7/8, 7/16, 3/8, 0) in the classic game."""

    name = "ZD-Extort-2 v2"

    def __init__(self, phi: float = 1 / 8, s: float = 0.5, l: float = 1) -> None:  # noqa: E741
        super().__init__()
        self._setup(phi, s, l)


class ZDExtort3(ZeroDeterminantStrategy):
    """Press & Dyson's (2012) extortioner with extortion factor 3: ``s = 1/3``, ``l = 1``,
    ``phi = 3/26``, i.e. (11/13, 1/2, 7/26, 0) in the classic game. Called "ZD-Extort3"
    in the Axelrod library."""

    name = "ZD-Extort-3"
    aliases = ("ZD-Extort3",)
    axelrod_label = "ZD-Extort3"

    def __init__(self, phi: float = 3 / 26, s: float = 1 / 3, l: float = 1) -> None:  # noqa: E741
        super().__init__()
        self._setup(phi, s, l)


class ZDExtort4(ZeroDeterminantStrategy):
    """Extortioner with extortion factor 4 (``s = 1/4``, ``l = 1``, ``phi = 4/17``), as
    defined in the Axelrod library: (11/17, 0, 8/17, 0) in the classic game."""

    name = "ZD-Extort-4"

    def __init__(self, phi: float = 4 / 17, s: float = 0.25, l: float = 1) -> None:  # noqa: E741
        super().__init__()
        self._setup(phi, s, l)


class ZDGTFT2(ZeroDeterminantStrategy):
    """ZDGTFT-2 (Stewart & Plotkin 2012): a generous ZD strategy, ``s = 1/2`` with baseline
    ``l = R`` of the game being played; ``phi = 1/4`` gives (1, 1/8, 1, 1/4) in the
    classic game."""

    name = "ZD-GTFT-2"
    aliases = ("ZDGTFT-2",)
    baseline = "R"

    def __init__(self, phi: float = 0.25, s: float = 0.5) -> None:
        super().__init__()
        self._setup(phi, s)


class ZDGen2(ZeroDeterminantStrategy):
    """GEN2 of Kuhn (2017): generous, ``s = 1/2``, ``l = 3``, ``phi = 1/8``, i.e.
    (1, 9/16, 1/2, 1/8) in the classic game."""

    name = "ZD-GEN-2"

    def __init__(self, phi: float = 1 / 8, s: float = 0.5, l: float = 3) -> None:  # noqa: E741
        super().__init__()
        self._setup(phi, s, l)


class ZDSet2(ZeroDeterminantStrategy):
    """SET2 of Kuhn (2017): an equalizer (``s = 0``) that sets the opponent's long-run score
    to ``l = 2`` whatever the opponent does; ``phi = 1/4`` gives (3/4, 1/4, 1/2, 1/4) in
    the classic game (Press & Dyson 2012 describe equalizers)."""

    name = "ZD-SET-2"
    aliases = ("Equalizer",)

    def __init__(self, phi: float = 1 / 4, s: float = 0.0, l: float = 2) -> None:  # noqa: E741
        super().__init__()
        self._setup(phi, s, l)


class ZDMischief(ZeroDeterminantStrategy):
    """ZD-Mischief (Roemheld 2013; Axelrod library): ``s = 0``, ``l = 1``, ``phi = 0.1``,
    i.e. (0.8, 0.6, 0.1, 0) in the classic game."""

    name = "ZD-Mischief"

    def __init__(self, phi: float = 0.1, s: float = 0.0, l: float = 1) -> None:  # noqa: E741
        super().__init__()
        self._setup(phi, s, l)
