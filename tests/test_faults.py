"""Faults a build must survive: a failing article, a full disk, a second build, odd outputs."""

from __future__ import annotations

import errno
import os
import pathlib
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest
from conftest import ROOT, write_article
from mutagen.id3 import ID3
from pubkit import feed_tree, published, settings, xpath
from typer.testing import CliRunner

from narrate import catalogue, pipeline
from narrate.chapters import MAX_CHAPTERS, chapters
from narrate.cli import app
from narrate.edition import Edition, Segment
from narrate.errors import NarrateError
from narrate.fsutil import write_if_changed
from narrate.pipeline import build, render
from narrate.supervise import BusyError, exclusive, lock_path
from narrate.tags import write_tags

runner = CliRunner()


def invoke(*args: str, **env: str):  # noqa: ANN201
    return runner.invoke(app, list(args), env={"NARRATE_ENGINE": "silent", "NARRATE_JOBS": "1",
                                               **env})  # fmt: skip


def _two_articles(folder: Path) -> Path:
    folder.mkdir()
    write_article(folder, "a_good.txt", "A good article", "It reads well. Nothing is wrong.")
    write_article(folder, "b_broken.txt", "Broken article", "This one fails inside narrate.")
    write_article(folder, "c_good.txt", "Another good one", "It reads well too.")
    return folder


@pytest.fixture
def breaks_one(monkeypatch: pytest.MonkeyPatch) -> None:
    """The episode key fails, with an error narrate does not foresee, on one article only.

    (Made in the build's own process: reading runs in reading processes, out of reach of
    a patch.)
    """
    original = pipeline.render_key

    def render_key(edition: Edition, *args: object) -> str:
        if edition.title == "Broken article":
            raise ValueError("the kind of bug no one foresaw")
        return original(edition, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(pipeline, "render_key", render_key)


@pytest.mark.usefixtures("breaks_one")
def test_one_article_failing_unexpectedly_leaves_the_others_published(tmp_path: Path) -> None:
    out = tmp_path / "audio"
    report = build(_two_articles(tmp_path / "src"), out, settings())
    assert len(report.errors) == 1
    line = report.errors[0]
    assert line.startswith(str(tmp_path / "src" / "b_broken.txt") + ": ")
    assert "ValueError: the kind of bug no one foresaw" in line and "\n" not in line
    titles = [t.text for t in xpath(feed_tree(out), "channel/item/title")]
    assert sorted(titles) == ["A good article", "Another good one"]
    assert report.page_written and report.problems == []


@pytest.mark.usefixtures("breaks_one")
def test_the_cli_says_one_line_and_exits_1_or_shows_the_traceback_with_v(tmp_path: Path) -> None:
    src = _two_articles(tmp_path / "src")
    result = invoke("build", str(src), "--out", str(tmp_path / "audio"))
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(errors) == 1 and errors[0].startswith(f"Error: {src / 'b_broken.txt'}: ")
    assert "Traceback" not in result.stderr
    assert (tmp_path / "audio" / "a_good.mp3").is_file()
    verbose = invoke("build", str(src), "--out", str(tmp_path / "audio"), "-v")
    assert verbose.exit_code == 1
    assert "Traceback (most recent call last)" in verbose.stderr
    assert 'raise ValueError("the kind of bug no one foresaw")' in verbose.stderr
    debug = invoke("build", str(src), "--out", str(tmp_path / "audio"), NARRATE_DEBUG="1")
    assert "Traceback (most recent call last)" in debug.stderr


def _placed(n_headings: int, rate: int = 8000) -> Edition:
    segments, start = [], 0
    for n in range(n_headings):
        kind = "heading" if n % 2 else "sentence"
        segments.append(Segment(n, kind, n // 2, f"{kind} {n}", samples=rate, pause=rate // 10,
                                start=start + rate // 10))  # fmt: skip
        start += rate + rate // 10
    return Edition("a", "a", "0", "Many sections", segments=tuple(segments), sample_rate=rate)


def test_more_than_255_sections_are_merged_into_255_chapters(
    tmp_path: Path, silent: object
) -> None:
    edition = _placed(600)  # 300 headings
    total = edition.segments[-1].start + edition.segments[-1].samples
    found = chapters(edition, total)
    assert len(found) == MAX_CHAPTERS
    assert found[0].start_ms == 0 and found[-1].end_ms == total * 1000 // edition.sample_rate
    assert all(a.end_ms == b.start_ms for a, b in zip(found, found[1:], strict=False))
    assert found[0].title == "Many sections" and found[1].title.startswith("heading")
    # The ID3 table of contents takes them (301 made mutagen raise ValueError).
    path = tmp_path / "short.txt"
    write_article(tmp_path, "short.txt", "Short", "One sentence.")
    mp3 = tmp_path / "out" / "short.mp3"
    render(path, tmp_path / "out", silent)
    write_tags(mp3, edition, silent, found)
    assert len(ID3(mp3).getall("CHAP")) == MAX_CHAPTERS


def test_an_output_that_is_a_fifo_or_links_to_one_is_replaced_never_read(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    link = tmp_path / "feed.xml"
    link.symlink_to(fifo)
    done: list[bool] = []
    worker = threading.Thread(
        target=lambda: done.extend(
            [write_if_changed(link, b"<rss/>"), write_if_changed(fifo, b"<rss/>")]
        ),  # fmt: skip
        daemon=True,
    )
    worker.start()
    worker.join(10)
    if worker.is_alive():  # unblock the reader so the test process can end
        with open(fifo if fifo.exists() else os.devnull, "wb", buffering=0) as fh:
            fh.write(b"x")
    assert done == [True, True], "write_if_changed blocked reading a FIFO"
    assert not link.is_symlink() and link.read_bytes() == b"<rss/>"
    # Same bytes in a regular file: not rewritten.
    assert write_if_changed(link, b"<rss/>") is False


def full_catalogue(monkeypatch: pytest.MonkeyPatch) -> None:
    """The catalogue's disk is full: SQLite may not grow the file by a single page."""
    real = sqlite3.connect

    def connect(*args: object, **kwargs: object) -> sqlite3.Connection:
        conn = real(*args, **kwargs)
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        conn.execute(f"PRAGMA max_page_count = {max(pages, 1)}")
        return conn

    monkeypatch.setattr(catalogue.sqlite3, "connect", connect)


class _NoRoomToDelete:
    """A connection whose DELETE fails as SQLite's does when its journal finds no room.

    (Deleting frees pages, so the page limit above cannot make it fail.)
    """

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    def __getattr__(self, name: str) -> object:
        return getattr(self._conn, name)

    def __setattr__(self, name: str, value: object) -> None:
        if name == "_conn":
            object.__setattr__(self, name, value)
        else:
            setattr(self._conn, name, value)

    def execute(self, sql: str, *args: object) -> sqlite3.Cursor:
        if sql.lstrip().upper().startswith("DELETE"):
            raise sqlite3.OperationalError("database or disk is full")
        return self._conn.execute(sql, *args)


def no_room_to_delete(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every catalogue DELETE meets a full disk."""
    real = sqlite3.connect
    monkeypatch.setattr(
        catalogue.sqlite3, "connect", lambda *a, **k: _NoRoomToDelete(real(*a, **k))
    )


def test_a_full_disk_says_so_in_one_line_and_remove_loses_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = published(tmp_path)
    before = [e.slug for e in catalogue.entries(out)]
    json_file = out / "tricky.json"
    with monkeypatch.context() as m:
        full_catalogue(m)
        fed = invoke("feed", str(out), NARRATE_TITLE="A new channel title " + "x" * 5000)
        assert fed.exit_code == 1
        line = fed.stderr.strip()
        assert "\n" not in line and "database or disk is full" in line, line
        assert "no transaction is active" not in line and "another narrate" not in line
    with monkeypatch.context() as m:
        no_room_to_delete(m)
        gone = invoke("remove", "tricky", "--out", str(out))
        assert gone.exit_code == 1 and "database or disk is full" in gone.stderr
    # Nothing was lost: the edition JSON and the row are both still there.
    assert json_file.is_file()
    assert [e.slug for e in catalogue.entries(out)] == before
    again = invoke("remove", "tricky", "--out", str(out))
    assert again.exit_code == 0, again.stderr
    assert not json_file.exists() and "tricky" not in [e.slug for e in catalogue.entries(out)]


def test_a_write_on_a_full_disk_names_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = published(tmp_path)

    def no_space(self: Path, data: bytes) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))  # as write(2) reports it

    monkeypatch.setattr(pathlib.Path, "write_bytes", no_space)
    with pytest.raises(OSError) as caught:
        write_if_changed(out / "feed.xml", b"<rss/>")
    assert caught.value.filename == str(out / "feed.xml")
    fed = invoke("feed", str(out), NARRATE_TITLE="Another title")
    assert fed.exit_code == 1
    assert fed.stderr.strip() == (
        f"Error: cannot write or read {out / 'feed.xml'}: No space left on device"
    )
    assert not list(out.glob(".*.part"))


# Holds the build lock of a folder until its stdin closes.
HOLDER = """
import sys
from pathlib import Path
from narrate.supervise import exclusive
with exclusive(Path(sys.argv[1])):
    print("held", flush=True)
    sys.stdin.read()
"""


def test_a_second_build_exits_1_naming_the_holder_and_serve_needs_no_lock(
    tmp_path: Path,
) -> None:
    out = published(tmp_path)
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(out)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
        text=True, env={**os.environ, "PYTHONPATH": str(ROOT)},
    )  # fmt: skip
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(BusyError, match=rf"another narrate \(pid {holder.pid}\)"):
            build(tmp_path / "seeds", out, settings())
        result = invoke("build", str(tmp_path / "seeds"), "--out", str(out))
        assert result.exit_code == 1
        assert result.stderr == (
            f"Error: {out}: another narrate (pid {holder.pid}) is writing this folder; "
            "wait for it to finish, or stop it\n"
        )
        assert invoke("remove", "tricky", "--out", str(out)).exit_code == 1
        from narrate.server import make_server

        server = make_server(out, "127.0.0.1", 0, None)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            with urllib.request.urlopen(f"{server.url}feed.xml", timeout=10) as response:
                assert response.status == 200 and b"<rss" in response.read()
        finally:
            server.shutdown()
            server.server_close()
        assert invoke("check", str(out)).exit_code == 0
    finally:
        holder.stdin.close()
        holder.wait(timeout=10)
    # Released when the holder ended: builds go on.
    assert not build(tmp_path / "seeds", out, settings()).errors


def test_the_lock_is_released_when_its_holder_is_killed(tmp_path: Path) -> None:
    out = tmp_path / "audio"
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(out)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
        text=True, env={**os.environ, "PYTHONPATH": str(ROOT)},
    )  # fmt: skip
    assert holder.stdout.readline().strip() == "held"
    with pytest.raises(NarrateError), exclusive(out):
        pass
    holder.kill()
    holder.wait(timeout=10)
    with exclusive(out), exclusive(out):  # nested holds in one process share it
        assert lock_path(out).read_text().strip() == str(os.getpid())


def test_stale_part_files_are_removed_and_fresh_ones_kept(tmp_path: Path) -> None:
    out = published(tmp_path)
    old = time.time() - 3600
    stale = [out / ".tricky.mp3.k2j3.part", out / ".narrate" / "cache" / "ab" / ".x.wav.1.part",
             out / ".narrate" / ".catalogue.part"]  # fmt: skip
    for path in stale:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"half-written")
        os.utime(path, (old, old))
    fresh = out / ".feed.xml.abcd.part"
    fresh.write_bytes(b"being written")
    os.utime(fresh, (time.time() + 60, time.time() + 60))  # newer than the build's start
    kept = out / "notes.part"  # not one of narrate's temporary names
    kept.write_bytes(b"the user's")
    os.utime(kept, (old, old))
    report = build(tmp_path / "seeds", out, settings())
    assert not report.errors
    assert [p for p in stale if p.exists()] == []
    assert fresh.exists() and kept.exists()
