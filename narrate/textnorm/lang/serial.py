"""Numbers that name rather than count: a law's number and year ("Ley 7/2021"), a docket or
register number after "número" ("n° 2021-1104"), whose hyphen is no range."""

from __future__ import annotations

import re

from ..text import alternatives
from .priority import Entry, P
from .reader import Language, Reader, language
from .spec import Rule, spec


def _said(r: Reader, figures: str) -> str:
    value = int(figures)
    if len(figures) == 4 and 1000 <= value <= 2099:
        return r.words(value, "year")  # "2021-1104": the year first
    return r.number(figures)


def rules(lang: str) -> list[Rule]:
    """Rules for the language's numbered laws and registers."""
    table = spec(lang).get("serial", {})
    if not table:
        return []
    r = language(lang).r
    out: list[Rule] = []
    before = alternatives(table.get("before", ()), not_after=r"[\w.]")
    if before:
        dash = table["dash"]
        pattern = re.compile(
            rf"(?P<w>{before}) (?P<a>[0-9]{{1,6}})-(?P<b>[0-9]{{1,6}})(?![\w-]|[.,][0-9])"
        )
        out.append((pattern, lambda m: f"{m['w']} {_said(r, m['a'])} {dash} {_said(r, m['b'])}"))
    law = table.get("law", {})
    if law:
        words = alternatives(law["before"], not_after=r"[\w.]")
        of = law["of"]
        # "Ley 7/2021", "Real Decreto 463/2020": the law's number of that year.
        pattern = re.compile(
            rf"(?P<w>{words}) (?P<a>[0-9]{{1,5}})/(?P<b>(?:19|20)[0-9]{{2}})"
            r"(?![\w/]|[.,][0-9])"
        )
        out.append(
            (pattern, lambda m: f"{m['w']} {r.number(m['a'])} {of} {r.words(int(m['b']), 'year')}")
        )
    return out


def build(lx: Language) -> list[Entry]:
    """The rules at their named priority."""
    return [(P.SERIAL, pattern.pattern, fn) for pattern, fn in rules(lx.lang)]
