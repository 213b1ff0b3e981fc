"""Per-article work in reading processes, each article within a time budget.

Reading, cleaning and normalising an article is pure Python and C regexes on text from
anywhere: an input no one foresaw (a parser's worst case) could take hours, and inside
the build's own process it would hold the build, and its stop signals, with it. Here it
runs in a separate process, reused from article to article: an article that overruns
the budget is abandoned with one line and its process killed (a fresh one takes the next
article), and stopping the build kills them all at once.

The first reading process of a build is forked from the command itself as it starts,
before the fork server (``prestart``), and loads what reading needs (``warm``) while the
command loads its own modules: an edited article is then read at once, by a process that
is already warm, instead of after the fork server's start-up and its own.
"""

from __future__ import annotations

import atexit
import contextlib
import importlib
import logging
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from narrate.errors import InputError, WorkersError

# Generous: the largest books take seconds, a stuck article never ends.
BUDGET_S = 120.0
# How often a waiting article checks for a stop and for its process's death.
_POLL_S = 0.1


class Abandoned(InputError):
    """An article took longer than the budget to read: the build goes on without it."""


class _Kept(logging.Handler):
    """The log records of one task, sent back with its result (the build prints them)."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        """Keep ``record``, its message made, its arguments and traceback dropped."""
        record.msg, record.args = record.getMessage(), None
        record.exc_info = record.exc_text = None
        self.records.append(record)


@dataclass(frozen=True)
class Warm:
    """What a reading process loads before its first task: function ``name`` of ``module``
    (called with ``args``), named rather than given, so that the process starting readers
    need not import it."""

    module: str
    name: str
    args: tuple[Any, ...] = ()

    def __call__(self) -> None:
        """Run it; a failure is left for the first task to meet (and report)."""
        with contextlib.suppress(Exception):
            getattr(importlib.import_module(self.module), self.name)(*self.args)


@dataclass(frozen=True)
class Named:
    """Function ``name`` of ``module`` as a task: named rather than given, so that the process
    sending it need not import that module (a reading process imports it once)."""

    module: str
    name: str

    def __call__(self, *args: Any) -> Any:
        """Call it with ``args``."""
        return getattr(importlib.import_module(self.module), self.name)(*args)


def _serve(conn: Any, warm: Warm | None = None) -> None:
    """A reading process: run each task sent, send back (ok, result or exception, logs)."""
    from narrate.supervise import worker_started

    worker_started()  # stop signals are the main process's; die with it
    if warm is not None:
        warm()  # while the build gets to its first article (a task sent meanwhile waits)
    kept = _Kept()
    root = logging.getLogger("narrate")
    root.addHandler(kept)
    root.setLevel(logging.INFO)
    root.propagate = False
    while True:
        try:
            fn, args = conn.recv()
        except (EOFError, OSError):
            return
        kept.records = []
        try:
            reply: tuple[bool, Any, list[logging.LogRecord]] = (True, fn(*args), kept.records)
        except Exception as exc:  # noqa: BLE001 - handed back to the caller, as raised
            reply = (False, exc, kept.records)
        try:
            conn.send(reply)
        except Exception:  # noqa: BLE001 - an exception that cannot be pickled
            failed = RuntimeError(f"{type(reply[1]).__name__}: {reply[1]}")
            conn.send((False, failed, kept.records))


class _Slot:
    """One reading process and the pipe to it."""

    def __init__(self, warm: Warm | None = None, fork: bool = False) -> None:
        import multiprocessing

        from narrate.workers import context

        # Forked from this process only when it has no thread yet (``prestart``).
        ctx = multiprocessing.get_context("fork") if fork else context()
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=_serve, args=(child, warm), daemon=True)  # type: ignore[attr-defined]
        try:
            self.process.start()
        except (EOFError, OSError) as exc:
            # The fork server died as it started (an import failed in it).
            self.conn.close()
            raise WorkersError(
                f"the worker processes could not start ({exc or type(exc).__name__}); "
                "check the Python installation"
            ) from None
        finally:
            child.close()

    def kill(self) -> None:
        with contextlib.suppress(OSError, ValueError, AttributeError):
            self.process.kill()
        with contextlib.suppress(OSError):
            self.conn.close()


# The reading process started with the command (``prestart``), until a build takes it.
_spare: _Slot | None = None
_spare_lock = threading.Lock()


def _claim_spare() -> _Slot | None:
    """The reading process ``prestart`` started, if it is alive: for the first caller only."""
    global _spare
    with _spare_lock:
        slot, _spare = _spare, None
    if slot is not None and not slot.process.is_alive():
        slot.kill()
        return None
    return slot


def _kill_spare() -> None:
    # At exit, if no build took it: it ignores the SIGTERM multiprocessing sends a daemon
    # process at exit, and multiprocessing would then wait for it for ever.
    slot = _claim_spare()
    if slot is not None:
        slot.kill()


def prestart(warm: Warm | None = None, server: bool = True) -> None:
    """Start one reading process at once, then (with ``server``) the fork server in the
    background.

    Called as ``narrate build`` starts, before anything else is imported and before any
    thread exists: the process is forked from this one (safe with no thread), and loads
    what reading needs (``warm``) while this one loads the command line and the pipeline.
    The first article to read, often the only one (an edit), is then read at once; the
    fork server (``narrate.workers.prestart``), which takes a quarter of a second to load
    the synthesis code, starts the others. Without ``server`` (a build that only edits
    one article, whose few changed chunks a rehearsal speaks: ``narrate.rehearse``) the
    fork server starts only if it is needed, and leaves the machine's cores to the
    processes that are.
    """
    global _spare
    import multiprocessing

    if threading.active_count() == 1 and "fork" in multiprocessing.get_all_start_methods():
        for stream in (sys.stdout, sys.stderr):  # nothing written twice, by the copy
            with contextlib.suppress(OSError, ValueError, AttributeError):
                stream.flush()
        try:
            slot = _Slot(warm, fork=True)
        except WorkersError:
            slot = None  # the first article starts its own, and says what is wrong
        with _spare_lock:
            _spare = slot
        atexit.register(_kill_spare)
    if server:
        from narrate.workers import prestart as start_server

        start_server()


class Readers:
    """Reading processes for one build, started as needed and reused; a context manager."""

    def __init__(self, budget: float = BUDGET_S) -> None:
        self.budget = budget
        self._free: list[_Slot] = []
        self._busy: set[_Slot] = set()
        self._lock = threading.Lock()
        self._stopped = threading.Event()

    def __enter__(self) -> Readers:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Kill every reading process, busy or not: the articles being read are dropped."""
        self._stopped.set()
        with self._lock:
            slots, self._free, self._busy = [*self._free, *self._busy], [], set()
        for slot in slots:
            slot.kill()

    def run(self, what: str, fn: Callable[..., Any], *args: Any) -> Any:
        """``fn(*args)`` in a reading process, within the budget; ``what`` names the article.

        Raises Abandoned past the budget, InputError when the build stops meanwhile, and
        whatever ``fn`` raised otherwise.
        """
        slot = self._take()
        try:
            slot.conn.send((fn, args))
            deadline = time.monotonic() + self.budget
            while not slot.conn.poll(_POLL_S):
                if self._stopped.is_set():
                    raise InputError(f"{what}: the build was stopped while reading it")
                if not slot.process.is_alive():
                    raise InputError(
                        f"{what}: the process reading it died (out of memory, or killed)"
                    )
                if time.monotonic() > deadline:
                    raise Abandoned(
                        f"{what}: reading it took longer than {self.budget:g} s, so it was "
                        "left out; check the file (a parser's worst case?)"
                    )
            ok, value, records = slot.conn.recv()
        except BaseException:
            self._drop(slot)
            raise
        self._give(slot)
        for record in records:  # what the reading process logged, as if logged here
            logger = logging.getLogger(record.name)
            if logger.isEnabledFor(record.levelno):
                logger.handle(record)
        if ok:
            return value
        raise value

    def _take(self) -> _Slot:
        with self._lock:
            if self._stopped.is_set():
                raise InputError("the build was stopped")
            slot = self._free.pop() if self._free else None
        if slot is None:
            slot = _claim_spare()
        if slot is None:
            slot = _Slot()
        with self._lock:
            self._busy.add(slot)
        return slot

    def _give(self, slot: _Slot) -> None:
        with self._lock:
            self._busy.discard(slot)
            if not self._stopped.is_set():
                self._free.append(slot)
                return
        slot.kill()

    def _drop(self, slot: _Slot) -> None:
        with self._lock:
            self._busy.discard(slot)
        slot.kill()
