"""``ipd serve``: the classroom in the browser, on the instructor's machine."""

from __future__ import annotations

import contextlib
import socket
from datetime import datetime
from pathlib import Path
from typing import Any

import click

from tournament.cli.options import GAME_HELP

#: The options that make a classroom's settings: refused when reopening one.
SETTING_OPTIONS = ("game", "turns", "prob_end", "noise", "hide_length", "bots", "roster", "seed")


def open_classroom(name: str, options: dict[str, Any], given: set[str]) -> Any:
    """Create the classroom ``name`` from ``options``, or reopen it as it was; reopening
    refuses the setting options in ``given`` (they would change a running session)."""
    from strategies.errors import IPDError
    from tournament.web.room import Classroom, ClassroomSettings, classroom_folder

    folder = classroom_folder("results", name)
    database = folder / "classroom.sqlite"
    if database.exists():
        changed = sorted(f"--{o.replace('_', '-')}" for o in given & set(SETTING_OPTIONS))
        if changed:
            raise IPDError(
                f"classroom {name!r} exists already ({folder}) with its own settings; "
                f"{', '.join(changed)} cannot change them. Leave "
                f"{'it' if len(changed) == 1 else 'them'} out to continue that session, "
                "or start another with --classroom NEW-NAME (until the first round opens, "
                "the instructor's dashboard can change the settings)."
            )
        return Classroom.open(database)
    turns, prob_end = options["turns"], options["prob_end"]
    if turns is None and prob_end is None:
        turns = 10
    from strategies.rosters import get_roster

    bots = [] if options["roster"] is None else get_roster(options["roster"]).names()
    bots += [b.strip() for b in (options["bots"] or "").split(",") if b.strip()]
    settings = ClassroomSettings(
        title=name,
        game=options["game"],
        turns=turns,
        prob_end=prob_end,
        hide_length=options["hide_length"],
        noise=options["noise"],
        seed=options["seed"],
        **({"bots": tuple(bots)} if bots else {}),
    ).check()
    folder.mkdir(parents=True, exist_ok=True)
    return Classroom.create(database, settings)


def existing_classrooms(root: str | Path = "results") -> list[str]:
    """The names (``--classroom`` values) of the classrooms stored under ``root``."""
    return sorted(
        folder.name.removeprefix("classroom-")
        for folder in Path(root).glob("classroom-*")
        if (folder / "classroom.sqlite").is_file()
    )


def export_classroom(name: str, out: Path | None) -> tuple[Path, list[Path]]:
    """Write the stored classroom ``name`` (a CSV per table and ``session.json``) to
    ``out`` (default: its ``exports/<time>`` folder); returns the folder and the files.
    Reads only: the classroom may be in use by a running server."""
    from strategies.errors import IPDError
    from tournament.web.room import Classroom, classroom_folder

    folder = classroom_folder("results", name)
    if not (folder / "classroom.sqlite").is_file():
        names = existing_classrooms()
        there = (
            f"the classrooms in results/: {', '.join(names)}"
            if names
            else "results/ holds none (`ipd serve --classroom NAME` starts one)"
        )
        raise IPDError(f"classroom {name!r}: no {folder / 'classroom.sqlite'} here; {there}")
    room = Classroom.open(folder)
    try:
        target = out or folder / "exports" / datetime.now().strftime("%Y%m%d-%H%M%S")
        return target, room.export(target)
    finally:
        room.close()


def lan_address() -> str | None:
    """This machine's address on the local network (no packet is sent), or None."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("10.254.254.254", 1))
            address = probe.getsockname()[0]
        except OSError:
            return None
    return None if address.startswith("127.") else address


def check_port(host: str, port: int) -> None:
    from strategies.errors import IPDError

    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            raise IPDError(
                f"cannot listen on {host}:{port} ({exc.strerror or exc}): another program "
                "uses that port, or the address is not this machine's; choose another --port"
            ) from None


@click.command("serve")
@click.option(
    "--classroom",
    "name",
    default="classroom",
    show_default=True,
    help="The session's name: it lives in results/classroom-NAME/ and reopens there.",
)
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on: 0.0.0.0 lets the classroom's network in.",
)
@click.option("--port", type=int, default=8000, show_default=True, help="Port to listen on.")
@click.option("--game", default="classic", show_default=True, help=GAME_HELP)
@click.option(
    "--turns", type=int, default=None, help="Length of the students' matches (default 10)."
)
@click.option(
    "--prob-end",
    type=float,
    default=None,
    help="Instead of --turns: end after each turn with this probability.",
)
@click.option("--noise", type=float, default=0.0, show_default=True, help="Move-flip probability.")
@click.option(
    "--hide-length/--show-length",
    default=True,
    show_default=True,
    help="Whether players (and bots) are told the match length.",
)
@click.option(
    "--bots",
    default=None,
    help='The bots in the room, comma-separated (default "Tit For Tat,Defector,'
    'Cooperator,Grudger,Random").',
)
@click.option(
    "--roster",
    default=None,
    help="A preset roster of bots ('ipd strategies --rosters'), with any --bots added.",
)
@click.option("--seed", type=int, default=1, show_default=True, help="Random seed of the session.")
@click.option(
    "--export",
    "export",
    is_flag=True,
    help="Instead of serving: write the classroom's whole session (a CSV per table and "
    "session.json) and exit. Safe while a server runs it.",
)
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="With --export: the folder to write (default results/classroom-NAME/exports/TIME).",
)
@click.pass_context
def serve_cmd(
    ctx: click.Context,
    name: str,
    host: str,
    port: int,
    export: bool,
    out: Path | None,
    **options: Any,
) -> None:
    """Run the classroom in the browser: students join from their phones, play, submit
    strategies; the instructor runs rounds and the class tournament and projects the
    results. Prints the instructor's address (with its secret token) and the students'.
    With --export, write a stored session as CSV and JSON instead."""
    from strategies.errors import IPDError
    from tournament.web import server
    from tournament.web.app import create_app

    given = {
        key
        for key in (*options, "host", "port", "out")
        if ctx.get_parameter_source(key) is not click.core.ParameterSource.DEFAULT
    }
    if export:
        ignored = sorted(f"--{o.replace('_', '-')}" for o in given - {"out"})
        if ignored:
            raise IPDError(
                f"--export writes a stored classroom as it is; {', '.join(ignored)} cannot "
                "be used with it (only --classroom and --out)"
            )
        folder, paths = export_classroom(name, out)
        click.echo(f"Exported classroom {name!r} to {folder}:")
        click.echo("  " + ", ".join(path.name for path in paths))
        return
    if out is not None:
        raise IPDError("--out: only with --export (the folder the export is written to)")
    room = open_classroom(name, options, given - {"host", "port", "out"})
    try:
        check_port(host, port)
        shown = "127.0.0.1" if host in ("0.0.0.0", "::", "") else host
        lan = lan_address() if host in ("0.0.0.0", "::", "") else None
        join = f"http://{lan or shown}:{port}/"
        click.echo(f"Classroom {name!r} in {room.path}")
        click.echo(
            f"Instructor (keep this secret): http://{shown}:{port}/teacher?token="
            f"{room.instructor_token}"
        )
        click.echo(f"Students join at:              {join}")
        if host in ("127.0.0.1", "localhost"):
            click.echo("Only this machine can connect; --host 0.0.0.0 lets the classroom in.")
        elif lan is None:
            click.echo("(No network address found: students use this machine's address.)")
        click.echo("Stop with Ctrl-C; `ipd serve --classroom NAME` continues the session.")
        with contextlib.suppress(KeyboardInterrupt):  # uvicorn stops, then re-raises it
            server.run_server(create_app(room, join_url=join), host, port)
    finally:
        room.close()
    click.echo(f"Server stopped. Everything is saved in {room.path}.")
