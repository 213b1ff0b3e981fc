"""A slash read by its domain: cricket totals, blood pressure, TV listings, growth rates."""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from .. import data
from ..numbers import cardinal_str
from .common import _context_sets, has_digit, unit_names, word_before
from .time import _clock

# Words near "187/4" that make it a cricket total ("one eighty seven for four").
_CRICKET = re.compile(
    r"(?i:cricket|wickets?|stumps|declared?|innings|overs|all out|test match|odi|t20|tea|"
    r"lunch|batting|bowled|bowling|runs|run chase|chasing|skipper|bowlers?|batsm[ae]n|"
    r"batters?)(?![\w])"
)
# Words near "120/80" that make it a blood pressure ("one twenty over eighty").
_PRESSURE = re.compile(r"(?i:blood pressure|pressure|BP|mmHg|systolic|diastolic|hypertension)")
_WINDOW = 80


def _near(pattern: re.Pattern[str], m: re.Match[str]) -> bool:
    text = m.string
    return pattern.search(text, max(0, m.start() - _WINDOW), m.end() + _WINDOW) is not None


def _slash_pair(m: re.Match[str]) -> str:
    a, b, hg = m.group("a", "b", "hg")
    x, y = int(a), int(b)
    if 60 <= x <= 260 and 30 <= y <= 160 and x > y and (hg or _near(_PRESSURE, m)):
        spoken = f"{cardinal_str(a)} over {cardinal_str(b)}"
        return spoken + (" millimeters of mercury" if hg else "")
    if hg:
        return m.group()
    if y <= 10 and x >= y and (_near(_CRICKET, m) or (x > 31 and len(a) <= 3)):
        return f"{cardinal_str(a)} for {cardinal_str(b)}"  # runs for wickets
    return m.group()


def _listing(m: re.Match[str]) -> str:
    """ "10/9c": a programme's time in the Eastern and Central zones."""
    parts = []
    for h, mi in (m.group("h1", "m1"), m.group("h2", "m2")):
        hour, minute = int(h), int(mi or 0)
        if not 1 <= hour <= 12:
            return m.group()
        parts.append(_clock(hour, minute, True))
    return f"{parts[0]} {parts[1]} central"


def _has_slash(text: str) -> bool:
    return "/" in text


_OVER = {"y": "year", "q": "quarter", "m": "month", "w": "week", "d": "day"}


def _over(m: re.Match[str]) -> str:
    period = _OVER[m.group("a").lower()]
    return f"{period} over {period}"


RULES: dict[str, list[tuple[Any, ...]]] = {
    "first": [
        (
            r"(?P<a>[yYqQmMwW])(?<![\w/][yYqQmMwW])/(?P=a)(?![\w/])",
            _over,
            _has_slash,
        ),
    ],
    "dates": [
        (
            r"(?P<h1>[0-9](?<![\w.,:/][0-9])[0-9]?)(?::(?P<m1>[0-5][0-9]))?/"
            r"(?P<h2>[0-9]{1,2})(?::(?P<m2>[0-5][0-9]))?c(?![\w])",
            _listing,
            has_digit,
        ),
    ],
    "money": [
        (
            # Not after "2 " ("2 1/2" is two and a half).
            r"(?P<a>[0-9](?<![\w.,/$£€¥₹\-][0-9])(?<![0-9] [0-9])(?<![0-9]  [0-9])[0-9]{0,2})"
            r"/(?P<b>[0-9]{1,3})(?![\w/]|[.,][0-9])"
            r"(?P<hg> ?mm ?Hg(?![\w]))?",
            _slash_pair,
            has_digit,
        ),
    ],
}


_CURRENCY_WORDS = frozenset(
    "dollar dollars euro euros pound pounds pence cent cents yen rupee rupees yuan".split()
)


_SCALE_WORDS = frozenset("hundred thousand million billion trillion".split())


def _a_or_per(thing: str, money: bool) -> str:
    """ "$84/barrel" -> "a barrel" after an amount of money; "GB/s" -> "per second"."""
    if not money or " " in thing:
        return f" per {thing}"  # "$2.50/MMBtu": per million British thermal units
    return f" {'an' if thing[0] in 'aeiou' or thing == 'hour' else 'a'} {thing}"


def _slash(m: re.Match[str]) -> str:
    """ "GB/s" per second, "$20/mo" a month, "he/she" or, "nlohmann/json" slash."""
    left, right = word_before(m), m.group("r")
    if left.lower() == "and" and right.lower() == "or":
        return f" {right}"
    units = unit_names()
    per = data.load("context")["slash"]["per"]
    money = left.lower() in _CURRENCY_WORDS
    if right in per or right.lower() in per:
        period = per.get(right) or per[right.lower()]
        return _a_or_per(period, money)
    if right in units:
        # "$4/gal" per gallon (an abbreviation, as written); "$9,800/ton" a ton
        return _a_or_per(units[right][0], money and units[right][0] == right)
    if money and right.islower():
        # "$84/barrel", "$3.99/dozen"; "$550/thousand board feet" is per thousand
        return f" per {right}" if right in _SCALE_WORDS else _a_or_per(right, money)
    words = _context_sets()["or_words"]
    if left.isupper() and right.isupper():
        return f" {right}"  # "TCP/IP", "AC/DC"
    if left in words and right in words or (left.istitle() and right.istitle()):
        return f" or {right}"
    return f" slash {right}"


@cache
def rules() -> dict[str, list[tuple[Any, ...]]]:
    """This class's rules by stage, as (pattern, spoken form[, guard]) rows."""
    return {
        **RULES,
        "slash": [
            # Symbols.
            (r"/(?<=[A-Za-z²³]/)(?P<r>[A-Za-zµμ]+[²³]?)(?![\w/])", _slash),
        ],
    }
