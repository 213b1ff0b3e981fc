"""Plain text: the sample format (with its optional header block) and Project Gutenberg books.

The sample format is a language line, a blank line, the headline, then paragraphs separated
by blank lines. It may start with a header block of ``Key: value`` lines (see the README):
Author, Date (or Published), Modified, URL, Site, Description, and Kind ("book" for a book's
chapter, introduced as a book); the headline stays where it is.
"""

from __future__ import annotations

import re

from narrate.readers import Article
from narrate.textnorm import language_code

_HEADER_LINE = re.compile(
    r"^(author|date|published|modified|updated|url|source|site|description|kind):"
    r"[ \t]*(\S.*)$",
    re.IGNORECASE,
)
# Where a Project Gutenberg text starts: after its START line (all wordings since the
# 1990s), or after the "small print" licence of the oldest texts.
_GUTENBERG_START = re.compile(
    r"^(?:\*{3}\s*START OF (?:THE |THIS )?PROJECT GUTENBERG.*|\*END\*?\s*THE SMALL PRINT.*)$",
    re.M | re.I,
)
# Where it ends: the first of the END line and the "End of the Project Gutenberg EBook of
# ..." line that precedes it in older texts ("End of Project Gutenberg's ...", "***END OF
# THE PROJECT GUTENBERG EBOOK"); the licence follows.
_GUTENBERG_END = re.compile(r"^(?:\*+\s*)?END OF (?:THE |THIS )?PROJECT GUTENBERG.*$", re.M | re.I)
_ILLUSTRATION = re.compile(r"\[(?:Illustration|Picture|Image)\b[^\]]*\]", re.IGNORECASE)
_FOOTNOTE = re.compile(r"^\[(?:Footnote|Note)\b[^\]]*\]$", re.IGNORECASE)
_UNDERSCORE = re.compile(r"(?<!\w)_+|_+(?!\w)")
_NOT_THE_BOOK = re.compile(
    r"^(produced by|e-?text prepared by|this (e-?book|e-?text) was produced|"
    r"transcriber'?s note)",
    re.IGNORECASE,
)
_ROMAN = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100, "d": 500, "m": 1000}
_VALID_ROMAN = re.compile(r"m{0,3}(cm|cd|d?c{0,3})(xc|xl|l?x{0,3})(ix|iv|v?i{0,3})", re.I)
_UNITS = ("one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
          "fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy "
          "eighty ninety hundred").split()  # fmt: skip
_ORDINALS = ("first second third fourth fifth sixth seventh eighth ninth tenth eleventh "
             "twelfth thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth "
             "nineteenth twentieth thirtieth fortieth fiftieth last").split()  # fmt: skip
_NUMBER_WORDS = set(_UNITS) | set(_ORDINALS)
# Words that name a division of a book: parts hold chapters, chapters hold the text.
_PART_WORDS = ("book", "part", "volume")
_CHAPTER_WORDS = ("chapter", "canto", "letter", "stave")
_NAMED = re.compile(
    rf"^(?P<word>{'|'.join(_PART_WORDS + _CHAPTER_WORDS)})\s+"
    r"(?P<number>the\s+[a-z]+(?:-[a-z]+)?|[ivxlcdm]+|\d{1,3}|[a-z]+(?:-[a-z]+)?)(?![\w'’])"
    r"(?:\s*(?P<sep>--|[.:—–-])?\s*(?P<rest>.*))?$",
    re.IGNORECASE,
)
# "XLV." alone, or "I. The Period" / "I: The Period" (a numeral, then a short title).
_BARE = re.compile(r"^(?P<number>[IVXLCDM]+|\d{1,3})\.?(?:\s*[.:]\s+(?P<rest>[A-Z].*))?$")
_CHAPTER_MARK = re.compile(
    r"\b(?:chapter|book|part|stave|letter)\s+(?:[ivxlcdm]+|\d+|the\s+\w+)\b", re.IGNORECASE
)


def _roman(text: str) -> int:
    total = 0
    values = [_ROMAN[c] for c in text.lower()]
    for n, value in enumerate(values):
        total += -value if n + 1 < len(values) and values[n + 1] > value else value
    return total


def _spoken_number(number: str) -> str:
    """ "XLVIII", "48" or "forty-eight" as "Forty-Eight"; "the first" as "the First"; "" if
    ``number`` is none of these."""
    words = number.lower().split()
    if len(words) == 2 and words[0] == "the" and set(words[1].split("-")) <= _NUMBER_WORDS:
        return "the " + words[1].title()
    if len(words) != 1:
        return ""
    word = words[0]
    if word.isdigit():
        value = int(word)
    elif _VALID_ROMAN.fullmatch(word):
        value = _roman(word)
    elif set(word.split("-")) <= _NUMBER_WORDS:
        return word.title()
    else:
        return ""
    if not value:
        return ""
    from num2words import num2words

    return str(num2words(value)).replace(" and ", " ").title()


_SMALL_WORDS = {"a", "an", "and", "as", "at", "by", "for", "in", "of", "on", "or", "the", "to"}


def _title_case(text: str) -> str:
    """An all-capitals title in title case (capitals would be spelled out as initials)."""
    if not text.isupper():
        return text
    words = text.lower().split()
    return " ".join(
        w if n and w in _SMALL_WORDS else w[:1].upper() + w[1:] for n, w in enumerate(words)
    )


def heading(text: str) -> tuple[str, str, str] | None:
    """A line that heads a division of a book, as (level, spoken, label): level "part" or
    "chapter"; ``spoken`` with its number said as a number ("CHAPTER XLVIII. The Ball" as
    "Chapter Forty-Eight. The Ball"); ``label`` without the title ("Chapter Forty-Eight").
    None when ``text`` is no heading."""
    if len(text) > 120:
        return None
    named = _NAMED.match(text)
    if named:
        word, number, rest = named.group("word"), named.group("number"), named.group("rest")
        level = "part" if word.lower() in _PART_WORDS else "chapter"
        if rest and named.group("sep"):
            rest = rest[0].upper() + rest[1:]  # "Book the Second--the Golden Thread"
    else:
        bare = _BARE.match(text)
        if not bare:
            return None
        word, number, rest = "chapter", bare.group("number"), bare.group("rest")
        level = "chapter"
        if rest and (len(rest.split()) > 10 or re.search(r"[.!?;,]\s", rest)):
            return None  # "I. Went there, and saw it." is a sentence, not a title
    rest = (rest or "").strip(" .:—–-")
    if rest and rest[0].islower():
        return None  # "Letter I received was short." is a sentence, not a heading
    spoken = _spoken_number(number)
    if not spoken:
        return None
    label = f"{word.capitalize()} {spoken}"
    rest = _title_case(rest.replace("--", ": "))
    return level, f"{label}. {rest}" if rest else label, label


def chapter_heading(text: str) -> str:
    """ "CHAPTER II. The Pool" as "Chapter Two. The Pool"; "" when the text is no chapter line."""
    found = heading(text)
    return found[1] if found else ""


def spoken_title(title: str, word: str = "Chapter") -> str:
    """A book's table-of-contents title as it is said: "I: The Period" as "Chapter One. The
    Period", "XLVIII" as "Chapter Forty-Eight" (``word`` names a bare numeral's division)."""
    title = " ".join(title.split())
    found = heading(title)
    if found is None:
        return title
    spoken = found[1]
    if title.lower().startswith(tuple(_PART_WORDS + _CHAPTER_WORDS)):
        return spoken
    return word + spoken.removeprefix("Chapter")


def with_parts(blocks: list[tuple[str, str, str]]) -> list[tuple[str, str]]:
    """Blocks with parts folded into chapter titles. Each block is (kind, text, label): a
    part heading ("part") followed by chapters becomes the prefix of their titles, in full
    on its first chapter ("Book the First. Recalled to Life. Chapter One. The Period"), by
    its label on the others ("Book the First, Chapter Two. The Mail"). A part with text of
    its own and no chapter is a chapter. A heading with no text after it is dropped (a
    table of contents, or a chapter that holds only its subheadings)."""
    out: list[tuple[str, str]] = []
    part: tuple[str, str] | None = None
    first = False
    for n, (kind, text, label) in enumerate(blocks):
        after = blocks[n + 1][0] if n + 1 < len(blocks) else ""
        if kind == "part":
            if after == "chapter":
                part, first = (text, label), True
            elif after and after != "part":
                out.append(("h2", text))
                part = None
        elif kind == "chapter":
            if after in ("", "part", "chapter"):
                continue
            if part is not None:
                text = f"{part[0]}. {text}" if first else f"{part[1]}, {text}"
                first = False
            out.append(("h2", text))
        else:
            out.append((kind, text))
    return out


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
    """Blocks and metadata of a plain-text file: a Gutenberg book, another book in chapters
    (``BOOK_CHARS`` long at least, its text from its first chapter), or the sample format."""
    start = _GUTENBERG_START.search(text)
    if start:
        return _gutenberg(text, start.end())
    book = _plain_book(text)
    if book is not None:
        return book
    fields, text = header_block(text)
    blocks = paragraphs(text)
    article = Article(
        author=fields.get("author", ""),
        date=fields.get("date", "") or fields.get("modified", ""),
        url=fields.get("url", ""),
        site_name=fields.get("site", ""),
        description=fields.get("description", ""),
        book=fields.get("kind", "").casefold() == "book",
    )
    if blocks and len(blocks[0]) < 30 and language_code(blocks[0]):
        article.language = blocks[0]
        blocks.pop(0)
    if not article.title and blocks:
        article.title = blocks.pop(0)
    article.blocks = [("p", b) for b in blocks]
    return article


_FIRST_LINE = re.compile(
    r"Project Gutenberg'?s? E-?(?:Book|Text) of (?P<title>.+?)(?:,\s+by (?P<author>.+?))?\s*$",
    re.IGNORECASE | re.MULTILINE,
)
_CLOSING = ("the end", "finis", "contents", "table of contents")
# A text at least this long with three chapters or more is a book (an article is shorter).
BOOK_CHARS = 20_000


def _untitled(block: tuple[str, str, str]) -> bool:
    return block[0] in ("part", "chapter") and block[1] == block[2]


def _caps_title(block: str) -> bool:
    return block.isupper() and len(block.split()) <= 10 and not re.search(r"[.!?;,]\s", block)


def _caption_heading(found: re.Match[str]) -> str:
    """An illustration is not read, but the chapter heading drawn in it is ("[Illustration:
    ·PRIDE AND PREJUDICE· Chapter I.]" in the illustrated Pride and Prejudice)."""
    lines = [line.strip() for line in found.group(0)[1:-1].split("\n") if line.strip()]
    last = lines[-1] if len(lines) > 1 else ""
    return f"\n\n{last}\n\n" if heading(last) else ""


def _divisions(body: str) -> tuple[list[tuple[str, str, str]], list[str]]:
    """A book's text in blocks (kind, text, label: see ``with_parts``) from its first chapter
    on, and the front matter before it (title page, contents, preface). A book without
    chapters is all text, and has no front matter."""
    blocks: list[tuple[str, str, str]] = []
    for block in paragraphs(_ILLUSTRATION.sub(_caption_heading, body)):
        block = " ".join(_UNDERSCORE.sub("", block).split())
        if (
            block.casefold().strip(" .") in _CLOSING
            or _NOT_THE_BOOK.match(block)
            or _FOOTNOTE.match(block)
            or len(_CHAPTER_MARK.findall(block)) > 1
        ):
            continue  # a table of contents, the transcriber's notes, "THE END"
        found = heading(block)
        if found is None and blocks and _untitled(blocks[-1]) and _caps_title(block):
            # "STAVE I." then "MARLEY'S GHOST." on a line of its own: the title.
            level, _, label = blocks[-1]
            blocks[-1] = (level, f"{label}. {_title_case(block.strip(' .'))}", label)
            continue
        blocks.append(found if found else ("p", block, ""))
    kinds = [kind for kind, _, _ in blocks]
    # The text starts at the first chapter that has text after it (or at its part).
    first = next((n for n in range(len(kinds) - 1)
                  if kinds[n] == "chapter" and kinds[n + 1] == "p"), None)  # fmt: skip
    if first is None:
        return blocks, []
    if first and kinds[first - 1] == "part":
        first -= 1
    return blocks[first:], [text for _, text, _ in blocks[:first]]


def _gutenberg(text: str, start: int) -> Article:
    """A Project Gutenberg book: its text between the START and END lines, in chapters.

    The header gives the title and author; the licence before and after the text is never
    read. Text before the first chapter (title page, contents, a preface by an editor) is
    front matter and is left out when the book has chapters.
    """
    header = text[:start]
    end = _GUTENBERG_END.search(text, start)
    fields: dict[str, str] = {}
    for line in header.split("\n"):
        key, sep, value = line.partition(":")
        if sep and key.strip().lower() in ("title", "author", "language") and value.strip():
            fields.setdefault(key.strip().lower(), value.strip())
    named = _FIRST_LINE.search(header)
    if named:
        fields.setdefault("title", named.group("title").strip())
        if named.group("author"):
            fields.setdefault("author", named.group("author").strip())
    number = re.search(r"\[E(?:Book|Text) #(\d+)\]", header, re.IGNORECASE)
    blocks, _ = _divisions(text[start : end.start() if end else len(text)])
    title, author = fields.get("title", ""), fields.get("author", "")
    if not any(kind == "chapter" for kind, _, _ in blocks):
        # No chapters: the title page repeats the title and author before the text.
        byline = {title.casefold(), f"by {author}".casefold()}
        while (
            blocks
            and blocks[0][0] == "p"
            and (blocks[0][1].casefold() in byline or len(blocks[0][1]) < 3)
        ):
            blocks.pop(0)
    return Article(
        title=title,
        blocks=with_parts(blocks),
        author=author,
        language=fields.get("language", ""),
        site_name="Project Gutenberg",
        url=f"https://www.gutenberg.org/ebooks/{number.group(1)}" if number else "",
        book=True,
    )


def _plain_book(text: str) -> Article | None:
    """A book without Project Gutenberg's header (a text saved without its licence): a long
    text in chapters, its title and author from its title page. None when it is no book."""
    if len(text) < BOOK_CHARS:
        return None
    blocks, front = _divisions(text)
    chapters = with_parts(blocks)
    if sum(kind == "h2" for kind, _ in chapters) < 3 or not front:
        return None
    byline = next((b[3:].strip(" ,;.") for b in front if re.match(r"by\s", b, re.I)), "")
    return Article(title=_title_case(front[0]), blocks=chapters, author=byline, book=True)
