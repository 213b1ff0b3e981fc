"""Real web pages: the article is spoken, the site chrome is not, the headline is exact."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.reader_accuracy import PAGES, Row, corpus, score_narrate, totals  # noqa: E402
from narrate.reader import read_article  # noqa: E402


@pytest.fixture(scope="module")
def rows() -> dict[str, Row]:
    return {name: score_narrate(name, want) for name, want in corpus().items()}


def test_corpus_has_forty_pages_each_described() -> None:
    pages = {p.stem for p in PAGES.glob("*.html")}
    assert len(pages) >= 40
    assert pages == set(corpus())
    for name, want in corpus().items():
        assert len(want["must"]) >= 3 and "author" in want and want["headline"], name


def test_must_phrases_are_kept(rows: dict[str, Row]) -> None:
    assert totals(rows)["keep"] >= 0.98, {n: (r.kept, r.must) for n, r in rows.items()}


def test_must_not_phrases_are_not_spoken(rows: dict[str, Row]) -> None:
    assert totals(rows)["leak"] <= 0.03, {n: r.leaked for n, r in rows.items() if r.leaked}


def test_no_text_is_lost_outside_named_rules(rows: dict[str, Row]) -> None:
    """Every word the extractor found is spoken or left out by a rule -v names."""
    assert {n: r.lost_words for n, r in rows.items() if r.lost_words} == {}


def test_authors_are_right_or_absent(rows: dict[str, Row]) -> None:
    assert [n for n, r in rows.items() if r.author_wrong] == []


def test_no_address_is_read(rows: dict[str, Row]) -> None:
    assert {n: r.urls for n, r in rows.items() if r.urls} == {}


def test_every_headline_is_exact(rows: dict[str, Row]) -> None:
    assert [name for name, r in rows.items() if not r.headline] == []


def test_page_metadata() -> None:
    edition = read_article(PAGES / "gitlab-blog.html")
    assert edition.author == "Dave Steer"
    assert edition.date == "2024-06-25"
    assert edition.site_name == "GitLab"
    assert edition.url.startswith("https://about.gitlab.com/blog/2024/06/25/")
    assert edition.description.startswith("This year, our survey revealed")
    assert edition.language == "en"
    firefox = read_article(PAGES / "firefox-nightly-blog.html")
    assert (firefox.author, firefox.date) == ("Mike Conley", "2020-12-18")
    assert firefox.title == "These Weeks in Firefox: Issue 85"
    assert firefox.site_name == "Firefox Nightly News"


def test_a_page_whose_text_needs_javascript_has_no_body(tmp_path: Path) -> None:
    from narrate.errors import InputError

    path = tmp_path / "app.html"
    path.write_text(
        '<html><head><title>News app</title><meta property="og:title" content="A story">'
        '</head><body><div id="root"></div><noscript>You need to enable JavaScript to run '
        'this app.</noscript><script src="/static/js/main.js"></script></body></html>'
    )
    with pytest.raises(InputError) as info:
        read_article(path)
    assert str(info.value) == f"{path}: the article has no body text after its title"


def test_reading_a_page_opens_no_connection(monkeypatch: pytest.MonkeyPatch) -> None:
    import socket

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the reader tried to reach the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    for page in sorted(PAGES.glob("*.html")):
        assert read_article(page).title


def test_markup_the_extractor_trips_on_has_no_body(tmp_path: Path) -> None:
    """The HTML fuzzer found trafilatura's date finder asserting on this page: it is read as
    a page with no article (one line), never an unexpected error."""
    from narrate.errors import InputError

    path = tmp_path / "broken.html"
    path.write_text("<body><script><html>")
    with pytest.raises(InputError, match="no body text"):
        read_article(path)
