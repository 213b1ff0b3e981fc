"""Reader accuracy on real pages: must phrases kept, must-not phrases leaked, headlines exact.

Runs narrate's reader and, as the baseline, the reader of an earlier commit (loaded from git
history into a scratch folder, not kept in the package) on every page of tests/data/pages
against tests/data/pages/corpus.toml, and prints both rates per page and in total.

    PYTHONPATH=$PWD .venv/bin/python bench/reader_accuracy.py [--baseline COMMIT]
"""

from __future__ import annotations

import argparse
import importlib.util
import subprocess
import sys
import tempfile
import time
import tomllib
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGES = ROOT / "tests" / "data" / "pages"
# The last commit with the hand-written HTML reader.
BASELINE = "0c4a0b4e822afae1eb4c754df81e1f85eaacd24f"


def normal(text: str) -> str:
    """Text as phrases are matched: case, quote marks and runs of white space ignored."""
    text = text.translate(str.maketrans("’‘“”", "''\"\""))
    return " ".join(text.casefold().split())


def score(read: Callable[[Path], object]) -> tuple[dict[str, list[int]], float]:
    """Per page [must kept, must, must-not leaked, must-not, headline exact], and seconds."""
    corpus = tomllib.loads((PAGES / "corpus.toml").read_text(encoding="utf-8"))
    rows: dict[str, list[int]] = {}
    took = 0.0
    for name, want in corpus.items():
        start = time.perf_counter()
        edition = read(PAGES / f"{name}.html")
        took += time.perf_counter() - start
        spoken = normal(" ".join(s.text for s in edition.segments))  # type: ignore[attr-defined]
        kept = sum(normal(p) in spoken for p in want["must"])
        leaked = sum(normal(p) in spoken for p in want["must_not"])
        exact = int(edition.title == want["headline"])  # type: ignore[attr-defined]
        rows[name] = [kept, len(want["must"]), leaked, len(want["must_not"]), exact]
    return rows, took


def baseline_reader(commit: str, scratch: Path) -> Callable[[Path], object]:
    """read_article of narrate/reader.py as it was at ``commit``."""
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


def report(label: str, rows: dict[str, list[int]], took: float) -> tuple[float, float, int]:
    kept, must, leaked, must_not, exact = (sum(r[i] for r in rows.values()) for i in range(5))
    print(f"\n{label}: {len(rows)} pages in {took:.2f} s")
    for name, (k, m, lk, mn, ex) in rows.items():
        verdict = "ok" if ex else "WRONG"
        print(f"  {name:24} must {k}/{m}  must-not leaked {lk}/{mn}  headline {verdict}")
    kept_rate, leak_rate = kept / must, leaked / must_not
    print(
        f"  total: must kept {kept}/{must} = {kept_rate:.1%}; must-not leaked "
        f"{leaked}/{must_not} = {leak_rate:.1%}; headlines exact {exact}/{len(rows)}"
    )
    return kept_rate, leak_rate, exact


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", default=BASELINE, help="commit of the baseline reader")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from narrate.reader import read_article

    with tempfile.TemporaryDirectory() as scratch:
        old = baseline_reader(args.baseline, Path(scratch))
        new_rows, new_time = score(read_article)
        old_rows, old_time = score(old)
    new = report("narrate (trafilatura)", new_rows, new_time)
    base = report(f"baseline reader at {args.baseline[:7]}", old_rows, old_time)
    print(f"\nleaks vs baseline: {new[1] / base[1]:.2f}x; time vs baseline: "
          f"{new_time / old_time:.2f}x")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
