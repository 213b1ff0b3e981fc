"""Serve a published folder to podcast apps on the local network, for offline listening.

What Python's http.server lacks and players need: byte ranges (206, 416), exact MIME
types for audio, transcripts and chapters, CORS on the files web players fetch, and a
feed whose URLs point at the address the app actually used, when that is a name of this
machine (or one allowed with ``--allow-host``); any other Host gets the server's own
address, and the feed is served with ``Vary: Host``. So are its RFC 5005 archive feeds
(``feed-archive-N.xml``), each built from the catalogue like the feed, with the same pages.
Validators (ETag, Last-Modified) answer an app's conditional requests: a feed polled with
If-None-Match or If-Modified-Since costs a 304 when nothing changed, and a download resumed
with If-Range gets the rest only if the file is still the same. Nothing outside the folder,
and no dotfile (the ``.narrate`` state), is ever served.

For a network: ``Cache-Control`` (the feed and pages briefly, episode files long), CORS
on every file and OPTIONS preflights for web players, a fixed ``base_url`` or, behind a
reverse proxy that is trusted, the ``X-Forwarded-Proto/Host/Prefix`` it sends. Every
request gets an answer (400, 404, 416, 500 at worst) and one log line; connections idle
longer than ``idle_timeout`` are closed; at most ``max_threads`` requests are handled at
once. Request heads are read by one thread for every connection, each within a deadline:
a connection gets a handler thread only once its head is in, so idle and trickling clients
cannot take the threads real clients need.
"""

from __future__ import annotations

import collections
import contextlib
import gzip
import hashlib
import io
import json
import os
import queue
import re
import selectors
import socket
import socketserver
import threading
import time
from collections.abc import Callable
from email.message import Message
from email.utils import formatdate, parsedate_to_datetime
from html import escape
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from narrate.errors import NarrateError
from narrate.feed import ARCHIVE_FILE, FEED_FILE
from narrate.inbox import Inbox, added_page, link_of, valid, with_inbox, with_share_target
from narrate.links import normal
from narrate.publish import archive_at, feed_at, published_settings
from narrate.webapp import MANIFEST_FILE

MIME = {
    ".mp3": "audio/mpeg",
    ".m4a": "audio/mp4",
    ".m4b": "audio/mp4",
    ".opus": "audio/ogg; codecs=opus",
    ".vtt": "text/vtt; charset=utf-8",
    ".srt": "application/x-subrip; charset=utf-8",
    ".chapters.json": "application/json+chapters; charset=utf-8",
    ".json": "application/json; charset=utf-8",
    ".html": "text/html; charset=utf-8",
    ".xml": "application/xml; charset=utf-8",
    ".m3u": "audio/x-mpegurl; charset=utf-8",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".webmanifest": "application/manifest+json; charset=utf-8",
}
FEED_MIME = "application/rss+xml; charset=utf-8"
# Web players fetch every published file from other origins (fetch(), Web Audio, canvas
# cover art), and Range requests from them need the headers they may read exposed.
CORS_HEADERS = (
    ("Access-Control-Allow-Origin", "*"),
    ("Access-Control-Expose-Headers", "Content-Length, Content-Range, Accept-Ranges, ETag"),
)
PREFLIGHT_HEADERS = (
    ("Access-Control-Allow-Methods", "GET, HEAD, OPTIONS"),
    ("Access-Control-Allow-Headers", "Range, If-None-Match, If-Modified-Since, If-Range"),
    ("Access-Control-Max-Age", "86400"),
)
ALLOW = "GET, HEAD, OPTIONS"
# A link and its token: a posted body is never larger.
MAX_POST = 8192
# Pages shown with the inbox's token: for one client, never stored by a cache.
PRIVATE = "private, no-store"
# Apps poll the feed: a few minutes of caching, then revalidation (a 304 via the ETag).
FEED_CACHE = "public, max-age=300"
PAGE_CACHE = "public, no-cache"
# Episode files change only when their article does; a day, then a cheap revalidation.
MEDIA_CACHE = "public, max-age=86400"
# A name that carries its content's hash never changes its bytes.
IMMUTABLE_CACHE = "public, max-age=31536000, immutable"
_HASHED_NAME = re.compile(r"[.-][0-9a-f]{16,64}\.[A-Za-z0-9.]+$")
# The RFC 5005 archive feeds beside feed.xml (feed-archive-1.xml, ...).
_ARCHIVE = re.compile("([1-9][0-9]{0,8})".join(map(re.escape, ARCHIVE_FILE.split("{n}"))))
# Pages and what the web app reads to know what is published: revalidated every time.
_PAGE_SUFFIXES = (".html", ".m3u", ".xml", ".js", ".webmanifest", "episodes.json")

_HOST = re.compile(r"^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$")
_PREFIX = re.compile(r"^(?:/[A-Za-z0-9._~%!$&'()*+,;=:@-]+)*/?$")
_RANGE = re.compile(r"^bytes=([0-9]*)-([0-9]*)$")
# Byte positions longer than this cannot name a byte of any file (and int() of thousands
# of digits is refused by Python): they are read as "past every file".
_MAX_DIGITS = 18
_BLOCK = 1 << 16
# Text (feed, pages, transcripts, chapters, playlists, scripts) is sent gzipped to clients
# that accept it: a tenth of the bytes. Audio and images are compressed already. Larger
# text files than this go as they are, rather than be compressed in memory.
_COMPRESS_MAX = 16 << 20
_COMPRESSIBLE = (
    "text/",
    "application/json",
    "application/xml",
    "application/rss+xml",
    "application/manifest+json",
    "application/x-subrip",
    "audio/x-mpegurl",
)
BACKLOG = 128
IDLE_TIMEOUT = 20.0
MAX_THREADS = 64
# A request head (request line and headers) must arrive whole within this, however it
# trickles in; and at most this many connections wait for theirs, with no thread each.
HEAD_TIMEOUT = 10.0
MAX_WAITING = 1024
MAX_HEAD = 65536 + 8192


class RangeNotSatisfiable(Exception):
    """The Range header asks for bytes the file does not have."""


def archive_number(name: str) -> int:
    """The number of the archive feed a published file name is (``feed-archive-2.xml``: 2),
    or 0 if it is not one."""
    match = _ARCHIVE.fullmatch(name)
    return int(match.group(1)) if match else 0


def mime_type(name: str) -> str:
    """The Content-Type to serve a published file with."""
    lower = name.lower()
    if lower == FEED_FILE or archive_number(name):
        return FEED_MIME
    for suffix, kind in MIME.items():
        if lower.endswith(suffix):
            return kind
    return "application/octet-stream"


def compressible(name: str) -> bool:
    """Whether a published file is text that is worth sending gzipped."""
    return mime_type(name).startswith(_COMPRESSIBLE)


def accepts_gzip(header: str | None) -> bool:
    """Whether an Accept-Encoding header admits gzip (``gzip;q=0`` refuses it)."""
    for item in (header or "").split(","):
        coding, _, params = item.strip().partition(";")
        if coding.strip().lower() not in ("gzip", "x-gzip", "*"):
            continue
        quality = params.strip().lower()
        if quality.startswith("q="):
            try:
                return float(quality[2:]) > 0
            except ValueError:
                return False
        return True
    return False


def cache_control(name: str) -> str:
    """The Cache-Control a published file is served with."""
    lower = name.lower()
    if lower == FEED_FILE:
        return FEED_CACHE
    if lower.endswith(_PAGE_SUFFIXES):
        return PAGE_CACHE
    if _HASHED_NAME.search(lower):
        return IMMUTABLE_CACHE
    return MEDIA_CACHE


def resolve(root: Path, target: str) -> Path | None:
    """The file a request target names inside ``root`` (already resolved), or None.

    None for anything outside the folder, through ``..``, encoded ``..``, or a symlink,
    for any dotfile or dot-folder, and for names the file system refuses (too long).
    """
    try:
        return _resolve(root, target)
    except (OSError, ValueError):
        return None


def _resolve(root: Path, target: str) -> Path | None:
    text = unquote(urlsplit(target).path)
    if "\x00" in text or "\\" in text:
        return None
    parts = [p for p in text.split("/") if p]
    if any(p.startswith(".") for p in parts):
        return None
    path = Path(os.path.realpath(root.joinpath(*parts)))
    if path != root and not path.is_relative_to(root):
        return None
    if any(p.startswith(".") for p in path.relative_to(root).parts):
        return None  # a symlink inside the folder pointing at the state folder
    if path.is_dir():
        path = path / "index.html"
    return path if path.is_file() else None


def parse_range(header: str | None, size: int) -> tuple[int, int] | None:
    """(first, last) byte of a single ``bytes=`` range; None to send the whole file.

    Several ranges, or another unit, are answered with the whole file (RFC 9110 allows it);
    a range that cannot be satisfied raises RangeNotSatisfiable.
    """
    if not header:
        return None
    header = header.strip()
    if not header.lower().startswith("bytes=") or "," in header:
        return None
    match = _RANGE.match(header.replace(" ", ""))
    if match is None:
        raise RangeNotSatisfiable(header)
    first, last = match.groups()
    if not first and not last:
        raise RangeNotSatisfiable(header)
    if not first:  # the last N bytes
        n = _position(last)
        if n == 0 or size == 0:
            raise RangeNotSatisfiable(header)
        return max(0, size - n), size - 1
    start = _position(first)
    end = _position(last) if last else size - 1
    if start >= size or end < start:
        raise RangeNotSatisfiable(header)
    return start, min(end, size - 1)


def _position(digits: str) -> int:
    """A byte position from its decimal digits; absurdly long ones are past every file."""
    digits = digits.lstrip("0") or "0"
    return int(digits) if len(digits) <= _MAX_DIGITS else 10**_MAX_DIGITS


def printable(text: str) -> str:
    """``text`` with control characters escaped, for one safe log line."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def etag(size: int, mtime_ns: int, content: bytes | None = None) -> str:
    """A strong validator: of the bytes when they are in hand, else of size and time."""
    if content is not None:
        return '"' + hashlib.sha256(content).hexdigest()[:20] + '"'
    return f'"{size:x}-{mtime_ns:x}"'


def _matches(header: str, tag: str) -> bool:
    """True if an If-None-Match header names ``tag`` (weak comparison) or is ``*``."""
    wanted = [t.strip().removeprefix("W/") for t in header.split(",")]
    return "*" in wanted or tag in wanted


def _seconds(header: str | None) -> int | None:
    """An HTTP date as whole seconds since 1970, or None if absent or not a date."""
    if not header:
        return None
    try:
        return int(parsedate_to_datetime(header).timestamp())
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


def not_modified(headers: Message, tag: str, mtime: float) -> bool:
    """Whether a GET or HEAD with these request headers gets 304 (RFC 9110 13.2.2)."""
    none_match = headers.get("If-None-Match")
    if none_match is not None:
        return _matches(none_match, tag)
    since = _seconds(headers.get("If-Modified-Since"))
    return since is not None and int(mtime) <= since


def range_applies(headers: Message, tag: str, mtime: float) -> bool:
    """False when If-Range names another version of the file: then the whole file is sent."""
    condition = headers.get("If-Range")
    if condition is None:
        return True
    if condition.startswith(('"', "W/")):
        return condition == tag  # strong comparison only
    return _seconds(condition) == int(mtime)


class Handler(BaseHTTPRequestHandler):
    """Answers GET, HEAD and OPTIONS for the files of one published folder."""

    server_version = "narrate"
    protocol_version = "HTTP/1.1"
    # A request line too broken to name its version still gets a status line back.
    default_request_version = "HTTP/1.0"
    server: NarrateServer
    _sent = False  # whether this request's status line and headers are out

    def setup(self) -> None:
        """Read the request head the server has already received, then the socket."""
        sock, head = self.request  # type: ignore[misc]  # (socket, bytes) from the head reader
        self.request = self.connection = sock
        sock.settimeout(self.server.idle_timeout)
        self.rfile = io.BufferedReader(_Replay(head, sock))  # type: ignore[assignment]
        self.wfile = socketserver._SocketWriter(sock)  # type: ignore[attr-defined]
        self.keep = b""  # set to what follows the request when the connection is kept

    def handle(self) -> None:
        """Answer one request; a kept-alive connection goes back to wait without a thread."""
        self.close_connection = True
        self.handle_one_request()
        if not self.close_connection:
            # Bytes of the next request already read (pipelining) travel with the socket.
            self.connection.setblocking(False)
            try:
                self.keep = b"\0" + self.rfile.peek()  # type: ignore[attr-defined]
            except OSError:
                self.close_connection = True
            finally:
                with contextlib.suppress(OSError):
                    self.connection.setblocking(True)

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        """Send a file, or part of it."""
        self._answer(send_body=True)

    def do_HEAD(self) -> None:  # noqa: N802
        """Send a file's headers only."""
        self._answer(send_body=False)

    def do_POST(self) -> None:  # noqa: N802
        """Take a link for the inbox (POST /add with its token); nothing else is posted."""
        self._guarded(self._post, send_body=True)

    def _post(self) -> None:
        inbox = self.server.inbox
        if inbox is None or urlsplit(self.path).path != "/add":
            self.close_connection = True
            self._plain(HTTPStatus.METHOD_NOT_ALLOWED, True, allow=ALLOW)
            return
        length = self.headers.get("Content-Length", "")
        if not length.isdigit() or int(length) > MAX_POST:
            self.close_connection = True
            self._plain(HTTPStatus.REQUEST_ENTITY_TOO_LARGE if length.isdigit()
                        else HTTPStatus.LENGTH_REQUIRED, True)  # fmt: skip
            return
        body = self.rfile.read(int(length))
        fields = _form(body, self.headers.get("Content-Type", ""))
        given = fields.get("token") or _query(self.path).get("token", "")
        if not valid(given, self.server.inbox_token):
            self._plain(HTTPStatus.FORBIDDEN, True)
            return
        if not inbox.allow(str(self.client_address[0])):
            self._plain(HTTPStatus.TOO_MANY_REQUESTS, True, retry="60")
            return
        try:
            url = normal(link_of(fields))
        except NarrateError as exc:
            self._text(HTTPStatus.BAD_REQUEST, f"{exc}\n".encode(), "text/plain; charset=utf-8")
            return
        job = inbox.submit(url)
        if "text/html" in self.headers.get("Accept", ""):
            page = added_page(job, self._base_url() + "index.html")
            self._text(HTTPStatus.ACCEPTED, page, "text/html; charset=utf-8")
        else:
            answer = json.dumps({"id": job.id, "url": job.url, "state": job.state})
            self._text(HTTPStatus.ACCEPTED, answer.encode(), "application/json")

    def _text(self, status: HTTPStatus, body: bytes, kind: str, send_body: bool = True,
              headers: tuple[tuple[str, str], ...] = ()) -> None:  # fmt: skip
        """A small answer made here, never cached: ``body`` of type ``kind``."""
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        if send_body:
            self.wfile.write(body)

    def _trusted(self) -> bool:
        """Whether this client may see the inbox's token: it is this machine, or it sent
        the token (the address ``narrate inbox`` prints for a phone)."""
        if self.server.inbox is None:
            return False
        given = _query(self.path).get("token", "")
        return _loopback(str(self.client_address[0])) or valid(given, self.server.inbox_token)

    def do_OPTIONS(self) -> None:  # noqa: N802
        """Answer a CORS preflight (or a plain OPTIONS) with what is allowed."""
        self._sent = False
        self.send_response(HTTPStatus.NO_CONTENT)
        self.send_header("Allow", ALLOW)
        for name, value in (*CORS_HEADERS, *PREFLIGHT_HEADERS):
            self.send_header(name, value)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def end_headers(self) -> None:
        """Send the headers, and remember that they are out."""
        self._sent = True
        super().end_headers()

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        """Hand request logs to the server's logger, if any (the library never prints)."""
        if self.server.log is not None:
            self.server.log(printable(f"{self.address_string()} {format % args}"))

    def _answer(self, send_body: bool) -> None:
        """Serve the request; any failure still gets a response and one log line."""

        def serve() -> None:
            if not self.path.startswith("/"):
                self._plain(HTTPStatus.BAD_REQUEST, send_body)
                return
            self._serve(send_body)

        self._guarded(serve, send_body)

    def _guarded(self, action: Callable[[], None], send_body: bool) -> None:
        """Run ``action`` for this request; any failure still gets a response and one log
        line, and a client that went away closes the connection."""
        self._sent = False
        try:
            action()
        except (BrokenPipeError, ConnectionResetError, TimeoutError):
            self.close_connection = True  # the player went away (it often does after a range)
        except Exception as exc:  # noqa: BLE001 (a server answers every request)
            self.log_error("error serving %r: %s: %s", self.path, type(exc).__name__, exc)
            self.close_connection = True
            if not self._sent:
                with contextlib.suppress(OSError):
                    self._plain(HTTPStatus.INTERNAL_SERVER_ERROR, send_body)

    def _base_url(self) -> str:
        if self.server.base_url:
            return self.server.base_url
        host = self.headers.get("Host", "")
        scheme, prefix = "http", "/"
        if self.server.trust_proxy:
            proto = _first(self.headers.get("X-Forwarded-Proto")).lower()
            scheme = proto if proto in ("http", "https") else scheme
            forwarded = _first(self.headers.get("X-Forwarded-Host"))
            host = forwarded if _HOST.match(forwarded) else host
            wanted = _first(self.headers.get("X-Forwarded-Prefix"))
            if wanted and _PREFIX.match(wanted) and ".." not in wanted.split("/"):
                prefix = "/" + wanted.strip("/") + "/" if wanted.strip("/") else "/"
        elif not self.server.allows_host(host):
            # Any client can send any Host: written into the feed as it came, one client
            # behind a caching proxy would choose the URLs every other client downloads.
            return self.server.url
        if not _HOST.match(host):
            address, port = self.server.server_address[:2]
            host = f"[{address}]:{port}" if ":" in str(address) else f"{address}:{port}"
        return f"{scheme}://{host}{prefix}"

    def _plain(self, status: HTTPStatus, send_body: bool, allow: str = "",
               retry: str = "") -> None:  # fmt: skip
        extra = tuple((name, value) for name, value in (("Allow", allow), ("Retry-After", retry))
                      if value)  # fmt: skip
        body = f"{status.phrase}\n".encode()
        self._text(status, body, "text/plain; charset=utf-8", send_body, extra)

    def _vary(self, path: Path) -> None:
        """Tell caches which request headers the body was made from: the address (the feed's
        and the pages' URLs) and, for text, whether it may be gzipped."""
        names = []
        moves = self._feed_number(path) is not None or path.name.endswith(".html")
        if moves and not self.server.base_url:
            names.append("Host")
            if self.server.trust_proxy:
                names += ["X-Forwarded-Proto", "X-Forwarded-Host", "X-Forwarded-Prefix"]
        if compressible(path.name):
            names.append("Accept-Encoding")
        if names:
            self.send_header("Vary", ", ".join(names))

    def _feed_number(self, path: Path) -> int | None:
        """0 for feed.xml, n for archive feed n, None for any other file."""
        if path.parent != self.server.root:
            return None
        return 0 if path.name == FEED_FILE else archive_number(path.name) or None

    def _cors(self) -> None:
        for name, value in CORS_HEADERS:
            self.send_header(name, value)

    def _serve(self, send_body: bool) -> None:
        root = self.server.root
        if self.server.inbox is not None and urlsplit(self.path).path == "/add":
            self._plain(HTTPStatus.METHOD_NOT_ALLOWED, send_body, allow="POST")
            return  # links are sent with POST and the token; a GET changes nothing
        path = resolve(root, self.path)
        if path is None:
            self._plain(HTTPStatus.NOT_FOUND, send_body)
            return
        name = path.name
        body = None  # what is sent instead of the file's bytes, when it differs
        feed = self._feed_number(path)
        if feed is not None:
            body = self.server.feed(self._base_url(), feed)
        elif name.endswith(".html"):
            body = self.server.page(path, self._base_url())
        private = self._trusted() and path in (root / "index.html", root / MANIFEST_FILE)
        if private and self.server.inbox is not None:
            # The inbox's section and token: for this client only, never kept by a cache.
            text = body if body is not None else (_small(path) or b"")
            secret = self.server.inbox_token
            if name == MANIFEST_FILE:
                body = with_share_target(text, secret)
            else:
                body = with_inbox(text, self.server.inbox.jobs(), self._base_url(), secret)
        gzipped = (
            compressible(name)
            and accepts_gzip(self.headers.get("Accept-Encoding"))
            and "Range" not in self.headers
        )
        if gzipped and body is None:
            body = _small(path)
            gzipped = body is not None
        if gzipped and body is not None:
            # mtime=0: the same text always gives the same bytes, hence the same ETag.
            body = gzip.compress(body, compresslevel=6, mtime=0)
        with contextlib.ExitStack() as stack:
            if body is not None:
                size, mtime, fh = len(body), path.stat().st_mtime, None
                tag = etag(size, 0, body)
            else:
                try:
                    fh = stack.enter_context(open(path, "rb"))
                except OSError:  # gone, or unreadable, since it was resolved
                    self._plain(HTTPStatus.NOT_FOUND, send_body)
                    return
                stat = os.fstat(fh.fileno())
                size, mtime = stat.st_size, stat.st_mtime
                tag = etag(size, stat.st_mtime_ns)
            if not_modified(self.headers, tag, mtime):
                self.send_response(HTTPStatus.NOT_MODIFIED)
                self._vary(path)
                self.send_header("ETag", tag)
                self.send_header("Last-Modified", formatdate(mtime, usegmt=True))
                self.send_header("Cache-Control", PRIVATE if private else cache_control(name))
                self._cors()
                self.end_headers()
                return
            try:
                span = None
                if range_applies(self.headers, tag, mtime):
                    span = parse_range(self.headers.get("Range"), size)
            except RangeNotSatisfiable:
                self.send_response(HTTPStatus.REQUESTED_RANGE_NOT_SATISFIABLE)
                self.send_header("Content-Range", f"bytes */{size}")
                self.send_header("Accept-Ranges", "bytes")
                self.send_header("Content-Length", "0")
                self._cors()
                self.end_headers()
                return
            start, end = span if span else (0, size - 1)
            length = end - start + 1 if size else 0
            self.send_response(HTTPStatus.PARTIAL_CONTENT if span else HTTPStatus.OK)
            self.send_header("Content-Type", mime_type(name))
            if gzipped:
                self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(length))
            self.send_header("Accept-Ranges", "bytes")
            self.send_header("Last-Modified", formatdate(mtime, usegmt=True))
            self.send_header("ETag", tag)
            self.send_header("Cache-Control", PRIVATE if private else cache_control(name))
            self._vary(path)
            if span:
                self.send_header("Content-Range", f"bytes {start}-{end}/{size}")
            self._cors()
            self.end_headers()
            if not send_body or length == 0:
                return
            if fh is None:
                self.wfile.write(body[start : end + 1])  # type: ignore[index]
                return
            fh.seek(start)
            remaining = length
            while remaining > 0:
                block = fh.read(min(_BLOCK, remaining))
                if not block:
                    # The file shrank under us: the promised length cannot be kept.
                    self.close_connection = True
                    break
                self.wfile.write(block)
                remaining -= len(block)


def _small(path: Path) -> bytes | None:
    """A text file's bytes to compress, or None when it is too large (or gone)."""
    try:
        with open(path, "rb") as fh:
            data = fh.read(_COMPRESS_MAX + 1)
    except OSError:
        return None
    return data if len(data) <= _COMPRESS_MAX else None


class _Replay(io.RawIOBase):
    """A socket's bytes, after those the head reader already took from it."""

    def __init__(self, head: bytes, sock: socket.socket) -> None:
        self._head = head
        self._sock = sock

    def readable(self) -> bool:
        """Always."""
        return True

    def readinto(self, buffer: Any) -> int | None:
        """Fill ``buffer`` from the head first, then from the socket."""
        if self._head:
            n = min(len(buffer), len(self._head))
            buffer[:n] = self._head[:n]
            self._head = self._head[n:]
            return n
        try:
            return self._sock.recv_into(buffer)
        except BlockingIOError:
            return None


def _complete(head: bytes) -> bool:
    """True once ``head`` holds a whole request head (or more than any head may be)."""
    return b"\r\n\r\n" in head or b"\n\n" in head or len(head) > MAX_HEAD


class _Waiting:
    """A connection whose request head is still arriving: its bytes so far, its deadline."""

    __slots__ = ("sock", "address", "head", "deadline")

    def __init__(self, sock: socket.socket, address: Any, head: bytes, deadline: float) -> None:
        self.sock, self.address, self.head, self.deadline = sock, address, head, deadline


class _HeadReader:
    """One thread that reads request heads for every connection, with a deadline each.

    A connection gets a handler thread only once its head has arrived whole: idle and
    trickling clients (one header byte every few seconds) hold no thread, so they cannot
    take the slots real clients need. A head not complete by its deadline, an idle
    kept-alive connection past the idle timeout, and the oldest waiting connection beyond
    ``MAX_WAITING`` are closed.
    """

    def __init__(self, ready: Callable[[socket.socket, Any, bytes], None]) -> None:
        self._ready = ready
        self._selector = selectors.DefaultSelector()
        self._waiting: collections.OrderedDict[int, _Waiting] = collections.OrderedDict()
        self._added: queue.SimpleQueue[_Waiting] = queue.SimpleQueue()
        self._wake_r, self._wake_w = socket.socketpair()
        self._wake_r.setblocking(False)
        self._selector.register(self._wake_r, selectors.EVENT_READ)
        self._stopped = False
        self._thread = threading.Thread(target=self._run, name="narrate-heads", daemon=True)
        self._thread.start()

    def add(self, sock: socket.socket, address: Any, head: bytes, timeout: float) -> None:
        """Wait for ``sock``'s request head (``head``: its bytes already read)."""
        self._added.put(_Waiting(sock, address, head, time.monotonic() + timeout))
        with contextlib.suppress(OSError):
            self._wake_w.send(b"\0")

    def stop(self) -> None:
        """Close every waiting connection and end the thread."""
        self._stopped = True
        with contextlib.suppress(OSError):
            self._wake_w.send(b"\0")
        self._thread.join(5)
        for socket_ in (self._wake_r, self._wake_w):
            socket_.close()

    def _run(self) -> None:
        try:
            while not self._stopped:
                self._take_added()
                now = time.monotonic()
                timeout = min((w.deadline for w in self._waiting.values()), default=now + 1)
                for key, _ in self._selector.select(max(0.0, min(timeout - now, 1.0))):
                    if key.fileobj is self._wake_r:
                        with contextlib.suppress(OSError):
                            self._wake_r.recv(4096)
                    else:
                        self._read(key.fd)
                self._expire(time.monotonic())
        finally:
            for fd in list(self._waiting):
                self._close(fd)
            self._selector.close()

    def _take_added(self) -> None:
        while True:
            try:
                waiting = self._added.get_nowait()
            except queue.Empty:
                return
            if _complete(waiting.head):
                self._ready(waiting.sock, waiting.address, waiting.head)
                continue
            try:
                waiting.sock.setblocking(False)
                fd = waiting.sock.fileno()
                self._selector.register(fd, selectors.EVENT_READ)
            except (OSError, ValueError):
                waiting.sock.close()
                continue
            self._waiting[fd] = waiting
            while len(self._waiting) > MAX_WAITING:
                self._close(next(iter(self._waiting)))

    def _read(self, fd: int) -> None:
        waiting = self._waiting.get(fd)
        if waiting is None:
            return
        try:
            data = waiting.sock.recv(16384)
        except BlockingIOError:
            return
        except OSError:
            data = b""
        if not data:
            self._close(fd)  # the client went away
            return
        waiting.head += data
        if _complete(waiting.head):
            self._selector.unregister(fd)
            del self._waiting[fd]
            waiting.sock.setblocking(True)
            self._ready(waiting.sock, waiting.address, waiting.head)

    def _expire(self, now: float) -> None:
        for fd in [fd for fd, w in self._waiting.items() if w.deadline <= now]:
            self._close(fd)

    def _close(self, fd: int) -> None:
        waiting = self._waiting.pop(fd)
        with contextlib.suppress(KeyError, ValueError):
            self._selector.unregister(fd)
        with contextlib.suppress(OSError):
            waiting.sock.close()


def _query(target: str) -> dict[str, str]:
    """A request target's query, one value a name."""
    return {k: v[0] for k, v in parse_qs(urlsplit(target).query).items()}


def _form(body: bytes, kind: str) -> dict[str, str]:
    """The fields of a posted form (urlencoded, or a JSON object)."""
    text = body.decode("utf-8", "replace")
    if kind.split(";")[0].strip().lower() == "application/json":
        with contextlib.suppress(ValueError):
            data = json.loads(text)
            if isinstance(data, dict):
                return {str(k): str(v) for k, v in data.items()}
        return {}
    return {k: v[0] for k, v in parse_qs(text).items()}


def _loopback(address: str) -> bool:
    import ipaddress

    try:
        return ipaddress.ip_address(address.removeprefix("::ffff:")).is_loopback
    except ValueError:
        return False


def _first(header: str | None) -> str:
    """The first value of a comma-separated header (the proxy nearest the client)."""
    return (header or "").split(",")[0].strip()


class NarrateServer(ThreadingHTTPServer):
    """A threading HTTP server for one published folder, with bounded threads."""

    daemon_threads = True
    request_queue_size = BACKLOG  # socketserver's 5 drops clients under load

    def __init__(
        self,
        root: Path,
        host: str = "127.0.0.1",
        port: int = 8000,
        log: Callable[[str], None] | None = None,
        base_url: str = "",
        trust_proxy: bool = False,
        idle_timeout: float = IDLE_TIMEOUT,
        max_threads: int = MAX_THREADS,
        allowed_hosts: tuple[str, ...] = (),
    ) -> None:
        self.root = Path(os.path.realpath(root))
        # The inbox (``narrate serve --inbox``): links POSTed to /add with its token.
        self.inbox: Inbox | None = None
        self.inbox_token = ""
        self.allowed_hosts = frozenset(h.lower().strip("[]") for h in allowed_hosts)
        self._own_names: frozenset[str] | None = None
        self.log = log
        self.base_url = base_url
        self.trust_proxy = trust_proxy
        self.idle_timeout = idle_timeout
        self._slots = threading.BoundedSemaphore(max_threads)
        self._heads: _HeadReader | None = None
        try:
            settings = published_settings(self.root)
        except Exception:  # noqa: BLE001 (a damaged catalogue: the files are still served)
            settings = None
        self.published_base = settings.base_url if settings else ""
        if ":" in host:
            self.address_family = socket.AF_INET6
        super().__init__((host, port), Handler)
        self._ready: queue.SimpleQueue[tuple[socket.socket, Any, bytes] | None]
        self._ready = queue.SimpleQueue()
        self._heads = _HeadReader(self._head_ready)
        threading.Thread(target=self._dispatch, name="narrate-dispatch", daemon=True).start()

    def process_request(self, request: object, client_address: object) -> None:
        """Hand a new connection to the head reader: it gets a thread once its head is in."""
        sock: socket.socket = request  # type: ignore[assignment]
        assert self._heads is not None
        self._heads.add(sock, client_address, b"", min(HEAD_TIMEOUT, self.idle_timeout))

    def _head_ready(self, sock: socket.socket, address: Any, head: bytes) -> None:
        """A whole request head has arrived: queue the connection for a handler thread."""
        self._ready.put((sock, address, head))

    def _dispatch(self) -> None:
        """Start a handler thread per ready connection, at most ``max_threads`` at once."""
        while True:
            item = self._ready.get()
            if item is None:
                return
            self._slots.acquire()
            try:
                threading.Thread(target=self._handle, args=item, daemon=True).start()
            except BaseException:
                self._slots.release()
                item[0].close()
                raise

    def _handle(self, sock: socket.socket, address: Any, head: bytes) -> None:
        """Answer one request on ``sock``, then free the slot; a kept connection waits again."""
        keep = b""
        try:
            handler = self.RequestHandlerClass((sock, head), address, self)  # type: ignore[arg-type]
            keep = getattr(handler, "keep", b"")
        except Exception:  # noqa: BLE001 (one connection never stops the server)
            self.handle_error((sock, head), address)  # type: ignore[arg-type]
        finally:
            self._slots.release()
        if keep and self._heads is not None:
            self._heads.add(sock, address, keep[1:], self.idle_timeout)
        else:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_WR)
            sock.close()

    def server_close(self) -> None:
        """Stop listening, and close the connections still waiting."""
        super().server_close()
        if self._heads is not None:  # None when binding failed
            self._heads.stop()
            self._ready.put(None)

    def allows_host(self, host: str) -> bool:
        """True when a Host header names this machine (or a host allowed by name).

        Loopback names, the address listened on, this machine's name and its network
        address; any other name only when ``allowed_hosts`` lists it.
        """
        if not _HOST.match(host):
            return False
        name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
        name = name.strip("[]").lower()
        if self._own_names is None:  # looked up once (it may ask the resolver)
            machine = socket.gethostname().lower()
            address = str(self.server_address[0]).lower()
            own = {"localhost", "127.0.0.1", "::1", address, machine, f"{machine}.local"}
            self._own_names = frozenset(own | {lan_address()} - {""})
        return name in self._own_names or name in self.allowed_hosts

    def feed(self, base_url: str, archive: int = 0) -> bytes | None:
        """The feed (``archive`` n: archive feed n) for clients that reached us at
        ``base_url``; None to send the file as it is.

        Built from the catalogue, as a publish at that address would write it: every URL,
        enclosures and the links between the feed and its archives, on that address.
        """
        if base_url == self.published_base:
            return None
        try:
            if archive:
                return archive_at(self.root, base_url, archive)
            return feed_at(self.root, base_url)
        except Exception as exc:  # noqa: BLE001 (the published file is still a right answer)
            name = ARCHIVE_FILE.format(n=archive) if archive else FEED_FILE
            if self.log is not None:
                self.log(printable(f"catalogue unreadable ({type(exc).__name__}: {exc}); "
                                   f"serving {name} as published"))  # fmt: skip
            return None

    def page(self, path: Path, base_url: str) -> bytes | None:
        """A page for clients that reached us at ``base_url``: its links to the published
        address (canonical, Open Graph, JSON-LD, subscribe links) moved there; None to send
        the file as it is."""
        if not self.published_base or base_url == self.published_base:
            return None
        data = _small(path)
        if data is None:
            return None
        # The address as written in attributes and JSON, then without its scheme, as the
        # subscribe links of podcast apps carry it ("antennapod-subscribe://host/feed.xml").
        bare = re.compile(r"^[a-z]+://")
        pairs = [(self.published_base, base_url), (escape(self.published_base), escape(base_url))]
        pairs += [(bare.sub("", old), bare.sub("", new)) for old, new in pairs]
        for old, new in pairs:
            data = data.replace(old.encode("utf-8"), new.encode("utf-8"))
        return data

    @property
    def url(self) -> str:
        """The address to open, with the port actually bound."""
        if self.base_url:
            return self.base_url
        host, port = self.server_address[:2]
        host = str(host)
        if host in ("0.0.0.0", "::"):
            host = lan_address() or socket.gethostname()
        return f"http://[{host}]:{port}/" if ":" in host else f"http://{host}:{port}/"


def lan_address() -> str:
    """An address of this machine that a phone on the same network can reach, or "".

    Read from the host name's addresses (no packet is sent); loopback ones are skipped.
    """
    try:
        infos = socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)
    except OSError:
        return ""
    found = sorted({info[4][0] for info in infos if not info[4][0].startswith("127.")})
    return found[0] if found else ""


def check_base_url(url: str) -> str:
    """``url`` as the base of the served feed (with a final slash); raises NarrateError."""
    parts = urlsplit(url)
    if (
        parts.scheme not in ("http", "https")
        or not _HOST.match(parts.netloc)
        or not _PREFIX.match(parts.path or "/")
        or parts.query
        or parts.fragment
    ):
        raise NarrateError(
            f"--base-url {url!r} is not an http(s) URL of a folder, like https://example.org/podcast/"
        )
    return url if url.endswith("/") else url + "/"


def make_server(
    folder: Path,
    host: str = "127.0.0.1",
    port: int = 8000,
    log: Callable[[str], None] | None = None,
    base_url: str = "",
    trust_proxy: bool = False,
    idle_timeout: float = IDLE_TIMEOUT,
    allowed_hosts: tuple[str, ...] = (),
    inbox: Inbox | None = None,
    inbox_token: str = "",
) -> NarrateServer:
    """A server for a published folder (with ``inbox``, taking links POSTed to /add with
    ``inbox_token``); raises NarrateError if it cannot start."""
    if not (folder / FEED_FILE).is_file():
        raise NarrateError(f"{folder}: no {FEED_FILE} here; run `narrate build` first")
    base = check_base_url(base_url) if base_url else ""
    try:
        server = NarrateServer(
            folder, host, port, log, base, trust_proxy, idle_timeout,
            allowed_hosts=allowed_hosts,
        )  # fmt: skip
        server.inbox, server.inbox_token = inbox, inbox_token
        return server
    except OSError as exc:
        raise NarrateError(
            f"cannot listen on {host}:{port} ({exc.strerror}); try another --port"
        ) from None
