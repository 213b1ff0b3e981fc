"""Assemble: lay the encoded chunks on the MP3 frame grid with pauses, written atomically.

Every chunk arrives from the synthesise stage as a self-contained run of MP3 frames at the
target loudness. The episode is those runs joined with runs of silent frames: nothing is
decoded or encoded again, so assembling costs little more than copying, an edited
paragraph costs only its own chunks, and memory stays flat for any length.

Each pause is the configured one rounded to whole frames (1152 samples, 26 ms at 44.1 kHz).
Every segment's start is exact: frames before it times 1152, plus the encoder's onset.
Beside the MP3 go its transcripts, its chapters and the feed's cover.
"""

from __future__ import annotations

import dataclasses
import math
from pathlib import Path

from narrate.chapters import chapters, write_chapters
from narrate.config import Settings
from narrate.cover import cover_image, write_cover
from narrate.edition import Edition, Episode, Segment
from narrate.encode import FRAME, ONSET, EncodeSpec, silence
from narrate.fsutil import atomic_path, sha256_file
from narrate.reader import episode_art
from narrate.synthesise import Unit, read_unit, unit_stem
from narrate.tags import write_tags
from narrate.transcript import write_transcripts

# Part of every render key: bump when assembly changes what it writes, to re-render episodes.
VERSION = 5
# The MP3 codec adds a little to the levelled audio's true peak at speech bitrates
# (measured with ebur128 on eSpeak NG at 64 kbps, long blocks, 44.1 kHz input: 0.5 to
# 1.0 dB over eight articles); the reported true peak adds the middle of that range.
CODEC_PEAK_DB = 0.8

Plan = list[tuple[str, str | int]]


def encode_spec(settings: Settings) -> EncodeSpec:
    """The encoding settings of a build."""
    return EncodeSpec(bitrate=settings.bitrate, out_rate=settings.sample_rate)


def pause_before(previous: Segment | None, segment: Segment, settings: Settings) -> int:
    """Milliseconds of silence before ``segment``."""
    if previous is None:
        return 0
    if segment.kind == previous.kind == "intro":
        return settings.pause_sentence_ms
    if segment.kind in ("heading", "outro") or previous.kind in ("title", "intro", "heading"):
        return settings.pause_section_ms
    if segment.paragraph != previous.paragraph:
        return settings.pause_paragraph_ms
    return settings.pause_sentence_ms


def place(
    edition: Edition, settings: Settings, frames_of: dict[str, int]
) -> tuple[Edition, Plan, int]:
    """Lay the segments on the frame grid.

    ``frames_of`` gives each chunk's run length in frames; ``edition`` must come from the
    synthesise stage (samples at the output rate). Returns the placed edition (every
    segment's pause and start in samples), the plan of runs (("silence", frames) or
    ("chunk", key)), and the episode's length in frames.
    """
    rate = edition.sample_rate
    done = 0  # frames laid so far
    end = 0  # sample at which the previous speech ended
    previous: Segment | None = None
    plan: Plan = []
    placed = []
    for segment in edition.segments:
        if not segment.audio:
            placed.append(dataclasses.replace(segment, pause=0, start=end, samples=0))
            continue
        wanted = end + pause_before(previous, segment, settings) * rate // 1000
        gap = max(0, round((wanted - ONSET) / FRAME) - done) if previous else 0
        if gap:
            plan.append(("silence", gap))
        start = (done + gap) * FRAME + ONSET
        # The first words follow only the encoder's onset: no pause was inserted before them.
        pause = start - end if previous else 0
        placed.append(dataclasses.replace(segment, pause=pause, start=start))
        plan.append(("chunk", segment.audio))
        done += gap + frames_of[segment.audio]
        end = start + segment.samples
        previous = segment
    tail = math.ceil((end + settings.pause_paragraph_ms * rate // 1000) / FRAME) - done
    if tail > 0:
        plan.append(("silence", tail))
        done += tail
    return edition.replace(segments=tuple(placed)), plan, done


def _estimate(
    edition: Edition, units: dict[str, Unit], spec: EncodeSpec
) -> tuple[float | None, float | None]:
    """Integrated loudness and true peak the encoded episode will measure.

    Every chunk was levelled to the target and measured by the same BS.1770 meter that
    ffmpeg's ebur128 implements; pauses fall below its gates, so the episode reads the
    duration-weighted power mean of its chunks, less what the codec takes away.
    """
    power = 0.0
    length = 0
    for segment in edition.segments:
        lufs = units[segment.audio].lufs if segment.audio else None
        if lufs is not None:
            power += segment.samples * 10 ** (lufs / 10)
            length += segment.samples
    if not length:
        return None, None
    lufs = 10 * math.log10(power / length) - spec.codec_allowance_lu
    return round(lufs, 1), round(spec.ceiling_dbfs + CODEC_PEAK_DB, 1)


def write_runs(dest: Path, plan: Plan, cache: Path, spec: EncodeSpec) -> None:
    """Join the planned runs into ``dest``, one run in memory at a time."""
    with open(dest, "wb") as fh:
        for kind, what in plan:
            if kind == "silence":
                fh.write(silence(int(what), spec))
            else:
                fh.write(unit_stem(cache, str(what), spec).with_suffix(".mp3").read_bytes())


def assemble(
    edition: Edition, cache: Path, out: Path, settings: Settings, render_key: str
) -> Edition:
    """Write the episode's MP3 (tagged), transcripts, chapters and cover into ``out``;
    return the edition, placed, with its Episode."""
    spec = encode_spec(settings)
    units = {s.audio: read_unit(cache, s.audio, spec) for s in edition.segments if s.audio}
    frames_of = {key: unit.frames for key, unit in units.items()}
    edition, plan, total_frames = place(edition, settings, frames_of)
    samples = total_frames * FRAME
    found = chapters(edition, samples, settings.chapter_minutes)
    cover = cover_image(settings.cover, settings.title)
    dest = out / f"{edition.slug}.mp3"
    # Side files first, the MP3 (whose size the feed states) last, in a single rename.
    write_cover(out, *cover)
    side = (*write_transcripts(edition, out), write_chapters(found, edition, out, settings.title))
    with atomic_path(dest) as tmp:
        write_runs(tmp, plan, cache, spec)
        write_tags(tmp, edition, settings, found, episode_art(edition) or cover)
        size = tmp.stat().st_size
        digest = sha256_file(tmp)
    files = (dest.name, *side)
    lufs, peak = _estimate(edition, units, spec)
    episode = Episode(
        file=dest.name,
        bytes=size,
        sha256=digest,
        duration_ms=samples * 1000 // edition.sample_rate,
        bitrate_kbps=settings.bitrate,
        sample_rate=settings.sample_rate,
        render_key=render_key,
        loudness_lufs=lufs,
        true_peak_dbtp=peak,
        files=files,
    )
    return edition.replace(episode=episode)
