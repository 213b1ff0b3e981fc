"""Map the language names articles carry ("English", "Español", "en-US") to ISO 639-1 codes."""

from __future__ import annotations

import functools
import re
import unicodedata

from . import data

_CODE = re.compile(r"^([a-z]{2,3})(?:[-_][a-z0-9]{2,8})*$")


def _fold(name: str) -> str:
    decomposed = unicodedata.normalize("NFKD", name.strip().casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def language_code(name: str) -> str:
    """ISO 639-1 code for a language name or tag; "" when unknown."""
    if not isinstance(name, str):
        return ""
    return _code(name)


@functools.lru_cache(maxsize=256)
def _code(name: str) -> str:
    # Called for every sentence: the name-by-name search below runs once per name.
    folded = _fold(name)
    if not folded:
        return ""
    names: dict[str, str] = data.load("languages")["names"]
    if folded in names:
        return names[folded]
    for key, code in names.items():
        if _fold(key) == folded:
            return code
    m = _CODE.match(folded)
    if m:
        code = m.group(1)
        known = set(names.values())
        if code in known:
            return code
        if len(code) == 2 and code.isalpha():
            return code
    return ""
