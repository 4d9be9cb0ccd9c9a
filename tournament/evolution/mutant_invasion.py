"""Invasion: can a few mutants take over a population of residents? A Moran process
without mutation on the two strategies' tournament payoffs, its fixation probability
compared with the neutral baseline (:class:`InvasionResult`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from strategies.errors import IPDError
from tournament.common.validation import check_int_at_least
from tournament.evolution.simulation import evolve

__all__ = ["InvasionResult", "invasion"]


@dataclass(frozen=True)
class InvasionResult:
    mutant: str
    resident: str
    mutants: int
    population: int
    runs: int
    fixations: int
    probability: float
    ci_low: float
    ci_high: float

    @property
    def neutral(self) -> float:
        """What a mutant no better or worse than the residents would achieve."""
        return self.mutants / self.population

    @property
    def verdict(self) -> str:
        if self.ci_low > self.neutral:
            return "invades (favoured by selection)"
        if self.ci_high < self.neutral:
            return "is resisted (selection works against it)"
        return "is neutral within the estimate's precision"

    def text(self) -> str:
        return (
            f"{self.mutants} {self.mutant} in a population of {self.population} "
            f"{self.resident}: takes over with probability {self.probability:.3f} "
            f"(95% CI {self.ci_low:.3f} to {self.ci_high:.3f}; {self.fixations} of "
            f"{self.runs} runs); neutral baseline {self.neutral:.3f}. {self.mutant} "
            f"{self.verdict}."
        )


def invasion(
    mutant: Any,
    resident: Any,
    *,
    mutants: int = 1,
    population: int = 20,
    runs: int = 1000,
    selection: float = 1.0,
    generations: int = 10_000,
    **tournament: Any,
) -> InvasionResult:
    """Can ``mutants`` individuals of ``mutant`` take over a population of ``resident``?
    A Moran process without mutation, on the two strategies' tournament payoffs."""
    population = check_int_at_least("population", population, 2)
    mutants = check_int_at_least("mutants", mutants, 1)
    if mutants >= population:
        raise IPDError(f"mutants ({mutants}) must be fewer than the population ({population})")
    evo = evolve(
        [mutant, resident],
        model="moran",
        generations=generations,
        population=population,
        initial=[mutants, population - mutants],
        selection=selection,
        runs=runs,
        **tournament,
    )
    row = evo.fixation.iloc[0]
    return InvasionResult(
        evo.labels[0],
        evo.labels[1],
        mutants,
        population,
        runs,
        int(row["fixations"]),
        float(row["probability"]),
        float(row["ci_low"]),
        float(row["ci_high"]),
    )
