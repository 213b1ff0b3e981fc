"""English number words (US conventions: no "and", no hyphens) and a num2words bridge."""

from __future__ import annotations

from functools import lru_cache

ONES = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
TENS = ["_", "_", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
SCALES = [
    "_",
    "thousand",
    "million",
    "billion",
    "trillion",
    "quadrillion",
    "quintillion",
    "sextillion",
    "septillion",
    "octillion",
    "nonillion",
    "decillion",
]
DIGITS = ONES[:10]

# Beyond the decillions nobody says the scale words: read such numbers digit by digit.
MAX_SCALED_DIGITS = 3 * len(SCALES)

_ORDINAL_IRREGULAR = {
    "one": "first",
    "two": "second",
    "three": "third",
    "five": "fifth",
    "eight": "eighth",
    "nine": "ninth",
    "twelve": "twelfth",
}


def digits(s: str) -> str:
    """Read a string of ASCII digits one by one ("007" -> "zero zero seven")."""
    return " ".join(DIGITS[ord(c) - 48] for c in s if "0" <= c <= "9")


def _under_thousand(n: int) -> list[str]:
    words: list[str] = []
    hundreds, rest = divmod(n, 100)
    if hundreds:
        words += [ONES[hundreds], "hundred"]
    if rest >= 20:
        tens, ones = divmod(rest, 10)
        words.append(TENS[tens])
        if ones:
            words.append(ONES[ones])
    elif rest or not words:
        words.append(ONES[rest])
    return words


@lru_cache(maxsize=8192)
def cardinal(n: int) -> str:
    """Cardinal words for an integer ("2500" -> "two thousand five hundred")."""
    if n < 0:
        return "minus " + cardinal(-n)
    if n < 20:
        return ONES[n]
    s = str(n)
    if len(s) > MAX_SCALED_DIGITS:
        return digits(s)
    words: list[str] = []
    scale = 0
    groups: list[list[str]] = []
    while n:
        n, group = divmod(n, 1000)
        if group:
            part = _under_thousand(group)
            if scale:
                part.append(SCALES[scale])
            groups.append(part)
        scale += 1
    for part in reversed(groups):
        words += part
    return " ".join(words)


def cardinal_str(s: str) -> str:
    """Cardinal words for a digit string; leading zeros or absurd lengths read digit by digit."""
    s = s.replace(",", "")
    if not s:
        return ""
    if len(s) > 1 and s[0] == "0":
        return digits(s)
    if len(s) > MAX_SCALED_DIGITS:
        return digits(s)
    return cardinal(int(s))


def ordinal_words(words: str) -> str:
    """Turn cardinal words into ordinal words ("twenty one" -> "twenty first")."""
    head, _, last = words.rpartition(" ")
    if last in _ORDINAL_IRREGULAR:
        last = _ORDINAL_IRREGULAR[last]
    elif last.endswith("y"):
        last = last[:-1] + "ieth"
    else:
        last += "th"
    return f"{head} {last}" if head else last


@lru_cache(maxsize=4096)
def ordinal(n: int) -> str:
    """Ordinal words for an integer (21 -> "twenty first")."""
    if len(str(n)) > MAX_SCALED_DIGITS:
        return digits(str(n))
    return ordinal_words(cardinal(n))


def plural_words(words: str) -> str:
    """Pluralise number words for decades ("nineteen ninety" -> "nineteen nineties")."""
    head, _, last = words.rpartition(" ")
    if last.endswith("y"):
        last = last[:-1] + "ies"
    elif last == "six":
        last = "sixes"
    else:
        last += "s"
    return f"{head} {last}" if head else last


@lru_cache(maxsize=4096)
def year(n: int) -> str:
    """Read a year as a newsreader does (1905 "nineteen oh five", 2003 "two thousand three")."""
    if n < 1000 or n > 9999:
        return cardinal(n)
    hi, lo = divmod(n, 100)
    if n % 1000 == 0 or 2000 < n < 2010:
        # 2000 to 2009 and round thousands are read as quantities.
        return cardinal(n)
    if lo == 0:
        return f"{cardinal(hi)} hundred"
    if lo < 10:
        return f"{cardinal(hi)} oh {ONES[lo]}"
    return f"{cardinal(hi)} {cardinal(lo)}"


def decimal(int_part: str, frac_part: str) -> str:
    """Read a decimal: integer part as a cardinal, fraction digit by digit."""
    head = cardinal_str(int_part) if int_part else ""
    tail = f"point {digits(frac_part)}"
    return f"{head} {tail}" if head else tail


@lru_cache(maxsize=8192)
def n2w(n: int | float, lang: str, to: str = "cardinal") -> str:
    """num2words for other languages, cached; falls back to digits on any failure."""
    try:
        from num2words import num2words

        return num2words(n, lang=lang, to=to)
    except Exception:  # num2words raises many types for odd inputs; never propagate
        if to != "cardinal":
            return n2w(n, lang)
        return digits(str(n))
