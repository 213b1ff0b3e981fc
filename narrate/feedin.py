"""A feed as input: each entry of an RSS or Atom feed (a file or a URL) becomes an article.

The entries are kept as article files in ``<out>/.narrate/feed-in/`` (HTML carrying the
entry's title, author, date, link and the feed's name as meta tags) and the pipeline
(``build_from_feed``) builds that folder like any other, so a new entry becomes an episode,
an updated one is rendered again and an unchanged feed renders nothing: safe to run from
cron. An entry the feed no longer lists keeps its episode unless the ``prune`` setting is
on. The feed is fetched within a deadline for the whole fetch, following a few http(s)
redirects, with narrate's user agent, a conditional GET (ETag, Last-Modified) and the input
size cap; an entry without its full text (no ``content:encoded``, or a teaser: "Read 4
remaining paragraphs", or text much shorter than its page) is read from its linked page, at
its original address (feedburner's origLink, or where the link redirects to).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import re
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from typing import Any

from narrate import __version__
from narrate.config import Settings
from narrate.errors import InputError
from narrate.fsutil import write_if_changed
from narrate.reader import read_bytes, slug_for

FOLDER = Path(".narrate") / "feed-in"
STATE = ".entries.json"
TIMEOUT_S = 30
MAX_REDIRECTS = 5
USER_AGENT = f"narrate/{__version__} (offline audio edition; feed reader)"
_FEED_SUFFIXES = (".xml", ".rss", ".atom", ".rdf")
_FEED_START = re.compile(rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(rss|feed|rdf:RDF)\b", re.S)


class NotAFeed(InputError):
    """What was read is not an RSS or Atom feed (a web page, say)."""


def is_url(source: str) -> bool:
    """True when ``source`` is an http(s) address."""
    return source.startswith(("http://", "https://"))


def is_feed(source: str) -> bool:
    """True when ``source`` is a feed to read: a URL, or a file that holds RSS or Atom."""
    if is_url(source):
        return True
    path = Path(source)
    if not path.is_file():
        return False
    if path.suffix.lower() in _FEED_SUFFIXES:
        return True
    try:
        with open(path, "rb") as fh:
            return bool(_FEED_START.match(fh.read(2048)))
    except OSError:
        return False


@dataclass
class Fetched:
    """A fetched resource: its bytes (None when not modified) and validators."""

    body: bytes | None
    etag: str = ""
    modified: str = ""
    url: str = ""  # the address answered, after any redirects


def _connection(parts: Any, timeout: float) -> tuple[Any, str]:
    """An unopened connection for the URL ``parts``, and the request target to send on it;
    through the proxy the environment names (http_proxy, https_proxy, no_proxy), if any."""
    import http.client
    import urllib.request
    from urllib.parse import urlsplit

    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    https = parts.scheme == "https"
    proxy = urllib.request.getproxies().get(parts.scheme, "")
    if proxy and not urllib.request.proxy_bypass(parts.hostname):
        via = urlsplit(proxy if "://" in proxy else f"http://{proxy}")
        if https:  # a tunnel through the proxy
            tunnel = http.client.HTTPSConnection(
                via.hostname or "", via.port or 8080, timeout=timeout
            )
            tunnel.set_tunnel(parts.hostname, parts.port)
            return tunnel, path
        plain = http.client.HTTPConnection(via.hostname or "", via.port or 8080, timeout=timeout)
        return plain, parts.geturl()
    kind = http.client.HTTPSConnection if https else http.client.HTTPConnection
    return kind(parts.hostname, parts.port, timeout=timeout), path


def fetch(url: str, limit: int, etag: str = "", modified: str = "") -> Fetched:
    """GET ``url`` with narrate's user agent and conditional headers, at most ``limit``
    bytes, within ``TIMEOUT_S`` for the whole fetch (connecting, the headers and the body
    together, and every redirect); raises InputError with one line on any failure.

    Redirects are followed to http and https addresses only, at most ``MAX_REDIRECTS``.
    """
    import http.client
    import socket
    import threading
    import time
    from urllib.parse import urljoin, urlsplit

    headers = {"User-Agent": USER_AGENT, "Accept-Encoding": "identity"}
    if etag:
        headers["If-None-Match"] = etag
    if modified:
        headers["If-Modified-Since"] = modified
    deadline = time.monotonic() + TIMEOUT_S
    asked = url
    for _ in range(MAX_REDIRECTS + 1):
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise InputError(f"{asked}: redirected to {url}, which is not an http(s) address")
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            break
        try:
            conn, target = _connection(parts, remaining)
        except ValueError as exc:  # a port that is not a number
            raise InputError(f"{asked}: cannot fetch ({exc})") from None

        def cut(conn: http.client.HTTPConnection = conn) -> None:
            # A server trickling a byte at a time never trips a per-read timeout: at the
            # deadline the connection is shut, and the read under way ends.
            if conn.sock is not None:
                with contextlib.suppress(OSError):
                    conn.sock.shutdown(socket.SHUT_RDWR)

        watchdog = threading.Timer(remaining, cut)
        watchdog.daemon = True
        watchdog.start()
        try:
            conn.request("GET", target, headers=headers)
            response = conn.getresponse()
            location = response.getheader("Location")
            if response.status in (301, 302, 303, 307, 308) and location:
                url = urljoin(url, location)
                continue
            if response.status == 304:
                return Fetched(None, etag, modified)
            if response.status >= 400:
                raise InputError(
                    f"{asked}: the server answered {response.status} {response.reason}"
                )
            length = response.getheader("Content-Length")
            too_big = InputError(f"{asked}: is larger than the input size cap ({limit} bytes)")
            if length and length.isdigit() and int(length) > limit:
                raise too_big
            body = response.read(limit + 1)
            if len(body) > limit:
                raise too_big
            if (
                time.monotonic() >= deadline
                or length
                and length.isdigit()
                and len(body) < int(length)
            ):
                break  # cut off by the deadline
            return Fetched(
                body, response.getheader("ETag", ""), response.getheader("Last-Modified", ""), url
            )
        except (OSError, http.client.HTTPException) as exc:
            if time.monotonic() >= deadline:
                break
            reason = getattr(exc, "strerror", None) or exc or type(exc).__name__
            raise InputError(f"{asked}: cannot fetch ({reason})") from None
        finally:
            watchdog.cancel()
            conn.close()
    else:
        raise InputError(
            f"{asked}: redirected more than {MAX_REDIRECTS} times (a redirect loop?); "
            "give the final address"
        )
    raise InputError(f"{asked}: no complete answer within {TIMEOUT_S} s; try again later")


def _entry_meta(entry: Any, feed: Any, link: str, page: str = "") -> str:
    """Meta tags saying what the feed knows of an entry; the feed's own author, date and
    link stand in for an entry's missing ones. With the linked ``page``, only what the page
    does not say itself."""
    meta = {
        "og:title": entry.get("title", ""),
        "author": entry.get("author", "") or feed.get("author", ""),
        "article:published_time": _iso(entry.get("published_parsed"))
        or _iso(dict.get(entry, "updated_parsed"))
        or _iso(feed.get("published_parsed"))
        or _iso(dict.get(feed, "updated_parsed")),
        "og:url": link or feed.get("link", ""),
        "og:site_name": feed.get("title", ""),
        "description": re.sub(r"<[^>]+>", " ", entry.get("summary", ""))[:500],
    }
    if page:
        from narrate.readers.html import meta_content

        meta = {k: v for k, v in meta.items() if k in _FILLED and not meta_content(page, k)}
        if re.search(r"<link\b[^>]{0,300}\bcanonical\b", page[:200_000], re.IGNORECASE):
            meta.pop("og:url", None)
    return "\n".join(
        f'<meta {"property" if k.startswith(("og:", "article:")) else "name"}="{k}" '
        f'content="{escape(" ".join(str(v).split()))}">'
        for k, v in meta.items()
        if v
    )


# What the feed fills in on a linked page that does not say it.
_FILLED = ("author", "article:published_time", "og:url")


def _entry_html(entry: Any, feed: Any, body: str, link: str = "") -> str:
    """An entry as an HTML article whose meta tags carry what the feed says about it."""
    tags = _entry_meta(entry, feed, link or _link(entry))
    lang = escape(feed.get("language", "") or "")
    title = escape(entry.get("title", ""))
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8">\n'
        f"<title>{title}</title>\n{tags}\n</head><body><article><h1>{title}</h1>\n"
        f"{body}\n</article></body></html>\n"
    )


# The tail of an entry cut short by its feed: "Read 4 remaining paragraphs", "Read more",
# "Continue reading", "[...]".
_TEASER = re.compile(
    r"(?:read (?:\d+|\w+) remaining paragraphs?|read (?:the )?(?:full|rest|more)\b.{0,60}|"
    r"continue reading\b.{0,60}|keep reading\b.{0,40}|more\s*(?:»|&raquo;|→)|"
    r"\[(?:\.\.\.|…)\]|(?:\.\.\.|…))\W{0,8}$",
    re.IGNORECASE,
)
# An entry shorter than this many words is compared with its linked page.
SHORT_WORDS = 150


def _words(html: str) -> int:
    return len(re.sub(r"<[^>]{0,2000}>", " ", html).split())


def is_teaser(body: str, short: bool = True) -> bool:
    """True when an entry's text says it is cut short or, with ``short``, is too short to be
    the whole article."""
    text = " ".join(re.sub(r"<[^>]{0,2000}>", " ", body).split())
    return bool(_TEASER.search(text[-200:])) or short and len(text.split()) < SHORT_WORDS


def _page_is_longer(page: bytes, body: str) -> bool:
    """True when the linked page's article says clearly more than the entry's text."""
    from narrate.readers import ReadOptions
    from narrate.readers.html import read_html

    try:
        article = read_html(page.decode("utf-8", "replace"), ReadOptions())
    except Exception:  # noqa: BLE001 - a page the reader cannot read is no better
        return False
    words = sum(len(text.split()) for _, text in article.blocks)
    return words >= 1.5 * _words(body) and words >= _words(body) + 50


def _with_meta(page: bytes, entry: Any, feed: Any, link: str) -> bytes:
    """The linked page with the feed's facts about the entry first in its <head>."""
    text = page.decode("utf-8", "replace")
    tags = _entry_meta(entry, feed, link, text) + "\n"
    head = re.search(r"<head\b[^>]{0,1000}>", text[:100_000], re.IGNORECASE)
    at = head.end() if head else 0
    return (text[:at] + tags + text[at:]).encode("utf-8")


def _link(entry: Any) -> str:
    """The entry's original address: feedburner's origLink before its redirecting link."""
    for name in ("feedburner_origlink", "link"):
        value = entry.get(name, "")
        if is_url(value):
            return value
    return ""


def _iso(parsed: Any) -> str:
    if not parsed:
        return ""
    import time

    return time.strftime("%Y-%m-%dT%H:%M:%SZ", parsed)


def _content(entry: Any) -> str:
    """The entry's full text (content:encoded or Atom content), else ""."""
    for part in entry.get("content", []) or []:
        if part.get("value", "").strip():
            return part["value"]
    return ""


@dataclass
class Synced:
    """What reading a feed did: the folder of its articles, the entries it no longer lists,
    and the entries that could not be read (one line each)."""

    folder: Path
    gone: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def sync(source: str, out: Path, settings: Settings) -> Synced:
    """Bring ``<out>/.narrate/feed-in/`` in line with the feed at ``source`` (file or URL)."""
    import feedparser

    folder = out / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    state_path = folder / STATE
    try:
        state = json.loads(state_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        state = {}
    entries_state: dict[str, dict[str, str]] = state.get("entries", {})
    limit = settings.max_input_mb * 1024 * 1024
    if is_url(source):
        cached = folder / ".feed.xml"
        http = state.get("http", {})
        got = fetch(source, limit, http.get("etag", ""), http.get("modified", ""))
        if got.body is None and cached.is_file():
            data = cached.read_bytes()
        else:
            data = got.body or fetch(source, limit).body or b""
            write_if_changed(cached, data)
            state["http"] = {"etag": got.etag, "modified": got.modified}
    else:
        data = read_bytes(Path(source), limit)
    parsed = feedparser.parse(data)
    if not parsed.entries and (parsed.get("bozo") or not parsed.get("version")):
        raise NotAFeed(f"{source}: is not an RSS or Atom feed that can be read")
    synced = Synced(folder)
    names = {v["file"] for v in entries_state.values()}
    seen: set[str] = set()
    for entry in parsed.entries:
        key = entry.get("id") or entry.get("link") or entry.get("title", "")
        if not key:
            continue
        seen.add(key)
        known = entries_state.get(key)
        if known is None:
            name = _new_name(entry, key, names)
            names.add(name)
            known = {"file": name, "stamp": ""}
        # dict.get: feedparser's own get() maps a missing "updated" to "published", warning.
        stamp = dict.get(entry, "updated", "") or entry.get("published", "")
        path = folder / known["file"]
        body = _content(entry)
        link = _link(entry)
        if body:
            # An edited teaser is read again even when the feed keeps its date.
            stamp += " " + hashlib.sha256(body.encode()).hexdigest()[:16]
        try:
            # A feed read from a file is read offline unless an entry says it is cut short.
            if body and (not is_teaser(body, is_url(source)) or not link):
                write_if_changed(path, _entry_html(entry, parsed.feed, body, link).encode())
            elif not path.is_file() or known["stamp"] != stamp:
                if not link:
                    raise InputError(f"{source}: entry {key!r} has no text and no web link")
                # A teaser ("Read 4 remaining paragraphs") is read from its linked page.
                page = _fetch_page(link, limit, body)
                if page is None:
                    write_if_changed(path, _entry_html(entry, parsed.feed, body, link).encode())
                else:
                    write_if_changed(path, _with_meta(page.body or b"", entry, parsed.feed,
                                                      page.url or link))  # fmt: skip
        except InputError as exc:
            synced.errors.append(str(exc))
            continue
        known["stamp"] = stamp
        entries_state[key] = known
    synced.gone = sorted(v["file"] for k, v in entries_state.items() if k not in seen)
    if settings.prune:
        for key in [k for k in entries_state if k not in seen]:
            (folder / entries_state.pop(key)["file"]).unlink(missing_ok=True)
    state["entries"] = entries_state
    write_if_changed(state_path, json.dumps(state, indent=1, sort_keys=True).encode())
    return synced


def _fetch_page(link: str, limit: int, body: str) -> Fetched | None:
    """The entry's linked page, or None when the entry's own text is as good (a teaser
    whose page cannot be fetched or says no more)."""
    try:
        page = fetch(link, limit)
    except InputError:
        if body:
            return None
        raise
    if body and not _page_is_longer(page.body or b"", body):
        return None
    return page


def _new_name(entry: Any, key: str, taken: set[str]) -> str:
    """A file name for a new entry, from its title; kept for good, so its episode keeps its
    name when the title is edited."""
    title = (entry.get("title", "") or "entry").replace("/", " ")
    base = slug_for(Path(title + ".html"))[:60].strip("-._") or "entry"
    name = f"{base}.html"
    if name in taken or base.endswith("-article"):
        name = f"{base}-{hashlib.sha256(key.encode()).hexdigest()[:8]}.html"
    return name
