"""A test engine that speaks exact silence: its durations are known to the sample."""

from __future__ import annotations

from narrate.engines import Audio, Voice

SAMPLE_RATE = 22050


def silent_samples(text: str, rate: int) -> int:
    """Length of the silent engine's audio for ``text``: 0.1 s plus 110 samples per character.

    A faster rate shortens it in proportion, as with a real voice (175 wpm is the base).
    """
    return (SAMPLE_RATE // 10 + len(text) * 110) * 175 // max(rate, 1)


class SilentEngine:
    """Produces silence of a length computed from the text; needs nothing installed."""

    name = "silent"

    def available(self) -> bool:
        """Always available."""
        return True

    def missing(self) -> str:
        """Never missing."""
        return ""

    def version(self) -> str:
        """Changes only when the length formula does."""
        return "silent-1"

    def files(self) -> list[str]:
        """Depends on no file."""
        return []

    def voices(self) -> list[Voice]:
        """One voice per language it claims."""
        return [Voice("silent", "Silence", ("en", "es", "fr", "de"))]

    def default_voice(self, language: str) -> str:
        """The only voice."""
        return "silent"

    def synthesize(self, text: str, voice: str, rate: int) -> Audio:
        """Silence whose length is ``silent_samples(text, rate)``."""
        return Audio(bytes(2 * silent_samples(text, rate)), SAMPLE_RATE)
