"""Pace: the engine setting that reads a requested number of words per minute.

No engine reads at the rate it is asked for. eSpeak NG asked for 175 read 185 words a
minute of speech on the seed, and Piper's length scale is not proportional to time (x1.46
gave x1.30 the duration). So ``rate`` means words per minute measured as listeners hear
it, words over speech time (the pauses left out), and each engine's setting for it is read
from a table that ``bench/pace.py`` measured on the seed article and committed
(``narrate/data/pace.json``), interpolated between its points; nothing is a formula.
"""

from __future__ import annotations

import bisect
import functools
import hashlib
import json
import re
from importlib.resources import files

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")


def count_words(text: str) -> int:
    """Words in ``text`` as pace counts them ("twenty-one" is two, "it's" one)."""
    return len(_WORD.findall(text))


@functools.lru_cache(maxsize=1)
def _raw() -> bytes:
    return files("narrate").joinpath("data/pace.json").read_bytes()


@functools.lru_cache(maxsize=1)
def tables() -> dict[str, list[tuple[float, float]]]:
    """Every measured table: engine (or "piper:VOICE") -> (setting, words per minute) points."""
    data = json.loads(_raw())
    return {
        name: sorted((float(s), float(w)) for s, w in entry["points"])
        for name, entry in data["tables"].items()
    }


def digest() -> str:
    """A hash of the tables (part of the engines' versions: a new table renders again)."""
    return hashlib.sha256(_raw()).hexdigest()[:12]


def setting(table: str, wpm: float) -> float:
    """The setting that reads ``wpm`` words per minute by ``table``'s measurements.

    Linear between the two measured points around it; beyond the measured range, the
    nearest two points' line carried on.
    """
    points = sorted(tables()[table], key=lambda p: p[1])
    if len(points) < 2:
        raise ValueError(f"pace table {table!r} needs two points")
    i = min(max(bisect.bisect_left([w for _, w in points], wpm), 1), len(points) - 1)
    (s0, w0), (s1, w1) = points[i - 1], points[i]
    return s0 + (s1 - s0) * (wpm - w0) / (w1 - w0)


def has_table(table: str) -> bool:
    """True when a table was measured under this name."""
    return table in tables()
