"""Running users' strategy files in separate processes, with limits.

A :class:`SandboxedStrategy` is an ordinary player for the engine; its moves are chosen
by a child process (:mod:`tournament.sandbox.child`) that loaded the user's file. The
child gets only its own matches' moves, never the match length, the other players or
the scores, and answers in plain bytes that the parent checks.

What this protects against: crashes, exceptions, endless loops and slow moves (CPU time
per move, wall time per turn, CPU time per process), memory hogs (an address-space
limit), endless printing, importing anything off an allow-list, and tampering with other
players or the scores (separate processes). Files, the network, other processes and
signals are refused twice: by Python guards (an audit hook: readable messages) and, for
code that escapes Python, by the kernel (:mod:`tournament.sandbox.kernel`: resource
limits, Landlock, seccomp), each layer where this machine has it. Without the kernel
layers (another OS, an old kernel), a determined attacker who escapes the Python guards
acts with the user's rights: run untrusted code in a container or a virtual machine.
"""

from __future__ import annotations

import contextlib
import json
import os
import select
import signal
import struct
import subprocess
import sys
import tempfile
import time
import weakref
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from strategies.base import Strategy
from strategies.errors import IPDError
from tournament.sandbox.kernel import Layer, guards_layer, probe

__all__ = [
    "Limits",
    "Sandbox",
    "SandboxedStrategy",
    "SubmissionFailed",
    "close_all",
    "expected_layers",
]

_ROOT = Path(__file__).resolve().parents[2]  # the folder holding the packages
_LIVE: weakref.WeakSet[Sandbox] = weakref.WeakSet()


@dataclass(frozen=True)
class Limits:
    """Resource limits of one strategy process."""

    #: CPU seconds one move may take.
    move_seconds: float = 0.05
    #: Wall seconds one turn (all of the strategy's running matches) may take, plus
    #: ``move_seconds`` per match.
    turn_seconds: float = 5.0
    #: CPU seconds for the process's whole life.
    cpu_seconds: int = 600
    #: Address-space limit in MiB.
    memory_mb: int = 1024
    #: Wall seconds to start and load the file.
    start_seconds: float = 30.0
    #: The Python guards' audit hook; False leaves the kernel layers alone in charge
    #: (to test them), never for real submissions.
    audit_hook: bool = True


class SubmissionFailed(IPDError):
    """A user's strategy broke a rule or failed; ``kind`` names how."""

    def __init__(self, path: str, kind: str, message: str, layers: list[Layer] | None = None):
        super().__init__(f"{Path(path).name}: {message}")
        self.path, self.kind, self.reason = path, kind, message
        #: The sandbox's layers, when the process reported them before failing.
        self.layers = layers or []


def expected_layers(limits: Limits = Limits()) -> list[Layer]:
    """The layers a strategy process gets on this machine: the Python guards, then the
    kernel's (:func:`tournament.sandbox.kernel.probe`)."""
    return [guards_layer(limits.audit_hook), *probe()]


def _limit_resources(limits: Limits) -> None:  # runs in the child before it starts
    import resource

    memory = limits.memory_mb * 2**20
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_CPU, (limits.cpu_seconds, limits.cpu_seconds + 5))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    os.setsid()  # its own process group: a terminal's Ctrl-C goes to the parent


class Sandbox:
    """One child process running one strategy file."""

    def __init__(self, path: str | Path, choice: str = "", limits: Limits = Limits()) -> None:
        self.path, self.choice, self.limits = str(path), choice, limits
        self.process: subprocess.Popen[bytes] | None = None
        self.info: dict[str, Any] = {}
        #: The sandbox's layers as the process reported them: (name, active, detail).
        self.layers: list[Layer] = []

    def start(self) -> dict[str, str]:
        """Start the process and load the file; its name, family and class name."""
        if sys.platform == "win32":  # pragma: no cover
            raise IPDError("running strategy files needs a POSIX system (Linux or macOS)")
        to_child_r, to_child_w = os.pipe()
        from_child_r, from_child_w = os.pipe()
        env = {
            "PATH": os.environ.get("PATH", ""),
            "PYTHONPATH": str(_ROOT),
            "PYTHONHASHSEED": "0",
            "PYTHONDONTWRITEBYTECODE": "1",
            "OPENBLAS_NUM_THREADS": "1",
            "OMP_NUM_THREADS": "1",
            "MKL_NUM_THREADS": "1",
        }
        self._workdir = tempfile.TemporaryDirectory(prefix="ipd-sandbox-")
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tournament.sandbox.child",
                str(to_child_r),
                str(from_child_w),
                str(Path(self.path).resolve()),
                self.choice,
                repr(self.limits.move_seconds),
                "1" if self.limits.audit_hook else "0",
            ],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            pass_fds=(to_child_r, from_child_w),
            cwd=self._workdir.name,
            env=env,
            preexec_fn=lambda: _limit_resources(self.limits),
        )
        os.close(to_child_r)
        os.close(from_child_w)
        self._write, self._read = to_child_w, from_child_r
        _LIVE.add(self)
        status, payload = self._receive(self.limits.start_seconds, "while loading the file")
        if status != b"I":
            self._fail_with(status, payload)
        self.info = self._json(payload)
        self._read_layers(self.info)
        return self.info

    def _read_layers(self, value: dict[str, Any]) -> None:
        """The layers the process reported (what the student's code sent is data too)."""
        layers = value.pop("layers", None)
        if isinstance(layers, list):
            self.layers = [
                Layer(str(x[0]), x[1] is True, str(x[2]))
                for x in layers
                if isinstance(x, list) and len(x) == 3
            ]

    # -- protocol ------------------------------------------------------------------------

    def _send(self, op: bytes, a: int = 0, b: int = 0, payload: bytes = b"") -> None:
        data = struct.pack("<cQQ", op, a, b) + payload
        try:
            while data:
                data = data[os.write(self._write, data) :]
        except (BrokenPipeError, OSError):
            self._died("")

    def _read_exact(self, size: int, deadline: float, doing: str) -> bytes:
        chunks, remaining = [], size
        while remaining:
            left = deadline - time.monotonic()
            ready, _, _ = select.select([self._read], [], [], max(left, 0))
            if not ready:
                self.close()
                raise SubmissionFailed(
                    self.path,
                    "too slow",
                    f"gave no answer within {self._budget:.0f} s {doing} (an endless loop?)",
                )
            chunk = os.read(self._read, remaining)
            if not chunk:
                self._died(doing)
            chunks.append(chunk)
            remaining -= len(chunk)
        return b"".join(chunks)

    def _receive(self, seconds: float, doing: str, limit: int = 2**20) -> tuple[bytes, bytes]:
        self._budget = seconds
        deadline = time.monotonic() + seconds
        status, size = struct.unpack("<cI", self._read_exact(5, deadline, doing))
        if size > limit or status not in (b"I", b"E", b"M", b"S"):
            self.close()
            raise SubmissionFailed(self.path, "crashed", "sent an answer that is not a move")
        return status, self._read_exact(size, deadline, doing)

    def _json(self, payload: bytes) -> dict[str, Any]:
        try:
            value = json.loads(payload.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            value = None
        if not isinstance(value, dict):
            self.close()
            raise SubmissionFailed(self.path, "crashed", "sent an answer that is not a move")
        return value

    def _fail_with(self, status: bytes, payload: bytes) -> None:
        value = self._json(payload) if status == b"E" else {}
        self._read_layers(value)
        self.close()
        kind, message = str(value.get("kind", "crashed")), str(value.get("message", "failed"))
        if kind == "memory":
            message += f" (limit {self.limits.memory_mb} MiB)"
        raise SubmissionFailed(self.path, kind, message, self.layers)

    def _died(self, doing: str) -> None:
        code = self.process.wait(timeout=10) if self.process is not None else None
        self.close()
        where = f" {doing}" if doing else ""
        if code == -signal.SIGXCPU:
            raise SubmissionFailed(
                self.path, "too slow", f"used more than {self.limits.cpu_seconds} s of CPU{where}"
            )
        if code == -signal.SIGSYS:
            raise SubmissionFailed(
                self.path, "system", f"made a system call the kernel refuses{where}"
            )
        if code == -signal.SIGXFSZ:
            raise SubmissionFailed(
                self.path,
                "files",
                f"changes files: writes into a file (refused by the kernel){where}",
            )
        if code is not None and code < 0:
            name = signal.Signals(-code).name
            raise SubmissionFailed(
                self.path,
                "crashed",
                f"its process was killed by {name}{where} (out of memory or CPU time?)",
            )
        raise SubmissionFailed(
            self.path, "crashed", f"its process ended unexpectedly (exit code {code}){where}"
        )

    # -- commands ------------------------------------------------------------------------

    def reset(self, n: int, seed: int, length: int | None = None) -> None:
        """Start ``n`` matches with randomness from ``seed``; ``length`` is the match
        length the strategy may read, when the tournament tells it."""
        if self.process is None:
            self.start()
        self._send(b"L", length or 0, 0)
        self._send(b"R", n, seed)

    def step(self, own_last: np.ndarray | None, opp_last: np.ndarray | None, k: int) -> np.ndarray:
        if own_last is None:
            self._send(b"T", k, 0)
        else:
            payload = own_last.astype(np.uint8).tobytes() + opp_last.astype(np.uint8).tobytes()
            self._send(b"T", k, 1, payload)
        seconds = self.limits.turn_seconds + k * self.limits.move_seconds
        status, payload = self._receive(seconds, "choosing a move", limit=max(k, 2**16))
        if status != b"M":
            self._fail_with(status, payload)
        moves = np.frombuffer(payload, dtype=np.uint8)
        if len(moves) != k or moves.max(initial=0) > 1:
            self.close()
            raise SubmissionFailed(self.path, "crashed", "sent an answer that is not a move")
        return moves

    def stats(self) -> dict[str, float]:
        """Moves chosen so far, their total and largest CPU time per move."""
        self._send(b"S")
        status, payload = self._receive(self.limits.turn_seconds, "reporting its timings")
        if status != b"S":
            self._fail_with(status, payload)
        return self._json(payload)

    def close(self) -> None:
        process, self.process = self.process, None
        if process is None:
            return
        if process.returncode is None:  # not reaped yet: its pid and group are still its own
            with contextlib.suppress(OSError):  # it and anything it started (setsid)
                os.killpg(process.pid, signal.SIGKILL)
            process.kill()
        process.wait()
        for fd in (self._write, self._read):
            with contextlib.suppress(OSError):
                os.close(fd)
        self._workdir.cleanup()
        _LIVE.discard(self)

    def __del__(self) -> None:
        with contextlib.suppress(Exception):  # at interpreter shutdown
            self.close()


def close_all() -> None:
    """Stop every strategy process still running."""
    for sandbox in list(_LIVE):
        sandbox.close()


class SandboxedStrategy(Strategy, abstract=True):
    """A player whose moves come from a strategy file run in its own process.

    Plays exactly like the file's class run in-process (same seed, same moves).
    """

    family = "student"

    def __init__(
        self,
        path: str,
        choice: str = "",
        limits: Limits = Limits(),
        name: str = "",
        family: str = "",
    ) -> None:
        super().__init__()
        self.set_params(path=str(path), choice=choice, limits=limits, name=name, family=family)
        self.sandbox = Sandbox(path, choice, limits)
        if not name:
            info = self.sandbox.start()
            name, family = info["name"], info["family"]
            self.params.update(name=name, family=family)
        self.display_name = name
        self.family = family or "student"  # an instance attribute: each file has its own

    @property
    def label(self) -> str:
        return f"{self.display_name} [{Path(self.params['path']).name}]"

    def clone(self) -> SandboxedStrategy:
        return SandboxedStrategy(**self.params)

    def is_stochastic(self) -> bool:
        return True  # unknown: treated as possibly random

    def reset(self, n: int, rng: np.random.Generator, payoff: np.ndarray) -> None:
        super().reset(n, rng, payoff)
        told = self.length if isinstance(self.length, int) else None  # inf: not a length
        self.sandbox.reset(n, int(rng.integers(2**63)), told)  # the seed as SimpleStrategy draws it

    def step(self, own: np.ndarray, opp: np.ndarray) -> np.ndarray:
        k, t = own.shape
        if t:
            return self.sandbox.step(own[:, t - 1], opp[:, t - 1], k)
        return self.sandbox.step(None, None, k)

    def close(self) -> None:
        self.sandbox.close()
