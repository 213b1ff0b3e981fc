"""Pace: a requested rate, in words per minute of speech, read from measured tables."""

from __future__ import annotations

import pytest
from conftest import SEED

from narrate.config import load_settings
from narrate.engines import get_engine, pace, trim_silence
from narrate.pipeline import prepare


def test_words_are_counted_as_listeners_hear_them() -> None:
    assert pace.count_words("Twenty-one people, it's said, came.") == 6


def test_the_setting_is_interpolated_between_measured_points(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(pace, "tables", lambda: {"t": [(1.0, 180.0), (1.2, 160.0), (1.5, 120.0)]})
    assert pace.setting("t", 160) == pytest.approx(1.2)
    assert pace.setting("t", 170) == pytest.approx(1.1)
    assert pace.setting("t", 140) == pytest.approx(1.35)
    # Beyond the measured range: the nearest two points' line, carried on.
    assert pace.setting("t", 200) == pytest.approx(0.8)
    assert pace.setting("t", 100) == pytest.approx(1.65)


def test_every_engine_has_a_measured_table() -> None:
    tables = pace.tables()
    assert {"pyttsx3", "espeak", "piper:en_US-joe-medium"} <= set(tables)
    for points in tables.values():
        assert len(points) >= 5
        # More of the setting, faster for eSpeak NG's rate, slower for Piper's length scale.
        wpms = [w for _, w in points]
        assert wpms == sorted(wpms) or wpms == sorted(wpms, reverse=True)


@pytest.mark.engine
@pytest.mark.parametrize("rate", [140, 157, 200])
def test_espeak_reads_the_seed_at_the_rate_asked(rate: int) -> None:
    texts = [s.spoken for s in prepare(SEED, load_settings()).segments if s.spoken.strip()]
    engine = get_engine("espeak")
    voice = engine.default_voice("en")
    seconds = 0.0
    for text in texts:
        audio = trim_silence(engine.synthesize(text, voice, rate))
        seconds += audio.samples / audio.sample_rate
    measured = sum(pace.count_words(t) for t in texts) / seconds * 60
    assert measured == pytest.approx(rate, rel=0.05)
