"""English measures: units after numbers, dimensions, powers, temperatures, fractions of a unit."""

from __future__ import annotations

import re

from .. import data
from ..numbers import (
    ordinal,
)
from .cardinal import _fraction
from .common import _adjective, _counted_after, _keep_period, _num, unit_names


def _power(m: re.Match[str]) -> str:
    a, e = m.group("a", "e")
    value = int(e)
    if value == 2:
        return f"{_num(a)} squared"
    if value == 3:
        return f"{_num(a)} cubed"
    sign = "minus " if value < 0 else ""
    return f"{_num(a)} to the {sign}{ordinal(abs(value))}"


def _glued_degrees(m: re.Match[str]) -> str:
    """ "40C": a temperature written without the degree sign."""
    a, b, u = m.group("a", "b", "u")
    scale = "Celsius" if u == "C" else "Fahrenheit"
    if b:  # "20-30C"
        return f"{_num(a)} to {_num(b)} degrees {scale}"
    return f"{_num(a)} {'degree' if a == '1' else 'degrees'} {scale}"


def _unit(m: re.Match[str]) -> str:
    a, b, hy, u = m.group("a", "b", "hy", "u")
    u = u or m.group("g")
    names = unit_names()
    # "in" alone is a word; only with its period after a number is it inches.
    one, many = names[u] if u in names else data.load("units")["lengths"][u]
    spoken = _num(a)
    if b:
        spoken += f" to {_num(b)}"
    if u == "m" and not hy and not m.group("sc") and _counted_after(m):
        return f"{spoken} million"  # "1.2m people", "3m users": millions, not meters
    if m.group("sc"):  # "100 million kg"
        return f"{spoken} {m.group('sc')} {one if _adjective(m) else many}"
    singular = bool(hy) or (a == "1" and not b) or _adjective(m)
    spoken = f"{spoken} {one if singular else many}"
    # A unit's own period ("12 oz.") ends the sentence only where one ends.
    return _keep_period(m, spoken) if m.group("dot") else spoken


def _by(m: re.Match[str]) -> str:
    """ "2x8", "a 2x4 ft board", "2x8 m2": dimensions, with the unit they share."""
    spoken = f"{_num(m.group('a'))} by {_num(m.group('b'))}"
    u = m.group("u")
    if not u:
        return spoken
    one, many = unit_names()[u]
    return f"{spoken} {one if _adjective(m) else many}"


def _fraction_unit(m: re.Match[str]) -> str:
    """ "2 1/2 lbs" -> "two and a half pounds", "3/4 mi" -> "three quarters of a mile"."""
    one, many = unit_names()[m.group("u")]
    amount = _fraction(m)
    if _adjective(m):
        return f"{amount} {one}"  # "a 1/2 kg bag"
    x, y, b = m.group("x", "y", "b")
    if y or not 0 < int(x) < int(b) <= 100:
        return f"{amount} {many}"
    return f"{amount} of {'an' if one[0] in 'aeiou' else 'a'} {one}"
