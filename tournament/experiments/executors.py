"""Executors: (function, cells) -> each cell's outcome as it finishes, in this process, in
worker processes or on a Dask cluster. Results always come back to the calling process,
which alone writes files; an executor knows nothing of files or tables.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from strategies.errors import IPDError
from tournament.experiments.cells import Cell
from tournament.experiments.store import CellOutcome

__all__ = ["DASK_CONNECT_TIMEOUT", "execute"]

#: How long to wait for a Dask scheduler before giving up.
DASK_CONNECT_TIMEOUT = "20s"


def execute(
    fn: Callable[[Cell], CellOutcome], cells: list[Cell], workers: int, dask: str | None
) -> Iterator[CellOutcome]:
    """``fn`` over ``cells`` on the Dask scheduler at ``dask`` if given, else in up to
    ``workers`` processes (serially for one worker or one cell); close the iterator to
    stop early."""
    if dask:
        return _dask(fn, cells, dask)
    if workers > 1 and len(cells) > 1:
        return _processes(fn, cells, min(workers, len(cells)))
    return _serial(fn, cells)


def _serial(fn: Callable[[Cell], CellOutcome], cells: list[Cell]) -> Iterator[CellOutcome]:
    for cell in cells:
        yield fn(cell)


#: The workers are the parallelism: each runs its numeric libraries (numpy's BLAS) on
#: one thread, unless these are set, so that N workers do not start N threads each.
ONE_THREAD = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")


def _ignore_sigint() -> None:
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C


def _processes(
    fn: Callable[[Cell], CellOutcome], cells: list[Cell], workers: int
) -> Iterator[CellOutcome]:
    """Worker processes (spawned, so the same on every platform); at most two cells per
    worker are in flight, so memory does not grow with the number of cells."""
    import multiprocessing
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
    from concurrent.futures.process import BrokenProcessPool

    for variable in ONE_THREAD:  # inherited by the workers as they are spawned
        os.environ.setdefault(variable, "1")
    pool = ProcessPoolExecutor(
        workers, mp_context=multiprocessing.get_context("spawn"), initializer=_ignore_sigint
    )
    pending: dict[Any, Cell] = {}
    queue = iter(cells)
    try:
        for cell in itertools.islice(queue, 2 * workers):
            pending[pool.submit(fn, cell)] = cell
        while pending:
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                cell = pending.pop(future)
                try:
                    outcome = future.result()
                except BrokenProcessPool:
                    raise IPDError(
                        f"a worker process died while playing cell {cell.index} "
                        f"({cell.describe()}): killed, or out of memory"
                    ) from None
                for nxt in itertools.islice(queue, 1):
                    pending[pool.submit(fn, nxt)] = nxt
                yield outcome
    finally:
        pool.shutdown(wait=False, cancel_futures=True)
        terminate = getattr(pool, "terminate_workers", None)  # Python 3.14+
        if terminate is not None:
            terminate()
        else:
            for process in list((getattr(pool, "_processes", None) or {}).values()):
                process.terminate()


def _connect_dask(address: str):
    try:
        from distributed import Client
    except ImportError:
        raise IPDError(
            "running on a Dask cluster needs the 'distributed' package: "
            "pip install 'ipd-tournament[dask]'"
        ) from None
    try:
        if address.endswith(".json") and Path(address).is_file():
            return Client(scheduler_file=address, timeout=DASK_CONNECT_TIMEOUT)
        return Client(address, timeout=DASK_CONNECT_TIMEOUT)
    except (OSError, TimeoutError, ValueError) as exc:
        raise IPDError(
            f"cannot reach a Dask scheduler at {address!r} ({exc.__class__.__name__}: {exc}); "
            "expected an address such as tcp://host:8786 of a running 'dask scheduler', "
            "or its scheduler file (.json)"
        ) from None


def _dask(fn: Callable[[Cell], CellOutcome], cells: list[Cell], address: str) -> Iterator:
    """Cells as tasks on an existing ``dask.distributed`` scheduler; results come back to
    this process, which alone writes files (workers need no shared disk)."""
    from distributed import as_completed

    client = _connect_dask(address)
    try:
        threads = sum(client.nthreads().values()) or 1
        queue = iter(cells)

        def submit(cell: Cell):
            return client.submit(fn, cell, key=f"ipd-cell-{cell.key[:24]}", retries=2)

        futures = {submit(c): c for c in itertools.islice(queue, 2 * threads)}
        running = as_completed(list(futures))
        for future in running:
            cell = futures.pop(future)
            try:
                outcome = future.result()
            except Exception as exc:  # a failure on a remote worker: report, keep saved cells
                raise IPDError(
                    f"cell {cell.index} ({cell.describe()}) failed on the Dask cluster: "
                    f"{exc.__class__.__name__}: {exc}. Every worker needs ipd-tournament "
                    "(the same version) installed"
                ) from None
            future.release()
            for nxt in itertools.islice(queue, 1):
                new = submit(nxt)
                futures[new] = nxt
                running.add(new)
            yield outcome
    finally:
        client.close()
