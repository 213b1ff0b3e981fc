"""The one data type that flows between stages: an Edition of Segments.

Each stage takes an Edition and returns a new one (they are frozen). Saved as JSON
beside the episode, an Edition lets the feed and page be rebuilt without
synthesising anything.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

SegmentKind = Literal["intro", "title", "heading", "sentence", "outro"]

# Bump when the JSON layout changes incompatibly; older files are then re-rendered.
SCHEMA = 1


@dataclass(frozen=True)
class Segment:
    """One unit of speech: a sentence (or the title, a heading, the intro) of the article.

    index: position in the edition, from 0.
    kind: what the text is; decides the pause before it.
    paragraph: number of the paragraph the segment belongs to (-1 outside the body).
    text: the written text, as the reader shows it (transcripts use it).
    spoken: the normalised text the engine reads ("" until the normalise stage).
    audio: cache key of the synthesised chunk ("" until the synthesise stage).
    samples: length of the chunk's speech in samples at the edition's sample rate.
    pause: silence before the segment's speech (from the end of the previous speech).
    start: sample at which the segment's speech begins in the decoded episode.
    list: "ul" when the sentence belongs to an item of a list (its paragraph is the item),
    "" otherwise; pages show such sentences as a list.
    """

    index: int
    kind: SegmentKind
    paragraph: int
    text: str
    spoken: str = ""
    audio: str = ""
    samples: int = 0
    pause: int = 0
    start: int = 0
    list: str = ""


@dataclass(frozen=True)
class Episode:
    """What the assemble stage wrote: the MP3 and what was measured of it.

    bytes, sha256 and mtime_ns identify the MP3 as written: a file of the same size and
    time is taken as intact, one whose time differs is compared by hash.
    """

    file: str
    bytes: int
    sha256: str
    duration_ms: int
    bitrate_kbps: int
    sample_rate: int
    render_key: str
    loudness_lufs: float | None = None
    true_peak_dbtp: float | None = None
    files: tuple[str, ...] = ()
    mtime_ns: int = 0


@dataclass(frozen=True)
class Edition:
    """An article on its way to becoming an episode.

    source: path of the article as given; slug: stable file stem of its outputs.
    source_sha256: hash of the article's bytes, to notice edits.
    language: ISO 639-1 code that picks the voice and the normaliser rules.
    author, date (published, else modified; ISO 8601), url (canonical, never a local path),
    site_name, description: what the article says about itself ("" when it does not).
    image: SHA-256 of the episode's own art (an EPUB's cover), "" when it has none.
    sample_rate: the output rate, in which every segment's samples, pause and start are
    counted (0 before synthesis).
    """

    source: str
    slug: str
    source_sha256: str
    title: str
    language: str = "en"
    author: str = ""
    date: str = ""
    url: str = ""
    description: str = ""
    site_name: str = ""
    image: str = ""
    segments: tuple[Segment, ...] = ()
    sample_rate: int = 0
    first_rendered: str = ""
    episode: Episode | None = None
    meta: dict[str, str] = field(default_factory=dict)

    def replace(self, **changes: Any) -> Edition:
        """A copy with some fields changed."""
        return dataclasses.replace(self, **changes)

    @property
    def body(self) -> tuple[Segment, ...]:
        """The segments that come from the article itself (no intro or outro)."""
        return tuple(s for s in self.segments if s.kind in ("title", "heading", "sentence"))

    def script(self) -> list[str]:
        """The spoken text of every segment, in order."""
        return [s.spoken for s in self.segments]

    def to_json(self) -> str:
        """Serialise to stable, sorted JSON."""
        data = dataclasses.asdict(self)
        data["schema"] = SCHEMA
        return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"

    @classmethod
    def from_json(cls, text: str) -> Edition:
        """Load an edition saved by ``to_json``; raises ValueError on a foreign layout."""
        data = json.loads(text)
        if data.pop("schema", None) != SCHEMA:
            raise ValueError("edition JSON has an unknown schema")
        segments = tuple(Segment(**s) for s in data.pop("segments"))
        episode = data.pop("episode")
        if episode is not None:
            episode["files"] = tuple(episode.get("files", ()))
            episode = Episode(**episode)
        return cls(segments=segments, episode=episode, **data)

    def save(self, path: Path) -> None:
        """Write the JSON atomically."""
        from narrate.fsutil import write_if_changed

        write_if_changed(path, self.to_json().encode("utf-8"))

    @classmethod
    def load(cls, path: Path) -> Edition:
        """Read an edition saved by ``save``."""
        return cls.from_json(path.read_text(encoding="utf-8"))
