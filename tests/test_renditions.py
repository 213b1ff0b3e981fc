"""An Opus or AAC rendition listed as podcast:alternateEnclosure, and an M4B audiobook."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import write_article

from narrate import ffmpeg
from narrate.check import check_folder, rendition_timeline
from narrate.config import Settings, load_settings
from narrate.errors import ConfigError
from narrate.feed import NS
from narrate.pipeline import build, render
from narrate.renditions import ALTERNATES, metadata
from narrate.renditions import render as render_as


def book(folder: Path) -> Path:
    """A Markdown article long enough (over a minute on the silent engine) with chapters."""
    words = " ".join(f"Sentence number {n} of the book goes on for a while." for n in range(40))
    path = folder / "book.md"
    path.write_text(f"# A book = long; #1\n\n{words}\n\n## Part two\n\n{words}\n", "utf-8")
    return path


@pytest.mark.parametrize(("kind", "suffix", "codec", "mime"),
                         [("opus", ".opus", "opus", "audio/ogg; codecs=opus"),
                          ("aac", ".m4a", "aac", "audio/mp4")])  # fmt: skip
def test_alternate_rendition_is_valid_and_listed(
    tmp_path: Path, silent: Settings, kind: str, suffix: str, codec: str, mime: str
) -> None:
    src = tmp_path / "src"
    src.mkdir()
    write_article(src, "a.txt", "Alternate", "One sentence. Another.", "A paragraph.")
    out = tmp_path / "out"
    settings = silent.replace(alternate=kind, base_url="https://example.org/pod/")
    build(src, out, settings)
    rendition = out / f"a{suffix}"
    probed = ffmpeg.probe(rendition)
    (stream,) = [s for s in probed["streams"] if s["codec_type"] == "audio"]
    assert stream["codec_name"] == codec and stream["channels"] == 1
    # The same timeline as the MP3 (to the codec's frame: Opus 20 ms, AAC 1024 samples).
    mp3 = ffmpeg.duration(out / "a.mp3")
    assert abs(float(probed["format"]["duration"]) - mp3) < 0.05
    item = ET.parse(out / "feed.xml").getroot().find("channel/item")
    assert item is not None
    (alternate,) = item.findall("podcast:alternateEnclosure", NS)
    assert alternate.get("type") == mime
    assert alternate.get("length") == str(rendition.stat().st_size)
    assert int(alternate.get("bitrate", "0")) > 0 and alternate.get("title")
    source = alternate.find("podcast:source", NS)
    assert source is not None and source.get("uri") == f"https://example.org/pod/a{suffix}"
    # The main enclosure is still the MP3.
    enclosure = item.find("enclosure")
    assert enclosure is not None and enclosure.get("type") == "audio/mpeg"


def test_m4b_audiobook_has_chapters_and_cover(tmp_path: Path, silent: Settings) -> None:
    path = book(tmp_path)
    out = tmp_path / "out"
    edition = render(path, out, silent.replace(audiobook_minutes=1)).edition
    assert edition.episode is not None and edition.episode.duration_ms >= 60_000
    assert edition.meta["audiobook"] == "book.m4b" and "book.m4b" in edition.episode.files
    probed = ffmpeg.probe(out / "book.m4b")
    assert probed["format"]["format_name"].startswith("mov,mp4")
    kinds = {s["codec_type"]: s for s in probed["streams"]}
    assert kinds["audio"]["codec_name"] == "aac"
    assert kinds["video"]["disposition"]["attached_pic"] == 1  # the cover
    titles = [c["tags"]["title"] for c in probed["chapters"]]
    assert titles == ["A book = long; #1", "Part two"]
    assert probed["format"]["tags"]["title"] == "A book = long; #1"
    ends = [float(c["end_time"]) for c in probed["chapters"]]
    assert abs(ends[-1] - edition.episode.duration_ms / 1000) < 0.01
    # Shorter episodes are not books.
    short = render(path, tmp_path / "o2", silent.replace(audiobook_minutes=60)).edition
    assert "audiobook" not in short.meta and not (tmp_path / "o2" / "book.m4b").exists()


def test_metadata_escapes_ffmpeg_specials(silent: Settings, tmp_path: Path) -> None:
    from narrate.edition import Edition

    edition = Edition("a", "a", "0", "T=1;#x\\y\nz", date="2026-01-02T03:04:05Z")
    text = metadata(edition, silent, [])
    assert "title=T\\=1\\;\\#x\\\\y z\n" in text and "date=2026-01-02\n" in text


def test_unknown_alternate_is_refused() -> None:
    with pytest.raises(ConfigError, match="alternate must be empty, 'opus' or 'aac', not 'mp2'"):
        load_settings(alternate="mp2")


def test_m4b_is_linked_from_feed_page_and_playlist(tmp_path: Path, silent: Settings) -> None:
    src = tmp_path / "src"
    src.mkdir()
    book(src)
    write_article(src, "short.txt", "Short", "Not a book.")
    out = tmp_path / "out"
    settings = silent.replace(audiobook_minutes=1, base_url="https://example.org/pod/")
    report = build(src, out, settings)
    assert not report.errors
    channel = ET.parse(out / "feed.xml").getroot().find("channel")
    assert channel is not None
    items = {i.findtext("title"): i for i in channel.findall("item")}
    (alternate,) = items["A book = long; #1"].findall("podcast:alternateEnclosure", NS)
    assert alternate.get("type") == "audio/mp4"
    assert alternate.get("length") == str((out / "book.m4b").stat().st_size)
    source = alternate.find("podcast:source", NS)
    assert source is not None and source.get("uri") == "https://example.org/pod/book.m4b"
    assert not items["Short"].findall("podcast:alternateEnclosure", NS)
    assert 'href="book.m4b" type="audio/mp4" download' in (out / "book.html").read_text("utf-8")
    assert "book.m4b" not in (out / "short.html").read_text("utf-8")
    books = (out / "audiobooks.m3u").read_text("utf-8").splitlines()
    assert books[-1] == "book.m4b" and "short.mp3" not in books
    assert 'href="audiobooks.m3u"' in (out / "index.html").read_text("utf-8")
    assert check_folder(out) == []
    # check follows the alternate sources: a deleted or cut M4B is a problem.
    data = (out / "book.m4b").read_bytes()
    (out / "book.m4b").write_bytes(data[: len(data) // 2])
    assert any("book.m4b" in p for p in check_folder(out))
    (out / "book.m4b").unlink()
    (problem,) = check_folder(out)
    assert "source https://example.org/pod/book.m4b does not resolve to a file" in problem


def test_a_missing_opus_rendition_fails_the_check(tmp_path: Path, silent: Settings) -> None:
    src = tmp_path / "src"
    src.mkdir()
    write_article(src, "a.txt", "Alternate", "One sentence. Another.")
    out = tmp_path / "out"
    build(src, out, silent.replace(alternate="opus"))
    assert check_folder(out) == []
    (out / "a.opus").unlink()
    (problem,) = check_folder(out)
    assert "podcast:alternateEnclosure source" in problem and "a.opus" in problem


def test_opus_chapters_keep_their_milliseconds(tmp_path: Path) -> None:
    """ffmpeg's Ogg muxer rounds a chapter's seconds: 1.6 s was written as 2.6 s."""
    from narrate.chapters import Chapter
    from narrate.edition import Edition

    mp3 = tmp_path / "tone.mp3"
    ffmpeg.run(["-y", "-v", "error", "-f", "lavfi", "-i", "sine=frequency=440:duration=4",
                "-ac", "1", "-c:a", "libmp3lame", str(mp3)])  # fmt: skip
    marks = [Chapter(0, 1600, "One"), Chapter(1600, 2750, "Two"), Chapter(2750, 4000, "Three")]
    meta = metadata(Edition("t", "t", "0", "Tone"), load_settings(), marks)
    dest = tmp_path / "tone.opus"
    render_as(mp3, dest, ALTERNATES["opus"], meta, chapters=marks)
    seconds, starts = rendition_timeline(dest)
    assert starts == [0.0, 1.6, 2.75] and abs(seconds - 4.0) < 0.1
    probed = ffmpeg.probe(dest)
    assert [float(c["start_time"]) for c in probed["chapters"]] == [0.0, 1.6, 2.75]
    assert [c["tags"]["title"] for c in probed["chapters"]] == ["One", "Two", "Three"]


@pytest.mark.slow  # runs Node (podcast-partytime)
def test_every_parser_reads_an_edition_with_every_option_on(
    tmp_path: Path, silent: Settings
) -> None:
    import feedparser
    import podcastparser
    from pubkit import partytime

    src = tmp_path / "src"
    src.mkdir()
    book(src)
    write_article(src, "short.txt", "Short", "Not a book.")
    out = tmp_path / "out"
    settings = silent.replace(alternate="opus", audiobook_minutes=1, chapter_minutes=1,
                              base_url="https://example.org/pod/")  # fmt: skip
    assert not build(src, out, settings).errors
    assert check_folder(out) == []
    parsed = feedparser.parse(str(out / "feed.xml"))
    assert not parsed.bozo, parsed.get("bozo_exception")
    with open(out / "feed.xml", "rb") as fh:
        episodes = podcastparser.parse("https://example.org/pod/feed.xml", fh)["episodes"]
    assert {e["title"] for e in episodes} == {"A book = long; #1", "Short"}
    items = {i["title"]: i for i in partytime(out / "feed.xml")["items"]}
    found = {
        (a["type"], a["length"], a["source"][0]["uri"])
        for a in items["A book = long; #1"]["alternates"]
    }
    assert found == {
        ("audio/ogg; codecs=opus", (out / "book.opus").stat().st_size,
         "https://example.org/pod/book.opus"),
        ("audio/mp4", (out / "book.m4b").stat().st_size, "https://example.org/pod/book.m4b"),
    }  # fmt: skip
    assert [a["type"] for a in items["Short"]["alternates"]] == ["audio/ogg; codecs=opus"]


def test_corrections_keep_the_loudness_when_an_encoding_overshoots_the_peak() -> None:
    from narrate.ffmpeg import Loudness
    from narrate.renditions import corrections

    assert corrections(Loudness(-16.1, -1.8)) == []  # on target, under the ceiling
    assert corrections(Loudness(None, None)) == []  # digital silence
    assert corrections(Loudness(-16.8, -3.0)) == [0.8]  # quiet: brought up
    assert corrections(Loudness(-16.0, -1.0)) == [-0.3]  # a little over: a little less
    # An overshoot of 2.4 dB: slightly quieter encodings first, then the gain under the
    # ceiling, which would leave the rendition 2.4 LU quiet.
    assert corrections(Loudness(-16.0, 1.1)) == [-0.3, -0.6, -0.9, -2.4]


def test_a_rendition_is_encoded_again_until_it_meets_the_standard(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from narrate import ffmpeg, renditions
    from narrate.ffmpeg import Loudness

    gains: list[float] = []

    def encode(args: list[str]) -> None:
        level = next((a for a in args if a.startswith("volume=")), "volume=0dB")
        gains.append(float(level[len("volume=") : -len("dB")]))
        Path(args[-1]).write_bytes(b"audio")

    # The AAC encoder's erratic overshoot: over the ceiling at 0 and -0.3 dB, not at -0.6.
    measured = {0.0: Loudness(-16.0, 1.1), -0.3: Loudness(-16.3, 0.2), -0.6: Loudness(-16.6, -1.9)}
    monkeypatch.setattr(ffmpeg, "run", encode)
    monkeypatch.setattr(ffmpeg, "measure_file", lambda path: measured[gains[-1]])
    renditions.render(tmp_path / "in.mp3", tmp_path / "out.m4a", renditions.ALTERNATES["aac"], "")
    assert gains == [0.0, -0.3, -0.6]
    # None meets it: the last encoding is the one under the ceiling, whatever its loudness.
    gains.clear()
    measured = {g: Loudness(-16.0 + g, 1.1 + g) for g in (0.0, -0.3, -0.6, -0.9, -2.4)}
    renditions.render(tmp_path / "in.mp3", tmp_path / "out.m4a", renditions.ALTERNATES["aac"], "")
    assert gains == [0.0, -0.3, -0.6, -0.9, -2.4]
