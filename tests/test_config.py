"""Settings: options over NARRATE_* over narrate.toml over defaults; unknown keys are errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from narrate.config import Settings, load_settings
from narrate.errors import ConfigError


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
        ("[speech]\nrate = 'fast'\n", "rate must be int, not 'fast'"),
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
    with pytest.raises(ConfigError, match="NARRATE_EXPLICIT: explicit must be bool"):
        load_settings(environ={"NARRATE_EXPLICIT": "maybe"})


def test_missing_config_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="no such configuration file"):
        load_settings(tmp_path / "nope.toml")
