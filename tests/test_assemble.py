"""Assembly on the silent engine: pauses on the frame grid, exact starts, intro and outro."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import write_article
from mutagen.id3 import ID3

from narrate.assemble import pause_before, place
from narrate.config import Settings
from narrate.edition import Edition, Segment
from narrate.encode import FRAME, ONSET
from narrate.engines.silent import SAMPLE_RATE, silent_samples
from narrate.intro import fill, spoken_date
from narrate.lametag import audio_frames
from narrate.pipeline import prepare, render

OUT_RATE = 44100


def ms(n: int) -> int:
    """Milliseconds as samples at the output rate."""
    return n * OUT_RATE // 1000


@pytest.fixture
def article(tmp_path: Path) -> Path:
    return write_article(
        tmp_path, "a.txt", "A short headline",
        "First sentence here. Second sentence follows.",
        "A new paragraph starts.",
    )  # fmt: skip


def test_starts_are_exact_and_pauses_within_half_a_frame(
    article: Path, tmp_path: Path, silent: Settings
) -> None:
    out = tmp_path / "out"
    edition = render(article, out, silent).edition
    kinds = [s.kind for s in edition.segments]
    assert kinds == ["intro", "sentence", "sentence", "sentence", "outro"]
    assert edition.sample_rate == OUT_RATE
    # The silent engine's chunks, resampled from 22.05 kHz to the output rate.
    assert [s.samples for s in edition.segments] == [
        silent_samples(s.spoken, silent.rate) * OUT_RATE // SAMPLE_RATE for s in edition.segments
    ]
    wanted = [0, ms(1200), ms(300), ms(700), ms(1200)]
    for segment, pause in zip(edition.segments[1:], wanted[1:], strict=True):
        assert abs(segment.pause - pause) <= FRAME // 2
    # Every start is on the frame grid: the Info frame tells players to skip the onset.
    assert all(s.start % FRAME == 0 for s in edition.segments)
    assert edition.segments[0].start == 0
    for before, after in zip(edition.segments, edition.segments[1:], strict=False):
        assert after.start == before.start + before.samples + after.pause
    # The file holds exactly the frames the timeline counts (tags and Info frame aside),
    # and the episode ends one paragraph pause after the last words.
    audio = (out / "a.mp3").read_bytes()[ID3(out / "a.mp3").size :]
    assert edition.episode is not None
    last = edition.segments[-1]
    length = last.start + last.samples + ms(700)
    assert edition.episode.duration_ms == length * 1000 // OUT_RATE
    assert 0 <= audio_frames(audio) * FRAME - ONSET - length < FRAME
    # Digital silence has no loudness: no gain applied, nothing estimated.
    assert edition.episode.loudness_lufs is None and edition.episode.true_peak_dbtp is None


def test_pauses_follow_the_settings(article: Path, tmp_path: Path, silent: Settings) -> None:
    settings = silent.replace(pause_sentence_ms=100, pause_paragraph_ms=200, pause_section_ms=900)
    edition = render(article, tmp_path / "out", settings).edition
    for segment, pause in zip(edition.segments[1:], [900, 100, 200, 900], strict=True):
        assert abs(segment.pause - ms(pause)) <= FRAME // 2


def test_intro_sentences_are_spaced_like_sentences(silent: Settings) -> None:
    segments = (
        Segment(0, "intro", -1, "Title.", audio="a", samples=100),
        Segment(1, "intro", -1, "From example.org.", audio="b", samples=100),
        Segment(2, "heading", -1, "Part one", audio="c", samples=100),
        Segment(3, "sentence", 0, "Words.", audio="d", samples=100),
    )
    edition = Edition("a", "a", "0", "Title", segments=segments, sample_rate=OUT_RATE)
    placed, plan, total = place(edition, silent, dict.fromkeys("abcd", 3))
    pauses = [s.pause for s in placed.segments]
    for got, want in zip(pauses[1:], [ms(300), ms(1200), ms(1200)], strict=True):
        assert abs(got - want) <= FRAME // 2
    assert [kind for kind, _ in plan].count("chunk") == 4
    assert total == sum(n if kind == "silence" else 3 for kind, n in plan)
    assert pause_before(None, segments[0], silent) == 0


def test_episode_lists_every_file_it_wrote(article: Path, tmp_path: Path, silent: Settings) -> None:
    out = tmp_path / "out"
    edition = render(article, out, silent).edition
    assert edition.episode is not None
    assert edition.episode.files == (
        "a.mp3", "a.vtt", "a.srt", "a.transcript.html", "a.chapters.json"
    )  # fmt: skip
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
    # A language or mobile edition's host is said as the site's: "wikipedia dot org".
    wiki = article.replace(url="https://en.m.wikipedia.org/wiki/Narration")
    assert source_name(wiki) == "wikipedia.org"
    assert source_name(article.replace(author="Jane Doe")) == "Jane Doe"
    assert source_name(article) == ""
