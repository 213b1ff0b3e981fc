"""A feed as input, served from 127.0.0.1: entries become episodes, idempotently."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from narrate.catalogue import is_edition_file
from narrate.config import Settings
from narrate.edition import Edition
from narrate.errors import InputError
from narrate.feedin import USER_AGENT, fetch, is_feed
from narrate.pipeline import build_from_feed

PAGE = """<html lang="en"><head><meta property="og:title" content="Linked story | Example">
<meta property="og:site_name" content="Example"><meta name="author" content="Lin Ked">
</head><body><nav>Home News Sport</nav><article><h1>Linked story</h1>
<p>The linked page holds the full text of this story, which the feed only summarises.</p>
<p>A second paragraph of the linked story keeps the listener informed.</p>
</article><footer>Cookie settings</footer></body></html>"""


def rss(items: list[str]) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>Example Daily</title>'
        "<link>http://127.0.0.1/</link><description>News</description><language>en</language>"
        + "".join(items)
        + "</channel></rss>"
    )


def item(guid: str, title: str, text: str = "", date: str = "Tue, 05 Mar 2024 09:00:00 GMT",
         link: str = "") -> str:  # fmt: skip
    content = f"<content:encoded><![CDATA[{text}]]></content:encoded>" if text else ""
    return (
        f"<item><guid>{guid}</guid><title>{title}</title><link>{link or 'http://127.0.0.1/' + guid}"
        f"</link><dc:creator>Ann Reporter</dc:creator><pubDate>{date}</pubDate>"
        f"<description>Summary only.</description>{content}</item>"
    )


class Site:
    """A tiny HTTP server on 127.0.0.1 that answers conditional GETs and records requests."""

    def __init__(self) -> None:
        self.files: dict[str, bytes] = {}
        self.redirects: dict[str, str] = {}
        self.requests: list[tuple[str, dict[str, str], int]] = []
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802
                if self.path in site.redirects:
                    site.requests.append((self.path, dict(self.headers), 302))
                    self.send_response(302)
                    self.send_header("Location", site.redirects[self.path])
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                body = site.files.get(self.path)
                etag = f'"{hash(body)}"'
                if body is None:
                    code = 404
                elif self.headers.get("If-None-Match") == etag:
                    code = 304
                else:
                    code = 200
                site.requests.append((self.path, dict(self.headers), code))
                self.send_response(code)
                if code == 200:
                    assert body is not None
                    self.send_header("ETag", etag)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                else:
                    self.send_header("Content-Length", "0")
                    self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


@pytest.fixture
def site() -> Iterator[Site]:
    served = Site()
    yield served
    served.server.shutdown()
    served.server.server_close()


BODY = "<p>Full text of the first story, long enough to be an article of its own.</p>"


def editions(out: Path) -> dict[str, Edition]:
    return {p.stem: Edition.load(p) for p in out.glob("*.json") if is_edition_file(p.name)}


def test_feed_entries_become_episodes_idempotently(site: Site, tmp_path: Path,
                                                   silent: Settings) -> None:  # fmt: skip
    site.files["/page"] = PAGE.encode()
    site.files["/feed.xml"] = rss([
        item("one", "First story", BODY),
        item("two", "Second story", link=f"{site.url}/page"),
    ]).encode()  # fmt: skip
    out = tmp_path / "out"
    report = build_from_feed(f"{site.url}/feed.xml", out, silent)
    assert report.errors == []
    got = editions(out)
    first, second = got["first-story"], got["second-story"]
    assert first.title == "First story"
    assert (first.author, first.date, first.site_name) == (
        "Ann Reporter", "2024-03-05T09:00:00+00:00", "Example Daily")  # fmt: skip
    assert [s.text for s in first.segments if s.kind == "sentence"][0].startswith("Full text")
    assert first.segments[0].kind == "intro"
    assert first.segments[0].text == "First story."
    assert "From Example Daily." in [s.text for s in first.segments]
    assert second.title == "Linked story"
    spoken = " ".join(s.text for s in second.segments)
    assert "full text of this story" in spoken and "Cookie" not in spoken
    assert all(headers["User-Agent"] == USER_AGENT for _, headers, _ in site.requests)

    # Unchanged: the feed answers 304, nothing is fetched or rendered again.
    before = len(site.requests)
    again = build_from_feed(f"{site.url}/feed.xml", out, silent)
    assert again.rendered_chunks == 0
    assert [(p, c) for p, _, c in site.requests[before:]] == [("/feed.xml", 304)]

    # One entry edited, one removed: the edit is rendered, the removed episode stays.
    edited = item("one", "First story", BODY + "<p>A correction.</p>")
    site.files["/feed.xml"] = rss([edited]).encode()
    third = build_from_feed(f"{site.url}/feed.xml", out, silent)
    assert third.rendered_chunks > 0
    assert set(editions(out)) == {"first-story", "second-story"}
    assert "A correction." in " ".join(s.text for s in editions(out)["first-story"].segments)

    # With prune, the removed entry's episode goes.
    build_from_feed(f"{site.url}/feed.xml", out, silent.replace(prune=True))
    assert set(editions(out)) == {"first-story"}
    assert not (out / "second-story.mp3").exists()


def test_a_local_feed_file(tmp_path: Path, silent: Settings) -> None:
    feed = tmp_path / "news.rss"
    feed.write_text(rss([item("a", "Local entry", BODY)]))
    assert is_feed(str(feed)) and not is_feed(str(tmp_path))
    report = build_from_feed(str(feed), tmp_path / "out", silent)
    assert report.errors == [] and list(editions(tmp_path / "out")) == ["local-entry"]


def test_the_size_cap_applies_to_fetches(site: Site) -> None:
    site.files["/big"] = b"x" * 5000
    with pytest.raises(InputError, match="larger than the input size cap"):
        fetch(f"{site.url}/big", 4000)
    assert fetch(f"{site.url}/big", 5000).body == b"x" * 5000


def test_fetch_errors_are_one_line(site: Site) -> None:
    with pytest.raises(InputError) as info:
        fetch(f"{site.url}/missing", 1000)
    assert str(info.value) == f"{site.url}/missing: the server answered 404 Not Found"


def test_not_a_feed(tmp_path: Path, silent: Settings) -> None:
    path = tmp_path / "x.xml"
    path.write_text("<html><body>nope</body></html>")
    with pytest.raises(InputError, match="is not an RSS or Atom feed"):
        build_from_feed(str(path), tmp_path / "out", silent)


@pytest.mark.slow  # a build in a new interpreter
def test_narrate_build_a_feed_url(site: Site, tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    site.files["/feed.xml"] = rss([item("one", "First story", BODY)]).encode()
    root = Path(__file__).resolve().parent.parent
    done = subprocess.run(
        [sys.executable, "-m", "narrate", "build", f"{site.url}/feed.xml", "--out", "out",
         "--engine", "silent"],
        cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(root)}, capture_output=True,
        text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "out" / "first-story.mp3").is_file()
    assert not (tmp_path / "out" / ".narrate" / "build-stamp.json").exists()
    missing = subprocess.run(
        [sys.executable, "-m", "narrate", "build", f"{site.url}/gone.xml", "--out", "out",
         "--engine", "silent"],
        cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(root)}, capture_output=True,
        text=True, timeout=300,
    )  # fmt: skip
    assert missing.returncode == 1
    assert missing.stderr == f"Error: {site.url}/gone.xml: the server answered 404 Not Found\n"


def test_an_atom_entry_that_starts_with_a_heading_keeps_its_first_paragraph(
    tmp_path: Path, silent: Settings
) -> None:
    feed = tmp_path / "notes.atom"
    first = (
        "The first paragraph after the heading explains the release, with "
        "<code>narrate build</code> as its main command and more words after it."
    )
    feed.write_text(
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        "<title>Notes</title><id>urn:notes</id><updated>2024-01-02T00:00:00Z</updated>"
        "<entry><id>urn:notes:1</id><title>Release notes</title>"
        "<published>2024-01-02T08:00:00Z</published><link href='https://notes.example/1'/>"
        '<content type="html"><![CDATA[<h2>What is <em>new</em> in this release</h2>'
        f"<p>{first}</p><h2>Fixes</h2><p>The fixes made since the last release.</p>]]>"
        "</content></entry></feed>"
    )
    assert build_from_feed(str(feed), tmp_path / "out", silent).errors == []
    said = [s.text for s in editions(tmp_path / "out")["release-notes"].segments]
    assert "What is new in this release" in said
    assert (
        "The first paragraph after the heading explains the release, with narrate build as "
        "its main command and more words after it." in said
    )


def test_an_atom_feed(tmp_path: Path, silent: Settings) -> None:
    feed = tmp_path / "blog.atom"
    feed.write_text(
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        "<title>A Blog</title><id>urn:blog</id><updated>2024-01-02T00:00:00Z</updated>"
        "<entry><id>urn:blog:1</id><title>Atom entry</title><author><name>Al Atom</name>"
        "</author><published>2024-01-02T08:00:00Z</published>"
        "<updated>2024-01-03T08:00:00Z</updated><link href='https://blog.example/1'/>"
        f'<content type="html"><![CDATA[{BODY}]]></content></entry></feed>'
    )
    report = build_from_feed(str(feed), tmp_path / "out", silent)
    assert report.errors == []
    edition = editions(tmp_path / "out")["atom-entry"]
    assert (edition.title, edition.author, edition.date, edition.site_name, edition.url) == (
        "Atom entry", "Al Atom", "2024-01-02T08:00:00+00:00", "A Blog", "https://blog.example/1",
    )  # fmt: skip


LONG_PAGE = """<html lang="en"><head><title>The harbour reopens</title>
<meta property="og:title" content="The harbour reopens"></head><body><nav>Home News</nav>
<article><h1>The harbour reopens</h1>{paragraphs}</article><footer>Cookies</footer>
</body></html>"""
PARAGRAPHS = [
    f"<p>Paragraph {n} of the harbour story tells what the council decided about the quay, "
    f"the boats and the fishermen who wait for the works to end, in some detail.</p>"
    for n in range(1, 9)
]
LAST = "The last paragraph says the harbour will be busy again by the summer festival."


def test_a_truncated_feed_gives_full_articles(site: Site, tmp_path: Path,
                                               silent: Settings) -> None:  # fmt: skip
    """content:encoded cut to its first paragraphs is read from the linked page, with the
    feed's author, the item's time of day and the original (feedburner) address."""
    site.files["/story"] = LONG_PAGE.format(
        paragraphs="".join(PARAGRAPHS) + f"<p>{LAST}</p>"
    ).encode()
    site.redirects["/~r/story"] = f"{site.url}/story"
    teaser = PARAGRAPHS[0] + f'<p><a href="{site.url}/story">Read 8 remaining paragraphs</a></p>'
    origin = f"<feedburner:origLink>{site.url}/story</feedburner:origLink></item>"
    entry = item("h1", "The harbour reopens", teaser, date="Tue, 05 Mar 2024 17:45:00 GMT",
                 link=f"{site.url}/~r/story").replace("</item>", origin)  # fmt: skip
    feed = rss([entry]).replace(
        "<rss ", '<rss xmlns:feedburner="http://rssnamespace.org/feedburner/ext/1.0" '
    )
    site.files["/feed.xml"] = feed.encode()
    out = tmp_path / "out"
    report = build_from_feed(f"{site.url}/feed.xml", out, silent)
    assert report.errors == []
    edition = editions(out)["the-harbour-reopens"]
    spoken = " ".join(s.text for s in edition.segments)
    assert LAST in spoken and "Paragraph 8 of the harbour story" in spoken
    assert "remaining paragraphs" not in spoken and "Cookies" not in spoken
    assert (edition.author, edition.url) == ("Ann Reporter", f"{site.url}/story")
    assert edition.date == "2024-03-05T17:45:00+00:00"
    import xml.etree.ElementTree as ET

    pub = ET.parse(out / "feed.xml").getroot().find("channel/item/pubDate")
    assert pub is not None and pub.text == "Tue, 05 Mar 2024 17:45:00 +0000"


def test_a_teaser_whose_page_says_no_more_is_read_as_it_is(site: Site, tmp_path: Path,
                                                            silent: Settings) -> None:  # fmt: skip
    site.files["/short"] = LONG_PAGE.format(paragraphs=PARAGRAPHS[0]).encode()
    entry = item("s1", "Short news", PARAGRAPHS[0] + "<p>A second line of the entry.</p>",
                 link=f"{site.url}/short")  # fmt: skip
    site.files["/feed.xml"] = rss([entry]).encode()
    out = tmp_path / "out"
    assert build_from_feed(f"{site.url}/feed.xml", out, silent).errors == []
    spoken = " ".join(s.text for s in editions(out)["short-news"].segments)
    assert "A second line of the entry." in spoken
    assert ("/short", 200) in [(p, c) for p, _, c in site.requests]


def test_the_feed_fills_in_what_its_items_lack(tmp_path: Path, silent: Settings) -> None:
    feed = tmp_path / "feed.rss"
    body = "".join(PARAGRAPHS * 3)
    feed.write_text(
        '<?xml version="1.0"?><rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Harbour '
        "Weekly</title><link>https://harbour.example/</link><description>d</description>"
        "<dc:creator>Hal Harbour</dc:creator><pubDate>Wed, 06 Mar 2024 06:30:00 GMT</pubDate>"
        f"<item><guid>w1</guid><title>Weekly notes</title><content:encoded><![CDATA[{body}]]>"
        "</content:encoded></item></channel></rss>"
    )
    assert build_from_feed(str(feed), tmp_path / "out", silent).errors == []
    edition = editions(tmp_path / "out")["weekly-notes"]
    assert (edition.author, edition.date, edition.url) == (
        "Hal Harbour",
        "2024-03-06T06:30:00+00:00",
        "https://harbour.example/",
    )
