"""Roman numerals: regnal names, centuries, ordinals after an article, a team's count."""

from __future__ import annotations

import re

from ..english import ROMAN as _ROMAN
from ..english import roman_value as _roman_value
from .context import after as _after
from .context import before as _before
from .context import sentence_ends as _sentence_ends
from .priority import Entry, Fn, P
from .reader import _FEMININE_NAMES, Language, _regnal_names


def build(lx: Language) -> list[Entry]:
    """The rules of this class for one language, each at its named priority."""
    r = lx.r
    spec = lx.spec
    lang = lx.lang
    out: list[Entry] = []

    def add(slot: P, entry: tuple[str, Fn]) -> None:
        out.append((slot, *entry))

    articles: dict[str, str] = spec.get("ordinal_articles", {})
    not_noun = frozenset(spec.get("roman_not_noun", ()))

    def article_noun(m: re.Match[str], numeral: str, low: str, dot: str | None) -> str:
        """The noun a numeral after an article counts as an ordinal ("la II República"), or ""."""
        noun = _after(m)
        if dot or not noun or low not in articles:
            return ""
        if noun.lower() in not_noun or noun.isupper():
            return ""
        # I, V and X make every numeral up to 39; with L only longer ones ("XLV"): "XL" is a
        # size, and numerals with C, D or M are initialisms far more often ("el CD", "MIX").
        if not (set(numeral) <= set("IVX") or len(numeral) > 2 and set(numeral) <= set("IVXL")):
            return ""
        return noun.lower()

    def noun_feminine(gender: str, low_noun: str) -> bool:
        known = low_noun in spec["feminine"] or low_noun[:-1] in spec["feminine"]
        if not known and low_noun not in spec["masculine"]:
            known = low_noun.endswith(tuple(spec.get("feminine_endings", ())))
        return "feminine" in gender or not gender.startswith("masculine") and known

    def article_roman(m: re.Match[str], numeral: str, value: int, low: str, dot: str | None) -> str:
        """ "el XI apóstol", "la II República": an ordinal; "el XI inicial": a team's count."""
        noun = _after(m)
        team = numeral in spec.get("roman_team", ()) and low in spec.get("roman_team_before", ())
        if noun and not dot and team and noun.lower() in spec.get("roman_team_after", ()):
            return r.words(value)
        low_noun = article_noun(m, numeral, low, dot)
        if not low_noun:
            return ""
        gender = articles[low]
        feminine = noun_feminine(gender, low_noun)
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
        if not is_regnal(m, numeral, prev, dot):
            return m.group()
        return regnal(m, value, prev, dot)

    def is_regnal(m: re.Match[str], numeral: str, prev: str, dot: str | None) -> bool:
        """Whether the numeral follows a name ("Felipe VI"; "Jean-Paul II": its last part)."""
        name = prev.rsplit("-", 1)[-1]
        known = name in _regnal_names()
        if not known and not name[1:].islower():
            return False
        capital = name[:1].isupper()
        # German marks the ordinal with a full stop: "Karl V. herrschte" (a verb follows).
        german = lang == "de" and bool(dot) and capital and _after(m)[:1].islower()
        return known or len(numeral) > 1 and set(numeral) <= set("IVX") and capital or german

    def regnal(m: re.Match[str], value: int, prev: str, dot: str | None) -> str:
        """ "Felipe sexto", "Louis quatorze", "Karl der Fünfte"."""
        end = "." if dot and _sentence_ends(m) else ""
        if lang == "de":
            return f"der {r.words(value, 'ordinal').capitalize()}{end}"
        if value > spec.get("regnal_ordinal_max", 0):
            return r.words(value) + end
        spoken = r.words(value, "ordinal")
        if lang == "fr" and prev in _FEMININE_NAMES:
            spoken = spoken.replace("premier", "première")
        if lang == "es" and prev in _FEMININE_NAMES:
            spoken = re.sub(r"o\b", "a", spoken)
        return spoken + end

    if "score" in spec:
        if spec.get("century_abbreviation"):  # "el s. XIX": "el siglo diecinueve"
            add(
                P.ROMAN,
                (
                    rf"(?<![\w.]){re.escape(spec['century_abbreviation'])} (?=[IVXLC]+\b)",
                    lambda m: f"{spec['century_words'][0]} ",
                ),
            )
        add(
            P.ROMAN,
            (
                r"(?<![\w.])(?P<r>[IVXLCDM]+)(?P<suf>(?<=[IVX])(?:er|re|ère|e|ème))?"
                r"(?P<dot>\.(?= ))?(?![\w])",
                roman,
            ),
        )
    return out
