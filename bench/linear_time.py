"""Linear time on hostile text: the normaliser, the chunker and the Markdown reader, timed.

The unit tests count Python steps on these inputs (tests/hostile.py), which no load on the
machine changes; backtracking inside the regular-expression engine shows only in time, so
it is measured here, each figure as a ratio against a baseline timed in the same run:

- the normaliser on 4n copies of each adversarial unit against n copies (quadratic: ~16),
  each run with its word caches emptied (a second run of a text would time lookups);
- the chunker and the normaliser on a megabyte of each pathological pattern against a
  megabyte of prose (quadratic: a thousand times and more);
- the Markdown reader on 40 KB of unclosed emphasis against 20 KB of it and against 40 KB
  of ordinary Markdown.

Prints every ratio and exits 1 when one passes its bound (`make bench` runs it).

    .venv/bin/python bench/linear_time.py
"""

from __future__ import annotations

import functools
import gc
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from hostile import (  # noqa: E402
    ADVERSARIAL,
    LONG_LINE,
    MARKDOWN_PROSE,
    PATHOLOGICAL,
    PROSE,
    repeated,
    unclosed_emphasis,
)

from narrate.chunker import split_long, split_sentences  # noqa: E402
from narrate.reader import read_article  # noqa: E402
from narrate.textnorm import normalise  # noqa: E402

# Quadratic growth would give 16 for four times the input; noise stays far below 10.
GROWTH_BOUND = 10.0
# Per megabyte against prose: a boundary every few characters costs a few times prose.
PROSE_BOUND = 25.0


def _clear_bounded_caches() -> None:
    """Empty every size-bounded lru_cache (words, numbers): each run does the whole work.

    Unbounded caches (rules and word lists loaded once) are kept: they are loaded once per
    process, not per text.
    """
    for obj in gc.get_objects():
        if isinstance(obj, functools._lru_cache_wrapper) and obj.cache_info().maxsize:
            obj.cache_clear()


def best(fn: Callable[[Any], Any], *inputs: Any, runs: int = 5) -> list[float]:
    """The best of ``runs`` timings of ``fn`` on each input, in seconds, with cold caches.

    The inputs take turns within each run, so a change in the machine's load moves them all.
    """
    seconds = [float("inf")] * len(inputs)
    for _ in range(runs):
        for i, given in enumerate(inputs):
            _clear_bounded_caches()
            start = time.perf_counter()
            fn(given)
            seconds[i] = min(seconds[i], time.perf_counter() - start)
    return seconds


def chunker(text: str) -> None:
    """Split into sentences, then cut each to the chunk size, as a build does."""
    for sentence in split_sentences(text):
        split_long(sentence, 400)


def main() -> int:
    broken: list[str] = []

    def check(name: str, ratio: float, bound: float) -> None:
        print(f"{name:<44} {ratio:8.2f} {'ok' if ratio < bound else 'OVER ' + str(bound)}")
        if ratio >= bound:
            broken.append(name)

    print(f"{'normaliser, 4n against n copies':<44} {'ratio':>8}")
    for unit, size in [*((u, 16000) for u in ADVERSARIAL), *((u, 30000) for u in LONG_LINE)]:
        small, large = repeated(unit, size), repeated(unit, 4 * size)
        normalise(small[: len(small) // 2])  # rules and lists loaded on first use
        small_s, large_s = best(normalise, small, large)
        check(repr(unit), large_s / max(small_s, 1e-3), GROWTH_BOUND)

    print(f"\n{'a megabyte against a megabyte of prose':<44} {'ratio':>8}")
    prose = repeated(PROSE, 1_000_000)
    for stage, fn in (("chunker", chunker), ("normaliser", normalise)):
        for name, unit in PATHOLOGICAL.items():
            base, took = best(fn, prose, repeated(unit, 1_000_000), runs=3)
            check(f"{stage}, {name}", took / (base + 0.002), PROSE_BOUND)

    print(f"\n{'Markdown reader, unclosed emphasis':<44} {'ratio':>8}")
    with tempfile.TemporaryDirectory() as scratch:

        def written(name: str, text: str) -> Path:
            path = Path(scratch) / name
            path.write_text("# T\n\n" + text, encoding="utf-8")
            return path

        read_article(written("warm.md", repeated(MARKDOWN_PROSE, 40_000)))
        base, small, large = best(
            read_article,
            written("prose.md", repeated(MARKDOWN_PROSE, 40_000)),
            written("small.md", unclosed_emphasis(20_000)),
            written("large.md", unclosed_emphasis(40_000)),
        )
        check("40 KB against 40 KB of Markdown prose", large / (base + 0.01), 5.0)
        # Twice the input: quadratic would be four times.
        check("40 KB against 20 KB", large / (small + 0.01), 3.0)

    if broken:
        print(f"\nOver the bound: {', '.join(broken)}")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
