"""Numbers that name rather than count: versions, dockets, aircraft variants, service lines."""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from .. import data
from ..numbers import cardinal_str, digits, plural_words, year
from ..text import Cue
from .acronym import acronym
from .address import house_number
from .common import _context_sets, _num, has_digit, model_number, word_after, word_before

# Words before a dotted number of four groups that make it a version, not an IP address.
_VERSION_WORDS = frozenset(
    "version versions Version release Release firmware Firmware build Build update Update "
    "patch Patch v V".split()
)


def _group(g: str) -> str:
    return digits(g) if len(g) > 1 and g[0] == "0" else cardinal_str(g)


def _version(m: re.Match[str]) -> str:
    """ "v4.0.2" -> "version four point zero point two", "iOS 17.4.1", "Node 20.11.1"."""
    v, body = m.group("v", "body")
    if v.isdigit():
        v, body = "", v + body
    groups = body.split(".")
    if not v and len(groups) == 2:
        return m.group()  # "3.12": a decimal, read by the number rules
    if len(groups) == 3 and not v:
        first, mid, last = (int(g) for g in groups)
        if len(groups[2]) == 4 and mid <= 12 and first <= 31 or len(groups[0]) == 4:
            return m.group()  # "01.10.2010", "2016.07.03": a date
    named = v or word_before(m) in _VERSION_WORDS
    if len(groups) == 4 and not named:
        return m.group()  # "192.168.1.1": an address, read by the IP rule
    if not named and any(len(g) > 2 for g in groups[1:]):
        return m.group()  # "555.123.4567": a telephone number
    spoken = " point ".join(_group(g) for g in groups)
    return f"version {spoken}" if v else spoken


def _court_case(m: re.Match[str]) -> str:
    """ "1:22-cv-00125": a federal case number (office, year, kind, sequence)."""
    office, yr, kind, n = m.group("o", "y", "k", "n")
    return f"{cardinal_str(office)} {cardinal_str(yr)} {' '.join(kind.upper())} {digits(n)}"


def _number_sign(m: re.Match[str]) -> str:
    """ "No." before a docket or case number, read before the number is."""
    return "numbers " if m.group().startswith("Nos") else "number "


# Words before "No. 23-1122" or "23-1122" that make it a docket or case number.
_DOCKET_WORDS = frozenset(
    "docket Docket case Case cases Cases petition Petition appeal number numbers".split()
)


def _docket(m: re.Match[str]) -> str:
    """ "No. 23-1122" -> "number twenty three eleven twenty two": a docket, never a range."""
    a, b = m.group("a", "b")
    if word_before(m) not in _DOCKET_WORDS:
        return m.group()
    serial = digits(b) if len(b) > 4 else house_number(b)
    return f"{cardinal_str(a)} {serial}"


def _makers() -> frozenset[str]:

    return _context_sets()["makers"]


def _variant(m: re.Match[str]) -> str:
    """ "737-800" -> "seven thirty seven eight hundred", "787-9": a model and its variant."""
    model, variant = m.group("m", "v")
    boeing = model[0] == "7" and model[2] == "7"
    if not boeing and word_before(m) not in _makers():
        return m.group()  # "300-400 people": a range
    return f"{model_number(model)} {cardinal_str(variant)}"


# Three-digit lines that people dial and say digit by digit ("nine one one").
_SERVICE_BEFORE = frozenset(
    "call calls called calling dial dials dialed dialing dialled text texted texting to the "
    "a via contact contacted reach reached Call Dial Text".split()
)
_SERVICE_AFTER = frozenset(
    "line lines hotline hotlines service services call calls caller callers operator "
    "operators dispatcher dispatchers dispatch center centers centre system number".split()
)


def _service(m: re.Match[str]) -> str:
    """ "call 311", "the 988 line": a service number, said digit by digit."""
    before, after = word_before(m), word_after(m).lower()
    if before in _makers():
        return m.group()  # "Porsche 911": a model, read by the model rule
    if after in _SERVICE_AFTER:
        return digits(m.group())
    if m.group() == "911":  # the emergency number unless it counts ("911 points")
        return m.group() if _counted_after(m) else digits(m.group())
    if before in _SERVICE_BEFORE and not _counted_after(m):
        return digits(m.group())
    return m.group()


# "2.3M views", "450K users": a glued scale letter after a number that counts.
_SCALE = {"K": "thousand", "k": "thousand", "M": "million", "B": "billion", "b": "billion"}
# After "5K"/"4k": a race or a picture, not thousands.
_K_NOUNS = frozenset(
    "race races run runs walk walks TV TVs video videos resolution screen screens display "
    "displays monitor monitors camera cameras footage stream streaming gold version "
    "versions content".split()
)


def _suffixed(m: re.Match[str]) -> str:
    a, s = m.group("a", "s")
    nxt = word_after(m)
    if s in "Kk" and nxt in _K_NOUNS:
        return f"{_read(a)} K"
    if s == "K" and "." not in a and not (nxt.islower() and nxt not in _not_nouns()):
        return m.group()  # "4K and 1080i": a resolution, unless things are counted
    if s in "MBb" and "." not in a and not _counts_ahead(m):
        return m.group()  # "3M", "4B": a company or a room, unless things are counted
    return f"{_read(a)} {_SCALE[s]}"


def _not_nouns() -> frozenset[str]:

    return _context_sets()["not_noun"]


def _counted_after(m: re.Match[str]) -> bool:
    from .common import _counted_after as counted

    return counted(m)


_TWO_WORDS = re.compile(r" ([a-z]+)(?: ([a-z]+))?")


def _counts_ahead(m: re.Match[str]) -> bool:
    """Whether a counted plural follows, at once or after one word ("2B monthly users")."""
    ahead = _TWO_WORDS.match(m.string, m.end())
    if not ahead:
        return False
    return any(
        w and w.endswith("s") and not w.endswith("ss") and len(w) > 3 for w in ahead.groups()
    )


def _read(a: str) -> str:

    return _num(a)


RULES: dict[str, list[tuple[Any, ...]]] = {
    "first": [
        # "No." before a docket ("No. 23-1122") or a case number ("No. 1:22-cv-00125").
        (
            r"[Nn](?<![\w.][Nn])os?\. ?"
            r"(?=[0-9]{1,2}-[0-9]{3,5}(?![\w\-])|[0-9]:[0-9]{2}-[a-z]{2,3}-[0-9])",
            _number_sign,
            Cue(r"\.(?= ?[0-9])", ""),
        ),
        (
            r"(?P<o>[0-9])(?<![\w.,:\-][0-9]):(?P<y>[0-9]{2})-(?P<k>[a-z]{2,3})-(?P<n>[0-9]{3,6})"
            r"(?![\w\-])",
            _court_case,
            Cue(r":(?=[0-9]{2}-[a-z])", ""),
        ),
        (
            # "v" then one dot or more ("v3.0"), or three groups and more ("4.0.2").
            r"(?P<v>[vV0-9])(?<![\w.][vV0-9])"
            r"(?P<body>(?<=[vV])[0-9]+(?:\.[0-9]+)+|(?<=[0-9])[0-9]*(?:\.[0-9]+){2,})"
            r"(?![\w]|\.[0-9])",
            _version,
            Cue(r"\.(?=[0-9])", ""),
        ),
    ],
    "units": [
        (
            r"(?P<a>[0-9](?<![\w.,$£€¥₹\-–][0-9])[0-9]*(?:\.[0-9]+)?)(?P<s>[KMBkb])"
            r"(?![\w]| ?[-–] ?[$0-9])",
            _suffixed,
            has_digit,
        ),
    ],
    "numbers": [
        (
            r"(?P<a>[0-9](?<![\w.,\-][0-9])[0-9]?)-(?P<b>[0-9]{3,5})(?![\w\-])",
            _docket,
            Cue(r"-(?=[0-9]{3})", ""),
        ),
        (
            r"(?P<m>[1-9](?<![\w.,\-][1-9])[0-9]{2})-(?P<v>[1-9](?:00|000)?)(?![\w\-])",
            _variant,
            has_digit,
        ),
        (
            r"[2-9](?<![\w.,$£€¥₹/\-][2-9])(?:11|(?<=9)88)(?![\w\-/]|[.,][0-9])",
            _service,
            has_digit,
        ),
    ],
}


_CODE_PARTS = re.compile(r"[0-9]+|[A-Za-z]+")


def _code(m: re.Match[str]) -> str:
    """Mixed letters and digits: "MH17", "F-35", "COVID-19", "6-year-old", "x64"."""
    parts = _CODE_PARTS.findall(m.group())
    out: list[str] = []
    for i, p in enumerate(parts):
        prev = parts[i - 1] if i else ""
        if p.isdigit():
            out.append(_code_number(p, prev, parts[i + 1] if i + 1 < len(parts) else ""))
        elif p == "s" and prev.isdigit():
            out[-1] = plural_words(out[-1])
        elif p == "x" and i == len(parts) - 1 and prev.isdigit():
            out.append("times")
        else:
            out.append(_code_letters(p))
    return " ".join(out)


def _code_number(p: str, prev: str, nxt: str) -> str:
    """The digits of a code, by the letters around them."""
    year_like = prev.islower() or nxt.islower() or prev in data.words("year_words")
    if len(p) == 4 and 1000 <= int(p) <= 2099 and year_like:  # "FY2020" too
        return year(int(p))
    if len(p) == 3 and (prev.isupper() or (nxt == "s" and p[-1] != "0")):
        return model_number(p)  # "A320", "F-150", "MH370", "747s"
    return cardinal_str(p)


_SHORT_WORDS = frozenset(("a", "an", "to", "in", "on", "of", "by"))


def _code_letters(p: str) -> str:
    """The letters of a code: an acronym, short lower-case letters spelled, or a word."""
    if p.isupper():
        return acronym(p) if len(p) > 1 else p
    if p.islower() and len(p) <= 2 and p not in _SHORT_WORDS:
        return " ".join(p)
    return p


@cache
def rules() -> dict[str, list[tuple[Any, ...]]]:
    """This class's rules by stage, as (pattern, spoken form[, guard]) rows."""
    return {
        **RULES,
        "code": [
            # Mixed letters and digits, including number-word compounds ("6-year-old").
            (
                r"[A-Za-z0-9](?<![\w.,\-][A-Za-z0-9])"
                r"(?=(?<=[A-Za-z])[A-Za-z]*-?[0-9]|(?<=[0-9])[0-9]*-?[A-Za-z])"
                r"[A-Za-z0-9]*(?:-[A-Za-z0-9]+)*(?![\w])",
                _code,
                Cue("[0-9][0-9]*", ".-", needs=has_digit),  # its first digits, after any letters
            ),
        ],
    }
