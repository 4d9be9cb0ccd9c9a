"""A valid submission: Tit For Tat written as simple Python."""

from strategies.simple import C, SimpleStrategy


class MyTitForTat(SimpleStrategy):
    name = "My Tit For Tat"
    family = "reciprocal"

    def move(self, mine, theirs, memory, rng):
        return theirs[-1] if theirs else C
