"""A feed as input: each entry of an RSS or Atom feed (a file or a URL) becomes an article.

The entries are kept as article files in ``<out>/.narrate/feed-in/`` (HTML carrying the
entry's title, author, date, link and the feed's name as meta tags) and the pipeline
(``build_from_feed``) builds that folder like any other, so a new entry becomes an episode,
an updated one is rendered again and an unchanged feed renders nothing: safe to run from
cron. An entry the feed no longer
lists keeps its episode unless the ``prune`` setting is on. The feed is fetched with a
timeout, narrate's user agent, a conditional GET (ETag, Last-Modified) and the input size
cap; an entry without its full text (``content:encoded``) is read from its linked page.
"""

from __future__ import annotations

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
USER_AGENT = f"narrate/{__version__} (offline audio edition; feed reader)"
_FEED_SUFFIXES = (".xml", ".rss", ".atom", ".rdf")
_FEED_START = re.compile(rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(rss|feed|rdf:RDF)\b", re.S)


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


def fetch(url: str, limit: int, etag: str = "", modified: str = "") -> Fetched:
    """GET ``url`` with a timeout, narrate's user agent and conditional headers, at most
    ``limit`` bytes; raises InputError with one line on any failure."""
    import urllib.error
    import urllib.request

    headers = {"User-Agent": USER_AGENT, "Accept-Encoding": "identity"}
    if etag:
        headers["If-None-Match"] = etag
    if modified:
        headers["If-Modified-Since"] = modified
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_S) as response:  # noqa: S310
            length = response.headers.get("Content-Length")
            if length and length.isdigit() and int(length) > limit:
                raise InputError(f"{url}: is larger than the input size cap ({limit} bytes)")
            body = response.read(limit + 1)
            if len(body) > limit:
                raise InputError(f"{url}: is larger than the input size cap ({limit} bytes)")
            return Fetched(body, response.headers.get("ETag", ""),
                           response.headers.get("Last-Modified", ""))  # fmt: skip
    except urllib.error.HTTPError as exc:
        if exc.code == 304:
            return Fetched(None, etag, modified)
        raise InputError(f"{url}: the server answered {exc.code} {exc.reason}") from None
    except (urllib.error.URLError, TimeoutError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", None) or exc
        raise InputError(f"{url}: cannot fetch ({reason})") from None


def _entry_html(entry: Any, feed: Any, body: str) -> str:
    """An entry as an HTML article whose meta tags carry what the feed says about it."""
    meta = {
        "og:title": entry.get("title", ""),
        "author": entry.get("author", "") or feed.get("author", ""),
        "article:published_time": _iso(entry.get("published_parsed"))
        or _iso(dict.get(entry, "updated_parsed")),
        "og:url": entry.get("link", ""),
        "og:site_name": feed.get("title", ""),
        "description": re.sub(r"<[^>]+>", " ", entry.get("summary", ""))[:500],
    }
    tags = "\n".join(
        f'<meta {"property" if k.startswith(("og:", "article:")) else "name"}="{k}" '
        f'content="{escape(" ".join(str(v).split()))}">'
        for k, v in meta.items()
        if v
    )
    lang = escape(feed.get("language", "") or "")
    title = escape(entry.get("title", ""))
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8">\n'
        f"<title>{title}</title>\n{tags}\n</head><body><article><h1>{title}</h1>\n"
        f"{body}\n</article></body></html>\n"
    )


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
        raise InputError(f"{source}: is not an RSS or Atom feed that can be read")
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
        try:
            if body:
                write_if_changed(path, _entry_html(entry, parsed.feed, body).encode("utf-8"))
            elif not path.is_file() or known["stamp"] != stamp:
                link = entry.get("link", "")
                if not is_url(link):
                    raise InputError(f"{source}: entry {key!r} has no text and no web link")
                page = fetch(link, limit).body or b""
                write_if_changed(path, page)
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


def _new_name(entry: Any, key: str, taken: set[str]) -> str:
    """A file name for a new entry, from its title; kept for good, so its episode keeps its
    name when the title is edited."""
    title = (entry.get("title", "") or "entry").replace("/", " ")
    base = slug_for(Path(title + ".html"))[:60].strip("-._") or "entry"
    name = f"{base}.html"
    if name in taken or base.endswith("-article"):
        name = f"{base}-{hashlib.sha256(key.encode()).hexdigest()[:8]}.html"
    return name
