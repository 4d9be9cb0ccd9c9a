from strategies.simple import C, D, SimpleStrategy


class Grudge(SimpleStrategy):
    name = "Long Grudge"

    def move(self, mine, theirs, memory, rng):
        if theirs and theirs[-1] == D:
            self.angry = True
        return D if getattr(self, "angry", False) else C
