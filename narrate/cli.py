"""The command line: parses options, calls the library, prints results. Nothing else."""

from __future__ import annotations

import contextlib
import dataclasses
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Annotated

import typer

from narrate import __version__
from narrate.config import Settings, load_settings
from narrate.errors import NarrateError
from narrate.stamp import OUT as DEFAULT_OUT

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    help="Turn articles into a spoken audio edition and a podcast feed, offline.",
)

ConfigOpt = Annotated[
    Path | None, typer.Option("--config", help="Settings file (default: ./narrate.toml).")
]
OutOpt = Annotated[Path, typer.Option("--out", "-o", help="Output folder.")]
EngineOpt = Annotated[str | None, typer.Option(help="Speech engine (see `narrate voices`).")]
VoiceOpt = Annotated[str | None, typer.Option(help="Voice id (default: by article language).")]
RateOpt = Annotated[int | None, typer.Option(help="Speaking rate in words per minute.")]
JobsOpt = Annotated[int | None, typer.Option("--jobs", "-j", help="Worker processes (0: cores).")]
LexiconOpt = Annotated[
    list[Path] | None,
    typer.Option("--lexicon", help="Pronunciation lexicon (TOML); repeatable, later ones win."),
]
SchedOpt = Annotated[
    str | None, typer.Option("--scheduler", help="Dask scheduler (tcp://HOST:PORT) for synthesis.")
]
BaseOpt = Annotated[str | None, typer.Option("--base-url", help="URL the folder is served at.")]

# What a build with nothing to do says (also kept in the build stamp, to say it again).
NOTHING_RENDERED = "No chunk rendered: every episode was already up to date."
NOTHING_WRITTEN = "Feed and page unchanged."


def error_line(message: str) -> None:
    """Print ``Error: message`` as one unwrapped line on stderr."""
    sys.stderr.write(f"Error: {message}\n")
    sys.stderr.flush()


def fail(message: str) -> None:
    """Print one error line and exit 1."""
    error_line(message)
    raise typer.Exit(1)


@contextlib.contextmanager
def errors() -> Iterator[None]:
    """Turn every NarrateError into one line on stderr and exit status 1."""
    try:
        yield
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


@contextlib.contextmanager
def progress_bars() -> Iterator[Callable[[str, int], Callable[[int], None]]]:
    """A progress factory drawing rich bars on stderr, or nothing when stderr is no terminal."""
    if not sys.stderr.isatty():
        yield lambda label, total: lambda n: None
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
    )

    bars = Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        console=Console(stderr=True, highlight=False), transient=True,
    )  # fmt: skip
    with bars:

        def start(label: str, total: int) -> Callable[[int], None]:
            task = bars.add_task(label, total=total)
            return lambda n: bars.advance(task, n)

        yield start


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


@app.command()
def render(
    articles: Annotated[list[Path], typer.Argument(help="Article files to render.")],
    out: OutOpt = Path(DEFAULT_OUT),
    engine: EngineOpt = None,
    voice: VoiceOpt = None,
    rate: RateOpt = None,
    jobs: JobsOpt = None,
    lexicon: LexiconOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Render articles to MP3 episodes in the output folder."""
    with errors():
        settings = settings_from(config, lexicon, engine=engine, voice=voice, rate=rate, jobs=jobs)
    from narrate.pipeline import new_synthesiser
    from narrate.pipeline import render as render_one

    failed = False
    # One set of worker processes for all the articles given.
    with errors(), progress_bars() as progress, new_synthesiser(settings) as synthesiser:
        for path in articles:
            try:
                result = render_one(path, out, settings, progress, synthesiser)
            except NarrateError as exc:
                error_line(str(exc))
                failed = True
                continue
            except OSError as exc:
                from narrate.pipeline import os_error

                error_line(f"{path}: {os_error(exc)}")
                failed = True
                continue
            typer.echo(_describe(result))
    if failed:
        raise typer.Exit(1)


@app.command()
def build(
    source: Annotated[Path, typer.Argument(help="Folder of articles.")] = Path("seeds"),
    out: OutOpt = Path(DEFAULT_OUT),
    engine: EngineOpt = None,
    voice: VoiceOpt = None,
    rate: RateOpt = None,
    jobs: JobsOpt = None,
    scheduler: SchedOpt = None,
    base_url: BaseOpt = None,
    lexicon: LexiconOpt = None,
    config: ConfigOpt = None,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="Show the traceback of unexpected errors.")
    ] = False,
) -> None:
    """Render what is new or changed in a folder of articles, then write the feed and page."""
    from narrate.stamp import clear

    if verbose:
        os.environ["NARRATE_DEBUG"] = "1"  # read where an article's failure is described

    with errors():
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
        )
        from narrate.pipeline import build as build_all
        from narrate.pipeline import record_build

        with progress_bars() as progress:
            report = build_all(source, out, settings, progress)
    for result in report.results:
        typer.echo(_describe(result))
    if report.rendered_chunks == 0:
        typer.echo(NOTHING_RENDERED)
    written = [name for name, flag in (("feed.xml", report.feed_written),
                                       ("index.html", report.page_written)) if flag]  # fmt: skip
    typer.echo(f"Wrote {', '.join(written)}" if written else NOTHING_WRITTEN)
    for message in report.errors:
        error_line(message)
    problems(out, report.problems)
    if report.errors:
        raise typer.Exit(1)
    # Complete and clean: the same command finds nothing to do until something changes.
    summary = [_describe(dataclasses.replace(r, skipped=True)) for r in report.results]
    summary += [NOTHING_RENDERED, NOTHING_WRITTEN]
    if sys.argv[1:2] == ["build"]:  # run as the program (not from a test runner)
        with errors():
            record_build(sys.argv[1:], source, out, settings, config, summary)


def problems(out: Path, found: list[str]) -> None:
    """Print each problem of a published folder on stdout; exit 1 if there is any."""
    for problem in found:
        typer.echo(f"{out}/{problem}")
    if found:
        fail(f"{out}: {len(found)} problem(s) in the published feed, listed above")


@app.command()
def feed(
    out: Annotated[Path, typer.Argument(help="Published folder.")] = Path(DEFAULT_OUT),
    base_url: BaseOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Rewrite feed, pages and playlist from the catalogue, without synthesising."""
    from narrate.check import check_folder
    from narrate.publish import publish

    with errors():
        if not out.is_dir():
            raise NarrateError(f"{out}: no such folder; run `narrate build` first")
        done = publish(out, settings_from(config, base_url=base_url))
        found = check_folder(out)
    state = "feed rewritten" if done.feed else "feed unchanged"
    typer.echo(f"{done.episodes} episodes; {state}")
    problems(out, found)


@app.command()
def check(
    out: Annotated[Path, typer.Argument(help="Published folder.")] = Path(DEFAULT_OUT),
) -> None:
    """Validate a published folder against the podcast feed standards."""
    from narrate.check import check_folder

    with errors():
        found = check_folder(out)
    problems(out, found)
    typer.echo(f"{out}: feed valid")


@app.command()
def remove(
    article: Annotated[str, typer.Argument(help="Article file, slug or episode file name.")],
    out: OutOpt = Path(DEFAULT_OUT),
    config: ConfigOpt = None,
) -> None:
    """Remove an episode and its files, then rewrite feed and pages."""
    from narrate.publish import remove as remove_episode

    with errors():
        entry, deleted = remove_episode(out, article, settings_from(config))
    typer.echo(f"Removed {entry.slug} ({entry.title}): deleted {', '.join(deleted) or 'no file'}")


def _log_line(line: str) -> None:
    sys.stderr.write(line + "\n")


@app.command()
def serve(
    out: Annotated[Path, typer.Argument(help="Published folder.")] = Path(DEFAULT_OUT),
    host: Annotated[str, typer.Option(help="Address to listen on (0.0.0.0: whole network).")] = (
        "127.0.0.1"
    ),
    port: Annotated[int, typer.Option(help="Port to listen on (0: any free port).")] = 8000,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Do not log requests.")] = False,
) -> None:
    """Serve a published folder so podcast apps can subscribe and download episodes."""
    from narrate.server import make_server

    with errors():
        server = make_server(out, host, port, None if quiet else _log_line)
    typer.echo(f"Serving {out} at {server.url}")
    typer.echo(f"Subscribe to {server.url}feed.xml")
    sys.stdout.flush()
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


@app.command()
def script(
    article: Annotated[Path, typer.Argument(help="Article file.")],
    lexicon: LexiconOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Print exactly what will be spoken, chunk by chunk."""
    from narrate.pipeline import prepare

    with errors():
        edition = prepare(article, settings_from(config, lexicon))
    for segment in edition.segments:
        if segment.spoken.strip():
            typer.echo(f"[{segment.index}] {segment.kind}: {segment.spoken}")


@app.command()
def voices(
    engine: EngineOpt = None,
    language: Annotated[str | None, typer.Option(help="Only voices for this language.")] = None,
    config: ConfigOpt = None,
) -> None:
    """List the voices of an engine."""
    from narrate.engines import get_engine, require

    with errors():
        settings = settings_from(config, engine=engine)
        eng = get_engine(settings.engine)
        require(eng)
        found = eng.voices()
    for v in found:
        if language and not any(lang.split("-")[0] == language for lang in v.languages):
            continue
        typer.echo(f"{v.id}\t{v.name}\t{','.join(v.languages)}")


def version_callback(value: bool) -> None:
    """Print the version."""
    if value:
        typer.echo(f"narrate {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[
        bool, typer.Option("--version", callback=version_callback, is_eager=True)
    ] = False,
) -> None:
    """Offline audio editions of articles."""


def main() -> None:
    """Console-script entry point."""
    app()
