from strategies.simple import C, SimpleStrategy


class Hoarder(SimpleStrategy):
    name = "Hoarder"

    def move(self, mine, theirs, memory, rng):
        memory["everything"] = [0] * 10**9
        return C
