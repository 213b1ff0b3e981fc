"""Cold render of the seed article versus the naive baseline, measured in the same run.

(a) ``narrate render`` of the seed into an empty output folder (empty cache): normalised
    speech, levelled loudness, tags, chapters, transcripts, MP3;
(b) ``narrate build`` of a folder holding only the seed, into an empty folder: all of (a)
    plus the feed, the pages, the playlist and the final check of the folder;
(c) the naive path on the same article: ``espeak-ng -w`` on the raw text, then ``ffmpeg``
    to MP3 at its default settings;
(d) for reference, LAME alone (the encoder narrate uses, at its settings: 44.1 kHz mono,
    64 kbps, quality 7) encoding the naive path's speech, given at 44.1 kHz, on one core.
    Half of it is the least any 2-core render can spend on encoding.
(e) with ``--baseline DIR``: (a) with the narrate package found in DIR instead (another
    checkout of the code, e.g. ``git archive main | tar -x -C DIR``), same interpreter
    and libraries: the ratio a/e is this code's speed against that code's.
Runs alternate so that machine noise hits all alike. Prints medians and the ratios.

    .venv/bin/python bench/render_speed.py [--runs 5] [--engine E] [--baseline DIR]
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from pathlib import Path

from _common import NARRATE, SEED, compile_bytecode, encoder_input, fmt, median, run_timed


def lame_alone(wav: Path) -> float:
    """Seconds LAME takes (in this process, one core) to encode ``wav`` as narrate does."""
    from narrate.encode import EncodeSpec, encode

    pcm, rate = encoder_input(wav)
    start = time.perf_counter()
    encode(pcm, rate, EncodeSpec())
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--article", type=Path, default=SEED)
    parser.add_argument("--engine", default="", help="the engine to render with")
    parser.add_argument("--baseline", type=Path, help="a checkout whose narrate to compare")
    args = parser.parse_args()
    compile_bytecode()  # as pip install does
    engine = ["--engine", args.engine] if args.engine else []
    other: list[float] = []
    rendered: list[float] = []
    built: list[float] = []
    naive: list[float] = []
    lame: list[float] = []
    with tempfile.TemporaryDirectory(prefix="narrate-bench-") as tmp:
        work = Path(tmp)
        folder = work / "seeds"
        folder.mkdir()
        shutil.copy(args.article, folder)
        for run in range(args.runs):
            out = work / f"render{run}"
            rendered.append(
                run_timed([*NARRATE, "render", str(args.article), "--out", str(out), *engine])[0]
            )
            shutil.rmtree(out)
            if args.baseline:
                env = {"PYTHONPATH": str(args.baseline.resolve())}
                cmd = [*NARRATE, "render", str(args.article), "--out", str(out), *engine]
                other.append(run_timed(cmd, env)[0])
                shutil.rmtree(out)
            out = work / f"build{run}"
            built.append(run_timed([*NARRATE, "build", str(folder), "--out", str(out)])[0])
            shutil.rmtree(out)
            wav, mp3 = work / "naive.wav", work / "naive.mp3"
            w1 = run_timed(["espeak-ng", "-w", str(wav), "-f", str(args.article)])[0]
            w2 = run_timed(["ffmpeg", "-loglevel", "error", "-y", "-i", str(wav), str(mp3)])[0]
            naive.append(w1 + w2)
            lame.append(lame_alone(wav))
    base = median(naive)
    print(f"article: {args.article.name}, runs: {args.runs}")
    rows = [
        ("(a) narrate render, cold", rendered, "a/c"),
        ("(b) narrate build (feed, page), cold", built, "b/c"),
        ("(c) espeak-ng -w + ffmpeg to MP3", naive, ""),
        ("(d) LAME alone at 44.1 kHz, one core", lame, "d/c"),
    ]
    if other:
        rows.append(("(e) (a) with the baseline's code", other, "a/e"))
    for label, times, ratio in rows:
        tail = f"  ratio {ratio} {median(times) / base:.2f}" if ratio else ""
        if ratio == "a/e":
            tail = f"  ratio a/e {median(rendered) / median(times):.2f}"
        print(f"{label + ':':40s}{fmt(times)}{tail}")


if __name__ == "__main__":
    main()
