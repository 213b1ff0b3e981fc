"""What a listener does not want to hear, as named rules shared by the page and Markdown readers.

Each rule has a name (``RULES``) that ``narrate script -v`` reports beside the text it kept
from the script, so nothing extracted from an article disappears without a reason. Every
pattern here is anchored or bounded, so each test is linear in the length of the text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import urlsplit

# Why a piece of an article is not spoken: rule name -> what it matches.
RULES = {
    "code": "a code block (<pre>, <code>, fenced Markdown), also when quoted",
    "caption": 'an image caption, when captions = "skip"',
    "credit": 'a photo credit ("Photo: ... / Getty Images")',
    "references": "a references, bibliography, notes or links section, or a DOI line",
    "related": 'a section of other stories ("Related", "Recent Slide Shows", "Most read")',
    "links": "a list, table or line made of web or e-mail addresses only",
    "reading-time": 'an "Estimated reading time" or "5 min read" line',
    "promotion": "a paywall, newsletter, affiliate or letters-desk line",
    "duplicate": "a block whose every sentence was already spoken (captions, pull quotes)",
    "table-header": "a table's header row repeated inside its table",
    "empty-row": "a table row that is a label with no value (an infobox's empty field)",
    "title": "the headline repeated as the first heading or line",
    "tables": 'a table, when tables = "skip"',
    "boilerplate": "a share, cookie or scraping-leftover line",
    "footnote-mark": 'a footnote or editing mark ("[3]", "[edit]")',
    "link-address": "the path of a web address in prose (its site name is spoken)",
}

_WORD = re.compile(r"\w+")
URL = re.compile(r"\b(?:https?://|www\.)[^\s<>\"'()\[\]]{1,2000}", re.IGNORECASE)
EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){1,8}\b")
_READING_TIME = re.compile(
    r"^(?:estimated\s+)?(?:reading|read)\s+time\b.{0,40}$|^\d{1,3}\s*(?:-|\s)?\s*"
    r"(?:min|mins|minutes?)\s+(?:read|reading)\b.{0,20}$|^lesezeit\b.{0,40}$|"
    r"^temps\s+de\s+lecture\b.{0,40}$|^tiempo\s+de\s+lectura\b.{0,40}$",
    re.IGNORECASE,
)
# Lines a publisher adds around the article: paywall, newsletter, affiliate and letters-desk
# notices. Each alternative is matched from the start of a short line.
_PROMOTION = re.compile(
    r"^(?:we recommend (?:the )?best products|we may (?:earn|receive) (?:a )?(?:commission|"
    r"compensation)|if you buy something (?:through|from) (?:our|a) links?|"
    r"(?:this|our) (?:article|story|site|page) (?:contains|may contain|includes) affiliate|"
    r"submit (?:your|a) letter|submit (?:your )?comments? (?:on|to|about)|"
    r"ads? (?:via|by) |(?:send|write) (?:us )?(?:your|a) letters? to the editor|"
    r"letters? to the editor (?:should|must|may) |"
    r"sign up (?:here |now |today )?(?:for|to) (?:our|the) .{0,40}newsletter|"
    r"subscribe (?:now |today )?(?:to|for) (?:our|the) .{0,60}(?:newsletter|podcast|"
    r"channel)|(?:already a subscriber|subscribe to continue|subscribe to read|"
    r"this (?:article|content|story) is (?:for|available to|reserved for) (?:paying )?"
    r"subscribers)|(?:support (?:our|independent) journalism)|"
    r"get (?:our|the) .{0,40}newsletter|"
    r"(?:you have|you've) (?:reached|read) (?:your|\d+) (?:free )?(?:article|stor)|"
    r"(?:log ?in|sign in) to (?:continue|read)|"
    r"follow us on (?:twitter|facebook|instagram|x)\b|"
    r"(?:click|tap) here to (?:subscribe|sign up|read|download)|"
    r"read (?:\d+|\w+) remaining paragraphs?|continue reading (?:the )?(?:full )?(?:story|"
    r"article)?\s*(?:\.|…|»|→)?$)",
    re.IGNORECASE,
)
_CREDIT = re.compile(
    r"^(?:photo(?:graph)?s?|image|picture|illustration|credit|photo credit|foto|bild)"
    r"(?:\s+(?:by|credit|courtesy))?\s*[:©/]|^©|"
    r"(?:/|\b)(?:getty images|ap photo|associated press|reuters|afp|shutterstock|"
    r"istock(?:photo)?|epa|alamy|dpa)\)?\.?$",
    re.IGNORECASE,
)
# A credit at the end of a caption: "... in Jerusalem. (Thomas Coex/AFP/Getty Images)".
_CREDIT_TAIL = re.compile(
    r"\s*[(\[](?:photo|image|picture|credit|illustration|foto)?[^()\[\]]{0,80}?"
    r"(?:getty images|ap photo|associated press|reuters|afp|shutterstock|istock\w*|epa|"
    r"alamy|dpa|bloomberg|photo|credit)[^()\[\]]{0,40}[)\]]\.?$",
    re.IGNORECASE,
)
_REFERENCES = re.compile(
    r"^(?:\d{1,2}\.?\s+)?(?:references?|bibliography|works cited|citations|sources|"
    r"notes(?: and references)?|footnotes|endnotes|further reading|external links|"
    r"literatur(?:verzeichnis)?|quellen|einzelnachweise|weblinks|bibliographie|"
    r"références|notes et références|liens externes|referencias|bibliografía|notas|"
    r"enlaces externos|(?:[\w-]+\s+){0,2}links)\s*(?:\[edit\])?:?$",
    re.IGNORECASE,
)
_RELATED = re.compile(
    r"^(?:recent|related|more (?:from|stories|on|in|news|articles)|popular|trending|"
    r"recommended|most (?:read|popular|viewed|shared)|you (?:may|might) (?:also )?like|"
    r"read (?:next|more)|editor'?s picks|also on|top stories|latest (?:news|stories))\b"
    r".{0,40}$",
    re.IGNORECASE,
)
_DOI = re.compile(r"\b(?:doi:\s*|https?://(?:dx\.)?doi\.org/)10\.\d{4,9}/", re.IGNORECASE)
_BRACKETED = re.compile(r"<((?:https?://|mailto:)?[^<>\s]{1,300}[@.][^<>\s]{1,300})>")
# A line that is only addresses and the punctuation between them.
_SEPARATORS = re.compile(r"[\s,;:|·•()\[\]<>\"'-]+")


def key(text: str) -> str:
    """The words of ``text`` as compared for duplicates: case and punctuation ignored."""
    return " ".join(_WORD.findall(text.casefold()))


def only_addresses(text: str) -> bool:
    """True when ``text`` holds web or e-mail addresses and nothing else but separators."""
    if not (URL.search(text) or EMAIL.search(text)):
        return False
    rest = EMAIL.sub(" ", URL.sub(" ", text))
    return not _SEPARATORS.sub("", rest)


def line_rule(text: str, captions: frozenset[str] = frozenset(), skip_captions: bool = False,
              code: frozenset[str] = frozenset()) -> str:  # fmt: skip
    """The rule that keeps a block of prose from being spoken, or "" when it is spoken."""
    if not text:
        return ""
    k = key(text)
    if k and k in code:
        return "code"
    short = len(text) <= 300
    if short and _READING_TIME.match(text):
        return "reading-time"
    if short and _PROMOTION.match(text):
        return "promotion"
    if short and _CREDIT.search(text):
        return "credit"
    if skip_captions and k and k in captions:
        return "caption"
    if only_addresses(text):
        return "links"
    if _DOI.search(text) and len(text) <= 600:
        return "references"
    return ""


_CODE_SYMBOLS = frozenset("{}[]();=<>_$#/\\|*&^%`~+\"'")
_PROMPT = re.compile(r"^\s*(?:\$|>>>|#|//|C:\\>)\s", re.MULTILINE)


def is_prose(text: str) -> bool:
    """True when preformatted text is a document (an RFC, a letter) rather than code: long,
    mostly words, few code symbols, no command prompts."""
    words = text.split()
    if len(words) < 80 or _PROMPT.search(text):
        return False
    chars = [c for c in text if not c.isspace()]
    symbols = sum(c in _CODE_SYMBOLS for c in chars) / len(chars)
    alpha = sum(w.strip(".,;:!?\"'()").isalpha() for w in words) / len(words)
    return symbols < 0.06 and alpha >= 0.6


def split_credit(text: str) -> tuple[str, str]:
    """A caption without the credit at its end, and the credit ("" when it has none)."""
    found = _CREDIT_TAIL.search(text[-200:]) if len(text) > 20 else None
    if not found:
        return text, ""
    cut = len(text) - 200 + found.start() if len(text) > 200 else found.start()
    return text[:cut].rstrip(), text[cut:].strip()


def is_references_heading(text: str) -> bool:
    """True for the heading of a references, notes or links section."""
    return bool(_REFERENCES.match(text.strip()))


def is_related_heading(text: str) -> bool:
    """True for the heading of other stories' links ("Recent Slide Shows", "Related")."""
    return bool(_RELATED.match(text.strip()))


def site_name(url: str) -> str:
    """The host of a web address as it is said in place of the address (``said_host``)."""
    address = url if "://" in url else "http://" + url
    try:
        host = urlsplit(address).hostname or ""
    except ValueError:
        host = ""
    return said_host(host)


# Leading labels that name a version of a site, not the site: "www", a mobile or AMP
# edition, a language ("en.wikipedia.org", "fr.m.wikipedia.org").
_EDITION_LABEL = re.compile(r"^(?:www\d?|m|mobile|amp|[a-z]{2}(?:-[a-z]{2,4})?)$")
# What is left must not be a country's second-level domain alone ("ox.ac.uk", "bbc.co.uk").
_COUNTRY_SLD = re.compile(r"^[a-z]{2,3}\.[a-z]{2}$")


def said_host(host: str) -> str:
    """A host name as a listener is told it: the site's own name, without the labels of
    its edition ("en.m.wikipedia.org" is "wikipedia.org", said "wikipedia dot org")."""
    host = host.lower().rstrip(".")
    while True:
        label, _, rest = host.partition(".")
        if rest.count(".") < 1 or not _EDITION_LABEL.match(label) or _COUNTRY_SLD.match(rest):
            return host
        host = rest


def speakable(text: str) -> tuple[str, list[str]]:
    """``text`` with each web address said by its site name and each e-mail address as
    "an e-mail address"; also the parts left out (for the report)."""
    cut: list[str] = []

    def url(match: re.Match[str]) -> str:
        whole = match.group().rstrip(".,;:!?")
        trail = match.group()[len(whole) :]
        host = site_name(whole)
        cut.append(whole)
        return (host or "a link") + trail

    def email(match: re.Match[str]) -> str:
        cut.append(match.group())
        return "an e-mail address"

    text = _BRACKETED.sub(r"\1", text)  # "<ann@example.com>": the brackets are not said

    if "@" not in text and "www." not in text and "://" not in text:
        return text, cut
    return EMAIL.sub(email, URL.sub(url, text)), cut


def split_sentences(text: str) -> list[str]:
    """Sentences of a block, split after . ! ? and before a capital or a quote."""
    return [s for s in re.split(r"(?<=[.!?…])[\"'”’)]?\s+(?=[\"'“‘(]?[A-Z0-9])", text) if s]


def duplicates(blocks: Iterable[tuple[str, str]]) -> list[bool]:
    """For each block, whether all it says was already said elsewhere in the article.

    A block is a duplicate when it repeats an earlier block or a heading word for word, or
    when it is short (a caption, a pull quote) and each of its sentences is a sentence of a
    longer block. Sentences are compared by their words, so the pass is linear.
    """
    blocks = list(blocks)
    owners: dict[str, int] = {}
    for kind, text in blocks:
        if kind.startswith("h"):
            continue
        # Each sentence's longest block: a short block is repeated only within a longer one.
        for sentence in split_sentences(text):
            k = key(sentence)
            owners[k] = max(owners.get(k, 0), len(text))
    # A line that repeats a heading is a table of contents, said by the headings themselves.
    seen: set[str] = {k for kind, text in blocks if kind.startswith("h") for k in [key(text)]}
    out = []
    for kind, text in blocks:
        k = key(text)
        if kind.startswith("h") or len(k) < 12:
            out.append(False)
            continue
        if k in seen and not text.rstrip().endswith(":"):
            # (A line introducing what follows, "Then edit Bob's configuration:", may recur.)
            out.append(True)
            continue
        seen.add(k)
        sentences = [key(s) for s in split_sentences(text)]
        repeated = len(text) <= 400 and all(
            len(s) >= 20 and owners.get(s, 0) > len(text) for s in sentences
        )
        out.append(repeated)
    return out
