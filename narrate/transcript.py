"""Transcripts: WebVTT and SRT cues timed from the real sample counts of a placed edition.

One cue per spoken segment (a sentence, the title, a heading, the intro); a long sentence is
split into several cues of at most two lines of ``LINE_CHARS``, its time shared among them in
proportion to their length. Cue text is the written text, not the normalised one. One writer
class per format behind a tiny base class.
"""

from __future__ import annotations

import html
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from narrate.edition import Edition
from narrate.fsutil import write_if_changed

LINE_CHARS = 65
MAX_LINES = 2


@dataclass(frozen=True)
class Cue:
    """A caption: start and end in milliseconds and its lines of text."""

    start_ms: int
    end_ms: int
    lines: tuple[str, ...]


def _pieces(text: str) -> list[list[str]]:
    """The text wrapped in lines of at most LINE_CHARS, grouped MAX_LINES to a cue."""
    lines = textwrap.wrap(" ".join(text.split()), LINE_CHARS, break_on_hyphens=False)
    return [lines[i : i + MAX_LINES] for i in range(0, len(lines), MAX_LINES)]


def cues(edition: Edition) -> Iterator[Cue]:
    """The cues of a placed edition, in order and never overlapping."""
    rate = edition.sample_rate
    for segment in edition.segments:
        if not segment.samples or not segment.text.strip():
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


def _clock(ms: int, separator: str) -> str:
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

    def write(self, edition: Edition, out: Path) -> str:
        """Write ``<out>/<slug>.<extension>`` atomically (if changed); return its name."""
        dest = out / f"{edition.slug}.{self.extension}"
        write_if_changed(dest, self.format(cues(edition)).encode("utf-8"))
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
            blocks.append(f"{_clock(cue.start_ms, '.')} --> {_clock(cue.end_ms, '.')}\n{lines}\n")
        return "\n".join(blocks)


class WriteSRT(TranscriptWriter):
    """SubRip, for players and podcast apps that do not read WebVTT."""

    extension = "srt"

    def format(self, cues: Iterator[Cue]) -> str:
        """SRT text: numbered cues separated by blank lines."""
        blocks = []
        for number, cue in enumerate(cues, 1):
            times = f"{_clock(cue.start_ms, ',')} --> {_clock(cue.end_ms, ',')}"
            blocks.append(f"{number}\n{times}\n" + "\n".join(cue.lines) + "\n")
        return "\n".join(blocks)


WRITERS: tuple[TranscriptWriter, ...] = (WriteVTT(), WriteSRT())


def write_transcripts(edition: Edition, out: Path) -> tuple[str, ...]:
    """Write every transcript format for a placed edition; return the file names."""
    return tuple(writer.write(edition, out) for writer in WRITERS)
