"""Returns an object that claims to be equal to anything, C included."""

from strategies.simple import C, SimpleStrategy


class Anything:
    def __eq__(self, other):
        return True

    def __hash__(self):
        return hash(C)


class Shapeshifter(SimpleStrategy):
    name = "Shapeshifter"

    def move(self, mine, theirs, memory, rng):
        return Anything()
