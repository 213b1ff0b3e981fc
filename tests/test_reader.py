"""Reader: the seed format, Markdown, HTML, Unicode clean-up and bad input."""

from __future__ import annotations

from pathlib import Path

import pytest

from narrate.errors import InputError
from narrate.reader import clean_text, read_article, slug_for
from narrate.textnorm import language_code


def test_seed_title_language_and_paragraphs(seed: Path) -> None:
    edition = read_article(seed)
    assert edition.title == "Civilian death toll mounts as US escalates offensive in Syria"
    assert edition.language == "en"
    body = [s for s in edition.segments if s.kind == "sentence"]
    assert len(body) == 23
    assert body[0].text.startswith("Amid near total silence")
    assert body[-1].text.endswith("region-wide war.")
    texts = [s.text for s in edition.segments]
    assert "Loading" not in texts and "English" not in texts
    assert edition.slug == "000_8dea0efc4732bc9d"
    assert len(edition.source_sha256) == 64


def test_crlf_bom_nbsp_zero_width_and_control_chars(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    raw = (
        "\ufeffEnglish\r\n\r\nA\u00a0title\r\n\r\n"
        "One\u200b two\x07 three\u2019s.\r\n\r\nLoading\r\n"
    )
    path.write_bytes(raw.encode("utf-8"))
    edition = read_article(path)
    assert edition.title == "A title"
    assert [s.text for s in edition.segments[1:]] == ["One two three’s."]


def test_boilerplate_lines_are_dropped(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(
        "Title\n\nShare this article\n\nBody text here.\n\nAdvertisement\n\nRead more:\n"
    )
    edition = read_article(path)
    assert [s.text for s in edition.segments[1:]] == ["Body text here."]


def test_markdown_headings_lists_links_and_footnotes(tmp_path: Path) -> None:
    path = tmp_path / "post.md"
    path.write_text(
        "# The headline\n\nFirst *para* with a [link](http://x.org)[^1].\n\n"
        "## A section\n\n- item one\n- item two\n\n[^1]: A footnote.\n"
    )
    edition = read_article(path)
    assert edition.title == "The headline"
    got = [(s.kind, s.text) for s in edition.segments[1:]]
    # The footnote is read at the end of the section that refers to it.
    assert got == [
        ("sentence", "First para with a link."),
        ("sentence", "Note: A footnote."),
        ("heading", "A section"),
        ("sentence", "item one."),
        ("sentence", "item two."),
    ]


def test_html_article(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(
        '<html lang="fr"><head><title>Site | Story</title><script>var x=1;</script></head>'
        "<body><nav><a>Home</a></nav><article><h1>Story &amp; more</h1><p>First<sup>1</sup> "
        "paragraph.</p><h2>Part</h2><p>Second.</p></article><footer>Cookie policy</footer>"
        "</body></html>"
    )
    edition = read_article(path)
    assert edition.title == "Story & more"
    assert edition.language == "fr"
    assert [(s.kind, s.text) for s in edition.segments[1:]] == [
        ("sentence", "First paragraph."),
        ("heading", "Part"),
        ("sentence", "Second."),
    ]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "no such file"),
        (b"", "the file is empty"),
        (b"  \n\n ", "the file is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "is a binary file, not UTF-8 text"),
        ("caf\xe9 au lait\n".encode("latin-1"), "is not UTF-8 text"),
        (b"English\n\nJust a headline\n", "the article has no body text after its title"),
        (b"English\n\nHeadline\n\nLoading\n", "the article has no body text after its title"),
    ],
)
def test_bad_input_is_one_clear_error(tmp_path: Path, content: bytes | None, message: str) -> None:
    path = tmp_path / "bad.txt"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(InputError) as info:
        read_article(path)
    assert str(info.value).startswith(f"{path}: {message}")


def test_language_codes() -> None:
    assert language_code("English") == "en"
    assert language_code("Español") == "es"
    assert language_code("en-US") == "en"
    assert language_code("Klingon") == ""


def test_clean_text_keeps_curly_quotes_for_the_transcript() -> None:
    assert clean_text("“Quoted”\u00a0—\u2009dash") == "“Quoted” — dash"


def test_slug_is_url_safe_and_stable() -> None:
    assert slug_for(Path("My Story (2018).txt")) == "my-story-2018"
    assert slug_for(Path("Über.md")) == "uber"
    assert slug_for(Path("日本.txt")).startswith("article-")
