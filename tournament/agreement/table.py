"""The agreement table of ``docs/axelrod_agreement.md``: one row per native strategy and
one per library strategy left to the adapter, with the result of its check."""

from __future__ import annotations

import pandas as pd

from strategies import REGISTRY
from strategies.catalogue import axelrod_catalogue_entries, native_equivalents
from tournament.agreement.field import compare_field, deterministic_equivalents
from tournament.agreement.library import check_stochastic, equivalents

__all__ = ["agreement_table"]


def agreement_table(turns: int = 200) -> pd.DataFrame:
    """Every native strategy (deterministic: every pair of the deterministic field, exact
    moves; stochastic: mean scores) and every catalogue entry without a native one."""
    pairs = equivalents()
    deterministic = deterministic_equivalents()
    check = compare_field(deterministic, turns=turns)
    rows = []
    for cls in REGISTRY:
        name, label = cls.name, cls().axelrod_name()
        if name not in pairs:
            rows.append(_row(name, label or "-", "-", "no default equivalent in the library"))
        elif name in deterministic:
            bad = check.mismatches_of(name)
            others = check.compared_with(name)
            result = (
                f"identical moves in all {others} pairs with the {len(deterministic)} "
                "deterministic strategies"
                if not bad
                else f"differs against {', '.join(bad)}"
            )
            rows.append(_row(name, label, f"exact, {turns} turns", result))
        else:
            checks = check_stochastic(name)
            worst = max(checks, key=lambda c: c.z)
            verdict = "agrees" if all(c.agrees for c in checks) else "DIFFERS"
            result = f"{verdict} (largest gap {worst.z:.1f} SE, vs {worst.opponent})"
            rows.append(_row(name, label, f"mean score, {len(checks)} opponents", result))
    natives = native_equivalents()
    for entry in axelrod_catalogue_entries():
        if entry.name in natives:
            continue
        reason = (
            "not native: it inspects or manipulates its opponent, which a strategy that sees "
            "only histories cannot do (refused by the adapter too)"
            if entry.cheats
            else "not native yet: plays through the adapter (axelrod:<name>)"
        )
        rows.append(_row("-", entry.name, "-", reason))
    return pd.DataFrame(rows)


def _row(strategy: str, axelrod: str, check: str, result: str) -> dict[str, str]:
    return {"strategy": strategy, "axelrod": axelrod, "check": check, "result": result}
