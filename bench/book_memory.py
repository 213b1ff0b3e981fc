"""Book-length renders: peak memory and time for a book and for a book twice as long.

Generates a Markdown book of at least ``--words`` words (and one of twice as many) from
varied news-like sentences, with a heading every few thousand words, then renders each with
the default engine in a fresh output folder (a cold cache) in a subprocess. While it runs,
the resident memory of the whole process tree (the CLI, its synthesis workers, ffmpeg) is
sampled from /proc. Bars: peak memory under 300 MB, and the doubled book taking at most
2.2 times as long.

    .venv/bin/python bench/book_memory.py              # 100,000 and 200,000 words
    .venv/bin/python bench/book_memory.py --words 10000  # a quick check
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import NARRATE, SEED, news_sentence  # noqa: E402

MEMORY_BAR_MB = 300
RATIO_BAR = 2.2


def make_book(path: Path, words: int, seed: int = 7) -> int:
    """Write a Markdown book of at least ``words`` words; return its word count."""
    rng = random.Random(seed)
    text = SEED.read_text("utf-8").split("\n\n")
    paragraphs = [p.strip() for p in text[2:] if p.strip() and p.strip() != "Loading"]
    parts = [f"# A long book of {words:,} words"]
    count = chapter = 0
    while count < words:
        if count >= chapter * 5000:
            chapter += 1
            parts.append(f"## Chapter {chapter}")
        if rng.random() < 0.15:
            # A real article's paragraph now and then, for sentences of every length.
            paragraph = rng.choice(paragraphs)
        else:
            paragraph = " ".join(news_sentence(rng) for _ in range(rng.randint(2, 6)))
        parts.append(paragraph)
        count += len(paragraph.split())
    path.write_text("\n\n".join(parts) + "\n", "utf-8")
    return count


def _tree_rss(root: int) -> int:
    """Resident bytes of ``root`` and all its descendants, from /proc."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    page = os.sysconf("SC_PAGE_SIZE")
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
            statm = Path(f"/proc/{entry}/statm").read_text().split()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        children.setdefault(int(fields[1]), []).append(int(entry))
        rss[int(entry)] = int(statm[1]) * page
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        total += rss.get(pid, 0)
        todo.extend(children.get(pid, []))
    return total


def render(book: Path, out: Path, jobs: int) -> tuple[float, int, int]:
    """Render ``book`` cold; return (seconds, peak tree RSS, peak single-process RSS) in bytes."""
    shutil.rmtree(out, ignore_errors=True)
    start = time.perf_counter()
    proc = subprocess.Popen(
        [*NARRATE, "render", str(book), "--out", str(out), "--jobs", str(jobs)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _tree_rss(proc.pid))
            done.wait(0.25)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    stdout, stderr = proc.communicate()
    seconds = time.perf_counter() - start
    done.set()
    sampler.join()
    if proc.returncode != 0:
        raise SystemExit(f"render failed: {stderr.strip()}")
    print(f"    {stdout.strip()[:200]}", flush=True)
    # ru_maxrss of waited-for descendants: the largest single process, in KiB on Linux.
    single = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
    return seconds, peak, single


def main() -> None:
    """Render a book and a book twice as long; print memory, time and the time ratio."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=100_000)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--keep", type=Path, help="folder to keep the books and outputs in")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="narrate-book-"))
    work.mkdir(parents=True, exist_ok=True)
    results = []
    try:
        for factor in (1, 2):
            book = work / f"book_{factor}x.md"
            words = make_book(book, args.words * factor)
            print(f"{book.name}: {words:,} words, rendering with {args.jobs} jobs...", flush=True)
            seconds, tree, single = render(book, work / f"out_{factor}x", args.jobs)
            json_kb = (work / f"out_{factor}x" / f"{book.stem}.json").stat().st_size // 1024
            print(f"    {seconds:.1f} s; peak RSS {tree / 2**20:.0f} MB (process tree), "
                  f"{single / 2**20:.0f} MB (largest process); edition JSON {json_kb} KB",
                  flush=True)  # fmt: skip
            results.append((seconds, tree))
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    ratio = results[1][0] / results[0][0]
    peak_mb = max(tree for _, tree in results) / 2**20
    print(f"time ratio 2x/1x: {ratio:.2f} (bar {RATIO_BAR}); "
          f"peak memory {peak_mb:.0f} MB (bar {MEMORY_BAR_MB} MB)")  # fmt: skip
    ok = ratio <= RATIO_BAR and peak_mb < MEMORY_BAR_MB
    print("PASS" if ok else "FAIL")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
