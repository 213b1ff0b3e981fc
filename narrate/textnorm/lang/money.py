"""Money: amounts with a currency sign, code or name, and scaled amounts ("5 Mio. €")."""

from __future__ import annotations

import re

from ..text import alternatives
from .context import before as _before
from .german import _german_one
from .priority import Entry, Fn, P
from .reader import Language


def build(lx: Language) -> list[Entry]:
    """The rules of this class for one language, each at its named priority."""
    r = lx.r
    spec = lx.spec
    lang = lx.lang
    dec = lx.dec
    num = lx.num
    currencies = lx.currencies
    currency_alts = lx.currency_alts
    out: list[Entry] = []

    def add(slot: P, entry: tuple[str, Fn]) -> None:
        out.append((slot, *entry))

    def head_noun(name: str) -> str:
        """The word of a currency's name that counts: "dólar estadounidense", "dänische Krone"."""
        return name.split()[-1 if lang == "de" else 0]

    def with_cents(whole: str, cents: str, names: list[str]) -> str:
        """ "2,99": the whole units and the cents, each named ("zwei Euro neunundneunzig Cent")."""
        parts = []
        if int(whole.replace(r.thou, "") or "0"):
            name = names[0] if whole == "1" else names[1]
            parts.append(f"{r.gendered(r.number(whole), head_noun(name))} {name}")
        if int(cents):
            name = names[2] if cents == "01" else names[3]
            parts.append(f"{r.gendered(r.number(cents.lstrip('0')), name)} {name}")
        return " ".join(parts) or f"{r.words(0)} {names[1]}"

    def money(m: re.Match[str]) -> str:
        names = currencies[m.group("cur")]
        one, many = names[:2]
        a = m.group("a")
        whole, sep, cents = a.partition(r.dec)
        if sep and len(cents) == 1:
            cents += "0"
        if sep and len(cents) == 2 and len(names) == 4:
            return with_cents(whole, cents, names)
        name = one if a == "1" else many
        if sep:
            return f"{r.number(a)} {name}"
        if lang == "de" and a == "1":  # "mit einem Euro", "eine dänische Krone"
            return f"{_german_one(spec, _before(m), head_noun(name))} {name}"
        return f"{r.gendered(r.number(a), head_noun(name))} {name}"

    def money_named(m: re.Match[str], cur: str) -> str:
        names = currencies[cur]
        if len(names) < 4:
            return m.group()  # no name for the cents: read as a decimal by the number rule
        whole, _, cents = m.group("a").partition(r.dec)
        return with_cents(whole, cents, names)

    def scaled(m: re.Match[str]) -> str:
        a, sc, cur = m.group("a", "sc", "cur")
        one, many = spec["scales"][sc]
        if a == "1":
            head = {"de": "eine", "es": "un", "fr": "un"}.get(lang, r.number(a))
            spoken = f"{head} {one}"
        else:
            spoken = f"{r.gendered(r.number(a), many)} {many}"
        if cur:
            name = currencies[cur][1]
            of = spec.get("scale_of", "")
            if of == "de" and lang == "fr" and name[:1] in "aeiouéè":
                of = "d'"
            spoken += f" {of} {name}" if of and of != "d'" else (f" d'{name}" if of else f" {name}")
        return spoken

    scales: dict[str, list[str]] = spec.get("scales", {})
    if scales:
        sc = alternatives(scales)
        if currencies:
            add(
                P.SCALED_MONEY,
                (
                    rf"(?<![\w.,])(?P<cur>{currency_alts}) ?(?P<a>{num}) ?(?P<sc>{sc})(?![\w])",
                    scaled,
                ),
            )
        add(
            P.SCALED_MONEY,
            (
                rf"(?<![\w.,])(?P<a>{num}) ?(?P<sc>{sc})(?![\w])(?: ?(?P<cur>{currency_alts}))?",
                scaled,
            ),
        )
    if currencies:
        # A code or abbreviation ("CHF", "ct") ends where a word would: "5 CHFs" is none.
        cur = "|".join(
            re.escape(c) + (r"(?![^\W\d_])" if c[-1].isalpha() else "")
            for c in sorted(currencies, key=len, reverse=True)
        )
        # The sign may follow the amount ("15 €") or precede it ("€15"); a code of letters
        # starts a word too ("MXN 1.500").
        add(P.MONEY, (rf"(?<![\w.,])(?P<a>{num}) ?(?P<cur>{cur})", money))
        add(P.MONEY, (rf"(?<![A-Za-z](?=[A-Z]))(?P<cur>{cur}) ?(?P<a>{num})", money))
        # "2,99 Euro", "1,85 euros": an amount with cents before the currency's name.
        named = {n: c for c, names in currencies.items() for n in names[:2]}
        words = alternatives(named)
        add(
            P.MONEY,
            (
                rf"(?<![\w.,])(?P<a>[0-9]+{dec}[0-9]{{2}}) (?P<word>{words})(?![\w])",
                lambda m: money_named(m, named[m.group("word")]),
            ),
        )
    return out
