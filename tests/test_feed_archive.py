"""feed.xml carries the newest feed_items episodes; RFC 5005 archive feeds hold the rest."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import feedparser
import pytest

from narrate.check import check_folder
from narrate.config import Settings
from narrate.feed import q
from narrate.pipeline import build
from narrate.publish import feed_at

BASE = "http://127.0.0.1:8000/"


def _write(src: Path, n: int) -> None:
    """Article ``n``, dated day ``n`` of January 2020, so the order is known."""
    path = src / f"a{n}.md"
    path.write_text(f"---\ntitle: Story {n}\ndate: 2020-01-{n:02d}\n---\n\nWords of story {n}.\n")


def _feed(path: Path) -> tuple[list[str], dict[str, str], bool]:
    """(item titles, atom links by rel, marked as an archive) of one feed document."""
    channel = ET.parse(path).getroot().find("channel")
    assert channel is not None
    titles = [item.findtext("title") or "" for item in channel.findall("item")]
    links = {e.get("rel", ""): e.get("href", "") for e in channel.findall(q("atom", "link"))}
    return titles, links, channel.find(q("fh", "archive")) is not None


@pytest.fixture
def archived(tmp_path: Path, silent: Settings) -> tuple[Path, Path, Settings]:
    src, out = tmp_path / "src", tmp_path / "out"
    src.mkdir()
    for n in range(1, 6):
        _write(src, n)
    settings = silent.replace(feed_items=2)
    report = build(src, out, settings)
    assert not report.errors and not report.problems, report.problems
    return src, out, settings


def test_the_feed_holds_the_newest_and_archives_link_the_rest(
    archived: tuple[Path, Path, Settings],
) -> None:
    _, out, _ = archived
    titles, links, archive = _feed(out / "feed.xml")
    assert titles == ["Story 5", "Story 4"] and not archive
    assert links == {"self": f"{BASE}feed.xml", "prev-archive": f"{BASE}feed-archive-2.xml"}
    # Archive 2 holds the next newest (a page not yet full); archive 1 the two oldest.
    titles, links, archive = _feed(out / "feed-archive-2.xml")
    assert titles == ["Story 3"] and archive
    assert links == {
        "self": f"{BASE}feed-archive-2.xml",
        "current": f"{BASE}feed.xml",
        "prev-archive": f"{BASE}feed-archive-1.xml",
    }
    titles, links, _ = _feed(out / "feed-archive-1.xml")
    assert titles == ["Story 2", "Story 1"]
    assert links == {
        "self": f"{BASE}feed-archive-1.xml",
        "current": f"{BASE}feed.xml",
        "next-archive": f"{BASE}feed-archive-2.xml",
    }
    assert sorted(p.name for p in out.glob("feed-archive-*.xml")) == [
        "feed-archive-1.xml", "feed-archive-2.xml"
    ]  # fmt: skip
    parsed = feedparser.parse(str(out / "feed-archive-1.xml"))
    assert not parsed.bozo and len(parsed.entries) == 2
    # The index lists what the feed lists, and links the archive for the rest.
    page = (out / "index.html").read_text("utf-8")
    assert "Story 5" in page and "Story 3" not in page
    assert '<a href="feed-archive-2.xml">3 older episodes: in the archive feeds</a>' in page
    # The feed served at another address carries the same items and links.
    served = feed_at(out, "http://192.0.2.1:8000/")
    assert served is not None and served.count(b"<item>") == 2
    assert b'rel="prev-archive"' in served


def test_a_full_archive_is_never_rewritten_and_a_new_episode_moves_one_back(
    archived: tuple[Path, Path, Settings],
) -> None:
    src, out, settings = archived
    full = (out / "feed-archive-1.xml").stat().st_mtime_ns
    _write(src, 6)
    report = build(src, out, settings)
    assert not report.errors and not report.problems, report.problems
    assert _feed(out / "feed.xml")[0] == ["Story 6", "Story 5"]
    assert _feed(out / "feed-archive-2.xml")[0] == ["Story 4", "Story 3"]
    assert (out / "feed-archive-1.xml").stat().st_mtime_ns == full
    # A larger feed takes every item back, and the archives go.
    report = build(src, out, settings.replace(feed_items=300))
    assert not report.problems and len(_feed(out / "feed.xml")[0]) == 6
    assert not list(out.glob("feed-archive-*.xml"))


def test_check_follows_the_archives_and_reports_a_missing_one(
    archived: tuple[Path, Path, Settings],
) -> None:
    _, out, _ = archived
    assert check_folder(out) == []
    (out / "feed-archive-1.xml").unlink()
    assert check_folder(out) == [
        f"feed.xml: prev-archive link {BASE}feed-archive-1.xml does not resolve to a file in {out}",
        "feed.xml: episode a2 is catalogued but not in the feed; run `narrate feed`",
        "feed.xml: episode a1 is catalogued but not in the feed; run `narrate feed`",
    ]


def test_feed_items_is_checked() -> None:
    from narrate.config import load_settings
    from narrate.errors import UsageError

    with pytest.raises(UsageError, match="feed_items must be between 1 and 100000 items, not 0"):
        load_settings(feed_items=0)


def test_replacing_an_old_episode_rewrites_only_the_archive_that_lists_it(
    archived: tuple[Path, Path, Settings], monkeypatch: pytest.MonkeyPatch
) -> None:
    src, out, settings = archived
    import narrate.feed

    built: list[int] = []
    real = narrate.feed.build_feed

    def counting(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        built.append(kwargs.get("page", 0))
        return real(*args, **kwargs)

    monkeypatch.setattr(narrate.feed, "build_feed", counting)
    times = {p.name: p.stat().st_mtime_ns for p in out.glob("feed*.xml")}
    (src / "a1.md").write_text(
        "---\ntitle: Story 1\ndate: 2020-01-01\n---\n\nWords of story 1, now longer.\n"
    )
    report = build(src, out, settings)
    assert not report.errors and not report.problems, report.problems
    # Withdrawn (its document alone), then the final publish: only archive 1 and feed.xml
    # are built.
    assert set(built) == {0, 1}
    after = {p.name: p.stat().st_mtime_ns for p in out.glob("feed*.xml")}
    assert after["feed-archive-2.xml"] == times["feed-archive-2.xml"]
    assert after["feed-archive-1.xml"] != times["feed-archive-1.xml"]
    assert _feed(out / "feed-archive-1.xml")[0] == ["Story 2", "Story 1"]


def test_check_parses_again_only_the_archives_changed_since_it_last_looked(
    archived: tuple[Path, Path, Settings], monkeypatch: pytest.MonkeyPatch
) -> None:
    from narrate import check

    _, out, _ = archived
    parsed: list[str] = []
    real = check._Checker.archive
    monkeypatch.setattr(check._Checker, "archive", lambda s, p: parsed.append(p.name) or real(s, p))
    assert check_folder(out) == [] and parsed == []  # the build's own check looked at both
    # An archive changed since is read again, and what changed in it is found.
    page = out / "feed-archive-1.xml"
    text = page.read_text("utf-8")
    start = text.index("<item>")
    page.write_text(text[:start] + text[text.index("</item>") + len("</item>") :], "utf-8")
    assert check_folder(out) == [
        "feed.xml: episode a2 is catalogued but not in the feed; run `narrate feed`"
    ]
    assert parsed == ["feed-archive-1.xml"]
    # What the check keeps is only a shortcut: damaged, or gone, every archive is read.
    kept = out / ".narrate" / "checked-archives.json"
    for damage in ('{"feed-archive-2.xml": [[1, 2], "guid", 3]}', "[", None):
        parsed.clear()
        if damage is None:
            kept.unlink()
        else:
            kept.write_text(damage, "utf-8")
        assert len(check_folder(out)) == 1
        assert sorted(parsed) == ["feed-archive-1.xml", "feed-archive-2.xml"]


@pytest.mark.parametrize("size", [1, 2, 3, 7])
def test_document_of_names_the_document_archive_pages_puts_each_episode_in(size: int) -> None:
    from narrate.feed import archive_pages, document_of

    for total in range(0, 4 * size + 2):
        positions = list(range(total))
        feed, pages = positions[:size], archive_pages(positions, size)  # type: ignore[arg-type]
        documents = [feed, *pages]
        for position in positions:
            page, first, count, n_pages = document_of(position, total, size)
            assert n_pages == len(pages)
            assert position in documents[page]
            assert documents[page] == positions[first : first + count]


def test_replacing_episodes_rewrites_only_their_documents_until_the_order_changes(
    archived: tuple[Path, Path, Settings], monkeypatch: pytest.MonkeyPatch
) -> None:
    from narrate import feed, publish

    src, out, settings = archived
    written: list[str] = []
    real = feed.write_if_changed
    monkeypatch.setattr(feed, "write_if_changed", lambda p, d: written.append(p.name) or real(p, d))
    # Story 1 (the oldest, in archive 1) withdrawn: that archive alone is written, without it.
    assert publish.withdraw(out, "a1", settings)
    assert written == ["feed-archive-1.xml"]
    assert _feed(out / "feed-archive-1.xml")[0] == ["Story 2"]
    # Recorded again (a build relists it at its end): the next withdrawal in its document
    # lists it again, and the other documents are as they were.
    entry = next(e for e in catalogue_entries(out) if e.slug == "a1")
    publish.publish_episode(out, entry.edition, settings, relist=False)
    assert _feed(out / "feed-archive-1.xml")[0] == ["Story 2"]
    written.clear()
    assert publish.withdraw(out, "a2", settings)
    assert written == ["feed-archive-1.xml"]
    assert _feed(out / "feed-archive-1.xml")[0] == ["Story 1"]
    entry = next(e for e in catalogue_entries(out) if e.slug == "a2")
    publish.publish_episode(out, entry.edition, settings, relist=False)
    # An episode re-dated changes the order: the next withdrawal writes the feed as split now.
    entry = next(e for e in catalogue_entries(out) if e.slug == "a1")
    publish.publish_episode(out, entry.edition.replace(date="2020-01-09"), settings, relist=False)
    written.clear()
    assert publish.withdraw(out, "a3", settings)
    assert written[-1] == "feed.xml" and _feed(out / "feed.xml")[0] == ["Story 1", "Story 5"]
    assert _feed(out / "feed-archive-2.xml")[0] == ["Story 4"]  # Story 3 withdrawn
    assert _feed(out / "feed-archive-1.xml")[0] == ["Story 2"]
    report = build(src, out, settings)
    assert not report.problems, report.problems


def catalogue_entries(out: Path) -> list:  # type: ignore[type-arg]
    from narrate.catalogue import entries

    return entries(out, present=False)
