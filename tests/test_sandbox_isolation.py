"""The sandbox's layers against hostile strategy files (tests/submissions/hostile/).

Each hostile file is written as a determined student would: it reaches the ``os`` module
through Python's object graph (no import), ctypes through numpy, the real import through
``sys.modules``, and aims at the files beside it (the instructor's grades, another
submission), the tournament's process and the network. Every file is validated twice:
with the Python guards (the readable first layer), and with their audit hook off, so
that only the kernel's layers stand between the file and the machine. Either way it
must be refused with a one-line reason, nothing on disk may change, no process may be
left behind and no signal or connection may arrive.
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import signal
import socket
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

from tournament import Tournament
from tournament.classroom.class_tournament import run_class_tournament
from tournament.classroom.validator import validate
from tournament.cli import main
from tournament.sandbox import kernel
from tournament.sandbox.process import Limits, SandboxedStrategy, close_all, expected_layers

CORPUS = Path(__file__).resolve().parent / "submissions"
HOSTILE = CORPUS / "hostile"
GUARDED = Limits(turn_seconds=2.0)
KERNEL_ONLY = Limits(turn_seconds=2.0, audit_hook=False)

LAYERS = {layer.name: layer for layer in kernel.probe()}


def _kernel_lacks(name: str) -> bool:
    """The kernel (or the OS) has no such layer: a reason to skip. A missing library
    (pyseccomp, libseccomp) is not: the tests then fail, as they must on Linux CI."""
    layer = LAYERS[name]
    return not layer.active and ("kernel" in layer.detail or "Linux only" in layer.detail)


needs_kernel = pytest.mark.skipif(
    _kernel_lacks("Landlock") or _kernel_lacks("seccomp"),
    reason=f"this kernel lacks a layer: {kernel.describe(kernel.probe())}",
)

# file -> (kind, reason) with the Python guards, then (kind, what, system calls) with the
# kernel's layers alone: the reason is "<what>: <one of the calls> (refused by the kernel)".
FILES = ("files", "changes files")
PROCESSES = ("process", "starts processes")
NETWORK = ("network", "uses the network")
SIGNALS = ("process", "sends signals to other processes")
EXPECTED = {
    "bad_truncates.py": (("files", "changes files: truncates a file"), (*FILES, "truncate")),
    "bad_chmods.py": (("files", "changes files: changes permissions"), (*FILES, "chmod fchmodat")),
    "bad_symlinks.py": (
        ("files", "changes files: makes a symbolic link"),
        (*FILES, "symlink symlinkat"),
    ),
    "bad_links.py": (("files", "changes files: makes a hard link"), (*FILES, "link linkat")),
    "bad_utimes.py": (("files", "changes files: changes a file's times"), (*FILES, "utimensat")),
    "bad_renames.py": (
        ("files", "reads or writes files: renames a file"),
        (*FILES, "rename renameat renameat2"),
    ),
    "bad_unlinks.py": (
        ("files", "reads or writes files: deletes a file"),
        (*FILES, "unlink unlinkat"),
    ),
    "bad_mkdirs.py": (
        ("files", "reads or writes files: makes a folder"),
        (*FILES, "mkdir mkdirat"),
    ),
    "bad_opens_for_writing.py": (
        ("files", "reads or writes files: open('"),
        (*FILES, "open_for_writing openat_for_writing"),
    ),
    "bad_huge_file.py": (
        ("files", "reads or writes files: open('"),
        (*FILES, "open_for_writing openat_for_writing"),
    ),
    # no Python audit event for these: the kernel refuses them in both runs
    "bad_makes_a_fifo.py": (("files", "changes files: mknod"), (*FILES, "mknod mknodat")),
    "bad_threads.py": (
        ("process", "starts threads: clone (refused by the kernel)"),
        ("process", "starts threads", "clone"),
    ),
    "bad_signals_through_pidfd.py": (
        ("process", "sends signals to other processes: pidfd_open (refused by the kernel)"),
        (*SIGNALS, "pidfd_open"),
    ),
    "bad_forks.py": (("process", "starts another process"), (*PROCESSES, "clone fork")),
    "bad_fork_bomb.py": (("process", "starts another process"), (*PROCESSES, "clone fork")),
    "bad_subprocess.py": (
        ("process", "starts another program"),
        (*PROCESSES, "clone clone3 vfork fork"),
    ),
    "bad_socket.py": (("network", "uses the network (imports socket)"), (*NETWORK, "socket")),
    "bad_connects.py": (("network", "uses the network (imports socket)"), (*NETWORK, "socket")),
    "bad_kills_parent.py": (("process", "sends signals to processes"), (*SIGNALS, "kill")),
    "bad_ctypes_numpy.py": (("import", "loads native code (ctypes)"), (*FILES, "truncate")),
    "bad_reads_others.py": (
        ("files", "reads or writes files: open('"),
        ("files", "reaches outside its sandbox", "'*good_tit_for_tat.py'"),
    ),
}
# what the kernel alone does not name, but refuses all the same (one line each)
OTHERS = {
    "bad_x32_syscall.py": ("system", "made a system call the kernel refuses choosing a move"),
    "bad_closes_pipes.py": ("crashed", "its process ended unexpectedly (exit code 1)"),
    "bad_writes_pipes.py": ("crashed", "sent an answer that is not a move"),
    "bad_base_exception.py": ("raises", "KeyboardInterrupt: stop the tournament"),
    "bad_strange_move.py": ("not a move", "(Anything) on turn 1: expected C or D"),
}


def test_every_hostile_file_has_an_expected_verdict():
    bad = {p.name for p in HOSTILE.glob("bad_*.py")}
    assert bad == set(EXPECTED) | set(OTHERS)


def _classroom(tmp_path: Path, *names: str) -> Path:
    """A folder of submissions with the instructor's grades in it, as the files find it."""
    folder = tmp_path / "class"
    folder.mkdir()
    for name in names:
        shutil.copy(HOSTILE / name, folder / name)
    shutil.copy(CORPUS / "good_tit_for_tat.py", folder)
    (folder / "grades.csv").write_text("student,grade\nalice,18\nbob,15\n")
    (folder / "grades.csv").chmod(0o640)
    return folder


def _snapshot(folder: Path) -> dict[str, tuple[bytes | None, int, int]]:
    """Every entry of the folder: its bytes, mode and modification time."""
    out = {}
    for path in sorted(folder.rglob("*")):
        info = path.lstat()
        content = path.read_bytes() if path.is_file() and not path.is_symlink() else None
        out[str(path.relative_to(folder))] = (content, info.st_mode, info.st_mtime_ns)
    return out


def _processes_mentioning(text: str) -> list[int]:
    """Processes whose command line mentions ``text`` (a strategy file's folder)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if text.encode() in (entry / "cmdline").read_bytes():
                    found.append(int(entry.name))
            except OSError:
                pass  # ended meanwhile
    return found


def _validate_hostile(tmp_path: Path, name: str, limits: Limits):
    """Validate one hostile file beside the grades, with a server listening on this
    machine and a handler counting the signals this process receives."""
    folder = _classroom(tmp_path, name)
    server = socket.create_server(("127.0.0.1", 0))
    server.setblocking(False)
    target = folder / name
    target.write_text(target.read_text().replace("PORT = 9 ", f"PORT = {server.getsockname()[1]} "))
    before = _snapshot(folder)
    received: list[int] = []
    previous = signal.signal(signal.SIGUSR1, lambda number, frame: received.append(number))
    try:
        verdict = validate(target, limits=limits)
    finally:
        signal.signal(signal.SIGUSR1, previous)
    with pytest.raises(BlockingIOError):
        server.accept()  # nobody connected
    server.close()
    assert _snapshot(folder) == before, "a file beside the submission changed"
    assert not received, "a signal reached the tournament's process"
    if sys.platform.startswith("linux"):
        assert not _processes_mentioning(str(folder)), "a process was left behind"
    assert not verdict.valid
    assert len(verdict.problems) == 1 and "\n" not in verdict.reason
    return verdict


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_the_python_guards_refuse_with_a_readable_reason(name, tmp_path):
    no_audit_event = ("bad_makes_a_fifo.py", "bad_threads.py", "bad_signals_through_pidfd.py")
    if name in no_audit_event and _kernel_lacks("seccomp"):
        pytest.skip("no Python audit event for this: only the kernel refuses it")
    verdict = _validate_hostile(tmp_path, name, GUARDED)
    (kind, fragment), _ = EXPECTED[name]
    assert verdict.problems[0].kind == kind
    assert fragment in verdict.problems[0].message
    assert verdict.text().startswith(f"{name}: not valid")


@needs_kernel
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_the_kernel_alone_refuses_and_names_the_call(name, tmp_path):
    verdict = _validate_hostile(tmp_path, name, KERNEL_ONLY)
    _, (kind, what, calls) = EXPECTED[name]
    problem = verdict.problems[0]
    assert problem.kind == kind
    assert problem.message.startswith(f"{what}: ")
    assert problem.message.endswith(" (refused by the kernel)")
    called = problem.message.removeprefix(f"{what}: ").removesuffix(" (refused by the kernel)")
    if calls.startswith("'*"):  # a path: the file it tried to read
        assert called.startswith("'") and called.endswith(calls[2:])
    else:
        assert called.replace(" ", "_") in calls.split(), called


@needs_kernel
@pytest.mark.parametrize("name", sorted(OTHERS))
def test_other_hostile_files_get_a_one_line_reason(name, tmp_path):
    if name == "bad_x32_syscall.py" and platform.machine() != "x86_64":
        pytest.skip("the x32 system call table exists on x86_64 only")
    verdict = _validate_hostile(tmp_path, name, KERNEL_ONLY)
    kind, fragment = OTHERS[name]
    assert verdict.problems[0].kind == kind
    assert fragment in verdict.problems[0].message


# -- the layers, active and reported ----------------------------------------------------------


@needs_kernel
def test_the_layers_are_active_here_and_say_so():
    assert all(layer.active for layer in kernel.probe()), kernel.describe(kernel.probe())
    player = SandboxedStrategy(str(CORPUS / "good_tit_for_tat.py"))
    try:
        reported = {layer.name: layer for layer in player.sandbox.layers}
    finally:
        player.close()
    assert list(reported) == ["Python guards", "resource limits", "Landlock", "seccomp"]
    assert all(layer.active for layer in reported.values()), reported
    assert reported["Landlock"].detail.startswith("ABI ")
    result = CliRunner().invoke(main, ["validate", str(CORPUS / "good_tit_for_tat.py")])
    assert result.exit_code == 0
    assert "  sandbox: Python guards, resource limits, Landlock, seccomp: all active" in (
        result.output
    )


def test_validate_says_invalid_with_the_reason_and_the_layers(tmp_path):
    folder = _classroom(tmp_path, "bad_truncates.py")
    result = CliRunner().invoke(main, ["validate", str(folder / "bad_truncates.py")])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[:2] == [
        "bad_truncates.py: not valid",
        "  - files: changes files: truncates a file",
    ]
    assert lines[2] == f"  sandbox: {kernel.describe(expected_layers())}"


@needs_kernel
def test_a_good_strategy_plays_exactly_as_in_process_under_every_layer(monkeypatch):
    path = CORPUS / "good_sometimes_forgives.py"
    monkeypatch.syspath_prepend(str(CORPUS))
    from good_sometimes_forgives import SometimesForgives

    field = ["Tit For Tat", "Random", "Grudger"]
    settings = {"turns": 60, "repetitions": 3, "noise": 0.05, "seed": 11}
    player = SandboxedStrategy(str(path))
    assert all(layer.active for layer in player.sandbox.layers)
    sandboxed = Tournament([player, *field], **settings).play()
    in_process = Tournament([SometimesForgives(), *field], **settings).play()
    close_all()
    assert np.array_equal(sandboxed.table.scores, in_process.table.scores)


def test_numpy_may_import_its_own_modules_late(tmp_path):
    """np.unique imports numpy.ma on first use: reading the interpreter's own files is
    no file access of the student's (the guards once refused it)."""
    path = tmp_path / "numerical.py"
    path.write_text(
        textwrap.dedent(
            """
            import numpy as np
            from strategies.simple import C, D, SimpleStrategy


            class Numerical(SimpleStrategy):
                name = "Numerical"

                def move(self, mine, theirs, memory, rng):
                    values, counts = np.unique(np.array(theirs, dtype=int), return_counts=True)
                    np.polynomial.Polynomial([1, 2])(3.0)
                    return D if len(values) and values[counts.argmax()] == 1 else C
            """
        )
    )
    verdict = validate(path, limits=GUARDED)
    assert verdict.valid, verdict.text()


def test_without_landlock_the_sandbox_still_runs_and_says_so(tmp_path):
    """An old kernel, made real: a seccomp filter (inherited by the strategy's process)
    answers Landlock's system calls with ENOSYS, as a kernel without Landlock does."""
    if _kernel_lacks("seccomp"):
        pytest.skip("needs seccomp to hide Landlock")
    script = textwrap.dedent(
        f"""
        import errno, json, pyseccomp
        from tournament.classroom.validator import validate
        flt = pyseccomp.SyscallFilter(pyseccomp.ALLOW)
        for number in (444, 445, 446):
            flt.add_rule(pyseccomp.ERRNO(errno.ENOSYS), number)
        flt.load()
        verdict = validate({str(CORPUS / "good_tit_for_tat.py")!r})
        print(json.dumps([verdict.valid, verdict.sandbox]))
        """
    )
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=True
    )
    valid, line = json.loads(out.stdout.splitlines()[-1])
    assert valid
    assert "not available: Landlock (this kernel has no Landlock" in line
    assert line.startswith("active: Python guards, resource limits, seccomp;")


# -- each kernel layer on its own, in a process of its own ----------------------------------

ATTEMPTS = """
import errno, json, os, resource, signal, socket, sys, threading
from tournament.sandbox import kernel

folder, port, layer = sys.argv[1], int(sys.argv[2]), sys.argv[3]
victim = os.path.join(folder, "grades.csv")
held = open(os.path.join(folder, "held.bin"), "wb", buffering=0)  # opened before
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
mine = os.path.join(folder, "mine.py")  # the strategy file: readable, nothing beside it
open(mine, "w").close()
applied = kernel.confine(mine, [layer])


def attempt(action):
    try:
        action()
    except BaseException as exc:
        return [getattr(exc, "errno", None) or type(exc).__name__, kernel.refusal(exc)]
    return "done"


def fork():
    pid = os.fork()
    if pid == 0:
        os._exit(0)
    os.waitpid(pid, 0)


results = {
    "read": attempt(lambda: open(victim).read()),
    "append": attempt(lambda: open(victim, "a")),
    "create": attempt(lambda: open(os.path.join(folder, "new.txt"), "w")),
    "truncate": attempt(lambda: os.truncate(victim, 0)),
    "chmod": attempt(lambda: os.chmod(victim, 0)),
    "mkdir": attempt(lambda: os.mkdir(os.path.join(folder, "loot"))),
    "connect": attempt(lambda: socket.create_connection(("127.0.0.1", port), timeout=2)),
    "fork": attempt(fork),
    "thread": attempt(lambda: threading.Thread(target=int).start()),
    "signal parent": attempt(lambda: os.kill(os.getppid(), 0)),
    "signal self": attempt(lambda: os.kill(os.getpid(), 0)),
    "raise a limit": attempt(lambda: resource.setrlimit(resource.RLIMIT_CPU, (-1, -1))),
    "grow a held file": attempt(lambda: held.write(bytes(2**20))),
}
print(json.dumps({"layers": [[x.name, x.active, x.detail] for x in applied], **results}))
"""


def _attempts(tmp_path: Path, layer: str) -> dict:
    folder = tmp_path / "class"
    folder.mkdir()
    (folder / "grades.csv").write_text("alice,18\n")
    server = socket.create_server(("127.0.0.1", 0))
    server.setblocking(False)
    before = _snapshot(folder)
    out = subprocess.run(
        [sys.executable, "-c", ATTEMPTS, str(folder), str(server.getsockname()[1]), layer],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])},
    )
    assert out.returncode == 0, out.stderr
    results = json.loads(out.stdout)
    name, active, detail = results.pop("layers")[0]
    assert name == layer and active, detail
    try:
        server.accept()[0].close()
        results["a connection arrived"] = True
    except BlockingIOError:
        results["a connection arrived"] = False
    server.close()
    after = _snapshot(folder)
    for made in ("held.bin", "mine.py"):  # made by the script before it was confined
        after.pop(made)
    results["changed on disk"] = after != before
    results["contents or names changed"] = {k: v[0] for k, v in after.items()} != {
        k: v[0] for k, v in before.items()
    }
    return results


def _refused_call(result) -> str:
    """The system call named by a seccomp refusal (the errno carries it)."""
    number, reason = result
    assert isinstance(number, int) and number > kernel.ERRNO_BASE, result
    return reason[1].split(": ")[1].removesuffix(" (refused by the kernel)")


@pytest.mark.skipif(_kernel_lacks("seccomp"), reason="this kernel has no seccomp")
def test_seccomp_alone_refuses_changes_processes_sockets_and_signals(tmp_path):
    got = _attempts(tmp_path, "seccomp")
    assert got["read"] == "done" and got["signal self"] == "done"
    assert _refused_call(got["append"]) in ("openat for writing", "open for writing")
    assert _refused_call(got["create"]) in ("openat for writing", "open for writing")
    assert _refused_call(got["truncate"]) == "truncate"
    assert _refused_call(got["chmod"]) in ("chmod", "fchmodat")
    assert _refused_call(got["mkdir"]) in ("mkdir", "mkdirat")
    assert _refused_call(got["connect"]) == "socket"
    assert _refused_call(got["fork"]) in ("clone", "fork")
    assert got["thread"][0] == "RuntimeError"  # Python drops the errno of a thread
    assert _refused_call(got["signal parent"]) == "kill"
    assert _refused_call(got["raise a limit"]) in ("prlimit64", "setrlimit")
    assert not got["changed on disk"] and not got["a connection arrived"]


@pytest.mark.skipif(_kernel_lacks("Landlock"), reason="this kernel has no Landlock")
def test_landlock_alone_refuses_reading_and_writing_beside_and_the_network(tmp_path):
    got = _attempts(tmp_path, "Landlock")
    abi = int(LAYERS["Landlock"].detail.split()[1].rstrip(":"))
    for action in ("read", "append", "create", "mkdir"):
        assert got[action][0] == 13, (action, got[action])  # EACCES
        assert got[action][1][0] == "files"
    if abi >= 3:
        assert got["truncate"][0] == 13
    if abi >= 4:
        assert got["connect"][0] == 13 and not got["a connection arrived"]
    if abi >= 6:
        assert got["signal parent"][0] == 1  # EPERM: outside its domain
    assert got["signal self"] == "done"
    assert not got["contents or names changed"]
    # Landlock has no right for permissions, owners and times: seccomp refuses those
    assert got["chmod"] == "done" and got["changed on disk"]


def test_resource_limits_alone_stop_files_growing(tmp_path):
    got = _attempts(tmp_path, "resource limits")
    assert got["grow a held file"][0] == 27  # EFBIG: RLIMIT_FSIZE is 0
    if os.geteuid() != 0:  # root is exempt from RLIMIT_NPROC
        assert got["fork"][0] == 11  # EAGAIN


# -- a class tournament with hostile submissions ---------------------------------------------


def test_a_class_tournament_with_hostile_files_finishes_for_everyone_else(tmp_path):
    """Files refused at validation, and two that behave for the validator's 20 turns and
    then misbehave: the others' results are those of a run without them, nothing on
    disk changes and no process is left."""
    good = tmp_path / "good"
    good.mkdir()
    for name in ("good_tit_for_tat.py", "good_memory_one.toml"):
        shutil.copy(CORPUS / name, good / name)
    hostile = ["bad_truncates.py", "bad_socket.py", "bad_threads.py", "late_vandal.py"]
    hostile += ["late_slow.py"]
    folder = _classroom(tmp_path, *hostile)
    shutil.copy(CORPUS / "good_memory_one.toml", folder)
    before = _snapshot(folder)
    settings = {"turns": 50, "repetitions": 2, "seed": 3, "limits": GUARDED}
    told: list[str] = []
    clean = run_class_tournament(good, ["Tit For Tat", "Defector"], **settings)
    messy = run_class_tournament(
        folder, ["Tit For Tat", "Defector"], on_sandbox=told.append, **settings
    )
    pd.testing.assert_frame_equal(clean.leaderboard, messy.leaderboard)
    table = messy.submissions_table().set_index("file")
    assert table.loc["late_vandal.py", "status"] == "disqualified"
    assert table.loc["late_vandal.py", "reason"] == "files: changes files: truncates a file"
    assert table.loc["late_slow.py", "status"] == "disqualified"
    assert table.loc["late_slow.py", "reason"].startswith("too slow: ")
    assert table.loc["bad_threads.py", "reason"].startswith("process: starts threads")
    for name in ("bad_truncates.py", "bad_socket.py", "bad_threads.py"):
        assert table.loc[name, "status"] == "invalid"
    assert told == [messy.sandbox] and messy.sandbox == kernel.describe(expected_layers())
    assert _snapshot(folder) == before
    assert not _processes_mentioning(str(folder))
