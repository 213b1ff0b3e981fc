"""The build stamp: a build with nothing to do answers at once; any change falls through."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import write_article

from narrate import stamp

ENV = {"NARRATE_ENGINE": "silent", "NARRATE_JOBS": "1"}


def narrate(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run the real program, as a user would."""
    return subprocess.run(
        [sys.executable, "-m", "narrate", *args],
        capture_output=True, text=True, check=False,
        env={**os.environ, **ENV, **(env or {})},
    )  # fmt: skip


def snapshot(out: Path) -> dict[str, tuple[int, bytes]]:
    return {
        str(p.relative_to(out)): (p.stat().st_mtime_ns, p.read_bytes())
        for p in out.rglob("*")
        if p.is_file()
    }


@pytest.fixture
def built(seeds: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """A complete build of a two-article folder; returns its command line."""
    write_article(seeds, "second.md", "Second", "One paragraph.", "Another one.")
    argv = ["build", str(seeds), "--out", str(tmp_path / "audio")]
    first = narrate(*argv)
    assert first.returncode == 0, first.stderr
    for name, value in ENV.items():
        monkeypatch.setenv(name, value)
    return argv


@pytest.mark.slow  # builds in new interpreters
def test_a_build_with_nothing_to_do_answers_from_the_stamp_and_writes_nothing(
    built: list[str], tmp_path: Path
) -> None:
    out = tmp_path / "audio"
    assert (out / stamp.STAMP).is_file()
    before = snapshot(out)
    summary = stamp.unchanged(built)
    assert summary is not None
    assert any(line.startswith("000_8dea0efc4732bc9d.mp3: ") for line in summary)
    again = narrate(*built)
    assert again.returncode == 0, again.stderr
    assert again.stdout.splitlines() == summary
    assert "up to date, nothing rendered" in again.stdout
    assert snapshot(out) == before


def _edit_article(root: Path) -> None:
    path = root / "seeds" / "second.md"
    info = path.stat()
    path.write_text(path.read_text("utf-8").replace("Another", "A further"), "utf-8")
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))  # same time: content decides


def _same_size_edit(root: Path) -> None:
    path = root / "seeds" / "second.md"
    info = path.stat()
    path.write_text(path.read_text("utf-8").replace("One", "Two"), "utf-8")
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))


CHANGES: dict[str, Callable[[Path], None]] = {
    "article edited, time kept": _edit_article,
    "same-size edit, time kept": _same_size_edit,
    "article added": lambda root: write_article(root / "seeds", "third.txt", "Third", "Text."),
    "article removed": lambda root: (root / "seeds" / "second.md").unlink(),
    "feed edited by hand": lambda root: (root / "audio" / "feed.xml").write_text("<rss/>"),
    "episode deleted": lambda root: (root / "audio" / "000_8dea0efc4732bc9d.mp3").unlink(),
    "file added to the output": lambda root: (root / "audio" / "extra.txt").write_text("x"),
    "settings file created": lambda root: (root / "narrate.toml").write_text(
        "[speech]\nrate = 150\n"
    ),
    "lexicon created": lambda root: (root / "narrate.lexicon.toml").write_text(""),
    "stamp damaged": lambda root: (root / "audio" / stamp.STAMP).write_text("{"),
}


@pytest.mark.slow  # builds in new interpreters
@pytest.mark.parametrize("change", CHANGES, ids=list(CHANGES))
def test_any_change_falls_through_to_the_full_build(
    built: list[str], tmp_path: Path, change: str
) -> None:
    CHANGES[change](tmp_path)
    assert stamp.unchanged(built) is None


@pytest.mark.slow  # builds in new interpreters
def test_other_options_environment_or_code_fall_through(
    built: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert stamp.unchanged([*built, "--rate", "150"]) is None
    assert stamp.unchanged(["render", *built[1:]]) is None
    monkeypatch.setenv("NARRATE_RATE", "150")
    assert stamp.unchanged(built) is None
    monkeypatch.delenv("NARRATE_RATE")
    assert stamp.unchanged(built) is not None
    monkeypatch.setattr(stamp, "code_fingerprint", lambda: "another version of narrate")
    assert stamp.unchanged(built) is None


@pytest.mark.slow  # builds in new interpreters
def test_an_edit_after_the_stamp_is_rendered_and_stamped_again(
    built: list[str], tmp_path: Path
) -> None:
    _edit_article(tmp_path)
    result = narrate(*built)
    assert result.returncode == 0, result.stderr
    assert "second.mp3: " in result.stdout and "chunks rendered" in result.stdout
    assert stamp.unchanged(built) is not None


@pytest.mark.slow  # builds in new interpreters
def test_a_build_with_errors_leaves_no_stamp(built: list[str], tmp_path: Path) -> None:
    (tmp_path / "seeds" / "broken.txt").write_bytes(b"\xff\xfe not utf-8")
    result = narrate(*built)
    assert result.returncode == 1
    assert not (tmp_path / "audio" / stamp.STAMP).exists()
    assert stamp.unchanged(built) is None


def test_after_one_article_changes_the_others_are_not_even_read(
    built: list[str], seeds: Path, tmp_path: Path
) -> None:
    out = tmp_path / "audio"
    seed = "000_8dea0efc4732bc9d.txt"
    _edit_article(tmp_path)
    trusted = stamp.settled(built, lambda name: Path(name).stem.lower())
    # The edited article is read again; the seed, untouched, is settled with its line.
    assert list(trusted) == [seed]
    assert trusted[seed].startswith("000_8dea0efc4732bc9d.mp3: ") and "up to date" in trusted[seed]
    # A touched output of the seed takes it back to a full check.
    page = out / "000_8dea0efc4732bc9d.html"
    os.utime(page, ns=(page.stat().st_atime_ns, page.stat().st_mtime_ns + 1))
    assert stamp.settled(built, lambda name: Path(name).stem.lower()) == {}
    again = narrate(*built, "-v")
    assert again.returncode == 0, again.stderr
    # Read with -v: each article read says why on stderr. Now a full check of both.
    assert "second.md: rendering" in again.stderr and f"{seed}: skipped" in again.stderr
    second = seeds / "second.md"
    second.write_text(second.read_text("utf-8").replace("One paragraph", "One more"), "utf-8")
    third = narrate(*built, "-v")
    assert third.returncode == 0, third.stderr
    assert f"{seed}: skipped" not in third.stderr and "second.md: rendering" in third.stderr
    assert trusted[seed] in third.stdout.splitlines()
    # A different command line (another setting) trusts nothing.
    assert stamp.settled([*built, "--rate", "180"], lambda name: name) == {}


def test_settled_articles_keep_their_own_lines_among_like_named_ones(tmp_path: Path) -> None:
    source, out = tmp_path / "src", tmp_path / "out"
    source.mkdir()
    out.mkdir()
    names = ["report", "report-2", "a", "a.b"]
    for name in names:
        (source / f"{name}.md").write_text(f"# {name}\n\nText.\n", "utf-8")
        (out / f"{name}.mp3").write_bytes(name.encode())
        (out / f"{name}.html").write_text(name, "utf-8")
    (out / "sub").mkdir()
    (out / "sub" / "inner.txt").write_text("x", "utf-8")
    summary = [f"{name}.mp3: 1.0 s, up to date ({name})" for name in reversed(names)]
    argv = ["build", str(source), "--out", str(out)]
    stamp.write(argv, str(out), str(source), (".md",), [], [], summary)
    slug = lambda name: Path(name).stem  # noqa: E731
    assert stamp.unchanged(argv) == summary
    assert stamp.settled(argv, slug) == {
        f"{n}.md": f"{n}.mp3: 1.0 s, up to date ({n})" for n in names
    }
    # A moved file of one episode unsettles it alone; "a.b.mp3" may be a's too, so both.
    page = out / "report-2.html"
    os.utime(page, ns=(page.stat().st_atime_ns, page.stat().st_mtime_ns + 1))
    (out / "a.b.mp3").write_bytes(b"changed")
    assert list(stamp.settled(argv, slug)) == ["report.md"]
    # Files in folders below count too.
    stamp.write(argv, str(out), str(source), (".md",), [], [], summary)
    assert stamp.unchanged(argv) == summary
    (out / "sub" / "inner.txt").write_text("changed", "utf-8")
    assert stamp.unchanged(argv) is None
