"""The ``narrate`` command, also run as ``python -m narrate``.

A build with nothing to do is answered from the build stamp before anything heavy is
imported (``narrate.stamp``). A command that may synthesise starts the server its worker
processes fork from at once, in the background. Everything else is the CLI (``narrate.cli``).
"""

from __future__ import annotations

import sys


def main() -> None:
    """Entry point of the ``narrate`` console script."""
    from narrate.stamp import unchanged
    from narrate.supervise import on_stop_signals

    on_stop_signals()  # SIGTERM and SIGHUP stop a command as Ctrl-C does

    argv = sys.argv[1:]
    summary = unchanged(argv)
    if summary is not None:
        sys.stdout.write("".join(f"{line}\n" for line in summary))
        return
    if argv[:1] in (["build"], ["render"]):
        from narrate.synthesise import prestart

        prestart()
    from narrate.cli import main as cli

    cli()


if __name__ == "__main__":
    main()
