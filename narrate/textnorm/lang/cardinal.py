"""Cardinal numbers, agreeing with the noun they count, and figures joined by full stops."""

from __future__ import annotations

import re
from collections.abc import Callable

from .context import after as _after
from .context import before as _before
from .german import _DE_OPENERS, _german_one
from .priority import Entry, Fn, P
from .reader import Language


def build(lx: Language) -> list[Entry]:
    """The rules of this class for one language, each at its named priority."""
    r = lx.r
    spec = lx.spec
    lang = lx.lang
    num = lx.num
    out: list[Entry] = []

    def add(slot: P, entry: tuple[str, Fn]) -> None:
        out.append((slot, *entry))

    def number(m: re.Match[str]) -> str:
        n = m.group("n")
        if m.group("neg"):
            return f"{spec['minus']} {r.number(n)}"
        noun = _after(m)
        if lang == "de" and n == "1" and noun[:1].isupper() and noun not in _DE_OPENERS:
            # Before a noun "eins" takes the article's form: "ein Jahr", "eine Stunde", and
            # after a preposition that takes the dative "seit einem Jahr", "mit einer Stimme".
            return _german_one(spec, _before(m), noun)
        if r.counts(noun):
            return r.gendered(r.number(n), noun)
        if len(n) == 4 and n.isdigit() and 1000 <= int(n) <= 2099:
            # Read as a year; for quantities the reading is the same or still natural.
            return r.words(int(n), "year")
        return r.number(n)

    def glued(read: Callable[[re.Match[str]], str]) -> Callable[[re.Match[str]], str]:
        """A number glued to the letters after it ("5G", "12a") is read apart from them."""
        return lambda m: read(m) + (" " if m.string[m.end() : m.end() + 1].isalpha() else "")

    if lang == "de":
        # "Abschnitt 2.3", "Version 2.3.1": figures joined by full stops that are neither
        # thousands nor a date are read with "Punkt".
        add(
            P.DOTTED_NUMBER,
            (
                r"(?<![\w.,])(?![0-9]{1,3}(?:\.[0-9]{3})+(?![\w]|\.[0-9]))"
                r"[0-9]{1,9}(?:\.[0-9]{1,9})+(?![\w]|\.[0-9])",
                lambda m: f" {spec['dot']} ".join(r.number(g) for g in m.group().split(".")),
            ),
        )
    add(P.CARDINAL, (rf"(?P<neg>(?<![\w.,])-)?(?<![\w.,])(?P<n>{num})", glued(number)))
    return out
