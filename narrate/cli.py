"""The command line: parses options, calls the library, prints results. Nothing else.

Exit status: 0 success, 1 failure, 2 usage error (bad option, argument or option value),
130 interrupted. Results go to stdout, errors, warnings and progress to stderr, all with
control characters escaped so that a file name cannot drive the terminal.
"""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Annotated, Any

import typer

from narrate import __version__
from narrate.config import Settings
from narrate.errors import ConfigError, NarrateError, UsageError
from narrate.helptext import ManCommand, ManGroup
from narrate.progress import ARTICLES, LogLines, Progress, choose, clean
from narrate.settings import load_settings
from narrate.stamp import OUT as DEFAULT_OUT


class Typer(typer.Typer):
    """typer's app whose commands all get the man-page help, also those added later."""

    def command(self, *args: Any, cls: Any = None, **kwargs: Any) -> Any:
        """``@app.command()``, with ManCommand as the default command class."""
        return super().command(*args, cls=cls or ManCommand, **kwargs)


app = Typer(
    cls=ManGroup,
    add_completion=True,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
    help="Turn articles into a spoken audio edition and a podcast feed, offline.",
    epilog="""\
narrate render article.txt -o audio     one article to audio/article.mp3
narrate build seeds -o audio            a folder of articles, then feed.xml and index.html
narrate serve -o audio                  serve it; a podcast app subscribes to the URL shown
narrate --install-completion bash       tab completion for bash (zsh, fish too)""",
)


def command(examples: str) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """``@app.command()`` with an Examples section in its help."""
    return app.command(epilog=examples)


ConfigOpt = Annotated[
    Path | None,
    typer.Option(
        "--config", metavar="FILE", help="Settings file (default: ./narrate.toml).",
        show_default=False,
    ),
]  # fmt: skip
OutOpt = Annotated[
    Path | None,
    typer.Option(
        "--out", "-o", metavar="FOLDER", help=f"Output folder (default: {DEFAULT_OUT}).",
        show_default=False,
    ),
]  # fmt: skip
EngineOpt = Annotated[
    str | None,
    typer.Option(metavar="NAME", help="Speech engine (see `narrate engines`)."),
]
VoiceOpt = Annotated[
    str | None,
    typer.Option(
        metavar="VOICE",
        help="Voice id, name or language (see `narrate voices`; default: by article language).",
    ),
]
RateOpt = Annotated[
    int | None,
    typer.Option(metavar="WPM", help="Words per minute of speech, measured (40 to 500)."),
]
JobsOpt = Annotated[
    int | None,
    typer.Option("--jobs", "-j", metavar="N", help="Worker processes (0: one per core)."),
]
LexiconOpt = Annotated[
    list[Path] | None,
    typer.Option(
        "--lexicon", metavar="FILE",
        help="Pronunciation lexicon (TOML); repeatable, later ones win.",
    ),
]  # fmt: skip
SchedOpt = Annotated[
    str | None,
    typer.Option(
        "--scheduler", metavar="ADDRESS", help="Dask scheduler (tcp://HOST:PORT) for synthesis."
    ),
]
BaseOpt = Annotated[
    str | None, typer.Option("--base-url", metavar="URL", help="URL the folder is served at.")
]
QuietOpt = Annotated[
    bool,
    typer.Option("--quiet", "-q", help="Print errors only: no results, no progress (for cron)."),
]
VerboseOpt = Annotated[
    bool,
    typer.Option(
        "--verbose",
        "-v",
        help="Also say why each article is skipped or rendered, with the traceback of any "
        "unexpected failure.",
    ),
]
ProgressOpt = Annotated[
    bool | None,
    typer.Option(
        "--progress/--no-progress",
        help="Show progress on stderr, or not (default: a bar on a terminal, "
        "a line every 30 s in a log).",
        show_default=False,
    ),
]
TitleOpt = Annotated[
    str | None,
    typer.Option(metavar="TITLE", help="Headline of an article read from standard input (-)."),
]
# A folder given as an argument, the old spelling of --out for feed, check and serve.
FolderArg = Annotated[
    Path | None,
    typer.Argument(
        metavar="FOLDER", help="Deprecated: the same as --out FOLDER.", show_default=False
    ),
]

# What a build with nothing to do says (also kept in the build stamp, to say it again).
NOTHING_RENDERED = "No chunk rendered: every episode was already up to date."
NOTHING_WRITTEN = "Feed and page unchanged."
STDIN = "-"


def echo(line: str) -> None:
    """Print one result line on stdout, escaped for the terminal."""
    typer.echo(clean(line))


def error_line(message: str) -> None:
    """Print ``Error: message`` as one unwrapped line on stderr."""
    sys.stderr.write(f"Error: {clean(message)}\n")
    sys.stderr.flush()


def fail(message: str, status: int = 1) -> None:
    """Print one error line and exit with ``status`` (1: a failure, 2: a usage error)."""
    error_line(message)
    raise typer.Exit(status)


@contextlib.contextmanager
def errors() -> Iterator[None]:
    """Turn every NarrateError into one line on stderr and exit status 1 (2 for usage)."""
    try:
        yield
    except UsageError as exc:
        fail(str(exc), 2)
    except NarrateError as exc:
        fail(str(exc))
    except OSError as exc:
        from narrate.pipeline import os_error

        fail(os_error(exc))
    except KeyboardInterrupt:
        from narrate.supervise import INTERRUPTED

        sys.stderr.write(f"{INTERRUPTED}\n")
        raise typer.Exit(130) from None


def settings_from(
    config: Path | None, lexicon: list[Path] | None = None, **options: object
) -> Settings:
    """Settings with command-line options on top."""
    return load_settings(config, lexicons=lexicon, **options)


def out_folder(out: Path | None, folder: Path | None = None) -> Path:
    """The output folder from ``--out`` (or the deprecated argument); never ``-``."""
    if folder is not None:
        if out is not None and out != folder:
            raise UsageError(f"the folder is given twice ({folder} and --out {out}); keep --out")
        # Still accepted silently: scripts use it, and some read stderr for errors only.
        out = folder
    out = Path(DEFAULT_OUT) if out is None else out
    if str(out) == STDIN:
        raise UsageError("--out -: episodes are several files, so they need a folder; name one")
    return out


@contextlib.contextmanager
def reporting(quiet: bool, verbose: bool, wanted: bool | None) -> Iterator[Progress]:
    """Progress on stderr as asked, and the library's log lines (``-v``: why of every skip)."""
    if quiet and verbose:
        fail("--quiet and --verbose contradict each other; give one", 2)
    mode, forced = choose(wanted, quiet, sys.stderr)
    progress = Progress(mode, sys.stderr, forced=forced)
    handler = LogLines(progress)
    logger = logging.getLogger("narrate")
    level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO if verbose else logging.WARNING)
    try:
        with progress:
            yield progress
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)


@contextlib.contextmanager
def _warnings(level: int | None = None) -> Iterator[None]:
    """Warnings from the library (an unknown NARRATE_* variable) as lines on stderr; with
    ``level``, also the reader's lines from that level up (``script -v``: what is unspoken)."""
    handler = LogLines(None)
    logger = logging.getLogger("narrate")
    reader = logging.getLogger("narrate.reader")
    before = reader.level
    logger.addHandler(handler)
    if level is not None:
        reader.setLevel(level)
    try:
        yield
    finally:
        logger.removeHandler(handler)
        reader.setLevel(before)


def check_voice(settings: Settings, given: str | None) -> None:
    """Refuse a voice the engine does not have before anything is rendered."""
    if not settings.voice:
        return
    from narrate.voices import engine_for, voice_problem

    engine = engine_for(settings)
    if not engine.available():
        return  # the render reports the missing engine itself
    problem = voice_problem(engine, settings.voice)
    if problem:
        raise (UsageError(f"--voice: {problem}") if given else ConfigError(problem))


def stdin_article(folder: Path, title: str | None, language: str) -> Path:
    """Standard input saved as an article file in ``folder``; ``title`` names and heads it.

    Plain text without a language line is read in ``language`` (the feed's).
    """
    from narrate.fsutil import atomic_path
    from narrate.reader import slug_for
    from narrate.textnorm import language_code

    data = sys.stdin.buffer.read()
    text = data.decode("utf-8", "surrogateescape").lstrip("\ufeff")
    html = text.lstrip().startswith("<")
    if title:
        # The headline goes where the reader looks for it: an <h1>, or the first line
        # after the language line of the seed text format.
        if html:
            from html import escape

            text = f"<h1>{escape(title)}</h1>\n{text}"
        else:
            first, _, rest = text.lstrip("\r\n").partition("\n")
            if language_code(first.strip()) and len(first) < 30:
                text = f"{first}\n\n{title}\n\n{rest}"
            else:
                # Stated, or a short title ("Hi", Hindi's code) would be taken for it.
                text = f"{language}\n\n{title}\n\n{text}"
    stem = slug_for(Path(title or "stdin"))
    path = folder / f"{stem}{'.html' if html else '.txt'}"
    with atomic_path(path) as tmp:
        tmp.write_bytes(text.encode("utf-8", "surrogateescape"))
    return path


def _named(message: str, path: Path, saved: Path | None) -> str:
    """An error about the file standard input was saved to, told about standard input."""
    return message.replace(str(saved), "standard input") if saved == path else message


def _describe(result) -> str:  # noqa: ANN001
    edition = result.edition
    episode = edition.episode
    seconds = episode.duration_ms / 1000 if episode else 0
    if result.skipped:
        what = "up to date, nothing rendered"
    else:
        what = f"{result.synth.rendered} chunks rendered, {result.synth.cached} from cache"
    if episode is None:
        return f"{edition.slug}: {seconds:.1f} s, {what}"
    if episode.loudness_lufs is None:
        # Digital silence (the silent test engine) has no loudness to show.
        level = "loudness n/a (silence)"
    else:
        level = f"{episode.loudness_lufs:.1f} LUFS, true peak {episode.true_peak_dbtp:.1f} dBTP"
    files = "" if result.skipped else f"; wrote {', '.join(episode.files)}"
    return f"{episode.file}: {seconds:.1f} s, {what}, {level}{files}"


@command(
    """\
narrate render article.txt                     to audio/article.mp3
narrate render a.txt b.md c.html -o episodes   several articles, one episode each
narrate render article.txt --voice en-gb --rate 160
curl -s https://example.org/a.html | narrate render - --title "A headline"
narrate render article.txt -q                  print errors only"""
)
def render(
    articles: Annotated[
        list[str],
        typer.Argument(
            metavar="ARTICLE...",
            help="Article files (text, Markdown, HTML) or web page addresses to render; "
            "- reads standard input.",
            show_default=False,
        ),
    ],
    out: OutOpt = None,
    engine: EngineOpt = None,
    voice: VoiceOpt = None,
    rate: RateOpt = None,
    jobs: JobsOpt = None,
    lexicon: LexiconOpt = None,
    config: ConfigOpt = None,
    title: TitleOpt = None,
    quiet: QuietOpt = False,
    verbose: VerboseOpt = False,
    progress: ProgressOpt = None,
) -> None:
    """Render articles to MP3 episodes in the output folder."""
    from narrate.supervise import show_tracebacks

    show_tracebacks(verbose)
    with errors(), _warnings():
        out = out_folder(out)
        if articles.count(STDIN) > 1:
            raise UsageError("standard input (-) can be read only once")
        if STDIN in articles and not title:
            raise UsageError("an article read from standard input (-) needs --title to name it")
        settings = settings_from(config, lexicon, engine=engine, voice=voice, rate=rate, jobs=jobs)
        check_voice(settings, voice)
    from narrate import links
    from narrate.feedin import is_url
    from narrate.pipeline import new_synthesiser
    from narrate.pipeline import render as render_one

    failed = False
    # One set of worker processes for all the articles given.
    with (
        errors(),
        reporting(quiet, verbose, progress) as bars,
        new_synthesiser(settings) as synthesiser,
    ):
        done = bars(ARTICLES, len(articles))
        saved = None
        for name in articles:
            path = Path(name)
            try:
                if name == STDIN:
                    path = saved = stdin_article(
                        out / ".narrate" / "stdin", title, settings.language
                    )
                elif is_url(name):
                    path = links.source(name, out, settings)
                result = render_one(path, out, settings, bars, synthesiser)
            except NarrateError as exc:
                error_line(_named(str(exc), path, saved))
                failed = True
                continue
            except OSError as exc:
                from narrate.pipeline import os_error

                error_line(_named(f"{path}: {os_error(exc)}", path, saved))
                failed = True
                continue
            finally:
                done(1)
            if not quiet:
                echo(_describe(result))
    if failed:
        raise typer.Exit(1)


@command(
    """\
narrate build seeds -o audio          render what is new or changed, then publish
narrate build seeds -o audio -v       say why each article is skipped or rendered
narrate build seeds -o audio -q       for cron: errors only, exit 1 if any
narrate build seeds --base-url https://example.org/pod/"""
)
def build(
    source: Annotated[
        str | None,
        typer.Argument(
            metavar="SOURCE",
            help="Folder of articles, one article or book, or an RSS or Atom feed (file or URL).",
            show_default=False,
        ),
    ] = None,
    out: OutOpt = None,
    engine: EngineOpt = None,
    voice: VoiceOpt = None,
    rate: RateOpt = None,
    jobs: JobsOpt = None,
    scheduler: SchedOpt = None,
    base_url: BaseOpt = None,
    lexicon: LexiconOpt = None,
    config: ConfigOpt = None,
    date_from: Annotated[
        str | None,
        typer.Option(
            "--date-from",
            metavar="article|build",
            help="Episode dates: the article's own (article) or its first render's (build).",
        ),
    ] = None,
    split: Annotated[
        str | None,
        typer.Option(
            "--split",
            metavar="book|chapters",
            help="EPUB: one episode per book, or one per chapter (chapters).",
        ),
    ] = None,
    quiet: QuietOpt = False,
    verbose: VerboseOpt = False,
    progress: ProgressOpt = None,
) -> None:
    """Render what is new or changed in a folder of articles, then write the feed and page."""
    from narrate.reader import slug_for
    from narrate.stamp import clear, invocation, settled
    from narrate.supervise import show_tracebacks

    show_tracebacks(verbose)

    with errors(), _warnings():
        if source is None:
            raise UsageError("name the folder of articles to build: narrate build FOLDER")
        out = out_folder(out)
        # What the last complete build left up to date, read before its stamp is cleared.
        trusted = settled(invocation(), lambda name: slug_for(Path(name)))
        clear(str(out))
        settings = settings_from(
            config,
            lexicon,
            engine=engine,
            voice=voice,
            rate=rate,
            jobs=jobs,
            scheduler=scheduler,
            base_url=base_url,
            date_from=date_from,
            split=split,
        )
        check_voice(settings, voice)
    with errors():
        from narrate.feedin import NotAFeed, is_feed, is_url
        from narrate.pipeline import build as build_all
        from narrate.pipeline import build_from_feed, record_build

        feed_input = is_feed(source)
        chapters = settings.split == "chapters"
        staged = not feed_input and (chapters or Path(source).is_file())
        with reporting(quiet, verbose, progress) as bars:
            if feed_input:
                try:
                    report = build_from_feed(source, out, settings, bars)
                except NotAFeed:
                    if not is_url(source):
                        raise
                    # The address of a page, not of a feed: it joins the edition's links.
                    from narrate import links

                    links.source(source, out, settings)
                    report = build_all(links.folder(out), out, settings, bars)
            else:
                from narrate.books import stage

                folder = stage(Path(source), out, settings, chapters) if staged else Path(source)
                report = build_all(folder, out, settings, bars, settled={} if staged else trusted)
    _show_build(report, out, quiet)
    if report.errors:
        raise typer.Exit(1)
    # Complete and clean: the same command finds nothing to do until something changes.
    summary = [*report.settled]
    summary += [_describe(dataclasses.replace(r, skipped=True)) for r in report.results]
    summary = [] if quiet else [*summary, NOTHING_RENDERED, NOTHING_WRITTEN]
    argv = invocation()
    # A feed can change upstream, and a split book is staged only by a full build: never
    # answer either from a stamp.
    if argv is not None and not (feed_input or staged):  # run as the program
        with errors():
            record_build(argv, Path(source), out, settings, config, summary)


def _show_build(report: Any, out: Path, quiet: bool) -> None:
    """What a build did, a line an episode, its errors on stderr, then the folder's problems."""
    say = (lambda line: None) if quiet else echo
    for line in report.settled:
        say(line)
    for result in report.results:
        say(_describe(result))
    if report.rendered_chunks == 0 and not report.errors:
        say(NOTHING_RENDERED)
    written = [name for name, flag in (("feed.xml", report.feed_written),
                                       ("index.html", report.page_written)) if flag]  # fmt: skip
    say(f"Wrote {', '.join(written)}" if written else NOTHING_WRITTEN)
    for message in report.errors:
        error_line(message)
    problems(out, report.problems)


@command(
    """\
narrate add https://example.org/news/article.html -o audio   fetch it, keep it, build
narrate add URL1 URL2 -o audio
narrate add - -o audio < links.txt                            one address a line"""
)
def add(
    urls: Annotated[
        list[str],
        typer.Argument(
            metavar="URL...",
            help="Addresses of web pages to add; - reads them from standard input, one a line.",
            show_default=False,
        ),
    ],
    out: OutOpt = None,
    engine: EngineOpt = None,
    voice: VoiceOpt = None,
    rate: RateOpt = None,
    jobs: JobsOpt = None,
    config: ConfigOpt = None,
    quiet: QuietOpt = False,
    verbose: VerboseOpt = False,
    progress: ProgressOpt = None,
) -> None:
    """Add web pages to the edition (listen later): fetch each, keep a snapshot, build."""
    from narrate.supervise import show_tracebacks

    show_tracebacks(verbose)
    with errors(), _warnings():
        out = out_folder(out)
        settings = settings_from(config, engine=engine, voice=voice, rate=rate, jobs=jobs)
        check_voice(settings, voice)
        if STDIN in urls:
            read = [line.strip() for line in sys.stdin]
            urls = [u for u in urls if u != STDIN] + [u for u in read if u and u[0] != "#"]
        if not urls:
            raise UsageError("give the address of a page to add: narrate add URL")
    with errors():
        from narrate.pipeline import add_links

        with reporting(quiet, verbose, progress) as bars:
            added, report = add_links(urls, out, settings, bars)
    say = (lambda line: None) if quiet else echo
    for path in added.added:
        say(f"Added {path.name}")
    for url in added.known:
        say(f"Already in the edition, kept as it was read: {url}")
    for message in added.errors:
        error_line(message)
    if report is not None:
        _show_build(report, out, quiet)
    if added.errors or (report is not None and report.errors):
        raise typer.Exit(1)


def problems(out: Path, found: list[str]) -> None:
    """Print each problem of a published folder on stdout; exit 1 if there is any."""
    for problem in found:
        # Some problems already name their file by its full path (under ``out``).
        echo(problem if problem.startswith(str(out)) else os.path.join(out, problem))
    if found:
        fail(f"{out}: {len(found)} problem(s) in the published feed, listed above")


@command(
    """\
narrate feed -o audio                              after editing narrate.toml's [feed]
narrate feed -o audio --base-url https://example.org/pod/"""
)
def feed(
    folder: FolderArg = None,
    out: OutOpt = None,
    base_url: BaseOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Rewrite feed, pages and playlist from the catalogue, without synthesising."""
    from narrate.check import check_folder
    from narrate.publish import publish

    with errors(), _warnings():
        out = out_folder(out, folder)
        if not out.is_dir():
            raise NarrateError(f"{out}: no such folder; run `narrate build` first")
        done = publish(out, settings_from(config, base_url=base_url))
        found = check_folder(out)
    state = "feed rewritten" if done.feed else "feed unchanged"
    echo(f"{done.episodes} episodes; {state}")
    problems(out, found)


@command(
    """\
narrate check -o audio          exit 0 and "audio: feed valid", or each problem and exit 1"""
)
def check(
    folder: FolderArg = None,
    out: OutOpt = None,
) -> None:
    """Validate a published folder against the podcast feed standards."""
    from narrate.check import check_folder

    with errors(), _warnings():
        out = out_folder(out, folder)
        found = check_folder(out)
    problems(out, found)
    echo(f"{out}: feed valid")


def _mb(size: int) -> str:
    return f"{size / 1_000_000:,.1f} MB"


def _rate(hits: int, misses: int) -> str:
    if not hits + misses:
        return "none yet"
    return f"{100 * hits / (hits + misses):.1f}% ({hits:,} of {hits + misses:,} chunks reused)"


@command(
    """\
narrate cache -o audio            units, bytes and hit rate of the chunk cache
narrate cache -o audio --prune    drop what no published episode is made of"""
)
def cache(
    folder: FolderArg = None,
    out: OutOpt = None,
    prune: Annotated[
        bool,
        typer.Option(
            "--prune",
            help="Remove cached units no published episode uses (and older layouts), then the "
            "least recently used until within max_cache_mb.",
        ),
    ] = False,
    config: ConfigOpt = None,
) -> None:
    """Report the chunk cache's size and hit rate; with --prune, make it smaller."""
    from narrate.cache import cache_dir, usage

    with errors(), _warnings():
        out = out_folder(out, folder)
        settings = settings_from(config)
        root = cache_dir(out, settings.cache_dir)
        if not root.is_dir():
            raise NarrateError(f"{root}: no chunk cache; run `narrate build` first")
        if prune:
            from narrate.pipeline import prune_cache

            pruned = prune_cache(out=out, settings=settings)
            echo(f"Pruned {pruned.files:,} files, {_mb(pruned.bytes)}")
        found = usage(root)
    echo(f"{root}: {found.units:,} units, {_mb(found.bytes)}")
    if found.audio_files or found.stale_files:
        echo(f"  of which engine audio {_mb(found.audio_bytes)} ({found.audio_files:,} files), "
             f"older layouts {_mb(found.stale_bytes)} ({found.stale_files:,} files)")  # fmt: skip
    echo(f"  hit rate, last build: {_rate(found.last_hits, found.last_misses)}")
    echo(f"  hit rate, all builds: {_rate(found.hits, found.misses)}")
    bound = f"{settings.max_cache_mb:,} MB" if settings.max_cache_mb else "none (max_cache_mb = 0)"
    echo(f"  bound: {bound}")


@command(
    """\
narrate remove article.txt -o audio        by the article file
narrate remove 000_8dea0efc4732bc9d -o audio   by its slug (or its .mp3 file name)"""
)
def remove(
    article: Annotated[
        str,
        typer.Argument(
            metavar="ARTICLE",
            help="Article file, slug, episode file name, or the address of an added page.",
            show_default=False,
        ),
    ],
    out: OutOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Remove an episode and its files, then rewrite feed and pages."""
    from narrate import links
    from narrate.feedin import is_url
    from narrate.publish import remove as remove_episode

    with errors(), _warnings():
        out = out_folder(out)
        settings = settings_from(config)
        if is_url(article):
            # The episode first, then the address and its snapshot: a failure keeps both.
            snapshot = links.folder(out) / links.index(out).get(links.normal(article), {}).get(
                "file", ""
            )
            if not snapshot.is_file():
                links.forget(article, out)  # says the address is not in the edition
            entry, deleted = remove_episode(out, str(snapshot), settings)
            links.forget(article, out).unlink(missing_ok=True)
        else:
            entry, deleted = remove_episode(out, article, settings)
    echo(f"Removed {entry.slug} ({entry.title}): deleted {', '.join(deleted) or 'no file'}")


def _log_line(line: str) -> None:
    sys.stderr.write(clean(line) + "\n")


@command(
    """\
narrate serve -o audio                       on this machine only: http://127.0.0.1:8000/
narrate serve -o audio --host 0.0.0.0        for a phone on the same network
narrate serve -o audio --port 0 -q           any free port, no request log
narrate serve -o audio --trust-proxy         behind a reverse proxy that sets X-Forwarded-*"""
)
def serve(
    folder: FolderArg = None,
    out: OutOpt = None,
    host: Annotated[
        str,
        typer.Option(metavar="ADDRESS", help="Address to listen on (0.0.0.0: whole network)."),
    ] = "127.0.0.1",
    port: Annotated[
        int, typer.Option(metavar="PORT", help="Port to listen on (0: any free port).")
    ] = 8000,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Do not log requests.")] = False,
    base_url: BaseOpt = None,
    trust_proxy: Annotated[
        bool,
        typer.Option(help="Build feed URLs from a reverse proxy's X-Forwarded-Proto/Host/Prefix."),
    ] = False,
    allow_host: Annotated[
        list[str] | None,
        typer.Option(
            metavar="NAME",
            help="A host name clients may use in feed URLs besides this machine's (repeatable).",
        ),
    ] = None,
    inbox: Annotated[
        bool,
        typer.Option(
            help="Take links sent with the inbox's token (POST /add: the bookmarklet, a "
            "phone's share menu) and add them in the background; see `narrate inbox`.",
        ),
    ] = False,
    config: ConfigOpt = None,
) -> None:
    """Serve a published folder so podcast apps can subscribe and download episodes."""
    from narrate.server import make_server

    with errors(), _warnings():
        out = out_folder(out, folder)
        taker, secret = None, ""
        if inbox:
            from narrate.inbox import Inbox, token
            from narrate.pipeline import inbox_work

            secret = token()
            taker = Inbox(inbox_work(out, settings_from(config)))
        server = make_server(
            out, host, port, None if quiet else _log_line, base_url or "", trust_proxy,
            allowed_hosts=tuple(allow_host or ()), inbox=taker, inbox_token=secret,
        )  # fmt: skip
    echo(f"Serving {out} at {server.url}")
    echo(f"Subscribe to {server.url}feed.xml")
    if taker is not None:
        echo(f"Inbox: links POSTed to {server.url}add with its token are added; "
             "`narrate inbox` shows the token and the bookmarklet")  # fmt: skip
    sys.stdout.flush()
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


@command(
    """\
narrate inbox                                   the token and bookmarklet for this machine
narrate inbox --url http://192.168.1.20:8000/   for a server on the network (a phone)"""
)
def inbox(
    url: Annotated[
        str,
        typer.Option(metavar="URL", help="The address `narrate serve --inbox` listens at."),
    ] = "http://127.0.0.1:8000/",
) -> None:
    """Show the inbox's secret token (made on first use) and its bookmarklet."""
    from urllib.parse import quote

    from narrate.inbox import bookmarklet, config_dir, token

    with errors():
        from narrate.server import check_base_url

        base = check_base_url(url)
        secret = token()
    echo(f"Token (kept in {config_dir()}; anyone who has it can add links): {secret}")
    echo(f"Bookmarklet (save as a bookmark named Listen later): {bookmarklet(base, secret)}")
    echo(f"On a phone: open {base}index.html?token={quote(secret)} and add it to the home "
         "screen; its share menu then sends links here")  # fmt: skip


@command(
    """\
narrate script article.txt                      what will be said, chunk by chunk
narrate script article.txt --lexicon names.toml
echo "The CIA paid \\$1.5bn in 1999." | narrate script - --title Test"""
)
def script(
    article: Annotated[
        str,
        typer.Argument(
            metavar="ARTICLE",
            help="Article file or web page address; - reads standard input.",
            show_default=False,
        ),
    ],
    lexicon: LexiconOpt = None,
    config: ConfigOpt = None,
    title: TitleOpt = None,
    verbose: Annotated[
        bool,
        typer.Option(
            "--verbose",
            "-v",
            help="Also list, on stderr, each piece of the article left unspoken and the rule.",
        ),
    ] = False,
) -> None:
    """Print exactly what will be spoken, chunk by chunk."""
    import tempfile

    from narrate.pipeline import prepare

    with (
        errors(),
        _warnings(logging.DEBUG if verbose else None),
        tempfile.TemporaryDirectory(prefix="narrate-") as tmp,
    ):
        from narrate.feedin import is_url
        from narrate.links import snapshot

        settings = settings_from(config, lexicon)
        saved = stdin_article(Path(tmp), title, settings.language) if article == STDIN else None
        if is_url(article):
            saved = snapshot(article, Path(tmp), settings)[0]
        try:
            edition = prepare(saved or Path(article), settings)
        except NarrateError as exc:
            raise type(exc)(_named(str(exc), saved or Path(article), saved)) from None
    for segment in edition.segments:
        if segment.spoken.strip():
            echo(f"[{segment.index}] {segment.kind}: {segment.spoken}")


def _table(rows: list[tuple[str, ...]]) -> None:
    """Rows as aligned columns, the first one a header."""
    widths = [max(len(clean(row[i])) for row in rows) for i in range(len(rows[0]) - 1)]
    for row in rows:
        cells = [clean(cell).ljust(width) for cell, width in zip(row, widths, strict=False)]
        echo("  ".join([*cells, clean(row[-1])]).rstrip())


@command(
    """\
narrate voices                     every voice of the configured engine
narrate voices --language en       English voices (also en-GB, en-US...)
narrate voices --language french   by language name
narrate voices --engine espeak
narrate voices --engine piper      installed Piper voices: language, quality, licence
narrate voices --download es_ES-davefx-medium   install a Piper voice by name"""
)
def voices(
    engine: EngineOpt = None,
    language: Annotated[
        str | None,
        typer.Option(
            metavar="LANGUAGE",
            help="Only voices for this language: a code (en, en-GB) or a name (English).",
        ),
    ] = None,
    download: Annotated[
        str | None,
        typer.Option(
            metavar="NAME",
            help="Download the Piper voice NAME (such as en_GB-alan-low) from voices_url "
            "into $XDG_DATA_HOME/narrate/voices, showing its model card and licence.",
        ),
    ] = None,
    config: ConfigOpt = None,
) -> None:
    """List the voices of an engine: the id to give --voice, its name and languages."""
    from narrate.engines import require
    from narrate.voices import download as fetch_voice
    from narrate.voices import engine_for, installed, voices_for

    if download is not None:
        with errors(), _warnings():
            settings = settings_from(config)
            got = fetch_voice(download, settings)
        if got.card:
            for line in got.card.strip().splitlines():
                echo(line)
            echo("")
        quality = got.quality or "unknown"
        echo(f"Installed {got.id} ({got.language}, {quality} quality) in {got.model.parent}")
        echo(f"Licence: {got.licence}: read the model card before publishing with this voice.")
        return
    with errors(), _warnings():
        settings = settings_from(config, engine=engine)
        eng = engine_for(settings)
        require(eng)
        found = voices_for(eng.voices(), language)
        listed = installed(settings) if eng.name == "piper" else []
    if not found:
        fail(f"the {eng.name} engine has no voice for {language!r}; run `narrate voices` for all")
    if listed:
        ids = {v.id for v in found}
        _table(
            [("VOICE", "LANGUAGE", "QUALITY", "RATE", "LICENCE"),
             *((v.id, v.language, v.quality or "?", f"{r.sample_rate} Hz", v.licence)
               for v in listed if v.id in ids for r in found if r.id == v.id)]
        )  # fmt: skip
        return
    _table(
        [("VOICE", "NAME", "LANGUAGES"), *((v.id, v.name, ",".join(v.languages)) for v in found)]
    )


@command(
    """\
narrate engines                    which engines are installed and which one is used"""
)
def engines(config: ConfigOpt = None) -> None:
    """List the speech engines: whether each can run here, its version or what to install."""
    from narrate.voices import engines as engine_list

    with errors(), _warnings():
        settings = settings_from(config)
        found = engine_list()
    rows = [("ENGINE", "STATE", "VERSION OR WHAT TO INSTALL")]
    for info in found:
        name = f"{info.name} (default)" if info.name == settings.engine else info.name
        rows.append((name, "ready" if info.ready else "missing", info.note))
    _table(rows)


def version_callback(value: bool) -> None:
    """Print the version."""
    if value:
        typer.echo(f"narrate {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[
        bool,
        typer.Option(
            "--version", "-V", callback=version_callback, is_eager=True,
            help="Print the version and exit.",
        ),
    ] = False,
) -> None:  # fmt: skip
    """Offline audio editions of articles."""


def main() -> None:
    """Console-script entry point: exit status 2 for usage errors, 130 for Ctrl-C."""
    try:
        app(prog_name="narrate")
    except KeyboardInterrupt:
        sys.stderr.write("Interrupted.\n")
        sys.exit(130)
