"""A slash read by its domain: cricket totals, blood pressure, TV listings, growth rates."""

from __future__ import annotations

import re

from ..english import _clock, cardinal_str, has_digit

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


RULES = {
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
