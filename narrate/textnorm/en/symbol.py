"""Signs and marks read by what they mark: section signs, the inch mark, pH, "(Ret.)"."""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from .. import data
from ..text import Cue
from .address import house_number
from .common import _context_sets, _num, has_digit

_NOT_NOUN = re.compile(r"[ \-]([A-Za-z]+)")


def _inch(m: re.Match[str]) -> str:
    """'55" TV' -> "fifty five inch TV", 'up to 2"' -> "two inches"; never a closing quote."""
    line_start = m.string.rfind("\n", 0, m.start()) + 1
    if m.string.count('"', line_start, m.start()) % 2:
        return m.group()  # an open quotation closes here: '"He won 2"'
    a = m.group("a")
    sets = _context_sets()
    before = m.string[max(0, m.start() - 12) : m.start()].split()
    nxt = _NOT_NOUN.match(m.string, m.end())
    adjective = (
        bool(before)
        and before[-1] in sets["before"]
        and nxt is not None
        and nxt.group(1).lower() not in sets["not_noun"]
    )
    return f"{_num(a)} {'inch' if adjective or a == '1' else 'inches'}"


def _section(m: re.Match[str]) -> str:
    """ "§ 1983", "§ 230": a section number is said in pairs, as a statute's is."""
    return f" section {house_number(m.group('n'))}"


def _country(m: re.Match[str]) -> str:
    """ "Kipchoge (KEN)": a team's three-letter code after a name is its country."""
    name = data.load("countries")["codes"].get(m.group("c"))
    return f", {name}," if name else m.group()


def _has_sign(text: str) -> bool:
    return "§" in text


def _has_bracket(text: str) -> bool:
    return "(" in text


def _genus(m: re.Match[str]) -> str:
    """ "E. coli", "S. aureus": an initial before a lower-case word keeps no full stop."""
    return f"{m.group('l')} "


def _has_initial(text: str) -> bool:
    return ". " in text


RULES: dict[str, list[tuple[Any, ...]]] = {
    "words": [
        (r"(?P<l>[A-Z])(?<![\w.][A-Z])\. (?=[a-z]{3,})", _genus, Cue(r"\.(?= [a-z])", "")),
    ],
    "first": [
        (r"§§ ?", lambda m: " sections ", _has_sign),
        (r"§ ?(?P<n>[1-9][0-9]{2,3})(?![\w.,\-])", _section, _has_sign),
        (
            r"\((?=[Rr]et|USA Ret|USN Ret)(?:[Rr]etd?|USA Ret|USN Ret)\.?\)",
            lambda m: ", retired,",
            _has_bracket,
        ),
        (r"\((?<=[\w.] \()(?P<c>[A-Z]{3})\)", _country, _has_bracket),
    ],
    "units": [
        (r"(?P<a>[0-9](?<![\w.,'′][0-9])[0-9]*(?:\.[0-9]+)?)(?:\"|″)(?![\w\"])", _inch, has_digit),
    ],
}


@cache
def _symbols() -> dict[str, str]:
    return data.load("symbols")["en"]


def _symbol(m: re.Match[str]) -> str:
    c = m.group()
    if c == "#":
        nxt = m.string[m.end() : m.end() + 1]
        return " hashtag " if nxt.isalpha() else " number "
    return f" {_symbols()[c]} "


def _hyphen(m: re.Match[str]) -> str:
    s, e = m.start(), m.end()
    text = m.string
    spaced = s > 0 and text[s - 1] == " " and e < len(text) and text[e] == " "
    return ", " if len(m.group()) > 1 or spaced else " "


@cache
def rules() -> dict[str, list[tuple[Any, ...]]]:
    """This class's rules by stage, as (pattern, spoken form[, guard]) rows."""
    return {
        **RULES,
        "footnote": [
            # Footnote markers go before their digits are read; an asterisk between
            # numbers multiplies ("5 * 3").
            (r"\[[0-9]{1,3}\]", lambda m: "", has_digit),
            (r"(?<=[0-9]) ?\* ?(?=[0-9])", lambda m: " times ", has_digit),
        ],
        "symbol": [
            (r"[&+@=<>≤≥≈±×÷%‰°§¶$£€¥#~→√∞π²³]", _symbol),
            # An asterisk standing alone between words is the key or the sign ("press *
            # then 1"). Attached to a word, or opening a line, it marks a footnote or a
            # bullet, and goes with the punctuation.
            (r"(?<=\w )\*(?= \w)", lambda m: " star "),
        ],
        "punctuation": [
            # Brackets and dashes become pauses.
            (r"[(\[{]", lambda m: ", "),
            (r"[)\]}]", lambda m: ", "),
            (r"[–—]", lambda m: ", "),
            (r"-+(?:(?!\w)|(?<!\w-))", _hyphen),
            (r"[*_|\\^•·/]+", lambda m: " "),
        ],
    }
