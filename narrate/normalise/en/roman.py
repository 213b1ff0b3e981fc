"""Roman numerals inside names: "WWII", lineages ("clade IIb"), types and phases."""

from __future__ import annotations

import re

from ..english import ROMAN, roman_value, word_before
from ..numbers import cardinal

# Words before a numeral and a lower-case letter that name a lineage or a subtype.
_LINEAGE = frozenset(
    "clade Clade subclade Subclade Type type Class class Grade grade Stage stage lineage "
    "Lineage variant Variant".split()
)


def _world_war(m: re.Match[str]) -> str:
    return f"World War {cardinal(len(m.group('i')))}"


def _lineage(m: re.Match[str]) -> str:
    """ "clade IIb" -> "clade two b", "Type Ia" -> "Type one a"."""
    r, letter = m.group("r", "l")
    if not ROMAN.fullmatch(r) or word_before(m) not in _LINEAGE:
        return m.group()
    return f"{cardinal(roman_value(r))} {letter}"


def _has_ww(text: str) -> bool:
    return "WW" in text


def _has_i(text: str) -> bool:
    return "I" in text or "V" in text


RULES = {
    "first": [
        (r"W(?<![\w]W)W(?P<i>I{1,3})(?![\w])", _world_war, _has_ww),
    ],
    "words": [
        (r"(?P<r>[IVX](?<![\w][IVX])[IVX]{0,3})(?P<l>[a-d])(?![\w])", _lineage, _has_i),
    ],
}
