"""Engines: the registry, the silent engine's exact lengths, trimming, voice choice."""

from __future__ import annotations

import pytest

from narrate.engines import Audio, Engine, Voice, engine_names, get_engine, trim_silence
from narrate.engines.espeak import pick_voice
from narrate.engines.silent import SAMPLE_RATE, silent_samples
from narrate.errors import EngineError


def test_registry_has_the_builtins() -> None:
    assert {"pyttsx3", "espeak", "silent"} <= set(engine_names())
    for name in ("pyttsx3", "espeak", "silent"):
        engine = get_engine(name)
        assert isinstance(engine, Engine)
        assert engine.name == name


def test_unknown_engine_is_a_clear_error() -> None:
    with pytest.raises(EngineError, match="unknown engine 'nope': choose one of"):
        get_engine("nope")


@pytest.mark.parametrize("text", ["", "a", "Hello there.", "x" * 1000])
def test_silent_engine_length_is_exact(text: str) -> None:
    audio = get_engine("silent").synthesize(text, "silent", 175)
    assert audio.sample_rate == SAMPLE_RATE
    assert audio.samples == silent_samples(text, 175) == 2205 + len(text) * 110
    assert set(audio.pcm) <= {0}


def test_silent_engine_rate_scales_length() -> None:
    assert silent_samples("abc", 350) == silent_samples("abc", 175) // 2


def _pcm(values: list[int]) -> bytes:
    return b"".join(v.to_bytes(2, "little", signed=True) for v in values)


def test_trim_silence_keeps_a_margin() -> None:
    rate = 1000  # 20 ms margin = 20 samples
    audio = Audio(_pcm([0] * 100 + [5000] * 10 + [0] * 100), rate)
    trimmed = trim_silence(audio)
    assert trimmed.samples == 20 + 10 + 20
    assert trim_silence(Audio(_pcm([0] * 50), rate)).samples == 50  # all silence: unchanged
    assert trim_silence(Audio(_pcm([-9000] * 5), rate)).samples == 5


def test_pick_voice_prefers_the_newsreader_region() -> None:
    voices = [
        Voice("gmw/en-029", "Caribbean", ("en-029",)),
        Voice("gmw/en", "British", ("en-gb",)),
        Voice("gmw/en-US", "American", ("en-us",)),
        Voice("roa/es", "Spanish", ("es",)),
    ]
    assert pick_voice(voices, "en") == "gmw/en-US"
    assert pick_voice(voices, "es") == "roa/es"
    assert pick_voice(voices, "xx") == "gmw/en-US"  # unknown language: English, not a failure
