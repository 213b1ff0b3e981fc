"""Sports statistics written short: points, rebounds, assists, home runs, overtimes."""

from __future__ import annotations

import re
from typing import Any

from .common import _keep_period, _num, has_digit, word_before

# After a number: "27 pts, 14 reb, 9 ast" (box scores), "2 HR".
_STATS = {
    "pts": ("point", "points"),
    "reb": ("rebound", "rebounds"),
    "rebs": ("rebound", "rebounds"),
    "ast": ("assist", "assists"),
    "asts": ("assist", "assists"),
    "stl": ("steal", "steals"),
    "stls": ("steal", "steals"),
    "blk": ("block", "blocks"),
    "blks": ("block", "blocks"),
    "HR": ("home run", "home runs"),
    "HRs": ("home run", "home runs"),
    "TO": ("turnover", "turnovers"),
}
_OVERTIMES = {"2": "double", "3": "triple", "4": "quadruple", "5": "quintuple"}
# "in OT", "to OT": overtime; "OT" elsewhere may be a name ("the OT", Old Testament).
_OT_BEFORE = frozenset("in In into to of during through won win lost lose wins".split())


def _has_ot(text: str) -> bool:
    return "OT" in text


def _stat(m: re.Match[str]) -> str:
    a, s = m.group("a", "s")
    one, many = _STATS[s]
    spoken = f"{_num(a)} {one if a == '1' else many}"
    # Its own period ("12 pts. and") ends the sentence only where one ends.
    return _keep_period(m, spoken) if m.group("dot") else spoken


def _overtime(m: re.Match[str]) -> str:
    n = m.groupdict().get("n")
    if n:
        return f"{_OVERTIMES[n]} overtime"
    return "overtime" if word_before(m) in _OT_BEFORE else m.group()


RULES: dict[str, list[tuple[Any, ...]]] = {
    "units": [
        (
            r"(?P<a>[0-9](?<![\w.,][0-9])[0-9]*(?:\.[0-9]+)?) "
            r"(?P<s>pts|rebs?|asts?|stls?|blks?|HRs?)(?![\w])(?P<dot>\.(?![\w.]))?",
            _stat,
            has_digit,
        ),
    ],
    "numbers": [
        (r"(?P<n>[2-5](?<![\w.,][2-5]))OT(?![\w])", _overtime, has_digit),
    ],
    "words": [
        (r"(?<![\w])OT(?![\w])", _overtime, _has_ot),
    ],
}


def rules() -> dict[str, list[tuple[Any, ...]]]:
    """This class's rules by stage, as (pattern, spoken form[, guard]) rows."""
    return RULES
