"""Titles and words written short ("Sra.", "Mme", "Dipl.-Ing.", "d. h.", "bzw.", "etc.")."""

from __future__ import annotations

import re

from .context import stop_ends
from .spec import Rule, spec


def _pattern(key: str) -> str:
    """A written abbreviation as a pattern: "d. h." also matches "d.h."."""
    parts = [re.escape(p.strip()) for p in key.split(".")]
    return r"\. ?".join(parts[:-1]) + r"\." if key.endswith(".") else r"\. ?".join(parts)


def _alternation(keys: dict[str, str]) -> str:
    return "|".join(_pattern(k) for k in sorted(keys, key=len, reverse=True))


def _with_capitals(table: dict[str, str]) -> dict[str, str]:
    """Each lower-case abbreviation also at a sentence's start ("Aprox. 300": "Aproximadamente")."""
    out = dict(table)
    for key, value in table.items():
        if key[:1].islower():
            out.setdefault(key[0].upper() + key[1:], value[0].upper() + value[1:])
    return out


def _lookup(table: dict[str, str], written: str) -> str:
    # "d.h." is looked up as "d. h.": spaces inside an abbreviation are optional.
    if written in table:
        return table[written]
    bare = written.replace(" ", "")
    return next((v for k, v in table.items() if k.replace(" ", "") == bare), written)


def _title_rule(titles: dict[str, str]) -> Rule:
    pattern = re.compile(rf"(?<![\w.])(?:{_alternation(titles)})(?= [^\W\d_]|-[^\W\d_])")

    def title(m: re.Match[str]) -> str:
        # Only before a name: "Fr. 3. Mai" is a Friday, "M. 3" no title.
        nxt = m.string[m.end() + 1 : m.end() + 2]
        if not nxt.isupper():
            return m.group()
        return _lookup(titles, m.group())

    return pattern, title


def _word_rule(words: dict[str, str], lang: str, where: str) -> Rule:
    pattern = re.compile(rf"(?<![\w.])(?:{_alternation(words)}){where}")

    def word(m: re.Match[str]) -> str:
        said = _lookup(words, m.group())
        # "usw. Die Preise": the full stop ends the sentence too and stays.
        return said + ("." if m.group().endswith(".") and stop_ends(m, lang) else "")

    return pattern, word


def _ending_rule(endings: dict[str, str], lang: str) -> Rule:
    # "Hauptstr. 5": a word's ending written short.
    pattern = re.compile(rf"(?<=[^\W\d_])(?:{_alternation(endings)})(?![\w])")

    def ending(m: re.Match[str]) -> str:
        said = endings[m.group()]
        return said + ("." if m.group().endswith(".") and stop_ends(m, lang) else "")

    return pattern, ending


def rules(lang: str) -> list[Rule]:
    """Rules that write out the language's titles and abbreviations."""
    table = spec(lang).get("abbreviations", {})
    out: list[Rule] = []
    titles: dict[str, str] = table.get("titles", {})
    if titles:
        out.append(_title_rule(titles))
    before_number: dict[str, str] = table.get("before_number", {})
    if before_number:  # "Nr. 5", "núm. 12", "S. 3": only before a number
        out.append(_word_rule(_with_capitals(before_number), lang, r"(?= ?[0-9])"))
    words: dict[str, str] = table.get("words", {})
    if words:
        out.append(_word_rule(_with_capitals(words), lang, r"(?![\w])"))
    endings: dict[str, str] = table.get("endings", {})
    if endings:
        out.append(_ending_rule(endings, lang))
    return out
