"""English cardinals, ordinals, fractions, ranges and the numbers left after every other class."""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from .. import data
from ..numbers import (
    cardinal,
    cardinal_str,
    decimal,
    digits,
    ordinal,
    plural_words,
    year,
)
from .abbreviation import _hash_number
from .address import _POSTAL_BEFORE, _STREET_AHEAD, _STREET_KINDS, house_number
from .common import (
    FRAC,
    NUM,
    W_D,
    W_DC,
    W_DCC,
    W_DCH,
    _context_sets,
    _counted_after,
    _first,
    _int_re,
    _num,
    _num_re,
    _scale_word,
    _unless_after,
    alternation,
    has_digit,
    model_number,
    word_after,
    word_before,
)
from .date import MONTHS


def _ratio(m: re.Match[str]) -> str:
    return f"{cardinal_str(m.group('a'))} to {cardinal_str(m.group('b'))}"


def _scaled(m: re.Match[str]) -> str:
    return f"{_num(m.group('a'))} {_scale_word(m.group('scale').lstrip())}"


def _ordinal(m: re.Match[str]) -> str:
    n = m.group("n").replace(",", "")
    if len(n) > 36:
        return digits(n)
    return ordinal(int(n))


def _fixed(m: re.Match[str]) -> str:
    return data.load("special")["fixed"][m.group()]


_DENOMS = {2: ("half", "halves"), 4: ("quarter", "quarters")}


def fraction(num: int, den: int) -> str:
    """Read a fraction ("3/4" -> "three quarters")."""
    if den in _DENOMS:
        one, many = _DENOMS[den]
    else:
        one = ordinal(den)
        many = plural_words(one)
    return f"{cardinal(num)} {one if num == 1 else many}"


def _fraction(m: re.Match[str]) -> str:
    x, y, b = m.group("x", "y", "b")
    whole, a = (x, y) if y else (None, x)
    if len(a) > 4 or len(b) > 4:
        return f"{cardinal_str(a)} over {cardinal_str(b)}"
    if whole:
        return _mixed_fraction(whole, int(a), int(b))
    return _simple_fraction(a, b)


def _mixed_fraction(whole: str, num: int, den: int) -> str:
    """ "2 1/2" -> "two and a half", "3 1/4" -> "three and a quarter"."""
    head = cardinal_str(whole)
    if den in (2, 4) and num < den:
        if den == 2:
            return f"{head} and a half"
        return f"{head} and {'a quarter' if num == 1 else fraction(num, den)}"
    if den in (0, 1) or den > 100:
        return f"{head} and {cardinal(num)} over {cardinal(den)}"
    return f"{head} and {fraction(num, den)}"


def _simple_fraction(a: str, b: str) -> str:
    """ "3/4", "2019/20" (a season), "3/15" (a date), "1/0" (over)."""
    num, den = int(a), int(b)
    if 1000 <= num <= 2099 and (len(b) == 2 or (len(b) == 4 and den == num + 1)):
        # Seasons and fiscal years: "2019/20".
        return f"{year(num)} to {year(den) if len(b) == 4 else cardinal(den)}"
    if len(a) > 1 and a[0] == "0" or len(b) > 1 and b[0] == "0":
        return f"{digits(a)} slash {digits(b)}"
    if den == 0 or den == 1 or den > 100 or num > 1000:
        return f"{cardinal_str(a)} over {cardinal_str(b)}"
    if 1 <= num <= 12 and 12 < den <= 31:
        # "3/15" in running text is a date, not fifteenths.
        return f"{MONTHS[num - 1]} {ordinal(den)}"
    return fraction(num, den)


def _range(m: re.Match[str]) -> str:
    a, b = m.group("a", "b")
    if "," not in a + b and "." not in a + b:
        x, y = int(a), int(b)
        if len(a) == 4 and 1000 <= x <= 2099:
            if len(b) == 4 and x < y <= 2099:
                return f"{year(x)} to {year(y)}"
            if len(b) == 2 and y > x % 100:
                return f"{year(x)} to {cardinal(y) if y >= 10 else 'oh ' + cardinal(y)}"
            if len(b) == 2 and 1 <= y <= 12 and m.group().count("-") == 1 and " " not in m.group():
                return f"{MONTHS[y - 1]} {year(x)}"  # "2020-12": a year and month, as ISO writes
        if x == y:
            return f"{_num(a)} {_num(b)}"
    return f"{_num(a)} to {_num(b)}"


def _is_year(m: re.Match[str], n: str) -> bool:
    value = int(n)
    if not 1000 <= value <= 2099:
        return False
    prev = word_before(m)
    if prev == "minus":
        return False
    if prev in data.words("year_words") or prev.lower() in data.words("year_words"):
        return True
    return not _counted_after(m)


def _special_number(m: re.Match[str], n: str) -> str | None:
    """Numbers read as names rather than quantities: models, street numbers, ZIP codes."""
    sets = _context_sets()
    if len(n) == 5 and (
        word_before(m) in sets["zip_before"]
        or _POSTAL_BEFORE.search(m.string, max(0, m.start() - 16), m.start())
    ):
        return digits(n)
    if len(n) in (3, 4) and (word_after(m) in _ERAS or word_before(m) in _ERAS):
        return model_number(n)  # "476 AD" is four seventy six A D
    if len(n) not in (3, 4):
        return None
    if word_before(m) in sets["makers"] or word_after(m) in sets["model_after"]:
        return model_number(n)
    street = _STREET_AHEAD.match(m.string, m.end(), m.end() + 40)
    if street and any(
        w in sets["streets"] or w.rstrip(".") in sets["streets"] or w.rstrip(".") in _STREET_KINDS
        for w in street.group().split()[1:]
    ):
        return house_number(n)
    return None


_LONGEST_QUANTITY = 15
_ERAS = frozenset({"AD", "BC", "BCE", "CE", "A", "B"})  # "A" and "B": "A.D.", "B.C."


def _number(m: re.Match[str]) -> str:
    n, frac = m.group("n", "f")
    if frac is None and "," not in n:
        special = _special_number(m, n)
        if special:
            return special
    if frac is None and "," not in n and len(n) == 4 and _is_year(m, n):
        return year(int(n))
    if frac is None and "," not in n and len(n) > _LONGEST_QUANTITY:
        # Sixteen digits and more, unseparated, are an identifier (a card or account
        # number), never a quantity a newsreader would say in quadrillions.
        return digits(n)
    return decimal(n.replace(",", ""), frac) if frac is not None else cardinal_str(n)


def _point(m: re.Match[str]) -> str:
    # After a word the point was a decimal one whose whole part a rule read already
    # ("PM2.5", "GPT-4.5"): never a full stop, which a speech engine would pause at.
    return f" point {digits(m.group(1))}"


def _digits_fallback(m: re.Match[str]) -> str:
    return f" {digits(m.group())} "


# --- the rule table ---------------------------------------------------------------------


@cache
def rules() -> dict[str, list[tuple[Any, ...]]]:
    """This class's rules by stage, as (pattern, spoken form[, guard]) rows."""
    fixed = alternation("fixed")
    return {
        "ratio": [
            (rf"(?P<a>{_first(W_DCC)}[0-9]*):(?P<b>[0-9]+)(?![0-9:])", _ratio, has_digit),
        ],
        "sign": [
            # "1-2=5": a hyphen between numbers before an equals sign is a minus.
            (
                rf"(?P<a>{_num_re(W_DC)}) ?- ?(?P<b>{NUM})(?= ?=)",
                lambda m: f"{_num(m.group('a'))} minus {_num(m.group('b'))}",
                has_digit,
            ),
            # A minus sign: a hyphen before a number that does not close a word or a range.
            # "-$5", "-£20": a minus before a currency sign too.
            (
                r"-(?=(?:[$£€¥₹₩]|US\$)?\.?[0-9])(?<![\w.,)\]%\-^]-)(?<![0-9] -)",
                lambda m: "minus ",
                has_digit,
            ),
        ],
        "fixed": [
            # Fixed forms such as 24/7 and 50-50 before fractions and ranges read them.
            (rf"(?:{fixed})(?![\w/]|-[0-9])", _unless_after(r"\w/.\-", _fixed), has_digit),
        ],
        "ordinal": [
            # Ordinals, decades, fractions; "1/4th" is a fraction, not "one slash fourth".
            (rf"{FRAC}(?:st|nd|rd|th|ST|ND|RD|TH)(?![\w/])", _fraction, has_digit),
            (rf"(?P<n>{_int_re(W_DC)})(?:st|nd|rd|th|ST|ND|RD|TH)(?![\w])", _ordinal, has_digit),
        ],
        "fraction": [
            (rf"{FRAC}(?![\w/])", _fraction, has_digit),
        ],
        "range": [
            # Ranges and scores.
            (rf"(?P<a>{_num_re(W_DCH)}) ?(?:-|–) ?(?P<b>{NUM})(?![\w\-])", _range, has_digit),
        ],
        "number": [
            (r"#(?=[0-9])", _hash_number, has_digit),
            # Remaining numbers.
            (rf"(?P<n>{_int_re(W_D)})(?:\.(?P<f>[0-9]+))?", _number, has_digit),
            (r"\.(?<![0-9_.]\.)([0-9]+)", _point, has_digit),
            # Whatever digits are left (glued to other symbols) are read one by one.
            (r"[0-9]+", _digits_fallback, has_digit),
        ],
    }
