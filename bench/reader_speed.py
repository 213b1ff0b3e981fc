"""Reader speed on hostile and ordinary Markdown, against the old reader in the same run.

Unclosed emphasis ("*a *a *a ...") made the old reader's regular expression quadratic;
this reads 10, 20 and 40 KB of it and of ordinary Markdown prose with both readers and
prints the times and ratios.

    PYTHONPATH=$PWD .venv/bin/python bench/reader_speed.py
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.reader_accuracy import BASELINE, baseline_reader  # noqa: E402

PROSE = "Some *bold* words, a [link](https://example.org) and __more__ text. "


def seconds(read: Callable[[Path], object], path: Path, runs: int = 3) -> float:
    """The best of ``runs`` reads of ``path``."""
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        read(path)
        best = min(best, time.perf_counter() - start)
    return best


def main() -> int:
    from narrate.reader import read_article

    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        old = baseline_reader(BASELINE, folder)
        print(f"{'input':>18} {'size':>6} {'new s':>8} {'old s':>8} {'old/new':>8}")
        for kind, unit in (("unclosed emphasis", "*a "), ("markdown prose", PROSE)):
            for size in (10_000, 20_000, 40_000):
                path = folder / f"{kind[:4]}-{size}.md"
                path.write_text("# T\n\n" + (unit * (size // len(unit) + 1))[:size])
                new_s, old_s = seconds(read_article, path), seconds(old, path, runs=1)
                print(f"{kind:>18} {size:>6} {new_s:>8.3f} {old_s:>8.3f} {old_s / new_s:>8.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
