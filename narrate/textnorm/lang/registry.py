"""The classes of written forms for Spanish, French and German, in the order they are read.

Each class module gives its rules with a named priority (``priority.P``); this registry
puts every class's rules in that order. Adding a class is one module listed here, its data
in the language files and its table tests.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache

from ..text import safe
from . import (
    abbreviation,
    acronym,
    cardinal,
    date,
    fraction,
    measure,
    money,
    ordinal,
    percent,
    ranges,
    roman,
    serial,
    symbol,
    telephone,
    time,
)
from .priority import Entry, P
from .reader import Language, language
from .spec import Rule

# A rule with a test of the text that must hold for its pattern to match at all.
GuardedRule = tuple[re.Pattern[str], Callable[[re.Match[str]], str], Callable[[str], bool]]

# Every class, with how it builds its rules for one language.
CLASSES: dict[str, Callable[[Language], list[Entry]]] = {
    "abbreviation": abbreviation.build,
    "serial": serial.build,
    "date": date.build,
    "time": time.build,
    "telephone": telephone.build,
    "range": ranges.build,
    "measure": measure.build,
    "fraction": fraction.build,
    "money": money.build,
    "percent": percent.build,
    "roman": roman.build,
    "ordinal": ordinal.build,
    "cardinal": cardinal.build,
    "symbol": symbol.build,
    "acronym": acronym.build,
}


def entries(lang: str) -> list[Entry]:
    """Every class's rules for ``lang`` as (priority, pattern, reading), by priority.

    The sort is stable: rules of one priority keep the order their class gives them.
    """
    lx = language(lang)
    found: list[Entry] = []
    for build in CLASSES.values():
        found += build(lx)
    return sorted(found, key=lambda entry: entry[0])


def has_digit(text: str) -> bool:
    """Whether ``text`` holds an ASCII digit, which every rule of a ``NEEDS_DIGIT`` class needs."""
    return any(d in text for d in "0123456789")


# Classes every one of whose patterns matches a figure: on text without one (the confirming
# second reading of a text, a paragraph of words) they are skipped, which changes nothing
# they would have done. Words, Roman numerals, symbols and abbreviations are not among them.
NEEDS_DIGIT = frozenset(
    {
        P.SERIAL,
        P.TIME_ZONE,
        P.DATE,
        P.TELEPHONE_TOLD,
        P.RANGE_GERMAN,
        P.CLOCK_HOURS,
        P.TELEPHONE,
        P.FRACTION,
        P.DURATION,
        P.PER_UNIT,
        P.SCALED_UNIT,
        P.SCALED_MONEY,
        P.CLOCK,
        P.ERA_AFTER_NUMBER,
        P.PERCENT,
        P.MONEY,
        P.ORDINAL,
        P.DOTTED_NUMBER,
        P.RANGE,
        P.CARDINAL,
    }
)


@cache
def rules(lang: str) -> list[Rule | GuardedRule]:
    """The compiled rules for ``lang``, in order; those that need a figure say so."""
    out: list[Rule | GuardedRule] = []
    for priority, pattern, fn in entries(lang):
        compiled, read = re.compile(pattern), safe(fn)
        out.append((compiled, read, has_digit) if priority in NEEDS_DIGIT else (compiled, read))
    return out


__all__ = ["CLASSES", "NEEDS_DIGIT", "P", "entries", "has_digit", "rules"]
