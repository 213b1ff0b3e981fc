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
from .lang.context import after as _after
from .lang.context import before as _before
from .lang.context import openers
from .lang.context import sentence_ends as _sentence_ends
from .lang.spec import Rule
from .lang.spec import has_rules as has_rules  # the question core asks
from .lang.spec import spec as spec_for
from .numbers import n2w
from .text import alternatives, safe

_ES_ONE_BEFORE_SCALE = re.compile(r"(?:(veinti)|\b)uno(?= (?:mil|millones|billones|trillones)\b)")
_FEMININE_NAMES = frozenset(
    "Isabel Isabelle Isabella Elizabeth Elisabeth Isabel María Maria Marie Mary Juana Jeanne "
    "Catalina Catherine Victoria Ana Anne Margarita Marguerite Cristina Christine".split()
)


def _keeps_stop(m: re.Match[str]) -> str:
    """ "." when an abbreviation's full stop also ends a sentence that more text follows."""
    ends = m.group().endswith(".") and m.string[m.end() :].strip() and _sentence_ends(m)
    return "." if ends else ""


@cache
def _regnal_names() -> frozenset[str]:
    names = data.load("roman")["regnal"]["names"]
    return frozenset(n.split()[-1] for n in names)


class _Reader:
    """Reads numbers written with one language's separators."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.spec = spec_for(lang)
        self.dec = self.spec["decimal_separator"]
        self.thou = self.spec["thousands_separator"]
        self.year_words = frozenset(w.lower() for w in self.spec["year_before"])

    def words(self, value: int | float, to: str = "cardinal") -> str:
        out = n2w(value, self.lang, to)
        if self.lang == "es" and to == "cardinal":
            # "veintiún mil", "treinta y un mil": "uno" before "mil" or a scale word shortens.
            out = _ES_ONE_BEFORE_SCALE.sub(lambda m: "veintiún" if m.group(1) else "un", out)
        return out

    def number_value(self, s: str) -> int:
        return int(s.replace(self.thou, "").replace(" ", ""))

    def number(self, s: str) -> str:
        """Read "1.234,5" (or "1,234.5") according to the language's separators."""
        s = s.replace(" ", "").replace("\u202f", "")
        if self.thou not in (" ", "\u202f"):
            s = s.replace(self.thou, "")
        whole, sep, frac = s.partition(self.dec)
        if len(whole) > 36:
            return self.digits(whole + frac)
        if sep and frac:
            if "point" not in self.spec:
                # No word for the decimal point shipped: num2words knows it.
                return self.words(float(f"{whole or '0'}.{frac}"))
            head = self.words(int(whole or "0"))
            return f"{head} {self.spec['point']} {self.fraction_part(frac)}"
        if len(whole) > 1 and whole.startswith("0"):
            return self.digits(whole)
        return self.words(int(whole))

    def fraction_part(self, frac: str) -> str:
        """The figures after the decimal point: one by one, or grouped as the language says."""
        if not self.spec.get("decimal_grouped") or len(frac) > 36:
            return " ".join(self.words(int(c)) for c in frac)
        # Up to three figures as one number ("ciento treinta y dos", "cero cinco"), longer
        # ones in pairs ("catorce quince", "veinticuatro cero cero").
        groups = [frac[i : i + 2] for i in range(0, len(frac), 2)] if len(frac) > 3 else [frac]
        words = []
        for g in groups:
            rest = g.lstrip("0")
            words += [self.words(0)] * (len(g) - len(rest))
            if rest:
                words.append(self.words(int(rest)))
        return " ".join(words)

    def digits(self, s: str) -> str:
        return " ".join(self.words(int(c)) for c in s if c.isdigit())

    def feminine(self, noun: str) -> bool:
        """Whether a noun is feminine: listed, or by its ending when not listed masculine."""
        if noun in self.spec.get("feminine", ()):
            return True
        if noun in self.spec.get("masculine", ()) or not noun[:1].islower():
            return False
        low = noun.lower()
        return low.endswith(tuple(self.spec.get("feminine_endings", ()))) and not low.endswith(
            tuple(self.spec.get("masculine_endings", ()))
        )

    def counts(self, noun: str) -> bool:
        """Whether the word after a number is a noun it counts ("31 jugadores"; not "1 de 3")."""
        if noun in self.spec.get("feminine", ()) or noun in self.spec.get("masculine", ()):
            return True
        not_noun = self.spec.get("number_not_noun", ())
        return bool(not_noun) and noun[:1].islower() and noun.lower() not in not_noun

    def gendered(self, spoken: str, noun: str) -> str:
        """Agree number words with the noun that follows ("quinientas personas")."""
        feminine = self.feminine(noun)
        masculine = not feminine and (
            noun in self.spec.get("masculine", ()) or self.lang == "es" and self.counts(noun)
        )
        if self.lang == "es":
            # Only what counts the noun agrees: "doscientos millones de personas" stays.
            head, sep, tail = spoken.rpartition("millones" if "millones" in spoken else "millón")
            if f" {self.spec.get('point')} " in tail:
                # Around the decimal comma "uno" stays ("dos coma uno millones", "veintiuno
                # coma uno toneladas"); only the hundreds agree.
                if feminine:
                    tail = re.sub(r"ientos\b", "ientas", tail)
                return head + sep + tail
            if feminine:
                tail = re.sub(r"ientos\b", "ientas", tail)
                tail = re.sub(r"(?:\b|(?<=veinti))uno$", "una", tail)
            elif masculine:
                tail = re.sub(r"veintiuno$", "veintiún", tail)
                tail = re.sub(r"\buno$", "un", tail)
            return head + sep + tail
        if self.lang == "fr" and feminine:
            return re.sub(r"\bun$", "une", spoken)
        if self.lang == "de" and spoken.endswith("eins") and spoken[:-4] in ("", "hundert"):
            return spoken[:-1] + ("e" if feminine else "")
        return spoken

    def spanish_ordinal(self, n: int) -> str:
        """num2words' ordinal in the Real Academia's spelling ("decimotercero", "vigesimoctavo")."""
        if n >= 10**9:
            # num2words counts these on the short scale ("billonésimo" for a thousand
            # million); Spanish counts the long one: "milmillonésimo", "billonésimo".
            high, low = divmod(n, 10**6)
            head = re.sub(r"^un ", "", self.words(high * 10**6))
            head = re.sub(r"(?:ón|ones)$", "onésimo", head).replace(" ", "")
            head = head[:-8].translate(_UNACCENTED) + head[-8:]
            return f"{head} {self.spanish_ordinal(low)}" if low else head
        out = self.words(n, "ordinal")
        for wrong, right in self.spec.get("ordinal_spelling", {}).items():
            out = out.replace(wrong, right)
        if 13 <= n % 100 <= 19 or 21 <= n % 100 <= 29:
            out = re.sub(r"\b(déc|vigés)imo (\w+)$", lambda m: _fused(m), out)
        return out

    def german_ordinal(self, n: int, before: str, noun: str) -> str:
        """The ending the word before asks: "am dritten", "seit erstem", "dritter Oktober"."""
        # A round ordinal without "ein", as the round hundred and thousand are said:
        # "hunderttausendste" (num2words: "einhunderttausendste").
        out = re.sub(r"^ein(?=(?:hundert|tausend)+ste$)", "", self.words(n, "ordinal"))
        low = before.lower()
        if low in self.spec["ordinal_weak_en"]:
            return out + "n"
        if low == "der" and noun in self.spec["feminine"]:
            return out + "n"  # "in der zweiten Runde": "der" before a feminine noun is dative
        if low in self.spec["ordinal_weak_e"]:
            return out
        if low in self.spec["ordinal_strong_dative"]:
            return out + ("r" if noun in self.spec["feminine"] else "m")
        stem = next((d for d in self.spec["ordinal_determiners"] if low.startswith(d)), "")
        if stem and low[len(stem) :] in ("e", "em", "en", "er", "es"):
            return out + ("" if low[len(stem) :] == "e" else "n")
        if low in self.spec["ordinal_strong_accusative"]:
            if noun in self.spec["feminine"]:
                return out
            return out + ("s" if noun in self.spec["neuter"] else "n")
        if noun in self.spec["feminine"]:
            return out  # "zweite Liga", "seine zweite Liga"
        return out + ("s" if noun in self.spec["neuter"] else "r")  # "dritter", "sein fünftes"

    def ordinal(self, n: int, suffix: str, before: str, noun: str) -> str:
        """An ordinal in the gender its suffix or noun gives, in the case its article asks."""
        if self.lang == "de" and "ordinal_weak_en" in self.spec:
            if suffix:  # "2ten", "3tes", "20ster": the written ending says the case
                return self.german_ordinal(n, "", "")[:-2] + suffix.lstrip("st")
            return self.german_ordinal(n, before, noun)
        out = self.spanish_ordinal(n) if self.lang == "es" else self.words(n, "ordinal")
        plural = len(suffix) > 1 and suffix.endswith("s")  # "los 1.os", "les 2es"
        if plural:
            suffix = suffix[:-1]
        if self.lang == "es" and plural:
            feminine = "ª" in suffix or suffix.endswith("a")
            return re.sub(r"o\b", "as" if feminine else "os", out)
        if self.lang == "fr" and plural:
            if suffix in ("re", "ère"):
                out = re.sub(r"premier$", "première", out)
            return (out.replace("second", "seconde") if suffix == "nde" else out) + "s"
        if self.lang == "es":
            if "ª" in suffix or suffix.endswith("a") or noun in self.spec["feminine"]:
                return re.sub(r"o\b", "a", out)
            before_noun = noun.isalpha() and noun.lower() not in self.spec["ordinal_not_noun"]
            if suffix.endswith(("er", "ᵉʳ")) or before_noun:
                # "primer lugar", "vigésimo primer aniversario"; "el primero de mayo" and
                # "el tercero en llegar" stay.
                return re.sub(r"(prim|terc)ero$", r"\1er", out)
            return out
        if self.lang == "fr" and (suffix in ("re", "ère") or noun in self.spec["feminine"]):
            return re.sub(r"premier$", "première", out).replace("second", "seconde")
        if self.lang == "de" and before in self.spec.get("dative_before", ()):
            return out + "n"
        return out


def _fused(m: re.Match[str]) -> str:
    head = "decimo" if m.group(1) == "déc" else "vigesimo"
    tail = m.group(2)
    return head + (tail[1:] if tail.startswith("o") else tail)


# Prepositions that always take the dative: "seit einem Jahr", "mit einem Tor".
_DE_DATIVE = frozenset("seit mit nach von aus bei zu gegenüber".split())
# Endings only feminine nouns have ("eine Meinung", "eine Mehrheit").
_DE_FEMININE_ENDINGS = ("ung", "heit", "keit", "schaft", "tät", "ion")
# Words that open a German sentence but are not nouns (data: de.toml, sentence_openers).
_DE_OPENERS = openers("de")
# "am 3. und 4. Oktober", "vom 1. bis 3. Mai", "am 3., 4. und 5. Mai": the ordinals of a
# list take their ending from the word before the first and their gender from the noun
# after the last.
_DE_LIST_BEFORE = re.compile(
    r"([^\W\d_][\w'-]*) [0-9][0-9.]*\.(?:,? [0-9][0-9.]*\.)*(?:,| und| oder| bis| sowie) $"
)
_DE_LIST_AFTER = re.compile(r"(?:(?:,| und| oder| bis| sowie) [0-9][0-9.]*\.)* ([^\W\d_][\w'-]*)")


def _german_one(spec: dict[str, Any], before: str, noun: str) -> str:
    """ "1" before a noun in the article's form: "ein Jahr", "eine Stunde", "seit einem Jahr"."""
    feminine = noun in spec.get("feminine", ()) or noun.endswith(_DE_FEMININE_ENDINGS)
    low = before.lower()
    if low in _DE_DATIVE:
        return "einer" if feminine else "einem"
    if feminine:
        return "eine"
    # A masculine noun is accusative after "für", "um", "durch" ("für einen Liter"), and a
    # span of time after a verb ("er wartete einen Monat").
    span = noun in spec.get("masculine_time", ()) and low[:1].islower()
    span = span and low not in spec.get("copulas", ())  # "es war ein Tag wie jeder andere"
    masculine = noun in spec.get("masculine", ()) or noun in spec.get("masculine_time", ())
    if masculine and (low in spec.get("ordinal_strong_accusative", ()) or span):
        return "einen"
    return "ein"


# A number written as a word ("zwei", "fünfundzwanzig", "eineinhalb", "zwölftausend").
_DE_NUMBER_WORD = re.compile(
    r"(?i:(?!und)(?:ein|zwei|drei|vier|fünf|sechs|sech|sieben|sieb|acht|neun|zehn|elf|zwölf"
    r"|zwanzig|zig|ßig|hundert|tausend|und|halb)+(?:e[mnrs]?|s)?|anderthalb)"
)
_DE_ONE_WORDS = frozenset("ein eine einem einen einer eines eins".split())


def _stop_ends(m: re.Match[str]) -> bool:
    """Whether an abbreviation's full stop also ends the sentence: "nach 10 Min. Pause" not."""
    rest = m.string[m.end() : m.end() + 3].lstrip(" ")
    return not rest or rest[0] == "\n" or _after(m) in _DE_OPENERS


def _german_half(spec: dict[str, Any], before: str, noun: str) -> str:
    """ "1/2" before a noun: "ein halber Liter", "eine halbe Stunde", "mit einem halben Liter"."""
    one = _german_one(spec, before, noun)
    if one in ("einem", "einer"):
        return f"{one} halben"
    if one == "eine":
        return "eine halbe"
    return "ein halbes" if noun in spec["neuter"] else "ein halber"


def _german_dotted(r: _Reader, m: re.Match[str]) -> str:
    """ "2." as an ordinal when the context says so ("zum 3. Mal"), else left to be a number."""
    spec, text = r.spec, m.string
    n = r.number_value(m.group("n"))
    listed = _DE_LIST_BEFORE.search(text, max(0, m.start() - 80), m.start())
    before = listed.group(1) if listed else _before(m)
    word = _after(m)
    following = _DE_LIST_AFTER.match(text[m.end() : m.end() + 80])
    noun = following.group(1) if following else word
    low = before.lower()
    determiner = any(
        low.startswith(d) and low[len(d) :] in ("", "e", "em", "en", "er", "es")
        for d in spec["ordinal_determiners"]
    )
    # A bare preposition governs a month ("seit 1. Mai") but is no sign before another noun:
    # "Der Kurs fiel um 3. Anleger reagierten nervös" is a sentence ending on a number.
    governed = low in spec["ordinal_weak_en"] or low in spec["ordinal_weak_e"] or determiner
    # Slices of bounded length, so a text full of "N." stays linear.
    rest = text[m.end() : m.end() + 2]
    spoken = r.german_ordinal(n, before, noun)
    alone = m.start() <= 64 and len(text) - m.end() <= 64
    if alone and not text[: m.start()].strip() and not text[m.end() :].strip():
        return spoken  # "2." alone, as in a list of places or a table: an ordinal
    if rest.startswith(",") or rest.startswith(" ") and word[:1].islower():
        return spoken  # no sentence ends before a comma or a lower-case word
    if rest.startswith(" ") and (
        word in spec["months"] or word and word not in _DE_OPENERS and (governed or not before)
    ):
        return spoken  # "3. Oktober", "der 2. Platz", "3. Liga"; not "Es waren 5. Die Polizei"
    if _sentence_ends(m) and low in spec["ordinal_weak_en"]:
        return spoken + "."  # "Wir treffen uns am 3." ends on an ordinal
    return m.group()  # a number at the end of a sentence: "Es waren 5."


# A full stop written after a unit inside a sentence ("3 kg. y", "12 km. lang"): a word in
# lower case follows, so no sentence ends there, and the stop goes with the unit.
_STOP_INSIDE = r"(?:(?<![.])\.(?= [a-zß-öø-ÿ]))?"

_UNACCENTED = str.maketrans("áéíóú", "aeiou")


@cache
def rules(lang: str) -> list[Rule]:
    """The ordered rules for a language read through num2words."""
    r = _Reader(lang)
    spec = r.spec
    thou = re.escape(r.thou) if r.thou != " " else "[ \u202f]"
    if spec.get("thousands_space"):
        thou = f"(?:{thou}|[ \u202f])"
    dec = re.escape(r.dec)
    num = rf"(?:[0-9]{{1,3}}(?:{thou}[0-9]{{3}})+(?![0-9])|[0-9]+)(?:{dec}[0-9]+)?"
    suffixes = sorted(spec["ordinal_suffixes"], key=len, reverse=True)
    currencies: dict[str, list[str]] = spec["currencies"]
    units: dict[str, list[str]] = spec.get("units", {})
    months: list[str] = spec.get("months", [])
    abbreviations: dict[str, str] = spec.get("month_abbreviations", {})
    symbols: dict[str, str] = spec["symbols"]
    # The units and currencies as regex alternatives, longest first; "(?!)" matches nothing.
    unit_alts = alternatives(units) or "(?!)"
    currency_alts = alternatives(currencies) or "(?!)"

    def head_noun(name: str) -> str:
        """The word of a currency's name that counts: "dólar estadounidense", "dänische Krone"."""
        return name.split()[-1 if lang == "de" else 0]

    def percent(m: re.Match[str]) -> str:
        neg = f"{spec['minus']} " if m.group("neg") else ""
        name = spec["permille"] if m.group("pc") == "‰" else spec["percent"]
        if lang == "de" and m.group("a") == "1":  # "um ein Prozent", "bei einem Prozent"
            return f"{neg}{'ein' if neg else _german_one(spec, _before(m), name)} {name}"
        return f"{neg}{r.number(m.group('a'))} {name}"

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

    def fraction(m: re.Match[str]) -> str:
        w, a, b = m.group("w"), int(m.group("a")), int(r.number_value(m.group("b")))
        if not b:
            return m.group()
        neg = f"{spec['minus']} " if m.group("neg") else ""
        den = denominator(b, a != 1)
        if not den:
            spoken = f"{r.words(a)} {spec['fraction_over']} {r.number(m.group('b'))}"
        else:
            head = r.words(a)
            if a == 1:
                head = {"es": "un", "fr": "un", "de": "ein"}.get(lang, head)
                if not w and _before(m).lower() in date_before:
                    head = ""  # the article counts it: "el 1/4 de final", "le quart de finale"
            spoken = f"{head} {den}"
            noun = _after(m).lower()
            if lang == "es" and not w and not m.group("u") and noun:
                feminine = noun in spec["feminine"] or (
                    noun not in spec["masculine"] and noun.endswith(tuple(spec["feminine_endings"]))
                )
                if noun in ("parte", "partes"):
                    # "las tres cuartas partes", "la tercera parte": an ordinal agreeing with parte.
                    den = denominator(b, a != 1).replace("tercio", "tercero")
                    head = "una" if head == "un" else head
                    if a == 1 and _before(m).lower() in ("la", "esa", "esta", "cada", "una"):
                        head = ""  # "la 1/3 parte": the article counts it
                    den = re.sub(r"o(s?)$", r"a\1", den)
                    return neg + " ".join(f"{head} {den}".split())
                if a == 1 and b == 2 and noun not in ("de", "del"):
                    return neg + ("media" if feminine else "medio")  # "media taza", "medio kilo"
        if m.groupdict().get("hn"):
            return neg + mixed_half(int(w), m.group("hn"))
        if w and a == 1 and b == 2 and lang == "de":
            spoken = f"{r.gendered(r.words(int(w)), '')}einhalb"
        elif w:
            if a == 1 and b == 2:  # "un et demi", "dos y medio"
                spoken = fraction_names["2"][0]
            spoken = f"{r.words(int(w))} {spec.get('fraction_and', '')} {spoken}"
        u = m.group("u")
        if u:
            one, many = units[u]
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

    gendered_nouns = frozenset(spec.get("feminine", ())) | frozenset(spec.get("masculine", ()))

    def mixed_half(w: int, noun: str) -> str:
        """ "2 1/2 horas": "dos horas y media"; "1 1/2 tazas": "una taza y media"."""
        if w == 1:  # the noun counts one: "un año y medio", however it was written
            stems = (noun[:-1], noun[:-2], noun[:-4] + "ón", noun[:-3] + "z")  # millones, veces
            noun = next((x for x in stems if x in gendered_nouns), noun)
        half = "media" if noun in spec["feminine"] else "medio"
        return f"{r.gendered(r.words(w), noun)} {noun} y {half}"

    def ordinal(m: re.Match[str]) -> str:
        suffix = m.groupdict().get("suf") or ""
        return r.ordinal(r.number_value(m.group("n")), suffix, _before(m), _after(m))

    def clock(m: re.Match[str]) -> str:
        h, mi = int(m.group("h")), int(m.group("mi") or 0)
        if h > 24 or mi > 59:
            return m.group()
        hour = r.words(h)
        if lang == "es":  # the hour is feminine: "la una", "las veintiuna"
            hour = re.sub(r"uno$", "una", hour)
        elif lang == "fr":
            hour = re.sub(r"\bun$", "une", hour)
        elif h == 1:
            hour = {"de": "ein"}.get(lang, hour)
        minutes = ""
        if mi:
            minutes = r.words(mi)
            if mi < 10 and spec.get("minute_zero"):
                minutes = f"{spec['minute_zero']} {minutes}"
        # French counts "zéro heure" in the singular, like "une heure".
        word = spec.get("hour_one" if h <= 1 else "hour_many", "")
        tail = m.group("w") or ""
        if lang == "es":
            if tail and h != 1:
                tail = spec["hour_word"]
            elif tail:
                tail = ""
            half = (m.groupdict().get("ampm") or "")[:1].lower()
            if half:
                if h == 12:
                    tail = spec["midnight" if half == "a" else "noon"]
                elif half == "p" and h >= spec.get("night_from", 13):
                    tail = spec["night"]
                else:
                    tail = spec["am" if half == "a" else "pm"]
            if m.groupdict().get("tz"):
                tail = f"{tail} {' '.join(m.group('tz'))}".strip()
            tail += _keeps_stop(m)  # "a las 8 a. m. Luego...": the stop ends the sentence too
        if lang == "es" or not word:
            return " ".join(x for x in (hour, minutes, tail) if x)
        return " ".join(x for x in (hour, word, minutes) if x)

    def date(m: re.Match[str]) -> str:
        d, mo, y = (int(x) if x else 0 for x in m.group("d", "m", "y"))
        if not 1 <= mo <= 12 or (m.group("d") and not 1 <= d <= 31):
            return m.group()
        return spoken_date(m, d, months[mo - 1], y)

    date_before = frozenset(spec.get("date_before", ()))

    def day_month(m: re.Match[str]) -> str:
        """ "el 9/11": a date after an article or a weekday; "3/4 de la población": a fraction."""
        d, mo = int(m.group("d")), int(m.group("m"))
        if not (1 <= d <= 31 and 1 <= mo <= 12) or _before(m).lower() not in date_before:
            return m.group()
        if d < mo and re.match(r" d(?:e|el|u|es)\b| d'", m.string[m.end() : m.end() + 5]):
            return m.group()  # "el 1/4 de final", "le 1/8 de finale"
        return spoken_date(m, d, months[mo - 1], 0)

    def word_date(m: re.Match[str]) -> str:
        name = m.group("mo").rstrip(".")
        name = abbreviations.get(name.lower(), name.lower()) if lang == "es" else name
        d = int(m.group("d"))
        if not 1 <= d <= 31:
            return m.group()
        return spoken_date(m, d, name, int(m.group("y") or 0), m.groupdict().get("of"))

    def spoken_date(m: re.Match[str], d: int, month: str, y: int, of: str | None = None) -> str:
        if lang == "de":
            day = r.german_ordinal(d, _before(m), month) if d else ""
        else:
            day = spec["day_one"] if d == 1 else r.words(d) if d else ""
        of_word = spec.get("date_of", "")
        parts = [day, of_word if day else "", month]
        if y:
            parts += [(of or of_word).strip(), r.words(y, "year")]
        return " ".join(x for x in parts if x)

    def phone(m: re.Match[str]) -> str:
        cc, area, body, ext = m.group("cc", "area", "body", "ext")
        figures = re.sub(r"[^0-9]", "", (area or "") + body)
        years = re.fullmatch(r"(?:1[0-9]{3}|20[0-9]{2})-(?:1[0-9]{3}|20[0-9]{2})", body)
        if len(figures) < 7 or (years and not cc and not area):  # "2013-2014" is a range
            return m.group()
        if not cc and not area and re.fullmatch(r"[0-9]{4}-[0-9]{4}", body):
            # "1234-5678" alone is a number; "5000-8000 Euro", "1500-2000" a range.
            a, b = body.split("-")
            after = m.string[m.end() : m.end() + 12].lstrip(" ")
            counted = any(after.startswith(c) for c in currencies) or any(
                after.startswith(n) for names in currencies.values() for n in names
            )
            if (int(a) % 100 == 0 and int(b) % 100 == 0) or counted:
                return m.group()
        out = []
        if cc:
            code = cc[1:]
            out += [spec["plus"], r.words(int(code)) if len(code) <= 2 else r.digits(code)]
        groups = ((area or "") + " " + body).split()
        if spec.get("phone_pairs") and all(len(g) <= 2 for g in groups):
            out.append(pairs(groups))  # "+33 1 23 45 67 89": "un, vingt-trois, ..."
        else:
            out.append(r.digits(figures))
        if ext:
            out += [spec.get("extension", ""), r.digits(ext)]
        return " ".join(x for x in out if x)

    def pairs(groups: list[str]) -> str:
        return " ".join(
            f"{r.words(0)} {r.words(int(p[1]))}" if p[0] == "0" and len(p) == 2 else r.words(int(p))
            for p in groups
        )

    def address(m: re.Match[str]) -> str:
        return f" {spec['dot']} ".join(r.digits(g) for g in m.group().split("."))

    def day_list(m: re.Match[str]) -> str:
        days = [r.words(int(d)) for d in re.split(r"[/-]", m.group("days"))]
        return f"{', '.join(days[:-1])} {spec['and']} {days[-1]} {m.group('mo')}"

    def seconds_clock(m: re.Match[str]) -> str:
        h, mi, se = (int(x) for x in m.group("h", "mi", "s"))
        if h > 24 or mi > 59 or se > 59:
            return m.group()
        out = [r.gendered(r.words(h), ""), spec["hour_one"]]
        for value, (one, many) in ((mi, spec["minute_words"]), (se, spec["second_words"])):
            out += [r.gendered(r.words(value), one), one if value == 1 else many]
        return " ".join(out)

    def month_abbreviation(m: re.Match[str]) -> str:
        return abbreviations.get(m.group("ab").capitalize(), m.group())

    def score(m: re.Match[str]) -> str:
        return f"{r.number(m.group('a'))} {spec['score']} {r.number(m.group('b'))}"

    articles: dict[str, str] = spec.get("ordinal_articles", {})
    not_noun = frozenset(spec.get("roman_not_noun", ()))

    def article_roman(m: re.Match[str], numeral: str, value: int, low: str, dot: str | None) -> str:
        """ "el XI apóstol", "la II República": an ordinal; "el XI inicial": a team's count."""
        noun = _after(m)
        if dot or not noun:
            return ""
        team = numeral in spec.get("roman_team", ()) and low in spec.get("roman_team_before", ())
        if team and noun.lower() in spec.get("roman_team_after", ()):
            return r.words(value)
        if low not in articles or noun.lower() in not_noun or noun.isupper():
            return ""
        # I, V and X make every numeral up to 39; with L only longer ones ("XLV"): "XL" is a
        # size, and numerals with C, D or M are initialisms far more often ("el CD", "MIX").
        if not (set(numeral) <= set("IVX") or len(numeral) > 2 and set(numeral) <= set("IVXL")):
            return ""
        gender = articles[low]
        low_noun = noun.lower()
        known = low_noun in spec["feminine"] or low_noun[:-1] in spec["feminine"]
        if not known and low_noun not in spec["masculine"]:
            known = low_noun.endswith(tuple(spec.get("feminine_endings", ())))
        feminine = "feminine" in gender or not gender.startswith("masculine") and known
        if "plural" in gender:
            spoken = r.spanish_ordinal(value) if lang == "es" else r.words(value, "ordinal")
            return re.sub(r"o\b", "as" if feminine else "os", spoken)
        return r.ordinal(value, "a" if feminine else "", low, low_noun)

    centuries = "|".join(map(re.escape, spec.get("century_words", ()))) or "(?!)"
    # "los siglos XV y XVI": the second numeral of a list after a century word.
    listed_century = re.compile(rf"\b(?:{centuries}) [IVXLC]+(?:, [IVXLC]+)* (?:y|e|o|u|a|al) $")

    def roman(m: re.Match[str]) -> str:
        numeral, suffix, dot = m.group("r", "suf", "dot")
        if not _ROMAN.fullmatch(numeral):
            return m.group()
        value = _roman_value(numeral)
        prev = _before(m)
        if suffix:  # "XXIe siècle", "Ier"
            return r.ordinal(value, suffix, prev, _after(m))
        after_article = article_roman(m, numeral, value, prev.lower(), dot)
        if after_article:
            return after_article
        if prev.lower() in spec.get("century_words", ()) or listed_century.search(
            m.string, max(0, m.start() - 40), m.start()
        ):
            return r.words(value) + (dot or "")
        # "Jean-Paul II", "Friedrich-Wilhelm III.": the name's last part says it is a name.
        name = prev.rsplit("-", 1)[-1]
        regnal = (
            name in _regnal_names()
            or len(numeral) > 1
            and set(numeral) <= set("IVX")
            and name[:1].isupper()
            # German marks the ordinal with a full stop: "Karl V. herrschte" (a verb follows).
            or lang == "de"
            and bool(dot)
            and name[:1].isupper()
            and _after(m)[:1].islower()
        )
        if not regnal or not name[1:].islower() and name not in _regnal_names():
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
            spoken = f"{r.gendered(r.number(a), many)} {many}"
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

    def digits(m: re.Match[str]) -> str:
        return f" {r.digits(m.group())} "

    def glued(read: Callable[[re.Match[str]], str]) -> Callable[[re.Match[str]], str]:
        """A number glued to the letters after it ("5G", "12a") is read apart from them."""
        return lambda m: read(m) + (" " if m.string[m.end() : m.end() + 1].isalpha() else "")

    table: list[tuple[str, Callable[[re.Match[str]], str]]] = []
    if spec.get("time_zones"):
        # "15 Uhr MEZ", "01:01:01 Uhr est": a time zone after a clock time is said letter
        # by letter, in whatever case it is written.
        zones = alternatives(spec["time_zones"])
        table.append(
            (
                rf"(?<=[0-9] Uhr )(?P<tz>(?i:{zones}))(?![\w])",
                lambda m: " ".join(m.group("tz").upper()),
            )
        )
    if months:
        mon = "|".join(re.escape(x) for x in months)
        # 2.3.2003, 30/2/1990, 2003-03-02; "02.03" (day and month) in German and French.
        table.append(
            (
                r"(?<![\w.,/:-])(?P<d>[0-9]{1,2})(?P<s>[./-])(?P<m>[0-9]{1,2})(?P=s)"
                r"(?P<y>[0-9]{4})(?![\w]|[.,/-][0-9])",
                date,
            )
        )
        table.append(
            (
                r"(?<![\w.,/:-])(?P<y>1[0-9]{3}|20[0-9]{2})-(?P<m>[0-9]{1,2})-(?P<d>[0-9]{1,2})"
                r"(?![\w]|[.,/-][0-9])",
                date,
            )
        )
        if date_before:
            table.append(
                (r"(?<![\w.,/-])(?P<d>[0-9]{1,2})/(?P<m>[0-9]{1,2})(?![\w/]|[.,][0-9])", day_month)
            )
        if lang in ("es", "fr"):  # "les 17/18 juin": "les dix-sept et dix-huit juin"
            table.append(
                (
                    rf"(?<![\w.,/-])(?P<days>[0-9]{{1,2}}(?:[/-][0-9]{{1,2}})+) (?P<mo>{mon})\b",
                    day_list,
                )
            )
        if lang == "de":
            # "am 2.3.", "bis 24.12.": day and month, the full stop after the month included
            # (kept when it also ends the sentence). "2.3" with no full stop is no date.
            table.append(
                (
                    r"(?<![\w.,/:-])(?P<d>[0-9]{1,2})\.(?P<m>[0-9]{1,2})\.(?P<y>)"
                    r"(?![\w.]|,[0-9]| ?(?:Uhr|h)\b)",
                    lambda m: (
                        m.group()
                        if (out := date(m)) == m.group()
                        else out + ("." if _sentence_ends(m) else "")
                    ),
                )
            )
        if lang in ("de", "fr"):
            table.append(
                (
                    r"(?<![\w.,/:-])(?P<d>[0-3][0-9])\.(?P<m>[01][0-9])(?P<y>)"
                    r"(?![\w]|[.,/-][0-9]| ?(?:Uhr|h)\b)(?<!\bum [0-9]{2}\.[0-9]{2})",
                    date,
                )
            )
        if lang == "de":
            table.append(
                (r"(?<![\w.,/:-])(?P<y>1[0-9]{3}|20[0-9]{2})-(?P<m>0[1-9])(?P<d>)(?![\w-])", date)
            )
        weekdays: dict[str, str] = spec.get("weekday_abbreviations", {})
        if weekdays:  # "el lun. 3 de junio": the weekday written short before its day
            wd = alternatives(weekdays)
            table.append(
                (
                    rf"(?<![\w.])(?P<wd>(?i:{wd}))\.(?= [0-9]{{1,2}}\b)",
                    lambda m: weekdays[m.group("wd").lower()],
                )
            )
        if lang == "es":
            ab = "|".join(re.escape(x) for x in abbreviations)
            # "3 set. 2020"; in capitals without the full stop too ("12 ENE 2021").
            caps = "|".join(re.escape(x.upper()) for x in abbreviations if len(x) == 3)
            mo = rf"(?P<mo>(?i:{mon}|(?:{ab})\.)|(?:{caps})(?![\w.]))"
            year = r"(?:,? (?P<of>de |del )?(?P<y>[0-9]{4})(?![\w]|[.,][0-9]))?"
            table.append((rf"(?<![\w.,])(?P<d>[0-9]{{1,2}}) (?:de )?{mo}(?![\w]){year}", word_date))
            table.append((rf"{mo} (?P<d>[0-9]{{1,2}})(?![\w.,]){year}", word_date))
        if abbreviations and lang == "de":
            # After a day ("3. Jan.") or before a year ("im Feb. 2019").
            ab = "|".join(re.escape(x) for x in abbreviations)
            table.append(
                (
                    rf"(?:(?<=[0-9]\. )|(?<![\w.])(?=(?i:{ab})\. [0-9]{{4}}(?![\w]|[.,][0-9])))"
                    rf"(?P<ab>(?i:{ab}))\.(?=[ ,;:]|$)",
                    month_abbreviation,
                )
            )
        if abbreviations and lang == "fr":  # "le 3 janv. 2021", "le 1er févr."
            ab = "|".join(re.escape(x) for x in abbreviations)
            table.append(
                (
                    rf"(?:(?<=[0-9] )|(?<=[0-9]er ))(?P<ab>{ab})\.(?=[ ,;:]|$)",
                    lambda m: abbreviations[m.group("ab")] + ("." if _sentence_ends(m) else ""),
                )
            )
        if lang in ("es", "fr"):
            # "la temporada 2020/21": a season, both years read ("dos mil veinte veintiuno").
            table.append(
                (
                    r"(?<![\w.,/])(?P<a>1[0-9]{3}|20[0-9]{2})[/-](?P<b>[0-9]{2})(?![\w/]|[.,][0-9])",
                    lambda m: (
                        f"{r.words(int(m.group('a')), 'year')} {r.words(int(m.group('b')))}"
                        if (int(m.group("a")) + 1) % 100 == int(m.group("b"))
                        else m.group()
                    ),
                )
            )
    phone_before = spec.get("phone_before", ())
    if phone_before:
        # "llame al 91 123 45 67", "el teléfono 900 123 456": figure by figure after a word
        # that names a telephone; elsewhere "900 123 456" is a number grouped by spaces.
        told = re.compile(rf"(?:^|\W)(?:{'|'.join(map(re.escape, phone_before))}):? $", re.I)
        table.append(
            (
                r"(?<![\w.,+])[0-9]{2,3}(?: [0-9]{2,3}){2,3}(?![\w]|[.,][0-9])",
                lambda m: (
                    r.digits(m.group())
                    if told.search(m.string, max(0, m.start() - 24), m.start())
                    else m.group()
                ),
            )
        )
    if spec.get("phone_pairs"):
        # "01 23 45 67 89", "06.12.34.56.78": ten figures in pairs, each pair read as one
        # number ("zéro six, douze, trente-quatre").
        table.append(
            (
                r"(?<![\w.,+])0[1-9](?P<s>[ .-])[0-9]{2}(?:(?P=s)[0-9]{2}){3}(?![\w]|[.,][0-9])",
                lambda m: pairs(re.split(r"[ .-]", m.group())),
            )
        )
    if lang == "de":
        # "vom 12.–14. Juni": "vom 12. bis 14. Juni", read then as a list of ordinals.
        table.append(
            (
                r"(?<![\w.,/:-])(?P<a>[0-9]{1,2})\. ?[–-] ?(?=[0-9]{1,2}\. [^\W\d_])",
                lambda m: f"{m.group('a')}. {spec['range']} ",
            )
        )
        # "9–18 Uhr", "9.30-12 Uhr": two clock times, the first without its "Uhr".
        table.append(
            (
                # With "h" only when minutes say it is a clock time: "2-3 h" are hours.
                r"(?<![\w.,:-])(?P<a>[0-2]?[0-9](?P<am>[:.][0-5][0-9])?) ?[–-] ?"
                r"(?=[0-2]?[0-9](?P<bm>[:.][0-5][0-9])? ?(?:Uhr|(?(am)h|(?(bm)h|(?!))))(?![\w]))",
                lambda m: f"{m.group('a').replace('.', ':')} {spec['range']} ",
            )
        )
        if units:
            scales_in = spec.get("scales", {})
            sc = alternatives(scales_in)
            # "5-10 kg", "1-2 km", "5-10 €": "fünf bis zehn", "ein bis zwei Kilometer"; the
            # unit is read with the second number. Before the unit's rule takes the second.
            table.append(
                (
                    rf"(?P<neg>(?<![\w.,])-)?(?<![\w.,/:-])(?P<a>{num}) ?[–-] ?"
                    rf"(?=[-−+]?{num} ?(?:(?:{sc}) )?(?:{unit_alts}|{currency_alts})(?![\w/]))",
                    lambda m: (
                        f"{spec['minus'] + ' ' if m.group('neg') else ''}"
                        f"{r.gendered(r.number(m.group('a')), '')} {spec['range']} "
                    ),
                )
            )
            # "2 x 3 m", "20 × 30 cm", "4x100 m": dimensions and relays, "mal".
            table.append(
                (
                    rf"(?<![\w.,])(?P<a>{num}) ?[x×] ?(?={num}(?![\w]))",
                    lambda m: f"{m.group('a')} mal ",
                )
            )
            # "pro kg", "je m²": a unit without a number, per one of it.
            table.append(
                (
                    rf"(?<![\w])(?P<p>pro|je) (?P<u>{unit_alts})(?![\w/])",
                    lambda m: f"{m.group('p')} {units[m.group('u')][0]}",
                )
            )
            # "fünf km", "zehn Mio. t": a unit after a number written as a word. Units of
            # one letter are left ("ein m" is more likely a letter than a metre).
            word_un = alternatives(u for u in units if len(u) > 1)
            # Only the short scales ("Mio."): "Millionen" is already said as it is written.
            short = alternatives(k for k in scales_in if k not in scales_in[k])
            table.append(
                (
                    rf"(?<![\w.,-])(?P<w>[^\W\d_]+)(?= (?:{short}|{word_un})(?![\w/]))"
                    rf"(?: (?P<sc>{short}))?"
                    rf"(?: (?P<u>(?(sc)(?:{unit_alts})|(?:{word_un})))(?![\w/]))?",
                    worded_unit,
                )
            )
        clock_before = frozenset(spec.get("clock_before", ()))
        # "um 8 h", "20.15 h": a clock time; "8 h" alone is a duration, read as a unit.
        table.append(
            (
                r"(?<![\w.,:])(?P<h>[0-2]?[0-9])(?:[.:](?P<mi>[0-5][0-9]))? ?(?P<w>h)(?![\w/])",
                lambda m: (
                    clock(m) if m.group("mi") or _before(m).lower() in clock_before else m.group()
                ),
            )
        )
        after_ordinal: dict[str, str] = spec.get("after_ordinal", {})
        eras: dict[str, str] = spec.get("eras", {})
        if after_ordinal:  # "im 3. Jh.": "im dritten Jahrhundert"
            ab = alternatives(after_ordinal)
            table.append(
                (
                    rf"(?<=[0-9]\. )(?P<ab>{ab})(?=[ ,;:]|$)",
                    lambda m: after_ordinal[m.group("ab")] + ("." if _sentence_ends(m) else ""),
                )
            )
        # "44 v. Chr.", "im 3. Jahrhundert v. Chr."; a full stop that ends the sentence stays.
        if eras:
            ab = alternatives(eras)
            table.append(
                (
                    rf"(?:(?<=[0-9] )|(?<=Jahrhundert )|(?<=Jahrtausend ))(?P<ab>{ab})(?![\w])",
                    lambda m: eras[m.group("ab")] + ("." if _sentence_ends(m) else ""),
                )
            )
    if "plus" in spec:
        # Telephone numbers and dotted addresses are read figure by figure.
        table.append(
            (
                r"(?<![\w.,+/-])(?:(?P<cc>\+[0-9]{1,3})[ -]?)?(?:\((?P<area>[0-9]{2,5})\) ?)?"
                # An area code and the subscriber's number in one block ("+49 30 1234567",
                # "0171 2345678": a leading zero is no quantity's).
                r"(?P<body>(?(cc)(?:[0-9]{1,4}(?: [0-9]{2,4}){2,5}(?![0-9-])"
                r"|[0-9]{2,4}(?:[ -][0-9]{3,4}){1,2}"
                r"|[0-9]{7,12}|[0-9]{1,5}[ -][0-9]{5,8})"
                r"|(?(area)[0-9]{3,4}[ -][0-9]{4}"
                r"|(?:[0-9]{2,4}-[0-9]{2,4}-[0-9]{3,4}|[0-9]{4}-[0-9]{4}"
                r"|0[0-9]{2,4}[ /-][0-9]{5,8}))))"
                r"(?:(?: ext\.? |-(?=[0-9]{1,5}(?![\w-])))(?P<ext>[0-9]{1,5}))?(?![\w-])",
                phone,
            )
        )
        table.append(
            (
                r"(?<![\w.,])(?![0-9]{1,3}(?:\.[0-9]{3}){3}(?![0-9]))"
                r"[0-9]{1,3}(?:\.[0-9]{1,3}){3}(?![\w.]|\.[0-9])",
                address,
            )
        )
    if "fraction_names" in spec:
        big = rf"[0-9]{{1,3}}(?:{thou}[0-9]{{3}})+|[0-9]{{1,7}}"
        month_next = rf"(?! (?:{'|'.join(months)}))" if months else ""
        # A whole and a half before a noun of known gender: "dos horas y media" (es only).
        half_nouns = alternatives(gendered_nouns) or "(?!)"
        half = rf"|(?(w)(?<= 1/2) (?P<hn>{half_nouns})(?![\w])|(?!))" if lang == "es" else ""
        table.append(
            (
                rf"(?P<neg>(?<![\w.,])-)?(?<![\w.,/])(?:(?P<w>[0-9]{{1,3}})  ?)?"
                rf"(?P<a>[0-9]{{1,3}})/"
                rf"(?P<b>{big})(?![\w/]|[.,][0-9]){month_next}"
                rf"(?: ?(?P<u>{unit_alts})(?![\w/]){half})?",
                fraction,
            )
        )
    durations: dict[str, Any] = spec.get("durations", {})

    def duration(m: re.Match[str]) -> str:
        parts = []
        for key in ("h", "min", "s"):
            value = m.group(key)
            if value:
                one, many = durations[key]
                name = one if int(value) == 1 else many
                parts.append(f"{r.gendered(r.words(int(value)), name)} {name}")
        if durations["and"] and len(parts) > 1:  # "dos horas y treinta minutos"
            parts[-1] = f"{durations['and']} {parts[-1]}"
            if len(parts) > 2:
                parts[0] += ","
        return " ".join(parts)

    if durations:
        # Two or three parts in order; one part alone is a unit, "15 h 30" a clock time.
        table.append(
            (
                r"(?<![\w.,:])(?:(?P<h>[0-9]{1,3}) ?h (?=[0-9]{1,2} ?min\b))?"
                r"(?P<min>[0-9]{1,2}) ?min(?: (?P<s>[0-9]{1,2}) ?(?:s|seg))?(?![\w/])"
                r"(?(h)|(?(s)|(?!)))",
                duration,
            )
        )
    if lang == "de" and units:
        # "2 €/kg", "25 m/s": a unit or currency after a number, per another unit.
        each = alternatives([*units, *currencies])
        table.append(
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
            )
        )
    scales: dict[str, list[str]] = spec.get("scales", {})
    if scales:
        sc = alternatives(scales)
        if units:
            table.append(
                (
                    rf"(?P<neg>(?<![\w.,])-)?(?<![\w.,])(?!0[0-9] ?h\b)(?P<a>{num})"
                    rf"(?: (?P<sc>{sc}))? ?(?P<u>{unit_alts})(?![\w/]){_STOP_INSIDE}",
                    unit,
                )
            )
        if currencies:
            table.append(
                (
                    rf"(?<![\w.,])(?P<cur>{currency_alts}) ?(?P<a>{num}) ?(?P<sc>{sc})(?![\w])",
                    scaled,
                )
            )
        table.append(
            (
                rf"(?<![\w.,])(?P<a>{num}) ?(?P<sc>{sc})(?![\w])(?: ?(?P<cur>{currency_alts}))?",
                scaled,
            )
        )
    if "score" in spec:
        # "2:1" is a score; "14:30" (two-digit minutes) a clock time.
        table.append((r"(?<![\w.,:])(?P<a>[0-9]{1,2}):(?P<b>[0-9])(?![\w:]|[.,][0-9])", score))
        hour_words = "Uhr|horas|hrs\\.|hrs|h"
        sep = {"de": "(?::|\\.(?=[0-9]{2} ?Uhr))", "es": "[:.]"}.get(lang, ":")
        ampm = r"(?: (?P<ampm>[aApP]\.? ?[mM]\.?)(?![\w]))?" if lang == "es" else ""
        zones = "|".join(re.escape(z) for z in spec.get("clock_zones", ()))
        if zones:  # "15:30 GMT": said letter by letter
            ampm += rf"(?: (?P<tz>{zones})(?![\w]))?"
        table.append(
            (
                rf"(?<![\w.,:$€£])(?P<h>[0-2]?[0-9]){sep}(?P<mi>[0-5][0-9])(?![\w:]|[.,][0-9]| ?%)"
                rf"(?: ?(?P<w>{hour_words})(?![\w]))?{ampm}",
                clock,
            )
        )
        if lang == "es":
            table.append((r"(?<![\w.,:])(?P<h>0[0-9])(?P<mi>) ?(?P<w>h)(?![\w])", clock))
            # "a las 8 a. m.", "6 AM": the hour alone before a.m. or p.m.
            table.append(
                (
                    r"(?<![\w.,:])(?P<h>1[0-2]|0?[0-9])(?P<mi>)(?P<w>)"
                    + ampm.replace(")?", ")", 1),
                    clock,
                )
            )
        if "second_words" in spec:
            table.append(
                (
                    r"(?<![\w.,:])(?P<h>[0-2]?[0-9]):(?P<mi>[0-5][0-9]):(?P<s>[0-5][0-9]) Uhr\b",
                    seconds_clock,
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
        if spec.get("century_abbreviation"):  # "el s. XIX": "el siglo diecinueve"
            table.append(
                (
                    rf"(?<![\w.]){re.escape(spec['century_abbreviation'])} (?=[IVXLC]+\b)",
                    lambda m: f"{spec['century_words'][0]} ",
                )
            )
        table.append(
            (
                r"(?<![\w.])(?P<r>[IVXLCDM]+)(?P<suf>(?<=[IVX])(?:er|re|ère|e|ème))?"
                r"(?P<dot>\.(?= ))?(?![\w])",
                roman,
            )
        )
    after_number: dict[str, str] = spec.get("after_number", {})
    if after_number:
        ab = alternatives(after_number)
        table.append(
            (
                rf"(?<=[0-9] )(?P<ab>{ab})(?![\w])",
                lambda m: after_number[m.group("ab")] + _keeps_stop(m),
            )
        )
    pc = "%|‰" if "permille" in spec else "%"
    table.append((rf"(?P<neg>(?<![\w.,])-)?(?<![\w.,])(?P<a>{num}) ?(?P<pc>{pc})", percent))
    if currencies:
        # A code or abbreviation ("CHF", "ct") ends where a word would: "5 CHFs" is none.
        cur = "|".join(
            re.escape(c) + (r"(?![^\W\d_])" if c[-1].isalpha() else "")
            for c in sorted(currencies, key=len, reverse=True)
        )
        # The sign may follow the amount ("15 €") or precede it ("€15"); a code of letters
        # starts a word too ("MXN 1.500").
        table.append((rf"(?<![\w.,])(?P<a>{num}) ?(?P<cur>{cur})", money))
        table.append((rf"(?<![A-Za-z](?=[A-Z]))(?P<cur>{cur}) ?(?P<a>{num})", money))
        # "2,99 Euro", "1,85 euros": an amount with cents before the currency's name.
        named = {n: c for c, names in currencies.items() for n in names[:2]}
        words = alternatives(named)
        table.append(
            (
                rf"(?<![\w.,])(?P<a>[0-9]+{dec}[0-9]{{2}}) (?P<word>{words})(?![\w])",
                lambda m: money_named(m, named[m.group("word")]),
            )
        )
    if suffixes:
        alts = "|".join(re.escape(s) for s in suffixes)
        big = rf"[0-9]{{1,3}}(?:{thou}[0-9]{{3}})+(?![0-9])|[0-9]{{1,6}}"
        table.append((rf"(?<![\w.,])(?P<n>{big})(?P<suf>{alts})(?![\w])", ordinal))
    degree_nouns = frozenset(spec.get("degree_ordinal_nouns", ()))
    if degree_nouns:

        def degree_or_ordinal(m: re.Match[str]) -> str:
            """ "el 28° aniversario", "3° lugar": the ordinal sign mistyped; "a 28°": degrees."""
            before, noun = _before(m).lower(), _after(m).lower()
            if before not in spec["degree_ordinal_before"] and noun not in degree_nouns:
                return m.group()  # left to the number and the symbol: "veintiocho grados"
            suffix = "a" if "feminine" in articles.get(before, "") else ""
            return r.ordinal(int(m.group("n")), suffix, before, noun)

        table.append((r"(?<![\w.,])(?P<n>[0-9]{1,3})°(?! ?[CF]\b)(?![\w])", degree_or_ordinal))
    if lang == "de":
        # German writes ordinals with a full stop ("der 3. Oktober", "zum 5. Mal"), which
        # is also how a sentence ending in a number looks ("Es waren 5. Die Polizei kam").
        table.append(
            (
                r"(?<![\w.,])(?P<n>[0-9]{1,3}(?:\.[0-9]{3})+|[0-9]{1,7})\.(?![\w.]|,[0-9])",
                lambda m: _german_dotted(r, m),
            )
        )
        # "Abschnitt 2.3", "Version 2.3.1": figures joined by full stops that are neither
        # thousands nor a date are read with "Punkt".
        table.append(
            (
                r"(?<![\w.,])(?![0-9]{1,3}(?:\.[0-9]{3})+(?![\w]|\.[0-9]))"
                r"[0-9]{1,9}(?:\.[0-9]{1,9})+(?![\w]|\.[0-9])",
                lambda m: f" {spec['dot']} ".join(r.number(g) for g in m.group().split(".")),
            )
        )
    table += [
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
        (rf"(?P<neg>(?<![\w.,])-)?(?<![\w.,])(?P<n>{num})", glued(number)),
    ]
    spelled: list[str] = spec.get("spelled_lowercase", [])
    if spelled:
        # Whole words only, and never inside an address ("www.ip.com", "ip@x.es").
        alts = alternatives(spelled)
        table.append((rf"(?<![\w.@/-])(?:{alts})(?![\w@/-]|\.\w)", lambda m: " ".join(m.group())))
    if symbols:
        sym = alternatives(symbols)
        table.append((sym, lambda m: f" {symbols[m.group()]} "))
    table += [
        (r"[–—]|(?<!\w)-+(?!\w)", lambda m: ", "),
        (r"[(\[{]", lambda m: ", "),
        (r"[)\]}]", lambda m: ", "),
        (r"[0-9]+", digits),
    ]
    return [(re.compile(p), safe(fn)) for p, fn in table]
