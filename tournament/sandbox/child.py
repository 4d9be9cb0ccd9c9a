"""The process that runs one user's strategy file; started by :mod:`tournament.sandbox.process`.

It imports what a strategy may use, reads and compiles the file, confines itself with
the kernel's layers (:mod:`~tournament.sandbox.kernel`: resource limits, Landlock,
seccomp), then arms its Python guards (an audit hook against files, network and
processes; an import allow-list; a cap on printing) before running any of the file's
code. It then answers the parent's commands over two pipes. It never sees the rest of
the tournament: only its own matches' moves.

Replies are plain bytes and JSON, never pickles, so the parent trusts nothing it sends.
"""

from __future__ import annotations

import builtins
import json
import os
import struct
import sys
import time
import traceback
import warnings
from typing import Any

#: Modules a strategy file may import (anything under these names).
ALLOWED = (
    "abc",
    "bisect",
    "collections",
    "copy",
    "dataclasses",
    "decimal",
    "enum",
    "fractions",
    "functools",
    "heapq",
    "itertools",
    "math",
    "numbers",
    "numpy",
    "operator",
    "statistics",
    "string",
    "typing",
)
#: Modules of this package a strategy file may import.
ALLOWED_OWN = ("strategies", "strategies.simple", "strategies.base")
MAX_PRINTS = 1000
#: Modules whose purpose is files or the network: importing one says what was tried.
_FILE_MODULES = {
    "os",
    "io",
    "pathlib",
    "shutil",
    "glob",
    "tempfile",
    "fileinput",
    "pickle",
    "shelve",
    "sqlite3",
    "csv",
    "posix",
    "nt",
}
_NETWORK_MODULES = {
    "socket",
    "urllib",
    "http",
    "requests",
    "ssl",
    "ftplib",
    "smtplib",
    "asyncio",
    "socketserver",
    "xmlrpc",
    "selectors",
    "telnetlib",
}

_BLOCKED_EVENTS = {
    "subprocess.Popen": ("process", "starts another program"),
    "os.system": ("process", "starts another program"),
    "os.exec": ("process", "starts another program"),
    "os.posix_spawn": ("process", "starts another program"),
    "os.spawn": ("process", "starts another program"),
    "os.fork": ("process", "starts another process"),
    "os.forkpty": ("process", "starts another process"),
    "os.kill": ("process", "sends signals to processes"),
    "os.killpg": ("process", "sends signals to processes"),
    "ctypes.dlopen": ("import", "loads native code (ctypes)"),
    "os.listdir": ("files", "reads or writes files: lists a folder"),
    "os.scandir": ("files", "reads or writes files: lists a folder"),
    "os.remove": ("files", "reads or writes files: deletes a file"),
    "os.rename": ("files", "reads or writes files: renames a file"),
    "os.mkdir": ("files", "reads or writes files: makes a folder"),
    "os.rmdir": ("files", "reads or writes files: removes a folder"),
    "os.chdir": ("files", "reads or writes files: changes folder"),
    "os.truncate": ("files", "changes files: truncates a file"),
    "os.chmod": ("files", "changes files: changes permissions"),
    "os.chown": ("files", "changes files: changes an owner"),
    "os.chflags": ("files", "changes files: changes flags"),
    "os.lchflags": ("files", "changes files: changes flags"),
    "os.link": ("files", "changes files: makes a hard link"),
    "os.symlink": ("files", "changes files: makes a symbolic link"),
    "os.utime": ("files", "changes files: changes a file's times"),
    "os.setxattr": ("files", "changes files: changes extended attributes"),
    "os.removexattr": ("files", "changes files: changes extended attributes"),
    "resource.setrlimit": ("system", "changes its resource limits"),
    "resource.prlimit": ("system", "changes resource limits"),
    "ctypes.dlsym": ("import", "loads native code (ctypes)"),
    "ctypes.dlsym/handle": ("import", "loads native code (ctypes)"),
}


class _Guard:
    """Records the first rule broken (even if the strategy catches the exception)."""

    def __init__(self, violation: type[Exception], readable: tuple[str, ...] = ()) -> None:
        self.violation = violation
        #: Folders whose files may be opened for reading: the interpreter's own (a
        #: module that an allowed one imports late, such as numpy.ma for np.unique).
        self.readable = tuple(os.path.join(folder, "") for folder in readable)
        self.armed = False
        self.broken: tuple[str, str] | None = None
        self.prints = 0

    def fail(self, kind: str, message: str) -> Exception:
        if self.broken is None:
            self.broken = (kind, message)
        return self.violation(kind, message)

    def audit(self, event: str, args: tuple[Any, ...]) -> None:
        if not self.armed:
            return
        if event == "import" and args and isinstance(args[0], str):  # a real import
            name = args[0]
            if name.split(".")[0] not in (*ALLOWED, "encodings") and name not in ALLOWED_OWN:
                raise self.refuse_import(name)  # reached around the import guard
            return
        if event in ("open", "os.listdir", "os.scandir") and self._reads_the_interpreter(*args):
            return
        if event == "open":
            raise self.fail("files", f"reads or writes files: open({args[0]!r})")
        if event.startswith("socket."):
            raise self.fail("network", "uses the network")
        blocked = _BLOCKED_EVENTS.get(event)
        if blocked is not None:
            raise self.fail(*blocked)

    def _reads_the_interpreter(self, path: Any = None, mode: Any = "r", flags: Any = 0) -> bool:
        """Opening or listing (no mode) for reading only, beneath the interpreter's folders."""
        writes = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND
        if not isinstance(path, str) or mode != "r" or not isinstance(flags, int):
            return False
        return not flags & writes and (os.path.realpath(path) + os.sep).startswith(self.readable)

    def importer(self, real: Any) -> Any:
        def guarded(name: str, globals=None, locals=None, fromlist=(), level=0):  # noqa: A002
            top = name.split(".")[0]
            if level == 0 and (top in ALLOWED or name in ALLOWED_OWN):
                return real(name, globals, locals, fromlist, level)
            raise self.refuse_import(name if level == 0 else "." * level + name)

        return guarded

    def refuse_import(self, shown: str) -> Exception:
        top = shown.split(".")[0]
        if top in _FILE_MODULES:
            return self.fail("files", f"reads or writes files (imports {shown})")
        if top in _NETWORK_MODULES:
            return self.fail("network", f"uses the network (imports {shown})")
        return self.fail(
            "import",
            f"imports something not allowed: {shown} (allowed: {', '.join(ALLOWED)}, "
            "and strategies.simple)",
        )

    def printer(self, real: Any) -> Any:
        def capped_print(*args: Any, **kwargs: Any) -> None:
            self.prints += 1
            if self.prints > MAX_PRINTS:
                raise self.fail("output", f"prints endlessly (more than {MAX_PRINTS} prints)")
            kwargs.pop("file", None)
            real(*args, **kwargs)  # stdout is /dev/null

        return capped_print


def _student_traceback(exc: BaseException, display: str, lines: list[str]) -> str:
    """The exception with the frames of the student's own file only (no file reads)."""
    frames = traceback.StackSummary.extract(
        traceback.walk_tb(exc.__traceback__), lookup_lines=False
    )
    out = []
    for frame in frames:
        if frame.filename != display:
            continue
        source = (
            lines[frame.lineno - 1].strip() if frame.lineno and frame.lineno <= len(lines) else ""
        )
        out.append(f"  line {frame.lineno}, in {frame.name}: {source}")
    out.append(f"{type(exc).__name__}: {exc}")
    return "\n".join(out)


class _Channel:
    def __init__(self, read_fd: int, write_fd: int) -> None:
        self.read_fd, self.write_fd = read_fd, write_fd

    def read_exact(self, size: int) -> bytes:
        chunks, remaining = [], size
        while remaining:
            chunk = os.read(self.read_fd, remaining)
            if not chunk:
                raise EOFError
            chunks.append(chunk)
            remaining -= len(chunk)
        return b"".join(chunks)

    def send(self, status: bytes, payload: bytes) -> None:
        data = struct.pack("<cI", status, len(payload)) + payload
        while data:
            data = data[os.write(self.write_fd, data) :]

    def send_json(self, status: bytes, value: Any) -> None:
        self.send(status, json.dumps(value).encode())


def main() -> None:
    read_fd, write_fd = int(sys.argv[1]), int(sys.argv[2])
    path, choice, move_limit = sys.argv[3], sys.argv[4], float(sys.argv[5])
    audit_hook = sys.argv[6] != "0"
    channel = _Channel(read_fd, write_fd)

    # Everything a strategy may use is imported before any of its code runs.
    import numpy as np

    for name in ALLOWED:
        __import__(name)
    warm = np.random.default_rng(0)
    warm.random(), warm.integers(2), warm.choice(2), warm.normal(), warm.binomial(1, 0.5)

    warnings.simplefilter("ignore")  # showing a warning reads the file; stderr is /dev/null
    loaded = _load(path, choice, channel, audit_hook)
    if loaded is not None:
        _serve(channel, *loaded, move_limit)


def _reporter(
    channel: _Channel, guard: _Guard, display: str, lines: list[str], layers: list[Any]
) -> Any:
    """A function that sends the parent why the file's code failed, in one message."""
    from strategies.simple import RuleViolation
    from tournament.sandbox.kernel import refusal

    def report(exc: BaseException) -> None:
        refused = refusal(exc)
        if guard.broken is not None:
            kind, message = guard.broken
        elif refused is not None:
            kind, message = refused
        elif isinstance(exc, RuleViolation):
            kind, message = exc.kind, str(exc)
        elif isinstance(exc, MemoryError):
            kind, message = "memory", "uses too much memory"
        else:
            kind, message = "raises", _student_traceback(exc, display, lines)
        channel.send_json(b"E", {"kind": kind, "message": message, "layers": layers})

    return report


def _confine(path: str, audit_hook: bool) -> list[Any]:
    """The kernel's layers, then the Python guards' entry: [name, active, detail]s."""
    from tournament.sandbox.kernel import confine, guards_layer

    layers = [guards_layer(audit_hook), *confine(path)]
    return [[layer.name, layer.active, layer.detail] for layer in layers]


def _load(
    path: str, choice: str, channel: _Channel, audit_hook: bool = True
) -> tuple[Any, _Guard, Any] | None:
    """Compile the file, confine the process, arm the guards, run it and create its
    strategy; tell the parent the strategy's name and family, or why it failed (then
    return None)."""
    from strategies.base import FAMILIES
    from strategies.simple import RuleViolation, SimpleStrategy
    from tournament.sandbox.kernel import interpreter_paths

    display = os.path.basename(path)
    try:
        with open(path, encoding="utf-8") as f:
            source = f.read()
        code = compile(source, display, "exec")
    except (OSError, UnicodeDecodeError, SyntaxError, ValueError) as exc:
        channel.send_json(b"E", {"kind": "load", "message": f"cannot load the file: {exc}"})
        return None

    layers = _confine(path, audit_hook)
    guard = _Guard(RuleViolation, tuple(interpreter_paths(path)))
    if audit_hook:
        sys.addaudithook(guard.audit)
    safe = dict(vars(builtins))
    safe["__import__"] = guard.importer(builtins.__import__)
    safe["print"] = guard.printer(builtins.print)
    namespace: dict[str, Any] = {"__name__": "submission", "__builtins__": safe}
    report = _reporter(channel, guard, display, source.splitlines(), layers)

    guard.armed = True
    try:
        exec(code, namespace)
        classes = [
            value
            for value in namespace.values()
            if isinstance(value, type)
            and issubclass(value, SimpleStrategy)
            and value.__module__ == "submission"
        ]
        chosen = namespace.get("STRATEGY", choice) or choice
        if chosen:
            classes = [c for c in classes if chosen in (c.__name__, c.name)]
        if len(classes) != 1:
            channel.send_json(
                b"E",
                {
                    "kind": "no strategy" if not classes else "several strategies",
                    "message": ", ".join(f"{c.__name__} ({c.name!r})" for c in classes),
                },
            )
            return None
        strategy = classes[0]()
        name, family = strategy.name, strategy.family
        if not isinstance(name, str) or not name.strip():
            raise guard.fail("metadata", 'has no name: set name = "..." in the class')
        if family not in FAMILIES:
            raise guard.fail(
                "metadata", f"has family {family!r}: expected one of {', '.join(FAMILIES)}"
            )
        if guard.broken is not None:
            raise guard.violation(*guard.broken)
    except BaseException as exc:  # the file's own code failed while loading
        report(exc)
        return None
    channel.send_json(
        b"I",
        {
            "name": name.strip(),
            "family": family,
            "class": type(strategy).__name__,
            "layers": layers,
        },
    )
    return strategy, guard, report


def _serve(channel: _Channel, strategy: Any, guard: _Guard, report: Any, move_limit: float) -> None:
    """Answer the parent's commands until it quits or the strategy fails: L (the match
    length as told), R (reset the seed), T (one turn of k matches), S (statistics),
    Q (quit)."""
    import numpy as np

    moves, cpu_total, cpu_max = 0, 0.0, 0.0
    while True:
        try:
            op, a, b = struct.unpack("<cQQ", channel.read_exact(17))
        except EOFError:
            return
        if op == b"Q":
            return
        if op == b"S":
            channel.send_json(b"S", {"moves": moves, "cpu": cpu_total, "cpu_max": cpu_max})
            continue
        try:
            if op == b"L":  # the match length as told (0: hidden)
                strategy._record_length(int(a) or None)
                continue
            if op == b"R":
                strategy.reset_seed(int(a), int(b))
                continue
            # b"T": a = k running matches; b = 1 if the last turn's moves follow
            k = int(a)
            own = opp = None
            if b:
                data = channel.read_exact(2 * k)
                own = np.frombuffer(data[:k], dtype=np.uint8)
                opp = np.frombuffer(data[k:], dtype=np.uint8)
            started = time.process_time()
            out = strategy.step_last(own, opp, k, move_limit)
            spent = time.process_time() - started
            moves += k
            cpu_total += spent
            cpu_max = max(cpu_max, spent / max(k, 1))
            if guard.broken is not None:
                raise guard.violation(*guard.broken)
            channel.send(b"M", out.tobytes())
        except BaseException as exc:
            report(exc)
            return


if __name__ == "__main__":
    main()
