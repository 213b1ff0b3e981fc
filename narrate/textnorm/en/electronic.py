"""Web and e-mail addresses, read aloud and frozen so no other rule rereads them."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from typing import Any

from ..numbers import (
    digits,
)
from ..text import Cue, Frozen
from .acronym import pronounceable
from .common import has_digit

# --- rule functions ---------------------------------------------------------------------

_TLD_WORDS = frozenset("com org net gov edu co info news int mil app dev online".split())
_URL_SPLIT = re.compile(r"([./:\-_@~=&?#+])")
_URL_SEP = {
    ".": "dot",
    "/": "slash",
    ":": "",
    "-": "dash",
    "_": "underscore",
    "@": "at",
    "~": "tilde",
    "=": "equals",
    "&": "and",
    "?": "",
    "#": "hash",
    "+": "plus",
}
# A three-letter label said as a word ("doe", "bob"); others are spelled ("bbc", "abc").
_SYLLABLE = re.compile(r"[b-df-hj-np-tv-z][aeiouy][a-z]")
_ALNUM_PARTS = re.compile(r"[0-9]+|[A-Za-z]+|[^0-9A-Za-z]+")


def _read_web_part(part: str) -> str:
    out = []
    for piece in _ALNUM_PARTS.findall(part):
        if piece.isdigit():
            out.append(digits(piece))
        elif piece.isascii() and piece.isalpha():
            low = piece.lower()
            if low not in _TLD_WORDS and (
                len(low) <= 2 or piece == "www" or (len(low) == 3 and not _SYLLABLE.fullmatch(low))
            ):
                out.append(" ".join(low))
            elif low in _TLD_WORDS or pronounceable(piece.upper()) or piece.islower():
                out.append(low if piece.islower() or low in _TLD_WORDS else piece)
            else:
                out.append(" ".join(piece))
        else:
            out.append(piece)
    return " ".join(out)


def read_web(address: str) -> str:
    """Read a URL or e-mail address aloud ("www.example.com" -> "w w w dot example dot com")."""
    address = re.sub(r"^(?:https?|ftp)://", "", address, flags=re.IGNORECASE)
    address = address.split("?", 1)[0].rstrip("/")
    words = []
    for token in _URL_SPLIT.split(address):
        if not token:
            continue
        if token in _URL_SEP:
            if _URL_SEP[token]:
                words.append(_URL_SEP[token])
        else:
            words.append(_read_web_part(token))
    return " ".join(words)


_TRAILING = ".,;:!?)'\""


def _web(frozen: Frozen) -> Callable[[re.Match[str]], str]:
    def rule(m: re.Match[str]) -> str:
        s = m.group()
        tail = ""
        while s and s[-1] in _TRAILING:
            tail = s[-1] + tail
            s = s[:-1]
        return f" {frozen.freeze(read_web(s))} {tail}"

    return rule


_TLDS = (
    "com|org|net|gov|edu|io|co|uk|us|de|fr|es|it|"
    "info|news|tv|ly|me|int|mil|eu|ru|cn|jp|ai|app|dev|ca|au|in"
)
_WEB = re.compile(
    # The look-behind holds every character of an address's local part, so a match can
    # start only where one begins ("a+a+a+..." is scanned once, not once per "+").
    r"(?<![\w@/.+\-])(?:"
    r"[A-Za-z0-9][\w.+\-]*@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+"
    r"|(?:https?://|ftp://|www\.)[^\s<>\"]+"
    rf"|[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.(?:{_TLDS})(?![\w\-])(?:/[^\s<>\"]*)?"
    r")",
    re.IGNORECASE,
)
# Every address holds "@", "://", "www." or a dot before a top-level domain, and starts
# where the run of characters of the look-behind before it begins.
_WEB_CUE = Cue(rf"@|:(?=//)|\.(?<=www\.)|\.(?=(?:{_TLDS})(?![\w\-]))", "@/.+-", re.IGNORECASE)


@cache
def rules() -> dict[str, list[tuple[Any, ...]]]:
    """This class's rules by stage, as (pattern, spoken form[, guard]) rows."""
    return {
        "ip": [
            # IP addresses, group by group.
            (
                r"[0-9](?<![\w.][0-9])[0-9]{0,2}(?:\.[0-9]{1,3}){3}(?![\w]|\.[0-9])",
                lambda m: " dot ".join(digits(g) for g in m.group().split(".")),
                has_digit,
            ),
        ],
    }
