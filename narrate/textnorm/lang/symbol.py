"""Symbols, lower-case initialisms, and what is left: dashes, brackets, stray figures."""

from __future__ import annotations

import re

from ..text import alternatives
from .priority import Entry, Fn, P
from .reader import Language


def build(lx: Language) -> list[Entry]:
    """The rules of this class for one language, each at its named priority."""
    r = lx.r
    spec = lx.spec
    out: list[Entry] = []

    def add(slot: P, entry: tuple[str, Fn]) -> None:
        out.append((slot, *entry))

    def digits(m: re.Match[str]) -> str:
        return f" {r.digits(m.group())} "

    symbols = lx.symbols
    spelled: list[str] = spec.get("spelled_lowercase", [])
    if spelled:
        # Whole words only, and never inside an address ("www.ip.com", "ip@x.es").
        alts = alternatives(spelled)
        add(P.SPELLED, (rf"(?<![\w.@/-])(?:{alts})(?![\w@/-]|\.\w)", lambda m: " ".join(m.group())))
    if symbols:
        sym = alternatives(symbols)
        add(P.SYMBOL, (sym, lambda m: f" {symbols[m.group()]} "))
    for entry in [
        (r"[–—]|(?<!\w)-+(?!\w)", lambda m: ", "),
        (r"[(\[{]", lambda m: ", "),
        (r"[)\]}]", lambda m: ", "),
        (r"[0-9]+", digits),
    ]:
        add(P.CLEANUP, entry)
    return out
