"""Assembly on the silent engine: exact pauses, starts and durations, intro and outro."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import write_article

from narrate.assemble import pause_before, place, total_samples
from narrate.config import Settings
from narrate.edition import Edition, Segment
from narrate.engines.silent import SAMPLE_RATE, silent_samples
from narrate.intro import fill, spoken_date
from narrate.pipeline import prepare, render

RATE = SAMPLE_RATE


def ms(n: int) -> int:
    """Milliseconds of pause as samples at the silent engine's rate."""
    return n * RATE // 1000


@pytest.fixture
def article(tmp_path: Path) -> Path:
    return write_article(
        tmp_path, "a.txt", "A short headline",
        "First sentence here. Second sentence follows.",
        "A new paragraph starts.",
    )  # fmt: skip


def test_pauses_starts_and_duration_are_exact(
    article: Path, tmp_path: Path, silent: Settings
) -> None:
    edition = render(article, tmp_path / "out", silent).edition
    kinds = [s.kind for s in edition.segments]
    assert kinds == ["intro", "sentence", "sentence", "sentence", "outro"]
    assert [s.samples for s in edition.segments] == [
        silent_samples(s.spoken, 175) for s in edition.segments
    ]
    assert [s.pause for s in edition.segments] == [0, ms(1200), ms(300), ms(700), ms(1200)]
    position = 0
    for segment in edition.segments:
        position += segment.pause
        assert segment.start == position
        position += segment.samples
    total = position + ms(700)
    assert total_samples(edition, silent) == total
    assert edition.episode is not None
    assert edition.episode.duration_ms == total * 1000 // RATE
    # Digital silence has no loudness: no gain applied, nothing measured.
    assert edition.episode.loudness_lufs is None and edition.episode.true_peak_dbtp is None


def test_pauses_follow_the_settings(article: Path, tmp_path: Path, silent: Settings) -> None:
    settings = silent.replace(pause_sentence_ms=100, pause_paragraph_ms=200, pause_section_ms=900)
    edition = render(article, tmp_path / "out", settings).edition
    assert [s.pause for s in edition.segments] == [0, ms(900), ms(100), ms(200), ms(900)]


def test_intro_sentences_are_spaced_like_sentences(silent: Settings) -> None:
    segments = (
        Segment(0, "intro", -1, "Title.", samples=100),
        Segment(1, "intro", -1, "From example.org.", samples=100),
        Segment(2, "heading", -1, "Part one", samples=100),
        Segment(3, "sentence", 0, "Words.", samples=100),
    )
    placed = place(Edition("a", "a", "0", "Title", segments=segments, sample_rate=RATE), silent)
    assert [s.pause for s in placed.segments] == [0, ms(300), ms(1200), ms(1200)]
    assert pause_before(None, segments[0], silent) == 0


def test_episode_lists_every_file_it_wrote(article: Path, tmp_path: Path, silent: Settings) -> None:
    out = tmp_path / "out"
    edition = render(article, out, silent).edition
    assert edition.episode is not None
    assert edition.episode.files == ("a.mp3", "a.vtt", "a.srt", "a.chapters.json")
    assert all((out / name).is_file() for name in edition.episode.files)
    assert (out / "cover.png").is_file()
    # No temporary files are left behind by the atomic writes.
    assert not [p for p in out.iterdir() if p.name.endswith(".part")]


def test_a_missing_transcript_is_rewritten(article: Path, tmp_path: Path, silent: Settings) -> None:
    out = tmp_path / "out"
    render(article, out, silent)
    (out / "a.srt").unlink()
    assert not render(article, out, silent).skipped
    assert (out / "a.srt").is_file()


def test_intro_speaks_title_source_and_date(tmp_path: Path, silent: Settings) -> None:
    path = tmp_path / "b.md"
    path.write_text("# Budget day\n\nThe plan was announced.\n", "utf-8")
    edition = prepare(path, silent)
    intro = [s.text for s in edition.segments if s.kind == "intro"]
    assert intro == ["Budget day."]
    assert [s.kind for s in edition.segments].count("title") == 0  # not read twice
    assert [s.text for s in edition.segments if s.kind == "outro"] == [
        "You have been listening to narrate audio edition."
    ]
    fields = {"title": "T", "source": "example.org", "date": spoken_date("2024-05-01"), "feed": "F"}
    assert fill(silent.intro_text, fields) == "T. From example.org. Published 1 May 2024."
    assert fill(silent.intro_text, {**fields, "source": ""}) == "T. Published 1 May 2024."


def test_intro_and_outro_can_be_switched_off(tmp_path: Path, silent: Settings) -> None:
    path = write_article(tmp_path, "c.txt", "Headline", "Body text.")
    edition = prepare(path, silent.replace(intro=False, outro=False))
    assert [s.kind for s in edition.segments] == ["title", "sentence"]
    custom = prepare(path, silent.replace(intro_text="Now: {title}, on {feed}.", outro=False))
    assert custom.segments[0].text == "Now: Headline, on narrate audio edition."
    assert [s.index for s in custom.segments] == list(range(len(custom.segments)))


def test_unknown_template_field_is_a_config_error() -> None:
    from narrate.config import load_settings
    from narrate.errors import ConfigError

    with pytest.raises(ConfigError, match=r"intro_text: unknown field \{author\}"):
        load_settings(intro_text="{author} presents {title}")


def test_source_is_the_site_else_the_author() -> None:
    from narrate.intro import source_name

    article = Edition("a.html", "a", "0", "T")
    assert source_name(article.replace(url="https://www.example.org/news/1")) == "example.org"
    assert source_name(article.replace(author="Jane Doe")) == "Jane Doe"
    assert source_name(article) == ""
