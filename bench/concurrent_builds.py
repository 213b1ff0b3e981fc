"""Pairs of builds started at once into one folder, each with other settings: never a mix.

Each round starts two ``narrate build`` commands into the same output folder at the same
moment, one with channel title A and one with title B (the title is in every episode's ID3
album tag, so each MP3 says which build wrote it). Settings alternate from round to round
so every round has work to do. After both end:
  mixed    the MP3s carry albums of both builds, or the feed's title is not theirs;
  invalid  ``check_folder`` finds a problem;
  exits    one build completed (0) and the other exited 1 naming the lock holder's pid, or
           both completed, one after the other.
Prints per-round results and the totals; the baseline is one build alone, for the ratio of
a round's time to it.

    .venv/bin/python bench/concurrent_builds.py [--pairs 20] [--articles 4]
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from pathlib import Path

from _common import NARRATE, make_articles
from mutagen.id3 import ID3

from narrate.check import check_folder

BUSY = re.compile(r"^Error: .*: another narrate \(pid (\d+)\) is writing this folder")


def albums(out: Path) -> set[str]:
    """The ID3 album of every episode in ``out``."""
    return {str(ID3(mp3).get("TALB", [""])[0]) for mp3 in out.glob("*.mp3")}


def feed_title(out: Path) -> str:
    channel = ET.parse(out / "feed.xml").getroot().find("channel")
    return channel.findtext("title", "") if channel is not None else ""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=20)
    parser.add_argument("--articles", type=int, default=4)
    parser.add_argument("--engine", default="silent")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        source, out = Path(tmp) / "src", Path(tmp) / "audio"
        make_articles(source, args.articles)

        def command(title: str) -> tuple[list[str], dict[str, str]]:
            env = {**os.environ, "NARRATE_ENGINE": args.engine, "NARRATE_TITLE": title}
            return [*NARRATE, "build", str(source), "--out", str(out), "--jobs", "1"], env

        cmd, env = command("Baseline")
        began = time.perf_counter()
        subprocess.run(cmd, env=env, check=True, stdout=subprocess.DEVNULL)
        baseline = time.perf_counter() - began
        print(f"baseline: one build of {args.articles} articles alone, {baseline:.2f} s")
        mixed = invalid = odd_exits = waited = 0
        for n in range(1, args.pairs + 1):
            titles = (f"Round {n} A", f"Round {n} B")
            began = time.perf_counter()
            procs = []
            for title in titles:
                cmd, env = command(title)
                procs.append(subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL,
                                              stderr=subprocess.PIPE, text=True))  # fmt: skip
            results = [(p.wait(), p.stderr.read()) for p in procs]
            spent = time.perf_counter() - began
            codes = [code for code, _ in results]
            found = albums(out)
            is_mixed = len(found) != 1 or feed_title(out) not in found or not found <= set(titles)
            problems = check_folder(out)
            busy = [BUSY.match(err.strip()) for code, err in results if code == 1]
            if sorted(codes) == [0, 1] and busy and busy[0] and len(err_lines(results)) == 1:
                exits = f"one built, one refused (holder pid {busy[0].group(1)})"
            elif codes == [0, 0]:
                exits = "both built, one after the other"
                waited += 1
            else:
                exits = f"UNEXPECTED exits {codes}: {[e.strip()[:200] for _, e in results]}"
                odd_exits += 1
            mixed += is_mixed
            invalid += bool(problems)
            state = "MIXED" if is_mixed else f"one edition ({next(iter(found))!r})"
            print(f"pair {n:2d} ({spent / baseline:.2f} x baseline): {exits}; {state}; "
                  f"{'INVALID: ' + problems[0] if problems else 'valid'}")  # fmt: skip
        print(
            f"{args.pairs} concurrent pairs: {mixed} mixed editions, {invalid} invalid states, "
            f"{odd_exits} unexpected exits ({waited} pairs ran one after the other)"
        )
        sys.exit(0 if mixed == invalid == odd_exits == 0 else 1)


def err_lines(results: list[tuple[int, str]]) -> list[str]:
    """The stderr lines of the builds that exited 1."""
    return [line for code, err in results if code == 1 for line in err.splitlines() if line]


if __name__ == "__main__":
    main()
