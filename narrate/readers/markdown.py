"""Markdown as a listener hears it, parsed by markdown-it (CommonMark, linear time).

Code is skipped (or replaced by a short note), raw HTML is dropped, links keep their text
and lose their address, images give their alt text only when asked, list items and table
rows become blocks of their own. Front matter (YAML between ``---`` lines, or TOML between
``+++`` lines) gives the title and the metadata.
"""

from __future__ import annotations

import re
import tomllib
from datetime import date, datetime
from typing import Any

from narrate.errors import InputError
from narrate.readers import CODE_NOTE, Article, ReadOptions, table_row
from narrate.readers.listen import line_rule

_FRONT = re.compile(r"\A(---|\+\+\+)[ \t]*\n(.*?\n)?\1[ \t]*(?:\n|\Z)", re.DOTALL)
_FOOTNOTE_REF = re.compile(r"\[\^[^\]\s]+\]")
# Emphasis markers: runs of * or _ that open before or close after a non-space, not inside
# a word (snake_case stays) and not standing alone ("2 * 3" stays).
_EMPHASIS = re.compile(r"(?<![\w*])[*_]+(?=\S)|(?<=\S)[*_]+(?![\w*])")
_BREAK = re.compile(r"<br\b", re.IGNORECASE)
_TAG_NAME = re.compile(r"<(?:!--|/?([A-Za-z][A-Za-z0-9-]*))")
# The elements of HTML (and SVG/MathML roots): a tag of one of these is markup, not text.
_HTML_ELEMENTS = frozenset(
    "a abbr address area article aside audio b base bdi bdo blockquote body br button canvas "
    "caption center cite code col colgroup data datalist dd del details dfn dialog div dl dt "
    "em embed fieldset figcaption figure font footer form h1 h2 h3 h4 h5 h6 head header hgroup "
    "hr html i iframe img input ins kbd label legend li link main map mark math menu meta "
    "meter nav noscript object ol optgroup option output p param picture pre progress q rp rt "
    "ruby s samp script search section select slot small source span strike strong style sub "
    "summary sup svg table tbody td template textarea tfoot th thead time title tr track tt u "
    "ul var video wbr".split()
)


def is_html(markup: str) -> bool:
    """True when raw markup is an HTML comment or a tag of a real HTML element."""
    found = _TAG_NAME.match(markup.strip())
    return found is not None and (
        found.group(1) is None or found.group(1).lower() in _HTML_ELEMENTS
    )


_OPTION = re.compile(r"(?:(?<=\s)|^)(-{1,2})(?=[A-Za-z])")
_DOTFILE = re.compile(r"(?:(?<=[/~\s])|^)\.(?=\w)")
_TASK = re.compile(r"^\[([ xX])\]\s+")
# HTML blocks whose text is an advertisement or a sharing box, by their class or id.
_PROMO_BLOCK = re.compile(
    r"\b(?:class|id)\s*=\s*[\"'][^\"']{0,200}\b(?:ad|ads|advert\w*|promo\w*|share|sharing|"
    r"newsletter|subscribe|sponsor\w*)\b",
    re.IGNORECASE,
)
_BLOCK_TAGS = frozenset(
    "address article aside blockquote details dd div dl dt figcaption figure footer form h1 h2 "
    "h3 h4 h5 h6 header hr li main nav ol p pre section summary table td th tr ul br".split()
)
_SPACE_BEFORE = re.compile(r"\s+([.,;:!?])")
_FOOTNOTE_DEF = re.compile(r"^\[\^[^\]\s]+\]:")
_FOOTNOTE_LABEL = re.compile(r"\[\^([^\]\s]+)\](?!:)")
# Front matter keys, as Hugo, Jekyll, Eleventy and Pandoc name them.
_KEYS = {
    "title": ("title",),
    "author": ("author", "authors", "creator", "byline"),
    "date": ("date", "published", "pubdate", "publishdate", "created"),
    "modified": ("lastmod", "modified", "updated", "last_modified_at"),
    "url": ("canonical_url", "canonical", "url", "link", "permalink"),
    "site_name": ("site", "site_name", "sitename", "publisher", "source"),
    "description": ("description", "summary", "excerpt", "subtitle", "abstract"),
    "language": ("lang", "language", "locale"),
}


def _value(value: Any) -> str:
    if isinstance(value, list | tuple):
        return ", ".join(_value(v) for v in value if _value(v))
    if isinstance(value, dict):
        return _value(value.get("name") or value.get("title") or "")
    if isinstance(value, datetime | date):
        return value.isoformat()
    return "" if value is None or isinstance(value, bool) else " ".join(str(value).split())


# Front matter is a few lines of metadata: past this it is refused, never parsed (a 10 MB
# block took 21 s and 636 MB of YAML parsing).
MAX_FRONT_MATTER = 64 * 1024
_OPENING = re.compile(r"\A(---|\+\+\+)[ \t]*\n")


def _yaml(body: str) -> Any:
    """``body`` parsed by YAML's safe loader, aliases refused.

    An alias repeats what its anchor names: a few hundred bytes of them nest into billions
    of nodes (the "billion laughs"), and one that names itself recurses without end.
    Metadata never needs them.
    """
    import yaml

    class NoAliases(yaml.SafeLoader):
        def compose_node(self, parent: Any, index: Any) -> Any:
            if self.check_event(yaml.AliasEvent):
                raise InputError(
                    "its front matter uses YAML aliases (*name), which narrate does not "
                    "read; write the values out"
                )
            return super().compose_node(parent, index)

    return yaml.load(body, Loader=NoAliases)  # noqa: S506 - a SafeLoader subclass


def front_matter(text: str) -> tuple[dict[str, str], str]:
    """The front matter's known fields, and the text after it (all of it when there is none)."""
    found = _FRONT.match(text[: MAX_FRONT_MATTER + 16])
    if not found:
        opening = _OPENING.match(text)
        if opening and re.search(rf"^{re.escape(opening.group(1))}[ \t]*$", text, re.M):
            raise InputError(
                f"its front matter is larger than {MAX_FRONT_MATTER // 1024} KB; "
                "keep the metadata short"
            )
        return {}, text
    body = found.group(2) or ""
    try:
        if found.group(1) == "+++":
            data: Any = tomllib.loads(body)
        else:
            data = _yaml(body)
    except InputError:
        raise
    except Exception:  # noqa: BLE001 - a malformed block is prose, not metadata
        return {}, text
    if not isinstance(data, dict):
        return {}, text
    lowered = {str(k).casefold(): v for k, v in data.items()}
    fields = {}
    for name, keys in _KEYS.items():
        fields[name] = next((_value(lowered[k]) for k in keys if _value(lowered.get(k))), "")
    return fields, text[found.end() :]


def code_words(code: str) -> str:
    """Inline code as it is said: a path's "~", "/" and leading dots and an option's dashes
    as words ("~/.config" is "tilde slash dot config", never "about .config")."""
    code = _OPTION.sub(lambda m: " dash" * len(m.group(1)) + " ", code)
    code = _DOTFILE.sub(" dot ", code)
    code = code.replace("~", " tilde ")
    if "/" in code and "://" not in code:
        code = code.replace("/", " slash ")
    return " ".join(code.split())


# Inline <script> and <style>: their content is code, never read.
_HIDDEN_OPEN = re.compile(r"<(script|style)\b[^>]*(?<!/)>\Z", re.IGNORECASE)
_HIDDEN_CLOSE = re.compile(r"</(script|style)\s*>", re.IGNORECASE)


def _inline(token: Any, options: ReadOptions) -> str:
    out: list[str] = []
    hidden = ""  # the element whose content is being passed over
    for child in token.children or ():
        kind = child.type
        if hidden:
            closing = _HIDDEN_CLOSE.match(child.content) if kind == "html_inline" else None
            if closing and closing.group(1).lower() == hidden:
                hidden = ""
            continue
        if kind == "html_inline" and (opened := _HIDDEN_OPEN.match(child.content)):
            hidden = opened.group(1).lower()
            continue
        if kind == "text":
            # "~~struck~~": the struck words are read, their markers never said.
            out.append(_EMPHASIS.sub("", child.content).replace("~~", ""))
        elif kind == "code_inline":
            if options.inline_code == "read":
                out.append(code_words(child.content))
        elif kind in ("softbreak", "hardbreak"):
            out.append(" ")
        elif kind == "image" and options.image_alt:
            out.append("".join(c.content for c in child.children or ()))
        elif kind == "html_inline":
            if _BREAK.match(child.content):
                out.append(" ")
            elif not is_html(child.content):
                out.append(child.content)  # "<say>" is no HTML: the author's own text
        # Links keep their text (it is in the text tokens); other inline HTML is dropped.
    text = _FOOTNOTE_REF.sub("", " ".join("".join(out).split()))
    return _SPACE_BEFORE.sub(r"\1", text).strip()


def read_markdown(text: str, options: ReadOptions) -> Article:
    """Blocks and metadata of a Markdown document."""
    from markdown_it import MarkdownIt

    fields, text = front_matter(text)
    article = Article(
        title=fields.get("title", ""),
        author=fields.get("author", ""),
        date=fields.get("date", "") or fields.get("modified", ""),
        url=fields.get("url", ""),
        site_name=fields.get("site_name", ""),
        description=fields.get("description", ""),
        language=fields.get("language", ""),
    )
    # Emphasis is never spoken: its markers are dropped from the text in one linear pass
    # (markdown-it's delimiter matching costs far more on long runs of unmatched "*").
    parser = MarkdownIt("commonmark", {"html": True}).enable("table").disable("emphasis")
    tokens = parser.parse(text)
    blocks = article.blocks
    dropped = article.dropped
    notes = _footnotes(tokens, options)
    pending: list[str] = []  # footnotes referred to in the current section, in order
    stack: list[str] = []
    row: list[str] | None = None
    title = _key(article.title)

    def flush_notes() -> None:
        for label in pending:
            blocks.append(("p", f"Note: {notes.pop(label)}"))
        pending.clear()

    for n, token in enumerate(tokens):
        kind = token.type
        if kind.endswith("_open"):
            stack.append(kind[:-5])
        elif kind.endswith("_close"):
            stack.pop()
        if kind == "tr_open":
            row = []
        elif kind == "tr_close" and row is not None:
            if options.tables == "rows":
                blocks.append(("p", table_row(row)))
            else:
                dropped.append(("tables", table_row(row)))
            row = None
        elif kind == "html_block":
            if not is_html(token.content):
                blocks.append(("p", " ".join(token.content.split())))
            elif _PROMO_BLOCK.search(token.content.split(">", 1)[0]):
                dropped.append(("promotion", " ".join(html_text(token.content))))
            else:
                # Text in an HTML block (<details>, a <div> note) is read, without its markup.
                blocks.extend(("p", line) for line in html_text(token.content))
        elif kind in ("fence", "code_block"):
            # Code is never spoken: a "# comment" in it is not a heading either.
            dropped.append(("code", token.content))
            if options.code == "note":
                blocks.append(("p", CODE_NOTE))
        elif kind == "inline":
            content = _inline(token, options)
            parent = tokens[n - 1].type if n else ""
            if row is not None:
                row.append(content)
            elif parent == "heading_open":
                if title and _key(content) == title:
                    dropped.append(("title", content))  # the headline, said once
                    continue
                flush_notes()
                blocks.append((tokens[n - 1].tag, content))
            elif _FOOTNOTE_DEF.match(token.content):
                continue  # read at the end of the section that refers to it
            elif line_rule(content):
                # "Estimated reading time", a newsletter line, a line of addresses only.
                dropped.append((line_rule(content), content))
            elif content:
                task = _TASK.match(content) if "list_item" in stack else None
                if task:
                    state = "to do" if task.group(1) == " " else "done"
                    content = f"{state}: {content[task.end() :]}"
                blocks.append(("li" if "list_item" in stack else "p", content))
            for label in _FOOTNOTE_LABEL.findall(token.content):
                if label in notes and label not in pending:
                    pending.append(label)
    flush_notes()
    # Notes never referred to are still read, at the end.
    blocks.extend(("p", f"Note: {text}") for text in notes.values())
    return article


def _key(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.casefold()))


def _footnotes(tokens: list[Any], options: ReadOptions) -> dict[str, str]:
    """Footnote definitions ("[^1]: text") by label, their text as it is read."""
    notes: dict[str, str] = {}
    for token in tokens:
        if token.type == "inline":
            found = _FOOTNOTE_DEF.match(token.content)
            if found:
                label = found.group(0)[2:].split("]", 1)[0]
                text = _inline(token, options).lstrip(" :")
                if text:
                    notes[label] = text
    return notes


def html_text(markup: str) -> list[str]:
    """The text of an HTML block, one line per block element; scripts, styles and comments
    left out."""
    from lxml import html as lxml_html

    try:
        root = lxml_html.fragment_fromstring(markup, create_parent="div")
    except Exception:  # noqa: BLE001 - markup lxml cannot parse has no text to read
        return []
    parts: list[str] = []

    def visit(node: Any) -> None:
        for child in node:
            tag = child.tag if isinstance(child.tag, str) else ""
            if tag and tag.lower() not in ("script", "style", "template"):
                block = tag.lower() in _BLOCK_TAGS
                parts.append("\n" if block else "")
                parts.append(child.text or "")
                visit(child)
                parts.append("\n" if block else "")
            parts.append(child.tail or "")

    parts.append(root.text or "")
    visit(root)
    lines = (" ".join(line.split()) for line in "".join(parts).split("\n"))
    return [line for line in lines if line]
