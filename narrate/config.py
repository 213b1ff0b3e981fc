"""Settings: command-line options over NARRATE_* environment variables over narrate.toml.

This is the only module that reads configuration. Unknown keys are an error, so a typo
in narrate.toml is reported instead of silently ignored.
"""

from __future__ import annotations

import dataclasses
import os
import string
import tomllib
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from narrate.errors import ConfigError

CONFIG_FILE = "narrate.toml"
# A project's pronunciation lexicon, read from beside narrate.toml when present.
LEXICON_FILE = "narrate.lexicon.toml"
MP3_BITRATES = (32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320)


@dataclass(frozen=True)
class Settings:
    """Everything a build depends on besides the articles themselves."""

    # [feed]
    title: str = "narrate audio edition"
    description: str = "Articles read aloud, rendered offline by narrate."
    author: str = "narrate"
    email: str = ""
    link: str = ""
    base_url: str = "http://127.0.0.1:8000/"
    language: str = "en"
    category: str = "News"
    explicit: bool = False
    # Square PNG or JPEG, 1400 to 3000 px, RGB; "" draws a default cover from the title.
    cover: str = ""
    # [speech]
    engine: str = "pyttsx3"
    voice: str = ""
    rate: int = 175
    lexicon: str = ""
    # Where a neural engine (Piper) runs: "auto" takes CUDA when onnxruntime-gpu sees one.
    device: str = "auto"
    # Intro and outro templates; fields {title} {source} {date} {feed}. A sentence whose
    # fields are all empty is left out, so an article without a date still reads well.
    intro: bool = True
    intro_text: str = "{title}. From {source}. Published {date}."
    outro: bool = True
    outro_text: str = "You have been listening to {feed}."
    # [audio]
    bitrate: int = 64
    sample_rate: int = 44100
    pause_sentence_ms: int = 300
    pause_paragraph_ms: int = 700
    pause_section_ms: int = 1200
    max_chunk_chars: int = 400
    chapter_minutes: int = 3
    # [build]
    jobs: int = 0
    cache_dir: str = ""
    scheduler: str = ""
    # Derived, not a key: every lexicon file in force, lowest priority first.
    lexicons: tuple[str, ...] = ()

    def replace(self, **changes: Any) -> Settings:
        """A copy with some settings changed."""
        return dataclasses.replace(self, **changes)

    @property
    def workers(self) -> int:
        """Worker processes to use: ``jobs`` or, when 0, one per core."""
        return self.jobs if self.jobs > 0 else (os.cpu_count() or 1)


SECTIONS = {
    "feed": ("title", "description", "author", "email", "link", "base_url", "language",
             "category", "explicit", "cover"),
    "speech": ("engine", "voice", "rate", "lexicon", "intro", "intro_text", "outro",
               "outro_text", "device"),
    "audio": ("bitrate", "sample_rate", "pause_sentence_ms", "pause_paragraph_ms",
              "pause_section_ms", "max_chunk_chars", "chapter_minutes"),
    "build": ("jobs", "cache_dir", "scheduler"),
}  # fmt: skip
_TYPES = {f.name: f.type for f in fields(Settings)}
_KEYS = [key for keys in SECTIONS.values() for key in keys]


def _coerce(name: str, value: Any, where: str) -> Any:
    kind = _TYPES[name]
    try:
        if kind == "bool":
            if isinstance(value, bool):
                return value
            text = str(value).strip().lower()
            if text in ("1", "true", "yes", "on"):
                return True
            if text in ("0", "false", "no", "off"):
                return False
            raise ValueError
        if kind == "int":
            if isinstance(value, bool):
                raise ValueError
            return int(value)
        if not isinstance(value, str | int | float) or isinstance(value, bool):
            raise ValueError
        return str(value)
    except ValueError:
        raise ConfigError(f"{where}: {name} must be {kind}, not {value!r}") from None


TEMPLATE_FIELDS = ("title", "source", "date", "feed")


def _check_template(name: str, template: str) -> None:
    try:
        names = {f for _, f, _, _ in string.Formatter().parse(template) if f is not None}
    except ValueError:
        raise ConfigError(f"{name} is not a valid template: write fields as {{title}}") from None
    unknown = sorted(names - set(TEMPLATE_FIELDS))
    if unknown:
        known = ", ".join(f"{{{f}}}" for f in TEMPLATE_FIELDS)
        raise ConfigError(f"{name}: unknown field {{{unknown[0]}}}; use {known}")


def _validate(settings: Settings) -> Settings:
    _check_template("intro_text", settings.intro_text)
    _check_template("outro_text", settings.outro_text)
    if settings.chapter_minutes < 1:
        raise ConfigError("chapter_minutes must be at least 1")
    if settings.cover:
        from narrate.cover import cover_image

        cover_image(settings.cover, settings.title)  # raises ConfigError on a bad image
    # Episodes are MPEG-1 Layer III (1152-sample frames): its bitrates and sample rates.
    if settings.bitrate not in MP3_BITRATES:
        raise ConfigError(
            f"bitrate must be one of {', '.join(map(str, MP3_BITRATES))} kbps, "
            f"not {settings.bitrate}"
        )
    if settings.sample_rate not in (32000, 44100, 48000):
        raise ConfigError(f"sample_rate must be 32000, 44100 or 48000, not {settings.sample_rate}")
    if not 40 <= settings.rate <= 500:
        raise ConfigError(f"rate must be between 40 and 500 words per minute, not {settings.rate}")
    if settings.device not in ("auto", "cpu", "cuda"):
        raise ConfigError(f'device must be "auto", "cpu" or "cuda", not {settings.device!r}')
    if settings.max_chunk_chars < 40:
        raise ConfigError("max_chunk_chars must be at least 40")
    if settings.scheduler and "://" not in settings.scheduler:
        raise ConfigError(
            f"scheduler must be an address such as tcp://host:8786, not {settings.scheduler!r}"
        )
    if not settings.base_url.startswith(("http://", "https://")):
        raise ConfigError(
            f"base_url must start with http:// or https://, not {settings.base_url!r}"
        )
    if not settings.base_url.endswith("/"):
        settings = settings.replace(base_url=settings.base_url + "/")
    return settings


def load_settings(
    config: Path | None = None,
    environ: dict[str, str] | None = None,
    lexicons: list[Path] | None = None,
    **options: Any,
) -> Settings:
    """Settings from defaults, then ``config`` (or ./narrate.toml), then NARRATE_*, then options.

    Options whose value is None are ignored, so a CLI can pass every option through.
    Lexicons in force: ``narrate.lexicon.toml`` beside the config file, then the
    ``lexicon`` setting, then ``lexicons`` (later ones win).
    """
    values: dict[str, Any] = {}
    path = config if config is not None else Path(CONFIG_FILE)
    if config is not None and not path.is_file():
        raise ConfigError(f"{path}: no such configuration file")
    if path.is_file():
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{path}: not valid TOML ({exc})") from None
        for section, table in data.items():
            if section not in SECTIONS or not isinstance(table, dict):
                known = ", ".join(f"[{s}]" for s in SECTIONS)
                raise ConfigError(f"{path}: unknown section [{section}]; use {known}")
            for key, value in table.items():
                if key not in SECTIONS[section]:
                    raise ConfigError(
                        f"{path}: unknown key {key!r} in [{section}]; "
                        f"known: {', '.join(SECTIONS[section])}"
                    )
                values[key] = _coerce(key, value, str(path))
    env = os.environ if environ is None else environ
    for name in _KEYS:
        var = f"NARRATE_{name.upper()}"
        if var in env:
            values[name] = _coerce(name, env[var], var)
    for name, value in options.items():
        if name not in _KEYS:
            raise ConfigError(f"unknown setting {name!r}")
        if value is not None:
            values[name] = _coerce(name, value, f"--{name.replace('_', '-')}")
    files: list[Path] = []
    project = path.parent / LEXICON_FILE
    if project.is_file():
        files.append(project)
    for given in [*([values["lexicon"]] if values.get("lexicon") else []), *(lexicons or [])]:
        lexicon = Path(os.path.expanduser(str(given)))
        if not lexicon.is_file():
            raise ConfigError(f"{lexicon}: no such lexicon file")
        files.append(lexicon)
    values["lexicons"] = tuple(str(f) for f in files)
    return _validate(Settings(**values))
