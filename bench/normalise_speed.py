"""Normaliser throughput on a large news-like text (bar: 500 KB/s on one core).

Builds a deterministic text of at least 1 MB from the seed article plus sentences that
exercise every rule, normalises it a few times in this one process, and prints the size,
the best and median times, and the throughput in KB/s (1 KB = 1000 bytes of UTF-8 input).

The machine is shared, so absolute figures move with its load. With ``--baseline DIR``
(a checkout of another version, e.g. ``git archive main narrate | tar -x -C DIR``) that
version's normaliser is loaded beside this one and timed in alternation on the same text;
the ratio of the two medians is the figure to compare.

    .venv/bin/python bench/normalise_speed.py [--mb 1] [--runs 5] [--baseline DIR]
"""

from __future__ import annotations

import argparse
import importlib.util
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from narrate.textnorm import normalise  # noqa: E402

SEED = ROOT / "seeds" / "000_8dea0efc4732bc9d.txt"

# Templates filled with random values; together they exercise every rule of the normaliser.
TEMPLATES = [
    "Officials said {n:,} people were displaced in {year}, up from {m:,} in {year2}.",
    "The company reported revenue of ${d}.{c:02d} billion, or ${p}.{c:02d} a share.",
    "Prices rose {pct}.{c}% in {month} after a {small}-{small2} vote in the Senate.",
    "The {small}-year-old was found {km} km from the village at {h}:{mm} p.m. on {month} {day}.",
    "Temperatures fell to -{small}°C while winds reached {mph} mph over {area:,} km².",
    "Dr. Jane Smith of the CIA told Sen. Brown on Mon., Nov. {day} that the U.S. plan failed.",
    "The NGOs and NATO met at St. Paul's Cathedral on Main St. in {year}-{year2}.",
    "The MH17 inquiry and the G7 summit discussed the F-35 and COVID-19 ({year}).",
    "Henry VIII and Louis XIV were mentioned, as was World War II and Chapter IV.",
    "Call 555-{a:03d}-{b:04d} or visit www.example{small}.com, or e-mail news@example.org.",
    "It was the {ordinal} time in the 1990s that the '80s hit reached No. {small}.",
    "About {frac} of voters, i.e. {pct} in {hundred}, backed the plan 24/7, e.g. in 9/11 cases.",
    "The £{small}m deal and the €{d}.{c}bn fund were signed on {iso}.",
    "He ran {small2} miles in {h} hours & said #{small} was the goal, vs. {small} last year.",
]
MONTHS = "January February March April May June July August September October November December"


def build_text(target_bytes: int, seed: int = 2018) -> str:
    """A deterministic news-like text of at least ``target_bytes`` UTF-8 bytes."""
    rng = random.Random(seed)
    article = SEED.read_text(encoding="utf-8")
    months = MONTHS.split()
    parts: list[str] = []
    size = 0
    while size < target_bytes:
        paragraph = []
        for _ in range(rng.randint(3, 6)):
            t = rng.choice(TEMPLATES)
            paragraph.append(
                t.format(
                    n=rng.randint(2, 90000),
                    m=rng.randint(2, 90000),
                    year=rng.randint(1950, 2030),
                    year2=rng.randint(1950, 2030),
                    d=rng.randint(1, 999),
                    c=rng.randint(0, 99),
                    p=rng.randint(1, 9),
                    pct=rng.randint(0, 99),
                    month=rng.choice(months),
                    small=rng.randint(2, 12),
                    small2=rng.randint(1, 12),
                    km=rng.randint(1, 500),
                    h=rng.randint(1, 12),
                    mm=rng.randint(0, 59),
                    day=rng.randint(1, 28),
                    mph=rng.randint(20, 200),
                    area=rng.randint(1000, 900000),
                    a=rng.randint(200, 999),
                    b=rng.randint(0, 9999),
                    ordinal=f"{rng.randint(1, 99)}th",
                    frac=rng.choice(["1/2", "3/4", "2/3", "½"]),
                    hundred=rng.choice([10, 100, 1000]),
                    iso=f"20{rng.randint(10, 29)}-{rng.randint(1, 12):02d}-0{rng.randint(1, 9)}",
                )  # fmt: skip
            )
        chunk = " ".join(paragraph) + "\n\n"
        if rng.random() < 0.15:
            chunk += article + "\n\n"
        parts.append(chunk)
        size += len(chunk.encode("utf-8"))
    return "".join(parts)


def load_baseline(root: Path):  # type: ignore[no-untyped-def]
    """Import another checkout's ``narrate`` package under a name of its own; its normaliser."""
    package = root / "narrate"
    spec = importlib.util.spec_from_file_location(
        "baseline_narrate", package / "__init__.py", submodule_search_locations=[str(package)]
    )
    if spec is None or spec.loader is None:
        raise SystemExit(f"{package}: no narrate package there")
    module = importlib.util.module_from_spec(spec)
    sys.modules["baseline_narrate"] = module
    spec.loader.exec_module(module)
    return importlib.import_module("baseline_narrate.textnorm").normalise


def main() -> None:
    """Build the text, time the normaliser, print the figures."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=1.0, help="size of the text in MB (default 1)")
    ap.add_argument("--runs", type=int, default=5, help="timed runs (default 5)")
    ap.add_argument("--baseline", type=Path, help="a checkout whose normaliser is the baseline")
    args = ap.parse_args()
    text = build_text(int(args.mb * 1_000_000))
    size = len(text.encode("utf-8"))
    base = load_baseline(args.baseline) if args.baseline else None
    normalise(text[:20000])  # warm caches and compile patterns outside the timing
    if base:
        base(text[:20000])
    times, base_times = [], []
    for _ in range(args.runs):
        start = time.perf_counter()
        out = normalise(text)
        times.append(time.perf_counter() - start)
        if base:
            start = time.perf_counter()
            base(text)
            base_times.append(time.perf_counter() - start)
    best, med = min(times), statistics.median(times)
    digits_left = sum(c.isdigit() and c.isascii() for c in out)
    print(f"input        {size / 1000:,.0f} KB ({len(text):,} characters)")
    print(
        f"output       {len(out.encode('utf-8')) / 1000:,.0f} KB, ASCII digits left: {digits_left}"
    )
    print(f"time         best {best:.3f} s, median {med:.3f} s over {args.runs} runs")
    print(f"throughput   best {size / 1000 / best:,.0f} KB/s, median {size / 1000 / med:,.0f} KB/s")
    print(f"bar          500 KB/s: {'met' if size / 1000 / med >= 500 else 'NOT met'}")
    if base_times:
        base_med = statistics.median(base_times)
        print(
            f"baseline     median {base_med:.3f} s, {size / 1000 / base_med:,.0f} KB/s; "
            f"this version takes {med / base_med:.2f} x the baseline's time"
        )


if __name__ == "__main__":
    main()
