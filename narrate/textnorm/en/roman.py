"""Roman numerals inside names: "WWII", lineages ("clade IIb"), types and phases."""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from .. import data
from ..numbers import cardinal, ordinal
from .common import word_before

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


RULES: dict[str, list[tuple[Any, ...]]] = {
    "first": [
        (r"W(?<![\w]W)W(?P<i>I{1,3})(?![\w])", _world_war, _has_ww),
    ],
    "words": [
        (r"(?P<r>[IVX](?<![\w][IVX])[IVX]{0,3})(?P<l>[a-d])(?![\w])", _lineage, _has_i),
    ],
}


def roman_value(s: str) -> int:
    """The value of a Roman numeral ("XIV" -> 14)."""
    values = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}
    total = 0
    for i, c in enumerate(s):
        v = values[c]
        if i + 1 < len(s) and values[s[i + 1]] > v:
            total -= v
        else:
            total += v
    return total


@cache
def _roman_context() -> tuple[frozenset[str], frozenset[str]]:
    table = data.load("roman")
    return frozenset(table["regnal"]["names"]), frozenset(table["cardinal"]["words"])


_TWO_WORDS_BEFORE = re.compile(r"([A-Za-z][\w-]*) ([A-Za-z][\w-]*) $")


def _roman(m: re.Match[str]) -> str:
    r = m.group("r")
    if not ROMAN.fullmatch(r) or _initial(m, r):
        return r
    s = m.start()
    two = _TWO_WORDS_BEFORE.search(m.string, max(0, s - 40), s)
    prev = two.group(2) if two else word_before(m)
    pair = f"{two.group(1)} {two.group(2)}" if two else ""
    if f"{prev} {r}" in _not_numeral():
        return r  # "Malcolm X", "Generation X"
    return _numeral_after(r, prev, pair, bool(two))


def _initial(m: re.Match[str], r: str) -> bool:
    """A middle initial ("Richard M. Nixon"), not a numeral; "War I." is one."""
    return (
        len(r) == 1
        and m.string[m.end() : m.end() + 1] == "."
        and word_before(m) not in _roman_context()[1]
    )


def _numeral_after(r: str, prev: str, pair: str, two: bool) -> str:
    """A numeral read by the word (or two) before it: a cardinal, a regnal ordinal, or kept."""
    regnal, card = _roman_context()
    # Headlines set in capitals: "CHAPTER II", "WORLD WAR I".
    if prev in card or pair in card or prev.capitalize() in card or pair.title() in card:
        return cardinal(roman_value(r))
    if (prev in regnal or pair in regnal) and prev[:1].isupper():
        if r == "I" and not two and not prev:
            return r
        return "the " + ordinal(roman_value(r))
    if _any_name(r, prev):
        # Any name then "II", "XIV": a regnal or family number ("Sam II").
        return "the " + ordinal(roman_value(r))
    return r


def _any_name(r: str, prev: str) -> bool:
    return (
        len(r) > 1
        and set(r) <= _REGNAL_LETTERS
        and prev[:1].isupper()
        and prev[1:].islower()
        and prev not in data.words("sentence_starters")
    )


_REGNAL_LETTERS = frozenset("IVX")


@cache
def _not_numeral() -> frozenset[str]:
    return frozenset(data.load("roman")["not_numeral"]["phrases"])


ROMAN = re.compile(r"M{0,4}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})")


@cache
def rules() -> dict[str, list[tuple[Any, ...]]]:
    """This class's rules by stage, as (pattern, spoken form[, guard]) rows."""
    return {
        **RULES,
        "roman": [
            # Roman numerals after a regnal name or a word like "War" or "Chapter".
            (r"(?P<r>[IVXLCDM](?<=[A-Za-z] [IVXLCDM])[IVXLCDM]*)(?![\w])", _roman),
        ],
    }
