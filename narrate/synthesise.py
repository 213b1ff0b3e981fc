"""Synthesise: speak every segment and encode it, in parallel, through a content-addressed cache.

A chunk's cache key is a hash of its spoken text, the engine and its version, the voice
and the rate, so a rebuild renders only chunks it has never rendered. Each chunk is kept
twice under ``<cache>/<key[:2]>/``: the engine's audio trimmed of edge silence
(``<key>.wav``), and that audio levelled and encoded as a self-contained run of MP3 frames
(``<key>-<spec>.mp3`` with its facts in ``.json``), so assembling an episode is joining
frames, and an edit re-encodes only the chunks it touched. Worker processes each hold one
engine for all the chunks they render, and encode what they render at once.
"""

from __future__ import annotations

import dataclasses
import hashlib
import itertools
import json
import multiprocessing
import os
import signal
import socket
import subprocess
import threading
import wave
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from narrate.edition import Edition
from narrate.encode import (
    EncodeSpec,
    at_output_rate,
    encode,
    float_samples,
    frames,
    level_samples,
)
from narrate.engines import Audio, Engine, Options, get_engine, require, trim_silence
from narrate.errors import EngineError
from narrate.fsutil import atomic_path, write_if_changed

Progress = Callable[[int], None]


@dataclass(frozen=True)
class Voicing:
    """How chunks are spoken: engine, voice and rate (all part of each cache key)."""

    engine: str
    voice: str
    rate: int
    version: str
    # The engine's layout options (threads, device): how fast, not how it sounds; no key part.
    options: Options = ()

    def key(self, spoken: str) -> str:
        """The cache key of one chunk."""
        ident = "\0".join((self.engine, self.version, self.voice, str(self.rate), spoken))
        return hashlib.sha256(ident.encode("utf-8")).hexdigest()


def voicing_for(
    engine: Engine, language: str, voice: str, rate: int, options: Options = ()
) -> Voicing:
    """Resolve the voice for a language (unless one is given) into a Voicing."""
    require(engine)
    return Voicing(engine.name, voice or engine.default_voice(language), rate, engine.version(),
                   options)  # fmt: skip


def chunk_path(cache: Path, key: str) -> Path:
    """Where the chunk with ``key`` lives in the cache."""
    return cache / key[:2] / f"{key}.wav"


def read_chunk(path: Path) -> Audio:
    """Load a cached chunk."""
    with wave.open(str(path), "rb") as wav:
        return Audio(wav.readframes(wav.getnframes()), wav.getframerate())


@dataclass(frozen=True)
class Unit:
    """A chunk encoded as MP3 frames, and what assembly needs to know of it.

    frames: MPEG frames in the run; samples: length of the speech at the output rate;
    gain_db: levelling gain (None for silence); lufs: loudness of the levelled audio.
    """

    frames: int
    samples: int
    gain_db: float | None
    lufs: float | None


def unit_stem(cache: Path, key: str, spec: EncodeSpec) -> Path:
    """Where the encoded run of chunk ``key`` lives (add .mp3 or .json)."""
    tag = hashlib.sha256(spec.ident().encode()).hexdigest()[:12]
    return cache / key[:2] / f"{key}-{tag}"


def read_unit(cache: Path, key: str, spec: EncodeSpec) -> Unit:
    """The facts of an encoded run."""
    return Unit(**json.loads(unit_stem(cache, key, spec).with_suffix(".json").read_text()))


def _unit_cached(cache: Path, key: str, spec: EncodeSpec) -> bool:
    stem = unit_stem(cache, key, spec)
    return stem.with_suffix(".json").is_file() and stem.with_suffix(".mp3").is_file()


def _store_unit(cache: Path, key: str, spec: EncodeSpec, mp3: bytes, unit: Unit) -> None:
    stem = unit_stem(cache, key, spec)
    # The frames first: a unit counts as cached only once its facts are written.
    write_if_changed(stem.with_suffix(".mp3"), mp3)
    write_if_changed(stem.with_suffix(".json"), json.dumps(dataclasses.asdict(unit)).encode())


def _store(path: Path, audio: Audio) -> None:
    with atomic_path(path) as tmp, wave.open(str(tmp), "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(audio.sample_rate)
        wav.writeframes(audio.pcm)


# One engine per worker process (local pool or Dask worker), created on first use and reused.
_worker_engines: dict[tuple[str, Options], Engine] = {}
_engine_lock = threading.Lock()


def _engine(name: str, options: Options = ()) -> Engine:
    engine = _worker_engines.get((name, options))
    if engine is None:
        engine = _worker_engines[name, options] = get_engine(name, options)
    return engine


def render_chunk(voicing: Voicing, spoken: str) -> Audio | str:
    """Render one chunk, trimmed of edge silence, or return the error line (in a worker).

    Errors come back as values, not exceptions, so one bad chunk never tears down a pool
    or a cluster, and the message reaches the user intact.
    """
    try:
        # A Dask worker may run tasks on several threads; an engine serves one at a time.
        with _engine_lock:
            engine = _engine(voicing.engine, voicing.options)
            audio = engine.synthesize(spoken, voicing.voice, voicing.rate)
        return trim_silence(audio)
    except EngineError as exc:
        return str(exc)
    except subprocess.TimeoutExpired as exc:
        return f"{voicing.engine} gave no audio within {exc.timeout:.0f} s"
    except OSError as exc:
        return f"{voicing.engine} could not run: {exc.strerror or exc}"


def encode_chunk(audio: Audio, spec: EncodeSpec) -> tuple[bytes, Unit]:
    """Level a chunk to the target loudness and encode it as a run of MP3 frames."""
    levelled, gain, lufs = level_samples(float_samples(audio.pcm), audio.sample_rate, spec)
    pcm, rate = at_output_rate(levelled, audio.sample_rate, spec)
    mp3 = encode(pcm, rate, spec)
    samples = len(pcm) // 2 * spec.out_rate // rate
    return mp3, Unit(frames=frames(mp3), samples=samples, gain_db=gain, lufs=lufs)


def process_chunk(
    voicing: Voicing, spoken: str, spec: EncodeSpec, cached: Audio | None
) -> tuple[Audio | None, bytes, Unit] | str:
    """In a worker: render a chunk (unless its audio is given) and encode it.

    Returns the new audio (None when it was given), the MP3 run and its facts, or an
    error line.
    """
    audio = cached
    if audio is None:
        rendered = render_chunk(voicing, spoken)
        if isinstance(rendered, str):
            return rendered
        audio = rendered
    mp3, unit = encode_chunk(audio, spec)
    return (None if cached is not None else audio), mp3, unit


@dataclass(frozen=True)
class SynthReport:
    """How many chunks a synthesis spoke, how many it only re-encoded, how many it reused."""

    rendered: int
    cached: int
    encoded: int = 0


# Chunks in flight on a Dask cluster at once: enough to keep many workers busy, few
# enough that the audio they carry stays small.
DASK_WINDOW = 64


def _quiet_worker() -> None:
    """Leave Ctrl-C to the main process, which stops the pool and says so in one line."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _warm(engine: str) -> None:
    """In a new worker: load the engine before its first chunk, if the engine can."""
    try:
        loaded = _engine(engine)
        getattr(loaded, "warm", loaded.voices)()
    except Exception:  # noqa: BLE001 - the first chunk reports what is wrong, in one line
        pass


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


def _context():  # noqa: ANN202
    # forkserver: workers must not inherit the parent's threads (progress bars).
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("forkserver" if "forkserver" in methods else None)
    if context.get_start_method() == "forkserver":
        # Workers fork from a server that has already imported the engine and encoder
        # code, so each starts in milliseconds instead of importing it.
        context.set_forkserver_preload(["narrate.synthesise", "numpy"])
    return context


def prestart() -> None:
    """Start the server local workers fork from, in the background, and return at once.

    Called as a command that may synthesise starts, before its settings are even read,
    so the server's own start-up (importing numpy and the encoder) overlaps the main
    process's. A command that then renders nothing, or uses one worker or a Dask cluster,
    has lost only that background work: the server ends with the process.
    """
    if (os.cpu_count() or 1) > 1 and _context().get_start_method() == "forkserver":
        from multiprocessing import forkserver

        threading.Thread(target=forkserver.ensure_running, daemon=True).start()


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
        # A build synthesises two articles at once, from two threads.
        self._lock = threading.RLock()
        self._starting: threading.Thread | None = None
        self._closed = threading.Event()

    def __enter__(self) -> Synthesiser:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Stop the worker processes or disconnect from the cluster, for good."""
        self._closed.set()
        if self._starting is not None:
            self._starting.join()
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None
        if self._client is not None:
            self._client.close()
            self._client = None

    def start(self) -> None:
        """Start the local worker processes in the background and have each load the engine.

        Called before the article is read and normalised, so the workers' start-up
        overlaps that work instead of delaying the first chunk; returns at once. Does
        nothing for a single worker, a Dask cluster, or workers already started.
        """
        with self._lock:
            started = self._pool is not None or self._starting is not None
            if self.scheduler or self.workers == 1 or started:
                return
            self._starting = threading.Thread(target=self._spin_up, daemon=True)
            self._starting.start()

    def _spin_up(self) -> None:
        pool = self._local_pool()
        for _ in range(self.workers):
            pool.submit(_warm, self.engine)

    def _started_pool(self) -> ProcessPoolExecutor:
        """The local pool, once a start begun in the background has finished."""
        if self._starting is not None and self._starting is not threading.current_thread():
            self._starting.join()
        return self._local_pool()

    def _local_pool(self) -> ProcessPoolExecutor:
        with self._lock:
            if self._pool is None:
                self._pool = ProcessPoolExecutor(
                    max_workers=self.workers, mp_context=_context(), initializer=_quiet_worker
                )
            return self._pool

    def _dask(self):  # noqa: ANN202
        with self._lock:
            return self._dask_client()

    def _dask_client(self):  # noqa: ANN202
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
        spec: EncodeSpec,
        progress: Progress | None = None,
    ) -> None:
        """Render and encode (key, text) chunks, storing each as soon as it arrives.

        Chunks whose audio is already cached are only encoded (for new audio settings).
        """
        if not todo:
            return
        errors: list[str] = []

        def done(key: str, result: tuple[Audio | None, bytes, Unit] | str) -> None:
            if isinstance(result, str):
                errors.append(result)
            else:
                audio, mp3, unit = result
                if audio is not None:
                    _store(chunk_path(cache, key), audio)
                _store_unit(cache, key, spec, mp3, unit)
            if progress:
                progress(1)

        def cached_audio(key: str) -> Audio | None:
            path = chunk_path(cache, key)
            return read_chunk(path) if path.exists() else None

        # Longest chunks first, so no worker is left alone with a long one at the end.
        ordered = sorted(todo, key=lambda item: (-len(item[1]), item[0]))
        if self.scheduler:
            client = self._dask()
            from dask.distributed import as_completed as dask_completed

            queue = iter(ordered)
            futures: dict = {}
            running = dask_completed()

            def submit(key: str, text: str) -> None:
                future = client.submit(
                    process_chunk, voicing, text, spec, cached_audio(key),
                    key=f"narrate-{key}-{spec.ident()}", pure=True,
                )  # fmt: skip
                futures[future] = key
                running.add(future)

            # A bounded window in flight, as for local workers: re-encoding sends audio along.
            for key, text in itertools.islice(queue, DASK_WINDOW):
                submit(key, text)
            # Each result is dropped once stored (pop): holding them would keep the whole
            # episode's audio in memory until the last chunk arrives.
            for future in running:
                done(futures.pop(future), future.result())
                for key, text in itertools.islice(queue, 1):
                    submit(key, text)
        elif self.workers == 1 or (
            len(todo) == 1 and self._pool is None and self._starting is None
        ):
            # One chunk is spoken here, unless started workers already hold the engine.
            for key, text in ordered:
                done(key, process_chunk(voicing, text, spec, cached_audio(key)))
        else:
            pool = self._started_pool()
            # A bounded window of tasks in flight: each holds its chunk's audio when only
            # re-encoding, so submitting a whole book at once would hold the book.
            queue = iter(ordered)
            jobs: dict = {}
            try:
                for key, text in itertools.islice(queue, 4 * self.workers):
                    jobs[pool.submit(process_chunk, voicing, text, spec, cached_audio(key))] = key
                while jobs:
                    # With a timeout: a future cancelled by close() (Ctrl-C in a build,
                    # whose main thread is elsewhere) never wakes a plain wait.
                    finished, _ = wait(jobs, timeout=0.5, return_when=FIRST_COMPLETED)
                    if self._closed.is_set():
                        raise EngineError("synthesis was stopped before every chunk was spoken")
                    for future in finished:
                        done(jobs.pop(future), future.result())
                        for key, text in itertools.islice(queue, 1):
                            job = pool.submit(process_chunk, voicing, text, spec, cached_audio(key))
                            jobs[job] = key
            except BrokenProcessPool:
                self._pool = None
                raise EngineError(
                    "a synthesis worker process died (out of memory, or killed); "
                    "run again, or use --jobs 1"
                ) from None
        if errors:
            extra = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
            raise EngineError(errors[0] + extra)


def synthesise(
    edition: Edition,
    voicing: Voicing,
    cache: Path,
    synthesiser: Synthesiser,
    spec: EncodeSpec,
    progress: Progress | None = None,
) -> tuple[Edition, SynthReport]:
    """Fill ``audio`` and ``samples`` of every segment; render and encode what the cache lacks.

    Afterwards the edition's sample rate is the output rate: every segment's ``samples``
    counts its speech at that rate.
    """
    keys = [voicing.key(s.spoken) if s.spoken.strip() else "" for s in edition.segments]
    wanted = dict(
        sorted({k: s.spoken for k, s in zip(keys, edition.segments, strict=True) if k}.items())
    )
    todo = [(k, text) for k, text in wanted.items() if not _unit_cached(cache, k, spec)]
    spoken = sum(1 for k, _ in todo if not chunk_path(cache, k).exists())
    synthesiser.render(voicing, todo, cache, spec, progress)
    segments = []
    for key, segment in zip(keys, edition.segments, strict=True):
        samples = read_unit(cache, key, spec).samples if key else 0
        segments.append(dataclasses.replace(segment, audio=key, samples=samples))
    report = SynthReport(
        rendered=spoken, cached=len(wanted) - len(todo), encoded=len(todo) - spoken
    )
    return edition.replace(segments=tuple(segments), sample_rate=spec.out_rate), report


def cache_dir(out: Path, configured: str = "") -> Path:
    """The chunk cache: ``cache_dir`` if set, else ``<out>/.narrate/cache``."""
    return Path(os.path.expanduser(configured)) if configured else out / ".narrate" / "cache"
