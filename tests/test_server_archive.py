"""narrate serve: the feed and its RFC 5005 archive feeds on the address the client used."""

from __future__ import annotations

from pathlib import Path

import pytest

from narrate.config import load_settings
from narrate.pipeline import build
from narrate.publish import feed_at

PUBLISHED = "http://127.0.0.1:8000/"
FEEDS = ("feed.xml", "feed-archive-2.xml", "feed-archive-1.xml")


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Five episodes, two a document: feed.xml, then archives 2 (one) and 1 (two)."""
    root = tmp_path_factory.mktemp("serve-archive")
    src, out = root / "src", root / "out"
    src.mkdir()
    for n in range(1, 6):
        (src / f"a{n}.md").write_text(
            f"---\ntitle: Story {n}\ndate: 2020-01-{n:02d}\n---\n\nWords of story {n}.\n"
        )
    # Dated by their first render: a setting the feed is made from besides the addresses.
    settings = load_settings(engine="silent", jobs=1, feed_items=2, date_from="build")
    report = build(src, out, settings)
    assert not report.errors and not report.problems, report.problems
    assert sorted(p.name for p in out.glob("feed*.xml")) == sorted(FEEDS)
    return out


def test_the_feed_built_at_the_published_address_is_the_published_file(out: Path) -> None:
    # Everything else the feed is made from (the narrator's engine, dates by first render)
    # is kept with the catalogue, not taken from the defaults.
    assert feed_at(out, PUBLISHED) == (out / "feed.xml").read_bytes()
    moved = feed_at(out, "http://192.0.2.1:8000/")
    assert moved is not None
    assert moved.replace(b"192.0.2.1", b"127.0.0.1") == (out / "feed.xml").read_bytes()
