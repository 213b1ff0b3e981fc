"""The publish stage: catalogue the rendered episodes, then regenerate feed, pages and playlist.

Everything published is derived from the catalogue and written atomically, so a build
killed at any point leaves the previous, valid publication in place.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from narrate import catalogue
from narrate.catalogue import Entry
from narrate.config import SECTIONS, Settings
from narrate.edition import Edition
from narrate.feed import (
    COVER_FILE,
    FEED_FILE,
    archive_pages,
    category_path,
    document,
    document_of,
    podcast_guid,
    url,
    write_document,
    write_feed,
)
from narrate.fsutil import write_if_changed
from narrate.page import write_page
from narrate.playlist import write_playlist
from narrate.supervise import exclusive


@dataclass(frozen=True)
class Published:
    """What a publish wrote."""

    feed: bool
    page: bool
    playlist: bool
    episodes: int


def publish(out: Path, settings: Settings) -> Published:
    """Adopt rendered editions into the catalogue and rewrite what changed."""
    category_path(settings.category)  # fail before writing anything
    with exclusive(out):
        return _publish(out, settings)


class _Made:
    """What each derived file (an episode page, an archive feed) was last written from.

    A digest of the catalogued episodes it shows, the settings, narrate's code and the
    cover's presence, kept in ``.narrate/made-from.json``: a file whose digest is unchanged
    (and which is still there) is not built again, so publishing one new episode into a
    catalogue of thousands builds its page, not thousands.
    """

    def __init__(self, out: Path, settings: Settings) -> None:
        from narrate.stamp import code_fingerprint

        self.out = out
        self.path = out / catalogue.STATE_DIR / "made-from.json"
        try:
            loaded = json.loads(self.path.read_text("utf-8"))
            self.before: dict[str, str] = loaded if isinstance(loaded, dict) else {}
        except (OSError, ValueError):
            self.before = {}
        self.now: dict[str, str] = {}
        cover = (out / COVER_FILE).is_file()
        made = json.dumps([dataclasses.asdict(settings), cover, code_fingerprint()], default=str)
        self.base = hashlib.sha256(made.encode()).hexdigest()

    def fresh(self, name: str, entries: list[Entry]) -> bool:
        """True when ``name`` was made from exactly these entries and is still there."""
        digest = hashlib.sha256(self.base.encode())
        for entry in entries:
            digest.update(entry.fingerprint.encode())
        self.now[name] = digest.hexdigest()
        file = name.split("#", 1)[0]
        return self.before.get(name) == self.now[name] and (self.out / file).is_file()

    def order(self, slugs: list[str]) -> str:
        """A digest of the feed's split: the episodes' order with these settings."""
        return hashlib.sha256("\n".join([self.base, *slugs]).encode("utf-8")).hexdigest()

    def split(self, slugs: list[str]) -> None:
        """Note that every feed document was just written from episodes in this order."""
        self.now[_SPLIT] = self.order(slugs)

    def same_split(self, slugs: list[str]) -> bool:
        """True when the feed documents were last written from episodes in this order."""
        return self.before.get(_SPLIT) == self.order(slugs)

    def save(self) -> None:
        """Keep the digests of this publish (written files and fresh ones alike)."""
        data = json.dumps({**self.before, **self.now}, sort_keys=True).encode()
        write_if_changed(self.path, data, durable=False)


# The key of the feed's split among the made-from digests (no file is named so).
_SPLIT = "#split"


def _write_feeds(out: Path, settings: Settings, guid: str) -> bool:
    """Rewrite feed.xml and the archive feeds that changed; True if any was written."""
    made = _Made(out, settings)
    every = catalogue.entries(out, present=False)
    written = write_feed(out, every, settings, guid, made.fresh)
    made.split([e.slug for e in every])
    made.save()
    return written


def _write_document_of(out: Path, slug: str, settings: Settings, guid: str) -> None:
    """Rewrite the feed documents after episode ``slug`` changed in the catalogue alone.

    When the catalogue's order is the one every document was last written from, the
    episode is still in the document it was, and only that one is written: replacing
    episodes one by one in a catalogue of thousands costs each its page, not the feed.
    """
    made = _Made(out, settings)
    slugs = catalogue.order(out)
    if slug not in slugs or not made.same_split(slugs):
        _write_feeds(out, settings, guid)
        return
    page, first, count, pages = document_of(slugs.index(slug), len(slugs), settings.feed_items)
    listed = catalogue.entries_between(out, first, count)
    write_document(out, listed, page, pages, settings, guid, made.fresh)
    made.save()


def _publish(out: Path, settings: Settings) -> Published:
    catalogue.sync(out)
    # The feed's guid is fixed by its first URL and kept when the feed moves.
    guid = catalogue.set_meta(
        out, "podcast_guid", podcast_guid(url(settings, FEED_FILE)), keep=True
    )
    # With the settings the feed names the narrator, dates and splits the episodes by, so
    # that ``feed_at`` (``narrate serve`` at another address) builds the same feed.
    made_from = (*SECTIONS["feed"], "engine", "voice", "date_from", "chapter_minutes")
    channel = {name: getattr(settings, name) for name in made_from}
    catalogue.set_meta(out, "channel", json.dumps(channel, sort_keys=True))
    every = catalogue.entries(out, present=False)
    entries = [e for e in every if e.bytes >= 0 and catalogue.present(out, e)]
    made = _Made(out, settings)
    done = Published(
        feed=write_feed(out, every, settings, guid, made.fresh),
        page=write_page(out, entries, settings, made.fresh),
        playlist=write_playlist(out, entries, settings.title),
        episodes=len(entries),
    )
    made.split([e.slug for e in every])
    made.save()
    return done


def publish_episode(
    out: Path, edition: Edition, settings: Settings, *, relist: bool = True
) -> bool:
    """Catalogue one freshly rendered episode; with ``relist``, rewrite the feed at once if
    it replaced one (withdrawn while its MP3 was replaced). True if the feed was rewritten.

    A build catalogues each episode as it is rendered, so that one killed later leaves a
    catalogue matching the files already replaced, and relists none: the feed lists a
    replaced episode again when the next one withdrawn shares its document, or at the
    build's final publish, and never states a length that is not the file's meanwhile.
    A new episode waits for that publish too: rewriting the feed for each episode of a
    build would cost a build of n articles n² work.
    """
    with catalogue.connect(out) as conn, catalogue.transaction(conn):
        replaced = catalogue.known(conn, edition.slug)
        catalogue.record(conn, out, edition)
    if not (replaced and relist):
        return False
    guid = catalogue.set_meta(
        out, "podcast_guid", podcast_guid(url(settings, FEED_FILE)), keep=True
    )
    return _write_feeds(out, settings, guid)


def withdraw(out: Path, slug: str, settings: Settings) -> bool:
    """Take episode ``slug`` out of the feed before its MP3 is replaced; True if it was listed.

    The MP3 and the feed that states its length cannot change in one step. Withdrawn
    first, the episode is missing from the feed (and from every feed built from the
    catalogue, as ``serve`` does) until its new file is recorded: a feed killed in
    between lists fewer episodes, never a length that is not the file's.
    """
    if not catalogue.catalogue_path(out).is_file():
        return False  # never published (``render`` into a new folder): nothing to withdraw
    with catalogue.connect(out) as conn, catalogue.transaction(conn):
        if not catalogue.withdraw(conn, slug):
            return False
    guid = catalogue.set_meta(
        out, "podcast_guid", podcast_guid(url(settings, FEED_FILE)), keep=True
    )
    _write_document_of(out, slug, settings, guid)
    return True


def published_settings(out: Path) -> Settings | None:
    """The channel settings of the last publish of ``out``, or None if never published."""
    stored = catalogue.get_meta(out, "channel")
    return Settings(**json.loads(stored)) if stored else None


def feed_at(out: Path, base_url: str) -> bytes | None:
    """The feed of ``out`` as if published at ``base_url``, built from the catalogue."""
    return _document_at(out, base_url, 0)


def archive_at(out: Path, base_url: str, number: int) -> bytes | None:
    """Archive feed ``number`` of ``out`` as if published at ``base_url``, built from the
    catalogue; None if never published or there is no such archive."""
    return _document_at(out, base_url, number) if number >= 1 else None


def _document_at(out: Path, base_url: str, page: int) -> bytes | None:
    """Feed document ``page`` (0: feed.xml) of ``out`` as if published at ``base_url``.

    Split as ``write_feed`` splits (all catalogued episodes, then those whose MP3 is not
    there left out), so an app that follows prev-archive from the feed finds every episode
    once, and at the published address it is the published file's bytes.
    """
    settings = published_settings(out)
    if settings is None:
        return None
    guid = catalogue.get_meta(out, "podcast_guid") or ""
    settings = settings.replace(base_url=base_url)
    every = catalogue.entries(out, present=False)
    pages = archive_pages(every, settings.feed_items)
    if page > len(pages):
        return None
    held = pages[page - 1] if page else every[: settings.feed_items]
    return document(out, held, page, len(pages), settings, guid)


def remove(out: Path, article: str, settings: Settings) -> tuple[Entry, list[str]]:
    """Remove an episode: from the catalogue, then from feed and pages, then its files."""
    with exclusive(out):
        entry = catalogue.forget(out, article)
        _publish(out, settings)
        return entry, catalogue.delete_files(out, entry)
