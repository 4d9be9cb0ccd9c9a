"""A small binding to Linux's Landlock (three system calls through ctypes).

Landlock lets an unprivileged process give up filesystem and network rights for itself
and its future children, for good. :func:`restrict` handles every access right that the
running kernel knows (its ABI version), allows reading only beneath the given paths, and
on ABI 4 or later refuses TCP bind and connect, on ABI 6 or later signals and abstract
Unix sockets to processes outside the sandbox. The structures and constants are those of
``include/uapi/linux/landlock.h``.

Our own binding rather than the ``landlock`` package (1.0.0.dev5): that one detects a
failed call from a stale ``errno`` instead of the return value, does not pack the rule
structure like the kernel does, and knows neither the network rights (ABI 4) nor the
scopes (ABI 6) that we use.
"""

from __future__ import annotations

import ctypes
import errno
import os
import sys
from collections.abc import Iterable

__all__ = ["LandlockUnavailable", "abi_version", "handled_rights", "restrict"]

_CREATE_RULESET, _ADD_RULE, _RESTRICT_SELF = 444, 445, 446  # the same on every architecture
_CREATE_RULESET_VERSION = 1 << 0
_RULE_PATH_BENEATH = 1
_PR_SET_NO_NEW_PRIVS = 38

# filesystem rights, by the ABI version that introduced them
EXECUTE, WRITE_FILE, READ_FILE, READ_DIR = 1 << 0, 1 << 1, 1 << 2, 1 << 3
_FS_V1 = (1 << 13) - 1  # execute .. make_sym: bits 0 to 12
_FS_BY_ABI = {1: _FS_V1, 2: _FS_V1 | 1 << 13, 3: _FS_V1 | 3 << 13}  # refer, truncate
_FS_V5 = _FS_V1 | 7 << 13  # ioctl_dev
_NET_TCP = (1 << 0) | (1 << 1)  # bind_tcp, connect_tcp (ABI 4)
_SCOPES = (1 << 0) | (1 << 1)  # abstract_unix_socket, signal (ABI 6)


class LandlockUnavailable(OSError):
    """Landlock cannot be used here; the message says why in a few words."""


class _RulesetAttr(ctypes.Structure):
    _fields_ = [
        ("handled_access_fs", ctypes.c_uint64),
        ("handled_access_net", ctypes.c_uint64),
        ("scoped", ctypes.c_uint64),
    ]


class _PathBeneathAttr(ctypes.Structure):
    _pack_ = 1  # __attribute__((packed)) in the kernel's header
    _fields_ = [("allowed_access", ctypes.c_uint64), ("parent_fd", ctypes.c_int32)]


def _libc() -> ctypes.CDLL:
    if not sys.platform.startswith("linux"):
        raise LandlockUnavailable(errno.ENOSYS, "Landlock exists on Linux only")
    return ctypes.CDLL(None, use_errno=True)


def _call(libc: ctypes.CDLL, number: int, *args: object) -> int:
    libc.syscall.restype = ctypes.c_long
    result = libc.syscall(ctypes.c_long(number), *args)
    if result < 0:
        code = ctypes.get_errno()
        raise OSError(code, os.strerror(code))
    return int(result)


def abi_version() -> int:
    """The kernel's Landlock ABI version (1 and up); :class:`LandlockUnavailable` if none."""
    libc = _libc()
    try:
        return _call(libc, _CREATE_RULESET, None, ctypes.c_size_t(0), _CREATE_RULESET_VERSION)
    except OSError as exc:
        if exc.errno == errno.EOPNOTSUPP:
            raise LandlockUnavailable(
                exc.errno, "Landlock is switched off in this kernel"
            ) from None
        if exc.errno == errno.ENOSYS:
            raise LandlockUnavailable(
                exc.errno, "this kernel has no Landlock (Linux 5.13 or later needed)"
            ) from None
        raise LandlockUnavailable(exc.errno, f"Landlock refused: {exc.strerror}") from None


def handled_rights(abi: int) -> tuple[int, int, int]:
    """The filesystem rights, network rights and scopes that ABI ``abi`` handles."""
    fs = _FS_BY_ABI.get(abi, _FS_V5)
    return fs, _NET_TCP if abi >= 4 else 0, _SCOPES if abi >= 6 else 0


def restrict(readable: Iterable[str]) -> tuple[int, list[str]]:
    """Confine this process for good: nothing may be written, created, removed or
    executed anywhere, and only what is beneath ``readable`` (folders or files) may be
    read; no TCP bind or connect (ABI 4+), no signals or abstract sockets to processes
    outside (ABI 6+). Returns the ABI version and what it refuses, in words."""
    abi = abi_version()
    libc = _libc()
    fs, net, scoped = handled_rights(abi)
    attr = _RulesetAttr(fs, net, scoped)
    ruleset = _call(libc, _CREATE_RULESET, ctypes.byref(attr), ctypes.c_size_t(24), 0)
    try:
        for path in readable:
            try:
                fd = os.open(path, os.O_PATH | os.O_CLOEXEC)
            except OSError:
                continue  # a path that does not exist needs no rule
            try:
                is_dir = os.path.isdir(path)
                rule = _PathBeneathAttr(READ_FILE | READ_DIR if is_dir else READ_FILE, fd)
                _call(libc, _ADD_RULE, ruleset, _RULE_PATH_BENEATH, ctypes.byref(rule), 0)
            finally:
                os.close(fd)
        if libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_SET_NO_NEW_PRIVS) failed")
        _call(libc, _RESTRICT_SELF, ruleset, 0)
    finally:
        os.close(ruleset)
    refused = ["files"] + (["TCP"] if net else []) + (["signals"] if scoped else [])
    return abi, refused
