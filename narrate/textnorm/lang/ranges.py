"""Ranges: two numbers, years or clock times joined by a dash."""

from __future__ import annotations

import re

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

    def year_range(m: re.Match[str]) -> str:
        a, b = int(m.group("a")), int(m.group("b"))
        return f"{r.words(a, 'year')} {spec['range']} {r.words(b, 'year')}"

    def num_range(m: re.Match[str]) -> str:
        return f"{r.number(m.group('a'))} {spec['range']} {r.number(m.group('b'))}"

    if lang == "de":
        # "vom 12.–14. Juni": "vom 12. bis 14. Juni", read then as a list of ordinals.
        add(
            P.RANGE_GERMAN,
            (
                r"(?<![\w.,/:-])(?P<a>[0-9]{1,2})\. ?[–-] ?(?=[0-9]{1,2}\. [^\W\d_])",
                lambda m: f"{m.group('a')}. {spec['range']} ",
            ),
        )
        # "9–18 Uhr", "9.30-12 Uhr": two clock times, the first without its "Uhr".
        add(
            P.RANGE_GERMAN,
            (
                # With "h" only when minutes say it is a clock time: "2-3 h" are hours.
                r"(?<![\w.,:-])(?P<a>[0-2]?[0-9](?P<am>[:.][0-5][0-9])?) ?[–-] ?"
                r"(?=[0-2]?[0-9](?P<bm>[:.][0-5][0-9])? ?(?:Uhr|(?(am)h|(?(bm)h|(?!))))(?![\w]))",
                lambda m: f"{m.group('a').replace('.', ':')} {spec['range']} ",
            ),
        )
    for entry in [
        (
            r"(?<![\w.,\-])(?P<a>1[0-9]{3}|20[0-9]{2}) ?[-–] ?(?P<b>1[0-9]{3}|20[0-9]{2})(?![\w])",
            year_range,
        ),
        # "2 + 2 - 1 = 3": a hyphen between numbers before an equals sign is a minus.
        (
            rf"(?<![\w.,\-])(?P<a>{num}) ?- ?(?P<b>{num})(?= ?=)",
            lambda m: f"{r.number(m.group('a'))} {spec['minus']} {r.number(m.group('b'))}",
        ),
        (rf"(?<![\w.,\-])(?P<a>{num}) ?[-–] ?(?P<b>{num})(?![\w])", num_range),
    ]:
        add(P.RANGE, entry)
    return out
