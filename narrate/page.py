"""Publish the web pages: an index of episodes and, per episode, its text beside its audio.

Plain, accessible HTML (WCAG 2.2 AA): native ``<audio controls>`` with a captions track,
a download link, chapters as links that seek (they also work without JavaScript, as media
fragments of the MP3), ``lang`` on every page, no autoplay.
"""

from __future__ import annotations

import json
from datetime import datetime
from html import escape
from pathlib import Path
from urllib.parse import quote

from narrate.catalogue import Entry
from narrate.config import Settings
from narrate.edition import Edition
from narrate.fsutil import write_if_changed

PAGE_FILE = "index.html"

_CSS = """
body{font:1.05rem/1.6 system-ui,sans-serif;max-width:46rem;margin:0 auto;padding:1rem;
color:#1a1a1a;background:#fff}
a{color:#0645ad}a:focus-visible,audio:focus-visible{outline:3px solid #0645ad;outline-offset:2px}
article.episode{border-top:1px solid #ccc;padding:1rem 0}audio{width:100%}
.meta{color:#444;font-size:.95rem}.listen{background:#f4f6fa;padding:.5rem 1rem;margin:1rem 0}
"""

# Chapter links seek the player on the page; without JavaScript they open the MP3 at
# that time (a media fragment), so they still work.
_SCRIPT = """
document.addEventListener('click', function (event) {
  var link = event.target.closest('a[data-start]');
  if (!link) return;
  var player = document.getElementById(link.getAttribute('data-player'));
  if (!player) return;
  event.preventDefault();
  player.currentTime = Number(link.getAttribute('data-start'));
  player.play();
});
"""


def _a(text: str) -> str:
    return escape(text, quote=True)


def _duration(ms: int) -> str:
    seconds = round(ms / 1000)
    return f"{seconds // 60} min {seconds % 60:02d} s"


def _clock(seconds: float) -> str:
    whole = int(seconds)
    hours, rest = divmod(whole, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60}:{rest % 60:02d}"


def _date(iso: str) -> str:
    try:
        moment = datetime.fromisoformat(iso)
    except ValueError:
        return escape(iso)
    return f'<time datetime="{_a(iso)}">{moment.day} {moment:%B %Y}</time>'


def _head(lang: str, title: str, channel: str) -> list[str]:
    return [
        "<!DOCTYPE html>",
        f'<html lang="{_a(lang)}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(title)}</title>",
        f'<link rel="alternate" type="application/rss+xml" title="{_a(channel)}" href="feed.xml">',
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
    ]


def chapters(out: Path, entry: Entry) -> list[tuple[float, str]]:
    """(start in seconds, title) of each chapter: from the chapters file, else the headings."""
    if entry.chapters:
        try:
            data = json.loads((out / entry.chapters).read_text(encoding="utf-8"))
            return [(float(c["startTime"]), str(c.get("title", ""))) for c in data["chapters"]]
        except (OSError, ValueError, KeyError, TypeError):
            pass  # an unreadable file: fall back to the headings, as before it existed
    edition = entry.edition
    rate = edition.sample_rate or 1
    found = [(0.0, edition.title)]
    found += [(s.start / rate, s.text) for s in edition.segments if s.kind == "heading"]
    return found


def paragraphs(edition: Edition) -> list[tuple[str, str]]:
    """The article body as (kind, text) blocks: "heading" or "paragraph", in order."""
    blocks: list[tuple[str, str]] = []
    current = None
    for segment in edition.segments:
        if segment.kind == "heading":
            blocks.append(("heading", segment.text))
            current = None
        elif segment.kind == "sentence":
            if current == segment.paragraph and blocks and blocks[-1][0] == "paragraph":
                blocks[-1] = ("paragraph", f"{blocks[-1][1]} {segment.text}")
            else:
                blocks.append(("paragraph", segment.text))
            current = segment.paragraph
    return blocks


def build_episode_page(out: Path, entry: Entry, settings: Settings) -> bytes:
    """The HTML of one episode's page: its text beside its audio."""
    edition = entry.edition
    lang = edition.language or settings.language
    src = quote(entry.file)
    title = escape(edition.title)
    parts = _head(lang, f"{edition.title} · {settings.title}", settings.title)
    parts += [
        f'<header><p><a href="index.html">{escape(settings.title)}</a>: all episodes</p></header>',
        "<main>",
        '<article aria-labelledby="title">',
        f'<h1 id="title">{title}</h1>',
        f'<p class="meta">{_date(entry.pub_date)} · {_duration(entry.duration_ms)}</p>',
        '<section class="listen" aria-labelledby="listen">',
        '<h2 id="listen">Listen: the audio version of this article</h2>',
        f'<audio id="player" controls preload="metadata" '
        f'aria-label="Audio version of “{_a(edition.title)}”">',
        f'<source src="{src}" type="audio/mpeg">',
    ]
    if entry.vtt:
        parts.append(
            f'<track kind="captions" src="{quote(entry.vtt)}" srclang="{_a(lang)}" '
            f'label="Captions ({_a(lang)})" default>'
        )
    parts += [
        f'<a href="{src}">Download the MP3</a>',
        "</audio>",
        f'<p><a href="{src}" download>Download the MP3</a> ({entry.bytes / 1e6:.1f} MB)',
    ]
    if entry.vtt:
        parts.append(f' · <a href="{quote(entry.vtt)}">Transcript (WebVTT)</a>')
    parts.append("</p>")
    marks = chapters(out, entry)
    if len(marks) > 1:
        parts += ['<nav aria-labelledby="chapters">', '<h3 id="chapters">Chapters</h3>', "<ol>"]
        for start, name in marks:
            parts.append(
                f'<li><a href="{src}#t={start:g}" data-start="{start:g}" data-player="player">'
                f"{escape(name)}</a> ({_clock(start)})</li>"
            )
        parts += ["</ol>", "</nav>"]
    parts += ["</section>", '<section aria-labelledby="text">', '<h2 id="text">Text</h2>']
    for kind, text in paragraphs(edition):
        parts.append(f"<h3>{escape(text)}</h3>" if kind == "heading" else f"<p>{escape(text)}</p>")
    if edition.url.startswith(("http://", "https://")):
        parts.append(f'<p><a href="{_a(edition.url)}">Original article</a></p>')
    parts += [
        "</section>",
        "</article>",
        "</main>",
        '<footer><p><a href="feed.xml">Podcast feed (RSS)</a></p></footer>',
        f"<script>{_SCRIPT}</script>",
        "</body>",
        "</html>",
        "",
    ]
    return "\n".join(parts).encode("utf-8")


def build_page(entries: list[Entry], settings: Settings) -> bytes:
    """The index page's HTML: every episode, newest first."""
    parts = _head(settings.language, settings.title, settings.title)
    parts += [
        "<main>",
        f"<h1>{escape(settings.title)}</h1>",
        f"<p>{escape(settings.description)}</p>",
        '<p><a href="feed.xml">Podcast feed (RSS)</a> · <a href="episodes.m3u">Playlist (M3U)</a>'
        "</p>",
    ]
    if not entries:
        parts.append("<p>No episodes yet.</p>")
    for n, entry in enumerate(entries, 1):
        edition = entry.edition
        heading = f"ep{n}-title"
        src = quote(entry.file)
        parts += [
            f'<article class="episode" lang="{_a(edition.language or settings.language)}" '
            f'aria-labelledby="{heading}">',
            f'<h2 id="{heading}"><a href="{quote(entry.page)}">{escape(edition.title)}</a></h2>',
            f'<p class="meta">{_date(entry.pub_date)} · {_duration(entry.duration_ms)}</p>',
            f'<audio controls preload="none" src="{src}" '
            f'aria-label="Audio version of “{_a(edition.title)}”"></audio>',
            f'<p><a href="{src}" download>Download the MP3 of “{escape(edition.title)}”</a>'
            f" ({entry.bytes / 1e6:.1f} MB)</p>",
            "</article>",
        ]
    parts += ["</main>", "</body>", "</html>", ""]
    return "\n".join(parts).encode("utf-8")


def write_page(out: Path, entries: list[Entry], settings: Settings) -> bool:
    """Write ``index.html`` and every episode page atomically if changed; True if any written."""
    written = write_if_changed(out / PAGE_FILE, build_page(entries, settings))
    for entry in entries:
        page = build_episode_page(out, entry, settings)
        written = write_if_changed(out / entry.page, page) or written
    return written
