"""The command line: results on stdout, one-line errors on stderr, exit codes, no tracebacks."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import SEED, write_article
from typer.testing import CliRunner

from narrate.cli import app

runner = CliRunner()


def invoke(*args: str):  # noqa: ANN201
    return runner.invoke(app, list(args), env={"NARRATE_ENGINE": "silent", "NARRATE_JOBS": "1"})


def test_build_then_rebuild_says_nothing_was_rendered(seeds: Path, tmp_path: Path) -> None:
    out = tmp_path / "audio"
    first = invoke("build", str(seeds), "--out", str(out))
    assert first.exit_code == 0, first.stderr
    assert re.search(r"000_8dea0efc4732bc9d\.mp3: \d+\.\d s, \d+ chunks rendered", first.stdout)
    assert "Wrote feed.xml, index.html" in first.stdout
    second = invoke("build", str(seeds), "--out", str(out))
    assert second.exit_code == 0
    assert "No chunk rendered: every episode was already up to date." in second.stdout
    assert "Feed and page unchanged." in second.stdout


def test_render_writes_the_episode(tmp_path: Path) -> None:
    result = invoke("render", str(SEED), "--out", str(tmp_path / "o"))
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "o" / "000_8dea0efc4732bc9d.mp3").is_file()


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (None, "no such file"),
        (b"", "the file is empty"),
        (b"\x00\x01\x02binary\x00", "is a binary file, not UTF-8 text"),
        (b"\xff\xfe\xfa not utf-8", "is not UTF-8 text (invalid byte at offset 0); "
                                   "convert it with iconv -t UTF-8"),
        (b"English\n\nOnly a title\n", "the article has no body text after its title"),
    ],
)  # fmt: skip
def test_bad_input_is_one_line_and_writes_nothing(
    tmp_path: Path, content: bytes | None, problem: str
) -> None:
    out = tmp_path / "audio"
    good = invoke("build", str(SEED.parent), "--out", str(out))
    assert good.exit_code == 0
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    bad = tmp_path / "bad.txt"
    if content is not None:
        bad.write_bytes(content)
    for command in ("render", "script"):
        args = [command, str(bad)] + (["--out", str(out)] if command == "render" else [])
        result = invoke(*args)
        assert result.exit_code == 1
        assert result.stdout == ""
        assert result.stderr == f"Error: {bad}: {problem}\n"
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


def test_build_reports_a_bad_article_but_builds_the_others(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    write_article(src, "good.txt", "Good", "A fine paragraph.")
    (src / "empty.txt").write_bytes(b"")
    result = invoke("build", str(src), "--out", str(tmp_path / "audio"))
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [f"Error: {src / 'empty.txt'}: the file is empty"]
    assert (tmp_path / "audio" / "good.mp3").is_file()
    assert "good.mp3" in (tmp_path / "audio" / "feed.xml").read_text()


def test_build_of_a_missing_folder(tmp_path: Path) -> None:
    result = invoke("build", str(tmp_path / "nope"))
    assert result.exit_code == 1
    assert result.stderr == f"Error: {tmp_path / 'nope'}: no such folder of articles\n"


def test_script_prints_every_chunk(tmp_path: Path) -> None:
    result = invoke("script", str(SEED))
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    # The intro speaks the headline in place of the title segment.
    assert lines[0].startswith("[0] intro: Civilian death toll mounts")
    assert any("Raqqa" in line for line in lines)
    assert [int(line[1 : line.index("]")]) for line in lines] == list(range(len(lines)))


def test_script_of_the_seed_has_no_digit() -> None:
    result = invoke("script", str(SEED))
    assert result.exit_code == 0
    assert not re.search(r"\d", re.sub(r"^\[\d+\]", "", result.stdout, flags=re.M))


def test_voices_lists_the_engine_voices() -> None:
    result = invoke("voices", "--engine", "silent")
    assert result.exit_code == 0
    assert result.stdout == "silent\tSilence\ten,es,fr,de\n"


def test_unknown_engine_and_bad_config(tmp_path: Path) -> None:
    result = invoke("voices", "--engine", "nope")
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: unknown engine 'nope': choose one of espeak, piper, pyttsx3, silent\n"
    )
    (tmp_path / "narrate.toml").write_text("[feed]\ntitel = 'x'\n")
    result = invoke("script", str(SEED))
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: narrate.toml: unknown key 'titel' in [feed]")


def test_usage_error_exits_2() -> None:
    result = invoke("render")
    assert result.exit_code == 2


def test_console_script_prints_no_traceback(tmp_path: Path) -> None:
    env = {**os.environ, "NARRATE_ENGINE": "silent"}
    proc = subprocess.run(
        [sys.executable, "-m", "narrate", "render", str(tmp_path / "missing.txt")],
        capture_output=True, text=True, env=env, check=False,
    )  # fmt: skip
    assert proc.returncode == 1
    assert proc.stderr == f"Error: {tmp_path / 'missing.txt'}: no such file\n"
    assert "Traceback" not in proc.stderr


def test_output_folder_that_is_a_file_is_one_line(tmp_path: Path) -> None:
    out = tmp_path / "audio"
    out.write_text("not a folder")
    result = invoke("render", str(SEED), "--out", str(out))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {SEED}: cannot write or read {out}")
    assert result.stderr.count("\n") == 1


def test_bad_source_date_epoch_is_one_line(tmp_path: Path) -> None:
    result = runner.invoke(
        app,
        ["render", str(SEED), "--out", str(tmp_path / "o")],
        env={"NARRATE_ENGINE": "silent", "SOURCE_DATE_EPOCH": "yesterday"},
    )
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: SOURCE_DATE_EPOCH must be whole seconds since 1970, not 'yesterday'\n"
    )
