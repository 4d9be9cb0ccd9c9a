"""Raises an exception that is not an Exception (as if Ctrl-C were pressed)."""

from strategies.simple import C, SimpleStrategy


class Interrupter(SimpleStrategy):
    name = "Interrupter"

    def move(self, mine, theirs, memory, rng):
        if len(mine) == 3:
            raise KeyboardInterrupt("stop the tournament")
        return C
