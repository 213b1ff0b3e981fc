"""Chunk: split each paragraph into sentences, the unit of synthesis, caching and captions.

A sentence per chunk keeps engine calls short (pyttsx3's eSpeak driver is quadratic in
text length), makes the pauses between sentences exact, lets a transcript cue start
exactly where its sentence does, and means an edit re-renders only what changed.
Sentences longer than ``max_chars`` are split further at clause punctuation.
"""

from __future__ import annotations

import re
from functools import cache

from narrate.edition import Edition, Segment
from narrate.textnorm import data

_BOUNDARY = re.compile(r"(?<![.!?…])[.!?…]+[\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9À-ÖØ-Þ])")
_CLAUSE = re.compile(r"(?<=[;:,—–])\s+")
# Only this much before a boundary is searched for the word it ends, so a paragraph of
# abbreviations costs the same per character as prose (no rescans from the sentence start).
_WINDOW = 64


@cache
def _abbreviations() -> tuple[frozenset[str], frozenset[str], frozenset[str], frozenset[str]]:
    """(any case, exact case, titles, before-number) forms, from the normaliser's word lists."""
    table = data.load("abbreviations")
    forms = [
        *table["titles"],
        *table["always"],
        *table["before_number"],
        *data.load("initialisms")["spoken"],
        *table["unexpanded"]["forms"],
    ]
    keys = {f.removesuffix(".") for f in forms if " " not in f}
    # Written in lower case in the data ("etc.", "e.g."): any case; capitalised ("Sun.",
    # "Co.", "Jan."): only as written, so "under the sun." still ends a sentence.
    loose = frozenset(k.lower() for k in keys if k.islower())
    exact = frozenset(k for k in keys if not k.islower())
    titles = frozenset(k.removesuffix(".") for k in table["titles"] if " " not in k) | {"St"}
    number = frozenset(k.removesuffix(".") for k in table["before_number"])
    return loose, exact, titles, number


def split_sentences(text: str) -> list[str]:
    """Split a paragraph into sentences; abbreviations such as "Dr." and "U.S." do not end one."""
    sentences: list[str] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        end = match.start() + 1
        lo = max(start, end - _WINDOW)
        begin = max(text.rfind(" ", lo, end), text.rfind("\n", lo, end), lo - 1) + 1
        raw = text[begin:end].rstrip(".").lstrip("\"'“‘([")
        if raw in _WEEKDAYS and _after_name(text, max(start, begin - _WINDOW), begin):
            raw = ""  # "the Vancouver Sun." is a name: its period ends the sentence
        if match.group(0)[0] == "." and _ends_in_abbreviation(raw, text, match.end()):
            continue
        sentences.append(text[start : match.end()].strip())
        start = match.end()
    rest = text[start:].strip()
    if rest:
        sentences.append(rest)
    return sentences


_WEEKDAYS = frozenset("Mon Tue Tues Wed Thu Thur Thurs Fri Sat Sun".split())
_NAME_BEFORE = re.compile(r"[a-z,;:]\s+(?:the\s+)?[A-Z][\w'-]*\s+$")


def _after_name(text: str, lo: int, begin: int) -> bool:
    """Whether a capitalised word, itself inside a sentence, stands just before ``begin``."""
    return _NAME_BEFORE.search(text, lo, begin) is not None


def _ends_in_abbreviation(raw: str, text: str, after: int) -> bool:
    loose, exact, titles, number = _abbreviations()
    token = raw.lower()
    if raw in titles:
        return True
    if len(token) == 1 and token.isalpha() and token.isascii():  # an initial: "J. Smith"
        return True
    if raw in number:
        # "No. 10" continues; "said no. Then" ends.
        return text[after : after + 1].isdigit()
    if token in loose or raw in exact or re.fullmatch(r"(?:[a-z]\.)+[a-z]", token):
        # "U.S. officials" keeps going; "in the U.S. The next day" is ambiguous and
        # read as one sentence, which costs only a shorter pause.
        return not (token in ("etc", "ca") and text[after : after + 1].isupper())
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
        # Cut by position: copying the remainder at every cut was quadratic in its length.
        pos, end = 0, len(part)
        while end - pos > max_chars:
            cut = part.rfind(" ", pos, pos + max_chars)
            cut = cut if cut > pos else pos + max_chars
            piece = part[pos:cut].strip()
            if piece:
                out.append(piece)
            pos = cut
            while pos < end and part[pos] == " ":
                pos += 1
        if pos < end:
            out.append(part[pos:].strip())
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
                Segment(len(segments), segment.kind, segment.paragraph, piece, list=segment.list)
            )
    return edition.replace(segments=tuple(segments))
