"""Helpers shared by the benchmarks: timing commands, medians, the seed article."""

from __future__ import annotations

import os
import random
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


def compile_bytecode() -> None:
    """Compile narrate's bytecode, as ``pip install`` does for an installed package."""
    import compileall

    compileall.compile_dir(str(ROOT / "narrate"), quiet=1)


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


def encoder_input(wav: Path) -> tuple[bytes, int]:
    """A WAV file's speech as narrate hands it to LAME: 16-bit PCM, and its rate."""
    from narrate.encode import EncodeSpec, at_output_rate, float_samples
    from narrate.engines.espeak import read_wav

    audio = read_wav(wav)
    return at_output_rate(float_samples(audio.pcm), audio.sample_rate, EncodeSpec())


def median(values: list[float]) -> float:
    """The median."""
    return statistics.median(values)


def fmt(values: list[float]) -> str:
    """Median and range of timings."""
    return f"median {median(values):.3f} s (min {min(values):.3f}, max {max(values):.3f})"


# Sentence templates for generated articles: news-like, with the forms the normaliser reads.
_TEMPLATES = [
    "Officials said {n} people had been evacuated by {weekday} evening.",
    "The company reported revenue of ${m} billion for the quarter, up {p}% on a year earlier.",
    "In {year}, the council approved a plan to build {n} homes over {k} years.",
    "Dr. {name} told reporters that the {acr} would publish its findings on {month} {day}.",
    "Temperatures reached {t}°C in the capital, the highest since {year}.",
    "The {k}-year-old driver was travelling at {s} mph when the crash happened.",
    "Shares fell {p}% after the announcement, wiping £{k}bn off the group's value.",
    "The vote passed {k}-{j}, with {j} members abstaining.",
    "About {n} tonnes of grain left the port between {year} and {year2}.",
    "The {acr} and the {acr2} said the talks would resume at {h}:30 p.m. on Monday.",
]
_NAMES = ["Smith", "Okafor", "Lindqvist", "García", "Nakamura", "Haddad", "Kowalski"]
_ACRONYMS = ["WHO", "IMF", "EU", "NATO", "UNICEF", "FBI", "OECD", "BBC"]
_MONTHS = ["Jan.", "Feb.", "March", "April", "June", "Aug.", "Sept.", "Nov."]
_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]


def news_sentence(rng: random.Random) -> str:
    """One generated news sentence: a template filled with numbers, names and dates."""
    return rng.choice(_TEMPLATES).format(
        n=f"{rng.randint(2, 90000):,}", m=f"{rng.randint(1, 99)}.{rng.randint(1, 9)}",
        p=f"{rng.randint(1, 30)}.{rng.randint(0, 9)}", year=rng.randint(1950, 2024),
        year2=rng.randint(2025, 2030), k=rng.randint(2, 19), j=rng.randint(0, 9),
        name=rng.choice(_NAMES), acr=rng.choice(_ACRONYMS), acr2=rng.choice(_ACRONYMS),
        month=rng.choice(_MONTHS), day=rng.randint(1, 28), t=rng.randint(-20, 45),
        s=rng.randint(30, 140), h=rng.randint(1, 11), weekday=rng.choice(_DAYS),
    )  # fmt: skip


def make_articles(folder: Path, count: int, seed: int = 1) -> list[Path]:
    """Write ``count`` varied articles (seed paragraphs and generated news) into ``folder``."""
    rng = random.Random(seed)
    text = SEED.read_text("utf-8").split("\n\n")
    paragraphs = [p.strip() for p in text[2:] if p.strip() and p.strip() != "Loading"]
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(count):
        body = rng.sample(paragraphs, rng.randint(3, 9))
        for _ in range(rng.randint(2, 6)):
            sentences = [news_sentence(rng) for _ in range(rng.randint(2, 4))]
            body.insert(rng.randrange(len(body) + 1), " ".join(sentences))
        title = f"Report {i + 1}: {rng.choice(paragraphs).split(',')[0][:60]}"
        path = folder / f"article_{i + 1:04d}.txt"
        path.write_text("English\n\n" + title + "\n\n" + "\n\n".join(body) + "\n", "utf-8")
        paths.append(path)
    return paths
