"""The classes of written forms for Spanish, French and German, in the order they are read.

Each class runs at a named priority; a class that needs another's output runs after it.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import IntEnum
from functools import cache

from ..text import safe
from . import abbreviation, acronym, serial
from .spec import Rule


class Priority(IntEnum):
    """When a class runs: lower first."""

    # Before numbers: "tel. 91 ..." names a telephone, "núm. 12" a number, once written out.
    ABBREVIATION = 10
    # Before ranges and fractions: "n° 2021-1104" and "Ley 7/2021" name, they do not count.
    SERIAL = 40
    # The numeric classes (dates, times, money, measures, ordinals, Roman numerals, ...).
    NUMBERS = 50
    # After Roman numerals are read: the capitals left are initialisms and acronyms.
    ACRONYM = 80


def _numbers(lang: str) -> list[Rule]:
    from .. import generic  # the numeric classes still share one table (see generic.rules)

    return generic.rules(lang)


REGISTRY: list[tuple[Priority, Callable[[str], list[Rule]]]] = [
    (Priority.ABBREVIATION, abbreviation.rules),
    (Priority.SERIAL, serial.rules),
    (Priority.NUMBERS, _numbers),
    (Priority.ACRONYM, acronym.rules),
]


@cache
def rules(lang: str) -> list[Rule]:
    """Every class's rules for ``lang``, by priority."""
    out: list[Rule] = []
    for _, build in sorted(REGISTRY, key=lambda entry: entry[0]):
        out += [(pattern, safe(fn)) for pattern, fn in build(lang)]
    return out
