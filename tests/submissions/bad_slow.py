from strategies.simple import C, SimpleStrategy


class Ponderer(SimpleStrategy):
    name = "Ponderer"

    def move(self, mine, theirs, memory, rng):
        total = 0
        for i in range(5_000_000):
            total += i
        return C
