from strategies.simple import C, SimpleStrategy


class Broken(SimpleStrategy):
    name = "Broken"

    def move(self, mine, theirs, memory, rng)
        return C
