"""Levelling speed: this code's chunk levelling and encoding against another checkout's.

The seed's chunks are spoken once by eSpeak NG (through espeak-ng); then each chunk is
levelled (``level_samples``) and levelled and encoded (``encode_chunk``: level, resample,
LAME) by this code and by the narrate package in ``--baseline DIR`` (e.g. ``git archive
main | tar -x -C DIR``), alternating, in one process. Prints medians and the ratios.

    .venv/bin/python bench/level_speed.py --baseline DIR [--runs 5]
"""

from __future__ import annotations

import argparse
import importlib
import sys
import time
from pathlib import Path

from _common import SEED, fmt, median

from narrate.config import load_settings
from narrate.engines import get_engine, trim_silence
from narrate.pipeline import prepare


def load(folder: Path | None) -> tuple[object, object]:
    """(encode, synthesise) modules of this code, or of the checkout in ``folder``."""
    if folder is None:
        return importlib.import_module("narrate.encode"), importlib.import_module(
            "narrate.synthesise"
        )
    saved = {k: v for k, v in sys.modules.items() if k == "narrate" or k.startswith("narrate.")}
    for k in saved:
        del sys.modules[k]
    sys.path.insert(0, str(folder.resolve()))
    try:
        encode = importlib.import_module("narrate.encode")
        synth = importlib.import_module("narrate.synthesise")
    finally:
        sys.path.pop(0)
        for k in [k for k in sys.modules if k == "narrate" or k.startswith("narrate.")]:
            del sys.modules[k]
        sys.modules.update(saved)
    return encode, synth


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    texts = [s.spoken for s in prepare(SEED, load_settings()).segments if s.spoken.strip()]
    engine = get_engine("espeak")
    voice = engine.default_voice("en")
    audios = [trim_silence(engine.raw_synthesize(t, voice, 175)) for t in texts]
    seconds = sum(a.samples / a.sample_rate for a in audios)
    print(f"{len(audios)} chunks, {seconds:.0f} s of eSpeak NG speech")
    mine, theirs = load(None), load(args.baseline)
    times: dict[str, list[float]] = {k: [] for k in ("level", "level0", "enc", "enc0")}
    for _ in range(args.runs):
        for (enc, syn), tag in ((mine, ""), (theirs, "0")):
            spec = enc.EncodeSpec()  # type: ignore[attr-defined]
            start = time.perf_counter()
            for a in audios:
                enc.level_samples(enc.float_samples(a.pcm), a.sample_rate, spec)  # type: ignore[attr-defined]
            times["level" + tag].append(time.perf_counter() - start)
            start = time.perf_counter()
            for a in audios:
                syn.encode_chunk(a, spec)  # type: ignore[attr-defined]
            times["enc" + tag].append(time.perf_counter() - start)
    print(f"level_samples, this code: {fmt(times['level'])}")
    print(f"level_samples, baseline:  {fmt(times['level0'])}")
    print(f"  ratio {median(times['level']) / median(times['level0']):.2f}")
    print(f"encode_chunk, this code:  {fmt(times['enc'])}")
    print(f"encode_chunk, baseline:   {fmt(times['enc0'])}")
    print(f"  ratio {median(times['enc']) / median(times['enc0']):.2f}")


if __name__ == "__main__":
    main()
