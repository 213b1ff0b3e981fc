"""Signs and marks read by what they mark: section signs, the inch mark, pH, "(Ret.)"."""

from __future__ import annotations

import re

from .. import data
from ..english import _context_sets, _num, has_digit, house_number
from ..text import Cue

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


RULES = {
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
