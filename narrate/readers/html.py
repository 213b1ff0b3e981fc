"""HTML pages: the article found by trafilatura, its metadata from the page's meta tags.

trafilatura separates the article from site chrome (menus, cookie and newsletter boxes,
related links, comments) and reads the page's metadata (Open Graph, JSON-LD, Dublin Core).
It never touches the network when given the page's text, as here.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from html import unescape
from typing import Any

from narrate.readers import CODE_NOTE, Article, ReadOptions, table_row
from narrate.readers.listen import (
    duplicates,
    is_prose,
    is_references_heading,
    is_related_heading,
    key,
    line_rule,
    only_addresses,
    split_credit,
)

# Separators between a headline and the site's name in <title> and og:title.
_SUFFIX = re.compile(r"\s+(?:[|·•»:]|::|[-–—])\s+")
_HTML_LANG = re.compile(r"<html\b[^>]*?\blang\s*=\s*[\"']?([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]+)*)",
                        re.IGNORECASE)  # fmt: skip
# Never [^>]* alone: from each unclosed "<" it would scan to the end of the page.
_TAG = re.compile(r"<[^<>]+>")
_TITLE = re.compile(r"<title\b[^>]{0,200}>([^<]{1,1000})</title", re.IGNORECASE)
# Footnote markers ("<sup><a href="#fn1">1</a></sup>") are not spoken.
# So are the page numbers a citation's mark may carry ("<sup><span>:\u200a207</span></sup>").
_NOTE_MARK = re.compile(
    r"<sup\b[^<>]*>\s*(?:<a\b[^<>]*>)?\s*\[?[0-9a-z*†‡]{1,3}\]?\s*(?:</a>)?\s*</sup>"
    r"|<sup\b[^<>]*>(?:<span\b[^<>]*>)?:[\u200a\u2009 ]{0,3}[0-9ivxlc]{1,6}"
    r"(?:[–-][0-9ivxlc]{1,6})?[\u200a\u2009 ]{0,3}(?:</span>)?</sup>",
    re.I,
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


# An attribute of a tag: name = "value", 'value' or value.
_ATTRIBUTE = re.compile(r"""([A-Za-z_:][-\w:.]*)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")


def _tags(raw: str, name: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each ``<name ...>`` tag in ``raw``, in linear time.

    A tag ends at the first ``>`` after it; a ``<name`` inside an earlier tag is not a tag.
    An unclosed tag ends the search: a regex such as ``<meta\b[^>]*?...`` scans to the end
    of the page from every unclosed ``<meta``, which is quadratic (10,000 of them: 43 s).
    """
    close = -1
    for opening in re.finditer(rf"<{name}\b", raw, re.IGNORECASE):
        start = opening.start()
        if start < close:
            continue  # inside the previous tag
        close = raw.find(">", start)
        if close < 0:
            return
        yield start, close


def _meta(raw: str, name: str) -> str:
    """The content of ``<meta property|name="name" content="...">``, either attribute order."""
    wanted = name.casefold()
    for start, end in _tags(raw, "meta"):
        attributes: dict[str, str] = {}
        for found in _ATTRIBUTE.finditer(raw, start + 5, end):
            value = found.group(2) if found.group(2) is not None else found.group(3)
            attributes.setdefault(found.group(1).casefold(), value or found.group(4) or "")
        key = attributes.get("property", attributes.get("name", ""))
        if key.casefold() == wanted and "content" in attributes:
            return " ".join(unescape(attributes["content"]).split())
    return ""


def meta_content(raw: str, name: str) -> str:
    """The content of the page's meta tag ``name`` (property or name), or ""."""
    return _meta(raw, name)


def _h1s(raw: str, limit: int = 5) -> list[str]:
    """The inner markup of the first ``limit`` ``<h1>`` elements, in linear time."""
    lowered = raw.lower()
    found: list[str] = []
    after = 0
    for start, end in _tags(raw, "h1"):
        if start < after:
            continue  # inside the previous h1
        close = lowered.find("</h1", end)
        if close < 0 or len(found) == limit:
            break  # no later h1 is closed either
        found.append(raw[end + 1 : close])
        after = close
    return found


def _same(a: str, b: str) -> bool:
    def norm(s: str) -> str:
        return re.sub(r"[\W_]+", "", s.casefold())

    return bool(norm(a)) and norm(a) == norm(b)


def _is_site(part: str, site: str) -> bool:
    part, site = part.casefold().strip(), site.casefold().strip()
    return bool(site) and (_same(part, site) or part in site or site in part)


def headline(raw: str, extracted: str, site: str) -> str:
    """og:title, else the extractor's title, else the h1; without the site's name around it."""
    h1s = [" ".join(unescape(_TAG.sub("", h)).split()) for h in _h1s(raw)]
    title = " ".join((_meta(raw, "og:title") or extracted or (h1s[0] if h1s else "")).split())
    return _trim(title, site, h1s)


def _trim(title: str, site: str, h1s: list[str], lead_ok: bool = False) -> str:
    """A title without the site's name before or after it."""
    cuts = list(_SUFFIX.finditer(title))
    if cuts:
        last, first = cuts[-1], cuts[0]
        head, tail = title[: last.start()], title[last.end() :]
        if _is_site(tail, site) or any(_same(h, head) for h in h1s):
            return head
        lead, rest = title[: first.start()], title[first.end() :]
        if _is_site(lead, site) or any(_same(h, rest) for h in h1s):
            return rest
        if lead_ok and len(lead.split()) >= 4:
            return lead  # "Headline | Section | Site"
    return title


def page_title(raw: str, site: str) -> str:
    """The page's <title>, without the site's name and sections after the headline."""
    found = _TITLE.search(raw[:200_000])
    return _trim(" ".join(unescape(found.group(1)).split()), site, [], True) if found else ""


_BULLET = re.compile(r"^[*+•·–-]\s+(?=\w)")
# Elements of the extractor's output that sit inside a line of text.
_INLINE = frozenset({"hi", "ref", "del", "span", "sub", "sup", "abbr", "b", "i", "em", "a"})
_ITEM_BLOCKS = frozenset({"head", "p", "quote", "table"})
# Elements that hold blocks of their own.
_BLOCKS = frozenset({"p", "head", "list", "table", "quote", "code", "graphic", "div"})
# Blocks whose presence in a cell makes its table a page's layout: not a picture (an
# infobox's logo sits in a table of data).
_LAYOUT = _BLOCKS - {"graphic"}


def _lays_out(cells: list[Any]) -> bool:
    """Whether a table lays out the page rather than holding data: a cell holds a heading
    or a table, or a quarter of its cells hold blocks (one paragraph in a table of films
    does not make it a page's layout)."""
    holding = [cell for cell in cells if any(c.tag in _LAYOUT for c in cell)]
    if any(c.tag in ("head", "table") for cell in holding for c in cell):
        return True
    filled = [cell for cell in cells if len(cell) or (cell.text or "").strip()]
    return len(holding) * 4 >= max(len(filled), 1) and bool(holding)


def inline_text(element: Any, skip: frozenset[str] = frozenset(), lines: bool = False) -> str:
    """The text of ``element`` on one line: a line break (``<lb/>``) separates words, and
    inline markup (emphasis, links, inline code) keeps its text; ``skip`` children are left
    out but the text after them is not. With ``lines``, each line break starts a new line."""
    parts: list[str] = []

    def visit(node: Any) -> None:
        parts.append(node.text or "")
        for child in node:
            if child.tag in skip or not isinstance(child.tag, str):
                parts.append(" ")
            elif child.tag in _INLINE:
                visit(child)
            elif child.tag == "lb" and lines:
                parts.append("\n")
            else:
                # A line break or a block inside a line: the words either side stay apart.
                parts.append(" ")
                visit(child)
                parts.append(" ")
            parts.append(child.tail or "")

    visit(element)
    text = "".join(parts)
    if lines:
        return "\n".join(" ".join(line.split()) for line in text.split("\n") if line.strip())
    return " ".join(text.split())


def extracted_text(raw: str) -> str:
    """All the text the extractor finds in a page, words kept apart at every element
    boundary but inline markup: what the reader must account for, word by word."""
    import trafilatura

    doc = _extract(trafilatura, _tree(trafilatura, raw), ReadOptions(max_bytes=len(raw) + 1))
    return inline_text(doc.body) if doc is not None and doc.body is not None else ""


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
        if not any(c.isalnum() for c in text):
            return  # what is left of a formula or a picture: a full stop, a dash, nothing
        text, credit = split_credit(text)
        self.drop("credit", credit)
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
        text = inline_text(child) if tag in ("p", "quote") and self.code else ""
        if text and key(text) in self.code and not is_prose("".join(child.itertext())):
            # The page's <pre> code, turned into a quote or paragraph by the extractor.
            self.drop("code", text)
            if self.options.code == "note":
                self.blocks.append(("p", CODE_NOTE))
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
        elif tag == "code" and is_prose("".join(child.itertext())):
            # A document set in <pre> (an RFC, a plain-text letter) is prose, not code.
            for part in re.split(r"\n\s*\n", "".join(child.itertext())):
                self.add("p", " ".join(part.split()))
        elif tag == "code":
            self.drop("code", inline_text(child))
            if self.options.code == "note":
                self.blocks.append(("p", CODE_NOTE))
        elif tag == "quote" and any(c.tag in _BLOCKS or c.tag == "lb" for c in child):
            # A quote of paragraphs, or of code (<blockquote><pre>): each block by its kind.
            self.walk(child)
        elif tag in ("p", "quote"):
            # Each line of a paragraph broken by <br> is read as a line of its own.
            for line in inline_text(child, lines=True).split("\n"):
                bullet = _BULLET.match(line)
                # "+ Added banners" set as lines of text is a list: its mark is not said.
                self.add("li" if bullet else "p", line[bullet.end() :] if bullet else line)
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
            if child.tag == "item" and any(c.tag in _ITEM_BLOCKS for c in child):
                # An item holding headings or paragraphs (a teaser, a slide) is read as them.
                self.flush()
                self.walk(child)
            elif child.tag == "item":
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
        cells = list(element.iter("cell"))
        if _lays_out(cells):
            # A table that lays out the page (cells of headings and paragraphs): its
            # cells are read as the blocks they hold, not as rows of data.
            for cell in cells:
                if not any(a.tag == "cell" for a in cell.iterancestors() if a is not element):
                    self.walk(cell)
            return
        if self.options.tables != "rows":
            self.drop("tables", inline_text(element))
            return
        rows = [[inline_text(c) for c in r.iter("cell")] for r in element.iter("row")]
        heads = [all(c.get("role") == "head" for c in r.iter("cell")) for r in element.iter("row")]
        body = [r for r, h in zip(rows, heads, strict=True) if not h]
        if body and sum(any(only_addresses(c) for c in r if c) for r in body) * 2 > len(body):
            self.drop("links", inline_text(element))
            return
        header = ""  # the table's header row, said once though pages repeat it
        for row, head in zip(rows, heads, strict=True):
            text = table_row(row)
            if header and key(text) == header:
                self.drop("table-header", text)
                continue
            if not head and len(row) > 1 and row[0].strip() and not any(c.strip() for c in row[1:]):
                self.drop("empty-row", text)
                continue
            if head and not header:
                header = key(text)
            self.add("p", text)


def _sections(
    blocks: list[tuple[str, str]], dropped: list[tuple[str, str]]
) -> list[tuple[str, str]]:
    """The blocks without references, notes, links and other stories' sections."""
    kept: list[tuple[str, str]] = []
    level = 0  # the level of the section heading being skipped, 0 when none
    rule = ""
    for kind, text in blocks:
        if kind.startswith("h"):
            n = int(kind[1])
            if level and n <= level:
                level = 0
            if not level and is_references_heading(text):
                level, rule = n, "references"
            elif not level and is_related_heading(text):
                level, rule = n, "related"
        if level:
            dropped.append((rule, text))
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


# Types of JSON-LD objects that describe the article itself.
_ARTICLE_TYPES = re.compile(r"Article|BlogPosting|Report|Posting|Review|Story", re.I)
# Bylines that name no one: labels, placeholders, desks and dates.
_NOT_A_NAME = re.compile(
    r"\b(?:view (?:all )?posts|posts? by|no author|unknown|anonymous|username|admin|"
    r"staff|editors?|editorial|desk|team|newsroom|letters?|contributors?|guest|"
    r"updated|published|posted|version|rfcmarkup|"
    r"follow (?:author|me|us)|https?)\b|\d|@|://|\bwww\.|\.com\b",
    re.IGNORECASE,
)
_DATE_WORD = re.compile(
    r"\s+(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|"
    r"march|april|may|june|july|august|september|october|november|december)\b.*$",
    re.IGNORECASE,
)
_SECTIONS = frozenset(
    "news opinion politics sport sports technology tech business world health science "
    "culture entertainment lifestyle travel reviews review features analysis blog blogs "
    "video local national international economy money food style arts books music".split()
)
_EDITED = re.compile(r"\s+(?:edited|with|photos?|illustrations?) by\b.*$", re.IGNORECASE)
_COMPANY = re.compile(r",?\s+(?:inc|ltd|llc|gmbh|plc|s\.a|corp)\.?$", re.IGNORECASE)
_HOST_LIKE = re.compile(r"^[\w-]+(?:\.[\w-]+)+$")
_BY = re.compile(r"^(?:by|par|von|por)\s*:?\s+", re.IGNORECASE)


def _json_ld(raw: str) -> list[dict[str, Any]]:
    """Every object of the page's JSON-LD blocks (nested @graph lists flattened)."""
    import json

    objects: list[dict[str, Any]] = []
    lowered = raw.lower()
    at = 0
    # str.find, a bounded number of times: a page of unclosed scripts costs one pass.
    for _ in range(20):
        at = lowered.find("application/ld+json", at)
        if at < 0:
            break
        start = lowered.find(">", at) + 1
        end = lowered.find("</script", start)
        if start <= 0 or end < 0:
            break
        at = end
        try:
            stack: list[Any] = [json.loads(raw[start:end].strip())]
        except ValueError:
            continue
        while stack and len(objects) < 500:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(reversed(item))
            elif isinstance(item, dict):
                objects.append(item)
                graph = item.get("@graph")
                if isinstance(graph, list):
                    stack.extend(reversed(graph))
    return objects


def _names(value: Any) -> list[str]:
    """The names in a JSON-LD author or publisher value (a string, an object or a list)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return _names(value.get("name", ""))
    if isinstance(value, list):
        return [n for v in value[:10] for n in _names(v)]
    return []


def _of_article(linked: list[dict[str, Any]], field: str) -> list[str]:
    """The names under ``field`` of the page's article objects in JSON-LD."""
    names: list[str] = []
    for item in linked:
        kind = item.get("@type", "")
        kind = " ".join(kind) if isinstance(kind, list) else str(kind)
        if _ARTICLE_TYPES.search(kind):
            names.extend(_names(item.get(field)))
    return names


def clean_author(name: str, site: str = "", host: str = "") -> str:
    """A byline as a name, or "" when it names no one (a label, a desk, a date, the site)."""
    if len(name) > 300:
        return ""
    name = " ".join(unescape(name).split()).strip(" ,;|·-–—")
    name = _BY.sub("", name)
    name = _EDITED.sub("", name)
    name = _DATE_WORD.sub("", name).strip(" ,;|·-–—")
    if not name or len(name) > 80 or _NOT_A_NAME.search(name):
        return ""
    if name.casefold() in _SECTIONS or not any(c.isalpha() for c in name):
        return ""
    # The site's name, or a part of it ("Mac" of "Mac & i"), is no author.
    if site and (_same(name, site) or name.casefold() in site.casefold()):
        return ""
    if _same(name, host.removeprefix("www.").split(".")[0]):
        return ""
    if name.isupper() and " " in name:
        name = name.title()  # "JOE HILDEBRAND"; a single word in capitals is an acronym
    return name


def author(raw: str, linked: list[dict[str, Any]], extracted: str, site: str, host: str) -> str:
    """The article's author: JSON-LD first, then the extractor's, then the meta tags; the
    first candidate that is a name, or "" (no author rather than a wrong one)."""
    candidates = _of_article(linked, "author")
    candidates += extracted.split(";")[:1]
    candidates += [_meta(raw, "author"), _meta(raw, "article:author")]
    for candidate in candidates:
        name = clean_author(candidate, site, host)
        if name:
            return name
    return ""


def site_name(raw: str, linked: list[dict[str, Any]], extracted: str, host: str) -> str:
    """The site's name: og:site_name, the JSON-LD publisher, the application name, the
    extractor's; never an address or the host name itself."""
    candidates = [_meta(raw, "og:site_name"), *_of_article(linked, "publisher")]
    candidates += [_meta(raw, "application-name"), extracted]
    for candidate in candidates:
        name = _SUFFIX.split(" ".join(candidate.split()))[0].strip()
        name = _COMPANY.sub("", name)
        # A host name is no name: the intro says the address's host itself when it must.
        if not name or "://" in name or _HOST_LIKE.match(name) and "." in name:
            continue
        return name
    return ""


def _moment(published: str, day: str) -> str:
    """The publication time the page states, when it is of the extractor's date (or there
    is none): the time of day is kept for the feed's pubDate."""
    if published[:10] == day or not day and re.match(r"\d{4}-\d{2}-\d{2}T\d", published):
        return published
    return day


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
    linked = _json_ld(raw)
    site = site_name(raw, linked, meta.sitename or "", meta.hostname or "")
    article.site_name = site
    article.title = headline(raw, meta.title or "", site)
    article.author = author(raw, linked, meta.author or "", site, meta.hostname or "")
    article.date = _moment(_meta(raw, "article:published_time"), meta.date or "")
    article.url = meta.url or _meta(raw, "og:url")
    article.description = meta.description or ""
    if meta.body is not None:
        walker = _Walker(options, captions, code)
        walker.walk(meta.body)
        blocks = _sections(walker.blocks, walker.dropped)
        # The extractor repeats the headline as the body's first heading or line; a page
        # may repeat it as a heading further on too.
        title = key(article.title)
        opening = [key(text) for _, text in blocks[:3]]
        page = page_title(raw, site)
        absent = title not in opening and (
            key(page) in opening
            or title not in key(page)
            and all(key(text) != title for _, text in blocks)
        )
        if not _meta(raw, "og:title") and page and absent:
            # The extractor took a heading of the site (a greeting, a section's name) for
            # the headline: the article opens with the page's own <title>, or never shows
            # the extractor's.
            article.title, title = page, key(page)
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
