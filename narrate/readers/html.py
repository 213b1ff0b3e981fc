"""HTML pages: the article found by trafilatura, its metadata from the page's meta tags.

trafilatura separates the article from site chrome (menus, cookie and newsletter boxes,
related links, comments) and reads the page's metadata (Open Graph, JSON-LD, Dublin Core).
It never touches the network when given the page's text, as here.
"""

from __future__ import annotations

import re
from dataclasses import replace
from html import unescape
from typing import Any

from narrate.readers import CODE_NOTE, Article, ReadOptions, table_row
from narrate.readers.listen import (
    duplicates,
    is_references_heading,
    key,
    line_rule,
    only_addresses,
)

# Separators between a headline and the site's name in <title> and og:title.
_SUFFIX = re.compile(r"\s+(?:[|·•»:]|::|[-–—])\s+")
_HTML_LANG = re.compile(r"<html\b[^>]*?\blang\s*=\s*[\"']?([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]+)*)",
                        re.IGNORECASE)  # fmt: skip
_H1 = re.compile(r"<h1\b[^>]*>(.*?)</h1\s*>", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<[^>]+>")
# Footnote markers ("<sup><a href="#fn1">1</a></sup>") are not spoken.
_NOTE_MARK = re.compile(
    r"<sup\b[^>]*>\s*(?:<a\b[^>]*>)?\s*\[?[0-9a-z*†‡]{1,3}\]?\s*(?:</a>)?\s*</sup>", re.I
)


def _config(limit: int) -> Any:
    from trafilatura.settings import use_config

    config = use_config()
    # A short article is still an article; a page as large as narrate reads is read; and no
    # timer thread (the build's own limits apply).
    config.set("DEFAULT", "MIN_EXTRACTED_SIZE", "1")
    config.set("DEFAULT", "MAX_FILE_SIZE", str(limit))
    config.set("DEFAULT", "EXTRACTION_TIMEOUT", "0")
    config.set("DEFAULT", "EXTENSIVE_DATE_SEARCH", "off")
    return config


def _meta(raw: str, name: str) -> str:
    """The content of ``<meta property|name="name" content="...">``, either attribute order."""
    key = re.escape(name)
    for pattern in (
        rf"<meta\b[^>]*?\b(?:property|name)\s*=\s*[\"']{key}[\"'][^>]*?\bcontent\s*=\s*\"([^\"]*)\"",
        rf"<meta\b[^>]*?\b(?:property|name)\s*=\s*[\"']{key}[\"'][^>]*?\bcontent\s*=\s*'([^']*)'",
        rf"<meta\b[^>]*?\bcontent\s*=\s*\"([^\"]*)\"[^>]*?\b(?:property|name)\s*=\s*[\"']{key}[\"']",
    ):
        found = re.search(pattern, raw, re.IGNORECASE)
        if found:
            return " ".join(unescape(found.group(1)).split())
    return ""


def _same(a: str, b: str) -> bool:
    def norm(s: str) -> str:
        return re.sub(r"[\W_]+", "", s.casefold())

    return bool(norm(a)) and norm(a) == norm(b)


def _is_site(part: str, site: str) -> bool:
    part, site = part.casefold().strip(), site.casefold().strip()
    return bool(site) and (_same(part, site) or part in site or site in part)


def headline(raw: str, extracted: str, site: str) -> str:
    """og:title, else the extractor's title, else the h1; without the site's name around it."""
    h1s = [" ".join(unescape(_TAG.sub("", h)).split()) for h in _H1.findall(raw)[:5]]
    title = " ".join((_meta(raw, "og:title") or extracted or (h1s[0] if h1s else "")).split())
    cuts = list(_SUFFIX.finditer(title))
    if cuts:
        last, first = cuts[-1], cuts[0]
        head, tail = title[: last.start()], title[last.end() :]
        if _is_site(tail, site) or any(_same(h, head) for h in h1s):
            return head
        lead, rest = title[: first.start()], title[first.end() :]
        if _is_site(lead, site) or any(_same(h, rest) for h in h1s):
            return rest
    return title


# Elements of the extractor's output that sit inside a line of text.
_INLINE = frozenset({"hi", "ref", "del", "span", "sub", "sup", "abbr", "b", "i", "em", "a"})
# Elements that hold blocks of their own.
_BLOCKS = frozenset({"p", "head", "list", "table", "quote", "code", "graphic", "div"})


def inline_text(element: Any, skip: frozenset[str] = frozenset()) -> str:
    """The text of ``element`` on one line: a line break (``<lb/>``) separates words, and
    inline markup (emphasis, links, inline code) keeps its text; ``skip`` children are left
    out but the text after them is not."""
    parts: list[str] = []

    def visit(node: Any) -> None:
        parts.append(node.text or "")
        for child in node:
            if child.tag in skip or not isinstance(child.tag, str):
                parts.append(" ")
            elif child.tag in _INLINE:
                visit(child)
            else:
                # A line break or a block inside a line: the words either side stay apart.
                parts.append(" ")
                visit(child)
                parts.append(" ")
            parts.append(child.tail or "")

    visit(element)
    return " ".join("".join(parts).split())


def extracted_text(body: Any) -> str:
    """All the text of the extractor's output, words kept apart at every element boundary
    but inline markup (what the reader must account for, word by word)."""
    return inline_text(body)


class _Walker:
    """The extractor's output as blocks, with every piece left unspoken named by its rule."""

    def __init__(self, options: ReadOptions, captions: frozenset[str], code: frozenset[str]):
        self.options = options
        self.captions = captions
        self.code = code
        self.blocks: list[tuple[str, str]] = []
        self.dropped: list[tuple[str, str]] = []
        self.pending: list[str] = []  # loose text and inline markup between blocks

    def drop(self, rule: str, text: str) -> None:
        if text.strip():
            self.dropped.append((rule, " ".join(text.split())))

    def add(self, kind: str, text: str) -> None:
        """A block of prose, unless a rule keeps it from the listener."""
        if not text:
            return
        rule = line_rule(text, self.captions, self.options.captions == "skip", self.code)
        if rule:
            self.drop(rule, text)
        else:
            self.blocks.append((kind, text))

    def flush(self) -> None:
        text = " ".join("".join(self.pending).split())
        self.pending.clear()
        self.add("p", text)

    def walk(self, element: Any) -> None:
        self.pending.append(element.text or "")
        for child in element:
            if isinstance(child.tag, str) and child.tag in _INLINE:
                # Text outside paragraphs (in a div, after a heading) is read, not lost.
                self.pending.append(" " + inline_text(child) + " ")
            elif child.tag == "lb":
                self.flush()
            else:
                self.flush()
                self.block(child)
            self.pending.append(child.tail or "")
        self.flush()

    def block(self, child: Any) -> None:
        tag = child.tag
        if not isinstance(tag, str):
            return
        if tag == "head":
            level = (child.get("rend") or "h2").lstrip("h")
            text = inline_text(child)
            if text:
                self.blocks.append((f"h{level}" if level in "123456" else "h2", text))
        elif tag == "list":
            self.list(child)
        elif tag == "table":
            self.table(child)
        elif tag == "code":
            self.drop("code", inline_text(child))
            if self.options.code == "note":
                self.blocks.append(("p", CODE_NOTE))
        elif tag == "quote" and any(c.tag in _BLOCKS or c.tag == "lb" for c in child):
            # A quote of paragraphs, or of code (<blockquote><pre>): each block by its kind.
            self.walk(child)
        elif tag in ("p", "quote"):
            self.add("p", inline_text(child))
        elif tag == "graphic":
            alt = child.get("alt") or ""
            if self.options.image_alt and alt:
                self.blocks.append(("p", alt))
        else:
            self.walk(child)

    def list(self, element: Any) -> None:
        items = [i for i in element if i.tag == "item"]
        texts = [inline_text(i, skip=frozenset({"list"})) for i in items]
        if len(items) > 1 and sum(only_addresses(t) for t in texts) * 2 > len(items):
            self.drop("links", inline_text(element))
            return
        self.pending.append(element.text or "")
        for child in element:
            if child.tag == "item":
                self.flush()
                text = inline_text(child, skip=frozenset({"list"}))
                self.add("li", text)
                # Nested lists follow their item as items of their own.
                for nested in child:
                    if nested.tag == "list":
                        self.list(nested)
            else:
                self.flush()
                self.block(child)
            self.pending.append(child.tail or "")
        self.flush()

    def table(self, element: Any) -> None:
        if self.options.tables != "rows":
            self.drop("tables", inline_text(element))
            return
        rows = [[inline_text(c) for c in r.iter("cell")] for r in element.iter("row")]
        heads = [all(c.get("role") == "head" for c in r.iter("cell")) for r in element.iter("row")]
        body = [r for r, h in zip(rows, heads, strict=True) if not h]
        if body and sum(any(only_addresses(c) for c in r if c) for r in body) * 2 > len(body):
            self.drop("links", inline_text(element))
            return
        said: set[str] = set()
        for row, head in zip(rows, heads, strict=True):
            text = table_row(row)
            if head and key(text) in said:
                self.drop("table-header", text)
                continue
            if head:
                said.add(key(text))
            self.add("p", text)


def _sections(
    blocks: list[tuple[str, str]], dropped: list[tuple[str, str]]
) -> list[tuple[str, str]]:
    """The blocks without references, notes and external-links sections."""
    kept: list[tuple[str, str]] = []
    level = 0  # the level of the references heading being skipped, 0 when none
    for kind, text in blocks:
        if kind.startswith("h"):
            n = int(kind[1])
            if level and n <= level:
                level = 0
            if not level and is_references_heading(text):
                level = n
        if level:
            dropped.append(("references", text))
        else:
            kept.append((kind, text))
    return kept


def _marked(tree: Any) -> tuple[frozenset[str], frozenset[str]]:
    """The page's image captions and preformatted code, as keys (before the extractor turns
    <pre> into a quote or a caption into a paragraph)."""
    captions = {key(" ".join(e.itertext())) for e in tree.iter("figcaption")}
    code = {key(" ".join(e.itertext())) for e in tree.iter("pre")}
    return frozenset(captions - {""}), frozenset(code - {""})


def _extract(trafilatura: Any, raw: Any, options: ReadOptions) -> Any:
    return trafilatura.bare_extraction(
        raw,
        config=_config(options.max_bytes),
        with_metadata=True,
        include_comments=False,
        include_tables=options.tables == "rows",
        # With images come their captions (spoken); alt text is spoken only when asked.
        include_images=True,
        output_format="python",
        # Dates from the page's metadata only: a date in the text is not the publication's.
        date_extraction_params={"extensive_search": False, "original_date": True},
    )


def _tree(trafilatura: Any, raw: str) -> Any:
    """The page parsed once: the extractor reads this tree (it changes it as it goes)."""
    from trafilatura.utils import load_html

    return load_html(_NOTE_MARK.sub("", raw))


def read_html(raw: str, options: ReadOptions) -> Article:
    """The article of an HTML page: its blocks and metadata (no blocks when none is found)."""
    import trafilatura

    options = replace(options, max_bytes=max(options.max_bytes, len(raw) + 1))
    try:
        tree = _tree(trafilatura, raw)
        captions, code = _marked(tree) if tree is not None else (frozenset(), frozenset())
        doc = _extract(trafilatura, tree, options) if tree is not None else None
    except Exception:  # noqa: BLE001 - the extractor's own bugs on broken markup
        # (htmldate asserts on "<body><script><html>"): such a page has no article to read.
        doc = None
    lang = _HTML_LANG.search(raw[:5000])
    article = Article(language=lang.group(1) if lang else "")
    if doc is None:
        article.title = headline(raw, "", "")
        return article
    # A trafilatura Document (its stubs also allow the dict of other output formats).
    meta: Any = doc
    site = meta.sitename or _meta(raw, "og:site_name") or ""
    article.site_name = "" if site.casefold() == (meta.hostname or "").casefold() else site
    article.title = headline(raw, meta.title or "", site)
    author = (meta.author or "").split(";")[0].strip()
    article.author = "" if "http" in author else author
    article.date = meta.date or ""
    article.url = meta.url or ""
    article.description = meta.description or ""
    if meta.body is not None:
        walker = _Walker(options, captions, code)
        walker.walk(meta.body)
        blocks = _sections(walker.blocks, walker.dropped)
        # The extractor repeats the headline as the body's first heading or line; a page
        # may repeat it as a heading further on too.
        title = key(article.title)
        while blocks and key(blocks[0][1]) == title:
            walker.dropped.append(("title", blocks.pop(0)[1]))
        for n, (kind, text) in enumerate(blocks):
            if kind.startswith("h") and key(text) == title:
                walker.dropped.append(("title", text))
                blocks[n] = ("", "")
        repeated = duplicates(blocks)
        for (kind, text), again in zip(blocks, repeated, strict=True):
            if again:
                walker.dropped.append(("duplicate", text))
            elif kind:
                article.blocks.append((kind, text))
        article.dropped = walker.dropped
    return article
