"""Other formats for listeners: an Opus or AAC rendition, and an M4B audiobook.

Both are made from the finished episode, whose Info frame makes ffmpeg decode exactly the
levelled timeline (no encoder delay, no padding), so chapters and cues keep their times.
The rendition is listed in the feed as ``podcast:alternateEnclosure``; the M4B (AAC in
MP4 with chapters and the cover) is for book-length inputs that audiobook players read
better than a podcast episode. Each is written to a temporary file, then renamed.
"""

from __future__ import annotations

import dataclasses
import tempfile
from dataclasses import dataclass
from pathlib import Path

from narrate import ffmpeg
from narrate.chapters import Chapter
from narrate.config import Settings
from narrate.edition import Edition
from narrate.fsutil import atomic_path
from narrate.tags import source_link
from narrate.transcript import clock

# What every rendition meets, as the MP3 does: -16 LUFS within 1 LU (aimed at within 0.3),
# true peak at most -1 dBTP (aimed at -1.3, below the meter's rounding).
TARGET_LUFS = -16.0
LUFS_SLACK = 0.3
LUFS_BOUND = 1.0
PEAK_CEILING = -1.3
# Gains below the one that reaches the target, tried when that one's true peak is over the
# ceiling: an AAC encoder's overshoot comes and goes with small changes of level (from
# -1.8 to +1.1 dBTP on renders of the same text), so a slightly quieter encoding usually
# has none, where lowering the whole gain by the overshoot left it 2.4 LU quiet.
_QUIETER_DB = (0.3, 0.6, 0.9)


@dataclass(frozen=True)
class Format:
    """An output format: file suffix, MIME type, ffmpeg muxer and codec arguments, bitrate."""

    suffix: str
    mime: str
    muxer: str
    codec: tuple[str, ...]
    bitrate: int
    title: str


# Opus at 32 kbps carries speech at half the MP3's size; AAC-LC for players without Opus
# (older Apple devices). Each codec moves the levelled audio a little: Opus's voice mode
# overshot the peaks by over a decibel (the seed: -0.6 dBTP from an MP3 at -1.8), its
# general mode (used) loses about 0.4 LU at the same size. ffmpeg's AAC at 64 kbps
# overshoots erratically (the seed at -2.4 dBTP: -0.7 dBTP as it is, +0.1 with 0.6 dB
# less gain, -1.3 with 0.5 dB less); at 96 kbps less often, but still (+1.1 dBTP from an
# MP3 at -2.5, one render in three). So AAC is 96 kbps, and each rendition is measured
# after encoding and, when it misses, made again with the gains ``corrections`` gives.
ALTERNATES = {
    "opus": Format(".opus", "audio/ogg; codecs=opus", "ogg",
                   ("-c:a", "libopus", "-b:a", "32k", "-application", "audio"), 32000, "Opus"),
    "aac": Format(".m4a", "audio/mp4", "ipod", ("-c:a", "aac", "-b:a", "96k"), 96000, "AAC"),
}  # fmt: skip
AUDIOBOOK = Format(".m4b", "audio/mp4", "mp4", ("-c:a", "aac", "-b:a", "96k"), 96000, "M4B")


def _escape(value: str) -> str:
    """A value for ffmpeg's metadata file: its special characters escaped, one line."""
    for char in ("\\", "=", ";", "#"):
        value = value.replace(char, "\\" + char)
    return " ".join(value.splitlines())


def metadata(edition: Edition, settings: Settings, chapters: list[Chapter]) -> str:
    """ffmpeg's FFMETADATA1 text: title, artist, album, date, comment and chapters."""
    lines = [";FFMETADATA1"]
    for key, value in (
        ("title", edition.title), ("artist", edition.author or settings.author),
        ("album", settings.title), ("date", edition.date[:10]), ("genre", "Podcast"),
        ("comment", f"Source: {source_link(edition)}"),
    ):  # fmt: skip
        if value:
            lines.append(f"{key}={_escape(value)}")
    for chapter in chapters:
        lines += ["[CHAPTER]", "TIMEBASE=1/1000", f"START={chapter.start_ms}",
                  f"END={chapter.end_ms}", f"title={_escape(chapter.title)}"]  # fmt: skip
    return "\n".join(lines) + "\n"


def render(
    mp3: Path,
    dest: Path,
    fmt: Format,
    meta: str,
    cover: tuple[bytes, str] | None = None,
    chapters: list[Chapter] | None = None,
) -> int:
    """Write ``dest`` in ``fmt`` from the episode ``mp3``; return its size in bytes."""
    with tempfile.TemporaryDirectory() as work, atomic_path(dest) as tmp:
        meta_file = Path(work) / "meta.txt"
        meta_file.write_text(meta, "utf-8")
        args = ["-y", "-v", "error", "-i", str(mp3), "-i", str(meta_file)]
        maps = ["-map", "0:a:0", "-map_metadata", "1", "-map_chapters", "1"]
        if cover is not None:
            image = Path(work) / ("cover.png" if cover[1] == "image/png" else "cover.jpg")
            image.write_bytes(cover[0])
            args += ["-i", str(image)]
            maps += ["-map", "2:v:0", "-c:v", "copy", "-disposition:v:0", "attached_pic"]

        def encode(gain_db: float) -> None:
            level = ["-af", f"volume={gain_db:.2f}dB"] if gain_db else []
            ffmpeg.run([*args, *maps, "-ac", "1", *level, *fmt.codec, "-f", fmt.muxer, str(tmp)])

        encode(0.0)
        for gain in corrections(ffmpeg.measure_file(tmp)):
            encode(gain)
            if meets(ffmpeg.measure_file(tmp)):
                break
        if fmt.muxer == "ogg":
            _opus_chapters(tmp, chapters or [])
        return tmp.stat().st_size


def meets(found: ffmpeg.Loudness) -> bool:
    """Whether a rendition meets the standard: -16 LUFS within 1 LU, true peak under the
    ceiling (digital silence meets it)."""
    if found.integrated is None:
        return True
    peak = found.true_peak if found.true_peak is not None else PEAK_CEILING
    return abs(found.integrated - TARGET_LUFS) <= LUFS_BOUND and peak <= PEAK_CEILING


def corrections(found: ffmpeg.Loudness) -> list[float]:
    """The gains (dB) to encode again with, in turn, until one meets the standard; none
    when the first encoding is on target (within the slack) under the ceiling.

    The gain that reaches the target, lowered to the ceiling when the peak is over it; if
    that would leave the rendition more than 1 LU quiet, a few slightly quieter gains are
    tried first (``_QUIETER_DB``), then that one, which the peak ceiling always allows.
    """
    if found.integrated is None:
        return []
    peak = found.true_peak if found.true_peak is not None else PEAK_CEILING
    loud = TARGET_LUFS - found.integrated
    if abs(loud) <= LUFS_SLACK and peak <= PEAK_CEILING:
        return []
    safe = round(min(loud, PEAK_CEILING - peak), 2)
    if safe >= loud - LUFS_BOUND:
        return [safe]
    return [round(loud - quieter, 2) for quieter in _QUIETER_DB] + [safe]


def _opus_chapters(path: Path, chapters: list[Chapter]) -> None:
    """Write the chapter comments of an Ogg Opus file from the exact chapter times.

    ffmpeg's Ogg muxer rounds each chapter's seconds to the nearest whole one before adding
    its milliseconds, so a chapter at 73.993 s was written as 74.993 s.
    """
    if not chapters:
        return
    from mutagen.oggopus import OggOpus

    audio = OggOpus(path)
    tags = audio.tags
    assert tags is not None  # ffmpeg always writes the comment header
    for key in sorted({k for k, _ in tags if k.upper().startswith("CHAPTER")}):
        del tags[key]
    for n, chapter in enumerate(chapters):
        tags[f"CHAPTER{n:03d}"] = clock(chapter.start_ms)
        tags[f"CHAPTER{n:03d}NAME"] = chapter.title
    audio.save()


def write_renditions(
    edition: Edition,
    out: Path,
    settings: Settings,
    chapters: list[Chapter],
    cover: tuple[bytes, str] | None,
) -> Edition:
    """The rendition and the audiobook the settings ask for, beside the episode; the
    edition with their names in its episode's files and what the feed needs in its meta."""
    episode = edition.episode
    if episode is None or not (settings.alternate or settings.audiobook_minutes):
        return edition
    mp3 = out / episode.file
    meta = metadata(edition, settings, chapters)
    files, extra = list(episode.files), dict(edition.meta)
    if settings.alternate:
        fmt = ALTERNATES[settings.alternate]
        dest = out / f"{edition.slug}{fmt.suffix}"
        size = render(mp3, dest, fmt, meta, chapters=chapters)
        files.append(dest.name)
        extra.update(alternate=dest.name, alternate_type=fmt.mime, alternate_bytes=str(size),
                     alternate_bitrate=str(fmt.bitrate), alternate_title=fmt.title)  # fmt: skip
    if settings.audiobook_minutes and episode.duration_ms >= settings.audiobook_minutes * 60_000:
        dest = out / f"{edition.slug}{AUDIOBOOK.suffix}"
        size = render(mp3, dest, AUDIOBOOK, meta, cover)
        files.append(dest.name)
        extra.update(audiobook=dest.name, audiobook_type=AUDIOBOOK.mime,
                     audiobook_length=str(size), audiobook_bitrate=str(AUDIOBOOK.bitrate),
                     audiobook_title=f"{AUDIOBOOK.title} audiobook")  # fmt: skip
    episode = dataclasses.replace(episode, files=tuple(files))
    return edition.replace(episode=episode, meta=extra)
