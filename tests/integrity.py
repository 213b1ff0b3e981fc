"""Sentence integrity: every full stop the normaliser writes ends a sentence of the input.

A speech engine pauses for a sentence at every "." followed by a space, so a period left
behind by an expanded abbreviation or unit ("... four miles. and ...") breaks a sentence
in two, and a period dropped at a sentence end ("... in the U.S The next ...") runs two
into one. Neither changes a single word, so no accuracy score sees it; this check does.

The input's sentence ends are found without the normaliser's rules: a period followed by
a space and a lower-case word is never one; a period at the end of a line may be kept or not;
before a capital, a period after a plain word or a number is one, after a title or an
initial ("Dr. Smith", "J. Smith") is not, and after any other abbreviation ("U.S.",
"a.m.", "Inc.", "lbs.": the written forms listed in the normaliser's data, the vocabulary
of the input and not its readings) either reading is accepted.
"""

from __future__ import annotations

import re
from functools import cache

# A stop that a speech engine reads as a sentence break: one ".", not part of "...",
# then any closing quotes or brackets, then a space or the end.
_STOP = re.compile(r"(?<![.])\.(?![.])(?=[\"'”’)\]]*(?:\s|$))")
_NEXT = re.compile(r"[\"'”’)\]]*(\s*)(.?)")
_TOKEN = re.compile(r"(\S*)$")
# Written before a name or a number, never at the end of a sentence.
TITLES = frozenset(
    "Dr Mr Mrs Ms Mx Sen Rep Reps Gov Gen Prof Lt Sgt Capt Col Maj Adm Cmdr Rev Hon Pres "
    "Supt Insp Det Cpl Pvt Fr Mt Ft No Nos Vol Vols pp Fig Figs Art Arts Sec Ch Ps vs Jan "
    "Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec".split()
)


@cache
def _abbreviations() -> frozenset[str]:
    """Words the written language shortens with a period: the vocabulary, not a reading."""
    from narrate.textnorm import data

    keys: set[str] = set()
    for name in ("abbreviations", "units", "initialisms"):
        for section in data.load(name).values():
            if isinstance(section, dict):
                keys.update(k for k in section if isinstance(k, str))
    keys.update(data.load("units")["lengths"])
    keys.update(data.load("currencies")["prefix"])
    keys.update(("St", "ext", "Ste", "Rm", "Bldg", "Ret", "incl", "excl"))
    return frozenset(k.rstrip(".").split(" ")[-1] for k in keys) | frozenset(
        k.rstrip(".").split(" ")[-1].lower() for k in keys
    )


_TITLES_LOWER = frozenset(t.lower() for t in TITLES)


def _token_before(text: str, stop: int) -> str:
    m = _TOKEN.search(text, max(0, stop - 40), stop)
    return (m.group(1) if m else "").lstrip("\"'“‘([")


def _kind(text: str, stop: int) -> str:
    """ "end", "not" or "either": what the period at ``stop`` of an input text is."""
    space, nxt = _NEXT.match(text, stop + 1).groups()  # type: ignore[union-attr]
    if not nxt or "\n" in space:
        # At the end of a line nothing follows to run into: a period kept or dropped
        # there ("twelve square miles" for "12 sq. mi.") changes no pause.
        return "line"
    if nxt.islower():
        return "not"
    token = _token_before(text, stop)
    bare = token.rstrip(".")
    if nxt.isdigit() and (bare.lower() in _TITLES_LOWER or bare.lower() in _abbreviations()):
        return "not"  # "Jan. 15", "No. 10", "ext. 89": an abbreviation before its number
    if bare in TITLES and (nxt.isupper() or nxt.isdigit()):
        return "not"
    if len(bare) == 1 and bare.isalpha() and bare.isupper():
        return "not" if nxt.isupper() else "either"  # an initial: "J. Smith"
    if "." in bare or bare in _abbreviations() or bare.lower() in _abbreviations():
        # "U.S.", "a.m.", "Inc.", "Calif.", "lbs.": an abbreviation may end a sentence or not.
        return "either"
    return "end"


def sentence_ends(written: str) -> tuple[int, int]:
    """The least and the most sentence ends inside the lines of ``written`` (periods that
    text follows on the same line)."""
    least = most = 0
    for m in _STOP.finditer(written):
        kind = _kind(written, m.start())
        least += kind == "end"
        most += kind in ("end", "either")
    return least, most


def _inner_stops(spoken: str) -> int:
    return sum(_kind(spoken, m.start()) != "line" for m in _STOP.finditer(spoken))


def stray_periods(spoken: str) -> list[str]:
    """Periods of a normalised text that a lower-case word follows: each one a false break."""
    found = []
    for m in _STOP.finditer(spoken):
        space, nxt = _NEXT.match(spoken, m.start() + 1).groups()  # type: ignore[union-attr]
        if nxt.islower() and "\n" not in space:
            found.append(spoken[max(0, m.start() - 30) : m.start() + 20])
    return found


def integrity_problems(written: str, spoken: str) -> list[str]:
    """What breaks sentence integrity between an input and its normalised text, if anything."""
    problems = [f"a full stop inside a sentence: {s!r}" for s in stray_periods(spoken)]
    least, most = sentence_ends(written)
    stops = _inner_stops(spoken)
    if stops < least:
        problems.append(f"{least} sentence ends written, {stops} full stops spoken (merged)")
    elif stops > most:
        problems.append(f"at most {most} sentence ends written, {stops} full stops spoken")
    return problems
