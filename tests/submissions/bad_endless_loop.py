from strategies.simple import C, SimpleStrategy


class Stuck(SimpleStrategy):
    name = "Stuck"

    def move(self, mine, theirs, memory, rng):
        while len(mine) >= 0:
            pass
        return C
