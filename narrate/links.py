"""Listen later: a web page's address as input, kept as a snapshot in the edition.

A page is fetched with the feed reader's rules (a timeout, a size cap, http and https only,
narrate's user agent, a conditional GET), checked to be HTML with an article in it, and
kept in ``<out>/.narrate/links/`` as fetched, with the time and the address it came from,
so that the episode survives the page changing or disappearing and a rebuild never
fetches it again. ``links.json`` beside the snapshots maps each address to its file.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from html import escape
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from narrate.config import Settings
from narrate.errors import InputError
from narrate.feedin import fetch, is_url
from narrate.fsutil import write_if_changed
from narrate.reader import read_article, read_options, slug_for

FOLDER = Path(".narrate") / "links"
INDEX = "links.json"
# Fewer words than this is no article: a page drawn by JavaScript, or a paywall's stub.
MIN_WORDS = 60
_HTML_START = re.compile(rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta)\b",
                         re.IGNORECASE | re.DOTALL)  # fmt: skip
_HEAD = re.compile(rb"<head\b[^<>]*>", re.IGNORECASE)
_CANONICAL = re.compile(rb"<link\b[^<>]*\brel\s*=\s*[\"']?canonical\b", re.IGNORECASE)
_PAYWALL = re.compile(
    r"\b(subscribe to (?:continue|read)|subscribers only|this (?:article|content) is (?:for|"
    r"available to) (?:paid )?subscribers|log ?in to (?:continue|read)|create a free account "
    r"to (?:continue|read)|you have reached your (?:free )?(?:article )?limit)\b",
    re.IGNORECASE,
)


@dataclass
class Added:
    """What ``add`` did: snapshots made, addresses already in the edition, failures."""

    added: list[Path] = field(default_factory=list)
    known: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def normal(url: str) -> str:
    """An address as the edition knows it: scheme and host in lower case, no fragment."""
    if not is_url(url):
        raise InputError(f"{url}: not a web address; give an http:// or https:// URL")
    parts = urlsplit(url.strip())
    if not parts.hostname:
        raise InputError(f"{url}: not a web address; give an http:// or https:// URL")
    path = parts.path or "/"
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), path, parts.query, ""))


def folder(out: Path) -> Path:
    """Where an edition keeps its snapshots."""
    return out / FOLDER


def index(out: Path) -> dict[str, dict[str, str]]:
    """The edition's addresses: each with its snapshot file, final address and time."""
    try:
        data = json.loads((folder(out) / INDEX).read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _save_index(out: Path, known: dict[str, dict[str, str]]) -> None:
    text = json.dumps(known, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
    write_if_changed(folder(out) / INDEX, text.encode("utf-8"))


def snapshot(url: str, dest: Path, settings: Settings) -> tuple[Path, str]:
    """Fetch the page at ``url`` into ``dest`` (a folder) as a checked snapshot; return its
    path and the address that answered. InputError, one line, for a page with no article."""
    limit = settings.max_input_mb * 1024 * 1024
    got = fetch(url, limit)
    body = got.body or b""
    final = got.url or url
    if not _HTML_START.match(body[:4096]):
        raise InputError(f"{url}: is not a web page (HTML); give the address of an article")
    stamp = datetime.now(UTC).replace(microsecond=0).isoformat()
    extra = f'<meta name="narrate:fetched" content="{stamp}">'
    extra += f'<meta name="narrate:source" content="{escape(final)}">'
    if not _CANONICAL.search(body):
        # The episode links to where the article was read, when the page names no other.
        extra += f'<link rel="canonical" href="{escape(final)}">'
    head = _HEAD.search(body)
    at = head.end() if head else 0
    page = body[:at] + extra.encode("utf-8") + body[at:]
    name = slug_for(Path(urlsplit(final).path.rstrip("/").rsplit("/", 1)[-1] or "page"))
    path = dest / f"{name[:60].strip('-._') or 'page'}.html"
    taken = {p.name for p in dest.glob("*.html")} if dest.is_dir() else set()
    if path.name in taken:
        import hashlib

        path = dest / f"{path.stem}-{hashlib.sha256(url.encode()).hexdigest()[:8]}.html"
    dest.mkdir(parents=True, exist_ok=True)
    # Checked under a hidden name that still ends in .html (the readers go by the suffix;
    # a folder's build passes hidden files over), then renamed into place.
    tmp = dest / f".{path.stem}.new.html"
    tmp.write_bytes(page)
    try:
        _check(url, tmp, settings)
    except InputError:
        tmp.unlink(missing_ok=True)
        raise
    tmp.replace(path)
    return path, final


def _check(url: str, path: Path, settings: Settings) -> None:
    """Refuse a snapshot whose article cannot be read: too few words, or a paywall's line."""
    try:
        edition = read_article(path, read_options(settings))
        text = " ".join(s.text for s in edition.segments if s.kind in ("sentence", "heading"))
    except InputError:  # no article at all: said below, in the page's own terms
        text = ""
    if len(text.split()) < MIN_WORDS:
        if _PAYWALL.search(path.read_text("utf-8", "replace")):
            raise InputError(f"{url}: only a subscription notice was found, not the article")
        raise InputError(
            f"{url}: no article text found in the page (it may be drawn by JavaScript); "
            "save the page from a browser and give the file"
        )


def add(urls: list[str], out: Path, settings: Settings) -> Added:
    """Snapshot each page not yet in the edition ``out``; what was done, one line a failure."""
    result = Added()
    known = index(out)
    for raw in urls:
        try:
            url = normal(raw)
        except InputError as exc:
            result.errors.append(str(exc))
            continue
        if url in known and (folder(out) / known[url]["file"]).is_file():
            result.known.append(url)
            continue
        try:
            path, final = snapshot(url, folder(out), settings)
        except InputError as exc:
            result.errors.append(str(exc))
            continue
        stamp = datetime.now(UTC).replace(microsecond=0).isoformat()
        known[url] = {"file": path.name, "final": final, "fetched": stamp}
        _save_index(out, known)
        result.added.append(path)
    return result


def forget(url: str, out: Path) -> Path:
    """Take ``url`` out of the edition's addresses; the snapshot it had (still on disk)."""
    key = normal(url)
    known = index(out)
    if key not in known:
        raise InputError(f"{url}: not an address of this edition; see {folder(out) / INDEX}")
    path = folder(out) / known.pop(key)["file"]
    _save_index(out, known)
    return path


def source(url: str, out: Path, settings: Settings) -> Path:
    """The article file for a page address: its snapshot in ``out``, made if not there yet."""
    added = add([url], out, settings)
    if added.errors:
        raise InputError(added.errors[0])
    if added.added:
        return added.added[0]
    return folder(out) / index(out)[normal(url)]["file"]
