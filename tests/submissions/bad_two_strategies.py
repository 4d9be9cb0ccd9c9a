from strategies.simple import C, D, SimpleStrategy


class Nice(SimpleStrategy):
    name = "Nice"

    def move(self, mine, theirs, memory, rng):
        return C


class Nasty(SimpleStrategy):
    name = "Nasty"

    def move(self, mine, theirs, memory, rng):
        return D
