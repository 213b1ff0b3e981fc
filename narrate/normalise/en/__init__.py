"""English rules by class, each module a list of rules with the stage it runs at.

``english.py`` holds the general table; a class module adds the readings of one domain
(serial numbers, slashes by domain, sports statistics, compass points, symbols, Roman
numerals in names) and names the stage of that table it runs before, so the priority of
every rule is stated where it is written, not implied by a position in one long list.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

# The stages of english._static_rules, in the order they run. A class module's rule runs
# at the start of its stage, before the general rules of that stage.
STAGES = (
    "first",  # before anything reads a digit: marks and words that change how numbers read
    "dates",  # before dates and clock times: versions, TV listings
    "money",  # before money and percentages: suffixed amounts, domain slashes
    "units",  # before units and measures: inch marks, sports statistics, coordinates
    "numbers",  # before ranges and the remaining numbers: dockets, service numbers
    "words",  # after every number: abbreviations, acronyms, compass points
)

Rule = tuple[str, Callable[..., Any], Any]


def rules(stage: str) -> Iterator[tuple[Any, ...]]:
    """The class rules of a stage, as (pattern, function[, guard]) rows, in class order."""
    from . import compass, roman, serial, slash, sports, symbol

    if stage not in STAGES:
        raise ValueError(stage)
    for module in (symbol, serial, slash, sports, compass, roman):
        yield from module.RULES.get(stage, ())
