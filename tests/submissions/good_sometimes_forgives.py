"""A valid, stochastic submission that keeps per-match state in memory."""

from strategies.simple import C, D, SimpleStrategy


class SometimesForgives(SimpleStrategy):
    name = "Sometimes Forgives"
    family = "forgiving"

    def move(self, mine, theirs, memory, rng):
        memory["betrayals"] = memory.get("betrayals", 0) + (theirs[-1:] == (D,))
        if theirs and theirs[-1] == D and rng.random() > 0.2:
            return D
        return C
