"""What a listener does not want to hear: each named rule, on a small page, and what is kept."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from narrate.reader import read_article_report
from narrate.readers import ReadOptions
from narrate.readers.html import clean_author, read_html
from narrate.readers.listen import RULES, duplicates, is_prose, said_host, speakable

BODY = (
    "<p>The council met on Tuesday to discuss the new harbour plan and its cost to the town.</p>"
    "<p>Residents asked how long the works would last and who would pay for the new quay.</p>"
)


def page(body: str, head: str = "") -> str:
    return (
        '<html lang="en"><head><title>Harbour plan</title>'
        f'<meta property="og:title" content="Harbour plan">{head}</head>'
        f"<body><article><h1>Harbour plan</h1>{BODY}{body}</article></body></html>"
    )


def read(body: str, head: str = "", **options: object) -> tuple[list[str], list[tuple[str, str]]]:
    article = read_html(page(body, head), ReadOptions(**options))  # type: ignore[arg-type]
    return [text for _, text in article.blocks], article.dropped


# The last paragraph of BODY, which every page has before the body under test.
BODY_END = "Residents asked how long the works would last and who would pay for the new quay."


def rules(dropped: list[tuple[str, str]]) -> set[str]:
    return {rule for rule, _ in dropped}


def test_text_after_inline_code_and_symbols_is_kept() -> None:
    said, _ = read("<p>Run <code>make test</code> and then read the rest of this line * twice.</p>")
    assert "Run make test and then read the rest of this line * twice." in said


def test_text_outside_paragraphs_and_after_blocks_is_kept() -> None:
    said, _ = read(
        "<div><p>An inner paragraph of the story.</p>And the text that follows it.</div>"
    )
    assert "An inner paragraph of the story." in said
    assert "And the text that follows it." in said


def test_a_line_break_separates_words() -> None:
    said, _ = read("<p>Reporting from Palm Beach, FL<br>June 10, the mayor spoke.</p>")
    assert "Reporting from Palm Beach, FL" in said and "June 10, the mayor spoke." in said
    assert not any("FLJune" in s for s in said)


@pytest.mark.parametrize(
    ("body", "rule", "options"),
    [
        ("<pre><code>for x in range(3):\n    print(x)</code></pre>", "code", {}),
        ("<blockquote><pre><code>print('hello')</code></pre></blockquote>", "code", {}),
        ("<table><tr><td><pre>1\n2</pre></td><td><pre>var x = 1;\nconsole.log(x);</pre>"
         "</td></tr></table>", "code", {}),
        ("<h2>Most Read</h2><ul><li><h4>A story about something else entirely</h4></li>"
         "<li><h4>Another story from the site's front page</h4></li></ul>", "related", {}),
        ("<ul><li>Previous</li><li>Next</li></ul>", "boilerplate", {}),
        ("<table><tr><td>Founded</td><td>1998</td></tr><tr><td>Divisions</td><td></td></tr>"
         "</table>", "empty-row", {}),
        ("<p>Photo: Jane Doe/Getty Images</p>", "credit", {}),
        ("<p>Estimated reading time: 6 minutes</p>", "reading-time", {}),
        ("<p>We recommend the best products through an independent review process.</p>",
         "promotion", {}),
        ("<p>Submit your letter to the editor via this form.</p>", "promotion", {}),
        ("<p>Read 4 remaining paragraphs</p>", "promotion", {}),
        ("<ul><li>https://example.com/a</li><li>https://example.org/b</li>"
         "<li>ann@example.com</li></ul>", "links", {}),
        ("<h2>References</h2><ol><li>Smith, J. (2020). A study. Nature 1, 2.</li></ol>",
         "references", {}),
        ("<p>Smith J. A study of harbours. doi:10.1000/182</p>", "references", {}),
        ("<figure><img src='a.jpg'><figcaption>The old quay at dawn in winter light."
         "</figcaption></figure><p>The old quay at dawn in winter light.</p>", "caption",
         {"captions": "skip"}),
    ],
)  # fmt: skip
def test_named_rules(body: str, rule: str, options: dict[str, object], tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(page(body))
    said, dropped = read(body, **options)
    # Rules of the page reader, and those every format shares (boilerplate, addresses).
    dropped += read_article_report(path, ReadOptions(**options))[1]  # type: ignore[arg-type]
    assert rule in rules(dropped), dropped
    assert rule in RULES
    # The article itself is still spoken in full.
    assert said[:2] == [
        "The council met on Tuesday to discuss the new harbour plan and its cost to the town.",
        "Residents asked how long the works would last and who would pay for the new quay.",
    ]


def test_code_note_replaces_code_when_asked() -> None:
    said, dropped = read("<pre><code>x = 1\ny = 2</code></pre>", code="note")
    assert "A code example is skipped here." in said and "code" in rules(dropped)


def test_a_caption_repeating_a_sentence_is_said_once() -> None:
    body = (
        "<p>The mayor opened the new quay on a cold morning. Hundreds of people came.</p>"
        + "<p>The mayor opened the new quay on a cold morning.</p>" * 3
    )
    said, dropped = read(body)
    assert sum("The mayor opened the new quay" in s for s in said) == 1
    assert [r for r, _ in dropped].count("duplicate") == 3


def test_a_caption_keeps_its_words_without_its_credit() -> None:
    said, dropped = read("<p>The quay at dawn. (Jane Doe/AFP/Getty Images)</p>")
    assert "The quay at dawn." in said
    assert ("credit", "(Jane Doe/AFP/Getty Images)") in dropped


def test_a_table_header_row_is_read_once_per_table() -> None:
    rows = "".join(
        f"<tr><th>Town</th><th>Boats</th></tr><tr><td>Port {n}</td><td>{n}</td></tr>"
        for n in range(3)
    )
    said, dropped = read(f"<table>{rows}</table>")
    assert said.count("Town, Boats.") == 1
    assert [r for r, _ in dropped].count("table-header") == 2


def test_a_table_of_data_with_a_picture_is_read_by_rows() -> None:
    # An infobox: its logo does not make it a page's layout, and a field with no value
    # is not said.
    said, dropped = read(
        "<table><tr><td><img src='logo.png' alt='Logo'></td><td></td></tr>"
        "<tr><th>Industry</th><td>Software</td></tr><tr><td>Founded</td><td>1998</td></tr>"
        "<tr><td>Divisions</td><td></td></tr></table>"
    )
    assert "Industry, Software." in said and "Founded, 1998." in said
    assert "Divisions" not in " ".join(said) and ("empty-row", "Divisions.") in dropped
    # One cell holding a paragraph in a long table of data leaves it a table of rows.
    rows = "".join(f"<tr><td>Film {n}</td><td>{1950 + n}</td></tr>" for n in range(6))
    said, _ = read(f"<table>{rows}<tr><td>Film 9</td><td><p>A remake.</p></td></tr></table>")
    assert "Film 1, 1951." in said


def test_a_citations_page_number_is_not_read() -> None:
    mark = '<sup class="reference nowrap"><span title="Page: 207">:\u200a207\u200a</span></sup>'
    said, _ = read(f"<p>The loop starts again.<sup>[1]</sup>{mark} The list names films.</p>")
    assert said[-2:] == [BODY_END, "The loop starts again. The list names films."]


def test_a_line_with_nothing_to_say_is_not_a_sentence() -> None:
    # What a formula left behind: its full stop, alone on a line.
    said, _ = read("<p>It can be written as<br>.<br>Hermitian matrices are square.</p>")
    assert said[-3:] == [BODY_END, "It can be written as", "Hermitian matrices are square."]


def test_tables_can_be_skipped() -> None:
    table = "<table><tr><th>Name</th><th>Age</th></tr><tr><td>Ann</td><td>4</td></tr></table>"
    assert "Ann, 4." in read(table)[0]
    assert not any("Ann" in s for s in read(table, tables="skip")[0])


def test_the_headline_is_not_read_again_as_a_heading() -> None:
    said, dropped = read("<h2>Harbour plan</h2><p>A closing paragraph on the harbour plan.</p>")
    assert "Harbour plan" not in said and ("title", "Harbour plan") in dropped


def test_duplicates_need_a_longer_block_to_repeat() -> None:
    blocks = [
        ("p", "First sentence here is long. Second sentence is long too."),
        ("p", "First sentence here is long."),
        ("p", "Second sentence is long too."),
    ]
    assert duplicates(blocks) == [False, True, True]


def test_addresses_in_prose_are_said_by_site_name() -> None:
    text, cut = speakable("See https://www.example.com/a/b?c=1 or write to <ann@example.org>.")
    assert text == "See example.com or write to an e-mail address."
    assert cut == ["https://www.example.com/a/b?c=1", "ann@example.org"]


@pytest.mark.parametrize(
    ("host", "said"),
    [
        ("www.example.com", "example.com"),
        ("en.wikipedia.org", "wikipedia.org"),
        ("fr.m.wikipedia.org", "wikipedia.org"),
        ("zh-hans.example.org", "example.org"),
        ("m.facebook.com", "facebook.com"),
        ("www2.example.com", "example.com"),
        # A country's second-level domain is never left alone, nor a two-label host cut.
        ("www.bbc.co.uk", "bbc.co.uk"),
        ("ox.ac.uk", "ox.ac.uk"),
        ("go.com", "go.com"),
        ("news.example.com", "news.example.com"),
        ("127.0.0.1", "127.0.0.1"),
    ],
)
def test_a_host_is_said_as_the_site_not_its_edition(host: str, said: str) -> None:
    assert said_host(host) == said
    assert speakable(f"See https://{host}/page.")[0] == f"See {said}."


def test_a_document_set_in_pre_is_prose() -> None:
    prose = " ".join(["This draft describes a protocol for storing data on the web."] * 12)
    assert is_prose(prose)
    assert not is_prose("$ hg clone public test-repo\n" + prose)
    assert not is_prose("for (i = 0; i < n; i++) { a[i] = b[i] * 2; }\n" * 10)


@pytest.mark.parametrize(
    ("byline", "name"),
    [
        ("By Steven Mufson", "Steven Mufson"),
        ("JOE HILDEBRAND", "Joe Hildebrand"),
        ("AFP", "AFP"),
        ("Joe Wee Monday, February 29, 2016", "Joe Wee"),
        ("Rob Ewaschuk Edited by Betsy Beyer", "Rob Ewaschuk"),
        ("View all posts by Ann Smith", ""),
        ("No Author", ""),
        ("Letters", ""),
        ("Seattle Times Staff", ""),
        ("Politics", ""),
        ("Last Updated: January 7, 2025", ""),
        ("Username", ""),
        ("Mac", ""),  # the site "Mac & i"
        ("Bradley M Kuhn http://ebb.org", ""),
    ],
)
def test_author_candidates_are_checked(byline: str, name: str) -> None:
    assert clean_author(byline, site="Mac & i", host="www.heise.de") == name


def test_json_ld_author_and_publisher_come_first() -> None:
    head = (
        '<meta name="author" content="Letters Desk"><script type="application/ld+json">'
        '{"@context": "https://schema.org", "@type": "NewsArticle", "headline": "Harbour plan",'
        ' "author": [{"@type": "Person", "name": "Ann Writer"}],'
        ' "publisher": {"@type": "Organization", "name": "Harbour News"}}</script>'
    )
    article = read_html(page("", head), ReadOptions())
    assert (article.author, article.site_name) == ("Ann Writer", "Harbour News")


def test_script_v_names_every_rule_used(tmp_path: Path) -> None:
    from narrate.cli import app

    path = tmp_path / "page.html"
    path.write_text(page("<p>Estimated reading time: 6 minutes</p><pre><code>x = 1</code></pre>"))
    result = CliRunner().invoke(app, ["script", "-v", str(path)])
    assert result.exit_code == 0, result.output
    assert "page.html: not spoken (reading-time): Estimated reading time: 6 minutes" in (
        result.stderr
    )
    assert "page.html: not spoken (code): x = 1" in result.stderr
    assert "reading time" not in result.stdout.lower()
    quiet = CliRunner().invoke(app, ["script", str(path)])
    assert "not spoken" not in quiet.stderr


def test_every_drop_is_reported_with_a_known_rule(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(page("<p>Photo: Jane Doe/AP</p><p>See www.example.com/x for more.</p>"))
    edition, dropped = read_article_report(path)
    assert dropped and all(rule in RULES for rule, _ in dropped)
    assert "See example.com for more." in [s.text for s in edition.segments]


def test_script_and_style_text_is_never_spoken() -> None:
    said, _ = read(
        "<script>var tracker = 'never say this';</script><style>.x { color: red }</style>"
        "<p>A last paragraph about the harbour plan and its boats.</p>"
    )
    joined = " ".join(said)
    assert "tracker" not in joined and "color" not in joined
    assert "A last paragraph about the harbour plan and its boats." in said
