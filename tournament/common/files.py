"""Files written whole or not at all."""

from __future__ import annotations

import functools
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

__all__ = ["atomic_path"]


@contextmanager
def atomic_path(path: str | Path) -> Iterator[Path]:
    """A temporary path next to ``path`` to write to; it replaces ``path`` when the
    block ends normally and is removed otherwise, so a reader never sees a half-written
    file (a full disk, a file-size limit or Ctrl-C leave the old file, or none).

    The temporary name keeps the suffix, so writers that choose a format by suffix
    (``savefig``) still do. The file gets the permissions of any new file (the umask's),
    not the owner-only ones of a temporary file.
    """
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}-", suffix=path.suffix, dir=path.parent)
    os.close(fd)
    try:
        yield Path(tmp)
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@functools.cache
def _umask() -> int:
    """The process's umask, read once (by setting it, then setting it back at once)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
