"""The chunk cache: where every chunk's audio and encoded run live, checked on every read.

Written by the synthesise stage and read by it and by the assemble stage. Each chunk is
kept under ``<cache>/<key[:2]>/``, named by its chunk key (a hash of the spoken text and
the voicing):

- ``<key>.wav``: the engine's audio trimmed of edge silence, with ``<key>.wav.sha256``;
- ``<key>-<spec>.mp3``: that audio levelled and encoded as a self-contained run of MP3
  frames for one encode spec, with its facts (and the run's sha256) in ``.json``.

The hash files are written last, so an entry without one was never finished and is
simply missing. An entry whose bytes do not match its hash (flipped bits, a truncated
file, an unreadable ``.json``, a fact that does not match the seal over the facts) is
damaged: it counts as missing too, is rendered again and overwritten, and the build says
so in one warning line. Since every read is checked, cache files are renamed into place
without waiting for the disk (no fsync): a file torn by a power cut is found damaged and
made again, never used.
"""

from __future__ import annotations

import dataclasses
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
    sha256: hash of the run's bytes, checked whenever they are read; seal: hash of the
    unit's name and every fact above, checked whenever the facts are read.
    """

    frames: int
    samples: int
    gain_db: float | None
    lufs: float | None
    sha256: str = ""
    seal: str = ""


def _seal(name: str, unit: Unit) -> str:
    """The hash that covers a unit's facts (and its name: facts copied from another unit
    do not pass)."""
    facts = dataclasses.asdict(unit)
    facts.pop("seal")
    return _sha256(json.dumps([name, facts], sort_keys=True).encode())


def _valid(unit: Unit) -> bool:
    """Facts of the types and ranges assembly relies on."""
    counts = (unit.frames, unit.samples)
    levels = (unit.gain_db, unit.lufs)
    return (
        all(type(n) is int and n >= 0 for n in counts)
        and all(v is None or type(v) in (int, float) for v in levels)
        and isinstance(unit.sha256, str)
    )


def spec_tag(spec: EncodeSpec) -> str:
    """The short name of an encode spec in unit file names."""
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


class ChunkCache:
    """One cache folder, read and written by a stage; counts the damaged entries it met."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.damaged = 0
        self._lock = threading.Lock()

    def _damage(self) -> None:
        with self._lock:
            self.damaged += 1

    def audio_path(self, key: str) -> Path:
        """Where the audio of chunk ``key`` lives."""
        return self.root / key[:2] / f"{key}.wav"

    def unit_stem(self, key: str, spec: EncodeSpec) -> Path:
        """Where the encoded run of chunk ``key`` lives (add .mp3 or .json)."""
        return self.root / key[:2] / unit_id(key, spec)

    def has_audio(self, key: str) -> bool:
        """True when the audio of ``key`` was stored completely (not checked)."""
        return Path(f"{self.audio_path(key)}.sha256").is_file()

    def read_audio(self, key: str) -> Audio | None:
        """The cached audio of chunk ``key``, or None when it is missing or damaged."""
        path = self.audio_path(key)
        try:
            expected = Path(f"{path}.sha256").read_text("ascii").strip()
        except (OSError, UnicodeDecodeError):
            return None  # never finished: a plain miss
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

        With ``check``, the run's bytes are read and compared with the hash in the facts.
        """
        unit, damaged = self._unit(key, spec, check)
        if damaged:
            self._damage()
        return unit

    def _unit(self, key: str, spec: EncodeSpec, check: bool) -> tuple[Unit | None, bool]:
        """The facts of an encoded run, and whether a stored one was damaged."""
        stem = self.unit_stem(key, spec)
        try:
            text = stem.with_suffix(".json").read_text("utf-8")
        except FileNotFoundError:
            return None, False
        except (OSError, UnicodeDecodeError):
            return None, True
        try:
            facts = json.loads(text)
            if isinstance(facts, dict) and "seal" not in facts:
                return None, False  # stored by an older narrate, without a seal: a miss
            unit = Unit(**facts)
            # Every fact is covered by the seal: one flipped digit in a sample count
            # would otherwise shift an episode's captions, with no error anywhere.
            if unit.seal != _seal(unit_id(key, spec), unit) or not _valid(unit):
                raise ValueError("facts do not match their seal")
            if not unit.sha256 or (check and _sha256(self._run(stem)) != unit.sha256):
                raise ValueError("hash mismatch")
        except (OSError, ValueError, TypeError):
            return None, True
        return unit, False

    @staticmethod
    def _run(stem: Path) -> bytes:
        return stem.with_suffix(".mp3").read_bytes()

    def run_bytes(self, key: str, spec: EncodeSpec, unit: Unit) -> bytes:
        """The MP3 frames of a unit read earlier, checked against its hash."""
        data = self._run(self.unit_stem(key, spec))
        if _sha256(data) != unit.sha256:
            raise CacheError(
                f"cached chunk {key[:12]} in {self.root} changed during the build; run again"
            )
        return data

    def store_unit(self, key: str, spec: EncodeSpec, mp3: bytes, unit: Unit) -> Unit:
        """Keep an encoded run and its facts (the facts, holding its hash, last).

        A run already stored whole is kept, and its facts returned: two articles of one
        build that share a chunk (an outro) may both render it, and an article that has
        read the first run's facts must find those bytes when it assembles.
        """
        with _STORING:
            stored, _ = self._unit(key, spec, check=True)  # damage was counted when it was read
            if stored is not None:
                return stored
            unit = dataclasses.replace(unit, sha256=_sha256(mp3), seal="")
            unit = dataclasses.replace(unit, seal=_seal(unit_id(key, spec), unit))
            stem = self.unit_stem(key, spec)
            facts = json.dumps(dataclasses.asdict(unit)).encode()
            write_if_changed(stem.with_suffix(".mp3"), mp3, durable=False)
            write_if_changed(stem.with_suffix(".json"), facts, durable=False)
            return unit

    def report_damage(self) -> None:
        """Say once, on the ``narrate`` logger, how many damaged entries were replaced."""
        if self.damaged:
            log.warning(
                "%d damaged chunk(s) in the cache %s were ignored and rendered again",
                self.damaged,
                self.root,
            )
            self.damaged = 0
