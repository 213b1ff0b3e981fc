"""The ``narrate`` command, also run as ``python -m narrate``.

A build with nothing to do is answered from the build stamp before anything heavy is
imported (``narrate.stamp``). A command that may synthesise starts the server its worker
processes fork from at once, in the background (a build also starts the process that will
read its first article). Everything else is the CLI (``narrate.cli``); a build or render
ends as soon as its files are safe, without the interpreter's teardown.
"""

from __future__ import annotations

import contextlib
import os
import sys


def main() -> None:
    """Entry point of the ``narrate`` console script."""
    from narrate.supervise import on_stop_signals

    on_stop_signals()  # SIGTERM and SIGHUP stop a command as Ctrl-C does
    # numpy's linear algebra library starts a thread per core as numpy loads, half of its
    # import time (in this process, the fork server and every worker), for nothing: narrate
    # levels each chunk with products of small arrays, and runs its workers as processes.
    # (Its results are the same with one thread; a user's own setting is kept.)
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

    try:
        _run(sys.argv[1:])
    except KeyboardInterrupt:
        _interrupted()
    except Exception:
        from narrate.supervise import stop_signalled

        if not stop_signalled():
            raise
        _interrupted()  # raised where Python turns it into another error (a class being made)


def _interrupted() -> None:
    """A stop signal before the CLI's own handler is in place (while it is imported, in its
    first second): one line, as the CLI says it, never a traceback."""
    with contextlib.suppress(KeyboardInterrupt, OSError, ValueError):
        sys.stdout.flush()
    # Straight to the descriptor: the signal may have come in the middle of a write to
    # sys.stderr, whose buffer is then unusable.
    with contextlib.suppress(OSError):
        os.write(2, b"Interrupted.\n")
    os._exit(130)


def _run(argv: list[str]) -> None:
    from narrate.stamp import invoked, unchanged

    invoked(argv)
    summary = unchanged(argv)
    if summary is not None:
        if any(name.startswith("NARRATE_") for name in os.environ):
            # Said on every run, as a full build would (config is light to import).
            from narrate.config import unknown_variables

            sys.stderr.write("".join(f"Warning: {w}\n" for w in unknown_variables(os.environ)))
        sys.stdout.write("".join(f"{line}\n" for line in summary))
        if "-v" in argv or "--verbose" in argv:
            sys.stderr.write(
                "Every article skipped: nothing it depends on changed since the last build "
                "(its build stamp)\n"
            )
        return
    if argv[:1] == ["build"]:
        # With the fork server, the process that will read the first article to read,
        # warmed on an English one (a build reads every article in such a process). After
        # an edit of one article, that process reads it at once, and another speaks what
        # the cache lacks, while the command loads (narrate.rehearse; on two cores the
        # command lets the reading go first); the fork server then starts only if there
        # is more than a chunk or two to speak.
        from narrate.isolate import BUDGET_S, Warm, prestart
        from narrate.stamp import one_edit

        edit = one_edit(argv)
        if edit is None:
            prestart(Warm("narrate.prepare", "warm"))
        else:
            from narrate import rehearse

            warm, begin = rehearse.plan(edit, BUDGET_S)
            prestart(warm, server=False)
            begin()
            rehearse.give_way(0.2)
    elif argv[:1] == ["render"]:
        from narrate.workers import prestart as start_server

        start_server()
    from narrate.cli import main as cli

    try:
        cli()
    except SystemExit as exc:
        from narrate.supervise import INTERRUPTED, stop_signalled
        from narrate.workers import abandoned

        if stop_signalled() and exc.code in (0, None) and argv[:1] in (["build"], ["render"]):
            # A stop Python dropped where it landed (see on_stop_signals) let the command
            # finish its work: it still says it was stopped, and how it left the files.
            sys.stderr.write(f"{INTERRUPTED}\n")
            exc = SystemExit(130)
        if abandoned():
            # A worker pool that could not be stopped would hang the interpreter's exit,
            # which joins its thread: every file is already safe, so end here.
            _end(exc, clean=False)
        if argv[:1] in (["build"], ["render"]) and _alone():
            _end(exc, clean=True)
        raise exc from None


def _alone() -> bool:
    """True when no thread but this one must be waited for (every pool is closed)."""
    import threading

    current = threading.current_thread()
    return all(t.daemon or t is current for t in threading.enumerate())


def _end(exc: SystemExit, clean: bool) -> None:
    """End the process now, with ``exc``'s status, once every file is safe.

    A build or render has written and renamed every file it made before the CLI returns;
    what the interpreter would do next is tear its modules down one by one, and the
    speech engine's driver with them (a tenth of a second after a one-paragraph edit).
    With ``clean`` (called with no other thread to wait for), the exit handlers run first
    (multiprocessing's, logging's), as a normal exit runs them.
    """
    code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    if not isinstance(exc.code, int | None):
        sys.stderr.write(f"{exc.code}\n")
    if clean:
        import atexit

        from narrate.workers import end_helpers

        atexit._run_exitfuncs()
        end_helpers()
    with contextlib.suppress(OSError, ValueError):
        sys.stdout.flush()
    with contextlib.suppress(OSError, ValueError):
        sys.stderr.flush()
    os._exit(code)


if __name__ == "__main__":
    main()
