"""The web pages, parsed: index of episodes; per episode its text beside an accessible player."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest
from pubkit import TRICKY, published

from narrate.catalogue import entries
from narrate.page import paragraphs


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
