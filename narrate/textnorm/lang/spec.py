"""A language's data file, and the shape every class module's rules take."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from typing import Any

from .. import data
from ..numbers import n2w

Rule = tuple[re.Pattern[str], Callable[[re.Match[str]], str]]


@cache
def has_rules(lang: str) -> bool:
    """Whether ``lang`` has a shipped data file."""
    return (data.DATA_DIR / f"{lang}.toml").is_file() and lang != "en"


def spec(lang: str) -> dict[str, Any]:
    """The language's data; for a language num2words knows but we ship no words for, defaults."""
    if has_rules(lang):
        return data.load(lang)
    # Numbers still get read.
    return {
        "decimal_separator": ".",
        "thousands_separator": ",",
        "percent": "%",
        "minus": n2w(-1, lang).replace(n2w(1, lang), "").strip() or "-",
        "range": "-",
        "ordinal_suffixes": [],
        "year_before": [],
        "currencies": {},
        "symbols": {},
    }
