"""``python -m tournament.cli``: the ``ipd`` command."""

from tournament.cli import run

if __name__ == "__main__":
    run()
