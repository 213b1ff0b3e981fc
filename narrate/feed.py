"""Publish the podcast feed: RSS 2.0 with the itunes, podcast, atom and content namespaces.

Built with ElementTree, which escapes all text and attributes; the feed is deterministic
(same catalogue and settings, same bytes) so unchanged builds rewrite nothing.
"""

from __future__ import annotations

import functools
import re
import uuid
import xml.etree.ElementTree as ET
from datetime import UTC, datetime
from email.utils import format_datetime
from html import escape
from importlib import resources
from pathlib import Path
from urllib.parse import quote

from narrate.catalogue import Entry
from narrate.config import Settings
from narrate.errors import ConfigError
from narrate.fsutil import write_if_changed

NS = {
    "itunes": "http://www.itunes.com/dtds/podcast-1.0.dtd",
    "podcast": "https://podcastindex.org/namespace/1.0",
    "atom": "http://www.w3.org/2005/Atom",
    "content": "http://purl.org/rss/1.0/modules/content/",
}
for _prefix, _uri in NS.items():
    ET.register_namespace(_prefix, _uri)

# Podcasting 2.0: podcast:guid is a UUIDv5 of the feed URL (without scheme) in this namespace.
PODCAST_GUID_NAMESPACE = uuid.UUID("ead4c236-bf58-58c6-a2c6-a6b28d128cb6")
FEED_FILE = "feed.xml"
COVER_FILE = "cover.png"

MIME_VTT = "text/vtt"
MIME_SRT = "application/x-subrip"
MIME_CHAPTERS = "application/json+chapters"


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


# Characters XML 1.0 cannot carry at all, even escaped (settings text is not cleaned).
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    clean = {name: _XML_ILLEGAL.sub("", value) for name, value in attrs.items()}
    element = ET.SubElement(parent, tag, clean)
    if text is not None:
        element.text = _XML_ILLEGAL.sub("", text)
    return element


def summary(entry: Entry, limit: int = 400) -> str:
    """A plain-text summary of an episode: its description, else the start of its text."""
    if entry.edition.description:
        return entry.edition.description
    text = " ".join(s.text for s in entry.edition.segments if s.kind == "sentence")
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    return text[: cut if cut > 0 else limit] + "…"


def _channel(channel: ET.Element, settings: Settings, guid: str, cover: bool) -> None:
    feed_url = url(settings, FEED_FILE)
    link = settings.link or url(settings, "index.html")
    _sub(channel, "title", settings.title)
    _sub(channel, "link", link)
    _sub(channel, "description", settings.description)
    _sub(channel, "language", settings.language)
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
    # "no": other platforms may import the feed; publishers who want it locked need an email.
    locked = _sub(channel, q("podcast", "locked"), "yes" if settings.email else "no")
    if settings.email:
        locked.set("owner", settings.email)


def _item(channel: ET.Element, entry: Entry, settings: Settings) -> None:
    page = url(settings, entry.page)
    text = summary(entry)
    item = _sub(channel, "item")
    _sub(item, "title", entry.title)
    _sub(item, "link", page)
    _sub(item, "description", f"{text}\n\nFull text: {page}")
    html = f'<p>{escape(text)}</p>\n<p><a href="{escape(page)}">Read the full text</a></p>'
    if entry.edition.url.startswith(("http://", "https://")):
        html += f'\n<p><a href="{escape(entry.edition.url)}">Original article</a></p>'
    _sub(item, q("content", "encoded"), html)
    _sub(item, "guid", entry.guid, isPermaLink="false")
    # --date-from build: episodes dated by their first render, not by the article's date.
    when = entry.first_rendered if settings.date_from == "build" else entry.pub_date
    _sub(item, "pubDate", rfc2822(when or entry.pub_date))
    if entry.edition.author:
        _sub(item, q("itunes", "author"), entry.edition.author)
    _sub(item, "enclosure", url=url(settings, entry.file), length=str(entry.bytes),
         type="audio/mpeg")  # fmt: skip
    _sub(item, q("itunes", "duration"), str(round(entry.duration_ms / 1000)))
    _sub(item, q("itunes", "episodeType"), "full")
    _sub(item, q("itunes", "explicit"), "true" if settings.explicit else "false")
    language = entry.edition.language or settings.language
    if entry.vtt:
        _sub(item, q("podcast", "transcript"), url=url(settings, entry.vtt), type=MIME_VTT,
             language=language, rel="captions")  # fmt: skip
    if entry.srt:
        _sub(item, q("podcast", "transcript"), url=url(settings, entry.srt), type=MIME_SRT,
             language=language)  # fmt: skip
    if entry.chapters:
        _sub(item, q("podcast", "chapters"), url=url(settings, entry.chapters),
             type=MIME_CHAPTERS)  # fmt: skip


def build_feed(
    entries: list[Entry], settings: Settings, guid: str = "", cover: bool = False
) -> bytes:
    """The feed XML (deterministic: same inputs give the same bytes).

    ``guid`` is the channel's podcast:guid (default: derived from the feed URL); ``cover``
    says whether cover.png is published.
    """
    rss = ET.Element("rss", {"version": "2.0"})
    channel = _sub(rss, "channel")
    _channel(channel, settings, guid or podcast_guid(url(settings, FEED_FILE)), cover)
    for entry in entries:
        _item(channel, entry, settings)
    ET.indent(rss, space="  ")
    return ET.tostring(rss, encoding="utf-8", xml_declaration=True) + b"\n"


def write_feed(out: Path, entries: list[Entry], settings: Settings, guid: str = "") -> bool:
    """Write ``<out>/feed.xml`` atomically if it changed; True if written."""
    cover = (out / COVER_FILE).is_file()
    return write_if_changed(out / FEED_FILE, build_feed(entries, settings, guid, cover))
