"""EPUB books, read with ebooklib: one chapter (a heading) per table-of-contents entry.

Footnotes, endnotes, note references and page-break markers are not spoken; the cover
image becomes the episode's art.
"""

from __future__ import annotations

import io
import re
import warnings
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from narrate.errors import InputError
from narrate.readers import CODE_NOTE, Article, ReadOptions, table_row

_SKIP_TYPES = re.compile(r"\b(footnotes?|endnotes?|rearnotes?|noteref|pagebreak|annotation)\b")
_SKIP_CLASS = re.compile(r"(footnote|endnote|pagenum|page-?number|pagebreak|noteref)", re.I)
_SKIP_TAGS = {"script", "style", "nav", "aside", "sup", "head", "title", "svg"}
_HEADINGS = {f"h{n}" for n in range(1, 7)}
_EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"


def _local(tag: Any) -> str:
    return tag.rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""


def _skipped(el: Any) -> bool:
    kinds = f"{el.get(_EPUB_TYPE) or el.get('epub:type') or ''} {el.get('role') or ''}"
    return (
        _local(el.tag) in _SKIP_TAGS
        or bool(_SKIP_TYPES.search(kinds.replace("doc-", "")))
        or bool(_SKIP_CLASS.search(el.get("class") or ""))
    )


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
    def __init__(self, options: ReadOptions, anchors: dict[str, str]) -> None:
        self.options = options
        self.anchors = anchors  # element id -> chapter title starting there
        self.blocks: list[tuple[str, str]] = []
        self.chapter = ""

    def start(self, title: str) -> None:
        self.blocks.append(("h2", " ".join(title.split())))
        self.chapter = title

    def walk(self, el: Any) -> None:
        for child in el:
            if not isinstance(child.tag, str) or _skipped(child):
                continue
            ident = child.get("id")
            if ident in self.anchors:
                self.start(self.anchors.pop(ident))
            tag = _local(child.tag)
            if tag in _HEADINGS:
                text = _text(child)
                # The chapter's own heading repeats its table-of-contents title.
                if text and text.casefold() != self.chapter.casefold():
                    self.blocks.append(("h3", text))
            elif tag in ("p", "li", "dt", "dd", "figcaption"):
                self.blocks.append(("li" if tag == "li" else "p", _text(child)))
            elif tag == "pre":
                if self.options.code == "note":
                    self.blocks.append(("p", CODE_NOTE))
            elif tag == "table":
                if self.options.tables == "rows":
                    for row in child.iter("{*}tr", "tr"):
                        cells = [_text(c) for c in row if _local(c.tag) in ("td", "th")]
                        self.blocks.append(("p", table_row(cells)))
            elif tag == "img":
                if self.options.image_alt and child.get("alt"):
                    self.blocks.append(("p", child.get("alt")))
            else:
                self.walk(child)


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
    walker = _Walker(options, {})
    reading = False
    for ident, _linear in book.spine:
        item = book.get_item_with_id(ident)
        if item is None or item.get_type() != ebooklib.ITEM_DOCUMENT:
            continue
        if isinstance(item, epub.EpubNav):
            continue
        entries = starts.get(item.get_name(), [])
        reading = reading or bool(entries) or not toc
        if not reading:
            continue  # cover and title pages before the first chapter
        try:
            root = html.fromstring(item.get_content())
        except Exception:  # noqa: BLE001,S112 - an empty or broken document adds nothing
            continue
        walker.anchors = {a: t for a, t in entries if a}
        for anchor, title in entries:
            if not anchor:
                walker.start(title)
        body = root.find(".//{*}body")
        walker.walk(body if body is not None else root)
    article = Article(
        title=_first(book, "title"),
        blocks=walker.blocks,
        author=", ".join(str(a[0]) for a in book.get_metadata("DC", "creator") if a[0]),
        date=_first(book, "date"),
        language=_first(book, "language"),
        site_name=_first(book, "publisher"),
        description=re.sub(r"<[^>]+>", " ", _first(book, "description")),
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
