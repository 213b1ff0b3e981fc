"""Publish the web page: every episode with a native audio player, accessible and plain."""

from __future__ import annotations

from html import escape
from pathlib import Path
from urllib.parse import quote

from narrate.config import Settings
from narrate.edition import Edition
from narrate.fsutil import write_if_changed

PAGE_FILE = "index.html"

_CSS = """
body{font:1.05rem/1.6 system-ui,sans-serif;max-width:46rem;margin:0 auto;padding:1rem;
color:#1a1a1a;background:#fff}
a{color:#0645ad}a:focus,audio:focus{outline:3px solid #0645ad;outline-offset:2px}
article{border-top:1px solid #ccc;padding:1rem 0}audio{width:100%}
.meta{color:#444;font-size:.95rem}
"""


def _duration(ms: int) -> str:
    seconds = round(ms / 1000)
    return f"{seconds // 60} min {seconds % 60:02d} s"


def build_page(editions: list[Edition], settings: Settings) -> bytes:
    """The index page's HTML."""
    lang = escape(settings.language, quote=True)
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{lang}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(settings.title)}</title>",
        f'<link rel="alternate" type="application/rss+xml" title="{escape(settings.title)}"'
        ' href="feed.xml">',
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
        "<main>",
        f"<h1>{escape(settings.title)}</h1>",
        f"<p>{escape(settings.description)}</p>",
        '<p><a href="feed.xml">Podcast feed (RSS)</a></p>',
    ]
    for n, edition in enumerate(editions, 1):
        episode = edition.episode
        if episode is None:
            continue
        heading = f"ep{n}-title"
        src = quote(episode.file)
        elang = escape(edition.language, quote=True)
        parts += [
            f'<article lang="{elang}" aria-labelledby="{heading}">',
            f'<h2 id="{heading}">{escape(edition.title)}</h2>',
            f'<p class="meta">{_duration(episode.duration_ms)}</p>',
            f'<audio controls preload="none" src="{src}" '
            f'aria-label="Audio version of {escape(edition.title, quote=True)}"></audio>',
            f'<p><a href="{src}" download>Download the MP3 of “{escape(edition.title)}”'
            f" ({episode.bytes / 1e6:.1f} MB)</a></p>",
            "</article>",
        ]
    parts += ["</main>", "</body>", "</html>", ""]
    return "\n".join(parts).encode("utf-8")


def write_page(out: Path, editions: list[Edition], settings: Settings) -> bool:
    """Write ``<out>/index.html`` atomically if it changed; True if written."""
    return write_if_changed(out / PAGE_FILE, build_page(editions, settings))
