"""Settings as a build uses them: config's reading and checks, and every stage's own rules.

``narrate.config`` reads the files, variables and options and checks what is generic (types,
ranges, choices, addresses); the rules of a value that belongs to one stage are kept by that
stage in a small spec object. This module sits above both and hands those specs to config,
so config imports no stage and no import closes a circle.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from narrate.config import Settings, SettingsSpec
from narrate.config import load_settings as read_settings
from narrate.cover import CoverSpec
from narrate.encode import EncodeSpec
from narrate.engines import EngineSpec


class _FeedRules:
    """The feed's spec, loaded only for a category other than the default (the feed module
    loads the normaliser, which most commands never need)."""

    @staticmethod
    def problem(name: str, value: Any) -> str | None:
        """Nothing is checked value by value."""
        return None

    @staticmethod
    def validate(settings: Settings, origin: Mapping[str, str]) -> None:
        """The feed's own check of the category."""
        if settings.category != Settings.category:
            from narrate.feed import FeedSpec

            FeedSpec.validate(settings, origin)


# In the order their checks run (a cover is read before the category is looked up).
SPECS: tuple[SettingsSpec, ...] = (EncodeSpec, EngineSpec, CoverSpec, _FeedRules)


def load_settings(
    config: Path | None = None,
    environ: Mapping[str, str] | None = None,
    lexicons: list[Path] | None = None,
    **options: Any,
) -> Settings:
    """``narrate.config.load_settings`` with every stage's rules: each value checked as read."""
    return read_settings(config, environ, lexicons, specs=SPECS, **options)
