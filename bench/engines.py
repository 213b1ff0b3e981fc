"""Engines compared: pyttsx3, espeak and Piper on the seed and on a batch, with Piper's CLI.

Per engine: wall time, real-time factor (wall / seconds of speech), CPU use (user+sys of
every process of the command, sampled from /proc, over wall x cores) and peak resident
memory (all processes together, and the largest single process: a worker's share).
The seed is rendered with one worker pinned to one core; the batch is built with the
engine's default layout on every core. For Piper, the same run also measures:

- the floor: Piper's own command line (``python -m piper``), pinned to the same core,
  speaking exactly the chunks narrate spoke (one per line), timed per second of its audio;
- the layouts: one worker pinned to one core (single-process throughput), one worker
  using every core's thread (1xN) and N single-threaded workers (Nx1, the default).

Targets: narrate with Piper within 1.15x of Piper's own time per second of audio on one
core; batch throughput at least 0.85 x cores x the single-process throughput. Seconds of
speech are narrate's (trimmed of edge silence, pauses not counted). Every figure is one
run on a machine that may be shared: read the ratios, not the absolute times.

    .venv/bin/python bench/engines.py [--articles 20] [--paragraphs 2] [--engines ...]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
import wave
from dataclasses import dataclass
from pathlib import Path

from _common import NARRATE, SEED, make_articles

CORES = len(os.sched_getaffinity(0))
TICK = os.sysconf("SC_CLK_TCK")
PAGE = os.sysconf("SC_PAGE_SIZE")


@dataclass(frozen=True)
class Run:
    """What one command cost."""

    wall: float
    cpu: float  # user+sys seconds of the command and every process under it
    peak: int  # peak resident bytes of all its processes together
    largest: int  # peak resident bytes of its largest single process
    speech: float = 0.0  # seconds of speech it produced

    @property
    def rtf(self) -> float:
        """Wall seconds per second of speech."""
        return self.wall / self.speech if self.speech else float("nan")

    @property
    def cpu_rtf(self) -> float:
        """CPU seconds per second of speech: what contention for the cores does not change."""
        return self.cpu / self.speech if self.speech else float("nan")

    def cells(self, cores: int) -> str:
        """One table row's figures."""
        return (
            f"{self.wall:7.1f} s | {self.speech:7.1f} s | {self.rtf:6.3f} | {self.cpu_rtf:6.3f} | "
            f"{self.cpu / self.wall / cores:4.0%} | {self.peak / 2**20:6.0f} MB | "
            f"{self.largest / 2**20:6.0f} MB"
        )


def _processes() -> dict[int, tuple[int, int, float]]:
    """pid -> (parent, resident bytes, CPU seconds) for every process now alive."""
    found = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as fh:
                    stat = fh.read().rsplit(")", 1)[1].split()
                found[int(entry)] = (
                    int(stat[1]),
                    int(stat[21]) * PAGE,
                    (int(stat[11]) + int(stat[12])) / TICK,
                )
            except (OSError, IndexError, ValueError):
                continue
    return found


def measure(cmd: list[str], one_core: bool = False, stdin: bytes | None = None) -> Run:
    """Run ``cmd`` (pinned to core 0 if asked), sampling its process tree every 0.1 s."""
    pinned = (lambda: os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})) if one_core else None
    cpu_seen: dict[int, float] = {}
    peak = largest = 0
    done = threading.Event()

    def sample(root: int) -> None:
        nonlocal peak, largest
        while not done.is_set():
            procs = _processes()
            total = 0
            for pid, (_parent, rss, cpu) in procs.items():
                node = pid
                while node > 1 and node != root:
                    node = procs.get(node, (0, 0, 0.0))[0]
                if node == root:
                    total += rss
                    largest = max(largest, rss)
                    cpu_seen[pid] = cpu
            peak = max(peak, total)
            done.wait(0.1)

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.Popen(
        cmd, stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, preexec_fn=pinned,
    )  # fmt: skip
    sampler = threading.Thread(target=sample, args=(proc.pid,), daemon=True)
    sampler.start()
    _, err = proc.communicate(stdin)
    wall = time.perf_counter() - start
    done.set()
    sampler.join()
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd[:4])} failed: {err.decode(errors='replace')[-400:]}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    # Processes reaped up to the command count in its rusage (short-lived ones that the
    # sampler missed); workers of a forkserver may not, but the sampler saw them.
    reaped = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return Run(wall, max(reaped, sum(cpu_seen.values())), peak, largest)


def editions(out: Path) -> list[dict]:
    """The editions a render or build wrote into ``out``."""
    return [
        json.loads(p.read_text("utf-8"))
        for p in sorted(out.glob("*.json"))
        if not p.name.endswith(".chapters.json")
    ]


def speech_seconds(out: Path) -> float:
    """Seconds of speech in every episode in ``out`` (pauses not counted)."""
    return sum(sum(s["samples"] for s in e["segments"]) / e["sample_rate"] for e in editions(out))


def narrate(args: list[str], out: Path, one_core: bool = False) -> Run:
    """Run a narrate command that writes into ``out``; its Run with the speech it made."""
    run = measure([*NARRATE, *args, "--out", str(out)], one_core)
    return Run(run.wall, run.cpu, run.peak, run.largest, speech_seconds(out))


def piper_floor(out: Path, work: Path) -> Run:
    """Piper's own CLI on one core, speaking the chunks narrate spoke in ``out``."""
    from narrate.engines.piper import find_voice, installed_voices

    voice = find_voice(installed_voices()[0].id)
    lines = [s["spoken"] for e in editions(out) for s in e["segments"] if s["spoken"].strip()]
    wav = work / "piper.wav"
    cmd = [sys.executable, "-m", "piper", "-m", str(voice.model), "-f", str(wav)]
    run = measure(cmd, one_core=True, stdin="\n".join(lines).encode("utf-8"))
    with wave.open(str(wav), "rb") as fh:
        seconds = fh.getnframes() / fh.getframerate()
    return Run(run.wall, run.cpu, run.peak, run.largest, seconds)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=20)
    parser.add_argument("--paragraphs", type=int, default=2, help="seed paragraphs per article")
    parser.add_argument("--engines", nargs="+", default=["pyttsx3", "espeak", "piper"])
    args = parser.parse_args()
    rows: list[tuple[str, Run, int]] = []
    with tempfile.TemporaryDirectory(prefix="narrate-engines-") as tmp:
        work = Path(tmp)
        batch = work / "batch"
        for path in make_articles(work / "src", args.articles):
            # Short articles, so the batch runs in minutes with a neural voice.
            parts = path.read_text("utf-8").split("\n\n")
            (batch / path.name).parent.mkdir(exist_ok=True)
            (batch / path.name).write_text("\n\n".join(parts[: 2 + args.paragraphs]), "utf-8")
        seed_args = ["render", str(SEED), "--jobs", "1"]
        for engine in args.engines:
            out = work / f"seed-{engine}"
            rows.append((f"{engine}: seed, 1 worker, 1 core", narrate(
                [*seed_args, "--engine", engine], out, one_core=True), 1))  # fmt: skip
            if engine == "piper":
                rows.append(("Piper's own CLI: seed chunks, 1 core", piper_floor(out, work), 1))
            build = ["build", str(batch), "--engine", engine]
            rows.append((f"{engine}: batch, default layout", narrate(
                build, work / f"batch-{engine}"), CORES))  # fmt: skip
            if engine == "piper":
                rows.append(("piper: batch, 1 worker x 1 thread, 1 core", narrate(
                    [*build, "--jobs", "1"], work / "batch-1x1", one_core=True), 1))  # fmt: skip
                rows.append((f"piper: batch, 1 worker x {CORES} threads", narrate(
                    [*build, "--jobs", "1"], work / "batch-1xN"), CORES))  # fmt: skip
    report(rows, args.articles)


def report(rows: list[tuple[str, Run, int]], articles: int) -> None:
    """Print the table and the two Piper targets."""
    print(f"cores: {CORES}; batch: {articles} articles. One run each; a shared machine is noisy.")
    print(
        "| run | wall | speech | wall/speech | CPU/speech | CPU use | peak memory "
        "| largest process |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for label, run, cores in rows:
        print(f"| {label} | {run.cells(cores)} |")
    found = {label: run for label, run, _ in rows}
    seed = found.get("piper: seed, 1 worker, 1 core")
    floor = found.get("Piper's own CLI: seed chunks, 1 core")
    default = found.get("piper: batch, default layout")
    single = found.get("piper: batch, 1 worker x 1 thread, 1 core")
    threads = found.get(f"piper: batch, 1 worker x {CORES} threads")
    if seed and floor:
        ratio = seed.rtf / floor.rtf
        verdict = "met" if ratio <= 1.15 else "missed"
        print(f"narrate+Piper / Piper CLI, time per second of audio, 1 core: {ratio:.2f} "
              f"(target <= 1.15: {verdict}); CPU time per second: "
              f"{seed.cpu_rtf / floor.cpu_rtf:.2f}")  # fmt: skip
    if default and single and threads:
        need = 0.85 * CORES
        for name, run in ((f"{CORES}x1 (default)", default), (f"1x{CORES}", threads)):
            gain = (run.speech / run.wall) / (single.speech / single.wall)
            verdict = "met" if gain >= need else "missed"
            # Per CPU second: the scaling the layout would give with every core to itself.
            per_cpu = single.cpu_rtf / run.cpu_rtf
            print(f"batch throughput {name} / single process: {gain:.2f} "
                  f"(target >= {need:.2f}: {verdict}); speech per CPU second: {per_cpu:.2f} "
                  f"of the single process's, x {CORES} cores = {per_cpu * CORES:.2f}")  # fmt: skip
        print(f"memory per Piper worker (largest process): {default.largest / 2**20:.0f} MB")


if __name__ == "__main__":
    main()
