"""Process supervision: signals, orphaned workers, the build lock, and leftovers of kills.

A build is one main process and a few worker processes (forked by multiprocessing's fork
server, with its resource tracker). Every way the main process can end must end them all:
Ctrl-C, SIGTERM and SIGHUP are one interruption, and a worker whose main process is gone
(even by SIGKILL) exits by itself, which in turn lets the fork server and the resource
tracker see their last client leave and exit too.

Only one build writes an output folder at a time: the lock is an ``flock`` on
``<out>/.narrate/lock``, which the kernel releases when its holder dies, however it dies.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import functools
import os
import select
import signal
import sys
import threading
import time
import traceback
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

from narrate.errors import NarrateError

STATE_DIR = ".narrate"
LOCK_FILE = "lock"
# Signals that stop a command as Ctrl-C does: a terminal closed, a service stopped.
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
_PR_SET_PDEATHSIG = 1
# What a stopped build or render says.
INTERRUPTED = "Interrupted: finished files are kept, nothing was left half-written."


class BusyError(NarrateError):
    """Another narrate process holds the output folder's lock."""


def on_stop_signals() -> None:
    """Make Ctrl-C, SIGTERM and SIGHUP raise KeyboardInterrupt in the main thread, and
    remember that a stop signal came (``stop_signalled``).

    Python raises it wherever the main thread is, and some places cannot pass it on: in a
    callback run as a module is imported it is printed and dropped, and in a class being
    made it becomes a RuntimeError. The command asks ``stop_signalled`` instead, so that
    a stop is never lost, and drops that printout (it says the stop once, itself).
    """
    for signum in STOP_SIGNALS:
        with contextlib.suppress(ValueError, OSError):  # not the main thread, or no such signal
            # Ctrl-C left ignored when it is (a command started in the background).
            if signum != signal.SIGINT or signal.getsignal(signum) is signal.default_int_handler:
                signal.signal(signum, _stop)
    sys.unraisablehook = functools.partial(_unraisable, sys.unraisablehook)


_stopped = False


def _stop(signum: int, frame: object) -> None:
    global _stopped
    _stopped = True
    raise KeyboardInterrupt


def _unraisable(default: Callable[[Any], object], unraisable: Any) -> None:
    if not (_stopped and issubclass(unraisable.exc_type, KeyboardInterrupt)):
        default(unraisable)


def stop_signalled() -> bool:
    """Whether Ctrl-C, SIGTERM or SIGHUP came since ``on_stop_signals``."""
    return _stopped


# Set by ``-v`` on the command line (an option, not the environment: the build stamp
# compares the NARRATE_* variables, and -v must not make the next build a full one).
_show_tracebacks = False


def show_tracebacks(on: bool) -> None:
    """Whether the line of every unexpected error carries its traceback from now on."""
    global _show_tracebacks
    _show_tracebacks = on


def debugging() -> bool:
    """True when ``-v`` or NARRATE_DEBUG asks for tracebacks of unexpected errors."""
    return _show_tracebacks or os.environ.get("NARRATE_DEBUG", "") not in ("", "0")


def unexpected(exc: BaseException) -> str:
    """An error narrate did not foresee, as one line (then its traceback with NARRATE_DEBUG)."""
    kind = type(exc)
    name = kind.__name__ if kind.__module__ == "builtins" else f"{kind.__module__}.{kind.__name__}"
    text = " ".join(str(exc).split()) or "no message"
    line = f"unexpected {name}: {text}; run again with NARRATE_DEBUG=1 for the traceback"
    if debugging():
        line += "\n" + "".join(traceback.format_exception(exc)).rstrip()
    return line


# --- worker processes -------------------------------------------------------------------


def shield_thread() -> None:
    """Block stop signals in this (helper) thread, and so in the processes it starts.

    The fork server and the resource tracker inherit the mask of the thread that starts
    them: shielded, a SIGHUP or SIGTERM sent to the whole process group (a closed
    terminal) leaves them to end with the build instead of killing them under it.
    Never blocks the main thread, which must receive them.
    """
    if threading.current_thread() is not threading.main_thread():
        signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)


def shielded(func: Callable[[], object]) -> Callable[[], None]:
    """``func`` to run as a thread's target, with stop signals blocked in that thread."""

    def run() -> None:
        shield_thread()
        func()

    return run


def worker_started(parent: int | None = None) -> None:
    """In a new worker process: leave stop signals to the main process, die with it.

    The main process stops its pool on Ctrl-C, SIGTERM or SIGHUP and says so in one line;
    a worker killed by the same signal (sent to the whole process group) would instead
    break the pool mid-chunk. ``parent`` is the main process's pid (default: the one
    multiprocessing records).
    """
    for signum in STOP_SIGNALS:
        with contextlib.suppress(ValueError, OSError):
            signal.signal(signum, signal.SIG_IGN)
    _die_with_forker()
    pid = parent if parent is not None else _main_pid()
    if pid is not None and pid != os.getpid():
        threading.Thread(target=_exit_when_gone, args=(pid,), daemon=True).start()


def _main_pid() -> int | None:
    import multiprocessing

    parent = multiprocessing.parent_process()
    return parent.pid if parent is not None else None


def _die_with_forker() -> None:
    """Ask Linux to kill this process when the process that forked it dies."""
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)


def _exit_when_gone(pid: int) -> None:
    """Wait until process ``pid`` ends, then end this process at once.

    With the fork server, the process that forked a worker is the server, not the main
    process, so the kernel's parent-death signal alone does not see the main process go.
    """
    try:
        fd = os.pidfd_open(pid)
    except ProcessLookupError:
        os._exit(1)
    except (OSError, AttributeError):
        fd = -1
    if fd >= 0:
        select.select([fd], [], [])
    else:  # kernels before 5.3: poll
        while True:
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                break
            except PermissionError:
                pass
            time.sleep(0.5)
    os._exit(1)


# --- the build lock ---------------------------------------------------------------------


def lock_path(out: Path) -> Path:
    """The lock file of output folder ``out``."""
    return out / STATE_DIR / LOCK_FILE


_held: dict[str, list[int]] = {}  # lock path -> [fd, depth]: one process may nest holds
_held_guard = threading.Lock()


def holder(out: Path) -> int | None:
    """The pid written by the process holding (or last holding) the lock of ``out``."""
    try:
        text = lock_path(out).read_text("ascii").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return int(text) if text.isdigit() else None


@contextlib.contextmanager
def exclusive(out: Path, wait: float = 0.0) -> Iterator[None]:
    """Hold the build lock of ``out``; raise BusyError naming the holder if it is taken.

    ``wait`` seconds are spent waiting for the holder first. Nested holds in one process
    share the lock. Readers (``serve``, ``check``) never take it.
    """
    path = lock_path(out)
    key = str(path.absolute())
    with _held_guard:
        if key in _held:
            _held[key][1] += 1
            nested = True
        else:
            nested = False
    if nested:
        try:
            yield
        finally:
            with _held_guard:
                _held[key][1] -= 1
        return
    fd = _acquire(path, out, wait)
    with _held_guard:
        _held[key] = [fd, 1]
    try:
        yield
    finally:
        with _held_guard:
            _held[key][1] -= 1
            done = _held[key][1] == 0
            if done:
                del _held[key]
        if done:
            os.close(fd)  # releases the flock


def _acquire(path: Path, out: Path, wait: float) -> int:
    # An OSError here (the output is a file, read-only) names the path, as any write would.
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    deadline = time.monotonic() + wait
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            break
        except OSError as exc:
            if exc.errno not in (errno.EAGAIN, errno.EACCES):
                os.close(fd)
                raise NarrateError(f"{path}: cannot lock ({exc.strerror or exc})") from None
        if time.monotonic() >= deadline:
            os.close(fd)
            pid = _live_holder(out)
            who = f"pid {pid}" if pid else "another process"
            raise BusyError(
                f"{out}: another narrate ({who}) is writing this folder; "
                "wait for it to finish, or stop it"
            )
        time.sleep(0.1)
    mine = f"{os.getpid()}\n".encode()
    if os.pread(fd, len(mine) + 1, 0) != mine:  # unchanged when it is already ours
        os.pwrite(fd, mine, 0)  # then truncate: the file is never empty while held
        os.ftruncate(fd, len(mine))
    return fd


def _live_holder(out: Path) -> int | None:
    """The holder's pid; a moment is allowed for a holder that has just taken the lock to
    write it over its predecessor's."""
    for _ in range(10):
        pid = holder(out)
        if pid is not None and _alive(pid):
            return pid
        time.sleep(0.05)
    return None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


P = ParamSpec("P")
R = TypeVar("R")


def locked(func: Callable[P, R]) -> Callable[P, R]:
    """Run ``func(source, out, ...)`` holding the lock of ``out``, after clearing kill leftovers."""

    @functools.wraps(func)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        out = Path(kwargs["out"] if "out" in kwargs else args[1])  # type: ignore[arg-type]
        started = time.time()
        with exclusive(out):
            remove_stale_parts(out, started)
            return func(*args, **kwargs)

    return run


# --- leftovers of kills -------------------------------------------------------------------


def remove_stale_parts(out: Path, before: float) -> list[Path]:
    """Delete temporary ``.part`` files in ``out`` and its state folder older than ``before``.

    fsutil writes every file as ``.<name>.<random>.part`` then renames it; a process killed
    between the two leaves the part behind. Called with the lock held, so no live write
    of another narrate can be among them; the age test spares this process's own.
    """
    removed = []
    folders = [out, out / STATE_DIR]
    cache = out / STATE_DIR / "cache"
    with contextlib.suppress(OSError):
        folders += [p for p in cache.iterdir() if p.is_dir()]
    for folder in folders:
        try:
            names = [n for n in os.listdir(folder) if n.startswith(".") and n.endswith(".part")]
        except OSError:
            continue
        for name in names:
            path = folder / name
            with contextlib.suppress(OSError):
                if path.lstat().st_mtime < before:
                    path.unlink()
                    removed.append(path)
    return removed
