"""English telephone numbers, read digit by digit in their groups."""

from __future__ import annotations

import re

from ..numbers import (
    digits,
)


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
