"""A build with one hostile article in it, against the same build without it.

Writes nine generated articles and a tenth whose Markdown front matter is a YAML alias
bomb (nine levels of nine aliases each: a billion nodes if expanded). Builds the nine
alone and the ten together, each into a fresh folder with ``narrate build`` on the silent
engine, alternating, ``--rounds`` times each; prints the median wall time of each, their
ratio (the figure: at most 1.2), and the line the bomb was refused with.

    .venv/bin/python bench/hostile_build.py [--rounds 3]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import NARRATE, make_articles, median

BOMB = (
    "---\ntitle: Bomb\n"
    + "".join(f"l{n}: &l{n} [{', '.join([f'*l{n - 1}' if n else 'lol'] * 9)}]\n" for n in range(9))
    + "---\n\nA body that is never reached.\n"
)


def build(source: Path, out: Path) -> tuple[float, str]:
    """Wall seconds of ``narrate build source -o out``, and its error lines."""
    started = time.perf_counter()
    done = subprocess.run(
        [*NARRATE, "build", str(source), "-o", str(out), "--engine", "silent", "-q"],
        capture_output=True, text=True,
    )  # fmt: skip
    return time.perf_counter() - started, done.stderr.strip()


def main() -> None:
    """Build both folders alternately and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        alone, hostile = work / "nine", work / "ten"
        for path in make_articles(alone, 9):
            hostile.mkdir(exist_ok=True)
            (hostile / path.name).write_bytes(path.read_bytes())
        (hostile / "bomb.md").write_text(BOMB, "utf-8")
        times: dict[str, list[float]] = {"nine alone": [], "nine and the bomb": []}
        refused = ""
        for n in range(args.rounds):
            times["nine alone"].append(build(alone, work / f"out-alone-{n}")[0])
            seconds, errors = build(hostile, work / f"out-hostile-{n}")
            times["nine and the bomb"].append(seconds)
            refused = errors
            for out in (work / f"out-alone-{n}", work / f"out-hostile-{n}"):
                if len(list(out.glob("*.mp3"))) != 9:
                    sys.exit(f"{out.name}: the nine articles were not all published")
    for name, values in times.items():
        print(f"{name}: median {median(values):.2f} s ({', '.join(f'{v:.2f}' for v in values)})")
    ratio = median(times["nine and the bomb"]) / median(times["nine alone"])
    print(f"ratio: {ratio:.2f} (at most 1.2 wanted)")
    print(f"the bomb: {refused}")


if __name__ == "__main__":
    main()
