from strategies.simple import C, SimpleStrategy


class Quitter(SimpleStrategy):
    name = "Quitter"

    def move(self, mine, theirs, memory, rng):
        if len(mine) == 3:
            raise SystemExit("bye")
        return C
