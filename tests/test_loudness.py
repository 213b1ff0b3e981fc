"""Loudness, timing and tags on real renderings (eSpeak NG through pyttsx3, and ffmpeg).

The engine tests run in CI, which installs both tools; without them they fail, never skip.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
import webvtt
from conftest import SEED, write_article
from mutagen.id3 import ID3

from narrate import ffmpeg
from narrate.config import load_settings
from narrate.edition import Edition
from narrate.ffmpeg import Loudness, parse_ebur128
from narrate.pipeline import render

SUMMARY = """[Parsed_ebur128_0 @ 0x1] Summary:

  Integrated loudness:
    I:         -16.2 LUFS
    Threshold: -26.4 LUFS

  Loudness range:
    LRA:         1.9 LU

  True peak:
    Peak:       -1.43 dBFS
"""


def test_parse_ebur128_summary() -> None:
    assert parse_ebur128(SUMMARY) == Loudness(-16.2, -1.4)
    silent = SUMMARY.replace("-16.2 LUFS", "-70.0 LUFS").replace("-1.43 dBFS", "-inf dBFS")
    assert parse_ebur128(silent) == Loudness(None, None)


@pytest.fixture(scope="module")
def seed_episode(tmp_path_factory: pytest.TempPathFactory) -> tuple[Edition, Path]:
    """The seed article rendered once with the real engine."""
    out = tmp_path_factory.mktemp("real")
    edition = render(SEED, out, load_settings(jobs=2, environ={}, config=None)).edition
    return edition, out


@pytest.mark.slow  # the seed read by the real engine
@pytest.mark.engine
def test_seed_is_at_the_target_loudness(seed_episode: tuple[Edition, Path]) -> None:
    edition, out = seed_episode
    assert edition.episode is not None
    measured = ffmpeg.measure_file(out / edition.episode.file)
    assert measured.integrated is not None and measured.true_peak is not None
    assert abs(measured.integrated - -16.0) <= 1.0
    assert measured.true_peak <= -1.0
    # What the episode records (estimated from the levelled chunks) is what the encoded
    # file measures.
    assert edition.episode.loudness_lufs == pytest.approx(measured.integrated, abs=0.3)
    assert edition.episode.true_peak_dbtp == pytest.approx(measured.true_peak, abs=0.5)


@pytest.mark.engine
def test_short_clip_is_at_the_target_loudness(tmp_path: Path) -> None:
    path = write_article(tmp_path, "short.txt", "Short", "Good morning.")
    settings = load_settings(jobs=1, intro=False, outro=False)
    edition = render(path, tmp_path / "out", settings).edition
    assert edition.episode is not None and edition.episode.duration_ms < 4000
    measured = ffmpeg.measure_file(tmp_path / "out" / "short.mp3")
    assert measured.integrated is not None and measured.true_peak is not None
    assert abs(measured.integrated - -16.0) <= 1.0 and measured.true_peak <= -1.0


@pytest.mark.slow  # the seed read by the real engine
@pytest.mark.engine
def test_transcript_follows_the_real_audio(seed_episode: tuple[Edition, Path]) -> None:
    edition, out = seed_episode
    audio = out / f"{edition.slug}.mp3"
    cues = webvtt.read(str(out / f"{edition.slug}.vtt"))
    starts = [c.start_in_seconds + int(c.start[-3:]) / 1000 for c in cues]
    ends = [c.end_in_seconds + int(c.end[-3:]) / 1000 for c in cues]
    assert all(a < b for a, b in zip(starts, ends, strict=True))
    assert all(end <= start for end, start in zip(ends, starts[1:], strict=False))
    assert abs(ends[-1] - ffmpeg.duration(audio)) <= 1.0
    spoken = " ".join(html.unescape(c.text) for c in cues)
    assert spoken.startswith(edition.title) and "Raqqa" in spoken
    # Every sentence starts where a silence found in the encoded audio ends.
    log = ffmpeg.run(
        ["-i", str(audio), "-af", "silencedetect=noise=-40dB:d=0.2", "-f", "null", "-"]
    )
    silence_ends = [float(x) for x in re.findall(r"silence_end: ([\d.]+)", log)]
    rate = edition.sample_rate
    sentence_starts = [s.start / rate for s in edition.segments if s.samples and s.pause]
    assert len(sentence_starts) > 30
    for start in sentence_starts:
        assert min(abs(start - end) for end in silence_ends) <= 0.050, start


@pytest.mark.slow  # the seed read by the real engine
@pytest.mark.engine
def test_real_episode_chapters_and_tags(seed_episode: tuple[Edition, Path]) -> None:
    edition, out = seed_episode
    data = json.loads((out / f"{edition.slug}.chapters.json").read_text("utf-8"))
    probed = ffmpeg.probe(out / f"{edition.slug}.mp3")["chapters"]
    assert len(probed) == len(data["chapters"]) >= 2  # the seed lasts several minutes
    for mine, theirs in zip(data["chapters"], probed, strict=True):
        assert theirs["tags"]["title"] == mine["title"]
        assert float(theirs["start_time"]) == mine["startTime"]
        assert float(theirs["end_time"]) == mine["endTime"]
    tags = ID3(out / f"{edition.slug}.mp3")
    assert tags["TIT2"].text == [edition.title]
    assert tags.getall("APIC")[0].data == (out / "cover.png").read_bytes()


@pytest.mark.engine
@pytest.mark.parametrize("kind", ["opus", "aac"])
def test_renditions_keep_the_loudness_and_the_chapters(
    kind: str, seed_episode: tuple[Edition, Path], tmp_path: Path
) -> None:
    from narrate.chapters import Chapter
    from narrate.check import rendition_timeline
    from narrate.renditions import ALTERNATES, metadata, render

    edition, out = seed_episode
    assert edition.episode is not None
    data = json.loads((out / f"{edition.slug}.chapters.json").read_text("utf-8"))["chapters"]
    ends = [round(c["startTime"] * 1000) for c in data[1:]] + [edition.episode.duration_ms]
    found = [Chapter(round(c["startTime"] * 1000), end, c["title"]) for c, end in
             zip(data, ends, strict=True)]  # fmt: skip
    assert len(found) >= 2
    fmt = ALTERNATES[kind]
    dest = tmp_path / f"episode{fmt.suffix}"
    settings = load_settings(environ={}, config=None)
    render(out / edition.episode.file, dest, fmt, metadata(edition, settings, found), None, found)
    measured = ffmpeg.measure_file(dest)
    assert measured.integrated is not None and measured.true_peak is not None
    # The product's standard, as for the MP3: -16 LUFS within 1 LU, at most -1 dBTP.
    assert abs(measured.integrated - -16.0) <= 1.0 and measured.true_peak <= -1.0, measured
    seconds, marks = rendition_timeline(dest)
    assert abs(seconds - edition.episode.duration_ms / 1000) < 0.05
    # The same chapter times as the MP3 and its JSON (Opus's muxer once added a second).
    assert marks is not None and len(marks) == len(found)
    assert all(abs(m - c["startTime"]) < 0.025 for m, c in zip(marks, data, strict=True))
