from strategies.simple import C, SimpleStrategy


class Chatty(SimpleStrategy):
    name = "Chatty"

    def move(self, mine, theirs, memory, rng):
        while True:
            print("thinking...")
        return C
