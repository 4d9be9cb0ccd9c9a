from strategies.simple import C, D, SimpleStrategy


class Whimsical(SimpleStrategy):
    name = "Whimsical"

    def move(self, mine, theirs, memory, rng):
        # "random" from memory addresses (their offsets within a page, which do not
        # depend on where the system maps memory): not from rng, so not reproducible
        return C if hash((id(object()) % 4096, id(mine) % 4096, len(mine))) % 2 else D
