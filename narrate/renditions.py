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


@dataclass(frozen=True)
class Format:
    """An output format: file suffix, MIME type, ffmpeg muxer and codec arguments, bitrate."""

    suffix: str
    mime: str
    muxer: str
    codec: tuple[str, ...]
    bitrate: int
    title: str


# Opus at 32 kbps carries speech at half the MP3's size; AAC-LC at 64 kbps for players
# without Opus (older Apple devices). Opus overshoots the levelled peaks by about 1.4 dB
# (measured on the seed: -0.6 dBTP from an MP3 at -2.0), so it gets 0.5 dB less gain to
# stay under -1 dBTP, well within 1 LU of the target.
ALTERNATES = {
    "opus": Format(".opus", "audio/ogg; codecs=opus", "ogg",
                   ("-af", "volume=-0.5dB", "-c:a", "libopus", "-b:a", "32k",
                    "-application", "voip"), 32000, "Opus"),
    "aac": Format(".m4a", "audio/mp4", "ipod", ("-c:a", "aac", "-b:a", "64k"), 64000, "AAC"),
}  # fmt: skip
AUDIOBOOK = Format(".m4b", "audio/mp4", "mp4", ("-c:a", "aac", "-b:a", "64k"), 64000, "M4B")


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
    mp3: Path, dest: Path, fmt: Format, meta: str, cover: tuple[bytes, str] | None = None
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
        ffmpeg.run([*args, *maps, "-ac", "1", *fmt.codec, "-f", fmt.muxer, str(tmp)])
        return tmp.stat().st_size


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
        size = render(mp3, dest, fmt, meta)
        files.append(dest.name)
        extra.update(alternate=dest.name, alternate_type=fmt.mime, alternate_bytes=str(size),
                     alternate_bitrate=str(fmt.bitrate), alternate_title=fmt.title)  # fmt: skip
    if settings.audiobook_minutes and episode.duration_ms >= settings.audiobook_minutes * 60_000:
        dest = out / f"{edition.slug}{AUDIOBOOK.suffix}"
        render(mp3, dest, AUDIOBOOK, meta, cover)
        files.append(dest.name)
        extra["audiobook"] = dest.name
    episode = dataclasses.replace(episode, files=tuple(files))
    return edition.replace(episode=episode, meta=extra)
