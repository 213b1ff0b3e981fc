"""The feed: read by feedparser, podcastparser and podcast-partytime; queried with XPath."""

from __future__ import annotations

import json
import re
import shutil
import uuid
import xml.etree.ElementTree as ET
from email.utils import parsedate_to_datetime
from html.parser import HTMLParser
from pathlib import Path

import feedparser
import podcastparser
import pytest
from pubkit import (
    CHANNEL,
    CONTROLS,
    HOSTILE,
    HOSTILE_META,
    TRICKY,
    feed_tree,
    hostile,
    partytime,
    published,
    settings,
    write_tricky,
    xpath,
)

from narrate.catalogue import entries
from narrate.check import RFC2822
from narrate.errors import ConfigError
from narrate.feed import build_feed, category_path, podcast_guid
from narrate.pipeline import build


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A published folder shared by the read-only tests of this module."""
    return published(tmp_path_factory.mktemp("feed"))


def test_feedparser_reads_it_without_complaint(out: Path) -> None:
    parsed = feedparser.parse(str(out / "feed.xml"))
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.feed.title == CHANNEL
    titles = {e.title for e in parsed.entries}
    assert TRICKY in titles
    for entry in parsed.entries:
        (link,) = [x for x in entry.links if x.rel == "enclosure"]
        assert link.type == "audio/mpeg"
        assert entry.id and entry.published_parsed


def test_podcastparser_reads_episodes_and_durations(out: Path) -> None:
    with open(out / "feed.xml", "rb") as fh:
        parsed = podcastparser.parse("http://127.0.0.1:8000/feed.xml", fh)
    assert parsed["title"] == CHANNEL
    by_title = {e["title"]: e for e in parsed["episodes"]}
    assert set(by_title) == {e.title for e in entries(out)}
    for entry in entries(out):
        episode = by_title[entry.title]
        assert episode["guid"] == entry.guid
        assert episode["total_time"] == round(entry.duration_ms / 1000)
        (enclosure,) = episode["enclosures"]
        assert enclosure["file_size"] == (out / entry.file).stat().st_size
        assert episode["link"] == f"http://127.0.0.1:8000/{entry.slug}.html"
        assert f'href="{episode["link"]}"' in episode["description_html"]


@pytest.mark.slow  # runs podcast-partytime on Node
def test_partytime_reads_transcripts_chapters_guid_and_enclosure(out: Path) -> None:
    parsed = partytime(out / "feed.xml")
    assert parsed["title"] == CHANNEL
    assert parsed["guid"] == podcast_guid("http://127.0.0.1:8000/feed.xml")
    assert parsed["image"] == "http://127.0.0.1:8000/cover.png"
    listed = {e.guid: e for e in entries(out)}
    assert {item["guid"] for item in parsed["items"]} == set(listed)
    for item in parsed["items"]:
        entry = listed[item["guid"]]
        base = f"http://127.0.0.1:8000/{entry.slug}"
        assert item["enclosure"] == {
            "url": f"{base}.mp3", "length": (out / entry.file).stat().st_size,
            "type": "audio/mpeg",
        }  # fmt: skip
        kinds = {(t["type"], t["url"], t.get("rel")) for t in item["transcripts"]}
        assert ("text/vtt", f"{base}.vtt", "captions") in kinds, kinds
        assert any(t["url"] == f"{base}.srt" for t in item["transcripts"])
        assert item["chapters"] == {
            "url": f"{base}.chapters.json", "type": "application/json+chapters"
        }  # fmt: skip


def test_channel_elements_by_xpath(out: Path) -> None:
    rss = feed_tree(out)
    assert rss.get("version") == "2.0"
    (channel,) = xpath(rss, "channel")

    def text(path: str) -> str:
        (found,) = xpath(channel, path)
        return found.text or ""

    assert text("title") == CHANNEL
    assert text("language") == "en"
    assert text("itunes:explicit") == "false"
    assert text("itunes:type") == "episodic"
    assert text("itunes:owner/itunes:email") == "editor@example.org"
    assert text("podcast:locked") == "yes"
    guid = uuid.UUID(text("podcast:guid"))
    assert guid.version == 5 and str(guid) == podcast_guid("127.0.0.1:8000/feed.xml")
    (self_link,) = xpath(channel, "atom:link[@rel='self']")
    assert self_link.get("href") == "http://127.0.0.1:8000/feed.xml"
    assert xpath(channel, "itunes:image")[0].get("href") == "http://127.0.0.1:8000/cover.png"
    (category,) = xpath(channel, "itunes:category[@text='News']")
    assert [c.get("text") for c in xpath(category, "itunes:category")] == ["Daily News"]


def test_item_elements_by_xpath(out: Path) -> None:
    items = xpath(feed_tree(out), "channel/item")
    assert len(items) == 2
    for item in items:
        for path in ("title", "description", "link", "pubDate", "itunes:duration",
                     "content:encoded", "itunes:episodeType"):  # fmt: skip
            assert xpath(item, path), path
        (guid,) = xpath(item, "guid")
        assert guid.get("isPermaLink") == "false"
        (enclosure,) = xpath(item, "enclosure")
        name = enclosure.get("url").rsplit("/", 1)[1]
        assert int(enclosure.get("length")) == (out / name).stat().st_size
        assert xpath(item, "podcast:transcript[@rel='captions'][@type='text/vtt']")
        assert xpath(item, "podcast:transcript[@type='application/x-subrip']")
        assert xpath(item, "podcast:chapters[@type='application/json+chapters']")


def test_user_text_is_escaped_and_round_trips(out: Path) -> None:
    raw = (out / "feed.xml").read_bytes()
    assert raw.startswith(b"<?xml version='1.0' encoding='utf-8'?>")
    assert b"<say>" not in raw and b"&lt;say&gt;" in raw
    titles = [e.text for e in xpath(feed_tree(out), "channel/item/title")]
    assert TRICKY in titles


def test_category_must_be_apples(tmp_path: Path) -> None:
    assert category_path("Health & Fitness > Mental Health") == (
        "Health & Fitness",
        "Mental Health",
    )
    with pytest.raises(ConfigError, match="'Podcasting' is not in Apple's list"):
        category_path("Podcasting")
    with pytest.raises(ConfigError, match="write it as 'News > Tech News'"):
        category_path("Tech News")


def test_rerender_keeps_guid_and_updates_length(tmp_path: Path) -> None:
    out = published(tmp_path)
    config = settings()
    before = {e.slug: e for e in entries(out)}
    write_tricky(tmp_path / "seeds", extra=" A third sentence makes the episode longer.")
    report = build(tmp_path / "seeds", out, config)
    assert [r.skipped for r in sorted(report.results, key=lambda r: r.edition.slug)] == [
        True,
        False,
    ]
    after = {e.slug: e for e in entries(out)}
    assert after["tricky"].guid == before["tricky"].guid
    assert after["tricky"].first_rendered == before["tricky"].first_rendered
    assert after["tricky"].bytes > before["tricky"].bytes
    (enclosure,) = [e for e in xpath(feed_tree(out), "channel/item/enclosure")
                    if e.get("url").endswith("/tricky.mp3")]  # fmt: skip
    assert int(enclosure.get("length")) == (out / "tricky.mp3").stat().st_size
    assert after["tricky"].bytes == (out / "tricky.mp3").stat().st_size


def test_adding_an_article_adds_one_item_and_renders_nothing_else(tmp_path: Path) -> None:
    out = published(tmp_path)
    mp3s = {p.name: p.stat().st_mtime_ns for p in out.glob("*.mp3")}
    seeds = tmp_path / "seeds"
    shutil.copy(seeds / "tricky.md", tmp_path / "new.md")
    (seeds / "added.txt").write_text(
        "English\n\nAn added article\n\nIts only paragraph.\n", "utf-8"
    )
    report = build(seeds, out, settings())
    rendered = [r.edition.slug for r in report.results if not r.skipped]
    assert rendered == ["added"]
    assert {p.name: p.stat().st_mtime_ns for p in out.glob("*.mp3") if p.name in mp3s} == mp3s
    assert len(xpath(feed_tree(out), "channel/item")) == 3


class _Markup(HTMLParser):
    """The tags, links and text of an HTML fragment, as a browser would parse it."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.links: list[str] = []
        self.text = ""
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.links += [v or "" for k, v in attrs if k == "href"]

    def handle_data(self, data: str) -> None:
        self.text += data


@pytest.fixture(scope="module")
def hostile_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return hostile(tmp_path_factory.mktemp("hostile"))


def _hostile_item(out: Path) -> ET.Element:
    (item,) = [i for i in xpath(feed_tree(out), "channel/item")
               if i.findtext("link", "").endswith("/hostile.html")]  # fmt: skip
    return item


def test_hostile_descriptions_are_escaped_html_with_a_link(hostile_out: Path) -> None:
    """The W3C validator's rule: description and content:encoded are HTML, valid as such."""
    item = _hostile_item(hostile_out)
    for path in ("description", "content:encoded"):
        (element,) = xpath(item, path)
        assert len(element) == 0  # no XML child: the HTML is text, escaped once
        markup = _Markup(element.text or "")
        assert set(markup.tags) == {"p", "a"}, markup.tags  # nothing from the article is live
        assert "Summary: AT&T & 5 < 7 <b>not bold</b> <img src=x>" in markup.text
        assert "http://127.0.0.1:8000/hostile.html" in markup.links
        assert HOSTILE_META["url"] in markup.links


@pytest.mark.slow  # runs podcast-partytime on Node
def test_hostile_title_round_trips_and_never_becomes_markup(hostile_out: Path) -> None:
    item = _hostile_item(hostile_out)
    (title,) = xpath(item, "title")
    assert len(title) == 0 and title.text == HOSTILE
    raw = (hostile_out / "feed.xml").read_text("utf-8")
    assert "<b>" not in raw and "<img" not in raw and "<i>" not in raw
    with open(hostile_out / "feed.xml", "rb") as fh:
        episode = podcastparser.parse("http://127.0.0.1:8000/feed.xml", fh)["episodes"][0]
    assert episode["title"] == HOSTILE
    assert partytime(hostile_out / "feed.xml")["items"][0]["title"] == HOSTILE


def test_feed_carries_no_control_character(hostile_out: Path) -> None:
    for name in ("feed.xml", "hostile.html", "index.html", "episodes.m3u"):
        text = (hostile_out / name).read_text("utf-8")
        assert not any(c in text for c in CONTROLS), name
    assert xpath(_hostile_item(hostile_out), "itunes:author")[0].text == HOSTILE_META["author"]


def test_dates_are_rfc_2822(hostile_out: Path) -> None:
    (channel,) = xpath(feed_tree(hostile_out), "channel")
    dates = [e.text or "" for e in xpath(channel, "item/pubDate") + xpath(channel, "lastBuildDate")]
    assert len(dates) == 2
    for date in dates:
        assert RFC2822.match(date), date
        assert parsedate_to_datetime(date).tzinfo is not None
    assert xpath(channel, "item/pubDate")[0].text == "Tue, 05 Mar 2024 10:00:00 +0100"
    # lastBuildDate is the newest date of the episodes, so an unchanged catalogue, same bytes.
    newest = max(parsedate_to_datetime(d) for d in dates)
    assert parsedate_to_datetime(xpath(channel, "lastBuildDate")[0].text or "") == newest


def test_owner_when_set_and_none_invented(hostile_out: Path, tmp_path: Path) -> None:
    (channel,) = xpath(feed_tree(hostile_out), "channel")
    assert xpath(channel, "itunes:owner/itunes:email")[0].text == "editor@example.org"
    assert xpath(channel, "podcast:locked")[0].get("owner") == "editor@example.org"
    entries_now = entries(hostile_out)
    bare = build_feed(entries_now, settings().replace(email=""), cover=True)
    (channel,) = xpath(ET.fromstring(bare), "channel")
    assert xpath(channel, "itunes:owner/itunes:name") and not xpath(channel, ".//itunes:email")
    assert xpath(channel, "podcast:locked")[0].text == "no"


def test_channel_completeness(hostile_out: Path) -> None:
    (channel,) = xpath(feed_tree(hostile_out), "channel")
    # Unset, the copyright names the years of the episodes and the feed's author.
    assert xpath(channel, "copyright")[0].text == "© 2024 narrate"
    assert xpath(channel, "podcast:medium")[0].text == "newsletter"
    (voice,) = xpath(channel, "podcast:person[@role='narrator']")
    assert voice.get("group") == "cast" and voice.text == "silent test engine synthetic voice"
    copyright_set = build_feed(entries(hostile_out), settings().replace(copyright="CC BY 4.0 Ann"))
    assert xpath(ET.fromstring(copyright_set), "channel/copyright")[0].text == "CC BY 4.0 Ann"


def test_item_completeness(hostile_out: Path) -> None:
    item = _hostile_item(hostile_out)
    assert xpath(item, "itunes:image")[0].get("href") == "http://127.0.0.1:8000/cover.png"
    (author,) = xpath(item, "podcast:person[@role='author']")
    assert author.get("group") == "writing" and author.text == HOSTILE_META["author"]
    types = [t.get("type") for t in xpath(item, "podcast:transcript")]
    assert types == ["application/x-subrip", "text/html", "text/vtt"]  # VTT last
    html_url = xpath(item, "podcast:transcript[@type='text/html']")[0].get("url", "")
    assert (hostile_out / html_url.rsplit("/", 1)[1]).is_file()
    chapters = json.loads((hostile_out / "hostile.chapters.json").read_text("utf-8"))["chapters"]
    (psc,) = xpath(item, "psc:chapters")
    assert psc.get("version") == "1.2"
    marks = xpath(psc, "psc:chapter")
    assert [m.get("title") for m in marks] == [c["title"] for c in chapters]
    for mark, chapter in zip(marks, chapters, strict=True):
        hours, minutes, seconds = (mark.get("start") or "").split(":")
        assert re.fullmatch(r"\d\d\.\d{3}", seconds)
        start = int(hours) * 3600 + int(minutes) * 60 + float(seconds)
        assert abs(start - chapter["startTime"]) < 0.002


@pytest.mark.slow  # runs podcast-partytime on Node
def test_every_parser_reads_every_transcript_and_chapter_form(hostile_out: Path) -> None:
    base = "http://127.0.0.1:8000/hostile"
    chapters = json.loads((hostile_out / "hostile.chapters.json").read_text("utf-8"))["chapters"]
    parsed = feedparser.parse(str(hostile_out / "feed.xml"))
    assert not parsed.bozo, parsed.get("bozo_exception")
    (entry,) = [e for e in parsed.entries if e.link.endswith("/hostile.html")]
    # feedparser keeps one transcript, the last listed: the captions.
    assert entry.podcast_transcript == {"url": f"{base}.vtt", "type": "text/vtt",
                                        "language": "en", "rel": "captions"}  # fmt: skip
    assert entry.get("podcast_chapters", {}).get("url") in (None, f"{base}.chapters.json")
    with open(hostile_out / "feed.xml", "rb") as fh:
        episode = podcastparser.parse("http://127.0.0.1:8000/feed.xml", fh)["episodes"][0]
    # gPodder reads psc:chapters only.
    assert [c["title"] for c in episode["chapters"]] == [c["title"] for c in chapters]
    assert [c["start"] for c in episode["chapters"]] == [int(c["startTime"]) for c in chapters]
    assert episode["episode_art_url"] == "http://127.0.0.1:8000/cover.png"
    item = partytime(hostile_out / "feed.xml")["items"][0]
    assert {(t["url"], t["type"]) for t in item["transcripts"]} == {
        (f"{base}.srt", "application/srt"), (f"{base}.transcript.html", "text/html"),
        (f"{base}.vtt", "text/vtt"),
    }  # fmt: skip
    assert item["chapters"]["url"] == f"{base}.chapters.json"


def test_channel_description_is_escaped_once(tmp_path: Path) -> None:
    written = "News from AT&T & friends: 5 < 7"
    out = published(tmp_path, description=written)
    raw = (out / "feed.xml").read_text("utf-8").split("<item>")[0]  # the channel's own text
    assert "&amp;amp;" not in raw and "News from AT&amp;T &amp; friends: 5 &lt; 7" in raw
    assert xpath(feed_tree(out), "channel/description")[0].text == written
    with open(out / "feed.xml", "rb") as fh:
        assert podcastparser.parse("http://127.0.0.1:8000/feed.xml", fh)["description"] == written
