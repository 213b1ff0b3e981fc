"""narrate: offline text-to-speech audio editions of articles, published as a podcast feed."""

from __future__ import annotations

__version__ = "0.1.0"

from narrate.edition import Edition, Episode, Segment  # noqa: E402
from narrate.errors import NarrateError  # noqa: E402
from narrate.normalise import normalise  # noqa: E402

__all__ = ["Edition", "Episode", "NarrateError", "Segment", "__version__", "normalise"]
