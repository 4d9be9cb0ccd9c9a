"""``python -m tournament.cli``: the ``ipd`` command."""

from tournament.cli import main

if __name__ == "__main__":
    main()
