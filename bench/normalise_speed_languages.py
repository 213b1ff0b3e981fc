"""Normaliser throughput in Spanish, French and German, against a baseline in the same run.

The text is the es/fr/de rows of ``bench/data/*.tsv`` (written side), shuffled with a fixed
seed and repeated to at least ``--mb`` MB per language, so it exercises every class of those
languages. With ``--baseline DIR`` (``git archive main narrate | tar -x -C DIR``) that
version's normaliser is timed in alternation on the same text; the ratio of the medians is
the figure to compare (the machine is shared: absolute figures move with its load).

    .venv/bin/python bench/normalise_speed_languages.py [--mb 0.5] [--runs 5] [--baseline DIR]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from normalise_speed import load_baseline  # noqa: E402

from narrate.textnorm import normalise  # noqa: E402

LANGUAGES = ("es", "fr", "de")


def build_text(lang: str, size: int) -> str:
    """Paragraphs of the language's corpus sentences, at least ``size`` bytes."""
    rows = []
    for path in sorted((ROOT / "bench" / "data").glob("*.tsv")):
        for line in path.read_text(encoding="utf-8").splitlines():
            cols = line.split("\t")
            if len(cols) >= 3 and cols[2].strip() == lang:
                rows.append(cols[0])
    rng = random.Random(21)
    parts: list[str] = []
    total = 0
    while total < size:
        rng.shuffle(rows)
        for start in range(0, len(rows), 5):
            chunk = " ".join(rows[start : start + 5]) + "\n\n"
            parts.append(chunk)
            total += len(chunk.encode("utf-8"))
    return "".join(parts)


def main() -> None:
    """Time the normaliser on each language's text and print the figures."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=0.5, help="MB of text per language")
    ap.add_argument("--runs", type=int, default=5, help="timed runs (default 5)")
    ap.add_argument("--baseline", type=Path, help="a checkout whose normaliser is the baseline")
    args = ap.parse_args()
    base = load_baseline(args.baseline) if args.baseline else None
    for lang in LANGUAGES:
        text = build_text(lang, int(args.mb * 1_000_000))
        size = len(text.encode("utf-8"))
        normalise(text[:20000], lang)  # compile the patterns outside the timing
        if base:
            base(text[:20000], lang)
        times, base_times = [], []
        for _ in range(args.runs):
            start = time.perf_counter()
            normalise(text, lang)
            times.append(time.perf_counter() - start)
            if base:
                start = time.perf_counter()
                base(text, lang)
                base_times.append(time.perf_counter() - start)
        med = statistics.median(times)
        line = f"{lang}  {size / 1000:,.0f} KB  median {med:.3f} s, {size / 1000 / med:,.0f} KB/s"
        if base_times:
            base_med = statistics.median(base_times)
            line += (
                f"; baseline {base_med:.3f} s, {size / 1000 / base_med:,.0f} KB/s; "
                f"this version takes {med / base_med:.2f} x the baseline's time"
            )
        print(line)


if __name__ == "__main__":
    main()
