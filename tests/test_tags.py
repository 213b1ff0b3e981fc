"""ID3 tags and cover art: mutagen reads what the episode carries."""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

import pytest
from conftest import write_article
from mutagen.id3 import ID3
from mutagen.mp3 import MP3, BitrateMode
from PIL import Image

from narrate.chapters import chapters
from narrate.config import Settings, load_settings
from narrate.cover import check_image, default_cover
from narrate.errors import ConfigError
from narrate.pipeline import render
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


PNG_OR_JPEG = "cover must be a PNG or JPEG image of 1400 to 3000 pixels a side; this is "


def _declared_png(width: int, height: int) -> bytes:
    """A PNG whose header declares ``width`` x ``height`` pixels; its data holds a few."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        size, crc = struct.pack(">I", len(data)), struct.pack(">I", zlib.crc32(kind + data))
        return size + kind + data + crc

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    pixels = chunk(b"IDAT", zlib.compress(b"\0" * 31))
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + pixels + chunk(b"IEND", b"")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (_png((1000, 1000)), "cover must be square, 1400 to 3000 pixels a side, not 1000x1000"),
        (_png((1400, 1500)), "cover must be square, 1400 to 3000 pixels a side, not 1400x1500"),
        (_png((1400, 1400), "RGBA"), "cover must be an RGB image, not RGBA: save it as RGB"),
        (b"not an image", f"{PNG_OR_JPEG}not an image Pillow can identify"),
        # A decompression bomb: a few bytes that declare 10 billion pixels.
        (_declared_png(100_000, 100_000), f"{PNG_OR_JPEG}an image of more than 25,000,000 pixels"),
        (_declared_png(6000, 6000), f"{PNG_OR_JPEG}6000x6000 pixels, more than 25,000,000"),
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
    assert str(tags["TDRC"].text[0]) == "2026-03-04"  # mutagen reads TYER + TDAT as TDRC
    head = mp3.read_bytes()[:4096]
    assert head[3] == 3 and b"TYER" in head and b"TDAT" in head and b"TDRC" not in head
    assert tags["WOAS"].url == "https://example.org/a?b=1&c"
    assert tags.getall("COMM")[0].text == ["Source: https://example.org/a?b=1&c"]
    # Without a URL, no empty frame: the file's path is only in the comment. Without the
    # article's date, the episode's own date (its first render, as in the feed) is the tag's.
    undated = edition.replace(date="", first_rendered="2025-12-31T23:00:00+00:00")
    write_tags(mp3, undated, silent)
    assert str(ID3(mp3)["TDRC"].text[0]) == "2025-12-31" and not ID3(mp3).getall("WOAS")
    write_tags(mp3, undated.replace(first_rendered=""), silent)
    assert "TDRC" not in ID3(mp3)


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
