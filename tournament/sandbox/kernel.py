"""The operating system's layers around a strategy process, each probed at run time.

After the Python guards (:mod:`~tournament.sandbox.child`), three layers that the
kernel enforces, so that code which escapes Python still cannot act:

- resource limits: no new processes (``RLIMIT_NPROC``, for users other than root), no
  file growth (``RLIMIT_FSIZE``), a few file descriptors (``RLIMIT_NOFILE``), no message
  queues, on top of the CPU and memory limits set when the process starts;
- Landlock (:mod:`~tournament.sandbox.landlock`): nothing writable, only the
  interpreter's files readable, no TCP, no signals to processes outside;
- a seccomp filter (``pyseccomp`` over the system's libseccomp) that refuses the
  system calls a strategy never needs: changing files, new processes and threads,
  sockets, signals to other processes, ptrace, mounts, identities, io_uring, ...

A refused call fails with the error number ``ERRNO_BASE`` + its system call number, so
the report names it ("changes files: truncate"). :func:`probe` says what is available
here, :func:`confine` (in the child) applies it, :func:`describe` puts it in one line.
"""

from __future__ import annotations

import errno
import functools
import os
import platform
import sys
from collections.abc import Iterable
from dataclasses import dataclass

__all__ = [
    "ERRNO_BASE",
    "LAYERS",
    "Layer",
    "confine",
    "describe",
    "guards_layer",
    "interpreter_paths",
    "probe",
    "refusal",
]

#: A refused system call fails with errno ERRNO_BASE + its number (at most 4095).
ERRNO_BASE = 3000

_FILES = (
    "creat", "truncate", "ftruncate", "fallocate", "unlink", "unlinkat", "rename",
    "renameat", "renameat2", "link", "linkat", "symlink", "symlinkat", "mkdir", "mkdirat",
    "rmdir", "mknod", "mknodat", "chmod", "fchmod", "fchmodat", "fchmodat2", "chown",
    "fchown", "lchown", "fchownat", "utime", "utimes", "utimensat", "futimesat",
    "setxattr", "lsetxattr", "fsetxattr", "setxattrat", "removexattr", "lremovexattr",
    "fremovexattr", "removexattrat", "openat2", "open_by_handle_at", "name_to_handle_at",
    "flock", "mq_open", "mq_unlink", "shmget", "msgget", "semget",
)  # fmt: skip
_PROCESSES = ("fork", "vfork", "clone", "clone3", "execve", "execveat")
_NETWORK = ("socket", "socketpair", "connect", "bind", "listen", "accept", "accept4")
_SIGNALS = ("tkill", "pidfd_open", "pidfd_send_signal", "pidfd_getfd")
#: allowed only when their first argument is the process itself
_SIGNALS_TO_SELF = ("kill", "tgkill", "rt_sigqueueinfo", "rt_tgsigqueueinfo")
_SYSTEM = (
    "ptrace", "process_vm_readv", "process_vm_writev", "process_madvise", "kcmp",
    "mount", "umount2", "pivot_root", "chroot", "fsopen", "fsconfig", "fsmount", "fspick",
    "move_mount", "open_tree", "open_tree_attr", "mount_setattr", "unshare", "setns",
    "setuid", "setgid", "setreuid", "setregid", "setresuid", "setresgid", "setfsuid",
    "setfsgid", "setgroups", "capset", "io_uring_setup", "io_uring_enter",
    "io_uring_register", "bpf", "perf_event_open", "userfaultfd", "keyctl", "add_key",
    "request_key", "kexec_load", "kexec_file_load", "init_module", "finit_module",
    "delete_module", "reboot", "swapon", "swapoff", "acct", "quotactl", "quotactl_fd",
    "sethostname", "setdomainname", "settimeofday", "clock_settime", "clock_adjtime",
    "adjtimex", "iopl", "ioperm", "modify_ldt", "setrlimit", "setpriority",
    "sched_setaffinity", "sched_setscheduler", "sched_setparam", "sched_setattr",
    "ioprio_set", "migrate_pages", "move_pages", "mbind", "set_mempolicy",
    "fanotify_init", "lookup_dcookie", "vhangup", "syslog", "lsm_set_self_attr",
)  # fmt: skip
#: Numbers of recent system calls that an older libseccomp may not know by name: since
#: Linux 5.1 new calls have one number on every architecture but alpha, ia64 and mips.
_UNIFIED = {
    "pidfd_send_signal": 424, "io_uring_setup": 425, "io_uring_enter": 426,
    "io_uring_register": 427, "open_tree": 428, "move_mount": 429, "fsopen": 430,
    "fsconfig": 431, "fsmount": 432, "fspick": 433, "pidfd_open": 434, "clone3": 435,
    "openat2": 437, "pidfd_getfd": 438, "process_madvise": 440, "mount_setattr": 442,
    "quotactl_fd": 443, "fchmodat2": 452, "lsm_set_self_attr": 460, "setxattrat": 463,
    "removexattrat": 466, "open_tree_attr": 467,
}  # fmt: skip
_CATEGORIES = {
    "files": ("files", "changes files"),
    "processes": ("process", "starts processes"),
    "signals": ("process", "sends signals to other processes"),
    "network": ("network", "uses the network"),
    "system": ("system", "makes a forbidden system call"),
}
#: system call number -> (category, name), filled by the filter this process loaded
_REFUSED: dict[int, tuple[str, str]] = {}
_ACTIVE: set[str] = set()


@dataclass(frozen=True)
class Layer:
    """One layer of the sandbox: active or not, and a few words on what or why."""

    name: str
    active: bool
    detail: str = ""

    def text(self) -> str:
        return f"{self.name} ({self.detail})" if self.detail else self.name


def guards_layer(audit_hook: bool = True) -> Layer:
    """The Python guards' entry among the layers (they run in the child, first)."""
    detail = "audit hook, imports, prints" if audit_hook else "imports, prints; no audit hook"
    return Layer("Python guards", True, detail)


def describe(layers: Iterable[Layer]) -> str:
    """The layers in one line: which are active, which are not and why.

    >>> describe([Layer("seccomp", True), Layer("Landlock", False, "no Landlock")])
    'active: seccomp; not available: Landlock (no Landlock)'
    """
    layers = list(layers)
    on = [layer.name for layer in layers if layer.active]
    off = [layer.text() for layer in layers if not layer.active]
    if not off:
        return f"{', '.join(on)}: all active"
    return f"active: {', '.join(on) or 'none'}; not available: {'; '.join(off)}"


# -- probing ---------------------------------------------------------------------------------


def _rlimits_probe() -> Layer:
    try:
        import resource  # noqa: F401
    except ImportError:
        return Layer("resource limits", False, "no POSIX resource limits here")
    return Layer("resource limits", True, "processes, file size, files")


def _landlock_probe() -> Layer:
    from tournament.sandbox.landlock import LandlockUnavailable, abi_version, handled_rights

    try:
        abi = abi_version()
    except LandlockUnavailable as exc:
        return Layer("Landlock", False, exc.strerror or str(exc))
    _, net, scoped = handled_rights(abi)
    refused = ["files"] + (["TCP"] if net else []) + (["signals"] if scoped else [])
    return Layer("Landlock", True, f"ABI {abi}: {', '.join(refused)}")


@functools.cache
def _seccomp_module():
    """pyseccomp, or a reason why seccomp cannot be used (a string)."""
    if not sys.platform.startswith("linux"):
        return "seccomp exists on Linux only"
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            if "Seccomp:" not in status.read():
                return "this kernel has no seccomp"
    except OSError:
        pass
    try:
        import pyseccomp
    except ImportError:
        return "the pyseccomp package is not installed"
    except (RuntimeError, OSError):  # pyseccomp raises RuntimeError without libseccomp
        return "libseccomp is not installed (Debian/Ubuntu: apt-get install libseccomp2)"
    except AttributeError:  # a function missing from the library
        return "the installed libseccomp is too old"
    return pyseccomp


def _seccomp_probe() -> Layer:
    module = _seccomp_module()
    if isinstance(module, str):
        return Layer("seccomp", False, module)
    return Layer("seccomp", True, "files, processes, network, signals")


@functools.cache
def probe() -> tuple[Layer, ...]:
    """The kernel layers available on this machine (without applying any)."""
    return (_rlimits_probe(), _landlock_probe(), _seccomp_probe())


# -- applying, in the strategy's process -----------------------------------------------------


def _highest_fd() -> int:
    try:
        return max(int(fd) for fd in os.listdir("/proc/self/fd"))
    except (OSError, ValueError):  # no /proc (macOS): a guess that leaves room
        return 64


def _limit_resources(highest: int) -> Layer:
    """Limits that only the kernel can lift (and seccomp then refuses setting them);
    ``highest`` is the highest file descriptor the process holds."""
    try:
        import resource
    except ImportError:
        return Layer("resource limits", False, "no POSIX resource limits here")
    limits = [
        (resource.RLIMIT_NPROC, 0),  # no new process or thread (root is exempt)
        (resource.RLIMIT_FSIZE, 0),  # no file grows (pipes are not files)
        (resource.RLIMIT_NOFILE, highest + 8),  # what it holds and a few
    ]
    if hasattr(resource, "RLIMIT_MSGQUEUE"):
        limits.append((resource.RLIMIT_MSGQUEUE, 0))
    for which, value in limits:
        try:
            resource.setrlimit(which, (value, value))
        except (OSError, ValueError) as exc:
            return Layer("resource limits", False, f"could not be set: {exc}")
    return Layer("resource limits", True, "processes, file size, files")


def _landlock(readable: Iterable[str]) -> Layer:
    from tournament.sandbox.landlock import LandlockUnavailable, restrict

    try:
        abi, refused = restrict(readable)
    except LandlockUnavailable as exc:
        return Layer("Landlock", False, exc.strerror or str(exc))
    except Exception as exc:  # noqa: BLE001  a layer that fails is reported, not fatal
        return Layer("Landlock", False, f"could not be applied: {exc}")
    _ACTIVE.add("Landlock")
    return Layer("Landlock", True, f"ABI {abi}: {', '.join(refused)}")


def _rules() -> Iterable[tuple[str, str, tuple[tuple[int, int, int, int], ...]]]:
    """(category, system call, argument comparisons) of every rule; a rule refuses the
    call when all its comparisons hold (none: always). Comparisons are pyseccomp's
    (argument, operator, a, b) with 1 = not equal and 7 = (arg & a) == b."""
    for name in _FILES:
        yield "files", name, ()
    writing = os.O_WRONLY, os.O_RDWR, os.O_CREAT, os.O_TRUNC
    tmpfile = getattr(os, "O_TMPFILE", 0) & ~getattr(os, "O_DIRECTORY", 0)
    for flag in (*writing, tmpfile):
        if flag:
            yield "files", "open", ((1, 7, flag, flag),)
            yield "files", "openat", ((2, 7, flag, flag),)
    for name in _PROCESSES:
        yield "processes", name, ()
    for name in _NETWORK:
        yield "network", name, ()
    for name in _SIGNALS:
        yield "signals", name, ()
    for name in _SIGNALS_TO_SELF:
        yield "signals", name, ((0, 1, os.getpid(), 0),)
    for name in _SYSTEM:
        yield "system", name, ()
    yield "system", "prlimit64", ((2, 1, 0, 0),)  # reading limits is fine, setting is not


def _seccomp() -> Layer:
    module = _seccomp_module()
    if isinstance(module, str):
        return Layer("seccomp", False, module)
    try:
        flt = module.SyscallFilter(module.ALLOW)
        flt.set_attr(module.Attr.ACT_BADARCH, module.KILL_PROCESS)  # other ABIs: none
        refused: dict[int, tuple[str, str]] = {}
        unified = platform.machine() in ("x86_64", "aarch64", "riscv64", "s390x", "ppc64le")
        for category, name, comparisons in _rules():
            number = module.resolve_syscall(module.Arch.NATIVE, name)
            if number < 0 and unified:
                number = _UNIFIED.get(name, -1)
            if number < 0:
                continue  # not a system call of this architecture
            code = ERRNO_BASE + number if ERRNO_BASE + number <= 4095 else errno.EPERM
            args = [module.Arg(*comparison) for comparison in comparisons]
            flt.add_rule(module.ERRNO(code), number, *args)
            refused[number] = (category, name)
        flt.load()
    except Exception as exc:  # noqa: BLE001  nothing is applied before load(): report it
        return Layer("seccomp", False, f"could not be applied: {exc}")
    _REFUSED.update(refused)
    _ACTIVE.add("seccomp")
    return Layer("seccomp", True, "files, processes, network, signals")


def interpreter_paths(strategy_file: str) -> list[str]:
    """The folders the interpreter reads its modules from: its installation, its module
    folders and this project's two packages (not the folder above them, which may hold
    anything), never one holding the strategy's folder (other submissions)."""
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    folder = os.path.dirname(os.path.abspath(strategy_file))
    paths = {sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix}
    paths.update(os.path.join(root, package) for package in ("strategies", "tournament"))
    for entry in sys.path:
        entry = os.path.abspath(entry) if entry else ""
        inside = folder == entry or folder.startswith(entry.rstrip(os.sep) + os.sep)
        if entry and entry not in (root, os.getcwd()) and not inside:
            paths.add(entry)
    return sorted(os.path.realpath(path) for path in paths)


def _readable(strategy_file: str) -> list[str]:
    """What the process may read: the interpreter's folders, the system's libraries
    (a late import may load one) and the strategy file itself."""
    system = ("/usr/lib", "/usr/lib64", "/lib", "/lib64", "/etc/ld.so.cache")
    return [*interpreter_paths(strategy_file), *system, os.path.abspath(strategy_file)]


#: The kernel's layers, in the order they are applied and reported.
LAYERS = ("resource limits", "Landlock", "seccomp")


def confine(strategy_file: str, layers: Iterable[str] = LAYERS) -> list[Layer]:
    """Apply the ``layers`` available here to this process, for good (in the child,
    after its imports and before the strategy's code runs); how each went."""
    wanted = set(layers)
    if "seccomp" in wanted:
        _seccomp_module()  # loaded now: it finds its library with a helper program
    done, highest = {}, _highest_fd()  # before Landlock hides /proc
    if "Landlock" in wanted:
        done["Landlock"] = _landlock(_readable(strategy_file))
    if "resource limits" in wanted:
        done["resource limits"] = _limit_resources(highest)  # before seccomp refuses it
    if "seccomp" in wanted:
        done["seccomp"] = _seccomp()
    return [done[name] for name in LAYERS if name in done]


# -- reporting -------------------------------------------------------------------------------


def refusal(exc: BaseException | None) -> tuple[str, str] | None:
    """The kind and one-line reason if ``exc`` (or what caused it) is a refusal of a
    kernel layer of this process; None otherwise."""
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        code = getattr(exc, "errno", None) if isinstance(exc, OSError) else None
        if isinstance(code, int) and code - ERRNO_BASE in _REFUSED:
            category, name = _REFUSED[code - ERRNO_BASE]
            kind, what = _CATEGORIES[category]
            shown = f"{name} for writing" if name in ("open", "openat") else name
            return kind, f"{what}: {shown} (refused by the kernel)"
        if code in (errno.EACCES, errno.EPERM) and "Landlock" in _ACTIVE:
            if getattr(exc, "filename", None):
                where = f": {exc.filename!r}"
                return "files", f"reaches outside its sandbox{where} (refused by the kernel)"
            return "system", "reaches outside its sandbox (refused by the kernel)"
        threads = isinstance(exc, RuntimeError) and "can't start new thread" in str(exc)
        if threads and "seccomp" in _ACTIVE:
            return "process", "starts threads: clone (refused by the kernel)"
        exc = exc.__cause__ or exc.__context__
    return None
