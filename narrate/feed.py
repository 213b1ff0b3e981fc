"""Publish the podcast feed: RSS 2.0 with the itunes, podcast, atom and content namespaces."""

from __future__ import annotations

import uuid
import xml.etree.ElementTree as ET
from datetime import UTC, datetime
from email.utils import format_datetime
from pathlib import Path
from urllib.parse import quote

from narrate.catalogue import episode_guid
from narrate.config import Settings
from narrate.edition import Edition
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


def _q(prefix: str, name: str) -> str:
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


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attrs)
    if text is not None:
        element.text = text
    return element


def build_feed(editions: list[Edition], settings: Settings) -> bytes:
    """The feed XML for ``editions`` (deterministic: same inputs give the same bytes)."""
    feed_url = url(settings, FEED_FILE)
    rss = ET.Element("rss", {"version": "2.0"})
    channel = _sub(rss, "channel")
    _sub(channel, "title", settings.title)
    _sub(channel, "link", settings.link or settings.base_url)
    _sub(channel, "description", settings.description)
    _sub(channel, "language", settings.language)
    _sub(channel, "generator", "narrate")
    _sub(channel, _q("atom", "link"), href=feed_url, rel="self", type="application/rss+xml")
    _sub(channel, _q("itunes", "author"), settings.author)
    _sub(channel, _q("itunes", "summary"), settings.description)
    _sub(channel, _q("itunes", "type"), "episodic")
    _sub(channel, _q("itunes", "explicit"), "true" if settings.explicit else "false")
    _sub(channel, _q("itunes", "category"), text=None, text_attr=settings.category)
    if settings.email:
        owner = _sub(channel, _q("itunes", "owner"))
        _sub(owner, _q("itunes", "name"), settings.author)
        _sub(owner, _q("itunes", "email"), settings.email)
    _sub(channel, _q("podcast", "guid"), podcast_guid(feed_url))
    _sub(channel, _q("podcast", "locked"), "no")
    for edition in editions:
        episode = edition.episode
        if episode is None:
            continue
        item = _sub(channel, "item")
        _sub(item, "title", edition.title)
        summary = edition.description or _summary(edition)
        _sub(item, "description", summary)
        _sub(item, "guid", episode_guid(edition.slug), isPermaLink="false")
        _sub(item, "pubDate", rfc2822(edition.date or edition.first_rendered))
        _sub(
            item,
            "enclosure",
            url=url(settings, episode.file),
            length=str(episode.bytes),
            type="audio/mpeg",
        )
        _sub(item, _q("itunes", "duration"), str(round(episode.duration_ms / 1000)))
        _sub(item, _q("itunes", "episodeType"), "full")
    # ElementTree cannot emit an attribute named "text" through **attrs; fix it up here.
    for element in channel.iter(_q("itunes", "category")):
        element.set("text", element.attrib.pop("text_attr"))
    ET.indent(rss, space="  ")
    return ET.tostring(rss, encoding="utf-8", xml_declaration=True) + b"\n"


def _summary(edition: Edition, limit: int = 400) -> str:
    text = " ".join(s.text for s in edition.segments if s.kind == "sentence")
    return text if len(text) <= limit else text[: text.rfind(" ", 0, limit)] + "…"


def write_feed(out: Path, editions: list[Edition], settings: Settings) -> bool:
    """Write ``<out>/feed.xml`` atomically if it changed; True if written."""
    return write_if_changed(out / FEED_FILE, build_feed(editions, settings))
