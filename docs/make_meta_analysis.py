"""Write docs/explanation/meta-analysis.md: the reduced meta analysis
(experiments/meta_analysis.toml) beside the published one of Glynatsi, Knight and Harper
(2020), tournament type by tournament type, and copy its figure into docs/figures.

    ipd run experiments/meta_analysis.toml --workers 2     # the run (results/meta_analysis)
    python docs/make_meta_analysis.py [results/meta_analysis] [--wall "1.5 hours on 2 workers"]
"""

from __future__ import annotations

import argparse
import json
import shutil
import tomllib
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "docs" / "explanation" / "meta-analysis.md"
FIGURES = ROOT / "docs" / "figures" / "meta_analysis"

#: The paper's Table "Top performances for each tournament type based on r-bar" (its
#: top 15 per type over 11,420 tournaments of each type, all noise and ending
#: probabilities), as published: name and median normalised rank.
PUBLISHED: dict[str, list[tuple[str, float]]] = {
    "standard": [
        ("Evolved HMM 5", 0.00667), ("Evolved FSM 16", 0.00995),
        ("EvolvedLookerUp2 2 2", 0.01064), ("Evolved FSM 16 Noise 05", 0.01667),
        ("PSO Gambler 2 2 2", 0.02143), ("Evolved ANN", 0.02878),
        ("Evolved ANN 5", 0.03390), ("PSO Gambler 1 1 1", 0.03704),
        ("Evolved FSM 4", 0.04891), ("PSO Gambler Mem1", 0.05036), ("Winner12", 0.06011),
        ("Fool Me Once", 0.06140), ("DBS", 0.07143), ("Double Crosser", 0.07200),
        ("Backstabber", 0.07519),
    ],
    "noisy": [
        ("Grumpy", 0.14020), ("$e$", 0.19388), ("Tit For 2 Tats", 0.20617),
        ("Slow Tit For Two Tats", 0.20962), ("Cycle Hunter", 0.21538),
        ("Risky QLearner", 0.22222), ("Retaliate 3", 0.22887), ("Cycler CCCCCD", 0.23507),
        ("Retaliate 2", 0.23913), ("Defector Hunter", 0.24038), ("Retaliate", 0.24177),
        ("Hard Tit For 2 Tats", 0.25000), ("ShortMem", 0.25286),
        ("Limited Retaliate 3", 0.25316), ("Limited Retaliate", 0.25706),
    ],
    "probabilistic-ending": [
        ("Fortress4", 0.01266), ("Defector", 0.01429), ("Better and Better", 0.01587),
        ("Tricky Defector", 0.01875), ("Fortress3", 0.02174), ("Gradual Killer", 0.02532),
        ("Aggravater", 0.02778), ("Raider", 0.03077), ("Cycler DDC", 0.04545),
        ("Hard Prober", 0.05128), ("SolutionB1", 0.06024), ("Meta Minority", 0.06077),
        ("Bully", 0.06081), ("Fool Me Forever", 0.07080), ("EasyGo", 0.07101),
    ],
    "noisy-probabilistic-ending": [
        ("Alternator", 0.30370), ("$\\phi$", 0.30978), ("$e$", 0.31250),
        ("$\\pi$", 0.31686), ("Limited Retaliate", 0.35263),
        ("Anti Tit For Tat", 0.35431), ("Retaliate 3", 0.35563),
        ("Limited Retaliate 3", 0.35563), ("Retaliate", 0.35714), ("Retaliate 2", 0.35767),
        ("Limited Retaliate 2", 0.36134), ("Hopeless", 0.36842),
        ("Arrogant QLearner", 0.40651), ("Cautious QLearner", 0.40909),
        ("Fool Me Forever", 0.41764),
    ],
}  # fmt: skip

TITLES = {
    "standard": "Standard tournaments",
    "noisy": "Noisy tournaments",
    "probabilistic-ending": "Probabilistic-ending tournaments",
    "noisy-probabilistic-ending": "Noisy probabilistic-ending tournaments",
}
TOP = 15


def current_names() -> dict[str, str]:
    """The paper's names -> the names of the glynatsi-2020 roster (the same order)."""
    from strategies.rosters import get_roster

    data = tomllib.loads((ROOT / "strategies" / "data" / "glynatsi_2020.toml").read_text())
    kept = [n for n in data["names"] if n not in data["left_out"]]
    return dict(zip(kept, get_roster("glynatsi-2020").names(), strict=True))


def compare(kind: str, ours: pd.DataFrame, names: dict[str, str]) -> tuple[str, dict]:
    """The markdown section of one tournament type, and its agreement figures."""
    rows = ours[ours["type"] == kind].reset_index(drop=True)
    position = {s: i + 1 for i, s in enumerate(rows["strategy"])}
    median = dict(zip(rows["strategy"], rows["median_normalised_rank"], strict=True))
    n = len(rows)
    lines = [
        f"| # | paper: strategy | paper r̄ | our r̄ | our place (of {n}) | "
        f"ours: strategy | our r̄ | tournaments |",
        "|---|---|---|---|---|---|---|---|",
    ]
    top_ours = rows.head(TOP)
    in_top, in_top30, absent = 0, 0, []
    for i, (paper_name, r) in enumerate(PUBLISHED[kind]):
        name = names.get(paper_name)
        if name is None:
            mine, place = "not in the library", "-"
            absent.append(paper_name)
        else:
            place_n = position[name]
            in_top += place_n <= TOP
            in_top30 += place_n <= 2 * TOP
            mine, place = f"{median[name]:.3f}", str(place_n)
            if name != paper_name:
                paper_name = f"{paper_name} ({name})"
        ours_row = top_ours.iloc[i]
        lines.append(
            f"| {i + 1} | {paper_name} | {r:.3f} | {mine} | {place} | {ours_row.strategy} | "
            f"{ours_row.median_normalised_rank:.3f} | {ours_row.tournaments} |"
        )
    present = TOP - len(absent)
    figures = {"top15": in_top, "top30": in_top30, "comparable": present}
    verdict = (
        f"Of the paper's top {TOP}, {in_top} of the {present} the library still has are in "
        f"our top {TOP}, and {in_top30} in our top {2 * TOP}."
    )
    if absent:
        verdict += f" Not comparable: {', '.join(absent)} (removed from the library)."
    return "\n".join([f"## {TITLES[kind]}", "", verdict, "", *lines, ""]), figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("run", nargs="?", type=Path, default=ROOT / "results" / "meta_analysis")
    parser.add_argument(
        "--wall", default=None, help="the run's wall time in words, when the manifest's is not it"
    )
    args = parser.parse_args()
    run = args.run
    ours = pd.read_csv(run / "strategies.csv")
    cells = pd.read_csv(run / "cells.csv")
    manifest = json.loads((run / "manifest.json").read_text())
    names = current_names()
    timings = manifest["timings"]
    per_type = cells.groupby("type").size()
    sections, agreement = [], {}
    for kind in PUBLISHED:
        text, figures = compare(kind, ours, names)
        sections.append(text)
        agreement[kind] = figures
    FIGURES.mkdir(parents=True, exist_ok=True)
    shutil.copy(run / "best_by_type.png", FIGURES / "best_by_type.png")
    summary = "\n".join(
        f"- {TITLES[k]}: {a['top15']} of {a['comparable']} in our top {TOP}, "
        f"{a['top30']} in our top {2 * TOP}."
        for k, a in agreement.items()
    )
    PAGE.write_text(
        HEADER.format(
            trials=int(cells["trial"].max()) + 1,
            tournaments=len(cells),
            per_type=int(per_type.min()),
            match_turns=cells["match_turns"].sum() / 1e9,
            wall=args.wall
            or f"{timings['total_seconds'] / 3600:.2f} hours on {timings['workers']} workers",
            version=manifest["versions"].get("ipd-tournament", "?"),
            summary=summary,
        )
        + "\n".join(sections)
        + FOOTER
    )
    print(f"wrote {PAGE.relative_to(ROOT)} and {FIGURES.relative_to(ROOT)}/best_by_type.png")


HEADER = """# The meta analysis of Glynatsi, Knight and Harper, reproduced at a reduced scale

Made by `python docs/make_meta_analysis.py` from a run of
`experiments/meta_analysis.toml` (`ipd run experiments/meta_analysis.toml --workers 2`).

Glynatsi, Knight and Harper (2020), *A meta analysis of tournaments and an evaluation of
performance in the Iterated Prisoner's Dilemma* (arXiv:2001.05911), drew 11,420 random
fields from the 195 strategies of the Axelrod library 3.0.0 (3 to 195 strategies, 10 to
100 repetitions, 1 to 200 turns, noise and an ending probability each uniform in [0, 1])
and played each field as four tournaments: standard, noisy, with a probabilistic ending,
and both. A strategy's *normalised rank* in a tournament is its rank over the number of
other strategies (0 first, 1 last); strategies are compared by their median normalised
rank r̄ over the tournaments they entered.

Our reduced run keeps that design and those ranges, with two changes: {trials} trials
({tournaments} tournaments, {per_type} of each type) instead of 11,420, and 10 to 25
repetitions instead of 10 to 100 (each tournament's ranks are a little noisier; the
medians are over tournaments). The pool is the `glynatsi-2020` roster: the paper's
strategies under the library 4.13's names, less Fool Me Forever and Slow Tit For Two
Tats, which the library has removed since (so fields hold 3 to 193 strategies). It played
{match_turns:.1f} billion match-turns in {wall} of a 2-core machine (ipd-tournament
{version}).

With about 50 tournaments per strategy and type, against the paper's 5,000, a median
normalised rank here is known to a few hundredths: strategies whose r̄ differ by less
than that are tied. The paper's own ranking also came from library 3.0.0, whose
strategies have changed in places since (the evolved strategies were retrained, some
strategies were fixed); ours are the library 4.13's, move for move.

How many of the paper's top 15 are among ours:

{summary}

```{{figure}} ../figures/meta_analysis/best_by_type.png
:alt: The ten best strategies of each tournament type by median normalised rank

The best strategies of each tournament type in the reduced run (median normalised rank,
lower is better).
```

In each table, the left half is the paper's top 15 with our median normalised rank and
place for the same strategy (its current name in brackets when the library renamed
it); the right half is our own top 15.

"""

FOOTER = """
## What agrees and what does not

**Standard and probabilistic-ending tournaments: the paper's ranking is reproduced.**
Nearly all of the paper's top 15 are in our top 15, in much the same order: trained
strategies (evolved finite state machines, hidden Markov models, neural networks, lookup
tables, PSO gamblers) in standard tournaments; strategies that defect a great deal
(Fortress, Defector, Better and Better, Tricky Defector, Raider, Bully) with a
probabilistic ending, where the ending probability is uniform in [0, 1] and most matches
last a turn or two. Their medians are close to 0 in both studies: these strategies win
or nearly win most tournaments they enter, so 50 tournaments are enough to see it.

**Noisy tournaments (both kinds): the order is not reproduced at this size.** With noise
uniform in [0, 1], every strategy's normalised rank spreads over most of [0, 1] (the
paper's best medians are 0.14 to 0.42, and its own figures show wide distributions);
with about 50 tournaments per strategy, the uncertainty of such a median is about 0.1,
more than the whole spread of the paper's top 15. Our noisy top 15 holds strategies that
defect more when the opponent's moves look random (the hunters, Worse and Worse) and
strategies whose intended moves noise turns into the opposite. Cooperator shows how
fragile such a median is: it ranks near last when the noise is below one half and near
first above it (most of its moves are then defections), so its median lands on whichever
side holds a few more of its tournaments. Whether the remaining differences are sampling
or real (the paper's strategies were those of library 3.0.0)
takes a larger run: the study grows with `--tournaments N`, reusing every tournament
already played.
"""


if __name__ == "__main__":
    main()
