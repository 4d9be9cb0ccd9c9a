"""``ipd evolve`` and ``ipd invade``: evolutionary dynamics on tournament payoffs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

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


#: Options of the played Moran process (--played) only, and options it does not take.
PLAYED_ONLY = (
    "mode",
    "db_variant",
    "mutation_method",
    "mutation_matrix",
    "interaction_graph",
    "reproduction_graph",
    "approximate",
    "steps",
    "keep_going",
    "independent_runs",
)
NOT_PLAYED = (
    "generations",
    "selection",
    "repetitions",
    "switch_prob",
    "switching_cost",
    "animate",
)


_GRAPH_HELP = (
    "complete, ring, ring:K, lattice:ROWSxCOLS[:periodic] or an edge-list file of "
    "individual indices"
)

#: The options of the played Moran process (the Axelrod library's MoranProcess).
_PLAYED_OPTIONS = [
    click.option(
        "--played",
        is_flag=True,
        help="Moran as the Axelrod library runs it: each step plays the matches of the "
        "current population (fitness: total score per turn), instead of using the "
        "tournament's mean payoffs.",
    ),
    click.option(
        "--mode",
        type=click.Choice(["bd", "db"]),
        default="bd",
        show_default=True,
        help="--played: birth-death or death-birth.",
    ),
    click.option(
        "--db-variant",
        type=click.Choice(["library", "neighbours"]),
        default="library",
        show_default=True,
        help="--played --mode db: as the library 4.13 scores it, or the textbook "
        "process (the dead one's neighbours compete).",
    ),
    click.option(
        "--mutation-method",
        type=click.Choice(["transition", "atomic"]),
        default="transition",
        show_default=True,
        help="--played: mutate to another strategy of the population (uniformly, or "
        "along --mutation-matrix); atomic (the library's evolvable players) is not "
        "available.",
    ),
    click.option(
        "--mutation-matrix",
        type=click.Path(dir_okay=False, path_type=Path),
        default=None,
        help="--played: CSV of mutation probabilities, row i: where a mutant offspring "
        "of strategy i goes (optional header and index of strategy names).",
    ),
    click.option(
        "--interaction-graph",
        default=None,
        help=f"--played: who plays whom: {_GRAPH_HELP} (default complete).",
    ),
    click.option(
        "--reproduction-graph",
        default=None,
        help=f"--played: where offspring go: {_GRAPH_HELP} (default: the interaction "
        "graph, each individual also its own neighbour).",
    ),
    click.option(
        "--approximate",
        type=int,
        default=None,
        metavar="K",
        help="--played: sample each match from K matches per pair of strategies played "
        "beforehand (the library's ApproximateMoranProcess).",
    ),
    click.option(
        "--steps",
        type=int,
        default=None,
        help="--played: most steps per run (default 100 x population^2; needed with "
        "--mutation or --keep-going).",
    ),
    click.option(
        "--keep-going",
        is_flag=True,
        help="--played: do not stop a run when one strategy has taken over.",
    ),
    click.option(
        "--independent-runs",
        is_flag=True,
        help="--played: play each run's matches in batches of its own (slower; run r "
        "is then the same whatever --runs).",
    ),
]


def moran_played_options(command):
    """Add the options of the played Moran process (``--played`` and its own)."""
    for option in reversed(_PLAYED_OPTIONS):
        command = option(command)
    return command


@click.command("evolve")
@click.argument("names", nargs=-1)
@click.option("--roster", default=None, help="A preset roster ('ipd strategies --rosters').")
@click.option(
    "--model",
    type=click.Choice(["ecological", "moran", "partner-choice"]),
    default=None,
    help="Replicator dynamics on shares, a Moran process in a finite population, or "
    "suppliers and buyers in a market where a cheated buyer may switch supplier "
    "(default: ecological; moran with --played).",
)
@click.option(
    "--generations", type=int, default=100, show_default=True, help="Generations (not --played)."
)
@click.option(
    "--population",
    type=int,
    default=None,
    help="Moran: individuals (default 100; 20 with --played).",
)
@click.option("--initial", default=None, help="Initial weights, one per strategy (e.g. 8,1,1).")
@click.option(
    "--mutation",
    "--mutation-rate",
    type=float,
    default=0.0,
    show_default=True,
    help="Mutation rate.",
)
@click.option(
    "--selection",
    type=float,
    default=1.0,
    show_default=True,
    help="Moran on mean payoffs: selection intensity.",
)
@click.option("--runs", type=int, default=1000, show_default=True, help="Moran: runs.")
@moran_played_options
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
    played: bool,
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
    **played_options: Any,
) -> None:
    """Evolve a population of NAMES and/or a --roster (default: the classic field) on
    their tournament payoffs: Axelrod's ecological simulation, or a Moran process with
    fixation probabilities. An asymmetric game evolves one population per role. With
    --model partner-choice, the game's first role supplies the second (e.g. --game
    supplier-buyer-trust): a buyer leaves a supplier that cheats with probability
    --switch-prob, paying --switching-cost, and both populations evolve on their
    payoffs per turn in that market.

    With --played, the Moran process is the Axelrod library's MoranProcess: every
    step plays the matches of each run's current population (--mode bd or db, on
    --interaction-graph and --reproduction-graph, with --mutation), and prints the
    exact fixation probability beside the estimate for two strategies."""
    from strategies.rosters import get_roster
    from tournament.evolution import evolve

    turns, prob_end = parse_horizon(turns, prob_end)
    players = (get_roster(roster).names() if roster else []) + list(names)
    the_game = parse_game(game, payoffs)
    if out is None:
        out = timestamped("evolve")
    check_not_file(out)
    model = _model(model, played)
    _check_played_only(played)
    if played:
        options = {"turns": turns, "prob_end": prob_end, "noise": noise, "game": the_game}
        options |= {"seed": seed, "hide_length": hide_length, **played_options}
        _evolve_played(out, no_plots, players, population, initial, mutation, runs, options)
        return
    with progress_bar("tournament", quiet=False) as progress:
        results = evolve(
            players or None,
            model=model,
            generations=generations,
            population=100 if population is None else population,
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
    _echo_evolution(results, model, generations, out)


def _echo_evolution(results: Any, model: str, generations: int, out: Path) -> None:
    """What an evolution (not --played) did, its summary, and where it was written."""
    what = {
        "ecological": "ecological simulation",
        "moran": "Moran process, population {population}, {runs} runs",
        "partner-choice": "partner choice (switch probability {switch_prob:g}, switching "
        "cost {switching_cost:g})",
    }[model].format(**results.params)
    click.echo(
        f"{len(results.labels)} strategies, {what}, {generations} generations "
        f"({results.duration:.1f} s)."
    )
    click.echo(results.summary_text())
    click.echo(f"Results written to {out}/")


def _model(model: str | None, played: bool) -> str:
    """The model: ``moran`` with --played, else the given one (default ecological)."""
    from strategies.errors import IPDError

    if played and model not in (None, "moran"):
        raise IPDError(f"--played runs the Moran process: it does not go with --model {model}")
    return "moran" if played else (model or "ecological")


def _check_played_only(played: bool) -> None:
    """Refuse options given on the command line that the chosen process does not take."""
    from strategies.errors import IPDError

    context = click.get_current_context()
    given = [
        name
        for name in (NOT_PLAYED if played else PLAYED_ONLY)
        if context.get_parameter_source(name) is click.core.ParameterSource.COMMANDLINE
    ]
    if given:
        option = "--" + given[0].replace("_", "-")
        if played:
            raise IPDError(f"{option} does not apply to the played Moran process (--played)")
        raise IPDError(f"{option} applies to the played Moran process: add --played")


def _played_moran(
    players: list[str],
    population: int | None,
    initial: list[float] | None,
    mutation: float,
    runs: int,
    *,
    steps: int | None,
    keep_going: bool,
    **options: Any,
):
    """Run the played Moran process on ``population`` individuals (default 20) from the
    ``initial`` weights (default equal); returns its :class:`MoranRuns`."""
    from tournament.core.round_robin import DEFAULT_FIELD
    from tournament.evolution.moran_library import MoranProcess
    from tournament.evolution.moran_library import population as individuals

    size = 20 if population is None else population
    process = MoranProcess(
        individuals(players or list(DEFAULT_FIELD), size, initial),
        mutation_rate=mutation,
        stop_on_fixation=not keep_going,
        max_steps=steps,
        **options,
    )
    with progress_bar("Moran runs", quiet=False) as progress:
        return process.play(runs, progress=progress)


def _evolve_played(
    out: Path,
    no_plots: bool,
    players: list[str],
    population: int | None,
    initial: str | None,
    mutation: float,
    runs: int,
    options: dict[str, Any],
) -> None:
    """``ipd evolve --played``: run, write the results, say what happened."""
    run = _played_moran(players, population, _weights(initial), mutation, runs, **options)
    check_writable(out)  # created only once the parameters have been checked
    run.write(out, plots=not no_plots)
    click.echo(f"{len(run.labels)} strategies, {_describe_played(run)} ({run.duration:.1f} s).")
    click.echo(run.summary_text())
    click.echo(f"Results written to {out}/")


def _describe_played(run) -> str:
    """``Moran process with played matches (birth-death, ...), population N, R runs``."""
    p = run.params
    mode = {"bd": "birth-death", "db": f"death-birth ({p['db_variant']})"}[p["mode"]]
    graphs = f"interaction graph {p['interaction_graph']}"
    if p["reproduction_graph"] != f"{p['interaction_graph']}, with loops":
        graphs += f", reproduction graph {p['reproduction_graph']}"
    sampled = f", outcomes sampled from {p['approximate']}" if p["approximate"] else ""
    mutation = f", mutation rate {p['mutation_rate']:g}" if p["mutation_rate"] else ""
    return (
        f"Moran process with played matches ({mode}, {graphs}{sampled}{mutation}), "
        f"population {len(p['population'])}, {p['runs']} runs"
    )


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
