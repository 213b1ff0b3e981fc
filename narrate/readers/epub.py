"""EPUB books, read with ebooklib: one chapter (a heading) per table-of-contents entry.

Only the book's text is read. Front and back matter are skipped by what the book says they
are (``epub:type`` on a document's body or sections, the landmarks of its navigation
document, the guide of an EPUB 2 package), and by their table-of-contents titles when it
says nothing:

- always: title pages, half-title pages, imprint, colophon, copyright pages (Standard
  Ebooks' "Uncopyright"), tables of contents, lists of illustrations or tables, index,
  glossary, bibliography, acknowledgements, Project Gutenberg's licence sections;
- front matter (before the body-matter landmark, or typed ``frontmatter``): everything,
  prefaces, forewords and introductions included, except a dedication or epigraph of at
  most DEDICATION_WORDS words, read (without a heading) before the first chapter: short,
  it belongs to the book; long, it is a letter to a patron;
- back matter (typed ``backmatter``): everything but an afterword, epilogue, appendix or
  conclusion, which the author wrote as part of the book;
- notes: footnotes, endnotes and note references are notes, not text: neither the marker
  nor the note is read, inline or at the end.

Each skip is logged (at INFO) with its rule. Chapter titles are said once, with Roman
numerals said as numbers ("XLVIII" as "Chapter Forty-Eight"); a part's title is the prefix
of its chapters' titles. The cover image becomes the episode's art.
"""

from __future__ import annotations

import io
import logging
import re
import warnings
from collections.abc import Collection
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from narrate.errors import InputError
from narrate.readers import CODE_NOTE, Article, ReadOptions, table_row
from narrate.readers.text import heading, spoken_title, with_parts

log = logging.getLogger("narrate")

# What is never read, wherever it is: notes, and matter about the edition, not the book.
_NEVER = frozenset(
    (
        "footnote footnotes endnote endnotes rearnote rearnotes noteref pagebreak annotation "
        "titlepage title-page halftitlepage imprint colophon copyright-page copyright toc loi "
        "lot landmarks cover index glossary bibliography acknowledgments acknowledgements "
        "contributors other-credits errata seriespage"
    ).split()
)
_SKIP_CLASS = re.compile(r"(footnote|endnote|pagenum|page-?number|pagebreak|noteref)", re.I)
# Project Gutenberg's EPUBs hold their licence in sections of their own.
_PG_BOILERPLATE = re.compile(r"^pg-(header|footer|boilerplate)$|\bpg-boilerplate\b")
# Read in the front matter when short; the author's own back matter.
_SHORT = {"dedication", "epigraph"}
_AUTHORS_BACK = {"afterword", "epilogue", "appendix", "conclusion"}
DEDICATION_WORDS = 50
# A document that says nothing of what it is, by its table-of-contents title.
_MATTER_TITLE = re.compile(
    r"^(title ?page|half ?title( page)?|copyright( page)?|uncopyright|imprint|colophon|"
    r"(table of )?contents|list of illustrations|licen[cs]e|the full project gutenberg "
    r"licen[cs]e|about (this|the) e-?book|cover)$",
    re.IGNORECASE,
)
_PART_TYPES = {"part": "Part", "volume": "Volume", "division": "Part"}
_SKIP_TAGS = {"script", "style", "nav", "aside", "sup", "head", "title", "svg"}
_HEADINGS = {f"h{n}" for n in range(1, 7)}
_EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"


def _local(tag: Any) -> str:
    return tag.rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""


def _types(el: Any) -> set[str]:
    """The semantics an element declares: its ``epub:type`` and ARIA ``role`` (doc-...)."""
    kinds = f"{el.get(_EPUB_TYPE) or el.get('epub:type') or ''} {el.get('role') or ''}"
    return {k.rsplit(":", 1)[-1].removeprefix("doc-").lower() for k in kinds.split()}


def _skipped(el: Any) -> bool:
    return (
        _local(el.tag) in _SKIP_TAGS
        or bool(_types(el) & _NEVER)
        or bool(_SKIP_CLASS.search(el.get("class") or ""))
        or bool(_PG_BOILERPLATE.search(el.get("id") or ""))
        or bool(_PG_BOILERPLATE.search(el.get("class") or ""))
    )


def _words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.casefold()))


def _text(el: Any) -> str:
    parts = [el.text or ""]
    for child in el:
        if not _skipped(child):
            parts.append(_text(child))
        parts.append(child.tail or "")
    return " ".join("".join(parts).split())


def _first(book: Any, name: str) -> str:
    found = book.get_metadata("DC", name)
    return " ".join(str(found[0][0]).split()) if found and found[0][0] else ""


def _toc(entries: Any, out: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The table of contents flattened into (title, href) pairs, in reading order."""
    for entry in entries:
        if isinstance(entry, tuple | list):
            section, children = entry[0], entry[1]
            if getattr(section, "href", ""):
                out.append((section.title, section.href))
            _toc(children, out)
        elif getattr(entry, "href", ""):
            out.append((entry.title, entry.href))
    return out


class _Walker:
    def __init__(self, options: ReadOptions) -> None:
        self.options = options
        self.anchors: dict[str, str] = {}  # element id -> chapter title starting there
        # (kind, text, label): kind "part" or "chapter" for a division's title (see
        # narrate.readers.text.with_parts), else a block kind.
        self.blocks: list[tuple[str, str, str]] = []
        self.title = ""  # the table-of-contents title of the chapter being read
        self.fresh = False  # no text read yet since that chapter started
        self.word = "Chapter"  # what a bare numeral in a title stands for

    def start(self, title: str, types: Collection[str] = ()) -> None:
        title = " ".join(title.split())
        word = next((_PART_TYPES[t] for t in sorted(types) if t in _PART_TYPES), self.word)
        spoken = spoken_title(title, word)
        found = heading(spoken)
        level = "part" if word != "Chapter" or found and found[0] == "part" else "chapter"
        self.blocks.append((level, spoken, found[2] if found else spoken))
        self.title, self.fresh = title, True

    def own_heading(self, text: str) -> bool:
        """Whether a heading at the start of a chapter is its title again (then it is said
        once: the richer of the two)."""
        if not self.fresh or not self.blocks or self.blocks[-1][0] not in ("part", "chapter"):
            return False
        words, listed = _words(text), _words(self.title) | _words(self.blocks[-1][1])
        if words <= listed:
            return True
        if _words(self.title) <= words:  # "I" in the contents, "I. The Period" on the page
            level = self.blocks[-1][0]
            spoken = spoken_title(text, "Chapter" if level == "chapter" else self.word)
            found = heading(spoken)
            self.blocks[-1] = (level, spoken, found[2] if found else spoken)
            return True
        return False

    def text(self, kind: str, text: str) -> None:
        self.blocks.append((kind, text, ""))
        self.fresh = False

    def walk(self, el: Any) -> None:
        for child in el:
            if not isinstance(child.tag, str) or _skipped(child):
                continue
            ident = child.get("id")
            if ident in self.anchors:
                self.start(self.anchors.pop(ident), _types(child))
            tag = _local(child.tag)
            if tag in _HEADINGS or tag == "hgroup":
                # A heading group ("I" and "The Period") is one title.
                parts = [_text(c) for c in child if isinstance(c.tag, str) and not _skipped(c)]
                text = ". ".join(p for p in parts if p) if tag == "hgroup" else _text(child)
                if text and not self.own_heading(text):
                    self.blocks.append(("h3", text, ""))
            elif tag in ("p", "li", "dt", "dd", "figcaption"):
                self.text("li" if tag == "li" else "p", _text(child))
            elif tag == "pre":
                if self.options.code == "note":
                    self.text("p", CODE_NOTE)
            elif tag == "table":
                if self.options.tables == "rows":
                    for row in child.iter("{*}tr", "tr"):
                        cells = [_text(c) for c in row if _local(c.tag) in ("td", "th")]
                        self.text("p", table_row(cells))
            elif tag == "img":
                if self.options.image_alt and child.get("alt"):
                    self.text("p", child.get("alt"))
            else:
                self.walk(child)


def _landmarks(book: Any) -> dict[str, set[str]]:
    """What the navigation document's landmarks and the EPUB 2 guide say each document is
    (by file name): {"chapter-1.xhtml": {"bodymatter"}, ...}."""
    import posixpath

    from ebooklib import epub
    from lxml import html

    found: dict[str, set[str]] = {}
    for reference in getattr(book, "guide", None) or []:
        name = unquote(str(reference.get("href", ""))).partition("#")[0]
        kind = str(reference.get("type", "")).lower()
        # EPUB 2 calls the body matter "text".
        found.setdefault(name, set()).add("bodymatter" if kind == "text" else kind)
    for item in book.get_items():
        if not isinstance(item, epub.EpubNav):
            continue
        try:
            root = html.fromstring(item.get_content())
        except Exception:  # noqa: BLE001,S112 - a broken navigation document says nothing
            continue
        folder = posixpath.dirname(item.get_name())
        for nav in root.iter("nav"):
            if "landmarks" not in _types(nav):
                continue
            for link in nav.iter("a"):
                href = unquote(link.get("href") or "").partition("#")[0]
                name = posixpath.normpath(posixpath.join(folder, href))
                found.setdefault(name, set()).update(_types(link))
    return found


def _document_types(root: Any) -> set[str]:
    """What a document says it is: the types of its body and of its top-level sections."""
    body = root.find(".//body")
    if body is None:
        return set()
    types = _types(body)
    for child in body:
        if isinstance(child.tag, str) and _local(child.tag) in ("section", "article", "div"):
            types |= _types(child)
    return types


def _matter(types: set[str], title: str, front: bool) -> str:
    """Why a document is not read ("" when it is): the rule that skips it."""
    if types & _NEVER:
        return f"epub:type {sorted(types & _NEVER)[0]}"
    if types & _SHORT:
        return ""
    if "frontmatter" in types or front and not types & {"bodymatter", "chapter", "part"}:
        kinds = sorted(types - {"frontmatter", "non-fiction", "fiction"})
        return f"front matter: {', '.join(kinds)}" if kinds else "front matter"
    if "backmatter" in types and not types & _AUTHORS_BACK:
        return "back matter"
    if not types and _MATTER_TITLE.match(title.strip()):
        return f"its title, {title.strip()!r}"
    return ""


def read_epub(path: Path, options: ReadOptions, data: bytes | None = None) -> Article:
    """Blocks (a heading per table-of-contents entry) and metadata of an EPUB book (from
    ``data``, its bytes already read, when given)."""
    import zipfile

    import ebooklib
    from ebooklib import epub
    from lxml import html

    source = io.BytesIO(data) if data is not None else str(path)
    try:
        with zipfile.ZipFile(source) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError) as exc:
        raise InputError(f"{path}: is not a readable EPUB book ({exc})") from None
    # ebooklib unpacks every item into memory: a small archive must not hide a huge book.
    if unpacked > 4 * options.max_bytes:
        raise InputError(
            f"{path}: unpacks to {unpacked // (1024 * 1024)} MB, more than four times "
            "max_input_mb; raise max_input_mb under [read] to read it"
        )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            book = epub.read_epub(source, options={"ignore_ncx": False})
    except Exception as exc:  # noqa: BLE001 - ebooklib raises anything on a broken book
        raise InputError(f"{path}: is not a readable EPUB book ({exc})") from None
    toc = _toc(book.toc, [])
    starts: dict[str, list[tuple[str, str]]] = {}
    for title, href in toc:
        name, _, anchor = unquote(href).partition("#")
        starts.setdefault(name, []).append((anchor, title))
    landmarks = _landmarks(book)
    # Before the body matter's landmark, the front matter (when the book marks it).
    front = any("bodymatter" in kinds for kinds in landmarks.values())
    walker = _Walker(options)
    reading = False
    for ident, _linear in book.spine:
        item = book.get_item_with_id(ident)
        if item is None or item.get_type() != ebooklib.ITEM_DOCUMENT:
            continue
        if isinstance(item, epub.EpubNav):
            continue
        name = item.get_name()
        entries = starts.get(name, [])
        if "bodymatter" in landmarks.get(name, ()):
            front = False
        try:
            root = html.fromstring(item.get_content())
        except Exception:  # noqa: BLE001,S112 - an empty or broken document adds nothing
            continue
        types = _document_types(root) | landmarks.get(name, set())
        title = entries[0][1] if entries else ""
        rule = _matter(types, title, front)
        body = root.find(".//body")
        body = body if body is not None else root
        if not rule and types & _SHORT and (front or "frontmatter" in types):
            # A dedication or epigraph before the text: read when short, without a title.
            if len(_text(body).split()) > DEDICATION_WORDS:
                rule = f"a {sorted(types & _SHORT)[0]} of more than {DEDICATION_WORDS} words"
            else:
                walker.anchors = {}
                walker.walk(body)
                continue
        if rule:
            log.info("%s: %s not read (%s)", path.name, name, rule)
            continue
        reading = reading or bool(entries) or not toc
        if not reading:
            log.info("%s: %s not read (before the first chapter)", path.name, name)
            continue
        walker.anchors = {a: t for a, t in entries if a}
        walker.word = next((_PART_TYPES[t] for t in sorted(types) if t in _PART_TYPES),
                           "Chapter")  # fmt: skip
        for anchor, entry in entries:
            if not anchor:
                walker.start(entry, types)
        walker.walk(body)
    article = Article(
        title=_first(book, "title"),
        blocks=with_parts(walker.blocks),
        author=", ".join(str(a[0]) for a in book.get_metadata("DC", "creator") if a[0]),
        date=_first(book, "date"),
        language=_first(book, "language"),
        site_name=_first(book, "publisher"),
        description=re.sub(r"<[^>]+>", " ", _first(book, "description")),
        book=True,
    )
    article.cover = _cover(book)
    return article


def _cover(book: Any) -> tuple[bytes, str] | None:
    import ebooklib

    items = list(book.get_items_of_type(ebooklib.ITEM_COVER))
    meta = book.get_metadata("OPF", "cover")
    if not items and meta:
        found = book.get_item_with_id(meta[0][1].get("content", ""))
        items = [found] if found is not None else []
    if not items:
        items = [i for i in book.get_items_of_type(ebooklib.ITEM_IMAGE) if "cover" in i.get_name()]
    for item in items:
        data = item.get_content()
        # By its bytes: a book's manifest may name the type wrongly.
        if data.startswith(b"\xff\xd8\xff"):
            return data, "image/jpeg"
        if data.startswith(b"\x89PNG\r\n\x1a\n"):
            return data, "image/png"
    return None
