"""The feed: read by feedparser, podcastparser and podcast-partytime; queried with XPath."""

from __future__ import annotations

import shutil
import uuid
from pathlib import Path

import feedparser
import podcastparser
import pytest
from pubkit import CHANNEL, TRICKY, feed_tree, partytime, published, settings, write_tricky, xpath

from narrate.catalogue import entries
from narrate.errors import ConfigError
from narrate.feed import category_path, podcast_guid
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
