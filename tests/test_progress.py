"""Progress: plain periodic lines in a log, a bar that stays as the summary on a terminal."""

from __future__ import annotations

import io
import re

from narrate.progress import ARTICLES, Progress, choose, clock_text


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_lines_every_interval_with_time_left_then_a_last_line() -> None:
    clock, log = Clock(), io.StringIO()
    with Progress("lines", log, interval=30, clock=clock) as progress:
        done = progress(ARTICLES, 4)
        chunks = progress("Synthesising a.txt", 10)
        clock.now += 10
        chunks(5)  # before the first interval: nothing
        clock.now += 20
        chunks(5)  # 30 s in, no article done yet
        done(1)
        clock.now += 29
        done(1)  # 29 s after the last line: nothing
        clock.now += 1
        done(1)  # 60 s in, 3 of 4 done: 20 s left
    assert log.getvalue().splitlines() == [
        "Progress: 0/4 articles, 0:00:30 elapsed, time left not known yet",
        "Progress: 3/4 articles, 0:01:00 elapsed, about 0:00:20 left",
        "Done: 3/4 articles, 0:01:00 elapsed",
    ]


def test_a_short_run_in_a_log_prints_nothing_unless_asked() -> None:
    asked = ["Started: 0/2 articles, 0:00:00 elapsed", "Done: 2/2 articles, 0:00:00 elapsed"]
    for forced, expected in ((False, []), (True, asked)):
        log = io.StringIO()
        with Progress("lines", log, forced=forced, clock=Clock()) as progress:
            progress(ARTICLES, 2)(2)
        assert log.getvalue().splitlines() == expected


def test_an_interrupted_run_says_so() -> None:
    clock, log = Clock(), io.StringIO()
    try:
        with Progress("lines", log, forced=True, clock=clock) as progress:
            progress(ARTICLES, 5)(1)
            clock.now += 5
            raise KeyboardInterrupt
    except KeyboardInterrupt:
        pass
    assert log.getvalue().splitlines()[-1] == "Stopped: 1/5 articles, 0:00:05 elapsed"


def test_the_bar_stays_as_a_summary_with_elapsed_and_left() -> None:
    screen = Tty()
    with Progress("bar", screen) as progress:
        done = progress(ARTICLES, 3)
        chunks = progress("Synthesising a.txt", 2)
        chunks(2)
        done(3)
    last = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", screen.getvalue()).splitlines()[-1]
    assert re.fullmatch(r"Articles ━+ 3/3 elapsed 0:00:0\d left 0:00:00\s*", last), last
    assert "Synthesising" not in last


def test_off_prints_nothing() -> None:
    screen = Tty()
    with Progress("off", screen) as progress:
        progress(ARTICLES, 3)(3)
        progress("x", 1)(1)
    assert screen.getvalue() == ""


def test_mode_follows_the_terminal_and_the_flags() -> None:
    assert choose(None, False, Tty()) == ("bar", False)
    assert choose(None, False, io.StringIO()) == ("lines", False)
    assert choose(True, False, io.StringIO()) == ("lines", True)
    assert choose(False, False, Tty()) == ("off", False)
    assert choose(None, True, Tty()) == ("off", False)
    assert clock_text(3725.4) == "1:02:05"
