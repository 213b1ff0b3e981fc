"""Number words in one language: num2words read with the language's separators, genders and
ordinal endings; and ``Language``, what every class module builds its rules from."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from .. import data
from ..numbers import n2w
from ..text import alternatives
from .context import sentence_ends as _sentence_ends
from .spec import spec as spec_for

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


class Reader:
    """Reads numbers written with one language's separators."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.spec = spec_for(lang)
        self.dec = self.spec["decimal_separator"]
        self.thou = self.spec["thousands_separator"]
        self.year_words = frozenset(w.lower() for w in self.spec["year_before"])
        # Looked up for every number: sets and tuples, built once.
        self.feminine_nouns = frozenset(self.spec.get("feminine", ()))
        self.masculine_nouns = frozenset(self.spec.get("masculine", ()))
        self.not_nouns = frozenset(self.spec.get("number_not_noun", ()))
        self.feminine_endings = tuple(self.spec.get("feminine_endings", ()))
        self.masculine_endings = tuple(self.spec.get("masculine_endings", ()))

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
        if noun in self.feminine_nouns:
            return True
        if noun in self.masculine_nouns or not noun[:1].islower():
            return False
        low = noun.lower()
        return low.endswith(self.feminine_endings) and not low.endswith(self.masculine_endings)

    def counts(self, noun: str) -> bool:
        """Whether the word after a number is a noun it counts ("31 jugadores"; not "1 de 3")."""
        if noun in self.feminine_nouns or noun in self.masculine_nouns:
            return True
        not_noun = self.not_nouns
        return bool(not_noun) and noun[:1].islower() and noun.lower() not in not_noun

    def gendered(self, spoken: str, noun: str) -> str:
        """Agree number words with the noun that follows ("quinientas personas")."""
        feminine = self.feminine(noun)
        masculine = not feminine and (
            noun in self.masculine_nouns or self.lang == "es" and self.counts(noun)
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
        if low == "der" and noun in self.feminine_nouns:
            return out + "n"  # "in der zweiten Runde": "der" before a feminine noun is dative
        if low in self.spec["ordinal_weak_e"]:
            return out
        if low in self.spec["ordinal_strong_dative"]:
            return out + ("r" if noun in self.feminine_nouns else "m")
        stem = next((d for d in self.spec["ordinal_determiners"] if low.startswith(d)), "")
        if stem and low[len(stem) :] in ("e", "em", "en", "er", "es"):
            return out + ("" if low[len(stem) :] == "e" else "n")
        if low in self.spec["ordinal_strong_accusative"]:
            if noun in self.feminine_nouns:
                return out
            return out + ("s" if noun in self.spec["neuter"] else "n")
        if noun in self.feminine_nouns:
            return out  # "zweite Liga", "seine zweite Liga"
        return out + ("s" if noun in self.spec["neuter"] else "r")  # "dritter", "sein fünftes"

    def ordinal(self, n: int, suffix: str, before: str, noun: str) -> str:
        """An ordinal in the gender its suffix or noun gives, in the case its article asks."""
        if self.lang == "de" and "ordinal_weak_en" in self.spec:
            if suffix:  # "2ten", "3tes", "20ster": the written ending says the case
                return self.german_ordinal(n, "", "")[:-2] + suffix.lstrip("st")
            return self.german_ordinal(n, before, noun)
        out = self.spanish_ordinal(n) if self.lang == "es" else self.words(n, "ordinal")
        if len(suffix) > 1 and suffix.endswith("s"):  # "los 1.os", "les 2es"
            plural = self._plural_ordinal(out, suffix[:-1])
            if plural:
                return plural
            suffix = suffix[:-1]
        if self.lang == "es":
            return self._spanish_gender(out, suffix, noun)
        if self.lang == "fr" and (suffix in ("re", "ère") or noun in self.feminine_nouns):
            return re.sub(r"premier$", "première", out).replace("second", "seconde")
        if self.lang == "de" and before in self.spec.get("dative_before", ()):
            return out + "n"
        return out

    def _plural_ordinal(self, out: str, suffix: str) -> str:
        """ "los primeros", "las segundas", "les premières": a plural ordinal, or ""."""
        if self.lang == "es":
            feminine = "ª" in suffix or suffix.endswith("a")
            return re.sub(r"o\b", "as" if feminine else "os", out)
        if self.lang == "fr":
            if suffix in ("re", "ère"):
                out = re.sub(r"premier$", "première", out)
            return (out.replace("second", "seconde") if suffix == "nde" else out) + "s"
        return ""

    def _spanish_gender(self, out: str, suffix: str, noun: str) -> str:
        """ "primera", "primer lugar", "el primero de mayo": the form its suffix and noun ask."""
        if "ª" in suffix or suffix.endswith("a") or noun in self.feminine_nouns:
            return re.sub(r"o\b", "a", out)
        before_noun = noun.isalpha() and noun.lower() not in self.spec["ordinal_not_noun"]
        if suffix.endswith(("er", "ᵉʳ")) or before_noun:
            # "primer lugar", "vigésimo primer aniversario"; "el primero de mayo" and
            # "el tercero en llegar" stay.
            return re.sub(r"(prim|terc)ero$", r"\1er", out)
        return out


def _fused(m: re.Match[str]) -> str:
    head = "decimo" if m.group(1) == "déc" else "vigesimo"
    tail = m.group(2)
    return head + (tail[1:] if tail.startswith("o") else tail)


_UNACCENTED = str.maketrans("áéíóú", "aeiou")


@dataclass(frozen=True)
class Language:
    """A language's reader, data and the patterns its classes share."""

    lang: str
    r: Reader
    spec: dict[str, Any]
    thou: str
    dec: str
    num: str
    suffixes: list[str]
    currencies: dict[str, list[str]]
    units: dict[str, list[str]]
    months: list[str]
    abbreviations: dict[str, str]
    symbols: dict[str, str]
    unit_alts: str
    currency_alts: str


@cache
def language(lang: str) -> Language:
    """The reader and shared patterns of ``lang``, built once."""
    r = Reader(lang)
    spec = r.spec
    thou = re.escape(r.thou) if r.thou != " " else "[ \u202f]"
    if spec.get("thousands_space"):
        thou = f"(?:{thou}|[ \u202f])"
    dec = re.escape(r.dec)
    units: dict[str, list[str]] = spec.get("units", {})
    currencies: dict[str, list[str]] = spec["currencies"]
    return Language(
        lang=lang,
        r=r,
        spec=spec,
        thou=thou,
        dec=dec,
        num=rf"(?:[0-9]{{1,3}}(?:{thou}[0-9]{{3}})+(?![0-9])|[0-9]+)(?:{dec}[0-9]+)?",
        suffixes=sorted(spec["ordinal_suffixes"], key=len, reverse=True),
        currencies=currencies,
        units=units,
        months=spec.get("months", []),
        abbreviations=spec.get("month_abbreviations", {}),
        symbols=spec["symbols"],
        # The units and currencies as regex alternatives, longest first; "(?!)" matches nothing.
        unit_alts=alternatives(units) or "(?!)",
        currency_alts=alternatives(currencies) or "(?!)",
    )
