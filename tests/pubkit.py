"""Helpers for the publishing tests: a small published folder built on the silent engine."""

from __future__ import annotations

import dataclasses
import json
import shutil
import struct
import subprocess
import sys
import xml.etree.ElementTree as ET
import zlib
from pathlib import Path

from conftest import ROOT, SEED, write_article

from narrate.catalogue import load_editions
from narrate.config import Settings, load_settings
from narrate.edition import Edition
from narrate.feed import NS
from narrate.pipeline import build
from narrate.publish import publish

TRICKY = 'Tom & Jerry <say> "hi" it\'s déjà vu — 東京'
CHANNEL = "Reads <&> \"Quotes\" 'n' Ünïcode"


def settings(**changes: object) -> Settings:
    """Silent engine, one worker, a channel whose text needs escaping."""
    return load_settings(
        engine="silent", jobs=1, title=CHANNEL, email="editor@example.org",
        category="News > Daily News", base_url="http://127.0.0.1:8000/", **changes,
    )  # fmt: skip


def make_seeds(folder: Path) -> Path:
    """The seed article plus a Markdown article with headings and a tricky title."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(SEED, folder / SEED.name)
    write_tricky(folder)
    return folder


def write_tricky(folder: Path, extra: str = "") -> Path:
    """A Markdown article with two sections (so it has chapters) and a title to escape."""
    path = folder / "tricky.md"
    path.write_text(
        # Markdown drops raw HTML: the backslashes keep "<b>" as text that must be escaped.
        f"# {TRICKY}\n\nThe opening paragraph says \\<b>hello\\</b> & goodbye. "
        f"It has two sentences.{extra}\n\n## First section\n\nA paragraph in the first section.\n\n"
        "## Second section\n\nA paragraph in the second section. Another sentence here.\n",
        "utf-8",
    )
    return path


def add_companions(out: Path) -> None:
    """Transcripts and chapters beside each episode where the build left none."""
    for edition in load_editions(out):
        slug = edition.slug
        if not (out / f"{slug}.vtt").is_file():
            (out / f"{slug}.vtt").write_text(
                "WEBVTT\n\n00:00:00.000 --> 00:00:02.000\n" + edition.title + "\n", "utf-8"
            )
        if not (out / f"{slug}.srt").is_file():
            (out / f"{slug}.srt").write_text(
                "1\n00:00:00,000 --> 00:00:02,000\n" + edition.title + "\n", "utf-8"
            )
        if (out / f"{slug}.chapters.json").is_file():
            continue
        rate = edition.sample_rate
        chapters = [{"startTime": 0, "title": edition.title}] + [
            {"startTime": round(s.start / rate, 3), "title": s.text}
            for s in edition.segments
            if s.kind == "heading"
        ]
        (out / f"{slug}.chapters.json").write_text(
            json.dumps({"version": "1.2.0", "chapters": chapters}), "utf-8"
        )


def published(root: Path, **changes: object) -> Path:
    """Build two articles into ``root/audio`` with transcripts and chapters; the folder."""
    out = root / "audio"
    config = settings(**changes)
    report = build(make_seeds(root / "seeds"), out, config)
    assert not report.errors, report.errors
    add_companions(out)
    if not (out / "cover.png").is_file():
        (out / "cover.png").write_bytes(plain_cover())
    publish(out, config)
    return out


def feed_tree(out: Path) -> ET.Element:
    """The parsed feed.xml of ``out``."""
    return ET.parse(out / "feed.xml").getroot()


def xpath(root: ET.Element, path: str) -> list[ET.Element]:
    """ElementTree's XPath subset with the feed's namespace prefixes."""
    return root.findall(path, NS)


def partytime(feed: Path) -> dict:
    """What podcast-partytime (npm) reads from a feed file."""
    proc = subprocess.run(
        ["node", str(ROOT / "tests" / "js" / "partytime.mjs"), str(feed)],
        capture_output=True, text=True, cwd=ROOT, timeout=60, check=False,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


# `narrate build` that stops asking for articles once two are in synthesis (the first then
# finishes and is published), and waits there until it is interrupted: a signal sent once an
# episode exists always lands in the middle of the build, however slowly the machine runs
# the test (a build left free to run could finish first on a loaded machine).
_HELD = """
import sys
import time

from narrate import pipeline
from narrate.__main__ import main

original = pipeline._distinct


def held(articles, errors):
    for n, path in enumerate(original(articles, errors)):
        while n == 2:
            time.sleep(0.05)
        yield path


if __name__ == "__main__":  # worker processes import this module too
    pipeline._distinct = held
    sys.argv = ["narrate", "build", *sys.argv[1:]]
    main()
"""


def held_build(folder: Path, *args: str) -> list[str]:
    """The command line of a `narrate build` (``args``) held midway until it is signalled."""
    script = folder / "held_build.py"
    script.write_text(_HELD, encoding="utf-8")
    return [sys.executable, str(script), *args]


__all__ = ["write_article"]


def plain_cover(side: int = 1400) -> bytes:
    """A square RGB PNG of one dark colour, ``side`` pixels wide."""
    row = b"\x00" + bytes((0x1D, 0x35, 0x57)) * side

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", side, side, 8, 2, 0, 0, 0)
    idat = zlib.compress(row * side, 9)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")
    )


HOSTILE = "AT&T <b>bold</b> \"q\" 'a' 5 < 7 > 3 😀 <img src=x>"
# Filled by hand, as a reader that finds them in a page's metadata will.
HOSTILE_META = {
    "author": "Ann <O'Neil> & Co",
    "date": "2024-03-05T10:00:00+01:00",
    "url": "https://example.org/a?x=1&y=<2>",
    "description": "Summary: AT&T & 5 < 7 <b>not bold</b> <img src=x>",
}
# Characters no published text file may carry (a NUL, ESC, BEL, DEL and a C1 control).
CONTROLS = "\x00\x1b\x07\x7f\x85"


def hostile(root: Path, **meta: str) -> Path:
    """A published folder with one article whose every text needs escaping; the folder.

    The edition's metadata (author, date, URL, description) is filled by hand, and control
    characters are slipped into its title, author and text after reading, so that only the
    publishing stage stands between them and the files.
    """
    seeds = root / "seeds"
    seeds.mkdir(parents=True, exist_ok=True)
    # Markdown drops raw HTML: the markup is escaped so that it stays text to publish.
    text = (
        f"# {HOSTILE}\n\nBody with <b>tags</b> & <img src=x> here. Second sentence.\n\n"
        "## Part <i>two</i>\n\n- First item of a list.\n- Second item.\n\nMore text.\n"
    )
    (seeds / "hostile.md").write_text(text.replace("<", "\\<"), "utf-8")
    out = root / "audio"
    config = settings()
    report = build(seeds, out, config)
    assert not report.errors, report.errors
    path = out / "hostile.json"
    edition = Edition.load(path)
    segments = tuple(
        dataclasses.replace(s, text=f"{s.text[:4]}{CONTROLS}{s.text[4:]}")
        if s.kind == "sentence"
        else s
        for s in edition.segments
    )
    fields = {**HOSTILE_META, **meta}
    fields["author"] = fields["author"].replace(" ", f" {CONTROLS}", 1)
    edition.replace(title=edition.title + CONTROLS[:2], segments=segments, **fields).save(path)
    publish(out, config)
    return out
