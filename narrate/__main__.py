"""``python -m narrate``: the same as the ``narrate`` command."""

from narrate.stamp import main

main()
