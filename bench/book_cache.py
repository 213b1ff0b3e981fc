"""The chunk cache after a book: its size against the published MP3, and an edited chapter.

Generates a Markdown book of ``--words`` words (default 122,000, the length of *Pride and
Prejudice*; ``book_memory.make_book``: a chapter every 5,000 words), renders it cold with
``narrate render``, then reports:
  - the cache's bytes (every file under ``.narrate/cache``) against the MP3's, bar 1.2;
  - after one chapter is edited (a sentence added to each of its paragraphs), how many
    chunks the next render speaks, against the chunks of that chapter that changed.
The silent engine (default) gives the scale (CBR frames are as large for silence as for
speech); ``--engine pyttsx3`` on a smaller ``--words`` gives the ratio with real speech.

    .venv/bin/python bench/book_cache.py                                # 122,000 words, silent
    .venv/bin/python bench/book_cache.py --engine pyttsx3 --words 8000  # eSpeak NG
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import NARRATE  # noqa: E402
from book_memory import make_book  # noqa: E402

BAR = 1.2


def _render(book: Path, out: Path, engine: str, jobs: int) -> tuple[float, str]:
    start = time.perf_counter()
    done = subprocess.run(
        [*NARRATE, "render", str(book), "--out", str(out), "--engine", engine,
         "--jobs", str(jobs)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    if done.returncode:
        raise SystemExit(f"render failed: {done.stderr.strip()}")
    return time.perf_counter() - start, done.stdout.strip()


def _tree_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def _edit_chapter(book: Path, chapter: int) -> str:
    """Add a sentence to every paragraph of ``chapter``; return the chapter's new text."""
    parts = book.read_text("utf-8").split("\n\n")
    inside, edited = False, []
    for i, part in enumerate(parts):
        if part.startswith("## "):
            inside = part == f"## Chapter {chapter}"
        elif inside:
            parts[i] = part.rstrip() + f" This sentence was added in revision {i}."
            edited.append(parts[i])
    book.write_text("\n\n".join(parts), "utf-8")
    return " ".join(" ".join(edited).split())


def _chunks(out: Path) -> dict[str, str]:
    """The episode's chunks: key -> written text."""
    from narrate.edition import Edition

    edition = Edition.load(out / "book.json")
    return {s.audio: " ".join(s.text.split()) for s in edition.segments if s.audio}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=122_000)
    parser.add_argument("--engine", default="silent")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--chapter", type=int, default=2)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="narrate-book-cache-"))
    try:
        book, out = work / "book.md", work / "out"
        words = make_book(book, args.words)
        print(f"{words:,} words, engine {args.engine}, {args.jobs} jobs", flush=True)
        seconds, line = _render(book, out, args.engine, args.jobs)
        mp3 = (out / "book.mp3").stat().st_size
        cache = _tree_bytes(out / ".narrate" / "cache")
        print(f"cold render: {seconds:.0f} s; {line[:160]}")
        print(f"published MP3:  {mp3 / 1e6:8.1f} MB")
        print(f"chunk cache:    {cache / 1e6:8.1f} MB  ratio cache/MP3 {cache / mp3:.2f} "
              f"(bar {BAR})", flush=True)  # fmt: skip
        before = _chunks(out)
        chapter = _edit_chapter(book, args.chapter)
        seconds, line = _render(book, out, args.engine, args.jobs)
        found = re.search(r"(\d+) chunks rendered", line)
        spoken = int(found.group(1)) if found else 0
        new = {k: t for k, t in _chunks(out).items() if k not in before}
        outside = [t for t in new.values() if t not in chapter]
        print(f"chapter {args.chapter} edited (a sentence added to each paragraph): "
              f"{spoken} chunks spoken in {seconds:.0f} s; {len(new)} chunks of the episode "
              f"are new, {len(outside)} of them outside that chapter")  # fmt: skip
        ok = cache / mp3 <= BAR and spoken == len(new) > 0 and not outside
        print("PASS" if ok else "FAIL")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
