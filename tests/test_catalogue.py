"""The catalogue: one row per episode, guids kept forever, feed and remove commands."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from pubkit import feed_tree, published, settings, xpath
from typer.testing import CliRunner

from narrate import catalogue
from narrate.catalogue import catalogue_path, entries
from narrate.cli import app
from narrate.errors import InputError
from narrate.playlist import PLAYLIST_FILE
from narrate.publish import publish

runner = CliRunner()


def test_one_row_per_episode_with_files_and_measures(tmp_path: Path) -> None:
    out = published(tmp_path)
    assert catalogue_path(out) == out / ".narrate" / "catalogue.sqlite"
    with sqlite3.connect(catalogue_path(out)) as conn:
        rows = conn.execute("SELECT slug, guid, source, source_sha256, title, pub_date, bytes, "
                            "duration_ms, vtt, srt, chapters FROM episodes").fetchall()  # fmt: skip
    assert sorted(r[0] for r in rows) == ["000_8dea0efc4732bc9d", "tricky"]
    for slug, guid, source, sha, title, pub, size, ms, vtt, srt, chapters in rows:
        assert guid == catalogue.episode_guid(slug)
        assert Path(source).name.startswith(slug) and len(sha) == 64 and title and pub
        assert size == (out / f"{slug}.mp3").stat().st_size and ms > 0
        assert (vtt, srt, chapters) == (f"{slug}.vtt", f"{slug}.srt", f"{slug}.chapters.json")


def test_guid_is_stored_once_and_never_rederived(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = published(tmp_path)
    before = {e.slug: e.guid for e in entries(out)}
    # Even if the derivation changed in a later version, published guids stay.
    monkeypatch.setattr(catalogue, "episode_guid", lambda slug: "changed")
    (out / "tricky.json").write_text(
        (out / "tricky.json").read_text("utf-8").replace('"title": "Tom', '"title": "Tim'), "utf-8"
    )
    publish(out, settings())
    after = {e.slug: e.guid for e in entries(out)}
    assert after == before
    assert any(e.title.startswith("Tim") for e in entries(out))


def test_feed_command_rebuilds_everything_without_synthesis(tmp_path: Path) -> None:
    out = published(tmp_path)
    mp3s = {p.name: p.stat().st_mtime_ns for p in out.glob("*.mp3")}
    for name in ("feed.xml", "index.html", "tricky.html", PLAYLIST_FILE):
        (out / name).unlink()
    result = runner.invoke(app, ["feed", str(out), "--base-url", "https://example.org/pod"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[0] == "2 episodes; feed rewritten"
    assert all((out / n).is_file() for n in ("feed.xml", "index.html", "tricky.html"))
    assert {p.name: p.stat().st_mtime_ns for p in out.glob("*.mp3")} == mp3s
    (link,) = xpath(feed_tree(out), "channel/atom:link")
    assert link.get("href") == "https://example.org/pod/feed.xml"


def test_feed_command_on_a_missing_folder(tmp_path: Path) -> None:
    result = runner.invoke(app, ["feed", str(tmp_path / "nope")])
    assert result.exit_code == 1
    assert (
        result.stderr == f"Error: {tmp_path / 'nope'}: no such folder; run `narrate build` first\n"
    )


def test_remove_deletes_the_episode_and_its_files(tmp_path: Path) -> None:
    out = published(tmp_path)
    result = runner.invoke(
        app, ["remove", str(tmp_path / "seeds" / "tricky.md"), "--out", str(out)]
    )
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("Removed tricky (Tom & Jerry")
    assert not list(out.glob("tricky*"))
    assert [e.slug for e in entries(out)] == ["000_8dea0efc4732bc9d"]
    assert len(xpath(feed_tree(out), "channel/item")) == 1
    assert "tricky" not in (out / "index.html").read_text("utf-8")
    assert "tricky" not in (out / PLAYLIST_FILE).read_text("utf-8")
    again = runner.invoke(app, ["remove", "tricky", "--out", str(out)])
    assert again.exit_code == 1
    assert again.stderr == (
        f"Error: tricky: no such episode in {out}; see the episodes in {out}/index.html\n"
    )


def test_find_by_slug_source_or_file(tmp_path: Path) -> None:
    out = published(tmp_path)
    for name in ("tricky", "tricky.md", "tricky.mp3", "seeds/tricky.md", "tricky.chapters.json"):
        assert catalogue.find(out, name).slug == "tricky"
    with pytest.raises(InputError):
        catalogue.find(out, "other.md")


def test_playlist_is_extended_m3u(tmp_path: Path) -> None:
    out = published(tmp_path)
    lines = (out / PLAYLIST_FILE).read_text("utf-8").splitlines()
    assert lines[0] == "#EXTM3U" and lines[1].startswith("#PLAYLIST:")
    listed = entries(out)
    assert lines[2::2] == [f"#EXTINF:{round(e.duration_ms / 1000)},{e.title}" for e in listed]
    assert lines[3::2] == [e.file for e in listed]
    assert all((out / name).is_file() for name in lines[3::2])


def test_remove_never_takes_a_similar_name_for_another_episode(tmp_path: Path) -> None:
    from conftest import write_article

    from narrate.catalogue import entries
    from narrate.config import load_settings
    from narrate.pipeline import build
    from narrate.publish import remove as remove_episode

    src = tmp_path / "src"
    src.mkdir()
    write_article(src, "report.2024.txt", "Dated", "One.")
    write_article(src, "report.txt", "Plain", "Two.")
    out = tmp_path / "audio"
    settings = load_settings(engine="silent", jobs=1)
    build(src, out, settings)
    remove_episode(out, str(src / "report.2024.txt"), settings)
    assert [e.slug for e in entries(out)] == ["report"]
    assert (out / "report.mp3").is_file() and not (out / "report.2024.mp3").exists()
