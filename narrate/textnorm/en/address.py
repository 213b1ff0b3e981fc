"""English addresses: house numbers, street kinds, compass quadrants, states, party labels."""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from .. import data
from ..numbers import (
    cardinal,
    cardinal_str,
    digits,
)
from ..text import alternatives
from .common import _ends_sentence, has_digit, model_number


@cache
def _states() -> dict[str, str]:
    table = data.load("abbreviations")
    states = {**table["postal"], **table["after_comma"]}
    states.update({name: name for name in table["postal"].values()})
    return states


_DIRECTIONS = {"N": "North", "S": "South", "E": "East", "W": "West"}
# The street kinds of US addresses, as the Postal Service abbreviates them.
_STREET_WORDS = {
    "St": "Street", "st": "Street", "ST": "Street", "Ave": "Avenue", "Av": "Avenue",
    "ave": "Avenue", "Ct": "Court", "Rd": "Road", "Blvd": "Boulevard", "Dr": "Drive",
    "Ln": "Lane", "Expy": "Expressway", "Fwy": "Freeway", "Hwy": "Highway", "hwy": "Highway",
    "Pkwy": "Parkway", "Pl": "Place", "Ter": "Terrace", "Sq": "Square", "Cir": "Circle",
    "Ctr": "Center", "Jct": "Junction", "Trl": "Trail", "Plz": "Plaza", "Cres": "Crescent",
    "Aly": "Alley", "Byp": "Bypass", "Cswy": "Causeway", "Crk": "Creek", "Cv": "Cove",
    "Cyn": "Canyon", "Gdns": "Gardens", "Hbr": "Harbor", "Hts": "Heights", "Holw": "Hollow",
    "Lndg": "Landing", "Mdw": "Meadow", "Mnr": "Manor", "Mtn": "Mountain", "Pt": "Point",
    "Rdg": "Ridge", "Rte": "Route", "Sta": "Station", "Tpke": "Turnpike", "Trce": "Trace",
    "Vly": "Valley", "Vw": "View", "Vlg": "Village", "Xing": "Crossing", "Xrd": "Crossroad",
}  # fmt: skip
_STREET_KINDS = frozenset(_STREET_WORDS) | frozenset(_STREET_WORDS.values())
_STREET_RE = alternatives(_STREET_WORDS)


def _compass(letters: str) -> str:
    """ "N" -> "North", "NE" -> "Northeast"."""
    head = _DIRECTIONS[letters[0]]
    return head + _DIRECTIONS[letters[1]].lower() if letters[1:] else head


def house_number(n: str) -> str:
    """A house number, said in pairs: "2005" -> "twenty oh five", "708" -> "seven oh eight"."""
    if len(n) == 4 and n[1:] == "000":
        return cardinal_str(n)  # "1000 Elm St": one thousand, not ten hundred
    if len(n) == 4 and n[0] != "0" and n[2:] != "00":
        head, rest = int(n[:2]), int(n[2:])
        return f"{cardinal(head)} {'oh ' if rest < 10 else ''}{cardinal(rest)}"
    return model_number(n)


def _street(m: re.Match[str]) -> str:
    """After a house number: "N 1st St" -> "North 1st Street"."""
    direction, name, street = m.group("dir", "name", "st")
    head = f"{_compass(direction.rstrip('. '))} " if direction else ""
    end = "." if m.group().endswith(".") and _ends_sentence(m) else ""
    q = m.group("q")
    quadrant = f" {_compass(q)}" if q else ""
    if q:
        end = ""
    # A kind inside the name is spelled out too: "Bear Mtn Rd" -> "Bear Mountain Road".
    name = " ".join(_STREET_WORDS.get(w, w) for w in name.split(" "))
    return f"{m.group('n')} {head}{name}{_STREET_WORDS[street]}{quadrant}{end}"


def _postal(m: re.Match[str]) -> str:
    """ "Santa Clara, CA 95051": a state's postal code after a place is its name."""
    name = data.load("abbreviations")["postal"].get(m.group("code"), m.group("code"))
    z = m.group("zip")
    # The ZIP code is read here, digit by digit: the state's name may be two words.
    if not z:
        return f", {name}"
    return f", {name}{m.group('zs')}{', '.join(digits(p) for p in z.split('-'))}"


def _party(m: re.Match[str]) -> str:
    party, state = m.group("p", "st")
    where = _states().get(state) or _states().get(state.rstrip("."))
    if not where:
        return m.group()
    return f", {data.load('context')['party']['labels'][party]} of {where}, "


# Up to three words after a house number, one of which may be the street's kind.
_STREET_AHEAD = re.compile(
    r"(?: (?:[A-Z][\w']*\.?|(?:(?:twen|thir|for|fif|six|seven|eigh|nine)ty )?"
    r"(?:first|second|third|[a-z]+th)|[0-9]+(?:st|nd|rd|th))(?![\w'])){1,3}"
)
_POSTAL_BEFORE = re.compile(r"(?:, [A-Z]{2}|, [A-Z][a-z]+\.?),? $")


@cache
def rules() -> dict[str, list[tuple[Any, ...]]]:
    """This class's rules by stage, as (pattern, spoken form[, guard]) rows."""
    return {
        "address": [
            # Addresses: "708 N 1st St, San City", "Santa Clara, CA 95051".
            (
                r"(?P<n>[0-9]) (?P<dir>(?:[NS][EW]|[NSEW])\.? )?"
                r"(?P<name>(?:[0-9]+(?:st|nd|rd|th) |[A-Z][\w']* ){1,3})"
                rf"(?P<st>{_STREET_RE})\.?(?![\w])"
                r"(?: (?P<q>[NS][EW]|[NSEW])(?![\w]))?",
                _street,
                has_digit,
            ),
            (
                r",(?<=[A-Za-z],) (?P<code>[A-Z]{2})"
                r"(?:(?P<zs>,? )(?P<zip>[0-9]{5}(?:-[0-9]{4})?)(?![0-9\-])|(?=,|\.? ?$))",
                _postal,
            ),
            # Party labels: "(D-Calif.)" -> "Democrat of California".
            (r"\((?P<p>[DRIL])-(?P<st>[A-Z][A-Za-z.]*(?: [A-Z][A-Za-z.]*)?)\)", _party),
        ],
    }
