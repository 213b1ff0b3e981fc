"""A batch build of many generated articles: time, articles per minute, CPU utilisation.

CPU utilisation is the user+sys time of the build and all its processes (worker
processes sampled from /proc) over wall time times cores, for the whole run and for the
synthesis phase alone: from the first to the last sample in which the worker processes
used CPU (start-up, reading the first article and the final publish fall outside it).
The whole machine's busy share from /proc/stat is shown for both windows too (time the
host gave to other guests, "steal", is left out and shown on its own line). Memory is
the resident memory of all the build's processes, sampled every 0.2 s: the peak, and the
peak of each quarter of the run (flat memory shows as equal quarters).
The baseline, in the same run, is the naive path on the same articles one after another:
``espeak-ng -w`` then ``ffmpeg`` to MP3 at default settings.

    .venv/bin/python bench/batch.py [--articles 100] [--baseline 10]
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import tempfile
import threading
import time
from pathlib import Path
from typing import NamedTuple

from _common import NARRATE, make_articles, run_timed


class Cpu(NamedTuple):
    """Jiffies of the whole machine since boot, from /proc/stat.

    Time the hypervisor gave to other guests (steal) counts as neither busy nor idle: on
    a shared host it would otherwise read as this machine's cores being busy.
    """

    busy: float
    total: float  # busy + idle
    steal: float


def _cpu() -> Cpu:
    with open("/proc/stat") as fh:
        fields = [float(x) for x in fh.readline().split()[1:]]
    user, nice, system, idle, iowait, irq, softirq = fields[:7]
    busy = user + nice + system + irq + softirq
    return Cpu(busy, busy + idle + iowait, fields[7] if len(fields) > 7 else 0.0)


class Sample(NamedTuple):
    """One look at the build, every 0.2 s."""

    time: float
    cpu: Cpu
    rss: int  # resident memory of all the build's processes
    workers: float  # CPU seconds of the worker processes so far
    everyone: float  # CPU seconds of all the build's processes so far


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100)
    parser.add_argument("--baseline", type=int, default=10, help="articles for the naive path")
    args = parser.parse_args()
    cores = os.cpu_count() or 1
    with tempfile.TemporaryDirectory(prefix="narrate-batch-") as tmp:
        work = Path(tmp)
        articles = make_articles(work / "src", args.articles)
        words = sum(len(p.read_text("utf-8").split()) for p in articles)
        cpu0, clock0 = _cpu(), time.perf_counter()
        done = threading.Event()

        def tree(root: int) -> tuple[int, dict[int, float]]:
            # Resident memory and CPU seconds of ``root`` and all its descendants (the
            # worker processes fork from a server, so they are not waited-for children).
            parents: dict[int, int] = {}
            rss: dict[int, int] = {}
            cpu: dict[int, float] = {}
            tick = os.sysconf("SC_CLK_TCK")
            for entry in os.listdir("/proc"):
                if not entry.isdigit():
                    continue
                try:
                    with open(f"/proc/{entry}/stat") as fh:
                        stat = fh.read().rsplit(")", 1)[1].split()
                    with open(f"/proc/{entry}/statm") as fh:
                        pages = int(fh.read().split()[1])
                except OSError:
                    continue
                pid = int(entry)
                parents[pid] = int(stat[1])
                rss[pid] = pages * os.sysconf("SC_PAGE_SIZE")
                cpu[pid] = (int(stat[11]) + int(stat[12])) / tick
            total = 0
            seen: dict[int, float] = {}
            for pid in rss:
                node = pid
                while node > 1 and node != root:
                    node = parents.get(node, 0)
                if node == root:
                    total += rss[pid]
                    seen[pid] = cpu[pid]
            return total, seen

        cpu_seen: dict[int, float] = {}
        samples: list[Sample] = []

        def sample(root: int) -> None:
            while not done.wait(0.2):
                rss, cpu = tree(root)
                cpu_seen.update(cpu)
                workers = sum(t for pid, t in cpu_seen.items() if pid != root)
                samples.append(
                    Sample(time.perf_counter(), _cpu(), rss, workers, sum(cpu_seen.values()))
                )

        cmd = [*NARRATE, "build", str(work / "src"), "--out", str(work / "out")]
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        sampler = threading.Thread(target=sample, args=(proc.pid,), daemon=True)
        sampler.start()
        if proc.wait() != 0:
            raise SystemExit("the build failed")
        wall = time.perf_counter() - start
        done.set()
        sampler.join()
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        # The build process itself is counted on exit; its workers only by sampling.
        cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
        cpu += sum(t for pid, t in cpu_seen.items() if pid != proc.pid)
        cpu1 = _cpu()
        tick = os.sysconf("SC_CLK_TCK")
        stolen = (cpu1.steal - cpu0.steal) / tick / (time.perf_counter() - clock0) / cores
        busy = (cpu1.busy - cpu0.busy) / (cpu1.total - cpu0.total)
        # The synthesis phase: from the sample before the workers' CPU first grows to the
        # last sample in which it grew.
        grew = [i for i in range(1, len(samples)) if samples[i].workers > samples[i - 1].workers]
        first, last = samples[grew[0] - 1], samples[grew[-1]]
        span = last.time - first.time
        synth_machine = (last.cpu.busy - first.cpu.busy) / (last.cpu.total - first.cpu.total)
        # CPU of the build's processes in the window (the main process included), of all
        # the cores' time and of the time the host did not give to other guests.
        synth_used = last.everyone - first.everyone
        synth_cpu = synth_used / span / cores
        synth_given = synth_used / (span * cores - (last.cpu.steal - first.cpu.steal) / tick)
        quarters = [
            max((s.rss for s in samples if q * wall / 4 <= s.time - start < (q + 1) * wall / 4),
                default=0)
            for q in range(4)
        ]  # fmt: skip
        peak_rss = max(s.rss for s in samples)
        naive = 0.0
        for path in articles[: args.baseline]:
            wav, mp3 = work / "n.wav", work / "n.mp3"
            naive += run_timed(["espeak-ng", "-w", str(wav), "-f", str(path)])[0]
            naive += run_timed(["ffmpeg", "-loglevel", "error", "-y", "-i", str(wav), str(mp3)])[0]
        per_naive = naive / args.baseline
    print(f"articles: {args.articles} ({words:,} words), cores: {cores}")
    print(f"build time: {wall:.1f} s, {args.articles / wall * 60:.1f} articles per minute")
    print(f"CPU use of the build's processes (user+sys / wall / cores): {cpu / wall / cores:.0%}")
    print(f"machine CPU busy during the build (/proc/stat): {busy:.0%}")
    print(
        f"synthesis phase ({span:.1f} s of {wall:.1f} s): the build's processes used "
        f"{synth_cpu:.0%} of all cores' time, {synth_given:.0%} of the time the host gave "
        f"them; machine CPU busy {synth_machine:.0%}"
    )
    print(f"time the host gave to other guests (steal), not counted above: {stolen:.0%}")
    print(f"peak resident memory of the build's processes (sampled): {peak_rss / 2**20:.0f} MB")
    print(
        "peak memory by quarter of the run: " + ", ".join(f"{q / 2**20:.0f} MB" for q in quarters)
    )
    print(
        f"naive path: {per_naive:.2f} s per article over {args.baseline} articles; "
        f"narrate per article / naive per article: {wall / args.articles / per_naive:.2f}"
    )


if __name__ == "__main__":
    main()
