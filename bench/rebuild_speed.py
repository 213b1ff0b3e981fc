"""Incremental rebuilds versus the cold build, measured in the same run.

For a folder of articles (the seed alone, and a generated folder of several articles):
  cold       ``narrate build`` into an empty output folder (empty cache);
  render     ``narrate render`` of the folder's first article into an empty folder (the
             cold render the edit is also compared with);
  no change  the same build again: nothing to synthesise, encode or rewrite (answered
             from the build stamp);
  full check the same, with the build stamp removed first: every article is checked by
             content, as after any change elsewhere in the folder;
  one edit   one paragraph of one article changed, then the build again;
  --version  ``narrate --version``, the least any command costs (the no-change bar).
Prints medians, the ratios to the cold build (and the edit's to the cold render), and
the no-change build's ratio to ``narrate --version``. Bytecode is compiled first, as
``pip install`` does (where PYTHONDONTWRITEBYTECODE is set, an editable install would
otherwise compile narrate's sources on every run).

    .venv/bin/python bench/rebuild_speed.py [--runs 3] [--articles 10]
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
from pathlib import Path

from _common import NARRATE, SEED, compile_bytecode, fmt, make_articles, median, run_timed

from narrate.stamp import STAMP


def measure(
    source: Path, work: Path, runs: int
) -> tuple[list[float], list[float], list[float], list[float], list[float], list[float]]:
    """(cold, no-change, full check, one-edit, --version, cold render) timings on ``source``."""
    cold, same, full, edit, version, render = [], [], [], [], [], []
    for run in range(runs):
        src = work / f"src{run}"
        shutil.copytree(source, src)
        out = work / f"out{run}"
        first = sorted(src.iterdir())[0]
        single = [*NARRATE, "render", str(first), "--out", str(work / f"render{run}")]
        render.append(run_timed(single)[0])
        build = [*NARRATE, "build", str(src), "--out", str(out)]
        cold.append(run_timed(build)[0])
        version.append(run_timed([*NARRATE, "--version"])[0])
        same.append(run_timed(build)[0])
        (out / STAMP).unlink()
        full.append(run_timed(build)[0])
        article = sorted(src.iterdir())[0]
        paragraphs = article.read_text("utf-8").split("\n\n")
        paragraphs[3] = paragraphs[3].replace(".", f" (revised {run}).", 1)
        article.write_text("\n\n".join(paragraphs), "utf-8")
        edit.append(run_timed(build)[0])
        shutil.rmtree(out)
        shutil.rmtree(work / f"render{run}")
    return cold, same, full, edit, version, render


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--articles", type=int, default=10)
    args = parser.parse_args()
    compile_bytecode()
    with tempfile.TemporaryDirectory(prefix="narrate-bench-") as tmp:
        work = Path(tmp)
        seed_only = work / "seed"
        seed_only.mkdir()
        shutil.copy(SEED, seed_only)
        folder = work / "folder"
        make_articles(folder, args.articles)
        for label, source in (("seed article", seed_only), (f"{args.articles} articles", folder)):
            cold, same, full, edit, version, render = measure(
                source, work / label.replace(" ", "_"), args.runs
            )
            print(f"{label}, runs: {args.runs}")
            print(f"  cold build:                 {fmt(cold)}")
            print(f"  cold render (first article): {fmt(render)}")
            for name, times in (
                ("no-change build", same),
                ("no change, full check", full),
                ("one-paragraph edit", edit),
            ):
                print(f"  {name + ':':27s} {fmt(times)}  ratio {median(times) / median(cold):.3f}")
            print(f"  one-paragraph edit / cold render: {median(edit) / median(render):.3f}")
            print(f"  {'narrate --version:':27s} {fmt(version)}")
            print(f"  no-change build / --version: {median(same) / median(version):.2f}")


if __name__ == "__main__":
    main()
