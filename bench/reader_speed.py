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

# The last commit with the hand-written HTML reader.
BASELINE = "0c4a0b4e822afae1eb4c754df81e1f85eaacd24f"


def baseline_reader(commit: str, scratch: Path) -> Callable[[Path], object]:
    """read_article of narrate/reader.py as it was at ``commit``."""
    import importlib.util
    import subprocess

    source = subprocess.run(
        ["git", "-C", str(ROOT), "show", f"{commit}:narrate/reader.py"],
        check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    path = scratch / "baseline_reader.py"
    path.write_text(source, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("baseline_reader", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.read_article


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
