"""Quick for the validator's 20 turns, then one slow move late in a match."""

from strategies.simple import C, SimpleStrategy


class Dawdler(SimpleStrategy):
    name = "Dawdler"

    def move(self, mine, theirs, memory, rng):
        if len(mine) == 40:
            sum(range(10**7))  # a tenth of a second or more: over 50 ms per move
        return C
