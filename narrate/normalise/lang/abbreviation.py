"""Titles and words written short ("Sra.", "Mme", "Dipl.-Ing.", "d. h.", "bzw.", "etc.")."""

from __future__ import annotations

import re

from .context import stop_ends
from .priority import Entry, P
from .reader import Language
from .spec import Rule, spec


def _pattern(key: str) -> str:
    """A written abbreviation as a pattern: "d. h." also matches "d.h."."""
    parts = [re.escape(p.strip()) for p in key.split(".")]
    return r"\. ?".join(parts[:-1]) + r"\." if key.endswith(".") else r"\. ?".join(parts)


def _alternation(keys: dict[str, str], behind: str = "?<!", chars: str = r"[\w.]") -> str:
    """The keys as alternatives, longest first, each checking the character before it.

    The check sits after each key's first character, so every alternative starts with a
    character the regex engine can skip ahead to (a look-behind first would make it try
    every position of the text).
    """
    out = []
    for key in sorted(keys, key=len, reverse=True):
        first = re.escape(key[0])
        out.append(f"{first}({behind}{chars}{first}){_pattern(key)[len(first) :]}")
    return "|".join(out)


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


def _opening(m: re.Match[str], said: str) -> str:
    """``said`` with a capital where the written form opened a sentence ("M. Dupont a dit")."""
    head = m.string[max(0, m.start() - 4) : m.start()].rstrip(" ")
    if m.group()[:1].isupper() and (not head or head[-1] in "\n.!?¡¿\"'«(:"):
        return said[:1].upper() + said[1:]
    return said


def _title_rule(titles: dict[str, str], names_only: bool) -> Rule:
    # A title stands before a word ("Sra. de Pérez", "Mme la ministre"), never a number
    # ("Fr. 3. Mai" is a Friday). One that is also a word or a weekday ("Me", "Fr.") only
    # before a name: a capital then a small letter ("Me Dupond"; not "av. J.-C.").
    follows = r"[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ]" if names_only else r"[^\W\d_]"
    pattern = re.compile(rf"(?:{_alternation(titles)})(?= {follows}|-{follows})")
    return pattern, lambda m: _opening(m, _lookup(titles, m.group()))


def _word_rule(words: dict[str, str], lang: str, where: str) -> Rule:
    pattern = re.compile(rf"(?:{_alternation(words)}){where}")

    def word(m: re.Match[str]) -> str:
        said = _lookup(words, m.group())
        # "usw. Die Preise": the full stop ends the sentence too and stays.
        return said + ("." if m.group().endswith(".") and stop_ends(m, lang) else "")

    return pattern, word


def _ending_rule(endings: dict[str, str], lang: str) -> Rule:
    # "Hauptstr. 5": a word's ending written short.
    alts = _alternation(endings, "?<=", r"[^\W\d_]")
    pattern = re.compile(rf"(?:{alts})(?![\w])")

    def ending(m: re.Match[str]) -> str:
        said = endings[m.group()]
        return said + ("." if m.group().endswith(".") and stop_ends(m, lang) else "")

    return pattern, ending


def rules(lang: str) -> list[Rule]:
    """Rules that write out the language's titles and abbreviations."""
    table = spec(lang).get("abbreviations", {})
    out: list[Rule] = []
    names: dict[str, str] = table.get("titles_before_names", {})
    if names:
        out.append(_title_rule(names, names_only=True))
    titles: dict[str, str] = table.get("titles", {})
    if titles:
        out.append(_title_rule(titles, names_only=False))
    before_number: dict[str, str] = table.get("before_number", {})
    if before_number:  # "Nr. 5", "núm. 12", "Mo., 3. Juni": only before a number
        out.append(_word_rule(_with_capitals(before_number), lang, r"(?=,? ?[0-9])"))
    words: dict[str, str] = table.get("words", {})
    if words:
        out.append(_word_rule(_with_capitals(words), lang, r"(?![\w])"))
    endings: dict[str, str] = table.get("endings", {})
    if endings:
        out.append(_ending_rule(endings, lang))
    return out


def build(lx: Language) -> list[Entry]:
    """The rules at their named priority."""
    return [(P.ABBREVIATION, pattern.pattern, fn) for pattern, fn in rules(lx.lang)]
