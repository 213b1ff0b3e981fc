"""Assemble: join the chunks with pauses and stream them into an MP3, written atomically.

Pauses are exact: chunks are stored trimmed of edge silence, and the silence inserted
before each segment depends on what it starts (a sentence, a paragraph, a section).
Every segment's start is recorded in samples, so transcripts and chapters are timed from
the audio. The PCM is streamed from the chunk cache (twice: to measure its loudness, then
to encode it), never held whole in memory. Beside the MP3 go its transcripts, its chapters
and the feed's cover.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

from narrate.chapters import chapters, write_chapters
from narrate.config import Settings
from narrate.cover import cover_image, write_cover
from narrate.edition import Edition, Episode, Segment
from narrate.fsutil import atomic_path, sha256_file
from narrate.loudness import encode_normalised
from narrate.synthesise import chunk_path, read_chunk
from narrate.tags import write_tags
from narrate.transcript import write_transcripts

# Part of every render key: bump when assembly changes what it writes, to re-render episodes.
VERSION = 3
# libmp3lame's speed depends mostly on this (bench/encode_levels.py): 402 s of speech, 64 kbps
# at 44.1 kHz, took 1.6 s at level 7 (as at 9), 3.3 s at 5, 5.1 s at 2 and 15.7 s at 0.
COMPRESSION_LEVEL = 7

# Silence written per block while streaming pauses: bounded memory for any pause length.
_BLOCK = 1 << 16


def pause_before(previous: Segment | None, segment: Segment, settings: Settings) -> int:
    """Milliseconds of silence before ``segment``."""
    if previous is None:
        return 0
    if segment.kind == previous.kind == "intro":
        return settings.pause_sentence_ms
    if segment.kind in ("heading", "outro") or previous.kind in ("title", "intro", "heading"):
        return settings.pause_section_ms
    if segment.paragraph != previous.paragraph:
        return settings.pause_paragraph_ms
    return settings.pause_sentence_ms


def place(edition: Edition, settings: Settings) -> Edition:
    """Set every segment's pause and start (in samples) and return the placed edition."""
    rate = edition.sample_rate
    position = 0
    previous: Segment | None = None
    placed = []
    for segment in edition.segments:
        pause = pause_before(previous, segment, settings) * rate // 1000
        position += pause
        placed.append(dataclasses.replace(segment, pause=pause, start=position))
        position += segment.samples
        previous = segment
    return edition.replace(segments=tuple(placed))


def tail_samples(edition: Edition, settings: Settings) -> int:
    """Silence after the last segment, so players do not cut the last word."""
    return settings.pause_paragraph_ms * edition.sample_rate // 1000


def total_samples(edition: Edition, settings: Settings) -> int:
    """Length of the placed edition's audio, in samples at its sample rate."""
    if not edition.segments:
        return 0
    last = edition.segments[-1]
    return last.start + last.samples + tail_samples(edition, settings)


def _silence(samples: int) -> Iterator[bytes]:
    remaining = samples * 2
    zeros = bytes(min(remaining, _BLOCK))
    while remaining > 0:
        yield zeros[: min(remaining, _BLOCK)]
        remaining -= _BLOCK


def pcm_stream(edition: Edition, cache: Path, settings: Settings) -> Iterator[bytes]:
    """The episode's PCM, chunk by chunk and pause by pause."""
    for segment in edition.segments:
        yield from _silence(segment.pause)
        if segment.audio:
            yield read_chunk(chunk_path(cache, segment.audio)).pcm
    yield from _silence(tail_samples(edition, settings))


def assemble(
    edition: Edition, cache: Path, out: Path, settings: Settings, render_key: str
) -> Edition:
    """Write the episode's MP3 (tagged, at the target loudness), transcripts, chapters and
    cover into ``out``; return the edition, placed, with its Episode."""
    edition = place(edition, settings)
    samples = total_samples(edition, settings)
    found = chapters(edition, samples, settings.chapter_minutes)
    cover = cover_image(settings.cover, settings.title)
    dest = out / f"{edition.slug}.mp3"
    with atomic_path(dest) as tmp:
        measured = encode_normalised(
            lambda: pcm_stream(edition, cache, settings),
            edition.sample_rate,
            tmp,
            out_rate=settings.sample_rate,
            bitrate=settings.bitrate,
            compression_level=COMPRESSION_LEVEL,
        )
        write_tags(tmp, edition, settings, found, cover)
        size = tmp.stat().st_size
        digest = sha256_file(tmp)
    write_cover(out, *cover)
    files = (
        dest.name,
        *write_transcripts(edition, out),
        write_chapters(found, edition, out, settings.title),
    )
    episode = Episode(
        file=dest.name,
        bytes=size,
        sha256=digest,
        duration_ms=samples * 1000 // edition.sample_rate,
        bitrate_kbps=settings.bitrate,
        sample_rate=settings.sample_rate,
        render_key=render_key,
        loudness_lufs=measured.integrated,
        true_peak_dbtp=measured.true_peak,
        files=files,
    )
    return edition.replace(episode=episode)
