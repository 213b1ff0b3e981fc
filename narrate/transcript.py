"""Transcripts: WebVTT and SRT cues timed from the real sample counts of a placed edition.

One cue per spoken segment (a sentence, the title, a heading, the intro); a long sentence is
split into several cues of at most two lines of ``LINE_CHARS``, its time shared among them in
proportion to their length. Cue text is the written text, not the normalised one, without
control characters. One writer class per format behind a tiny base class: WebVTT (captions),
SRT, and HTML (the Podcasting 2.0 ``text/html`` transcript: ``<time>`` then ``<p>`` per cue).
"""

from __future__ import annotations

import functools
import html
import re
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from narrate.edition import Edition
from narrate.fsutil import write_if_changed
from narrate.markup import lang_attrs, plain

LINE_CHARS = 65
MAX_LINES = 2


@dataclass(frozen=True)
class Cue:
    """A caption: start and end in milliseconds and its lines of text."""

    start_ms: int
    end_ms: int
    lines: tuple[str, ...]


@functools.lru_cache(maxsize=1024)
def _pieces(text: str) -> tuple[tuple[str, ...], ...]:
    """The text wrapped in lines of at most LINE_CHARS, grouped MAX_LINES to a cue (kept:
    every transcript format wraps the same segments)."""
    lines = textwrap.wrap(plain(text), LINE_CHARS, break_on_hyphens=False)
    return tuple(tuple(lines[i : i + MAX_LINES]) for i in range(0, len(lines), MAX_LINES))


def cues(edition: Edition) -> Iterator[Cue]:
    """The cues of a placed edition, in order and never overlapping."""
    rate = edition.sample_rate
    for segment in edition.segments:
        if not segment.samples or not plain(segment.text):
            continue
        pieces = _pieces(segment.text)
        total = sum(len(" ".join(p)) for p in pieces)
        done = 0
        for piece in pieces:
            # Times are shared out in samples, then each boundary is converted once, so the end
            # of one cue is exactly the start of the next.
            first = segment.start + segment.samples * done // total
            done += len(" ".join(piece))
            last = segment.start + segment.samples * done // total
            yield Cue(first * 1000 // rate, last * 1000 // rate, tuple(piece))


def clock(ms: int, separator: str = ".") -> str:
    """``HH:MM:SS.mmm`` (WebVTT, Podlove chapters) or, with ``","``, SRT's ``HH:MM:SS,mmm``."""
    hours, rest = divmod(ms, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    seconds, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{seconds:02d}{separator}{millis:03d}"


class TranscriptWriter:
    """Base of the transcript writers: a file extension and a way to format cues."""

    extension: ClassVar[str] = ""

    def format(self, cues: Iterator[Cue]) -> str:
        """The whole transcript as text."""
        raise NotImplementedError

    def render(self, edition: Edition) -> str:
        """The transcript of a placed edition (formats that need more than cues override it)."""
        return self.format(cues(edition))

    def write(self, edition: Edition, out: Path) -> str:
        """Write ``<out>/<slug>.<extension>`` atomically (if changed); return its name."""
        dest = out / f"{edition.slug}.{self.extension}"
        write_if_changed(dest, self.render(edition).encode("utf-8"))
        return dest.name


class WriteVTT(TranscriptWriter):
    """WebVTT, the format of ``<track kind="captions">`` and ``podcast:transcript``."""

    extension = "vtt"

    def format(self, cues: Iterator[Cue]) -> str:
        """WebVTT text: a header, then blank-line separated cues."""
        blocks = ["WEBVTT\n"]
        for cue in cues:
            # Cue text is markup: "<" would open a tag and "&" an entity, so both are escaped.
            lines = "\n".join(html.escape(line, quote=False) for line in cue.lines)
            blocks.append(f"{clock(cue.start_ms)} --> {clock(cue.end_ms)}\n{lines}\n")
        return "\n".join(blocks)


# SubRip players read <b>, <i>, <font> in cue text as markup and decode the HTML entities:
# a written "<" becomes "&lt;" so that text is shown, never applied. A bare "&" stays as
# written (players without entity decoding would show "&amp;"), unless it would start one.
_SRT_MARKUP = re.compile(r"[<>]|&(?=#?\w+;)")
_SRT_ESCAPE = {"<": "&lt;", ">": "&gt;", "&": "&amp;"}


def srt_text(line: str) -> str:
    """A line of cue text as SRT shows it literally: markup characters escaped."""
    return _SRT_MARKUP.sub(lambda m: _SRT_ESCAPE[m.group()], line)


class WriteSRT(TranscriptWriter):
    """SubRip, for players and podcast apps that do not read WebVTT."""

    extension = "srt"

    def format(self, cues: Iterator[Cue]) -> str:
        """SRT text: numbered cues separated by blank lines."""
        blocks = []
        for number, cue in enumerate(cues, 1):
            times = f"{clock(cue.start_ms, ',')} --> {clock(cue.end_ms, ',')}"
            text = "\n".join(srt_text(line) for line in cue.lines)
            blocks.append(f"{number}\n{times}\n{text}\n")
        return "\n".join(blocks)


def short_clock(ms: int) -> str:
    """``M:SS``, or ``H:MM:SS`` from an hour on: a time as shown to readers."""
    hours, rest = divmod(ms // 1000, 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes}:{seconds:02d}"


class WriteHTML(TranscriptWriter):
    """HTML, the ``text/html`` form of ``podcast:transcript``: a ``<time>`` and a ``<p>`` a cue.

    Named ``<slug>.transcript.html`` so it never collides with the episode page ``<slug>.html``.
    """

    extension = "transcript.html"

    def format(self, cues: Iterator[Cue], title: str = "", lang: str = "en") -> str:
        """A complete HTML document: the title, then each cue's start time and text."""
        parts = [
            "<!DOCTYPE html>",
            f"<html{lang_attrs(html.escape(lang))}>",
            '<head><meta charset="utf-8">',
            f"<title>{html.escape(plain(title))}</title></head>",
            # The whole transcript is the page's main content (axe: landmark-one-main, region).
            "<body>",
            "<main>",
            f"<h1>{html.escape(plain(title))}</h1>",
        ]
        for cue in cues:
            seconds = cue.start_ms / 1000
            parts.append(
                f'<time datetime="PT{seconds:.3f}S">{short_clock(cue.start_ms)}</time>\n'
                f"<p>{html.escape(' '.join(cue.lines), quote=False)}</p>"
            )
        parts += ["</main>", "</body>", "</html>", ""]
        return "\n".join(parts)

    def render(self, edition: Edition) -> str:
        """The HTML transcript of a placed edition, in its language."""
        return self.format(cues(edition), edition.title, edition.language or "en")


WRITERS: tuple[TranscriptWriter, ...] = (WriteVTT(), WriteSRT(), WriteHTML())


def write_transcripts(edition: Edition, out: Path) -> tuple[str, ...]:
    """Write every transcript format for a placed edition; return the file names."""
    return tuple(writer.write(edition, out) for writer in WRITERS)
