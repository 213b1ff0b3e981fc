"""English measures: units after numbers, dimensions, powers, temperatures, fractions of a unit."""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from .. import data
from ..numbers import (
    cardinal_str,
    ordinal,
)
from .cardinal import _fraction, _scaled
from .common import (
    FRAC,
    NUM,
    W_DC,
    W_SDC,
    _adjective,
    _counted_after,
    _keep_period,
    _num,
    _num_re,
    _scale_word,
    alternation,
    has_digit,
    unit_names,
)


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


@cache
def rules() -> dict[str, list[tuple[Any, ...]]]:
    """This class's rules by stage, as (pattern, spoken form[, guard]) rows."""
    unit_alts = alternation("unit")
    return {
        "measure": [
            # "6 ft 2 in": feet and inches.
            (
                r"(?P<f>[0-9](?<![\w.,][0-9])[0-9]*) ?ft\.? (?P<i>[0-9]{1,2}) ?in\.?(?![\w])",
                lambda m: (
                    f"{cardinal_str(m.group('f'))} {'foot' if m.group('f') == '1' else 'feet'} "
                    f"{cardinal_str(m.group('i'))} {'inch' if m.group('i') == '1' else 'inches'}"
                ),
                has_digit,
            ),
            # "6'2\"": a height in feet and inches.
            (
                r"(?P<f>[0-9](?<![\w.,][0-9]))(?:'|′)(?P<i>[0-9]{1,2})(?:\"|″|'')(?![\w])",
                lambda m: f"{cardinal_str(m.group('f'))} foot {cardinal_str(m.group('i'))}",
                has_digit,
            ),
            # "l/100km": a slash before a measured quantity is "per".
            (
                rf"/(?<=[A-Za-z]/)(?=[0-9][0-9.,]* ?(?:{unit_alts})(?![\w]))",
                lambda m: " per ",
            ),
            # "kg/m3": a power glued to a unit after a slash.
            (
                r"/(?P<u>m|cm|mm|km|ft|in|yd|mi)(?P<p>[23])(?![\w])",
                lambda m: f"/{m.group('u')}{'²' if m.group('p') == '2' else '³'}",
                has_digit,
            ),
            # "2x8", "4.4x", "10^6", "40C".
            (
                rf"(?P<a>{_num_re(W_DC)})x(?P<b>{NUM})(?![\w.^])(?: (?P<u>{unit_alts})(?![\w²³]))?",
                _by,
                has_digit,
            ),
            (  # "4 x 6 ft": spaced dimensions are a size only with their unit
                rf"(?P<a>{_num_re(W_DC)}) [x×] (?P<b>{NUM}) ?(?P<u>{unit_alts})(?![\w²³])",
                _by,
                has_digit,
            ),
            (  # scientific notation: "6 x 10^23"
                rf"(?P<a>{_num_re(W_DC)}) ?[x×] ?(?=[0-9]+\^)",
                lambda m: f"{_num(m.group('a'))} times ",
                has_digit,
            ),
            (
                rf"(?P<a>{_num_re(W_DC)})x(?![\w])",
                lambda m: f"{_num(m.group('a'))} times",
                has_digit,
            ),
            (rf"(?P<a>{_num_re(W_DC)})\^(?P<e>-?[0-9]{{1,3}})(?![0-9])", _power, has_digit),
            (
                rf"(?P<a>{_num_re(W_DC)})(?: ?(?:-|–) ?(?P<b>{NUM}))?(?P<u>[CF])(?![\w])",
                _glued_degrees,
                has_digit,
            ),
            # Units.
            (rf"{FRAC} ?(?P<u>{unit_alts})(?![\w²³])", _fraction_unit, has_digit),
            (
                rf"(?P<a>{_num_re(W_SDC)})(?: ?(?:-|–|to) ?(?P<b>{NUM}))?"
                r"(?: (?P<sc>thousand|million|billion|trillion))?"
                rf"(?:(?P<hy>-)| ?)(?P<u>{unit_alts})(?![\w²³])(?P<dot>\.(?![\w.]))?",
                _unit,
                has_digit,
            ),
            # "4 in. of rain", "a 65-in. TV", "a 14in screen": "in" with its period, or glued
            # to a number, is inches.
            (
                rf"(?P<a>{_num_re(W_SDC)})(?: ?(?:-|–|to) ?(?P<b>{NUM}))?(?P<sc>(?!))?"
                r"(?:(?:(?P<hy>-)| )(?P<u>in)(?P<dot>\.)(?![\w.]| [0-9])|(?P<g>in)(?![\w]))",
                _unit,
                has_digit,
            ),
            (
                rf"(?P<a>{_num_re(W_DC)})(?P<s1>bn|tn|mn|k)? ?(?:-|–) ?(?P<b>{NUM})"
                r"(?P<scale>bn|tn|mn|k)(?![\w])",
                lambda m: (
                    f"{_num(m.group('a'))} {_scale_word(m.group('s1'))} to "
                    f"{_num(m.group('b'))} {_scale_word(m.group('scale'))}"
                ),
                has_digit,
            ),
            (rf"(?P<a>{_num_re(W_DC)})(?P<scale>k| ?(?:bn|tn|mn))(?![\w])", _scaled, has_digit),
        ],
    }
