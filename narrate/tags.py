"""ID3v2 tags for an episode, written with mutagen."""

from __future__ import annotations

from pathlib import Path

from mutagen.id3 import ID3, TALB, TCON, TDRC, TIT2, TLAN, TPE1

from narrate.config import Settings
from narrate.edition import Edition


def write_tags(path: Path, edition: Edition, settings: Settings) -> None:
    """Tag the MP3 at ``path`` with title, artist, album (the feed), date, genre and language."""
    tags = ID3()
    tags.add(TIT2(encoding=3, text=edition.title))
    tags.add(TPE1(encoding=3, text=edition.author or settings.author))
    tags.add(TALB(encoding=3, text=settings.title))
    if edition.date:
        tags.add(TDRC(encoding=3, text=edition.date[:10]))
    tags.add(TCON(encoding=3, text="Podcast"))
    tags.add(TLAN(encoding=3, text=edition.language))
    # ID3v2.3 is what most players and Apple read reliably; no padding keeps sizes exact.
    tags.save(path, v2_version=3, padding=lambda info: 0)
