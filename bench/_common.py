"""Helpers shared by the benchmarks: timing commands, medians, the seed article."""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_8dea0efc4732bc9d.txt"
NARRATE = [sys.executable, "-m", "narrate"]


def run_timed(cmd: Sequence[str], env: dict[str, str] | None = None) -> tuple[float, float]:
    """Run a command; return (wall seconds, user+sys CPU seconds of it and its children)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(
        list(cmd), check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        env={**os.environ, **(env or {})},
    )  # fmt: skip
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def median(values: list[float]) -> float:
    """The median."""
    return statistics.median(values)


def fmt(values: list[float]) -> str:
    """Median and range of timings."""
    return f"median {median(values):.3f} s (min {min(values):.3f}, max {max(values):.3f})"
