"""Publish an extended M3U playlist of the episodes, for players that read local folders."""

from __future__ import annotations

from pathlib import Path

from narrate.catalogue import Entry
from narrate.fsutil import write_if_changed
from narrate.markup import plain

PLAYLIST_FILE = "episodes.m3u"
# The M4B audiobooks, for audiobook players (written only when there is one).
AUDIOBOOKS_FILE = "audiobooks.m3u"


def audiobook(entry: Entry) -> str:
    """The name of an episode's M4B audiobook, or "" when it has none."""
    if not any(name.endswith(".m4b") for name in entry.files):
        return ""  # decided from the catalogue: its edition need not be read
    episode = entry.edition.episode
    name = entry.edition.meta.get("audiobook", "")
    return name if episode is not None and name in episode.files else ""


def build_playlist(entries: list[Entry], title: str, books: bool = False) -> bytes:
    """Extended M3U, UTF-8, with paths relative to the folder so it works wherever copied;
    with ``books``, of the episodes' M4B audiobooks instead of their MP3s."""
    lines = ["#EXTM3U", f"#PLAYLIST:{_line(title)}"]
    for entry in entries:
        name = audiobook(entry) if books else entry.file
        if name:
            lines.append(f"#EXTINF:{round(entry.duration_ms / 1000)},{_line(entry.title)}")
            lines.append(plain(name))
    return ("\n".join(lines) + "\n").encode("utf-8")


def _line(text: str) -> str:
    # A line break inside a title would start a bogus entry; control characters garble it.
    return plain(text)


def write_playlist(out: Path, entries: list[Entry], title: str) -> bool:
    """Write ``<out>/episodes.m3u`` (and ``audiobooks.m3u`` when an episode has an M4B)
    atomically if changed; True if either was written."""
    written = write_if_changed(out / PLAYLIST_FILE, build_playlist(entries, title))
    books = out / AUDIOBOOKS_FILE
    if any(audiobook(e) for e in entries):
        written |= write_if_changed(books, build_playlist(entries, title, books=True))
    elif books.is_file():
        books.unlink()
        written = True
    return written
