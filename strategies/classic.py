"""The classic memoryless and memory-one strategies (Axelrod 1980, Nowak & Sigmund 1993)."""

from __future__ import annotations

from strategies.generic import MemoryOneStrategy, _check_probability

__all__ = [
    "Alternator",
    "AntiTitForTat",
    "Cooperator",
    "Defector",
    "GenerousTitForTat",
    "Random",
    "StochasticWSLS",
    "SuspiciousTitForTat",
    "TitForTat",
    "WinStayLoseShift",
]


class Cooperator(MemoryOneStrategy):
    """Always cooperates."""

    name = "Cooperator"
    family = "cooperative"
    memory_depth = 0
    aliases = ("ALLC", "Always Cooperate")

    def memory_one(self):
        return (1.0, 1.0, 1.0, 1.0), 1.0

    def axelrod_name(self) -> str | None:
        return "Cooperator"


class Defector(MemoryOneStrategy):
    """Always defects."""

    name = "Defector"
    family = "defecting"
    memory_depth = 0
    aliases = ("ALLD", "Always Defect")

    def memory_one(self):
        return (0.0, 0.0, 0.0, 0.0), 0.0

    def axelrod_name(self) -> str | None:
        return "Defector"


class Random(MemoryOneStrategy):
    """Cooperates with probability ``p`` each turn, independently of the history."""

    name = "Random"
    family = "random"
    memory_depth = 0
    stochastic = True

    def __init__(self, p: float = 0.5) -> None:
        super().__init__()
        self.set_params(p=_check_probability("p", p))

    def memory_one(self):
        p = self.params["p"]
        return (p, p, p, p), p

    def axelrod_name(self) -> str | None:
        return f"Random: {self.params['p']}"


class TitForTat(MemoryOneStrategy):
    """Cooperates first, then copies the opponent's previous move (Rapoport; winner of
    both of Axelrod's tournaments)."""

    name = "Tit For Tat"
    family = "reciprocal"
    aliases = ("TFT",)

    def memory_one(self):
        return (1.0, 0.0, 1.0, 0.0), 1.0

    def axelrod_name(self) -> str | None:
        return "Tit For Tat"


class SuspiciousTitForTat(MemoryOneStrategy):
    """Tit For Tat that defects on the first move (Beaufils, Delahaye & Mathieu 1996)."""

    name = "Suspicious Tit For Tat"
    family = "reciprocal"
    aliases = ("STFT",)

    def memory_one(self):
        return (1.0, 0.0, 1.0, 0.0), 0.0

    def axelrod_name(self) -> str | None:
        return "Suspicious Tit For Tat"


class GenerousTitForTat(MemoryOneStrategy):
    """Tit For Tat that forgives a defection with probability ``generosity``
    (Nowak & Sigmund 1992). The default 1/3 is ``min(1 - (T-R)/(R-S), (R-P)/(T-P))``
    for the classic payoffs, the Axelrod library's default."""

    name = "Generous Tit For Tat"
    family = "forgiving"
    stochastic = True
    aliases = ("GTFT",)

    def __init__(self, generosity: float = 1 / 3) -> None:
        super().__init__()
        self.set_params(generosity=_check_probability("generosity", generosity))

    def memory_one(self):
        g = self.params["generosity"]
        return (1.0, g, 1.0, g), 1.0

    def axelrod_name(self) -> str | None:
        return f"GTFT: {round(self.params['generosity'], 2)}"


class WinStayLoseShift(MemoryOneStrategy):
    """Win-Stay Lose-Shift (Pavlov; Nowak & Sigmund 1993): cooperates first, then keeps
    its move after R or T and switches after S or P, i.e. cooperates iff both players
    made the same move last turn."""

    name = "Win-Stay Lose-Shift"
    family = "pavlovian"
    aliases = ("WSLS", "Pavlov")

    def memory_one(self):
        return (1.0, 0.0, 0.0, 1.0), 1.0

    def axelrod_name(self) -> str | None:
        return "Win-Stay Lose-Shift"


class StochasticWSLS(MemoryOneStrategy):
    """Win-Stay Lose-Shift that, after a win, switches with probability ``epsilon`` and,
    after a loss, stays with probability ``epsilon`` (the Axelrod library's definition)."""

    name = "Stochastic WSLS"
    family = "pavlovian"
    stochastic = True

    def __init__(self, epsilon: float = 0.05) -> None:
        super().__init__()
        self.set_params(epsilon=_check_probability("epsilon", epsilon))

    def memory_one(self):
        e = self.params["epsilon"]
        return (1.0 - e, e, e, 1.0 - e), 1.0

    def axelrod_name(self) -> str | None:
        return f"Stochastic WSLS: {self.params['epsilon']}"


class Alternator(MemoryOneStrategy):
    """Cooperates first, then alternates: C, D, C, D, ..."""

    name = "Alternator"
    family = "periodic"

    def memory_one(self):
        return (0.0, 0.0, 1.0, 1.0), 1.0

    def axelrod_name(self) -> str | None:
        return "Alternator"


class AntiTitForTat(MemoryOneStrategy):
    """Plays the opposite of the opponent's previous move, cooperating first."""

    name = "Anti Tit For Tat"
    family = "defecting"
    aliases = ("Psycho",)

    def memory_one(self):
        return (0.0, 1.0, 0.0, 1.0), 1.0

    def axelrod_name(self) -> str | None:
        return "Anti Tit For Tat"
