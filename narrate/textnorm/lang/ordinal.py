"""Ordinals: a number with the language's ending ("1.º", "2e", "3."), the degree sign for one."""

from __future__ import annotations

import re

from .context import after as _after
from .context import before as _before
from .german import _german_dotted
from .priority import Entry, Fn, P
from .reader import Language


def build(lx: Language) -> list[Entry]:
    """The rules of this class for one language, each at its named priority."""
    r = lx.r
    spec = lx.spec
    lang = lx.lang
    thou = lx.thou
    out: list[Entry] = []

    def add(slot: P, entry: tuple[str, Fn]) -> None:
        out.append((slot, *entry))

    def ordinal(m: re.Match[str]) -> str:
        suffix = m.groupdict().get("suf") or ""
        return r.ordinal(r.number_value(m.group("n")), suffix, _before(m), _after(m))

    articles: dict[str, str] = spec.get("ordinal_articles", {})
    suffixes = lx.suffixes
    if suffixes:
        alts = "|".join(re.escape(s) for s in suffixes)
        big = rf"[0-9]{{1,3}}(?:{thou}[0-9]{{3}})+(?![0-9])|[0-9]{{1,6}}"
        add(P.ORDINAL, (rf"(?<![\w.,])(?P<n>{big})(?P<suf>{alts})(?![\w])", ordinal))
    degree_nouns = frozenset(spec.get("degree_ordinal_nouns", ()))
    if degree_nouns:

        def degree_or_ordinal(m: re.Match[str]) -> str:
            """ "el 28° aniversario", "3° lugar": the ordinal sign mistyped; "a 28°": degrees."""
            before, noun = _before(m).lower(), _after(m).lower()
            if before not in spec["degree_ordinal_before"] and noun not in degree_nouns:
                return m.group()  # left to the number and the symbol: "veintiocho grados"
            suffix = "a" if "feminine" in articles.get(before, "") else ""
            return r.ordinal(int(m.group("n")), suffix, before, noun)

        add(P.ORDINAL, (r"(?<![\w.,])(?P<n>[0-9]{1,3})°(?! ?[CF]\b)(?![\w])", degree_or_ordinal))
    if lang == "de":
        # German writes ordinals with a full stop ("der 3. Oktober", "zum 5. Mal"), which
        # is also how a sentence ending in a number looks ("Es waren 5. Die Polizei kam").
        add(
            P.ORDINAL,
            (
                r"(?<![\w.,])(?P<n>[0-9]{1,3}(?:\.[0-9]{3})+|[0-9]{1,7})\.(?![\w.]|,[0-9])",
                lambda m: _german_dotted(r, m),
            ),
        )
    return out
