"""What surrounds a match: the word before, the word after, whether a sentence ends there."""

from __future__ import annotations

import re
from functools import cache

from .. import data

_WORD_BEFORE = re.compile(r"([^\W\d_][\w'-]*)[ ]$")
_WORD_AFTER = re.compile(r" ([^\W\d_][\w'-]*)")


def before(m: re.Match[str]) -> str:
    """The word just before the match, separated from it by one space; "" when none."""
    w = _WORD_BEFORE.search(m.string, max(0, m.start() - 24), m.start())
    return w.group(1) if w else ""


def after(m: re.Match[str]) -> str:
    """The word just after the match, separated from it by one space; "" when none."""
    w = _WORD_AFTER.match(m.string, m.end())
    return w.group(1) if w else ""


def sentence_ends(m: re.Match[str]) -> bool:
    """Whether the text after the match starts a new sentence (a capital, a line end, the end)."""
    rest = m.string[m.end() : m.end() + 3].lstrip(" ")
    return not rest or rest[0] == "\n" or rest[0].isupper()


@cache
def openers(lang: str) -> frozenset[str]:
    """Capitalised words that open a sentence and are not nouns (German capitalises nouns)."""
    path = data.DATA_DIR / f"{lang}.toml"
    return frozenset(data.load(lang).get("sentence_openers", ())) if path.is_file() else frozenset()


def stop_ends(m: re.Match[str], lang: str) -> bool:
    """Whether a full stop at the end of the match also ends the sentence.

    Where every noun has a capital (German) a capital after the stop is no sign: only a
    line end, the end of the text or a word that opens sentences and is no noun is.
    """
    rest = m.string[m.end() : m.end() + 3].lstrip(" ")
    if not rest or rest[0] == "\n":
        return True
    if lang == "de":
        return after(m) in openers(lang)
    return rest[0].isupper()
