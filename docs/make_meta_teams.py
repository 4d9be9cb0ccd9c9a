"""Write strategies/data/meta_teams.toml: the team of each meta strategy of the Axelrod
library (``axelrod/strategies/meta.py``), as the printed names of its members in the
library's order (the order decides ties), with the parameters the meta class needs.
The native meta strategies (``strategies/library/meta.py``) read this file on first use
and play each member through its native equivalent. Run it after changing the pinned
library version:

    python docs/make_meta_teams.py
"""

from __future__ import annotations

import warnings
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "strategies" / "data" / "meta_teams.toml"

#: The library's meta classes, in the order of its module.
META_CLASSES = (
    "MetaMajority",
    "MetaMinority",
    "MetaWinner",
    "NiceMetaWinner",
    "MetaWinnerEnsemble",
    "NiceMetaWinnerEnsemble",
    "MetaHunter",
    "MetaHunterAggressive",
    "MetaMajorityMemoryOne",
    "MetaMajorityFiniteMemory",
    "MetaMajorityLongMemory",
    "MetaWinnerMemoryOne",
    "MetaWinnerFiniteMemory",
    "MetaWinnerLongMemory",
    "MetaWinnerDeterministic",
    "MetaWinnerStochastic",
    "MetaMixer",
    "NMWEDeterministic",
    "NMWEStochastic",
    "NMWEFiniteMemory",
    "NMWELongMemory",
    "NMWEMemoryOne",
    "MemoryDecay",
)


def _toml_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _toml_value(value: object) -> str:
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, str):
        return _toml_string(value)
    return repr(value)


def main() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import axelrod as axl

        lines = [
            "# The teams of the Axelrod library's meta strategies (axelrod/strategies/meta.py),",
            "# made by docs/make_meta_teams.py from axelrod " + axl.__version__ + ".",
            "# name: str() of the default player; members: str() of each team member, in the",
            "# library's order; params: the parameters of the default player, if any.",
            "",
            f"version = {_toml_string(axl.__version__)}",
            "",
        ]
        for class_name in META_CLASSES:
            player = getattr(axl, class_name)()
            lines += [
                f"[{class_name}]",
                f"name = {_toml_string(str(player))}",
                "members = [",
                *(f"    {_toml_string(str(member))}," for member in player.team),
                "]",
            ]
            if class_name == "MemoryDecay":
                params = {
                    "p_memory_delete": player.p_memory_delete,
                    "p_memory_alter": player.p_memory_alter,
                    "loss_value": player.loss_value,
                    "gain_value": player.gain_value,
                    "start_strategy_duration": player.start_strategy_duration,
                }
                lines.append(
                    "params = { "
                    + ", ".join(f"{k} = {_toml_value(v)}" for k, v in params.items())
                    + " }"
                )
            lines.append("")
    OUT.write_text("\n".join(lines))
    print(f"wrote {OUT} ({len(META_CLASSES)} meta strategies)")


if __name__ == "__main__":
    main()
