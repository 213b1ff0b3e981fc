"""ID3 tags and cover art: mutagen reads what the episode carries."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from conftest import write_article
from mutagen.id3 import ID3
from mutagen.mp3 import MP3, BitrateMode
from PIL import Image

from narrate.chapters import chapters
from narrate.config import Settings
from narrate.cover import check_image, default_cover
from narrate.errors import ConfigError
from narrate.pipeline import render
from narrate.settings import load_settings
from narrate.tags import write_tags


def _png(size: tuple[int, int], mode: str = "RGB") -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, size, "white" if mode == "RGB" else None).save(buffer, format="PNG")
    return buffer.getvalue()


def test_mutagen_reads_tags_and_cover(tmp_path: Path, silent: Settings) -> None:
    path = write_article(tmp_path, "a.txt", "A headline", "Some words.")
    out = tmp_path / "out"
    edition = render(path, out, silent.replace(title="My feed", author="Me")).edition
    tags = ID3(out / "a.mp3")
    assert tags["TIT2"].text == ["A headline"]
    assert tags["TPE1"].text == ["Me"]
    assert tags["TALB"].text == ["My feed"]
    assert tags["TCON"].text == ["Podcast"]
    assert tags["TLAN"].text == ["eng"]
    assert tags.getall("COMM")[0].text == [f"Source: {edition.source}"]
    (cover,) = tags.getall("APIC")
    assert cover.mime == "image/png" and cover.data == (out / "cover.png").read_bytes()
    with Image.open(io.BytesIO(cover.data)) as image:
        assert image.format == "PNG" and image.mode == "RGB" and image.size == (1400, 1400)
    info = MP3(out / "a.mp3").info
    assert (info.channels, info.sample_rate) == (1, 44100)
    # From the Info frame's byte and frame counts: each run restarts LAME's padding pattern.
    assert abs(info.bitrate - 64000) < 64
    assert info.bitrate_mode == BitrateMode.CBR


def test_default_cover_is_deterministic_and_valid() -> None:
    first = default_cover("Feed title")
    assert first == default_cover("Feed title") != default_cover("Another feed")
    assert check_image(first, "cover") == ("PNG", 1400)


def test_user_cover_replaces_the_default(tmp_path: Path, silent: Settings) -> None:
    image = tmp_path / "art.png"
    image.write_bytes(_png((1500, 1500)))
    path = write_article(tmp_path, "a.txt", "Headline", "Words.")
    out = tmp_path / "out"
    render(path, out, silent.replace(cover=str(image)))
    assert ID3(out / "a.mp3").getall("APIC")[0].data == image.read_bytes()
    assert (out / "cover.png").read_bytes() == image.read_bytes()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (_png((1000, 1000)), "cover must be square, 1400 to 3000 pixels a side, not 1000x1000"),
        (_png((1400, 1500)), "cover must be square, 1400 to 3000 pixels a side, not 1400x1500"),
        (_png((1400, 1400), "RGBA"), "cover must be an RGB image, not RGBA: save it as RGB"),
        (b"not an image", "cover must be a PNG or JPEG image"),
    ],
)
def test_bad_cover_is_a_one_line_config_error(tmp_path: Path, data: bytes, message: str) -> None:
    image = tmp_path / "art.png"
    image.write_bytes(data)
    with pytest.raises(ConfigError) as caught:
        load_settings(cover=str(image))
    assert str(caught.value) == f"{image}: {message}"


def test_date_and_source_url_frames(tmp_path: Path, silent: Settings) -> None:
    path = write_article(tmp_path, "a.txt", "Dated", "Some words.")
    out = tmp_path / "out"
    edition = render(path, out, silent).edition
    mp3 = out / "a.mp3"
    dated = edition.replace(date="2026-03-04T05:06:07+00:00", url="https://example.org/a?b=1&c")
    write_tags(mp3, dated, silent)
    tags = ID3(mp3)
    assert str(tags["TDRC"].text[0]) == "2026-03-04"
    assert tags["WOAS"].url == "https://example.org/a?b=1&c"
    assert tags.getall("COMM")[0].text == ["Source: https://example.org/a?b=1&c"]
    # Without a date or URL, no empty frame: the file's path is only in the comment.
    write_tags(mp3, edition, silent)
    assert "TDRC" not in ID3(mp3) and not ID3(mp3).getall("WOAS")


def test_last_chapter_ends_with_the_audio(tmp_path: Path, silent: Settings) -> None:
    path = write_article(tmp_path, "a.md", "Chapters", "Intro words.")
    path.write_text("# Chapters\n\nIntro words.\n\n## One\n\nText one.\n\n## Two\n\nText two.\n")
    out = tmp_path / "out"
    edition = render(path, out, silent).edition
    assert edition.episode is not None
    length_ms = MP3(out / "a.mp3").info.length * 1000
    chaps = sorted(ID3(out / "a.mp3").getall("CHAP"), key=lambda c: c.start_time)
    assert len(chaps) == 3
    assert chaps[-1].end_time == edition.episode.duration_ms <= length_ms
    assert all(c.start_time < c.end_time <= length_ms for c in chaps)
    # Audio shorter than the speech (never written, but clamped all the same).
    short = chapters(edition, edition.sample_rate // 2)
    assert all(c.start_ms <= c.end_ms <= 500 for c in short)
