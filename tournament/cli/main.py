"""The ``ipd`` command: a thin click layer over the library."""

from __future__ import annotations

import json
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

import click

from strategies.errors import IPDError

__all__ = ["main"]

_HORIZON_HELP = "Fixed match length (default 200)."
_PROB_END_HELP = "Ending probability after each turn (random lengths, mean 1/P) instead of --turns."


class _Group(click.Group):
    """Turns user mistakes (:class:`IPDError`) into a one-line error and exit code 2."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except IPDError as exc:
            click.echo(f"Error: {exc}", err=True)
            ctx.exit(2)
        except KeyboardInterrupt:
            click.echo("Interrupted.", err=True)
            ctx.exit(130)


def _folder_option(name: str, text: str) -> Any:
    """A ``--name DIR`` option for a folder (checked when used, not by click)."""
    return click.option(
        name, type=click.Path(file_okay=False, path_type=Path), default=None, help=text
    )


def _round_robin_options(command: Any) -> Any:
    """The options of every command that plays a round robin."""
    options = [
        click.option("--turns", type=int, default=None, help=_HORIZON_HELP),
        click.option("--prob-end", type=float, default=None, help=_PROB_END_HELP),
        click.option("--repetitions", type=int, default=10, show_default=True, help="Repetitions."),
        click.option(
            "--noise", type=float, default=0.0, show_default=True, help="Move-flip probability."
        ),
        click.option(
            "--game", default="classic", show_default=True, help="Preset game ('ipd games')."
        ),
        click.option("--payoffs", default=None, help="Custom payoffs 'R,S,T,P' (or two groups)."),
        click.option("--seed", type=int, default=1, show_default=True, help="Random seed."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def _horizon(turns: int | None, prob_end: float | None) -> tuple[int | None, float | None]:
    if turns is not None and prob_end is not None:
        raise IPDError("give either --turns or --prob-end, not both")
    if turns is None and prob_end is None:
        turns = 200
    return turns, prob_end


def _game(game: str, payoffs: str | None):
    from tournament.core.games import get_game, parse_payoffs

    if payoffs is not None:
        if game not in ("classic", "custom"):
            raise IPDError("give either --game or --payoffs, not both")
        return parse_payoffs(payoffs)
    return get_game(game)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="ipd-tournament", prog_name="ipd")
def main() -> None:
    """Iterated prisoner's dilemma tournaments: strategies, matches, round robins."""


@main.command("strategies")
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
        from strategies.errors import did_you_mean

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


@main.command("games")
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


def _styled(move: str) -> str:
    return click.style(move, fg="green" if move == "C" else "red", bold=move == "D")


@main.command("match")
@click.argument("first")
@click.argument("second")
@click.option("--turns", type=int, default=None, help=_HORIZON_HELP)
@click.option("--prob-end", type=float, default=None, help=_PROB_END_HELP)
@click.option("--noise", type=float, default=0.0, show_default=True, help="Move-flip probability.")
@click.option("--game", default="classic", show_default=True, help="Preset game name.")
@click.option("--payoffs", default=None, help="Custom payoffs 'R,S,T,P' (or two groups).")
@click.option("--seed", type=int, default=1, show_default=True, help="Random seed.")
@click.option("--width", type=int, default=50, show_default=True, help="Turns per line.")
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
) -> None:
    """Play one match between FIRST and SECOND and show both move sequences."""
    from tournament.core.match import play_match

    turns, prob_end = _horizon(turns, prob_end)
    result = play_match(
        first, second, turns, prob_end=prob_end, noise=noise, game=_game(game, payoffs), seed=seed
    )
    a, b = result.history()
    names = result.players
    label_width = max(len(n) for n in names) + 2
    horizon = f"{result.turns} turns" + (f" (ending probability {prob_end:g})" if prob_end else "")
    click.echo(
        f"{names[0]} vs {names[1]}: {result.game.name}, {horizon}, noise {noise:g}, seed {seed}\n"
    )
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
    for i, name in enumerate(names):
        click.echo(
            f"{name:<{label_width}}score {result.scores[i]:g}  ({per_turn[i]:.3f} per turn, "
            f"cooperated {result.cooperation[i]:.0%})"
        )
    winner = result.winner
    click.echo("Winner: " + (winner if winner else "tie"))


def _format_summary(summary) -> str:
    width = max(len("strategy"), *(len(s) for s in summary["strategy"]))
    lines = [
        f"{'rank':>4}  {'strategy':<{width}}  {'family':<16} {'score/turn':>10} "
        f"{'median':>7} {'wins':>6} {'coop':>6}"
    ]
    lines.append("-" * len(lines[0]))
    for row in summary.itertuples(index=False):
        lines.append(
            f"{row.rank:>4}  {row.strategy:<{width}}  {row.family:<16} "
            f"{row.score_per_turn:>10.3f} {row.median_score_per_turn:>7.3f} {row.wins:>6d} "
            f"{row.cooperation_rate:>6.1%}"
        )
    return "\n".join(lines)


@main.command("tournament")
@click.argument("names", nargs=-1)
@_round_robin_options
@click.option("--roster", default=None, help="A preset roster ('ipd strategies --rosters').")
@_folder_option("--out", "Results folder (default: results/tournament-<date>-<time>).")
@click.option("--no-plots", is_flag=True, help="Skip the PNG plots.")
@click.option("--quiet", "-q", is_flag=True, help="Print only the results folder.")
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
    out: Path | None,
    no_plots: bool,
    quiet: bool,
) -> None:
    """Play a round robin between NAMES and/or a --roster (default: the classic field of
    15) and rank them. Axelrod-library strategies enter as 'axelrod:<name>'."""
    from strategies.rosters import get_roster
    from tournament.core.round_robin import Tournament

    turns, prob_end = _horizon(turns, prob_end)
    players = (get_roster(roster).names() if roster else []) + list(names)
    tour = Tournament(
        players or None,
        game=_game(game, payoffs),
        turns=turns,
        prob_end=prob_end,
        repetitions=repetitions,
        noise=noise,
        seed=seed,
    )
    if out is None:
        out = Path("results") / datetime.now().strftime("tournament-%Y%m%d-%H%M%S")
    _check_writable(out)
    if not tour.game.is_prisoners_dilemma() and not quiet:
        click.echo(
            f"Note: {tour.game.name} is not a prisoner's dilemma.\n"
            + "\n".join("  " + line for line in tour.game.pd_report().splitlines()),
            err=True,
        )
    results = tour.play()
    results.write(out, plots=not no_plots)
    if quiet:
        click.echo(str(out))
        return
    p = tour.params
    horizon = f"{p.turns} turns" if p.turns else f"ending probability {p.prob_end:g}"
    click.echo(
        f"{len(tour.players)} strategies, {p.game.name}, {horizon}, noise {p.noise:g}, "
        f"{p.repetitions} repetitions, seed {p.seed}: {len(results.table)} matches in "
        f"{results.duration:.2f} s\n"
    )
    click.echo(_format_summary(results.summary))
    click.echo(f"\nResults written to {out}/")


@main.command("run")
@click.argument("config", type=click.Path(dir_okay=False, path_type=Path))
@_folder_option("--out", "Results folder (default: the config's 'out', else results/<name>).")
@click.option("--workers", type=int, default=None, help="Worker processes on this machine.")
@click.option("--dask", "dask_address", default=None, help="Dask scheduler address or file.")
@_folder_option("--verify", "Check that every CSV is byte-identical to an earlier results folder.")
@click.option("--cell-plots", is_flag=True, help="Also draw one ranking plot per cell.")
@click.option("--no-plots", is_flag=True, help="Skip the figures.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar or summary.")
def run_cmd(
    config: Path,
    out: Path | None,
    workers: int | None,
    dask_address: str | None,
    verify: Path | None,
    cell_plots: bool,
    no_plots: bool,
    quiet: bool,
) -> None:
    """Run the experiment CONFIG (a TOML file, see experiments/): every cell of its sweep,
    in parallel with --workers or --dask. Stored cells are reused, so running the same
    command again after an interruption computes only what is missing."""
    from tournament.experiments.config import load_config
    from tournament.experiments.runner import Experiment, run_experiment, verify_against

    experiment = Experiment(load_config(config))
    out = out if out is not None else experiment.config.out_dir
    if verify is not None:
        if not (verify / "manifest.json").is_file():
            raise IPDError(
                f"--verify {str(verify)!r} is not an experiment results folder "
                "(no manifest.json): expected the folder of an earlier 'ipd run'"
            )
        if verify.resolve() == out.resolve():
            raise IPDError(
                "--verify names the results folder itself: give --out a new folder to "
                "recompute into, and --verify the earlier one"
            )
    if workers is not None and workers < 1:
        raise IPDError(f"--workers must be a positive integer, got {workers}")
    _check_writable(out)
    cfg = experiment.config
    axes = ", ".join(f"{len(a.labels)} {a.name}" for a in experiment.axes)
    if not quiet:
        click.echo(
            f"{cfg.name}: {len(experiment.labels)} strategies, {len(experiment.cells)} cells "
            f"({axes}), {cfg.repetitions} repetitions, seed {cfg.seed} -> {out}/"
        )
    bar = _CellProgress(quiet)
    try:
        results = run_experiment(
            experiment,
            out,
            workers=workers,
            dask=dask_address,
            progress=bar.update,
            on_start=bar.start,
            plots=not no_plots,
            cell_plots=cell_plots or None,
        )
    except KeyboardInterrupt:
        bar.close()
        click.echo(
            f"Interrupted: {bar.saved} of {len(experiment.cells)} cells are saved in {out}/cells; "
            "run the same command again to resume.",
            err=True,
        )
        sys.exit(130)
    except IPDError as exc:
        bar.close()
        raise IPDError(
            f"{exc}\n{bar.saved} of {len(experiment.cells)} cells are saved in {out}/cells; "
            "run the same command again to resume."
        ) from None
    bar.close()
    if not quiet:
        click.echo(
            f"\n{results.computed} cells computed, {results.reused} reused, in "
            f"{results.duration:.1f} s.\n"
        )
        click.echo(results.summary_text())
        click.echo(f"\nResults written to {out}/ (results.csv: one row per cell and strategy)")
    else:
        click.echo(str(out))
    if verify is not None:
        problems = verify_against(out, verify)
        if problems:
            click.echo(f"Not identical to {verify}/:", err=True)
            for line in problems:
                click.echo(f"  {line}", err=True)
            sys.exit(1)
        n = len(json.loads((out / "manifest.json").read_text())["files"])
        click.echo(f"Verified: all {n} CSV files are byte-identical to {verify}/.")


class _CellProgress:
    """A progress bar on stderr: cells done, time left, the cell just finished."""

    def __init__(self, quiet: bool) -> None:
        self.quiet = quiet
        self.bar: Any = None
        self.saved = 0

    def start(self, todo: int, total: int, recomputed: dict[int, str]) -> None:
        self.saved = total - todo
        if self.quiet:
            return
        if todo < total:
            click.echo(f"{total - todo} of {total} cells already stored; computing {todo}.")
        for index, reason in list(recomputed.items())[:5]:
            click.echo(f"  cell {index}: stored file {reason}; recomputing", err=True)
        if len(recomputed) > 5:
            click.echo(f"  ... and {len(recomputed) - 5} more recomputed", err=True)
        if todo and sys.stderr.isatty():
            self.bar = click.progressbar(
                length=todo,
                label="cells",
                show_pos=True,
                show_eta=True,
                file=sys.stderr,
                item_show_func=lambda cell: cell.describe() if cell is not None else "",
            )
            self.bar.__enter__()

    def update(self, done: int, todo: int, cell: Any) -> None:
        self.saved += 1
        if self.bar is not None:
            self.bar.update(1, cell)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None


# -- evolution -----------------------------------------------------------------------------


def _weights(text: str | None) -> list[float] | None:
    if text is None:
        return None
    try:
        return [float(v) for v in text.split(",") if v.strip()]
    except ValueError:
        raise IPDError(
            f"--initial {text!r}: expected comma-separated weights, one per strategy "
            "(for example 80,10,10)"
        ) from None


@main.command("evolve")
@click.argument("names", nargs=-1)
@click.option("--roster", default=None, help="A preset roster ('ipd strategies --rosters').")
@click.option(
    "--model",
    type=click.Choice(["ecological", "moran"]),
    default="ecological",
    show_default=True,
    help="Replicator dynamics on shares, or a Moran process in a finite population.",
)
@click.option("--generations", type=int, default=100, show_default=True, help="Generations.")
@click.option("--population", type=int, default=100, show_default=True, help="Moran: size.")
@click.option("--initial", default=None, help="Initial weights, one per strategy (e.g. 8,1,1).")
@click.option("--mutation", type=float, default=0.0, show_default=True, help="Mutation rate.")
@click.option(
    "--selection", type=float, default=1.0, show_default=True, help="Moran: selection intensity."
)
@click.option("--runs", type=int, default=1000, show_default=True, help="Moran: runs.")
@_round_robin_options
@_folder_option("--out", "Results folder (default: results/evolve-<date>-<time>).")
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
    turns: int | None,
    prob_end: float | None,
    repetitions: int,
    noise: float,
    game: str,
    payoffs: str | None,
    seed: int,
    out: Path | None,
    no_plots: bool,
    animate: bool,
) -> None:
    """Evolve a population of NAMES and/or a --roster (default: the classic field) on
    their tournament payoffs: Axelrod's ecological simulation, or a Moran process with
    fixation probabilities. An asymmetric game evolves one population per role."""
    from strategies.rosters import get_roster
    from tournament.evolution.models import evolve

    turns, prob_end = _horizon(turns, prob_end)
    players = (get_roster(roster).names() if roster else []) + list(names)
    the_game = _game(game, payoffs)
    if out is None:
        out = Path("results") / datetime.now().strftime("evolve-%Y%m%d-%H%M%S")
    if out.exists() and not out.is_dir():
        raise IPDError(f"--out {str(out)!r} is a file: expected a folder")
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
    )
    _check_writable(out)  # created only once the parameters have been checked
    results.write(out, plots=not no_plots, animate=animate)
    what = (
        "ecological simulation"
        if model == "ecological"
        else f"Moran process, population {population}, {runs} runs"
    )
    click.echo(
        f"{len(results.labels)} strategies, {what}, {generations} generations "
        f"({results.duration:.1f} s)."
    )
    click.echo(results.summary_text())
    click.echo(f"Results written to {out}/")


@main.command("invade")
@click.argument("mutant")
@click.argument("resident")
@click.option("--mutants", type=int, default=1, show_default=True, help="Initial mutants.")
@click.option("--population", type=int, default=20, show_default=True, help="Population size.")
@click.option("--runs", type=int, default=1000, show_default=True, help="Moran runs.")
@click.option(
    "--selection", type=float, default=1.0, show_default=True, help="Selection intensity."
)
@_round_robin_options
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
) -> None:
    """Can a few MUTANT individuals take over a population of RESIDENT? Estimates the
    fixation probability over many Moran runs and compares it with the neutral
    baseline (mutants / population)."""
    from tournament.evolution.models import invasion

    turns, prob_end = _horizon(turns, prob_end)
    result = invasion(
        mutant,
        resident,
        mutants=mutants,
        population=population,
        runs=runs,
        selection=selection,
        game=_game(game, payoffs),
        turns=turns,
        prob_end=prob_end,
        noise=noise,
        repetitions=repetitions,
        seed=seed,
    )
    click.echo(result.text())


# -- students and instructors -------------------------------------------------------------


@main.command("new-strategy")
@click.argument("name")
@click.option(
    "--kind",
    type=click.Choice(["python", "memory-one", "lookup-table", "finite-state-machine"]),
    default="python",
    show_default=True,
    help="Python code, or a declarative TOML file of one of the data kinds.",
)
@_folder_option("--dir", "Folder to write into (default: the current folder).")
def new_strategy_cmd(name: str, kind: str, dir: Path | None) -> None:  # noqa: A002
    """Write a working strategy called NAME to start from (and a test for Python)."""
    from tournament.classroom.templates import write_template

    paths = write_template(name, kind, dir or Path("."))
    click.echo("Wrote " + " and ".join(str(p) for p in paths) + ".")
    first = paths[0]
    click.echo(f"Next:  ipd validate {first}   (checks it and shows how it plays)")
    if len(paths) > 1:
        click.echo(f"       pytest {paths[1]}      (runs its tests)")
    click.echo(f"       ipd play {first}       (play against it yourself)")


@main.command("validate")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--name", "choice", default=None, help="The class to use if the file has several.")
def validate_cmd(file: Path, choice: str | None) -> None:
    """Check a strategy FILE (.py or .toml): "valid" and how it plays against classic
    opponents, or every problem found (exit code 1). Python files run in a separate
    process with time and memory limits."""
    from tournament.classroom.validator import validate

    if not file.exists():
        raise IPDError(f"no strategy file {str(file)!r}: expected a .py or .toml file")
    verdict = validate(file, choice)
    click.echo(verdict.text())
    if not verdict.valid:
        sys.exit(1)


@main.command("play")
@click.argument("opponent")
@click.option("--turns", type=int, default=None, help="Match length (default 10).")
@click.option(
    "--prob-end", type=float, default=None, help="End after each turn with this probability."
)
@click.option("--noise", type=float, default=0.0, show_default=True, help="Move-flip probability.")
@click.option("--game", default="classic", show_default=True, help="Preset game ('ipd games').")
@click.option("--payoffs", default=None, help="Custom payoffs 'R,S,T,P' (or two groups).")
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
    file. Type C (cooperate) or D (defect) each turn, q to stop."""
    from strategies.base import Action, moves_to_str
    from tournament.classroom.interactive import HumanMatch
    from tournament.common.validation import check_horizon, check_noise, check_seed
    from tournament.core.players import create_player

    if turns is None and prob_end is None:
        turns = 10
    turns, prob_end = check_horizon(turns, prob_end)
    the_game = _game(game, payoffs)
    player = create_player(opponent)
    label = getattr(player, "label", opponent)
    match = HumanMatch(player, the_game, turns, prob_end, check_noise(noise), check_seed(seed))
    who = "a hidden opponent" if hide else label
    horizon = f"{turns} turns" if prob_end is None else "a match that may end after any turn"
    click.echo(f"You against {who}: {horizon}, {the_game.name} payoffs, noise {noise:g}.")
    if not the_game.symmetric:
        click.echo(f"You are the {the_game.roles[0]}; they are the {the_game.roles[1]}.")
    r, s, t, p = the_game.rstp(0)
    click.echo(f"Your payoffs: both C {r:g}, you C they D {s:g}, you D they C {t:g}, both D {p:g}.")
    stopped = False
    try:
        while not match.finished:
            choice = click.prompt(
                f"Turn {match.turn + 1}: your move (C, D or q)",
                type=click.Choice(["C", "D", "q"], case_sensitive=False),
                show_choices=False,
            )
            if choice.lower() == "q":
                stopped = True
                break
            turn = match.play(Action.from_char(choice))
            notes = []
            if turn.my_flip:
                notes.append("noise flipped your move")
            if turn.their_flip:
                notes.append("noise flipped their move")
            click.echo(
                f"  you {turn.mine}, they {turn.theirs}: you +{turn.my_payoff:g}, they "
                f"+{turn.their_payoff:g}   total: you {match.scores[0]:g}, they "
                f"{match.scores[1]:g}" + (f"   ({'; '.join(notes)})" if notes else "")
            )
            window = slice(max(0, match.turn - 30), match.turn)
            click.echo(f"  you:  {moves_to_str(match.mine[window])}")
            click.echo(f"  they: {moves_to_str(match.theirs[window])}")
    except click.Abort:  # end of input
        stopped = True
    finally:
        if hasattr(player, "close"):
            player.close()
    ending = "You stopped" if stopped else "The match ended"
    click.echo(
        f"\n{ending} after {match.turn} turn{'s' * (match.turn != 1)}: you {match.scores[0]:g}, "
        f"{'they' if hide else label} {match.scores[1]:g}."
    )
    if hide:
        click.echo(f"Your opponent was: {label}.")


@main.command("class-tournament")
@click.argument("folder", type=click.Path(path_type=Path))
@click.option("--roster", default=None, help="Also play a preset roster (e.g. classroom).")
@_round_robin_options
@_folder_option("--out", "Results folder (default: results/class-<date>-<time>).")
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
    out: Path | None,
    no_plots: bool,
) -> None:
    """Validate every strategy file in FOLDER, play the valid ones (with --roster if
    given) and write a leaderboard. Invalid or failing files are listed with the reason;
    they never change the others' results."""
    from strategies.rosters import get_roster
    from tournament.classroom.class_tournament import run_class_tournament
    from tournament.common.validation import check_noise, check_positive_int

    turns, prob_end = _horizon(turns, prob_end)
    the_game = _game(game, payoffs)
    check_noise(noise)
    check_positive_int("repetitions", repetitions)
    names = get_roster(roster).names() if roster else []
    if out is None:
        out = Path("results") / datetime.now().strftime("class-%Y%m%d-%H%M%S")
    _check_writable(out)
    click.echo(f"Checking the submissions in {folder}/ ...")

    def show(verdict: Any) -> None:
        status = "valid" if verdict.valid else f"INVALID ({verdict.reason})"
        click.echo(f"  {verdict.path.name}: {status}")

    def dropped(name: str, reason: str) -> None:
        click.echo(
            f"  {name}: DISQUALIFIED during the tournament ({reason}); playing again without it"
        )

    results = run_class_tournament(
        folder,
        names,
        game=the_game,
        turns=turns,
        prob_end=prob_end,
        repetitions=repetitions,
        noise=noise,
        seed=seed,
        on_verdict=show,
        on_disqualified=dropped,
    )
    for path in results.ignored:
        click.echo(f"  {path.name}: ignored (not a .py or .toml file)")
    results.write(out, plots=not no_plots)
    board = results.leaderboard
    click.echo("")
    click.echo(_format_summary(board))
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


def _check_writable(out: Path) -> None:
    if out.exists() and not out.is_dir():
        raise IPDError(f"--out {str(out)!r} is a file: expected a folder")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise IPDError(f"cannot create results folder {str(out)!r}: {exc.strerror}") from None
