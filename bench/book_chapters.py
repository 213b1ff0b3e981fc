"""Chapters of four real books as `narrate script` speaks them, against the counts they have.

Unpacks Pride and Prejudice (61 chapters) and A Tale of Two Cities (45) from
tests/data/books, as Project Gutenberg texts and as Standard Ebooks EPUBs (and the 2009
release of A Tale of Two Cities, saved without its Gutenberg header), runs
`narrate script` on each as a user would, and counts the headings it prints; it also
counts the lines of front and back matter that reach the script (licence, title page,
imprint, colophon, contents, end line: tests/test_reader_books_real.py lists them) and
prints the intro. Exits 1 when a count is off or any matter is spoken.

    PYTHONPATH=$PWD .venv/bin/python bench/book_chapters.py
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.bookkit import BOOKS, CHAPTERS, gutenberg, standard_ebook  # noqa: E402
from tests.test_reader_books_real import NOT_THE_BOOK, PREFACE  # noqa: E402


def main() -> int:
    """Print one row per book; 1 when any book is read wrongly."""
    wrong = 0
    print(f"{'book':<48} {'chapters':>8} {'expected':>8} {'matter':>6}  intro")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        made = [make(name, folder) for name in BOOKS for make in (gutenberg, standard_ebook)]
        # The 2009 release, saved without its Gutenberg header: found a book by its chapters.
        made.append(gutenberg("a-tale-of-two-cities", folder, release="2009"))
        for path in made:
            name = path.name.split(".")[0]
            done = subprocess.run(
                [sys.executable, "-m", "narrate", "script", str(path)],
                capture_output=True, text=True, cwd=tmp, check=False,
                env={**os.environ, "PYTHONPATH": str(ROOT)},
            )  # fmt: skip
            if done.returncode:
                print(f"{path.name}: {done.stderr.strip()}")
                wrong += 1
                continue
            lines = done.stdout.splitlines()
            chapters = sum("] heading: " in line for line in lines)
            spoken = [line for line in lines if "] intro: " not in line]
            matter = sum(any(p in line for p in [*NOT_THE_BOOK, PREFACE]) for line in spoken)
            intro = " ".join(line.split(": ", 1)[1] for line in lines if "] intro: " in line)
            wrong += chapters != CHAPTERS[name] or matter > 0
            print(f"{path.name:<48} {chapters:>8} {CHAPTERS[name]:>8} {matter:>6}  {intro}")
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main())
