"""English rules by class: one module per class, one registry ordering them.

Each class module (``cardinal``, ``date``, ``time``, ``money``, ``measure``, ``address``,
``telephone``, ``serial``, ``roman``, ``acronym``, ``electronic``, ``abbreviation``,
``symbol``, ``slash``, ``sports``, ``compass``) holds its patterns and spoken forms, its
language data staying in ``data/*.toml``; its ``rules()`` gives them by stage. ``ORDER``
below is the only statement of priority: a class whose reading must win runs first
(a date before the number rule reads its digits, a web address before anything else).
Adding a class is a module, an entry here, data and table rows.
"""

from __future__ import annotations

import importlib
from typing import Any

# (class, stage) in the order the rules run. Web addresses and headlines set in capitals
# are decided before all of these (english.build_rules).
ORDER: tuple[tuple[str, str], ...] = (
    # Marks and names that change how the digits around them read: versions, "No." before
    # a docket, "y/y", a street with a direction, "§§", "(Ret.)", team codes, "WWII".
    ("symbol", "first"),
    ("serial", "first"),
    ("slash", "first"),
    ("compass", "first"),
    ("roman", "first"),
    # Identifiers with dots and dashes before any number rule splits them.
    ("electronic", "ip"),
    ("address", "address"),
    ("telephone", "telephone"),
    # Dates and clock times: a TV listing ("10/9c") first.
    ("slash", "dates"),
    ("date", "date"),
    ("time", "time"),
    ("cardinal", "ratio"),
    ("date", "short-year"),
    ("symbol", "footnote"),
    ("cardinal", "sign"),
    # Money and percentages: cricket totals and blood pressures first.
    ("slash", "money"),
    ("money", "money"),
    ("money", "percent"),
    ("cardinal", "fixed"),
    # Measures: the inch mark, "3.1M", box scores, coordinates before the units.
    ("symbol", "units"),
    ("serial", "units"),
    ("sports", "units"),
    ("compass", "units"),
    ("measure", "measure"),
    ("cardinal", "ordinal"),
    ("date", "decade"),
    ("cardinal", "fraction"),
    ("date", "quarter"),
    # Numbers that name: dockets, variants, service lines, "2OT"; then codes and ranges.
    ("serial", "numbers"),
    ("sports", "numbers"),
    ("abbreviation", "before-number"),
    ("serial", "code"),
    ("cardinal", "range"),
    ("roman", "roman"),
    ("cardinal", "number"),
    # Words, once every digit is read: compass points, "OT", lineages, then the rest.
    ("symbol", "words"),
    ("sports", "words"),
    ("compass", "words"),
    ("roman", "words"),
    ("abbreviation", "abbreviation"),
    ("acronym", "acronym"),
    ("slash", "slash"),
    ("symbol", "symbol"),
    ("symbol", "punctuation"),
)


def table() -> list[tuple[Any, ...]]:
    """Every class's rules in registry order, as (pattern, spoken form[, guard]) rows."""
    rows: list[tuple[Any, ...]] = []
    for name, stage in ORDER:
        module = importlib.import_module(f"{__name__}.{name}")
        stages = module.rules()
        if stage not in stages:
            raise KeyError(f"en.{name} has no rules for stage {stage!r}")
        rows += stages[stage]
    return rows
