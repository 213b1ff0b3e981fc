"""Chunk: split each paragraph into sentences, the unit of synthesis, caching and captions.

A sentence per chunk keeps engine calls short (pyttsx3's eSpeak driver is quadratic in
text length), makes the pauses between sentences exact, lets a transcript cue start
exactly where its sentence does, and means an edit re-renders only what changed.
Sentences longer than ``max_chars`` are split further at clause punctuation.
"""

from __future__ import annotations

import re

from narrate.edition import Edition, Segment

# Words that end with a period without ending the sentence.
ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof gen sen rep gov lt col sgt capt maj adm cmdr st no nos vs v etc e.g
    i.e approx dept est fig figs inc corp ltd co jr sr mt ft rev hon pres supt ave blvd rd
    jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri sat
    sun a.m p.m u.s u.k u.n e.u d.c n.y l.a al op cf ca vol pp ed eds gov't""".split()
)
# Titles that are always followed by a name, even when the name is capitalised.
_TITLES = frozenset("mr mrs ms dr prof gen sen rep gov lt col sgt capt maj adm st rev hon".split())
# Abbreviations that are also ordinary words ("sun.", "no.") count only when capitalised.
_CAPITALISED = frozenset("jan mar jun jul aug sep oct nov dec mon wed sat sun no co ed".split())

_BOUNDARY = re.compile(r"[.!?…]+[\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9À-ÖØ-Þ])")
_CLAUSE = re.compile(r"(?<=[;:,—–])\s+")


def split_sentences(text: str) -> list[str]:
    """Split a paragraph into sentences; abbreviations such as "Dr." and "U.S." do not end one."""
    sentences: list[str] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        before = text[start : match.start() + 1]
        word = re.search(r"(\S+)$", before)
        raw = word.group(1).rstrip(".").lstrip("\"'“‘([") if word else ""
        token = raw.lower()
        if token in _CAPITALISED and not raw[:1].isupper():
            token = ""
        if match.group(0)[0] == "." and _ends_in_abbreviation(token, text[match.end() :]):
            continue
        sentences.append(text[start : match.end()].strip())
        start = match.end()
    rest = text[start:].strip()
    if rest:
        sentences.append(rest)
    return sentences


def _ends_in_abbreviation(token: str, following: str) -> bool:
    if token in _TITLES:
        return True
    if re.fullmatch(r"[a-z]", token):  # an initial such as "J." in "J. Smith"
        return True
    if token in ABBREVIATIONS or re.fullmatch(r"(?:[a-z]\.)+[a-z]", token):
        # "U.S. officials" keeps going; "in the U.S. The next day" is ambiguous and
        # read as one sentence, which costs only a shorter pause.
        nxt = following.split(" ", 1)[0]
        return not (token in ("etc", "ca") and nxt[:1].isupper())
    return False


def split_long(sentence: str, max_chars: int) -> list[str]:
    """Split a sentence longer than ``max_chars`` at clause punctuation, then at spaces."""
    if len(sentence) <= max_chars:
        return [sentence]
    parts: list[str] = []
    current = ""
    for clause in _CLAUSE.split(sentence):
        candidate = f"{current} {clause}".strip()
        if current and len(candidate) > max_chars:
            parts.append(current)
            current = clause
        else:
            current = candidate
    if current:
        parts.append(current)
    out: list[str] = []
    for part in parts:
        while len(part) > max_chars:
            cut = part.rfind(" ", 0, max_chars)
            cut = cut if cut > 0 else max_chars
            out.append(part[:cut].strip())
            part = part[cut:].strip()
        if part:
            out.append(part)
    return out


def chunk(edition: Edition, max_chars: int = 400) -> Edition:
    """Split every body paragraph of ``edition`` into sentence segments, renumbered in order."""
    segments: list[Segment] = []
    for segment in edition.segments:
        if segment.kind != "sentence":
            pieces = [segment.text]
        else:
            pieces = [p for s in split_sentences(segment.text) for p in split_long(s, max_chars)]
        for piece in pieces:
            segments.append(
                Segment(len(segments), segment.kind, segment.paragraph, piece, spoken="")
            )
    return edition.replace(segments=tuple(segments))
