"""Real books read as a listener hears them: Pride and Prejudice and A Tale of Two Cities, as
Project Gutenberg texts and as Standard Ebooks EPUBs (tests/data/books, see its README).

Every chapter found and no other (61 and 45), their titles said once with Roman numerals
as numbers, no licence, title page, imprint, colophon, contents or end line read, and the
intro naming title and author. Then the rules one by one on small books made here.
"""

from __future__ import annotations

import logging
import re
import zipfile
from pathlib import Path

import pytest

from narrate.config import Settings
from narrate.edition import Edition
from narrate.intro import frame
from narrate.pipeline import prepare
from narrate.reader import read_article
from narrate.readers.text import heading
from tests.bookkit import AUTHORS, BOOKS, CHAPTERS, TITLES, gutenberg, standard_ebook

FORMATS = {"gutenberg": gutenberg, "epub": standard_ebook}
PUBLISHERS = {"gutenberg": "Project Gutenberg", "epub": "Standard Ebooks"}
CASES = [(name, form) for name in BOOKS for form in FORMATS]

# Phrases of the front and back matter of these files (matched as written), none of them in
# the books' text.
NOT_THE_BOOK = [
    # Project Gutenberg: header, licence, end line, producer.
    "Project Gutenberg", "Gutenberg-tm", "eBook is for the use of anyone", "Title:",
    "Release Date", "Character set encoding", "Produced by Anonymous", "Judith Boss",
    "End of the Project", "START OF", "END OF", "Literary Archive Foundation",
    "www.gutenberg.org", "PGLAF",
    # The title page and contents of the texts.
    "A STORY OF THE FRENCH REVOLUTION", "PRIDE AND PREJUDICE", "By Jane Austen",
    "By Charles Dickens", "CONTENTS", "Book the First--Recalled to Life",
    # Standard Ebooks: title page, imprint, colophon, uncopyright, table of contents.
    "Titlepage", "Imprint", "Colophon", "Uncopyright", "Standard Ebooks", "CC0",
    "Creative Commons", "public domain", "typeset", "League Spartan", "Sorts Mill Goudy",
    "Table of Contents", "Landmarks", "standardebooks.org",
]  # fmt: skip
# The preface Dickens wrote for the Standard Ebooks edition is front matter.
PREFACE = "When I was acting"
FIRST = {
    "pride-and-prejudice": "It is a truth universally acknowledged, that a single man",
    "a-tale-of-two-cities": "It was the best of times, it was the worst of times",
}
LAST = {
    "pride-and-prejudice": "had been the means of uniting them.",
    "a-tale-of-two-cities": "far better rest that I go to than I have ever known.”",
}


@pytest.fixture(scope="module")
def books(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Path]:
    """The four books, unpacked once for the module."""
    folder = tmp_path_factory.mktemp("books")
    return {(name, form): FORMATS[form](name, folder) for name, form in CASES}


@pytest.fixture(scope="module")
def editions(books: dict[tuple[str, str], Path]) -> dict[tuple[str, str], Edition]:
    """The four books read (not yet spoken)."""
    return {case: read_article(path) for case, path in books.items()}


def _headings(edition: Edition) -> list[str]:
    return [s.text for s in edition.segments if s.kind == "heading"]


@pytest.mark.parametrize(("name", "form"), CASES)
def test_every_chapter_and_no_other(editions: dict, name: str, form: str) -> None:
    titles = _headings(editions[name, form])
    assert len(titles) == CHAPTERS[name]
    assert len(set(titles)) == len(titles)  # parts make titles unique
    # A bare numeral or a spelled one is never a title; every title names its chapter once.
    for title in titles:
        assert not re.search(r"\b[IVXLC]{2,}\b", title), title
        assert title.count("Chapter") == 1, title


def test_chapter_titles_of_pride_and_prejudice(editions: dict) -> None:
    expected = ["Chapter One", "Chapter Two", "Chapter Forty-Eight", "Chapter Sixty-One"]
    for form in FORMATS:
        titles = _headings(editions["pride-and-prejudice", form])
        assert [titles[0], titles[1], titles[47], titles[60]] == expected


def test_chapter_titles_of_a_tale_of_two_cities_carry_their_book(editions: dict) -> None:
    for form, mail, shop in (("gutenberg", "The Mail", "The Wine-shop"),
                             ("epub", "The Mail", "The Wine-Shop")):  # fmt: skip
        titles = _headings(editions["a-tale-of-two-cities", form])
        assert titles[:2] == [
            "Book the First. Recalled to Life. Chapter One. The Period",
            f"Book the First, Chapter Two. {mail}",
        ]
        assert titles[4] == f"Book the First, Chapter Five. {shop}"
        assert titles[6] == "Book the Second. The Golden Thread. Chapter One. Five Years Later"
        assert titles[30] == "Book the Third. The Track of a Storm. Chapter One. In Secret"
        assert titles[-1].startswith("Book the Third, Chapter Fifteen. The Footsteps Die Out")


@pytest.mark.parametrize(("name", "form"), CASES)
def test_the_text_is_the_book_alone(editions: dict, name: str, form: str) -> None:
    edition = editions[name, form]
    body = [s for s in edition.segments if s.kind == "sentence"]
    assert body[0].text.startswith(FIRST[name])
    assert body[-1].text.endswith(LAST[name])
    text = "\n".join(s.text for s in edition.segments[1:])
    for phrase in [*NOT_THE_BOOK, PREFACE]:
        assert phrase not in text, phrase


@pytest.mark.parametrize(("name", "form"), CASES)
def test_the_intro_names_title_and_author(editions: dict, silent: Settings, name: str,
                                          form: str) -> None:  # fmt: skip
    edition = editions[name, form]
    assert (edition.title, edition.author) == (TITLES[name], AUTHORS[name])
    intro = [s.text for s in frame(edition, silent).segments if s.kind == "intro"]
    assert intro == [f"{TITLES[name]}.", f"By {AUTHORS[name]}.", f"From {PUBLISHERS[form]}."]


def test_each_skipped_document_is_logged_with_its_rule(
    books: dict, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="narrate"):
        read_article(books["a-tale-of-two-cities", "epub"])
    assert [r.getMessage() for r in caplog.records if "not read" in r.getMessage()] == [
        f"a-tale-of-two-cities.epub: text/{name}.xhtml not read ({rule})"
        for name, rule in (
            ("titlepage", "epub:type titlepage"), ("imprint", "epub:type imprint"),
            ("preface", "front matter: preface"),
            ("halftitlepage", "epub:type halftitlepage"), ("colophon", "epub:type colophon"),
            ("uncopyright", "epub:type copyright-page"),
        )
    ]  # fmt: skip


def test_a_book_saved_without_its_gutenberg_header(tmp_path: Path, silent: Settings) -> None:
    """The 2009 release of A Tale of Two Cities ("I. The Period"), its header and licence
    removed: a book by its chapters, its title and author from its title page."""
    edition = read_article(gutenberg("a-tale-of-two-cities", tmp_path, release="2009"))
    titles = _headings(edition)
    assert len(titles) == 45
    assert titles[0] == "Book the First. Recalled to Life. Chapter One. The Period"
    assert titles[6] == "Book the Second. The Golden Thread. Chapter One. Five Years Later"
    body = [s.text for s in edition.segments if s.kind == "sentence"]
    assert body[0].startswith(FIRST["a-tale-of-two-cities"])
    assert body[-1].endswith(LAST["a-tale-of-two-cities"])
    text = "\n".join(s.text for s in edition.segments[1:])
    for phrase in NOT_THE_BOOK:
        assert phrase not in text, phrase
    intro = [s.text for s in frame(edition, silent).segments if s.kind == "intro"]
    assert intro == ["A Tale of Two Cities.", "By Charles Dickens."]


def test_an_article_with_chapter_lines_stays_an_article(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    text = "\n\n".join(f"Chapter {n}\n\nA short note on part {n}." for n in range(1, 6))
    path.write_text(f"English\n\nReading notes\n\n{text}\n")
    edition = read_article(path)
    assert edition.title == "Reading notes"
    assert "kind" not in edition.meta
    assert [s.kind for s in edition.segments[1:3]] == ["sentence", "sentence"]


@pytest.mark.slow
@pytest.mark.parametrize(("name", "form"), CASES)
def test_the_spoken_script(books: dict, silent: Settings, name: str, form: str) -> None:
    """What `narrate script` prints: the same chapters, nothing of the matter, spoken."""
    edition = prepare(books[name, form], silent)
    spoken = [s.spoken for s in edition.segments if s.kind == "heading"]
    assert len(spoken) == CHAPTERS[name]
    assert not [s for s in spoken if re.search(r"\b[A-Z] [A-Z]\b", s)]  # "X L V I I I"
    intro = [s.spoken for s in edition.segments if s.kind == "intro"]
    assert intro[:2] == [f"{TITLES[name]}.", f"By {AUTHORS[name]}."]
    script = "\n".join(s.spoken for s in edition.segments if s.kind != "intro")
    for phrase in [*NOT_THE_BOOK, PREFACE, "C C zero", "Public Domain Dedication", "Gutenberg"]:
        assert phrase not in script, phrase


# Small books for each rule.

_TEXT = """The Project Gutenberg EBook of A Small Tale, by Ann Author

Title: A Small Tale

Author: Ann Author

{start}

A SMALL TALE

CONTENTS

STAVE I.   Marley's Ghost
STAVE II.  The First Spirit

STAVE I.

MARLEY'S GHOST.

Marley was dead: to begin with.

STAVE II.

THE FIRST OF THE THREE SPIRITS.

When Scrooge awoke, it was dark.

{end}

Licence text that is never spoken.
"""


@pytest.mark.parametrize(
    ("start", "end"),
    [
        ("*** START OF THIS PROJECT GUTENBERG EBOOK A SMALL TALE ***",
         "End of the Project Gutenberg EBook of A Small Tale, by Ann Author\n\n"
         "*** END OF THIS PROJECT GUTENBERG EBOOK A SMALL TALE ***"),
        ("*** START OF THE PROJECT GUTENBERG EBOOK A SMALL TALE ***",
         "*** END OF THE PROJECT GUTENBERG EBOOK A SMALL TALE ***"),
        ("***START OF THE PROJECT GUTENBERG EBOOK A SMALL TALE***",
         "End of Project Gutenberg's A Small Tale, by Ann Author"),
        ("*END*THE SMALL PRINT! FOR PUBLIC DOMAIN ETEXTS*Ver.04.29.93*END*",
         "End of this Project Gutenberg Etext of A Small Tale"),
    ],
)  # fmt: skip
def test_gutenberg_start_and_end_lines(tmp_path: Path, start: str, end: str) -> None:
    path = tmp_path / "tale.txt"
    path.write_text(_TEXT.format(start=start, end=end))
    edition = read_article(path)
    assert (edition.title, edition.author) == ("A Small Tale", "Ann Author")
    assert [(s.kind, s.text) for s in edition.segments[1:]] == [
        ("heading", "Stave One. Marley's Ghost"),
        ("sentence", "Marley was dead: to begin with."),
        ("heading", "Stave Two. The First of the Three Spirits"),
        ("sentence", "When Scrooge awoke, it was dark."),
    ]


def test_gutenberg_title_and_author_from_the_first_line(tmp_path: Path) -> None:
    path = tmp_path / "old.txt"
    path.write_text(
        "The Project Gutenberg EBook of Old Letters, by Ann Author\n\n"
        "*** START OF THIS PROJECT GUTENBERG EBOOK OLD LETTERS ***\n\n"
        "LETTER 1\n\nDear sister, I arrived.\n\nLETTER 2\n\nDear sister, I left.\n"
    )
    edition = read_article(path)
    assert (edition.title, edition.author) == ("Old Letters", "Ann Author")
    assert _headings(edition) == ["Letter One", "Letter Two"]


def test_a_chapter_heading_drawn_in_an_illustration(tmp_path: Path) -> None:
    """The illustrated Pride and Prejudice (#1342 since 2020) heads chapter one so."""
    path = tmp_path / "drawn.txt"
    path.write_text(
        "Title: Drawn\n\nAuthor: Ann Author\n\n*** START OF THE PROJECT GUTENBERG EBOOK 1 ***"
        "\n\n[Illustration: The frontispiece]\n\n[Illustration: ·DRAWN·\n\n\n\nChapter I.]"
        "\n\nThe first words.\n\n[Illustration: “A caption”]\n\nCHAPTER II.\n\nThe next."
        "\n\n*** END OF THE PROJECT GUTENBERG EBOOK 1 ***\n"
    )
    assert [(s.kind, s.text) for s in read_article(path).segments[1:]] == [
        ("heading", "Chapter One"),
        ("sentence", "The first words."),
        ("heading", "Chapter Two"),
        ("sentence", "The next."),
    ]


@pytest.mark.parametrize(
    ("line", "found"),
    [
        ("CHAPTER XLVIII.", ("chapter", "Chapter Forty-Eight", "Chapter Forty-Eight")),
        ("Chapter 48", ("chapter", "Chapter Forty-Eight", "Chapter Forty-Eight")),
        ("I. The Period", ("chapter", "Chapter One. The Period", "Chapter One")),
        ("XIV: A Mad Tea-Party", ("chapter", "Chapter Fourteen. A Mad Tea-Party",
                                  "Chapter Fourteen")),
        ("XLV.", ("chapter", "Chapter Forty-Five", "Chapter Forty-Five")),
        ("STAVE ONE. MARLEY'S GHOST", ("chapter", "Stave One. Marley's Ghost", "Stave One")),
        ("LETTER 1", ("chapter", "Letter One", "Letter One")),
        ("Letter IV", ("chapter", "Letter Four", "Letter Four")),
        ("Book the First--Recalled to Life",
         ("part", "Book the First. Recalled to Life", "Book the First")),
        ("Book the Second--the Golden Thread",
         ("part", "Book the Second. The Golden Thread", "Book the Second")),
        ("PART TWO", ("part", "Part Two", "Part Two")),
        ("VOLUME III", ("part", "Volume Three", "Volume Three")),
        ("Chapter the Twenty-Third", ("chapter", "Chapter the Twenty-Third",
                                      "Chapter the Twenty-Third")),
        ("I. Went there, and saw it.", None),
        ("Letter I received was short.", None),
        ("Chapter and verse were quoted.", None),
        ("Book did well in its first year.", None),
        ("I am here.", None),
    ],
)  # fmt: skip
def test_heading_lines(line: str, found: tuple[str, str, str] | None) -> None:
    assert heading(line) == found


_OPF = """<?xml version="1.0" encoding="utf-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="uid">
<metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
<dc:identifier id="uid">urn:test:book</dc:identifier><dc:title>A Made Book</dc:title>
<dc:creator>Ann Author</dc:creator><dc:language>en</dc:language>
<dc:publisher>Small Press</dc:publisher></metadata>
<manifest>{items}<item href="nav.xhtml" id="nav" media-type="application/xhtml+xml"
 properties="nav"/></manifest>
<spine>{spine}</spine>{guide}</package>"""
_PAGE = """<?xml version="1.0" encoding="utf-8"?>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops">
<head><title>x</title></head><body{body}>{content}</body></html>"""


def _made_epub(path: Path, pages: list[tuple[str, str, str, str]], landmarks: str = "",
               guide: str = "") -> Path:  # fmt: skip
    """An EPUB 3 of ``pages``: (file stem, table-of-contents title or "", body attributes,
    body content)."""
    items = "".join(f'<item href="{n}.xhtml" id="{n}" media-type="application/xhtml+xml"/>'
                    for n, _, _, _ in pages)  # fmt: skip
    spine = "".join(f'<itemref idref="{n}"/>' for n, _, _, _ in pages)
    toc = "".join(f'<li><a href="{n}.xhtml">{t}</a></li>' for n, t, _, _ in pages if t)
    nav = (f'<nav epub:type="toc"><ol>{toc}</ol></nav>'
           f'<nav epub:type="landmarks"><ol>{landmarks}</ol></nav>')  # fmt: skip
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/epub+zip", zipfile.ZIP_STORED)
        archive.writestr(
            "META-INF/container.xml",
            '<?xml version="1.0"?><container version="1.0" xmlns="urn:oasis:names:tc:opendoc'
            'ument:xmlns:container"><rootfiles><rootfile full-path="OPS/content.opf" '
            'media-type="application/oebps-package+xml"/></rootfiles></container>',
        )
        archive.writestr("OPS/content.opf", _OPF.format(items=items, spine=spine, guide=guide))
        archive.writestr("OPS/nav.xhtml", _PAGE.format(body="", content=nav))
        for name, _, body, content in pages:
            archive.writestr(f"OPS/{name}.xhtml", _PAGE.format(body=body, content=content))
    return path


def _read(path: Path) -> list[tuple[str, str]]:
    return [(s.kind, s.text) for s in read_article(path).segments[1:]]


def test_epub_dedication_kept_when_short_notes_and_licence_never(tmp_path: Path) -> None:
    long = " ".join(["To my patron, whose kindness"] * 12)
    pages = [
        ("title", "Title Page", "", "<h1>A Made Book</h1><p>By Ann Author</p>"),
        ("dedication", "", ' epub:type="frontmatter"',
         '<section epub:type="dedication"><p>To my mother.</p></section>'),
        ("patron", "", ' epub:type="frontmatter"',
         f'<section epub:type="dedication"><p>{long}</p></section>'),
        ("foreword", "Foreword", ' epub:type="frontmatter"',
         '<section epub:type="foreword"><p>An editor writes.</p></section>'),
        ("one", "Chapter I", ' epub:type="bodymatter"',
         '<section epub:type="chapter"><h2>Chapter I</h2><p>Text<a epub:type="noteref" '
         'href="notes.xhtml#n1">1</a> of one.</p></section>'),
        ("two", "II", "", '<section epub:type="chapter"><hgroup><h2>II</h2>'
         '<p epub:type="title">The Return</p></hgroup><p>Text of two.</p></section>'),
        ("afterword", "Afterword", ' epub:type="backmatter"',
         '<section epub:type="afterword"><h2>Afterword</h2><p>The author looks back.</p>'
         "</section>"),
        ("notes", "Endnotes", ' epub:type="backmatter"',
         '<section epub:type="endnotes"><ol><li id="n1">A note.</li></ol></section>'),
        ("copyright", "Copyright", "", "<p>All rights reserved.</p>"),
        ("licence", "", "", '<section id="pg-footer"><p>The Full Project Gutenberg License'
         "</p></section>"),
    ]  # fmt: skip
    path = _made_epub(
        tmp_path / "made.epub",
        pages,
        landmarks='<li><a epub:type="bodymatter" href="one.xhtml">Start</a></li>',
    )
    assert _read(path) == [
        ("sentence", "To my mother."),
        ("heading", "Chapter One"),
        ("sentence", "Text of one."),
        ("heading", "Chapter Two. The Return"),
        ("sentence", "Text of two."),
        ("heading", "Afterword"),
        ("sentence", "The author looks back."),
    ]


def test_epub2_guide_marks_the_matter(tmp_path: Path) -> None:
    pages = [
        ("cover", "Cover", "", "<p>A Made Book</p>"),
        ("front", "About", "", "<p>Printed in a small town.</p>"),
        ("one", "Chapter XLVIII", "", "<h1>Chapter XLVIII</h1><p>Text of one.</p>"),
        ("end", "Colophon", "", "<p>Set in a fine type.</p>"),
    ]
    guide = ('<guide><reference type="title-page" href="front.xhtml" title="About"/>'
             '<reference type="text" href="one.xhtml" title="Start"/></guide>')  # fmt: skip
    path = _made_epub(tmp_path / "two.epub", pages, guide=guide)
    assert _read(path) == [("heading", "Chapter Forty-Eight"), ("sentence", "Text of one.")]


def test_the_book_intro_is_a_setting(editions: dict) -> None:
    from narrate.config import load_settings
    from narrate.errors import ConfigError

    settings = load_settings(engine="silent", book_intro_text="{author}: {title}.")
    edition = editions["pride-and-prejudice", "gutenberg"]
    intro = [s.text for s in frame(edition, settings).segments if s.kind == "intro"]
    assert intro == ["Jane Austen: Pride and Prejudice."]
    # Its fields are checked as the intro's are, with {author} besides.
    with pytest.raises(ConfigError, match=r"book_intro_text: unknown field \{year\}"):
        load_settings(book_intro_text="{title}, {year}.")
