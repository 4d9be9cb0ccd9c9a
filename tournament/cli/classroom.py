"""``ipd new-strategy``, ``validate``, ``play`` and ``class-tournament``: for students and
instructors."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from tournament.cli.options import (
    GAME_HELP,
    PAYOFFS_HELP,
    check_writable,
    folder_option,
    format_summary,
    parse_game,
    parse_horizon,
    progress_bar,
    round_robin_options,
    timestamped,
    wrap,
)


@click.command("new-strategy")
@click.argument("name")
@click.option(
    "--kind",
    type=click.Choice(["python", "memory-one", "lookup-table", "finite-state-machine"]),
    default="python",
    show_default=True,
    help="Python code, or a declarative TOML file of one of the data kinds.",
)
@folder_option("--dir", "Folder to write into (default: the current folder).")
def new_strategy_cmd(name: str, kind: str, dir: Path | None) -> None:  # noqa: A002
    """Write a working strategy called NAME to start from (and a test for Python)."""
    from tournament.classroom import write_template

    paths = write_template(name, kind, dir or Path("."))
    click.echo("Wrote " + " and ".join(str(p) for p in paths) + ".")
    first = paths[0]
    click.echo(f"Next:  ipd validate {first}   (checks it and shows how it plays)")
    if len(paths) > 1:
        click.echo(f"       pytest {paths[1]}      (runs its tests)")
    click.echo(f"       ipd play {first}       (play against it yourself)")


@click.command("validate")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--name", "choice", default=None, help="The class to use if the file has several.")
def validate_cmd(file: Path, choice: str | None) -> None:
    """Check a strategy FILE (.py or .toml): "valid" and how it plays against classic
    opponents, or every problem found (exit code 1). Python files run in a separate
    process with time and memory limits."""
    from strategies.errors import IPDError
    from tournament.classroom import validate

    if not file.exists():
        raise IPDError(f"no strategy file {str(file)!r}: expected a .py or .toml file")
    verdict = validate(file, choice)
    click.echo(verdict.text())
    if not verdict.valid:
        sys.exit(1)


@click.command("play")
@click.argument("opponent")
@click.option("--turns", type=int, default=None, help="Match length (default 10).")
@click.option(
    "--prob-end", type=float, default=None, help="End after each turn with this probability."
)
@click.option("--noise", type=float, default=0.0, show_default=True, help="Move-flip probability.")
@click.option("--game", default="classic", show_default=True, help=GAME_HELP)
@click.option("--payoffs", default=None, help=PAYOFFS_HELP)
@click.option("--seed", type=int, default=None, help="Random seed (default: a fresh one).")
@click.option("--hide", is_flag=True, help="Hide who the opponent is until the end.")
def play_cmd(
    opponent: str,
    turns: int | None,
    prob_end: float | None,
    noise: float,
    game: str,
    payoffs: str | None,
    seed: int | None,
    hide: bool,
) -> None:
    """Play against OPPONENT yourself, one move at a time: a strategy name or a strategy
    file. Type C (cooperate) or D (defect) each turn, q to stop. You hold the first role
    of an asymmetric game (the supplier in the supplier-buyer scenarios); a scenario's
    moves are named (C = keep quality, D = cut corners)."""
    from tournament.classroom import HumanMatch
    from tournament.common.validation import check_horizon, check_noise, check_seed
    from tournament.core.players import create_player

    if turns is None and prob_end is None:
        turns = 10
    turns, prob_end = check_horizon(turns, prob_end)
    the_game = parse_game(game, payoffs)
    player = create_player(opponent)
    label = getattr(player, "label", opponent)
    match = HumanMatch(player, the_game, turns, prob_end, check_noise(noise), check_seed(seed))
    who = "a hidden opponent" if hide else label
    horizon = f"{turns} turns" if prob_end is None else "a match that may end after any turn"
    click.echo(f"You against {who}: {horizon}, {the_game.name} payoffs, noise {noise:g}.")
    for line in _introduce(the_game, "They" if hide else label):
        click.echo(line)
    try:
        stopped = _play_turns(match)
    finally:
        if hasattr(player, "close"):
            player.close()
    ending = "You stopped" if stopped else "The match ended"
    click.echo(
        f"\n{ending} after {match.turn} turn{'s' * (match.turn != 1)}: you {match.scores[0]:g}, "
        f"{'they' if hide else label} {match.scores[1]:g}."
    )
    if the_game.rent is not None:
        click.echo(f"Relational rent in these totals: {match.rent:g} each.")
    if hide:
        click.echo(f"Your opponent was: {label}.")


def _introduce(game: Any, them: str) -> list[str]:
    """The lines that tell the human what the game is: roles, moves, payoffs, rents."""
    if not game.labelled:
        lines = []
        if not game.symmetric:
            lines.append(f"You are the {game.roles[0]}; they are the {game.roles[1]}.")
        r, s, t, p = game.rstp(0)
        lines.append(
            f"Your payoffs: both C {r:g}, you C they D {s:g}, you D they C {t:g}, both D {p:g}."
        )
    else:
        lines = [wrap(game.description)] if game.description else []
        if game.symmetric:
            lines.append(f"Your moves and theirs: {game.legend(0)}.")
        else:
            verb = "are" if them == "They" else "is"
            lines.append(f"You are the {game.roles[0]}: {game.legend(0)}.")
            lines.append(f"{them} {verb} the {game.roles[1]}: {game.legend(1)}.")
        lines.append("Your payoffs each turn:")
        lines += [
            f"  {_outcome(game, mine, theirs)}: {game.payoffs[0, mine, theirs]:g}"
            for mine in (0, 1)
            for theirs in (0, 1)
        ]
    if game.rent is not None:
        both = f"you {game.move_label(0, 0)} and they {game.move_label(1, 0)}"
        rent = (
            f"Relational rent: on a turn when {both}, each of you earns {game.rent.step:g} "
            "more for each such turn in a row before it, up to "
            f"+{game.rent.max_bonus:g} after {game.rent.cap} turns."
        )
        lines.append(wrap(rent))
    if game.governance is not None:
        governance = game.governance.describe()
        lines.append(wrap(f"{governance[0].upper()}{governance[1:]} (in the payoffs above)."))
    return lines


def _outcome(game: Any, mine: int, theirs: int) -> str:
    """``"you keep quality, they pay fairly"`` (``"you C, they D"`` in a classic game)."""
    return f"you {game.move_label(0, mine)}, they {game.move_label(1, theirs)}"


def _play_turns(match: Any) -> bool:
    """Prompt for moves until the match ends; True if the player stopped it first."""
    from strategies import Action
    from strategies.base import moves_to_str

    game = match.game
    if game.labelled:
        choices = f"C ({game.move_label(0, 0)}), D ({game.move_label(0, 1)}) or q"
    else:
        choices = "your move (C, D or q)"
    try:
        while not match.finished:
            choice = click.prompt(
                f"Turn {match.turn + 1}: {choices}",
                type=click.Choice(["C", "D", "q"], case_sensitive=False),
                show_choices=False,
            )
            if choice.lower() == "q":
                return True
            turn = match.play(Action.from_char(choice))
            notes = []
            if turn.my_flip:
                notes.append("noise flipped your move")
            if turn.their_flip:
                notes.append("noise flipped their move")
            rent = f" (+{turn.rent:g} relational rent each)" if turn.rent else ""
            click.echo(
                f"  {_outcome(game, turn.mine, turn.theirs)}: you {turn.my_payoff:+g}, they "
                f"{turn.their_payoff:+g}{rent}   total: you {match.scores[0]:g}, they "
                f"{match.scores[1]:g}" + (f"   ({'; '.join(notes)})" if notes else "")
            )
            window = slice(max(0, match.turn - 30), match.turn)
            click.echo(f"  you:  {moves_to_str(match.mine[window])}")
            click.echo(f"  they: {moves_to_str(match.theirs[window])}")
    except click.Abort:  # end of input
        return True
    return False


@click.command("class-tournament")
@click.argument("folder", type=click.Path(path_type=Path))
@click.option("--roster", default=None, help="Also play a preset roster (e.g. classroom).")
@round_robin_options
@click.option(
    "--tell-length",
    is_flag=True,
    help="Tell strategies the match length (hidden by default in class tournaments; "
    "never known with --prob-end).",
)
@folder_option("--out", "Results folder (default: results/class-<date>-<time>).")
@click.option("--no-plots", is_flag=True, help="Skip the PNG plots.")
def class_tournament_cmd(
    folder: Path,
    roster: str | None,
    turns: int | None,
    prob_end: float | None,
    repetitions: int,
    noise: float,
    game: str,
    payoffs: str | None,
    seed: int,
    tell_length: bool,
    out: Path | None,
    no_plots: bool,
) -> None:
    """Validate every strategy file in FOLDER, play the valid ones (with --roster if
    given) and write a leaderboard. Invalid or failing files are listed with the reason;
    they never change the others' results."""
    from strategies.rosters import get_roster
    from tournament.classroom import run_class_tournament
    from tournament.common.validation import check_noise, check_positive_int

    turns, prob_end = parse_horizon(turns, prob_end)
    the_game = parse_game(game, payoffs)
    check_noise(noise)
    check_positive_int("repetitions", repetitions)
    names = get_roster(roster).names() if roster else []
    if out is None:
        out = timestamped("class")
    check_writable(out)
    click.echo(f"Checking the submissions in {folder}/ ...")
    with progress_bar("matches", quiet=False) as progress:
        results = run_class_tournament(
            folder,
            names,
            game=the_game,
            turns=turns,
            prob_end=prob_end,
            repetitions=repetitions,
            noise=noise,
            seed=seed,
            tell_length=tell_length,
            on_verdict=_show_verdict,
            on_disqualified=_show_disqualified,
            on_sandbox=lambda line: click.echo(f"Sandbox: {line}"),
            progress=progress,
        )
    for path in results.ignored:
        click.echo(f"  {path.name}: ignored (not a .py or .toml file)")
    results.write(out, plots=not no_plots)
    click.echo("")
    click.echo(format_summary(results.leaderboard, the_game))
    table = results.submissions_table()
    bad = table[table["status"] != "played"]
    if len(bad):
        click.echo(f"\nNot played ({len(bad)}):")
        for row in bad.itertuples(index=False):
            click.echo(f"  {row.file}: {row.status}: {row.reason}")
    click.echo(
        f"\nResults written to {out}/ (leaderboard.csv, leaderboard.png, submissions.csv, "
        "students/<file>.csv)"
    )


def _show_verdict(verdict: Any) -> None:
    status = "valid" if verdict.valid else f"INVALID ({verdict.reason})"
    click.echo(f"  {verdict.path.name}: {status}")


def _show_disqualified(name: str, reason: str) -> None:
    click.echo(f"  {name}: DISQUALIFIED during the tournament ({reason}); playing again without it")
