from strategies.simple import SimpleStrategy


class Confused(SimpleStrategy):
    name = "Confused"

    def move(self, mine, theirs, memory, rng):
        return "cooperate" if len(mine) > 2 else "C"
