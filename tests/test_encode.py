"""Encoding: the loudness meter, the limiter, levelling, and self-contained MP3 runs."""

from __future__ import annotations

import math
import subprocess
from pathlib import Path

import numpy as np
import pytest
from meter import loudness

from narrate.encode import (
    FRAME,
    ONSET,
    EncodeSpec,
    at_output_rate,
    block_peaks,
    encode,
    float_samples,
    frame_sizes,
    frames,
    level_samples,
    limit,
    midpoints,
    pcm16,
    silence,
    upsample2,
)

SPEC = EncodeSpec()


def _tone(freq: float, seconds: float, amplitude: float, rate: int = 22050) -> np.ndarray:
    t = np.arange(int(seconds * rate)) / rate
    return (amplitude * np.sin(2 * np.pi * freq * t)).astype(np.float32)


def _speechlike(seconds: float, rate: int = 22050, seed: int = 1) -> np.ndarray:
    """Noise bursts shaped like syllables, with the crest factor of speech."""
    rng = np.random.default_rng(seed)
    n = int(seconds * rate)
    envelope = np.abs(np.sin(np.arange(n) * np.pi * 4 / rate)) ** 3
    x = rng.standard_normal(n) * envelope * 0.25
    return np.clip(x, -1, 1).astype(np.float32)


def test_meter_reads_the_bs1770_reference_tone() -> None:
    # BS.1770's calibration: a 997 Hz sine at -20 dBFS peak (-23 dB RMS) reads -23.0 LUFS.
    x = _tone(997, 5.0, 10 ** (-20 / 20), rate=48000)
    assert loudness(x, 48000) == pytest.approx(-23.0, abs=0.15)


def test_meter_gates_silence() -> None:
    assert loudness(np.zeros(22050, dtype=np.float32), 22050) is None
    tone = _tone(1000, 2.0, 0.1)
    padded = np.concatenate([tone, np.zeros(22050 * 6, dtype=np.float32)])
    # Silence is below the absolute gate: it does not pull the reading down (only the few
    # blocks that straddle the tone's end count, partly).
    assert loudness(padded, 22050) == pytest.approx(loudness(tone, 22050), abs=0.5)
    assert loudness(tone * 0.5, 22050) == pytest.approx(loudness(tone, 22050) - 6.02, abs=0.01)


def test_midpoints_interpolate_a_band_limited_signal() -> None:
    rate = 22050
    t = np.arange(4000) / rate
    x = np.sin(2 * np.pi * 5000 * t).astype(np.float32)
    truth = np.sin(2 * np.pi * 5000 * (t + 0.5 / rate))
    assert np.abs(midpoints(x)[10:-10] - truth[10:-10]).max() < 0.01


def test_upsample2_keeps_the_samples_and_fills_the_band_limited_points_between() -> None:
    rate = 22050
    t = np.arange(8000) / rate
    for freq in (440.0, 5000.0, 9000.0):
        x = np.sin(2 * np.pi * freq * t).astype(np.float32)
        y = upsample2(x)
        assert len(y) == 2 * len(x)
        assert np.array_equal(y[0::2], x)
        truth = np.sin(2 * np.pi * freq * (t + 0.5 / rate))
        assert np.abs(y[1::2][20:-20] - truth[20:-20]).max() < 0.002


def test_at_output_rate_doubles_a_half_rate_engine_and_leaves_others_to_lame() -> None:
    x = _speechlike(0.5)
    pcm = pcm16(x)
    doubled, rate = at_output_rate(x, 22050, SPEC)
    assert rate == 44100 and len(doubled) == 2 * len(pcm)
    assert np.array_equal(np.frombuffer(doubled, "<i2")[0::2], np.frombuffer(pcm, "<i2"))
    assert at_output_rate(x, 16000, SPEC) == (pcm, 16000)
    assert at_output_rate(x, 44100, SPEC) == (pcm, 44100)


def test_limiter_holds_the_ceiling_including_between_samples() -> None:
    x = _speechlike(3.0) * 4
    ceiling = 10 ** (-3 / 20)
    y = limit(x, ceiling, 22050)
    assert block_peaks(y, 22050).max() <= ceiling * 1.02
    quiet = x * 0.01
    assert limit(quiet, ceiling, 22050) is quiet  # nothing to do: untouched


def test_level_reaches_the_target_under_the_ceiling() -> None:
    x = _speechlike(6.0)
    pcm = (x * 32767).astype("<i2").tobytes()
    levelled, gain, reached = level_samples(float_samples(pcm), 22050, SPEC)
    y = float_samples(pcm16(levelled))
    target = SPEC.target_lufs + SPEC.codec_allowance_lu
    assert loudness(y, 22050) == pytest.approx(target, abs=0.3)
    assert reached == pytest.approx(target, abs=0.3)
    assert 20 * math.log10(block_peaks(y, 22050).max()) <= SPEC.ceiling_dbfs + 0.2
    assert gain is not None
    quiet, gain, reached = level_samples(float_samples(bytes(4000)), 22050, SPEC)
    assert (pcm16(quiet), gain, reached) == (bytes(4000), None, None)


def test_runs_are_whole_frames_and_deterministic() -> None:
    pcm = (_speechlike(1.5) * 32767).astype("<i2").tobytes()
    one, two = encode(pcm, 22050, SPEC), encode(pcm, 22050, SPEC)
    assert one == two
    sizes = frame_sizes(one)
    assert sum(sizes) == len(one)
    assert set(sizes) <= {208, 209}  # 64 kbps at 44.1 kHz
    # 1.5 s at 44.1 kHz is 57.4 frames; the encoder adds its delay and flush.
    assert 58 <= len(sizes) <= 61
    with pytest.raises(ValueError):
        frame_sizes(one[1:])


@pytest.mark.parametrize("count", [1, 2, 7, 26, 61])
def test_silence_runs_have_exactly_the_frames_asked_for(count: int) -> None:
    assert frames(silence(count, SPEC)) == count
    assert silence(0, SPEC) == b""


@pytest.mark.engine
@pytest.mark.parametrize("doubled", [False, True], ids=["lame-resamples", "upsample2"])
def test_onset_and_joined_runs_as_ffmpeg_decodes_them(tmp_path: Path, doubled: bool) -> None:
    # A click at 0.1 s of input must come out ONSET samples after the run's start, whether
    # LAME resamples or is given 44.1 kHz, and runs joined end to end must decode to
    # exactly their frames.
    click = np.zeros(22050, dtype="<i2")
    click[2205] = 20000
    pcm, rate = click.tobytes(), 22050
    if doubled:
        pcm, rate = at_output_rate(float_samples(pcm), rate, SPEC)
    run = encode(pcm, rate, SPEC)
    joined = silence(5, SPEC) + run
    path = tmp_path / "joined.mp3"
    path.write_bytes(joined)
    decoded = subprocess.run(
        ["ffmpeg", "-v", "error", "-i", str(path), "-f", "s16le", "-ac", "1", "-"],
        capture_output=True, check=True,
    ).stdout  # fmt: skip
    y = np.frombuffer(decoded, dtype="<i2")
    assert len(y) == frames(joined) * FRAME
    assert int(np.argmax(np.abs(y))) == 5 * FRAME + ONSET + 4410


def test_the_peak_shaper_bends_only_what_is_over_its_knee() -> None:
    from narrate.encode import shape_peaks

    ceiling = 10 ** (-2.5 / 20)
    knee = ceiling / 2  # 6 dB under it
    x = np.linspace(-4, 4, 80001, dtype=np.float32)
    y = shape_peaks(x, ceiling, 6.0)
    inside = np.abs(x) <= knee * 0.999
    assert np.array_equal(y[inside], x[inside])  # untouched under the knee
    assert np.abs(y).max() <= ceiling  # never past the ceiling, however loud
    assert np.all(np.diff(y) >= 0)  # monotonic: no fold-over
    assert np.array_equal(y, -shape_peaks(-x, ceiling, 6.0))  # symmetric
    quiet = x * 0.01
    assert shape_peaks(quiet, ceiling, 6.0) is quiet
