"""The episodes of an output folder: each is an Edition saved as ``<slug>.json`` beside its MP3."""

from __future__ import annotations

import uuid
from pathlib import Path

from narrate.edition import Edition

# Episode guids derive from the slug only, so re-rendering never changes them.
_GUID_NAMESPACE = uuid.UUID("6ba7b811-9dad-11d1-80b4-00c04fd430c8")  # RFC 4122 URL namespace


def episode_guid(slug: str) -> str:
    """The permanent guid of the episode with ``slug``."""
    return str(uuid.uuid5(_GUID_NAMESPACE, f"narrate-episode:{slug}"))


def edition_path(out: Path, slug: str) -> Path:
    """Where the edition JSON of ``slug`` is kept."""
    return out / f"{slug}.json"


def load_editions(out: Path) -> list[Edition]:
    """Every rendered edition in ``out`` whose MP3 exists, newest first, then by slug."""
    editions = []
    for path in sorted(out.glob("*.json")):
        try:
            edition = Edition.load(path)
        except (ValueError, TypeError, KeyError, OSError):
            continue  # not an edition (or from an older layout): ignored, re-rendered on build
        if edition.episode and (out / edition.episode.file).is_file():
            editions.append(edition)
    editions.sort(key=lambda e: (e.date or e.first_rendered, e.slug), reverse=True)
    return editions
