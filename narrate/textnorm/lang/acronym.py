"""Initialisms spelled letter by letter ("FMI": "F M I"), acronyms said as words ("OTAN")."""

from __future__ import annotations

import re

from ..text import alternatives
from .priority import Entry, P
from .reader import Language
from .spec import Rule, spec

_CAPS = "A-ZÄÖÜÁÉÍÓÚÑÇÈÊ"
_VOWELS = frozenset("AEIOUÄÖÜÁÉÍÓÚÈÊ")
# Two to four capitals standing alone; longer runs are words in capitals or said as words.
# The look-behind after the first capital: the pattern starts with a class the regex engine
# skips ahead to.
_TOKEN = re.compile(rf"[{_CAPS}](?<![\w.&][{_CAPS}])[{_CAPS}]{{1,3}}(?![\w&]|\.[{_CAPS}])")
_CAPS_WORD = re.compile(rf"[{_CAPS}]{{3,}}(?![\w])")


def _said_as_word(token: str) -> bool:
    """Consonants and vowels taking turns over four letters ("NATO", "FIFA")."""
    if len(token) < 4:
        return False
    kinds = [c in _VOWELS for c in token]
    return all(a != b for a, b in zip(kinds, kinds[1:], strict=False))


def _in_capitals(m: re.Match[str]) -> bool:
    """Whether the match sits in a line of capitals (a headline), where capitals say nothing.

    Only where no small letter is near: an initialism among words ("la RATP et la SNCF")
    is spelled whatever other initialisms stand near it, so a second reading finds the
    same and changes nothing.
    """
    near = m.string[max(0, m.start() - 30) : m.end() + 30]
    return not any(c.islower() for c in near) and len(_CAPS_WORD.findall(near)) >= 3


def rules(lang: str) -> list[Rule]:
    """Rules that spell the language's initialisms and leave its acronyms to be said as words."""
    table = spec(lang).get("acronyms", {})
    if not table:
        return []
    words = frozenset(table.get("words", ()))
    mixed: list[str] = table.get("spelled", [])

    def acronym(m: re.Match[str]) -> str:
        token = m.group()
        if token in words or _said_as_word(token) or set(token) <= set("IVXLCDM"):
            return token  # a Roman numeral no rule read is left as written
        if _in_capitals(m):
            return token
        return " ".join(token)

    out: list[Rule] = [(_TOKEN, acronym)]
    if mixed:
        # "Lkw", "GmbH": initialisms written partly in lower case, spelled too.
        alts = alternatives(mixed, not_after=r"[\w.]")
        pattern = re.compile(rf"(?:{alts})(?![\w])")
        out.append((pattern, lambda m: " ".join(m.group().upper())))
    return out


def build(lx: Language) -> list[Entry]:
    """The rules at their named priority."""
    return [(P.ACRONYM, pattern.pattern, fn) for pattern, fn in rules(lx.lang)]
