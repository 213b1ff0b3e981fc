"""Random SIGKILLs during builds: the publication stays valid and no process outlives the build.

A folder of articles is built once, then rebuilt after one edit and one addition (the
baseline, timed). Then, round after round, one article is edited and one added (so every
build both replaces and adds episodes), a build starts with two workers, and SIGKILL hits
its main process at a random moment within the baseline rebuild's duration. After each kill:
  valid    ``check_folder`` finds no problem, apart from an episode catalogued but not yet
           in the feed (a kill between the two writes), and every enclosure length in
           feed.xml is the size of its file;
  orphans  processes of the build's session still alive 5 s after the kill.
A final build must then complete cleanly. Prints per-kill results and the totals.

    .venv/bin/python bench/kill_build.py [--kills 20] [--articles 6] [--engine silent]
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from pathlib import Path

from _common import NARRATE, make_articles

from narrate.check import check_folder

MEMBERSHIP = "is catalogued but not in the feed"


def session(sid: int) -> list[str]:
    """Live (not zombie) processes of session ``sid``."""
    found = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[3]) == sid and fields[0] not in "ZX":
            found.append(pid)
    return found


def false_lengths(out: Path) -> list[str]:
    """Enclosures of feed.xml whose length is not the size of the file they name."""
    wrong = []
    for enclosure in ET.parse(out / "feed.xml").getroot().iter("enclosure"):
        path = out / enclosure.get("url", "").rsplit("/", 1)[-1]
        size = path.stat().st_size if path.is_file() else None
        if size != int(enclosure.get("length", "-1")):
            wrong.append(f"{path.name}: states {enclosure.get('length')}, has {size}")
    return wrong


def start(source: Path, out: Path, env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen(
        [*NARRATE, "build", str(source), "--out", str(out), "--jobs", "2"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, start_new_session=True,
    )  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=20)
    parser.add_argument("--articles", type=int, default=6)
    parser.add_argument("--engine", default="silent")
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    env = {**os.environ, "NARRATE_ENGINE": args.engine}
    with tempfile.TemporaryDirectory() as tmp:
        source, out = Path(tmp) / "src", Path(tmp) / "audio"
        articles = make_articles(source, args.articles)
        build = [*NARRATE, "build", str(source), "--out", str(out), "--jobs", "2"]
        subprocess.run(build, env=env, check=True, stdout=subprocess.DEVNULL)

        def change(n: int) -> None:
            edited = rng.choice(articles)
            edited.write_text(edited.read_text("utf-8") + f"\nEdit number {n}.\n", "utf-8")
            added = source / f"added_{n:02d}.txt"
            added.write_text(f"English\n\nAdded {n}\n\nA new article, number {n}.\n", "utf-8")

        change(0)
        began = time.perf_counter()
        subprocess.run(build, env=env, check=True, stdout=subprocess.DEVNULL)
        baseline = time.perf_counter() - began
        print(f"baseline rebuild (one edit, one addition) of {args.articles} articles: "
              f"{baseline:.2f} s")  # fmt: skip
        valid = orphaned = finished = 0
        for n in range(1, args.kills + 1):
            change(n)
            proc = start(source, out, env)
            # Inside the build: a kill after its end proves nothing (still counted apart).
            delay = rng.uniform(0.05, 0.9 * baseline)
            time.sleep(delay)
            ended_first = proc.poll() is not None
            if not ended_first:
                os.kill(proc.pid, signal.SIGKILL)
                proc.wait()
            deadline = time.monotonic() + 5
            while (left := session(proc.pid)) and time.monotonic() < deadline:
                time.sleep(0.1)
            problems = [p for p in check_folder(out) if MEMBERSHIP not in p]
            problems += false_lengths(out)
            valid += not problems
            orphaned += len(left)
            finished += ended_first
            state = "valid" if not problems else "INVALID " + "; ".join(problems[:3])
            when = "after it ended" if ended_first else f"at {delay:.2f} s"
            print(f"kill {n:2d} {when}: {state}; {len(left)} process(es) left")
        final = subprocess.run([*NARRATE, "build", str(source), "--out", str(out)], env=env,
                               capture_output=True, text=True, check=False)  # fmt: skip
        clean = final.returncode == 0 and not check_folder(out)
        print(
            f"{args.kills} kills ({finished} after the build had ended): {valid} valid "
            f"publications, {orphaned} orphan processes; final build "
            f"{'clean' if clean else 'FAILED: ' + final.stderr.strip()}"
        )
        sys.exit(0 if valid == args.kills and orphaned == 0 and clean else 1)


if __name__ == "__main__":
    main()
