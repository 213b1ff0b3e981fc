"""Sentence-level accuracy of the normaliser on a held-out set (bar: 97%).

Reads a TSV of ``written<TAB>expected spoken`` rows (default
``bench/data/heldout_news.tsv``; blank lines, ``#`` comments and a ``written``/``expected``
header row are skipped; an optional third column gives the language, default ``en``),
normalises each written sentence and counts exact matches.

Metric: a sentence counts as correct when the normaliser's output equals the expected
text after both are folded the same way: lower-cased; apostrophes removed ("it's" ->
"its"); every other character that is not a letter or digit (punctuation, hyphens,
quotes) turned into a space; runs of whitespace collapsed. So "C I A-orchestrated" and
"c i a orchestrated" match, but "twenty thirteen" and "two thousand thirteen" do not.

    .venv/bin/python bench/normalise_accuracy.py [TSV] [--show N]
"""

from __future__ import annotations

import argparse
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from narrate.normalise import normalise  # noqa: E402

DEFAULT = ROOT / "bench" / "data" / "heldout_news.tsv"
_APOSTROPHES = "'\u2019\u2018`\u00b4\u02bc"


def fold(text: str) -> str:
    """The comparison form: case, punctuation and spacing differences removed."""
    text = unicodedata.normalize("NFKC", text).casefold()
    for a in _APOSTROPHES:
        text = text.replace(a, "")
    text = "".join(c if c.isalnum() else " " for c in text)
    return " ".join(text.split())


def read_rows(path: Path) -> list[tuple[str, str, str]]:
    """Parse the TSV into (written, expected, language) rows."""
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cols = line.split("\t")
        if len(cols) < 2:
            print(f"{path}:{number}: skipped, no tab: {line[:60]!r}", file=sys.stderr)
            continue
        if number == 1 and cols[0].strip().lower() == "written":
            continue
        lang = cols[2].strip() if len(cols) > 2 and cols[2].strip() else "en"
        rows.append((cols[0], cols[1], lang))
    return rows


def main() -> int:
    """Score the normaliser on the held-out TSV and print the figure."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("tsv", nargs="?", type=Path, default=DEFAULT)
    ap.add_argument("--show", type=int, default=20, help="mismatches to print (default 20)")
    args = ap.parse_args()
    if not args.tsv.is_file():
        print(f"{args.tsv}: not found; nothing to measure yet", file=sys.stderr)
        return 1
    rows = read_rows(args.tsv)
    if not rows:
        print(f"{args.tsv}: no rows", file=sys.stderr)
        return 1
    misses = []
    for written, expected, lang in rows:
        got = normalise(written, lang)
        if fold(got) != fold(expected):
            misses.append((written, expected, got))
    correct = len(rows) - len(misses)
    for written, expected, got in misses[: args.show]:
        print(f"written:  {written}\nexpected: {expected}\ngot:      {got}\n")
    print(f"sentences  {len(rows)}")
    print(f"correct    {correct}")
    print(f"accuracy   {100 * correct / len(rows):.1f}% (bar 97%)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
