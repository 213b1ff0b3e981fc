"""Chapters: one per section of a placed edition, for ID3 CHAP frames and Podcasting 2.0 JSON.

The first chapter holds the intro and the headline; each heading starts a chapter. An article
without headings is cut into chapters of about ``chapter_minutes`` at paragraph starts, each
titled by its first words. ID3 and JSON get the same millisecond times, so they agree exactly.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from narrate.edition import Edition, Segment
from narrate.fsutil import write_if_changed

JSON_VERSION = "1.2.0"
# Headlines and headings are kept whole; a chapter named by its first words gets this many.
TITLE_CHARS = 60
# ID3's table of contents counts its entries in one byte.
MAX_CHAPTERS = 255


@dataclass(frozen=True)
class Chapter:
    """A chapter: start and end in milliseconds, and its title."""

    start_ms: int
    end_ms: int
    title: str


def _short(text: str) -> str:
    """``text`` cut at a word boundary to at most TITLE_CHARS, with an ellipsis if cut."""
    text = " ".join(text.split())
    if len(text) <= TITLE_CHARS:
        return text
    cut = text[: TITLE_CHARS - 1].rsplit(" ", 1)[0].rstrip(",;:.—–-")
    return cut + "…"


def _ms(samples: int, rate: int) -> int:
    return samples * 1000 // rate


def _opening(segment: Segment) -> int:
    # Halfway through the pause before the words: a jump lands in silence, just before speech.
    return segment.start - segment.pause // 2


def chapters(edition: Edition, total_samples: int, chapter_minutes: int = 3) -> list[Chapter]:
    """The chapters of a placed edition whose audio lasts ``total_samples``."""
    rate = edition.sample_rate
    spoken = [s for s in edition.segments if s.samples]
    if not spoken or rate <= 0:
        return []
    starts: list[tuple[int, str]] = [(0, " ".join((edition.title or spoken[0].text).split()))]
    if any(s.kind == "heading" for s in spoken):
        starts += [(_opening(s), " ".join(s.text.split())) for s in spoken if s.kind == "heading"]
    else:
        span = chapter_minutes * 60 * rate
        end = spoken[-1].start + spoken[-1].samples
        previous: Segment | None = None
        for segment in spoken:
            new_paragraph = (
                segment.kind == "sentence"
                and previous is not None
                and previous.kind == "sentence"
                and segment.paragraph != previous.paragraph
            )
            # A new chapter once the current one is long enough, unless what is left is short.
            if (
                new_paragraph
                and segment.start - starts[-1][0] >= span
                and end - segment.start >= span // 2
            ):
                starts.append((_opening(segment), _short(segment.text)))
            previous = segment
    found = []
    for n, (start, title) in enumerate(starts):
        stop = starts[n + 1][0] if n + 1 < len(starts) else total_samples
        # Never past the audio: players reject (or stretch the seek bar for) a later end.
        start, stop = min(start, total_samples), min(stop, total_samples)
        found.append(Chapter(_ms(start, rate), _ms(stop, rate), title))
    return at_most(found, MAX_CHAPTERS)


def at_most(found: list[Chapter], limit: int) -> list[Chapter]:
    """``found`` with neighbours merged into at most ``limit`` chapters, spread evenly.

    Each merged chapter keeps the start and title of its first section.
    """
    if len(found) <= limit:
        return found
    cuts = [n * len(found) // limit for n in range(limit)] + [len(found)]
    return [
        Chapter(found[a].start_ms, found[b - 1].end_ms, found[a].title)
        for a, b in zip(cuts, cuts[1:], strict=False)
    ]


def chapters_json(found: list[Chapter], edition: Edition, feed_title: str = "") -> str:
    """The Podcasting 2.0 JSON chapters file (format 1.2.0)."""
    data: dict[str, object] = {"version": JSON_VERSION, "title": edition.title}
    if feed_title:
        data["podcastName"] = feed_title
    data["chapters"] = [
        {"startTime": c.start_ms / 1000, "endTime": c.end_ms / 1000, "title": c.title}
        for c in found
    ]
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def write_chapters(found: list[Chapter], edition: Edition, out: Path, feed_title: str = "") -> str:
    """Write ``<out>/<slug>.chapters.json`` atomically (if changed); return its name."""
    dest = out / f"{edition.slug}.chapters.json"
    write_if_changed(dest, chapters_json(found, edition, feed_title).encode("utf-8"))
    return dest.name
