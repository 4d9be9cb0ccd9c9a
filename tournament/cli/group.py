"""The ``ipd`` group: its error handling and the registration of every command."""

from __future__ import annotations

import ctypes
import gc
import os
import signal
import sys
from typing import Any

import click

from tournament.cli.catalogue import games_cmd, strategies_cmd
from tournament.cli.classroom import (
    class_tournament_cmd,
    new_strategy_cmd,
    play_cmd,
    validate_cmd,
)
from tournament.cli.evolution import evolve_cmd, invade_cmd
from tournament.cli.experiments import run_cmd
from tournament.cli.play import match_cmd, tournament_cmd
from tournament.cli.research import fingerprint_cmd
from tournament.cli.serve import serve_cmd

__all__ = ["main", "run"]


class _Group(click.Group):
    """Turns user mistakes (:class:`IPDError`) into a one-line error and exit code 2."""

    def invoke(self, ctx: click.Context) -> Any:
        # Imported here, not at the top: the strategy library loads numpy, and
        # ``ipd --help`` (answered before invoke) should start fast.
        from strategies.errors import IPDError

        if hasattr(signal, "SIGXFSZ"):  # past a file-size limit, a write fails (EFBIG)
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # instead of killing us
        try:
            return super().invoke(ctx)
        except IPDError as exc:
            click.echo(f"Error: {exc}", err=True)
            ctx.exit(2)
        except MemoryError:
            click.echo(
                "Error: out of memory. Give the run less to hold: a smaller --memory-budget, "
                "fewer repetitions or strategies, or shorter matches.",
                err=True,
            )
            ctx.exit(1)
        except KeyboardInterrupt:
            click.echo("Interrupted.", err=True)
            ctx.exit(130)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="ipd-tournament", prog_name="ipd")
def main() -> None:
    """Iterated prisoner's dilemma tournaments: strategies, matches, round robins."""


for _command in (
    strategies_cmd,
    games_cmd,
    match_cmd,
    tournament_cmd,
    run_cmd,
    evolve_cmd,
    invade_cmd,
    new_strategy_cmd,
    validate_cmd,
    play_cmd,
    class_tournament_cmd,
    serve_cmd,
    fingerprint_cmd,
):
    main.add_command(_command)


#: Allocations between two collections of the youngest objects by the garbage collector
#: in the ``ipd`` program (Python's default: 700). Importing pandas and matplotlib and
#: building result tables allocate millions of objects that live to the end; at 700,
#: a 222-strategy tournament spent 0.11 s in 300 collections, at 50,000 about 0.05 s.
GC_YOUNG_THRESHOLD = 50_000


#: glibc's allocator, in the ``ipd`` program: blocks up to this size come from the heap
#: (not each from its own mapping of fresh pages), and freed memory stays in the heap
#: for the next blocks (up to the trim threshold). Fresh pages cost a page fault each:
#: a 222-strategy tournament took 61,000 faults by default and 38,700 so.
MALLOC_MMAP_THRESHOLD = 32 * 2**20
MALLOC_TRIM_THRESHOLD = 2**30


def run() -> None:
    """The ``ipd`` program: :func:`main`, with fewer collections of young objects (see
    :data:`GC_YOUNG_THRESHOLD`) and freed memory kept for reuse (see
    :data:`MALLOC_MMAP_THRESHOLD`), then the interpreter's exit. The objects still alive
    are frozen out of the garbage collector first (``gc.freeze``): the last
    collections of the exit would otherwise walk all of them, some 0.2 s after a
    tournament, as long as a third of a short run."""
    _, middle, old = gc.get_threshold()
    gc.set_threshold(GC_YOUNG_THRESHOLD, middle, old)
    _keep_freed_memory()
    try:
        main()
    finally:
        gc.freeze()


def _keep_freed_memory() -> None:
    """Set glibc's thresholds (:data:`MALLOC_MMAP_THRESHOLD`); nothing elsewhere (another
    C library, another system), or when the environment sets them already."""
    if not sys.platform.startswith("linux") or any(
        name in os.environ for name in ("MALLOC_MMAP_THRESHOLD_", "MALLOC_TRIM_THRESHOLD_")
    ):
        return
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):  # not glibc
        return
    mallopt.argtypes, mallopt.restype = [ctypes.c_int, ctypes.c_int], ctypes.c_int
    m_trim_threshold, m_mmap_threshold = -1, -3  # glibc's malloc.h
    mallopt(m_mmap_threshold, MALLOC_MMAP_THRESHOLD)
    mallopt(m_trim_threshold, MALLOC_TRIM_THRESHOLD)
