"""A back catalogue at scale: build thousands of short articles, then the builds that follow.

Generates ``--articles`` short articles (default 10,000; two to four paragraphs of
news-like sentences each), builds them with ``--engine`` (default the silent engine), then
times, each in a fresh process:
  no change   the same build again (answered from the build stamp), against
              ``narrate --version`` in the same run;
  full check  the same with the build stamp removed: every article checked by content;
  add one     one new article, then the build;
  edit one    one paragraph of one article changed, then the build;
and reports the feed's size and items, its archive pages, the index page's size, the
cache, and peak memory: ``ru_maxrss`` of the children of a wrapper process (the largest
single process of each build: the CLI or one of its workers).

Bars (at 10,000 articles): no-change build under 2 s; add one and edit one within a few
times a one-article build (the work of the changed article, not of the catalogue); peak
memory under 500 MB.

    .venv/bin/python bench/archive.py                         # 10,000 articles, silent
    .venv/bin/python bench/archive.py --articles 200 --engine pyttsx3
    .venv/bin/python bench/archive.py --work /tmp/arch        # keep (and reuse) the build
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import NARRATE, median, news_sentence  # noqa: E402

NO_CHANGE_BAR_S = 2.0
MEMORY_BAR_MB = 500

# Runs the command given as its arguments and prints the largest resident size of any
# process it waited for (Linux: KiB), so each build's peak is measured on its own.
_WRAPPER = (
    "import resource, subprocess, sys\n"
    "code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode\n"
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    "sys.exit(code)\n"
)


def write_article(folder: Path, n: int, rng: random.Random) -> Path:
    """One short article in the seed format, dated so that the catalogue has an order."""
    paragraphs = [
        " ".join(news_sentence(rng) for _ in range(rng.randint(1, 3)))
        for _ in range(rng.randint(2, 4))
    ]
    path = folder / f"a{n:05d}.md"
    day = 1 + n % 28
    month = 1 + (n // 28) % 12
    year = 1990 + n // (28 * 12)
    path.write_text(
        f"---\ntitle: Report number {n}\ndate: {year}-{month:02d}-{day:02d}\n---\n\n"
        + "\n\n".join(paragraphs)
        + "\n",
        "utf-8",
    )
    return path


def generate(folder: Path, count: int) -> None:
    """Write ``count`` articles into ``folder`` (those already there are kept)."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(27)
    for n in range(count):
        text_rng = random.Random(rng.random())
        if not (folder / f"a{n:05d}.md").exists():
            write_article(folder, n, text_rng)


def timed(cmd: list[str]) -> tuple[float, int]:
    """Run ``cmd`` under the wrapper; (wall seconds, peak RSS of a single process in bytes)."""
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", _WRAPPER, *cmd], capture_output=True, text=True, check=False
    )
    seconds = time.perf_counter() - start
    if done.returncode:
        raise SystemExit(f"{' '.join(cmd[2:])} failed: {done.stderr.strip()[-2000:]}")
    return seconds, int(done.stdout.split()[-1]) * 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--engine", default="silent")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--runs", type=int, default=3, help="runs of the no-change build")
    parser.add_argument("--work", type=Path, help="folder to keep (and reuse) the build in")
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="narrate-archive-"))
    src, out = work / "src", work / "out"
    env_opts = ["--engine", args.engine, "--jobs", str(args.jobs)]
    build = [*NARRATE, "build", str(src), "--out", str(out), *env_opts]
    rows: list[tuple[str, float, int]] = []
    try:
        # Articles added or edited by an earlier run are put back as generated.
        for extra in src.glob("new*.md") if src.is_dir() else []:
            extra.unlink()
        generate(src, args.articles)
        first = src / "a00000.md"
        first.write_text(first.read_text("utf-8").replace(" (edited)", ""), "utf-8")
        print(f"{args.articles:,} articles, engine {args.engine}, {args.jobs} jobs, in {work}",
              flush=True)  # fmt: skip
        seconds, peak = timed(build)
        rows.append(("first build (or catch-up)", seconds, peak))
        print(f"  first build: {seconds:.1f} s", flush=True)
        # One article alone, cold: the unit the changed-article builds are compared with.
        one = work / "one"
        shutil.rmtree(one, ignore_errors=True)
        one.mkdir()
        shutil.copy(first, one / "new1.md")
        alone = timed([*NARRATE, "build", str(one), "--out", str(work / "one-out"), *env_opts])
        shutil.rmtree(work / "one-out", ignore_errors=True)
        version = [timed([*NARRATE, "--version"])[0] for _ in range(args.runs)]
        same = [timed(build) for _ in range(args.runs)]
        rows.append(("no change", median([s for s, _ in same]), max(p for _, p in same)))
        rows.append(("narrate --version", median(version), 0))
        (out / ".narrate" / "build-stamp.json").unlink()
        rows.append(("no change, full check", *timed(build)))
        shutil.copy(first, src / "new1.md")
        # Today's article: the newest, as in a daily archive (an article dated among the
        # oldest would move one item along every archive feed after it).
        text = (src / "new1.md").read_text("utf-8").replace("Report number 0", "A new report")
        text = text.replace("date: 1990-01-01", "date: 2030-01-01")
        (src / "new1.md").write_text(text, "utf-8")
        rows.append(("add one article", *timed(build)))
        paragraphs = first.read_text("utf-8").split("\n\n")
        paragraphs[2] = paragraphs[2].replace(".", " (edited).", 1)
        first.write_text("\n\n".join(paragraphs), "utf-8")
        rows.append(("edit one article", *timed(build)))
        rows.append(("one article alone, cold", *alone))
        feed = out / "feed.xml"
        archives = sorted(out.glob("feed-archive-*.xml"))
        items = feed.read_text("utf-8").count("<item>")
        report = subprocess.run(
            [*NARRATE, "cache", "-o", str(out)], capture_output=True, text=True, check=True
        ).stdout.splitlines()[0]
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    print(f"\n| {args.articles:,} articles ({args.engine}) | seconds | peak RSS (MB) |")
    print("|---|---:|---:|")
    for label, seconds, peak in rows:
        print(f"| {label} | {seconds:.2f} | {peak / 2**20:.0f} |" if peak
              else f"| {label} | {seconds:.2f} | |")  # fmt: skip
    print(f"\nfeed.xml: {feed.stat().st_size / 1e6:.2f} MB, {items} items; "
          f"{len(archives)} archive pages, {sum(a.stat().st_size for a in archives) / 1e6:.1f} MB; "
          f"index.html {(out / 'index.html').stat().st_size / 1e6:.2f} MB")  # fmt: skip
    print(f"cache: {report}")
    no_change = rows[1][1]
    peak_mb = max(p for _, _, p in rows) / 2**20
    print(f"no change {no_change:.2f} s (bar {NO_CHANGE_BAR_S}), "
          f"ratio to --version {no_change / rows[2][1]:.2f}; peak {peak_mb:.0f} MB "
          f"(bar {MEMORY_BAR_MB})")  # fmt: skip


if __name__ == "__main__":
    main()
