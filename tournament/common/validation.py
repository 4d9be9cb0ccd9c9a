"""Checks of user-supplied numbers, shared by the API, the CLI and config files.

Each raises :class:`~strategies.errors.IPDError` naming the value and what is expected.
"""

from __future__ import annotations

import math
import numbers

import numpy as np

from strategies.errors import IPDError

__all__ = [
    "check_flag",
    "check_horizon",
    "check_int_at_least",
    "check_noise",
    "check_positive_int",
    "check_rate",
    "check_seed",
]


def check_rate(name: str, value: float) -> float:
    """A probability in [0, 1] (noise, a mutation rate)."""
    if (
        isinstance(value, bool)
        or not isinstance(value, numbers.Real)
        or not (0.0 <= float(value) <= 1.0)
    ):
        raise IPDError(f"{name} must be a probability in [0, 1], got {value!r}")
    return float(value)


def check_noise(noise: float) -> float:
    return check_rate("noise", noise)


def check_int_at_least(name: str, value: int, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < minimum:
        raise IPDError(f"{name} must be an integer >= {minimum}, got {value!r}")
    return int(value)


def check_positive_int(name: str, value: int) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < 1:
        raise IPDError(f"{name} must be a positive integer, got {value!r}")
    return int(value)


def check_horizon(turns: int | None, prob_end: float | None) -> tuple[int | None, float | None]:
    """Exactly one of a fixed number of turns or an ending probability in (0, 1]."""
    if prob_end is not None:
        if turns is not None:
            raise IPDError("give either turns or prob_end (an ending probability), not both")
        if (
            isinstance(prob_end, bool)
            or not isinstance(prob_end, numbers.Real)
            or math.isnan(prob_end)
            or not 0.0 < float(prob_end) <= 1.0
        ):
            raise IPDError(f"prob_end must be an ending probability in (0, 1], got {prob_end!r}")
        return None, float(prob_end)
    if turns is None:
        raise IPDError("give turns (a match length) or prob_end (an ending probability)")
    return check_positive_int("turns", turns), None


def check_seed(seed: int | None) -> int:
    """A non-negative integer seed; ``None`` draws a fresh one (recorded in results)."""
    if seed is None:
        return int(np.random.SeedSequence().entropy % (2**63))
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral) or seed < 0:
        raise IPDError(f"seed must be a non-negative integer, got {seed!r}")
    return int(seed)


def check_flag(name: str, value: bool) -> bool:
    """A yes/no switch: ``True`` or ``False`` (numpy booleans too), nothing else."""
    if not isinstance(value, bool | np.bool_):
        raise IPDError(f"{name} must be True or False, got {value!r}")
    return bool(value)
