"""Settings: options over NARRATE_* variables over ./narrate.toml over the user's narrate.toml.

This is the only module that reads configuration. Unknown keys are an error, so a typo
in narrate.toml is reported instead of silently ignored; an unknown NARRATE_* variable
is warned about (through the ``narrate`` logger). Every value is checked as it is read,
so a bad one is one line naming its source, never a crash later in the build.

The rules of values that belong to one stage (an MP3 bitrate, an engine's name, a cover
image, a feed category) are that stage's: each keeps a small spec object (``SettingsSpec``)
and ``narrate.settings.load_settings`` passes them all here, so this module imports no stage.
"""

from __future__ import annotations

import dataclasses
import difflib
import logging
import os
import re
import string
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urlsplit

from narrate.errors import ConfigError, UsageError

CONFIG_FILE = "narrate.toml"
# A project's pronunciation lexicon, read from beside narrate.toml when present.
LEXICON_FILE = "narrate.lexicon.toml"


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
    # The feed's <copyright>; "" writes "© <years of the episodes> <author>".
    copyright: str = ""
    # [speech]
    engine: str = "pyttsx3"
    voice: str = ""
    # Words per minute of speech (pauses left out), as measured; a newsreader's pace.
    rate: int = 157
    # The voice for an article in that language when ``voice`` does not speak it.
    voice_en: str = ""
    voice_es: str = ""
    voice_fr: str = ""
    voice_de: str = ""
    # A folder of Piper voices searched besides $XDG_DATA_HOME/narrate/voices.
    voices_dir: str = ""
    # Where `narrate voices --download` fetches Piper voices (the official repository).
    voices_url: str = "https://huggingface.co/rhasspy/piper-voices/resolve/main/"
    lexicon: str = ""
    # Where a neural engine (Piper) runs: "auto" takes CUDA when onnxruntime-gpu sees one.
    device: str = "auto"
    # Intro and outro templates; fields {title} {source} {date} {feed}. A sentence whose
    # fields are all empty is left out, so an article without a date still reads well.
    intro: bool = True
    intro_text: str = "{title}. From {source}. Published {date}."
    # A book's intro (EPUB, Project Gutenberg): its author too ({author}), and no date (an
    # ebook's date is the file's, not the book's).
    book_intro_text: str = "{title}. By {author}. From {source}."
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
    # An audio file (any format ffmpeg reads) played under the intro and outro; "" for none.
    jingle: str = ""
    # Also an Opus or AAC rendition of each episode ("opus", "aac"; "" for none), listed in
    # the feed as podcast:alternateEnclosure.
    alternate: str = ""
    # Episodes at least this long are also exported as M4B audiobooks; 0 for never.
    audiobook_minutes: int = 0
    # Items in feed.xml, newest first; older ones are listed in archive feeds it links to.
    feed_items: int = 300
    # [build]
    jobs: int = 0
    cache_dir: str = ""
    # Bound of the chunk cache in MB, least recently used units evicted first (those of
    # published episodes last); 0 for no bound.
    max_cache_mb: int = 0
    # Keep the engine's audio of every chunk (5 times the size of its MP3 frames) so new
    # audio settings re-encode without speaking again.
    keep_audio: bool = False
    scheduler: str = ""
    # Whose date is the feed's pubDate: the article's when it says ("article"), or the
    # first render's ("build").
    date_from: str = "article"
    # [read]
    max_input_mb: int = 50  # larger input files are refused
    code_blocks: str = "skip"  # code in Markdown, HTML, EPUB: "skip", or "note" (a spoken note)
    tables: str = "rows"  # "rows" (read row by row) or "skip"
    image_alt: bool = False  # speak images' alt text
    captions: str = "read"  # image captions in pages: "read" (each once) or "skip"
    inline_code: str = "read"  # Markdown `code` in a sentence: "read" as words, or "skip"
    prune: bool = False  # a feed read as input: drop episodes of entries it no longer has
    split: str = "book"  # an EPUB as one episode ("book") or one per chapter ("chapters")
    # Derived, not a key: every lexicon file in force, lowest priority first.
    lexicons: tuple[str, ...] = ()

    def replace(self, **changes: Any) -> Settings:
        """A copy with some settings changed."""
        return dataclasses.replace(self, **changes)

    @property
    def workers(self) -> int:
        """Worker processes to use: ``jobs`` or, when 0, one per core."""
        return self.jobs if self.jobs > 0 else (os.cpu_count() or 1)


class SettingsSpec(Protocol):
    """The rules a stage keeps for the settings it uses, checked as they are read."""

    def problem(self, name: str, value: Any) -> str | None:
        """Why ``value`` will not do for setting ``name`` (the text after the name), or None."""
        ...

    def validate(self, settings: Settings, origin: Mapping[str, str]) -> None:
        """Raise ConfigError for what needs more than one value (``origin``: where each is from)."""
        ...


SECTIONS = {
    "feed": ("title", "description", "author", "email", "link", "base_url", "language",
             "category", "explicit", "cover", "copyright", "feed_items"),
    "speech": ("engine", "voice", "rate", "lexicon", "intro", "intro_text", "book_intro_text",
               "outro", "outro_text", "device", "voice_en", "voice_es", "voice_fr", "voice_de",
               "voices_dir", "voices_url"),
    "audio": ("bitrate", "sample_rate", "pause_sentence_ms", "pause_paragraph_ms",
              "pause_section_ms", "max_chunk_chars", "chapter_minutes", "jingle", "alternate",
              "audiobook_minutes"),
    "build": ("jobs", "cache_dir", "max_cache_mb", "keep_audio", "scheduler", "date_from"),
    "read": ("max_input_mb", "code_blocks", "tables", "image_alt", "captions", "inline_code",
             "prune", "split"),
}  # fmt: skip
_TYPES = {f.name: f.type for f in fields(Settings)}
_KEYS = [key for keys in SECTIONS.values() for key in keys]
# NARRATE_* variables that are not settings but are still read by narrate.
OTHER_VARIABLES = ("NARRATE_DEBUG",)
VARIABLES = tuple(f"NARRATE_{key.upper()}" for key in _KEYS) + OTHER_VARIABLES
log = logging.getLogger("narrate")

# C0 and C1 control characters: they reach XML, pages and terminals, where they do harm.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_CONTROL_BUT_LINES = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_LANGUAGE = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*")
_EMAIL = re.compile(r"[^@\s\"'<>()\[\],;:\\]+@[^@\s\"'<>()\[\],;:\\]+\.[A-Za-z0-9-]+")
# Longest pause: a minute is already far more than any reading needs.
MAX_PAUSE_MS = 60_000
# (lowest, highest, unit) for every whole-number setting that is a quantity.
_RANGES = {
    "rate": (40, 500, "words per minute"),
    "pause_sentence_ms": (0, MAX_PAUSE_MS, "ms"),
    "pause_paragraph_ms": (0, MAX_PAUSE_MS, "ms"),
    "pause_section_ms": (0, MAX_PAUSE_MS, "ms"),
    "max_chunk_chars": (40, 100_000, "characters"),
    "chapter_minutes": (1, 24 * 60, "minutes"),
    "jobs": (0, 1024, "processes"),
    "max_input_mb": (1, 100_000, "MB"),
    "audiobook_minutes": (0, 100_000, "minutes (0: never)"),
    "feed_items": (1, 100_000, "items"),
    "max_cache_mb": (0, 100_000_000, "MB (0: no bound)"),
}


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
            if isinstance(value, bool) or isinstance(value, float) and not value.is_integer():
                raise ValueError
            return int(value)
        if not isinstance(value, str | int | float) or isinstance(value, bool):
            raise ValueError
        return str(value)
    except (ValueError, OverflowError, TypeError):  # TypeError: a TOML list or table
        wanted = {"int": "a whole number", "bool": "true or false"}.get(str(kind), "text")
        raise setting_error(where, f"{name} must be {wanted}, not {shown(value)}") from None


def shown(value: Any) -> str:
    """A value as it may be quoted in an error line: no control characters, bounded."""
    text = repr(value)
    text = text.encode("ascii", "backslashreplace").decode("ascii")
    return text if len(text) <= 60 else text[:57] + "..."


def _url_problem(url: str) -> str | None:
    """Why ``url`` cannot be written into a feed or a page as it is, or None."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        return "must start with http:// or https://"
    if not parts.hostname:
        return "must name a host, as in https://example.org/"
    bad = next((c for c in url if c.isspace() or c in "\"'<>\\`{}|^" or _CONTROL.match(c)), None)
    if bad is not None:
        return f"must not contain {bad!r}: percent-encode it"
    try:
        parts.port  # noqa: B018  (raises on a port that is not a number)
    except ValueError:
        return "has a port that is not a number"
    return None


def _check_value(name: str, value: Any, specs: Iterable[SettingsSpec]) -> str | None:
    """Why one setting's value is not acceptable (the text after its name), or None."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return "is not valid UTF-8 text"
        pattern = _CONTROL_BUT_LINES if name == "description" else _CONTROL
        if pattern.search(value):
            return f"must not contain control characters, not {shown(value)}"
    if name in _RANGES:
        low, high, unit = _RANGES[name]
        if not low <= value <= high:
            return f"must be between {low} and {high} {unit}, not {value}"
    if name in _CHOICES and value not in _CHOICES[name]:
        *others, final = (repr(c) if c else "empty" for c in _CHOICES[name])
        return f"must be {', '.join(others)} or {final}, not {shown(value)}"
    if name in ("intro_text", "outro_text", "book_intro_text"):
        known = (*TEMPLATE_FIELDS, "author") if name == "book_intro_text" else TEMPLATE_FIELDS
        problem = _template_problem(value, known)
        return f": {problem}" if problem else None
    if name in ("base_url", "voices_url") or name == "link" and value:
        problem = _url_problem(value)
        return f"{problem}, not {shown(value)}" if problem else None
    if name == "language" and not _LANGUAGE.fullmatch(value):
        return f"must be a language code such as en or en-GB, not {shown(value)}"
    if name == "email" and value and not _EMAIL.fullmatch(value):
        return f"must be an e-mail address such as podcast@example.org, not {shown(value)}"
    if name == "scheduler" and value and ("://" not in value or any(c.isspace() for c in value)):
        return f"must be an address such as tcp://host:8786, not {shown(value)}"
    for spec in specs:
        problem = spec.problem(name, value)
        if problem:
            return problem
    return None


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` for the closest of ``choices``, or an empty string."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    if not close:
        lowered = {c.lower(): c for c in choices}
        close = difflib.get_close_matches(word.lower(), list(lowered), n=1, cutoff=0.6)
        close = [lowered[c] for c in close]
    return f" (did you mean {close[0]!r}?)" if close else ""


_CHOICES = {"date_from": ("article", "build"), "code_blocks": ("skip", "note"),
            "tables": ("rows", "skip"), "split": ("book", "chapters"),
            "captions": ("read", "skip"), "inline_code": ("read", "skip"),
            "alternate": ("", "opus", "aac"), "device": ("auto", "cpu", "cuda")}  # fmt: skip
TEMPLATE_FIELDS = ("title", "source", "date", "feed")


def _template_problem(template: str, names: tuple[str, ...] = TEMPLATE_FIELDS) -> str | None:
    """Why an intro or outro template cannot be filled in with ``names``, or None."""
    try:
        parsed = list(string.Formatter().parse(template))
    except ValueError:
        return "is not a valid template: write fields as {title}, and braces as {{ and }}"
    known = ", ".join(f"{{{f}}}" for f in names)
    for _, field, spec, conversion in parsed:
        if field is None:
            continue
        if field not in names:
            return f"unknown field {{{field}}}; use {known}"
        if spec or conversion:
            written = (
                f"{{{field}{'!' + conversion if conversion else ''}{':' + spec if spec else ''}}}"
            )
            return f"field {written} has a format; write it plainly as {{{field}}}"
    return None


def _validate(
    settings: Settings, origin: dict[str, str], specs: Iterable[SettingsSpec]
) -> Settings:
    """Checks that need more than one value; each line names where the value came from."""
    for spec in specs:
        spec.validate(settings, origin)
    if not settings.base_url.endswith("/"):
        settings = settings.replace(base_url=settings.base_url + "/")
    return settings


def setting_error(where: str, message: str) -> ConfigError:
    """A ConfigError naming its source; a UsageError when it is a command-line option."""
    kind = UsageError if where.startswith("--") else ConfigError
    return kind(f"{where}: {message}" if where else message)


def user_config(environ: Mapping[str, str] | None = None) -> Path:
    """The user's settings file: $XDG_CONFIG_HOME/narrate/narrate.toml (~/.config by default)."""
    env = os.environ if environ is None else environ
    base = env.get("XDG_CONFIG_HOME", "")
    # The XDG spec: a relative value is invalid and must be ignored.
    root = Path(base) if os.path.isabs(base) else Path(os.path.expanduser("~")) / ".config"
    return root / "narrate" / CONFIG_FILE


def settings_files(
    config: Path | None = None, environ: Mapping[str, str] | None = None
) -> list[Path]:
    """Every file the settings may be read from, lowest priority first (present or not)."""
    user = user_config(environ)
    project = config if config is not None else Path(CONFIG_FILE)
    return [user, user.parent / LEXICON_FILE, project, project.parent / LEXICON_FILE]


def _read_file(
    path: Path, values: dict[str, Any], origin: dict[str, str], specs: Iterable[SettingsSpec]
) -> None:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: not valid TOML ({exc})") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read it ({exc.strerror or exc})") from None
    for section, table in data.items():
        if section not in SECTIONS or not isinstance(table, dict):
            known = ", ".join(f"[{s}]" for s in SECTIONS)
            raise ConfigError(
                f"{path}: unknown section [{section}]{did_you_mean(section, SECTIONS)}; use {known}"
            )
        for key, value in table.items():
            if key not in SECTIONS[section]:
                elsewhere = next((s for s, keys in SECTIONS.items() if key in keys), None)
                hint = (
                    f" (it belongs in [{elsewhere}])"
                    if elsewhere
                    else did_you_mean(key, SECTIONS[section])
                )
                raise ConfigError(
                    f"{path}: unknown key {key!r} in [{section}]{hint}; "
                    f"known: {', '.join(SECTIONS[section])}"
                )
            _set(values, origin, key, value, str(path), specs)


def _set(
    values: dict[str, Any], origin: dict[str, str], name: str, value: Any, where: str,
    specs: Iterable[SettingsSpec],
) -> None:  # fmt: skip
    """Coerce and check one value from ``where``; the first bad one raises, naming it."""
    coerced = _coerce(name, value, where)
    problem = _check_value(name, coerced, specs)
    if problem:
        raise setting_error(where, f"{name}{'' if problem.startswith(':') else ' '}{problem}")
    values[name] = coerced
    origin[name] = where


def unknown_variables(environ: Mapping[str, str]) -> list[str]:
    """One warning per NARRATE_* variable that narrate does not read (a typo, usually)."""
    found = []
    for var in sorted(environ):
        if var.startswith("NARRATE_") and var not in VARIABLES:
            found.append(f"{var} is not a narrate setting{did_you_mean(var, VARIABLES)}; ignored")
    return found


def load_settings(
    config: Path | None = None,
    environ: Mapping[str, str] | None = None,
    lexicons: list[Path] | None = None,
    specs: Iterable[SettingsSpec] = (),
    **options: Any,
) -> Settings:
    """Settings from defaults, the user's file, ``config`` (or ./narrate.toml), NARRATE_*, options.

    Options whose value is None are ignored, so a CLI can pass every option through.
    Every value is checked as it is read, and a bad one raises a ConfigError naming its
    source (a UsageError when it is an option). Lexicons in force: ``narrate.lexicon.toml``
    beside the user's and the project's settings file, then the ``lexicon`` setting, then
    ``lexicons`` (later ones win). ``specs``: the stages' own rules, checked too
    (``narrate.settings.load_settings`` passes every stage's).
    """
    specs = tuple(specs)
    env = os.environ if environ is None else environ
    values: dict[str, Any] = {}
    origin: dict[str, str] = {}
    user_toml, user_lexicon, path, project_lexicon = settings_files(config, env)
    if config is not None and not path.is_file():
        raise ConfigError(f"{path}: no such configuration file")
    for toml in (user_toml, path):
        if toml.is_file():
            _read_file(toml, values, origin, specs)
    for name in _KEYS:
        var = f"NARRATE_{name.upper()}"
        if var in env:
            _set(values, origin, name, env[var], var, specs)
    for message in unknown_variables(env):
        log.warning(message)
    for name, value in options.items():
        if name not in _KEYS:
            raise ConfigError(f"unknown setting {name!r}")
        if value is not None:
            _set(values, origin, name, value, f"--{name.replace('_', '-')}", specs)
    files = [f for f in (user_lexicon, project_lexicon) if f.is_file()]
    for given in [*([values["lexicon"]] if values.get("lexicon") else []), *(lexicons or [])]:
        lexicon = Path(os.path.expanduser(str(given)))
        if not lexicon.is_file():
            raise ConfigError(f"{lexicon}: no such lexicon file")
        files.append(lexicon)
    values["lexicons"] = tuple(dict.fromkeys(str(f) for f in files))
    return _validate(Settings(**values), origin, specs)
