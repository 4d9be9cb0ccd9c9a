"""Write docs/axelrod_agreement.md: every native strategy, its Axelrod-library
equivalent and the result of the agreement check, and the library strategies left to the
adapter (several minutes).

    python docs/make_agreement_table.py
"""

from __future__ import annotations

from pathlib import Path

from tournament.agreement.library import TOLERANCE_SE
from tournament.agreement.table import agreement_table

HEADER = f"""# Agreement with the Axelrod library

Made by `python docs/make_agreement_table.py` (several minutes: it plays every pair of
the deterministic field in the library); `tests/test_axelrod_agreement.py` runs the same
checks on a seeded sample of the pairs, and each strategy module's tests add their own.
The table has one row per native strategy, then one per library strategy that has no
native equivalent yet (it plays through the adapter, `axelrod:<name>`).

- **Deterministic strategies** play every other deterministic strategy that has an
  equivalent, for 200 turns without noise, and must make exactly the library's moves.
  Both engines tell the players the match length, as the library's `Tournament` does.
- **Stochastic ones** play four deterministic opponents (Tit For Tat, Defector,
  Alternator, Cycler CCD) for 100 turns: our mean score over 2,000 seeded matches and
  the library's over 40 must differ by less than {TOLERANCE_SE} standard errors.

Known differences:
- *Contrite Tit For Tat* has memory depth 3 in the library's metadata; ours says
  unbounded, because its contrite state can last any number of turns under noise (its
  moves are the same).
- Parameters print as floats: `Random(1)` is named `Random: 1.0` where the library, given
  the integer 1, prints `Random: 1`.
- Zero-determinant strategies recompute their vector from each match's payoffs; where the
  library refuses a game whose probabilities would leave [0, 1], ours clip them and play.
- *N Tit(s) For M Tat(s)* is named *N Tits For M Tats* (brackets cannot appear in a
  strategy name that takes parameters in brackets); its `axelrod_name()` is the library's.
"""


def main() -> None:
    table = agreement_table()
    lines = ["| strategy | Axelrod library | check | result |", "|---|---|---|---|"]
    for row in table.itertuples(index=False):
        lines.append(f"| {row.strategy} | `{row.axelrod}` | {row.check} | {row.result} |")
    out = Path(__file__).with_name("axelrod_agreement.md")
    out.write_text(HEADER + "\n" + "\n".join(lines) + "\n")  # a blank line ends the list
    print(f"wrote {out} ({len(table)} strategies)")


if __name__ == "__main__":
    main()
