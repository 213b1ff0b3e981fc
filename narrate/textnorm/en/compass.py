"""Compass points: after degrees of latitude and longitude, after a distance, after "from the"."""

from __future__ import annotations

import re
from typing import Any

from .address import _STREET_RE, _STREET_WORDS
from .common import NUM, _keep_period, _num, has_digit, word_after, word_before

_POINTS = {"N": "north", "S": "south", "E": "east", "W": "west"}


def compass(letters: str) -> str:
    """ "NE" -> "northeast", "SSE" -> "south southeast" (the sixteen points)."""
    if len(letters) == 3:
        return f"{_POINTS[letters[0]]} {compass(letters[1:])}"
    return "".join(_POINTS[c] for c in letters)


def _degrees(m: re.Match[str]) -> str:
    """ "41.7°N" -> "forty one point seven degrees north"."""
    a = m.group("a")
    return f"{_num(a)} {'degree' if a == '1' else 'degrees'} {compass(m.group('d'))}"


def _coordinates(m: re.Match[str]) -> str:
    """ "25.4N 80.1W": a latitude and a longitude written without degree signs."""
    return (
        f"{_num(m.group('a'))} {compass(m.group('d'))}{m.group('sep').rstrip()} "
        f"{_num(m.group('b'))} {compass(m.group('e'))}"
    )


# Words after which a bare "NE" or "W" is a direction: "12 km NE of", "from the NW".
_DISTANCES = frozenset(
    "miles mile kilometers kilometer kilometres kilometre meters meter feet foot yards "
    "nautical km mi".split()
)
_HEADING = frozenset(
    "the from toward towards moved moving move moves heading headed head heads blew blowing "
    "blows drifting drifted travelling traveling turned turning veered veering".split()
)


def _direction(m: re.Match[str]) -> str:
    d = m.group()
    before, after = word_before(m), word_after(m)
    if before in _DISTANCES and after == "of" or (before in _HEADING and (len(d) > 1 or after)):
        if len(d) == 1 and before in ("the", "from"):
            return d  # "the E", "from S": too short to tell
        return compass(d)
    return d


def _street(m: re.Match[str]) -> str:
    """ "on N Main St": a direction before a street's name, with no house number."""

    spoken = f"{compass(m.group('d')).capitalize()} {m.group('name')}{_STREET_WORDS[m.group('st')]}"
    return _keep_period(m, spoken) if m.group().endswith(".") else spoken


def _has_point(text: str) -> bool:
    return any(c in text for c in "NSEW")


def _street_rule() -> tuple[str, object, object]:

    return (
        r"(?P<d>[NSEW](?<![\w.][NSEW])(?:(?<=[NS])[EW])?)\.? (?P<name>(?:[A-Z][a-z][\w']* ){1,2})"
        rf"(?P<st>{_STREET_RE})\.?(?![\w])",
        _street,
        _has_point,
    )


RULES: dict[str, list[tuple[Any, ...]]] = {
    "first": [_street_rule()],
    "units": [
        (
            r"(?P<a>[0-9](?<![\w.,][0-9])[0-9,]*(?:\.[0-9]+)?)"
            r" ?° ?(?P<d>[NSEW])(?![\w])",
            _degrees,
            has_digit,
        ),
        (
            rf"(?P<a>[0-9](?<![\w.,][0-9])[0-9]*(?:\.[0-9]+)?)(?P<d>[NS])(?P<sep>,? )"
            rf"(?P<b>{NUM})(?P<e>[EW])(?![\w])",
            _coordinates,
            has_digit,
        ),
    ],
    "words": [
        (
            r"[NSEW](?<![\w&'.\-][NSEW])(?:(?<=[NS])[NS]?[EW]|(?<=[EW])[NS][EW])?"
            r"(?![\w&'\-]|\.[A-Za-z])",
            _direction,
            _has_point,
        ),
    ],
}


def rules() -> dict[str, list[tuple[Any, ...]]]:
    """This class's rules by stage, as (pattern, spoken form[, guard]) rows."""
    return RULES
