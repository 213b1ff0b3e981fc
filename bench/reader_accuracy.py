"""Reader accuracy on real pages, against trafilatura's own extraction of the same pages.

For every page of tests/data/pages (with tests/data/pages/corpus.toml: its headline, author,
phrases that must and must not be spoken), narrate's reader and, as the baseline,
trafilatura's plain text extraction (``bare_extraction``, no comments) are scored on:

- keep: must phrases found in what is spoken (title and text);
- leak: must-not phrases found in it;
- lost: characters of words the extractor found that narrate neither speaks nor drops by
  a named rule (narrate only; ``narrate script -v`` lists the rules' drops);
- wrong authors: an author given that is not the page's (none is never wrong);
- listen scan, on the spoken form after normalisation: web or e-mail addresses read,
  words of four letters or more spelled letter by letter that the text does not write as
  an initialism, sentences spoken twice.

    PYTHONPATH=$PWD .venv/bin/python bench/reader_accuracy.py
"""

from __future__ import annotations

import re
import sys
import time
import tomllib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PAGES = ROOT / "tests" / "data" / "pages"
_WORD = re.compile(r"\w+")
_SPELLED = re.compile(r"\b(?:[A-Z] ){3,}[A-Z]\b")


def normal(text: str) -> str:
    """Text as phrases are matched: case, quote marks and runs of white space ignored."""
    text = text.translate(str.maketrans("’‘“”", "''\"\""))
    return " ".join(text.casefold().split())


def corpus() -> dict[str, dict[str, Any]]:
    """The pages' expectations, by page name."""
    return tomllib.loads((PAGES / "corpus.toml").read_text(encoding="utf-8"))


@dataclass
class Row:
    """One page's score."""

    kept: int = 0
    must: int = 0
    leaked: int = 0
    must_not: int = 0
    headline: bool = True
    author_wrong: bool = False
    lost: int = 0
    urls: int = 0
    spelled: int = 0
    repeats: int = 0
    lost_words: list[str] = field(default_factory=list)
    rules: Counter[str] = field(default_factory=Counter)


def author_wrong(given: str, right: str) -> bool:
    """True when an author is given and is not the page's (compared by its words)."""
    from narrate.readers.listen import key

    return bool(key(given)) and key(given) != key(right)


def _known_initialisms() -> frozenset[str]:
    from narrate.textnorm.data import load

    table = load("acronyms")
    known = set(table["spelled"]["letters"]) | set(table["initialisms"]["letters"])
    return frozenset(known)


def _initialisms(letters: str, capitals: set[str]) -> bool:
    """True when ``letters`` are initialisms written in the text, one after another
    ("ARMCPU" from "ARM CPU")."""
    ends = {0}
    for end in range(1, len(letters) + 1):
        if any(start in ends and letters[start:end] in capitals for start in range(end)):
            ends.add(end)
    return len(letters) in ends


def listen_scan(written: list[str], spoken: list[str]) -> tuple[int, int, int]:
    """Addresses in the written text, words spelled out that are not initialisms of the
    text, and sentences spoken twice."""
    from narrate.readers.listen import EMAIL, URL, key, split_sentences

    text = "\n".join(written)
    urls = len(URL.findall(text)) + len(EMAIL.findall(text))
    capitals = set(re.findall(r"\b[A-Z][A-Z0-9&]*\b", text)) | _known_initialisms()
    spelled = sum(
        not _initialisms(m.group().replace(" ", ""), capitals)
        for s in spoken
        for m in _SPELLED.finditer(s)
    )
    seen: Counter[str] = Counter()
    for block in spoken:
        seen.update(k for k in map(key, split_sentences(block)) if len(k) >= 20)
    repeats = sum(n - 1 for n in seen.values() if n > 1)
    return urls, spelled, repeats


def _phrases(row: Row, want: dict[str, Any], said: str, title: str, author: str) -> None:
    spoken = normal(said)
    row.kept = sum(normal(p) in spoken for p in want["must"])
    row.must = len(want["must"])
    row.leaked = sum(normal(p) in spoken for p in want["must_not"])
    row.must_not = len(want["must_not"])
    row.headline = title == want["headline"]
    row.author_wrong = author_wrong(author, want.get("author", ""))


def lost_words(body: str, said: list[str]) -> list[str]:
    """Words of the extracted ``body`` that are in none of ``said`` (as many times as found)."""
    have = Counter(w.casefold() for s in said for w in _WORD.findall(s))
    need = Counter(w.casefold() for w in _WORD.findall(body))
    return sorted((need - have).elements())


def score_narrate(name: str, want: dict[str, Any]) -> Row:
    """narrate's reader on one page."""

    from narrate.reader import clean_text, read_article_report
    from narrate.readers.html import extracted_text
    from narrate.textnorm import normalise

    path = PAGES / f"{name}.html"
    edition, dropped = read_article_report(path)
    texts = [s.text for s in edition.segments]
    row = Row()
    _phrases(row, want, " ".join(texts), edition.title, edition.author)
    body = extracted_text(path.read_text(encoding="utf-8"))
    # The words as the reader sees them: Unicode cleaned (soft hyphens out) first.
    row.lost_words = lost_words(clean_text(body), texts + [t for _, t in dropped])
    row.lost = sum(len(w) for w in row.lost_words)
    row.rules = Counter(rule for rule, _ in dropped)
    spoken = [normalise(t, edition.language) for t in texts]
    row.urls, row.spelled, row.repeats = listen_scan(texts, spoken)
    return row


def score_trafilatura(name: str, want: dict[str, Any]) -> Row:
    """trafilatura's own extraction of one page: its title and text, as a plain reader."""
    import trafilatura

    from narrate.textnorm import language_code, normalise

    raw = (PAGES / f"{name}.html").read_text(encoding="utf-8")
    doc = trafilatura.bare_extraction(raw, include_comments=False, with_metadata=True)
    title = (doc.title or "") if doc else ""
    text = (doc.text or "") if doc else ""
    author = ((doc.author or "").split(";")[0]) if doc else ""
    row = Row()
    _phrases(row, want, title + " " + text, title, author)
    blocks = [title, *text.split("\n")]
    lang = language_code(re.search(r'lang="?([a-z]{2})', raw[:5000]).group(1) if
                         re.search(r'lang="?([a-z]{2})', raw[:5000]) else "en") or "en"  # fmt: skip
    spoken = [normalise(t, lang) for t in blocks]
    row.urls, row.spelled, row.repeats = listen_scan(blocks, spoken)
    return row


def run(scorer: Any) -> tuple[dict[str, Row], float]:
    """Every page scored, and the seconds it took."""
    rows: dict[str, Row] = {}
    start = time.perf_counter()
    for name, want in corpus().items():
        rows[name] = scorer(name, want)
    return rows, time.perf_counter() - start


def totals(rows: dict[str, Row]) -> dict[str, float]:
    """The table's figures over all pages."""
    r = rows.values()
    kept, must = sum(x.kept for x in r), sum(x.must for x in r)
    leaked, must_not = sum(x.leaked for x in r), sum(x.must_not for x in r)
    return {
        "pages": len(rows),
        "keep": kept / must,
        "leak": leaked / must_not,
        "lost": sum(x.lost for x in r),
        "wrong_authors": sum(x.author_wrong for x in r),
        "headlines": sum(x.headline for x in r),
        "urls": sum(x.urls for x in r),
        "spelled": sum(x.spelled for x in r),
        "repeats": sum(x.repeats for x in r),
    }


def main() -> int:
    sys.path.insert(0, str(ROOT))
    ours, our_time = run(score_narrate)
    theirs, their_time = run(score_trafilatura)
    print(f"{'page':22} {'keep':>7} {'leak':>6} {'lost':>5} {'author':>7} "
          f"{'urls':>5} {'spelt':>5} {'twice':>5}   trafilatura: keep leak urls twice")  # fmt: skip
    for name, a in ours.items():
        b = theirs[name]
        print(
            f"{name:22} {a.kept:>3}/{a.must:<3} {a.leaked:>2}/{a.must_not:<3} {a.lost:>5} "
            f"{'WRONG' if a.author_wrong else 'ok':>7} {a.urls:>5} {a.spelled:>5} "
            f"{a.repeats:>5}   {b.kept:>3}/{b.must:<3} {b.leaked:>2}/{b.must_not:<3} "
            f"{b.urls:>4} {b.repeats:>5}"
        )
    n, t = totals(ours), totals(theirs)
    print(f"\n{'':24}{'narrate':>12}{'trafilatura':>14}")
    for label, k, fmt in (
        ("pages", "pages", "{:.0f}"),
        ("must-keep kept", "keep", "{:.1%}"),
        ("must-not leaked", "leak", "{:.1%}"),
        ("lost characters", "lost", "{:.0f}"),
        ("wrong authors", "wrong_authors", "{:.0f}"),
        ("headlines exact", "headlines", "{:.0f}"),
        ("addresses read", "urls", "{:.0f}"),
        ("words spelled out", "spelled", "{:.0f}"),
        ("sentences said twice", "repeats", "{:.0f}"),
    ):
        theirs_text = "n/a" if k == "lost" else fmt.format(t[k])  # no rules to account by
        print(f"{label:24}{fmt.format(n[k]):>12}{theirs_text:>14}")
    print(f"{'seconds':24}{our_time:>12.1f}{their_time:>14.1f}")
    used = sum((r.rules for r in ours.values()), Counter())
    print("\nnarrate's named rules, pieces left unspoken over all pages:")
    for rule, count in used.most_common():
        print(f"  {rule:16}{count:>6}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
