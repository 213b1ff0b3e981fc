"""The edition as an installable offline player: web app manifest, service worker, the
episode list the index searches, and what the listening tools of the pages need.

Static files only, written beside the pages at each publish, so the player works from
``narrate serve`` and from any static host. The tools themselves are ``data/player.js``;
the service worker is ``data/sw.js`` with the list of files it keeps from the start.
"""

from __future__ import annotations

import functools
import hashlib
import json
import tomllib
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from urllib.parse import quote

from narrate.catalogue import STATE_DIR, Entry
from narrate.config import Settings
from narrate.feed import COVER_FILE, FEED_FILE, html_transcript
from narrate.fsutil import write_if_changed
from narrate.markup import direction, plain, script_json
from narrate.stamp import code_fingerprint

MANIFEST_FILE = "manifest.webmanifest"
WORKER_FILE = "sw.js"
EPISODES_FILE = "episodes.json"
THEME_COLOUR = "#0645ad"
# The service worker keeps the newest pages from the start (the rest once visited or
# saved): a phone installing the edition fetches a few hundred kilobytes, not the archive.
SHELL_PAGES = 30
# Enough of each article for search to find it by its words, not the whole book.
SEARCH_CHARS = 20_000


@functools.cache
def player_strings() -> dict[str, dict[str, str]]:
    """The listening tools' words, per interface language (``data/player_strings.toml``)."""
    text = resources.files("narrate").joinpath("data/player_strings.toml").read_text("utf-8")
    return tomllib.loads(text)


def episode_files(entry: Entry) -> list[str]:
    """What an episode saved for offline keeps besides its MP3: page, transcripts, chapters."""
    names = [entry.page, entry.vtt, entry.srt, html_transcript(entry), entry.chapters]
    return [quote(name) for name in names if name]


def cover_icon(out: Path) -> dict[str, str] | None:
    """The cover as an icon (``src``, ``sizes``, ``type``), or None when there is none."""
    path = out / COVER_FILE
    try:
        info = path.stat()
    except OSError:
        return None
    icon = _icon(str(path), info.st_mtime_ns, info.st_size)
    return dict(icon) if icon else None


@functools.lru_cache(maxsize=8)
def _icon(path: str, mtime_ns: int, size: int) -> dict[str, str] | None:
    # Every page names the icon: its header is read once per version of the file.
    from narrate.cover import ImageError, image_header

    try:
        kind, width, height, _ = image_header(Path(path))
    except ImageError:
        return None
    if kind != "PNG":
        return None
    return {"src": COVER_FILE, "sizes": f"{width}x{height}", "type": "image/png"}


def ui_data(out: Path, settings: Settings, ui: str) -> str:
    """The ``<script type="application/json">`` the listening tools read their words from."""
    data = {
        "words": player_strings().get(ui, player_strings()["en"]),
        "channel": plain(settings.title),
        "cover": cover_icon(out),
        "episodes": EPISODES_FILE,
    }
    return script_json(data, 'type="application/json" id="narrate-ui"')


def build_manifest(out: Path, settings: Settings) -> bytes:
    """The web app manifest: name, language, the cover as icon, the index as start."""
    icon = cover_icon(out)
    manifest = {
        "name": plain(settings.title),
        "short_name": plain(settings.title)[:30],
        "description": plain(settings.description),
        "lang": settings.language,
        "dir": direction(settings.language),
        "start_url": "index.html",
        "scope": "./",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": THEME_COLOUR,
        "icons": [{**icon, "purpose": "any"}] if icon else [],
    }
    return (json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode()


def search_row(entry: Entry) -> dict[str, str]:
    """One episode in the search list: its file, page, title and text."""
    text = " ".join(plain(s.text) for s in entry.edition.segments if s.kind == "sentence")
    return {"file": entry.file, "page": entry.page, "title": plain(entry.title),
            "text": text[:SEARCH_CHARS]}  # fmt: skip


def build_episodes(entries: list[Entry], known: dict[str, dict[str, str]] | None = None) -> bytes:
    """What the index's search reads: each episode's file, page, title and text.

    ``known`` maps an episode's fingerprint to its row in the last list: an unchanged
    episode's row is taken from there, not made again from its whole edition.
    """
    known = known or {}
    rows = [known.get(entry.fingerprint) or search_row(entry) for entry in entries]
    return json.dumps(rows, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def build_worker(entries: list[Entry], cover: bool, hashes: dict[str, str] | None = None) -> bytes:
    """The service worker, with the files it keeps from the start; its text changes with them.

    ``hashes`` maps an episode's fingerprint to its MP3's sha256, when known without
    reading its edition.
    """
    shell = ["./", "index.html", FEED_FILE, MANIFEST_FILE, EPISODES_FILE]
    shell += [COVER_FILE] if cover else []
    for entry in entries[:SHELL_PAGES]:
        shell += [quote(entry.page)] + ([quote(entry.vtt)] if entry.vtt else [])
    source = resources.files("narrate").joinpath("data/sw.js").read_text("utf-8")
    listed = json.dumps(shell, ensure_ascii=False)
    hashes = hashes or {}
    # The edition's state: what is published (each episode's bytes) and the list kept.
    state = "\n".join([listed, *(f"{e.file} {hashes.get(e.fingerprint) or _sha256(e)}"
                                 for e in entries)])  # fmt: skip
    edition = hashlib.sha256(state.encode("utf-8")).hexdigest()[:16]
    source = source.replace("__SHELL__", listed).replace("__EDITION__", edition)
    return source.encode("utf-8")


def _sha256(entry: Entry) -> str | None:
    episode = entry.edition.episode
    return episode.sha256 if episode else None


# What the search list and the worker were last made from, beside the catalogue: the
# code, and each episode's fingerprint and MP3 hash, in the order of the list's rows.
_MADE = f"{STATE_DIR}/episodes-made.json"


class _Known:
    """The rows of the search list last written and the MP3 hashes the worker was made
    from, by episode fingerprint; nothing when anything is unreadable or unexpected (every
    row is then made from its edition)."""

    def __init__(self, out: Path) -> None:
        self.rows: dict[str, dict[str, str]] = {}
        self.hashes: dict[str, str] = {}
        try:
            rows = json.loads((out / EPISODES_FILE).read_text("utf-8"))
            kept = json.loads((out / _MADE).read_text("utf-8"))
        except (OSError, ValueError):
            return
        # Rows made by other code (another length of text, say) are made again.
        if not isinstance(kept, dict) or kept.get("code") != code_fingerprint():
            return
        made = kept.get("episodes")
        if not (isinstance(rows, list) and isinstance(made, list) and len(rows) == len(made)):
            return
        fields = {"file", "page", "title", "text"}
        for pair, row in zip(made, rows, strict=True):
            if not (
                isinstance(pair, list) and len(pair) == 2 and all(isinstance(v, str) for v in pair)
            ):
                return
            if (
                isinstance(row, dict)
                and set(row) == fields
                and all(isinstance(v, str) for v in row.values())
            ):
                self.rows[pair[0]] = row
                self.hashes[pair[0]] = pair[1]


def write_webapp(
    out: Path, entries: list[Entry], settings: Settings,
    fresh: Callable[[str, list[Entry]], bool] = lambda name, made_of: False,
) -> bool:  # fmt: skip
    """Write the manifest, the service worker and the search list if changed; True if any.

    ``fresh(name, entries)`` says a file is already what those entries make (see
    ``narrate.publish``): the search list, which reads every episode's text, and the
    worker are not built again for an unchanged catalogue of thousands.
    """
    cover = (out / COVER_FILE).is_file()
    written = write_if_changed(out / MANIFEST_FILE, build_manifest(out, settings))
    search, worker = not fresh(EPISODES_FILE, entries), not fresh(WORKER_FILE, entries)
    if not (search or worker):
        return written
    known = _Known(out)
    # What they were made from goes first, and comes back only with the list it
    # describes: a build stopped in between leaves none, never one paired with another list.
    (out / _MADE).unlink(missing_ok=True)
    if search:
        data = build_episodes(entries, known.rows)
        written = write_if_changed(out / EPISODES_FILE, data) or written
    # Each MP3's hash, from what was kept or (a new or changed episode) from its edition.
    hashes = {e.fingerprint: known.hashes.get(e.fingerprint) or _sha256(e) or "" for e in entries}
    if worker:
        data = build_worker(entries, cover, hashes)
        written = write_if_changed(out / WORKER_FILE, data) or written
    made = [[e.fingerprint, hashes[e.fingerprint]] for e in entries]
    kept = json.dumps({"code": code_fingerprint(), "episodes": made})
    write_if_changed(out / _MADE, kept.encode("utf-8"), durable=False)
    return written
