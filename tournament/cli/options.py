"""Options and small helpers shared by the commands: horizon, game (and what its moves
mean), results folders, the ranking table, the plan line and the progress bar."""

from __future__ import annotations

import shutil
import sys
import textwrap
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

import click

HORIZON_HELP = "Fixed match length (default 200)."
PROB_END_HELP = "Ending probability after each turn (random lengths, mean 1/P) instead of --turns."
GAME_HELP = (
    "A preset game ('ipd games'), with parameters as in "
    "'supplier-buyer-power(monitoring=1)', or a scenario .toml file."
)
PAYOFFS_HELP = "Custom payoffs 'R,S,T,P' (or two groups, 'R,S,T,P;R,S,T,P': row; column)."


def folder_option(name: str, text: str) -> Any:
    """A ``--name DIR`` option for a folder (checked when used, not by click)."""
    return click.option(
        name, type=click.Path(file_okay=False, path_type=Path), default=None, help=text
    )


def round_robin_options(command: Any) -> Any:
    """The options of every command that plays a round robin."""
    options = [
        click.option("--turns", type=int, default=None, help=HORIZON_HELP),
        click.option("--prob-end", type=float, default=None, help=PROB_END_HELP),
        click.option("--repetitions", type=int, default=10, show_default=True, help="Repetitions."),
        click.option(
            "--noise", type=float, default=0.0, show_default=True, help="Move-flip probability."
        ),
        click.option("--game", default="classic", show_default=True, help=GAME_HELP),
        click.option("--payoffs", default=None, help=PAYOFFS_HELP),
        click.option("--seed", type=int, default=1, show_default=True, help="Random seed."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


#: ``--hide-length``: strategies are told the length of fixed-length matches by default.
hide_length_option = click.option(
    "--hide-length",
    is_flag=True,
    help="Do not tell strategies the match length (told by default for fixed-length "
    "matches, as in Axelrod's tournaments; never known with --prob-end).",
)


def parse_horizon(turns: int | None, prob_end: float | None) -> tuple[int | None, float | None]:
    """``--turns`` or ``--prob-end`` (not both); 200 turns when neither is given."""
    from strategies.errors import IPDError

    if turns is not None and prob_end is not None:
        raise IPDError("give either --turns or --prob-end, not both")
    if turns is None and prob_end is None:
        turns = 200
    return turns, prob_end


def parse_game(name: str, payoffs: str | None):
    """The game of ``--game`` or ``--payoffs`` (not both)."""
    from strategies.errors import IPDError
    from tournament.core.games import get_game, parse_payoffs

    if payoffs is not None:
        if name not in ("classic", "custom"):
            raise IPDError("give either --game or --payoffs, not both")
        return parse_payoffs(payoffs)
    return get_game(name)


def game_notes(game: Any) -> list[str]:
    """What a game adds to plain payoffs, one line each: what cooperating means (a game
    that names its moves), its relational rent and its governance; none for a classic
    game."""

    notes = [game.cooperation_note()] if game.labelled else []
    notes += [extra.describe() for extra in (game.rent, game.governance) if extra is not None]
    return notes


def wrap(text: str, indent: str = "", hanging: str | None = None) -> str:
    """``text`` wrapped to the terminal (at most 88 columns), its first line after
    ``indent``, the others after ``hanging`` (default: ``indent``); words and hyphenated
    names are never split."""
    width = min(88, max(40, shutil.get_terminal_size((88, 24)).columns))
    return textwrap.fill(
        text,
        width,
        initial_indent=indent,
        subsequent_indent=indent if hanging is None else hanging,
        break_long_words=False,
        break_on_hyphens=False,
    )


def timestamped(prefix: str) -> Path:
    """The default results folder: ``results/<prefix>-<date>-<time>``."""
    return Path("results") / datetime.now().strftime(f"{prefix}-%Y%m%d-%H%M%S")


def check_not_file(out: Path) -> None:
    """Refuse, before any work, an ``--out`` that names a file or that cannot be
    created (a file in the way, or a folder this user may not write in)."""
    import os

    from strategies.errors import IPDError

    if out.exists() and not out.is_dir():
        raise IPDError(f"--out {str(out)!r} is a file: expected a folder")
    existing = out.absolute()
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    why = ""
    if not existing.is_dir():
        why = f"{str(existing)!r} is a file"
    elif not os.access(existing, os.W_OK | os.X_OK):
        why = f"no permission to write in {str(existing)!r}"
    if why:
        raise IPDError(f"cannot create results folder {str(out)!r}: {why}")


matches_option = click.option(
    "--matches",
    "matches_format",
    type=click.Choice(["auto", "csv", "parquet", "none"]),
    default="auto",
    show_default=True,
    help="The per-match table: matches.csv, matches.parquet (columnar, for large runs; "
    "auto picks it from a million rows) or none. It is written as the matches are played.",
)


def check_writable(out: Path) -> None:
    """Create the results folder ``out``, or say why it cannot be."""
    from strategies.errors import IPDError

    check_not_file(out)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise IPDError(f"cannot create results folder {str(out)!r}: {exc.strerror}") from None


def format_summary(summary, game: Any = None) -> str:
    """A ranking table (``rank``, ``strategy``, ``family``, scores, wins, cooperation),
    under the ``game``'s notes (what cooperating means, rents, governance) if given."""
    width = max(len("strategy"), *(len(s) for s in summary["strategy"]))
    notes = [wrap(note, hanging="  ") for note in game_notes(game)] if game is not None else []
    lines = [*notes, ""] if notes else []
    lines += [
        f"{'rank':>4}  {'strategy':<{width}}  {'family':<16} {'score/turn':>10} "
        f"{'median':>7} {'wins':>6} {'coop':>6}"
    ]
    lines.append("-" * len(lines[-1]))
    for row in summary.itertuples(index=False):
        lines.append(
            f"{row.rank:>4}  {row.strategy:<{width}}  {row.family:<16} "
            f"{row.score_per_turn:>10.3f} {row.median_score_per_turn:>7.3f} {row.wins:>6d} "
            f"{row.cooperation_rate:>6.1%}"
        )
    return "\n".join(lines)


#: ``--memory-budget``: what a run may use; it changes how, never what, is computed.
memory_budget_option = click.option(
    "--memory-budget",
    default=None,
    metavar="SIZE",
    help="Memory the run may use, e.g. 500MB or 2GB (default: a quarter of this machine's, "
    "at most 4 GiB). Long matches keep a sliding window of the history to fit it; "
    "results do not depend on it.",
)


#: Runs estimated to take at least this long (seconds) print their plan first.
PLAN_SECONDS = 1.0


def announce_plan(plan: Any, quiet: bool) -> None:
    """Print the plan of a run that is not instant (on stderr, so stdout stays the
    results), unless ``quiet``."""
    if not quiet and plan.seconds >= PLAN_SECONDS:
        click.echo(plan.describe(), err=True)


@contextmanager
def progress_bar(label: str, quiet: bool) -> Iterator[Callable[[int, int], None] | None]:
    """A progress bar on stderr, shown on a terminal only and not when ``quiet``;
    yields the ``progress(done, total)`` callback to give the run (or ``None``)."""
    if quiet or not sys.stderr.isatty():
        yield None
        return
    bars: list[Any] = []

    def update(done: int, total: int) -> None:
        if not bars:
            bar = click.progressbar(
                length=max(total, 1), label=label, file=sys.stderr, show_eta=True
            )
            bars.append(bar.__enter__())
        bars[0].update(done - bars[0].pos)

    try:
        yield update
    finally:
        if bars:
            bars[0].__exit__(None, None, None)


def write_error(out: Path, exc: OSError, existed: bool) -> Exception:
    """The one-line error for results that could not be written (a full disk, a
    file-size limit), once what this run wrote has been taken away."""
    from strategies.errors import IPDError

    kept = "" if existed else f" (folder {out} removed)"
    return IPDError(
        f"could not write the results to {out}: {exc.strerror or exc}; "
        f"nothing was kept{kept}. Free some space or choose another --out."
    )


def write_results(
    results: Any,
    out: Path,
    plots: bool = True,
    matches: str = "auto",
    before: tuple[bool, set[Path]] | None = None,
) -> None:
    """Write a round robin's results into ``out`` (created if needed). Each file is
    written whole or not at all; if writing stops (Ctrl-C, a full disk, a file-size
    limit), the files this run wrote are taken away and the message says so.

    ``before``: whether ``out`` existed and what it held before the run, when the run
    already wrote into it (a per-match table streamed while playing)."""
    existed, held = before if before is not None else (out.exists(), None)
    check_writable(out)
    held = set(out.iterdir()) if held is None else held
    try:
        results.write(out, plots=plots, matches=matches)
    except BaseException as exc:
        for path in set(out.iterdir()) - held:
            path.unlink(missing_ok=True)
        if not existed and not any(out.iterdir()):
            out.rmdir()
        kept = "" if existed else f" (folder {out} removed)"
        if isinstance(exc, OSError):
            raise write_error(out, exc, existed) from None
        click.echo(f"No results written{kept}.", err=True)
        raise
