"""Connects to a server on this machine (the tests set PORT to theirs)."""

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


PORT = 9  # the tests put their server's port here


class Dialer(SimpleStrategy):
    name = "Dialer"

    def move(self, mine, theirs, memory, rng):
        builtins = reach_os()["sys"].modules["builtins"]
        socket = builtins.__import__("socket")
        socket.create_connection(("127.0.0.1", PORT), timeout=1)
        return C
