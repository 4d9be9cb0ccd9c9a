"""``ipd match`` and ``ipd tournament``: one match, or a round robin ranked."""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

import click

from tournament.cli.options import (
    GAME_HELP,
    HORIZON_HELP,
    PAYOFFS_HELP,
    PROB_END_HELP,
    announce_plan,
    check_not_file,
    check_writable,
    folder_option,
    format_summary,
    hide_length_option,
    matches_option,
    memory_budget_option,
    parse_game,
    parse_horizon,
    progress_bar,
    round_robin_options,
    timestamped,
    write_error,
    write_results,
)


def _styled(move: str) -> str:
    return click.style(move, fg="green" if move == "C" else "red", bold=move == "D")


@click.command("match")
@click.argument("first")
@click.argument("second")
@click.option("--turns", type=int, default=None, help=HORIZON_HELP)
@click.option("--prob-end", type=float, default=None, help=PROB_END_HELP)
@click.option("--noise", type=float, default=0.0, show_default=True, help="Move-flip probability.")
@click.option("--game", default="classic", show_default=True, help=GAME_HELP)
@click.option("--payoffs", default=None, help=PAYOFFS_HELP)
@click.option("--seed", type=int, default=1, show_default=True, help="Random seed.")
@click.option("--width", type=int, default=50, show_default=True, help="Turns per line.")
@hide_length_option
def match_cmd(
    first: str,
    second: str,
    turns: int | None,
    prob_end: float | None,
    noise: float,
    game: str,
    payoffs: str | None,
    seed: int,
    width: int,
    hide_length: bool,
) -> None:
    """Play one match between FIRST and SECOND and show both move sequences. FIRST takes
    the first role of an asymmetric game (the supplier in the supplier-buyer scenarios)."""
    from tournament.core.match import play_match

    turns, prob_end = parse_horizon(turns, prob_end)
    result = play_match(
        first,
        second,
        turns,
        prob_end=prob_end,
        noise=noise,
        game=parse_game(game, payoffs),
        seed=seed,
        hide_length=hide_length,
    )
    a, b = result.history()
    names = result.players
    label_width = max(len(n) for n in names) + 2
    horizon = f"{result.turns} turns" + (f" (ending probability {prob_end:g})" if prob_end else "")
    click.echo(
        f"{names[0]} vs {names[1]}: {result.game.name}, {horizon}, noise {noise:g}, seed {seed}"
    )
    legend = _seat_legend(result.game, names)
    click.echo("".join(line + "\n" for line in legend))
    width = max(10, width)
    for start in range(0, result.turns, width):
        stop = min(result.turns, start + width)
        click.echo(
            f"{'turn ' + str(start + 1):<{label_width}}"
            + "".join("|" if (i + 1) % 10 == 0 else " " for i in range(start, stop)).rstrip()
        )
        for name, moves in zip(names, (a, b), strict=True):
            click.echo(f"{name:<{label_width}}" + "".join(_styled(m) for m in moves[start:stop]))
        click.echo()
    per_turn = result.score_per_turn
    rents = _rents(result)
    for i, name in enumerate(names):
        rent = "" if rents is None else f"{rents[i]:g} of it relational rent, "
        click.echo(
            f"{name:<{label_width}}score {result.scores[i]:g}  ({per_turn[i]:.3f} per turn, "
            f"{rent}cooperated {result.cooperation[i]:.0%})"
        )
    winner = result.winner
    click.echo("Winner: " + (winner if winner else "tie"))


def _seat_legend(game: Any, names: tuple[str, str]) -> list[str]:
    """Who holds which role and what each one's moves mean: ``"Tit For Tat (supplier):
    C = keep quality, D = cut corners"``; nothing for a classic game."""
    if game.symmetric:
        if not game.labelled:
            return []
        return [f"{name}: {game.legend(0)}" for name in names]
    if not game.labelled:
        return [f"{names[0]} plays the {game.roles[0]} role, {names[1]} the {game.roles[1]} role."]
    return [f"{name} ({game.roles[seat]}): {game.legend(seat)}" for seat, name in enumerate(names)]


def _rents(result: Any) -> Any:
    """The relational rent each player earned in the match (part of its score), or
    ``None`` if the game pays none: each turn's payoff with every base payoff zero."""
    import numpy as np

    from tournament.core.relationships import turn_payoffs

    if result.game.rent is None:
        return None
    return turn_payoffs(result.moves, np.zeros((2, 2, 2)), result.game.rent).sum(axis=-1)


@click.command("tournament")
@click.argument("names", nargs=-1)
@round_robin_options
@hide_length_option
@click.option("--roster", default=None, help="A preset roster ('ipd strategies --rosters').")
@folder_option("--out", "Results folder (default: results/tournament-<date>-<time>).")
@click.option("--no-plots", is_flag=True, help="Skip the PNG plots.")
@click.option(
    "--library-plots",
    is_flag=True,
    help="Also draw the Axelrod library's six plots (boxplot, winplot, sdvplot, payoff, "
    "pdplot, lengthplot).",
)
@matches_option
@memory_budget_option
@click.option("--quiet", "-q", is_flag=True, help="Print only the results folder.")
@click.option(
    "--graph",
    "--edges",
    "graph",
    default=None,
    metavar="GRAPH|FILE",
    help="Play only the pairs of a graph (a spatial tournament): complete (the default "
    "round robin), ring[:K] (K neighbours on each side, default 1), "
    "lattice:ROWSxCOLS[:periodic], or an edge-list file (.csv, .tsv: two strategy indices, "
    "from 0, or names per line).",
)
def tournament_cmd(
    names: tuple[str, ...],
    turns: int | None,
    prob_end: float | None,
    repetitions: int,
    noise: float,
    game: str,
    payoffs: str | None,
    roster: str | None,
    seed: int,
    hide_length: bool,
    out: Path | None,
    no_plots: bool,
    library_plots: bool,
    matches_format: str,
    memory_budget: str | None,
    quiet: bool,
    graph: str | None,
) -> None:
    """Play a round robin between NAMES and/or a --roster (default: the classic field of
    15) and rank them. Axelrod-library strategies enter as 'axelrod:<name>'."""
    from strategies.rosters import get_roster
    from tournament.common.frames import choose_format

    turns, prob_end = parse_horizon(turns, prob_end)
    players = (get_roster(roster).names() if roster else []) + list(names)
    tour = _tournament(
        quiet,
        players or None,
        game=parse_game(game, payoffs),
        turns=turns,
        prob_end=prob_end,
        repetitions=repetitions,
        noise=noise,
        seed=seed,
        hide_length=hide_length,
        memory_budget=memory_budget,
        edges=graph,
    )
    announce_plan(tour.plan(), quiet)
    if out is None:
        out = timestamped("tournament")
    check_not_file(out)  # before playing: nothing computed is lost to a bad --out
    if not tour.game.is_prisoners_dilemma() and not quiet:
        click.echo(
            f"Note: {tour.game.name} is not a prisoner's dilemma.\n"
            + "\n".join("  " + line for line in tour.game.pd_report().splitlines()),
            err=True,
        )
    # the per-match table is streamed to the results folder as the matches are played:
    # memory stays flat however many repetitions
    kind = choose_format(matches_format, 2 * tour.match_count)
    before = (out.exists(), set(out.iterdir()) if out.is_dir() else set())
    if kind is not None:
        check_writable(out)
    try:
        with progress_bar("matches", quiet) as progress:
            results = tour.play(
                progress=progress,
                keep_matches=False,
                matches_file=out / f"matches.{kind}" if kind else None,
            )
    except BaseException as exc:
        if not before[0] and out.is_dir() and not any(out.iterdir()):
            out.rmdir()
        if isinstance(exc, OSError):  # the streamed match table could not be written
            raise write_error(out, exc, before[0]) from None
        raise
    plots = ([] if no_plots else ["standard"]) + (["library"] if library_plots else [])
    write_results(results, out, plots=plots, before=before)
    if quiet:
        click.echo(str(out))
        return
    click.echo(_headline(tour, results) + "\n")
    click.echo(format_summary(results.summary, tour.game))
    table = f", {results.matches_file.name}" if results.matches_file else ""
    click.echo(f"\nResults written to {out}/ (game.toml: the game, to pass to --game again{table})")


def _tournament(quiet: bool, *args: Any, **kwargs: Any) -> Any:
    """``Tournament(*args, **kwargs)``, each of its warnings (a graph where a strategy
    meets only itself) printed as a note on stderr unless ``quiet``."""
    from tournament.core.round_robin import Tournament

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", UserWarning)
        tour = Tournament(*args, **kwargs)
    for note in [] if quiet else caught:
        click.echo(f"Note: {note.message}", err=True)
    return tour


def _headline(tour: Any, results: Any) -> str:
    """What was played, in one line: field (and graph), game, horizon, noise,
    repetitions, seed, matches and time."""
    p = tour.params
    horizon = f"{p.turns} turns" if p.turns else f"ending probability {p.prob_end:g}"
    where = f" on graph {p.graph.name} ({len(p.graph.edges)} edges)" if p.graph else ""
    return (
        f"{len(tour.players)} strategies{where}, {p.game.name}, {horizon}, noise {p.noise:g}, "
        f"{p.repetitions} repetitions, seed {p.seed}: {results.match_count} matches in "
        f"{results.duration:.2f} s"
    )
