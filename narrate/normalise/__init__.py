"""Text normalisation for speech: placeholder until the full normaliser lands."""

from __future__ import annotations


def normalise(text: str, lang: str = "en") -> str:
    """Return ``text`` rewritten as words a speech engine reads correctly."""
    return text
