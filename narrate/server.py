"""Serve a published folder to podcast apps on the local network, for offline listening.

What Python's http.server lacks and players need: byte ranges (206, 416), exact MIME
types for audio, transcripts and chapters, CORS on the files web players fetch, and a
feed whose URLs point at the address the app actually used. Validators (ETag,
Last-Modified) answer an app's conditional requests: a feed polled with If-None-Match or
If-Modified-Since costs a 304 when nothing changed, and a download resumed with If-Range
gets the rest only if the file is still the same. Nothing outside the folder, and no
dotfile (the ``.narrate`` state), is ever served.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import socket
from collections.abc import Callable
from email.message import Message
from email.utils import formatdate, parsedate_to_datetime
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from narrate.errors import NarrateError
from narrate.feed import FEED_FILE
from narrate.publish import feed_at, published_settings

MIME = {
    ".mp3": "audio/mpeg",
    ".m4a": "audio/mp4",
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
}
FEED_MIME = "application/rss+xml; charset=utf-8"
# Web players fetch these with fetch()/XHR from other origins; audio elements need no CORS.
CORS_SUFFIXES = (".vtt", ".srt", ".chapters.json", FEED_FILE)

_HOST = re.compile(r"^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$")
_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")
_BLOCK = 1 << 16


class RangeNotSatisfiable(Exception):
    """The Range header asks for bytes the file does not have."""


def mime_type(name: str) -> str:
    """The Content-Type to serve a published file with."""
    lower = name.lower()
    if lower == FEED_FILE:
        return FEED_MIME
    for suffix, kind in MIME.items():
        if lower.endswith(suffix):
            return kind
    return "application/octet-stream"


def resolve(root: Path, target: str) -> Path | None:
    """The file a request target names inside ``root`` (already resolved), or None.

    None for anything outside the folder, through ``..``, encoded ``..``, or a symlink,
    and for any dotfile or dot-folder.
    """
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
        n = int(last)
        if n == 0 or size == 0:
            raise RangeNotSatisfiable(header)
        return max(0, size - n), size - 1
    start = int(first)
    end = int(last) if last else size - 1
    if start >= size or end < start:
        raise RangeNotSatisfiable(header)
    return start, min(end, size - 1)


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
    """Answers GET and HEAD for the files of one published folder."""

    server_version = "narrate"
    protocol_version = "HTTP/1.1"
    server: NarrateServer

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        """Send a file, or part of it."""
        self._serve(send_body=True)

    def do_HEAD(self) -> None:  # noqa: N802
        """Send a file's headers only."""
        self._serve(send_body=False)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        """Hand request logs to the server's logger, if any (the library never prints)."""
        if self.server.log is not None:
            self.server.log(f"{self.address_string()} {format % args}")

    def _base_url(self) -> str:
        host = self.headers.get("Host", "")
        if not _HOST.match(host):
            address, port = self.server.server_address[:2]
            host = f"[{address}]:{port}" if ":" in str(address) else f"{address}:{port}"
        return f"http://{host}/"

    def _not_found(self, send_body: bool) -> None:
        body = b"Not found\n"
        self.send_response(HTTPStatus.NOT_FOUND)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if send_body:
            self.wfile.write(body)

    def _serve(self, send_body: bool) -> None:
        root = self.server.root
        path = resolve(root, self.path)
        if path is None:
            self._not_found(send_body)
            return
        name = path.name
        feed = None
        if path == root / FEED_FILE:
            feed = self.server.feed(self._base_url())
        try:
            with contextlib.ExitStack() as stack:
                if feed is not None:
                    size, mtime, fh = len(feed), path.stat().st_mtime, None
                    tag = etag(size, 0, feed)
                else:
                    fh = stack.enter_context(open(path, "rb"))
                    stat = os.fstat(fh.fileno())
                    size, mtime = stat.st_size, stat.st_mtime
                    tag = etag(size, stat.st_mtime_ns)
                if not_modified(self.headers, tag, mtime):
                    self.send_response(HTTPStatus.NOT_MODIFIED)
                    self.send_header("ETag", tag)
                    self.send_header("Last-Modified", formatdate(mtime, usegmt=True))
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
                    self.end_headers()
                    return
                start, end = span if span else (0, size - 1)
                length = end - start + 1 if size else 0
                self.send_response(HTTPStatus.PARTIAL_CONTENT if span else HTTPStatus.OK)
                self.send_header("Content-Type", mime_type(name))
                self.send_header("Content-Length", str(length))
                self.send_header("Accept-Ranges", "bytes")
                self.send_header("Last-Modified", formatdate(mtime, usegmt=True))
                self.send_header("ETag", tag)
                if span:
                    self.send_header("Content-Range", f"bytes {start}-{end}/{size}")
                if name.lower().endswith(CORS_SUFFIXES):
                    self.send_header("Access-Control-Allow-Origin", "*")
                self.end_headers()
                if not send_body or length == 0:
                    return
                if fh is None:
                    self.wfile.write(feed[start : end + 1])  # type: ignore[index]
                    return
                fh.seek(start)
                remaining = length
                while remaining > 0:
                    block = fh.read(min(_BLOCK, remaining))
                    if not block:
                        break
                    self.wfile.write(block)
                    remaining -= len(block)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the player went away (it often does after reading a range)
        except OSError:
            self._not_found(send_body)


class NarrateServer(ThreadingHTTPServer):
    """A threading HTTP server for one published folder."""

    daemon_threads = True

    def __init__(
        self,
        root: Path,
        host: str = "127.0.0.1",
        port: int = 8000,
        log: Callable[[str], None] | None = None,
    ) -> None:
        self.root = Path(os.path.realpath(root))
        self.log = log
        settings = published_settings(self.root)
        self.published_base = settings.base_url if settings else ""
        if ":" in host:
            self.address_family = socket.AF_INET6
        super().__init__((host, port), Handler)

    def feed(self, base_url: str) -> bytes | None:
        """The feed for clients that reached us at ``base_url``; None to send feed.xml as is."""
        if base_url == self.published_base:
            return None
        return feed_at(self.root, base_url)

    @property
    def url(self) -> str:
        """The address to open, with the port actually bound."""
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


def make_server(
    folder: Path,
    host: str = "127.0.0.1",
    port: int = 8000,
    log: Callable[[str], None] | None = None,
) -> NarrateServer:
    """A server for a published folder; raises NarrateError if it cannot start."""
    if not (folder / FEED_FILE).is_file():
        raise NarrateError(f"{folder}: no {FEED_FILE} here; run `narrate build` first")
    try:
        return NarrateServer(folder, host, port, log)
    except OSError as exc:
        raise NarrateError(
            f"cannot listen on {host}:{port} ({exc.strerror}); try another --port"
        ) from None
