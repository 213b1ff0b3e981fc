"""Books: an EPUB as one episode or one per chapter (--split chapters), from the command."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from narrate.books import stage
from narrate.catalogue import is_edition_file
from narrate.config import Settings
from narrate.edition import Edition
from narrate.pipeline import build
from tests.test_reader_formats import make_epub

ROOT = Path(__file__).resolve().parent.parent


def _titles(out: Path) -> dict[str, str]:
    return {
        p.stem: Edition.load(p).title for p in sorted(out.glob("*.json")) if is_edition_file(p.name)
    }


def test_split_chapters_stages_one_article_per_chapter(tmp_path: Path, silent: Settings,
                                                       seed: Path) -> None:  # fmt: skip
    books = tmp_path / "books"
    books.mkdir()
    make_epub(books / "tiny.epub")
    (books / seed.name).symlink_to(seed)
    out = tmp_path / "out"
    folder = stage(books, out, silent.replace(split="chapters"))
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        ["tiny-001.txt", "tiny-002.txt", seed.name]
    )
    assert build(folder, out, silent).errors == []
    titles = _titles(out)
    assert titles["tiny-001"] == "A Tiny Book: The Beginning"
    assert titles["tiny-002"] == "A Tiny Book: The Middle"
    first = Edition.load(out / "tiny-001.json")
    assert (first.author, first.date, first.site_name) == ("Bea Writer", "1901-05-06",
                                                           "Small Press")  # fmt: skip
    # Each chapter is introduced as a book's: by its author, without the ebook's date.
    assert [s.text for s in first.segments if s.kind == "intro"] == [
        "A Tiny Book: The Beginning.", "By Bea Writer.", "From Small Press.",
    ]  # fmt: skip
    assert [s.text for s in Edition.load(out / "tiny-002.json").segments
            if s.kind == "sentence"] == ["Middle words."]  # fmt: skip


def _narrate(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "narrate", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=300)  # fmt: skip


@pytest.mark.slow  # builds a book whole and by chapter
def test_build_one_book_whole_or_by_chapter(tmp_path: Path) -> None:
    make_epub(tmp_path / "tiny.epub")
    whole = _narrate("build", "tiny.epub", "--out", "whole", "--engine", "silent", cwd=tmp_path)
    assert whole.returncode == 0, whole.stderr
    assert _titles(tmp_path / "whole") == {"tiny": "A Tiny Book"}
    chapters = Edition.load(tmp_path / "whole" / "tiny.json")
    assert [s.text for s in chapters.segments if s.kind == "heading"] == ["The Beginning",
                                                                         "The Middle"]  # fmt: skip
    split = _narrate("build", "tiny.epub", "--split", "chapters", "--out", "split",
                     "--engine", "silent", cwd=tmp_path)  # fmt: skip
    assert split.returncode == 0, split.stderr
    assert list(_titles(tmp_path / "split")) == ["tiny-001", "tiny-002"]


def test_output_over_input_is_refused_in_one_line(tmp_path: Path) -> None:
    page = tmp_path / "story.html"
    page.write_text("<html><body><article><h1>Story</h1><p>Text of the story.</p></article>"
                    "</body></html>")  # fmt: skip
    done = _narrate("build", ".", "--out", ".", "--engine", "silent", cwd=tmp_path)
    assert done.returncode == 1
    assert done.stderr == (
        "Error: story.html: is an input, and the build would write over it in .; "
        "build into another folder (--out)\n"
    )
    assert page.read_text().startswith("<html><body><article><h1>Story")
