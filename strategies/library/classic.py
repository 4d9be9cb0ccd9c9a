"""The classic memoryless and memory-one strategies (Axelrod 1980, Nowak & Sigmund 1993)."""

from __future__ import annotations

from strategies.base import check_probability
from strategies.generic import MemoryOneStrategy

__all__ = [
    "AllCOrAllD",
    "Alternator",
    "AntiTitForTat",
    "BurnBothEnds",
    "Cooperator",
    "Defector",
    "Desperate",
    "FirstByGrofman",
    "GenerousTitForTat",
    "Hopeless",
    "Random",
    "SoftJoss",
    "StochasticCooperator",
    "StochasticWSLS",
    "SuspiciousTitForTat",
    "TitForTat",
    "Willing",
    "WinShiftLoseStay",
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
        self.set_params(p=check_probability("p", p))

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
    makes_use_of = frozenset({"game"})
    stochastic = True
    aliases = ("GTFT",)

    def __init__(self, generosity: float = 1 / 3) -> None:
        super().__init__()
        self.set_params(generosity=check_probability("generosity", generosity))

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
        self.set_params(epsilon=check_probability("epsilon", epsilon))

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


class WinShiftLoseStay(MemoryOneStrategy):
    """The mirror image of Win-Stay Lose-Shift: defects first, then changes its move after
    R or T and keeps it after S or P (the Axelrod library's definition)."""

    name = "Win-Shift Lose-Stay"
    family = "pavlovian"

    def memory_one(self):
        return (0.0, 1.0, 1.0, 0.0), 0.0

    def axelrod_name(self) -> str | None:
        return "Win-Shift Lose-Stay: D"


class StochasticCooperator(MemoryOneStrategy):
    """Memory-one vector (0.935, 0.229, 0.266, 0.42), cooperating first: the cooperative
    strategy evolved by Adami & Hintze (2013)."""

    name = "Stochastic Cooperator"
    family = "forgiving"
    stochastic = True

    def memory_one(self):
        return (0.935, 0.229, 0.266, 0.42), 1.0

    def axelrod_name(self) -> str | None:
        return "Stochastic Cooperator"


class SoftJoss(MemoryOneStrategy):
    """Tit For Tat that cooperates after an opponent's defection with probability
    ``1 - q`` (Prison Dilemma programming contest, as in the Axelrod library)."""

    name = "Soft Joss"
    family = "forgiving"
    stochastic = True

    def __init__(self, q: float = 0.9) -> None:
        super().__init__()
        self.set_params(q=check_probability("q", q))

    def memory_one(self):
        forgive = 1.0 - self.params["q"]
        return (1.0, forgive, 1.0, forgive), 1.0

    def axelrod_name(self) -> str | None:
        return f"Soft Joss: {round(self.params['q'], 2)}"


class BurnBothEnds(MemoryOneStrategy):
    """Tit For Tat that cooperates after the opponent's cooperation only with probability
    0.9 (Marinoff 1992)."""

    name = "Burn Both Ends"
    family = "reciprocal"
    stochastic = True

    def memory_one(self):
        return (0.9, 0.0, 0.9, 0.0), 1.0

    def axelrod_name(self) -> str | None:
        return "Burn Both Ends"


class FirstByGrofman(MemoryOneStrategy):
    """Grofman, Axelrod's first tournament (4th): cooperates when both players made the
    same move last turn, otherwise cooperates with probability 2/7."""

    name = "Grofman"
    family = "forgiving"
    stochastic = True
    aliases = ("First by Grofman",)

    def memory_one(self):
        return (1.0, 2 / 7, 2 / 7, 1.0), 1.0

    def axelrod_name(self) -> str | None:
        return "First by Grofman"


class Desperate(MemoryOneStrategy):
    """Opens at random, then cooperates only after mutual defection (Berg 2015)."""

    name = "Desperate"
    family = "defecting"
    stochastic = True

    def memory_one(self):
        return (0.0, 0.0, 0.0, 1.0), 0.5

    def axelrod_name(self) -> str | None:
        return "Desperate"


class Hopeless(MemoryOneStrategy):
    """Opens at random, then defects only after mutual cooperation (Berg 2015)."""

    name = "Hopeless"
    family = "cooperative"
    stochastic = True

    def memory_one(self):
        return (0.0, 1.0, 1.0, 1.0), 0.5

    def axelrod_name(self) -> str | None:
        return "Hopeless"


class Willing(MemoryOneStrategy):
    """Opens at random, then defects only after mutual defection (Berg 2015)."""

    name = "Willing"
    family = "cooperative"
    stochastic = True

    def memory_one(self):
        return (1.0, 1.0, 1.0, 0.0), 0.5

    def axelrod_name(self) -> str | None:
        return "Willing"


class AllCOrAllD(MemoryOneStrategy):
    """Cooperates on the first turn with probability 0.6, then repeats its own first
    move forever (the Axelrod library's ALLCorALLD)."""

    name = "ALLC or ALLD"
    family = "random"
    stochastic = True
    aliases = ("ALLCorALLD",)

    def memory_one(self):
        return (1.0, 1.0, 0.0, 0.0), 0.6

    def axelrod_name(self) -> str | None:
        return "ALLCorALLD"
