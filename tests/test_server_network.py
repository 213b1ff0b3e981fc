"""narrate serve under hostile requests and load: every request answered, bounded resources,
proxy headers only when trusted, a fixed base URL."""

from __future__ import annotations

import contextlib
import shutil
import socket
import threading
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from pubkit import published

from narrate import server as server_module
from narrate.errors import NarrateError
from narrate.feed import NS
from narrate.server import BACKLOG, NarrateServer, check_base_url, make_server


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A published folder."""
    return published(tmp_path_factory.mktemp("serve-net"))


@contextlib.contextmanager
def serving(folder: Path, **options: object) -> Iterator[tuple[NarrateServer, list[str]]]:
    """The folder served on a free loopback port, and the log lines it wrote."""
    lines: list[str] = []
    srv = make_server(folder, "127.0.0.1", 0, lines.append, **options)  # type: ignore[arg-type]
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    try:
        yield srv, lines
    finally:
        srv.shutdown()
        srv.server_close()


def raw(srv: NarrateServer, request: bytes, timeout: float = 10) -> bytes:
    """Send raw bytes on a fresh connection; everything the server answers until it closes."""
    with socket.create_connection(srv.server_address[:2], timeout=timeout) as sock:
        sock.sendall(request)
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


def status_of(response: bytes) -> int:
    assert response.startswith(b"HTTP/1."), response[:80]
    return int(response.split(b" ", 2)[1])


def get(target: str, *headers: str) -> bytes:
    lines = [f"GET {target} HTTP/1.1", "Host: 127.0.0.1", "Connection: close", *headers]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


@pytest.mark.parametrize(
    ("request_bytes", "status"),
    [(get("/" + "a" * 300 + ".mp3"), 404),  # one path component over 255 bytes
     (get("/" + "%C3%A9" * 200), 404),  # 400 bytes once decoded
     (get("/" + "/".join(["b" * 250] * 20)), 404),  # a path over PATH_MAX
     (get("/tricky.mp3", "Range: bytes=" + "9" * 5000 + "-"), 416),
     (get("/tricky.mp3", "Range: bytes=-" + "9" * 5000), 206),  # the whole file, as a range
     (get("/tricky.mp3", "Range: bytes=0-" + "9" * 5000), 206),
     (get("/tricky.mp3", "Range: bytes=\u0661-\u0662".encode().decode("latin-1")), 416),
     (get("http://elsewhere/feed.xml"), 400),  # absolute form: not for a file server
     (b"GARBAGE\r\n\r\n", 400),
     (b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\nBad header\r\n\r\n", 200),
     (b"GET /\r\n\r\n", 200),  # HTTP/0.9
     (b"GET /" + b"x" * 70000 + b" HTTP/1.1\r\n\r\n", 414),
     (b"BREW /pot HTTP/1.1\r\nHost: x\r\n\r\n", 501)],
)  # fmt: skip
def test_hostile_requests_get_an_answer(folder: Path, request_bytes: bytes, status: int) -> None:
    with serving(folder) as (srv, lines):
        response = raw(srv, request_bytes)
        assert status_of(response) == status
        # The server still serves the next client.
        assert status_of(raw(srv, get("/feed.xml"))) == 200
    assert all("\n" not in line and "Traceback" not in line for line in lines)


def test_a_handler_fault_is_a_500_and_one_log_line(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object) -> str:
        raise RuntimeError("disk on fire\nsecond line")

    with serving(folder) as (srv, lines):
        monkeypatch.setattr(server_module, "etag", broken)
        response = raw(srv, get("/tricky.mp3"))
        assert status_of(response) == 500
        assert response.endswith(b"Internal Server Error\n")
        monkeypatch.undo()
        assert status_of(raw(srv, get("/tricky.mp3"))) == 200
    faults = [line for line in lines if "RuntimeError" in line]
    assert len(faults) == 1 and "disk on fire\\nsecond line" in faults[0]
    assert "/tricky.mp3" in faults[0]


def test_a_damaged_catalogue_still_serves_the_published_feed(folder: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(folder, copy)
    (copy / ".narrate" / "catalogue.sqlite").write_bytes(b"not a database" * 100)
    with serving(copy) as (srv, lines):
        # Another Host: the feed would be rebuilt from the catalogue, which cannot be read.
        response = raw(srv, get("/feed.xml").replace(b"Host: 127.0.0.1", b"Host: phone.local"))
        assert status_of(response) == 200
        assert response.endswith((copy / "feed.xml").read_bytes())
    assert any("catalogue unreadable" in line for line in lines)


def test_listen_backlog_holds_a_crowd(folder: Path) -> None:
    """120 clients that connect and ask while no thread accepts wait in the backlog
    (socketserver's default of 5 refuses most of them), then all get their answer."""
    srv = make_server(folder, "127.0.0.1", 0)
    socks = []
    try:
        assert srv.request_queue_size == BACKLOG >= 128
        for _ in range(120):
            sock = socket.socket()
            sock.settimeout(2)
            sock.connect(srv.server_address[:2])  # not accepted yet: the backlog holds it
            sock.sendall(get("/feed.xml"))
            socks.append(sock)
        thread = threading.Thread(target=srv.serve_forever, daemon=True)
        thread.start()
        deadline = time.monotonic() + 20
        for sock in socks:
            sock.settimeout(max(0.1, deadline - time.monotonic()))
            assert sock.recv(12) == b"HTTP/1.1 200"
    finally:
        for sock in socks:
            sock.close()
        srv.shutdown()
        srv.server_close()


def test_idle_and_trickling_connections_are_closed(folder: Path) -> None:
    with serving(folder, idle_timeout=0.5) as (srv, _):
        with socket.create_connection(srv.server_address[:2], timeout=10) as idle:
            started = time.monotonic()
            assert idle.recv(100) == b""  # closed by the server, nothing sent
            assert 0.4 < time.monotonic() - started < 5
        with socket.create_connection(srv.server_address[:2], timeout=10) as slow:
            slow.sendall(b"GET /feed.xml HTTP/1.1\r\n")  # then nothing more
            started = time.monotonic()
            assert slow.recv(100) == b""
            assert time.monotonic() - started < 5
        # A kept-alive connection is served, then closed once idle.
        with socket.create_connection(srv.server_address[:2], timeout=10) as kept:
            kept.sendall(b"HEAD /feed.xml HTTP/1.1\r\nHost: x\r\n\r\n")
            assert kept.recv(12) == b"HTTP/1.1 200"
            while kept.recv(4096):
                pass


def test_threads_are_bounded_and_idle_connections_hold_none(folder: Path) -> None:
    """With two slots and two idle connections, a third client is answered while they wait."""
    srv = make_server(folder, "127.0.0.1", 0, idle_timeout=30.0)
    srv._slots = threading.BoundedSemaphore(2)
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    try:
        holders = [socket.create_connection(srv.server_address[:2]) for _ in range(2)]
        response = raw(srv, get("/feed.xml"))
        assert status_of(response) == 200
        for sock in holders:  # still open: served without waiting for them to time out
            sock.setblocking(False)
            with pytest.raises(BlockingIOError):
                sock.recv(1)
        before = threading.active_count()
        for _ in range(10):
            raw(srv, get("/feed.xml"))
        assert threading.active_count() <= before + 2
        for sock in holders:
            sock.close()
    finally:
        srv.shutdown()
        srv.server_close()


def enclosure_url(body: bytes) -> str:
    item = ET.fromstring(body.split(b"\r\n\r\n", 1)[1]).find("channel/item/enclosure")
    assert item is not None
    return item.get("url", "")


def self_link(body: bytes) -> str:
    link = ET.fromstring(body.split(b"\r\n\r\n", 1)[1]).find("channel/atom:link", NS)
    assert link is not None
    return link.get("href", "")


PROXIED = (
    "X-Forwarded-Proto: https",
    "X-Forwarded-Host: podcasts.example.org",
    "X-Forwarded-Prefix: /narrate",
)


def test_proxy_headers_are_used_only_when_trusted(folder: Path) -> None:
    with serving(folder, allowed_hosts=("lan.local",)) as (srv, _):
        plain = raw(srv, get("/feed.xml", *PROXIED).replace(b"127.0.0.1", b"lan.local:8000"))
        assert self_link(plain) == "http://lan.local:8000/feed.xml"
        assert b"podcasts.example.org" not in plain
    with serving(folder, trust_proxy=True) as (srv, _):
        proxied = raw(srv, get("/feed.xml", *PROXIED))
        assert self_link(proxied) == "https://podcasts.example.org/narrate/feed.xml"
        assert enclosure_url(proxied).startswith("https://podcasts.example.org/narrate/")
        # The nearest proxy's values (the first), and nothing that is not a host or path.
        chained = raw(srv, get("/feed.xml", "X-Forwarded-Proto: https, http",
                               "X-Forwarded-Host: a.example, b.example"))  # fmt: skip
        assert self_link(chained) == "https://a.example/feed.xml"
        hostile = raw(
            srv,
            get(
                "/feed.xml",
                'X-Forwarded-Host: x"><script>',
                "X-Forwarded-Prefix: /../a b",
                "X-Forwarded-Proto: javascript",
            ),
        )
        assert self_link(hostile) == "http://127.0.0.1/feed.xml"


def test_fixed_base_url(folder: Path) -> None:
    with serving(folder, base_url="https://cdn.example.org/pod") as (srv, _):
        assert srv.url == "https://cdn.example.org/pod/"
        body = raw(srv, get("/feed.xml", *PROXIED))
        assert self_link(body) == "https://cdn.example.org/pod/feed.xml"
        assert enclosure_url(body).startswith("https://cdn.example.org/pod/")


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "ftp://x/", "http://a b/", 'http://x/"q', "http://x/?a=1", ""]
)
def test_bad_base_urls_are_refused(url: str) -> None:
    with pytest.raises(NarrateError, match="is not an http"):
        check_base_url(url)
