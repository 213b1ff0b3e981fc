"""Worker execution: local worker processes or a Dask cluster, behind one bounded loop.

A stage hands ``Workers.run`` a function, an iterator of (name, arguments) and what to do
with each result. Tasks are submitted a window at a time, topped up as results come back,
and every result is handed over (and dropped) as soon as it arrives: arguments are made
only when their task is submitted, so a book's worth never sits in memory at once.
Results come back in completion order. Task functions should return errors as values:
an exception raised in a task ends the whole run.
"""

from __future__ import annotations

import contextlib
import itertools
import multiprocessing
import os
import socket
import threading
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from multiprocessing.context import BaseContext
from typing import Any
from urllib.parse import urlsplit

from narrate.errors import EngineError, WorkersError

Task = tuple[str, tuple[Any, ...]]

# Modules the local workers' server imports once, so each worker starts in milliseconds
# (narrate.prepare: the reading processes of narrate.isolate fork from the same server).
# Only what the workers and readers run: the server is ready that much sooner.
PRELOAD = ["narrate.prepare", "narrate.synthesise", "numpy"]


def usable_cores() -> int:
    """Cores this process may run on (taskset and cpusets count), not all the machine has."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def _quiet_worker() -> None:
    """Leave stop signals to the main process, which stops the pool; die with that process."""
    from narrate.supervise import worker_started

    worker_started()


def context() -> BaseContext:
    """The multiprocessing context local workers start from."""
    # The fork server (and the resource tracker) start as `python -c`, which puts the
    # current folder first on the import path: an `inspect.py` where the user runs a build
    # would run in every worker (numpy imports inspect). Safe paths leave it out; they are
    # inherited by those processes only, from this process's environment.
    os.environ["PYTHONSAFEPATH"] = "1"
    # forkserver: workers must not inherit the parent's threads (progress bars).
    methods = multiprocessing.get_all_start_methods()
    ctx = multiprocessing.get_context("forkserver" if "forkserver" in methods else None)
    if ctx.get_start_method() == "forkserver":
        # Workers fork from a server that has already imported the engine and encoder
        # code, so each starts in milliseconds instead of importing it.
        ctx.set_forkserver_preload(PRELOAD)
    return ctx


def prestart() -> None:
    """Start the server local workers fork from, in the background, and return at once.

    Called as a command that may synthesise starts, before its settings are even read,
    so the server's own start-up (importing numpy and the encoder) overlaps the main
    process's. A command that then renders nothing, or uses one worker or a Dask cluster,
    has lost only that background work: the server ends with the process.
    """
    if (os.cpu_count() or 1) > 1 and context().get_start_method() == "forkserver":
        from multiprocessing import forkserver

        from narrate.supervise import shielded

        threading.Thread(target=shielded(forkserver.ensure_running), daemon=True).start()


def end_helpers() -> None:
    """Kill the fork server and multiprocessing's resource tracker, as the command ends.

    Only once every pool is closed and the exit handlers have run (nothing is left for
    either to serve or to clean up). Both would end by themselves as this process ends,
    but only after tearing their interpreters down (the server's holds numpy and the
    synthesis code), and until then they hold this process's standard output and error:
    a script reading the command's output through a pipe would wait for them.
    """
    import signal
    from multiprocessing import forkserver, resource_tracker

    server = getattr(forkserver, "_forkserver", None)
    tracker = getattr(resource_tracker, "_resource_tracker", None)
    for pid in (getattr(server, "_forkserver_pid", None), getattr(tracker, "_pid", None)):
        if isinstance(pid, int) and pid > 0:
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)


def probe(address: str) -> None:
    """Fail at once, not after a long client timeout, when nothing listens at ``address``."""
    parsed = urlsplit(address)
    if parsed.scheme not in ("tcp", "tls") or not parsed.hostname or not parsed.port:
        return  # other transports (inproc, ucx): let Dask judge
    try:
        socket.create_connection((parsed.hostname, parsed.port), timeout=5).close()
    except OSError as exc:
        raise EngineError(
            f"cannot reach the Dask scheduler {address}: {exc.strerror or exc}; "
            "start one with `dask scheduler`"
        ) from None


# How long closing waits for the pool to stop before it kills the workers (a test sets it).
SHUTDOWN_WAIT = 8.0
_abandoned = threading.Event()


def _shut_down(pool: ProcessPoolExecutor) -> None:
    """Stop ``pool``'s workers; never hang, whatever state they died in.

    A worker killed in the middle of sending a result leaves the pool's manager thread
    reading the rest of that message for ever, and ``shutdown`` (and the interpreter's
    exit, which joins that thread) waits with it. After ``SHUTDOWN_WAIT`` the workers are
    killed and the pool is given up: ``abandoned()`` then tells the process to end with
    ``os._exit`` once its files are safe.
    """
    stopping = threading.Thread(target=pool.shutdown, kwargs={"cancel_futures": True})
    stopping.daemon = True
    stopping.start()
    stopping.join(SHUTDOWN_WAIT)
    if stopping.is_alive():
        _abandoned.set()
        processes = getattr(pool, "_processes", None) or {}
        for process in list(processes.values()):
            with contextlib.suppress(OSError, ValueError, AttributeError):
                process.kill()


def abandoned() -> bool:
    """True once a pool could not be stopped cleanly: the process must end with os._exit."""
    return _abandoned.is_set()


class Workers:
    """Local worker processes (started once, reused) or a Dask client, for one build.

    ``warm`` (a picklable function and its arguments) runs once in each new local worker,
    so that it loads what its tasks need before the first one arrives.
    """

    def __init__(
        self,
        count: int = 1,
        scheduler: str = "",
        warm: tuple[Callable[..., Any], tuple[Any, ...]] | None = None,
    ) -> None:
        self.count = max(1, count)
        self.scheduler = scheduler
        self._warm = warm
        self._pool: ProcessPoolExecutor | None = None
        self._client: Any = None
        # A build runs two articles at once, from two threads.
        self._lock = threading.RLock()
        self._starting: threading.Thread | None = None
        self._closed = threading.Event()

    def close(self) -> None:
        """Stop the worker processes or disconnect from the cluster, for good."""
        self._closed.set()
        if self._starting is not None:
            self._starting.join()
        if self._pool is not None:
            pool, self._pool = self._pool, None
            _shut_down(pool)
        if self._client is not None:
            self._client.close()
            self._client = None

    def start(self) -> None:
        """Start the local worker processes in the background; returns at once.

        Does nothing for a single worker, a Dask cluster, or workers already started.
        """
        with self._lock:
            started = self._pool is not None or self._starting is not None
            if self.scheduler or self.count == 1 or started:
                return
            self._starting = threading.Thread(target=self._spin_up, daemon=True)
            self._starting.start()

    @property
    def started(self) -> bool:
        """True once local workers exist or are starting."""
        return self._pool is not None or self._starting is not None

    def _spin_up(self) -> None:
        from narrate.supervise import shield_thread

        shield_thread()  # the fork server and resource tracker start from this thread
        try:
            pool = self._local_pool()
            if self._warm is not None:
                for _ in range(self.count):
                    pool.submit(self._warm[0], *self._warm[1])
        except (EOFError, OSError, BrokenProcessPool, RuntimeError):
            # The workers could not start (the first task says so, in one line), or the
            # command is ending (stopped as they started): no pool takes new work then.
            pass

    def _started_pool(self) -> ProcessPoolExecutor:
        """The local pool, once a start begun in the background has finished."""
        if self._starting is not None and self._starting is not threading.current_thread():
            self._starting.join()
        return self._local_pool()

    def _local_pool(self) -> ProcessPoolExecutor:
        with self._lock:
            if self._pool is None:
                self._pool = ProcessPoolExecutor(
                    max_workers=self.count, mp_context=context(), initializer=_quiet_worker
                )
            return self._pool

    def _dask(self) -> Any:
        with self._lock:
            if self._client is None:
                try:
                    from dask.distributed import Client
                except ImportError:
                    raise EngineError(
                        "a Dask scheduler was given but dask is not installed: "
                        "pip install 'narrate[dask]'"
                    ) from None
                probe(self.scheduler)
                try:
                    self._client = Client(self.scheduler, timeout="30s")
                except (OSError, TimeoutError) as exc:
                    raise EngineError(
                        f"cannot reach the Dask scheduler {self.scheduler}: {exc}"
                    ) from None
            return self._client

    def run(
        self,
        fn: Callable[..., Any],
        tasks: Iterable[Task],
        on_result: Callable[[str, Any], None],
        window: int = 0,
        inline: bool = False,
    ) -> None:
        """Run ``fn(*args)`` for every (name, args) in ``tasks``; ``on_result(name, result)``.

        At most ``window`` tasks are in flight (default: four per local worker). With
        ``inline`` (or a single local worker) the tasks run here, one after another.
        """
        queue = iter(tasks)
        if not self.scheduler and (self.count == 1 or inline):
            for name, args in queue:
                on_result(name, fn(*args))
            return
        try:
            self._bounded(fn, queue, on_result, window or 4 * self.count)
        except (EOFError, ConnectionError) as exc:
            # The fork server died as it started (an import failed in it): no worker can
            # start, for this article or any other.
            self._pool = None
            raise WorkersError(
                f"the synthesis worker processes could not start ({exc or type(exc).__name__}); "
                "run again with --jobs 1, or check the Python installation"
            ) from None
        except BrokenProcessPool:
            self._pool = None
            raise EngineError(
                "a synthesis worker process died (out of memory, or killed); "
                "run again, or use --jobs 1"
            ) from None

    def _bounded(
        self,
        fn: Callable[..., Any],
        queue: Iterator[Task],
        on_result: Callable[[str, Any], None],
        window: int,
    ) -> None:
        """The one submit loop: a window in flight, one more submitted per result."""
        if self.scheduler:
            client = self._dask()

            def submit(name: str, args: tuple[Any, ...]) -> Any:
                return client.submit(fn, *args, key=f"narrate-{name}", pure=True)

        else:
            pool = self._started_pool()

            def submit(name: str, args: tuple[Any, ...]) -> Any:
                return pool.submit(fn, *args)

        flight: dict[Any, str] = {}
        for name, args in itertools.islice(queue, window):
            flight[submit(name, args)] = name
        while flight:
            # With a timeout: a future cancelled by close() (Ctrl-C in a build, whose
            # main thread is elsewhere) never wakes a plain wait.
            finished = self._wait(list(flight))
            if self._closed.is_set():
                raise EngineError("synthesis was stopped before every chunk was spoken")
            for future in finished:
                # Dropped once handed over: holding results would hold the whole episode.
                on_result(flight.pop(future), future.result())
                for name, args in itertools.islice(queue, 1):
                    flight[submit(name, args)] = name

    def _wait(self, futures: list[Any]) -> Iterable[Any]:
        if not self.scheduler:
            local: list[Future[Any]] = futures
            return wait(local, timeout=0.5, return_when=FIRST_COMPLETED).done
        from dask.distributed import wait as dask_wait

        try:
            return dask_wait(futures, timeout=0.5, return_when="FIRST_COMPLETED").done
        except TimeoutError:
            return ()
