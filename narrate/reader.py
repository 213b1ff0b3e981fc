"""Read and clean: turn an article file into an Edition with its title, language and paragraphs.

Supported inputs: the seed text format (language line, blank line, headline, paragraphs
separated by blank lines, an optional header block), Project Gutenberg books, Markdown,
HTML pages and EPUB books; each format has its reader in ``narrate.readers``. This module
fixes Unicode oddities (BOM, CRLF, non-breaking and zero-width spaces, control characters)
and drops scraping leftovers and share/cookie boilerplate, so nothing but the article is
spoken.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import os
import re
import stat
import unicodedata
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from narrate.edition import Edition, Segment
from narrate.errors import InputError
from narrate.readers import Article, ReadOptions
from narrate.readers.listen import speakable

if TYPE_CHECKING:
    from narrate.config import Settings

log = logging.getLogger("narrate.reader")

# Whole lines that scrapers leave behind and that are never part of the article.
_BOILERPLATE = re.compile(
    r"^(loading(\.\.\.|…)?|advertisement|share( this( article)?)?|share on \w+|tweet|"
    r"subscribe( now)?|sign up for our newsletter.*|read more:?|related:?|"
    r"skip to (main )?content|accept( all)? cookies.*|we use cookies.*|"
    r"this (web)?site uses cookies.*|continue reading|click here to .*|print|email|"
    # A slideshow's or a pager's controls.
    r"previous|next|prev|(previous|next) (article|story|post|page|slide)|"
    # What a page that is built by JavaScript says to a reader without it.
    r"(you need to |please )?(enable|turn on) javascript.*|javascript is (required|disabled|"
    r"not enabled).*|this (site|page|app) requires javascript.*)$",
    re.IGNORECASE,
)
# Invisible characters, and the bidirectional embeddings, overrides and isolates
# (U+202A-202E, U+2066-2069): a right-to-left override in a title shows it reversed, in the
# feed, the page and the transcripts, so that it reads as something else.
_ZERO_WIDTH = dict.fromkeys(
    map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad\u202a\u202b\u202c\u202d\u202e"
        "\u2066\u2067\u2068\u2069"),
    None,
)  # fmt: skip
_ODD_SPACES = re.compile(r"[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
_SPACES = re.compile(r"[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
# Control characters, and the code points XML cannot carry (lone surrogates, U+FFFE/F).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
# Footnote markers ("[3]", "[a]") and wiki editing marks ("[edit]", "[citation needed]").
_BRACKET_FOOTNOTE = re.compile(
    r"\[(?:\d{1,3}|[a-z]|edit|citation needed|clarification needed|who\?|when\?)\]", re.I
)
ARTICLE_SUFFIXES = (".txt", ".text", ".md", ".markdown", ".html", ".htm", ".xhtml", ".epub")


def find_articles(folder: Path) -> list[Path]:
    """Article files in ``folder`` (not recursive), sorted by name; folders left out."""
    if not folder.is_dir():
        raise InputError(f"{folder}: no such folder of articles")
    try:
        with os.scandir(folder) as listing:
            names = sorted(
                entry.name for entry in listing
                # Not only regular files: a FIFO or a device named like an article is
                # listed, and the build refuses it in one line instead of passing it over.
                if os.path.splitext(entry.name)[1].lower() in ARTICLE_SUFFIXES
                and not entry.name.startswith(".") and not entry.is_dir()
            )  # fmt: skip
    except OSError as exc:
        raise InputError(f"{folder}: cannot read the folder ({exc.strerror})") from None
    return [folder / name for name in names]


def clean_text(text: str, layout: bool = False) -> str:
    """Fix the Unicode of a whole document: line ends, odd spaces, invisible and control chars.

    With ``layout`` (Markdown, where indentation means code) each space stays one space and
    lines keep their indentation.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = unicodedata.normalize("NFC", text).translate(_ZERO_WIDTH)
    text = _CONTROL.sub("", text)
    if layout:
        return "\n".join(_ODD_SPACES.sub(" ", line).rstrip() for line in text.split("\n"))
    return "\n".join(_SPACES.sub(" ", line).strip() for line in text.split("\n"))


def open_regular(path: Path, limit: int) -> BinaryIO:
    """``path`` opened for reading if it is a regular file of at most ``limit`` bytes.

    Checked on the open file, before a byte is read: devices, FIFOs and sockets are
    refused (a FIFO would block and /dev/zero never ends), and so is a file whose size
    is over the limit (a sparse file of gigabytes is not read to find out).
    """
    try:
        # Non-blocking: opening a FIFO waits for a writer otherwise.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a folder, not an article file") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from None
    fh = os.fdopen(fd, "rb")
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise InputError(f"{path}: is a folder, not an article file")
        if not stat.S_ISREG(info.st_mode):
            raise InputError(
                f"{path}: is not a regular file (a device, FIFO or socket); give a file"
            )
        if info.st_size > limit:
            raise _too_big(path, limit, info.st_size)
        os.set_blocking(fd, True)
    except BaseException:
        fh.close()
        raise
    return fh


def _too_big(path: Path, limit: int, size: int) -> InputError:
    return InputError(
        f"{path}: is larger than {_size(limit)} ({_size(size)}); "
        "raise max_input_mb under [read] to read it"
    )


def read_bytes(path: Path, limit: int) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes, else one clear InputError.

    The read stops past the limit even if the file grows meanwhile.
    """
    with open_regular(path, limit) as fh:
        try:
            data = fh.read(limit + 1)
        except OSError as exc:
            raise InputError(f"{path}: cannot read ({exc.strerror})") from None
    if len(data) > limit:
        raise _too_big(path, limit, len(data))
    return data


def hash_file(path: Path, limit: int, digest: Any) -> None:
    """Feed the bytes of a regular file of at most ``limit`` bytes to ``digest``, streamed."""
    with open_regular(path, limit) as fh:
        seen = 0
        try:
            while block := fh.read(1 << 20):
                seen += len(block)
                if seen > limit:
                    raise _too_big(path, limit, seen)
                digest.update(block)
        except OSError as exc:
            raise InputError(f"{path}: cannot read ({exc.strerror})") from None


def _size(n: int) -> str:
    return f"{n / (1024 * 1024):.0f} MB" if n >= 1024 * 1024 else f"{n} bytes"


def _decode(path: Path, data: bytes) -> str:
    if not data.strip():
        raise InputError(f"{path}: the file is empty")
    for magic, what in _FOREIGN:
        if data.startswith(magic):
            raise InputError(f"{path}: is a binary file, not UTF-8 text ({what}); {SUPPORTED}")
    if data[:2] == b"PK":
        raise InputError(f"{path}: is a binary file, not UTF-8 text (a ZIP archive); {SUPPORTED}")
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


# What a file's first bytes say it is, for formats narrate does not read.
_FOREIGN = (
    (b"%PDF", "a PDF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"{\\rtf", "an RTF document"),
    (b"\xd0\xcf\x11\xe0", "a Word or Office document"),
)
_FOREIGN_SUFFIXES = {
    ".pdf": "a PDF document", ".docx": "a Word document", ".doc": "a Word document",
    ".odt": "an OpenDocument text", ".rtf": "an RTF document", ".mobi": "a Kindle book",
    ".azw3": "a Kindle book", ".png": "a PNG image", ".jpg": "a JPEG image",
    ".jpeg": "a JPEG image", ".gif": "a GIF image", ".webp": "a WebP image",
}  # fmt: skip
SUPPORTED = "narrate reads .txt, .md, .html, .epub files and RSS or Atom feeds"


def _unsupported(path: Path, what: str) -> InputError:
    return InputError(f"{path}: is {what}, which cannot be read; {SUPPORTED}")


def read_options(settings: Settings) -> ReadOptions:
    """The readers' options from the [read] settings."""
    return ReadOptions(
        max_bytes=settings.max_input_mb * 1024 * 1024,
        code=settings.code_blocks,  # type: ignore[arg-type]
        tables=settings.tables,  # type: ignore[arg-type]
        image_alt=settings.image_alt,
        captions=settings.captions,  # type: ignore[arg-type]
        inline_code=settings.inline_code,  # type: ignore[arg-type]
    )


def _article(path: Path, options: ReadOptions) -> tuple[Article, str]:
    """The format's reader applied to ``path``: the article and the hash of its bytes."""
    suffix = path.suffix.lower()
    if suffix in _FOREIGN_SUFFIXES:
        raise _unsupported(path, _FOREIGN_SUFFIXES[suffix])
    data = read_bytes(path, options.max_bytes)
    sha = hashlib.sha256(data).hexdigest()
    if suffix == ".epub" or data[:2] == b"PK" and b"application/epub+zip" in data[:100]:
        from narrate.readers.epub import read_epub

        return read_epub(path, options, data), sha
    raw = _decode(path, data)
    if suffix in (".html", ".htm", ".xhtml"):
        from narrate.readers.html import read_html

        return read_html(raw, options), sha
    if suffix in (".md", ".markdown"):
        from narrate.readers.markdown import read_markdown

        try:
            return read_markdown(clean_text(raw, layout=True), options), sha
        except InputError as exc:
            raise InputError(f"{path}: {exc}") from None
    from narrate.readers.text import read_text

    return read_text(clean_text(raw)), sha


def read_article(path: Path, options: ReadOptions | None = None) -> Edition:
    """Read one article file into an Edition of title and paragraph segments (not yet spoken)."""
    return read_article_report(path, options)[0]


def read_article_report(
    path: Path, options: ReadOptions | None = None
) -> tuple[Edition, list[tuple[str, str]]]:
    """The Edition of one article file, and each piece of it left unspoken with its rule."""
    path = Path(path)
    article, sha = _article(path, options or ReadOptions())
    dropped = list(article.dropped)
    blocks = []
    for kind, text in article.blocks:
        text = clean_text(text).replace("\n", " ")
        dropped.extend(("footnote-mark", m) for m in _BRACKET_FOOTNOTE.findall(text))
        text = _BRACKET_FOOTNOTE.sub("", text).strip()
        if not text:
            continue
        if _is_boilerplate(text):
            dropped.append(("boilerplate", text))
            continue
        # An address is said by its site name, never character by character.
        text, cut = speakable(text)
        dropped.extend(("link-address", c) for c in cut)
        blocks.append((kind, text))
    for rule, text in dropped:
        log.debug("%s: not spoken (%s): %s", path.name, rule, _excerpt(text))
    # A list item ends as a sentence does, so it is read as one item, not run into the next.
    blocks = [(k, t + "." if k == "li" and t[-1].isalnum() else t) for k, t in blocks]
    title = " ".join(clean_text(article.title).split())
    if not title and blocks:
        title = blocks.pop(0)[1]
    if not any(not kind.startswith("h") for kind, _ in blocks):
        raise InputError(f"{path}: the article has no body text after its title")
    segments: list[Segment] = [Segment(index=0, kind="title", paragraph=-1, text=title)]
    paragraph = 0
    for kind, text in blocks:
        if kind.startswith("h"):
            segments.append(Segment(len(segments), "heading", -1, text))
        else:
            item = "ul" if kind == "li" else ""  # the page shows list items as a list
            segments.append(Segment(len(segments), "sentence", paragraph, text, list=item))
            paragraph += 1
    image = ""
    if article.cover is not None and not _art_ok(article.cover[0]):
        # Not embedded: over the pixel budget, or not an image a player can show.
        article.cover = None
    if article.cover is not None:
        image = hashlib.sha256(article.cover[0]).hexdigest()
        if len(_ART) > 16:
            _ART.clear()  # a build holds a few at a time; never the art of a whole library
        _ART[image] = article.cover
    edition = Edition(
        # The file's name only: the folder it was read from is private to the user.
        source=text_name(path),
        slug=slug_for(path),
        source_sha256=sha,
        title=title,
        language=_language(article.language, title, segments, path),
        author=_one_line(article.author),
        date=iso_date(article.date),
        url=article.url if article.url.startswith(("http://", "https://")) else "",
        site_name=_one_line(article.site_name),
        description=_one_line(article.description),
        image=image,
        segments=tuple(segments),
        meta={"kind": "book"} if article.book else {},
    )
    return edition, dropped


def _excerpt(text: str, width: int = 100) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _language(declared: str, title: str, segments: list[Segment], path: Path) -> str:
    """The declared language, or the one the text is in when none is declared (langid)."""
    from narrate.langid import choose

    body = " ".join(s.text for s in segments[1:40])
    return choose(declared, f"{title}. {body}", path.name)


# Episode art read with the articles of this build, by hash: the assemble stage embeds it.
_ART: dict[str, tuple[bytes, str]] = {}


def keep_art(edition: Edition, art: tuple[bytes, str]) -> None:
    """Hold ``edition``'s art, read in another process, for the assemble stage."""
    if edition.image:
        if len(_ART) > 16:
            _ART.clear()
        _ART[edition.image] = art


def episode_art(edition: Edition) -> tuple[bytes, str] | None:
    """The episode's own art (bytes, MIME type) read with its article, if it has any."""
    return _ART.get(edition.image) if edition.image else None


def _art_ok(data: bytes) -> bool:
    """True for episode art within the pixel budget, read from its header only."""
    from narrate.cover import ImageError, image_header

    try:
        image_header(data)
    except ImageError:
        return False
    return True


def text_name(path: Path) -> str:
    """``path``'s file name as text that can be written anywhere (tags, JSON, XML).

    A name with bytes that are not UTF-8 is decoded by Python with lone surrogates, which
    no encoder accepts; each such byte becomes U+FFFD.
    """
    return os.fsencode(Path(path).name).decode("utf-8", "replace")


def _one_line(text: str) -> str:
    return " ".join(clean_text(text).split())


def iso_date(value: str) -> str:
    """A date in any common written form as ISO 8601 (``2024-05-01``, with its time of day
    when it has one), or "" if it is none."""
    value = value.strip()
    if not value:
        return ""
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
        # A time of day, when given, is kept: a feed dates its items to the minute.
        return moment.isoformat() if ":" in value else moment.date().isoformat()
    except ValueError:
        pass
    try:
        from email.utils import parsedate_to_datetime

        return parsedate_to_datetime(value).isoformat()
    except (TypeError, ValueError, IndexError):
        pass
    found = re.match(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", value)
    if found:
        year, month, day = found.group(1), found.group(2) or "01", found.group(3) or "01"
        try:
            return date(int(year), int(month), int(day)).isoformat()
        except ValueError:
            return ""
    return ""


# Output names the edition itself uses: an article may not take them.
RESERVED = frozenset({"index", "feed", "episodes", "cover", "catalogue"})


def slug_for(path: Path) -> str:
    """A stable, URL-safe file stem for an article's outputs, from its file name."""
    return _slug_of_name(Path(path).name)


@functools.lru_cache(maxsize=65536)  # a build asks for each article's three times
def _slug_of_name(name: str) -> str:
    stem = unicodedata.normalize("NFKD", Path(name).stem).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^A-Za-z0-9._-]+", "-", stem).strip("-._").lower()
    if not slug:
        slug = "article-" + hashlib.sha256(os.fsencode(name)).hexdigest()[:12]
    if slug in RESERVED or slug.endswith(".chapters"):
        slug += "-article"
    return slug
