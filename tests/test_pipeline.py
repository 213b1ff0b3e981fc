"""The pipeline on the silent engine: exact timing, caching and incremental rebuilds."""

from __future__ import annotations

from pathlib import Path

from conftest import write_article

from narrate.catalogue import edition_path, load_editions
from narrate.config import Settings
from narrate.edition import Edition
from narrate.encode import FRAME
from narrate.pipeline import build, prepare, render


def _snapshot(out: Path) -> dict[str, tuple[bytes, int]]:
    return {
        str(p.relative_to(out)): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(out.rglob("*"))
        if p.is_file()
    }


def test_build_writes_episode_feed_and_page(seeds: Path, tmp_path: Path, silent: Settings) -> None:
    out = tmp_path / "audio"
    report = build(seeds, out, silent)
    assert not report.errors
    assert (out / "feed.xml").is_file() and (out / "index.html").is_file()
    (edition,) = load_editions(out)
    assert (out / f"{edition.slug}.mp3").stat().st_size == edition.episode.bytes
    spoken = [s for s in edition.segments if s.spoken.strip()]
    assert report.rendered_chunks == len({s.spoken for s in spoken})


def test_segment_timing_follows_the_audio(seeds: Path, tmp_path: Path, silent: Settings) -> None:
    out = tmp_path / "audio"
    build(seeds, out, silent)
    (edition,) = load_editions(out)
    rate = edition.sample_rate
    previous = None
    for segment in edition.segments:
        if previous is not None:
            assert segment.start == previous.start + previous.samples + segment.pause
            if segment.paragraph == previous.paragraph and segment.kind == "sentence":
                assert abs(segment.pause - silent.pause_sentence_ms * rate // 1000) <= FRAME // 2
            elif segment.kind == "sentence" and previous.kind == "sentence":
                assert abs(segment.pause - silent.pause_paragraph_ms * rate // 1000) <= FRAME // 2
        previous = segment
    last = edition.segments[-1]
    end_ms = (last.start + last.samples) * 1000 // rate
    assert end_ms + silent.pause_paragraph_ms <= edition.episode.duration_ms
    assert edition.episode.duration_ms < end_ms + silent.pause_paragraph_ms + 30


def test_second_build_renders_nothing_and_rewrites_nothing(
    seeds: Path, tmp_path: Path, silent: Settings
) -> None:
    out = tmp_path / "audio"
    build(seeds, out, silent)
    before = _snapshot(out)
    report = build(seeds, out, silent)
    assert report.rendered_chunks == 0
    assert all(r.skipped for r in report.results)
    assert not report.feed_written and not report.page_written
    assert _snapshot(out) == before


def test_editing_one_paragraph_renders_only_its_chunks(
    seeds: Path, tmp_path: Path, silent: Settings
) -> None:
    out = tmp_path / "audio"
    build(seeds, out, silent)
    article = next(seeds.iterdir())
    text = article.read_text("utf-8")
    old = "This is utter nonsense."
    assert old in text
    article.write_text(text.replace(old, "This claim is simply false. It ignores history."))
    report = build(seeds, out, silent)
    assert report.rendered_chunks == 2  # the paragraph's two new sentences, nothing else
    (edition,) = load_editions(out)
    assert any(s.text == "It ignores history." for s in edition.segments)
    assert edition_path(out, edition.slug).is_file()


def test_two_articles_and_guid_stability(tmp_path: Path, silent: Settings) -> None:
    src = tmp_path / "src"
    src.mkdir()
    write_article(src, "a.txt", "First", "Alpha paragraph.")
    out = tmp_path / "audio"
    build(src, out, silent)
    feed_one = (out / "feed.xml").read_text()
    write_article(src, "b.txt", "Second", "Beta paragraph.")
    report = build(src, out, silent)
    assert [r.skipped for r in report.results] == [True, False]
    feed_two = (out / "feed.xml").read_text()
    assert feed_two.count("<item>") == 2
    guid_a = feed_one.split("<guid", 1)[1].split("</guid>")[0]
    assert guid_a in feed_two


def test_render_keeps_first_render_date(tmp_path: Path, silent: Settings) -> None:
    src = tmp_path / "src"
    src.mkdir()
    path = write_article(src, "a.txt", "First", "Alpha paragraph.")
    out = tmp_path / "audio"
    first = render(path, out, silent).edition.first_rendered
    write_article(src, "a.txt", "First", "Alpha paragraph, edited.")
    again = render(path, out, silent)
    assert not again.skipped and again.edition.first_rendered == first


def test_edition_json_round_trips(seed: Path, silent: Settings) -> None:
    edition = prepare(seed, silent)
    assert Edition.from_json(edition.to_json()) == edition


def test_settings_change_rerenders(tmp_path: Path, silent: Settings) -> None:
    src = tmp_path / "src"
    src.mkdir()
    path = write_article(src, "a.txt", "First", "Alpha paragraph.")
    out = tmp_path / "audio"
    render(path, out, silent)
    faster = render(path, out, silent.replace(rate=200))
    assert not faster.skipped and faster.synth.rendered > 0
    assert render(path, out, silent.replace(rate=200)).skipped


def test_a_written_only_edit_updates_the_transcript_without_rendering(
    tmp_path: Path, silent: Settings
) -> None:
    src = tmp_path / "src"
    src.mkdir()
    write_article(src, "a.txt", "First", "It\u2019s a test of the written form.")
    out = tmp_path / "audio"
    build(src, out, silent)
    write_article(src, "a.txt", "First", "It's a test of the written form.")
    report = build(src, out, silent)
    assert report.rendered_chunks == 0  # the same words are spoken
    assert "It's a test" in (out / "a.vtt").read_text("utf-8")
    again = build(src, out, silent)
    assert all(r.skipped for r in again.results)


def test_articles_that_would_share_outputs_are_reported(tmp_path: Path, silent: Settings) -> None:
    src = tmp_path / "src"
    src.mkdir()
    write_article(src, "a.md", "Markdown", "One.")
    write_article(src, "a.txt", "Text", "Two.")
    write_article(src, "index.txt", "Index", "Three.")
    out = tmp_path / "audio"
    report = build(src, out, silent)
    assert report.errors == [
        f"{src / 'a.txt'}: its episode would be named like that of a.md (a); rename one of them"
    ]
    assert (out / "index-article.mp3").is_file()
    assert "<h1" in (out / "index.html").read_text("utf-8")  # the edition's own page survives


def test_the_feed_is_rewritten_at_once_only_for_a_replaced_episode(
    seed: Path, tmp_path: Path, silent: Settings
) -> None:
    from narrate.publish import publish_episode

    out = tmp_path / "audio"
    first = render(seed, out, silent).edition
    # New: the feed waits for the build's final publish (no n² rewriting on a first build).
    assert publish_episode(out, first, silent) is False
    assert not (out / "feed.xml").exists()
    # Replaced: the feed lists the new file's length before anything else happens (render
    # withdraws the episode while its MP3 is replaced, then lists it again itself).
    settings = silent.replace(rate=silent.rate + 20)
    second = render(seed, out, settings).edition
    assert publish_episode(out, second, settings) is False  # already listed, unchanged
    feed = (out / "feed.xml").read_text("utf-8")
    assert f'length="{(out / second.episode.file).stat().st_size}"' in feed


def test_render_into_a_published_folder_keeps_the_episode_listed(
    seeds: Path, tmp_path: Path, silent: Settings
) -> None:
    """A re-rendered episode is withdrawn while its MP3 is replaced, then listed again with
    the new file's length (a render must not drop it from the feed until the next build)."""
    import xml.etree.ElementTree as ET

    out = tmp_path / "audio"
    assert not build(seeds, out, silent).errors
    (article,) = sorted(seeds.iterdir())
    render(article, out, silent.replace(rate=220))
    (edition,) = load_editions(out)
    (enclosure,) = ET.parse(out / "feed.xml").getroot().iter("enclosure")
    size = (out / f"{edition.slug}.mp3").stat().st_size
    assert int(enclosure.get("length", "0")) == size == edition.episode.bytes
