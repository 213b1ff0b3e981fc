"""narrate serve: the RFC 5005 archive feeds on the address the client used, like feed.xml."""

from __future__ import annotations

import gzip
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import feedparser
import pytest
from test_server import request
from test_server_network import serving
from typer.testing import CliRunner

from narrate.check import check_folder
from narrate.cli import app
from narrate.config import load_settings
from narrate.feed import q
from narrate.pipeline import build
from narrate.publish import archive_at, feed_at
from narrate.server import NarrateServer, archive_number, mime_type

PUBLISHED = "http://127.0.0.1:8000/"
FEEDS = ("feed.xml", "feed-archive-2.xml", "feed-archive-1.xml")
PROXIED = {
    "X-Forwarded-Proto": "https",
    "X-Forwarded-Host": "podcasts.example.org",
    "X-Forwarded-Prefix": "/narrate",
}


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Five episodes, two a document: feed.xml, then archives 2 (one) and 1 (two)."""
    root = tmp_path_factory.mktemp("serve-archive")
    src, out = root / "src", root / "out"
    src.mkdir()
    for n in range(1, 6):
        (src / f"a{n}.md").write_text(
            f"---\ntitle: Story {n}\ndate: 2020-01-{n:02d}\n---\n\nWords of story {n}.\n"
        )
    # Dated by their first render: a setting the feed is made from besides the addresses.
    settings = load_settings(engine="silent", jobs=1, feed_items=2, date_from="build")
    report = build(src, out, settings)
    assert not report.errors and not report.problems, report.problems
    assert sorted(p.name for p in out.glob("feed*.xml")) == sorted(FEEDS)
    return out


def urls(body: bytes) -> list[str]:
    """Every absolute URL in a feed document: attributes, element text, and the links
    inside the descriptions' HTML."""
    found = []
    for element in ET.fromstring(body).iter():
        for value in (*element.attrib.values(), element.text or ""):
            found += re.findall(r"https?://[^\s\"'<>]+", value)
    return found


def links(body: bytes) -> dict[str, str]:
    """The channel's atom links by rel."""
    channel = ET.fromstring(body).find("channel")
    assert channel is not None
    return {e.get("rel", ""): e.get("href", "") for e in channel.findall(q("atom", "link"))}


def titles(body: bytes) -> list[str]:
    return [item.findtext("title") or "" for item in ET.fromstring(body).iter("item")]


def walk(srv: NarrateServer, base: str, **headers: str) -> list[tuple[str, dict[str, str], bytes]]:
    """feed.xml, then each archive reached by its prev-archive link, as a client at ``base``
    fetches them: (name, response headers, body) each."""
    found = []
    name = "feed.xml"
    while name:
        status, answer, body = request(srv, "/" + name, **headers)
        assert status == 200, name
        found.append((name, answer, body))
        older = links(body).get("prev-archive", "")
        assert not older or older.startswith(base), older
        name = older[len(base) :]
        assert len(found) <= len(FEEDS), "the prev-archive links go round in a circle"
    return found


@pytest.mark.parametrize(
    ("options", "headers", "base", "vary"),
    [({}, {"Host": "localhost:{port}"}, "http://localhost:{port}/", "Host, Accept-Encoding"),
     ({"allowed_hosts": ("podcasts.home.arpa",)}, {"Host": "podcasts.home.arpa:8080"},
      "http://podcasts.home.arpa:8080/", "Host, Accept-Encoding"),
     ({"base_url": "https://example.org/pod/"}, {"Host": "localhost:{port}"},
      "https://example.org/pod/", "Accept-Encoding"),
     ({"trust_proxy": True}, PROXIED, "https://podcasts.example.org/narrate/",
      "Host, X-Forwarded-Proto, X-Forwarded-Host, X-Forwarded-Prefix, Accept-Encoding"),
     # A Host that is not this machine gets the server's own address.
     ({}, {"Host": "evil.example"}, "http://127.0.0.1:{port}/", "Host, Accept-Encoding")],
    ids=["host", "allowed-host", "base-url", "proxy", "forged-host"],
)  # fmt: skip
def test_every_archive_is_on_the_address_the_client_used(
    out: Path, options: dict[str, Any], headers: dict[str, str], base: str, vary: str
) -> None:
    on_disk = {name: (out / name).read_bytes() for name in FEEDS}
    with serving(out, **options) as (srv, _):
        port = srv.server_address[1]
        headers = {k: v.format(port=port) for k, v in headers.items()}
        base = base.format(port=port)
        served = walk(srv, base, **headers)
    # feed.xml, then archive 2, then archive 1: the pages as published, the same split.
    assert [name for name, _, _ in served] == list(FEEDS)
    assert [titles(body) for _, _, body in served] == [titles(on_disk[n]) for n in FEEDS]
    assert sum(len(titles(body)) for _, _, body in served) == 5
    newer = ""
    for name, answer, body in served:
        assert answer["content-type"] == "application/rss+xml; charset=utf-8"
        assert answer["vary"] == vary
        assert answer["content-length"] == str(len(body))
        # Every URL (enclosures, pages, transcripts, chapters, atom links) on that address.
        found = urls(body)
        assert len(found) >= 3 * len(titles(body)) + 1
        assert all(u.startswith(base) for u in found), [u for u in found if not u.startswith(base)]
        assert PUBLISHED.encode() not in body and b"evil" not in body
        rels = links(body)
        assert rels["self"] == base + name
        if name != "feed.xml":
            assert rels["current"] == base + "feed.xml"
            assert rels.get("next-archive", "") == newer
            newer = base + name
        parsed = feedparser.parse(body)
        assert not parsed.bozo, parsed.get("bozo_exception")
        assert all(e.enclosures[0].href.startswith(base) for e in parsed.entries)
        assert len(parsed.entries) == len(titles(body))
        # The archive is marked as one (RFC 5005), the subscription feed is not.
        channel = ET.fromstring(body).find("channel")
        assert channel is not None
        assert (channel.find(q("fh", "archive")) is not None) == (name != "feed.xml")
    # Nothing was written: the folder still holds what was published.
    assert {name: (out / name).read_bytes() for name in FEEDS} == on_disk


def test_the_feed_built_at_the_published_address_is_the_published_file(out: Path) -> None:
    # Everything else the feed is made from (the narrator's engine, dates by first render)
    # is kept with the catalogue, not taken from the defaults.
    assert feed_at(out, PUBLISHED) == (out / "feed.xml").read_bytes()
    moved = feed_at(out, "http://192.0.2.1:8000/")
    assert moved is not None
    assert moved.replace(b"192.0.2.1", b"127.0.0.1") == (out / "feed.xml").read_bytes()


def test_at_the_published_address_the_archives_are_the_files(out: Path) -> None:
    with serving(out) as (srv, _):
        for name in FEEDS:
            status, headers, body = request(srv, "/" + name, Host="127.0.0.1:8000")
            assert status == 200 and body == (out / name).read_bytes()
            assert headers["vary"] == "Host, Accept-Encoding"
    # Built from the catalogue at the published address, an archive is the published bytes:
    # the same pages, the same items, the same links.
    for n in (1, 2):
        assert archive_at(out, PUBLISHED, n) == (out / f"feed-archive-{n}.xml").read_bytes()
    assert archive_at(out, PUBLISHED, 3) is None
    assert archive_at(out, PUBLISHED, 0) is None
    # After serving, narrate check still follows feed.xml's prev-archive links through the
    # published archives: every catalogued episode is found in one of them.
    assert check_folder(out) == []
    result = CliRunner().invoke(app, ["check", "-o", str(out)])
    assert (result.exit_code, result.stdout) == (0, f"{out}: feed valid\n")


@pytest.mark.parametrize(
    ("name", "number"),
    [("feed-archive-1.xml", 1), ("feed-archive-12.xml", 12), ("feed-archive-0.xml", 0),
     ("feed-archive-01.xml", 0), ("feed-archive-x.xml", 0), ("feed.xml", 0),
     ("feed-archive-1.xml.gz", 0), ("feed-archive-1xxml", 0)],
)  # fmt: skip
def test_archive_names(name: str, number: int) -> None:
    assert archive_number(name) == number
    feed = name == "feed.xml" or number > 0
    assert (mime_type(name) == "application/rss+xml; charset=utf-8") == feed


def test_archives_answer_conditional_requests_and_gzip(out: Path) -> None:
    with serving(out) as (srv, _):
        host = f"localhost:{srv.server_address[1]}"
        path = "/feed-archive-1.xml"
        status, headers, body = request(srv, path, Host=host)
        assert status == 200 and b"localhost" in body
        tag = headers["etag"]
        for method in ("GET", "HEAD"):
            status, again, empty = request(srv, path, method, Host=host, **{"If-None-Match": tag})
            assert (status, empty) == (304, b"")
            assert again["etag"] == tag and again["vary"] == "Host, Accept-Encoding"
        # Another address, another document: another tag, so no cache mixes them.
        elsewhere = request(srv, path, Host="127.0.0.1:8000")
        assert elsewhere[1]["etag"] != tag and elsewhere[2] != body
        assert request(srv, path, Host="127.0.0.1:8000", **{"If-None-Match": tag})[0] == 200
        # Gzipped: the same document, its own tag, which a poll revalidates with a 304.
        status, zipped, packed = request(srv, path, Host=host, **{"Accept-Encoding": "gzip"})
        assert status == 200 and zipped["content-encoding"] == "gzip"
        assert gzip.decompress(packed) == body and zipped["etag"] != tag
        assert zipped["content-length"] == str(len(packed))
        again = {"Accept-Encoding": "gzip", "If-None-Match": zipped["etag"]}
        assert request(srv, path, Host=host, **again)[0] == 304
        # A range of the rebuilt document is a range of those bytes.
        status, _, part = request(srv, path, Host=host, Range="bytes=0-99")
        assert status == 206 and part == body[:100]


def test_a_damaged_catalogue_serves_the_archives_as_published(out: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(out, copy)
    (copy / ".narrate" / "catalogue.sqlite").write_bytes(b"not a database" * 100)
    with serving(copy) as (srv, lines):
        status, _, body = request(srv, "/feed-archive-1.xml", Host="localhost:9")
        assert status == 200 and body == (copy / "feed-archive-1.xml").read_bytes()
    assert any("serving feed-archive-1.xml as published" in line for line in lines), lines
