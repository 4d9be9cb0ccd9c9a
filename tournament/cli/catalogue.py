"""``ipd strategies`` and ``ipd games``: what there is to play with."""

from __future__ import annotations

import inspect
import json
import shlex
from typing import Any

import click


@click.command("strategies")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list instead of a table.")
@click.option("--family", default=None, help="Only strategies of this family.")
@click.option("--rosters", is_flag=True, help="List the preset rosters instead.")
@click.option(
    "--axelrod", "adapted", is_flag=True, help="List the Axelrod-library strategies instead."
)
@click.option(
    "--transformers",
    is_flag=True,
    help="List the strategy transformers instead ('Dual(Tit For Tat)', ...).",
)
def strategies_cmd(
    as_json: bool, family: str | None, rosters: bool, adapted: bool, transformers: bool
) -> None:
    """List every strategy with its family, memory depth and whether it is stochastic."""
    from strategies import FAMILIES, REGISTRY

    if rosters:
        _list_rosters(as_json)
        return
    if transformers:
        _list_transformers(as_json)
        return
    if adapted:
        _list_adapted(as_json)
        return

    if family is not None and family not in FAMILIES:
        from strategies.errors import IPDError, did_you_mean

        raise IPDError(
            f"unknown family {family!r}.{did_you_mean(family, FAMILIES)} "
            f"Expected one of: {', '.join(FAMILIES)}"
        )
    rows = []
    for cls in REGISTRY:
        if family is not None and cls.family != family:
            continue
        player = cls()
        rows.append(
            {
                "name": cls.name,
                "family": cls.family,
                "memory_depth": cls.memory_depth,
                "stochastic": bool(player.is_stochastic()),
                "parameters": {k: _jsonable(v) for k, v in cls.param_defaults().items()},
                "aliases": list(cls.aliases),
                "axelrod": player.axelrod_name(),
                "description": (cls.__doc__ or "").strip().split("\n\n")[0].replace("\n", " "),
            }
        )
    if as_json:
        click.echo(json.dumps(rows, indent=2))
        return
    _print_strategies(rows)


def _print_strategies(rows: list[dict[str, Any]]) -> None:
    width = max(len(r["name"]) for r in rows) if rows else 10
    header = f"{'strategy':<{width}}  {'family':<16} {'memory':>6}  {'stochastic':<10}  axelrod"
    click.echo(header)
    click.echo("-" * len(header))
    for r in rows:
        memory = "inf" if r["memory_depth"] is None else str(r["memory_depth"])
        click.echo(
            f"{r['name']:<{width}}  {r['family']:<16} {memory:>6}  "
            f"{'yes' if r['stochastic'] else 'no':<10}  {r['axelrod'] or '-'}"
        )
    click.echo(f"\n{len(rows)} strategies. Parameterised ones take e.g. 'Random(0.3)'.")
    click.echo("New ones from old: 'Dual(Tit For Tat)', ... (ipd strategies --transformers).")


def _list_rosters(as_json: bool) -> None:
    from strategies.rosters import ROSTERS

    rows = [
        {"name": r.name, "description": r.description, "strategies": r.names()}
        for r in ROSTERS.values()
    ]
    if as_json:
        click.echo(json.dumps(rows, indent=2))
        return
    for row in rows:
        click.echo(
            click.style(row["name"], bold=True)
            + f" ({len(row['strategies'])}): "
            + row["description"]
        )
        click.echo("    " + ", ".join(row["strategies"]))
    click.echo("\nUse one with 'ipd tournament --roster NAME' (names may be added to it).")


def _list_transformers(as_json: bool) -> None:
    from strategies.transformers import TRANSFORMERS, transformer_parameters

    rows = []
    for key, cls in TRANSFORMERS.items():
        params = transformer_parameters(cls)
        rows.append(
            {
                "name": key,
                "names": [n for n in cls.names if n != key],
                "parameters": {
                    k: None if v is inspect.Parameter.empty else _jsonable(v)
                    for k, v in params.items()
                },
                "required": [k for k, v in params.items() if v is inspect.Parameter.empty],
                "example": cls.example,
                "library_prefix": cls.prefix,
                "description": " ".join((cls.__doc__ or "").strip().split("\n\n")[0].split()),
            }
        )
    if as_json:
        click.echo(json.dumps(rows, indent=2))
        return
    from tournament.cli.options import wrap

    for row in rows:
        given = [k if k in row["required"] else f"{k}={v!r}" for k, v in row["parameters"].items()]
        click.echo(click.style(f"{row['name']}({', '.join(['strategy', *given])})", bold=True))
        click.echo(wrap(row["description"].replace("``", "'"), " " * 4))
        click.echo(f"    e.g. {row['example']}  (the library's '{row['library_prefix']} ...')")
    click.echo(
        "\nA transformer wraps any strategy spec, another transformer included: "
        "'Dual(Noisy(Tit For Tat, 0.1))'."
    )


def _list_adapted(as_json: bool) -> None:
    from strategies.interop import PREFIX, axelrod_catalogue, refusal

    rows = []
    for label, cls in sorted(axelrod_catalogue().items(), key=lambda kv: kv[0].lower()):
        depth = cls.classifier.get("memory_depth")
        reason = refusal(cls)
        rows.append(
            {
                "name": PREFIX + label,
                "class": cls.__name__,
                "memory_depth": None if depth in (None, float("inf")) else int(depth),
                "stochastic": bool(cls.classifier.get("stochastic")),
                "usable": reason is None,
                "refused_because": reason,
            }
        )
    if as_json:
        click.echo(json.dumps(rows, indent=2))
        return
    width = max(len(r["name"]) for r in rows)
    for r in rows:
        memory = "inf" if r["memory_depth"] is None else str(r["memory_depth"])
        note = "" if r["usable"] else f"  refused: {r['refused_because']}"
        click.echo(
            f"{r['name']:<{width}}  {memory:>4}  "
            f"{'stochastic' if r['stochastic'] else '':<10}{note}"
        )
    usable = sum(r["usable"] for r in rows)
    click.echo(
        f"\n{usable} of {len(rows)} Axelrod-library strategies can play here as "
        "'axelrod:<name>' (or 'axelrod:<ClassName>(param=value)'). They run through an "
        "adapter, match by match: hundreds of times slower than native strategies."
    )


def _jsonable(value: Any) -> Any:
    if isinstance(value, tuple):
        return [_jsonable(v) for v in value]
    return value


@click.command("games")
@click.argument("name", required=False)
@click.option(
    "--toml",
    "as_toml",
    is_flag=True,
    help="Print the game NAME as a scenario file, to save, edit and pass to --game.",
)
def games_cmd(name: str | None, as_toml: bool) -> None:
    """List the preset games: the classic ones with their payoffs, then the business
    scenarios with their stories, roles and named moves. With NAME (a preset, with
    parameters as in 'supplier-buyer-power(monitoring=1)', or a scenario .toml file),
    show that game in full."""
    from strategies.errors import IPDError
    from tournament.core.games import get_game
    from tournament.core.scenarios import scenario_to_toml

    if name is None:
        if as_toml:
            raise IPDError(
                "--toml prints one game: give its NAME, as in "
                "'ipd games supplier-buyer --toml > my-scenario.toml'"
            )
        _list_games()
        return
    game = get_game(name)
    if as_toml:
        click.echo(scenario_to_toml(game), nl=False)
        return
    click.echo(_heading(game.name, _summary(name)))
    for line in _game_lines(game) + _outcome_lines(game):
        click.echo(line)
    click.echo(
        f"\nSave it as a scenario file to edit: ipd games {shlex.quote(name)} --toml > my-game.toml"
    )


def _list_games() -> None:
    """Every preset, grouped: classic games, then business scenarios."""
    from tournament.core.games import GAMES
    from tournament.core.scenarios import SCENARIOS

    groups = {
        "Classic games": [n for n in GAMES if n not in SCENARIOS],
        "Business scenarios": [n for n in GAMES if n in SCENARIOS],
    }
    for title, names in groups.items():
        click.echo(click.style(title, bold=True, underline=True))
        for name in names:
            factory = GAMES[name]
            click.echo(_heading(_signature(name, factory), _summary(name)))
            for line in _game_lines(factory()):
                click.echo(line)
            if name in SCENARIOS:  # several paragraphs each: keep them apart
                click.echo()
        if title == "Classic games":
            click.echo()
    click.echo(
        "Play one with --game NAME, parameters in brackets: "
        "--game 'supplier-buyer-power(monitoring=1)'.\n"
        "Show one in full: ipd games NAME. Your own scenario: "
        "ipd games supplier-buyer --toml > my.toml,\n"
        "edit it, then --game my.toml (a scenario file works wherever a game name does).\n"
        "Custom payoffs: --payoffs 'R,S,T,P' or 'R,S,T,P;R,S,T,P' (row role; column role)."
    )


def _heading(name: str, summary: str) -> str:
    """``name  (summary)``, the name in bold, wrapped under the name."""
    from tournament.cli.options import wrap

    text = wrap(f"{name}  ({summary})" if summary else name, hanging=" " * 4)
    return click.style(name, bold=True) + text[len(name) :]


def _signature(name: str, factory: Any) -> str:
    """``"supplier-buyer-trust(step=0.25, cap=8)"``: the preset and its parameters."""
    import inspect

    parameters = inspect.signature(factory).parameters.values()
    given = ", ".join(f"{p.name}={p.default:g}" for p in parameters)
    return f"{name}({given})" if given else name


def _summary(spec: str) -> str:
    """The first paragraph of a preset's docstring (``spec`` may carry parameters), or
    what a scenario file is."""
    from tournament.core.games import GAMES

    if spec.strip().endswith(".toml"):
        return f"scenario file {spec.strip()}"
    factory = GAMES.get(spec.split("(")[0].strip().lower().replace("_", "-"))
    paragraph = (factory.__doc__ or "").strip().split("\n\n")[0] if factory else ""
    return " ".join(paragraph.split()).replace("``", "'")


def _game_lines(game: Any) -> list[str]:
    """A game as ``ipd games`` shows it: story, moves and payoffs per role, rents,
    governance, and whether each role faces a prisoner's dilemma."""
    from tournament.cli.options import wrap
    from tournament.core.game import constant_sum_violations

    lines = [wrap(game.description, " " * 4)] if game.description else []
    governed = " (governance included)" if game.governance is not None else ""
    for role in range(1 if game.symmetric else 2):
        r, s, t, p = game.rstp(role)
        numbers = f"R={r:g} S={s:g} T={t:g} P={p:g}{governed}"
        if game.labelled:
            who = "moves" if game.symmetric else game.roles[role]
            lines += [f"    {who}: {game.legend(role)}", f"        payoffs {numbers}"]
        else:
            label = "payoffs" if game.symmetric else f"{game.roles[role]:<8}"
            lines.append(f"    {label}  {numbers}")
    notes = [extra.describe() for extra in (game.rent, game.governance) if extra]
    notes += game.pd_report().splitlines()
    if not constant_sum_violations(game.payoffs):
        total = game.payoffs[0, 0, 0] + game.payoffs[1, 0, 0]
        notes.append(
            f"a fixed pie (constant-sum): whatever both do, the two sides share {total:g} "
            "each turn, so reciprocity cannot create value"
        )
    return lines + [wrap(note, " " * 4, " " * 6) for note in notes]


def _outcome_lines(game: Any) -> list[str]:
    """Both sides' payoffs in each of the four outcomes, moves named."""
    first, second = game.roles
    who = f"{first}'s move / {second}'s move: {first}, {second}"
    outcomes = [
        (
            f"{game.move_label(0, a)} / {game.move_label(1, b)}",
            game.payoffs[0, a, b],
            game.payoffs[1, b, a],
        )
        for a in (0, 1)
        for b in (0, 1)
    ]
    width = max(len(text) for text, _, _ in outcomes) + 1
    lines = [f"    Payoffs per turn ({who}){' before relational rents' if game.rent else ''}:"]
    lines += [f"        {text + ':':<{width}} {x:g}, {y:g}" for text, x, y in outcomes]
    return lines
