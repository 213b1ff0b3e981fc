"""Loudness: bring an episode to -16 LUFS with true peak at most -1 dBTP, measured after encoding.

The episode's PCM is streamed twice: once into ffmpeg's ``ebur128`` to measure its integrated
loudness (about 1,000 times faster than real time), then into the encoder through a gain and a
lookahead limiter, while a second ffmpeg measures the encoded stream. The limiter and the MP3
encoder both take some loudness away; a measured allowance covers them, and an episode that still
lands outside the target is encoded again with the gain corrected from what was measured.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from narrate import ffmpeg
from narrate.ffmpeg import Loudness

TARGET_LUFS = -16.0
MAX_TRUE_PEAK = -1.0
# A retry costs a whole encode: accept anything within half the 1 LU tolerance.
ACCEPT_LU = 0.5
# The meter reads the encoded stream as it is written; decoding the finished file aligns the
# 100 ms blocks differently and can read a hair higher: keep a margin under the ceiling.
PEAK_MARGIN = 0.2
# The limiter works on samples at the engine's rate; the ceiling leaves room for the peaks
# between samples and for MP3 overshoot (measured: -1.5 dBFS gives -1.5 to -1.7 dBTP).
LIMIT_DBFS = -1.5
# Measured on eSpeak NG (peaks at 0 dBFS, about -20.8 LUFS): +7 dB into the limiter and the
# 64 kbps encoder lands at -16.0 LUFS, so limiting and encoding cost about 2.2 LU.
LIMITER_ALLOWANCE_DB = 2.2
# Near the target, one more dB of gain raises the limited loudness by about half a LU.
LIMITED_SLOPE = 0.5
MAX_GAIN_DB = 30.0
ATTEMPTS = 3


def gain_chain(gain_db: float, limit_dbfs: float = LIMIT_DBFS) -> str:
    """The ffmpeg filters that apply ``gain_db`` and limit sample peaks to ``limit_dbfs``."""
    limit = 10 ** (limit_dbfs / 20)
    # level=0: no automatic make-up gain; latency=1: no delay, so cue times stay exact.
    return f"volume={gain_db:.2f}dB,alimiter=limit={limit:.4f}:level=0:latency=1"


def encode_normalised(
    pcm: Callable[[], Iterable[bytes]],
    in_rate: int,
    dest: Path,
    out_rate: int = 44100,
    bitrate: int = 64,
    compression_level: int = 7,
) -> Loudness:
    """Encode the PCM that ``pcm()`` streams to an MP3 at the target loudness; return its measure.

    Digital silence has no loudness: it is encoded without gain and measured as None.
    """
    raw = ffmpeg.measure_pcm(pcm(), in_rate)
    if raw.integrated is None:
        ffmpeg.encode_mp3(pcm(), in_rate, dest, out_rate, bitrate, "", compression_level)
        return Loudness(None, None)
    gain = TARGET_LUFS - raw.integrated + LIMITER_ALLOWANCE_DB
    limit = LIMIT_DBFS
    measured = Loudness(None, None)
    for _ in range(ATTEMPTS):
        gain = max(-MAX_GAIN_DB, min(MAX_GAIN_DB, gain))
        result = ffmpeg.encode_mp3(
            pcm(), in_rate, dest, out_rate, bitrate, gain_chain(gain, limit), compression_level,
            measure=True,
        )  # fmt: skip
        assert result is not None
        measured = result
        if measured.integrated is None or measured.true_peak is None:
            break
        loud_ok = abs(measured.integrated - TARGET_LUFS) <= ACCEPT_LU
        peak_ok = measured.true_peak <= MAX_TRUE_PEAK - PEAK_MARGIN
        if loud_ok and peak_ok:
            break
        if not loud_ok:
            gain += (TARGET_LUFS - measured.integrated) / LIMITED_SLOPE
        if not peak_ok:
            limit -= measured.true_peak - (MAX_TRUE_PEAK - PEAK_MARGIN) + 0.3
    return measured
