"""The command line: results on stdout, one-line errors on stderr, exit codes, no tracebacks."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
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


def test_voices_lists_the_engine_voices_under_a_header() -> None:
    result = invoke("voices", "--engine", "silent")
    assert result.exit_code == 0
    assert result.stdout == "VOICE   NAME     LANGUAGES\nsilent  Silence  en,es,fr,de\n"


@pytest.mark.parametrize("language", ["fr", "FR", "en-GB", "english", "French"])
def test_voices_filter_by_language_code_or_name(language: str) -> None:
    result = invoke("voices", "--engine", "silent", "--language", language)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[1].split() == ["silent", "Silence", "en,es,fr,de"]


def test_voices_for_a_language_no_voice_speaks_is_an_error() -> None:
    result = invoke("voices", "--engine", "silent", "--language", "klingon")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        "Error: the silent engine has no voice for 'klingon'; run `narrate voices` for all\n"
    )


def test_espeak_voices_by_language_name_and_region() -> None:
    english = invoke("voices", "--engine", "espeak", "--language", "english")
    assert english.exit_code == 0
    rows = english.stdout.splitlines()
    assert rows[0].split() == ["VOICE", "NAME", "LANGUAGES"]
    assert any(row.split()[0].lower() == "gmw/en-us" for row in rows[1:])
    assert all("English" in row for row in rows[1:])
    region = invoke("voices", "--engine", "espeak", "--language", "en-gb")
    regions = [row.split()[-1] for row in region.stdout.splitlines()[1:]]
    assert "en-gb" in regions and "en-gb-scotland" in regions
    assert all(code.startswith("en-gb") for code in regions)


def test_engines_lists_every_engine_under_a_header() -> None:
    result = invoke("engines")
    assert result.exit_code == 0
    rows = [re.split(r"\s{2,}", row) for row in result.stdout.splitlines()]
    assert rows[0] == ["ENGINE", "STATE", "VERSION OR WHAT TO INSTALL"]
    assert {"espeak", "pyttsx3"} <= {row[0] for row in rows[1:]}
    # NARRATE_ENGINE=silent makes it the one in use.
    assert ["silent (default)", "ready", "silent-1"] in rows


def test_unknown_engine_is_a_usage_error_and_bad_config_a_failure(tmp_path: Path) -> None:
    result = invoke("voices", "--engine", "espek")
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: --engine: engine 'espek' is unknown (did you mean 'espeak'?): "
        "choose one of espeak, piper, pyttsx3, silent\n"
    )
    (tmp_path / "narrate.toml").write_text("[feed]\ntitel = 'x'\n")
    result = invoke("script", str(SEED))
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "Error: narrate.toml: unknown key 'titel' in [feed] (did you mean 'title'?)"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["render", "a.txt", "--rate", "5000"],
         "--rate: rate must be between 40 and 500 words per minute, not 5000"),
        (["build", "src", "--engine", "espek"],
         "--engine: engine 'espek' is unknown (did you mean 'espeak'?): "
         "choose one of espeak, piper, pyttsx3, silent"),
        (["render", "a.txt", "--voice", "silnt"],
         "--voice: voice 'silnt' is not one of the silent engine's voices; did you mean "
         "'silent'? (list them with: narrate voices --engine silent)"),
        (["build"], "name the folder of articles to build: narrate build FOLDER"),
        (["render", "a.txt", "-o", "-"],
         "--out -: episodes are several files, so they need a folder; name one"),
        (["render", "-"], "an article read from standard input (-) needs --title to name it"),
        (["render", "-", "-", "--title", "x"], "standard input (-) can be read only once"),
        (["build", "src", "-q", "-v"], "--quiet and --verbose contradict each other; give one"),
        (["build", "src", "--base-url", "javascript:alert(1)"],
         "--base-url: base_url must start with http:// or https://, not 'javascript:alert(1)'"),
        (["check", "a", "--out", "b"], "the folder is given twice (a and --out b); keep --out"),
    ],
)  # fmt: skip
def test_usage_errors_exit_2_with_one_line(tmp_path: Path, args: list[str], message: str) -> None:
    (tmp_path / "src").mkdir()
    write_article(tmp_path / "src", "a.txt", "Title", "Body.")
    result = invoke(*args)
    assert result.exit_code == 2
    assert result.stderr == f"Error: {message}\n"
    assert not (tmp_path / "-").exists() and not (tmp_path / "audio").exists()


@pytest.mark.parametrize(
    "args", [["render"], ["render", "a.txt", "--nope"], ["rendr"], ["render", "a.txt", "-j", "x"]]
)
def test_click_usage_errors_exit_2(args: list[str]) -> None:
    result = invoke(*args)
    assert result.exit_code == 2
    assert "Error:" in result.stderr


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


def _commands() -> list[str]:
    import typer.main

    return list(typer.main.get_command(app).commands)


# What typer prints for Python types when left to itself: never in a help page.
RAW_TYPE = re.compile(r"<\w+(\[\w+\])?>|list\[|\bPath\b|\bstr\b|\bint\b|\bbool\b|\{\w+[.\w]*\}")


@pytest.mark.parametrize("name", [None, *_commands()])
def test_help_reads_like_a_man_page(name: str | None) -> None:
    result = invoke(*([name] if name else []), "--help")
    assert result.exit_code == 0
    page = result.stdout
    assert not RAW_TYPE.search(page), RAW_TYPE.search(page)
    assert page.startswith(f"Usage: {'root ' + name if name else 'root'} [OPTIONS]")
    assert "\nExamples:\n  narrate " in page
    assert "-h, --help" in page
    if name is None:
        assert "\nExit status:\n  0 " in page and "\n  2    a usage error" in page
        assert set(_commands()) <= {
            line.split()[0] for line in page.splitlines() if line[:2] == "  "
        }


def test_every_command_is_documented() -> None:
    assert _commands() == [
        "render", "build", "add", "feed", "check", "remove", "serve", "inbox", "script", "voices",
        "engines",
    ]  # fmt: skip


@pytest.mark.parametrize("flag", ["-V", "--version"])
def test_version(flag: str) -> None:
    from narrate import __version__

    result = invoke(flag)
    assert (result.exit_code, result.stdout) == (0, f"narrate {__version__}\n")


def test_shell_completion_can_be_installed() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "narrate", "--show-completion", "bash"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert proc.returncode == 0
    assert "_NARRATE_COMPLETE=complete_bash" in proc.stdout
    completed = subprocess.run(
        [sys.executable, "-m", "narrate"], capture_output=True, text=True, check=False,
        env={**os.environ, "_NARRATE_COMPLETE": "complete_bash",
             "COMP_WORDS": "narrate bui", "COMP_CWORD": "1"},
    )  # fmt: skip
    assert completed.stdout.split() == ["build"]


def test_render_reads_standard_input(tmp_path: Path) -> None:
    out = tmp_path / "o"
    text = "The CIA paid $1.5 billion in 1999.\n\nA second paragraph.\n"
    result = runner.invoke(
        app, ["render", "-", "--title", "A Headline!", "-o", str(out)], input=text,
        env={"NARRATE_ENGINE": "silent", "NARRATE_JOBS": "1"},
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("a-headline.mp3: ")
    assert (out / "a-headline.mp3").is_file()
    assert not (tmp_path / "-").exists()
    vtt = (out / "a-headline.vtt").read_text()
    assert "A Headline!" in vtt and "second paragraph" in vtt


def test_script_reads_standard_input() -> None:
    result = runner.invoke(app, ["script", "-", "--title", "Hi"], input="It costs $5.\n")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[:2] == [
        "[0] intro: Hi.",
        "[1] sentence: It costs five dollars.",
    ]
    bad = runner.invoke(app, ["script", "-"], input="Only a line\n")
    assert bad.exit_code == 1
    assert bad.stderr == "Error: standard input: the article has no body text after its title\n"


def test_check_names_each_file_once(tmp_path: Path) -> None:
    folder = tmp_path / "empty"
    folder.mkdir()
    for args in (
        ["check", str(folder)],
        ["check", "-o", str(folder)],
        ["check", "--out", str(folder)],
    ):
        result = invoke(*args)
        assert result.exit_code == 1
        assert (
            result.stdout == f"{folder}/feed.xml: missing; run `narrate build` or `narrate feed`\n"
        )
        assert (
            result.stderr == f"Error: {folder}: 1 problem(s) in the published feed, listed above\n"
        )


def test_feed_check_and_serve_take_out(seeds: Path, tmp_path: Path) -> None:
    out = tmp_path / "audio"
    assert invoke("build", str(seeds), "-o", str(out)).exit_code == 0
    checked = invoke("check", "-o", str(out))
    assert (checked.exit_code, checked.stdout, checked.stderr) == (0, f"{out}: feed valid\n", "")
    fed = invoke("feed", "--out", str(out))
    assert fed.exit_code == 0 and fed.stdout.startswith("1 episodes; feed")
    served = invoke("serve", "-o", str(tmp_path / "nope"))
    assert served.exit_code == 1 and str(tmp_path / "nope") in served.stderr


def test_quiet_prints_nothing_and_verbose_says_why(seeds: Path, tmp_path: Path) -> None:
    out = tmp_path / "audio"
    quiet = invoke("build", str(seeds), "-o", str(out), "-q")
    assert (quiet.exit_code, quiet.stdout, quiet.stderr) == (0, "", "")
    again = invoke("build", str(seeds), "-o", str(out), "-v")
    article = seeds / SEED.name
    assert again.stderr == (
        f"{article}: skipped: the article, the settings and narrate are unchanged\n"
    )
    (seeds / SEED.name).write_text(SEED.read_text() + "\nOne more paragraph.\n")
    changed = invoke("build", str(seeds), "-o", str(out), "--verbose")
    assert changed.stderr.splitlines() == [
        f"{article}: reading it: the article, a setting, a lexicon or narrate itself changed",
        f"{article}: rendering: the spoken text or the sound changed",
    ]


def test_progress_lines_when_stderr_is_not_a_terminal(seeds: Path, tmp_path: Path) -> None:
    write_article(seeds, "b.txt", "Second", "Another paragraph.")
    out = tmp_path / "audio"
    # A quick run in a log prints no progress, unless asked for.
    plain = invoke("build", str(seeds), "-o", str(out))
    assert plain.stderr == ""
    forced = invoke("build", str(seeds), "-o", str(tmp_path / "two"), "--progress")
    lines = forced.stderr.splitlines()
    assert lines[0] == "Started: 0/2 articles, 0:00:00 elapsed"
    assert re.fullmatch(r"Done: 2/2 articles, 0:00:\d\d elapsed", lines[-1])
    off = invoke("build", str(seeds), "-o", str(tmp_path / "three"), "--no-progress")
    assert off.stderr == ""


def test_a_long_run_in_a_log_gets_periodic_lines(
    seeds: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import narrate.progress

    write_article(seeds, "b.txt", "Second", "Another paragraph.")
    # Every report is "30 s later": the lines a cron log of a long build gets.
    monkeypatch.setattr(narrate.progress, "INTERVAL", 0)
    result = invoke("build", str(seeds), "-o", str(tmp_path / "audio"))
    assert result.exit_code == 0
    lines = result.stderr.splitlines()
    progress = [line for line in lines if line.startswith("Progress: ")]
    assert progress and all(
        re.fullmatch(r"Progress: [0-2]/2 articles, 0:00:\d\d elapsed(, about 0:\d\d:\d\d left"
                     r"|, time left not known yet)?", line)
        for line in progress
    )  # fmt: skip
    assert "Progress: 1/2 articles" in result.stderr
    assert re.fullmatch(r"Done: 2/2 articles, 0:00:\d\d elapsed", lines[-1])
    assert "\x1b" not in result.stderr and "\r" not in result.stderr


def test_unknown_narrate_variable_is_warned_about() -> None:
    result = runner.invoke(
        app, ["script", str(SEED)], env={"NARRATE_RAET": "150", "NARRATE_ENGINE": "silent"}
    )
    assert result.exit_code == 0
    assert result.stderr == (
        "Warning: NARRATE_RAET is not a narrate setting (did you mean 'NARRATE_RATE'?); ignored\n"
    )


def test_escape_codes_in_file_names_never_reach_the_terminal(tmp_path: Path) -> None:
    name = tmp_path / "evil\x1b]0;owned\x07\x1b[2J.txt"
    result = invoke("render", str(name), "-o", str(tmp_path / "o"))
    assert result.exit_code == 1
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr
    assert result.stderr == f"Error: {tmp_path}/evil\\x1b]0;owned\\x07\\x1b[2J.txt: no such file\n"


def test_clean_escapes_controls_bidi_and_undecodable_bytes() -> None:
    from narrate.cli import clean

    assert clean("a\x1b[31mb\u202ec\udcffd\te") == "a\\x1b[31mb\\u202ec\\udcffd\te"
    assert clean("Café — naïve") == "Café — naïve"


def test_ctrl_c_exits_130_and_keeps_what_is_finished(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    paragraphs = [f"Paragraph {n} has a few words to say about the weather." for n in range(60)]
    for n in range(12):
        write_article(src, f"a{n:02d}.txt", f"Article {n}", *paragraphs)
    env = {**os.environ, "NARRATE_ENGINE": "silent", "NARRATE_JOBS": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "narrate", "build", str(src), "-o", str(tmp_path / "out")],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )  # fmt: skip
    deadline = 60
    while deadline and not list((tmp_path / "out").glob("*.mp3")):
        time.sleep(0.25)
        deadline -= 0.25
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, (out, err)
    assert err.endswith("Interrupted: finished files are kept, nothing was left half-written.\n")
    assert "Traceback" not in err
    assert list((tmp_path / "out").glob("*.mp3"))  # the episodes finished before stay


def test_verbose_and_quiet_answered_from_the_build_stamp(seeds: Path, tmp_path: Path) -> None:
    env = {**os.environ, "NARRATE_ENGINE": "silent", "NARRATE_JOBS": "1"}

    def run(*flags: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "narrate", "build", str(seeds), "-o", str(tmp_path / "o"),
             *flags], capture_output=True, text=True, env=env, check=False,
        )  # fmt: skip

    assert run("-v").returncode == 0
    again = run("-v")
    assert again.returncode == 0
    assert again.stderr == (
        "Every article skipped: nothing it depends on changed since the last build "
        "(its build stamp)\n"
    )
    assert run("-q").stdout == ""
    assert (run("-q").stdout, run("-q").stderr) == ("", "")
    env["NARRATE_RAET"] = "150"  # a typo is a change (a full build), then warned about again
    warning = (
        "Warning: NARRATE_RAET is not a narrate setting (did you mean 'NARRATE_RATE'?); ignored"
    )
    assert run("-q").stderr == run("-q").stderr == warning + "\n"
