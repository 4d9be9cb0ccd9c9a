"""``ipd run``: an experiment's sweep or random study, with a progress bar, resumable."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from tournament.cli.options import check_writable, folder_option


@click.command("run")
@click.argument("config", type=click.Path(dir_okay=False, path_type=Path))
@folder_option("--out", "Results folder (default: the config's 'out', else results/<name>).")
@click.option("--workers", type=int, default=None, help="Worker processes on this machine.")
@click.option("--dask", "dask_address", default=None, help="Dask scheduler address or file.")
@folder_option("--verify", "Check that every table is identical to an earlier results folder.")
@click.option("--cell-plots", is_flag=True, help="Also draw one ranking plot per cell.")
@click.option("--no-plots", is_flag=True, help="Skip the figures.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar or summary.")
@click.option("--plan", "plan_only", is_flag=True, help="Print the plan and stop.")
@click.option(
    "--tournaments",
    type=int,
    default=None,
    help="A [random] study: this many trials instead of the file's (the first N are the same).",
)
def run_cmd(
    config: Path,
    out: Path | None,
    workers: int | None,
    dask_address: str | None,
    verify: Path | None,
    cell_plots: bool,
    no_plots: bool,
    quiet: bool,
    plan_only: bool,
    tournaments: int | None,
) -> None:
    """Run the experiment CONFIG (a TOML file, see experiments/): every cell of its sweep,
    or every tournament of its random study, in parallel with --workers or --dask. Stored
    cells are reused, so running the same command again after an interruption computes
    only what is missing."""
    from strategies.errors import IPDError
    from tournament.experiments import load_config, plan_experiment, run_experiment

    experiment = plan_experiment(_with_tournaments(load_config(config), tournaments))
    out = out if out is not None else experiment.config.out_dir
    if plan_only:
        _print_plan(experiment, out)
        return
    _check_options(out, verify, workers)
    check_writable(out)
    if not quiet:
        _print_plan(experiment, out)
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
        click.echo(f"Interrupted: {_saved(bar, experiment, out)}", err=True)
        sys.exit(130)
    except IPDError as exc:
        bar.close()
        raise IPDError(f"{exc}\n{_saved(bar, experiment, out)}") from None
    bar.close()
    _print_summary(results, out, quiet)
    if verify is not None:
        _verify(out, verify)


def _check_options(out: Path, verify: Path | None, workers: int | None) -> None:
    from strategies.errors import IPDError

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


def _with_tournaments(config: Any, tournaments: int | None) -> Any:
    """The config with ``--tournaments`` trials (a ``[random]`` study only)."""
    from dataclasses import replace

    from strategies.errors import IPDError

    if tournaments is None:
        return config
    if config.random is None:
        raise IPDError(
            f"--tournaments: {config.source} has no [random] table: expected a random "
            "study (a sweep's cells come from its [sweep] table)"
        )
    if tournaments < 1:
        raise IPDError(f"--tournaments must be a positive integer, got {tournaments}")
    return replace(config, random=replace(config.random, tournaments=tournaments))


def _print_plan(experiment: Any, out: Path) -> None:
    from tournament.experiments import RandomStudy

    if isinstance(experiment, RandomStudy):
        _print_study_plan(experiment, out)
        return
    cfg = experiment.config
    axes = ", ".join(f"{len(a.labels)} {a.name}" for a in experiment.axes)
    click.echo(
        f"{cfg.name}: {len(experiment.labels)} strategies, {len(experiment.cells)} cells "
        f"({axes}), {cfg.repetitions} repetitions, seed {cfg.seed} -> {out}/"
    )


def _print_study_plan(study: Any, out: Path) -> None:
    """The trials, the tournaments and the expected match-turns, per type."""
    cfg, types = study.config, study.study.types
    click.echo(
        f"{cfg.name}: {study.study.tournaments:,} trials x {len(types)} types = "
        f"{len(study.cells):,} tournaments, seed {cfg.seed} -> {out}/"
    )
    click.echo(f"  each trial: {study.describe_ranges()}")
    work = {kind: 0.0 for kind in types}
    for cell in study.cells:
        work[cell.tournament_type] += study.expected_match_turns(cell)
    parts = ", ".join(f"{kind} {_big(turns)}" for kind, turns in work.items())
    click.echo(
        f"  expected work: {_big(sum(work.values()))} match-turns "
        f"(pairs x repetitions x turns, 1/p_e for a probabilistic ending): {parts}"
    )


def _big(n: float) -> str:
    """``5.3 billion``, ``420 million``, ``12,000``."""
    for size, word in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million")):
        if n >= size:
            return f"{n / size:.3g} {word}"
    return f"{n:,.0f}"


def _saved(bar: _CellProgress, experiment: Any, out: Path) -> str:
    return (
        f"{bar.saved} of {len(experiment.cells)} cells are saved in {out}/cells; "
        "run the same command again to resume."
    )


def _print_summary(results: Any, out: Path, quiet: bool) -> None:
    if quiet:
        click.echo(str(out))
        return
    click.echo(
        f"\n{results.computed} cells computed, {results.reused} reused, in "
        f"{results.duration:.1f} s.\n"
    )
    click.echo(results.summary_text())
    from tournament.experiments import RandomStudy

    table = next(p.name for p in (out / "results.csv", out / "results.parquet") if p.is_file())
    if isinstance(results.experiment, RandomStudy):
        click.echo(
            f"\nResults written to {out}/ ({table}: one row per tournament and strategy; "
            "strategies.csv: the ranking of each type)"
        )
    else:
        click.echo(f"\nResults written to {out}/ ({table}: one row per cell and strategy)")


def _verify(out: Path, verify: Path) -> None:
    from tournament.experiments import verify_against

    problems = verify_against(out, verify)
    if problems:
        click.echo(f"Not identical to {verify}/:", err=True)
        for line in problems:
            click.echo(f"  {line}", err=True)
        sys.exit(1)
    files = json.loads((out / "manifest.json").read_text())["files"]
    if any(name.endswith(".parquet") for name in files):
        click.echo(
            f"Verified: all {len(files)} tables are identical to {verify}/ (CSV files byte "
            "for byte, Parquet cell for cell)."
        )
    else:
        click.echo(f"Verified: all {len(files)} CSV files are byte-identical to {verify}/.")


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
