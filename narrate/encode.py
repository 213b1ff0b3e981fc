"""Encode: each chunk becomes a self-contained run of MP3 frames at the target loudness.

An episode is the concatenation of such runs (speech and silence), so chunks are encoded
in parallel as soon as they are synthesised, cached beside their audio, and an edit
re-encodes only what changed. MPEG-1 Layer III frames hold 1152 samples; every run starts
with a fresh encoder (its first frame borrows nothing from a previous one), so runs join
cleanly, and every cue time comes from exact frame counts.

Loudness is set per chunk: each sentence is measured with the ITU-R BS.1770 K-weighted,
gated meter, brought to the target, its highest waveform peaks bent under the ceiling by a
soft knee, and passed through a peak limiter for what lies between samples, so the episode's
integrated loudness lands on the target (pauses fall below the meter's gates). The result
is verified on the encoded file with ffmpeg's ``ebur128``.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from narrate import lame
from narrate.provenance import code_hash

# numpy is imported inside the functions that use it: a build that skips every article
# (and the CLI's start-up) never pays for loading it.
if TYPE_CHECKING:
    import numpy as np

    from narrate.config import Settings

FRAME = 1152  # samples per MPEG-1 Layer III frame
# MPEG-1 Layer III: the bitrates (kbps) and sample rates an episode may have, in the order
# of their header indices (bitrate index 0, "free", is not offered).
BITRATES = (32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320)
SAMPLE_RATES = (44100, 48000, 32000)


@dataclass(frozen=True)
class EncodeSpec:
    """How chunks are encoded; every field is part of the encoded-chunk cache key.

    quality: LAME's algorithm quality (2 best, 7 fastest that still uses the psychoacoustic
    model); short_blocks: let LAME switch to short blocks on transients (off: a fifth
    faster on speech, and no less faithful, as bench/encoder_settings.py measures);
    ceiling: the limiter's sample-peak ceiling, below -1 dBTP with room for the peaks the
    MP3 codec adds; knee: where the peak shaper starts bending, under the ceiling.
    """

    bitrate: int = 64
    out_rate: int = 44100
    quality: int = 7
    short_blocks: bool = False
    target_lufs: float = -16.0
    ceiling_dbfs: float = -2.5
    # Where the peak shaper's soft knee starts, in dB under the ceiling.
    knee_db: float = 6.0
    # MP3 at speech bitrates takes some loudness away (its low-pass removes the highs
    # that K-weighting favours): measured 0.5 LU at 64 kbps, so chunks aim that much higher.
    codec_allowance_lu: float = 0.5

    def ident(self) -> str:
        """A string naming everything an encoded run depends on (for cache keys).

        Every field, LAME's and numpy's versions, and the code of this module and of the
        modules it imports: a changed constant here re-encodes every chunk, with no version
        number to remember.
        """
        fields = json.dumps(dataclasses.asdict(self), sort_keys=True, separators=(",", ":"))
        return f"lame{lame.version()}-np{_numpy_version()}-{code_hash(__name__)}-{fields}"

    # The encoding's rules for the settings it is made from (config's SettingsSpec).
    @staticmethod
    def problem(name: str, value: Any) -> str | None:
        """Why ``value`` cannot be the episodes' ``bitrate`` or ``sample_rate``, or None."""
        if name == "bitrate" and value not in BITRATES:
            # Episodes are MPEG-1 Layer III (1152-sample frames): its bitrates and sample rates.
            return f"must be one of {', '.join(map(str, BITRATES))} kbps, not {value}"
        if name == "sample_rate" and value not in SAMPLE_RATES:
            *rates, last = sorted(SAMPLE_RATES)
            return f"must be {', '.join(map(str, rates))} or {last}, not {value}"
        return None

    @staticmethod
    def validate(settings: Settings, origin: Mapping[str, str]) -> None:
        """Nothing here depends on more than one setting."""


def encode_spec(settings: Settings) -> EncodeSpec:
    """The encoding a build's settings ask for."""
    return EncodeSpec(bitrate=settings.bitrate, out_rate=settings.sample_rate)


@functools.lru_cache(maxsize=1)
def _numpy_version() -> str:
    from importlib.metadata import version

    return version("numpy")


# --- Loudness (ITU-R BS.1770-4) -------------------------------------------------------


@functools.lru_cache(maxsize=8)
def _k_weighting_power(rate: int, n: int) -> np.ndarray:
    """|H|^2 of the K-weighting filter at the rfft bins of an n-point transform."""
    import numpy as np

    # Stage 1: high shelf (head effects); stage 2: high pass (RLB). Coefficients derived
    # for any rate from the filters' analog parameters, as libebur128 does.
    f0, gain_db, q = 1681.974450955533, 3.999843853973347, 0.7071752369554196
    k = math.tan(math.pi * f0 / rate)
    vh = 10 ** (gain_db / 20)
    vb = vh**0.4996667741545416
    a0 = 1 + k / q + k * k
    b1 = np.array([(vh + vb * k / q + k * k), 2 * (k * k - vh), (vh - vb * k / q + k * k)]) / a0
    a1 = np.array([1.0, 2 * (k * k - 1) / a0, (1 - k / q + k * k) / a0])
    f0, q = 38.13547087602444, 0.5003270373238773
    k = math.tan(math.pi * f0 / rate)
    a0 = 1 + k / q + k * k
    b2 = np.array([1.0, -2.0, 1.0])
    a2 = np.array([1.0, 2 * (k * k - 1) / a0, (1 - k / q + k * k) / a0])
    z = np.exp(-1j * np.pi * np.arange(n // 2 + 1) / (n / 2))  # z^-1 at each bin
    powers = np.ones(n // 2 + 1)
    for b, a in ((b1, a1), (b2, a2)):
        num = b[0] + b[1] * z + b[2] * z * z
        den = a[0] + a[1] * z + a[2] * z * z
        powers *= np.abs(num / den) ** 2
    return powers


def _subblock_energy(x: np.ndarray, rate: int, hop: int) -> np.ndarray:
    """Mean square of the K-weighted signal in consecutive ``hop``-sample sub-blocks."""
    import numpy as np

    count = len(x) // hop
    spectrum = np.fft.rfft(x[: count * hop].reshape(count, hop), axis=1)
    power = spectrum.real**2 + spectrum.imag**2
    return (power @ _bin_weights(rate, hop, power.dtype)).astype(np.float64) / (hop * hop)


@functools.lru_cache(maxsize=8)
def _bin_weights(rate: int, n: int, dtype: np.dtype) -> np.ndarray:
    """K-weighting power per rfft bin, the bins between DC and Nyquist counted twice
    (Parseval for a one-sided spectrum)."""
    weights = _k_weighting_power(rate, n).copy()
    weights[1 : (n + 1) // 2] *= 2
    return weights.astype(dtype)


def _gated_subblocks(sub: np.ndarray) -> float | None:
    """Integrated loudness from the K-weighted mean squares of 100 ms sub-blocks (>= 4)."""
    return _gated((sub[:-3] + sub[1:-2] + sub[2:-1] + sub[3:]) / 4)


def _gated(blocks: np.ndarray) -> float | None:
    """Integrated loudness from the K-weighted mean squares of 400 ms blocks."""
    import numpy as np

    with np.errstate(divide="ignore"):
        levels = -0.691 + 10 * np.log10(blocks)
    gated = blocks[levels > -70.0]
    if not len(gated):
        return None
    relative = -0.691 + 10 * math.log10(gated.mean()) - 10.0
    gated = blocks[(levels > -70.0) & (levels > relative)]
    return -0.691 + 10 * math.log10(gated.mean())


# --- Gain and limiter ------------------------------------------------------------------


_BLOCK_S = 400  # limiter blocks per second: 2.5 ms
_SPREAD = 4  # blocks of attack before and release after a peak: 10 ms


_MID_OFFSETS = range(-3, 5)  # samples x[n-3] .. x[n+4] around the point n + 1/2


@functools.lru_cache(maxsize=1)
def _midpoint_filter() -> np.ndarray:
    """Weights of an 8-tap windowed sinc that estimates x(n + 1/2) from x[n-3] .. x[n+4]."""
    import numpy as np

    h = np.sinc(np.array(_MID_OFFSETS) - 0.5) * np.kaiser(8, 5.0)
    return (h / h.sum()).astype(np.float32)


def midpoints(x: np.ndarray) -> np.ndarray:
    """The signal halfway between each sample and the next (band-limited interpolation)."""
    import numpy as np

    taps = _midpoint_filter()[::-1].astype(x.dtype)
    return np.convolve(x, taps, mode="full")[4 : 4 + len(x)]


def block_peaks(x: np.ndarray, rate: int) -> np.ndarray:
    """Peak estimate of every 2.5 ms block, counting the peaks between samples.

    Speech from a 22.05 kHz engine swings well past its samples (1.8 dB measured on eSpeak
    NG), which the MP3 would reveal; the halfway points (2x oversampling) catch most of it,
    and the ceiling's margin covers the rest.
    """
    import numpy as np

    block = max(1, rate // _BLOCK_S)
    count = -(-len(x) // block)
    peak = np.maximum(np.abs(x), np.abs(midpoints(x)))
    padded = np.pad(peak, (0, count * block - len(x)))
    return padded.reshape(count, block).max(axis=1)


def limiter_gain(peaks: np.ndarray, ceiling: float) -> np.ndarray:
    """Per-block gain that keeps ``peaks`` under ``ceiling``, spread over the neighbours."""
    import numpy as np

    need = np.minimum(1.0, ceiling / np.maximum(peaks, 1e-9))
    spread = need.copy()
    for shift in range(1, _SPREAD + 1):
        spread[shift:] = np.minimum(spread[shift:], need[:-shift])
        spread[:-shift] = np.minimum(spread[:-shift], need[shift:])
    return spread


def apply_gain(x: np.ndarray, spread: np.ndarray, rate: int) -> np.ndarray:
    """Multiply ``x`` by the block gains, interpolated linearly between block centres.

    Within a block the gain never exceeds what that block needs (each block's neighbours
    within the spread are at most as loud), so no sample passes the ceiling.
    """
    import numpy as np

    block = max(1, rate // _BLOCK_S)
    active = spread < 1.0
    if not active.any():
        return x
    active[1:] |= active[:-1].copy()
    active[:-1] |= active[1:].copy()
    positions = np.flatnonzero(np.repeat(active, block)[: len(x)])
    centres = (np.arange(len(spread)) + 0.5) * block
    out = x.copy()
    out[positions] *= np.interp(positions, centres, spread).astype(x.dtype)
    return out


def limit(x: np.ndarray, ceiling: float, rate: int) -> np.ndarray:
    """Keep the true peak of ``x`` within ``ceiling`` (linear) with smooth gain."""

    return apply_gain(x, limiter_gain(block_peaks(x, rate), ceiling), rate)


def float_samples(pcm: bytes) -> np.ndarray:
    """16-bit little-endian PCM as float32 samples in [-1, 1)."""
    import numpy as np

    return np.frombuffer(pcm, dtype="<i2").astype(np.float32) / np.float32(32768.0)


def pcm16(y: np.ndarray) -> bytes:
    """Float samples as 16-bit little-endian PCM, clipped."""
    import numpy as np

    return np.clip(np.round(y * 32767.0), -32768, 32767).astype("<i2").tobytes()


def shape_peaks(y: np.ndarray, ceiling: float, knee_db: float) -> np.ndarray:
    """A soft knee on the samples: linear up to ``knee_db`` under ``ceiling``, then
    bending smoothly (tanh) towards it, never past it."""
    import numpy as np

    knee = np.float32(ceiling * 10 ** (-knee_db / 20))
    room = np.float32(ceiling) - knee
    a = np.abs(y)
    over = a > knee
    if not over.any():
        return y
    out = y.copy()
    out[over] = np.sign(y[over]) * (knee + room * np.tanh((a[over] - knee) / room))
    return out


def level_samples(
    x: np.ndarray, rate: int, spec: EncodeSpec
) -> tuple[np.ndarray, float | None, float | None]:
    """Bring float samples to the target loudness under the true-peak ceiling.

    Returns the levelled samples, the gain in dB and the loudness reached (LUFS, before
    the codec) as the model below predicts it, which saves measuring the result again.

    Speech peaks sit far above its loudness (19 to 23 dB on Piper's sentences, 20 on eSpeak
    NG's), and -16 LUFS under -1 dBTP leaves room for 13: something must take the rest.
    A limiter that lowers the gain around each peak (10 ms either side) took 9 to 15 dB
    off whole vowels, and predicted speech quality fell with it (DNSMOS OVRL -0.14 on
    Piper at equal loudness, BAK most: the vowels sink towards the floor between words;
    slower gain was worse still, bench/voice_quality.py). A soft knee on the samples
    themselves (``shape_peaks``) bends only the tops of the loudest waveform cycles and
    leaves the envelope of the speech alone: -0.03 on the same sentences. The limiter
    then only catches what lies between samples (a dB or two at most). The knee takes
    some loudness away as the gain grows, so the gain is searched on a cheap model of the
    shaped loudness (see ``predicted``).
    Silence is returned unchanged with gain None.
    """
    import numpy as np

    # Measured as the episode's meter will hear it: between pauses, whose partly silent
    # 400 ms blocks lower the reading of short chunks.
    pad = rate * 3 // 10
    x = np.pad(x, (pad, pad))
    hop = rate // 10
    sub = _subblock_energy(x, rate, hop)
    measured = _gated_subblocks(sub)
    if measured is None:
        return x[pad : len(x) - pad], None, None
    ceiling = 10 ** (spec.ceiling_dbfs / 20)
    knee = ceiling * 10 ** (-spec.knee_db / 20)
    target = spec.target_lufs + spec.codec_allowance_lu
    # The knee changes few samples: each 100 ms sub-block's K-weighted energy is scaled by
    # the share of its plain energy the knee keeps, which costs no filtering per try.
    count = len(sub)
    blocks = x[: count * hop].reshape(count, hop)
    power = np.einsum("ij,ij->i", blocks, blocks).astype(np.float64) + 1e-12
    power[-1] += float(np.dot(x[count * hop :], x[count * hop :]))
    # Samples the knee may reach at any gain tried (up to 20 dB more than the first guess).
    first = target - measured
    where = np.flatnonzero(np.abs(x) > knee / 10 ** ((first + 20) / 20))
    levels = np.abs(x[where]).astype(np.float64)
    owner = np.minimum(where // hop, count - 1)

    def predicted(gain_db: float) -> float:
        g = 10 ** (gain_db / 20)
        over = levels * g > knee
        scaled = levels[over] * g
        bent = knee + (ceiling - knee) * np.tanh((scaled - knee) / (ceiling - knee))
        lost = np.bincount(owner[over], weights=scaled**2 - bent**2, minlength=count)
        reached = _gated_subblocks(sub * (g * g) * (1 - lost / (g * g * power)))
        return -70.0 if reached is None else reached  # all below the meter's gate

    gain = first
    for _ in range(6):
        after = predicted(gain)
        if abs(after - target) < 0.02:
            break
        # The knee takes loudness away as the gain grows: aim past the shortfall.
        gain = max(-30.0, min(first + 20, gain + 1.15 * (target - after)))
    gain = round(gain, 2)
    y = limit(shape_peaks(x * np.float32(10 ** (gain / 20)), ceiling, spec.knee_db), ceiling, rate)
    return y[pad : len(y) - pad], gain, round(predicted(gain), 2)


# --- Resampling ------------------------------------------------------------------------

_HALF_TAPS = 16  # each side of the halfway point: flat to 9 kHz, images 80 dB down


@functools.lru_cache(maxsize=1)
def _halfband() -> np.ndarray:
    """Kaiser-windowed sinc taps that estimate x(n + 1/2) from x[n-15] .. x[n+16]."""
    import numpy as np

    k = np.arange(1 - _HALF_TAPS, _HALF_TAPS + 1)
    h = np.sinc(k - 0.5) * np.kaiser(2 * _HALF_TAPS, 8.0)
    return (h / h.sum())[::-1].astype(np.float32)


def upsample2(x: np.ndarray) -> np.ndarray:
    """``x`` at twice its rate: its own samples, and the band-limited points between them.

    A 22.05 kHz engine's speech reaches LAME at 44.1 kHz this way, which costs a tenth of
    what LAME's own resampler does and halves the encoding time.
    """
    import numpy as np

    between = np.convolve(x, _halfband(), mode="full")[_HALF_TAPS : _HALF_TAPS + len(x)]
    out = np.empty(2 * len(x), dtype=np.float32)
    out[0::2] = x
    out[1::2] = between
    return out


def at_output_rate(y: np.ndarray, rate: int, spec: EncodeSpec) -> tuple[bytes, int]:
    """Float samples as 16-bit PCM for the encoder, and its rate: doubled here when that
    reaches the output rate (a 22.05 kHz engine), otherwise left for LAME to resample."""
    if 2 * rate == spec.out_rate:
        return pcm16(upsample2(y)), spec.out_rate
    return pcm16(y), rate


# --- MP3 frames ------------------------------------------------------------------------


def encode(pcm: bytes, in_rate: int, spec: EncodeSpec) -> bytes:
    """MP3 frames for 16-bit mono PCM: a run that starts from a fresh encoder."""
    return lame.encode_mono(
        pcm, in_rate, spec.out_rate, spec.bitrate, spec.quality, spec.short_blocks
    )


def frame_sizes(data: bytes) -> list[int]:
    """Byte size of every MP3 frame in ``data`` (which must hold frames only)."""
    sizes = []
    i = 0
    while i + 4 <= len(data):
        header = int.from_bytes(data[i : i + 4], "big")
        if header >> 21 != 0x7FF:
            raise ValueError(f"no MP3 frame sync at byte {i}")
        index, rate_index = (header >> 12) & 15, (header >> 10) & 3
        if not 0 < index < 15 or rate_index == 3:
            raise ValueError(f"not an MPEG-1 Layer III frame header at byte {i}")
        bitrate = BITRATES[index - 1]
        rate = SAMPLE_RATES[rate_index]
        size = 144 * bitrate * 1000 // rate + ((header >> 9) & 1)
        sizes.append(size)
        i += size
    if i != len(data):
        raise ValueError("truncated MP3 frame at the end")
    return sizes


def frames(data: bytes) -> int:
    """Number of MP3 frames in ``data``."""
    return len(frame_sizes(data))


@functools.lru_cache(maxsize=64)
def silence(count: int, spec: EncodeSpec) -> bytes:
    """A run of exactly ``count`` frames of digital silence (empty for count <= 0)."""
    if count <= 0:
        return b""
    # LAME adds about two frames of delay and flush; search the input length that gives
    # exactly ``count`` frames (frame counts grow by one with each added frame of input).
    length = max(0, (count - 2) * FRAME)
    for _ in range(8):
        data = encode(bytes(2 * length), spec.out_rate, spec)
        got = frames(data)
        if got == count:
            return data
        length = max(0, length + (count - got) * FRAME)
    raise ValueError(f"cannot encode {count} frames of silence")


# Samples (at the output rate) from the start of a run to where its input begins, as a
# player decodes it: LAME's encoder delay (576) plus the decoder's (529). Measured with a
# click through LAME's resampler and ffmpeg's decoder (tests/test_encode.py checks it).
ONSET = 576 + 529
