"""The pipeline: read -> chunk -> normalise -> synthesise -> assemble -> publish.

Each stage is a function of an Edition; this module only strings them together and
decides what a build can skip. It never prints: progress goes through a callback.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import logging
import os
import stat
import threading
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from narrate import __version__
from narrate.assemble import assemble, episode_key
from narrate.cache import cache_dir
from narrate.catalogue import edition_path
from narrate.chunker import chunk
from narrate.config import Settings
from narrate.cover import default_cover
from narrate.edition import Edition, Episode
from narrate.encode import encode_spec
from narrate.engines import Engine, layout_for
from narrate.errors import ConfigError, InputError, NarrateError
from narrate.fsutil import sha256_file
from narrate.intro import frame
from narrate.normalise import Lexicon, normalise
from narrate.reader import ARTICLE_SUFFIXES, read_article, read_options, slug_for
from narrate.stamp import code_fingerprint
from narrate.supervise import locked, unexpected
from narrate.synthesise import Synthesiser, SynthReport, Voicing, synthesise, voicing_for
from narrate.voices import choose_voice, engine_for, located_voice

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


def speak(edition: Edition, lexicon: Lexicon | None = None) -> Edition:
    """The normalise stage: fill every segment's spoken text from its written text."""
    segments = tuple(
        dataclasses.replace(s, spoken=normalise(s.text, edition.language, lexicon))
        for s in edition.segments
    )
    return edition.replace(segments=segments)


@functools.lru_cache(maxsize=8)
def _load_lexicon(files: tuple[str, ...], stamps: tuple[int, ...]) -> Lexicon | None:
    return Lexicon.load_many([Path(f) for f in files]) if files else None


def lexicon_for(settings: Settings) -> Lexicon | None:
    """The merged lexicon of the settings' files, loaded once per build (reloaded if edited)."""
    stamps = tuple(Path(f).stat().st_mtime_ns for f in settings.lexicons)
    return _load_lexicon(settings.lexicons, stamps)


def prepare(path: Path, settings: Settings) -> Edition:
    """Read, chunk and normalise an article: everything before synthesis."""
    edition = read_article(path, read_options(settings))
    edition = chunk(edition, settings.max_chunk_chars)
    edition = frame(edition, settings)
    return speak(edition, lexicon_for(settings))


def render_key(edition: Edition, voicing: Voicing, settings: Settings) -> str:
    """A hash of everything the episode's bytes depend on; equal keys mean nothing to redo.

    Made by the assemble stage from what it consumes (``narrate.assemble.episode_key``).
    """
    return episode_key(edition, voicing.key, settings)


# Settings that change how a build runs, never what it writes.
_RUN_ONLY = {"jobs", "scheduler", "cache_dir", "lexicons", "lexicon", "cover"}


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
    options = {k: v for k, v in dataclasses.asdict(settings).items() if k not in _RUN_ONLY}
    digest.update(json.dumps(options, sort_keys=True).encode())
    try:
        digest.update(Path(path).read_bytes())
        extras = [p for p in (settings.cover, settings.jingle) if p]
        for extra in (*settings.lexicons, *extras):
            digest.update(Path(os.path.expanduser(extra)).read_bytes())
    except OSError:
        return ""  # unreadable: the full path reports the problem
    return digest.hexdigest()


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
    return job if isinstance(job, RenderResult) else _assemble(job, out, settings, relist=True)


def _synthesise(
    path: Path,
    out: Path,
    settings: Settings,
    progress: ProgressFactory,
    synthesiser: Synthesiser | None,
) -> RenderResult | _Synthesised:
    """Everything up to assembly: a skipped result, or the synthesised edition."""
    engine = engine_for(settings)
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
            path, out, settings, progress, synthesiser, engine, previous, kept, fast
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
) -> RenderResult | _Synthesised:
    # The workers start (and load the engine) while this process reads and normalises.
    synthesiser.start()
    edition = prepare(path, settings)
    # The configured voice, or one that speaks the article's language (narrate.voices).
    voice = choose_voice(engine, edition.language, settings)
    layout = layout_for(settings.engine, settings.jobs, settings.device, voice)
    voicing = voicing_for(engine, edition.language, voice, settings.rate, layout.options)
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
        # Drawn while the workers speak, not after them (then kept for every article).
        threading.Thread(target=default_cover, args=(settings.title,), daemon=True).start()
    edition, report = synthesise(edition, voicing, cache, synthesiser, spec, advance)
    advance(report.cached)
    return _Synthesised(edition, report, cache, key)


def _assemble(
    job: _Synthesised, out: Path, settings: Settings, relist: bool = False
) -> RenderResult:
    """Assemble a synthesised article; with ``relist``, a published episode it replaces is
    listed in the feed again at once (a build lists it itself, after each article)."""
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


def find_articles(folder: Path) -> list[Path]:
    """Article files in ``folder`` (not recursive), sorted by name."""
    if not folder.is_dir():
        raise InputError(f"{folder}: no such folder of articles")
    try:
        return sorted(
            p for p in folder.iterdir()
            if p.is_file() and p.suffix.lower() in ARTICLE_SUFFIXES and not p.name.startswith(".")
        )  # fmt: skip
    except OSError as exc:
        raise InputError(f"{folder}: cannot read the folder ({exc.strerror})") from None


# What a build writes into its output folder besides each article's own files.
_EDITION_FILES = ("feed.xml", "index.html", "episodes.m3u", "cover.png")
_ARTICLE_FILES = (".mp3", ".html", ".vtt", ".srt", ".chapters.json", ".json")


def refuse_overwriting(articles: list[Path], out: Path) -> None:
    """Raise InputError when a file the build would write into ``out`` is one of its inputs."""
    writes = set(_EDITION_FILES)
    for path in articles:
        writes.update(slug_for(path) + suffix for suffix in _ARTICLE_FILES)
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
) -> BuildReport:
    """Render every new or changed article of ``source`` into ``out``, then publish.

    A bad article is reported and skipped; the others are still built.
    """
    articles = find_articles(source)
    if not articles:
        raise InputError(f"{source}: no articles (*.txt, *.md, *.html, *.epub) in this folder")
    refuse_overwriting(articles, out)
    report = BuildReport()
    speaking: deque[tuple[Path, Future[RenderResult | _Synthesised]]] = deque()
    # Two articles are read and synthesised at once: the workers take the next article's
    # chunks while the last of this one's finish, instead of waiting for the main
    # process to read it. The synthesiser closes first on Ctrl-C (innermost).
    with (
        ThreadPoolExecutor(1) as finisher,
        ThreadPoolExecutor(2) as speakers,
        new_synthesiser(settings) as synthesiser,
    ):
        run = _Build(out, settings, report, finisher, progress("Articles", len(articles)))
        for path in _distinct(articles, report.errors):
            speech = speakers.submit(_synthesise, path, out, settings, progress, synthesiser)
            speaking.append((path, speech))
            if len(speaking) == 2:
                run.settle(*speaking.popleft())
        while speaking:
            run.settle(*speaking.popleft())
        run.collect()
    feed_written, report.page_written = publish(out, settings)
    report.feed_written = report.feed_written or feed_written
    from narrate.check import check_folder

    report.problems = check_folder(out)
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
        done = len(self.report.results) + len(self.report.errors)
        self.advance(done - self.counted)
        self.counted = done

    def settle(self, path: Path, speech: Future[RenderResult | _Synthesised]) -> None:
        """Take one article's synthesis; hand it to the finisher (after the previous one)."""
        try:
            job = speech.result()
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
            if publish_episode(self.out, result.edition, self.settings):
                self.report.feed_written = True
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
