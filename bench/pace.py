"""Measure each engine's pace against its setting and write narrate's pace tables.

Every engine reads the seed article's spoken chunks (as narrate speaks them: normalised,
intro included) at a range of its own settings (eSpeak NG's rate for pyttsx3 and espeak,
the length scale for each installed Piper voice); pace is the words over the speech time
(each chunk trimmed of its silence as a build trims it, the pauses left out). The points
are written to narrate/data/pace.json, which narrate interpolates to read a requested rate.
Then, with the new table, each engine is asked for 140, 157 (the default), 160 and 200
words per minute on the same text and the measured pace printed; and at the default, on
each half of the seed alone, which shows how much pace depends on the text (longer words
read fewer a minute).

    .venv/bin/python bench/pace.py [--write] [--engines pyttsx3,espeak,piper] [--halves]
"""

from __future__ import annotations

import argparse
import functools
import json
import re

from _common import ROOT, SEED

from narrate.config import load_settings
from narrate.engines import Engine, get_engine, trim_silence
from narrate.engines.pace import count_words
from narrate.pipeline import prepare

# eSpeak NG's pace moves in uneven steps with its rate: a point every 10.
GRIDS = {
    "pyttsx3": list(range(100, 261, 10)),
    "espeak": list(range(100, 261, 10)),
    "piper": [0.75, 0.85, 0.95, 1.05, 1.15, 1.3, 1.45],
}
CHECK = (140, 157, 160, 200)
TABLE = ROOT / "narrate" / "data" / "pace.json"


def chunks() -> list[str]:
    """The seed's spoken chunks, in order."""
    edition = prepare(SEED, load_settings(engine="silent"))
    return [s.spoken for s in edition.segments if s.spoken.strip()]


@functools.cache
def engine_named(name: str) -> Engine:
    """One engine per name for the whole run, as a build's worker has (pyttsx3 shares one
    driver between its engines: several in one process wake each other's waits)."""
    return get_engine(name, (("device", "cpu"), ("threads", "1")) if name == "piper" else ())


def pace(engine_name: str, voice: str, texts: list[str], **how: float) -> float:
    """Words per minute of speech for ``texts`` (``how``: setting= raw, or rate= wpm)."""
    engine = engine_named(engine_name)
    seconds = 0.0
    for text in texts:
        if "setting" in how:
            audio = engine.raw_synthesize(text, voice, how["setting"])  # type: ignore[attr-defined]
        else:
            audio = engine.synthesize(text, voice, int(how["rate"]))
        audio = trim_silence(audio)
        seconds += audio.samples / audio.sample_rate
    return sum(count_words(t) for t in texts) / seconds * 60


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="write narrate/data/pace.json")
    parser.add_argument("--engines", default="pyttsx3,espeak,piper")
    parser.add_argument("--halves", action="store_true", help="also each half at 157")
    args = parser.parse_args()
    texts = chunks()
    halves = (texts[: len(texts) // 2], texts[len(texts) // 2 :])
    print(f"{len(texts)} chunks, {sum(count_words(t) for t in texts)} words")
    data = json.loads(TABLE.read_text("utf-8")) if TABLE.exists() else {"tables": {}}
    engines = args.engines.split(",")
    if args.write:
        for name in engines:
            engine = get_engine(name)
            voices = [v.id for v in engine.voices()] if name == "piper" else [""]
            for voice in voices:
                voice = voice or engine.default_voice("en")
                table = f"piper:{voice}" if name == "piper" else name
                points = []
                for value in GRIDS[name]:
                    wpm = pace(name, voice, texts, setting=value)
                    points.append([value, round(wpm, 1)])
                    print(f"{table}: setting {value} -> {wpm:.1f} wpm", flush=True)
                data["tables"][table] = {
                    "setting": "length scale" if name == "piper" else "eSpeak NG rate",
                    "measured": f"bench/pace.py on {SEED.name}, {len(texts)} chunks",
                    "points": points,
                }
        data["about"] = (
            "Words per minute of speech (pauses left out) measured at each engine setting; "
            "narrate interpolates these to read a requested rate. Written by bench/pace.py."
        )
        text = json.dumps(data, indent=1)
        # One point a line.
        text = re.sub(r"\[\s+([\d.]+),\s+([\d.]+)\s+\]", r"[\1, \2]", text)
        TABLE.write_text(text + "\n", "utf-8")
        from narrate.engines import pace as module

        module._raw.cache_clear()
        module.tables.cache_clear()
    for name in engines:
        voice = engine_named(name).default_voice("en")
        got = [pace(name, voice, texts, rate=r) for r in CHECK]
        said = [
            f"asked {r} -> {g:.1f} ({(g / r - 1) * 100:+.1f}%)"
            for r, g in zip(CHECK, got, strict=True)
        ]
        print(f"{name} ({voice}): " + ", ".join(said))
        if args.halves:
            split = [pace(name, voice, half, rate=157) for half in halves]
            print(f"{name} at 157 on each half: {split[0]:.1f}, {split[1]:.1f}", flush=True)


if __name__ == "__main__":
    main()
