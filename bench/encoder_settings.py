"""Encoder settings: speed and fidelity of LAME on speech, measured in the same run.

The seed article is spoken by ``espeak-ng -w``, doubled to 44.1 kHz as narrate does, and
encoded at 64 kbps mono with each LAME quality level, with and without short blocks.
For each: the encoding time on one core (best of ``--runs``), its ratio to narrate's
setting, and how faithful the decoded MP3 (ffmpeg) is to its input: signal-to-noise
ratio over the whole speech, and the mean over 23 ms segments with speech in them.
SNR is not a perceptual measure: LAME's better qualities shape their noise under the
masking threshold, which lowers the SNR while sounding better, so compare like with like
(short blocks on and off at one quality).

    .venv/bin/python bench/encoder_settings.py [--runs 3]
"""

from __future__ import annotations

import argparse
import dataclasses
import subprocess
import tempfile
import time
from pathlib import Path

import numpy as np
from _common import SEED, encoder_input

from narrate.encode import ONSET, EncodeSpec, encode


def fidelity(source: np.ndarray, mp3: bytes, work: Path) -> tuple[float, float]:
    """(SNR, mean segmental SNR) in dB of the decoded ``mp3`` against ``source``."""
    path = work / "candidate.mp3"
    path.write_bytes(mp3)
    decoded = subprocess.run(
        ["ffmpeg", "-v", "error", "-i", str(path), "-f", "s16le", "-ac", "1", "-"],
        capture_output=True, check=True,
    ).stdout  # fmt: skip
    out = np.frombuffer(decoded, dtype="<i2").astype(np.float64)[ONSET:]
    n = min(len(source), len(out))
    x, noise = source[:n], source[:n] - out[:n]
    snr = 10 * np.log10((x**2).sum() / (noise**2).sum())
    seg = 1024
    count = n // seg
    power = (x[: count * seg].reshape(count, seg) ** 2).sum(axis=1)
    error = (noise[: count * seg].reshape(count, seg) ** 2).sum(axis=1) + 1e-9
    speech = power > power.max() * 1e-4
    return snr, float(np.clip(10 * np.log10(power[speech] / error[speech]), -10, 40).mean())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="narrate-bench-") as tmp:
        work = Path(tmp)
        wav = work / "seed.wav"
        subprocess.run(["espeak-ng", "-w", str(wav), "-f", str(SEED)], check=True)
        default = EncodeSpec()
        pcm, rate = encoder_input(wav)
        source = np.frombuffer(pcm, dtype="<i2").astype(np.float64)
        rows = []
        for quality in (2, 5, 7):
            for short_blocks in (True, False):
                spec = dataclasses.replace(default, quality=quality, short_blocks=short_blocks)
                times = []
                for _ in range(args.runs):
                    start = time.perf_counter()
                    mp3 = encode(pcm, rate, spec)
                    times.append(time.perf_counter() - start)
                rows.append((spec, min(times), *fidelity(source, mp3, work)))
    base = next(t for spec, t, *_ in rows if spec == default)
    print(f"{len(source) / rate:.0f} s of speech, 64 kbps mono 44.1 kHz, best of {args.runs}")
    print("quality  short blocks   seconds  vs narrate   SNR dB  segmental SNR dB")
    for spec, seconds, snr, segmental in rows:
        mark = "  <- narrate" if spec == default else ""
        print(
            f"{spec.quality:7d}  {'yes' if spec.short_blocks else 'no':>12}  {seconds:8.3f}"
            f"  {seconds / base:10.2f}  {snr:7.2f}  {segmental:16.2f}{mark}"
        )


if __name__ == "__main__":
    main()
