"""English (US) rules: each is a compiled pattern plus a function writing the spoken form.

The rules run in order over the whole text; earlier, more specific rules (URLs, dates,
money) consume their digits before the general number rule sees them. Every pattern is
anchored by a negative look-behind on its own character class so that matching starts
only at token boundaries, which keeps the scan linear in the input length.

Two decisions are taken before any rule rewrites the text, so that rule order cannot
change them: web and e-mail addresses are frozen, and each line is classified as a
headline or dateline set in capitals (its words then read as words, each on its own).
Context that decides a reading (a determiner before a unit, a maker before a model
number, a name before a Roman numeral) is data in ``data/context.toml``, ``roman.toml``
and ``acronyms.toml``. The rules themselves live in one module per class under ``en/``,
and ``en.ORDER`` states their priority.
"""

from __future__ import annotations

import re
from functools import cache

from .en.acronym import _LINE, _capital_lines
from .en.common import Rule, has_digit
from .en.date import _DATE_FIRST, MONTH_RE, MONTHS, WEEKDAY_RE, WEEKDAYS
from .en.electronic import _WEB, _WEB_CUE, _web
from .en.roman import ROMAN, roman_value
from .text import Frozen, safe

# Read from here by other modules (generic.py, intro.py) and by the guard tests.
__all__ = [
    "MONTHS",
    "MONTH_RE",
    "ROMAN",
    "WEEKDAYS",
    "WEEKDAY_RE",
    "_DATE_FIRST",
    "build_rules",
    "has_digit",
    "roman_value",
]


def build_rules(frozen: Frozen) -> list[Rule]:
    """The ordered English rules; the web rule freezes its output so nothing rereads it."""
    return [
        (_WEB, safe(_web(frozen)), _WEB_CUE),
        (_LINE, safe(_capital_lines(frozen)), None),
    ] + _static_rules()


@cache
def _static_rules() -> list[Rule]:
    from .en import table

    # A third element is the rule's guard: the rule runs only on text the guard accepts.
    return [(re.compile(p), safe(fn), guard[0] if guard else None) for p, fn, *guard in table()]
