"""English acronyms and initialisms, and headlines and datelines set in capitals."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache, lru_cache
from typing import Any

from .. import data
from ..numbers import (
    ONES,
    SCALES,
    TENS,
    cardinal,
    ordinal,
)
from ..text import Frozen
from .roman import _REGNAL_LETTERS, ROMAN, _roman_context, roman_value

# Y is a vowel inside a word ("SYRIA") and a consonant before a vowel ("YALE").
_VOWELS = set("AEIOUY")
_ONSETS = frozenset(
    "B BL BR C CH CL CR D DR F FL FR G GL GR H J K KH KL KR L M N P PH PL PR QU R S SC SCH "
    "SCR SH SK SL SM SN SP SPL SPR ST STR SW T TH THR TR TW V W WH WR Y Z ZH".split()
) | {""}
_CODAS = frozenset(
    "B CK CT D DS F FF FT G GS K KS L LD LF LK LL LM LP LS LT M MB MP MS N NC ND NDS NG NGS NK "
    "NS NT NTS P PS PT R RB RC RD RF RG RK RL RM RN RP RS RT RTS S SH SK SM SP SS ST T TH TS "
    "TCH CH X Z ZZ W Y C GH GHT GHTS NGTH NGTHS WTH WN WNS WL WD RTH LTH NCH RCH LCH RST XT "
    "PTH FTH".split()
) | {""}
_CLUSTER = re.compile(r"^Y(?=[AEIOU])|[^AEIOUY]+|[AEIOUY]+")


@lru_cache(maxsize=8192)
def pronounceable(word: str) -> bool:
    """Whether an unknown all-capitals word reads as a word rather than letters."""
    if len(word) < 4 or not any(c in _VOWELS for c in word):
        return False
    parts = _CLUSTER.findall(word)
    if parts[0] == "Y" and len(parts) > 1 and parts[1][0] in _VOWELS:
        parts = ["Y" + parts[1], *parts[2:]] if len(parts) > 2 else ["Y", parts[1]]
    if not _ends_allowed(parts[0], parts[-1]):
        return False
    if len(word) == 4 and parts[0][0] in _VOWELS and len(parts) > 1 and len(parts[1]) > 1:
        return False  # "ACLU", "OSCE": a vowel then a cluster in four letters is spelled
    if not all(_middle_allowed(p) for p in parts[1:-1]):
        return False
    last = parts[-1]
    return not (last[0] in _VOWELS and len(last) > 2)


def _ends_allowed(first: str, last: str) -> bool:
    """Whether a word may start with the cluster ``first`` and end with ``last``."""
    if first[0] not in _VOWELS and first not in _ONSETS and first[0] != "Y":
        return False
    return last[0] in _VOWELS or last in _CODAS or (last.endswith("S") and last[:-1] in _CODAS)


def _middle_allowed(part: str) -> bool:
    """Inside a word: at most two vowels or three consonants in a row."""
    return len(part) <= (2 if part[0] in _VOWELS else 3)


def spell(letters: str) -> str:
    """Spell capitals letter by letter ("CIA" -> "C I A", "R&D" -> "R and D")."""
    return " ".join("and" if c == "&" else c for c in letters if c.isalnum() or c == "&")


@lru_cache(maxsize=8192)
def acronym(word: str) -> str:
    """Spoken form of an all-capitals token: listed word, pronounceable word, or letters."""
    table = data.load("acronyms")
    if word in table["words"]:
        return table["words"][word]
    if word in table["spelled"]["letters"]:
        return spell(word)
    if "&" not in word and pronounceable(word):
        return word
    return spell(word)


def _caps(m: re.Match[str]) -> str:
    a, s, hy = m.group("a", "s", "hy")
    s = s or ""
    spoken = acronym(a)
    if s and spoken != a:
        if spoken.endswith(("s", "S")) and s == "s" and spoken[-2:-1] == " ":
            s = "'s"
        spoken += s
    elif s:
        spoken += s
    return spoken + (" " if hy else "")


_CAPS_NEIGHBOUR = re.compile(r"[A-Z][A-Z]+")  # not "{2,}": a leading class scans faster
# "LOS ANGELES —", "WASHINGTON (AP) —", "KYIV, Ukraine (Reuters) -": a dateline.
_DATELINE = re.compile(
    r"[A-Z][A-Z.'\-]*(?: [A-Z][A-Z.'\-]*)*(?:, [A-Z][A-Za-z.]*(?: [A-Z][A-Za-z.]*)*)?"
    r"(?: \([A-Za-z ]+\))? *[—–\-] "
)


@cache
def _spelled_in_capitals() -> frozenset[str]:
    table = data.load("acronyms")
    return frozenset(table["initialisms"]["letters"]) | frozenset(table["spelled"]["letters"])


def _word_in_capitals(word: str) -> bool:
    """In a line set in capitals, a word is read as a word unless it is a known initialism."""
    if word in data.words("caps_words"):
        return True
    if word in _spelled_in_capitals() or word in data.load("acronyms")["words"]:
        return False
    return len(word) > 1 and any(c in _VOWELS for c in word) and not _letters_by_shape(word)


def _letters_by_shape(word: str) -> bool:
    """Whether a three-letter word in capitals can only be letters ("FAA", "FBI", "IMF", "DOJ")."""
    if len(word) != 3:
        return False
    if word[1] == word[2] and word[2] in "AIU":
        return True  # no English word ends in "AA", "II" or "UU"
    parts = _CLUSTER.findall(word)
    first, last = parts[0], parts[-1]
    if first[0] not in _VOWELS and first not in _ONSETS:
        return True  # "FBI", "NFL": no word starts so
    # "IMF", "DOJ": no word ends so
    return len(parts) > 1 and last[0] not in _VOWELS and last not in _CODAS


_ROMAN_LETTERS = frozenset("IVXLCDM")
# "WHO:" opening a headline, or "WHO WARNS": the organisation, not the pronoun.
_WHO_SAYS = re.compile(r"(?::| (?!WAS |HAS |DOES )[A-Z]{2,}S(?![A-Z]))")


# A label opening a headline: "UPDATE:", "BREAKING:", "UPDATE 2:".
_LABEL = re.compile(r"[\"' ]*(?:[A-Z][A-Z0-9 ]*: *)?")


def _organisation(w: re.Match[str]) -> bool:
    label = _LABEL.match(w.string, 0, w.start())
    at_start = label is not None and label.end() == w.start()
    return at_start and _WHO_SAYS.match(w.string, w.end()) is not None


_LINE = re.compile(r"[^\n]+")
_CAPS_TOKEN = re.compile(r"(?<![\w&])[A-Z]{2,}(?![\w&])")
_PREVIOUS_CAPS = re.compile(r"([A-Z]+) $")


def _capital_lines(frozen: Frozen) -> Callable[[re.Match[str]], str]:
    """Words of a headline or dateline set in capitals are read as words, each on its own.

    Decided on the line as written, before any other rule rewrites part of it, and the
    words kept are frozen: no later rule (or a later count of capitals) can change them.
    """

    def rule(m: re.Match[str]) -> str:
        line = m.group()
        dateline = _DATELINE.match(line)
        if dateline:
            head, tail = line[: dateline.end()], line[dateline.end() :]
            return _CAPS_TOKEN.sub(lambda w: keep(w, title=True), head) + tail
        if not _headline(line):
            return line
        return _CAPS_TOKEN.sub(lambda w: keep(w, title=False), line)

    def keep(w: re.Match[str], title: bool) -> str:
        token = w.group()
        if len(token) <= 5 and set(token) <= _ROMAN_LETTERS and ROMAN.fullmatch(token):
            # "WORLD WAR II", "CHAPTER IV", "HENRY VIII": the numeral after a capitalised word.
            prev = _PREVIOUS_CAPS.search(w.string, max(0, w.start() - 40), w.start())
            word = prev.group(1).capitalize() if prev else ""
            regnal, card = _roman_context()
            # Said in capitals like the rest of the line, so the line stays a headline.
            if word in card:
                return frozen.freeze(cardinal(roman_value(token)).upper())
            if word in regnal and set(token) <= _REGNAL_LETTERS:
                return frozen.freeze("THE " + ordinal(roman_value(token)).upper())
            if not set(token) <= _REGNAL_LETTERS:
                return frozen.freeze(token)  # "MIX", "CD": a word or an initialism
            return token
        if token == "WHO" and _organisation(w):
            return token  # "WHO: ..." the World Health Organization, spelled
        if not _word_in_capitals(token):
            return token  # an initialism: the acronym rule spells it
        # A dateline's place is written as a name, so it reads as words once its dash is gone.
        return frozen.freeze(token.title() if title else token)

    return rule


# Words the rules write in lower case inside a headline ("2 DEAD" -> "two DEAD"): they do not
# count against the line being set in capitals, so a second pass reads it the same way.
_SPOKEN_LOWER = frozenset(
    [*ONES, *TENS[2:], *SCALES[1:], "hundred", "point", "minus", "percent", "dollars", "dollar"]
)
_LOWER_WORD = re.compile(r"[a-z]+")


# Letters A-Z and a-z are counted in the UTF-8 bytes, where no other character has them.
_UPPER = bytes(range(ord("A"), ord("Z") + 1))
_LOWER = bytes(range(ord("a"), ord("z") + 1))


def _headline(line: str) -> bool:
    # Counted by the regex engine: this runs on every line of every article.
    for caps, _ in enumerate(_CAPS_NEIGHBOUR.finditer(line), 1):
        if caps == 3:
            break
    else:
        return False  # most lines: fewer than three words in capitals
    raw = line.encode("utf-8", "surrogatepass")
    upper = len(raw) - len(raw.translate(None, _UPPER))
    lower = len(raw) - len(raw.translate(None, _LOWER))
    if lower > upper:
        return False
    letters = upper + lower
    if upper >= 0.8 * letters:
        return True
    spoken = sum(len(w) for w in _LOWER_WORD.findall(line) if w in _SPOKEN_LOWER)
    # Acronyms the rules write as words ("NASDAQ" -> "Nasdaq") count as capitals.
    spoken += sum(len(w) - 1 for w in _TITLE_WORD.findall(line) if w in _acronym_words())
    return upper >= 0.8 * (letters - spoken)


_TITLE_WORD = re.compile(r"[A-Z][a-z]+")


@cache
def _acronym_words() -> frozenset[str]:
    # "Nasdaq", and the words of "World War two" (WWII) that are capitalised.
    values = data.load("acronyms")["words"].values()
    return frozenset(w for v in values for w in v.split() if w.istitle())


@cache
def rules() -> dict[str, list[tuple[Any, ...]]]:
    """This class's rules by stage, as (pattern, spoken form[, guard]) rows."""
    return {
        "acronym": [
            # All-capitals words: spelled, or read as words.
            (
                r"(?P<a>[A-Z](?<![\w&][A-Z])(?:[A-Z]+(?:&[A-Z]+)*|(?:&[A-Z]+)+))(?P<s>'s|s'|s)?"
                r"(?![\w&])(?P<hy>-(?=[a-z]))?",
                _caps,
            ),
        ],
    }
