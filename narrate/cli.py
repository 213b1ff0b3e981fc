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
from narrate.config import Settings, load_settings
from narrate.errors import ConfigError, NarrateError, UsageError
from narrate.helptext import ManCommand, ManGroup
from narrate.progress import ARTICLES, LogLines, Progress, choose, clean
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
        sys.stderr.write("Interrupted: finished files are kept, nothing was left half-written.\n")
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
def _warnings() -> Iterator[None]:
    """Warnings from the library (an unknown NARRATE_* variable) as lines on stderr."""
    handler = LogLines(None)
    logger = logging.getLogger("narrate")
    logger.addHandler(handler)
    try:
        yield
    finally:
        logger.removeHandler(handler)


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
    from narrate.normalise import language_code
    from narrate.reader import slug_for

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
        list[Path],
        typer.Argument(
            metavar="ARTICLE...",
            help="Article files to render (text, Markdown, HTML); - reads standard input.",
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
        if articles.count(Path(STDIN)) > 1:
            raise UsageError("standard input (-) can be read only once")
        if Path(STDIN) in articles and not title:
            raise UsageError("an article read from standard input (-) needs --title to name it")
        settings = settings_from(config, lexicon, engine=engine, voice=voice, rate=rate, jobs=jobs)
        check_voice(settings, voice)
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
        for path in articles:
            try:
                if path == Path(STDIN):
                    path = saved = stdin_article(
                        out / ".narrate" / "stdin", title, settings.language
                    )
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
    from narrate.stamp import clear, invocation
    from narrate.supervise import show_tracebacks

    show_tracebacks(verbose)

    with errors(), _warnings():
        if source is None:
            raise UsageError("name the folder of articles to build: narrate build FOLDER")
        out = out_folder(out)
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
        from narrate.feedin import build_feed, is_feed
        from narrate.pipeline import build as build_all
        from narrate.pipeline import record_build

        feed_input = is_feed(source)
        chapters = settings.split == "chapters"
        staged = not feed_input and (chapters or Path(source).is_file())
        with reporting(quiet, verbose, progress) as bars:
            if feed_input:
                report = build_feed(source, out, settings, bars)
            else:
                from narrate.books import stage

                folder = stage(Path(source), out, settings, chapters) if staged else Path(source)
                report = build_all(folder, out, settings, bars)
    say = (lambda line: None) if quiet else echo
    for result in report.results:
        say(_describe(result))
    if report.rendered_chunks == 0:
        say(NOTHING_RENDERED)
    written = [name for name, flag in (("feed.xml", report.feed_written),
                                       ("index.html", report.page_written)) if flag]  # fmt: skip
    say(f"Wrote {', '.join(written)}" if written else NOTHING_WRITTEN)
    for message in report.errors:
        error_line(message)
    problems(out, report.problems)
    if report.errors:
        raise typer.Exit(1)
    # Complete and clean: the same command finds nothing to do until something changes.
    summary = [_describe(dataclasses.replace(r, skipped=True)) for r in report.results]
    summary = [] if quiet else [*summary, NOTHING_RENDERED, NOTHING_WRITTEN]
    argv = invocation()
    # A feed can change upstream, and a split book is staged only by a full build: never
    # answer either from a stamp.
    if argv is not None and not (feed_input or staged):  # run as the program
        with errors():
            record_build(argv, Path(source), out, settings, config, summary)


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


@command(
    """\
narrate remove article.txt -o audio        by the article file
narrate remove 000_8dea0efc4732bc9d -o audio   by its slug (or its .mp3 file name)"""
)
def remove(
    article: Annotated[
        str,
        typer.Argument(
            metavar="ARTICLE", help="Article file, slug or episode file name.", show_default=False
        ),
    ],
    out: OutOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Remove an episode and its files, then rewrite feed and pages."""
    from narrate.publish import remove as remove_episode

    with errors(), _warnings():
        out = out_folder(out)
        entry, deleted = remove_episode(out, article, settings_from(config))
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
) -> None:
    """Serve a published folder so podcast apps can subscribe and download episodes."""
    from narrate.server import make_server

    with errors(), _warnings():
        out = out_folder(out, folder)
        server = make_server(
            out, host, port, None if quiet else _log_line, base_url or "", trust_proxy
        )
    echo(f"Serving {out} at {server.url}")
    echo(f"Subscribe to {server.url}feed.xml")
    sys.stdout.flush()
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


@command(
    """\
narrate script article.txt                      what will be said, chunk by chunk
narrate script article.txt --lexicon names.toml
echo "The CIA paid \\$1.5bn in 1999." | narrate script - --title Test"""
)
def script(
    article: Annotated[
        Path,
        typer.Argument(
            metavar="ARTICLE", help="Article file; - reads standard input.", show_default=False
        ),
    ],
    lexicon: LexiconOpt = None,
    config: ConfigOpt = None,
    title: TitleOpt = None,
) -> None:
    """Print exactly what will be spoken, chunk by chunk."""
    import tempfile

    from narrate.pipeline import prepare

    with errors(), _warnings(), tempfile.TemporaryDirectory(prefix="narrate-") as tmp:
        settings = settings_from(config, lexicon)
        saved = (
            stdin_article(Path(tmp), title, settings.language) if article == Path(STDIN) else None
        )
        try:
            edition = prepare(saved or article, settings)
        except NarrateError as exc:
            raise type(exc)(_named(str(exc), saved or article, saved)) from None
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
