"""Text normalisation for speech: every number, date, unit and acronym as words.

``normalise(text, lang)`` is pure, deterministic and never raises; its output has no
ASCII digits and normalising it again changes nothing.
"""

from __future__ import annotations

from .core import normalise
from .languages import language_code
from .lexicon import Lexicon

__all__ = ["Lexicon", "language_code", "normalise"]
