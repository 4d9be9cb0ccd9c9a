"""``ipd fingerprint``: Ashlock and transitive fingerprints of strategies."""

from __future__ import annotations

from pathlib import Path

import click

from tournament.cli.options import (
    check_not_file,
    check_writable,
    folder_option,
    progress_bar,
    timestamped,
    write_error,
)


def _defaults(kind: str, given: dict[str, object]) -> dict[str, object]:
    """The options given, and the library's defaults (this kind's) for the others."""
    from tournament.research.fingerprints import ASHLOCK_DEFAULTS, TRANSITIVE_DEFAULTS

    defaults = ASHLOCK_DEFAULTS if kind == "ashlock" else TRANSITIVE_DEFAULTS
    return {k: defaults[k] if given.get(k) is None else given[k] for k in defaults}


def _refuse_other_kind(kind: str, given: dict[str, object]) -> None:
    """An option of the other kind of fingerprint is a mistake, not something to ignore."""
    from strategies.errors import IPDError

    wrong = [name for name, value in given.items() if value not in (None, ())]
    if wrong:
        other = "transitive" if kind == "ashlock" else "ashlock"
        raise IPDError(f"{', '.join(wrong)} applies to --kind {other} only, not to --kind {kind}")


@click.command("fingerprint")
@click.argument("names", nargs=-1, required=True)
@click.option(
    "--kind",
    type=click.Choice(["ashlock", "transitive"]),
    default="ashlock",
    show_default=True,
    help="ashlock: score per turn against JossAnn/Dual transforms of --probe over the unit "
    "square; transitive: cooperation rate by turn against a spectrum of opponents.",
)
@click.option("--turns", type=int, default=None, help="Turns per match (default 50).")
@click.option(
    "--repetitions",
    type=int,
    default=None,
    help="Matches per point or opponent (default 10 for ashlock, 1000 for transitive).",
)
@click.option("--step", type=float, default=None, help="Ashlock: grid spacing (default 0.01).")
@click.option(
    "--probe", default=None, help="Ashlock: a memory-one probe strategy (default Tit For Tat)."
)
@click.option(
    "--opponents",
    type=int,
    default=None,
    help="Transitive: number of Random(p) opponents, p from 0 to 1 (default 50).",
)
@click.option(
    "--opponent",
    "opponent_names",
    multiple=True,
    help="Transitive: an opponent instead of the Random spectrum (repeat for several).",
)
@click.option("--noise", type=float, default=0.0, show_default=True, help="Move-flip probability.")
@click.option("--seed", type=int, default=1, show_default=True, help="Random seed.")
@click.option(
    "--exact",
    is_flag=True,
    help="Add the Markov chain's exact values (memory-one strategies, probe and opponents): "
    "ashlock over the turns and in the long run, transitive turn by turn.",
)
@folder_option("--out", "Results folder (default: results/fingerprint-<date>-<time>).")
@click.option("--no-plots", is_flag=True, help="Skip the heatmaps.")
def fingerprint_cmd(
    names: tuple[str, ...],
    kind: str,
    turns: int | None,
    repetitions: int | None,
    step: float | None,
    probe: str | None,
    opponents: int | None,
    opponent_names: tuple[str, ...],
    noise: float,
    seed: int,
    exact: bool,
    out: Path | None,
    no_plots: bool,
) -> None:
    """Fingerprint each of NAMES, as the Axelrod library does, all in one batch of
    matches: writes fingerprint.csv (the values, tidy), manifest.json and one heatmap
    per strategy. Defaults are the library's."""
    from tournament.research import ashlock_fingerprint, transitive_fingerprint

    if kind == "ashlock":
        _refuse_other_kind(kind, {"--opponents": opponents, "--opponent": opponent_names})
    else:
        _refuse_other_kind(kind, {"--step": step, "--probe": probe})
    given = {"turns": turns, "repetitions": repetitions, "step": step, "probe": probe}
    options = _defaults(kind, {**given, "number_of_opponents": opponents})
    if out is None:
        out = timestamped("fingerprint")
    check_not_file(out)
    with progress_bar("fingerprint", quiet=False) as progress:
        common = {"noise": noise, "seed": seed, "exact": exact, "progress": progress}
        if kind == "ashlock":
            results = ashlock_fingerprint(list(names), **options, **common)
        else:
            opponent_list = list(opponent_names) or None
            results = transitive_fingerprint(list(names), opponent_list, **options, **common)
    existed = out.exists()
    check_writable(out)  # created only once the parameters have been checked
    try:
        results.write(out, plots=not no_plots)
    except OSError as exc:
        raise write_error(out, exc, existed) from None
    click.echo(
        f"{kind.capitalize()} fingerprint of {len(results.strategies)} "
        f"{'strategy' if len(results.strategies) == 1 else 'strategies'} "
        f"({results.duration:.1f} s):"
    )
    click.echo(results.summary_text())
    click.echo(f"Results written to {out}/")
