"""What an article says about itself reaches the intro, the ID3 tags and the feed, and the
folder it was read from is published nowhere."""

from __future__ import annotations

import io
import shutil
from pathlib import Path
from xml.etree import ElementTree

from mutagen.id3 import ID3

from narrate.config import Settings
from narrate.edition import Edition, Segment
from narrate.intro import frame
from narrate.pipeline import build
from tests.test_reader_formats import make_epub

POST = """---
title: A dated post
author: Jane Doe
date: 2024-05-01
site_name: Example News
canonical_url: https://example.org/post
---

The body of a post that says who wrote it and when.
"""


def _intro(edition: Edition, settings: Settings) -> list[str]:
    return [s.text for s in frame(edition, settings).segments if s.kind == "intro"]


def test_intro_says_only_what_is_known(silent: Settings) -> None:
    body = (Segment(0, "title", -1, "Headline"), Segment(1, "sentence", 0, "Text."))
    bare = Edition(source="a.txt", slug="a", source_sha256="", title="Headline", segments=body)
    assert _intro(bare, silent) == ["Headline."]
    dated = bare.replace(date="2024-05-01")
    assert _intro(dated, silent) == ["Headline.", "Published 1 May 2024."]
    full = dated.replace(site_name="Example News", url="https://www.example.org/x")
    assert _intro(full, silent) == ["Headline.", "From Example News.", "Published 1 May 2024."]
    hosted = bare.replace(url="https://www.example.org/x")
    assert _intro(hosted, silent) == ["Headline.", "From example.org."]
    assert not any("From ." in line for line in _intro(bare, silent))


def _feed_dates(out: Path) -> dict[str, str]:
    root = ElementTree.parse(out / "feed.xml").getroot()
    return {i.findtext("title"): i.findtext("pubDate") for i in root.iter("item")}


def test_metadata_reaches_tags_and_feed_and_no_path_is_published(
    tmp_path: Path, silent: Settings, seed: Path, monkeypatch
) -> None:  # noqa: ANN001
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # 2023-11-14
    private = tmp_path / "private-folder-name"
    private.mkdir()
    (private / "post.md").write_text(POST)
    shutil.copy(seed, private / seed.name)
    out = tmp_path / "out"
    report = build(private, out, silent)
    assert report.errors == []
    tags = ID3(out / "post.mp3")
    assert str(tags["TDRC"].text[0]) == "2024-05-01"
    assert tags["TPE1"].text == ["Jane Doe"]
    assert tags["WOAS"].url == "https://example.org/post"
    edition = Edition.load(out / "post.json")
    assert [s.text for s in edition.segments if s.kind == "intro"] == [
        "A dated post.", "From Example News.", "Published 1 May 2024.",
    ]  # fmt: skip
    dates = _feed_dates(out)
    assert dates["A dated post"] == "Wed, 01 May 2024 00:00:00 +0000"
    assert dates[Edition.load(out / f"{seed.stem}.json").title] == "Tue, 14 Nov 2023 22:13:20 +0000"
    for published in out.iterdir():
        if published.is_file():
            assert b"private-folder-name" not in published.read_bytes(), published.name

    # --date-from build: the feed dates episodes by their first render, as before.
    again = build(private, out, silent.replace(date_from="build"))
    assert again.errors == []
    assert _feed_dates(out)["A dated post"] == "Tue, 14 Nov 2023 22:13:20 +0000"


def test_an_epub_cover_is_the_episode_art(tmp_path: Path, silent: Settings) -> None:
    from PIL import Image

    image = io.BytesIO()
    Image.new("RGB", (600, 900), "navy").save(image, "JPEG")
    books = tmp_path / "books"
    books.mkdir()
    make_epub(books / "tiny.epub", image.getvalue())
    out = tmp_path / "out"
    assert build(books, out, silent).errors == []
    art = ID3(out / "tiny.mp3").getall("APIC")
    assert [(a.mime, a.data) for a in art] == [("image/jpeg", image.getvalue())]
    # The feed's own cover stays the feed's.
    assert (out / "cover.png").read_bytes() != image.getvalue()
