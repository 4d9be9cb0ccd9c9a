"""``ipd evolve`` and ``ipd invade``: evolutionary dynamics on tournament payoffs."""

from __future__ import annotations

from pathlib import Path

import click

from tournament.cli.options import (
    check_not_file,
    check_writable,
    folder_option,
    hide_length_option,
    parse_game,
    parse_horizon,
    progress_bar,
    round_robin_options,
    timestamped,
)


def _weights(text: str | None) -> list[float] | None:
    from strategies.errors import IPDError

    if text is None:
        return None
    try:
        return [float(v) for v in text.split(",") if v.strip()]
    except ValueError:
        raise IPDError(
            f"--initial {text!r}: expected comma-separated weights, one per strategy "
            "(for example 80,10,10)"
        ) from None


@click.command("evolve")
@click.argument("names", nargs=-1)
@click.option("--roster", default=None, help="A preset roster ('ipd strategies --rosters').")
@click.option(
    "--model",
    type=click.Choice(["ecological", "moran", "partner-choice"]),
    default="ecological",
    show_default=True,
    help="Replicator dynamics on shares, a Moran process in a finite population, or "
    "suppliers and buyers in a market where a cheated buyer may switch supplier.",
)
@click.option("--generations", type=int, default=100, show_default=True, help="Generations.")
@click.option("--population", type=int, default=100, show_default=True, help="Moran: size.")
@click.option("--initial", default=None, help="Initial weights, one per strategy (e.g. 8,1,1).")
@click.option("--mutation", type=float, default=0.0, show_default=True, help="Mutation rate.")
@click.option(
    "--selection", type=float, default=1.0, show_default=True, help="Moran: selection intensity."
)
@click.option("--runs", type=int, default=1000, show_default=True, help="Moran: runs.")
@click.option(
    "--switch-prob",
    type=float,
    default=None,
    help="Partner choice: probability that a buyer leaves after each cheat of its "
    "supplier (default 1).",
)
@click.option(
    "--switching-cost",
    type=float,
    default=None,
    help="Partner choice: what a buyer pays to change supplier (default 0).",
)
@round_robin_options
@hide_length_option
@folder_option("--out", "Results folder (default: results/evolve-<date>-<time>).")
@click.option("--no-plots", is_flag=True, help="Skip the share plot.")
@click.option("--animate", is_flag=True, help="Also write an animated GIF of the population.")
def evolve_cmd(
    names: tuple[str, ...],
    roster: str | None,
    model: str,
    generations: int,
    population: int,
    initial: str | None,
    mutation: float,
    selection: float,
    runs: int,
    switch_prob: float | None,
    switching_cost: float | None,
    turns: int | None,
    prob_end: float | None,
    repetitions: int,
    noise: float,
    game: str,
    payoffs: str | None,
    seed: int,
    hide_length: bool,
    out: Path | None,
    no_plots: bool,
    animate: bool,
) -> None:
    """Evolve a population of NAMES and/or a --roster (default: the classic field) on
    their tournament payoffs: Axelrod's ecological simulation, or a Moran process with
    fixation probabilities. An asymmetric game evolves one population per role. With
    --model partner-choice, the game's first role supplies the second (e.g. --game
    supplier-buyer-trust): a buyer leaves a supplier that cheats with probability
    --switch-prob, paying --switching-cost, and both populations evolve on their
    payoffs per turn in that market."""
    from strategies.rosters import get_roster
    from tournament.evolution import evolve

    turns, prob_end = parse_horizon(turns, prob_end)
    players = (get_roster(roster).names() if roster else []) + list(names)
    the_game = parse_game(game, payoffs)
    if out is None:
        out = timestamped("evolve")
    check_not_file(out)
    with progress_bar("tournament", quiet=False) as progress:
        results = evolve(
            players or None,
            model=model,
            generations=generations,
            population=population,
            initial=_weights(initial),
            mutation=mutation,
            selection=selection,
            runs=runs,
            game=the_game,
            turns=turns,
            prob_end=prob_end,
            noise=noise,
            repetitions=repetitions,
            seed=seed,
            hide_length=hide_length,
            progress=progress,
            switch_prob=switch_prob,
            switching_cost=switching_cost,
        )
    check_writable(out)  # created only once the parameters have been checked
    results.write(out, plots=not no_plots, animate=animate)
    what = {
        "ecological": "ecological simulation",
        "moran": f"Moran process, population {population}, {runs} runs",
        "partner-choice": "partner choice (switch probability {switch_prob:g}, switching "
        "cost {switching_cost:g})",
    }[model].format(**results.params)
    click.echo(
        f"{len(results.labels)} strategies, {what}, {generations} generations "
        f"({results.duration:.1f} s)."
    )
    click.echo(results.summary_text())
    click.echo(f"Results written to {out}/")


@click.command("invade")
@click.argument("mutant")
@click.argument("resident")
@click.option("--mutants", type=int, default=1, show_default=True, help="Initial mutants.")
@click.option("--population", type=int, default=20, show_default=True, help="Population size.")
@click.option("--runs", type=int, default=1000, show_default=True, help="Moran runs.")
@click.option(
    "--selection", type=float, default=1.0, show_default=True, help="Selection intensity."
)
@round_robin_options
@hide_length_option
def invade_cmd(
    mutant: str,
    resident: str,
    mutants: int,
    population: int,
    runs: int,
    selection: float,
    turns: int | None,
    prob_end: float | None,
    repetitions: int,
    noise: float,
    game: str,
    payoffs: str | None,
    seed: int,
    hide_length: bool,
) -> None:
    """Can a few MUTANT individuals take over a population of RESIDENT? Estimates the
    fixation probability over many Moran runs and compares it with the neutral
    baseline (mutants / population)."""
    from tournament.evolution import invasion

    turns, prob_end = parse_horizon(turns, prob_end)
    with progress_bar("tournament", quiet=False) as progress:
        result = invasion(
            mutant,
            resident,
            mutants=mutants,
            population=population,
            runs=runs,
            selection=selection,
            game=parse_game(game, payoffs),
            turns=turns,
            prob_end=prob_end,
            noise=noise,
            repetitions=repetitions,
            seed=seed,
            hide_length=hide_length,
            progress=progress,
        )
    click.echo(result.text())
