"""The catalogue of an output folder: one SQLite row per episode, the record feeds are built from.

Each episode's Edition is also saved as ``<slug>.json`` beside its MP3 (the pipeline reads
it to skip up-to-date articles); the catalogue adopts those files and keeps what must never
change once published: the episode guid, the first publication date, the feed's own guid.
Every change is one transaction, so a build killed midway leaves the previous catalogue.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import sqlite3
import stat
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from narrate.edition import Edition
from narrate.errors import InputError, NarrateError

# Episode guids derive from the slug only, so re-rendering never changes them.
_GUID_NAMESPACE = uuid.UUID("6ba7b811-9dad-11d1-80b4-00c04fd430c8")  # RFC 4122 URL namespace

STATE_DIR = ".narrate"
CATALOGUE_FILE = "catalogue.sqlite"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS episodes (
    slug TEXT PRIMARY KEY,
    guid TEXT NOT NULL UNIQUE,
    source TEXT NOT NULL,
    source_sha256 TEXT NOT NULL,
    title TEXT NOT NULL,
    pub_date TEXT NOT NULL,
    first_rendered TEXT NOT NULL,
    file TEXT NOT NULL,
    bytes INTEGER NOT NULL,
    duration_ms INTEGER NOT NULL,
    loudness_lufs REAL,
    vtt TEXT NOT NULL DEFAULT '',
    srt TEXT NOT NULL DEFAULT '',
    chapters TEXT NOT NULL DEFAULT '',
    files TEXT NOT NULL,
    edition TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
-- The catalogue's order: lists walk it instead of sorting every row (editions and all),
-- and a feed document of 300 episodes is read without the thousands around it.
CREATE INDEX IF NOT EXISTS episodes_order ON episodes (pub_date DESC, slug DESC);
"""


def episode_guid(slug: str) -> str:
    """The guid a new episode with ``slug`` gets (stored once, then read from the catalogue)."""
    return str(uuid.uuid5(_GUID_NAMESPACE, f"narrate-episode:{slug}"))


def edition_path(out: Path, slug: str) -> Path:
    """Where the edition JSON of ``slug`` is kept."""
    return out / f"{slug}.json"


def catalogue_path(out: Path) -> Path:
    """The SQLite file of the catalogue of ``out``."""
    return out / STATE_DIR / CATALOGUE_FILE


@dataclass(frozen=True)
class Entry:
    """One catalogued episode: what the feed, page and playlist need, and its Edition."""

    slug: str
    guid: str
    source: str
    source_sha256: str
    title: str
    pub_date: str
    first_rendered: str
    file: str
    bytes: int
    duration_ms: int
    loudness_lufs: float | None
    vtt: str
    srt: str
    chapters: str
    files: tuple[str, ...]
    # The Edition as catalogued (JSON), read only when asked for: a feed of 300 items
    # built from a catalogue of 10,000 parses 300 editions, not 10,000.
    edition_json: str = field(repr=False, compare=False)

    @property
    def page(self) -> str:
        """File name of the episode's web page."""
        return f"{self.slug}.html"

    @functools.cached_property
    def edition(self) -> Edition:
        """The episode's Edition."""
        return Edition.from_json(self.edition_json)

    @functools.cached_property
    def fingerprint(self) -> str:
        """A hash of everything catalogued of this episode: equal, nothing of it changed."""
        fields = [self.slug, self.guid, self.source, self.source_sha256, self.title,
                  self.pub_date, self.first_rendered, self.file, str(self.bytes),
                  str(self.duration_ms), str(self.loudness_lufs), self.vtt, self.srt,
                  self.chapters, *self.files, self.edition_json]  # fmt: skip
        return hashlib.sha256("\0".join(fields).encode("utf-8")).hexdigest()


def is_edition_file(name: str) -> bool:
    """Whether a file of the output folder is an edition JSON: not a chapters file, nor
    the web app's search list (no article is named "episodes": a reserved slug)."""
    return name.endswith(".json") and not name.endswith(".chapters.json") \
        and name != "episodes.json"  # fmt: skip


def load_editions(out: Path, names: set[str] | None = None) -> list[Edition]:
    """Every rendered edition JSON in ``out`` (or those of ``names``) whose MP3 exists,
    newest first, then by slug."""
    editions = []
    # Named ones are looked up, not found among the tens of thousands of files beside them.
    listed = sorted(out.glob("*.json")) if names is None else [out / n for n in sorted(names)]
    for path in listed:
        if not is_edition_file(path.name) or path.parent != out:
            continue
        try:
            edition = Edition.load(path)
        except (ValueError, TypeError, KeyError, OSError, AttributeError):
            continue  # not an edition (or from an older layout): ignored, re-rendered on build
        if edition.episode and (out / edition.episode.file).is_file():
            editions.append(edition)
    editions.sort(key=lambda e: (e.date or e.first_rendered, e.slug), reverse=True)
    return editions


@contextlib.contextmanager
def connect(out: Path) -> Iterator[sqlite3.Connection]:
    """An open catalogue of ``out`` (created if missing); closed on exit."""
    path = catalogue_path(out)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # Autocommit mode: every write goes through transaction() below, explicitly.
        conn = sqlite3.connect(path, timeout=30, isolation_level=None)
    except (OSError, sqlite3.Error) as exc:
        raise NarrateError(f"{path}: cannot open the catalogue ({exc})") from None
    with _explained(path):
        try:
            conn.executescript(_SCHEMA)
            yield conn
        finally:
            conn.close()


@contextlib.contextmanager
def reading(out: Path) -> Iterator[sqlite3.Connection | None]:
    """The catalogue of ``out`` opened read-only, or None when there is none.

    Readers (``serve``, a feed built for another address) never create or change it, so
    a copy of a published folder can be served from read-only storage, or without its
    ``.narrate`` folder at all.
    """
    path = catalogue_path(out)
    if not path.is_file():
        yield None
        return
    try:
        conn = sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro", uri=True, timeout=30)
    except sqlite3.Error as exc:
        raise NarrateError(f"{path}: cannot open the catalogue ({exc})") from None
    with _explained(path):
        try:
            yield conn
        finally:
            conn.close()


# What to do about SQLite's operational errors, by the words of its message.
_REMEDIES = (
    (("locked", "busy"), "is another narrate running?"),
    (("full",), "free some space on that disk and run again"),
    (("readonly", "read-only"), "it is read-only; make it writable or use another --out"),
    (("unable to open", "disk i/o"), "check that folder's permissions and disk"),
)


def _remedy(message: str) -> str:
    lowered = message.lower()
    for words, remedy in _REMEDIES:
        if any(word in lowered for word in words):
            return remedy
    return "check the disk and permissions of that folder"


@contextlib.contextmanager
def _explained(path: Path) -> Iterator[None]:
    """SQLite's errors as one line that says what to do."""
    try:
        yield
    except sqlite3.OperationalError as exc:
        # Locked by another build, read-only, disk full: the file itself is fine.
        raise NarrateError(
            f"{path}: cannot use the catalogue ({exc}); {_remedy(str(exc))}"
        ) from None
    except sqlite3.DatabaseError as exc:
        raise NarrateError(
            f"{path}: the catalogue is damaged ({exc}); move it away and run `narrate build` again"
        ) from None


@contextlib.contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """All statements inside commit together or not at all."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
        conn.execute("COMMIT")
    except BaseException:
        # SQLite has already rolled back after some errors (a full disk): rolling back
        # again would replace the real error with "no transaction is active".
        if conn.in_transaction:
            with contextlib.suppress(sqlite3.Error):
                conn.execute("ROLLBACK")
        raise


def _valid_date(text: str) -> bool:
    try:
        datetime.fromisoformat(text)
    except ValueError:
        return False
    return True


def _companions(out: Path, edition: Edition) -> tuple[str, str, str]:
    """The transcript (VTT, SRT) and chapters files of an edition, '' for those missing."""
    listed = set(edition.episode.files) if edition.episode else set()
    found = []
    for suffix in (".vtt", ".srt", ".chapters.json"):
        name = f"{edition.slug}{suffix}"
        found.append(name if name in listed or (out / name).is_file() else "")
    return found[0], found[1], found[2]


def _row(conn: sqlite3.Connection, slug: str) -> sqlite3.Row | None:
    conn.row_factory = sqlite3.Row
    return conn.execute("SELECT * FROM episodes WHERE slug = ?", (slug,)).fetchone()


def known(conn: sqlite3.Connection, slug: str) -> bool:
    """True if the catalogue already has an episode ``slug``."""
    return _row(conn, slug) is not None


def record(conn: sqlite3.Connection, out: Path, edition: Edition) -> bool:
    """Insert or update the row of a rendered edition; True if anything changed.

    The guid and first-render date of an existing row are kept, whatever the edition says.
    """
    episode = edition.episode
    if episode is None:
        raise ValueError("only rendered editions are catalogued")
    old = _row(conn, edition.slug)
    guid = old["guid"] if old else episode_guid(edition.slug)
    first = (old["first_rendered"] if old else "") or edition.first_rendered
    if first and edition.first_rendered != first:
        edition = edition.replace(first_rendered=first)
    # --date-from build: the feed dates episodes by their first render, as before.
    dated = edition.date and _valid_date(edition.date) and edition.meta.get("date_from") != "build"
    pub_date = edition.date if dated else first
    vtt, srt, chapters = _companions(out, edition)
    files = [episode.file, *episode.files, vtt, srt, chapters]
    values = {
        "slug": edition.slug,
        "guid": guid,
        "source": edition.source,
        "source_sha256": edition.source_sha256,
        "title": edition.title,
        "pub_date": pub_date,
        "first_rendered": first,
        "file": episode.file,
        "bytes": episode.bytes,
        "duration_ms": episode.duration_ms,
        "loudness_lufs": episode.loudness_lufs,
        "vtt": vtt,
        "srt": srt,
        "chapters": chapters,
        "files": json.dumps(sorted({f for f in files if f})),
        "edition": edition.to_json(),
    }
    if old is not None and all(old[k] == v for k, v in values.items()):
        return False
    columns = ", ".join(values)
    marks = ", ".join("?" for _ in values)
    conn.execute(
        f"INSERT OR REPLACE INTO episodes ({columns}) VALUES ({marks})", tuple(values.values())
    )
    return True


def withdraw(conn: sqlite3.Connection, slug: str) -> bool:
    """Mark the episode ``slug`` unpublished until it is recorded again; True if it was listed.

    Its guid and dates stay. Its byte count no longer matches any file, so ``entries``
    leaves it out of every feed built meanwhile.
    """
    cursor = conn.execute("UPDATE episodes SET bytes = -1 WHERE slug = ? AND bytes >= 0", (slug,))
    return cursor.rowcount > 0


def _edition_files(out: Path) -> dict[str, list[int]]:
    """Size and time of every edition JSON in ``out`` (one scandir, nothing opened)."""
    found = {}
    with os.scandir(out) as scan:
        for entry in scan:
            if is_edition_file(entry.name):
                with contextlib.suppress(OSError):
                    info = entry.stat()
                    found[entry.name] = [info.st_size, info.st_mtime_ns]
    return found


def sync(out: Path) -> int:
    """Adopt every rendered edition JSON of ``out`` into its catalogue; rows changed.

    Only JSON files whose size or time differs from the last sync are read: a build
    records what it renders as it goes, so at the end of one that added an episode to
    thousands, one file is read, not thousands.
    """
    stamps = _edition_files(out)
    seen = json.loads(get_meta(out, "edition_files") or "{}")
    if not isinstance(seen, dict):
        seen = {}
    changed = {name for name, stamp in stamps.items() if seen.get(name) != stamp}
    editions = load_editions(out, changed)
    with connect(out) as conn, transaction(conn):
        count = sum(record(conn, out, edition) for edition in editions)
        if stamps != seen:
            conn.execute(
                "INSERT OR REPLACE INTO meta (key, value) VALUES ('edition_files', ?)",
                (json.dumps(stamps, sort_keys=True),),
            )
        return count


def _entry(row: sqlite3.Row) -> Entry:
    return Entry(
        slug=row["slug"],
        guid=row["guid"],
        source=row["source"],
        source_sha256=row["source_sha256"],
        title=row["title"],
        pub_date=row["pub_date"],
        first_rendered=row["first_rendered"],
        file=row["file"],
        bytes=row["bytes"],
        duration_ms=row["duration_ms"],
        loudness_lufs=row["loudness_lufs"],
        vtt=row["vtt"],
        srt=row["srt"],
        chapters=row["chapters"],
        files=tuple(json.loads(row["files"])),
        edition_json=row["edition"],
    )


# The catalogue's order, newest first: the order of the feed and of every list of episodes.
_ORDER = "ORDER BY pub_date DESC, slug DESC"


def entries(out: Path, *, present: bool = True) -> list[Entry]:
    """Catalogued episodes, newest first; with ``present``, only those whose MP3 is there.

    There means: it exists with the catalogued size, so no feed ever states a length
    that is not the file's (an episode being replaced is withdrawn first, see ``withdraw``).
    """
    found = entries_between(out, 0, -1)
    return [e for e in found if not present or is_present(out, e)]


def entries_between(out: Path, first: int, count: int) -> list[Entry]:
    """``count`` catalogued episodes (-1: all) from position ``first`` (0: the newest)."""
    with reading(out) as conn:
        if conn is None:
            return []
        conn.row_factory = sqlite3.Row
        query = f"SELECT * FROM episodes {_ORDER} LIMIT ? OFFSET ?"
        rows = conn.execute(query, (count, first)).fetchall()
    return [_entry(row) for row in rows]


def order(out: Path) -> list[str]:
    """The slugs of every catalogued episode, newest first (nothing else is read)."""
    with reading(out) as conn:
        if conn is None:
            return []
        return [row[0] for row in conn.execute(f"SELECT slug FROM episodes {_ORDER}")]


def is_present(out: Path, entry: Entry) -> bool:
    """Whether an episode's MP3 is in ``out`` with the size it was catalogued with."""
    return _size(out / entry.file) == entry.bytes


def present(out: Path, entry: Entry) -> bool:
    """True when the MP3 of ``entry`` is in ``out`` with its catalogued size."""
    return _size(out / entry.file) == entry.bytes


def _size(path: Path) -> int | None:
    try:
        info = path.stat()
    except OSError:
        return None
    return info.st_size if stat.S_ISREG(info.st_mode) else None


def get_meta(out: Path, key: str) -> str | None:
    """A stored channel-level value of the catalogue, or None."""
    with reading(out) as conn:
        if conn is None:
            return None
        row = conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return row[0] if row else None


def set_meta(out: Path, key: str, value: str, *, keep: bool = False) -> str:
    """Store a channel-level value (with ``keep``, only if none is stored); the stored value."""
    with connect(out) as conn, transaction(conn):
        row = conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        if row is not None and (keep or row[0] == value):
            return row[0]
        conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))
    return value


def find(out: Path, article: str) -> Entry:
    """The catalogued episode of ``article``: its slug, source path, or a file name of it."""
    name = Path(article).name
    known = entries(out, present=False)
    # Exact matches first (slug, source, source file name, output file), then the slug
    # the article's file name would get: never a guess that could delete another episode.
    exact = [
        e for e in known
        if article in (e.slug, e.source) or name == Path(e.source).name or name in e.files
    ]  # fmt: skip
    if not exact:
        from narrate.reader import slug_for

        exact = [e for e in known if e.slug == slug_for(Path(name))] if name else []
    if len(exact) > 1:
        names = ", ".join(sorted(e.slug for e in exact))
        raise InputError(f"{article}: matches several episodes ({names}); give the slug")
    if not exact:
        raise InputError(
            f"{article}: no such episode in {out}; see the episodes in {out}/index.html"
        )
    return exact[0]


def forget(out: Path, article: str) -> Entry:
    """Drop the episode of ``article`` from the catalogue (its files stay: see delete_files)."""
    entry = find(out, article)
    # The edition JSON moves aside first, or the next sync would adopt the episode again;
    # it comes back if the catalogue cannot be changed (a full disk), and goes for good
    # only once the row is gone. A rename needs no free space.
    json_path = edition_path(out, entry.slug)
    aside = json_path.with_name(f".{json_path.name}.removing")
    moved = _move(json_path, aside)
    try:
        with connect(out) as conn, transaction(conn):
            conn.execute("DELETE FROM episodes WHERE slug = ?", (entry.slug,))
    except BaseException:
        if moved:
            _move(aside, json_path)
        raise
    aside.unlink(missing_ok=True)
    return entry


def _move(source: Path, dest: Path) -> bool:
    try:
        source.rename(dest)
    except FileNotFoundError:
        return False
    return True


def delete_files(out: Path, entry: Entry) -> list[str]:
    """Delete the files of a forgotten episode; the names deleted."""
    deleted = []
    for name in sorted({*entry.files, f"{entry.slug}.json", entry.page}):
        path = out / name
        if path.parent == out and path.is_file():
            path.unlink()
            deleted.append(name)
    return deleted
