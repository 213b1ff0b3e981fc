"""Publish an extended M3U playlist of the episodes, for players that read local folders."""

from __future__ import annotations

from pathlib import Path

from narrate.catalogue import Entry
from narrate.fsutil import write_if_changed
from narrate.markup import plain

PLAYLIST_FILE = "episodes.m3u"


def build_playlist(entries: list[Entry], title: str) -> bytes:
    """Extended M3U, UTF-8, with paths relative to the folder so it works wherever copied."""
    lines = ["#EXTM3U", f"#PLAYLIST:{_line(title)}"]
    for entry in entries:
        lines.append(f"#EXTINF:{round(entry.duration_ms / 1000)},{_line(entry.title)}")
        lines.append(plain(entry.file))
    return ("\n".join(lines) + "\n").encode("utf-8")


def _line(text: str) -> str:
    # A line break inside a title would start a bogus entry; control characters garble it.
    return plain(text)


def write_playlist(out: Path, entries: list[Entry], title: str) -> bool:
    """Write ``<out>/episodes.m3u`` atomically if it changed; True if written."""
    return write_if_changed(out / PLAYLIST_FILE, build_playlist(entries, title))
