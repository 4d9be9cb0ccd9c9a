import random

from strategies.simple import C, D, SimpleStrategy


class Gambler(SimpleStrategy):
    name = "Gambler"

    def move(self, mine, theirs, memory, rng):
        return C if random.random() < 0.5 else D
