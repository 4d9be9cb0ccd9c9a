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

from strategies.errors import did_you_mean
from tournament.common.tables import Table

__all__ = [
    "TABLE_FORMATS",
    "TOURNAMENT_TYPES",
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
    "read_size_range",
    "read_draw_noise",
    "read_draw_prob_end",
    "read_draw_repetitions",
    "read_draw_turns",
    "read_rate",
    "read_seed",
    "read_string",
    "read_table_format",
    "read_turns",
    "read_types",
    "span_reader",
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


# -- ranges to draw from (random tournaments) ----------------------------------------------


def span_reader(
    check: Callable[[float], bool],
    expected: str,
    default: tuple[Any, Any],
    integer: bool = False,
) -> Callable[[Any, str, Table], tuple[Any, Any]]:
    """A reader for a range that values are drawn from: ``{min = .., max = ..}`` (both
    ends included; a missing end takes its ``default``, ``None`` for one resolved later)
    or a single number (a fixed value). Returns ``(min, max)``, each checked."""
    number_ok = is_int if integer else is_number
    kind = "an integer" if integer else "a number"
    form = f"{expected}, or a range {{min = .., max = ..}} of them"

    def end(value: Any, key: str, t: Table) -> Any:
        if not number_ok(value) or (not integer and not math.isfinite(value)):
            raise t.error(key, value, f"{kind}: {form}")
        if not check(value):
            raise t.error(key, value, expected)
        return int(value) if integer else float(value)

    def read(value: Any, key: str, t: Table) -> tuple[Any, Any]:
        if not isinstance(value, dict):
            fixed = end(value, key, t)
            return fixed, fixed
        spec = Table(value, f"{key}.", t.source)
        low = spec.pop("min", default[0], end)
        high = spec.pop("max", default[1], end)
        spec.finish()
        if low is not None and high is not None and low > high:
            raise t.error(key, value, f"min <= max ({expected})")
        return low, high

    return read


#: Strategies in each random tournament: at least two (a normalised rank needs two);
#: the largest size defaults to the pool's (``None`` until the pool is known).
read_size_range = span_reader(
    lambda v: v >= 2, "at least 2 strategies (an integer)", (3, None), integer=True
)
read_draw_repetitions = span_reader(
    lambda v: v >= 1, "a positive integer (repetitions)", (10, 100), integer=True
)
read_draw_turns = span_reader(
    lambda v: v >= 1, "a positive integer (turns per match)", (1, 200), integer=True
)
read_draw_noise = span_reader(lambda v: 0 <= v <= 1, "a probability in [0, 1]", (0.0, 1.0))
_read_prob_end_span = span_reader(
    lambda v: 0 <= v <= 1, "an ending probability in [0, 1] (drawn from (min, max])", (0.0, 1.0)
)


def read_draw_prob_end(value: Any, key: str, t: Table) -> tuple[float, float]:
    """An ending probability range: values are drawn from ``(min, max]`` so that a drawn
    probability is never 0; a fixed value must be in (0, 1]."""
    low, high = _read_prob_end_span(value, key, t)
    if high == 0:
        raise t.error(key, value, "an ending probability in (0, 1] (0 would never end a match)")
    return low, high


#: The tournaments a ``[random]`` trial may play on its field, in this order: fixed length
#: without noise, fixed length with the drawn noise, the drawn ending probability
#: without noise, and both.
TOURNAMENT_TYPES = ("standard", "noisy", "probabilistic-ending", "noisy-probabilistic-ending")
#: What ``random.table_format`` accepts (``auto``: Parquet for a large table).
TABLE_FORMATS = ("auto", "csv", "parquet")


def read_types(value: Any, key: str, t: Table) -> tuple[str, ...]:
    """Some of :data:`TOURNAMENT_TYPES`, each once, returned in that order."""
    if isinstance(value, str):
        value = [value]
    expected = f"a non-empty list of tournament types: {', '.join(map(repr, TOURNAMENT_TYPES))}"
    if not isinstance(value, list) or not value:
        raise t.error(key, value, expected)
    for i, item in enumerate(value):
        if item not in TOURNAMENT_TYPES:
            hint = did_you_mean(str(item), TOURNAMENT_TYPES)
            raise t.error(f"{key}[{i}]", item, f"one of {', '.join(TOURNAMENT_TYPES)}.{hint}")
        if value.index(item) != i:
            raise t.error(f"{key}[{i}]", item, "each type once (it is listed twice)")
    return tuple(kind for kind in TOURNAMENT_TYPES if kind in value)


def read_table_format(value: Any, key: str, t: Table) -> str:
    if value not in TABLE_FORMATS:
        hint = did_you_mean(str(value), TABLE_FORMATS)
        raise t.error(key, value, f"one of {', '.join(map(repr, TABLE_FORMATS))}.{hint}")
    return str(value)
