"""Format readers: each turns one kind of file into an Article of blocks and metadata.

``narrate.reader`` picks the reader by the file's suffix and content, then applies the
cleaning every format shares and builds the Edition. The readers import their libraries
(trafilatura, markdown-it, ebooklib) only when used.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

# What a block is: a heading (h1 to h6), a paragraph, or a list item.
BlockKind = Literal["h1", "h2", "h3", "h4", "h5", "h6", "p", "li"]


@dataclass(frozen=True)
class ReadOptions:
    """How the readers treat what is not plain prose (from the [read] settings)."""

    max_bytes: int = 50 * 1024 * 1024
    code: Literal["skip", "note"] = "skip"
    tables: Literal["rows", "skip"] = "rows"
    image_alt: bool = False
    captions: Literal["read", "skip"] = "read"
    inline_code: Literal["read", "skip"] = "read"


# Spoken in place of a code block when the settings ask for a note.
CODE_NOTE = "A code example is skipped here."


@dataclass
class Article:
    """What a reader found: title, blocks in reading order, and what the file says about itself.

    date: when it was published (else last modified), ISO 8601. url: its canonical address.
    cover: image bytes and MIME type for the episode art, when the file carries one.
    book: a book (EPUB, Project Gutenberg), whose intro names its author.
    """

    title: str = ""
    blocks: list[tuple[str, str]] = field(default_factory=list)
    language: str = ""
    author: str = ""
    date: str = ""
    url: str = ""
    site_name: str = ""
    description: str = ""
    cover: tuple[bytes, str] | None = None
    book: bool = False
    # What was found but is not spoken: (rule of narrate.readers.listen.RULES, text).
    dropped: list[tuple[str, str]] = field(default_factory=list)


def table_row(cells: list[str]) -> str:
    """A table row as one spoken sentence: its cells joined by commas."""
    cells = [" ".join(c.split()) for c in cells]
    text = ", ".join(c for c in cells if c)
    return text + "." if text and text[-1] not in ".!?:;" else text
