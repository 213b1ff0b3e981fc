"""Intro and outro: spoken segments added around the article before it is normalised.

They are ordinary segments (kinds "intro" and "outro"), so they are normalised, synthesised,
cached and captioned like the article. When the intro speaks the title, it takes the place of
the title segment, so the headline is not read twice.
"""

from __future__ import annotations

import dataclasses
import re
import string
from datetime import date
from urllib.parse import urlsplit

from narrate.chunker import split_sentences
from narrate.config import Settings
from narrate.edition import Edition, Segment
from narrate.readers.listen import said_host
from narrate.textnorm.english import MONTHS as _MONTHS

_SENTENCE = re.compile(r"(?<=[.!?])\s+")


def spoken_date(value: str) -> str:
    """An ISO date (``2024-05-01``, possibly with a time) as "1 May 2024"; anything else as is."""
    try:
        day = date.fromisoformat(value[:10])
    except ValueError:
        return value.strip()
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def source_name(edition: Edition) -> str:
    """Who published the article: its site's name, else its URL's host as said (without
    "www." or a language edition's label), else its author (not for a book, whose intro
    names its author already)."""
    host = said_host(urlsplit(edition.url).hostname or "")
    author = "" if is_book(edition) else edition.author
    return edition.site_name or host or author


def is_book(edition: Edition) -> bool:
    """Whether the edition is a book (an EPUB, a Project Gutenberg text), as its reader said."""
    return edition.meta.get("kind") == "book"


def fill(template: str, fields: dict[str, str]) -> str:
    """Fill ``template``, leaving out each sentence whose fields are all empty."""
    kept = []
    for sentence in _SENTENCE.split(template.strip()):
        names = [f for _, f, _, _ in string.Formatter().parse(sentence) if f]
        if names and not any(fields.get(n, "").strip() for n in names):
            continue
        kept.append(sentence.format(**fields))
    return " ".join(" ".join(kept).split())


def frame(edition: Edition, settings: Settings) -> Edition:
    """Add the intro before the article and the outro after it, as the settings ask."""
    fields = {
        "title": edition.title,
        "source": source_name(edition),
        "date": spoken_date(edition.date) if edition.date else "",
        "feed": settings.title,
        "author": edition.author,
    }
    # A book is introduced by its title and author (from its metadata or its header).
    template = settings.book_intro_text if is_book(edition) else settings.intro_text
    segments = list(edition.segments)
    head: list[Segment] = []
    if settings.intro:
        text = fill(template, fields)
        head = [Segment(0, "intro", -1, s) for s in split_sentences(text)]
        if head and "{title}" in template and edition.title:
            segments = [s for s in segments if s.kind != "title"]
    tail: list[Segment] = []
    if settings.outro:
        text = fill(settings.outro_text, fields)
        tail = [Segment(0, "outro", -1, s) for s in split_sentences(text)]
    ordered = [*head, *segments, *tail]
    return edition.replace(
        segments=tuple(dataclasses.replace(s, index=n) for n, s in enumerate(ordered))
    )
