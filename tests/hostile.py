"""Inputs that once took quadratic time, and a count of the work a call does on them.

The tests count Python steps, which no load on the machine changes; bench/linear_time.py
times the same inputs (work inside the regular-expression engine is seen only by time).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from types import FrameType
from typing import Any

# Shapes that make naive patterns backtrack: long runs with no token boundary.
ADVERSARIAL = [
    "a", "1", "1,", "1.", ".1", "-1", "A", "AB", "I ", "a.", "a-", "a@", "www.", "$1", "1/",
    "1:", "1-", "x1", "1x", "St. ", "( ", "'", "–", "\u00b2", "Henry ", "January ", "1 ",
    "12,345 ", "9/11 ", "U.S.", "1st", "a1-", "@a.", "http://a", "#", "%", "A&", "II ", "AB ",
]  # fmt: skip

# Rules that look around a match (headline check, previous word) on one long line.
LONG_LINE = ["IS A ", "THE CIA AND ", "in 2013 ", "St. Louis ", "War II ", "Mr. X. "]

# Each of these once cost the chunker or the normaliser seconds per 100 KB: a rescan from
# the sentence start at every abbreviation, a run of dots tried at every position, the
# e-mail pattern restarted at every "+", and the remainder copied at every cut of a long
# sentence.
PATHOLOGICAL = {
    "titles": "Mr. ",
    "initials": "A. ",
    "dots": ".",
    "spaced dots": ". ",
    "plus": "a+",
    "long sentence": "word ",
}
PROSE = "The council met on Tuesday and the mayor said the budget would pass soon. "

# Markdown: unclosed emphasis runs (4 s at 40 KB when the reader was quadratic), and
# ordinary Markdown prose of the same size to compare with.
MARKDOWN_PROSE = "Some *bold* words, a [link](https://example.org) and __more__ text. "


def repeated(unit: str, size: int) -> str:
    """``unit`` repeated to about ``size`` characters (whole copies, at least one)."""
    return unit * max(1, size // max(1, len(unit)))


def unclosed_emphasis(size: int) -> str:
    """``size`` characters of emphasis markers that never close."""
    return ("*a " * size)[:size]


def steps(fn: Callable[..., Any], *args: Any) -> int:
    """Python lines executed by ``fn(*args)``, in every function it calls (this thread).

    A count, not a time: the same on an idle machine and a loaded one, so a bound on how it
    grows with the input cannot fail on noise.
    """
    count = 0

    def line(frame: FrameType, event: str, arg: Any) -> Any:
        nonlocal count
        count += 1
        return line

    previous = sys.gettrace()
    sys.settrace(lambda frame, event, arg: line)
    try:
        fn(*args)
    finally:
        sys.settrace(previous)
    return count


def growth(fn: Callable[[str], Any], small: str, large: str) -> tuple[int, int]:
    """Steps of ``fn`` on ``small`` then on ``large``, once what it loads on first use is in.

    The warming call reads half of ``small``: the same kinds of text (so rules and lists
    loaded on first use are loaded), not the same text (a result cached by input would make
    the first count nearly nothing).
    """
    fn(small[: max(1, len(small) // 2)])
    return steps(fn, small), steps(fn, large)
