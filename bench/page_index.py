"""The edition's index with many episodes, in a real browser: load and search times.

Builds ``--episodes`` short articles (silent engine), serves them on 127.0.0.1 and opens
the index in Debian's Chromium (Playwright), measured in the same run:
  plain     the index without JavaScript (the baseline: the HTML alone);
  tools     the index with its listening tools (player.js: paging, library, search);
  first     typing a word in the search box until the list shows every episode that
            holds it, in title or text (the first search fetches episodes.json);
  again     a second search, for a word found only in the episodes' text.
Prints medians over ``--runs`` page loads and the ratio of tools to plain.

    .venv/bin/python bench/page_index.py [--episodes 1000] [--runs 5]
"""

from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

from _common import NARRATE

from narrate.server import make_server

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox", "--headless", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
WORDS = ("river council harbour election bridge budget school storm market museum railway "
         "orchard festival library hospital vineyard").split()  # fmt: skip
LOAD = "performance.getEntriesByType('navigation')[0].loadEventEnd"
VISIBLE = "[...document.querySelectorAll('article.episode')].filter(a => !a.hidden).length"


def write_articles(folder: Path, count: int) -> None:
    """``count`` short articles; one in ten has the word "zeppelin" in its text only."""
    rng = random.Random(7)
    folder.mkdir(parents=True)
    for n in range(count):
        title = f"The {rng.choice(WORDS)} and the {rng.choice(WORDS)}, part {n}"
        extra = " A zeppelin was seen over the town." if n % 10 == 0 else ""
        body = f"People gathered near the {rng.choice(WORDS)} on Monday.{extra}"
        (folder / f"a{n:05d}.txt").write_text(f"English\n\n{title}\n\n{body}\n", "utf-8")


def search(page, word: str) -> float:  # noqa: ANN001
    """Milliseconds from typing ``word`` to the list showing what it finds."""
    return page.evaluate(
        """([word, expected]) => new Promise(resolve => {
             const box = document.querySelector('input[type=search]');
             const start = performance.now();
             box.value = word;
             box.dispatchEvent(new Event('input'));
             const done = () => {
               const shown = [...document.querySelectorAll('article.episode')]
                 .filter(a => !a.hidden).length;
               if (shown === expected) resolve(performance.now() - start);
               else requestAnimationFrame(done);
             };
             done();
           })""",
        [word, expected_for(page, word)],
    )


def expected_for(page, word: str) -> int:  # noqa: ANN001
    """How many episodes hold ``word`` in title or text (from the published search list)."""
    return page.evaluate(
        """word => fetch('episodes.json').then(r => r.json()).then(rows => rows.filter(
             r => (r.title + ' ' + r.text).toLowerCase().includes(word)).length)""",
        word,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--episodes", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as work:
        src, out = Path(work) / "src", Path(work) / "out"
        write_articles(src, args.episodes)
        build = [*NARRATE, "build", str(src), "--out", str(out), "--engine", "silent"]
        subprocess.run(build, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        size = (out / "index.html").stat().st_size
        server = make_server(out, "127.0.0.1", 0)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        times: dict[str, list[float]] = {"plain": [], "tools": [], "first": [], "again": []}
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            for _ in range(args.runs):
                for name, script in (("plain", False), ("tools", True)):
                    context = browser.new_context(java_script_enabled=script,
                                                  service_workers="block")  # fmt: skip
                    page = context.new_page()
                    page.goto(server.url + "index.html", wait_until="load")
                    times[name].append(page.evaluate(LOAD))
                    if script:
                        times["first"].append(search(page, "harbour"))
                        page.evaluate("document.querySelector('input[type=search]').value = ''")
                        times["again"].append(search(page, "zeppelin"))
                    context.close()
            browser.close()
        server.shutdown()
    median = {k: statistics.median(v) for k, v in times.items()}
    print(f"index of {args.episodes} episodes ({size / 1e6:.1f} MB of HTML), "
          f"medians of {args.runs} loads in Chromium:")  # fmt: skip
    print(f"  load without JavaScript  {median['plain']:8.1f} ms")
    print(f"  load with the tools      {median['tools']:8.1f} ms "
          f"({median['tools'] / median['plain']:.2f} x)")  # fmt: skip
    print(f"  first search             {median['first']:8.1f} ms (fetches episodes.json)")
    print(f"  next search (text only)  {median['again']:8.1f} ms")


if __name__ == "__main__":
    sys.exit(main())
