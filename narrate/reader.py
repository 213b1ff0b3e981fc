"""Read and clean: turn an article file into an Edition with its title, language and paragraphs.

Supported inputs: the seed text format (language line, blank line, headline, paragraphs
separated by blank lines), Markdown, and HTML pages. The reader fixes Unicode oddities
(BOM, CRLF, non-breaking and zero-width spaces, control characters) and drops scraping
leftovers and share/cookie boilerplate, so nothing but the article is spoken.
"""

from __future__ import annotations

import hashlib
import html
import os
import re
import unicodedata
from html.parser import HTMLParser
from pathlib import Path

from narrate.edition import Edition, Segment
from narrate.errors import InputError
from narrate.normalise import language_code

# Whole lines that scrapers leave behind and that are never part of the article.
_BOILERPLATE = re.compile(
    r"^(loading(\.\.\.|…)?|advertisement|share( this( article)?)?|share on \w+|tweet|"
    r"subscribe( now)?|sign up for our newsletter.*|read more:?|related:?|"
    r"skip to (main )?content|accept( all)? cookies.*|we use cookies.*|"
    r"this (web)?site uses cookies.*|continue reading|click here to .*|print|email)$",
    re.IGNORECASE,
)
_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_SPACES = re.compile(r"[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
# Control characters, and the code points XML cannot carry (lone surrogates, U+FFFE/F).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
ARTICLE_SUFFIXES = (".txt", ".text", ".md", ".markdown", ".html", ".htm")


def clean_text(text: str) -> str:
    """Fix the Unicode of a whole document: line ends, odd spaces, invisible and control chars."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = unicodedata.normalize("NFC", text).translate(_ZERO_WIDTH)
    text = _CONTROL.sub("", text)
    return "\n".join(_SPACES.sub(" ", line).strip() for line in text.split("\n"))


def _decode(path: Path) -> str:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a folder, not an article file") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from None
    if not data.strip():
        raise InputError(f"{path}: the file is empty")
    if b"\x00" in data[:8192]:
        raise InputError(f"{path}: is a binary file, not UTF-8 text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{path}: is not UTF-8 text (invalid byte at offset {exc.start}); "
            "convert it with iconv -t UTF-8"
        ) from None


def _is_boilerplate(line: str) -> bool:
    return bool(_BOILERPLATE.match(line.strip(" .:|·•-")))


class _HTMLArticle(HTMLParser):
    """Collect title, headings, paragraphs and list items from an HTML page."""

    _BLOCKS = {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "figcaption", "td"}
    _SKIP = {"script", "style", "nav", "footer", "header", "aside", "form", "noscript",
             "button", "svg", "template", "iframe", "select"}  # fmt: skip

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[tuple[str, str]] = []
        self.title = ""
        self.lang = ""
        self._skip = 0
        self._tag: str | None = None
        self._buf: list[str] = []
        self._in_title = False
        self._in_sup = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "html":
            self.lang = dict(attrs).get("lang") or ""
        if tag in self._SKIP:
            self._skip += 1
        elif tag == "title":
            self._in_title = True
        elif tag == "sup":
            self._in_sup += 1  # footnote markers are not spoken
        elif tag in self._BLOCKS and not self._skip:
            self._flush()
            self._tag = tag
        elif tag == "br":
            self._buf.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP:
            self._skip = max(0, self._skip - 1)
        elif tag == "title":
            self._in_title = False
        elif tag == "sup":
            self._in_sup = max(0, self._in_sup - 1)
        elif tag in self._BLOCKS and tag == self._tag:
            self._flush()

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
        elif not self._skip and not self._in_sup and self._tag:
            self._buf.append(data)

    def _flush(self) -> None:
        text = " ".join("".join(self._buf).split())
        if self._tag and text:
            self.blocks.append((self._tag, text))
        self._tag = None
        self._buf = []


_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MD_EMPH = re.compile(r"(\*\*|__|\*|_|`)(?=\S)(.+?)(?<=\S)\1")
_MD_FOOTNOTE = re.compile(r"\[\^[^\]]+\]")
_BRACKET_FOOTNOTE = re.compile(r"\[\d{1,3}\]")


def _markdown_inline(text: str) -> str:
    text = _MD_FOOTNOTE.sub("", text)
    text = _MD_LINK.sub(r"\1", text)
    return _MD_EMPH.sub(r"\2", text)


def _blocks_from_text(text: str, markdown: bool) -> list[tuple[str, str]]:
    """Split plain text or Markdown into (kind, text) blocks separated by blank lines."""
    blocks: list[tuple[str, str]] = []
    para: list[str] = []

    def flush() -> None:
        if para:
            blocks.append(("p", " ".join(para)))
            para.clear()

    for line in text.split("\n"):
        if not line:
            flush()
            continue
        if markdown:
            heading = re.match(r"^(#{1,6})\s+(.*?)\s*#*$", line)
            if heading:
                flush()
                level = len(heading.group(1))
                blocks.append((f"h{level}", _markdown_inline(heading.group(2))))
                continue
            if re.match(r"^([-*_]\s*){3,}$", line) or line.startswith(("<!--", "[^")):
                flush()
                continue
            item = re.match(r"^\s*(?:[-*+]|\d+[.)])\s+(.*)$", line)
            if item:
                flush()
                blocks.append(("li", _markdown_inline(item.group(1))))
                continue
            line = _markdown_inline(line.lstrip("> "))
        para.append(line)
    flush()
    return blocks


def read_article(path: Path) -> Edition:
    """Read one article file into an Edition of title and paragraph segments (not yet spoken)."""
    path = Path(path)
    raw = _decode(path)
    sha = hashlib.sha256(raw.encode("utf-8")).hexdigest()
    suffix = path.suffix.lower()
    language = ""
    title = ""
    if suffix in (".html", ".htm"):
        parser = _HTMLArticle()
        parser.feed(raw)
        parser.close()
        language = language_code(parser.lang)
        blocks = [(kind, clean_text(html.unescape(text))) for kind, text in parser.blocks]
        h1 = next((text for kind, text in blocks if kind == "h1"), "")
        title = h1 or clean_text(parser.title)
        blocks = [(k, t) for k, t in blocks if not (k == "h1" and t == title)]
    else:
        text = clean_text(raw)
        lines = text.split("\n")
        first = next((i for i, line in enumerate(lines) if line), None)
        if first is not None and language_code(lines[first]) and len(lines[first]) < 30:
            language = language_code(lines[first])
            lines = lines[first + 1 :]
        blocks = _blocks_from_text("\n".join(lines), markdown=suffix in (".md", ".markdown"))
        if blocks and blocks[0][0] in ("p", "h1"):
            title = blocks.pop(0)[1]
    blocks = [(kind, _BRACKET_FOOTNOTE.sub("", t).strip()) for kind, t in blocks]
    blocks = [(kind, t) for kind, t in blocks if t and not _is_boilerplate(t)]
    title = title.strip()
    if not title and blocks:
        title = blocks.pop(0)[1]
    if not any(kind != "h1" and not kind.startswith("h") for kind, _ in blocks):
        raise InputError(f"{path}: the article has no body text after its title")
    segments: list[Segment] = [Segment(index=0, kind="title", paragraph=-1, text=title)]
    paragraph = 0
    for kind, text in blocks:
        if kind.startswith("h"):
            segments.append(Segment(len(segments), "heading", -1, text))
        else:
            segments.append(Segment(len(segments), "sentence", paragraph, text))
            paragraph += 1
    return Edition(
        source=str(path),
        slug=slug_for(path),
        source_sha256=sha,
        title=title,
        language=language or "en",
        segments=tuple(segments),
    )


# Output names the edition itself uses: an article may not take them.
RESERVED = frozenset({"index", "feed", "episodes", "cover", "catalogue"})


def slug_for(path: Path) -> str:
    """A stable, URL-safe file stem for an article's outputs, from its file name."""
    stem = unicodedata.normalize("NFKD", Path(path).stem).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^A-Za-z0-9._-]+", "-", stem).strip("-._").lower()
    if not slug:
        slug = "article-" + hashlib.sha256(os.fsencode(Path(path).name)).hexdigest()[:12]
    if slug in RESERVED or slug.endswith(".chapters"):
        slug += "-article"
    return slug
