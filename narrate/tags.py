"""ID3v2 tags for an episode, written with mutagen: text frames, cover art and chapters."""

from __future__ import annotations

from pathlib import Path

from mutagen.id3 import (
    APIC,
    CHAP,
    COMM,
    CTOC,
    ID3,
    TALB,
    TCON,
    TDRC,
    TIT2,
    TLAN,
    TPE1,
    WOAS,
    CTOCFlags,
)

from narrate.chapters import Chapter
from narrate.config import Settings
from narrate.edition import Edition

# ID3 names languages with ISO 639-2 codes; editions carry ISO 639-1.
_ISO639_2 = {
    "en": "eng", "es": "spa", "fr": "fra", "de": "deu", "it": "ita", "pt": "por", "nl": "nld",
    "ru": "rus", "pl": "pol", "tr": "tur", "sv": "swe", "da": "dan", "no": "nor", "fi": "fin",
    "cs": "ces", "ar": "ara", "zh": "zho", "ja": "jpn",
}  # fmt: skip


def source_link(edition: Edition) -> str:
    """Where the article comes from: its URL, else the path it was read from."""
    return edition.url or edition.source


def write_tags(
    path: Path,
    edition: Edition,
    settings: Settings,
    chapters: list[Chapter] | None = None,
    cover: tuple[bytes, str] | None = None,
) -> None:
    """Tag the MP3 at ``path``: title, artist, album (the feed), date, genre, language,
    a comment linking the source, cover art (bytes, MIME type) and chapters (CTOC + CHAP)."""
    tags = ID3()
    tags.add(TIT2(encoding=3, text=edition.title))
    tags.add(TPE1(encoding=3, text=edition.author or settings.author))
    tags.add(TALB(encoding=3, text=settings.title))
    # Every episode has a date in the feed (the article's, else its first render): the tag
    # carries the same one.
    date = edition.date or edition.first_rendered
    if date:
        tags.add(TDRC(encoding=3, text=date[:10]))
    tags.add(TCON(encoding=3, text="Podcast"))
    lang = _ISO639_2.get(edition.language, "und")
    tags.add(TLAN(encoding=3, text=lang))
    link = source_link(edition)
    tags.add(COMM(encoding=3, lang=lang, desc="", text=f"Source: {link}"))
    if edition.url:
        tags.add(WOAS(url=edition.url))
    if cover is not None:
        data, mime = cover
        tags.add(APIC(encoding=3, mime=mime, type=3, desc="Cover", data=data))
    if chapters:
        ids = [f"chp{n}" for n in range(len(chapters))]
        toc_title = TIT2(encoding=3, text="Chapters")
        flags = CTOCFlags.TOP_LEVEL | CTOCFlags.ORDERED
        tags.add(CTOC(element_id="toc", flags=flags, child_element_ids=ids, sub_frames=[toc_title]))
        for element, chapter in zip(ids, chapters, strict=True):
            title = TIT2(encoding=3, text=chapter.title)
            # Offsets of 0xFFFFFFFF mean "use the times", which is what every player reads.
            tags.add(
                CHAP(
                    element_id=element,
                    start_time=chapter.start_ms,
                    end_time=chapter.end_ms,
                    start_offset=0xFFFFFFFF,
                    end_offset=0xFFFFFFFF,
                    sub_frames=[title],
                )
            )
    # ID3v2.3 is what most players and Apple read reliably; no padding keeps sizes exact.
    # v2.3 has no TDRC: the date goes into its TYER and TDAT frames.
    tags.update_to_v23()
    tags.save(path, v2_version=3, padding=lambda info: 0)
    if chapters:
        order_chapters(path)


def order_chapters(path: Path) -> None:
    """Put the CHAP frames of the file's ID3v2.3 tag in chapter order, in place.

    mutagen writes frames sorted by size, and ffmpeg (hence ffprobe and many players) lists
    chapters in the order of their frames, not of their times.
    """
    with open(path, "r+b") as fh:
        header = fh.read(10)
        if header[:3] != b"ID3" or header[3] != 3 or header[5] & 0xC0:
            return  # only the plain v2.3 tags written above (no unsync, no extended header)
        size = (header[6] << 21) | (header[7] << 14) | (header[8] << 7) | header[9]
        body = fh.read(size)
        frames: list[bytes] = []
        at = 0
        while at + 10 <= len(body) and body[at : at + 4] != b"\0\0\0\0":
            length = int.from_bytes(body[at + 4 : at + 8], "big")
            frames.append(body[at : at + 10 + length])
            at += 10 + length
        chaps = [f for f in frames if f[:4] == b"CHAP"]

        def start(frame: bytes) -> int:
            # CHAP body: element id (NUL-terminated), then start time in ms.
            offset = frame.index(b"\0", 10) + 1
            return int.from_bytes(frame[offset : offset + 4], "big")

        ordered = iter(sorted(chaps, key=start))
        frames = [next(ordered) if f[:4] == b"CHAP" else f for f in frames]
        fh.seek(10)
        fh.write(b"".join(frames))
