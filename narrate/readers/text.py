"""Plain text: the sample format (with its optional header block) and Project Gutenberg books.

The sample format is a language line, a blank line, the headline, then paragraphs separated
by blank lines. It may start with a header block of ``Key: value`` lines (see the README):
Author, Date (or Published), Modified, URL, Site, Description; the headline stays where it is.
"""

from __future__ import annotations

import re

from narrate.normalise import language_code
from narrate.readers import Article

_HEADER_LINE = re.compile(
    r"^(author|date|published|modified|updated|url|source|site|description):"
    r"[ \t]*(\S.*)$",
    re.IGNORECASE,
)
_GUTENBERG_START = re.compile(r"^\*{3}\s*START OF (?:THE|THIS) PROJECT GUTENBERG.*$", re.M | re.I)
_GUTENBERG_END = re.compile(r"^\*{3}\s*END OF (?:THE|THIS) PROJECT GUTENBERG.*$", re.M | re.I)
_ILLUSTRATION = re.compile(r"\[(?:Illustration|Picture|Image)\b[^\]]*\]", re.IGNORECASE)
_UNDERSCORE = re.compile(r"(?<!\w)_+|_+(?!\w)")
_CHAPTER = re.compile(
    r"^(chapter|book|part|volume|canto|letter)\s+([ivxlcdm]+|\d+|[a-z]+(?:-[a-z]+)?)\b\.?"
    r"(?:\s*[.:—–-]?\s+(.*))?$",
    re.IGNORECASE,
)
_CHAPTER_MARK = re.compile(r"\b(?:chapter|book|part)\s+(?:[ivxlcdm]+|\d+)\b", re.IGNORECASE)
_NOT_THE_BOOK = re.compile(
    r"^(produced by|e-?text prepared by|this (e-?book|e-?text) was produced|"
    r"transcriber'?s note)",
    re.IGNORECASE,
)
_ROMAN = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100, "d": 500, "m": 1000}
_WORDS = ("one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
          "fifteen sixteen seventeen eighteen nineteen twenty").split()  # fmt: skip


def _roman(text: str) -> int:
    total = 0
    values = [_ROMAN[c] for c in text.lower()]
    for n, value in enumerate(values):
        total += -value if n + 1 < len(values) and values[n + 1] > value else value
    return total


def chapter_heading(text: str) -> str:
    """ "CHAPTER II. The Pool" as "Chapter Two. The Pool"; "" when the text is no chapter line."""
    found = _CHAPTER.match(text) if len(text) < 120 else None
    if not found:
        return ""
    word, number, rest = found.group(1), found.group(2), found.group(3) or ""
    if rest and rest[0].islower():
        return ""  # "Letter I received was short." is a sentence, not a heading
    if number.isdigit():
        value = int(number)
    elif re.fullmatch(r"[ivxlcdm]+", number, re.IGNORECASE):
        value = _roman(number)
    elif number.lower() in _WORDS or "-" in number:
        value = 0  # already a word: "Chapter One"
    else:
        return ""
    if value:
        from num2words import num2words

        spoken = num2words(value).replace(" and ", " ")
    else:
        spoken = number.lower()
    name = f"{word.capitalize()} {spoken.title()}"
    return f"{name}. {rest.strip()}" if rest.strip() else name


def paragraphs(text: str) -> list[str]:
    """Blocks of text separated by blank lines, each on one line."""
    return [" ".join(block.split()) for block in re.split(r"\n[ \t]*\n", text) if block.strip()]


def header_block(text: str) -> tuple[dict[str, str], str]:
    """The optional ``Key: value`` block at the top of a sample-format file, and the rest."""
    stripped = text.lstrip("\n")
    block, _, rest = stripped.partition("\n\n")
    lines = block.split("\n")
    found = [_HEADER_LINE.match(line) for line in lines]
    if not block or not all(found):
        return {}, text
    fields: dict[str, str] = {}
    for match in found:
        assert match is not None
        key, value = match.group(1).lower(), match.group(2).strip()
        key = {"published": "date", "updated": "modified"}.get(key, key)
        if key == "source":
            key = "url" if value.startswith(("http://", "https://")) else "site"
        fields[key] = value
    return fields, rest


def read_text(text: str) -> Article:
    """Blocks and metadata of a plain-text file: a Gutenberg book or the sample format."""
    start = _GUTENBERG_START.search(text)
    if start:
        return _gutenberg(text, start.end())
    fields, text = header_block(text)
    blocks = paragraphs(text)
    article = Article(
        author=fields.get("author", ""),
        date=fields.get("date", "") or fields.get("modified", ""),
        url=fields.get("url", ""),
        site_name=fields.get("site", ""),
        description=fields.get("description", ""),
    )
    if blocks and len(blocks[0]) < 30 and language_code(blocks[0]):
        article.language = blocks[0]
        blocks.pop(0)
    if not article.title and blocks:
        article.title = blocks.pop(0)
    article.blocks = [("p", b) for b in blocks]
    return article


def _gutenberg(text: str, start: int) -> Article:
    header = text[:start]
    end = _GUTENBERG_END.search(text, start)
    body = text[start : end.start() if end else len(text)]
    fields: dict[str, str] = {}
    for line in header.split("\n"):
        key, sep, value = line.partition(":")
        if sep and key.strip().lower() in ("title", "author", "language") and value.strip():
            fields.setdefault(key.strip().lower(), value.strip())
    number = re.search(r"\[E(?:Book|Text) #(\d+)\]", header, re.IGNORECASE)
    body = _ILLUSTRATION.sub("", body)
    blocks: list[tuple[str, str]] = []
    for block in paragraphs(body):
        block = " ".join(_UNDERSCORE.sub("", block).split())
        heading = chapter_heading(block)
        if block.casefold() in ("contents", "table of contents", "the end") or (
            _NOT_THE_BOOK.match(block) or len(_CHAPTER_MARK.findall(block)) > 1
        ):
            continue  # a table of contents in one block, or the transcriber's notes
        blocks.append(("h2", heading) if heading else ("p", block))
    # A table of contents is a run of chapter lines: keep only headings that a text follows.
    kept = [b for n, b in enumerate(blocks)
            if b[0] == "p" or (n + 1 < len(blocks) and blocks[n + 1][0] == "p")]  # fmt: skip
    title = fields.get("title", "")
    # The title page repeats the title and author before the text: leave them out.
    while (
        kept
        and kept[0][0] == "p"
        and (
            kept[0][1].casefold() in (title.casefold(), f"by {fields.get('author', '')}".casefold())
            or len(kept[0][1]) < 3
        )
    ):
        kept.pop(0)
    return Article(
        title=title,
        blocks=kept,
        author=fields.get("author", ""),
        language=fields.get("language", ""),
        site_name="Project Gutenberg",
        url=f"https://www.gutenberg.org/ebooks/{number.group(1)}" if number else "",
    )
