"""``ipd serve``: the classroom in the browser, on the instructor's machine."""

from __future__ import annotations

import contextlib
import socket
from typing import Any

import click

from tournament.cli.options import GAME_HELP

#: The options that make a classroom's settings: refused when reopening one.
SETTING_OPTIONS = ("game", "turns", "prob_end", "noise", "hide_length", "bots", "seed")


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
                "or start another with --classroom NEW-NAME."
            )
        return Classroom.open(database)
    turns, prob_end = options["turns"], options["prob_end"]
    if turns is None and prob_end is None:
        turns = 10
    bots = options["bots"]
    settings = ClassroomSettings(
        title=name,
        game=options["game"],
        turns=turns,
        prob_end=prob_end,
        hide_length=options["hide_length"],
        noise=options["noise"],
        seed=options["seed"],
        **({} if bots is None else {"bots": tuple(b.strip() for b in bots.split(",") if b)}),
    ).check()
    folder.mkdir(parents=True, exist_ok=True)
    return Classroom.create(database, settings)


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


def run_server(app: Any, host: str, port: int) -> None:
    """Serve until Ctrl-C (open event streams are cut after a second)."""
    import uvicorn

    config = uvicorn.Config(
        app, host=host, port=port, log_level="warning", timeout_graceful_shutdown=1
    )
    uvicorn.Server(config).run()


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
@click.option("--seed", type=int, default=1, show_default=True, help="Random seed of the session.")
@click.pass_context
def serve_cmd(ctx: click.Context, name: str, host: str, port: int, **options: Any) -> None:
    """Run the classroom in the browser: students join from their phones, play, submit
    strategies; the instructor runs rounds and the class tournament and projects the
    results. Prints the instructor's address (with its secret token) and the students'."""
    from tournament.web.app import create_app

    given = {
        key
        for key in options
        if ctx.get_parameter_source(key) is not click.core.ParameterSource.DEFAULT
    }
    room = open_classroom(name, options, given)
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
            run_server(create_app(room, join_url=join), host, port)
    finally:
        room.close()
    click.echo(f"Server stopped. Everything is saved in {room.path}.")
