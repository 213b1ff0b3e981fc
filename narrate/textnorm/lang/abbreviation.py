"""Titles and words written short ("Sra.", "Mme", "Dipl.-Ing.", "d. h.", "bzw.", "etc.")."""

from __future__ import annotations

import re
from collections.abc import Callable

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


Kind = tuple[str, Callable[[re.Match[str]], str]]


def _title(titles: dict[str, str], names_only: bool) -> Kind:
    # A title stands before a word ("Sra. de Pérez", "Mme la ministre"), never a number
    # ("Fr. 3. Mai" is a Friday). One that is also a word or a weekday ("Me", "Fr.") only
    # before a name: a capital then a small letter ("Me Dupond"; not "av. J.-C.").
    follows = r"[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ]" if names_only else r"[^\W\d_]"
    pattern = rf"(?:{_alternation(titles)})(?= {follows}|-{follows})"
    return pattern, lambda m: _opening(m, _lookup(titles, m.group()))


def _word(words: dict[str, str], lang: str, where: str) -> Kind:
    def word(m: re.Match[str]) -> str:
        said = _lookup(words, m.group())
        # "usw. Die Preise": the full stop ends the sentence too and stays.
        return said + ("." if m.group().endswith(".") and stop_ends(m, lang) else "")

    return rf"(?:{_alternation(words)}){where}", word


def _ending(endings: dict[str, str], lang: str) -> Kind:
    # "Hauptstr. 5": a word's ending written short.
    def ending(m: re.Match[str]) -> str:
        said = endings[m.group()]
        return said + ("." if m.group().endswith(".") and stop_ends(m, lang) else "")

    return rf"(?:{_alternation(endings, '?<=', _LETTER)})(?![\w])", ending


_LETTER = r"[^\W\d_]"


def rules(lang: str) -> list[Rule]:
    """One rule that writes out the language's titles and abbreviations, kind by kind.

    The kinds are alternatives of one pattern (read in one pass over the text), named so
    that a match is read the way its kind says; at one place the first kind listed wins.
    """
    table = spec(lang).get("abbreviations", {})
    kinds: dict[str, Kind] = {}
    if table.get("titles_before_names"):
        kinds["names"] = _title(table["titles_before_names"], names_only=True)
    if table.get("titles"):
        kinds["titles"] = _title(table["titles"], names_only=False)
    if table.get("before_number"):  # "Nr. 5", "núm. 12", "Mo., 3. Juni": before a number
        kinds["numbered"] = _word(_with_capitals(table["before_number"]), lang, r"(?=,? ?[0-9])")
    if table.get("words"):
        kinds["words"] = _word(_with_capitals(table["words"]), lang, r"(?![\w])")
    if table.get("endings"):
        kinds["endings"] = _ending(table["endings"], lang)
    if not kinds:
        return []
    pattern = re.compile("|".join(f"(?P<{name}>{p})" for name, (p, _) in kinds.items()))
    return [(pattern, lambda m: kinds[str(m.lastgroup)][1](m))]


def build(lx: Language) -> list[Entry]:
    """The rules at their named priority."""
    return [(P.ABBREVIATION, pattern.pattern, fn) for pattern, fn in rules(lx.lang)]
