"""narrate serve: HEAD, ranges, validators, MIME types, CORS, no escape, feed base URL."""

from __future__ import annotations

import contextlib
import gzip
import http.client
import os
import shutil
import threading
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pubkit import published

from narrate.errors import NarrateError
from narrate.feed import NS
from narrate.server import NarrateServer, cache_control, make_server, parse_range


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A published folder with a secret beside it and symlinks pointing in and out."""
    root = tmp_path_factory.mktemp("serve")
    out = published(root)
    (root / "secret.txt").write_text("secret", "utf-8")
    os.symlink(root / "secret.txt", out / "escape.txt")
    os.symlink(out / ".narrate" / "catalogue.sqlite", out / "state.sqlite")
    os.symlink(out / "tricky.vtt", out / "alias.vtt")
    return out


@pytest.fixture(scope="module")
def server(folder: Path) -> Iterator[NarrateServer]:
    """The folder served on a free loopback port."""
    # The names test clients use besides the loopback address.
    with serving(folder, allowed_hosts=("192.168.1.20", "phone-facing.local")) as srv:
        yield srv


@contextlib.contextmanager
def serving(folder: Path, **options: Any) -> Iterator[NarrateServer]:
    """A folder served on a free loopback port for the length of a with-block."""
    srv = make_server(folder, "127.0.0.1", 0, **options)
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    try:
        yield srv
    finally:
        srv.shutdown()
        srv.server_close()


def request(
    server: NarrateServer, path: str, method: str = "GET", **headers: str
) -> tuple[int, dict[str, str], bytes]:
    host, port = server.server_address[:2]
    conn = http.client.HTTPConnection(host, port, timeout=10)
    conn.putrequest(method, path, skip_host="Host" in headers, skip_accept_encoding=True)
    for name, value in headers.items():
        conn.putheader(name, value)
    conn.endheaders()
    response = conn.getresponse()
    body = response.read()
    conn.close()
    return response.status, {k.lower(): v for k, v in response.getheaders()}, body


def test_full_get(server: NarrateServer, folder: Path) -> None:
    status, headers, body = request(server, "/tricky.mp3")
    assert status == 200
    assert body == (folder / "tricky.mp3").read_bytes()
    assert headers["content-length"] == str(len(body))
    assert headers["accept-ranges"] == "bytes"
    assert headers["content-type"] == "audio/mpeg"


def test_head_sends_headers_only(server: NarrateServer, folder: Path) -> None:
    status, headers, body = request(server, "/tricky.mp3", "HEAD")
    assert status == 200 and body == b""
    assert headers["content-length"] == str((folder / "tricky.mp3").stat().st_size)
    assert headers["accept-ranges"] == "bytes" and "last-modified" in headers


@pytest.mark.parametrize(
    ("spec", "first", "last"),
    [("bytes=0-99", 0, 99), ("bytes=100-", 100, None), ("bytes=-50", -50, None),
     ("bytes=10-10", 10, 10), ("bytes=5-99999999", 5, None)],
)  # fmt: skip
def test_ranges_answer_206(
    spec: str, first: int, last: int | None, server: NarrateServer, folder: Path
) -> None:
    data = (folder / "tricky.mp3").read_bytes()
    size = len(data)
    status, headers, body = request(server, "/tricky.mp3", Range=spec)
    assert status == 206
    start = first % size
    end = size - 1 if last is None else last
    assert body == data[start : end + 1]
    assert headers["content-range"] == f"bytes {start}-{end}/{size}"
    assert headers["content-length"] == str(end - start + 1)
    _, _, head_body = request(server, "/tricky.mp3", "HEAD", Range=spec)
    assert head_body == b""


@pytest.mark.parametrize("spec", ["bytes=99999999-", "bytes=50-10", "bytes=-0", "bytes=x-y"])
def test_bad_ranges_answer_416(spec: str, server: NarrateServer, folder: Path) -> None:
    status, headers, body = request(server, "/tricky.mp3", Range=spec)
    assert status == 416 and body == b""
    assert headers["content-range"] == f"bytes */{(folder / 'tricky.mp3').stat().st_size}"


def test_conditional_requests_answer_304_when_nothing_changed(
    server: NarrateServer, folder: Path
) -> None:
    status, headers, _ = request(server, "/tricky.mp3")
    tag, modified = headers["etag"], headers["last-modified"]
    assert status == 200 and tag.startswith('"')
    for method in ("GET", "HEAD"):
        status, again, body = request(server, "/tricky.mp3", method, **{"If-None-Match": tag})
        assert (status, body) == (304, b"")
        assert again["etag"] == tag
    assert request(server, "/tricky.mp3", **{"If-None-Match": '"other", ' + tag})[0] == 304
    assert request(server, "/tricky.mp3", **{"If-None-Match": f"W/{tag}"})[0] == 304
    assert request(server, "/tricky.mp3", **{"If-None-Match": '"other"'})[0] == 200
    assert request(server, "/tricky.mp3", **{"If-Modified-Since": modified})[0] == 304
    earlier = "Mon, 01 Jan 2001 00:00:00 GMT"
    assert request(server, "/tricky.mp3", **{"If-Modified-Since": earlier})[0] == 200
    assert request(server, "/tricky.mp3", **{"If-Modified-Since": "not a date"})[0] == 200
    # If-None-Match wins over If-Modified-Since.
    both = {"If-None-Match": '"other"', "If-Modified-Since": modified}
    assert request(server, "/tricky.mp3", **both)[0] == 200


def test_the_feed_polled_with_its_etag_costs_a_304(server: NarrateServer) -> None:
    for host in ("127.0.0.1", "phone-facing.local:8000"):  # as published, and rebuilt
        status, headers, body = request(server, "/feed.xml", Host=host)
        assert status == 200 and body
        again = request(server, "/feed.xml", Host=host, **{"If-None-Match": headers["etag"]})
        assert again[0] == 304 and again[2] == b""


def test_if_range_resumes_only_the_same_file(server: NarrateServer, folder: Path) -> None:
    data = (folder / "tricky.mp3").read_bytes()
    tag = request(server, "/tricky.mp3", "HEAD")[1]["etag"]
    status, _, body = request(server, "/tricky.mp3", Range="bytes=100-", **{"If-Range": tag})
    assert (status, body) == (206, data[100:])
    status, _, body = request(server, "/tricky.mp3", Range="bytes=100-", **{"If-Range": '"old"'})
    assert (status, body) == (200, data)
    status, _, body = request(
        server, "/tricky.mp3", Range="bytes=100-", **{"If-Range": "Mon, 01 Jan 2001 00:00:00 GMT"}
    )
    assert (status, body) == (200, data)


def test_several_ranges_or_other_units_get_the_whole_file() -> None:
    assert parse_range("bytes=0-1,5-6", 100) is None
    assert parse_range("items=0-1", 100) is None
    assert parse_range(None, 100) is None


@pytest.mark.parametrize(
    ("path", "kind", "cache"),
    [("/tricky.mp3", "audio/mpeg", "public, max-age=86400"),
     ("/tricky.vtt", "text/vtt; charset=utf-8", "public, max-age=86400"),
     ("/tricky.srt", "application/x-subrip; charset=utf-8", "public, max-age=86400"),
     ("/tricky.chapters.json", "application/json+chapters; charset=utf-8",
      "public, max-age=86400"),
     ("/feed.xml", "application/rss+xml; charset=utf-8", "public, max-age=300"),
     ("/index.html", "text/html; charset=utf-8", "public, no-cache"),
     ("/", "text/html; charset=utf-8", "public, no-cache"),
     ("/episodes.m3u", "audio/x-mpegurl; charset=utf-8", "public, no-cache"),
     ("/cover.png", "image/png", "public, max-age=86400"),
     ("/tricky.json", "application/json; charset=utf-8", "public, max-age=86400"),
     ("/alias.vtt", "text/vtt; charset=utf-8", "public, max-age=86400")],
)  # fmt: skip
def test_mime_types_cache_and_cors(path: str, kind: str, cache: str, server: NarrateServer) -> None:
    for method in ("HEAD", "GET"):
        status, headers, _ = request(server, path, method, Origin="https://player.example")
        assert status == 200
        assert headers["content-type"] == kind
        assert headers["cache-control"] == cache
        # Every file, media included: web players on other origins read them all.
        assert headers["access-control-allow-origin"] == "*"
        assert "Content-Range" in headers["access-control-expose-headers"]


def test_content_addressed_names_are_immutable() -> None:
    assert cache_control("a.3f2b9c0d1e4a5b6c.mp3") == "public, max-age=31536000, immutable"
    assert cache_control("a-3f2b9c0d1e4a5b6c7d8e.opus") == "public, max-age=31536000, immutable"
    assert cache_control("a.mp3") == "public, max-age=86400"
    assert cache_control("deadbeef.html") == "public, no-cache"


def test_options_preflight(server: NarrateServer) -> None:
    for path in ("/tricky.mp3", "/feed.xml", "*"):
        status, headers, body = request(
            server, path, "OPTIONS", Origin="https://player.example",
            **{"Access-Control-Request-Method": "GET", "Access-Control-Request-Headers": "range"},
        )  # fmt: skip
        assert (status, body) == (204, b"")
        assert headers["allow"] == "GET, HEAD, OPTIONS"
        assert headers["access-control-allow-origin"] == "*"
        assert "GET" in headers["access-control-allow-methods"]
        assert "Range" in headers["access-control-allow-headers"]


@pytest.mark.parametrize(
    "path",
    ["/../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E%2Fsecret.txt", "/..%2fsecret.txt",
     "/a/../../secret.txt", "/escape.txt", "/state.sqlite", "/.narrate/catalogue.sqlite",
     "/%2enarrate/catalogue.sqlite", "/.tricky.mp3.part", "/nothing.mp3", "/..\\secret.txt",
     "/%00", "//etc/passwd", "/%252e%252e/secret.txt"],
)  # fmt: skip
def test_nothing_outside_the_folder_nor_dotfiles(path: str, server: NarrateServer) -> None:
    for method in ("GET", "HEAD"):
        status, _, body = request(server, path, method)
        assert status == 404, (path, method)
        assert b"secret" not in body


def channel_links(body: bytes) -> tuple[str, str, str]:
    channel = ET.fromstring(body).find("channel")
    assert channel is not None
    self_link = channel.find("atom:link", NS)
    enclosure = channel.find("item/enclosure")
    guid = channel.findtext("podcast:guid", namespaces=NS)
    return self_link.get("href"), enclosure.get("url"), guid  # type: ignore[union-attr]


def test_feed_uses_the_address_the_client_used(server: NarrateServer, folder: Path) -> None:
    on_disk = (folder / "feed.xml").read_bytes()
    status, _, same = request(server, "/feed.xml", Host="127.0.0.1:8000")
    assert status == 200 and same == on_disk
    status, headers, body = request(server, "/feed.xml", Host="192.168.1.20:8000")
    assert status == 200
    href, enclosure, guid = channel_links(body)
    assert href == "http://192.168.1.20:8000/feed.xml"
    assert enclosure.startswith("http://192.168.1.20:8000/")
    assert b"127.0.0.1" not in body
    assert guid == channel_links(on_disk)[2]  # the feed's identity does not move with it
    assert headers["content-length"] == str(len(body))
    assert (folder / "feed.xml").read_bytes() == on_disk
    _, _, part = request(server, "/feed.xml", Host="192.168.1.20:8000", Range="bytes=0-9")
    assert part == body[:10]
    assert headers["vary"] == "Host, Accept-Encoding"


def test_a_host_that_is_not_this_machine_never_reaches_the_feed(
    server: NarrateServer, folder: Path
) -> None:
    # A forged Host cached by a proxy would send every listener to the forger's server.
    for forged in ("evil.example", "evil.example:80", "192.168.1.21:8000", 'x"><script>'):
        status, headers, body = request(server, "/feed.xml", Host=forged)
        assert status == 200 and headers["vary"] == "Host, Accept-Encoding"
        assert b"evil" not in body and b"192.168.1.21" not in body and b"<script" not in body
        href, enclosure, _ = channel_links(body)
        assert href == server.url + "feed.xml" and enclosure.startswith(server.url)
    # Named on the command line (--allow-host), a name is used.
    with serving(folder, allowed_hosts=("podcasts.home.arpa",)) as srv:
        _, _, body = request(srv, "/feed.xml", Host="podcasts.home.arpa:8080")
        assert channel_links(body)[0] == "http://podcasts.home.arpa:8080/feed.xml"
    # A fixed base URL: the feed no longer depends on Host.
    with serving(folder, base_url="https://example.org/pod/") as srv:
        _, headers, body = request(srv, "/feed.xml", Host="evil.example")
        assert headers["vary"] == "Accept-Encoding" and b"evil" not in body


def test_serving_never_writes_to_the_folder(folder: Path, tmp_path: Path) -> None:
    # With its catalogue: read-only, even when the feed is rebuilt for another address.
    catalogue = folder / ".narrate" / "catalogue.sqlite"
    before = (catalogue.stat().st_mtime_ns, catalogue.read_bytes())
    with serving(folder) as srv:
        assert request(srv, "/feed.xml", Host="elsewhere.local:9")[0] == 200
    assert (catalogue.stat().st_mtime_ns, catalogue.read_bytes()) == before
    # A copy without its .narrate state (rsync'd, read-only storage): served as it is.
    copy = tmp_path / "copy"
    shutil.copytree(folder, copy, symlinks=True, ignore=shutil.ignore_patterns(".narrate"))
    with serving(copy) as srv:
        status, _, body = request(srv, "/feed.xml", Host="elsewhere.local:9")
        assert status == 200 and body == (copy / "feed.xml").read_bytes()
        assert request(srv, "/tricky.mp3", Range="bytes=0-9")[0] == 206
    assert not (copy / ".narrate").exists()


def test_server_needs_a_published_folder(tmp_path: Path) -> None:
    with pytest.raises(NarrateError, match="no feed.xml here; run `narrate build` first"):
        make_server(tmp_path)


def test_loopback_by_default(folder: Path) -> None:
    srv = make_server(folder, port=0)
    try:
        assert srv.server_address[0] == "127.0.0.1"
        assert srv.url.startswith("http://127.0.0.1:")
    finally:
        srv.server_close()


def test_serve_command_prints_the_feed_url(folder: Path) -> None:
    import subprocess
    import sys

    proc = subprocess.Popen(
        [sys.executable, "-m", "narrate", "serve", str(folder), "--port", "0", "--quiet"],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert proc.stdout is not None
        first, second = proc.stdout.readline(), proc.stdout.readline()
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    assert first.startswith(f"Serving {folder} at http://127.0.0.1:")
    assert second.startswith("Subscribe to http://127.0.0.1:") and second.endswith("/feed.xml\n")


@pytest.mark.parametrize("path", ["/feed.xml", "/index.html", "/tricky.vtt", "/tricky.srt",
                                  "/tricky.chapters.json", "/episodes.m3u"])  # fmt: skip
def test_text_is_gzipped_for_clients_that_accept_it(path: str, server: NarrateServer,
                                                     folder: Path) -> None:  # fmt: skip
    status, plain_headers, plain_body = request(server, path, Host="127.0.0.1:8000")
    assert status == 200 and "content-encoding" not in plain_headers
    assert plain_headers["vary"].endswith("Accept-Encoding")
    status, headers, body = request(server, path, Host="127.0.0.1:8000",
                                    **{"Accept-Encoding": "br, gzip;q=0.8"})  # fmt: skip
    assert status == 200 and headers["content-encoding"] == "gzip"
    assert headers["content-length"] == str(len(body))
    assert gzip.decompress(body) == plain_body == (folder / path[1:]).read_bytes()
    assert headers["etag"] != plain_headers["etag"]  # another representation, another tag
    # Asked again with its ETag: 304, and the same bytes every time.
    status, _, _ = request(server, path, Host="127.0.0.1:8000", **{
        "Accept-Encoding": "gzip", "If-None-Match": headers["etag"]})  # fmt: skip
    assert status == 304


@pytest.mark.parametrize("header", ["gzip;q=0", "identity", "br"])
def test_no_gzip_unless_accepted(header: str, server: NarrateServer) -> None:
    _, headers, _ = request(server, "/index.html", **{"Accept-Encoding": header})
    assert "content-encoding" not in headers


def test_audio_and_ranges_are_never_gzipped(server: NarrateServer, folder: Path) -> None:
    _, headers, body = request(server, "/tricky.mp3", **{"Accept-Encoding": "gzip"})
    assert "content-encoding" not in headers and body == (folder / "tricky.mp3").read_bytes()
    status, headers, body = request(server, "/index.html", Range="bytes=0-9",
                                    **{"Accept-Encoding": "gzip"})  # fmt: skip
    assert status == 206 and "content-encoding" not in headers
    assert body == (folder / "index.html").read_bytes()[:10]


def test_pages_use_the_address_the_client_used(server: NarrateServer, folder: Path) -> None:
    page = (folder / "tricky.html").read_text("utf-8")
    assert 'href="http://127.0.0.1:8000/' in page  # built for the configured address
    _, _, same = request(server, "/tricky.html", Host="127.0.0.1:8000")
    assert same == page.encode("utf-8")
    _, _, body = request(server, "/tricky.html", Host="192.168.1.20:8000")
    moved = body.decode("utf-8")
    assert "127.0.0.1:8000" not in moved
    assert '<link rel="canonical" href="http://192.168.1.20:8000/tricky.html">' in moved
    assert '"webFeed": "http://192.168.1.20:8000/feed.xml"' in moved
    _, _, index = request(server, "/index.html", Host="192.168.1.20:8000")
    assert b"127.0.0.1:8000" not in index and b"http://192.168.1.20:8000/" in index
