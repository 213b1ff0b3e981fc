"""Progress on stderr: a bar on a terminal, plain periodic lines in a log, or nothing.

The pipeline reports through a factory, ``start(label, total) -> advance(n)``: one task per
article's chunks, and one named ``Articles`` for the whole run. On a terminal that is a
rich bar with articles done/total, elapsed and remaining time, which stays on screen as
the summary line when the run ends. When stderr is not a terminal (cron, CI), a plain
line every ``interval`` seconds instead, and a last line when the run ends, so a log shows
how far a long build got without filling up with redraws.
"""

from __future__ import annotations

import logging
import re
import sys
import threading
import time
from collections.abc import Callable
from typing import IO, Literal

ARTICLES = "Articles"  # the label of the task counting whole articles
Mode = Literal["bar", "lines", "off"]
# A cron log gets a line at most this often (seconds).
INTERVAL = 30.0
# Control characters (C0, DEL, C1), bidirectional overrides and lone surrogates (bytes of a
# file name that are not UTF-8): shown escaped, as \x1b, \u202e or \udcff.
_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)


def _escaped(char: str) -> str:
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def clean(text: str) -> str:
    """``text`` safe to print on a terminal: control characters shown escaped."""
    return _UNSAFE.sub(lambda m: _escaped(m.group()), text)


def choose(wanted: bool | None, quiet: bool, stream: IO[str]) -> tuple[Mode, bool]:
    """The mode for ``--progress``/``--no-progress`` (None: not given) and ``-q``.

    Returns the mode and whether it was asked for explicitly (then even a short run
    prints its plain lines).
    """
    if quiet or wanted is False:
        return "off", False
    tty = stream.isatty()
    return ("bar" if tty else "lines"), bool(wanted)


def clock_text(seconds: float) -> str:
    """``H:MM:SS``."""
    seconds = max(0, int(seconds + 0.5))
    return f"{seconds // 3600}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"


class Progress:
    """A progress factory for the pipeline; use it as a context manager around the run."""

    def __init__(
        self,
        mode: Mode,
        stream: IO[str] | None = None,
        *,
        forced: bool = False,
        interval: float | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.mode = mode
        self.stream = stream if stream is not None else sys.stderr
        self.forced = forced
        self.interval = INTERVAL if interval is None else interval
        self.clock = clock
        self.started = clock()
        self.done = 0
        self.total = 0
        self.chunks = (0, 0)
        self._last: float | None = None
        self._lines = 0
        self._lock = threading.Lock()
        self._bars = None
        self._articles_task = None

    # The factory the pipeline calls.
    def __call__(self, label: str, total: int) -> Callable[[int], None]:
        """Start a task; returns the function that advances it by ``n``."""
        if self.mode == "off":
            return _ignore
        if label == ARTICLES:
            return self._start_articles(total)
        if self.mode == "bar" and self._bars is not None:
            task = self._bars.add_task(clean(label), total=total)
            bars = self._bars
            shown = {"done": 0, "gone": False}

            def advance_bar(n: int) -> None:
                # An article's bar goes when its chunks are done: only Articles stays.
                with self._lock:
                    if shown["gone"]:
                        return
                    shown["done"] += n
                    shown["gone"] = shown["done"] >= total
                if shown["gone"]:
                    bars.remove_task(task)
                else:
                    bars.advance(task, n)

            return advance_bar
        state = {"done": 0}

        def advance_chunks(n: int) -> None:
            with self._lock:
                state["done"] += n
                self.chunks = (state["done"], total)
            self._maybe_line()

        return advance_chunks

    def _start_articles(self, total: int) -> Callable[[int], None]:
        with self._lock:
            self.total += total
        if self.mode == "bar" and self._bars is not None:
            if self._articles_task is None:
                self._articles_task = self._bars.add_task(ARTICLES, total=total)
            else:
                self._bars.update(self._articles_task, total=self.total)
        elif self.forced:
            self._line("Started")

        def advance_articles(n: int) -> None:
            with self._lock:
                self.done += n
            if self._bars is not None and self._articles_task is not None:
                self._bars.advance(self._articles_task, n)
            self._maybe_line()

        return advance_articles

    # Plain lines.
    def status(self, word: str = "Progress") -> str:
        """One line: articles done/total, elapsed, and the time left when it can be told."""
        elapsed = self.clock() - self.started
        text = f"{word}: {self.done}/{self.total} articles, {clock_text(elapsed)} elapsed"
        if word == "Progress":
            if 0 < self.done < self.total:
                left = elapsed / self.done * (self.total - self.done)
                text += f", about {clock_text(left)} left"
            elif self.done == 0:
                text += ", time left not known yet"
        return text

    def _line(self, word: str) -> None:
        self.write(self.status(word))
        self._lines += 1
        self._last = self.clock()

    def _maybe_line(self) -> None:
        if self.mode != "lines" or not self.total:
            return
        now = self.clock()
        since = self._last if self._last is not None else self.started
        if now - since >= self.interval:
            self._line("Progress")

    def write(self, line: str) -> None:
        """Print a line on stderr, above the bar when one is drawn (escape ``line`` first)."""
        if self._bars is not None:
            self._bars.console.print(line, markup=False, highlight=False, soft_wrap=True)
        else:
            self.stream.write(line + "\n")
            self.stream.flush()

    # Context.
    def __enter__(self) -> Progress:
        self.started = self.clock()
        if self.mode == "bar":
            bars = self._bars = _rich_bars(self.stream)
            bars.start()
        return self

    def __exit__(self, kind: object, exc: object, tb: object) -> None:
        interrupted = kind is not None
        if self._bars is not None:
            bars = self._bars
            # Only the Articles bar stays, as the summary line of the run.
            for task in list(bars.task_ids):
                if task != self._articles_task:
                    bars.remove_task(task)
            bars.stop()
            self._bars = None
        elif self.mode == "lines" and self.total and (self.forced or self._lines):
            self._line("Stopped" if interrupted else "Done")


def _ignore(n: int) -> None:
    return None


def _rich_bars(stream: IO[str]):  # noqa: ANN202  (rich is imported only when drawing)
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    return Progress(
        TextColumn("{task.description}", markup=False),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("elapsed"),
        TimeElapsedColumn(),
        TextColumn("left"),
        TimeRemainingColumn(),
        console=Console(file=stream, highlight=False),
        # Results printed on stdout go above the bar when both are the terminal.
        redirect_stdout=sys.stdout.isatty(),
        redirect_stderr=False,
        transient=False,
    )


class LogLines(logging.Handler):
    """Log records as lines on stderr (``Warning: ...`` for warnings), above any bar."""

    def __init__(self, progress: Progress | None = None) -> None:
        super().__init__()
        self.progress = progress

    def emit(self, record: logging.LogRecord) -> None:
        """Write one record."""
        try:
            text = clean(record.getMessage())
        except Exception:  # noqa: BLE001  (a bad log call must not end the build)
            self.handleError(record)
            return
        if record.levelno >= logging.WARNING:
            text = f"Warning: {text}"
        if self.progress is not None and self.progress.mode != "off":
            self.progress.write(text)
        else:
            sys.stderr.write(text + "\n")
            sys.stderr.flush()
