"""Synthesise: render every segment's spoken text, in parallel, through a content-addressed cache.

A chunk's cache key is a hash of its spoken text, the engine and its version, the voice
and the rate, so a rebuild renders only chunks it has never rendered. Chunks are stored
trimmed of edge silence as WAV files under ``<cache>/<key[:2]>/<key>.wav``.
Worker processes each hold one engine for all the chunks they render.
"""

from __future__ import annotations

import dataclasses
import hashlib
import multiprocessing
import os
import wave
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

from narrate.edition import Edition
from narrate.engines import Audio, Engine, get_engine, require, trim_silence
from narrate.errors import EngineError
from narrate.fsutil import atomic_path

Progress = Callable[[int], None]


@dataclass(frozen=True)
class Voicing:
    """How chunks are spoken: engine, voice and rate (all part of each cache key)."""

    engine: str
    voice: str
    rate: int
    version: str

    def key(self, spoken: str) -> str:
        """The cache key of one chunk."""
        ident = "\0".join((self.engine, self.version, self.voice, str(self.rate), spoken))
        return hashlib.sha256(ident.encode("utf-8")).hexdigest()


def voicing_for(engine: Engine, language: str, voice: str, rate: int) -> Voicing:
    """Resolve the voice for a language (unless one is given) into a Voicing."""
    require(engine)
    return Voicing(engine.name, voice or engine.default_voice(language), rate, engine.version())


def chunk_path(cache: Path, key: str) -> Path:
    """Where the chunk with ``key`` lives in the cache."""
    return cache / key[:2] / f"{key}.wav"


def read_chunk(path: Path) -> Audio:
    """Load a cached chunk."""
    with wave.open(str(path), "rb") as wav:
        return Audio(wav.readframes(wav.getnframes()), wav.getframerate())


def chunk_info(path: Path) -> tuple[int, int]:
    """(samples, sample rate) of a cached chunk, read from its header only."""
    with wave.open(str(path), "rb") as wav:
        return wav.getnframes(), wav.getframerate()


def _store(path: Path, audio: Audio) -> None:
    with atomic_path(path) as tmp, wave.open(str(tmp), "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(audio.sample_rate)
        wav.writeframes(audio.pcm)


# One engine per worker process, created by the pool initialiser and reused.
_worker_engine: Engine | None = None


def _init_worker(name: str) -> None:
    global _worker_engine
    _worker_engine = get_engine(name)


def _render(voicing: Voicing, spoken: str, dest: str) -> str:
    """Render one chunk into the cache (in a worker); returns an error line or ""."""
    engine = _worker_engine or get_engine(voicing.engine)
    try:
        audio = engine.synthesize(spoken, voicing.voice, voicing.rate)
        _store(Path(dest), trim_silence(audio))
    except EngineError as exc:
        return str(exc)
    return ""


@dataclass(frozen=True)
class SynthReport:
    """How many chunks a synthesis needed and how many it found in the cache."""

    rendered: int
    cached: int


def synthesise(
    edition: Edition,
    voicing: Voicing,
    cache: Path,
    workers: int = 1,
    progress: Progress | None = None,
) -> tuple[Edition, SynthReport]:
    """Fill ``audio`` and ``samples`` of every segment; render what the cache lacks."""
    keys = [voicing.key(s.spoken) if s.spoken.strip() else "" for s in edition.segments]
    todo = sorted({k: s.spoken for k, s in zip(keys, edition.segments, strict=True) if k}.items())
    todo = [(k, text) for k, text in todo if not chunk_path(cache, k).exists()]
    cached = sum(1 for k in keys if k) - len(todo)
    render_all(voicing, todo, cache, workers, progress)
    rates = set()
    segments = []
    for key, segment in zip(keys, edition.segments, strict=True):
        samples = 0
        if key:
            samples, rate = chunk_info(chunk_path(cache, key))
            rates.add(rate)
        segments.append(dataclasses.replace(segment, audio=key, samples=samples))
    if len(rates) > 1:
        raise EngineError(f"the engine returned mixed sample rates {sorted(rates)}")
    rate = rates.pop() if rates else 22050
    return edition.replace(segments=tuple(segments), sample_rate=rate), SynthReport(
        rendered=len(todo), cached=cached
    )


def render_all(
    voicing: Voicing,
    todo: list[tuple[str, str]],
    cache: Path,
    workers: int,
    progress: Progress | None = None,
) -> None:
    """Render (key, text) chunks into the cache, in worker processes when there are several."""
    if not todo:
        return
    errors: list[str] = []
    if workers <= 1 or len(todo) == 1:
        for key, text in todo:
            error = _render(voicing, text, str(chunk_path(cache, key)))
            if error:
                errors.append(error)
            if progress:
                progress(1)
    else:
        # forkserver: workers must not inherit the parent's threads (progress bars, eSpeak).
        method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else None
        context = multiprocessing.get_context(method)
        with ProcessPoolExecutor(
            max_workers=min(workers, len(todo)),
            mp_context=context,
            initializer=_init_worker,
            initargs=(voicing.engine,),
        ) as pool:
            # Longest chunks first, so no worker is left with a long one at the end.
            ordered = sorted(todo, key=lambda item: -len(item[1]))
            futures = [
                pool.submit(_render, voicing, text, str(chunk_path(cache, key)))
                for key, text in ordered
            ]
            for future in as_completed(futures):
                error = future.result()
                if error:
                    errors.append(error)
                if progress:
                    progress(1)
    if errors:
        raise EngineError(errors[0] + (f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""))


def cache_dir(out: Path, configured: str = "") -> Path:
    """The chunk cache: ``cache_dir`` if set, else ``<out>/.narrate/cache``."""
    return Path(os.path.expanduser(configured)) if configured else out / ".narrate" / "cache"
