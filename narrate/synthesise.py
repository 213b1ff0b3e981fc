"""Synthesise: speak every segment and encode it, in parallel, through a content-addressed cache.

A chunk's cache key is a hash of its spoken text, the engine (its name, its version, the
code that drives it), the voice and the rate, so a rebuild renders only chunks it has
never rendered. The cache (``narrate.cache``) keeps, per encode spec, each chunk's
levelled MP3 frames, so an edit re-encodes only the chunks it touched; the engine's audio
only with ``keep_audio`` (then new audio settings re-encode without speaking again). Worker
processes (``narrate.workers``) each hold one engine for all the chunks they render, and
encode what they render at once.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import subprocess
import threading
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass
from pathlib import Path

from narrate.cache import ChunkCache, Unit, cache_dir, unit_id
from narrate.config import Settings
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
from narrate.provenance import code_hash
from narrate.workers import Task, Workers, prestart

__all__ = [
    "DASK_WINDOW",
    "SynthReport",
    "Synthesiser",
    "Unit",
    "Voicing",
    "cache_dir",
    "encode_chunk",
    "prestart",
    "process_chunk",
    "render_chunk",
    "synthesise",
    "voicing_for",
    "voicing_of",
]

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
    # The engine's own version, and the code that drives it (its module and what that
    # imports, e.g. the edge-silence trim): either changing gives every chunk a new key.
    version = f"{engine.version()}+{code_hash(type(engine).__module__)}"
    return Voicing(engine.name, voice or engine.default_voice(language), rate, version, options)


def voicing_of(engine: Engine, edition: Edition, settings: Settings, warn: bool = True) -> Voicing:
    """How the settings have ``engine`` read ``edition``: the voice for its language
    (``narrate.voices.choose_voice``; ``warn``: say when none speaks it), at their rate."""
    from narrate.engines import layout_for
    from narrate.voices import choose_voice

    voice = choose_voice(engine, edition.language, settings, warn)
    layout = layout_for(settings.engine, settings.jobs, settings.device, voice)
    return voicing_for(engine, edition.language, voice, settings.rate, layout.options)


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
    voicing: Voicing, spoken: str, spec: EncodeSpec, cached: Audio | None, keep: bool = True
) -> tuple[Audio | None, bytes, Unit] | str:
    """In a worker: render a chunk (unless its audio is given) and encode it.

    Returns the new audio (None when it was given; without ``keep``, empty: the cache
    will not keep it, so it is not sent back), the MP3 run and its facts, or an error line.
    """
    audio = cached
    if audio is None:
        rendered = render_chunk(voicing, spoken)
        if isinstance(rendered, str):
            return rendered
        audio = rendered
    mp3, unit = encode_chunk(audio, spec)
    if cached is not None:
        return None, mp3, unit
    return (audio if keep else Audio(b"", audio.sample_rate)), mp3, unit


@dataclass(frozen=True)
class SynthReport:
    """How many chunks a synthesis spoke, how many it only re-encoded, how many it reused;
    ``ahead``: of those it spoke, how many a rehearsal spoke before it asked
    (``narrate.rehearse``)."""

    rendered: int
    cached: int
    encoded: int = 0
    ahead: int = 0


# Chunks in flight on a Dask cluster at once: enough to keep many workers busy, few
# enough that the audio they carry stays small.
DASK_WINDOW = 64


def _warm(engine: str) -> None:
    """In a new worker: load the engine before its first chunk, if the engine can."""
    try:
        loaded = _engine(engine)
        getattr(loaded, "warm", loaded.voices)()
    except Exception:  # noqa: BLE001 - the first chunk reports what is wrong, in one line
        pass


def preload(engine: str) -> None:
    """Load, in this process, what speaking and encoding a chunk here needs (see ``render``):
    the engine's list of voices (the voice is chosen from it as soon as the article is
    read) and the engine itself (the one worker processes hold); meanwhile, on a thread of
    its own, numpy and the encoder's library (the engine's start is mostly a wait)."""
    threading.Thread(target=load_encoder, daemon=True).start()
    try:
        with _engine_lock:
            loaded = _engine(engine)
            loaded.voices()  # eSpeak NG's are listed by a program: a wait, not work
            getattr(loaded, "warm", loaded.voices)()
    except Exception:  # noqa: BLE001 - the chunk itself reports what is wrong, in one line
        pass


def load_encoder() -> None:
    """Load numpy and the encoder's library (what the first chunk's levelling needs)."""
    with contextlib.suppress(Exception):  # the first chunk reports what is wrong
        import numpy  # noqa: F401

        from narrate import lame

        lame.library()


class Synthesiser:
    """Renders chunks into the cache in local worker processes or on a Dask cluster.

    One instance serves a whole build, so worker processes (each holding one engine)
    start once, not once per article. Use it as a context manager.
    """

    def __init__(self, engine: str, workers: int = 1, scheduler: str = "") -> None:
        self.engine = engine
        self.workers = max(1, workers)
        self.scheduler = scheduler
        self._workers = Workers(self.workers, scheduler, warm=(_warm, (engine,)))
        self._warming: threading.Thread | None = None

    def __enter__(self) -> Synthesiser:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Stop the worker processes or disconnect from the cluster, for good."""
        self._workers.close()

    def start(self) -> None:
        """Start the local worker processes in the background and have each load the engine.

        Called before the article is read and normalised, so the workers' start-up
        overlaps that work instead of delaying the first chunk; returns at once. Does
        nothing for a single worker, a Dask cluster, or workers already started.
        """
        self._workers.start()

    def warm_here(self) -> None:
        """Start loading, in the background, what speaking a chunk in this process needs.

        For an edited article, as it is read: its one changed chunk is usually spoken here
        (``render``), and numpy and the engine then load while the article is read and
        its voice chosen, not after. Returns at once; does nothing when workers are started
        or a cluster is used, and after its first call.
        """
        if self.scheduler or self._workers.started or self._warming is not None:
            return
        self._warming = threading.Thread(target=preload, args=(self.engine,), daemon=True)
        self._warming.start()

    def render(
        self,
        voicing: Voicing,
        todo: list[tuple[str, str]],
        cache: Path | ChunkCache,
        spec: EncodeSpec,
        progress: Progress | None = None,
        keep_audio: bool = False,
    ) -> int:
        """Render and encode (key, text) chunks, storing each as soon as it arrives.

        Chunks whose audio is already cached are only encoded (for new audio settings);
        the audio of new ones is kept only with ``keep_audio``. Returns how many chunks
        were spoken.
        """
        store = cache if isinstance(cache, ChunkCache) else ChunkCache(cache)
        errors: list[str] = []
        spoken = 0

        # Tasks are named by unit (a cluster keeps results by name), results stored by chunk.
        chunk_of = {unit_id(key, spec): key for key, _ in todo}

        def done(name: str, result: tuple[Audio | None, bytes, Unit] | str) -> None:
            nonlocal spoken
            key = chunk_of[name]
            if isinstance(result, str):
                errors.append(result)
            else:
                audio, mp3, unit = result
                if audio is not None:
                    if audio.pcm:
                        store.store_audio(key, audio)
                    spoken += 1
                store.store_unit(key, spec, mp3, unit)
            if progress:
                progress(1)

        # Longest chunks first, so no worker is left alone with a long one at the end.
        ordered = sorted(todo, key=lambda item: (-len(item[1]), item[0]))
        # One chunk is spoken here, unless started workers already hold the engine.
        inline = len(todo) == 1 and not self._workers.started
        window = DASK_WINDOW if self.scheduler else 0
        tasks = _tasks(ordered, voicing, spec, store, keep_audio)
        self._workers.run(process_chunk, tasks, done, window=window, inline=inline)
        if errors:
            extra = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
            raise EngineError(errors[0] + extra)
        return spoken


def _tasks(
    ordered: list[tuple[str, str]],
    voicing: Voicing,
    spec: EncodeSpec,
    store: ChunkCache,
    keep_audio: bool,
) -> Iterator[Task]:
    """One task per chunk; its cached audio is read only as the task is submitted."""
    for key, text in ordered:
        yield unit_id(key, spec), (voicing, text, spec, store.read_audio(key), keep_audio)


def synthesise(
    edition: Edition,
    voicing: Voicing,
    cache: Path,
    synthesiser: Synthesiser,
    spec: EncodeSpec,
    progress: Progress | None = None,
    keep_audio: bool = False,
    ahead: Callable[[], Collection[str]] | None = None,
) -> tuple[Edition, SynthReport]:
    """Fill ``audio`` and ``samples`` of every segment; render and encode what the cache lacks.

    Afterwards the edition's sample rate is the output rate: every segment's ``samples``
    counts its speech at that rate. A damaged cache entry counts as missing (one warning).
    ``ahead``: it waits for what was already speaking chunks for this synthesis
    (``narrate.rehearse``) and names those it spoke: they are read (again, if missing when
    first looked for), and counted as spoken, not as found in the cache.
    """
    store = ChunkCache(cache)
    keys = [voicing.key(s.spoken) if s.spoken.strip() else "" for s in edition.segments]
    wanted = dict(
        sorted({k: s.spoken for k, s in zip(keys, edition.segments, strict=True) if k}.items())
    )
    units = {k: store.read_unit(k, spec) for k in wanted}
    early = 0
    if ahead is not None:
        spoken_ahead = ahead()
        for key in wanted:
            if key in spoken_ahead:
                units[key] = units[key] or store.read_unit(key, spec)
                early += units[key] is not None
        if progress and early:
            progress(early)
    todo = [(k, text) for k, text in wanted.items() if units[k] is None]
    spoken = synthesiser.render(voicing, todo, store, spec, progress, keep_audio) if todo else 0
    store.report_damage()
    segments = []
    for key, segment in zip(keys, edition.segments, strict=True):
        unit = units.get(key) or (store.read_unit(key, spec, check=False) if key else None)
        if key and unit is None:
            raise EngineError(f"chunk {key[:12]} was rendered but is not in the cache {cache}")
        samples = unit.samples if unit else 0
        segments.append(dataclasses.replace(segment, audio=key, samples=samples))
    report = SynthReport(
        rendered=spoken + early, cached=len(wanted) - len(todo) - early,
        encoded=len(todo) - spoken, ahead=early,
    )  # fmt: skip
    return edition.replace(segments=tuple(segments), sample_rate=spec.out_rate), report
