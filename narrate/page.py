"""Publish the web pages: an index of episodes and, per episode, a read-along page.

Plain, accessible HTML (WCAG 2.2 AA) first: a native ``<audio controls>`` with a captions
track, download and subscribe links, chapters as links that seek (media fragments of the MP3
without JavaScript), the text, ``lang`` on every page and its interface in that language, no
autoplay. A small script then adds the read-along: the sentence being spoken is highlighted
(from the cue times of the segments), a sentence plays from its start when chosen by mouse or
keyboard, and the current caption is shown as text beside the sticky player.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from html import escape
from importlib import resources
from pathlib import Path
from urllib.parse import quote

from narrate.catalogue import Entry
from narrate.config import Settings
from narrate.edition import Edition, Segment
from narrate.feed import ARCHIVE_FILE, COVER_FILE, FEED_FILE, html_transcript, summary, url
from narrate.fsutil import write_if_changed
from narrate.markup import lang_attrs, plain, script_json
from narrate.playlist import AUDIOBOOKS_FILE, PLAYLIST_FILE, audiobook
from narrate.transcript import short_clock
from narrate.webapp import MANIFEST_FILE, THEME_COLOUR, episode_files, ui_data, write_webapp

PAGE_FILE = "index.html"
# The index gives the newest episodes a player of their own; the others a link to their MP3
# (and, with JavaScript, a player made when played): a thousand <audio> elements took four
# seconds to lay out in Chromium, against half a second without them.
INDEX_PLAYERS = 10

# Interface strings of the languages narrate reads; any other language gets English ones.
STRINGS: dict[str, dict[str, str]] = {
    "en": {
        "audiobooks": "Audiobooks (M3U)",
        "audiobook": "Audiobook (M4B, with chapters)",
        "all": "all episodes", "listen": "Listen: the audio version of this article",
        "audio": "Audio version of “{title}”", "download": "Download the MP3",
        "download_of": "Download the MP3 of “{title}”", "transcript": "Transcript",
        "chapters": "Chapters", "text": "Text", "original": "Original article",
        "feed": "Podcast feed (RSS)", "playlist": "Playlist (M3U)", "none": "No episodes yet.",
        "older": "{count} older episodes: in the archive feeds",
        "subscribe": "Subscribe", "feed_url": "Feed address, for any podcast app:",
        "open_in": "Open in:", "captions": "Captions", "cover": "Cover art of {channel}",
        "by": "By {author}", "skip": "Skip to the text", "date": "{day} {month} {year}",
        "hint": "Choose a sentence to play from there. With a keyboard: Tab to the text, "
                "arrow keys move between sentences, Enter plays.",
        "months": "January February March April May June July August September October "
                  "November December",
    },
    "es": {
        "audiobooks": "Audiolibros (M3U)",
        "audiobook": "Audiolibro (M4B, con capítulos)",
        "all": "todos los episodios", "listen": "Escuchar: la versión en audio de este artículo",
        "audio": "Versión en audio de «{title}»", "download": "Descargar el MP3",
        "download_of": "Descargar el MP3 de «{title}»", "transcript": "Transcripción",
        "chapters": "Capítulos", "text": "Texto", "original": "Artículo original",
        "feed": "Feed del pódcast (RSS)", "playlist": "Lista de reproducción (M3U)",
        "none": "Todavía no hay episodios.", "subscribe": "Suscribirse",
        "older": "{count} episodios anteriores: en los feeds de archivo",
        "feed_url": "Dirección del feed, para cualquier aplicación de pódcast:",
        "open_in": "Abrir en:", "captions": "Subtítulos", "cover": "Portada de {channel}",
        "by": "Por {author}", "skip": "Saltar al texto", "date": "{day} de {month} de {year}",
        "hint": "Elija una frase para escuchar desde ahí. Con el teclado: Tab hasta el texto, "
                "las flechas pasan de una frase a otra, Intro reproduce.",
        "months": "enero febrero marzo abril mayo junio julio agosto septiembre octubre "
                  "noviembre diciembre",
    },
    "fr": {
        "audiobooks": "Livres audio (M3U)",
        "audiobook": "Livre audio (M4B, avec chapitres)",
        "all": "tous les épisodes", "listen": "Écouter : la version audio de cet article",
        "audio": "Version audio de « {title} »", "download": "Télécharger le MP3",
        "download_of": "Télécharger le MP3 de « {title} »", "transcript": "Transcription",
        "chapters": "Chapitres", "text": "Texte", "original": "Article original",
        "feed": "Flux du podcast (RSS)", "playlist": "Liste de lecture (M3U)",
        "none": "Aucun épisode pour l’instant.", "subscribe": "S’abonner",
        "older": "{count} épisodes plus anciens : dans les flux d’archives",
        "feed_url": "Adresse du flux, pour toute application de podcast :",
        "open_in": "Ouvrir dans :", "captions": "Sous-titres",
        "cover": "Illustration de {channel}", "by": "Par {author}", "skip": "Aller au texte",
        "date": "{day} {month} {year}",
        "hint": "Choisissez une phrase pour écouter à partir de là. Au clavier : Tab jusqu’au "
                "texte, les flèches passent d’une phrase à l’autre, Entrée lance la lecture.",
        "months": "janvier février mars avril mai juin juillet août septembre octobre "
                  "novembre décembre",
    },
    "de": {
        "audiobooks": "Hörbücher (M3U)",
        "audiobook": "Hörbuch (M4B, mit Kapiteln)",
        "all": "alle Folgen", "listen": "Anhören: die Audiofassung dieses Artikels",
        "audio": "Audiofassung von „{title}“", "download": "MP3 herunterladen",
        "download_of": "MP3 von „{title}“ herunterladen", "transcript": "Transkript",
        "chapters": "Kapitel", "text": "Text", "original": "Originalartikel",
        "feed": "Podcast-Feed (RSS)", "playlist": "Wiedergabeliste (M3U)",
        "none": "Noch keine Folgen.", "subscribe": "Abonnieren",
        "older": "{count} ältere Folgen: in den Archiv-Feeds",
        "feed_url": "Feed-Adresse, für jede Podcast-App:", "open_in": "Öffnen in:",
        "captions": "Untertitel", "cover": "Titelbild von {channel}", "by": "Von {author}",
        "skip": "Zum Text springen", "date": "{day}. {month} {year}",
        "hint": "Wählen Sie einen Satz, um ab dort zu hören. Mit der Tastatur: Tab bis zum "
                "Text, Pfeiltasten wechseln den Satz, Eingabe spielt ab.",
        "months": "Januar Februar März April Mai Juni Juli August September Oktober "
                  "November Dezember",
    },
}  # fmt: skip
# Open Graph wants a territory with the language.
_LOCALES = {"en": "en_US", "es": "es_ES", "fr": "fr_FR", "de": "de_DE"}
# Segment kinds (or ``list`` values) that mark a list item, as readers may set them.


@functools.cache
def _asset(name: str) -> str:
    return resources.files("narrate").joinpath(f"data/{name}").read_text("utf-8")


def _a(text: str) -> str:
    return escape(plain(text), quote=True)


def _t(text: str) -> str:
    return escape(plain(text), quote=False)


def ui_language(lang: str) -> str:
    """The language of a page's interface strings: ``lang``'s own, else English."""
    base = (lang or "en").split("-")[0].lower()
    return base if base in STRINGS else "en"


def _duration(ms: int) -> str:
    seconds = round(ms / 1000)
    return f"{seconds // 60} min {seconds % 60:02d} s"


def _date(iso: str, ui: str) -> str:
    try:
        moment = datetime.fromisoformat(iso)
    except ValueError:
        return _t(iso)
    words = STRINGS[ui]
    month = words["months"].split()[moment.month - 1]
    shown = words["date"].format(day=moment.day, month=month, year=moment.year)
    return f'<time datetime="{_a(iso)}">{escape(shown)}</time>'


def subscribe_links(feed_url: str) -> list[tuple[str, str]]:
    """(app, link) one-click subscriptions to ``feed_url``: URL schemes, no network needed."""
    bare = feed_url.split("://", 1)[-1]
    return [
        ("Apple Podcasts", f"podcast://{bare}"),
        ("Overcast", f"overcast://x-callback-url/add?url={quote(feed_url, safe='')}"),
        ("Pocket Casts", f"pktc://subscribe/{bare}"),
        ("AntennaPod", f"antennapod-subscribe://{bare}"),
        ("Podcast Addict", f"podcastaddict://{bare}"),
    ]


def _subscribe(settings: Settings, ui: str) -> list[str]:
    words = STRINGS[ui]
    feed_url = url(settings, FEED_FILE)
    parts = [
        '<section aria-labelledby="subscribe">',
        f'<h2 id="subscribe">{words["subscribe"]}</h2>',
        f'<p>{words["feed_url"]} <a href="{_a(feed_url)}">{_t(feed_url)}</a></p>',
        f'<p id="apps">{words["open_in"]}</p>',
        '<ul class="apps" aria-labelledby="apps">',
    ]
    parts += [f'<li><a href="{_a(link)}">{app}</a></li>' for app, link in subscribe_links(feed_url)]
    parts += ["</ul>", "</section>"]
    return parts


def _json_ld(data: dict) -> str:
    return script_json(data, 'type="application/ld+json"')


@dataclass
class _Head:
    lang: str
    title: str
    channel: str
    description: str = ""
    meta: list[tuple[str, str]] = field(default_factory=list)
    canonical: str = ""
    ld: dict | None = None
    icon: bool = False

    def lines(self) -> list[str]:
        parts = [
            "<!DOCTYPE html>",
            f"<html{lang_attrs(_a(self.lang))}>",
            "<head>",
            '<meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{_t(self.title)}</title>",
        ]
        if self.description:
            parts.append(f'<meta name="description" content="{_a(self.description)}">')
        if self.canonical:
            parts.append(f'<link rel="canonical" href="{_a(self.canonical)}">')
        parts += [f'<meta property="{p}" content="{_a(v)}">' for p, v in self.meta if v]
        parts.append(
            f'<link rel="alternate" type="application/rss+xml" title="{_a(self.channel)}" '
            f'href="{FEED_FILE}">'
        )
        # Installable, with the cover as its icon (and as the favicon browsers ask for).
        parts.append(f'<link rel="manifest" href="{MANIFEST_FILE}">')
        parts.append(f'<meta name="theme-color" content="{THEME_COLOUR}">')
        if self.icon:
            parts.append(f'<link rel="icon" href="{COVER_FILE}" type="image/png">')
        if self.ld:
            parts.append(_json_ld(self.ld))
        parts += [f"<style>{_asset('page.css')}</style>", "</head>", "<body>"]
        return parts


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


def _list_kind(segment: Segment) -> str:
    """The list ("ul" or "ol") a sentence is an item of, or "" when it is not in a list."""
    return segment.list if segment.kind == "sentence" and segment.list in ("ul", "ol") else ""


@dataclass(frozen=True)
class Block:
    """A block of the article's text: "heading", "paragraph", "ul" or "ol" item, its segments."""

    kind: str
    segments: tuple[Segment, ...]

    @property
    def text(self) -> str:
        """The block's written text, its sentences joined."""
        return " ".join(plain(s.text) for s in self.segments)


def blocks(edition: Edition) -> list[Block]:
    """The article body as blocks in order: headings, paragraphs and list items."""
    found: list[Block] = []
    current = None
    for segment in edition.segments:
        if segment.kind == "heading":
            found.append(Block("heading", (segment,)))
            current = None
            continue
        listed = _list_kind(segment)
        if segment.kind != "sentence":
            continue  # title, intro, outro: shown elsewhere, or not text of the article
        kind = listed or "paragraph"
        if found and found[-1].kind == kind and current == segment.paragraph:
            found[-1] = Block(kind, (*found[-1].segments, segment))
        else:
            found.append(Block(kind, (segment,)))
        current = segment.paragraph
    return found


def paragraphs(edition: Edition) -> list[tuple[str, str]]:
    """The article body as (kind, text) blocks: "heading", "paragraph" (or list item), in order."""
    return [(b.kind, b.text) for b in blocks(edition)]


def _times(edition: Edition) -> dict[int, tuple[float, float]]:
    """Segment index -> (read-along start, end of speech) in seconds.

    A sentence is current from halfway through the pause before it (where chapter jumps
    land too), so playing from a sentence lights it at once.
    """
    rate = edition.sample_rate
    if rate <= 0:
        return {}
    return {
        s.index: (max(0, s.start - s.pause // 2) / rate, (s.start + s.samples) / rate)
        for s in edition.segments
        if s.samples and plain(s.text)
    }


def _span(segment: Segment, times: dict[int, tuple[float, float]], shown: str = "") -> str:
    text = _t(shown or segment.text)
    if segment.index not in times:
        return text
    start, end = times[segment.index]
    return (
        f'<span class="s" id="s{segment.index}" data-start="{start:.3f}" '
        f'data-end="{end:.3f}">{text}</span>'
    )


def _text(edition: Edition, times: dict[int, tuple[float, float]]) -> list[str]:
    parts: list[str] = []
    open_list = ""
    for block in blocks(edition):
        is_item = block.kind in ("ul", "ol")
        if open_list and (not is_item or block.kind != open_list):
            parts.append(f"</{open_list}>")
            open_list = ""
        spans = " ".join(_span(s, times) for s in block.segments)
        if block.kind == "heading":
            parts.append(f"<h3>{spans}</h3>")
        elif is_item:
            if not open_list:
                open_list = block.kind
                parts.append(f"<{open_list}>")
            parts.append(f"<li>{spans}</li>")
        else:
            parts.append(f"<p>{spans}</p>")
    if open_list:
        parts.append(f"</{open_list}>")
    return parts


def _iso_duration(ms: int) -> str:
    return f"PT{round(ms / 1000)}S"


def _episode_head(out: Path, entry: Entry, settings: Settings, ui: str) -> _Head:
    edition = entry.edition
    page_url = url(settings, entry.page)
    cover = (out / COVER_FILE).is_file()
    description = summary(entry)
    published = edition.date or entry.pub_date
    lang = edition.language or settings.language
    meta = [
        ("og:type", "article"), ("og:title", edition.title), ("og:description", description),
        ("og:url", page_url), ("og:site_name", settings.title),
        ("og:locale", _LOCALES.get(lang, lang)),
        ("og:audio", url(settings, entry.file)), ("og:audio:type", "audio/mpeg"),
        ("article:published_time", published), ("article:author", edition.author),
    ]  # fmt: skip
    if cover:
        meta += [
            ("og:image", url(settings, COVER_FILE)),
            ("og:image:alt", STRINGS[ui]["cover"].format(channel=plain(settings.title))),
        ]
    ld: dict = {
        "@context": "https://schema.org",
        "@type": "PodcastEpisode",
        "name": plain(edition.title),
        "url": page_url,
        "description": description,
        "datePublished": published,
        "inLanguage": lang,
        "duration": _iso_duration(entry.duration_ms),
        "associatedMedia": {
            "@type": "AudioObject", "contentUrl": url(settings, entry.file),
            "encodingFormat": "audio/mpeg", "contentSize": str(entry.bytes),
            "duration": _iso_duration(entry.duration_ms),
        },
        "partOfSeries": {
            "@type": "PodcastSeries", "name": plain(settings.title),
            "url": settings.link or url(settings, PAGE_FILE), "webFeed": url(settings, FEED_FILE),
        },
    }  # fmt: skip
    if plain(edition.author):
        ld["author"] = {"@type": "Person", "name": plain(edition.author)}
    if edition.url.startswith(("http://", "https://")):
        ld["isBasedOn"] = edition.url
    if cover:
        ld["image"] = url(settings, COVER_FILE)
    return _Head(ui, f"{plain(edition.title)} · {plain(settings.title)}", settings.title,
                 description, meta, page_url, ld, cover)  # fmt: skip


def build_episode_page(out: Path, entry: Entry, settings: Settings) -> bytes:
    """The HTML of one episode's read-along page: its text beside its audio."""
    edition = entry.edition
    lang = edition.language or settings.language
    ui = ui_language(lang)
    words = STRINGS[ui]
    # The interface speaks the page's language; text in another language is marked as such.
    text_lang = "" if lang == ui else lang_attrs(_a(lang), ui)
    src = quote(entry.file)
    times = _times(edition)
    # The headline lights up while it is read: its own segment, or the intro that reads it.
    title_segment = next((s for s in edition.segments if s.kind == "title"), None) or next(
        (s for s in edition.segments if s.kind == "intro" and s.index in times), None
    )
    heading = _span(title_segment, times, edition.title) if title_segment else _t(edition.title)
    parts = _episode_head(out, entry, settings, ui).lines()
    parts += [
        f'<a class="skip" href="#text">{words["skip"]}</a>',
        f'<header><p><a href="{PAGE_FILE}">{_t(settings.title)}</a>: {words["all"]}</p></header>',
        "<main>",
        '<article aria-labelledby="title">',
    ]
    if (out / COVER_FILE).is_file():
        alt = words["cover"].format(channel=plain(settings.title))
        parts.append(f'<img class="cover" src="{COVER_FILE}" alt="{_a(alt)}" '
                     'width="128" height="128">')  # fmt: skip
    parts.append(f'<h1 id="title"{text_lang}>{heading}</h1>')
    meta = [_date(entry.pub_date, ui), _duration(entry.duration_ms)]
    if plain(edition.author):
        meta.insert(0, escape(words["by"].format(author=plain(edition.author))))
    audio_label = words["audio"].format(title=plain(edition.title))
    parts += [
        f'<p class="meta">{" · ".join(meta)}</p>',
        f'<h2 id="listen">{words["listen"]}</h2>',
        '<div class="player" role="region" aria-labelledby="listen">',
        f'<audio id="player" controls preload="metadata" aria-label="{_a(audio_label)}"'
        f"{_episode_data(entry, player=True)} "
        f'data-companions="{_a(" ".join(episode_files(entry)))}">',
        f'<source src="{src}" type="audio/mpeg">',
    ]
    if entry.vtt:
        parts.append(
            f'<track kind="captions" src="{quote(entry.vtt)}" srclang="{_a(lang)}" '
            f'label="{words["captions"]} ({_a(lang)})" default>'
        )
    parts += [
        f'<a href="{src}">{words["download"]}</a>',
        "</audio>",
        f'<p id="caption" class="caption" aria-live="polite"{text_lang} hidden></p>',
        "</div>",
        f'<p><a href="{src}" download>{words["download"]}</a> ({entry.bytes / 1e6:.1f} MB)',
    ]
    if audiobook(entry):
        book = quote(audiobook(entry))
        parts.append(f' · <a href="{book}" type="audio/mp4" download>{words["audiobook"]}</a>')
    transcripts = ((entry.vtt, "WebVTT"), (entry.srt, "SRT"), (html_transcript(entry), "HTML"))
    for name, label in transcripts:
        if name:
            parts.append(f' · <a href="{quote(name)}">{words["transcript"]} ({label})</a>')
    parts.append("</p>")
    marks = chapters(out, entry)
    if len(marks) > 1:
        parts += ['<nav aria-labelledby="chapters">',
                  f'<h2 id="chapters">{words["chapters"]}</h2>', f"<ol{text_lang}>"]  # fmt: skip
        for start, name in marks:
            parts.append(
                f'<li><a href="{src}#t={start:g}" data-start="{start:g}" data-player="player">'
                f"{_t(name)}</a> ({short_clock(int(start * 1000))})</li>"
            )
        parts += ["</ol>", "</nav>"]
    parts += [
        f'<section id="text" aria-labelledby="text-heading"{text_lang}>',
        f'<h2 id="text-heading"{lang_attrs(ui, lang)}>{words["text"]}</h2>',
        f'<p id="readalong-hint" class="hint"{lang_attrs(ui, lang)} hidden>{words["hint"]}</p>',
        *_text(edition, times),
    ]
    if edition.url.startswith(("http://", "https://")):
        original = f'<a href="{_a(edition.url)}">{words["original"]}</a>'
        parts.append(f"<p{lang_attrs(ui, lang)}>{original}</p>")
    parts += ["</section>", "</article>", *_subscribe(settings, ui), "</main>"]
    scripts = [f"<script>{_asset(name)}</script>" for name in ("readalong.js", "player.js")]
    parts += [*_footer(ui), ui_data(out, settings, ui), *scripts, "</body>", "</html>", ""]
    return "\n".join(parts).encode("utf-8")


def _footer(ui: str) -> list[str]:
    return [f'<footer><p><a href="{FEED_FILE}">{STRINGS[ui]["feed"]}</a></p></footer>']


def build_page(entries: list[Entry], settings: Settings, out: Path | None = None) -> bytes:
    """The index page's HTML: the episodes of feed.xml, newest first, then a link to the
    archive feeds for the older ones (so the page stays as small as the feed)."""
    older = len(entries) - settings.feed_items
    entries = entries[: settings.feed_items]
    ui = ui_language(settings.language)
    words = STRINGS[ui]
    meta = [("og:type", "website"), ("og:title", settings.title),
            ("og:description", settings.description), ("og:url", url(settings, PAGE_FILE)),
            ("og:locale", _LOCALES.get(ui, ui))]  # fmt: skip
    cover = out is not None and (out / COVER_FILE).is_file()
    if cover:
        meta.append(("og:image", url(settings, COVER_FILE)))
    ld = {"@context": "https://schema.org", "@type": "PodcastSeries", "name": plain(settings.title),
          "description": plain(settings.description), "url": url(settings, PAGE_FILE),
          "webFeed": url(settings, FEED_FILE), "inLanguage": settings.language}  # fmt: skip
    head = _Head(ui, settings.title, settings.title, settings.description, meta,
                 url(settings, PAGE_FILE), ld, cover)  # fmt: skip
    parts = head.lines() + ["<main>"]
    if cover:
        alt = words["cover"].format(channel=plain(settings.title))
        parts.append(f'<img class="cover" src="{COVER_FILE}" alt="{_a(alt)}" '
                     'width="128" height="128">')  # fmt: skip
    parts += [
        f"<h1>{_t(settings.title)}</h1>",
        f"<p>{_t(settings.description)}</p>",
        f'<p id="edition-links"><a href="{FEED_FILE}">{words["feed"]}</a> · '
        f'<a href="{PLAYLIST_FILE}">{words["playlist"]}</a>'
        + (
            f' · <a href="{AUDIOBOOKS_FILE}">{words["audiobooks"]}</a>'
            if any(audiobook(e) for e in entries)
            else ""
        )  # fmt: skip
        + "</p>",
    ]
    if not entries:
        parts.append(f"<p>{words['none']}</p>")
    for n, entry in enumerate(entries, 1):
        edition = entry.edition
        heading = f"ep{n}-title"
        src = quote(entry.file)
        lang = edition.language or settings.language
        title_lang = "" if lang == ui else lang_attrs(_a(lang), ui)
        parts += [
            f'<article class="episode" aria-labelledby="{heading}"'
            f'{_episode_data(entry, player=True)} data-src="{src}" '
            f'data-page="{quote(entry.page)}" data-bytes="{entry.bytes}" '
            f'data-companions="{_a(" ".join(episode_files(entry)))}">',
            f'<h2 id="{heading}"{title_lang}><a href="{quote(entry.page)}">{_t(edition.title)}</a>'
            "</h2>",
            f'<p class="meta">{_date(entry.pub_date, ui)} · {_duration(entry.duration_ms)}</p>',
        ]
        if n <= INDEX_PLAYERS:
            parts.append(
                f'<audio controls preload="none" src="{src}"{_episode_data(entry, player=True)} '
                f'aria-label="{_a(words["audio"].format(title=plain(edition.title)))}"></audio>'
            )
        parts += [
            f'<p><a href="{src}" download>{_t(words["download_of"].format(title=edition.title))}'
            f"</a> ({entry.bytes / 1e6:.1f} MB)</p>",
            "</article>",
        ]
    if older > 0:
        newest = ARCHIVE_FILE.format(n=-(-older // settings.feed_items))
        parts.append(f'<p><a href="{newest}">{_t(words["older"].format(count=older))}</a></p>')
    parts += [*_subscribe(settings, ui), "</main>", *_footer(ui)]
    if out is not None:
        parts += [ui_data(out, settings, ui), f"<script>{_asset('player.js')}</script>"]
    parts += ["</body>", "</html>", ""]
    return "\n".join(parts).encode("utf-8")


def _episode_data(entry: Entry, player: bool = False) -> str:
    """The data attributes the listening tools read: the episode's MP3 and title; on a
    player, its chapters too."""
    attrs = f' data-episode="{_a(entry.file)}" data-title="{_a(entry.title)}"'
    if player and entry.chapters:
        attrs += f' data-chapters="{quote(entry.chapters)}"'
    return attrs


def write_page(
    out: Path, entries: list[Entry], settings: Settings,
    fresh: Callable[[str, list[Entry]], bool] = lambda name, made_of: False,
) -> bool:  # fmt: skip
    """Write ``index.html``, every episode page and the web app's files atomically if
    changed; True if any written.

    ``fresh(name, entries)`` says a page is already what those entries make (see
    ``narrate.publish``): it is not built again.
    """
    written = write_webapp(out, entries, settings, fresh)
    written = write_if_changed(out / PAGE_FILE, build_page(entries, settings, out)) or written
    for entry in entries:
        if fresh(entry.page, [entry]):
            continue
        page = build_episode_page(out, entry, settings)
        written = write_if_changed(out / entry.page, page) or written
    return written
