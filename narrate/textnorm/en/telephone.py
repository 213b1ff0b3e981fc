"""English telephone numbers, read digit by digit in their groups."""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from ..numbers import (
    digits,
)
from ..text import Cue
from .common import has_digit


def _phone(m: re.Match[str]) -> str:
    groups = [g for g in re.split(r"[^0-9+]+", m.group()) if g]
    spoken = []
    for g in groups:
        if g.startswith("+"):
            spoken.append("plus " + digits(g))
        else:
            spoken.append(digits(g))
    return ", ".join(spoken)


def _phone_local(m: re.Match[str]) -> str:
    s = m.group()
    if len(s) == 8 and s[0] in "01":
        return s  # "123-4567" is no local number; the range rule reads it
    return _phone(m)


@cache
def rules() -> dict[str, list[tuple[Any, ...]]]:
    """This class's rules by stage, as (pattern, spoken form[, guard]) rows."""
    return {
        "telephone": [
            # Phone numbers, digit by digit in groups.
            # "(123) 456-7890", "(123)-456-7890", "+1 (123) 456-7890", "+1(123) 456-7890".
            (
                r"\+(?<![\w+]\+)[0-9]{1,3}(?:[ .\-]\(?[0-9]{1,4}\)?|\([0-9]{1,4}\)){2,5}(?![0-9])",
                _phone,
                has_digit,
            ),
            (r"\((?<![\w+]\()[0-9]{3}\)[ \-]?[0-9]{3}[ .\-][0-9]{4}(?![0-9])", _phone, has_digit),
            # Local numbers, with an extension ("555-123-4567-1111"); social security numbers.
            (
                r"[0-9](?<![\w+.,\-][0-9])(?:[ .\-][0-9]{3}[.\-][0-9]{3}[.\-][0-9]{4}"
                r"|[0-9]{2}[.\-][0-9]{3}[.\-][0-9]{4}(?:-[0-9]{1,5}(?![0-9\-]))?"
                r"|[0-9]{2} [0-9]{3} [0-9]{4}(?![0-9.,]|[ .\-][0-9])"
                r"|[0-9]{2}-[0-9]{2}-[0-9]{4}(?![\-.][0-9])|[0-9]{2}-[0-9]{4}(?!-))(?![0-9])",
                _phone_local,
                has_digit,
            ),
            # "ext. 89" after a phone number: an extension, digit by digit.
            (
                r"(?<![\w.])ext\.? ?(?P<n>[0-9]{1,6})(?![\w])",
                lambda m: f"extension {digits(m.group('n'))}",
                Cue(r"e(?=xt)", ""),
            ),
        ],
    }
