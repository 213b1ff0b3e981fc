"""The build stamp: a `narrate build` with nothing to do answers without loading the pipeline.

A complete build with no error records, in ``<out>/.narrate/build-stamp.json``, what it
depended on and what it left behind:

- the command line, the working folder and the NARRATE_* environment;
- the content hash of every article in the source folder, and of the settings, lexicon
  and cover files (and which of them were absent);
- a hash of narrate's own code, and the identity of the tools and libraries that shape
  the output (eSpeak NG, LAME, num2words, ...);
- the size and modification time of every file it published.

The next `narrate build` with the same command line compares all of that before importing
anything heavy. When nothing differs, nothing can need redoing: it prints the summary and
exits. Any difference, or any doubt (a missing or unreadable stamp, a file that cannot
be read), falls through to the full build, which checks every article by content as
always. Only the standard library is imported here, to keep that check fast.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import sys
from pathlib import Path

from narrate.fsutil import sha256_file

STAMP = os.path.join(".narrate", "build-stamp.json")
OUT = "audio"  # the output folder when none is given (the CLI's default too)
FORMAT = 1
# Settings from the environment that change what a build writes.
_ENV_PREFIXES = ("NARRATE_", "SOURCE_DATE_EPOCH", "XDG_CONFIG_HOME")
_CODE_SUFFIXES = (".py", ".toml", ".txt", ".json")


@functools.lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """A hash of narrate's own code and data files: any change to them re-checks everything."""
    root = os.path.dirname(os.path.abspath(__file__))
    found = []
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


def _identity(path: str) -> list[int]:
    info = os.stat(path)
    return [info.st_size, info.st_mtime_ns]


def _articles(source: str, suffixes: tuple[str, ...]) -> dict[str, str | None]:
    names = sorted(
        entry.name
        for entry in os.scandir(source)
        if entry.is_file()
        and not entry.name.startswith(".")
        and os.path.splitext(entry.name)[1].lower() in suffixes
    )
    return {name: _hash_file(os.path.join(source, name)) for name in names}


def _outputs(out: str, skip: tuple[str, ...]) -> dict[str, list[int]]:
    """Size and modification time of every file in ``out``, but the cache and the stamp."""
    found = {}
    for folder, dirs, files in os.walk(out):
        dirs[:] = [d for d in dirs if os.path.join(folder, d) not in skip]
        for name in files:
            path = os.path.join(folder, name)
            if path not in skip:
                found[os.path.relpath(path, out)] = _identity(path)
    return found


def _out_folder(argv: list[str]) -> str:
    """The output folder of a build command line (``--out``/``-o``, default ``audio``)."""
    out = OUT
    for i, arg in enumerate(argv):
        if arg in ("--out", "-o") and i + 1 < len(argv):
            out = argv[i + 1]
        elif arg.startswith("--out="):
            out = arg.split("=", 1)[1]
    return out


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
) -> None:
    """Record a complete build (call it last, once everything is written)."""
    stamp = {
        "format": FORMAT,
        "argv": argv,
        "cwd": os.getcwd(),
        "env": _environment(os.environ),
        "python": [sys.prefix, sys.version],
        "code": code_fingerprint(),
        "source": os.path.abspath(source),
        "suffixes": list(suffixes),
        "articles": _articles(source, suffixes),
        "inputs": {os.path.abspath(p): _hash_file(p) for p in inputs},
        "tools": {os.path.abspath(p): _identity(p) for p in tools},
        "outputs": _outputs(out, _skipped(out)),
        "summary": summary,
    }
    path = os.path.join(out, STAMP)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    tmp = f"{path}.{os.getpid()}.tmp"
    with open(tmp, "w", encoding="utf-8") as handle:
        json.dump(stamp, handle)
    os.replace(tmp, path)


def clear(out: str) -> None:
    """Forget the last build (a build that changes anything starts here)."""
    with contextlib.suppress(FileNotFoundError):
        os.unlink(os.path.join(out, STAMP))


def unchanged(argv: list[str]) -> list[str] | None:
    """The summary to print when ``narrate <argv>`` is a build with nothing to do, else None."""
    if not argv or argv[0] != "build":
        return None
    out = _out_folder(argv[1:])
    try:
        with open(os.path.join(out, STAMP), encoding="utf-8") as handle:
            stamp = json.load(handle)
        same = (
            stamp["format"] == FORMAT
            and stamp["argv"] == argv
            and stamp["cwd"] == os.getcwd()
            and stamp["env"] == _environment(os.environ)
            and stamp["python"] == [sys.prefix, sys.version]
            and all(_identity(p) == v for p, v in stamp["tools"].items())
            and stamp["outputs"] == _outputs(out, _skipped(out))
            and stamp["articles"] == _articles(stamp["source"], tuple(stamp["suffixes"]))
            and all(_hash_file(p) == v for p, v in stamp["inputs"].items())
            and stamp["code"] == code_fingerprint()
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return list(stamp["summary"]) if same else None
