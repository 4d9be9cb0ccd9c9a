"""``ipd strategies`` and ``ipd games``: what there is to play with."""

from __future__ import annotations

import json
from typing import Any

import click


@click.command("strategies")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list instead of a table.")
@click.option("--family", default=None, help="Only strategies of this family.")
@click.option("--rosters", is_flag=True, help="List the preset rosters instead.")
@click.option(
    "--axelrod", "adapted", is_flag=True, help="List the Axelrod-library strategies instead."
)
def strategies_cmd(as_json: bool, family: str | None, rosters: bool, adapted: bool) -> None:
    """List every strategy with its family, memory depth and whether it is stochastic."""
    from strategies import FAMILIES, REGISTRY

    if rosters:
        _list_rosters(as_json)
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
def games_cmd() -> None:
    """List the preset games with their payoffs and whether they are prisoner's dilemmas."""
    from tournament.core.games import GAMES

    for name, factory in GAMES.items():
        game = factory()
        click.echo(click.style(name, bold=True) + f"  ({(factory.__doc__ or '').splitlines()[0]})")
        for role in range(1 if game.symmetric else 2):
            r, s, t, p = game.rstp(role)
            label = "payoffs" if game.symmetric else f"{game.roles[role]:<8}"
            click.echo(f"    {label}  R={r:g} S={s:g} T={t:g} P={p:g}")
        for line in game.pd_report().splitlines():
            click.echo(f"    {line}")
    click.echo("\nCustom games: --payoffs 'R,S,T,P' or 'R,S,T,P;R,S,T,P' (row role; column role).")
