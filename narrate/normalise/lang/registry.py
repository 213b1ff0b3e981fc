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


@cache
def rules(lang: str) -> list[Rule]:
    """The compiled rules for ``lang``, in order."""
    return [(re.compile(pattern), safe(fn)) for _, pattern, fn in entries(lang)]


__all__ = ["CLASSES", "P", "entries", "rules"]
