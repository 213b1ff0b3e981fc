"""Measures: a number and a unit, ranges and dimensions of them, units per unit."""

from __future__ import annotations

import re

from ..text import alternatives
from .context import after as _after
from .context import before as _before
from .german import _DE_NUMBER_WORD, _DE_ONE_WORDS, _german_one, _stop_ends
from .priority import Entry, Fn, P
from .reader import Language

# A full stop written after a unit inside a sentence ("3 kg. y", "12 km. lang"): a word in
# lower case follows, so no sentence ends there, and the stop goes with the unit.
_STOP_INSIDE = r"(?:(?<![.])\.(?= [a-zß-öø-ÿ]))?"


def build(lx: Language) -> list[Entry]:
    """The rules of this class for one language, each at its named priority."""
    r = lx.r
    spec = lx.spec
    lang = lx.lang
    num = lx.num
    units = lx.units
    currencies = lx.currencies
    unit_alts = lx.unit_alts
    currency_alts = lx.currency_alts
    out: list[Entry] = []

    def add(slot: P, entry: tuple[str, Fn]) -> None:
        out.append((slot, *entry))

    not_unit: dict[str, str] = spec.get("unit_not_before", {})

    def unit(m: re.Match[str]) -> str:
        if m.group("u") in not_unit and re.fullmatch(not_unit[m.group("u")], _after(m)):
            return m.group()  # "el 1 ha ganado": the verb, not hectares
        one, many = units[m.group("u")]
        a, sc = m.group("a", "sc")
        neg = f"{spec['minus']} " if m.group("neg") else ""
        if sc:
            of = " de" if lang == "es" else ""
            if lang == "de" and a == "1":  # "1 Mio. t": "eine Million Tonnen"
                return f"{neg}eine {spec['scales'][sc][0]} {many}"
            return f"{neg}{r.number(a)} {spec['scales'][sc][1]}{of} {many}"
        # "nach 10 Min.": a full stop that also ends the sentence stays.
        stop = "." if m.group("u").endswith(".") and _stop_ends(m) else ""
        name = one if a == "1" else many
        if r.dec in a:
            return f"{neg}{r.number(a)} {name}{stop}"
        if lang == "de" and a == "1" and not neg:  # "bei einer Kilowattstunde"
            return f"{_german_one(spec, _before(m), name.split()[0])} {name}{stop}"
        return f"{neg}{r.gendered(r.number(a), name.split()[0])} {name}{stop}"

    def worded_unit(m: re.Match[str]) -> str:
        """ "fünf km": the written number kept, the unit said in the number it asks."""
        w, sc, u = m.group("w", "sc", "u")
        if not _DE_NUMBER_WORD.fullmatch(w):
            return m.group()
        # "zwei Komma eins Mio.": the last figure of a decimal counts nothing alone.
        one = w.lower() in _DE_ONE_WORDS and _before(m) != spec["point"]
        out = [w]
        if sc:
            out.append(spec["scales"][sc][0 if one else 1])
            one = False
        if u:
            out.append(units[u][0 if one else 1])
        # "zehn Mio.", "nach zwei Std.": a full stop that also ends the sentence stays.
        stop = "." if m.group().endswith(".") and _stop_ends(m) else ""
        return " ".join(out) + stop

    if lang == "de" and units:
        scales_in = spec.get("scales", {})
        sc = alternatives(scales_in)
        # "5-10 kg", "1-2 km", "5-10 €": "fünf bis zehn", "ein bis zwei Kilometer"; the
        # unit is read with the second number. Before the unit's rule takes the second.
        add(
            P.MEASURE_RANGE,
            (
                rf"(?P<neg>(?<![\w.,])-)?(?<![\w.,/:-])(?P<a>{num}) ?[–-] ?"
                rf"(?=[-−+]?{num} ?(?:(?:{sc}) )?(?:{unit_alts}|{currency_alts})(?![\w/]))",
                lambda m: (
                    f"{spec['minus'] + ' ' if m.group('neg') else ''}"
                    f"{r.gendered(r.number(m.group('a')), '')} {spec['range']} "
                ),
            ),
        )
        # "2 x 3 m", "20 × 30 cm", "4x100 m": dimensions and relays, "mal".
        add(
            P.MEASURE_RANGE,
            (
                rf"(?<![\w.,])(?P<a>{num}) ?[x×] ?(?={num}(?![\w]))",
                lambda m: f"{m.group('a')} mal ",
            ),
        )
        # "pro kg", "je m²": a unit without a number, per one of it.
        add(
            P.MEASURE_RANGE,
            (
                rf"(?<![\w])(?P<p>pro|je) (?P<u>{unit_alts})(?![\w/])",
                lambda m: f"{m.group('p')} {units[m.group('u')][0]}",
            ),
        )
        # "fünf km", "zehn Mio. t": a unit after a number written as a word. Units of
        # one letter are left ("ein m" is more likely a letter than a metre).
        word_un = alternatives(u for u in units if len(u) > 1)
        # Only the short scales ("Mio."): "Millionen" is already said as it is written.
        short = alternatives(k for k in scales_in if k not in scales_in[k])
        add(
            P.MEASURE_RANGE,
            (
                rf"(?<![\w.,-])(?P<w>[^\W\d_]+)(?= (?:{short}|{word_un})(?![\w/]))"
                rf"(?: (?P<sc>{short}))?"
                rf"(?: (?P<u>(?(sc)(?:{unit_alts})|(?:{word_un})))(?![\w/]))?",
                worded_unit,
            ),
        )
    if lang == "de" and units:
        # "2 €/kg", "25 m/s": a unit or currency after a number, per another unit.
        each = alternatives([*units, *currencies])
        add(
            P.PER_UNIT,
            (
                rf"(?:(?<=[0-9])|(?<=[0-9] ))(?P<x>{each})/(?:(?P<n>[0-9]+) ?)?"
                rf"(?P<per>{unit_alts})(?![\w/])",
                # "6,5 l/100 km": per a hundred of the unit.
                lambda m: (
                    f"{m.group('x')} pro "
                    + (
                        f"{r.number(m.group('n'))} {units[m.group('per')][1]}"
                        if m.group("n")
                        else units[m.group("per")][0]
                    )
                ),
            ),
        )
    scales: dict[str, list[str]] = spec.get("scales", {})
    if scales:
        sc = alternatives(scales)
        if units:
            add(
                P.SCALED_UNIT,
                (
                    rf"(?P<neg>(?<![\w.,])-)?(?<![\w.,])(?!0[0-9] ?h\b)(?P<a>{num})"
                    rf"(?: (?P<sc>{sc}))? ?(?P<u>{unit_alts})(?![\w/]){_STOP_INSIDE}",
                    unit,
                ),
            )
    return out
