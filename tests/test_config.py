"""Settings: options over NARRATE_* over narrate.toml over defaults; unknown keys are errors."""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path

import pytest

from narrate.config import SECTIONS, Settings, user_config
from narrate.errors import ConfigError, UsageError
from narrate.settings import load_settings


def test_defaults() -> None:
    settings = load_settings(environ={})
    assert settings == Settings()
    assert settings.base_url == "http://127.0.0.1:8000/"


def test_precedence(tmp_path: Path) -> None:
    toml = tmp_path / "narrate.toml"
    toml.write_text('[feed]\ntitle = "From file"\nauthor = "File"\n[speech]\nrate = 150\n')
    env = {"NARRATE_RATE": "160", "NARRATE_AUTHOR": "Env"}
    settings = load_settings(toml, environ=env, author="Option", voice=None)
    assert (settings.title, settings.author, settings.rate) == ("From file", "Option", 160)


def test_reads_narrate_toml_from_the_working_folder(tmp_path: Path) -> None:
    (tmp_path / "narrate.toml").write_text('[feed]\nbase_url = "https://example.org/pod"\n')
    assert load_settings(environ={}).base_url == "https://example.org/pod/"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[feed]\ntitel = 1\n", "unknown key 'titel' in [feed]"),
        ("[voice]\nrate = 1\n", "unknown section [voice]"),
        ("[speech]\nrate = 'fast'\n", "rate must be a whole number, not 'fast'"),
        ("[feed\n", "not valid TOML"),
        ("[audio]\nbitrate = 1000\n", "bitrate must be one of 32, 40, 48"),
        ("[audio]\nbitrate = 65\n", "bitrate must be one of 32, 40, 48"),
        ("[audio]\nsample_rate = 22050\n", "sample_rate must be 32000, 44100 or 48000"),
    ],
)
def test_bad_config_is_named(tmp_path: Path, text: str, message: str) -> None:
    toml = tmp_path / "narrate.toml"
    toml.write_text(text)
    with pytest.raises(ConfigError, match=message.replace("[", r"\[").replace("]", r"\]")):
        load_settings(toml, environ={})


def test_bad_environment_value_names_the_variable() -> None:
    with pytest.raises(ConfigError, match="NARRATE_EXPLICIT: explicit must be true or false"):
        load_settings(environ={"NARRATE_EXPLICIT": "maybe"})


def test_missing_config_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="no such configuration file"):
        load_settings(tmp_path / "nope.toml")


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("intro_text", "{title:d}. From {source}.",
         "intro_text: field {title:d} has a format; write it plainly as {title}"),
        ("outro_text", "{feed!r}", "outro_text: field {feed!r} has a format"),
        ("intro_text", "{0} {}", "intro_text: unknown field {0}"),
        ("intro_text", "{title", "intro_text: is not a valid template"),
        ("pause_section_ms", 999999999, "pause_section_ms must be between 0 and 60000 ms"),
        ("pause_sentence_ms", -1, "pause_sentence_ms must be between 0 and 60000 ms, not -1"),
        ("rate", 5000, "rate must be between 40 and 500 words per minute, not 5000"),
        ("jobs", -2, "jobs must be between 0 and 1024 processes, not -2"),
        ("chapter_minutes", 0, "chapter_minutes must be between 1 and 1440 minutes, not 0"),
        ("base_url", "javascript:alert(1)", "base_url must start with http:// or https://"),
        ("base_url", 'https://example.org/"onmouseover="x',
         "base_url must not contain '\"': percent-encode it"),
        ("base_url", "https://example.org/a b/", "base_url must not contain ' '"),
        ("base_url", "https:///nohost", "base_url must name a host"),
        ("link", "javascript:alert(1)", "link must start with http:// or https://"),
        ("link", "https://example.org/'x'", "link must not contain \"'\""),
        ("title", "Bad\x1b[2Jtitle", "title must not contain control characters"),
        ("language", "english", "language must be a language code such as en or en-GB"),
        ("email", "not an address", "email must be an e-mail address"),
        ("engine", "espek", "engine 'espek' is unknown (did you mean 'espeak'?)"),
        ("category", "Newz", "category 'Newz' is not in Apple's list"),
    ],
)  # fmt: skip
def test_every_value_is_checked_where_it_is_read(
    tmp_path: Path, key: str, value: object, message: str
) -> None:
    section = next(s for s, keys in SECTIONS.items() if key in keys)
    toml = tmp_path / "elsewhere.toml"  # not ./narrate.toml, which every load reads
    quoted = json.dumps(value)  # a TOML basic string or integer, escapes included
    toml.write_text(f"[{section}]\n{key} = {quoted}\n", encoding="utf-8")
    # From the file: one line naming the file, a failure (exit 1), not a usage error.
    with pytest.raises(ConfigError) as from_file:
        load_settings(toml, environ={})
    assert str(from_file.value).startswith(f"{toml}: {message}")
    assert not isinstance(from_file.value, UsageError)
    # From the environment: named by the variable.
    with pytest.raises(ConfigError) as from_env:
        load_settings(environ={f"NARRATE_{key.upper()}": str(value)})
    assert str(from_env.value).startswith(f"NARRATE_{key.upper()}: {message}")
    # From an option: a usage error (exit 2) named by the option.
    with pytest.raises(UsageError) as from_option:
        load_settings(environ={}, **{key: value})
    assert str(from_option.value).startswith(f"--{key.replace('_', '-')}: {message}")


def test_a_title_that_is_not_utf8_is_one_line() -> None:
    undecodable = os.fsdecode(b"caf\xe9")  # how os.environ holds Latin-1 bytes
    with pytest.raises(ConfigError, match="^NARRATE_TITLE: title is not valid UTF-8 text$"):
        load_settings(environ={"NARRATE_TITLE": undecodable})


def test_good_values_pass() -> None:
    settings = load_settings(
        environ={},
        intro_text="{title}. {{Braces}} are fine.",
        pause_section_ms=0,
        base_url="https://example.org:8443/pod%20cast",
        link="https://example.org/?a=1&b=2",
        language="en-GB",
        email="pod.cast+1@example.org",
        description="Two lines\nand a\ttab.",
        category="News > Tech News",
    )
    assert settings.base_url == "https://example.org:8443/pod%20cast/"


def test_user_settings_lie_below_the_project_ones(tmp_path: Path) -> None:
    user = tmp_path / "xdg" / "narrate"
    user.mkdir(parents=True)
    (user / "narrate.toml").write_text('[feed]\nauthor = "Me"\n[speech]\nrate = 150\n')
    (tmp_path / "narrate.toml").write_text("[speech]\nrate = 160\n")
    env = {"XDG_CONFIG_HOME": str(tmp_path / "xdg")}
    settings = load_settings(environ=env)
    assert (settings.author, settings.rate) == ("Me", 160)
    assert load_settings(environ={**env, "NARRATE_RATE": "170"}).rate == 170
    (user / "narrate.toml").write_text("[speech]\nrat = 1\n")
    with pytest.raises(ConfigError, match=f"^{user / 'narrate.toml'}: unknown key 'rat'"):
        load_settings(environ=env)


def test_user_settings_default_to_dot_config(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    expected = tmp_path / ".config" / "narrate" / "narrate.toml"
    assert user_config({}) == expected
    # A relative XDG_CONFIG_HOME is invalid (XDG spec): the default is used.
    assert user_config({"XDG_CONFIG_HOME": "relative"}) == expected
    assert user_config({"XDG_CONFIG_HOME": "/etc/xdg"}) == Path("/etc/xdg/narrate/narrate.toml")


def test_a_user_lexicon_is_read_below_the_project_one(tmp_path: Path) -> None:
    user = tmp_path / "xdg" / "narrate"
    user.mkdir(parents=True)
    (user / "narrate.lexicon.toml").write_text("")
    (tmp_path / "narrate.lexicon.toml").write_text("")
    settings = load_settings(environ={"XDG_CONFIG_HOME": str(tmp_path / "xdg")})
    assert settings.lexicons == (str(user / "narrate.lexicon.toml"), "narrate.lexicon.toml")


def test_unknown_narrate_variables_are_warned_about(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="narrate"):
        load_settings(environ={"NARRATE_RAET": "1", "NARRATE_TITEL": "x", "NARRATE_DEBUG": "1"})
    assert [r.getMessage() for r in caplog.records] == [
        "NARRATE_RAET is not a narrate setting (did you mean 'NARRATE_RATE'?); ignored",
        "NARRATE_TITEL is not a narrate setting (did you mean 'NARRATE_TITLE'?); ignored",
    ]


def test_a_misplaced_key_names_its_section(tmp_path: Path) -> None:
    toml = tmp_path / "narrate.toml"
    toml.write_text("[feed]\nrate = 150\n")
    with pytest.raises(
        ConfigError, match=r"unknown key 'rate' in \[feed\] \(it belongs in \[speech\]\)"
    ):
        load_settings(toml, environ={})


@pytest.mark.parametrize("value", ["[]", "{}", "[1, 2]", "{ a = 1 }"])
def test_a_list_or_table_where_a_number_goes_is_one_line(tmp_path: Path, value: str) -> None:
    path = tmp_path / "narrate.toml"
    path.write_text(f"[speech]\nrate = {value}\n")
    with pytest.raises(ConfigError, match=r"rate must be a whole number, not "):
        load_settings(config=path)
