"""narrate: offline text-to-speech audio editions of articles, published as a podcast feed.

The library API: ``normalise`` (text as a newsreader says it), ``read_article`` (a file
into an ``Edition``), ``render`` (one article into an episode) and ``build`` (a folder of
articles into episodes, a feed and a page), with ``load_settings`` for their settings.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = [
    "BuildReport",
    "Edition",
    "Episode",
    "NarrateError",
    "RenderResult",
    "Segment",
    "Settings",
    "__version__",
    "build",
    "load_settings",
    "normalise",
    "read_article",
    "render",
]

if TYPE_CHECKING:
    from narrate.config import Settings
    from narrate.edition import Edition, Episode, Segment
    from narrate.errors import NarrateError
    from narrate.pipeline import BuildReport, RenderResult, build, render
    from narrate.reader import read_article
    from narrate.settings import load_settings
    from narrate.textnorm import normalise

# Loaded on first use: `narrate build` with nothing to do must not pay for the normaliser.
_LAZY = {
    "BuildReport": "narrate.pipeline",
    # The normaliser function; its package is narrate.textnorm, a name that never shadows it.
    "normalise": "narrate.textnorm",
    "Edition": "narrate.edition",
    "Episode": "narrate.edition",
    "NarrateError": "narrate.errors",
    "RenderResult": "narrate.pipeline",
    "Segment": "narrate.edition",
    "Settings": "narrate.config",
    "build": "narrate.pipeline",
    "load_settings": "narrate.settings",
    "read_article": "narrate.reader",
    "render": "narrate.pipeline",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'narrate' has no attribute {name!r}")
