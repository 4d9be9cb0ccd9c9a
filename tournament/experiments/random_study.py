"""The plan of a random study (a ``[random]`` table): trials drawn from the experiment
seed, each a random field from the pool with random repetitions, turns, noise and ending
probability, and the tournaments each trial plays on it (its cells). Nothing here plays
a match.

This is the data collection of Glynatsi, Knight and Harper (2020), "A meta analysis of
tournaments and an evaluation of performance in the Iterated Prisoner's Dilemma"
(arXiv:2001.05911): for each trial, N strategies drawn without replacement from the pool,
then one tournament of each type (standard, noisy, probabilistic ending, noisy
probabilistic ending) on that field and those parameters.

Trial ``i`` is drawn from its own stream, ``SeedSequence(seed, spawn_key=(i,))`` (the
``i``-th child of the experiment seed's sequence), so it does not depend on how many
trials there are: growing ``tournaments`` from 100 to 200 keeps the first 100 trials, and
a resumed run reuses their cells.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from typing import TYPE_CHECKING, Any

import numpy as np

from tournament.experiments.cells import (
    Cell,
    ResolvedGame,
    _field,
    expand_games,
    pairs_per_tournament,
)
from tournament.experiments.config import (
    ConfigError,
    ExperimentConfig,
    RandomConfig,
)

if TYPE_CHECKING:
    from strategies.base import Strategy

__all__ = ["TYPE_TITLES", "RandomStudy", "Trial", "draw_trial", "pairs_per_tournament"]

#: What each tournament type is, in words (the summary and the figures).
TYPE_TITLES = {
    "standard": "Standard: fixed length, no noise",
    "noisy": "Noisy: fixed length, with noise",
    "probabilistic-ending": "Probabilistic ending, no noise",
    "noisy-probabilistic-ending": "Noisy, probabilistic ending",
}


@dataclass(frozen=True)
class Trial:
    """One draw: a field (positions in the pool, increasing) and the parameters every
    tournament of the trial shares."""

    index: int
    players: tuple[int, ...]
    repetitions: int
    turns: int
    noise: float
    prob_end: float

    @property
    def size(self) -> int:
        return len(self.players)


def _draw_prob_end(rng: np.random.Generator, low: float, high: float) -> float:
    """A draw from ``(low, high]`` (``high - (high - low) * U`` with ``U`` in [0, 1)):
    never ``low``, so a range starting at 0 never gives a match that cannot end."""
    value = float(high - (high - low) * rng.random())
    if value <= low < high:  # the product rounded up to (high - low): one ulp above low
        value = float(np.nextafter(low, high))
    return value


def draw_trial(study: RandomConfig, seed: int, index: int, pool_size: int) -> Trial:
    """Trial ``index`` of a study with experiment seed ``seed`` and a pool of
    ``pool_size`` strategies (``study.size`` resolved: its ``max`` is not ``None``)."""
    low, high = study.size
    if high is None:
        high = pool_size
    rng = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(index,)))
    size = int(rng.integers(low, high, endpoint=True))
    players = tuple(sorted(int(i) for i in rng.choice(pool_size, size, replace=False)))
    repetitions = int(rng.integers(*study.repetitions, endpoint=True))
    turns = int(rng.integers(*study.turns, endpoint=True))
    noise = float(rng.uniform(*study.noise))
    prob_end = _draw_prob_end(rng, *study.prob_end)
    return Trial(index, players, repetitions, turns, noise, prob_end)


class RandomStudy:
    """A checked ``[random]`` config and its cells: ``len(types)`` tournaments per trial,
    in trial order (cell ``trial * len(types) + k`` plays type ``types[k]``).

    >>> from tournament.experiments.config import parse_config
    >>> study = RandomStudy(parse_config('roster = "classic"\\n[random]\\ntournaments = 3'))
    >>> len(study.cells), study.cells[0].tournament_type, study.cells[1].noise > 0
    (12, 'standard', True)
    """

    def __init__(self, config: ExperimentConfig) -> None:
        if config.random is None:
            raise ConfigError(f"{config.source}: expected a [random] table for a random study")
        self.config = config
        self.study: RandomConfig = config.random
        specs, players = _field(config)
        self._check_pool(specs, players)
        self.specs = tuple(specs)
        self.players: list[Strategy] = players
        self.labels = [p.label for p in players]
        self.families = [p.family for p in players]
        self.game: ResolvedGame = self._one_game()
        self.size = self._size_range()
        # what a player is, independent of where its class lives (as in a sweep)
        self.player_keys = tuple(
            f"{type(p).__qualname__}:{p.name}{sorted(p.params.items())!r}" for p in players
        )
        self.trials = [
            draw_trial(self._resolved_study(), config.seed, i, len(players))
            for i in range(self.study.tournaments)
        ]
        self.cells = [cell for trial in self.trials for cell in self._trial_cells(trial)]

    # -- checks ------------------------------------------------------------------------

    def _check_pool(self, specs: list[str], players: list[Strategy]) -> None:
        labels = [p.label for p in players]
        for i, label in enumerate(labels):
            if labels.index(label) != i:
                raise ConfigError(
                    f"{self.config.source}: strategies: {specs[i]!r} is in the pool twice "
                    f"(as {label!r}): expected each strategy once (a random field draws "
                    "distinct strategies)"
                )

    def _one_game(self) -> ResolvedGame:
        games = expand_games(self.config)
        if len(games) != 1:
            raise ConfigError(
                f"{self.config.source}: game: a [random] study plays one game, got "
                f"{len(games)} ({', '.join(g.game.name for g in games)}): expected one "
                "[[game]] table with no swept parameter"
            )
        return games[0]

    def _size_range(self) -> tuple[int, int]:
        low, high = self.study.size
        pool = len(self.players)
        if high is None:
            high = pool
        if high > pool:
            raise ConfigError(
                f"{self.config.source}: random.size.max: got {high}, expected at most the "
                f"pool size, {pool} (the strategies of 'roster' and 'strategies')"
            )
        if low > high:
            raise ConfigError(
                f"{self.config.source}: random.size.min: got {low}, expected at most "
                f"{high} (the largest size: the pool has {pool} strategies)"
            )
        return low, high

    def _resolved_study(self) -> RandomConfig:
        return replace(self.study, size=self.size)

    # -- cells -------------------------------------------------------------------------

    def _trial_cells(self, trial: Trial) -> list[Cell]:
        width = len(self.study.types)
        return [
            Cell(
                index=trial.index * width + k,
                game=self.game.game,
                game_parameters=self.game.parameters,
                turns=None if "probabilistic" in kind else trial.turns,
                prob_end=trial.prob_end if "probabilistic" in kind else None,
                noise=trial.noise if kind.startswith("noisy") else 0.0,
                repetitions=trial.repetitions,
                players=tuple(self.specs[i] for i in trial.players),
                experiment_seed=self.config.seed,
                player_keys=tuple(self.player_keys[i] for i in trial.players),
                hide_length=self.config.hide_length,
                trial=trial.index,
                tournament_type=kind,
                labels=tuple(self.labels[i] for i in trial.players),
            )
            for k, kind in enumerate(self.study.types)
        ]

    def cell_labels(self, cell: Cell) -> list[str]:
        """The strategies a cell's file must hold: the trial's field."""
        return list(cell.labels)

    def expected_match_turns(self, cell: Cell) -> float:
        """Pairs x repetitions x turns (``1 / p_e`` for a probabilistic ending)."""
        return cell.expected_match_turns

    @property
    def rows(self) -> int:
        """Rows of the combined table: one per tournament and strategy."""
        return sum(len(c.players) for c in self.cells)

    # -- words -------------------------------------------------------------------------

    def describe_ranges(self) -> str:
        """``"3 to 195 strategies, 10 to 100 repetitions, ..."``: what each trial draws."""
        s = self.study

        def span(pair: tuple[Any, Any], unit: str = "") -> str:
            low, high = pair
            text = f"{low:g}" if low == high else f"{low:g} to {high:g}"
            return f"{text}{unit}"

        low, high = s.prob_end
        prob = f"{high:g}" if low == high else f"({low:g}, {high:g}]"
        return (
            f"{span(self.size)} strategies from a pool of {len(self.players)}, "
            f"{span(s.repetitions)} repetitions, {span(s.turns)} turns, noise "
            f"{span(s.noise)}, ending probability {prob}"
        )

    def resolved(self) -> dict[str, Any]:
        """The config with every default filled in (the trials are in ``cells.csv``)."""
        config = asdict(self.config)
        config.pop("text")
        for key in ("sweep", "figures", "evolution", "compare"):
            config.pop(key, None)
        config["out"] = str(self.config.out_dir)
        config["random"]["size"] = list(self.size)
        config["players"] = [
            {"spec": s, "label": lab, "family": f}
            for s, lab, f in zip(self.specs, self.labels, self.families, strict=True)
        ]
        config["games"] = [self.game.game.to_dict()]
        config["cells"] = len(self.cells)
        return config
