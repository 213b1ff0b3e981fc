"""narrate: offline text-to-speech audio editions of articles, published as a podcast feed.

The library API: ``normalise`` (text as a newsreader says it), ``read_article`` (a file
into an ``Edition``), ``render`` (one article into an episode) and ``build`` (a folder of
articles into episodes, a feed and a page), with ``load_settings`` for their settings.
"""

from __future__ import annotations

import sys
import types
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
    from narrate.normalise import normalise
    from narrate.pipeline import BuildReport, RenderResult, build, render
    from narrate.reader import read_article
    from narrate.settings import load_settings

# Loaded on first use: `narrate build` with nothing to do must not pay for the normaliser.
_LAZY = {
    "BuildReport": "narrate.pipeline",
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


class _Package(types.ModuleType):
    """The ``narrate`` package, whose ``normalise`` is always the function.

    Importing the submodule ``narrate.normalise`` would otherwise replace the attribute
    with the module (the import system sets a package's attribute to each submodule it
    loads), so ``from narrate import normalise`` would give a module, not the function.
    The submodule stays importable by name (``from narrate.normalise import Lexicon``).
    """

    @property
    def normalise(self) -> Any:
        """The normaliser: written text into the words a newsreader says."""
        import importlib

        return importlib.import_module("narrate.normalise").normalise

    @normalise.setter
    def normalise(self, value: object) -> None:
        # The import system announcing the submodule: the function stays the attribute.
        if not isinstance(value, types.ModuleType):
            raise AttributeError("narrate.normalise is the normaliser function")


sys.modules[__name__].__class__ = _Package
