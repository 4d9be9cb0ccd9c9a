"""Value readers for experiment tables: ``(value, key, table) -> checked value``, each
raising a :class:`ConfigError` that names the file, the key, the value and what is
expected; and the sweep axes (a number, a list, or a range table).
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable
from typing import Any

import numpy as np

from tournament.common.tables import Table

__all__ = [
    "axis_reader",
    "is_int",
    "is_number",
    "read_bool",
    "read_finite",
    "read_game_value",
    "read_name",
    "read_names",
    "read_noise",
    "read_positive_int",
    "read_prob_end",
    "read_range",
    "read_rate",
    "read_seed",
    "read_string",
    "read_turns",
]


def read_string(value: Any, key: str, t: Table) -> str:
    if not isinstance(value, str):
        raise t.error(key, value, "a string")
    return value


def read_name(value: Any, key: str, t: Table) -> str:
    name = read_string(value, key, t)
    if not name.strip() or any(c in name for c in "/\\\0"):
        raise t.error(key, value, "a non-empty name without slashes")
    return name.strip()


def is_int(value: Any) -> bool:
    return isinstance(value, numbers.Integral) and not isinstance(value, bool)


def is_number(value: Any) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def read_seed(value: Any, key: str, t: Table) -> int:
    if not is_int(value) or value < 0:
        raise t.error(key, value, "a non-negative integer")
    return int(value)


def read_positive_int(value: Any, key: str, t: Table) -> int:
    if not is_int(value) or value < 1:
        raise t.error(key, value, "a positive integer")
    return int(value)


def read_names(value: Any, key: str, t: Table) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not value:
        raise t.error(key, value, "a non-empty list of strategy names")
    for i, item in enumerate(value):
        if not isinstance(item, str) or not item.strip():
            raise t.error(f"{key}[{i}]", item, "a strategy name")
    return tuple(value)


def read_bool(value: Any, key: str, t: Table) -> bool:
    if not isinstance(value, bool):
        raise t.error(key, value, "true or false")
    return value


# -- sweep axes ----------------------------------------------------------------------------


def axis_reader(
    check: Callable[[float], bool], expected: str, integer: bool = False
) -> Callable[[Any, str, Table], tuple[Any, ...]]:
    """A reader for a sweep axis: a number, a list or a range table, every value checked."""
    number_ok = is_int if integer else is_number
    kind = "an integer" if integer else "a number"

    def read(value: Any, key: str, t: Table) -> tuple[Any, ...]:
        form = f"{expected}, a list of them, or a range {{start, stop, num or step}}"
        if isinstance(value, dict):
            values = read_range(value, key, t, integer)
        elif isinstance(value, list):
            if not value:
                raise t.error(key, value, f"at least one value ({expected}): an empty sweep axis")
            values = value
        else:
            values = [value]
        out: list[Any] = []
        for i, item in enumerate(values):
            where = f"{key}[{i}]" if isinstance(value, list) else key
            if not number_ok(item):
                raise t.error(where, item, f"{kind}: {form}")
            if not check(item):
                raise t.error(where, item, expected)
            item = int(item) if integer else float(item)
            if item in out:
                raise t.error(where, item, "each value once (it is listed twice)")
            out.append(item)
        return tuple(out)

    return read


def read_range(value: dict[str, Any], key: str, t: Table, integer: bool) -> list[float]:
    spec = Table(value, f"{key}.", t.source)
    start = spec.pop("start", None, read_finite)
    stop = spec.pop("stop", None, read_finite)
    num = spec.pop("num", None, read_positive_int)
    step = spec.pop("step", None, read_finite)
    scale = spec.pop("scale", "linear", read_string)
    spec.finish()
    if start is None or stop is None:
        raise t.error(key, value, "a range with both 'start' and 'stop'")
    if (num is None) == (step is None):
        raise t.error(key, value, "a range with exactly one of 'num' (how many) or 'step'")
    if scale not in ("linear", "log"):
        raise t.error(f"{key}.scale", scale, "'linear' or 'log'")
    if step is not None:
        if scale == "log":
            raise t.error(key, value, "'num' with scale = 'log' (a step is linear)")
        if step <= 0 or stop < start:
            raise t.error(key, value, "start <= stop and a positive step")
        count = math.floor((stop - start) / step + 1e-9) + 1
        if count > 100_000:
            raise t.error(key, value, "at most 100000 values")
        values = [start + i * step for i in range(count)]
    elif scale == "log":
        if start <= 0 or stop <= 0:
            raise t.error(key, value, "positive start and stop for scale = 'log'")
        values = list(np.geomspace(start, stop, num))
    else:
        values = list(np.linspace(start, stop, num))
    if integer:
        return list(dict.fromkeys(round(v) for v in values))  # rounded, duplicates dropped
    return [round(float(v), 12) for v in values]  # 0.30000000000000004 -> 0.3


def read_finite(value: Any, key: str, t: Table) -> float:
    if not is_number(value) or not math.isfinite(value):
        raise t.error(key, value, "a finite number")
    return float(value)


read_noise = axis_reader(lambda v: 0 <= v <= 1, "a probability in [0, 1]")
read_turns = axis_reader(lambda v: v >= 1, "a positive integer (turns per match)", integer=True)
read_prob_end = axis_reader(lambda v: 0 < v <= 1, "an ending probability in (0, 1]")
read_game_value = axis_reader(math.isfinite, "a finite number")


def read_rate(value: Any, key: str, t: Table) -> float:
    if not is_number(value) or not 0 <= value <= 1:
        raise t.error(key, value, "a probability in [0, 1]")
    return float(value)
