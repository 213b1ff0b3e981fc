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
import socket
import threading
import wave
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

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


# One engine per worker process (local pool or Dask worker), created on first use and reused.
_worker_engines: dict[str, Engine] = {}
_engine_lock = threading.Lock()


def _engine(name: str) -> Engine:
    engine = _worker_engines.get(name)
    if engine is None:
        engine = _worker_engines[name] = get_engine(name)
    return engine


def render_chunk(voicing: Voicing, spoken: str) -> Audio | str:
    """Render one chunk, trimmed of edge silence, or return the error line (in a worker).

    Errors come back as values, not exceptions, so one bad chunk never tears down a pool
    or a cluster, and the message reaches the user intact.
    """
    try:
        # A Dask worker may run tasks on several threads; an engine serves one at a time.
        with _engine_lock:
            audio = _engine(voicing.engine).synthesize(spoken, voicing.voice, voicing.rate)
        return trim_silence(audio)
    except EngineError as exc:
        return str(exc)


@dataclass(frozen=True)
class SynthReport:
    """How many chunks a synthesis needed and how many it found in the cache."""

    rendered: int
    cached: int


def _probe(address: str) -> None:
    """Fail at once, not after a long client timeout, when nothing listens at ``address``."""
    parsed = urlsplit(address)
    if parsed.scheme not in ("tcp", "tls") or not parsed.hostname or not parsed.port:
        return  # other transports (inproc, ucx): let Dask judge
    try:
        socket.create_connection((parsed.hostname, parsed.port), timeout=5).close()
    except OSError as exc:
        raise EngineError(
            f"cannot reach the Dask scheduler {address}: {exc.strerror or exc}; "
            "start one with `dask scheduler`"
        ) from None


class Synthesiser:
    """Renders chunks into the cache in local worker processes or on a Dask cluster.

    One instance serves a whole build, so worker processes (each holding one engine)
    start once, not once per article. Use it as a context manager.
    """

    def __init__(self, engine: str, workers: int = 1, scheduler: str = "") -> None:
        self.engine = engine
        self.workers = max(1, workers)
        self.scheduler = scheduler
        self._pool: ProcessPoolExecutor | None = None
        self._client = None

    def __enter__(self) -> Synthesiser:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Stop the worker processes or disconnect from the cluster."""
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None
        if self._client is not None:
            self._client.close()
            self._client = None

    def _local_pool(self) -> ProcessPoolExecutor:
        if self._pool is None:
            # forkserver: workers must not inherit the parent's threads (progress bars).
            methods = multiprocessing.get_all_start_methods()
            context = multiprocessing.get_context("forkserver" if "forkserver" in methods else None)
            self._pool = ProcessPoolExecutor(max_workers=self.workers, mp_context=context)
        return self._pool

    def _dask(self):  # noqa: ANN202
        if self._client is None:
            try:
                from dask.distributed import Client
            except ImportError:
                raise EngineError(
                    "a Dask scheduler was given but dask is not installed: "
                    "pip install 'narrate[dask]'"
                ) from None
            _probe(self.scheduler)
            try:
                self._client = Client(self.scheduler, timeout="30s")
            except (OSError, TimeoutError) as exc:
                raise EngineError(
                    f"cannot reach the Dask scheduler {self.scheduler}: {exc}"
                ) from None
        return self._client

    def render(
        self,
        voicing: Voicing,
        todo: list[tuple[str, str]],
        cache: Path,
        progress: Progress | None = None,
    ) -> None:
        """Render (key, text) chunks and store each in the cache as soon as it arrives."""
        if not todo:
            return
        errors: list[str] = []

        def done(key: str, result: Audio | str) -> None:
            if isinstance(result, str):
                errors.append(result)
            else:
                _store(chunk_path(cache, key), result)
            if progress:
                progress(1)

        # Longest chunks first, so no worker is left alone with a long one at the end.
        ordered = sorted(todo, key=lambda item: (-len(item[1]), item[0]))
        if self.scheduler:
            client = self._dask()
            futures = {
                client.submit(render_chunk, voicing, text, key=f"narrate-{key}", pure=True): key
                for key, text in ordered
            }
            from dask.distributed import as_completed as dask_completed

            # Each result is dropped once stored (pop): holding them would keep the whole
            # episode's audio in memory until the last chunk arrives.
            for future in dask_completed(futures):
                done(futures.pop(future), future.result())
        elif self.workers == 1 or len(todo) == 1:
            for key, text in ordered:
                done(key, render_chunk(voicing, text))
        else:
            pool = self._local_pool()
            jobs = {pool.submit(render_chunk, voicing, text): key for key, text in ordered}
            for future in as_completed(jobs):
                done(jobs.pop(future), future.result())
        if errors:
            extra = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
            raise EngineError(errors[0] + extra)


def synthesise(
    edition: Edition,
    voicing: Voicing,
    cache: Path,
    synthesiser: Synthesiser,
    progress: Progress | None = None,
) -> tuple[Edition, SynthReport]:
    """Fill ``audio`` and ``samples`` of every segment; render what the cache lacks."""
    keys = [voicing.key(s.spoken) if s.spoken.strip() else "" for s in edition.segments]
    wanted = dict(
        sorted({k: s.spoken for k, s in zip(keys, edition.segments, strict=True) if k}.items())
    )
    todo = [(k, text) for k, text in wanted.items() if not chunk_path(cache, k).exists()]
    synthesiser.render(voicing, todo, cache, progress)
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
    report = SynthReport(rendered=len(todo), cached=len(wanted) - len(todo))
    return edition.replace(segments=tuple(segments), sample_rate=rate), report


def cache_dir(out: Path, configured: str = "") -> Path:
    """The chunk cache: ``cache_dir`` if set, else ``<out>/.narrate/cache``."""
    return Path(os.path.expanduser(configured)) if configured else out / ".narrate" / "cache"
