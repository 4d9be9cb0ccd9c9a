"""``ipd run``: an experiment's sweep, with a progress bar, resumable."""

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
@folder_option("--verify", "Check that every CSV is byte-identical to an earlier results folder.")
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
    from strategies.errors import IPDError
    from tournament.experiments import Experiment, load_config, run_experiment

    experiment = Experiment(load_config(config))
    out = out if out is not None else experiment.config.out_dir
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


def _print_plan(experiment: Any, out: Path) -> None:
    cfg = experiment.config
    axes = ", ".join(f"{len(a.labels)} {a.name}" for a in experiment.axes)
    click.echo(
        f"{cfg.name}: {len(experiment.labels)} strategies, {len(experiment.cells)} cells "
        f"({axes}), {cfg.repetitions} repetitions, seed {cfg.seed} -> {out}/"
    )


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
    click.echo(f"\nResults written to {out}/ (results.csv: one row per cell and strategy)")


def _verify(out: Path, verify: Path) -> None:
    from tournament.experiments import verify_against

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
