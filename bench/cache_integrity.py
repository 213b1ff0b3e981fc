"""What checking every cached unit by its hash costs a rebuild that reassembles.

A pause change reassembles every episode from cached units (nothing is spoken or
encoded): the synthesise stage reads and hashes every unit (facts and MP3 run), and assembly checks
each run again as it copies it. The baseline, in the same run, is the same rebuild with
the check switched off (the facts still read, the runs still copied). Prints the median
of several rounds and the ratio.

    .venv/bin/python bench/cache_integrity.py [--rounds 5] [--articles 20]
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from narrate import cache  # noqa: E402
from narrate.config import load_settings  # noqa: E402
from narrate.pipeline import build  # noqa: E402


def _articles(folder: Path, count: int) -> None:
    seed = next((ROOT / "seeds").glob("*.txt"))
    for n in range(count):
        text = seed.read_text("utf-8").replace("\n\n", f"\n\nPart {n}.\n\n", 1)
        (folder / f"{n:03d}.txt").write_text(text, "utf-8")


def _rebuild(src: Path, out: Path, pause: int) -> float:
    settings = load_settings(engine="silent", jobs=1, pause_sentence_ms=pause)
    start = time.perf_counter()
    report = build(src, out, settings)
    elapsed = time.perf_counter() - start
    assert not report.errors and report.rendered_chunks == 0
    return elapsed


def _unchecked(data: bytes) -> tuple[cache.Unit, bytes]:
    """A unit file's facts and frames, split apart as ``unpack_unit`` does but not hashed."""
    header, _, body = data.partition(b"\n")
    facts, _, mp3 = body.partition(b"\n")
    digest = header[len(b"narrate-unit-1 ") :].decode("ascii")
    return cache.Unit(**json.loads(facts), sha256=digest), mp3


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--articles", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        src, out = Path(tmp) / "src", Path(tmp) / "out"
        src.mkdir()
        _articles(src, args.articles)
        build(src, out, load_settings(engine="silent", jobs=1))
        units = sum(1 for p in (out / ".narrate" / "cache").rglob("*.unit"))
        checked, unchecked = [], []
        original = cache.unpack_unit
        pause = 300
        for _ in range(args.rounds):
            pause += 10
            checked.append(_rebuild(src, out, pause))
            cache.unpack_unit = _unchecked
            pause += 10
            try:
                unchecked.append(_rebuild(src, out, pause))
            finally:
                cache.unpack_unit = original
        shutil.rmtree(out)
    on, off = statistics.median(checked), statistics.median(unchecked)
    print(f"{args.articles} articles, {units} cached units, {args.rounds} rounds (median)")
    print(f"reassembly, units checked by hash:  {on:.2f} s")
    print(f"reassembly, check off (baseline):   {off:.2f} s")
    print(f"ratio checked / baseline:           {on / off:.2f}")


if __name__ == "__main__":
    main()
