"""Strategy files written by users: declarative TOML strategies (data, no code runs),
Python files (run in a sandbox, see :mod:`tournament.sandbox`), and the validator.

A TOML strategy::

    name = "Generous Reciprocator"
    family = "forgiving"                  # optional; see 'ipd strategies'
    kind = "memory-one"                   # or lookup-table, finite-state-machine, cycler
    probabilities = [1, 0.3, 1, 0.3]      # P(cooperate) after CC, CD, DC, DD (mine first)
    first = 1                             # P(cooperate) on the first turn
"""

from __future__ import annotations

import ast
import tomllib
import types
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from strategies.base import FAMILIES, Strategy, moves_to_str
from tournament.config import ConfigError, _Table
from tournament.errors import IPDError, did_you_mean
from tournament.sandbox import Limits, SandboxedStrategy, SubmissionFailed

__all__ = [
    "KINDS",
    "Problem",
    "Verdict",
    "load_toml_strategy",
    "open_strategy",
    "validate",
]

#: Opponents and length of the validator's trial matches.
VALIDATION_OPPONENTS = ("Tit For Tat", "Defector", "Cooperator", "Grudger", "Alternator", "Random")
VALIDATION_TURNS = 20


def _kinds() -> dict[str, type[Strategy]]:
    from strategies.generic import CyclerStrategy, FiniteStateMachine, LookupTable, MemoryOne

    return {
        "memory-one": MemoryOne,
        "lookup-table": LookupTable,
        "finite-state-machine": FiniteStateMachine,
        "cycler": CyclerStrategy,
    }


KINDS = ("memory-one", "lookup-table", "finite-state-machine", "cycler")


# -- declarative strategies -------------------------------------------------------------------


def _raw(value: Any, key: str, table: _Table) -> Any:
    return value


def _tuples(value: Any) -> Any:
    return tuple(_tuples(v) for v in value) if isinstance(value, list) else value


def load_toml_strategy(path: str | Path) -> Strategy:
    """A strategy from a TOML file of data (no code runs); errors name the file and key."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"no strategy file {str(path)!r}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read the file ({exc})") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None
    table = _Table(data, "", str(path))
    name = table.pop("name", None, _raw)
    if not isinstance(name, str) or not name.strip():
        raise table.error("name", name, 'a name for the strategy, such as name = "My Strategy"')
    family = table.pop("family", "student", _raw)
    if family not in FAMILIES:
        raise ConfigError(
            f"{path}: family: got {family!r}.{did_you_mean(str(family), FAMILIES)} "
            f"Expected one of: {', '.join(FAMILIES)}."
        )
    table.pop("description", "", _raw)
    kind = table.pop("kind", None, _raw)
    if kind not in KINDS:
        raise ConfigError(
            f"{path}: kind: got {kind!r}.{did_you_mean(str(kind), KINDS)} "
            f"Expected one of: {', '.join(KINDS)}."
        )
    base = _kinds()[kind]
    params = {}
    for key in base.param_defaults():
        if key in table.data:
            params[key] = _tuples(table.pop(key, None, _raw))
        else:
            table.known.append(key)
    table.finish()
    namespace = {"name": name.strip(), "family": family, "__module__": __name__, "_file": path.name}
    cls = types.new_class("Declared", (base,), {"abstract": True}, lambda ns: ns.update(namespace))
    cls.label = property(lambda self: f"{self.name} [{self._file}]")  # type: ignore[attr-defined]
    try:
        return cls(**params)
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"{path}: {kind}: {exc}") from None


# -- Python files: what can be told without running them ---------------------------------


@dataclass(frozen=True)
class Problem:
    """One reason a strategy file is not valid; ``kind`` is a short fixed tag."""

    kind: str
    message: str


def _strategy_classes(tree: ast.Module) -> list[str]:
    names = []
    for node in tree.body:
        if isinstance(node, ast.ClassDef):
            for base in node.bases:
                base_name = base.id if isinstance(base, ast.Name) else getattr(base, "attr", "")
                if base_name == "SimpleStrategy":
                    names.append(node.name)
    return names


def _chosen(tree: ast.Module) -> str | None:
    """``STRATEGY = "ClassName"`` in the file, if any."""
    for node in tree.body:
        if (
            isinstance(node, ast.Assign)
            and any(isinstance(t, ast.Name) and t.id == "STRATEGY" for t in node.targets)
            and isinstance(node.value, ast.Constant)
            and isinstance(node.value.value, str)
        ):
            return node.value.value
    return None


def check_python(path: Path, choice: str | None = None) -> list[Problem]:
    """Syntax and strategy classes, read without running the file."""
    try:
        source = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return [Problem("file", "is not a UTF-8 text file")]
    try:
        tree = ast.parse(source, filename=path.name)
    except SyntaxError as exc:
        line = f"\n    {exc.text.rstrip()}" if exc.text else ""
        return [Problem("syntax error", f"syntax error at line {exc.lineno}: {exc.msg}{line}")]
    classes = _strategy_classes(tree)
    choice = choice or _chosen(tree)
    if not classes:
        return [
            Problem(
                "no strategy",
                "no strategy found: define a class that inherits from SimpleStrategy "
                "(run 'ipd new-strategy \"My Strategy\"' for a template)",
            )
        ]
    if choice is not None and choice not in classes:
        return [
            Problem(
                "no strategy",
                f"no strategy class {choice!r}.{did_you_mean(choice, classes)} "
                f"Found: {', '.join(classes)}",
            )
        ]
    if len(classes) > 1 and choice is None:
        return [
            Problem(
                "several strategies",
                f"found {len(classes)} strategies ({', '.join(classes)}) and no choice: keep "
                'one per file, or choose one with --name CLASS or STRATEGY = "CLASS" in the file',
            )
        ]
    return []


def open_strategy(
    path: str | Path, choice: str | None = None, limits: Limits | None = None
) -> Strategy:
    """A player from a strategy file: ``.toml`` data, or ``.py`` run in a sandbox."""
    path = Path(path)
    limits = limits or Limits()
    if path.suffix.lower() == ".toml":
        return load_toml_strategy(path)
    if path.suffix.lower() != ".py":
        raise IPDError(f"{path}: expected a .py (Python) or .toml (declarative) strategy file")
    if not path.is_file():
        raise IPDError(f"no strategy file {str(path)!r}")
    problems = check_python(path, choice)
    if problems:
        raise SubmissionFailed(str(path), problems[0].kind, problems[0].message)
    return SandboxedStrategy(str(path), choice or "", limits)


# -- the validator ---------------------------------------------------------------------------


@dataclass(frozen=True)
class TrialGame:
    opponent: str
    mine: str
    theirs: str
    score: float
    their_score: float


@dataclass
class Verdict:
    """What ``ipd validate`` found about one file."""

    path: Path
    problems: list[Problem] = field(default_factory=list)
    name: str = ""
    family: str = ""
    games: list[TrialGame] = field(default_factory=list)
    deterministic: bool | None = None
    uses_randomness: bool | None = None
    cpu_ms_per_move: float | None = None

    @property
    def valid(self) -> bool:
        return not self.problems

    @property
    def reason(self) -> str:
        """The problems on one line each joined by "; " (a traceback by its last line)."""
        return "; ".join(f"{p.kind}: {_one_line(p.message)}" for p in self.problems)

    def text(self) -> str:
        if not self.valid:
            lines = [f"{self.path.name}: not valid"]
            for problem in self.problems:
                body = problem.message.replace("\n", "\n    ")
                lines.append(f"  - {problem.kind}: {body}")
            return "\n".join(lines)
        lines = [f"{self.path.name}: valid", f'  strategy "{self.name}" (family {self.family})']
        lines.append(
            f"  deterministic with a fixed seed: {'yes' if self.deterministic else 'no'}; "
            f"uses its random generator: {'yes' if self.uses_randomness else 'no'}"
            + (
                f"; {_duration(self.cpu_ms_per_move)} of CPU per move"
                if self.cpu_ms_per_move
                else ""
            )
        )
        width = max(len(g.opponent) for g in self.games)
        lines.append(f"  {VALIDATION_TURNS} turns against each opponent (you / them):")
        for g in self.games:
            cooperation = g.mine.count("C") / len(g.mine)
            lines.append(
                f"    {g.opponent:<{width}}  {g.mine}  score {g.score:g} - {g.their_score:g}"
                f"  cooperation {cooperation:.0%}"
            )
            lines.append(f"    {'':<{width}}  {g.theirs}")
        total = sum(g.score for g in self.games) / (len(self.games) * VALIDATION_TURNS)
        lines.append(f"  mean score per turn: {total:.2f}")
        return "\n".join(lines)


def _one_line(message: str) -> str:
    lines = message.splitlines()
    if len(lines) > 1 and lines[0].startswith("  line "):  # a student traceback
        return f"{lines[-1]} ({lines[-2].strip().split(':')[0]})"
    return lines[0] if lines else ""


def _duration(ms: float) -> str:
    return f"{ms * 1000:.1f} µs" if ms < 1 else f"{ms:.1f} ms"


def _trial(player: Strategy, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """The trial matches in one batch (the player's process is reused): moves, scores."""
    from strategies import REGISTRY
    from tournament.engine import play_batch
    from tournament.games import classic

    players = [player, *(REGISTRY.create(name) for name in VALIDATION_OPPONENTS)]
    seats = np.array([[0, j] for j in range(1, len(players))])
    out = play_batch(
        players,
        seats,
        np.full(len(seats), VALIDATION_TURNS),
        classic().payoffs,
        0.0,
        np.random.SeedSequence(seed),
        keep_moves=True,
    )
    return out.moves, out.scores


def validate(path: str | Path, choice: str | None = None, limits: Limits | None = None) -> Verdict:
    """Check a strategy file: load it, play trial matches (twice in one process, once in
    another, once with another seed) and report, or list the problems."""
    path = Path(path)
    verdict = Verdict(path)
    if path.suffix.lower() not in (".py", ".toml"):
        verdict.problems.append(
            Problem("file", "expected a .py (Python) or .toml (declarative) strategy file")
        )
        return verdict
    if not path.is_file():
        verdict.problems.append(Problem("file", "no such file"))
        return verdict
    players: list[Strategy] = []
    try:
        first = open_strategy(path, choice, limits)
        players.append(first)
        verdict.name = getattr(first, "display_name", first.name)
        verdict.family = first.family
        moves, scores = _trial(first, seed=0)
        again, _ = _trial(first, seed=0)  # same process: state kept between matches?
        second = first.clone()
        players.append(second)
        fresh, _ = _trial(second, seed=0)
        other_seed, _ = _trial(second, seed=1)
        if isinstance(first, SandboxedStrategy):
            stats = first.sandbox.stats()
            verdict.cpu_ms_per_move = 1000 * stats["cpu"] / max(stats["moves"], 1)
    except SubmissionFailed as exc:
        verdict.problems.append(Problem(exc.kind, exc.reason))
        return verdict
    except ConfigError as exc:
        message = str(exc).removeprefix(f"{path}: ")
        verdict.problems.append(Problem("declaration", message))
        return verdict
    finally:
        for player in players:
            if isinstance(player, SandboxedStrategy):
                player.close()
    verdict.deterministic = bool(np.array_equal(moves, fresh))
    if not verdict.deterministic:
        verdict.problems.append(
            Problem(
                "randomness",
                "plays differently in two runs with the same seed: draw every random "
                "choice from the rng argument (not from the time, hash() or id())",
            )
        )
    elif not np.array_equal(moves, again):
        verdict.problems.append(
            Problem(
                "state between matches",
                "keeps state between matches: replaying the same matches with the same seed "
                "gave other moves; keep per-match state in the memory argument (not on the "
                "class or in globals) and draw randomness from rng only",
            )
        )
    # against deterministic opponents only: a random opponent changes with the seed too
    fixed = [i for i, name in enumerate(VALIDATION_OPPONENTS) if name != "Random"]
    verdict.uses_randomness = not np.array_equal(moves[fixed], other_seed[fixed])
    verdict.games = [
        TrialGame(
            opponent,
            moves_to_str(moves[i, 0]),
            moves_to_str(moves[i, 1]),
            float(scores[i, 0]),
            float(scores[i, 1]),
        )
        for i, opponent in enumerate(VALIDATION_OPPONENTS)
    ]
    return verdict
