"""German grammar the classes share: "ein"/"eine"/"einem" before a noun, the ordinal written
with a full stop, a number word before a unit."""

from __future__ import annotations

import re
from typing import Any

from .context import after as _after
from .context import before as _before
from .context import openers
from .context import sentence_ends as _sentence_ends
from .reader import Reader

# Prepositions that always take the dative: "seit einem Jahr", "mit einem Tor".
_DE_DATIVE = frozenset("seit mit nach von aus bei zu gegenüber".split())
# Endings only feminine nouns have ("eine Meinung", "eine Mehrheit").
_DE_FEMININE_ENDINGS = ("ung", "heit", "keit", "schaft", "tät", "ion")
# Words that open a German sentence but are not nouns (data: de.toml, sentence_openers).
_DE_OPENERS = openers("de")
# "am 3. und 4. Oktober", "vom 1. bis 3. Mai", "am 3., 4. und 5. Mai": the ordinals of a
# list take their ending from the word before the first and their gender from the noun
# after the last.
_DE_LIST_BEFORE = re.compile(
    r"([^\W\d_][\w'-]*) [0-9][0-9.]*\.(?:,? [0-9][0-9.]*\.)*(?:,| und| oder| bis| sowie) $"
)
_DE_LIST_AFTER = re.compile(r"(?:(?:,| und| oder| bis| sowie) [0-9][0-9.]*\.)* ([^\W\d_][\w'-]*)")


def _german_one(spec: dict[str, Any], before: str, noun: str) -> str:
    """ "1" before a noun in the article's form: "ein Jahr", "eine Stunde", "seit einem Jahr"."""
    feminine = noun in spec.get("feminine", ()) or noun.endswith(_DE_FEMININE_ENDINGS)
    low = before.lower()
    if low in _DE_DATIVE:
        return "einer" if feminine else "einem"
    if feminine:
        return "eine"
    # A masculine noun is accusative after "für", "um", "durch" ("für einen Liter"), and a
    # span of time after a verb ("er wartete einen Monat").
    span = noun in spec.get("masculine_time", ()) and low[:1].islower()
    span = span and low not in spec.get("copulas", ())  # "es war ein Tag wie jeder andere"
    masculine = noun in spec.get("masculine", ()) or noun in spec.get("masculine_time", ())
    if masculine and (low in spec.get("ordinal_strong_accusative", ()) or span):
        return "einen"
    return "ein"


# A number written as a word ("zwei", "fünfundzwanzig", "eineinhalb", "zwölftausend").
_DE_NUMBER_WORD = re.compile(
    r"(?i:(?!und)(?:ein|zwei|drei|vier|fünf|sechs|sech|sieben|sieb|acht|neun|zehn|elf|zwölf"
    r"|zwanzig|zig|ßig|hundert|tausend|und|halb)+(?:e[mnrs]?|s)?|anderthalb)"
)
_DE_ONE_WORDS = frozenset("ein eine einem einen einer eines eins".split())


def _stop_ends(m: re.Match[str]) -> bool:
    """Whether an abbreviation's full stop also ends the sentence: "nach 10 Min. Pause" not."""
    rest = m.string[m.end() : m.end() + 3].lstrip(" ")
    return not rest or rest[0] == "\n" or _after(m) in _DE_OPENERS


def _german_half(spec: dict[str, Any], before: str, noun: str) -> str:
    """ "1/2" before a noun: "ein halber Liter", "eine halbe Stunde", "mit einem halben Liter"."""
    one = _german_one(spec, before, noun)
    if one in ("einem", "einer"):
        return f"{one} halben"
    if one == "eine":
        return "eine halbe"
    return "ein halbes" if noun in spec["neuter"] else "ein halber"


def _governed(spec: dict[str, Any], low: str) -> bool:
    """Whether the word before a number is an article or determiner that makes it an ordinal.

    A bare preposition governs a month ("seit 1. Mai") but is no sign before another noun:
    "Der Kurs fiel um 3. Anleger reagierten nervös" is a sentence ending on a number.
    """
    determiner = any(
        low.startswith(d) and low[len(d) :] in ("", "e", "em", "en", "er", "es")
        for d in spec["ordinal_determiners"]
    )
    return low in spec["ordinal_weak_en"] or low in spec["ordinal_weak_e"] or determiner


def _ordinal_follows(spec: dict[str, Any], m: re.Match[str], before: str, word: str) -> bool:
    """Whether what follows "N." shows it is an ordinal ("3. Oktober", "der 2. Platz", ", ")."""
    text = m.string
    # Slices of bounded length, so a text full of "N." stays linear.
    rest = text[m.end() : m.end() + 2]
    alone = m.start() <= 64 and len(text) - m.end() <= 64
    if alone and not text[: m.start()].strip() and not text[m.end() :].strip():
        return True  # "2." alone, as in a list of places or a table: an ordinal
    if rest.startswith(",") or rest.startswith(" ") and word[:1].islower():
        return True  # no sentence ends before a comma or a lower-case word
    governed = _governed(spec, before.lower())
    # "3. Oktober", "der 2. Platz", "3. Liga"; not "Es waren 5. Die Polizei"
    return rest.startswith(" ") and (
        word in spec["months"]
        or bool(word)
        and word not in _DE_OPENERS
        and (governed or not before)
    )


def _german_dotted(r: Reader, m: re.Match[str]) -> str:
    """ "2." as an ordinal when the context says so ("zum 3. Mal"), else left to be a number."""
    spec, text = r.spec, m.string
    listed = _DE_LIST_BEFORE.search(text, max(0, m.start() - 80), m.start())
    before = listed.group(1) if listed else _before(m)
    word = _after(m)
    following = _DE_LIST_AFTER.match(text[m.end() : m.end() + 80])
    noun = following.group(1) if following else word
    spoken = r.german_ordinal(r.number_value(m.group("n")), before, noun)
    if _ordinal_follows(spec, m, before, word):
        return spoken
    if _sentence_ends(m) and before.lower() in spec["ordinal_weak_en"]:
        return spoken + "."  # "Wir treffen uns am 3." ends on an ordinal
    return m.group()  # a number at the end of a sentence: "Es waren 5."
