"""Fractions: "3/4", a whole and a fraction, a fraction of a unit."""

from __future__ import annotations

import re

from ..text import alternatives
from .context import after as _after
from .context import before as _before
from .german import _german_half
from .priority import Entry, Fn, P
from .reader import _UNACCENTED, Language


def build(lx: Language) -> list[Entry]:
    """The rules of this class for one language, each at its named priority."""
    r = lx.r
    spec = lx.spec
    lang = lx.lang
    thou = lx.thou
    units = lx.units
    months = lx.months
    unit_alts = lx.unit_alts
    out: list[Entry] = []

    def add(slot: P, entry: tuple[str, Fn]) -> None:
        out.append((slot, *entry))

    fraction_names: dict[str, list[str]] = spec.get("fraction_names", {})

    def denominator(b: int, plural: bool) -> str:
        if str(b) in fraction_names:
            return fraction_names[str(b)][plural]
        if lang == "de":
            out = r.words(b, "ordinal") + "l"
        elif lang == "es" and 11 <= b <= 99 and spec.get("fraction_avo"):
            out = r.words(b).translate(_UNACCENTED).replace(" y ", "i")
            out = re.sub(r"uno$", "un", out)
            out = out[:-1] if out.endswith("a") else out
            out += "avo"
        elif lang == "es" and not (b <= 10 or b % 100 == 0 and (b <= 1000 or b % 1000 == 0)):
            return ""
        else:
            out = r.spanish_ordinal(b) if lang == "es" else r.words(b, "ordinal")
        return out + ("s" if plural and lang != "de" else "")

    def head_of(m: re.Match[str], a: int) -> str:
        """The numerator: "un" for one, nothing when an article counts it ("el 1/4 de final")."""
        if a != 1:
            return r.words(a)
        if not m.group("w") and _before(m).lower() in date_before:
            return ""  # the article counts it: "el 1/4 de final", "le quart de finale"
        return {"es": "un", "fr": "un", "de": "ein"}.get(lang, r.words(a))

    def spanish_noun(m: re.Match[str], a: int, b: int, head: str) -> str | None:
        """ "las tres cuartas partes", "media taza": a fraction agreeing with its noun."""
        noun = _after(m).lower()
        if lang != "es" or m.group("w") or m.group("u") or not noun:
            return None
        if noun in ("parte", "partes"):
            # "las tres cuartas partes", "la tercera parte": an ordinal agreeing with parte.
            den = denominator(b, a != 1).replace("tercio", "tercero")
            head = "una" if head == "un" else head
            if a == 1 and _before(m).lower() in ("la", "esa", "esta", "cada", "una"):
                head = ""  # "la 1/3 parte": the article counts it
            den = re.sub(r"o(s?)$", r"a\1", den)
            return " ".join(f"{head} {den}".split())
        if a == 1 and b == 2 and noun not in ("de", "del"):
            feminine = noun in spec["feminine"] or (
                noun not in spec["masculine"] and noun.endswith(tuple(spec["feminine_endings"]))
            )
            return "media" if feminine else "medio"  # "media taza", "medio kilo"
        return None

    def with_whole(w: str, a: int, b: int, spoken: str) -> str:
        """A whole number before the fraction: "dos y medio", "zweieinhalb"."""
        if a == 1 and b == 2 and lang == "de":
            return f"{r.gendered(r.words(int(w)), '')}einhalb"
        if a == 1 and b == 2:  # "un et demi", "dos y medio"
            spoken = fraction_names["2"][0]
        return f"{r.words(int(w))} {spec.get('fraction_and', '')} {spoken}"

    def with_unit(m: re.Match[str], spoken: str, a: int, b: int) -> str:
        """The fraction of a unit: "tres cuartos de kilo", "ein halber Liter", "3/4 miles"."""
        w, neg = m.group("w"), f"{spec['minus']} " if m.group("neg") else ""
        one, many = units[m.group("u")]
        noun, _, rest = one.partition(" ")
        if lang == "es" and a == 1 and b == 2:  # "un metro y medio", "media milla"
            half = "media" if noun in spec["feminine"] else "medio"
            if not w:
                return f"{neg}{half} {one}"
            head = r.gendered(r.words(int(w)), noun)
            if w != "1":  # "dos kilómetros y medio"
                noun, _, rest = many.partition(" ")
            return neg + " ".join(f"{head} {noun} y {half} {rest}".split())
        if lang == "es":
            if w:
                spoken = spoken.replace(r.words(int(w)), r.gendered(r.words(int(w)), noun), 1)
            spoken += f" de {one}"
        elif lang == "de" and a == 1 and b == 2 and not w:
            return f"{neg}{_german_half(spec, _before(m), noun)} {one}"
        else:
            spoken += f" {many if w or a > 1 else one}"
        return neg + " ".join(spoken.split())

    def fraction(m: re.Match[str]) -> str:
        w, a, b = m.group("w"), int(m.group("a")), int(r.number_value(m.group("b")))
        if not b:
            return m.group()
        neg = f"{spec['minus']} " if m.group("neg") else ""
        den = denominator(b, a != 1)
        if not den:
            spoken = f"{r.words(a)} {spec['fraction_over']} {r.number(m.group('b'))}"
        else:
            head = head_of(m, a)
            agreed = spanish_noun(m, a, b, head)
            if agreed is not None:
                return neg + agreed
            spoken = f"{head} {den}"
        if m.groupdict().get("hn"):
            return neg + mixed_half(int(w), m.group("hn"))
        if w:
            spoken = with_whole(w, a, b, spoken)
        if m.group("u"):
            return with_unit(m, spoken, a, b)
        return neg + " ".join(spoken.split())

    gendered_nouns = frozenset(spec.get("feminine", ())) | frozenset(spec.get("masculine", ()))

    def mixed_half(w: int, noun: str) -> str:
        """ "2 1/2 horas": "dos horas y media"; "1 1/2 tazas": "una taza y media"."""
        if w == 1:  # the noun counts one: "un año y medio", however it was written
            stems = (noun[:-1], noun[:-2], noun[:-4] + "ón", noun[:-3] + "z")  # millones, veces
            noun = next((x for x in stems if x in gendered_nouns), noun)
        half = "media" if noun in spec["feminine"] else "medio"
        return f"{r.gendered(r.words(w), noun)} {noun} y {half}"

    date_before = frozenset(spec.get("date_before", ()))
    if "fraction_names" in spec:
        big = rf"[0-9]{{1,3}}(?:{thou}[0-9]{{3}})+|[0-9]{{1,7}}"
        month_next = rf"(?! (?:{'|'.join(months)}))" if months else ""
        # A whole and a half before a noun of known gender: "dos horas y media" (es only).
        half_nouns = alternatives(gendered_nouns) or "(?!)"
        half = rf"|(?(w)(?<= 1/2) (?P<hn>{half_nouns})(?![\w])|(?!))" if lang == "es" else ""
        add(
            P.FRACTION,
            (
                rf"(?P<neg>(?<![\w.,])-)?(?<![\w.,/])(?:(?P<w>[0-9]{{1,3}})  ?)?"
                rf"(?P<a>[0-9]{{1,3}})/"
                rf"(?P<b>{big})(?![\w/]|[.,][0-9]){month_next}"
                rf"(?: ?(?P<u>{unit_alts})(?![\w/]){half})?",
                fraction,
            ),
        )
    return out
