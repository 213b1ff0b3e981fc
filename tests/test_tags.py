"""ID3 tags and cover art: mutagen reads what the episode carries."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from conftest import write_article
from mutagen.id3 import ID3
from mutagen.mp3 import MP3
from PIL import Image

from narrate.config import Settings, load_settings
from narrate.cover import check_image, default_cover
from narrate.errors import ConfigError
from narrate.pipeline import render


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
    assert (info.channels, info.sample_rate, info.bitrate) == (1, 44100, 64000)
    assert info.bitrate_mode != 2  # not VBR


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
