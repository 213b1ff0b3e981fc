"""English abbreviations: titles, dotted initialisms, Saint or Street, words before numbers."""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from .. import data
from ..text import Cue
from .common import _keep_period, _unless_after, alternation, has_digit, word_after, word_before
from .date import WEEKDAYS


def _hash_number(m: re.Match[str]) -> str:
    return "number "


def _number_abbr(m: re.Match[str]) -> str:
    return data.load("abbreviations")["before_number"][m.group("abbr")] + " "


def _abbreviation(m: re.Match[str]) -> str:
    token = m.group()
    table = data.load("abbreviations")
    if token in table["titles"]:
        return table["titles"][token]
    if token in table["always"]:
        if token in _WEEKDAY_ABBREVIATIONS and _after_name(m):
            return token  # "the Vancouver Sun.", "the Baltimore Sun"
        return _keep_period(m, table["always"][token])
    if token in ("St.", "St"):
        return _saint_or_street(m)
    states = table["after_comma"]
    if token in states and m.string[max(0, m.start() - 2) : m.start()].strip() == ",":
        return _keep_period(m, states[token])
    inits = data.load("initialisms")["spoken"]
    if token in inits:
        return _keep_period(m, inits[token])
    body = token.rstrip(".")
    letters = body.split(".")
    if len(letters) > 1 and all(len(p) == 1 for p in letters) and body.replace(".", "").isupper():
        return _keep_period(m, " ".join(letters))
    return token


_WEEKDAY_ABBREVIATIONS = frozenset(f"{d[:3]}." for d in WEEKDAYS) | {"Tues.", "Thur.", "Thurs."}


def _after_name(m: re.Match[str]) -> bool:
    """Whether the token follows a capitalised word inside a sentence (part of a name)."""
    prev = word_before(m)
    before = m.string[max(0, m.start() - 3) : m.start()]
    sentence_start = not prev or re.search(r"[.!?\n,]\s*$", before) is not None
    return prev[:1].isupper() and not sentence_start and prev not in data.words("sentence_starters")


def _saint_or_street(m: re.Match[str]) -> str:
    prev = word_before(m)
    before = m.string[max(0, m.start() - 3) : m.start()]
    nxt = word_after(m)
    sentence_start = not prev or re.search(r"[.!?\n]\s*$", before) is not None
    if prev[:1].isupper() and not sentence_start and prev not in ("The", "In", "At", "On", "To"):
        return _keep_period(m, "Street")
    if nxt[:1].isupper():
        return "Saint"
    return _keep_period(m, "Street")


def _plain_abbr(m: re.Match[str]) -> str:
    token = m.group()
    table = data.load("abbreviations")["always"]
    if token in table:
        return table[token]
    return data.load("initialisms")["spoken"].get(token, token)


@cache
def rules() -> dict[str, list[tuple[Any, ...]]]:
    """This class's rules by stage, as (pattern, spoken form[, guard]) rows."""
    before_number = alternation("before_number")
    undotted = alternation("undotted")
    return {
        "before-number": [
            # "No. 10", "pp. 45-67", "Apt. 4B": before the number, its range or its
            # letters are read.
            (
                rf"(?P<abbr>{before_number}) ?(?=[0-9])",
                _unless_after(r"\w.", _number_abbr),
                has_digit,
            ),
        ],
        "abbreviation": [
            # Abbreviations, dotted initialisms, "St." as Saint or Street.
            (
                r"(?<![\w.])(?:et al\.|(?:[A-Za-z]+\.)+|St(?= [A-Z]))",
                _abbreviation,
                Cue(r"\.|S(?=t [A-Z])|e(?=t al\.)", "."),
            ),
            (rf"(?:{undotted})(?![\w/])", _plain_abbr),
        ],
    }
