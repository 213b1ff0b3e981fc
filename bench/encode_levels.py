"""Encoder settings: time of each libmp3lame compression level, and of the loudness passes.

Speaks the seed article with ``espeak-ng -w`` (22,050 Hz, as the engines deliver it), then
times, each best of three: the loudness measurement pass over the PCM, MP3 encoding at
64 kbps 44.1 kHz with the gain and limiter chain at several compression levels, the meter
that reads the encoded stream, and encoding with the meter running alongside (as assembly
does). Prints loudness and true peak of each result.

    .venv/bin/python bench/encode_levels.py
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
import wave
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from narrate import ffmpeg  # noqa: E402
from narrate.loudness import LIMITER_ALLOWANCE_DB, TARGET_LUFS, gain_chain  # noqa: E402

SEED = Path(__file__).resolve().parent.parent / "seeds" / "000_8dea0efc4732bc9d.txt"
LEVELS = (0, 2, 5, 7, 9)


def best(fn, runs: int = 3) -> tuple[float, object]:  # noqa: ANN001
    """Fastest of ``runs`` calls of ``fn``, and its last result."""
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return min(times), result


def main() -> None:
    """Print the timings."""
    work = Path(tempfile.mkdtemp(prefix="narrate-enc-"))
    text = work / "seed.txt"
    text.write_text("\n\n".join(SEED.read_text("utf-8").split("\n\n")[2:]), "utf-8")
    wav_path = work / "seed.wav"
    subprocess.run(["espeak-ng", "-w", str(wav_path), "-f", str(text)], check=True)
    with wave.open(str(wav_path)) as wav:
        rate, pcm = wav.getframerate(), wav.readframes(wav.getnframes())
    seconds = len(pcm) / 2 / rate
    print(f"seed spoken by espeak-ng: {seconds:.1f} s at {rate} Hz")
    took, raw = best(lambda: ffmpeg.measure_pcm([pcm], rate))
    print(f"measure pass (ebur128 over the PCM): {took:.2f} s, {raw.integrated} LUFS")
    chain = gain_chain(TARGET_LUFS - raw.integrated + LIMITER_ALLOWANCE_DB)
    dest = work / "out.mp3"
    for level in LEVELS:
        took, _ = best(lambda level=level: ffmpeg.encode_mp3([pcm], rate, dest, 44100, 64, chain,
                                                            level))  # fmt: skip
        got = ffmpeg.measure_file(dest)
        speed = seconds / took
        print(f"encode, compression_level {level}: {took:.2f} s ({speed:.0f}x real time); "
              f"{got.integrated} LUFS, {got.true_peak} dBTP")  # fmt: skip
    took, _ = best(lambda: ffmpeg.measure_file(dest))
    print(f"meter alone (decode + ebur128 peak=true): {took:.2f} s")
    took, got = best(lambda: ffmpeg.encode_mp3([pcm], rate, dest, 44100, 64, chain, 7, True))
    print(f"encode level 7 with the meter alongside: {took:.2f} s; {got}")
    took, _ = best(lambda: subprocess.run(
        ["ffmpeg", "-nostdin", "-v", "error", "-y", "-i", str(wav_path), str(work / "d.mp3")],
        check=True))  # fmt: skip
    print(f"reference, ffmpeg default mp3 of the WAV: {took:.2f} s")


if __name__ == "__main__":
    main()
