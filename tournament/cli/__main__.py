"""``python -m tournament.cli``: the ``ipd`` command."""

from tournament.cli import main

main()
