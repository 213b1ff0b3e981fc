"""Publish the podcast feed: RSS 2.0 with the itunes, podcast, atom, content and psc namespaces.

Built with ElementTree, which escapes all text and attributes; the feed is deterministic
(same catalogue and settings, same bytes) so unchanged builds rewrite nothing.

``feed.xml`` carries the newest ``feed_items`` episodes (podcast apps stop reading at a
few hundred items or a few MB); older ones are in archive feeds, as RFC 5005 (Feed Paging
and Archiving) lays out: ``feed-archive-1.xml`` holds the oldest ``feed_items`` episodes,
``feed-archive-2.xml`` the next, and so on. ``feed.xml`` links the newest archive with
``atom:link rel="prev-archive"``; each archive is marked ``<fh:archive/>`` and links the
subscription feed (``rel="current"``) and its neighbours (``prev-archive``,
``next-archive``). A full archive never changes again, so it is written once. Descriptions
are HTML (RSS readers and the W3C validator read them as HTML) built from escaped text, so
an article's ``<b>`` or ``AT&T`` is shown as written and never becomes live markup.
"""

from __future__ import annotations

import functools
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from email.utils import format_datetime
from html import escape
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import quote

from narrate.catalogue import Entry
from narrate.chapters import chapters as edition_chapters
from narrate.config import Settings, setting_error
from narrate.errors import ConfigError
from narrate.fsutil import write_if_changed
from narrate.markup import plain, strip_controls
from narrate.transcript import clock

NS = {
    "itunes": "http://www.itunes.com/dtds/podcast-1.0.dtd",
    "podcast": "https://podcastindex.org/namespace/1.0",
    "atom": "http://www.w3.org/2005/Atom",
    "content": "http://purl.org/rss/1.0/modules/content/",
    # Podlove Simple Chapters: the only chapter form gPodder's podcastparser reads.
    "psc": "http://podlove.org/simple-chapters",
    # RFC 5005: <fh:archive/> marks an archive feed.
    "fh": "http://purl.org/syndication/history/1.0",
}
for _prefix, _uri in NS.items():
    ET.register_namespace(_prefix, _uri)

# Podcasting 2.0: podcast:guid is a UUIDv5 of the feed URL (without scheme) in this namespace.
PODCAST_GUID_NAMESPACE = uuid.UUID("ead4c236-bf58-58c6-a2c6-a6b28d128cb6")
FEED_FILE = "feed.xml"
# Archive feed n (1: the oldest episodes); the pattern finds them all.
ARCHIVE_FILE = "feed-archive-{n}.xml"
ARCHIVE_GLOB = "feed-archive-*.xml"
COVER_FILE = "cover.png"

MIME_VTT = "text/vtt"
MIME_SRT = "application/x-subrip"
MIME_HTML = "text/html"
MIME_CHAPTERS = "application/json+chapters"
HTML_TRANSCRIPT_SUFFIX = ".transcript.html"
# Podcasting 2.0 podcast:medium for written articles with a spoken version.
MEDIUM = "newsletter"
# Names listeners recognise for the engines' voices (podcast:person of the narrator).
ENGINE_NAMES = {"pyttsx3": "eSpeak NG", "espeak": "eSpeak NG", "piper": "Piper",
                "silent": "silent test engine"}  # fmt: skip


def q(prefix: str, name: str) -> str:
    """The ElementTree name of ``prefix:name``."""
    return f"{{{NS[prefix]}}}{name}"


def url(settings: Settings, name: str) -> str:
    """Absolute URL of a file published in the output folder."""
    return settings.base_url + quote(name)


def podcast_guid(feed_url: str) -> str:
    """The Podcasting 2.0 guid of a feed URL."""
    bare = feed_url.split("://", 1)[-1].rstrip("/")
    return str(uuid.uuid5(PODCAST_GUID_NAMESPACE, bare))


def rfc2822(iso: str) -> str:
    """An ISO 8601 date or timestamp as an RFC 2822 date (UTC when no zone is given)."""
    moment = datetime.fromisoformat(iso)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return format_datetime(moment)


@functools.cache
def apple_categories() -> dict[str, tuple[str, ...]]:
    """Apple Podcasts' categories: each top-level name with its subcategories."""
    text = resources.files("narrate").joinpath("data/apple_categories.txt").read_text("utf-8")
    found: dict[str, list[str]] = {}
    parent = ""
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        if line.startswith(" "):
            found[parent].append(line.strip())
        else:
            parent = line.strip()
            found[parent] = []
    return {name: tuple(subs) for name, subs in found.items()}


def category_path(category: str) -> tuple[str, ...]:
    """``"News"`` or ``"News > Daily News"`` as (parent[, sub]); ConfigError if not Apple's."""
    parts = tuple(p.strip() for p in category.split(">"))
    known = apple_categories()
    if len(parts) == 1 and parts[0] in known:
        return parts
    if len(parts) == 2 and parts[0] in known and parts[1] in known[parts[0]]:
        return parts
    for parent, subs in known.items():
        if len(parts) == 1 and parts[0] in subs:
            raise ConfigError(
                f"category {category!r} is a subcategory: write it as '{parent} > {parts[0]}'"
            )
    raise ConfigError(
        f"category {category!r} is not in Apple's list; use one of: {', '.join(known)}"
        " (or 'Parent > Subcategory')"
    )


class FeedSpec:
    """The feed's rule for the settings (config's SettingsSpec): a category in Apple's list."""

    @staticmethod
    def problem(name: str, value: Any) -> str | None:
        """Nothing is checked value by value."""
        return None

    @staticmethod
    def validate(settings: Settings, origin: Mapping[str, str]) -> None:
        """Raise ConfigError, naming where it was set, for a category not in Apple's list."""
        if settings.category != Settings.category:
            try:
                category_path(settings.category)
            except ConfigError as exc:
                raise setting_error(origin.get("category", ""), f"{exc}") from None


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    # Control characters: XML 1.0 cannot carry most even escaped (settings text is not cleaned).
    clean = {name: strip_controls(value) for name, value in attrs.items()}
    element = ET.SubElement(parent, tag, clean)
    if text is not None:
        element.text = strip_controls(text)
    return element


def summary(entry: Entry, limit: int = 400) -> str:
    """A plain-text summary of an episode: its description, else the start of its text."""
    if plain(entry.edition.description):
        return plain(entry.edition.description)
    text = plain(" ".join(s.text for s in entry.edition.segments if s.kind == "sentence"))
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    return text[: cut if cut > 0 else limit] + "…"


def description_html(entry: Entry, settings: Settings) -> str:
    """An episode's description as HTML: its summary, escaped, and links to the full text."""
    page = url(settings, entry.page)
    parts = [f"<p>{escape(summary(entry))}</p>",
             f'<p><a href="{escape(page)}">Read the full text</a></p>']  # fmt: skip
    if entry.edition.url.startswith(("http://", "https://")):
        parts.append(f'<p><a href="{escape(entry.edition.url)}">Original article</a></p>')
    return "\n".join(parts)


def html_transcript(entry: Entry) -> str:
    """The file name of an episode's HTML transcript, or "" if it has none."""
    name = f"{entry.slug}{HTML_TRANSCRIPT_SUFFIX}"
    return name if name in entry.files else ""


def narrator(settings: Settings) -> str:
    """How the feed names the synthetic voice that reads the episodes."""
    engine = ENGINE_NAMES.get(settings.engine, settings.engine)
    return f"{engine} synthetic voice" + (f" ({settings.voice})" if settings.voice else "")


def copyright_line(entries: list[Entry], settings: Settings) -> str:
    """The channel's copyright: the setting, else the years of its episodes and its author."""
    if plain(settings.copyright):
        return plain(settings.copyright)
    years = sorted({e.pub_date[:4] for e in entries if e.pub_date[:4].isdigit()})
    span = (years[0] if years[0] == years[-1] else f"{years[0]}–{years[-1]}") if years else ""
    return " ".join(filter(None, ["©", span, plain(settings.author)]))


def last_build(entries: list[Entry]) -> str:
    """lastBuildDate: the newest episode's date (never "now", so the feed stays deterministic)."""
    dates = [d for e in entries for d in (e.pub_date, e.first_rendered) if d]
    newest = max(dates, key=lambda d: _moment(d), default="")
    return rfc2822(newest) if newest else ""


def _moment(iso: str) -> datetime:
    try:
        moment = datetime.fromisoformat(iso)
    except ValueError:
        return datetime.min.replace(tzinfo=UTC)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _channel(channel: ET.Element, settings: Settings, guid: str, cover: bool,
             entries: list[Entry], name: str = FEED_FILE) -> None:  # fmt: skip
    feed_url = url(settings, name)
    link = settings.link or url(settings, "index.html")
    _sub(channel, "title", plain(settings.title))
    _sub(channel, "link", link)
    # Escaped once, by the XML writer: readers show the text as written ("AT&T", "5 < 7");
    # escaping it first as HTML gave "AT&amp;T" in every parser.
    _sub(channel, "description", plain(settings.description))
    _sub(channel, "language", settings.language)
    _sub(channel, "copyright", copyright_line(entries, settings))
    if last_build(entries):
        _sub(channel, "lastBuildDate", last_build(entries))
    _sub(channel, "generator", "narrate")
    _sub(channel, q("atom", "link"), href=feed_url, rel="self", type="application/rss+xml")
    if cover:
        image = _sub(channel, "image")
        _sub(image, "url", url(settings, COVER_FILE))
        _sub(image, "title", settings.title)
        _sub(image, "link", link)
        _sub(channel, q("itunes", "image"), href=url(settings, COVER_FILE))
    _sub(channel, q("itunes", "author"), settings.author)
    _sub(channel, q("itunes", "summary"), settings.description)
    _sub(channel, q("itunes", "type"), "episodic")
    _sub(channel, q("itunes", "explicit"), "true" if settings.explicit else "false")
    parent = channel
    for name in category_path(settings.category):
        parent = _sub(parent, q("itunes", "category"))
        parent.set("text", name)
    owner = _sub(channel, q("itunes", "owner"))
    _sub(owner, q("itunes", "name"), settings.author)
    if settings.email:
        _sub(owner, q("itunes", "email"), settings.email)
    _sub(channel, q("podcast", "guid"), guid)
    _sub(channel, q("podcast", "medium"), MEDIUM)
    _sub(channel, q("podcast", "person"), narrator(settings), group="cast", role="narrator")
    # "no": other platforms may import the feed; publishers who want it locked need an email.
    locked = _sub(channel, q("podcast", "locked"), "yes" if settings.email else "no")
    if settings.email:
        locked.set("owner", settings.email)


def _item(channel: ET.Element, entry: Entry, settings: Settings, cover: bool) -> None:
    page = url(settings, entry.page)
    item = _sub(channel, "item")
    _sub(item, "title", plain(entry.title))
    _sub(item, "link", page)
    html = description_html(entry, settings)
    _sub(item, "description", html)
    _sub(item, q("content", "encoded"), html)
    _sub(item, "guid", entry.guid, isPermaLink="false")
    # --date-from build: episodes dated by their first render, not by the article's date.
    when = entry.first_rendered if settings.date_from == "build" else entry.pub_date
    _sub(item, "pubDate", rfc2822(when or entry.pub_date))
    author = plain(entry.edition.author)
    if author:
        _sub(item, q("itunes", "author"), author)
    _sub(item, "enclosure", url=url(settings, entry.file), length=str(entry.bytes),
         type="audio/mpeg")  # fmt: skip
    meta = entry.edition.meta
    if meta.get("alternate"):
        alternate = _sub(item, q("podcast", "alternateEnclosure"), type=meta["alternate_type"],
                         length=meta["alternate_bytes"], bitrate=meta["alternate_bitrate"],
                         title=meta["alternate_title"])  # fmt: skip
        _sub(alternate, q("podcast", "source"), uri=url(settings, meta["alternate"]))
    if meta.get("audiobook"):
        # The M4B (chapters, cover) for audiobook players: another rendition of the episode.
        book = _sub(item, q("podcast", "alternateEnclosure"),
                    type=meta.get("audiobook_type", "audio/mp4"))  # fmt: skip
        for name in ("length", "bitrate", "title"):
            if meta.get(f"audiobook_{name}"):
                book.set(name, meta[f"audiobook_{name}"])
        _sub(book, q("podcast", "source"), uri=url(settings, meta["audiobook"]))
    _sub(item, q("itunes", "duration"), str(round(entry.duration_ms / 1000)))
    _sub(item, q("itunes", "episodeType"), "full")
    _sub(item, q("itunes", "explicit"), "true" if settings.explicit else "false")
    if cover:
        _sub(item, q("itunes", "image"), href=url(settings, COVER_FILE))
    language = entry.edition.language or settings.language
    # VTT last: feedparser (and other single-transcript readers) keep only the last one.
    if entry.srt:
        _sub(item, q("podcast", "transcript"), url=url(settings, entry.srt), type=MIME_SRT,
             language=language)  # fmt: skip
    if html_transcript(entry):
        _sub(item, q("podcast", "transcript"), url=url(settings, html_transcript(entry)),
             type=MIME_HTML, language=language)  # fmt: skip
    if entry.vtt:
        _sub(item, q("podcast", "transcript"), url=url(settings, entry.vtt), type=MIME_VTT,
             language=language, rel="captions")  # fmt: skip
    if entry.chapters:
        _sub(item, q("podcast", "chapters"), url=url(settings, entry.chapters),
             type=MIME_CHAPTERS)  # fmt: skip
    if author:
        _sub(item, q("podcast", "person"), author, group="writing", role="author")
    _psc(item, entry, settings)


def _psc(item: ET.Element, entry: Entry, settings: Settings) -> None:
    """Podlove Simple Chapters, with the same start times as the chapters JSON and ID3."""
    edition = entry.edition
    total = entry.duration_ms * edition.sample_rate // 1000
    found = edition_chapters(edition, total, settings.chapter_minutes)
    if not found:
        return
    element = _sub(item, q("psc", "chapters"), version="1.2")
    for chapter in found:
        _sub(element, q("psc", "chapter"), start=clock(chapter.start_ms),
             title=plain(chapter.title))  # fmt: skip


def archive_pages(entries: list[Entry], size: int) -> list[list[Entry]]:
    """The episodes past the newest ``size`` (of ``entries``, newest first), in archive
    pages of ``size``: the first page holds the oldest; each page lists newest first."""
    older = entries[size:][::-1]
    return [older[i : i + size][::-1] for i in range(0, len(older), size)]


def document_of(position: int, total: int, size: int) -> tuple[int, int, int, int]:
    """Which document lists the episode at ``position`` (0: the newest) of ``total``, when
    the feed holds ``size``: (its page, 0 for feed.xml; the position of its first item;
    how many items it has; how many archive pages there are), as ``archive_pages`` splits.
    """
    pages = -(-max(total - size, 0) // size)
    if position < size:
        return 0, 0, min(size, total), pages
    page = (total - 1 - position) // size + 1
    # Archive page n holds the n-th ``size`` oldest, the oldest first: positions from
    # total - n * size (not past the feed's own items) to total - 1 - (n - 1) * size.
    first = max(total - page * size, size)
    return page, first, total - (page - 1) * size - first, pages


def build_feed(
    entries: list[Entry], settings: Settings, guid: str = "", cover: bool = False,
    page: int = 0, pages: int = 0,
) -> bytes:  # fmt: skip
    """The feed XML (deterministic: same inputs give the same bytes).

    ``guid`` is the channel's podcast:guid (default: derived from the feed URL); ``cover``
    says whether cover.png is published. ``page`` 0 is the subscription feed, ``page`` n
    the archive feed n of ``pages``; ``entries`` are the items of that one document.
    """
    rss = ET.Element("rss", {"version": "2.0"})
    channel = _sub(rss, "channel")
    name = ARCHIVE_FILE.format(n=page) if page else FEED_FILE
    guid = guid or podcast_guid(url(settings, FEED_FILE))
    _channel(channel, settings, guid, cover, entries, name)
    if page:
        _sub(channel, q("fh", "archive"))
        _sub(channel, q("atom", "link"), href=url(settings, FEED_FILE), rel="current")
    newer, older = page + 1 if page else 0, page - 1 if page else pages
    if older > 0:
        _sub(channel, q("atom", "link"), href=url(settings, ARCHIVE_FILE.format(n=older)),
             rel="prev-archive")  # fmt: skip
    if 0 < newer <= pages:
        _sub(channel, q("atom", "link"), href=url(settings, ARCHIVE_FILE.format(n=newer)),
             rel="next-archive")  # fmt: skip
    for entry in entries:
        _item(channel, entry, settings, cover)
    ET.indent(rss, space="  ")
    return ET.tostring(rss, encoding="utf-8", xml_declaration=True) + b"\n"


def write_feed(
    out: Path, entries: list[Entry], settings: Settings, guid: str = "",
    fresh: Callable[[str, list[Entry]], bool] = lambda name, made_of: False,
) -> bool:  # fmt: skip
    """Write ``<out>/feed.xml`` and its archive feeds atomically where they changed; True if
    any was written (or an archive no longer needed removed).

    ``fresh(name, entries)`` says an archive is already what those entries make (see
    ``narrate.publish``): it is not built again. ``entries`` are all catalogued episodes,
    those withdrawn while their MP3 is replaced too: they keep their place, unlisted, so
    replacing one rewrites the one document that lists it, not every archive after it.
    """
    size = settings.feed_items
    pages = archive_pages(entries, size)
    written = False
    for n, page in enumerate(pages, 1):
        written = write_document(out, page, n, len(pages), settings, guid, fresh) or written
    for extra in out.glob(ARCHIVE_GLOB):
        number = extra.name[len("feed-archive-") : -len(".xml")]
        if not number.isdigit() or not 1 <= int(number) <= len(pages):
            extra.unlink(missing_ok=True)
            written = True
    return write_document(out, entries[:size], 0, len(pages), settings, guid) or written


def write_document(
    out: Path, entries: list[Entry], page: int, pages: int, settings: Settings, guid: str = "",
    fresh: Callable[[str, list[Entry]], bool] = lambda name, made_of: False,
) -> bool:  # fmt: skip
    """Write one document of the feed: feed.xml (``page`` 0) or archive feed ``page`` of
    ``pages``, from the catalogued ``entries`` it holds; True if written.

    Episodes withdrawn, or whose MP3 is not there as catalogued, are left out.
    """
    listed = [e for e in entries if _listed(out, e)]
    name = ARCHIVE_FILE.format(n=page) if page else FEED_FILE
    # An archive's neighbours' links depend on the number of pages, unless it is a middle one.
    if page and fresh(f"{name}#{guid}#{page == pages}", listed):
        return False
    return write_if_changed(out / name, _document(out, listed, page, pages, settings, guid))


def document(
    out: Path, entries: list[Entry], page: int, pages: int, settings: Settings, guid: str = ""
) -> bytes:
    """One document of the feed of ``out`` (``page`` 0: feed.xml), as ``write_document``
    writes it from the catalogued ``entries`` it holds."""
    listed = [e for e in entries if _listed(out, e)]
    return _document(out, listed, page, pages, settings, guid)


def _document(
    out: Path, listed: list[Entry], page: int, pages: int, settings: Settings, guid: str
) -> bytes:
    cover = (out / COVER_FILE).is_file()
    return build_feed(listed, settings, guid, cover, page=page, pages=pages)


def _listed(out: Path, entry: Entry) -> bool:
    """True when an episode's MP3 is there with its catalogued size (not being replaced)."""
    try:
        return entry.bytes >= 0 and (out / entry.file).stat().st_size == entry.bytes
    except OSError:
        return False
