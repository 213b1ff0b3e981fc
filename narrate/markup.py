"""Text made fit for every published text format (pages, feed, transcripts, playlist).

Article text may carry control characters (a NUL from a bad scrape, an ESC, C1 codes from
mis-decoded Windows text). XML 1.0 cannot hold most of them, and in HTML, WebVTT, SRT or M3U
they garble what players and browsers show, so they are removed before anything is written.
"""

from __future__ import annotations

import json
import re

# C0 and C1 controls, DEL, lone surrogates and the two non-characters XML forbids.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def plain(text: str) -> str:
    """``text`` on one line: whitespace runs (line breaks, tabs) as one space, controls removed."""
    return " ".join(_CONTROL.sub(_blank, text).split())


def _blank(match: re.Match[str]) -> str:
    # A control that separates (tab, line break, NEL) still separates words.
    return " " if match.group().isspace() else ""


def strip_controls(text: str) -> str:
    """``text`` without control characters, keeping its line breaks and tabs."""
    return _CONTROL.sub(lambda m: m.group() if m.group() in "\n\t" else "", text)


# Languages written right to left (ISO 639-1, and 639-3 where no two-letter code exists).
RTL_LANGUAGES = frozenset("ar arc ckb dv fa he iw ks ps sd syr ug ur yi".split())


def direction(lang: str) -> str:
    """The writing direction of a language code: ``"rtl"`` or ``"ltr"``."""
    return "rtl" if (lang or "").split("-")[0].lower() in RTL_LANGUAGES else "ltr"


def lang_attrs(lang: str, within: str = "") -> str:
    """HTML attributes marking text in ``lang`` inside an element in ``within``: ``lang``,
    and ``dir`` where the direction changes (a whole page passes no ``within``)."""
    attrs = f' lang="{lang}"'
    if direction(lang) != direction(within):
        attrs += f' dir="{direction(lang)}"'
    return attrs


def script_json(data: object, attrs: str) -> str:
    """``data`` as JSON in a ``<script {attrs}>`` element: "</script>" inside a string would
    end the element, so <, > and & are written as escapes."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f"<script {attrs}>{text}</script>"
