"""Cold render of the seed article versus the naive baseline, measured in the same run.

(a) ``narrate render`` of the seed into an empty output folder (empty cache): normalised
    speech, pauses, tags, MP3;
(b) the naive path on the same article: ``espeak-ng -w`` on the raw text, then ``ffmpeg``
    to MP3 at its default settings.
Runs alternate between the two so that machine noise hits both alike. Prints the medians
and the ratio a/b.

    .venv/bin/python bench/render_speed.py [--runs 5]
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
from pathlib import Path

from _common import NARRATE, SEED, fmt, median, run_timed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--article", type=Path, default=SEED)
    args = parser.parse_args()
    ours: list[float] = []
    naive: list[float] = []
    with tempfile.TemporaryDirectory(prefix="narrate-bench-") as tmp:
        work = Path(tmp)
        for run in range(args.runs):
            out = work / f"out{run}"
            ours.append(run_timed([*NARRATE, "render", str(args.article), "--out", str(out)])[0])
            shutil.rmtree(out)
            wav, mp3 = work / "naive.wav", work / "naive.mp3"
            w1 = run_timed(["espeak-ng", "-w", str(wav), "-f", str(args.article)])[0]
            w2 = run_timed(["ffmpeg", "-loglevel", "error", "-y", "-i", str(wav), str(mp3)])[0]
            naive.append(w1 + w2)
    print(f"article: {args.article.name}, runs: {args.runs}")
    print(f"(a) narrate render, cold:          {fmt(ours)}")
    print(f"(b) espeak-ng -w + ffmpeg to MP3:  {fmt(naive)}")
    print(f"ratio a/b: {median(ours) / median(naive):.2f}")


if __name__ == "__main__":
    main()
