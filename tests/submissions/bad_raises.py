from strategies.simple import C, SimpleStrategy


class Divider(SimpleStrategy):
    name = "Divider"

    def move(self, mine, theirs, memory, rng):
        defections = theirs.count("D")
        return C if self.ratio(len(mine), defections) < 1 else C

    def ratio(self, turns, defections):
        return turns / defections
