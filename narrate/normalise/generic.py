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
from .english import ROMAN as _ROMAN
from .english import roman_value as _roman_value
from .numbers import n2w
from .text import safe

Rule = tuple[re.Pattern[str], Callable[[re.Match[str]], str]]


@cache
def has_rules(lang: str) -> bool:
    """Whether ``lang`` has a shipped data file."""
    return (data.DATA_DIR / f"{lang}.toml").is_file() and lang != "en"


_FEMININE_NAMES = frozenset(
    "Isabel Isabelle Isabella Elizabeth Elisabeth Isabel María Maria Marie Mary Juana Jeanne "
    "Catalina Catherine Victoria Ana Anne Margarita Marguerite Cristina Christine".split()
)
_WORD_BEFORE = re.compile(r"([^\W\d_][\w'-]*)[ ]$")
_WORD_AFTER = re.compile(r" ([^\W\d_][\w'-]*)")


def _before(m: re.Match[str]) -> str:
    w = _WORD_BEFORE.search(m.string, max(0, m.start() - 24), m.start())
    return w.group(1) if w else ""


def _after(m: re.Match[str]) -> str:
    w = _WORD_AFTER.match(m.string, m.end())
    return w.group(1) if w else ""


def _sentence_ends(m: re.Match[str]) -> bool:
    rest = m.string[m.end() : m.end() + 3].lstrip(" ")
    return not rest or rest[0] == "\n" or rest[0].isupper()


@cache
def _regnal_names() -> frozenset[str]:
    names = data.load("roman")["regnal"]["names"]
    return frozenset(n.split()[-1] for n in names)


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

    def gendered(self, spoken: str, noun: str) -> str:
        """Agree number words with the noun that follows ("quinientas personas")."""
        feminine = noun in self.spec.get("feminine", ())
        masculine = noun in self.spec.get("masculine", ())
        if self.lang == "es":
            # Only what counts the noun agrees: "doscientos millones de personas" stays.
            head, sep, tail = spoken.rpartition("millones" if "millones" in spoken else "millón")
            if feminine:
                tail = re.sub(r"ientos\b", "ientas", tail)
                tail = re.sub(r"(?:\b|(?<=veinti))uno$", "una", tail)
            elif masculine:
                tail = re.sub(r"veintiuno$", "veintiún", tail)
                tail = re.sub(r"\buno$", "un", tail)
            return head + sep + tail
        if self.lang == "fr" and feminine:
            return re.sub(r"\bun$", "une", spoken)
        return spoken

    def ordinal(self, n: int, suffix: str, before: str, noun: str) -> str:
        """An ordinal in the gender its suffix or noun gives, in the case its article asks."""
        out = self.words(n, "ordinal")
        if self.lang == "es":
            if "ª" in suffix or suffix.endswith("a") or noun in self.spec["feminine"]:
                return re.sub(r"o\b", "a", out)
            if suffix.endswith("er") or (noun and noun != "de" and noun.isalpha()):
                # "primer lugar", "vigésimo primer aniversario"; "el primero de mayo" stays.
                return re.sub(r"(prim|terc)ero$", r"\1er", out)
        if self.lang == "fr" and (suffix in ("re", "ère") or noun in self.spec["feminine"]):
            return re.sub(r"premier$", "première", out).replace("second", "seconde")
        if self.lang == "de" and before in self.spec.get("dative_before", ()):
            return out + "n"
        return out


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
        suffix = m.groupdict().get("suf") or ""
        return r.ordinal(int(m.group("n")), suffix, _before(m), _after(m))

    def clock(m: re.Match[str]) -> str:
        h, mi = int(m.group("h")), int(m.group("mi") or 0)
        if h > 24 or mi > 59:
            return m.group()
        hour = r.words(h)
        if h == 1:
            hour = {"es": "una", "fr": "une", "de": "ein"}.get(lang, hour)
        minutes = ""
        if mi:
            minutes = r.words(mi)
            if mi < 10 and spec.get("minute_zero"):
                minutes = f"{spec['minute_zero']} {minutes}"
        word = spec.get("hour_one" if h == 1 else "hour_many", "")
        tail = m.group("w") or ""
        if lang == "es" or not word:
            return " ".join(x for x in (hour, minutes, tail) if x)
        return " ".join(x for x in (hour, word, minutes) if x)

    def score(m: re.Match[str]) -> str:
        return f"{r.number(m.group('a'))} {spec['score']} {r.number(m.group('b'))}"

    def roman(m: re.Match[str]) -> str:
        numeral, suffix, dot = m.group("r", "suf", "dot")
        if not _ROMAN.fullmatch(numeral):
            return m.group()
        value = _roman_value(numeral)
        prev = _before(m)
        if suffix:  # "XXIe siècle", "Ier"
            return r.ordinal(value, suffix, prev, _after(m))
        if prev.lower() in spec.get("century_words", ()):
            return r.words(value) + (dot or "")
        regnal = prev in _regnal_names() or (
            len(numeral) > 1 and set(numeral) <= set("IVX") and prev[:1].isupper()
        )
        if not regnal or not prev[1:].islower() and prev not in _regnal_names():
            return m.group()
        end = "." if dot and _sentence_ends(m) else ""
        if lang == "de":
            return f"der {r.words(value, 'ordinal').capitalize()}{end}"
        if value <= spec.get("regnal_ordinal_max", 0):
            spoken = r.words(value, "ordinal")
            if lang == "fr" and prev in _FEMININE_NAMES:
                spoken = spoken.replace("premier", "première")
            if lang == "es" and prev in _FEMININE_NAMES:
                spoken = re.sub(r"o\b", "a", spoken)
            return spoken + end + ("" if lang == "de" or not dot else "")
        return r.words(value) + end

    def scaled(m: re.Match[str]) -> str:
        a, sc, cur = m.group("a", "sc", "cur")
        one, many = spec["scales"][sc]
        if a == "1":
            head = {"de": "eine", "es": "un", "fr": "un"}.get(lang, r.number(a))
            spoken = f"{head} {one}"
        else:
            spoken = f"{r.number(a)} {many}"
        if cur:
            name = currencies[cur][1]
            of = spec.get("scale_of", "")
            if of == "de" and lang == "fr" and name[:1] in "aeiouéè":
                of = "d'"
            spoken += f" {of} {name}" if of and of != "d'" else (f" d'{name}" if of else f" {name}")
        return spoken

    def year_range(m: re.Match[str]) -> str:
        a, b = int(m.group("a")), int(m.group("b"))
        return f"{r.words(a, 'year')} {spec['range']} {r.words(b, 'year')}"

    def num_range(m: re.Match[str]) -> str:
        return f"{r.number(m.group('a'))} {spec['range']} {r.number(m.group('b'))}"

    def number(m: re.Match[str]) -> str:
        n = m.group("n")
        if m.group("neg"):
            return f"{spec['minus']} {r.number(n)}"
        noun = _after(m)
        if noun in spec.get("feminine", ()) or noun in spec.get("masculine", ()):
            return r.gendered(r.number(n), noun)
        if len(n) == 4 and n.isdigit() and 1000 <= int(n) <= 2099:
            # Read as a year; for quantities the reading is the same or still natural.
            return r.words(int(n), "year")
        return r.number(n)

    def digits(m: re.Match[str]) -> str:
        return f" {r.digits(m.group())} "

    table: list[tuple[str, Callable[[re.Match[str]], str]]] = []
    scales: dict[str, list[str]] = spec.get("scales", {})
    if scales:
        sc = "|".join(re.escape(k) for k in sorted(scales, key=len, reverse=True))
        cur_any = "|".join(re.escape(c) for c in sorted(currencies, key=len, reverse=True))
        table.append(
            (
                rf"(?<![\w.,])(?P<a>{num}) ?(?P<sc>{sc})(?![\w])(?: ?(?P<cur>{cur_any}))?",
                scaled,
            )
        )
    if "score" in spec:
        # "2:1" is a score; "14:30" (two-digit minutes) a clock time.
        table.append((r"(?<![\w.,:])(?P<a>[0-9]{1,2}):(?P<b>[0-9])(?![\w:]|[.,][0-9])", score))
        hour_words = "Uhr|horas|hrs\\.|h"
        sep = "[:.]" if lang == "de" else ":"
        table.append(
            (
                rf"(?<![\w.,:])(?P<h>[0-2]?[0-9]){sep}(?P<mi>[0-5][0-9])(?![\w:]|[.,][0-9])"
                rf"(?: ?(?P<w>{hour_words})(?![\w]))?",
                clock,
            )
        )
        if lang == "de":
            table.append(
                (
                    r"(?<![\w.,:])(?P<h>[0-2]?[0-9]) Uhr(?: (?P<mi>[0-5][0-9]))?(?P<w>)(?![\w])",
                    clock,
                )
            )
        if lang == "fr":
            table.append(
                (r"(?<![\w.,:])(?P<h>[0-2]?[0-9]) ?h ?(?P<mi>[0-5][0-9])?(?P<w>)(?![\w])", clock)
            )
        table.append(
            (
                r"(?<![\w.])(?P<r>[IVXLCDM]+)(?P<suf>(?<=[IVX])(?:er|re|ère|e|ème))?"
                r"(?P<dot>\.(?= ))?(?![\w])",
                roman,
            )
        )
    table.append((rf"(?<![\w.,])(?P<a>{num}) ?%", percent))
    if currencies:
        cur = "|".join(re.escape(c) for c in sorted(currencies, key=len, reverse=True))
        # The sign may follow the amount ("15 €") or precede it ("€15").
        table.append((rf"(?<![\w.,])(?P<a>{num}) ?(?P<cur>{cur})", money))
        table.append((rf"(?P<cur>{cur}) ?(?P<a>{num})", money))
    if suffixes:
        alts = "|".join(re.escape(s) for s in suffixes)
        table.append((rf"(?<![\w.,])(?P<n>[0-9]{{1,6}})(?P<suf>{alts})(?![\w])", ordinal))
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
