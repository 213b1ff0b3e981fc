"""The order in which the classes read a text, as named priorities.

A class that needs another's output runs after it; one whose pattern would take another's
match first runs before it. Lower runs first; the names say why each sits where it does.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from enum import IntEnum

Fn = Callable[[re.Match[str]], str]


class P(IntEnum):
    """Named priorities, lowest first."""

    # Titles and words written short: "tel. 91 ..." then names a telephone, "núm. 12" a number.
    ABBREVIATION = 10
    # "n° 2021-1104", "Ley 7/2021" name; before ranges and fractions read them as counts.
    SERIAL = 20
    # "15 Uhr MEZ": the zone after a clock time, before the zone is taken for an initialism.
    TIME_ZONE = 30
    # Dates before anything reads their figures: "2.3.2003", "el 9/11", "3 set. 2020".
    DATE = 40
    # A telephone number told by the word before it ("llame al 91 123 45 67"), in pairs.
    TELEPHONE_TOLD = 50
    # German day and clock ranges ("vom 12.–14. Juni", "9–18 Uhr") before ordinals and times.
    RANGE_GERMAN = 60
    # A range or dimensions before a unit ("5-10 kg", "2 x 3 m"), a unit per one of another.
    MEASURE_RANGE = 70
    # "um 8 h": a German clock time written with "h".
    CLOCK_HOURS = 80
    # "im 3. Jh.", "44 v. Chr.": nouns and eras written short after a number.
    ERA = 90
    # Telephone numbers and dotted addresses, before their groups are read as numbers.
    TELEPHONE = 100
    # "3/4", "2 1/2 horas", before the slash is taken for a date or a unit per unit.
    FRACTION = 110
    # "2 h 30 min": a duration, before each part is read as a unit.
    DURATION = 120
    # "2 €/kg", "6,5 l/100 km".
    PER_UNIT = 130
    # A number, a scale word and a unit ("10 Mio. t"), then a scaled amount ("5 Mrd. €").
    SCALED_UNIT = 140
    SCALED_MONEY = 150
    # Scores and clock times ("2:1", "14:30 h", "8 a. m.").
    CLOCK = 160
    # Roman numerals, after clock times ("las XX h" is no numeral) and before initialisms.
    ROMAN = 170
    # "a. C.", "av. J.-C." after a number.
    ERA_AFTER_NUMBER = 180
    PERCENT = 190
    MONEY = 200
    # "1.º", "3e", "3.", "28°" as ordinals, before cardinals read their figures.
    ORDINAL = 210
    # "Version 2.3.1": figures joined by full stops.
    DOTTED_NUMBER = 220
    # Years and numbers joined by a dash, before each is read alone.
    RANGE = 230
    # Whatever number is left, agreeing with the noun it counts.
    CARDINAL = 240
    # Lower-case initialisms ("la ip"), symbols, then dashes, brackets and stray figures.
    SPELLED = 250
    SYMBOL = 260
    CLEANUP = 270
    # Capitals left once Roman numerals are read: initialisms spelled, acronyms said.
    ACRONYM = 280


# A rule as a class module gives it: its priority, its pattern and what it is said as.
Entry = tuple[P, str, Fn]
