"""The chunk cache: what a rebuild reuses, checked on every read, bounded in size.

Written by the synthesise stage and read by it and by the assemble stage. Each chunk is
kept under ``<cache>/<key[:2]>/``, named by its chunk key (a hash of the spoken text and
the voicing):

- ``<key>-<spec>.unit``: the chunk levelled and encoded as a self-contained run of MP3
  frames for one encode spec, with its facts (frames, samples, gain, loudness): one file,
  ``narrate-unit-1 <sha256>\n`` then the facts as one JSON line then the frames; the
  sha256 covers the facts and the frames, so neither can change unnoticed;
- ``<key>.wav`` (with ``<key>.wav.sha256``): the engine's audio, only with ``keep_audio``.
  It lets new audio settings re-encode without speaking again, at five times the size of
  the frames; by default it is not kept, so the cache stays the size of the audio it
  serves (a new bitrate or loudness setting speaks the chunks again).

Each file is renamed into place whole, so an entry is there or missing. One whose bytes
do not match its hash (flipped bits, a truncated file) is damaged: it counts as missing
too, is rendered again and overwritten, and the build says so in one warning line. Since
every read is checked, cache files are renamed into place without waiting for the disk (no
fsync): a file torn by a power cut is found damaged and made again, never used.

A unit's modification time is its last use (reads touch it), for least-recently-used
eviction (``prune``, ``max_cache_mb``); ``stats.json`` counts hits and misses.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import io
import json
import logging
import os
import threading
import wave
from dataclasses import dataclass
from pathlib import Path

from narrate.encode import EncodeSpec
from narrate.engines import Audio
from narrate.errors import NarrateError
from narrate.fsutil import write_if_changed

log = logging.getLogger("narrate")


class CacheError(NarrateError):
    """A cached chunk changed on disk between its check and its use."""


def cache_dir(out: Path, configured: str = "") -> Path:
    """The chunk cache: ``cache_dir`` if set, else ``<out>/.narrate/cache``."""
    return Path(os.path.expanduser(configured)) if configured else out / ".narrate" / "cache"


@dataclass(frozen=True)
class Unit:
    """A chunk encoded as MP3 frames, and what assembly needs to know of it.

    frames: MPEG frames in the run; samples: length of the speech at the output rate;
    gain_db: levelling gain (None for silence); lufs: loudness of the levelled audio;
    sha256: hash of these facts and the run's bytes together, checked whenever read.
    """

    frames: int
    samples: int
    gain_db: float | None
    lufs: float | None
    sha256: str = ""


@functools.lru_cache(maxsize=16)
def spec_tag(spec: EncodeSpec) -> str:
    """The short name of an encode spec in unit file names (worked out once per process:
    what it names, the spec's fields and the code and libraries that encode, stay put)."""
    return hashlib.sha256(spec.ident().encode()).hexdigest()[:12]


def unit_id(key: str, spec: EncodeSpec) -> str:
    """The name of chunk ``key`` encoded with ``spec``: what an episode is made of."""
    return f"{key}-{spec_tag(spec)}"


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# One writer of encoded runs at a time in this process: the check that a run is already
# stored and the writing of a new one must not interleave (a build is one process; the
# build lock keeps other processes out of its cache).
_STORING = threading.Lock()


_MAGIC = b"narrate-unit-1 "
UNIT_SUFFIX = ".unit"


def pack_unit(mp3: bytes, unit: Unit) -> tuple[bytes, str]:
    """A unit file's bytes for a run and its facts, and the sha256 they carry."""
    facts = {f.name: getattr(unit, f.name) for f in dataclasses.fields(Unit) if f.name != "sha256"}
    body = json.dumps(facts, sort_keys=True).encode("ascii") + b"\n" + mp3
    digest = _sha256(body)
    return _MAGIC + digest.encode("ascii") + b"\n" + body, digest


def unpack_unit(data: bytes) -> tuple[Unit, bytes]:
    """The facts and frames of a unit file's bytes; ValueError when they are damaged."""
    header, newline, body = data.partition(b"\n")
    if not newline or not header.startswith(_MAGIC):
        raise ValueError("not a unit")
    digest = header[len(_MAGIC) :].decode("ascii", "replace")
    if _sha256(body) != digest:
        raise ValueError("hash mismatch")
    facts, newline, mp3 = body.partition(b"\n")
    if not newline:
        raise ValueError("no facts")
    try:
        unit = Unit(**json.loads(facts), sha256=digest)
    except TypeError as exc:
        raise ValueError(str(exc)) from None
    if not _valid(unit):
        raise ValueError("facts of the wrong type or range")
    return unit, mp3


def _valid(unit: Unit) -> bool:
    """Facts of the types and ranges assembly relies on (a ``null`` sample count, stored by
    a bug rather than a flipped bit, would otherwise fail every build)."""
    counts = (unit.frames, unit.samples)
    levels = (unit.gain_db, unit.lufs)
    return all(type(n) is int and n >= 0 for n in counts) and all(
        v is None or type(v) in (int, float) for v in levels
    )


class ChunkCache:
    """One cache folder, read and written by a stage; counts damaged entries, hits and misses."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.damaged = 0
        self._lock = threading.Lock()

    def _damage(self) -> None:
        with self._lock:
            self.damaged += 1

    def audio_path(self, key: str) -> Path:
        """Where the audio of chunk ``key`` lives (kept only with ``keep_audio``)."""
        return self.root / key[:2] / f"{key}.wav"

    def unit_path(self, key: str, spec: EncodeSpec) -> Path:
        """Where the encoded run of chunk ``key`` and its facts live."""
        return self.root / key[:2] / f"{unit_id(key, spec)}{UNIT_SUFFIX}"

    def has_unit(self, key: str, spec: EncodeSpec) -> bool:
        """True when an encoded run of ``key`` is stored (not checked, nor counted as a use)."""
        return self.unit_path(key, spec).is_file()

    def has_audio(self, key: str) -> bool:
        """True when the audio of ``key`` was stored completely (not checked)."""
        return Path(f"{self.audio_path(key)}.sha256").is_file()

    def read_audio(self, key: str) -> Audio | None:
        """The cached audio of chunk ``key``, or None when it is missing or damaged."""
        path = self.audio_path(key)
        try:
            expected = Path(f"{path}.sha256").read_text("ascii").strip()
        except (OSError, UnicodeDecodeError):
            return None  # never finished (or not kept): a plain miss
        try:
            data = path.read_bytes()
            if _sha256(data) != expected:
                raise ValueError("hash mismatch")
            with wave.open(io.BytesIO(data), "rb") as wav:
                return Audio(wav.readframes(wav.getnframes()), wav.getframerate())
        except (OSError, ValueError, EOFError, wave.Error):
            self._damage()
            return None

    def store_audio(self, key: str, audio: Audio) -> None:
        """Keep the audio of chunk ``key`` (atomically, its hash last)."""
        buffer = io.BytesIO()
        with wave.open(buffer, "wb") as wav:
            wav.setnchannels(1)
            wav.setsampwidth(2)
            wav.setframerate(audio.sample_rate)
            wav.writeframes(audio.pcm)
        data = buffer.getvalue()
        path = self.audio_path(key)
        write_if_changed(path, data, durable=False)
        write_if_changed(Path(f"{path}.sha256"), _sha256(data).encode("ascii"), durable=False)

    def read_unit(self, key: str, spec: EncodeSpec, check: bool = True) -> Unit | None:
        """The facts of an encoded run, or None when it is missing or damaged.

        The facts and the frames are one file under one hash, checked on every read; with
        ``check`` the read also counts as a use (for least-recently-used eviction).
        """
        unit, damaged = self._unit(key, spec, touch=check)
        if damaged:
            self._damage()
        return unit

    def _unit(self, key: str, spec: EncodeSpec, touch: bool = False) -> tuple[Unit | None, bool]:
        """The facts of an encoded run, and whether a stored one was damaged."""
        path = self.unit_path(key, spec)
        try:
            unit, _ = unpack_unit(path.read_bytes())
            if touch:
                os.utime(path)
        except FileNotFoundError:
            return None, False
        except (OSError, ValueError):
            return None, True
        return unit, False

    def run_bytes(self, key: str, spec: EncodeSpec, unit: Unit) -> bytes:
        """The MP3 frames of a unit read earlier, checked against its hash."""
        try:
            stored, mp3 = unpack_unit(self.unit_path(key, spec).read_bytes())
        except (OSError, ValueError):
            stored, mp3 = None, b""
        if stored is None or stored.sha256 != unit.sha256:
            raise CacheError(
                f"cached chunk {key[:12]} in {self.root} changed during the build; run again"
            )
        return mp3

    def store_unit(self, key: str, spec: EncodeSpec, mp3: bytes, unit: Unit) -> Unit:
        """Keep an encoded run and its facts, as one file under one hash.

        A run already stored whole is kept, and its facts returned: two articles of one
        build that share a chunk (an outro) may both render it, and an article that has
        read the first run's facts must find those bytes when it assembles.
        """
        with _STORING:
            stored, _ = self._unit(key, spec)  # damage was counted when it was read
            if stored is not None:
                return stored
            data, digest = pack_unit(mp3, unit)
            write_if_changed(self.unit_path(key, spec), data, durable=False)
            return dataclasses.replace(unit, sha256=digest)

    def report_damage(self) -> None:
        """Say once, on the ``narrate`` logger, how many damaged entries were replaced."""
        if self.damaged:
            log.warning(
                "%d damaged chunk(s) in the cache %s were ignored and rendered again",
                self.damaged,
                self.root,
            )
            self.damaged = 0


# --- size, use and eviction -----------------------------------------------------------

STATS_FILE = "stats.json"
# What a cache file is, by how its name ends; anything else is a leftover of an older
# layout (``<key>-<spec>.mp3`` with its ``.json``) that no build reads any more.
_AUDIO_SUFFIXES = (".wav", ".wav.sha256")


@dataclass(frozen=True)
class CacheFile:
    """One file of the cache: its path, the chunk it belongs to, size, last use, kind."""

    path: Path
    key: str
    bytes: int
    used_ns: int
    kind: str  # "unit", "audio" or "stale"


def _kind(name: str) -> str:
    if name.endswith(UNIT_SUFFIX):
        return "unit"
    if name.endswith(_AUDIO_SUFFIXES):
        return "audio"
    return "stale"


def cache_files(root: Path) -> list[CacheFile]:
    """Every file of the cache at ``root`` (one ``scandir`` per folder, no file opened)."""
    found = []
    try:
        folders = [e for e in os.scandir(root) if e.is_dir(follow_symlinks=False)]
    except OSError:
        return []
    for folder in folders:
        try:
            entries = list(os.scandir(folder.path))
        except OSError:
            continue
        for entry in entries:
            if entry.name.endswith(".part") or not entry.is_file(follow_symlinks=False):
                continue  # a write in progress (or a kill's leftover, removed by the lock)
            try:
                info = entry.stat(follow_symlinks=False)
            except OSError:
                continue
            key = entry.name.split("-", 1)[0].split(".", 1)[0]
            found.append(
                CacheFile(Path(entry.path), key, info.st_size, info.st_mtime_ns, _kind(entry.name))
            )
    return found


@dataclass(frozen=True)
class Usage:
    """What a cache holds and how well it served: units, audio, leftovers, hits, misses."""

    units: int
    unit_bytes: int
    audio_files: int
    audio_bytes: int
    stale_files: int
    stale_bytes: int
    last_hits: int
    last_misses: int
    hits: int
    misses: int

    @property
    def bytes(self) -> int:
        """Every byte of the cache."""
        return self.unit_bytes + self.audio_bytes + self.stale_bytes


def read_stats(root: Path) -> dict[str, int]:
    """Hits and misses counted so far (``last_*``: the last build that used the cache)."""
    try:
        data = json.loads((root / STATS_FILE).read_text("utf-8"))
        return {k: int(data.get(k, 0)) for k in ("hits", "misses", "last_hits", "last_misses")}
    except (OSError, ValueError, TypeError, AttributeError):
        return {"hits": 0, "misses": 0, "last_hits": 0, "last_misses": 0}


def count_use(root: Path, hits: int, misses: int) -> None:
    """Add one build's hits (chunks reused) and misses (chunks made) to the cache's counts."""
    if not hits and not misses:
        return
    stats = read_stats(root)
    stats = {
        "hits": stats["hits"] + hits, "misses": stats["misses"] + misses,
        "last_hits": hits, "last_misses": misses,
    }  # fmt: skip
    root.mkdir(parents=True, exist_ok=True)
    write_if_changed(root / STATS_FILE, json.dumps(stats).encode(), durable=False)


def usage(root: Path) -> Usage:
    """The size report of the cache at ``root``."""
    files = cache_files(root)
    stats = read_stats(root)

    def total(kind: str) -> tuple[int, int]:
        chosen = [f.bytes for f in files if f.kind == kind]
        return len(chosen), sum(chosen)

    units, audio, stale = total("unit"), total("audio"), total("stale")
    return Usage(
        *units, *audio, *stale,
        last_hits=stats["last_hits"], last_misses=stats["last_misses"],
        hits=stats["hits"], misses=stats["misses"],
    )  # fmt: skip


@dataclass(frozen=True)
class Pruned:
    """What a pruning removed."""

    files: int
    bytes: int


def prune(
    root: Path, keep: set[str], *, max_bytes: int | None = None, unused: bool = True,
    keep_audio: bool = False,
) -> Pruned:  # fmt: skip
    """Make the cache at ``root`` smaller; ``keep`` holds the chunk keys of published episodes.

    Leftovers of older layouts always go, and the engine's audio unless ``keep_audio``.
    With ``unused``, so does every unit no published episode is made of (chunks edited
    away, other encode settings). Then, while the cache is over ``max_bytes``, the least
    recently used units go: those of no published episode first, then the others.
    """
    files = cache_files(root)
    doomed = [f for f in files if f.kind == "stale" or (f.kind == "audio" and not keep_audio)]
    doomed += [f for f in files if f.kind != "stale" and f not in doomed and unused
               and f.key not in keep]  # fmt: skip
    if max_bytes is not None:
        gone = {f.path for f in doomed}
        left = [f for f in files if f.path not in gone]
        size = sum(f.bytes for f in left)
        # Published last, then oldest use first; a chunk's audio goes with its units.
        for victim in sorted(left, key=lambda f: (f.key in keep, f.used_ns, f.path.name)):
            if size <= max_bytes:
                break
            doomed.append(victim)
            size -= victim.bytes
    removed = freed = 0
    for victim in doomed:
        try:
            victim.path.unlink()
        except FileNotFoundError:
            continue
        except OSError as exc:
            raise NarrateError(
                f"cannot remove {victim.path} from the cache ({exc.strerror or exc}); "
                "check its permissions"
            ) from None
        removed += 1
        freed += victim.bytes
    return Pruned(removed, freed)
