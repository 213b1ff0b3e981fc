"""Sound branding on a real rendering: a tone jingle under the spoken intro and outro.

Needs eSpeak NG and ffmpeg (CI installs both): without them it fails, never skips.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import numpy as np
import pytest
from conftest import write_article

from narrate import ffmpeg
from narrate.config import load_settings
from narrate.edition import Edition
from narrate.errors import ConfigError
from narrate.jingle import LEAD_MS
from narrate.pipeline import render

RATE = 44100
TONE = 440


@pytest.fixture(scope="module")
def branded(tmp_path_factory: pytest.TempPathFactory) -> tuple[Edition, Path, Edition]:
    """An article rendered with a 440 Hz tone as its jingle, and without it."""
    work = tmp_path_factory.mktemp("jingle")
    tone = work / "tone.ogg"
    ffmpeg.run(["-f", "lavfi", "-i", f"sine=frequency={TONE}:duration=20", "-c:a", "libvorbis",
                str(tone)])  # fmt: skip
    article = write_article(work, "a.txt", "Branded", "A short article. It has two sentences.")
    plain = render(article, work / "plain", load_settings(jobs=1, environ={}, config=None))
    settings = load_settings(jobs=1, environ={}, config=None, jingle=str(tone))
    result = render(article, work / "out", settings)
    return result.edition, work / "out" / "a.mp3", plain.edition


def decoded(path: Path) -> np.ndarray:
    raw = subprocess.run([ffmpeg.require(), "-v", "error", "-i", str(path), "-f", "s16le", "-"],
                         capture_output=True, check=True).stdout  # fmt: skip
    return np.frombuffer(raw, dtype="<i2").astype(np.float64) / 32768


def tone_and_total(x: np.ndarray) -> tuple[float, float]:
    """Power of the jingle's tone and of everything, in dB, over a stretch of samples."""
    spectrum = np.abs(np.fft.rfft(x * np.hanning(len(x)))) ** 2
    bins = np.fft.rfftfreq(len(x), 1 / RATE)
    near = (bins > TONE - 15) & (bins < TONE + 15)
    return 10 * np.log10(spectrum[near].sum() + 1e-20), 10 * np.log10(spectrum.sum() + 1e-20)


@pytest.mark.engine
def test_jingle_keeps_the_loudness_and_the_words(branded: tuple[Edition, Path, Edition]) -> None:
    edition, mp3, plain = branded
    measured = ffmpeg.measure_file(mp3)
    assert measured.integrated is not None and abs(measured.integrated - -16.0) <= 1.0
    assert measured.true_peak is not None and measured.true_peak <= -1.0
    x = decoded(mp3)
    intro = [s for s in edition.segments if s.kind == "intro" and s.samples]
    first = intro[0]
    # The jingle alone first: the words start after the lead, the timeline says so exactly.
    assert first.start >= LEAD_MS * RATE // 1000
    alone_tone, alone_total = tone_and_total(x[RATE // 2 : first.start - RATE // 2])
    assert alone_total - alone_tone < 1.0  # nothing but the tone
    under = x[first.start : first.start + first.samples]
    under_tone, under_total = tone_and_total(under)
    # Ducked by about 20 dB, still there, and the words over it dominate.
    assert 12 < alone_tone - under_tone < 30
    assert under_total - under_tone > 10
    # The words are those of the unbranded rendering, at the moved start.
    shift = first.start - next(s for s in plain.segments if s.kind == "intro").start
    assert all(a.start - b.start == shift for a, b in zip(edition.segments, plain.segments,
                                                           strict=True))  # fmt: skip
    # The outro: the tone comes back up after the last words.
    outro = [s for s in edition.segments if s.kind == "outro"][-1]
    after = x[outro.start + outro.samples + RATE // 2 : outro.start + outro.samples + RATE]
    after_tone, after_total = tone_and_total(after)
    assert after_total - after_tone < 1.0 and after_tone > under_tone + 10
    assert edition.episode is not None
    assert abs(len(x) - edition.episode.duration_ms * RATE / 1000) < RATE / 1000 + 1


def test_missing_jingle_is_one_line(tmp_path: Path) -> None:
    from narrate.encode import EncodeSpec
    from narrate.jingle import load

    with pytest.raises(ConfigError, match=r"^jingle nowhere\.ogg: no such file$"):
        load("nowhere.ogg", RATE, EncodeSpec())
    (tmp_path / "bad.ogg").write_bytes(b"not audio")
    with pytest.raises(ConfigError, match=r"bad\.ogg: not audio that ffmpeg reads \(ffmpeg failed"):
        load(str(tmp_path / "bad.ogg"), RATE, EncodeSpec())
