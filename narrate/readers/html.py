"""HTML pages: the article found by trafilatura, its metadata from the page's meta tags.

trafilatura separates the article from site chrome (menus, cookie and newsletter boxes,
related links, comments) and reads the page's metadata (Open Graph, JSON-LD, Dublin Core).
It never touches the network when given the page's text, as here.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from html import unescape
from typing import Any

from narrate.readers import CODE_NOTE, Article, ReadOptions, table_row

# Separators between a headline and the site's name in <title> and og:title.
_SUFFIX = re.compile(r"\s+(?:[|·•»:]|::|[-–—])\s+")
_HTML_LANG = re.compile(r"<html\b[^>]*?\blang\s*=\s*[\"']?([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]+)*)",
                        re.IGNORECASE)  # fmt: skip
# Never [^>]* alone: from each unclosed "<" it would scan to the end of the page.
_TAG = re.compile(r"<[^<>]+>")
# Footnote markers ("<sup><a href="#fn1">1</a></sup>") are not spoken.
_NOTE_MARK = re.compile(
    r"<sup\b[^<>]*>\s*(?:<a\b[^<>]*>)?\s*\[?[0-9a-z*†‡]{1,3}\]?\s*(?:</a>)?\s*</sup>", re.I
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


def _text(element: Any) -> str:
    return " ".join("".join(element.itertext()).split())


def _walk(element: Any, blocks: list[tuple[str, str]], options: ReadOptions) -> None:
    for child in element:
        tag = child.tag
        if tag == "head":
            level = (child.get("rend") or "h2").lstrip("h")
            blocks.append((f"h{level}" if level in "123456" else "h2", _text(child)))
        elif tag == "list":
            for item in child:
                if item.tag != "item":
                    continue
                # The item's own text; nested lists follow it as items of their own.
                nested = [n for n in item if n.tag == "list"]
                for n in nested:
                    item.remove(n)
                blocks.append(("li", _text(item)))
                for n in nested:
                    _walk(_wrap(n), blocks, options)
        elif tag == "table":
            if options.tables == "rows":
                for row in child.iter("row"):
                    blocks.append(("p", table_row([_text(c) for c in row.iter("cell")])))
        elif tag == "code":
            if options.code == "note":
                blocks.append(("p", CODE_NOTE))
        elif tag in ("p", "quote"):
            if tag == "quote" and any(c.tag in ("p", "list", "head") for c in child):
                _walk(child, blocks, options)
            else:
                blocks.append(("p", _text(child)))
        elif tag == "graphic":
            alt = child.get("alt") or ""
            if options.image_alt and alt:
                blocks.append(("p", alt))
        elif len(child):
            _walk(child, blocks, options)
        elif _text(child):
            blocks.append(("p", _text(child)))


def _wrap(element: Any) -> Any:
    from lxml import etree

    holder = etree.Element("div")
    holder.append(element)
    return holder


def _extract(trafilatura: Any, raw: str, options: ReadOptions) -> Any:
    return trafilatura.bare_extraction(
        _NOTE_MARK.sub("", raw),
        config=_config(max(options.max_bytes, len(raw) + 1)),
        with_metadata=True,
        include_comments=False,
        include_tables=options.tables == "rows",
        # With images come their captions (spoken); alt text is spoken only when asked.
        include_images=True,
        output_format="python",
        # Dates from the page's metadata only: a date in the text is not the publication's.
        date_extraction_params={"extensive_search": False, "original_date": True},
    )


def read_html(raw: str, options: ReadOptions) -> Article:
    """The article of an HTML page: its blocks and metadata (no blocks when none is found)."""
    import trafilatura

    try:
        doc = _extract(trafilatura, raw, options)
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
        _walk(meta.body, article.blocks, options)
    # The extractor repeats the headline as the body's first heading or line.
    while article.blocks and _same(article.blocks[0][1], article.title):
        article.blocks.pop(0)
    return article
