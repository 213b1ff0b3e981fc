"""narrate: offline text-to-speech audio editions of articles, published as a podcast feed."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = ["Edition", "Episode", "NarrateError", "Segment", "__version__", "normalise"]

if TYPE_CHECKING:
    from narrate.edition import Edition, Episode, Segment
    from narrate.errors import NarrateError
    from narrate.normalise import normalise

# Loaded on first use: `narrate build` with nothing to do must not pay for the normaliser.
_LAZY = {
    "Edition": "narrate.edition",
    "Episode": "narrate.edition",
    "Segment": "narrate.edition",
    "NarrateError": "narrate.errors",
    "normalise": "narrate.normalise",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'narrate' has no attribute {name!r}")
