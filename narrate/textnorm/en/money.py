"""English money: currencies before and after amounts, cents, scales, prices as adjectives."""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from .. import data
from ..numbers import (
    cardinal,
    cardinal_str,
    decimal,
)
from .common import (
    NUM,
    RNG,
    W_DC,
    _adjective,
    _currencies,
    _num,
    _num_re,
    _scale_word,
    _unless_after,
    alternation,
    has_digit,
    model_number,
)


def _money_amount(amount: str, names: list[str]) -> str:
    """An amount without scale word: dollars and cents."""
    amount = amount.replace(",", "")
    whole, _, frac = amount.partition(".")
    one, many, minor_one, minor_many = names
    if len(frac) > 2 and not frac[2:].strip("0"):
        frac = frac[:2]  # "$2.000", "$20.010": zeros after the cents add nothing
    if len(frac) > 2:
        return f"{decimal(whole, frac)} {many}"
    cents = int(frac.ljust(2, "0")) if frac else 0
    units = int(whole) if whole else 0
    if len(whole) > 15:
        return f"{cardinal_str(whole)} {many}"
    parts = []
    if units or not cents:
        parts.append(f"{cardinal(units)} {one if units == 1 else many}")
    if cents:
        parts.append(f"{cardinal(cents)} {minor_one if cents == 1 else minor_many}")
    return " and ".join(parts)


def _money(m: re.Match[str]) -> str:
    cur, a, b = m.group("cur", "a", "b")
    # Two scale groups: glued suffixes ("20m") need no space, words ("20 million") may.
    scale = m.group("scale") or m.group("scale2")
    names = _currencies()[cur]
    scale_w = _scale_word(scale)
    # "a $1.5 billion deal": the currency is an adjective, said in the singular.
    unit = names[0] if _adjective(m) else names[1]
    s1 = _scale_word(m.group("s1"))
    if s1 and not b:
        raise ValueError(a)  # the look-ahead promised a range
    if s1 and s1 != scale_w:  # "$500m-$1.2bn": each end has its own scale
        return f"{_num(a)} {s1} to {_num(b)} {scale_w} {unit}".replace("  ", " ")
    if scale_w:
        first = _num(a)
        second = f" to {_num(b)}" if b else ""
        return f"{first}{second} {scale_w} {unit}"
    if b:
        if "." in a + b:  # "$5.50-$7.25": each side in dollars and cents
            return f"{_money_amount(a, names)} to {_money_amount(b, names)}"
        return f"{_num(a)} to {_num(b)} {unit}"
    if unit == names[0] and "." not in a:
        return f"{_num(a)} {unit}"
    if unit == names[0]:  # "a $1.99 burger": a one dollar ninety nine cent burger
        return _money_adjective(a, names)
    return _money_amount(a, names)


def _money_adjective(amount: str, names: list[str]) -> str:
    whole, _, frac = amount.replace(",", "").partition(".")
    if len(frac) != 2:
        return _money_amount(amount, names)
    cents = int(frac)
    head = f"{cardinal(int(whole or 0))} {names[0]}" if whole.strip("0") else ""
    tail = f"{cardinal(cents)} {names[2]}" if cents else ""
    return " ".join(p for p in (head, tail) if p) or f"zero {names[0]}"


_RESOLUTIONS = frozenset({"240", "360", "480", "576", "720", "1080", "1440", "2160", "4320"})


def _resolution(m: re.Match[str]) -> str:
    n = m.group("n")
    if n not in _RESOLUTIONS:
        return m.group()  # "50p", "100i": read by the other rules
    return f"{model_number(n)} {m.group('s')}"


def _money_suffix(m: re.Match[str]) -> str:
    a, cur = m.group("a", "cur")
    names = data.load("currencies")["suffix"][cur]
    if cur in ("p", "¢"):
        return f"{_num(a)} {names[0] if a == '1' else names[1]}"
    return _money_amount(a, names)


def _percent(m: re.Match[str]) -> str:
    a, b = m.group("a", "b")
    spoken = _num(a)
    if b:
        spoken += f" to {_num(b)}"
    return f"{spoken} percent"


@cache
def rules() -> dict[str, list[tuple[Any, ...]]]:
    """This class's rules by stage, as (pattern, spoken form[, guard]) rows."""
    scale_alts = alternation("scale")
    cur_alts = alternation("currency")
    suffix_alts = alternation("suffix")
    return {
        "money": [
            # Money. Look-behinds are checked in the rule so the scan can skip ahead fast.
            (
                rf"(?P<cur>{cur_alts}) ?(?P<a>{NUM}|\.[0-9]+)"
                rf"(?:(?P<s1>{scale_alts})(?= ?(?:-|–|to) ?(?:{cur_alts})? ?[0-9]))?"
                rf"(?: ?(?:-|–|to) ?(?:{cur_alts})? ?(?P<b>{NUM}))?"
                r"(?: ?-?(?P<scale>(?i:million|billion|trillion|thousand|crores?|lakhs?))"
                rf"| ?(?P<scale2>{scale_alts}))?"
                r"(?![\w])",
                _unless_after(r"\w$£€¥₹", _money),
                has_digit,
            ),
            # Video resolutions: "1080p" is "ten eighty p", never pence.
            (
                r"(?P<n>[1-9](?<![\w.,][1-9])[0-9]{2,3})(?P<s>[pi])(?![\w])",
                _resolution,
                has_digit,
            ),
            (rf"(?P<a>{_num_re(W_DC)}) ?(?P<cur>{suffix_alts})(?![\w])", _money_suffix, has_digit),
        ],
        "percent": [
            # Percentages.
            (
                rf"(?P<a>{_num_re(W_DC)}){RNG} ?(?:%|per ?cent(?![\w]))",
                _percent,
                has_digit,
            ),
        ],
    }
