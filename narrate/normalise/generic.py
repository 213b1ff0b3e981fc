"""Rules for languages other than English: numbers, years, ordinals, percentages, money.

A language is a data file (``data/<code>.toml``) naming its separators and a few words;
the numbers themselves come from num2words.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from typing import Any

from . import data
from .numbers import n2w
from .text import safe

Rule = tuple[re.Pattern[str], Callable[[re.Match[str]], str]]


@cache
def has_rules(lang: str) -> bool:
    """Whether ``lang`` has a shipped data file."""
    return (data.DATA_DIR / f"{lang}.toml").is_file() and lang != "en"


def _spec(lang: str) -> dict[str, Any]:
    if has_rules(lang):
        return data.load(lang)
    # A language num2words knows but we ship no words for: numbers still get read.
    return {
        "decimal_separator": ".",
        "thousands_separator": ",",
        "percent": "%",
        "minus": n2w(-1, lang).replace(n2w(1, lang), "").strip() or "-",
        "range": "-",
        "ordinal_suffixes": [],
        "year_before": [],
        "currencies": {},
        "symbols": {},
    }


class _Reader:
    """Reads numbers written with one language's separators."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.spec = _spec(lang)
        self.dec = self.spec["decimal_separator"]
        self.thou = self.spec["thousands_separator"]
        self.year_words = frozenset(w.lower() for w in self.spec["year_before"])

    def words(self, value: int | float, to: str = "cardinal") -> str:
        out = n2w(value, self.lang, to)
        return out

    def number(self, s: str) -> str:
        """Read "1.234,5" (or "1,234.5") according to the language's separators."""
        if self.thou in (" ", "\u202f"):
            s = s.replace(" ", "").replace("\u202f", "")
        else:
            s = s.replace(self.thou, "")
        whole, sep, frac = s.partition(self.dec)
        if len(whole) > 36:
            return self.digits(whole + frac)
        if sep and frac:
            if "point" not in self.spec:
                # No word for the decimal point shipped: num2words knows it.
                return self.words(float(f"{whole or '0'}.{frac}"))
            head = self.words(int(whole or "0"))
            tail = " ".join(self.words(int(c)) for c in frac)
            return f"{head} {self.spec['point']} {tail}"
        if len(whole) > 1 and whole.startswith("0"):
            return self.digits(whole)
        return self.words(int(whole))

    def digits(self, s: str) -> str:
        return " ".join(self.words(int(c)) for c in s if c.isdigit())


@cache
def rules(lang: str) -> list[Rule]:
    """The ordered rules for a language read through num2words."""
    r = _Reader(lang)
    spec = r.spec
    thou = re.escape(r.thou) if r.thou != " " else "[ \u202f]"
    dec = re.escape(r.dec)
    num = rf"(?:[0-9]{{1,3}}(?:{thou}[0-9]{{3}})+(?![0-9])|[0-9]+)(?:{dec}[0-9]+)?"
    suffixes = sorted(spec["ordinal_suffixes"], key=len, reverse=True)
    currencies: dict[str, list[str]] = spec["currencies"]
    symbols: dict[str, str] = spec["symbols"]

    def percent(m: re.Match[str]) -> str:
        return f"{r.number(m.group('a'))} {spec['percent']}"

    def money(m: re.Match[str]) -> str:
        one, many = currencies[m.group("cur")]
        a = m.group("a")
        return f"{r.number(a)} {one if a == '1' else many}"

    def ordinal(m: re.Match[str]) -> str:
        return r.words(int(m.group("n")), "ordinal")

    def year_range(m: re.Match[str]) -> str:
        a, b = int(m.group("a")), int(m.group("b"))
        return f"{r.words(a, 'year')} {spec['range']} {r.words(b, 'year')}"

    def num_range(m: re.Match[str]) -> str:
        return f"{r.number(m.group('a'))} {spec['range']} {r.number(m.group('b'))}"

    def number(m: re.Match[str]) -> str:
        n = m.group("n")
        if m.group("neg"):
            return f"{spec['minus']} {r.number(n)}"
        if len(n) == 4 and n.isdigit() and 1000 <= int(n) <= 2099:
            # Read as a year; for quantities the reading is the same or still natural.
            return r.words(int(n), "year")
        return r.number(n)

    def digits(m: re.Match[str]) -> str:
        return f" {r.digits(m.group())} "

    table: list[tuple[str, Callable[[re.Match[str]], str]]] = [
        (rf"(?<![\w.,])(?P<a>{num}) ?%", percent),
    ]
    if currencies:
        cur = "|".join(re.escape(c) for c in sorted(currencies, key=len, reverse=True))
        # The sign may follow the amount ("15 €") or precede it ("€15").
        table.append((rf"(?<![\w.,])(?P<a>{num}) ?(?P<cur>{cur})", money))
        table.append((rf"(?P<cur>{cur}) ?(?P<a>{num})", money))
    if suffixes:
        alts = "|".join(re.escape(s) for s in suffixes)
        table.append((rf"(?<![\w.,])(?P<n>[0-9]{{1,6}})(?:{alts})(?![\w])", ordinal))
    if lang == "de":
        # German writes ordinals with a period: "der 3. Oktober", "zum 5. Mal".
        table.append((r"(?<![\w.,])(?P<n>[0-9]{1,3})\.(?= [^\W\d_])", ordinal))
    table += [
        (
            r"(?<![\w.,\-])(?P<a>1[0-9]{3}|20[0-9]{2}) ?[-–] ?(?P<b>1[0-9]{3}|20[0-9]{2})(?![\w])",
            year_range,
        ),
        (rf"(?<![\w.,\-])(?P<a>{num}) ?[-–] ?(?P<b>{num})(?![\w])", num_range),
        (rf"(?P<neg>(?<![\w.,])-)?(?<![\w.,])(?P<n>{num})", number),
    ]
    if symbols:
        sym = "|".join(re.escape(s) for s in sorted(symbols, key=len, reverse=True))
        table.append((sym, lambda m: f" {symbols[m.group()]} "))
    table += [
        (r"[–—]|(?<!\w)-+(?!\w)", lambda m: ", "),
        (r"[(\[{]", lambda m: ", "),
        (r"[)\]}]", lambda m: ", "),
        (r"[0-9]+", digits),
    ]
    return [(re.compile(p), safe(fn)) for p, fn in table]
