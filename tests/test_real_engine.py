"""The real engine (pyttsx3 over eSpeak NG) and ffmpeg. These run in CI, which installs both;
without them they fail (never skip), since a build without them cannot work."""

from __future__ import annotations

import subprocess
import wave
from pathlib import Path

import feedparser
import podcastparser
import pytest

from narrate import ffmpeg
from narrate.catalogue import load_editions
from narrate.config import load_settings
from narrate.engines import get_engine, require
from narrate.pipeline import build

pytestmark = pytest.mark.engine


def test_tools_are_installed() -> None:
    require(get_engine("pyttsx3"))
    ffmpeg.require("ffmpeg")
    ffmpeg.require("ffprobe")


def test_pyttsx3_speaks_long_text_in_full() -> None:
    # pyttsx3 2.98 truncated long texts to about 8 seconds; 2.99 wrote nothing without waiting.
    engine = get_engine("pyttsx3")
    text = " ".join(["The quick brown fox jumps over the lazy dog."] * 30)  # 270 words
    audio = engine.synthesize(text, engine.default_voice("en"), 175)
    seconds = audio.samples / audio.sample_rate
    assert 270 / 175 * 60 * 0.7 < seconds < 270 / 175 * 60 * 1.4


@pytest.mark.slow  # the whole seed read by the real engine
def test_seed_episode_speaks_the_whole_article(seeds: Path, tmp_path: Path) -> None:
    out = tmp_path / "audio"
    settings = load_settings(jobs=2)
    report = build(seeds, out, settings)
    assert not report.errors
    (edition,) = load_editions(out)
    episode = edition.episode
    assert episode is not None
    # eSpeak NG's own rendering of the same spoken script, at the same rate and voice.
    script = tmp_path / "script.txt"
    script.write_text("\n\n".join(s.spoken for s in edition.segments if s.spoken), "utf-8")
    voice = get_engine("pyttsx3").default_voice(edition.language)
    ref = tmp_path / "ref.wav"
    subprocess.run(
        ["espeak-ng", "-v", voice, "-s", str(settings.rate), "-w", str(ref), "-f", str(script)],
        check=True,
    )
    with wave.open(str(ref)) as wav:
        reference = wav.getnframes() / wav.getframerate()
    probed = ffmpeg.duration(out / episode.file)
    assert abs(probed - reference) / reference < 0.10
    assert reference > 300  # the seed is about 1,100 words: several minutes

    # The feed: parses cleanly, exact enclosure length, duration within 1 s of ffprobe's.
    parsed = feedparser.parse(str(out / "feed.xml"))
    assert not parsed.bozo
    (entry,) = parsed.entries
    (enclosure,) = entry.enclosures
    assert int(enclosure.length) == (out / episode.file).stat().st_size
    assert abs(int(entry.itunes_duration) - probed) <= 1
    with open(out / "feed.xml", "rb") as fh:
        podcast = podcastparser.parse("http://127.0.0.1:8000/feed.xml", fh)
    (item,) = podcast["episodes"]
    assert item["enclosures"][0]["file_size"] == (out / episode.file).stat().st_size
    assert abs(item["total_time"] - probed) <= 1

    stream = ffmpeg.probe(out / episode.file)["streams"][0]
    assert stream["codec_name"] == "mp3"
    assert (stream["channels"], int(stream["sample_rate"])) == (1, 44100)
