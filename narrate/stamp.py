"""The build stamp: a `narrate build` with nothing to do answers without loading the pipeline.

A complete build with no error records, in ``<out>/.narrate/build-stamp.json``, what it
depended on and what it left behind:

- the command line, the working folder and the NARRATE_* environment;
- the content hash of every article in the source folder, and of the settings, lexicon
  and cover files (and which of them were absent);
- a hash of narrate's own code, and the identity of the tools and libraries that shape
  the output (the files the engine names, LAME's library, num2words, ...);
- the size and modification time of every file it published.

The next `narrate build` with the same command line compares all of that before importing
anything heavy. When nothing differs, nothing can need redoing: it prints the summary and
exits. Any difference, or any doubt (a missing or unreadable stamp, a file that cannot
be read), falls through to the full build, which checks every article by content as
always. Only the standard library is imported here, to keep that check fast (``record``
imports what it needs when it runs).
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import hashlib
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from narrate.fsutil import identity, sha256_file, write_if_changed

if TYPE_CHECKING:
    from narrate.config import Settings

STAMP = os.path.join(".narrate", "build-stamp.json")
OUT = "audio"  # the output folder when none is given (the CLI's default too)
FORMAT = 1
# Settings from the environment that change what a build writes.
_ENV_PREFIXES = ("NARRATE_", "SOURCE_DATE_EPOCH", "XDG_CONFIG_HOME")
# Every file of the package that shapes what is published: code, data, and the pages' own
# style and scripts (a new player.js must reach every page, not wait for an edit).
_CODE_SUFFIXES = (".py", ".toml", ".txt", ".json", ".css", ".js")


@functools.lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """A hash of narrate's own code and data files: any change to them re-checks everything."""
    root = os.path.dirname(os.path.abspath(__file__))
    found: list[str] = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        found.extend(os.path.join(folder, f) for f in files if f.endswith(_CODE_SUFFIXES))
    digest = hashlib.sha256()
    for path in sorted(found, key=lambda p: os.path.relpath(p, root).replace(os.sep, "/")):
        with open(path, "rb") as handle:
            data = handle.read()
        digest.update(os.path.relpath(path, root).replace(os.sep, "/").encode() + b"\0" + data)
    return digest.hexdigest()


def _environment(environ: dict[str, str] | os._Environ) -> dict[str, str]:
    return {k: v for k, v in sorted(environ.items()) if k.startswith(_ENV_PREFIXES)}


def _hash_file(path: str) -> str | None:
    """The sha256 of a file's bytes, or None when there is no such file."""
    try:
        return sha256_file(Path(path))
    except FileNotFoundError:
        return None


def _articles(source: str, suffixes: tuple[str, ...]) -> dict[str, str | None]:
    """The content hash of every article in ``source``, by file name."""
    names = sorted(
        entry.name
        for entry in os.scandir(source)
        if entry.is_file()
        and not entry.name.startswith(".")
        and os.path.splitext(entry.name)[1].lower() in suffixes
    )
    return {name: _hash_file(os.path.join(source, name)) for name in names}


# The stamp, outputs and articles as the no-change check found them, for ``one_edit`` and
# ``settled`` to reuse: nothing is written between them (walking 70,000 files of a large
# catalogue, or hashing 10,000 articles, takes a good part of a second; reading its stamp,
# a tenth).
_loaded: dict[str, Any] = {}
_seen_outputs: dict[str, dict[str, list[int]]] = {}
_seen_articles: dict[str, dict[str, str | None]] = {}


def _outputs(out: str, skip: tuple[str, ...]) -> dict[str, list[int]]:
    """Size and modification time of every file in ``out``, but the cache and the stamp.

    Named relative to ``out``; folders reached through a symbolic link are not entered.
    """
    found: dict[str, list[int]] = {}
    pending = [("", out)]
    while pending:
        prefix, folder = pending.pop()
        with os.scandir(folder) as listing:
            for entry in listing:
                if entry.path in skip:
                    continue
                if entry.is_dir():
                    if not entry.is_symlink():
                        pending.append((prefix + entry.name + os.sep, entry.path))
                    continue
                info = entry.stat()
                found[prefix + entry.name] = [info.st_size, info.st_mtime_ns]
    return found


def _out_folder(argv: list[str]) -> str:
    """The output folder of a build command line (``--out``/``-o``, default ``audio``).

    Only this one option is read, by the standard library's parser; everything else on
    the line is compared as a whole with the stamp's.
    """
    parser = argparse.ArgumentParser(add_help=False, allow_abbrev=False)
    parser.add_argument("--out", "-o", default=OUT)
    known, _ = parser.parse_known_args(argv)
    return str(known.out)


def _skipped(out: str) -> tuple[str, ...]:
    return (os.path.join(out, ".narrate", "cache"), os.path.join(out, STAMP))


def write(
    argv: list[str],
    out: str,
    source: str,
    suffixes: tuple[str, ...],
    inputs: list[str],
    tools: list[str],
    summary: list[str],
    settings: dict[str, Any] | None = None,
) -> None:
    """Record a complete build (call it last, once everything is written); ``settings``,
    the build's own as plain values, are kept for ``one_edit``."""
    stamp = {
        "format": FORMAT,
        "argv": argv,
        "cwd": os.getcwd(),
        "env": _environment(os.environ),
        "python": [sys.prefix, sys.version],
        "code": code_fingerprint(),
        "source": os.path.abspath(source),
        "folder": source,  # as given: the articles' paths as the build names them
        "suffixes": list(suffixes),
        "articles": _articles(source, suffixes),
        "inputs": {os.path.abspath(p): _hash_file(p) for p in inputs},
        "tools": {os.path.abspath(p): identity(p) for p in tools},
        "outputs": _outputs(out, _skipped(out)),
        "summary": summary,
        "settings": settings,
    }
    write_if_changed(Path(out, STAMP), json.dumps(stamp).encode("utf-8"))


# Python distributions whose versions shape what a build writes (speech text, audio, tags,
# cover): a new version of any of them makes the build stamp stale.
SHAPING = ("narrate", "num2words", "pyttsx3", "numpy", "mutagen", "pillow", "trafilatura",
           "markdown-it-py", "ebooklib", "pyyaml", "pydub")  # fmt: skip


def tool_files(engine: str) -> list[str] | None:
    """Files whose change means a build may write something else; None if not known.

    The engine names its own (``files()``); LAME's library and the metadata of the
    distributions in ``SHAPING`` (whose folder is named after their version) are added.
    """
    from importlib.metadata import PackageNotFoundError, distribution

    from narrate import lame
    from narrate.engines import get_engine

    listed = getattr(get_engine(engine), "files", None)
    files = listed() if listed is not None else None
    if files is None:
        return None  # an engine that does not say: never trust a stamp
    files = list(files)
    encoder = lame.path()
    if encoder:
        files.append(encoder)
    for name in SHAPING:
        try:
            dist = distribution(name)
        except PackageNotFoundError:
            continue
        files += _metadata_files(dist)
    return files


def _metadata_files(dist: Any) -> list[str]:
    """The METADATA file of an installed distribution: in its .dist-info folder, found
    without listing every file it installed (reading its RECORD takes longer than the
    rest of recording a stamp); from that list for any other kind of installation."""
    folder = getattr(dist, "_path", None)
    if isinstance(folder, os.PathLike) and os.path.isfile(os.path.join(folder, "METADATA")):
        return [os.path.join(folder, "METADATA")]
    return [str(dist.locate_file(f)) for f in dist.files or () if f.name == "METADATA"]


def record(
    argv: list[str], source: Path, out: Path, settings: Settings, config: Path | None,
    summary: list[str],
) -> None:  # fmt: skip
    """Write the stamp of a complete build, so that the same command line with nothing
    changed answers at once; writes nothing when the engine's files are not known."""
    import dataclasses

    from narrate.config import settings_files
    from narrate.reader import ARTICLE_SUFFIXES

    tools = tool_files(settings.engine)
    if tools is None:
        return
    inputs = [*settings_files(config), *map(Path, settings.lexicons)]
    inputs += [Path(os.path.expanduser(p)) for p in (settings.cover, settings.jingle) if p]
    write(
        argv, str(out), str(source), ARTICLE_SUFFIXES, [str(p) for p in inputs], tools, summary,
        dataclasses.asdict(settings),
    )  # fmt: skip


# The command line ``narrate`` was started with (None when the CLI runs in-process, as in
# a test): only a build run as the program is stamped, since only one can be answered.
_invocation: list[str] | None = None


def invoked(argv: list[str]) -> None:
    """Note the command line the program was started with (by ``narrate.__main__``)."""
    global _invocation
    _invocation = list(argv)


def invocation() -> list[str] | None:
    """The command line the program was started with, or None when not run as one."""
    return _invocation


def clear(out: str) -> None:
    """Forget the last build (a build that changes anything starts here)."""
    with contextlib.suppress(FileNotFoundError):
        os.unlink(os.path.join(out, STAMP))


def _load(out: str) -> Any:
    """The stamp of the last complete build into ``out`` (OSError, ValueError if none)."""
    with open(os.path.join(out, STAMP), encoding="utf-8") as handle:
        return json.load(handle)


def _same_run(stamp: Any, argv: list[str]) -> bool:
    """Whether the command, folder, environment, Python and tools are the stamp's."""
    return bool(
        stamp["format"] == FORMAT
        and stamp["argv"] == argv
        and stamp["cwd"] == os.getcwd()
        and stamp["env"] == _environment(os.environ)
        and stamp["python"] == [sys.prefix, sys.version]
        and all(identity(p) == v for p, v in stamp["tools"].items())
    )


def _same_inputs(stamp: Any) -> bool:
    """Whether the settings files, lexicons and narrate's own code are the stamp's."""
    return bool(
        all(_hash_file(p) == v for p, v in stamp["inputs"].items())
        and stamp["code"] == code_fingerprint()
    )


def settled(argv: list[str] | None, slug_of: Callable[[str], str]) -> dict[str, str]:
    """Articles a build of ``argv`` need not even read: {file name: its summary line}.

    When only some articles differ from the last complete build (one added, one edited),
    everything else it depended on being unchanged, an article whose bytes and published
    files (``<slug>.*``, named by ``slug_of``) are as that build left them is up to date,
    and its line of the last summary still describes it. Empty when anything global
    differs (command line, settings files, code, tools) or there is no stamp.
    """
    if not argv or argv[0] != "build":
        return {}
    out = _out_folder(argv[1:])
    try:
        stamp = _loaded.pop(out, None) or _load(out)
        if not (_same_run(stamp, argv) and _same_inputs(stamp)):
            return {}
        before: dict[str, list[int]] = stamp["outputs"]
        now = _seen_outputs.pop(out, None) or _outputs(out, _skipped(out))
        moved = {n for n in before.keys() | now.keys() if before.get(n) != now.get(n)}
        articles = _seen_articles.pop(out, None)
        if articles is None:
            articles = _articles(stamp["source"], tuple(stamp["suffixes"]))
        lines = [str(line) for line in stamp["summary"]]
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}
    # The slugs whose files moved: every name's stems before a dot ("a.b" of "a.b.mp3").
    touched = {n[:i] for n in moved for i, c in enumerate(n) if c == "."}
    # Each summary line starts with its episode's file name or slug (slugs hold no colon).
    said: dict[str, str] = {}
    for line in lines:
        said.setdefault(line.split(": ", 1)[0], line)
    found = {}
    for name, digest in articles.items():
        if digest is None or stamp["articles"].get(name) != digest:
            continue
        slug = slug_of(name)
        if slug in touched:
            continue
        default = f"{slug}: up to date, nothing rendered"
        found[name] = said.get(f"{slug}.mp3") or said.get(slug) or default
    return found


def _seen(out: str) -> dict[str, list[int]]:
    _seen_outputs[out] = _outputs(out, _skipped(out))
    return _seen_outputs[out]


def _seen_articles_in(out: str, stamp: Any) -> dict[str, str | None]:
    _seen_articles[out] = _articles(stamp["source"], tuple(stamp["suffixes"]))
    return _seen_articles[out]


def unchanged(argv: list[str]) -> list[str] | None:
    """The summary to print when ``narrate <argv>`` is a build with nothing to do, else None."""
    if not argv or argv[0] != "build":
        return None
    out = _out_folder(argv[1:])
    try:
        stamp = _loaded[out] = _load(out)
        # The cheap checks first: most builds that are not up to date fail one of them.
        same = (
            _same_run(stamp, argv)
            and stamp["outputs"] == _seen(out)
            and stamp["articles"] == _seen_articles_in(out, stamp)
            and _same_inputs(stamp)
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return list(stamp["summary"]) if same else None


class Edit(NamedTuple):
    """What differs from the last complete build: one article's bytes (``one_edit``)."""

    article: str  # its path, as the build names it
    out: str  # the build's output folder
    settings: dict[str, Any]  # the last build's settings, as plain values


def one_edit(argv: list[str]) -> Edit | None:
    """After ``unchanged`` said no: the edit, when all that differs from the last complete
    build of ``argv`` is the bytes of one article it built (most of whose chunks are then
    in the cache), or None."""
    if not argv or argv[0] != "build":
        return None
    out = _out_folder(argv[1:])
    try:
        stamp = _loaded.get(out) or _load(out)
        before: dict[str, str | None] = stamp["articles"]
        now = _seen_articles.get(out)
        if now is None or stamp["outputs"] != _seen_outputs.get(out):
            return None
        differ = [name for name in before.keys() | now.keys() if before.get(name) != now.get(name)]
        if not (
            len(differ) == 1
            and before.get(differ[0]) is not None
            and now.get(differ[0]) is not None
            and isinstance(stamp.get("settings"), dict)
            and isinstance(stamp.get("folder"), str)
            and _same_run(stamp, argv)
            and _same_inputs(stamp)
        ):
            return None
        return Edit(str(Path(stamp["folder"], differ[0])), out, stamp["settings"])
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
