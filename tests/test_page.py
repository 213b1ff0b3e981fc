"""The web pages, parsed: index of episodes; per episode its text beside an accessible player."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path

import pytest
from pubkit import CHANNEL, CONTROLS, HOSTILE, HOSTILE_META, TRICKY, hostile, published, settings

from narrate.catalogue import entries
from narrate.edition import Edition, Segment
from narrate.markup import lang_attrs
from narrate.page import STRINGS, build_episode_page, paragraphs


class Parsed(HTMLParser):
    """Start tags with their attributes, and the text of the page."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def find(self, tag: str) -> list[dict[str, str | None]]:
        return [attrs for name, attrs in self.tags if name == tag]


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return published(tmp_path_factory.mktemp("page"))


def page(out: Path, name: str) -> Parsed:
    return Parsed((out / name).read_text("utf-8"))


def test_index_lists_every_episode(out: Path) -> None:
    index = page(out, "index.html")
    assert index.find("html")[0]["lang"] == "en"
    links = {a["href"] for a in index.find("a")}
    for entry in entries(out):
        assert f"{entry.slug}.html" in links and entry.file in links
    assert {"feed.xml", "episodes.m3u"} <= links
    assert all("autoplay" not in a for a in index.find("audio"))


def test_episode_page_has_text_beside_an_accessible_player(out: Path) -> None:
    episode = page(out, "tricky.html")
    assert episode.find("html")[0]["lang"] == "en"
    (audio,) = episode.find("audio")
    assert "controls" in audio and "autoplay" not in audio
    assert audio["aria-label"] == f"Audio version of “{TRICKY}”"
    assert [s["src"] for s in episode.find("source")] == ["tricky.mp3"]
    (track,) = episode.find("track")
    assert track["kind"] == "captions" and track["src"] == "tricky.vtt"
    assert track["srclang"] == "en" and "default" in track
    downloads = [a for a in episode.find("a") if "download" in a]
    assert [a["href"] for a in downloads] == ["tricky.mp3"]
    text = "".join(episode.text)
    assert "Listen: the audio version of this article" in text
    assert "The opening paragraph says <b>hello</b> & goodbye." in text
    assert "<b>" not in (out / "tricky.html").read_text("utf-8")


def test_chapters_are_links_that_seek(out: Path) -> None:
    episode = page(out, "tricky.html")
    chapters = [a for a in episode.find("a") if "data-start" in a]
    assert [float(a["data-start"] or 0) for a in chapters][0] == 0
    assert len(chapters) == 3
    for a in chapters:
        assert a["href"] == f"tricky.mp3#t={a['data-start']}"
        assert a["data-player"] == "player"


def test_paragraphs_are_rebuilt_from_segments(out: Path) -> None:
    (tricky,) = [e for e in entries(out) if e.slug == "tricky"]
    blocks = paragraphs(tricky.edition)
    assert [kind for kind, _ in blocks] == ["paragraph", "heading", "paragraph", "heading",
                                           "paragraph"]  # fmt: skip
    assert blocks[0][1].endswith("It has two sentences.")
    assert blocks[-1][1] == "A paragraph in the second section. Another sentence here."


@pytest.fixture(scope="module")
def hostile_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return hostile(tmp_path_factory.mktemp("hostile-page"))


def _meta(parsed: Parsed) -> dict[str, str]:
    return {m["property"] or "": m["content"] or "" for m in parsed.find("meta") if "property" in m}


def _json_ld(html: str) -> dict:
    start = html.index('<script type="application/ld+json">') + len(
        '<script type="application/ld+json">'
    )
    text = html[start : html.index("</script>", start)]
    assert "<" not in text and "&" not in text  # nothing in it can end the script element
    return json.loads(text)


def test_open_graph_and_json_ld_use_the_edition_metadata(hostile_out: Path) -> None:
    html = (hostile_out / "hostile.html").read_text("utf-8")
    parsed = Parsed(html)
    og = _meta(parsed)
    assert og["og:title"] == HOSTILE and og["og:type"] == "article"
    assert og["og:description"] == HOSTILE_META["description"]
    assert og["og:url"] == "http://127.0.0.1:8000/hostile.html"
    assert og["og:audio"] == "http://127.0.0.1:8000/hostile.mp3"
    assert og["og:image"] == "http://127.0.0.1:8000/cover.png"
    assert og["og:locale"] == "en_US"
    assert og["article:author"] == HOSTILE_META["author"]
    assert og["article:published_time"] == HOSTILE_META["date"]
    ld = _json_ld(html)
    assert ld["@type"] == "PodcastEpisode" and ld["name"] == HOSTILE
    assert ld["author"] == {"@type": "Person", "name": HOSTILE_META["author"]}
    assert ld["datePublished"] == HOSTILE_META["date"]
    assert ld["isBasedOn"] == HOSTILE_META["url"]
    assert ld["description"] == HOSTILE_META["description"]
    assert ld["associatedMedia"]["contentUrl"] == "http://127.0.0.1:8000/hostile.mp3"
    assert ld["partOfSeries"]["webFeed"] == "http://127.0.0.1:8000/feed.xml"
    # The metadata is shown too, and the hostile text is never markup.
    assert f"By {HOSTILE_META['author']}" in "".join(parsed.text)
    assert not [t for t, _ in parsed.tags if t in ("b", "img", "i") and _ == {"src": "x"}]
    assert "<b>" not in html and "<img src=x" not in html


def test_no_control_character_in_pages(hostile_out: Path) -> None:
    for name in ("hostile.html", "index.html"):
        text = (hostile_out / name).read_text("utf-8")
        assert not any(c in text for c in CONTROLS), name


def test_sentences_carry_their_cue_times(out: Path) -> None:
    (tricky,) = [e for e in entries(out) if e.slug == "tricky"]
    edition = tricky.edition
    spans = [a for a in page(out, "tricky.html").find("span") if a.get("class") == "s"]
    timed = [s for s in edition.segments if s.samples and s.kind != "outro"]
    assert [s["id"] for s in spans] == [f"s{s.index}" for s in timed]
    rate = edition.sample_rate
    for span, segment in zip(spans, timed, strict=True):
        assert float(span["data-start"] or 0) == round((segment.start - segment.pause // 2)
                                                       / rate, 3)  # fmt: skip
        assert float(span["data-end"] or 0) == round((segment.start + segment.samples) / rate, 3)
    starts = [float(s["data-start"] or 0) for s in spans]
    assert starts == sorted(starts)


def test_progressive_enhancement_hides_what_needs_javascript(out: Path) -> None:
    episode = page(out, "tricky.html")
    (caption,) = [p for p in episode.find("p") if p.get("id") == "caption"]
    assert "hidden" in caption and caption["aria-live"] == "polite"
    (hint,) = [p for p in episode.find("p") if p.get("id") == "readalong-hint"]
    assert "hidden" in hint
    assert not [s for s in episode.find("span") if "role" in s or "tabindex" in s]


def test_cover_and_subscribe_links(out: Path) -> None:
    for name in ("tricky.html", "index.html"):
        parsed = page(out, name)
        (cover,) = parsed.find("img")
        assert cover["src"] == "cover.png" and cover["alt"] == f"Cover art of {CHANNEL}"
        links = {a["href"] for a in parsed.find("a")}
        assert {
            "http://127.0.0.1:8000/feed.xml",
            "podcast://127.0.0.1:8000/feed.xml",
            "overcast://x-callback-url/add?url=http%3A%2F%2F127.0.0.1%3A8000%2Ffeed.xml",
            "pktc://subscribe/127.0.0.1:8000/feed.xml",
            "antennapod-subscribe://127.0.0.1:8000/feed.xml",
        } <= links


@pytest.mark.parametrize(
    ("lang", "listen", "month"),
    [("en", "Listen: the audio version of this article", "December"),
     ("es", "Escuchar: la versión en audio de este artículo", "diciembre"),
     ("fr", "Écouter : la version audio de cet article", "décembre"),
     ("de", "Anhören: die Audiofassung dieses Artikels", "Dezember")],
)  # fmt: skip
def test_interface_speaks_the_page_language(lang: str, listen: str, month: str,
                                            out: Path) -> None:  # fmt: skip
    (entry,) = [e for e in entries(out) if e.slug == "tricky"]
    entry = replace(entry, pub_date="2026-12-01T10:00:00+00:00",
                    edition=entry.edition.replace(language=lang))  # fmt: skip
    parsed = Parsed(build_episode_page(out, entry, settings()).decode())
    assert parsed.find("html")[0]["lang"] == lang
    text = "".join(parsed.text)
    assert listen in text and month in text
    assert STRINGS[lang]["chapters"] in text and STRINGS[lang]["subscribe"] in text
    (track,) = parsed.find("track")
    assert track["srclang"] == lang
    assert not [tag for tag, attrs in parsed.tags if "lang" in attrs and tag != "html"
                and attrs["lang"] != lang]  # fmt: skip


def test_other_languages_get_english_interface_and_marked_text(out: Path) -> None:
    (entry,) = [e for e in entries(out) if e.slug == "tricky"]
    entry = replace(entry, edition=entry.edition.replace(language="it"))
    parsed = Parsed(build_episode_page(out, entry, settings()).decode())
    assert parsed.find("html")[0]["lang"] == "en"
    (text,) = [s for s in parsed.find("section") if s.get("id") == "text"]
    assert text["lang"] == "it"
    assert [h for h in parsed.find("h1") if h.get("lang") == "it"]


def test_list_items_render_as_a_list(out: Path) -> None:
    (entry,) = [e for e in entries(out) if e.slug == "tricky"]
    segments = (
        Segment(0, "title", -1, "T", samples=10, start=0),
        Segment(1, "sentence", 0, "Before the list.", samples=10, start=20),
        Segment(2, "sentence", 1, "First item.", samples=10, start=40, list="ul"),
        Segment(3, "sentence", 1, "Its second sentence.", samples=10, start=60, list="ul"),
        Segment(4, "sentence", 2, "Second item.", samples=10, start=80, list="ul"),
        Segment(5, "sentence", 3, "After the list.", samples=10, start=100),
    )
    edition = entry.edition.replace(segments=segments, sample_rate=1000)
    html = build_episode_page(out, replace(entry, edition=edition), settings()).decode()
    start = html.index('<section id="text"')
    body = html[start : html.index("</section>", start)]
    assert re.findall(r"<(/?(?:p|ul|li))\b", body) == [
        "p", "/p",  # the read-along hint
        "p", "/p", "ul", "li", "/li", "li", "/li", "/ul", "p", "/p",
    ]  # fmt: skip
    assert "<li><span" in body and "Its second sentence.</span></li>" in body
    assert [kind for kind, _ in paragraphs(edition)] == ["paragraph", "ul", "ul", "paragraph"]


def test_headline_is_the_title_and_lights_while_the_intro_reads_it(out: Path) -> None:
    html = (out / "tricky.html").read_text("utf-8")
    (entry,) = [e for e in entries(out) if e.slug == "tricky"]
    intro = next(s for s in entry.edition.segments if s.kind == "intro")
    heading = html[html.index('<h1 id="title">') : html.index("</h1>")]
    assert f'id="s{intro.index}"' in heading
    assert heading.endswith('>Tom &amp; Jerry &lt;say&gt; "hi" it\'s déjà vu — 東京</span>')


def test_a_markdown_list_is_a_list_on_the_page(hostile_out: Path) -> None:
    """From the reader to the page: the article's Markdown list items come out as <li>."""
    html = (hostile_out / "hostile.html").read_text("utf-8")
    start = html.index('<section id="text"')
    body = html[start : html.index("</section>", start)]
    items = re.findall(r"<li>(.*?)</li>", body, flags=re.S)
    # (hostile() slipped control characters into each sentence; the page drops them.)
    assert [re.sub(r"<[^>]+>|\s", "", item) for item in items] == [
        "Firstitemofalist.",
        "Seconditem.",
    ]
    edition = Edition.load(hostile_out / "hostile.json")
    listed = [s.text.replace(CONTROLS, "") for s in edition.segments if s.list == "ul"]
    assert listed == ["First item of a list.", "Second item."]


@pytest.mark.parametrize(
    ("lang", "within", "attrs"),
    [
        ("ar", "en", ' lang="ar" dir="rtl"'),
        ("he-IL", "", ' lang="he-IL" dir="rtl"'),
        ("en", "ar", ' lang="en" dir="ltr"'),
        ("fr", "en", ' lang="fr"'),
        ("en", "", ' lang="en"'),
    ],
)
def test_text_in_another_direction_says_so(lang: str, within: str, attrs: str) -> None:
    assert lang_attrs(lang, within) == attrs


def test_only_the_newest_episodes_have_a_player_on_the_index(
    out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import narrate.page

    monkeypatch.setattr(narrate.page, "INDEX_PLAYERS", 1)
    listed = entries(out)
    assert len(listed) > 1
    index = Parsed(narrate.page.build_page(listed, settings(), out).decode("utf-8"))
    (audio,) = index.find("audio")
    assert audio["data-episode"] == listed[0].file
    articles = index.find("article")
    # Every episode still has its MP3 linked, and what a player made later needs.
    assert [a["data-src"] for a in articles] == [e.file for e in listed]
    assert {a["href"] for a in index.find("a")} >= {e.file for e in listed}
