"""Pieces every English class shares: number patterns, the words around a match, context."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache

from .. import data
from ..numbers import (
    ONES,
    cardinal,
    cardinal_str,
    decimal,
    year,
)
from ..text import alternatives

# A rule's guard, when it has one, tells whether the text can hold a match at all: a rule
# whose guard says no is skipped (the second, confirming pass has no digits left to read).
Guard = Callable[[str], object]
Rule = tuple[re.Pattern[str], Callable[[re.Match[str]], str], Guard | None]

# Integer with optional thousands separators, then optional decimal part.
INT = r"(?:[0-9]{1,3}(?:,[0-9]{3})+(?![0-9])|[0-9]+)"
NUM = rf"{INT}(?:\.[0-9]+)?"


def has_digit(text: str) -> bool:
    """Whether ``text`` holds an ASCII digit, which every number rule's match needs."""
    return any(d in text for d in "0123456789")


def _num(s: str) -> str:
    """Read a written number ("8,000", "3.14", "007")."""
    s = s.replace(",", "")
    if "." in s:
        whole, _, frac = s.partition(".")
        return decimal(whole, frac)
    return cardinal_str(s)


_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z']*)[^A-Za-z0-9\n]{0,3}$")
_WORD_AFTER = re.compile(r"^[ \-]{0,2}([A-Za-z][A-Za-z']*)")


def word_before(m: re.Match[str], start: int | None = None) -> str:
    """The word just before a match (within a short window), or ""."""
    s = m.start() if start is None else start
    w = _WORD_BEFORE.search(m.string, max(0, s - 24), s)
    return w.group(1) if w else ""


def word_after(m: re.Match[str], end: int | None = None) -> str:
    """The word just after a match (within a short window), or ""."""
    e = m.end() if end is None else end
    w = _WORD_AFTER.match(m.string[e : e + 24])
    return w.group(1) if w else ""


def _ends_sentence(m: re.Match[str]) -> bool:
    """Whether a trailing period of an abbreviation also ends the sentence."""
    rest = m.string[m.end() : m.end() + 24]
    stripped = rest.lstrip(" ")
    if not stripped or stripped[0] == "\n":
        return True
    if stripped[0] in "\"'":
        return True
    nxt = word_after(m)
    return bool(nxt) and nxt in data.words("sentence_starters")


def _keep_period(m: re.Match[str], spoken: str) -> str:
    return spoken + "." if m.group().endswith(".") and _ends_sentence(m) else spoken


@cache
def _context_sets() -> dict[str, frozenset[str]]:
    ctx = data.load("context")
    return {
        "before": frozenset(ctx["adjective"]["before"]),
        "not_noun": frozenset(ctx["adjective"]["not_noun"]),
        "makers": frozenset(w.split()[-1] for w in ctx["models"]["makers"])
        | frozenset(ctx["models"]["named"]),
        "model_after": frozenset(ctx["models"]["after"]),
        "streets": frozenset(ctx["models"]["streets"]),
        "zip_before": frozenset(ctx["models"]["zip_before"]),
        "or_words": frozenset(ctx["slash"]["or_words"]),
    }


_DETERMINER = re.compile(r"(?:^|(?<=[^\w]))([A-Za-z]+) $")
_NOUN_AFTER = re.compile(r"[ \-]([a-z][a-z]*)(?!\w)")


def _adjective(m: re.Match[str]) -> bool:
    """Whether an amount with a unit stands between a determiner and the noun it describes.

    "a 10 mg dose", "a $1.5 billion deal": a newsreader says the unit in the singular.
    """
    sets = _context_sets()
    w = _DETERMINER.search(m.string, max(0, m.start() - 12), m.start())
    if not w or w.group(1) not in sets["before"]:
        return False
    nxt = _NOUN_AFTER.match(m.string, m.end())
    return nxt is not None and nxt.group(1) not in sets["not_noun"]


def model_number(n: str) -> str:
    """A model or street number as said ("787" -> "seven eighty seven", "1600" as a year)."""
    if len(n) == 4:
        return year(int(n))
    if len(n) != 3 or n[0] == "0":
        return cardinal_str(n)
    head, rest = ONES[int(n[0])], int(n[1:])
    if rest == 0:
        return cardinal(int(n))
    if rest < 10:
        return f"{head} oh {ONES[rest]}"
    return f"{head} {cardinal(rest)}"


# --- acronyms ---------------------------------------------------------------------------


def _currencies() -> dict[str, list[str]]:
    return data.load("currencies")["prefix"]


@cache
def unit_names() -> dict[str, list[str]]:
    """Each written unit with its singular and plural, case variants, areas and volumes included."""
    units = data.load("units")
    names = dict(units["units"])
    for u in units["variants"]["any_case"]:
        for form in (u.upper(), u.capitalize()):
            names.setdefault(form, names[u])
    for short, word in (("sq", "square"), ("cu", "cubic")):
        for length, (one, many) in units["lengths"].items():
            spoken = [f"{word} {one}", f"{word} {many}"]
            for form in (f"{short} {length}", f"{short}. {length}"):
                names.setdefault(form, spoken)
                names.setdefault(f"{form}.", spoken)
            if short == "sq":  # "100 sqm", "1,200 sqft"
                names.setdefault(f"sq{length}", spoken)
    return names


def _scale_word(s: str | None) -> str:
    if not s:
        return ""
    scales = data.load("units")["scales"]
    return scales.get(s) or scales.get(s.lower(), s)  # "$5 BILLION", "$2 Million"


def _counted_after(m: re.Match[str]) -> bool:
    """Whether the word after a match is a plural noun that counts things ("people")."""
    nxt = word_after(m)
    low = nxt.lower()
    if low in data.words("count_nouns"):
        return True
    return nxt.islower() and low.endswith("s") and not low.endswith("ss") and len(low) > 3


# Patterns begin with a plain character class and check the character before it with a
# look-behind placed after it: the regex engine then skips quickly to candidate positions,
# and a match can still only start at a token boundary (so the scan stays linear).
_NUM_REST = r"(?:[0-9]{0,2}(?:,[0-9]{3})+(?![0-9])|[0-9]*)"


def _first(not_after: str) -> str:
    """A digit not preceded by a character of the class ``not_after``."""
    return f"[0-9](?<!{not_after}[0-9])"


def _int_re(not_after: str) -> str:
    return _first(not_after) + _NUM_REST


def _num_re(not_after: str) -> str:
    return _int_re(not_after) + r"(?:\.[0-9]+)?"


def _unless_after(chars: str, fn: Callable[[re.Match[str]], str]) -> Callable[[re.Match[str]], str]:
    """Apply ``fn`` only when the match does not follow one of ``chars`` (a class body)."""
    before = re.compile(f"[{chars}]")

    def rule(m: re.Match[str]) -> str:
        s = m.start()
        if s and before.match(m.string, s - 1):
            return m.group()
        return fn(m)

    return rule


# Characters that may not precede a number for each rule (look-behind classes).
W_DC, W_DCC, W_SDC, W_DCH, W_D = r"[\w.,]", r"[\w.,:]", r"[\w/.,]", r"[\w.,\-]", r"[\w.]"
# A range may repeat the sign on its left: "4.25%-4.5%".
RNG = rf"(?: ?%?(?: ?(?:-|–|to) ?(?P<b>{NUM})))?"
# A fraction, with a whole number before it when there is one: "3/4", "2 1/2"; two
# spaces where a vulgar fraction followed one ("3 ½" is cleaned to "3  1/2").
FRAC = rf"(?P<x>{_first(W_SDC)}[0-9]*)(?:  ?(?P<y>[0-9]+))?/(?P<b>[0-9]+)"


@cache
def alternation(kind: str) -> str:
    """A regex alternation of the written forms of one kind, from the data files."""
    if kind == "unit":
        return alternatives(unit_names())
    if kind == "scale":
        scales = data.load("units")["scales"]
        return alternatives(k for k in scales if not k.isalpha() or len(k) <= 3)
    if kind == "currency":
        return alternatives(_currencies())
    if kind == "suffix":
        return alternatives(data.load("currencies")["suffix"])
    if kind == "before_number":
        return alternatives(data.load("abbreviations")["before_number"])
    if kind == "fixed":
        return alternatives(data.load("special")["fixed"])
    # Abbreviations written without a period ("vs", "PhD", "w/") are matched as words.
    table = [*data.load("abbreviations")["always"], *data.load("initialisms")["spoken"]]
    return alternatives((k for k in table if not k.endswith(".")), not_after=r"[\w.]")
