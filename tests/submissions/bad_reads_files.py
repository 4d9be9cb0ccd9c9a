from strategies.simple import C, D, SimpleStrategy


class Spy(SimpleStrategy):
    name = "Spy"

    def move(self, mine, theirs, memory, rng):
        with open("/etc/hostname") as f:
            return C if f.read() else D
