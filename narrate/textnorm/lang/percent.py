"""Percentages and per mille."""

from __future__ import annotations

import re

from .context import before as _before
from .german import _german_one
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

    def percent(m: re.Match[str]) -> str:
        neg = f"{spec['minus']} " if m.group("neg") else ""
        name = spec["permille"] if m.group("pc") == "‰" else spec["percent"]
        if lang == "de" and m.group("a") == "1":  # "um ein Prozent", "bei einem Prozent"
            return f"{neg}{'ein' if neg else _german_one(spec, _before(m), name)} {name}"
        return f"{neg}{r.number(m.group('a'))} {name}"

    pc = "%|‰" if "permille" in spec else "%"
    add(P.PERCENT, (rf"(?P<neg>(?<![\w.,])-)?(?<![\w.,])(?P<a>{num}) ?(?P<pc>{pc})", percent))
    return out
