"""The pipeline: read -> chunk -> normalise -> synthesise -> assemble -> publish.

Each stage is a function of an Edition; this module only strings them together and
decides what a build can skip. It never prints: progress goes through a callback.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import os
import shutil
import threading
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from narrate import __version__
from narrate import assemble as assembly
from narrate.assemble import assemble
from narrate.catalogue import edition_path
from narrate.chunker import chunk
from narrate.config import Settings
from narrate.cover import default_cover
from narrate.edition import Edition
from narrate.engines import Engine, get_engine, layout_for
from narrate.errors import ConfigError, InputError, NarrateError
from narrate.intro import frame
from narrate.normalise import Lexicon, normalise
from narrate.reader import ARTICLE_SUFFIXES, read_article, slug_for
from narrate.stamp import code_fingerprint
from narrate.synthesise import (
    Synthesiser,
    SynthReport,
    Voicing,
    cache_dir,
    synthesise,
    voicing_for,
)

# start(label, total) returns advance(n); the CLI draws it, tests ignore it.
ProgressFactory = Callable[[str, int], Callable[[int], None]]


def os_error(exc: OSError) -> str:
    """A file system error as one line: what failed, on which file, and why."""
    where = f"{exc.filename}: " if exc.filename else ""
    return f"cannot write or read {where}{exc.strerror or exc}"


def failure(path: Path, exc: NarrateError | OSError) -> str:
    """One article's failure as one line that names the article."""
    if isinstance(exc, InputError):
        return str(exc)  # already names the file
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
    edition = read_article(path)
    edition = chunk(edition, settings.max_chunk_chars)
    edition = frame(edition, settings)
    return speak(edition, lexicon_for(settings))


def render_key(edition: Edition, voicing: Voicing, settings: Settings) -> str:
    """A hash of everything the episode's bytes depend on; equal keys mean nothing to redo."""
    ident = {
        "narrate": __version__,
        "assembly": [assembly.VERSION, settings.chapter_minutes, settings.cover,
                     _stamp(settings.cover)],
        "voicing": dataclasses.asdict(voicing),
        "audio": [settings.bitrate, settings.sample_rate, settings.pause_sentence_ms,
                  settings.pause_paragraph_ms, settings.pause_section_ms],
        "tags": [edition.title, edition.author, edition.date, edition.language,
                 settings.title, settings.author],
        # The written text too: transcripts, chapters and pages show it.
        "segments": [[s.kind, s.paragraph, s.spoken, s.text] for s in edition.segments],
    }  # fmt: skip
    return hashlib.sha256(json.dumps(ident, sort_keys=True).encode()).hexdigest()


def _stamp(path: str) -> list[int]:
    # A replaced cover image must re-tag the episodes that embed it.
    try:
        info = Path(os.path.expanduser(path)).stat() if path else None
    except OSError:
        info = None
    return [info.st_size, info.st_mtime_ns] if info else []


# Settings that change how a build runs, never what it writes.
_RUN_ONLY = {"jobs", "scheduler", "cache_dir", "lexicons", "lexicon", "cover"}


def source_key(path: Path, settings: Settings, engine_version: str) -> str:
    """A hash of everything an episode depends on, known before reading the article."""
    digest = hashlib.sha256()
    for part in (__version__.encode(), code_fingerprint().encode(), engine_version.encode(),
                 os.fsencode(path)):  # fmt: skip
        digest.update(part + b"\0")
    options = {k: v for k, v in dataclasses.asdict(settings).items() if k not in _RUN_ONLY}
    digest.update(json.dumps(options, sort_keys=True).encode())
    try:
        digest.update(Path(path).read_bytes())
        for extra in (*settings.lexicons, *([settings.cover] if settings.cover else [])):
            digest.update(Path(os.path.expanduser(extra)).read_bytes())
    except OSError:
        return ""  # unreadable: the full path reports the problem
    return digest.hexdigest()


def _intact(out: Path, previous: Edition | None) -> bool:
    """True when a rendered episode and every file it wrote are still in ``out``."""
    if previous is None or previous.episode is None:
        return False
    mp3 = out / previous.episode.file
    return (
        mp3.is_file()
        and mp3.stat().st_size == previous.episode.bytes
        and all((out / name).is_file() for name in previous.episode.files)
    )


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
    return job if isinstance(job, RenderResult) else _assemble(job, out, settings)


def _synthesise(
    path: Path,
    out: Path,
    settings: Settings,
    progress: ProgressFactory,
    synthesiser: Synthesiser | None,
) -> RenderResult | _Synthesised:
    """Everything up to assembly: a skipped result, or the synthesised edition."""
    engine = get_engine(settings.engine)
    fast = source_key(path, settings, engine.version())
    previous = _previous(out, slug_for(path))
    if _intact(out, previous) and previous.meta.get("source_key") == fast:
        return RenderResult(previous, SynthReport(rendered=0, cached=0), skipped=True)
    own = new_synthesiser(settings) if synthesiser is None else None
    try:
        return _prepare_and_synthesise(
            path, out, settings, progress, synthesiser or own, engine, previous, fast
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
    fast: str,
) -> RenderResult | _Synthesised:
    # The workers start (and load the engine) while this process reads and normalises.
    synthesiser.start()
    edition = prepare(path, settings)
    layout = layout_for(settings.engine, settings.jobs, settings.device, settings.voice)
    voicing = voicing_for(engine, edition.language, settings.voice, settings.rate, layout.options)
    key = render_key(edition, voicing, settings)
    first = previous.first_rendered if previous and previous.first_rendered else _now()
    edition = edition.replace(first_rendered=first, meta={**edition.meta, "source_key": fast})
    if _intact(out, previous) and previous.episode.render_key == key:
        # Same script, same sound: remember the new source key so the next check is fast.
        previous = previous.replace(meta={**previous.meta, "source_key": fast})
        previous.save(edition_path(out, previous.slug))
        return RenderResult(previous, SynthReport(rendered=0, cached=0), skipped=True)
    cache = cache_dir(out, settings.cache_dir)
    spec = assembly.encode_spec(settings)
    n_chunks = len({s.spoken for s in edition.segments if s.spoken.strip()})
    advance = progress(f"Synthesising {path.name}", n_chunks)
    if not settings.cover:
        # Drawn while the workers speak, not after them (then kept for every article).
        threading.Thread(target=default_cover, args=(settings.title,), daemon=True).start()
    edition, report = synthesise(edition, voicing, cache, synthesiser, spec, advance)
    advance(report.cached)
    return _Synthesised(edition, report, cache, key)


def _assemble(job: _Synthesised, out: Path, settings: Settings) -> RenderResult:
    edition = assemble(job.edition, job.cache, out, settings, job.key)
    edition.save(edition_path(out, edition.slug))
    return RenderResult(edition, job.report, skipped=False)


def new_synthesiser(settings: Settings) -> Synthesiser:
    """The synthesiser the settings ask for: local workers, or the Dask scheduler if set."""
    # The engine chooses how many workers it wants (Piper: as many as memory allows).
    layout = layout_for(settings.engine, settings.jobs, settings.device, settings.voice)
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


def build(
    source: Path,
    out: Path,
    settings: Settings,
    progress: ProgressFactory = _no_progress,
) -> BuildReport:
    """Render every new or changed article of ``source`` into ``out``, then publish.

    A bad article is reported and skipped; the others are still built.
    """
    report = BuildReport()
    articles = find_articles(source)
    if not articles:
        raise InputError(f"{source}: no articles (*.txt, *.md, *.html) in this folder")
    from narrate.publish import publish_episode

    def finish(path: Path, job: _Synthesised) -> RenderResult | str:
        # Assembling and publishing one article overlaps the synthesis of the next, so
        # the worker processes never wait for the main process between articles.
        try:
            result = _assemble(job, out, settings)
            if publish_episode(out, result.edition, settings):
                report.feed_written = True
            return result
        except (NarrateError, OSError) as exc:
            return failure(path, exc)

    finishing: tuple[Path, Future[RenderResult | str]] | None = None

    def collect() -> None:
        nonlocal finishing
        if finishing is not None:
            outcome = finishing[1].result()
            if isinstance(outcome, str):
                report.errors.append(outcome)
            else:
                report.results.append(outcome)
            finishing = None

    def settle(path: Path, speech: Future[RenderResult | _Synthesised]) -> None:
        nonlocal finishing
        try:
            job = speech.result()
        except (NarrateError, OSError) as exc:
            collect()
            report.errors.append(failure(path, exc))
            return
        collect()
        if isinstance(job, RenderResult):
            report.results.append(job)
        else:
            finishing = (path, finisher.submit(finish, path, job))

    owners: dict[str, Path] = {}
    speaking: deque[tuple[Path, Future[RenderResult | _Synthesised]]] = deque()
    # Two articles are read and synthesised at once: the workers take the next article's
    # chunks while the last of this one's finish, instead of waiting for the main
    # process to read it. The synthesiser closes first on Ctrl-C (innermost).
    with (
        ThreadPoolExecutor(1) as finisher,
        ThreadPoolExecutor(2) as speakers,
        new_synthesiser(settings) as synthesiser,
    ):
        for path in articles:
            # Two articles whose names differ only in case or suffix would share outputs.
            owner = owners.setdefault(slug_for(path), path)
            if owner != path:
                report.errors.append(
                    f"{path}: its episode would be named like that of {owner.name} "
                    f"({slug_for(path)}); rename one of them"
                )
                continue
            speech = speakers.submit(_synthesise, path, out, settings, progress, synthesiser)
            speaking.append((path, speech))
            if len(speaking) == 2:
                settle(*speaking.popleft())
        while speaking:
            settle(*speaking.popleft())
        collect()
    feed_written, report.page_written = publish(out, settings)
    report.feed_written = report.feed_written or feed_written
    from narrate.check import check_folder

    report.problems = check_folder(out)
    return report


# Python distributions whose versions shape what a build writes (speech text, audio, tags,
# cover): a new version of any of them makes the build stamp stale.
_SHAPING = ("narrate", "num2words", "pyttsx3", "numpy", "mutagen", "pillow")


def _tool_files(settings: Settings) -> list[str] | None:
    """Files whose change means a build may write something else; None if not known."""
    from importlib.metadata import PackageNotFoundError, distribution

    from narrate import lame
    from narrate.engines.espeak import espeak_data

    if settings.engine in ("pyttsx3", "espeak"):
        exe, data = shutil.which("espeak-ng"), espeak_data()
        if not exe or not data:
            return None
        files = [os.path.realpath(exe), os.path.join(data, "phondata")]
    elif settings.engine == "silent":
        files = []
    else:
        return None  # another engine: its files are unknown, so never trust a stamp
    encoder = lame.path()
    if encoder:
        files.append(encoder)
    for name in _SHAPING:
        try:
            dist = distribution(name)
        except PackageNotFoundError:
            continue
        # METADATA lives in a folder named after the version: an upgrade removes it.
        files += [str(dist.locate_file(f)) for f in dist.files or () if f.name == "METADATA"]
    return files


def record_build(
    argv: list[str], source: Path, out: Path, settings: Settings, config: Path | None,
    summary: list[str],
) -> None:  # fmt: skip
    """Write the build stamp after a complete build, so the next one with the same command
    line and nothing changed answers at once (see ``narrate.stamp``)."""
    from narrate import stamp
    from narrate.config import CONFIG_FILE, LEXICON_FILE

    tools = _tool_files(settings)
    if tools is None:
        return
    settings_file = config if config is not None else Path(CONFIG_FILE)
    inputs = [settings_file, settings_file.parent / LEXICON_FILE, *map(Path, settings.lexicons)]
    if settings.cover:
        inputs.append(Path(os.path.expanduser(settings.cover)))
    stamp.write(
        argv, str(out), str(source), ARTICLE_SUFFIXES, [str(p) for p in inputs], tools, summary
    )
