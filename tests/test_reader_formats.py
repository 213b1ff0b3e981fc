"""Readers per format: Markdown, front matter, the header block, Gutenberg books, EPUB,
unsupported formats, and inputs that are not regular files or are too large."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from narrate.errors import InputError
from narrate.reader import read_article
from narrate.readers import CODE_NOTE, ReadOptions
from narrate.readers.text import chapter_heading

MARKDOWN = """---
title: "Front matter title"
author: Jane Doe
date: 2024-05-01
description: A short post.
canonical_url: https://example.org/post
---

Intro with a [link](https://x.org/page) and<br>a break ![a cat](cat.png).

```python
# not a heading
print("hi")
```

    indented_code = True

<div class="ad">Buy now</div>

- first item
- second *item*

| Name | Age |
|------|-----|
| Ann  | 31  |

## Section

Text after.[^1]

[^1]: The note.
"""


def _body(path: Path, options: ReadOptions | None = None) -> list[tuple[str, str]]:
    return [(s.kind, s.text) for s in read_article(path, options).segments[1:]]


def test_markdown_code_html_links_lists_tables(tmp_path: Path) -> None:
    path = tmp_path / "post.md"
    path.write_text(MARKDOWN)
    edition = read_article(path)
    assert edition.title == "Front matter title"
    assert (edition.author, edition.date, edition.url, edition.description) == (
        "Jane Doe", "2024-05-01", "https://example.org/post", "A short post.",
    )  # fmt: skip
    assert _body(path) == [
        ("sentence", "Intro with a link and a break."),
        ("sentence", "first item."),
        ("sentence", "second item."),
        ("sentence", "Name, Age."),
        ("sentence", "Ann, 31."),
        ("heading", "Section"),
        ("sentence", "Text after."),
        ("sentence", "Note: The note."),
    ]


def test_markdown_settings_note_code_skip_tables_speak_alt(tmp_path: Path) -> None:
    path = tmp_path / "post.md"
    path.write_text(MARKDOWN)
    got = _body(path, ReadOptions(code="note", tables="skip", image_alt=True))
    assert got[:4] == [
        ("sentence", "Intro with a link and a break a cat."),
        ("sentence", CODE_NOTE),
        ("sentence", CODE_NOTE),
        ("sentence", "first item."),
    ]
    assert ("sentence", "Ann, 31.") not in got


def test_toml_front_matter(tmp_path: Path) -> None:
    path = tmp_path / "post.md"
    path.write_text('+++\ntitle = "Toml title"\ndate = 2021-03-04T10:00:00Z\n'
                    'authors = ["A One", "B Two"]\n+++\n\nBody.\n')  # fmt: skip
    edition = read_article(path)
    assert (edition.title, edition.date, edition.author) == (
        "Toml title", "2021-03-04T10:00:00+00:00", "A One, B Two")  # fmt: skip


def _seconds(text: str, tmp_path: Path, name: str) -> float:
    path = tmp_path / name
    path.write_text("# T\n\n" + text)
    start = time.perf_counter()
    read_article(path)
    return time.perf_counter() - start


def test_markdown_emphasis_is_linear(tmp_path: Path) -> None:
    # Unclosed emphasis runs took quadratic time (4 s at 40 KB). Compared with ordinary
    # Markdown prose of the same size read in the same run, so a slow machine cannot fail it.
    def hostile(size: int) -> str:
        return ("*a " * size)[:size]

    prose = "Some *bold* words, a [link](https://example.org) and __more__ text. " * 700
    _seconds(prose[:40_000], tmp_path, "warm.md")
    base = _seconds(prose[:40_000], tmp_path, "prose.md")
    small = _seconds(hostile(20_000), tmp_path, "small.md")
    large = _seconds(hostile(40_000), tmp_path, "large.md")
    assert large < 5 * base + 0.05, (large, base)
    assert large < 4 * small + 0.05, (large, small)  # quadratic would be 4 times, plus


def test_emphasis_markers_are_dropped_but_not_from_words_or_code(tmp_path: Path) -> None:
    path = tmp_path / "e.md"
    path.write_text("# T\n\nA **bold** _it_ snake_case `x_y*z` 2 * 3 and *unclosed.\n")
    assert _body(path) == [("sentence", "A bold it snake_case x_y*z 2 * 3 and unclosed.")]


def test_header_block_in_the_sample_format(tmp_path: Path, seed: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(
        "Author: John Roe\nDate: 2023-02-03\nURL: https://news.example/x\nSite: Example News\n"
        "Description: What happened.\n\n" + seed.read_text(encoding="utf-8")
    )
    edition = read_article(path)
    plain = read_article(seed)
    assert edition.segments == plain.segments
    assert (edition.author, edition.date, edition.url, edition.site_name, edition.description) == (
        "John Roe", "2023-02-03", "https://news.example/x", "Example News", "What happened.",
    )  # fmt: skip


def test_a_first_paragraph_that_only_looks_like_a_header_is_text(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("Title here\n\nNote: this is prose.\n\nMore.\n")
    assert _body(path)[0] == ("sentence", "Note: this is prose.")


def test_the_local_path_is_not_kept(tmp_path: Path, seed: Path) -> None:
    edition = read_article(seed)
    assert edition.source == seed.name
    assert str(seed.parent) not in edition.to_json()


GUTENBERG = """\ufeffThe Project Gutenberg eBook of A Small Tale

This ebook is for the use of anyone anywhere in the United States.

Title: A Small Tale

Author: Ann Author

Release date: June 25, 2008 [eBook #12345]

Language: English

*** START OF THE PROJECT GUTENBERG EBOOK A SMALL TALE ***

[Illustration]

A SMALL TALE

by Ann Author

Produced by A Volunteer.

CONTENTS

 CHAPTER I.     The Start
 CHAPTER II.    The End

CHAPTER I. The Start

CHAPTER II. The End

CHAPTER I.
The Start

It was a _very_ dark night,
and the wind blew.

[Illustration: The wind
blowing]

BOOK III

Chapter 2

They went home.

*** END OF THE PROJECT GUTENBERG EBOOK A SMALL TALE ***

Licence text that is never spoken.
"""


def test_gutenberg_book(tmp_path: Path) -> None:
    path = tmp_path / "tale.txt"
    path.write_text(GUTENBERG.replace("\n", "\r\n"))
    edition = read_article(path)
    assert (edition.title, edition.author, edition.language) == ("A Small Tale", "Ann Author",
                                                                 "en")  # fmt: skip
    assert edition.url == "https://www.gutenberg.org/ebooks/12345"
    assert _body(path) == [
        ("heading", "Chapter One. The Start"),
        ("sentence", "It was a very dark night, and the wind blew."),
        # A part is the prefix of its first chapter's title, not a heading of its own.
        ("heading", "Book Three. Chapter Two"),
        ("sentence", "They went home."),
    ]


@pytest.mark.parametrize(
    ("line", "heading"),
    [
        ("CHAPTER II.", "Chapter Two"),
        ("Chapter 2", "Chapter Two"),
        ("BOOK III", "Book Three"),
        ("CHAPTER XIV. A Mad Tea-Party", "Chapter Fourteen. A Mad Tea-Party"),
        ("Chapter One", "Chapter One"),
        ("Chapter and verse were quoted at length by the preacher.", ""),
        ("Letter I received was short.", ""),
    ],
)
def test_chapter_lines(line: str, heading: str) -> None:
    assert chapter_heading(line) == heading


def make_epub(path: Path, cover: bytes | None = None) -> None:
    """A small EPUB 3 book: two chapters, a footnote, a page-break marker, optional cover."""
    from ebooklib import epub

    book = epub.EpubBook()
    book.set_identifier("id-123")
    book.set_title("A Tiny Book")
    book.set_language("en")
    book.add_author("Bea Writer")
    book.add_metadata("DC", "date", "1901-05-06")
    book.add_metadata("DC", "publisher", "Small Press")
    if cover is not None:
        book.set_cover("cover.png", cover)
    one = epub.EpubHtml(title="The Beginning", file_name="one.xhtml", lang="en")
    one.content = (
        "<html><body><h1>The Beginning</h1><p>First words<a epub:type='noteref' "
        "href='#n1'>1</a> of the book.</p><span epub:type='pagebreak' id='p2'>2</span>"
        "<p>Second paragraph.</p><aside epub:type='footnote' id='n1'><p>A footnote.</p>"
        "</aside></body></html>"
    )
    two = epub.EpubHtml(title="The Middle", file_name="two.xhtml", lang="en")
    two.content = "<html><body><h1>The Middle</h1><p>Middle words.</p></body></html>"
    for chapter in (one, two):
        book.add_item(chapter)
    book.toc = [epub.Link("one.xhtml", "The Beginning", "one"),
                epub.Link("two.xhtml", "The Middle", "two")]  # fmt: skip
    book.add_item(epub.EpubNcx())
    book.add_item(epub.EpubNav())
    book.spine = ["nav", one, two]
    epub.write_epub(str(path), book)


def test_epub_book(tmp_path: Path) -> None:
    path = tmp_path / "tiny.epub"
    make_epub(path)
    edition = read_article(path)
    assert (edition.title, edition.author, edition.date, edition.site_name) == (
        "A Tiny Book", "Bea Writer", "1901-05-06", "Small Press",
    )  # fmt: skip
    assert _body(path) == [
        ("heading", "The Beginning"),
        ("sentence", "First words of the book."),
        ("sentence", "Second paragraph."),
        ("heading", "The Middle"),
        ("sentence", "Middle words."),
    ]


def test_epub_cover(tmp_path: Path) -> None:
    import io

    from PIL import Image

    from narrate.readers.epub import read_epub

    image = io.BytesIO()
    Image.new("RGB", (1400, 1400), "navy").save(image, "PNG")
    path = tmp_path / "tiny.epub"
    make_epub(path, image.getvalue())
    article = read_epub(path, ReadOptions())
    assert article.cover == (image.getvalue(), "image/png")


@pytest.mark.parametrize(
    ("name", "data", "what"),
    [
        ("doc.pdf", b"%PDF-1.7\n...", "a PDF document"),
        ("doc.docx", b"PK\x03\x04....", "a Word document"),
        ("pic.png", b"\x89PNG\r\n\x1a\n", "a PNG image"),
        ("scan.txt", b"%PDF-1.4\n\x00\x01", "a binary file, not UTF-8 text (a PDF document)"),
    ],
)
def test_unsupported_formats_name_the_supported_ones(
    tmp_path: Path, name: str, data: bytes, what: str
) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(InputError) as info:
        read_article(path)
    message = str(info.value)
    assert message.startswith(f"{path}: is {what}")
    assert message.endswith("narrate reads .txt, .md, .html, .epub files and RSS or Atom feeds")
    assert "\n" not in message


def test_a_fifo_is_refused_at_once(tmp_path: Path) -> None:
    path = tmp_path / "pipe.txt"
    os.mkfifo(path)
    with pytest.raises(InputError, match="is not a regular file"):
        read_article(path)


def test_a_link_to_a_device_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "zero.txt"
    path.symlink_to("/dev/zero")
    with pytest.raises(InputError, match="is not a regular file"):
        read_article(path)


def test_a_huge_sparse_file_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with open(path, "wb") as fh:
        fh.truncate(64 * 1024**3)
    with pytest.raises(InputError) as info:
        read_article(path)
    assert str(info.value) == (
        f"{path}: is larger than 50 MB (65536 MB); raise max_input_mb under [read] to read it"
    )


def test_the_size_cap_is_a_setting(tmp_path: Path, seed: Path) -> None:
    size = seed.stat().st_size
    with pytest.raises(InputError, match="is larger than"):
        read_article(seed, ReadOptions(max_bytes=size - 1))
    assert read_article(seed, ReadOptions(max_bytes=size)).title


def test_markdown_drops_html_tags_but_keeps_text_that_only_looks_like_one(tmp_path: Path) -> None:
    path = tmp_path / "t.md"
    path.write_text("# T\n\nSay <b>hello</b> and <say> it<!-- hidden -->.\n\n<div>Block</div>\n")
    assert _body(path) == [("sentence", "Say hello and <say> it."), ("sentence", "Block")]


def test_an_epub_that_unpacks_far_past_the_cap_is_refused(tmp_path: Path) -> None:
    import zipfile

    path = tmp_path / "bomb.epub"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mimetype", "application/epub+zip")
        archive.writestr("OEBPS/huge.xhtml", b"\0" * (5 * 1024 * 1024))
    with pytest.raises(InputError) as info:
        read_article(path, ReadOptions(max_bytes=1024 * 1024))
    assert str(info.value).startswith(f"{path}: unpacks to 5 MB, more than four times")


def test_a_broken_epub_is_one_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.epub"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(InputError) as info:
        read_article(path)
    assert str(info.value).startswith(f"{path}: is not a readable EPUB book (")
    assert "\n" not in str(info.value)


def test_markdown_as_a_listener_hears_it(tmp_path: Path) -> None:
    path = tmp_path / "notes.md"
    path.write_text(
        '---\ntitle: "Setup notes"\n---\n\n# Setup notes\n\n'
        "Edit `~/.config/narrate.toml` and run `narrate build --force` again.\n\n"
        "The price was ~~ten~~ twelve euros.\n\n"
        "- [x] install espeak\n- [ ] write the intro\n\n"
        "<details><summary>Why offline?</summary>\n\n"
        "<p>No account, no cloud.<script>alert(1)</script></p></details>\n\n"
        '<div class="note">Back up the cache first.</div>\n\n'
        '<div class="share">Share on Twitter</div>\n\n'
        "## Voices\n\nEach voice has a name.[^v]\n\n[^v]: Run narrate voices to list them.\n"
    )
    assert _body(path) == [
        ("sentence", "Edit tilde slash dot config slash narrate.toml and run narrate build "
                     "dash dash force again."),
        ("sentence", "The price was ten twelve euros."),
        ("sentence", "done: install espeak."),
        ("sentence", "to do: write the intro."),
        ("sentence", "Why offline?"),
        ("sentence", "No account, no cloud."),
        ("sentence", "Back up the cache first."),
        ("heading", "Voices"),
        ("sentence", "Each voice has a name."),
        ("sentence", "Note: Run narrate voices to list them."),
    ]  # fmt: skip
    skipped = _body(path, ReadOptions(inline_code="skip"))
    assert skipped[0] == ("sentence", "Edit and run again.")
