"""The validator behind ``ipd validate``: load a strategy file, play trial matches and
report what it does, or every problem found."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from strategies import REGISTRY
from strategies.base import Strategy, moves_to_str
from tournament.common.tables import ConfigError
from tournament.core.engine import play_batch
from tournament.core.games import classic
from tournament.sandbox.files import Problem, open_strategy
from tournament.sandbox.kernel import describe
from tournament.sandbox.process import (
    Limits,
    SandboxedStrategy,
    SubmissionFailed,
    expected_layers,
)

__all__ = [
    "VALIDATION_OPPONENTS",
    "VALIDATION_TURNS",
    "TrialGame",
    "Verdict",
    "one_line",
    "validate",
]

#: Opponents and length of the validator's trial matches.
VALIDATION_OPPONENTS = ("Tit For Tat", "Defector", "Cooperator", "Grudger", "Alternator", "Random")
VALIDATION_TURNS = 20


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
    #: The sandbox's layers in one line (Python files; empty for TOML files, which are data).
    sandbox: str = ""

    @property
    def valid(self) -> bool:
        return not self.problems

    @property
    def reason(self) -> str:
        """The problems on one line each joined by "; " (a traceback by its last line)."""
        return "; ".join(f"{p.kind}: {one_line(p.message)}" for p in self.problems)

    def text(self) -> str:
        if not self.valid:
            lines = [f"{self.path.name}: not valid"]
            for problem in self.problems:
                body = problem.message.replace("\n", "\n    ")
                lines.append(f"  - {problem.kind}: {body}")
            return "\n".join(lines + self._sandbox_lines())
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
        return "\n".join(lines + self._sandbox_lines())

    def _sandbox_lines(self) -> list[str]:
        return [f"  sandbox: {self.sandbox}"] if self.sandbox else []


def one_line(message: str) -> str:
    lines = message.splitlines()
    if len(lines) > 1 and lines[0].startswith("  line "):  # a student traceback
        return f"{lines[-1]} ({lines[-2].strip().split(':')[0]})"
    return lines[0] if lines else ""


def _duration(ms: float) -> str:
    return f"{ms * 1000:.1f} µs" if ms < 1 else f"{ms:.1f} ms"


def _trial(player: Strategy, seed: int, tell_length: bool) -> tuple[np.ndarray, np.ndarray]:
    """The trial matches in one batch (the player's process is reused): moves, scores."""
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
        length=VALIDATION_TURNS if tell_length else None,
    )
    return out.moves, out.scores


def validate(
    path: str | Path,
    choice: str | None = None,
    limits: Limits | None = None,
    tell_length: bool = False,
) -> Verdict:
    """Check a strategy file: load it, play trial matches (twice in one process, once in
    another, once with another seed) and report, or list the problems. The trial
    matches tell the strategy their length only with ``tell_length`` (as a class
    tournament does with ``--tell-length``)."""
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
    if path.suffix.lower() == ".py":
        verdict.sandbox = describe(expected_layers(limits or Limits()))
    players: list[Strategy] = []
    try:
        first = open_strategy(path, choice, limits)
        players.append(first)
        if isinstance(first, SandboxedStrategy) and first.sandbox.layers:
            verdict.sandbox = describe(first.sandbox.layers)  # as the process reported
        verdict.name = getattr(first, "display_name", first.name)
        verdict.family = first.family
        moves, scores = _trial(first, 0, tell_length)
        again, _ = _trial(first, 0, tell_length)  # same process: state kept between matches?
        second = first.clone()
        players.append(second)
        fresh, _ = _trial(second, 0, tell_length)
        other_seed, _ = _trial(second, 1, tell_length)
        if isinstance(first, SandboxedStrategy):
            stats = first.sandbox.stats()
            verdict.cpu_ms_per_move = 1000 * stats["cpu"] / max(stats["moves"], 1)
    except SubmissionFailed as exc:
        verdict.problems.append(Problem(exc.kind, exc.reason))
        if exc.layers:
            verdict.sandbox = describe(exc.layers)
        return verdict
    except ConfigError as exc:
        message = str(exc).removeprefix(f"{path}: ")
        verdict.problems.append(Problem("declaration", message))
        return verdict
    finally:
        for player in players:
            if isinstance(player, SandboxedStrategy):
                player.close()
    _judge(verdict, moves, scores, again, fresh, other_seed)
    return verdict


def _judge(
    verdict: Verdict,
    moves: np.ndarray,
    scores: np.ndarray,
    again: np.ndarray,
    fresh: np.ndarray,
    other_seed: np.ndarray,
) -> None:
    """Compare the trial runs (the same process again, a fresh process, another seed)
    and record what they show in ``verdict``."""
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
