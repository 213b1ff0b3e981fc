"""The four real books of tests/data/books, unpacked for a test: Gutenberg texts as they are
published, Standard Ebooks sources zipped into an EPUB the way an EPUB is packed."""

from __future__ import annotations

import re
import tarfile
import zipfile
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "books"
BOOKS = ("pride-and-prejudice", "a-tale-of-two-cities")
# The chapters each book has: the figure every reading of it must find.
CHAPTERS = {"pride-and-prejudice": 61, "a-tale-of-two-cities": 45}
TITLES = {"pride-and-prejudice": "Pride and Prejudice",
          "a-tale-of-two-cities": "A Tale of Two Cities"}  # fmt: skip
AUTHORS = {"pride-and-prejudice": "Jane Austen", "a-tale-of-two-cities": "Charles Dickens"}

# The cover SVG is left out of the committed sources (it is most of their size); the EPUB
# gets this stand-in under the same name, so the manifest stays as published.
_STAND_IN = b'<svg xmlns="http://www.w3.org/2000/svg" width="1400" height="2100"/>\n'


def gutenberg(name: str, folder: Path, release: str = "") -> Path:
    """The Project Gutenberg text of ``name`` (one of BOOKS), written into ``folder``: its
    current release, or another kept beside it (``release="2009"`` for A Tale of Two Cities
    as released in 2009, saved without its Gutenberg header)."""
    member = f"{name}.{release}.txt" if release else f"{name}.txt"
    with tarfile.open(DATA / f"{name}.gutenberg.tar.xz") as source:
        data = source.extractfile(member).read()  # type: ignore[union-attr]
    path = folder / member
    path.write_bytes(data)
    return path


def standard_ebook(name: str, folder: Path) -> Path:
    """The Standard Ebooks EPUB of ``name`` (one of BOOKS), built into ``folder`` from its
    committed source: ``mimetype`` first and stored, then every file under ``src/``."""
    path = folder / f"{name}.epub"
    with tarfile.open(DATA / f"{name}.standardebooks.tar.xz") as source:
        files = {
            m.name.removeprefix("src/"): source.extractfile(m).read()  # type: ignore[union-attr]
            for m in source.getmembers()
            if m.isfile() and m.name.startswith("src/")
        }
    opf = files["epub/content.opf"].decode("utf-8")
    for href in re.findall(r'<item href="([^"]+)"', opf):
        files.setdefault(f"epub/{href}", _STAND_IN)
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", files.pop("mimetype"), zipfile.ZIP_STORED)
        for member in sorted(files):
            archive.writestr(member, files[member], zipfile.ZIP_DEFLATED)
    return path
