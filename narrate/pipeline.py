"""The pipeline: read -> chunk -> normalise -> synthesise -> assemble -> publish.

Each stage is a function of an Edition; this module only strings them together and
decides what a build can skip. It never prints: progress goes through a callback.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import hashlib
import importlib
import json
import logging
import os
import stat
import threading
from collections import deque
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from narrate import __version__, rehearse
from narrate.assemble import assemble, episode_key, warm_pauses
from narrate.cache import Pruned, cache_dir, count_use, prune
from narrate.catalogue import edition_path
from narrate.config import Settings
from narrate.cover import keep_default
from narrate.edition import Edition, Episode
from narrate.encode import EncodeSpec, encode_spec
from narrate.engines import Engine, layout_for
from narrate.errors import ConfigError, InputError, NarrateError, WorkersError
from narrate.fsutil import sha256_file
from narrate.isolate import Named, Readers
from narrate.links import Added
from narrate.reader import find_articles, hash_file, keep_art, slug_for
from narrate.stamp import code_fingerprint
from narrate.supervise import locked, unexpected
from narrate.synthesise import Synthesiser, SynthReport, Voicing, synthesise, voicing_of
from narrate.voices import engine_for, located_voice

# start(label, total) returns advance(n); the CLI draws it, tests ignore it. A build also
# starts one task labelled "Articles" and advances it by one per article done.
ProgressFactory = Callable[[str, int], Callable[[int], None]]
# Why each article is skipped or rendered, at INFO (the CLI shows it with -v).
log = logging.getLogger("narrate.pipeline")


def os_error(exc: OSError) -> str:
    """A file system error as one line: what failed, on which file, and why."""
    where = f"{exc.filename}: " if exc.filename else ""
    return f"cannot write or read {where}{exc.strerror or exc}"


def failure(path: Path, exc: Exception) -> str:
    """One article's failure as one line that names the article."""
    if isinstance(exc, InputError):
        return str(exc)  # already names the file
    if not isinstance(exc, NarrateError | OSError):
        return f"{path}: {unexpected(exc)}"
    return f"{path}: {exc if isinstance(exc, NarrateError) else os_error(exc)}"


def _no_progress(label: str, total: int) -> Callable[[int], None]:
    return lambda n: None


# The stages before synthesis, also the pipeline's (``narrate.prepare``), loaded only when
# asked for: a build reads every article in a reading process, which loads them itself.
_PREPARE = ("prepare", "prepare_with_art", "speak", "lexicon_for")


def __getattr__(name: str) -> Any:
    if name in _PREPARE:
        return getattr(importlib.import_module("narrate.prepare"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def prepare_within(readers: Readers | None, path: Path, settings: Settings) -> Edition:
    """``prepare``, in one of ``readers``' processes within its time budget when given."""
    if readers is None:
        from narrate.prepare import prepare

        return prepare(path, settings)
    task = Named("narrate.prepare", "prepare_with_art")
    edition, art = readers.run(str(path), task, path, settings)
    if art is not None:
        keep_art(edition, art)
    return edition


def render_key(edition: Edition, voicing: Voicing, settings: Settings) -> str:
    """A hash of everything the episode's bytes depend on; equal keys mean nothing to redo.

    Made by the assemble stage from what it consumes (``narrate.assemble.episode_key``).
    """
    return episode_key(edition, voicing.key, settings)


# Settings that change how a build runs, never what it writes.
_RUN_ONLY = {"jobs", "scheduler", "cache_dir", "lexicons", "lexicon", "cover",
             "max_cache_mb", "keep_audio", "feed_items"}  # fmt: skip


@functools.lru_cache(maxsize=4)
def _shaping(settings: Settings) -> bytes:
    """The settings that can shape output, as JSON (made once per build, not per article)."""
    options = {k: v for k, v in dataclasses.asdict(settings).items() if k not in _RUN_ONLY}
    return json.dumps(options, sort_keys=True).encode()


def source_key(path: Path, settings: Settings, engine_version: str) -> str:
    """A hash of everything an episode depends on, known before reading the article.

    Deliberately more than the episode key (all of narrate's code, every setting that
    can shape output): equal means nothing changed; unequal only sends the article on to
    the episode key, which decides by the script itself.
    """
    digest = hashlib.sha256()
    # The encode spec names LAME's and numpy's versions: a new encoder re-checks everything.
    for part in (__version__.encode(), code_fingerprint().encode(), engine_version.encode(),
                 encode_spec(settings).ident().encode(), os.fsencode(path)):  # fmt: skip
        digest.update(part + b"\0")
    digest.update(_shaping(settings))
    # Streamed, after the checks the reader makes: a FIFO, a device or a file over the
    # size limit is refused here in one line, before a byte of it is read.
    hash_file(Path(path), settings.max_input_mb * 1024 * 1024, digest)
    try:
        extras = [p for p in (settings.cover, settings.jingle) if p]
        for extra in (*settings.lexicons, *extras):
            hash_file(Path(os.path.expanduser(extra)), _EXTRA_LIMIT, digest)
    except InputError:
        return ""  # unreadable: the full path reports the problem
    return digest.hexdigest()


# Settings files hashed into the source key (lexicons, cover, jingle) are read up to this.
_EXTRA_LIMIT = 256 * 1024 * 1024


def _why_read(previous: Edition | None, kept: Episode | None) -> str:
    """Why an article is read again instead of skipped (for ``-v``); ``kept`` is its intact
    previous episode."""
    if previous is None or previous.episode is None:
        return "it has no episode yet"
    if kept is None:
        return f"{previous.episode.file} or a file beside it is missing or changed"
    return "the article, a setting, a lexicon or narrate itself changed"


def _intact(out: Path, previous: Edition | None) -> Episode | None:
    """The previous episode, when it and every file it wrote are still in ``out``.

    The MP3 must have the size it was written with. One changed after its edition was
    saved (which happens after the MP3 is in place) is in doubt, and compared by hash:
    same-size bytes written over it are noticed, and an untouched one costs one stat.
    """
    if previous is None or previous.episode is None:
        return None
    episode = previous.episode
    mp3 = out / episode.file
    try:
        info = mp3.stat()
        if not stat.S_ISREG(info.st_mode) or info.st_size != episode.bytes:
            return None
        if not all((out / name).is_file() for name in episode.files):
            return None
        saved = edition_path(out, previous.slug).stat().st_mtime_ns
        if info.st_mtime_ns > saved and sha256_file(mp3) != episode.sha256:
            return None
    except OSError:
        return None
    return episode


def _now() -> str:
    # SOURCE_DATE_EPOCH makes first-render dates, and so feeds, reproducible.
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    try:
        moment = datetime.fromtimestamp(int(epoch), UTC) if epoch else datetime.now(UTC)
    except (ValueError, OverflowError, OSError):
        raise ConfigError(
            f"SOURCE_DATE_EPOCH must be whole seconds since 1970, not {epoch!r}"
        ) from None
    return moment.replace(microsecond=0).isoformat()


@dataclass(frozen=True)
class RenderResult:
    """One article's outcome: the edition, and whether and how much was synthesised."""

    edition: Edition
    synth: SynthReport
    skipped: bool


def _previous(out: Path, slug: str) -> Edition | None:
    try:
        return Edition.load(edition_path(out, slug))
    except (OSError, ValueError, TypeError, KeyError):
        return None


@dataclass(frozen=True)
class _Synthesised:
    """An article whose chunks are all rendered and encoded, waiting to be assembled."""

    edition: Edition
    report: SynthReport
    cache: Path
    key: str


@locked
def render(
    path: Path,
    out: Path,
    settings: Settings,
    progress: ProgressFactory = _no_progress,
    synthesiser: Synthesiser | None = None,
) -> RenderResult:
    """Render one article into ``out`` unless its episode there is already up to date.

    Two checks, both by content: the article's bytes with every setting and narrate's own
    code (no reading or normalising needed), then the spoken script itself.
    Pass a ``synthesiser`` to share its worker processes (or cluster) between articles.
    """
    job = _synthesise(path, out, settings, progress, synthesiser)
    if isinstance(job, RenderResult):
        return job
    result = _assemble(job, out, settings, relist=True)
    tidy_cache(out, settings, [result])
    return result


def published_keys(out: Path) -> set[str]:
    """The chunk keys of every episode published in ``out`` (from its catalogue)."""
    from narrate.catalogue import entries

    return {s.audio for e in entries(out, present=False) for s in e.edition.segments if s.audio}


@locked
def prune_cache(*, out: Path, settings: Settings) -> Pruned:
    """``narrate cache --prune``: drop what no published episode of ``out`` is made of.

    Then, with ``max_cache_mb``, the least recently used units until the cache fits.
    """
    root = cache_dir(out, settings.cache_dir)
    limit = settings.max_cache_mb * 1_000_000 if settings.max_cache_mb else None
    return prune(root, published_keys(out), max_bytes=limit, keep_audio=settings.keep_audio)


def tidy_cache(out: Path, settings: Settings, results: list[RenderResult]) -> None:
    """After a render or build: count the cache's hits and misses, and keep it in its bound.

    The bound (``max_cache_mb``) is applied only when something was added to the cache.
    """
    root = cache_dir(out, settings.cache_dir)
    hits = sum(r.synth.cached for r in results)
    misses = sum(r.synth.rendered + r.synth.encoded for r in results)
    count_use(root, hits, misses)
    if settings.max_cache_mb and misses:
        limit = settings.max_cache_mb * 1_000_000
        prune(root, published_keys(out), max_bytes=limit, unused=False,
              keep_audio=settings.keep_audio)  # fmt: skip


def _synthesise(
    path: Path,
    out: Path,
    settings: Settings,
    progress: ProgressFactory,
    synthesiser: Synthesiser | None,
    readers: Readers | None = None,
    engine: Engine | None = None,
) -> RenderResult | _Synthesised:
    """Everything up to assembly: a skipped result, or the synthesised edition.

    With ``readers``, the article is read in one of their processes, within its budget. A
    build passes its ``engine``, found once: finding it reads the installed packages'
    entry points, which cost more than checking an unchanged article.
    """
    engine = engine or engine_for(settings)
    fast = source_key(path, settings, engine.version())
    previous = _previous(out, slug_for(path))
    # Checked once per article (it may hash the MP3); the build lock keeps it true after.
    kept = _intact(out, previous)
    if previous is not None and kept is not None and previous.meta.get("source_key") == fast:
        log.info("%s: skipped: the article, the settings and narrate are unchanged", path)
        return RenderResult(previous, SynthReport(rendered=0, cached=0), skipped=True)
    log.info("%s: reading it: %s", path, _why_read(previous, kept))
    own = None
    if synthesiser is None:
        synthesiser = own = new_synthesiser(settings)
    try:
        return _prepare_and_synthesise(
            path, out, settings, progress, synthesiser, engine, previous, kept, fast, readers
        )
    finally:
        if own is not None:
            own.close()


def _prepare_and_synthesise(
    path: Path,
    out: Path,
    settings: Settings,
    progress: ProgressFactory,
    synthesiser: Synthesiser,
    engine: Engine,
    previous: Edition | None,
    kept: Episode | None,
    fast: str,
    readers: Readers | None = None,
) -> RenderResult | _Synthesised:
    if previous is None or previous.episode is None:
        # A new article: the workers start (and load the engine) while this process reads
        # and normalises it. An edited one usually needs a chunk or two: none start before
        # it is known how many, and a single chunk is spoken here (Synthesiser.render),
        # by an engine loaded while the article is read.
        synthesiser.start()
    elif not rehearse.active(str(path)):
        synthesiser.warm_here()
    edition = prepare_within(readers, path, settings)
    # The configured voice, or one that speaks the article's language (narrate.voices).
    voicing = voicing_of(engine, edition, settings)
    first = previous.first_rendered if previous and previous.first_rendered else _now()
    edition = edition.replace(first_rendered=first)
    key = render_key(edition, voicing, settings)
    edition = edition.replace(meta={**edition.meta, "source_key": fast})
    if previous is not None and kept is not None and kept.render_key == key:
        # Same script, same sound: remember the new source key so the next check is fast.
        previous = previous.replace(
            source_sha256=edition.source_sha256, meta={**previous.meta, "source_key": fast}
        )
        previous.save(edition_path(out, previous.slug))
        log.info("%s: skipped: what is spoken and how it sounds are unchanged", path)
        return RenderResult(previous, SynthReport(rendered=0, cached=0), skipped=True)
    log.info(
        "%s: rendering: %s", path,
        "a new episode" if kept is None else "the spoken text or the sound changed",
    )  # fmt: skip
    cache = cache_dir(out, settings.cache_dir)
    spec = encode_spec(settings)
    n_chunks = len({s.spoken for s in edition.segments if s.spoken.strip()})
    advance = progress(f"Synthesising {path.name}", n_chunks)
    if not settings.cover:
        # Drawn while the workers speak, not after them (then kept for every article, and
        # in the cache for the next build).
        threading.Thread(target=keep_default, args=(settings.title, cache), daemon=True).start()
    edition, report = synthesise(
        edition, voicing, cache, synthesiser, spec, advance, settings.keep_audio,
        ahead=functools.partial(_rehearsed, path, settings, spec)
        if rehearse.active(str(path)) else None,
    )  # fmt: skip
    advance(report.cached)
    if report.ahead:
        log.info(
            "%s: %d of its chunks spoken as the command started (the edit rehearsed)",
            path, report.ahead,
        )  # fmt: skip
    return _Synthesised(edition, report, cache, key)


# What assembling, publishing and checking an episode load on first use (some hundredths
# of a second): loaded while a rehearsal speaks the edit, when this process would only wait.
_FINISHING = ("narrate.publish", "narrate.check", "mutagen.mp3", "webvtt")


def _rehearsed(path: Path, settings: Settings, spec: EncodeSpec) -> frozenset[str]:
    """The chunks a rehearsal of this edit spoke as the command loaded (narrate.rehearse),
    once it has ended; meanwhile, on another thread, what assembling the episode encodes
    first, then what publishing and checking it load on first use."""

    def ahead() -> None:
        warm_pauses(settings, spec)
        for name in _FINISHING:
            with contextlib.suppress(ImportError):
                importlib.import_module(name)
        with contextlib.suppress(Exception):
            importlib.import_module("PIL.Image").preinit()  # Pillow and its common formats

    threading.Thread(target=ahead, daemon=True).start()
    return rehearse.wait(str(path))


def _assemble(
    job: _Synthesised, out: Path, settings: Settings, relist: bool = False
) -> RenderResult:
    """Assemble a synthesised article; with ``relist``, a published episode it replaces is
    listed in the feed again at once (a build catalogues it after each article, and its
    final publish lists it)."""
    from narrate.publish import publish_episode, withdraw

    # The feed must not list a file being replaced.
    listed = withdraw(out, job.edition.slug, settings)
    edition = assemble(job.edition, job.cache, out, settings, job.key)
    edition.save(edition_path(out, edition.slug))
    if listed and relist:
        publish_episode(out, edition, settings)
    return RenderResult(edition, job.report, skipped=False)


def new_synthesiser(settings: Settings) -> Synthesiser:
    """The synthesiser the settings ask for: local workers, or the Dask scheduler if set."""
    # The engine chooses how many workers it wants (Piper: as many as memory allows).
    voice = located_voice(settings)
    layout = layout_for(settings.engine, settings.jobs, settings.device, voice)
    return Synthesiser(settings.engine, layout.workers, settings.scheduler)


# What a build writes into its output folder besides each article's own files.
_EDITION_FILES = ("feed.xml", "index.html", "episodes.m3u", "cover.png")
_ARTICLE_FILES = (".mp3", ".html", ".vtt", ".srt", ".chapters.json", ".json")


def refuse_overwriting(articles: list[Path], out: Path) -> None:
    """Raise InputError when a file the build would write into ``out`` is one of its inputs."""
    writes = set(_EDITION_FILES)
    for path in articles:
        slug = slug_for(path)
        writes.update(slug + suffix for suffix in _ARTICLE_FILES)
    folder = out.resolve()
    for path in articles:
        if path.name in writes and path.resolve().parent == folder:
            raise InputError(
                f"{path}: is an input, and the build would write over it in {out}; "
                "build into another folder (--out)"
            )


def publish(out: Path, settings: Settings) -> tuple[bool, bool]:
    """Rewrite the feed and page from the editions in ``out``; (feed written, page written)."""
    from narrate.publish import publish as publish_catalogue

    done = publish_catalogue(out, settings)
    return done.feed, done.page


@dataclass
class BuildReport:
    """What a build did: per-article results, the errors it met, what it wrote."""

    results: list[RenderResult] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    feed_written: bool = False
    page_written: bool = False
    problems: list[str] = field(default_factory=list)
    # Articles not even read, on the build stamp's word (see ``build``): their summary lines.
    settled: list[str] = field(default_factory=list)

    @property
    def rendered_chunks(self) -> int:
        """Chunks synthesised across all articles."""
        return sum(r.synth.rendered for r in self.results)


@locked
def build(
    source: Path,
    out: Path,
    settings: Settings,
    progress: ProgressFactory = _no_progress,
    *,
    settled: Mapping[str, str] | None = None,
) -> BuildReport:
    """Render every new or changed article of ``source`` into ``out``, then publish.

    A bad article is reported and skipped; the others are still built. ``settled`` names
    articles known to be up to date (``narrate.stamp.settled``: unchanged, like all else,
    since the last complete build, their files untouched) with their summary lines: they
    are not read at all, so a build after one article is added to thousands costs that
    article, not the catalogue.
    """
    settled = settled or {}
    articles = find_articles(source)
    if not articles:
        raise InputError(f"{source}: no articles (*.txt, *.md, *.html, *.epub) in this folder")
    refuse_overwriting(articles, out)
    report = BuildReport()
    speaking: deque[tuple[Path, Future[RenderResult | _Synthesised]]] = deque()
    # Two articles are read and synthesised at once: the workers take the next article's
    # chunks while the last of this one's finish, instead of waiting for the main
    # process to read it. The synthesiser closes first on Ctrl-C (innermost).
    # Each article is read in a reading process, within a time budget: one that never
    # ends is left out, and a stop kills the readers at once (innermost, so first).
    with (
        ThreadPoolExecutor(1) as finisher,
        ThreadPoolExecutor(2) as speakers,
        new_synthesiser(settings) as synthesiser,
        Readers() as readers,
    ):
        run = _Build(out, settings, report, finisher, progress("Articles", len(articles)))
        engine = engine_for(settings)
        for path in _distinct(articles, report.errors):
            if path.name in settled:
                report.settled.append(settled[path.name])
                run.count()
                continue
            speech = speakers.submit(
                _synthesise, path, out, settings, progress, synthesiser, readers, engine
            )
            speaking.append((path, speech))
            if len(speaking) == 2:
                run.settle(*speaking.popleft())
        while speaking:
            run.settle(*speaking.popleft())
        run.collect()
    if report.errors and not report.results and not (out / "feed.xml").exists():
        # Nothing built and nothing published before: no feed to write (an empty one
        # would only add its own problems, such as its missing cover, to the real error).
        return report
    feed_written, report.page_written = publish(out, settings)
    report.feed_written = report.feed_written or feed_written
    tidy_cache(out, settings, report.results)
    from narrate.check import check_folder

    # What this build wrote is checked in depth; the rest was when it was written.
    written = {r.edition.episode.file for r in report.results
               if not r.skipped and r.edition.episode is not None}  # fmt: skip
    report.problems = check_folder(out, written)
    return report


def _distinct(articles: list[Path], errors: list[str]) -> Iterator[Path]:
    """The articles, but any whose outputs would be named like an earlier one's."""
    owners: dict[str, Path] = {}
    for path in articles:
        # Two articles whose names differ only in case or suffix would share outputs.
        owner = owners.setdefault(slug_for(path), path)
        if owner == path:
            yield path
        else:
            errors.append(
                f"{path}: its episode would be named like that of {owner.name} "
                f"({slug_for(path)}); rename one of them"
            )


class _Build:
    """The assembling and publishing side of a build, one article at a time.

    Assembling and publishing one article overlaps the synthesis of the next (on the
    ``finisher`` thread), so the worker processes never wait for the main process.
    """

    def __init__(
        self,
        out: Path,
        settings: Settings,
        report: BuildReport,
        finisher: ThreadPoolExecutor,
        advance: Callable[[int], None],
    ) -> None:
        self.out = out
        self.settings = settings
        self.report = report
        self.finisher = finisher
        self.finishing: Future[RenderResult | str] | None = None
        self.advance = advance  # the "Articles" progress task: one per article done
        self.counted = 0

    def count(self) -> None:
        """Advance the articles task to the outcomes recorded so far."""
        done = len(self.report.results) + len(self.report.errors) + len(self.report.settled)
        self.advance(done - self.counted)
        self.counted = done

    def settle(self, path: Path, speech: Future[RenderResult | _Synthesised]) -> None:
        """Take one article's synthesis; hand it to the finisher (after the previous one)."""
        try:
            job = speech.result()
        except WorkersError:
            # No article can be rendered: the build stops before it publishes anything.
            raise
        except Exception as exc:  # noqa: BLE001 - one article never stops the build
            self.collect()
            self.report.errors.append(failure(path, exc))
            self.count()
            return
        self.collect()
        if isinstance(job, RenderResult):
            self.report.results.append(job)
            self.count()
        else:
            self.finishing = self.finisher.submit(self.finish, path, job)

    def collect(self) -> None:
        """Wait for the article being finished, and record its outcome."""
        if self.finishing is not None:
            outcome = self.finishing.result()
            self.finishing = None
            if isinstance(outcome, str):
                self.report.errors.append(outcome)
            else:
                self.report.results.append(outcome)
        self.count()

    def finish(self, path: Path, job: _Synthesised) -> RenderResult | str:
        """Assemble and publish one synthesised article (on the finisher thread)."""
        from narrate.publish import publish_episode

        try:
            result = _assemble(job, self.out, self.settings)
            publish_episode(self.out, result.edition, self.settings, relist=False)
            return result
        except Exception as exc:  # noqa: BLE001 - one article never stops the build
            return failure(path, exc)


def record_build(
    argv: list[str], source: Path, out: Path, settings: Settings, config: Path | None,
    summary: list[str],
) -> None:  # fmt: skip
    """Write the build stamp after a complete build (see ``narrate.stamp.record``)."""
    from narrate import stamp

    stamp.record(argv, source, out, settings, config, summary)


def build_from_feed(
    source: str, out: Path, settings: Settings, progress: ProgressFactory | None = None
) -> BuildReport:
    """Read the feed at ``source`` (a file or URL), then build its entries into ``out``."""
    from narrate.feedin import sync
    from narrate.publish import remove

    synced = sync(source, out, settings)
    if settings.prune:
        for name in synced.gone:
            with contextlib.suppress(NarrateError):  # never rendered: nothing to remove
                remove(out, name, settings)
    report = build(synced.folder, out, settings, *([progress] if progress else []))
    report.errors[:0] = synced.errors
    return report


def add_links(
    urls: list[str], out: Path, settings: Settings, progress: ProgressFactory = _no_progress
) -> tuple[Added, BuildReport | None]:
    """Listen later: keep a snapshot of each page (``narrate.links``), then build the
    edition's links into ``out``; what was added, and the build (None if nothing to build)."""
    from narrate import links

    added = links.add(urls, out, settings)
    if not links.index(out):
        return added, None
    return added, build(links.folder(out), out, settings, progress)


def inbox_work(out: Path, settings: Settings) -> Callable[[str], None]:
    """What the server's inbox does with a link: add it, build it; NarrateError on failure."""

    def work(url: str) -> None:
        added, report = add_links([url], out, settings)
        if added.errors:
            raise InputError(added.errors[0])
        if report is not None and report.errors:
            raise NarrateError(report.errors[0])

    return work
