"""One episode per chapter: EPUB books split into chapter articles before the build.

``--split chapters`` (and a build of one file rather than a folder) stages the folder in
``<out>/.narrate/split/``: each EPUB becomes one article per table-of-contents entry (in
the sample format with its header block, so the book's author, date and publisher reach
every chapter's intro and tags), and every other article is linked as it is.
The staged folder is then built like any other.
"""

from __future__ import annotations

import os
from pathlib import Path

from narrate.config import Settings
from narrate.fsutil import write_if_changed
from narrate.reader import read_options, slug_for
from narrate.readers import Article

FOLDER = Path(".narrate") / "split"


def chapters(article: Article) -> list[tuple[str, list[tuple[str, str]]]]:
    """The book's chapters: (title, blocks) for each table-of-contents heading."""
    found: list[tuple[str, list[tuple[str, str]]]] = []
    for kind, text in article.blocks:
        if kind == "h2":
            found.append((text, []))
        elif found:
            found[-1][1].append((kind, text))
    return [(title, blocks) for title, blocks in found if any(k != "h3" for k, _ in blocks)]


def chapter_text(book: Article, title: str, blocks: list[tuple[str, str]]) -> str:
    """A chapter as an article in the sample format, with the book's metadata."""
    header = [f"{key}: {' '.join(value.split())}" for key, value in (
        ("Author", book.author), ("Date", book.date), ("Site", book.site_name),
        ("Description", book.description), ("Kind", "book" if book.book else ""),
    ) if value.strip()]  # fmt: skip
    head = "\n".join(header) + "\n\n" if header else ""
    lines = [book.language or "English", f"{book.title}: {title}" if book.title else title]
    return head + "\n\n".join(lines + [" ".join(text.split()) for _, text in blocks]) + "\n"


def stage(source: Path, out: Path, settings: Settings, split: bool = True) -> Path:
    """The folder to build for ``--split chapters`` (``source`` a folder or one book): books
    split (when ``split``), other articles linked."""
    from narrate.pipeline import find_articles
    from narrate.readers.epub import read_epub

    folder = out / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    wanted: set[str] = set()
    for path in [source] if source.is_file() else find_articles(source):
        if not split or path.suffix.lower() != ".epub":
            link = folder / path.name
            wanted.add(link.name)
            target = os.path.abspath(path)
            if not (link.is_symlink() and os.readlink(link) == target):
                link.unlink(missing_ok=True)
                link.symlink_to(target)
            continue
        book = read_epub(path, read_options(settings))
        for number, (title, blocks) in enumerate(chapters(book), 1):
            name = f"{slug_for(path)}-{number:03d}.txt"
            wanted.add(name)
            write_if_changed(folder / name, chapter_text(book, title, blocks).encode("utf-8"))
    for stale in folder.iterdir():
        if stale.name not in wanted:
            stale.unlink()
    return folder
