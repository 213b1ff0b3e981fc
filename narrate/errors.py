"""Error types: every failure a user can fix is a NarrateError with a one-line message."""

from __future__ import annotations


class NarrateError(Exception):
    """Base error; its message says what went wrong and how to fix it."""


class InputError(NarrateError):
    """An article could not be read or has nothing to speak."""


class ConfigError(NarrateError):
    """narrate.toml, an environment variable or an option is invalid."""


class UsageError(ConfigError):
    """A command-line option or argument is invalid (the CLI exits with status 2)."""


class EngineError(NarrateError):
    """A speech engine is missing or failed to synthesise a chunk."""


class WorkersError(EngineError):
    """The worker processes could not start: no article of the build can be rendered."""


class ToolError(NarrateError):
    """An external tool (ffmpeg, ffprobe) is missing or failed."""
