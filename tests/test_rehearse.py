"""Rehearsing an edit (narrate.rehearse): the chunks an edited article lacks are spoken as the
command starts, by processes beside it, and nothing the build publishes changes.

The edit is found by the build stamp (``stamp.one_edit``), so these tests run the real
program, as a user would, twice into one folder.
"""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from conftest import write_article

from narrate import prepare, rehearse, stamp, workers
from narrate.config import Settings

ENV = {"NARRATE_ENGINE": "silent", "SOURCE_DATE_EPOCH": "1700000000"}
AHEAD = "spoken as the command started (the edit rehearsed)"
SEED = "000_8dea0efc4732bc9d"

pytestmark = pytest.mark.slow  # builds in new interpreters


def narrate(*args: str) -> subprocess.CompletedProcess[str]:
    """Run the real program, as a user would."""
    done = subprocess.run(
        [sys.executable, "-m", "narrate", *args],
        capture_output=True, text=True, check=False, timeout=300,
        env={**os.environ, **ENV},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return done


def edit(article: Path, *paragraphs: int) -> None:
    """Change one sentence of each of the given paragraphs."""
    parts = article.read_text("utf-8").split("\n\n")
    for n in paragraphs:
        parts[n] = parts[n].replace(".", f" (revised {n}).", 1)
    article.write_text("\n\n".join(parts), "utf-8")


def published(out: Path, folder: Path) -> dict[str, bytes]:
    """Every file a build of ``folder`` publishes (its own records in .narrate left out),
    the folder's name in them replaced: each edition names the article's path, and keeps
    a hash of it (its source key)."""
    named = str(folder).encode()
    return {
        str(p.relative_to(out)): re.sub(
            rb'"source_key": "[0-9a-f]+"', b"KEY", p.read_bytes().replace(named, b"FOLDER")
        )
        for p in sorted(out.rglob("*"))
        if p.is_file() and ".narrate" not in p.parts
    }


@pytest.fixture
def folder(seeds: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The seed and a second article, built once as the program; the environment is the
    build's, so that the stamp can be read here as the program reads it."""
    write_article(seeds, "second.md", "Second", "One paragraph.", "Another one.")
    for name, value in ENV.items():
        monkeypatch.setenv(name, value)
    narrate("build", str(seeds), "--out", str(tmp_path / "audio"), "-v")
    return seeds


def test_an_edit_is_spoken_as_the_command_starts_and_publishes_what_a_plain_build_would(
    folder: Path, tmp_path: Path
) -> None:
    plain = tmp_path / "plain"
    shutil.copytree(folder, plain)
    narrate("build", str(plain), "--out", str(tmp_path / "plain-audio"), "-v")
    edit(folder / f"{SEED}.txt", 3)
    edit(plain / f"{SEED}.txt", 3)

    rehearsed = narrate("build", str(folder), "--out", str(tmp_path / "audio"), "-v")
    assert f"{SEED}.txt: 1 of its chunks {AHEAD}" in rehearsed.stderr
    assert f"{SEED}.mp3: " in rehearsed.stdout and "1 chunks rendered" in rehearsed.stdout
    assert any(
        line.startswith("second.mp3: ") and "up to date" in line
        for line in rehearsed.stdout.splitlines()
    )

    # The same edit, built without a stamp to go by: the build speaks the chunk itself.
    (tmp_path / "plain-audio" / stamp.STAMP).unlink()
    unrehearsed = narrate("build", str(plain), "--out", str(tmp_path / "plain-audio"), "-v")
    assert AHEAD not in unrehearsed.stderr and "1 chunks rendered" in unrehearsed.stdout
    assert published(tmp_path / "audio", folder) == published(tmp_path / "plain-audio", plain)


def test_only_a_lone_edit_of_an_article_the_last_build_made_is_rehearsed(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "audio"
    argv = ["build", str(folder), "--out", str(out), "-v"]

    def found() -> stamp.Edit | None:
        loads.clear()
        assert stamp.unchanged(argv) is None  # something changed: the build runs
        edit = stamp.one_edit(argv)
        assert len(loads) == 1  # the stamp is read once (a tenth of a second at 10,000)
        return edit

    loads: list[str] = []
    read = stamp._load
    monkeypatch.setattr(stamp, "_load", lambda out: loads.append(out) or read(out))

    edit(folder / "second.md", 2)
    lone = found()
    assert lone is not None
    assert lone.article == str(folder / "second.md") and lone.out == str(out)
    assert lone.settings["engine"] == "silent"  # the last build's settings
    edit(folder / f"{SEED}.txt", 3)
    assert found() is None  # two articles
    narrate(*argv)
    write_article(folder, "third.md", "Third", "New.")
    assert found() is None  # a new article: nothing of it is in the cache
    narrate(*argv)
    edit(folder / "third.md", 2)
    (out / "second.vtt").write_text("WEBVTT\n", "utf-8")
    assert found() is None  # a published file changed too
    narrate(*argv)
    record = json.loads((out / stamp.STAMP).read_text("utf-8"))
    del record["settings"]  # as an older narrate wrote it
    (out / stamp.STAMP).write_text(json.dumps(record), "utf-8")
    edit(folder / "third.md", 2)
    assert found() is None


def test_a_rehearsal_that_guesses_the_settings_wrong_leaves_the_chunk_to_the_build(
    folder: Path, tmp_path: Path
) -> None:
    out = tmp_path / "audio"
    plain = tmp_path / "plain"
    shutil.copytree(folder, plain)
    narrate("build", str(plain), "--out", str(tmp_path / "plain-audio"), "-v")
    (tmp_path / "plain-audio" / stamp.STAMP).unlink()
    record = json.loads((out / stamp.STAMP).read_text("utf-8"))
    record["settings"]["rate"] += 40  # not what the build will use
    (out / stamp.STAMP).write_text(json.dumps(record), "utf-8")
    edit(folder / f"{SEED}.txt", 3)
    edit(plain / f"{SEED}.txt", 3)
    done = narrate("build", str(folder), "--out", str(out), "-v")
    assert AHEAD not in done.stderr and "1 chunks rendered" in done.stdout
    narrate("build", str(plain), "--out", str(tmp_path / "plain-audio"), "-v")
    assert published(out, folder) == published(tmp_path / "plain-audio", plain)


def test_an_edit_of_many_chunks_is_left_to_the_workers(folder: Path, tmp_path: Path) -> None:
    edit(folder / f"{SEED}.txt", 3, 4, 5, 6)
    done = narrate("build", str(folder), "--out", str(tmp_path / "audio"), "-v")
    assert AHEAD not in done.stderr and "4 chunks rendered" in done.stdout


def test_no_process_of_a_rehearsed_build_outlives_it(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "audio"
    edit(folder / f"{SEED}.txt", 3)
    done = narrate("build", str(folder), "--out", str(out), "-v")
    assert AHEAD in done.stderr
    left = []
    for proc in Path("/proc").iterdir():
        try:
            line = (proc / "cmdline").read_bytes()
        except OSError:
            continue
        if str(out).encode() in line:
            left.append(proc.name)
    assert not left


def test_an_article_read_ahead_is_handed_to_the_request_with_what_reading_it_logged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    article = tmp_path / "a.txt"
    article.write_text(
        "French\n\nA plain story\n\nThe council of the town approved a plan for new homes "
        "on Tuesday, and it said that the work would start in the spring of next year. The "
        "cost of the plan is more than the town had hoped to pay, but it is less than the "
        "cost of the last one.\n",
        "utf-8",
    )
    reads: list[Path] = []
    real = prepare.prepare
    monkeypatch.setattr(prepare, "prepare", lambda p, s: reads.append(p) or real(p, s))
    settings = Settings(engine="silent")
    with caplog.at_level(logging.INFO):
        edition = prepare.read_ahead(article, settings)
        assert edition is not None and not caplog.records  # nothing said yet
        handed, _ = prepare.prepare_with_art(article, settings)
    assert handed is edition and len(reads) == 1
    # The article says French but reads as English: said once, when it is asked for.
    assert [r.name for r in caplog.records] == ["narrate.langid"]
    # Asked for again, or changed since, or with other settings: read again.
    assert prepare.prepare_with_art(article, settings)[0] == edition and len(reads) == 2
    prepare.read_ahead(article, settings)
    article.write_text(article.read_text("utf-8") + "\nOne more line.\n", "utf-8")
    changed = prepare.prepare_with_art(article, settings)[0]
    assert any("One more line" in s.text for s in changed.segments)
    prepare.read_ahead(article, settings)
    prepare.prepare_with_art(article, settings.replace(rate=200))
    assert len(reads) == 6


def test_on_two_cores_the_command_lets_the_reading_process_go_first(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    waited: list[float] = []
    monkeypatch.setattr(rehearse._read, "wait", waited.append)
    rehearse.give_way(0.2)
    assert waited == []  # no rehearsal under way
    monkeypatch.setattr(rehearse, "_listener", threading.Thread())
    for cores in (1, 2, 3, 8):
        monkeypatch.setattr(workers, "usable_cores", lambda n=cores: n)
        rehearse.give_way(0.2)
    assert waited == [0.2, 0.2]  # with fewer cores than its three busy processes only
